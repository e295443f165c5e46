"""The read stage: paths, directories, globs, URLs and stdin → ``RawDocument`` or ``Rejection``.

Formats, chosen by extension and then by sniffing the content:

- plain text (encoding detected with charset-normalizer; undecodable bytes are a rejection,
  never a crash);
- HTML (trafilatura: body text, title, date, author, site name, canonical URL);
- JSONL and CSV/TSV with a text column (``text``/``content``/``body``...; title, date, url,
  outlet, licence and id columns are recognised by their usual names, see ``FIELDS``);
- WARC and WARC.gz (warcio; HTML and text responses);
- RSS/Atom (feedparser; item content, or the item's linked page when it is a local file or
  the feed was named by URL);
- gzip-compressed inputs of any of these; http(s) URLs (httpx, with limits).

This module finds the inputs and dispatches on format; the readers themselves live in
``eventwire.stages.ingest`` (``records``, ``html``, ``warc``, ``feed``, ``web``, ``common``).
Every bad file or record yields ``Rejection(origin, "read", reason)``; the stream goes on.

Example::

    for item in read_inputs(["articles/", "feed.xml", "-"], settings):
        if isinstance(item, Rejection):
            print(item.reason)
"""

from __future__ import annotations

import glob as globmod
import gzip
import io
import os
import re
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from ..config import Settings
from ..models import RawDocument, Rejection
from .ingest.common import Item, date_from_path, decode_bytes, iso_date, looks_binary, outlet_from_url, text_document
from .ingest.feed import read_feed
from .ingest.html import html_bytes, html_document
from .ingest.records import FIELDS, bounded_lines, read_csv, read_jsonl, record_document
from .ingest.warc import read_warc
from .ingest.web import fetch_url

__all__ = ["FIELDS", "Item", "date_from_path", "decode_bytes", "fetch_url", "html_document", "iso_date",
           "outlet_from_url", "read_bytes", "read_inputs", "read_stream", "read_text", "record_document",
           "sniff_format"]

_EXTENSIONS = {
    ".txt": "text", ".text": "text", ".md": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
    ".csv": "csv", ".tsv": "tsv",
    ".warc": "warc", ".arc": "warc",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",
}
_GLOB_CHARS = re.compile(r"[*?\[]")


def read_text(text: str, origin: str = "-", **fields: Any) -> RawDocument:
    """A ``RawDocument`` from a string already in memory.

    Args:
        text: the article text.
        origin: where it came from (default ``"-"``).
        **fields: other ``RawDocument`` fields (``published``, ``title``, ``url``, ...);
            None values are ignored.

    Returns:
        RawDocument

    Example::

        raw = read_text(open("a.txt").read(), origin="a.txt", published="2022-01-07")
    """
    given = {k: v for k, v in fields.items() if v is not None}
    if "published" in given:
        given["published"] = iso_date(given["published"]) or given["published"]
    return RawDocument(origin=origin, text=text, **given)


def sniff_format(name: str, head: bytes) -> str:
    """The format of an input from its name, else its first bytes.

    Args:
        name: file name or URL (``.gz`` already removed).
        head: the first bytes of the (decompressed) content.

    Returns:
        One of ``text``, ``html``, ``jsonl``, ``csv``, ``tsv``, ``warc``, ``feed``.
    """
    lowered = name.lower()
    ext = os.path.splitext(lowered)[1]
    if ext in _EXTENSIONS and not (ext == ".xml" and b"<rss" not in head and b"<feed" not in head
                                   and b"<rdf" not in head):
        return _EXTENSIONS[ext]
    start = head.lstrip()[:512].lower()
    if start.startswith(b"warc/"):
        return "warc"
    if start.startswith(b"<?xml") and re.search(rb"<(rss|feed|rdf:rdf)\b", head[:2048].lower()):
        return "feed"
    if start.startswith((b"<!doctype html", b"<html", b"<?xml")) or re.match(rb"<(p|div|body|head|article)\b", start):
        return "html"
    if start.startswith(b"{"):
        return "jsonl"
    return "text"


def read_bytes(data: bytes, origin: str, settings: Settings, name: str | None = None,
               columns: dict[str, str] | None = None) -> Iterator[Item]:
    """Read one input's bytes (any supported format, gzip or not).

    Args:
        data: the content.
        origin: path/URL for records and rejections.
        settings: uses ``max_document_bytes``.
        name: name used for the extension (default ``origin``).
        columns: explicit JSONL/CSV column names (see ``record_document``).

    Returns:
        Iterator of RawDocument and Rejection.
    """
    yield from read_stream(io.BufferedReader(io.BytesIO(data)), origin, settings, name, columns)


def read_stream(stream: io.BufferedReader, origin: str, settings: Settings, name: str | None = None,
                columns: dict[str, str] | None = None, fetch: Callable[[str], bytes] | None = None) -> Iterator[Item]:
    """Read one input from a binary stream; JSONL and WARC are streamed, not loaded whole.

    Args:
        stream: a buffered binary stream (``peek`` is used to sniff the format).
        origin: path/URL for records and rejections.
        settings: uses ``max_document_bytes``.
        name: name used for the extension (default ``origin``).
        columns: explicit JSONL/CSV column names (see ``record_document``).
        fetch: reads a URL (feed items whose page is linked, for feeds the user named by URL).

    Returns:
        Iterator of RawDocument and Rejection; a failure while reading (bad gzip data, a
        library failing on one odd file) ends the input with a Rejection, never an exception.
    """
    try:
        yield from _read_stream(stream, origin, settings, name, columns, fetch)
    except (gzip.BadGzipFile, zlib.error, EOFError) as e:
        yield Rejection(origin, "read", f"bad gzip data: {e}")
    except Exception as e:  # a library failing on one odd file must not stop the others
        yield Rejection(origin, "read", f"{type(e).__name__}: {e}")


def _read_stream(stream: io.BufferedReader, origin: str, settings: Settings, name: str | None,
                 columns: dict[str, str] | None, fetch: Callable[[str], bytes] | None) -> Iterator[Item]:
    """``read_stream`` without the last-resort error handling."""
    name = name or origin
    is_warc = name.lower().endswith((".warc.gz", ".arc.gz", ".warc", ".arc"))
    if stream.peek(2)[:2] == b"\x1f\x8b" and not is_warc:
        stream = io.BufferedReader(gzip.GzipFile(fileobj=stream))  # type: ignore[arg-type]
        name = name[:-3] if name.lower().endswith(".gz") else name
    head = stream.peek(4096)[:4096]
    fmt = "warc" if is_warc else sniff_format(name, head)
    if fmt == "warc":
        yield from read_warc(stream, origin, settings)
        return
    if not head.strip() and not stream.read(1 << 16).strip():
        yield Rejection(origin, "read", "empty document")
        return
    if looks_binary(head):
        yield Rejection(origin, "read", "binary content, not text")
        return
    limit = settings.max_document_bytes
    if fmt == "jsonl":
        yield from read_jsonl(bounded_lines(stream, limit), origin, columns or {}, limit)
        return
    if fmt in ("csv", "tsv"):  # streamed: a corpus file may be far larger than one document
        yield from read_csv(stream, origin, "\t" if fmt == "tsv" else ",", columns or {}, limit)
        return
    data = stream.read(limit + 1)
    if len(data) > limit:  # a cut feed or page would be parsed as if whole
        yield Rejection(origin, "read", "document larger than max_document_bytes")
    elif fmt == "feed":
        yield from read_feed(data, origin, settings, fetch)
    elif fmt == "html":
        yield html_bytes(data, origin)
    else:
        yield text_document(data, origin)


def _expand(entry: str) -> Iterator[Path | str]:
    """One input entry → files (directories recursively, globs expanded, in sorted order)."""
    if entry == "-" or entry.startswith(("http://", "https://")):
        yield entry
        return
    path = Path(entry)
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            if child.is_file() and not any(part.startswith(".") for part in child.relative_to(path).parts):
                yield child
    elif _GLOB_CHARS.search(entry) and not path.exists():
        for match in sorted(globmod.glob(entry, recursive=True)):
            if Path(match).is_file():
                yield Path(match)
    else:
        yield path


def read_inputs(inputs: Iterable[str], settings: Settings, *, columns: dict[str, str] | None = None,
                stdin: Callable[[], bytes] | None = None, client: Any = None) -> Iterator[Item]:
    """Read every input: paths, directories (recursive), globs, URLs and ``-`` (standard input).

    One bad file or record never stops the stream: it becomes a ``Rejection`` with stage
    ``read`` and a reason (a missing path, a glob that matches nothing, binary or
    undecodable content, an empty file, a bad JSONL line...).

    Args:
        inputs: the entries the user named.
        settings: Settings (``max_document_bytes``).
        columns: explicit JSONL/CSV column names, e.g. ``{"text": "body", "published": "day"}``.
        stdin: returns the bytes of standard input (tests inject it).
        client: ``httpx.Client`` for URLs (tests inject one).

    Returns:
        Iterator of RawDocument and Rejection, in input order.

    Example::

        docs = [d for d in read_inputs(["corpus/*.jsonl"], settings) if isinstance(d, RawDocument)]
    """
    columns = columns or dict(settings.read_columns) or None
    for entry in inputs:
        found = False
        for target in _expand(entry):
            found = True
            yield from _read_one(target, settings, columns, stdin, client)
        if not found:
            yield Rejection(entry, "read", "no files match" if _GLOB_CHARS.search(entry) else "empty directory")


def _read_one(target: Path | str, settings: Settings, columns: dict[str, str] | None,
              stdin: Callable[[], bytes] | None, client: Any) -> Iterator[Item]:
    """Open one file, URL or stdin and read it; any failure becomes a Rejection."""
    origin = str(target)
    try:
        if target == "-":
            stream = io.BufferedReader(io.BytesIO((stdin or sys.stdin.buffer.read)()))
        elif isinstance(target, str):
            stream = io.BufferedReader(io.BytesIO(fetch_url(target, settings, client)))
        else:
            stream = open(target, "rb")  # noqa: SIM115 - closed below, after the generator ends
    except FileNotFoundError:
        yield Rejection(origin, "read", "no such file")
        return
    except Exception as e:  # network, permissions, size: one line, never a crash of the batch
        yield Rejection(origin, "read", f"{type(e).__name__}: {e}")
        return
    # the user named this URL, so the pages its feed items link to may be fetched too
    fetch = (lambda url: fetch_url(url, settings, client)) if isinstance(target, str) and target != "-" else None
    with stream:
        yield from read_stream(stream, origin, settings, columns=columns, fetch=fetch)
