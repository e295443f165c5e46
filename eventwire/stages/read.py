"""The read stage: paths, directories, globs, URLs and stdin → ``RawDocument`` or ``Rejection``.

Formats, chosen by extension and then by sniffing the content:

- plain text (encoding detected with charset-normalizer; undecodable bytes are a rejection,
  never a crash);
- HTML (trafilatura: body text, title, date, author, site name, canonical URL);
- JSONL and CSV/TSV with a text column (``text``/``content``/``body``...; title, date, url,
  outlet, licence and id columns are recognised by their usual names, see ``FIELDS``);
- WARC and WARC.gz (warcio; HTML and text responses);
- RSS/Atom (feedparser; item content, or the item's linked page when it is a local file);
- gzip-compressed inputs of any of these; http(s) URLs (httpx, with limits).

Every bad file or record yields ``Rejection(origin, "read", reason)``; the stream goes on.

Example::

    for item in read_inputs(["articles/", "feed.xml", "-"], settings):
        if isinstance(item, Rejection):
            print(item.reason)
"""

from __future__ import annotations

import csv
import datetime as dt
import glob as globmod
import gzip
import io
import json
import os
import re
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from ..config import Settings
from ..models import RawDocument, Rejection

Item = RawDocument | Rejection

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
_EXTENSIONS = {
    ".txt": "text", ".text": "text", ".md": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
    ".csv": "csv", ".tsv": "tsv",
    ".warc": "warc", ".arc": "warc",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",
}
_GLOB_CHARS = re.compile(r"[*?\[]")
_DATE_IN_PATH = re.compile(r"(?<!\d)((?:19|20)\d{2})[-/_.]?(0[1-9]|1[0-2])[-/_.]?(0[1-9]|[12]\d|3[01])(?!\d)")
URL_TIMEOUT = 20.0
MIN_WORDS = 5  # fewer words extracted from a page: navigation only, no article
URL_MAX_REDIRECTS = 5


# --- small helpers -------------------------------------------------------------------------------

def iso_date(value: Any) -> str | None:
    """A date in any common form (ISO, RFC 822, "Jan 7, 2022", epoch struct) as ``YYYY-MM-DD``.

    Args:
        value: a string, ``datetime``/``date``, ``time.struct_time`` or None.

    Returns:
        ISO date, or None when it cannot be read.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "tm_year"):
        return dt.date(value.tm_year, value.tm_mon, value.tm_mday).isoformat()
    from dateutil import parser as dateparser

    try:
        return dateparser.parse(str(value), default=dt.datetime(1900, 1, 1)).date().isoformat()
    except (ValueError, OverflowError, TypeError):
        return None


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
    """Whether bytes are binary (NUL bytes or many control characters in the first 8 KB)."""
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16 text: its NUL bytes are half of each ASCII character
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return bool(head) and controls / len(head) > 0.05


def _pick(record: dict[str, Any], name: str, columns: dict[str, str]) -> Any:
    if name in columns:
        return record.get(columns[name])
    for key in FIELDS[name]:
        value = record.get(key)
        if value not in (None, ""):
            return value
    return None


def _authors(value: Any) -> tuple[str, ...]:
    if not value:
        return ()
    items = value if isinstance(value, list) else re.split(r"\s*(?:;|,|\band\b)\s*", str(value))
    return tuple(str(a).strip() for a in items if str(a).strip())


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
    text = _pick(record, "text", columns)
    if not isinstance(text, str) or not text.strip():
        return Rejection(origin, "read", f"{fmt} record has no text")
    def field(name: str) -> str | None:
        value = _pick(record, name, columns)
        return str(value).strip() if value not in (None, "") else None
    url = field("url")
    return RawDocument(
        origin=origin, text=text, title=field("title"), published=iso_date(_pick(record, "published", columns)),
        url=url, outlet=field("outlet") or outlet_from_url(url), license=field("license"), language=field("language"),
        authors=_authors(_pick(record, "authors", columns)), format=fmt, source_id=field("source_id"))


# --- formats -------------------------------------------------------------------------------------

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


def _site_title(title: str | None, sitename: str | None) -> str | None:
    """Strip a " · Site name" / " | Site" suffix that pages add to their <title>."""
    if not title or not sitename:
        return title
    m = re.match(rf"^(.*\S)\s*[|·•–—\-:]\s*{re.escape(sitename)}\s*$", title)
    return m.group(1) if m else title


def html_document(html: str, origin: str, url: str | None = None) -> Item:
    """Extract the article of an HTML page (or fragment) with trafilatura.

    Args:
        html: the page.
        origin: path or URL it came from.
        url: the page URL when known (WARC, feeds, http).

    Returns:
        RawDocument with title/date/author/site from the page metadata, or a Rejection.
    """
    import trafilatura

    if not re.search(r"<(html|body)\b", html[:5000], re.I):
        html = f"<html><body>{html}</body></html>"  # trafilatura finds no tree in a bare fragment
    # no date guessing from the running text: a press release's "on May 21, 2021" or a
    # copyright year is not its publication date
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                      date_extraction_params={"extensive_search": False, "original_date": True})
    meta = doc.as_dict() if doc is not None else {}
    text = meta.get("text") or ""
    if len(re.findall(r"\w+", text)) < MIN_WORDS:
        return Rejection(origin, "read", "no article text in HTML")
    lang = re.search(r"<html[^>]*\blang=[\"']?([A-Za-z]{2})\b", html[:5000], re.I)
    page_url = meta.get("url") or url
    hostname = meta.get("hostname") or outlet_from_url(page_url)
    return RawDocument(
        origin=origin, text=re.sub(r"\n+", "\n\n", text),
        title=_site_title(meta.get("title"), meta.get("sitename")),
        published=iso_date(meta.get("date")) or date_from_path(page_url or origin),
        url=page_url, outlet=meta.get("sitename") or hostname, license=meta.get("license"),
        language=lang.group(1).lower() if lang else None, authors=_authors(meta.get("author")),
        format="html")


def _text_document(data: bytes, origin: str) -> Item:
    text = decode_bytes(data)
    if text is None:
        return Rejection(origin, "read", "undecodable bytes (no text encoding fits)")
    if not text.strip():
        return Rejection(origin, "read", "empty document")
    return RawDocument(origin=origin, text=text, format="text")


def _read_jsonl(lines: Iterable[bytes], origin: str, columns: dict[str, str]) -> Iterator[Item]:
    """JSONL streamed line by line, so that a large file is read in constant memory."""
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


def _read_csv(data: bytes, origin: str, delimiter: str, columns: dict[str, str]) -> Iterator[Item]:
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


def _read_warc(stream: io.BufferedIOBase, origin: str, settings: Settings) -> Iterator[Item]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        for record in ArchiveIterator(stream):
            if record.rec_type not in ("response", "resource"):
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI") or origin
            status = record.http_headers.get_statuscode() if record.http_headers else "200"
            if status and not status.startswith("2"):
                yield Rejection(uri, "read", f"HTTP status {status} in WARC")
                continue
            ctype = (record.http_headers.get_header("Content-Type") if record.http_headers
                     else record.rec_headers.get_header("Content-Type")) or ""
            body = record.content_stream().read(settings.max_document_bytes + 1)
            if len(body) > settings.max_document_bytes:
                yield Rejection(uri, "read", "document larger than max_document_bytes")
            elif "html" in ctype or (not ctype and body.lstrip()[:1] == b"<"):
                yield _html_bytes(body, uri, uri)
            elif ctype.startswith("text/"):
                yield _text_document(body, uri)
    except (ArchiveLoadFailed, OSError, ValueError, EOFError) as e:
        yield Rejection(origin, "read", f"bad WARC: {e}")


def _html_bytes(data: bytes, origin: str, url: str | None = None) -> Item:
    html = decode_bytes(data)
    if html is None:
        return Rejection(origin, "read", "undecodable bytes (no text encoding fits)")
    return html_document(html, origin, url)


def _read_feed(data: bytes, origin: str, settings: Settings,
               fetch: Callable[[str], bytes] | None = None) -> Iterator[Item]:
    """Feed items as documents; ``fetch`` (given for feeds the user named by URL) reads linked pages."""
    import feedparser

    feed = feedparser.parse(data)
    if not feed.entries:
        reason = f"not a readable feed: {feed.get('bozo_exception')}" if feed.get("bozo") else "feed has no items"
        yield Rejection(origin, "read", reason)
        return
    outlet = feed.feed.get("title")
    base = Path(origin).parent if not origin.startswith(("http://", "https://", "-")) else None
    for number, entry in enumerate(feed.entries, start=1):
        link = entry.get("link")
        item = _feed_item(entry, link or f"{origin}#{number}", link, base, fetch)
        if isinstance(item, RawDocument):
            item = RawDocument(
                origin=item.origin, text=item.text, title=entry.get("title") or item.title,
                published=iso_date(entry.get("published_parsed") or entry.get("updated_parsed")) or item.published,
                url=link or item.url, outlet=outlet or item.outlet, license=item.license,
                language=item.language, authors=_authors(entry.get("author")) or item.authors, format="feed",
                source_id=entry.get("id"))
        yield item


def _feed_item(entry: Any, where: str, link: str | None, base: Path | None,
               fetch: Callable[[str], bytes] | None) -> Item:
    """One item's article: its linked local page, its full content, its linked web page, or its summary."""
    local = _local_link(link, base)
    if local:
        return _html_bytes(local.read_bytes(), where, link)
    if entry.get("content"):
        return html_document(entry.content[0].value, where, link)
    if fetch and link and link.startswith(("http://", "https://")):
        try:
            return _html_bytes(fetch(link), where, link)
        except Exception as e:  # one unreachable page is one rejection
            return Rejection(where, "read", f"{type(e).__name__}: {e}")
    summary = entry.get("summary", "")
    return html_document(summary, where, link) if summary.strip() else Rejection(where, "read", "feed item has no content")


def _local_link(link: str | None, base: Path | None) -> Path | None:
    """A feed item link that names a local file (``file://`` or relative to the feed)."""
    if not link or link.startswith(("http://", "https://")):
        return None
    path = Path(link[7:] if link.startswith("file://") else link)
    if not path.is_absolute() and base is not None:
        path = base / path
    return path if path.is_file() else None


# --- dispatch ------------------------------------------------------------------------------------

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
        Iterator of RawDocument and Rejection.
    """
    name = name or origin
    is_warc = name.lower().endswith((".warc.gz", ".arc.gz", ".warc", ".arc"))
    if stream.peek(2)[:2] == b"\x1f\x8b" and not is_warc:
        stream = io.BufferedReader(gzip.GzipFile(fileobj=stream))  # type: ignore[arg-type]
        name = name[:-3] if name.lower().endswith(".gz") else name
    head = stream.peek(4096)[:4096]
    fmt = "warc" if is_warc else sniff_format(name, head)
    if fmt == "warc":
        yield from _read_warc(stream, origin, settings)
        return
    if not head.strip() and not stream.read(1 << 16).strip():
        yield Rejection(origin, "read", "empty document")
        return
    if looks_binary(head):
        yield Rejection(origin, "read", "binary content, not text")
        return
    if fmt == "jsonl":
        yield from _read_jsonl(stream, origin, columns or {})
        return
    data = stream.read(settings.max_document_bytes + 1)
    if fmt in ("csv", "tsv"):
        yield from _read_csv(data, origin, "\t" if fmt == "tsv" else ",", columns or {})
    elif fmt == "feed":
        yield from _read_feed(data, origin, settings, fetch)
    elif len(data) > settings.max_document_bytes:
        yield Rejection(origin, "read", "document larger than max_document_bytes")
    elif fmt == "html":
        yield _html_bytes(data, origin)
    else:
        yield _text_document(data, origin)


def fetch_url(url: str, settings: Settings, client: Any = None) -> bytes:
    """Download a URL the user named: timeouts, redirect limit, size cap, content-type check.

    Args:
        url: http(s) URL.
        settings: ``max_document_bytes`` caps the body.
        client: an ``httpx.Client`` (tests inject one with a mock transport).

    Returns:
        The body bytes.

    Raises:
        ValueError: unsupported content type or body too large.
        httpx.HTTPError: network or HTTP failure.
    """
    import httpx

    own = client is None
    client = client or httpx.Client(timeout=URL_TIMEOUT, follow_redirects=True, max_redirects=URL_MAX_REDIRECTS,
                                    headers={"User-Agent": "eventwire (+https://pypi.org/project/eventwire)"})
    try:
        with client.stream("GET", url) as response:
            response.raise_for_status()
            ctype = response.headers.get("content-type", "")
            if ctype and not re.match(r"(text/|application/(xhtml|xml|rss|atom|json|x-ndjson|warc|gzip))", ctype):
                raise ValueError(f"unsupported content type {ctype}")
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > settings.max_document_bytes:
                    raise ValueError("document larger than max_document_bytes")
            return bytes(body)
    finally:
        if own:
            client.close()


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
    for entry in inputs:
        found = False
        for target in _expand(entry):
            found = True
            yield from _read_one(target, settings, columns, stdin, client)
        if not found:
            yield Rejection(entry, "read", "no files match" if _GLOB_CHARS.search(entry) else "empty directory")


def _read_one(target: Path | str, settings: Settings, columns: dict[str, str] | None,
              stdin: Callable[[], bytes] | None, client: Any) -> Iterator[Item]:
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
        try:
            yield from read_stream(stream, origin, settings, columns=columns, fetch=fetch)
        except (gzip.BadGzipFile, zlib.error, EOFError) as e:
            yield Rejection(origin, "read", f"bad gzip data: {e}")
        except Exception as e:  # a library failing on one odd file must not stop the others
            yield Rejection(origin, "read", f"{type(e).__name__}: {e}")
