"""Actor constructions common in current news: outlets, settings, quotes, bodies, people."""

from __future__ import annotations

import pytest

from eventwire.stages.actors import ActorResolver


@pytest.fixture(scope="module")
def resolver(settings):
    return ActorResolver(settings)


def codes_by_head(nlp, resolver, text, date="2023-06-01"):
    doc = nlp(text)
    out: dict[str, set[str]] = {}
    for s in resolver.resolve_doc(doc, date):
        out.setdefault(doc[s.head].text, set()).add(s.actor.code)
    return out


@pytest.mark.parametrize("text, head, code", [
    # news outlets and agencies are their country's media
    ("The Wall Street Journal denied the report.", "Journal", "USAMED"),
    ("Talks resumed, the South China Morning Post said.", "Post", "HKGMED"),
    ("State news agency KCNA said the launch succeeded.", "KCNA", "PRKMED"),
    ("Reuters counted the votes.", "Reuters", "GBRMED"),
])
def test_actors_news_media_outlets(nlp, resolver, text, head, code):
    assert codes_by_head(nlp, resolver, text)[head] == {code}


@pytest.mark.parametrize("text, head, code", [
    # an outlet's country is not the country of the people it reports on
    ("The New York Times reported that police fired tear gas.", "police", "COP"),
    ("Al Jazeera said soldiers opened fire.", "soldiers", "MIL"),
])
def test_actors_news_outlet_is_no_context_country(nlp, resolver, text, head, code):
    assert codes_by_head(nlp, resolver, text)[head] == {code}


@pytest.mark.parametrize("text, head, code", [
    # a place that is the setting of the clause gives a sector noun its country
    ("Police sent 300 officers around Lagos on Friday.", "Police", "NGACOP"),
    ("Soldiers patrolled across Mali on Friday.", "Soldiers", "MLIMIL"),
    ("Hundreds of protesters in Nairobi blocked a road.", "protesters", "KENOPP"),
])
def test_actors_news_setting_place_gives_country(nlp, resolver, text, head, code):
    assert codes_by_head(nlp, resolver, text)[head] == {code}
