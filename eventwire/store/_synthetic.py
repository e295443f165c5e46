"""Synthetic, deterministic pipeline results for store tests and the query benchmark.

The values are plausible in shape (CAMEO-style codes, ISO countries, dates, Goldstein
scores) but invented; nothing here is a coding rule or a real event.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

from ..models import Actor, Document, Dropped, Event, Location, Mention, Quote, Result, stable_hash

COUNTRIES = ("USA", "CHN", "JPN", "RUS", "UKR", "DEU", "FRA", "GBR", "IND", "BRA", "IRN", "ISR",
             "PSE", "TUR", "KOR", "PRK", "EGY", "NGA", "ZAF", "MEX")
AGENTS = (None, "GOV", "MIL", "COP", "OPP", "BUS", "MED")
#: (cameo_code, plover, goldstein, quad_class): an invented spread over the four QuadClasses
ACTIONS = (("010", "AGREE", 0.0, 1), ("036", "CONSULT", 4.0, 1), ("042", "CONSULT", 1.9, 1),
           ("051", "COOPERATE", 3.4, 1), ("061", "COOPERATE", 6.4, 2), ("071", "AID", 7.4, 2),
           ("112", "DISAPPROVE", -2.0, 3), ("130", "THREATEN", -4.4, 3), ("141", "PROTEST", -6.5, 3),
           ("163", "SANCTION", -5.6, 4), ("173", "COERCE", -5.0, 4), ("190", "ASSAULT", -10.0, 4))


def _actor(rng: random.Random, country: str) -> Actor:
    agent = rng.choice(AGENTS)
    return Actor(code=country + (agent or ""), country=country, agent=agent,
                 name=f"{country} {agent or 'state'}", text=f"the {country}")


def synthetic_result(rng: random.Random, index: int, *, events_per_doc: int = 3,
                     start: dt.date = dt.date(2020, 1, 1), days: int = 1000,
                     duplicate_of: str | None = None) -> Result:
    """One synthetic document with ``events_per_doc`` events, a quote and mentions.

    Args:
        rng: the random source (seeded by the caller for determinism).
        index: makes the document text, hence its id, unique.
        events_per_doc: events in the document.
        start, days: event dates are drawn from ``start`` + [0, days).
        duplicate_of: mark the document as a duplicate of this id.

    Returns:
        Result
    """
    day = start + dt.timedelta(days=rng.randrange(days))
    text = f"Synthetic report {index}: " + " ".join(f"Sentence {k}." for k in range(events_per_doc))
    doc_id = stable_hash(text)
    doc = Document(doc_id=doc_id, origin=f"synthetic/{index}.txt", title=f"Report {index}",
                   outlet=rng.choice(("Wire A", "Wire B", "Paper C")), url=f"https://example.org/{index}",
                   license="CC0-1.0", agency=rng.choice(("Reuters", "AFP", None)),
                   dateline_places=(rng.choice(("Tokyo", "Kyiv", "Cairo")),), published=day.isoformat(),
                   reporters=("A. Writer",), editors=(), language="en", text=text,
                   dropped=(Dropped("Subscribe now", "subscription-prompt", 0, 13),),
                   duplicate_of=duplicate_of)
    events = []
    for k in range(events_per_doc):
        a, b = rng.sample(COUNTRIES, 2)
        source, target = _actor(rng, a), _actor(rng, b)
        code, plover, goldstein, quad = rng.choice(ACTIONS)
        span = (k * 12, k * 12 + 11)
        loc = Location("Somewhere", b, round(rng.uniform(-60, 60), 3), round(rng.uniform(-150, 150), 3))
        events.append(Event(
            event_id=Event.make_id(doc_id, k, span, source, target, code), doc_id=doc_id,
            date=day.isoformat(), sentence_index=k, sentence=f"Sentence {k}.", span=span, source=source,
            target=target, cameo_code=code, cameo_root=code[:2], plover=plover, goldstein=goldstein,
            quad_class=quad, location=loc if k % 2 else None, rule="synthetic", confidence=0.9))
    speaker = events[0].source if events else None
    quotes = (Quote(doc_id, (0, 9), "Synthetic", True, "A. Speaker", speaker, 0),)
    mentions = tuple(Mention(doc_id, e.sentence_index, e.span[0], e.span[0] + 3, "the", e.source)
                     for e in events if e.source)
    return Result(document=doc, events=tuple(events), quotes=quotes, mentions=mentions)


def synthetic_results(n_docs: int, *, seed: int = 0, first: int = 0, **kwargs: object) -> Iterator[Result]:
    """``n_docs`` synthetic results, the same for the same seed and ``first`` index.

    Args:
        n_docs: how many documents.
        seed: random seed.
        first: index of the first document (to continue a sequence).
        **kwargs: passed to ``synthetic_result``.

    Returns:
        An iterator of Result.
    """
    rng = random.Random(f"{seed}:{first}")
    for index in range(first, first + n_docs):
        yield synthetic_result(rng, index, **kwargs)  # type: ignore[arg-type]
