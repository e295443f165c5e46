"""Event fusion: events of different documents that report the same real-world event form a *story*.

A wire story rewritten by an aggregator, the same meeting told by a second outlet, a
follow-up the next day: each is one more *report* of one event. Counting reports
inflates every aggregate by how often a story was retold; counting stories does not.

Two events are reports of one story when (all of):

- **actors are compatible**: each side reduces to its country (else its IGO, else its
  code), so ``USAGOV``, ``USA`` and a US official are one side; the pair is blocked
  unordered, and a report in the other direction joins only for codes whose direction
  carries no meaning (consult, meet, sign, cooperate), for the same sentence coded both ways,
  or with wording similarity of at least ``min_similarity_opposite`` ("exchanged fire");
- **the CAMEO root is the same** (the full code may differ: 042 vs 043 are close);
- **both are reported as having happened, or both not** (negated, hypothetical and
  denied events only ever fuse with each other);
- **dates are within the window**: a story never spans more than ``window_days`` from its
  first report to its last, whatever order the reports arrive in;
- **places are compatible**: two known event countries must agree;
- **the wording is similar**: the content words of the supporting sentences overlap
  (Jaccard) at least ``min_similarity``, or ``min_similarity_same_code`` when the full
  codes are equal;
- **the documents differ**: a story has at most one report per document (one sentence
  coded twice, "met and held talks" as 040 and 046, counts as one report).

Events without a date, or without a source and a target, are stories of their own:
they never become a wildcard that fuses with everything.

Blocking is done by DuckDB: ``BLOCK_SQL`` turns an events row into its block key
(root, polarity, the two sides); rows arrive sorted by (block, date), and one linear
scan keeps, per block, only the stories still open within the window. The writer runs
the same scan over each new batch against the stored stories near it (``link_batch``),
so a new ingest joins existing stories; ``fuse_sorted`` runs it over a whole store
(the benchmark, and ``eventwire.evaluate.fusion``).

A story's id is ``s`` + the event id of the report that opened it: stable while reports
join, and the same again when a ``recode`` finds the same first event. The scan is greedy,
so at the margins stories depend on the order reports arrive in (a report that fits two
stories joins the most similar one open at the time); on the fusion gold, feeding the writer
16 documents per commit scores the same as one pass over everything.

Changing the ``fusion_*`` settings changes the coder version: ``eventwire recode`` then
rebuilds every story with them.

Example::

    links = fuse_events(rows)            # rows: dicts with the FUSION_COLUMNS
    {l.event_id: l.story_id for l in links}
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

DEFAULT_WINDOW_DAYS = 2
DEFAULT_MIN_SIMILARITY = 0.25
DEFAULT_MIN_SIMILARITY_SAME_CODE = 0.12
#: reports of a story kept for comparing wording (the first ones: they define it)
MAX_COMPARED_REPORTS = 6

#: CAMEO codes (prefixes) whose direction carries no meaning: "A met B" is "B met A"
SYMMETRIC_CODES = ("04", "057", "061", "062", "063", "064")

#: columns of an events row that fusion reads
FUSION_COLUMNS = ("event_id", "doc_id", "block", "day", "location_country", "sentence", "cameo_code",
                  "forward", "symmetric")
#: the least similarity for reports in opposite directions (B->A joining A->B) of a directed code:
#: a reciprocal act ("exchanged fire") coded both ways, not two different accusations
DEFAULT_MIN_SIMILARITY_OPPOSITE = 0.5

_UNREAL = "('conditional', 'hypothetical', 'denied')"
_SOURCE = "coalesce(source_country, source_igo, source_code)"
_TARGET = "coalesce(target_country, target_igo, target_code)"
_SYMMETRIC = "(" + " OR ".join(f"starts_with(cameo_code, '{c}')" for c in SYMMETRIC_CODES) + ")"
#: the block key of an events row: root, polarity and the two sides, unordered (NULL: the
#: event is a story of its own); the direction is checked while scanning (``forward``)
BLOCK_SQL = (
    f"CASE WHEN date IS NULL OR cameo_root IS NULL OR {_SOURCE} IS NULL OR {_TARGET} IS NULL THEN NULL "
    "ELSE cameo_root || '|' || "
    f"(CASE WHEN coalesce(negated, FALSE) OR coalesce(modality, 'asserted') IN {_UNREAL} THEN 'u' ELSE 'h' END) "
    f"|| '|' || least({_SOURCE}, {_TARGET}) || '|' || greatest({_SOURCE}, {_TARGET}) END")
#: the SELECT list that turns an events relation into fusion rows
SELECT_SQL = (f"event_id, doc_id, {BLOCK_SQL} AS block, CAST(date - DATE '1970-01-01' AS INTEGER) AS day, "
              f"location_country, sentence, cameo_code, coalesce({_SOURCE} <= {_TARGET}, TRUE) AS forward, "
              f"coalesce({_SYMMETRIC}, FALSE) AS symmetric")

_WORD = re.compile(r"[^\W\d_]{3,}")
# function words and words every report of any event uses ("said", "government", month names)
_STOP = frozenset("""
the and for that with from this have has had was were are been being will would could should
its their his her they them our who whom which what when where while also after before over into
about than then there these those such said says say told according statement statements
today yesterday tomorrow week month year monday tuesday wednesday thursday friday saturday sunday
january february march april may june july august september october november december
government official officials minister ministry president secretary spokesperson spokesman state
states united department foreign affairs new more other both two one not but all any per
""".split())


def words(sentence: str | None) -> frozenset[str]:
    """The content words of a sentence (lower-cased, 6-letter stems, function words out).

    Args:
        sentence: the supporting sentence of an event.

    Returns:
        frozenset of stems.
    """
    if not sentence:
        return frozenset()
    return frozenset({w[:6] for w in _WORD.findall(sentence.lower()) if w not in _STOP})


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard similarity of two word sets (0 when either is empty)."""
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


@dataclass(frozen=True)
class FusionOptions:
    """How close two reports must be to fuse (``Settings.fusion_*``).

    Args:
        window_days: the most days between a story's first and last report.
        min_similarity: the least wording similarity (Jaccard of content words).
        min_similarity_same_code: the least similarity when the full CAMEO codes are equal.
        min_similarity_opposite: the least similarity for a report in the opposite direction
            of a directed code (see ``SYMMETRIC_CODES``).
    """

    window_days: int = DEFAULT_WINDOW_DAYS
    min_similarity: float = DEFAULT_MIN_SIMILARITY
    min_similarity_same_code: float = DEFAULT_MIN_SIMILARITY_SAME_CODE
    min_similarity_opposite: float = DEFAULT_MIN_SIMILARITY_OPPOSITE

    @classmethod
    def from_settings(cls, settings: Any) -> FusionOptions:
        """The options a Settings object gives (defaults for missing fields)."""
        return cls(window_days=int(getattr(settings, "fusion_window_days", DEFAULT_WINDOW_DAYS)),
                   min_similarity=float(getattr(settings, "fusion_min_similarity", DEFAULT_MIN_SIMILARITY)),
                   min_similarity_same_code=float(getattr(settings, "fusion_min_similarity_same_code",
                                                          DEFAULT_MIN_SIMILARITY_SAME_CODE)))


@dataclass(frozen=True)
class Link:
    """One event's story: ``similarity`` is its best match in the story (1.0 for the first report)."""

    event_id: str
    doc_id: str
    story_id: str
    similarity: float


@dataclass
class _Story:
    story_id: str
    first: int
    last: int
    docs: set[str] = field(default_factory=set)
    texts: list[frozenset[str]] = field(default_factory=list)
    codes: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    directions: set[bool] = field(default_factory=set)
    sentences: set[tuple[str, str]] = field(default_factory=set)

    def add(self, row: dict[str, Any], text: frozenset[str]) -> None:
        day, doc_id, code, country = row["day"], row["doc_id"], row["cameo_code"], row["location_country"]
        self.first, self.last = min(self.first, day), max(self.last, day)
        self.docs.add(doc_id)
        self.sentences.add((doc_id, row["sentence"] or ""))
        self.directions.add(bool(row.get("forward", True)))
        if len(self.texts) < MAX_COMPARED_REPORTS:
            self.texts.append(text)
        if code:
            self.codes.add(code)
        if country:
            self.countries.add(country)


class _Block:
    """The open stories of one block while its rows are scanned in date order."""

    def __init__(self, options: FusionOptions) -> None:
        self.options = options
        self.stories: list[_Story] = []

    def seed(self, story_id: str, row: dict[str, Any]) -> None:
        """Add a stored report of an existing story."""
        story = next((s for s in self.stories if s.story_id == story_id), None)
        if story is None:
            story = _Story(story_id, row["day"], row["day"])
            self.stories.append(story)
        story.add(row, words(row["sentence"]))

    def place(self, row: dict[str, Any]) -> Link:
        """Join ``row`` to the best open story it fits, or open a new one."""
        day, doc_id, window = row["day"], row["doc_id"], self.options.window_days
        text, code, country = words(row["sentence"]), row["cameo_code"], row["location_country"]
        # stories that opened more than a window before this day can take no later report
        self.stories = [s for s in self.stories if s.first >= day - window]
        best, best_score = None, 0.0
        forward, symmetric = bool(row.get("forward", True)), bool(row.get("symmetric", False))
        for story in self.stories:
            if max(story.last, day) - min(story.first, day) > window:
                continue
            # one report per document, but one sentence coded twice (040 and 046, A->B and B->A) is one report
            same_sentence = (doc_id, row["sentence"] or "") in story.sentences
            if doc_id in story.docs and not same_sentence:
                continue
            if country and story.countries and country not in story.countries:
                continue
            score = 1.0 if same_sentence else max((similarity(text, other) for other in story.texts), default=0.0)
            floor = (self.options.min_similarity_same_code if code in story.codes
                     else self.options.min_similarity)
            if not symmetric and forward not in story.directions:
                floor = max(floor, self.options.min_similarity_opposite)
            if score >= floor and (best is None or score > best_score):
                best, best_score = story, score
        if best is None:
            best = _Story("s" + row["event_id"], day, day)
            self.stories.append(best)
            best_score = 1.0
        best.add(row, text)
        return Link(row["event_id"], doc_id, best.story_id, round(best_score, 4))


def fuse_sorted(rows: Iterable[dict[str, Any]], options: FusionOptions | None = None,
                seeds: dict[str, list[tuple[str, dict[str, Any]]]] | None = None) -> Iterator[Link]:
    """Assign stories to rows sorted by (block, day, event_id), one linear scan.

    Args:
        rows: dicts with ``FUSION_COLUMNS`` (``day``: days since 1970-01-01; ``block``
            from ``BLOCK_SQL``, None for an event that stands alone).
        options: FusionOptions (defaults when None).
        seeds: block -> stored ``(story_id, row)`` reports that new rows may join.

    Returns:
        An iterator of Link, one per row, in row order.
    """
    options = options or FusionOptions()
    seeds = seeds or {}
    key: Any = object()
    block = _Block(options)
    for row in rows:
        if row["block"] is None or row["day"] is None:
            yield Link(row["event_id"], row["doc_id"], "s" + row["event_id"], 1.0)
            continue
        if row["block"] != key:
            key, block = row["block"], _Block(options)
            for story_id, stored in seeds.get(key, ()):
                block.seed(story_id, stored)
        yield block.place(row)


def fuse_events(rows: Iterable[dict[str, Any]], options: FusionOptions | None = None) -> list[Link]:
    """Fuse unsorted rows (sorts them first; for small inputs such as the gold).

    Args:
        rows: dicts with ``FUSION_COLUMNS``; ``day`` may instead be given as ``date``
            (ISO string or date).
        options: FusionOptions.

    Returns:
        list of Link in the sorted order.
    """
    prepared = []
    for row in rows:
        row = dict(row)
        if row.get("day") is None and row.get("date"):
            date = row["date"] if isinstance(row["date"], dt.date) else dt.date.fromisoformat(str(row["date"])[:10])
            row["day"] = (date - dt.date(1970, 1, 1)).days
        row.setdefault("day", None)
        prepared.append(row)
    prepared.sort(key=lambda r: (r["block"] or "", r["day"] if r["day"] is not None else -1, r["event_id"]))
    return list(fuse_sorted(prepared, options))


def link_batch(cur: Any, new_events: Any, options: FusionOptions | None = None) -> list[Link]:
    """Stories for a batch of new events, joining the stored stories near them (the writer's pass).

    Args:
        cur: a DuckDB cursor whose ``events`` and ``stories`` views show the latest codings.
        new_events: the batch's events as an Arrow table (the stored ``events`` schema).
        options: FusionOptions.

    Returns:
        One Link per new event.
    """
    options = options or FusionOptions()
    if new_events.num_rows == 0:
        return []
    cur.register("_fusion_new", new_events)
    try:
        rows = cur.sql(f"SELECT {SELECT_SQL} FROM _fusion_new "
                       "ORDER BY block NULLS FIRST, day, event_id").to_arrow_table().to_pylist()
        blocks = sorted({r["block"] for r in rows if r["block"] is not None})
        seeds: dict[str, list[tuple[str, dict[str, Any]]]] = {}
        if blocks:
            import pyarrow as pa

            keyed = [r for r in rows if r["block"] is not None]
            days = [r["day"] for r in keyed]
            reach = 2 * options.window_days  # a stored story near a new event lies within this
            roots = sorted({b.split("|", 1)[0] for b in blocks})
            sides = sorted({side for b in blocks for side in b.split("|")[2:]})
            cur.register("_fusion_keys", pa.table({"block": [r["block"] for r in keyed], "day": days}))
            # cheap column filters first (date, root, sides), then the block key and a join on
            # (block, day within reach) of a new event; stored events of documents in this batch
            # are being re-coded: they are not candidates
            stored = cur.sql(
                "WITH e AS (SELECT * FROM events WHERE date BETWEEN DATE '1970-01-01' + CAST(? AS INTEGER) "
                "AND DATE '1970-01-01' + CAST(? AS INTEGER) AND cameo_root IN (SELECT unnest(?)) "
                f"AND {_SOURCE} IN (SELECT unnest(?)) AND {_TARGET} IN (SELECT unnest(?)) "
                "AND doc_id NOT IN (SELECT doc_id FROM _fusion_new)), "
                f"c AS (SELECT {SELECT_SQL}, coder_version FROM e), "
                "k AS (SELECT DISTINCT block, day FROM _fusion_keys) "
                "SELECT coalesce(s.story_id, 's' || c.event_id) AS story_id, c.* EXCLUDE (coder_version) "
                "FROM c LEFT JOIN stories s ON s.event_id = c.event_id AND s.coder_version = c.coder_version "
                "WHERE EXISTS (SELECT 1 FROM k WHERE k.block = c.block AND c.day BETWEEN k.day - ? AND k.day + ?) "
                "ORDER BY c.day, c.event_id",
                params=[min(days) - reach, max(days) + reach, roots, sides, sides, reach, reach]
            ).to_arrow_table().to_pylist()
            cur.unregister("_fusion_keys")
            for row in stored:
                seeds.setdefault(row["block"], []).append((row["story_id"], row))
        return list(fuse_sorted(rows, options, seeds))
    finally:
        cur.unregister("_fusion_new")


def fuse_all(cur: Any, options: FusionOptions | None = None, *, batch_rows: int = 65_536) -> Iterator[Link]:
    """Stories for every event of the ``events`` view, from scratch, in bounded memory.

    DuckDB sorts the rows by (block, day, event_id) and streams them in record batches;
    the scan keeps only the open stories of the current block. This is the pass the
    benchmark times over a million stored events (``eventwire.store.bench.fusion``).

    Args:
        cur: a DuckDB cursor with an ``events`` view (the store's latest codings).
        options: FusionOptions.
        batch_rows: rows per streamed batch.

    Returns:
        An iterator of Link, one per event.
    """
    reader = cur.sql(f"SELECT {SELECT_SQL} FROM events ORDER BY block NULLS FIRST, day, event_id"
                     ).fetch_record_batch(batch_rows)

    def rows() -> Iterator[dict[str, Any]]:
        for batch in reader:
            yield from batch.to_pylist()

    yield from fuse_sorted(rows(), options)
