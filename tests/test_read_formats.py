"""Readers: every format on small hand-made files, and broken inputs as rejections."""

from __future__ import annotations

import gzip
import io
import json

import httpx
import pytest

from eventwire.models import RawDocument, Rejection
from eventwire.stages.read import (
    date_from_path,
    outlet_from_url,
    decode_bytes,
    iso_date,
    read_bytes,
    read_inputs,
    read_text,
    sniff_format,
)
from tests.conftest import TEST_DATA

READ_DATA = TEST_DATA / "read"
ARTICLE = ("The foreign ministers met in Geneva on Friday and agreed to resume talks on the border dispute, "
           "officials said.\n\nThe next round is due in March.\n")


def _docs(items):
    return [i for i in items if isinstance(i, RawDocument)]


def _rejections(items):
    return [i for i in items if isinstance(i, Rejection)]


def test_read_text_utf8_file(tmp_path, settings):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    [doc] = list(read_inputs([str(path)], settings))
    assert doc.text == ARTICLE and doc.format == "text" and doc.origin == str(path)


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "utf-16"])
def test_read_text_detects_encoding(tmp_path, settings, encoding):
    text = "Le président a déclaré à la presse que la réunion était très productive et que les négociations continueront."
    path = tmp_path / "fr.txt"
    path.write_bytes(text.encode(encoding))
    [doc] = list(read_inputs([str(path)], settings))
    assert doc.text.strip() == text


def test_read_text_with_a_few_invalid_bytes_is_kept():
    data = ARTICLE.encode("utf-8") * 5 + b"\xff" + ARTICLE.encode("utf-8")
    text = decode_bytes(data)
    assert text is not None and "foreign ministers" in text


@pytest.mark.parametrize("name,data,reason", [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"  \n\n \t\n", "empty"),
    ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
    ("noise.txt", bytes((i * 37 + 11) % 256 for i in range(6000)), "binary"),
    ("bad.gz", b"\x1f\x8b\x08\x00garbage-not-gzip", "bad gzip"),
])
def test_read_broken_file_is_rejected(tmp_path, settings, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    [item] = list(read_inputs([str(path)], settings))
    assert isinstance(item, Rejection) and item.stage == "read" and reason in item.reason


def test_read_undecodable_bytes_rejected_not_raised():
    # no text encoding makes sense of this, and it has no NUL byte that would mark it binary
    data = bytes(b for b in range(1, 256) if b not in (9, 10, 13)) * 8
    items = list(read_bytes(data, "x.txt", _settings()))
    assert len(items) == 1 and isinstance(items[0], Rejection)


def _settings():
    from eventwire.config import load_settings

    return load_settings()


def test_read_missing_path_and_unmatched_glob_are_rejections(tmp_path, settings):
    items = list(read_inputs([str(tmp_path / "nope.txt"), str(tmp_path / "*.nothing")], settings))
    assert [i.reason for i in items] == ["no such file", "no files match"]


def test_read_directory_recursive_and_glob(tmp_path, settings):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "sub" / "b.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / ".hidden").write_text("secret", encoding="utf-8")
    docs = _docs(read_inputs([str(tmp_path)], settings))
    assert sorted(d.origin.rsplit("/", 1)[1] for d in docs) == ["a.txt", "b.txt"]
    globbed = _docs(read_inputs([str(tmp_path / "**" / "*.txt")], settings))
    assert len(globbed) == 2


def test_read_stdin(settings):
    [doc] = list(read_inputs(["-"], settings, stdin=lambda: ARTICLE.encode("utf-8")))
    assert doc.origin == "-" and doc.text == ARTICLE


def test_read_gzip_text(tmp_path, settings):
    path = tmp_path / "a.txt.gz"
    path.write_bytes(gzip.compress(ARTICLE.encode("utf-8")))
    [doc] = list(read_inputs([str(path)], settings))
    assert doc.text == ARTICLE


def test_read_jsonl_records_and_bad_lines(tmp_path, settings):
    lines = [
        json.dumps({"id": "a1", "text": ARTICLE, "title": "Talks", "date": "2022-01-07T10:00:00Z",
                    "url": "https://x.example/a1", "outlet": "Example", "license": "CC BY 4.0",
                    "author": "Jane Doe; John Roe", "language": "en"}),
        "{not json",
        json.dumps({"title": "no text"}),
        "",
        json.dumps(["not", "an", "object"]),
        json.dumps({"content": "Second article body."}),
    ]
    path = tmp_path / "docs.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_inputs([str(path)], settings))
    docs, rejections = _docs(items), _rejections(items)
    assert [d.origin for d in docs] == [f"{path}:1", f"{path}:6"]
    first = docs[0]
    assert (first.title, first.published, first.url, first.outlet, first.license, first.source_id,
            first.authors, first.language) == (
        "Talks", "2022-01-07", "https://x.example/a1", "Example", "CC BY 4.0", "a1", ("Jane Doe", "John Roe"), "en")
    assert docs[1].text == "Second article body."
    assert [r.origin.rsplit(":", 1)[1] for r in rejections] == ["2", "3", "5"]
    assert "line 2" in rejections[0].reason


def test_read_gzipped_jsonl(tmp_path, settings):
    path = tmp_path / "docs.jsonl.gz"
    path.write_bytes(gzip.compress((json.dumps({"text": ARTICLE}) + "\n").encode("utf-8")))
    [doc] = list(read_inputs([str(path)], settings))
    assert doc.format == "jsonl" and doc.text == ARTICLE


def test_read_csv_with_explicit_columns(settings):
    items = list(read_inputs([str(READ_DATA / "items.csv")], settings, columns={"published": "day"}))
    [doc], [rejection] = _docs(items), _rejections(items)
    assert (doc.title, doc.published, doc.url) == ("Talks resume", "2022-01-10", "https://x.example/1")
    assert doc.outlet == "x.example"  # no outlet column: the site of the URL
    assert "no text" in rejection.reason


def test_read_tsv(settings):
    [doc] = list(read_inputs([str(READ_DATA / "items.tsv")], settings))
    assert doc.title == "Treaty signed" and doc.published == "2022-01-07"


def test_read_csv_without_text_column_is_one_rejection(tmp_path, settings):
    path = tmp_path / "meta.csv"
    path.write_text("id,kind\n1,a\n2,b\n", encoding="utf-8")
    [item] = list(read_inputs([str(path)], settings))
    assert isinstance(item, Rejection) and "no text column" in item.reason


def test_read_html_page_metadata(settings):
    [doc] = list(read_inputs([str(READ_DATA / "page.html")], settings))
    assert doc.format == "html"
    assert doc.title == "Ministers agree on new border talks"
    assert doc.published == "2022-03-04"
    assert doc.outlet == "The Example Gazette"
    assert doc.authors == ("Jane Doe",)
    assert doc.url == "https://gazette.example.org/world/2022/03/04/border-talks"
    assert doc.language == "en"
    assert "disputed border" in doc.text and "Subscribe" not in doc.text
    # paragraphs are separated by a blank line, as the cleaner expects
    assert doc.text.count("\n\n") >= 2


def test_read_html_without_article_text_is_rejected(tmp_path, settings):
    path = tmp_path / "nav.html"
    path.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>", encoding="utf-8")
    [item] = list(read_inputs([str(path)], settings))
    assert isinstance(item, Rejection) and "no article text" in item.reason


def test_read_rss_items_and_local_linked_page(settings):
    items = list(read_inputs([str(READ_DATA / "feed" / "feed.xml")], settings))
    docs, rejections = _docs(items), _rejections(items)
    assert [d.title for d in docs] == ["Envoys meet to discuss ceasefire", "Parliament approves defence budget"]
    assert [d.published for d in docs] == ["2022-05-02", "2022-05-03"]
    assert all(d.outlet == "Example Wire Feed" and d.format == "feed" for d in docs)
    assert "besieged city" in docs[0].text
    # the second item has only a teaser; its local linked page gives the article
    assert "air defence systems" in docs[1].text
    assert len(rejections) == 1 and "no content" in rejections[0].reason


def test_read_atom_feed(tmp_path, settings):
    atom = ("<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'><title>Atom Wire</title>"
            "<entry><title>Summit ends</title><link href='https://a.example/1'/><updated>2021-11-05T10:00:00Z</updated>"
            "<content type='html'>&lt;p&gt;The summit ended on Friday with a joint declaration on climate finance "
            "signed by all delegations present.&lt;/p&gt;</content></entry></feed>")
    path = tmp_path / "atom.xml"
    path.write_text(atom, encoding="utf-8")
    [doc] = list(read_inputs([str(path)], settings))
    assert (doc.title, doc.published, doc.outlet) == ("Summit ends", "2021-11-05", "Atom Wire")


def _warc(path, records):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=str(path).endswith(".gz"))
        for uri, status, ctype, body in records:
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_read_warc_html_and_text_responses(tmp_path, settings, name):
    html = (READ_DATA / "page.html").read_bytes()
    path = tmp_path / name
    _warc(path, [
        ("https://gazette.example.org/a", "200 OK", "text/html; charset=utf-8", html),
        ("https://gazette.example.org/b.txt", "200 OK", "text/plain", ARTICLE.encode("utf-8")),
        ("https://gazette.example.org/missing", "404 Not Found", "text/html", b"<p>gone</p>"),
        ("https://gazette.example.org/logo.png", "200 OK", "image/png", b"\x89PNG..."),
    ])
    items = list(read_inputs([str(path)], settings))
    docs, rejections = _docs(items), _rejections(items)
    assert [d.origin for d in docs] == ["https://gazette.example.org/a", "https://gazette.example.org/b.txt"]
    assert docs[0].title == "Ministers agree on new border talks" and docs[1].text == ARTICLE
    assert len(rejections) == 1 and "404" in rejections[0].reason


def test_read_truncated_warc_is_a_rejection(tmp_path, settings):
    path = tmp_path / "broken.warc"
    path.write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 999\r\n\r\nshort")
    items = list(read_inputs([str(path)], settings))
    assert items and all(isinstance(i, Rejection) for i in items)


def test_read_url_with_injected_transport(settings):
    html = (READ_DATA / "page.html").read_bytes()

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/image":
            return httpx.Response(200, content=b"\x89PNG", headers={"content-type": "image/png"})
        if request.url.path == "/gone":
            return httpx.Response(404)
        return httpx.Response(200, content=html, headers={"content-type": "text/html"})

    client = httpx.Client(transport=httpx.MockTransport(handler))
    urls = ["https://gazette.example.org/a.html", "https://x.example/image", "https://x.example/gone"]
    items = list(read_inputs(urls, settings, client=client))
    assert isinstance(items[0], RawDocument) and items[0].title == "Ministers agree on new border talks"
    assert "content type" in items[1].reason and "404" in items[2].reason


def test_read_text_builds_raw_document():
    raw = read_text("Some text.", origin="x", published="Jan 7, 2022", title=None)
    assert (raw.origin, raw.published, raw.title) == ("x", "2022-01-07", None)


@pytest.mark.parametrize("name,head,fmt", [
    ("a.html", b"", "html"),
    ("a", b"WARC/1.0\r\n", "warc"),
    ("a", b"<?xml version='1.0'?><rss version='2.0'>", "feed"),
    ("a.xml", b"<?xml version='1.0'?><root/>", "html"),
    ("a", b"<!DOCTYPE html><html>", "html"),
    ("a", b'{"text": "x"}\n', "jsonl"),
    ("a", b"Plain words here.", "text"),
])
def test_read_sniff_format(name, head, fmt):
    assert sniff_format(name, head) == fmt


@pytest.mark.parametrize("value,expected", [
    ("2022-01-07", "2022-01-07"), ("Fri, 07 Jan 2022 10:00:00 GMT", "2022-01-07"), ("Jan. 7, 2022", "2022-01-07"),
    ("not a date", None), (None, None), ("2022-01-07T23:30:00-05:00", "2022-01-07"),
    ("May 2021", None), ("2022", None), ("Jan 7", None),
])
def test_read_iso_date(value, expected):
    assert iso_date(value) == expected


@pytest.mark.parametrize("origin,expected", [
    ("https://site.example/world/2022/03/04/story", "2022-03-04"),
    ("html/state-2021-05-21-seventh-dialogue.html", "2021-05-21"),
    ("notes/20220107_brief.txt", "2022-01-07"),
    ("https://site.example/story-12345678", None),
    ("a-2022-13-45.html", None),
])
def test_read_date_from_path(origin, expected):
    assert date_from_path(origin) == expected


@pytest.mark.parametrize("url,outlet", [
    ("https://www.reuters.com/world/asia/story", "reuters.com"), ("http://en.wikinews.org/wiki/X", "en.wikinews.org"),
    ("file.txt", None), (None, None),
])
def test_read_outlet_from_url(url, outlet):
    assert outlet_from_url(url) == outlet


def test_read_feed_by_url_fetches_linked_pages(settings):
    feed = ("<?xml version='1.0'?><rss version='2.0'><channel><title>Remote Wire</title>"
            "<item><title>Teaser only</title><link>https://wire.example.org/story</link>"
            "<description>Short teaser.</description></item>"
            "<item><title>Broken link</title><link>https://wire.example.org/missing</link></item>"
            "</channel></rss>").encode("utf-8")
    page = (READ_DATA / "page.html").read_bytes()

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/feed.xml":
            return httpx.Response(200, content=feed, headers={"content-type": "application/rss+xml"})
        if request.url.path == "/story":
            return httpx.Response(200, content=page, headers={"content-type": "text/html"})
        return httpx.Response(404)

    client = httpx.Client(transport=httpx.MockTransport(handler))
    items = list(read_inputs(["https://wire.example.org/feed.xml"], settings, client=client))
    assert isinstance(items[0], RawDocument) and "disputed border" in items[0].text
    assert items[0].title == "Teaser only" and items[0].outlet == "Remote Wire"
    assert isinstance(items[1], Rejection) and "404" in items[1].reason
