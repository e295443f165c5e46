"""Arrow schemas of the stored tables, defined once, and the record <-> row conversions.

Events, quotes and mentions are stored *flattened* (``source_code``, ``source_country``,
``location_lat`` ...) with fixed column types so that any Parquet reader or the DuckDB
shell opens them without eventwire. Nested values that have no natural flat form
(a document's dropped spans, dateline places) are Arrow lists.

``SCHEMA_VERSION`` is bumped, with a registered migration, whenever a stored column
changes meaning or type (see ``_layout.MIGRATIONS``).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any

import pyarrow as pa

from ..models import Actor, Document, Dropped, Event, Location, Mention, Quote, Rejection, stable_hash

LOGGER = logging.getLogger("eventwire.store")

SCHEMA_VERSION = 2

#: Columns added by each schema version, per table: files written before it lack them
#: and are read with the column as null (see ``_store._define_views`` and ``_compact``).
ADDED_COLUMNS: dict[int, dict[str, tuple[str, ...]]] = {2: {"events": ("date_basis",)}}

#: Arrow schema metadata key naming what a query returned ("events", "dyads", ...).
TABLE_KIND = b"eventwire.table"

#: Actor fields in stored order (the first six are the event JSON contract).
ACTOR_FIELDS = ("code", "country", "igo", "agent", "name", "text",
                "role", "valid_from", "valid_to", "evidence")
LOCATION_FIELDS = ("name", "country", "lat", "lon")

TABLES = ("documents", "events", "quotes", "mentions", "rejections", "codings", "stories")
#: Tables whose rows belong to one coding of a document (carry ``coder_version``).
DERIVED = ("events", "quotes", "mentions", "stories")

_TS = pa.timestamp("us", tz="UTC")


def _actor_fields(prefix: str) -> list[pa.Field]:
    return [pa.field(f"{prefix}_{name}", pa.string()) for name in ACTOR_FIELDS]


DROPPED_TYPE = pa.struct([
    pa.field("text", pa.string()),
    pa.field("reason", pa.string()),
    pa.field("start", pa.int64()),
    pa.field("end", pa.int64()),
])

DOCUMENTS = pa.schema([
    pa.field("doc_id", pa.string(), nullable=False),
    pa.field("origin", pa.string()),
    pa.field("title", pa.string()),
    pa.field("outlet", pa.string()),
    pa.field("url", pa.string()),
    pa.field("license", pa.string()),
    pa.field("agency", pa.string()),
    pa.field("dateline_places", pa.list_(pa.string())),
    pa.field("published", pa.string()),
    pa.field("reporters", pa.list_(pa.string())),
    pa.field("editors", pa.list_(pa.string())),
    pa.field("language", pa.string()),
    pa.field("text", pa.string()),
    pa.field("dropped", pa.list_(DROPPED_TYPE)),
    pa.field("duplicate_of", pa.string()),
    pa.field("ingested_at", _TS),
])

EVENTS = pa.schema([
    pa.field("event_id", pa.string(), nullable=False),
    pa.field("doc_id", pa.string(), nullable=False),
    pa.field("coder_version", pa.string(), nullable=False),
    pa.field("date", pa.date32()),
    pa.field("sentence_index", pa.int32()),
    pa.field("sentence", pa.string()),
    pa.field("span_start", pa.int32()),
    pa.field("span_end", pa.int32()),
    *_actor_fields("source"),
    *_actor_fields("target"),
    pa.field("cameo_code", pa.string()),
    pa.field("cameo_root", pa.string()),
    pa.field("plover", pa.string()),
    pa.field("plover_mode", pa.string()),
    pa.field("goldstein", pa.float64()),
    pa.field("quad_class", pa.int8()),
    pa.field("negated", pa.bool_()),
    pa.field("modality", pa.string()),
    pa.field("reporter", pa.string()),
    pa.field("location_name", pa.string()),
    pa.field("location_country", pa.string()),
    pa.field("location_lat", pa.float64()),
    pa.field("location_lon", pa.float64()),
    pa.field("rule", pa.string()),
    pa.field("confidence", pa.float64()),
    # denormalised from the document so filters and aggregates need no join
    pa.field("outlet", pa.string()),
    pa.field("duplicate_of", pa.string()),
    pa.field("date_basis", pa.string()),  # schema 2
])

QUOTES = pa.schema([
    pa.field("quote_id", pa.string(), nullable=False),
    pa.field("doc_id", pa.string(), nullable=False),
    pa.field("coder_version", pa.string(), nullable=False),
    pa.field("sentence_index", pa.int32()),
    pa.field("span_start", pa.int32()),
    pa.field("span_end", pa.int32()),
    pa.field("text", pa.string()),
    pa.field("direct", pa.bool_()),
    pa.field("speaker_name", pa.string()),
    *_actor_fields("speaker_actor"),
])

MENTIONS = pa.schema([
    pa.field("doc_id", pa.string(), nullable=False),
    pa.field("coder_version", pa.string(), nullable=False),
    pa.field("sentence_index", pa.int32()),
    pa.field("start", pa.int32()),
    pa.field("end", pa.int32()),
    pa.field("text", pa.string()),
    *_actor_fields("actor"),
])

REJECTIONS = pa.schema([
    pa.field("rejection_id", pa.string(), nullable=False),
    pa.field("origin", pa.string()),
    pa.field("stage", pa.string()),
    pa.field("reason", pa.string()),
    pa.field("rejected_at", _TS),
])

#: One row per (document, coder version): which coding is the latest for a document,
#: even when that coding found no events.
CODINGS = pa.schema([
    pa.field("doc_id", pa.string(), nullable=False),
    pa.field("coder_version", pa.string(), nullable=False),
    pa.field("batch_id", pa.string(), nullable=False),
    pa.field("coded_at", _TS),
    pa.field("events", pa.int32()),
])

#: One row per event of a coding: the story (fused event) it reports. Written in the same
#: batch as the event, so a link is committed exactly when its event is (schema 2).
STORIES = pa.schema([
    pa.field("story_id", pa.string(), nullable=False),
    pa.field("event_id", pa.string(), nullable=False),
    pa.field("doc_id", pa.string(), nullable=False),
    pa.field("coder_version", pa.string(), nullable=False),
    pa.field("similarity", pa.float32()),
])

SCHEMAS: dict[str, pa.Schema] = {
    "documents": DOCUMENTS, "events": EVENTS, "quotes": QUOTES,
    "mentions": MENTIONS, "rejections": REJECTIONS, "codings": CODINGS, "stories": STORIES,
}


def now() -> dt.datetime:
    """The current UTC time (one place, so every table stamps the same way)."""
    return dt.datetime.now(dt.timezone.utc)


def _date(value: str | dt.date | None) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    # event dates are ISO days; a time part ("2022-01-07T10:00") is not part of the contract
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        # a date the coder could not pin down is unknown, not a reason to lose the event
        LOGGER.warning("event date %r is not YYYY-MM-DD; stored as unknown", value)
        return None


def _actor_row(prefix: str, actor: Actor | None) -> dict[str, Any]:
    return {f"{prefix}_{name}": (getattr(actor, name) if actor else None) for name in ACTOR_FIELDS}


def _actor_from_row(prefix: str, row: dict[str, Any]) -> Actor | None:
    # ``code`` is required on an Actor, so a null code means "no actor"
    if row.get(f"{prefix}_code") is None:
        return None
    return Actor(**{name: row.get(f"{prefix}_{name}") for name in ACTOR_FIELDS})


def event_row(event: Event, coder_version: str, document: Document | None = None) -> dict[str, Any]:
    """One flattened ``events`` row for an Event."""
    loc = event.location
    return {
        "event_id": event.event_id, "doc_id": event.doc_id, "coder_version": coder_version,
        "date": _date(event.date), "sentence_index": event.sentence_index, "sentence": event.sentence,
        "span_start": event.span[0], "span_end": event.span[1],
        **_actor_row("source", event.source), **_actor_row("target", event.target),
        "cameo_code": event.cameo_code, "cameo_root": event.cameo_root, "plover": event.plover,
        "plover_mode": event.plover_mode, "goldstein": event.goldstein, "quad_class": event.quad_class,
        "negated": event.negated, "modality": event.modality, "reporter": event.reporter,
        "location_name": loc.name if loc else None, "location_country": loc.country if loc else None,
        "location_lat": loc.lat if loc else None, "location_lon": loc.lon if loc else None,
        "rule": event.rule, "confidence": event.confidence,
        "outlet": document.outlet if document else None,
        "duplicate_of": document.duplicate_of if document else None,
        "date_basis": event.date_basis,
    }


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value


def event_dict(row: dict[str, Any]) -> dict[str, Any]:
    """A flattened events row back to the nested event JSON (``Event.to_dict`` plus ``coder_version``)."""
    record = event_from_row(row).to_dict()
    record["coder_version"] = row.get("coder_version")
    return record


def event_from_row(row: dict[str, Any]) -> Event:
    """A flattened events row back to an Event (all actor fields, not only the contract's)."""
    loc = None
    if row.get("location_name") is not None:
        loc = Location(**{name: row.get(f"location_{name}") for name in LOCATION_FIELDS})
    return Event(
        event_id=row["event_id"], doc_id=row["doc_id"], date=_iso(row.get("date")),
        sentence_index=row["sentence_index"], sentence=row["sentence"],
        span=(row["span_start"], row["span_end"]),
        source=_actor_from_row("source", row), target=_actor_from_row("target", row),
        cameo_code=row["cameo_code"], cameo_root=row["cameo_root"], plover=row.get("plover"),
        goldstein=row.get("goldstein"), quad_class=row.get("quad_class"), negated=row["negated"],
        modality=row["modality"], reporter=row.get("reporter"), location=loc, rule=row["rule"],
        confidence=row["confidence"], plover_mode=row.get("plover_mode"), date_basis=row.get("date_basis"),
    )


def document_row(doc: Document, ingested_at: dt.datetime) -> dict[str, Any]:
    """One ``documents`` row for a Document."""
    return {
        "doc_id": doc.doc_id, "origin": doc.origin, "title": doc.title, "outlet": doc.outlet,
        "url": doc.url, "license": doc.license, "agency": doc.agency,
        "dateline_places": list(doc.dateline_places), "published": doc.published,
        "reporters": list(doc.reporters), "editors": list(doc.editors), "language": doc.language,
        "text": doc.text, "dropped": [d.to_dict() for d in doc.dropped],
        "duplicate_of": doc.duplicate_of, "ingested_at": ingested_at,
    }


def document_from_row(row: dict[str, Any]) -> Document:
    """A ``documents`` row back to a Document."""
    return Document(
        doc_id=row["doc_id"], origin=row["origin"], title=row.get("title"), outlet=row.get("outlet"),
        url=row.get("url"), license=row.get("license"), agency=row.get("agency"),
        dateline_places=tuple(row.get("dateline_places") or ()), published=row.get("published"),
        reporters=tuple(row.get("reporters") or ()), editors=tuple(row.get("editors") or ()),
        language=row.get("language"), text=row["text"],
        dropped=tuple(Dropped.from_dict(d) for d in row.get("dropped") or ()),
        duplicate_of=row.get("duplicate_of"),
    )


def quote_row(quote: Quote, coder_version: str) -> dict[str, Any]:
    """One ``quotes`` row; ``quote_id`` is a content hash so re-runs do not duplicate."""
    quote_id = stable_hash(quote.doc_id, quote.span[0], quote.span[1], quote.text)
    return {
        "quote_id": quote_id, "doc_id": quote.doc_id, "coder_version": coder_version,
        "sentence_index": quote.sentence_index, "span_start": quote.span[0], "span_end": quote.span[1],
        "text": quote.text, "direct": quote.direct, "speaker_name": quote.speaker_name,
        **_actor_row("speaker_actor", quote.speaker_actor),
    }


def quote_from_row(row: dict[str, Any]) -> Quote:
    """A ``quotes`` row back to a Quote."""
    return Quote(doc_id=row["doc_id"], span=(row["span_start"], row["span_end"]), text=row["text"],
                 direct=row["direct"], speaker_name=row.get("speaker_name"),
                 speaker_actor=_actor_from_row("speaker_actor", row), sentence_index=row.get("sentence_index"))


def quote_dict(row: dict[str, Any]) -> dict[str, Any]:
    """A ``quotes`` row as the JSON of ``Quote.to_dict``."""
    quote = quote_from_row(row).to_dict()
    quote["quote_id"] = row.get("quote_id")
    return quote


def mention_row(mention: Mention, coder_version: str) -> dict[str, Any]:
    """One ``mentions`` row."""
    return {"doc_id": mention.doc_id, "coder_version": coder_version,
            "sentence_index": mention.sentence_index, "start": mention.start, "end": mention.end,
            "text": mention.text, **_actor_row("actor", mention.actor)}


def mention_from_row(row: dict[str, Any]) -> Mention:
    """A ``mentions`` row back to a Mention."""
    actor = _actor_from_row("actor", row)
    assert actor is not None, "a stored mention always has an actor"
    return Mention(doc_id=row["doc_id"], sentence_index=row["sentence_index"], start=row["start"],
                   end=row["end"], text=row["text"], actor=actor)


def rejection_row(rejection: Rejection, rejected_at: dt.datetime) -> dict[str, Any]:
    """One ``rejections`` row; the id hashes origin, stage and reason (re-runs do not duplicate)."""
    return {"rejection_id": stable_hash(rejection.origin, rejection.stage, rejection.reason),
            "origin": rejection.origin, "stage": rejection.stage, "reason": rejection.reason,
            "rejected_at": rejected_at}


def to_table(name: str, rows: Iterable[dict[str, Any]]) -> pa.Table:
    """Rows (dicts) to an Arrow table with the stored schema of ``name``."""
    return pa.Table.from_pylist(list(rows), schema=SCHEMAS[name])


def empty(name: str) -> pa.Table:
    """An empty table with the stored schema of ``name``."""
    return SCHEMAS[name].empty_table()
