"""RSS and Atom feeds (feedparser): each item is a document, from its content or its linked page."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ...config import Settings
from ...models import RawDocument, Rejection
from .common import Item, authors_of, iso_date
from .html import html_bytes, html_document


def read_feed(data: bytes, origin: str, settings: Settings,
              fetch: Callable[[str], bytes] | None = None) -> Iterator[Item]:
    """Feed items as documents, with the item's title, date, link and the feed's title as outlet.

    Args:
        data: the feed's bytes.
        origin: the feed's path or URL.
        settings: Settings.
        fetch: reads a URL; given for feeds the user named by URL, so that items with only a
            teaser get their linked page.

    Returns:
        Iterator of RawDocument and Rejection (an unreadable feed, an item without content).
    """
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
        item = _feed_item(entry, link or f"{origin}#{number}", link, base, fetch, settings.max_document_bytes)
        if isinstance(item, RawDocument):
            item = RawDocument(
                origin=item.origin, text=item.text, title=entry.get("title") or item.title,
                published=iso_date(entry.get("published_parsed") or entry.get("updated_parsed")) or item.published,
                url=link or item.url, outlet=outlet or item.outlet, license=item.license,
                language=item.language, authors=authors_of(entry.get("author")) or item.authors, format="feed",
                source_id=entry.get("id"))
        yield item


def _feed_item(entry: Any, where: str, link: str | None, base: Path | None,
               fetch: Callable[[str], bytes] | None, max_bytes: int) -> Item:
    """One item's article: its linked local page, its full content, its linked web page, or its summary."""
    local = _local_link(link, base)
    if local:
        if local.stat().st_size > max_bytes:
            return Rejection(where, "read", "document larger than max_document_bytes")
        return html_bytes(local.read_bytes(), where, link)
    if entry.get("content"):
        return html_document(entry.content[0].value, where, link)
    if fetch and link and link.startswith(("http://", "https://")):
        try:
            return html_bytes(fetch(link), where, link)
        except Exception as e:  # one unreachable page is one rejection
            return Rejection(where, "read", f"{type(e).__name__}: {e}")
    summary = entry.get("summary", "")
    return html_document(summary, where, link) if summary.strip() else Rejection(where, "read", "feed item has no content")


def _local_link(link: str | None, base: Path | None) -> Path | None:
    """A feed item link that names a local file beside the feed (relative or ``file://``).

    Only a feed read from a local file (``base`` set) may link local pages, and only inside
    its own directory: a feed is untrusted content, and ``../../etc/passwd`` or
    ``file:///home/...`` in a link must not put the reader's own files into the store.
    """
    if base is None or not link or link.startswith(("http://", "https://")):
        return None
    path = Path(link[7:] if link.startswith("file://") else link)
    try:
        path = (base / path).resolve()  # an absolute path stays itself; the check below decides
        inside = path.is_relative_to(base.resolve())
    except (OSError, ValueError):  # NUL bytes, names too long: not a usable link
        return None
    return path if inside and path.is_file() else None
