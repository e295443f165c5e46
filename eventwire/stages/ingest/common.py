"""Shared helpers of the readers: dates, outlets, text decoding, binary sniffing, plain text."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import urlparse

from ...models import RawDocument, Rejection

Item = RawDocument | Rejection

# publication dates outside these years are errors or hostile values ("0001-01-01", "9999-12-31"),
# not news: such a date would sort before or after every real event in the store
MIN_YEAR, MAX_YEAR = 1800, 2200
_DATE_IN_PATH = re.compile(r"(?<!\d)((?:19|20)\d{2})[-/_.]?(0[1-9]|1[0-2])[-/_.]?(0[1-9]|[12]\d|3[01])(?!\d)")


def iso_date(value: Any) -> str | None:
    """A date in any common form (ISO, RFC 822, "Jan 7, 2022", epoch struct) as ``YYYY-MM-DD``.

    Args:
        value: a string, ``datetime``/``date``, ``time.struct_time`` or None.

    Returns:
        ISO date, or None when it cannot be read, lacks a year or a day, or falls outside
        ``MIN_YEAR``..``MAX_YEAR``.
    """
    if value is None or value == "":
        return None
    day = _as_date(value)
    return day.isoformat() if day is not None and MIN_YEAR <= day.year <= MAX_YEAR else None


def _as_date(value: Any) -> dt.date | None:
    """``iso_date`` before the range check: the value as a date, or None."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if hasattr(value, "tm_year"):
        try:
            return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
        except (ValueError, TypeError):
            return None
    from dateutil import parser as dateparser

    text = str(value)[:200]  # a date is short; a huge "date" field is not parsed whole
    try:
        # parsed twice with different default days and years: a value that names no day
        # ("May 2021", "2022") or no year has no publication date to give
        first = dateparser.parse(text, default=dt.datetime(1900, 1, 1))
        second = dateparser.parse(text, default=dt.datetime(1904, 2, 2))
    except (ValueError, OverflowError, TypeError):
        return None
    return first.date() if first.date() == second.date() else None


def date_from_path(origin: str) -> str | None:
    """A publication date written into a URL or file name (``/2022/01/07/``, ``state-2022-01-07-...``).

    Args:
        origin: a path or URL.

    Returns:
        ISO date or None.
    """
    m = _DATE_IN_PATH.search(origin)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        return None


def outlet_from_url(url: str | None) -> str | None:
    """The site of a URL as an outlet name: ``https://www.reuters.com/world/...`` -> ``reuters.com``.

    Args:
        url: an http(s) URL or None.

    Returns:
        The host name without ``www.``, or None.
    """
    if not url or not url.startswith(("http://", "https://")):
        return None
    host = urlparse(url).hostname or ""
    return host[4:] if host.startswith("www.") else host or None


def decode_bytes(data: bytes) -> str | None:
    """Decode text of unknown encoding: UTF-8 first, else charset-normalizer's best guess.

    Args:
        data: raw bytes.

    Returns:
        The text, or None when no encoding fits (binary or garbage).
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    results = from_bytes(data)
    best = results.best()
    if best is not None:
        # on a tie prefer windows-1252, the web's default for undeclared Western text (WHATWG):
        # short French or Italian text scores the same in cp1250 and decodes "crème" as "crčme"
        tied = [m for m in results if m.chaos <= best.chaos and m.coherence >= best.coherence]
        return str(next((m for m in tied if m.encoding == "cp1252"), best))
    # mostly UTF-8 with a few broken bytes: keep the text, mark the bad bytes
    text = data.decode("utf-8", errors="replace")
    return text if text.count("\ufffd") <= max(2, len(text) // 200) else None


def looks_binary(data: bytes) -> bool:
    """Whether bytes are binary (NUL bytes or many control characters in the first 8 KB).

    Args:
        data: the start of a file.

    Returns:
        True for binary content (UTF-16 text with its byte-order mark is text).
    """
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16 text: its NUL bytes are half of each ASCII character
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return bool(head) and controls / len(head) > 0.05


def authors_of(value: Any) -> tuple[str, ...]:
    """Author names from a list or a "A; B and C" string.

    Args:
        value: a list of names, a string of names, or None.

    Returns:
        The names, stripped, in order.
    """
    if not value:
        return ()
    items = value if isinstance(value, list) else re.split(r"\s*(?:;|,|\band\b)\s*", str(value))
    return tuple(str(a).strip() for a in items if str(a).strip())


def text_document(data: bytes, origin: str) -> Item:
    """A plain-text document from bytes of unknown encoding.

    Args:
        data: the file's bytes.
        origin: where they came from.

    Returns:
        RawDocument, or a Rejection for undecodable or empty text.
    """
    text = decode_bytes(data)
    if text is None:
        return Rejection(origin, "read", "undecodable bytes (no text encoding fits)")
    if not text.strip():
        return Rejection(origin, "read", "empty document")
    return RawDocument(origin=origin, text=text, format="text")
