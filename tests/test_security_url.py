"""URL reading (issue 9): only http(s) URLs the user names, no other scheme through redirects, bounded.

Every test injects an ``httpx.MockTransport``: no real network. The transport records each
request, so a test can show that a forbidden hop was never even attempted.
"""

from __future__ import annotations

import httpx
import pytest

from eventwire.config import load_settings
from eventwire.models import RawDocument, Rejection
from eventwire.stages.ingest.web import URL_MAX_REDIRECTS, fetch_url
from eventwire.stages.read import read_inputs

PAGE = (b"<html><head><title>Talks resume</title></head><body><article><p>The foreign minister of Norway met "
        b"the ambassador of Chile in Oslo on Monday to discuss fishing rights.</p></article></body></html>")


def _client(routes: dict[str, httpx.Response], seen: list[str]) -> httpx.Client:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return routes.get(request.url.path, httpx.Response(404))

    return httpx.Client(transport=httpx.MockTransport(handler), follow_redirects=True)


def _redirect(location: str, status: int = 302) -> httpx.Response:
    return httpx.Response(status, headers={"location": location})


@pytest.mark.parametrize("location", ["file:///etc/passwd", "FILE:///etc/passwd", "ftp://example.org/a",
                                      "gopher://example.org:70/", "data:text/html,<p>x</p>", "javascript:alert(1)"])
def test_security_url_redirect_to_another_scheme_is_refused(settings, location):
    seen: list[str] = []
    client = _client({"/a": _redirect(location)}, seen)
    [item] = list(read_inputs(["https://news.example/a"], settings, client=client))
    # refused by the scheme check, or earlier by httpx as an invalid URL
    assert isinstance(item, Rejection) and ("only http(s)" in item.reason or "InvalidURL" in item.reason)
    assert seen == ["https://news.example/a"]  # the forbidden hop was never requested


def test_security_url_redirects_within_http_are_followed(settings):
    seen: list[str] = []
    client = _client({"/a": _redirect("/b", 301), "/b": _redirect("http://mirror.example/c", 307),
                      "/c": httpx.Response(200, content=PAGE, headers={"content-type": "text/html"})}, seen)
    [doc] = list(read_inputs(["https://news.example/a"], settings, client=client))
    assert isinstance(doc, RawDocument) and doc.title == "Talks resume"
    assert seen == ["https://news.example/a", "https://news.example/b", "http://mirror.example/c"]


def test_security_url_redirect_loop_is_bounded(settings):
    seen: list[str] = []
    client = _client({"/loop": _redirect("/loop")}, seen)
    [item] = list(read_inputs(["https://news.example/loop"], settings, client=client))
    assert isinstance(item, Rejection) and "redirects" in item.reason
    assert len(seen) == URL_MAX_REDIRECTS + 1


@pytest.mark.parametrize(("response", "reason"), [
    (httpx.Response(200, content=b"\x89PNG", headers={"content-type": "image/png"}), "content type"),
    (httpx.Response(200, content=b"x", headers={"content-type": "text/html", "content-length": "999999999"}),
     "max_document_bytes"),
    (httpx.Response(200, content=b"<p>" + b"a" * 5000, headers={"content-type": "text/html"}), "max_document_bytes"),
    (httpx.Response(500), "500"),
])
def test_security_url_type_size_and_status_checks(response, reason):
    settings = load_settings().replace(max_document_bytes=1000)
    client = _client({"/a": response}, [])
    [item] = list(read_inputs(["https://news.example/a"], settings, client=client))
    assert isinstance(item, Rejection) and reason in item.reason


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/a", "//example.org/a"])
def test_security_fetch_url_refuses_other_schemes_outright(settings, url):
    seen: list[str] = []
    with pytest.raises((ValueError, httpx.UnsupportedProtocol)):
        fetch_url(url, settings, _client({}, seen))
    assert seen == []


def test_security_url_entries_other_than_http_are_paths_not_urls(tmp_path, settings, monkeypatch):
    """``file://`` named on the command line is looked up as a (missing) path, never opened as a URL."""
    monkeypatch.chdir(tmp_path)
    [item] = list(read_inputs(["file:///etc/passwd"], settings, client=_client({}, [])))
    assert isinstance(item, Rejection) and item.reason == "no such file"


def test_security_url_feed_items_follow_the_same_rules(settings):
    feed = (b'<?xml version="1.0"?><rss><channel><title>Wire</title>'
            b"<item><title>a</title><link>https://news.example/page</link></item>"
            b"<item><title>b</title><link>file:///etc/passwd</link></item></channel></rss>")
    seen: list[str] = []
    client = _client({"/feed.xml": httpx.Response(200, content=feed, headers={"content-type": "application/rss+xml"}),
                      "/page": _redirect("file:///etc/passwd")}, seen)
    items = list(read_inputs(["https://news.example/feed.xml"], settings, client=client))
    assert len(items) == 2 and all(isinstance(i, Rejection) for i in items)
    assert all(u.startswith("https://") for u in seen)
