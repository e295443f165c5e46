"""Offline geocoding and the place stage."""

from __future__ import annotations

import math

import pytest

from eventwire.models import Actor, Article, Event, RawDocument
from eventwire.stages.place import Placer, geocode, place_countries


def km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(a))


@pytest.mark.parametrize("name", ["Kyiv", "Kiev"])
def test_place_kyiv_within_a_few_km(name):
    loc = geocode(name)
    assert loc is not None and loc.country == "UKR"
    assert km(loc.lat, loc.lon, 50.4501, 30.5234) < 5


@pytest.mark.parametrize("name, countries, country", [
    ("Paris", (), "FRA"), ("Paris", ("USA",), "FRA"), ("Tripoli", ("LBN",), "LBN"), ("Tripoli", (), "LBY"),
    ("Hyderabad", ("PAK",), "PAK"), ("Hyderabad", (), "IND")])
def test_place_ambiguous_names_prefer_article_countries(name, countries, country):
    assert geocode(name, countries).country == country


def test_place_country_name_and_unknown():
    assert geocode("Ukraine").country == "UKR"
    assert geocode("Nowhereville Xq") is None


def _event(sentence_index, source=None, target=None):
    return Event(event_id="e", doc_id="d", date=None, sentence_index=sentence_index, sentence="", span=(0, 0),
                 source=source, target=target, cameo_code="190", cameo_root="19", plover=None, goldstein=None,
                 quad_class=None)


def _article(nlp, text, dateline=()):
    from eventwire.config import load_settings
    from eventwire.stages.actors import ActorResolver

    article = Article(raw=RawDocument(origin="t", text=text), text=text, dateline_places=list(dateline))
    article.doc = nlp(text)
    return ActorResolver(load_settings())(article)


@pytest.fixture(scope="module")
def placer(settings):
    return Placer(settings)


def test_place_from_sentence_not_actor(nlp, placer):
    article = _article(nlp, "Russian troops shelled buildings in Kharkiv on Monday.", dateline=("Kyiv",))
    article.events = [_event(0, Actor("RUSMIL", "RUS", agent="MIL", text="Russian troops"))]
    (event,) = placer(article).events
    assert event.location.name == "Kharkiv" and event.location.country == "UKR"


def test_place_falls_back_to_dateline(nlp, placer):
    article = _article(nlp, "Officials said talks would resume soon.", dateline=("Nairobi",))
    article.events = [_event(0)]
    (event,) = placer(article).events
    assert event.location.name == "Nairobi" and event.location.country == "KEN"


def test_place_skips_actor_named_as_place(nlp, placer):
    article = _article(nlp, "Russia sent a protest note to Kyiv.")
    article.events = [_event(0, Actor("RUS", "RUS", text="Russia"), Actor("UKR", "UKR", text="Kyiv"))]
    assert placer(article).events[0].location is None
    article.events = [_event(0, Actor("RUS", "RUS", text="Russia"))]
    assert placer(article).events[0].location.name == "Kyiv"


def test_place_none_without_place_or_dateline(nlp, placer):
    article = _article(nlp, "The minister resigned.")
    article.events = [_event(0)]
    assert placer(article).events[0].location is None


@pytest.mark.parametrize("text, name, country", [
    ("The foreign ministers met in Geneva on Monday.", "Geneva", "CHE"),
    ("The minister will travel to Berlin to attend a summit in Madrid.", "Berlin", "DEU"),
    ("The envoy will visit Ankara next week.", "Ankara", "TUR"),
    ("Gunmen attacked a base in Dhusamareb, Somalia.", None, "SOM"),
    ("Drones struck a residence in Erbil, Iraq.", "Erbil", "IRQ"),
])
def test_place_sentence_constructions(nlp, placer, text, name, country):
    article = _article(nlp, text)
    article.events = [_event(0)]
    loc = placer(article).events[0].location
    assert loc.country == country and (name is None or loc.name == name)


@pytest.mark.parametrize("text", ["The leaders discussed the conflict in Yemen.",
                                  "They talked about developments in Gaza."])
def test_place_topics_are_not_places(nlp, placer, text):
    article = _article(nlp, text)
    article.events = [_event(0)]
    assert placer(article).events[0].location is None


@pytest.mark.parametrize("name, present, absent", [
    ("Tripoli", {"LBY", "LBN"}, set()),
    ("Moscow", {"RUS"}, {"USA"}),  # Moscow, Idaho is too small to rival Moscow
    ("Nowhereville", set(), {"RUS"}),
])
def test_place_countries_of_a_name(name, present, absent):
    found = place_countries(name)
    assert present <= found and not absent & found
