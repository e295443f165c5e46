"""JSONL and CSV/TSV readers: one document per record, recognised column names, bad records rejected."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from ...models import RawDocument, Rejection
from .common import Item, authors_of, decode_bytes, iso_date, outlet_from_url

# column names recognised in JSONL/CSV records, in order of preference
FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "content", "body", "article", "maintext", "full_text"),
    "title": ("title", "headline"),
    "published": ("published", "date", "pubdate", "publish_date", "published_at", "date_publish", "datetime"),
    "url": ("url", "link", "source_url"),
    "outlet": ("outlet", "source", "sitename", "site", "publisher", "source_name", "domain"),
    "license": ("license", "licence"),
    "source_id": ("id", "doc_id", "uuid", "guid"),
    "language": ("language", "lang"),
    "authors": ("authors", "author", "byline"),
}


def pick_field(record: dict[str, Any], name: str, columns: dict[str, str]) -> Any:
    """The value of a field: the explicit column if given, else the first known column name that is set.

    Args:
        record: one JSONL object or CSV row.
        name: a key of ``FIELDS`` (``text``, ``title``, ``published``, ...).
        columns: explicit field → column names.

    Returns:
        The value, or None.
    """
    if name in columns:
        return record.get(columns[name])
    for key in FIELDS[name]:
        value = record.get(key)
        if value not in (None, ""):
            return value
    return None


def record_document(record: Any, origin: str, fmt: str, columns: dict[str, str] | None = None) -> Item:
    """A ``RawDocument`` from one JSONL/CSV record (a dict), or a Rejection.

    Args:
        record: the parsed record.
        origin: where it came from (``file:line``).
        fmt: ``"jsonl"`` or ``"csv"``.
        columns: explicit field → column names overriding ``FIELDS`` (e.g. ``{"text": "body"}``).

    Returns:
        RawDocument or Rejection.
    """
    columns = columns or {}
    if not isinstance(record, dict):
        return Rejection(origin, "read", f"{fmt} record is not an object")
    text = pick_field(record, "text", columns)
    if not isinstance(text, str) or not text.strip():
        return Rejection(origin, "read", f"{fmt} record has no text")
    def field(name: str) -> str | None:
        value = pick_field(record, name, columns)
        return str(value).strip() if value not in (None, "") else None
    url = field("url")
    return RawDocument(
        origin=origin, text=text, title=field("title"), published=iso_date(pick_field(record, "published", columns)),
        url=url, outlet=field("outlet") or outlet_from_url(url), license=field("license"), language=field("language"),
        authors=authors_of(pick_field(record, "authors", columns)), format=fmt, source_id=field("source_id"))


def read_jsonl(lines: Iterable[bytes], origin: str, columns: dict[str, str]) -> Iterator[Item]:
    """JSONL streamed line by line, so that a large file is read in constant memory.

    Args:
        lines: the file's lines as bytes (a binary stream iterates so).
        origin: the file; records are ``file:line``.
        columns: explicit column names (see ``record_document``).

    Returns:
        Iterator of RawDocument and Rejection (bad JSON, no text, not an object: one per line).
    """
    found = False
    for number, raw in enumerate(lines, start=1):
        where = f"{origin}:{number}"
        if not raw.strip():
            continue
        found = True
        line = decode_bytes(raw)
        if line is None:
            yield Rejection(where, "read", f"undecodable bytes on line {number}")
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            yield Rejection(where, "read", f"invalid JSON on line {number}: {e.msg}")
            continue
        yield record_document(record, where, "jsonl", columns)
    if not found:
        yield Rejection(origin, "read", "empty document")


def read_csv(data: bytes, origin: str, delimiter: str, columns: dict[str, str]) -> Iterator[Item]:
    """CSV or TSV with a header row and a text column; one document per row.

    Args:
        data: the file's bytes (any encoding).
        origin: the file; records are ``file:line``.
        delimiter: ``","`` or ``"\\t"``.
        columns: explicit column names (see ``record_document``).

    Returns:
        Iterator of RawDocument and Rejection (one rejection when there is no text column).
    """
    text = decode_bytes(data)
    if text is None:
        yield Rejection(origin, "read", "undecodable bytes (no text encoding fits)")
        return
    csv.field_size_limit(max(csv.field_size_limit(), 50_000_000))
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    fields = set(reader.fieldnames or ())
    wanted = columns.get("text")
    if not (fields & set(FIELDS["text"]) if wanted is None else wanted in fields):
        yield Rejection(origin, "read", f"no text column (columns: {', '.join(sorted(fields))[:200]})")
        return
    try:
        for row in reader:
            yield record_document(row, f"{origin}:{reader.line_num}", "csv", columns)
    except csv.Error as e:
        yield Rejection(f"{origin}:{reader.line_num}", "read", f"bad CSV: {e}")
    if reader.line_num <= 1:
        yield Rejection(origin, "read", "CSV has no records")
