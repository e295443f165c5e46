"""Fuzz targets: one per reader (and the cleaner and dateline/byline parsers), bytes in, invariants checked.

Each target takes arbitrary bytes and must return normally: a reader yields only
``RawDocument``/``Rejection`` items, at least one, every rejection with a reason, no
document over ``max_document_bytes``. Any exception is a bug. The same functions serve
the bounded mutation fuzzer in ``fuzz/run.py`` (default test run) and atheris (``--atheris``).

The seeds are small invented inputs, one valid example of each format.
"""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Callable

from eventwire.config import Settings, load_settings
from eventwire.models import RawDocument, Rejection

SETTINGS: Settings = load_settings().replace(max_document_bytes=200_000)
SENTENCE = "OSLO, Jan 7 (Reuters) - The foreign minister of Norway met the ambassador of Chile on Monday."


def _warc_seed() -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    body = f"<html><body><p>{SENTENCE}</p></body></html>".encode()
    writer.write_record(writer.create_warc_record("https://news.example/a", "response", payload=io.BytesIO(body),
                                                  http_headers=headers))
    return out.getvalue()


SEEDS: dict[str, list[bytes]] = {
    "text": [SENTENCE.encode(), (SENTENCE + "\n\nReporting by Ann Lee; Editing by Bo Park").encode("utf-16")],
    "html": [f"<html><head><title>T</title></head><body><article><p>{SENTENCE}</p></article></body></html>".encode()],
    "jsonl": [b"\n".join(json.dumps({"text": SENTENCE, "published": "2022-01-07", "url": "https://a.example/x"})
                         .encode() for _ in range(2))],
    "csv": [f'text,title,date\n"{SENTENCE}",T,2022-01-07\n'.encode()],
    "warc": [_warc_seed()],
    "feed": [f'<?xml version="1.0"?><rss><channel><title>W</title><item><title>a</title><link>https://a.example/1'
             f"</link><description>{SENTENCE}</description></item></channel></rss>".encode()],
    "gzip": [gzip.compress(SENTENCE.encode())],
}
NAMES = {"text": "doc.txt", "html": "doc.html", "jsonl": "doc.jsonl", "csv": "doc.csv", "warc": "doc.warc",
         "feed": "doc.xml", "gzip": "doc.txt.gz"}


def check_items(items: list[object], max_bytes: int) -> None:
    """The reader invariants: at least one item, each a document within the cap or a rejection with a reason."""
    assert items, "an input yielded neither a document nor a rejection"
    for item in items:
        if isinstance(item, Rejection):
            assert item.stage == "read" and item.reason.strip()
        else:
            assert isinstance(item, RawDocument), type(item)
            assert item.text.strip() and len(item.text) <= max_bytes


def reader_target(fmt: str) -> Callable[[bytes], None]:
    """The fuzz target of one reader: bytes read as a file named for the format."""
    from eventwire.stages.read import read_bytes

    name = NAMES[fmt]

    def target(data: bytes) -> None:
        check_items(list(read_bytes(data, name, SETTINGS, name=name)), SETTINGS.max_document_bytes)

    target.__name__ = f"fuzz_read_{fmt}"
    return target


def sniffed_target(data: bytes) -> None:
    """Bytes with no telling name: the format is sniffed from the content."""
    from eventwire.stages.read import read_bytes

    check_items(list(read_bytes(data, "input", SETTINGS)), SETTINGS.max_document_bytes)


def clean_target(data: bytes) -> None:
    """The cleaner on any text: never raises, and drops only what was in the input."""
    from eventwire.stages.clean import clean_text

    text = data.decode("utf-8", "replace")
    result = clean_text(text, SETTINGS)
    assert isinstance(result.text, str)
    assert all(d.reason for d in result.dropped)


def meta_target(data: bytes) -> None:
    """Dateline, credit-line and relative-date parsers on any text."""
    from eventwire.stages.meta import find_dateline, is_credit_line, parse_credits, parse_dateline, resolve_date

    text = data.decode("utf-8", "replace")
    line = parse_dateline(text)
    if line is not None:
        assert 0 <= line.start <= line.end <= len(text)
        assert line.month is None or 1 <= line.month <= 12
    find_dateline(text)
    for row in text.splitlines()[:20]:
        if is_credit_line(row):
            reporters, editors = parse_credits(row)
            assert all(isinstance(n, str) and n for n in reporters + editors)
    resolved = resolve_date(text[:400], "2022-01-07")
    assert resolved is None or len(resolved) == 10


TARGETS: dict[str, Callable[[bytes], None]] = {
    **{f"read_{fmt}": reader_target(fmt) for fmt in SEEDS},
    "read_sniffed": sniffed_target,
    "clean": clean_target,
    "meta": meta_target,
}
TARGET_SEEDS: dict[str, list[bytes]] = {
    **{f"read_{fmt}": seeds for fmt, seeds in SEEDS.items()},
    "read_sniffed": [s for seeds in SEEDS.values() for s in seeds],
    "clean": SEEDS["text"] + [b"Subscribe now\n\nRead more: x\n\n" + SENTENCE.encode()],
    "meta": SEEDS["text"] + [b"TOKYO / WASHINGTON, Feb 29 (AFP) - on Friday\nReporting by A B; Editing by C D"],
}
