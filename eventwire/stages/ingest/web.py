"""http(s) URLs the user names (httpx): timeouts, a redirect limit, a size cap, a content-type check."""

from __future__ import annotations

import re
from typing import Any

from ...config import Settings

URL_TIMEOUT = 20.0
URL_MAX_REDIRECTS = 5


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
