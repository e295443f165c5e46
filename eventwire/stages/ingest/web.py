"""http(s) URLs the user names (httpx): timeouts, a redirect limit, a size cap, a content-type check.

Redirects are followed here, one hop at a time, rather than by httpx: each hop must stay on
http(s), so a server cannot send the reader to ``file://`` or any other scheme, whatever
client (or transport) is in use.
"""

from __future__ import annotations

import re
from typing import Any

from ...config import Settings

URL_TIMEOUT = 20.0
URL_MAX_REDIRECTS = 5
URL_SCHEMES = ("http", "https")
_CONTENT_TYPES = re.compile(r"(text/|application/(xhtml|xml|rss|atom|json|x-ndjson|warc|gzip))")


def fetch_url(url: str, settings: Settings, client: Any = None) -> bytes:
    """Download a URL the user named: timeouts, redirect limit, size cap, content-type check.

    Args:
        url: http(s) URL.
        settings: ``max_document_bytes`` caps the body.
        client: an ``httpx.Client`` (tests inject one with a mock transport).

    Returns:
        The body bytes.

    Raises:
        ValueError: a scheme other than http(s) (given or redirected to), too many redirects,
            an unsupported content type or a body too large.
        httpx.HTTPError: network or HTTP failure.
    """
    import httpx

    own = client is None
    client = client or httpx.Client(timeout=URL_TIMEOUT, follow_redirects=False,
                                    headers={"User-Agent": "eventwire (+https://pypi.org/project/eventwire)"})
    try:
        target = httpx.URL(url)
        for _ in range(URL_MAX_REDIRECTS + 1):
            if target.scheme not in URL_SCHEMES:
                raise ValueError(f"only http(s) URLs are read, not {target.scheme or 'a relative'} URL")
            with client.stream("GET", target, follow_redirects=False) as response:
                if not response.is_redirect:
                    return _body(response, settings.max_document_bytes)
                target = response.url.join(response.headers["location"])
        raise ValueError(f"more than {URL_MAX_REDIRECTS} redirects")
    finally:
        if own:
            client.close()


def _body(response: Any, max_bytes: int) -> bytes:
    """The body of a final (non-redirect) response, checked for status, type and size."""
    response.raise_for_status()
    ctype = response.headers.get("content-type", "")
    if ctype and not _CONTENT_TYPES.match(ctype):
        raise ValueError(f"unsupported content type {ctype}")
    length = response.headers.get("content-length", "")
    if length.isdigit() and int(length) > max_bytes:  # refused before any of it is read
        raise ValueError("document larger than max_document_bytes")
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        if len(body) > max_bytes:
            raise ValueError("document larger than max_document_bytes")
    return bytes(body)
