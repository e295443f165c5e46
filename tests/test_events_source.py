"""Which sources an event may have: require_source, and relational nouns whose possessor is not the actor."""

from __future__ import annotations

import pytest

from eventwire.stages.actors import ActorResolver
from eventwire.stages.events import EventCoder


def coded(nlp, settings, text):
    doc = nlp(text)
    spans = ActorResolver(settings).resolve_doc(doc, "2020-01-01")
    return {(e.source.code if e.source else None, e.target.code if e.target else None, e.cameo_root)
            for e in EventCoder(settings).code_doc(doc, spans)}


@pytest.mark.parametrize("require, expected_sources", [(True, set()), (False, {"GOV"})])
def test_events_source_required(nlp, settings, require, expected_sources):
    """A source with neither country nor IGO ("the ministry") gives no event unless require_source is off."""
    found = coded(nlp, settings.replace(require_source=require), "The ministry expressed gratitude for Chile's help.")
    assert {s for s, _, _ in found} == expected_sources


@pytest.mark.parametrize("text", ["Peru praised Chile. Its neighbours then tested missiles.",
                                  "Chile's rivals tested missiles on Monday."])
def test_events_source_relational_noun_is_not_its_possessor(nlp, settings, text):
    assert not any(root == "15" for _, _, root in coded(nlp, settings, text))


def test_events_source_paired_reverse_needs_a_real_source(nlp, settings):
    """A paired act of a country-less source yields neither direction ("the ministry met Chile")."""
    assert coded(nlp, settings, "The ministry met Chile on Monday.") == set()


@pytest.mark.parametrize("text, expected", [
    ("Opposition parties in Peru say the vote was rigged by the ruling party.", {("PEROPP", "PERGOV", "11")}),
    ("Chile said Peru had violated the treaty.", {("CHL", "PER", "11")}),
    ("Chile said the election was not rigged by Peru.", set()),  # a denied wrongdoing accuses no one
])
def test_events_source_reported_wrongdoing_is_accusation(nlp, settings, text, expected):
    """Saying that someone did wrong accuses them (gold rule 5; H2 request)."""
    assert coded(nlp, settings, text) == expected
