"""Event nouns with the bundled noun dictionary: who is the agent of a noun between two parties."""

from __future__ import annotations

import pytest

from eventwire.stages.events import EventCoder

from test_events_dictionary_mode import spans  # the shared hand-built actor spans


@pytest.fixture(scope="module")
def coder(settings):
    return EventCoder(settings)


def triples(nlp, coder, text):
    doc = nlp(text)
    return {(e.source.code, e.target.code if e.target else None, e.cameo_code)
            for e in coder.code_doc(doc, spans(doc), doc_id="t", date="2020-01-07")}


@pytest.mark.parametrize("text, expected", [
    # a one-way act (mediation, 045) between two parties: without its agent there is no event
    ("The mediation between Zembla and Arcadia succeeded.", set()),
    ("Lilliput's mediation between Zembla and Arcadia succeeded.", {("LIL", "ZEM", "045"), ("LIL", "ARC", "045")}),
    # a paired act (ceasefire, 0871:0871) between two parties is mutual
    ("The ceasefire between Zembla and Arcadia held on Monday.", {("ZEM", "ARC", "0871"), ("ARC", "ZEM", "0871")}),
])
def test_events_nouns_between_parties(nlp, coder, text, expected):
    assert triples(nlp, coder, text) == expected


@pytest.mark.parametrize("text", [
    "Lilliput expressed its support for the ceasefire between Zembla and Arcadia.",
    "Lilliput voiced backing for the ceasefire between Zembla and Arcadia.",
])
def test_events_nouns_topic_of_stance_is_no_event(nlp, coder, text):
    """An event noun inside what someone expresses or backs is the topic of that act, not an event."""
    assert not any(code.startswith("0871") for _, _, code in triples(nlp, coder, text))
