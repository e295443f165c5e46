"""HTML pages and fragments: trafilatura extracts the article body and the page metadata."""

from __future__ import annotations

import re

from ...models import RawDocument, Rejection
from .common import Item, authors_of, date_from_path, decode_bytes, iso_date, outlet_from_url

MIN_WORDS = 5  # fewer words extracted from a page: navigation only, no article


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
        language=lang.group(1).lower() if lang else None, authors=authors_of(meta.get("author")),
        format="html")


def html_bytes(data: bytes, origin: str, url: str | None = None) -> Item:
    """``html_document`` on bytes of unknown encoding.

    Args:
        data: the page's bytes.
        origin: path or URL it came from.
        url: the page URL when known.

    Returns:
        RawDocument or Rejection.
    """
    html = decode_bytes(data)
    if html is None:
        return Rejection(origin, "read", "undecodable bytes (no text encoding fits)")
    return html_document(html, origin, url)
