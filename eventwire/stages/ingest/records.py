"""JSONL and CSV/TSV readers: one document per record, recognised column names, bad records rejected."""

from __future__ import annotations

import codecs
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


def record_document(record: Any, origin: str, fmt: str, columns: dict[str, str] | None = None,
                    max_bytes: int | None = None) -> Item:
    """A ``RawDocument`` from one JSONL/CSV record (a dict), or a Rejection.

    Args:
        record: the parsed record.
        origin: where it came from (``file:line``).
        fmt: ``"jsonl"`` or ``"csv"``.
        columns: explicit field → column names overriding ``FIELDS`` (e.g. ``{"text": "body"}``).
        max_bytes: largest text accepted, in UTF-8 bytes (``max_document_bytes``); None: no cap.

    Returns:
        RawDocument or Rejection.
    """
    columns = columns or {}
    if not isinstance(record, dict):
        return Rejection(origin, "read", f"{fmt} record is not an object")
    text = pick_field(record, "text", columns)
    if not isinstance(text, str) or not text.strip():
        return Rejection(origin, "read", f"{fmt} record has no text")
    if max_bytes is not None and _too_long(text, max_bytes):
        return Rejection(origin, "read", "document larger than max_document_bytes")
    def field(name: str) -> str | None:
        value = pick_field(record, name, columns)
        return str(value).strip() if value not in (None, "") else None
    url = field("url")
    return RawDocument(
        origin=origin, text=text, title=field("title"), published=iso_date(pick_field(record, "published", columns)),
        url=url, outlet=field("outlet") or outlet_from_url(url), license=field("license"), language=field("language"),
        authors=authors_of(pick_field(record, "authors", columns)), format=fmt, source_id=field("source_id"))


def _too_long(text: str, max_bytes: int) -> bool:
    """Whether ``text`` is over ``max_bytes`` in UTF-8 (encoded only when it might be)."""
    if len(text) * 4 <= max_bytes:
        return False
    return len(text) > max_bytes or len(text.encode("utf-8", "surrogatepass")) > max_bytes


def bounded_lines(stream: Any, max_bytes: int) -> Iterator[bytes | None]:
    """The lines of a binary stream, never holding more than ``max_bytes`` of one line in memory.

    Args:
        stream: a binary stream with ``readline``.
        max_bytes: the longest line kept.

    Returns:
        Iterator of lines; None stands for a line longer than ``max_bytes`` (read past, not kept).
    """
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        if len(line) <= max_bytes or line.endswith(b"\n"):
            yield line
            continue
        while line and not line.endswith(b"\n"):  # skip the rest of the over-long line
            line = stream.readline(1 << 20)
        yield None


def read_jsonl(lines: Iterable[bytes | None], origin: str, columns: dict[str, str],
               max_bytes: int | None = None) -> Iterator[Item]:
    """JSONL streamed line by line, so that a large file is read in constant memory.

    Args:
        lines: the file's lines as bytes (see ``bounded_lines``; None is an over-long line).
        origin: the file; records are ``file:line``.
        columns: explicit column names (see ``record_document``).
        max_bytes: largest record accepted (``max_document_bytes``); None: no cap.

    Returns:
        Iterator of RawDocument and Rejection (bad JSON, no text, not an object, too large:
        one per line).
    """
    found = False
    for number, raw in enumerate(lines, start=1):
        where = f"{origin}:{number}"
        if raw is None or (max_bytes is not None and len(raw) > max_bytes):
            found = True
            yield Rejection(where, "read", "document larger than max_document_bytes")
            continue
        if not raw.strip():
            continue
        found = True
        line = decode_bytes(raw)
        if line is None:
            yield Rejection(where, "read", f"undecodable bytes on line {number}")
            continue
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as e:  # RecursionError: [[[[... nested too deep
            yield Rejection(where, "read", f"invalid JSON on line {number}: {getattr(e, 'msg', 'nested too deep')}")
            continue
        yield record_document(record, where, "jsonl", columns, max_bytes)
    if not found:
        yield Rejection(origin, "read", "empty document")


CSV_SNIFF_BYTES = 1 << 20  # bytes that choose the encoding of a CSV file


def read_csv(data: bytes | Any, origin: str, delimiter: str, columns: dict[str, str],
             max_bytes: int | None = None) -> Iterator[Item]:
    """CSV or TSV with a header row and a text column; one document per row, streamed.

    Args:
        data: the file's bytes (any encoding), or a binary stream read in chunks.
        origin: the file; records are ``file:line``.
        delimiter: ``","`` or ``"\\t"``.
        columns: explicit column names (see ``record_document``).
        max_bytes: largest record text accepted (``max_document_bytes``); None: no cap.

    Returns:
        Iterator of RawDocument and Rejection (one rejection when there is no text column,
        one per bad or over-long row).
    """
    stream = io.BytesIO(data) if isinstance(data, (bytes, bytearray)) else data
    head = stream.read(CSV_SNIFF_BYTES)
    encoding = _csv_encoding(head)
    if encoding is None:
        yield Rejection(origin, "read", "undecodable bytes (no text encoding fits)")
        return
    # a field may be as long as a document (and a little more: the cap is checked on the record)
    csv.field_size_limit(max(csv.field_size_limit(), (max_bytes or 50_000_000) + 1))
    reader = csv.DictReader(_text_lines(head, stream, encoding), delimiter=delimiter)
    try:
        fields = set(reader.fieldnames or ())
    except csv.Error as e:
        yield Rejection(origin, "read", f"bad CSV header: {e}")
        return
    wanted = columns.get("text")
    if not (fields & set(FIELDS["text"]) if wanted is None else wanted in fields):
        yield Rejection(origin, "read", f"no text column (columns: {', '.join(sorted(fields))[:200]})")
        return
    rows = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as e:  # one bad row (an over-long field, a NUL byte): the next row is read
            rows += 1
            yield Rejection(f"{origin}:{reader.line_num}", "read", f"bad CSV: {e}")
            continue
        rows += 1
        yield record_document(row, f"{origin}:{reader.line_num}", "csv", columns, max_bytes)
    if not rows:
        yield Rejection(origin, "read", "CSV has no records")


def _csv_encoding(head: bytes) -> str | None:
    """The encoding of a CSV file from its first bytes (UTF-8 unless they do not decode)."""
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as e:
        if e.start >= len(head) - 3 and len(head) >= CSV_SNIFF_BYTES:
            return "utf-8"  # a character cut by the end of the sniffed chunk
    from charset_normalizer import from_bytes

    best = from_bytes(head).best()
    return best.encoding if best is not None else None


def _text_lines(head: bytes, stream: Any, encoding: str) -> Iterator[str]:
    """Decoded lines (split on ``\\n`` only, ends kept: quoted fields may hold other breaks)."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    pending = ""
    chunk = head
    while True:
        final = not chunk
        pending += decoder.decode(chunk, final=final)
        *lines, pending = pending.split("\n")
        for line in lines:
            yield line + "\n"
        if final:
            break
        chunk = stream.read(1 << 20)
    if pending:
        yield pending
