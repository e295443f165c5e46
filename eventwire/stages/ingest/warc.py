"""WARC and WARC.gz archives (warcio): HTML and text responses become documents."""

from __future__ import annotations

import io
from collections.abc import Iterator

from ...config import Settings
from ...models import Rejection
from .common import Item, text_document
from .html import html_bytes


def read_warc(stream: io.BufferedIOBase, origin: str, settings: Settings) -> Iterator[Item]:
    """Documents of the 2xx response and resource records of a WARC (gzipped or not).

    Args:
        stream: the archive, read sequentially.
        origin: the archive's path (for a rejection of the whole file).
        settings: ``max_document_bytes`` caps each record.

    Returns:
        Iterator of RawDocument (origin = the record's target URI) and Rejection (non-2xx
        responses, oversized records, a corrupt archive, an archive without documents).
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    records = 0
    try:
        for record in ArchiveIterator(stream):
            if record.rec_type not in ("response", "resource"):
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI") or origin
            status = record.http_headers.get_statuscode() if record.http_headers else "200"
            records += 1  # records that yield a document or a rejection
            if status and not status.startswith("2"):
                yield Rejection(uri, "read", f"HTTP status {status} in WARC")
                continue
            ctype = (record.http_headers.get_header("Content-Type") if record.http_headers
                     else record.rec_headers.get_header("Content-Type")) or ""
            body = record.content_stream().read(settings.max_document_bytes + 1)
            if len(body) > settings.max_document_bytes:
                yield Rejection(uri, "read", "document larger than max_document_bytes")
            elif "html" in ctype or (not ctype and body.lstrip()[:1] == b"<"):
                yield html_bytes(body, uri, uri)
            elif ctype.startswith("text/"):
                yield text_document(body, uri)
            else:
                records -= 1  # images, scripts...: not documents, and a crawl has many
    except (ArchiveLoadFailed, OSError, ValueError, EOFError, AttributeError) as e:
        # AttributeError: warcio on a record cut inside its headers (no status line to read)
        yield Rejection(origin, "read", f"bad WARC: {e or type(e).__name__}")
        return
    if not records:  # every input is accounted for: an archive without documents is a rejection
        yield Rejection(origin, "read", "WARC has no text or HTML records")
