"""Hostile inputs (issue 9): every one is stored or rejected with a reason, none crashes a batch.

Each case is a file built here from invented text. Reader-level tests check the outcome of
each input; one ingest test checks the accounting over all of them (documents + duplicates
+ rejections = inputs) and that a document stored before survives; a few run the real CLI
in a subprocess and check that no traceback reaches the user.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from eventwire.config import load_settings
from eventwire.models import RawDocument, Rejection
from eventwire.stages.read import read_inputs

# invented sentences, no real article text
EN = ("The foreign minister of Norway met the ambassador of Chile in Oslo on Monday to discuss "
      "fishing rights, and the two governments agreed to hold further talks next month.")
FOREIGN = ("Le gouvernement a annoncé mardi de nouvelles mesures pour les agriculteurs de la région.\n\n"
           "Die Regierung hat am Dienstag neue Maßnahmen für die Landwirte der Region angekündigt.\n\n"
           "El gobierno anunció el martes nuevas medidas para los agricultores de la región.\n")
BIG = 20 * 1024 * 1024  # the "20 MB single-line file"


def _random_bytes(n: int, seed: int = 9) -> bytes:
    return random.Random(seed).randbytes(n)


def _warc_response(body: bytes, uri: str = "https://news.example/a") -> bytes:
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers))
    return out.getvalue()


# name -> (content builder, expected outcome). Outcome: "rejected", "stored", or "mixed"
# (a file of several records, some good and some bad). A substring names the reason expected.
CASES: dict[str, tuple[Callable[[], bytes], str, str]] = {
    "random.bin": (lambda: _random_bytes(4096), "rejected", "binary"),
    "random.txt": (lambda: _random_bytes(4096, 2), "rejected", "binary"),
    "random.html": (lambda: b"<html>" + _random_bytes(4096, 3), "rejected", ""),
    "empty.txt": (lambda: b"", "rejected", "empty"),
    "whitespace.txt": (lambda: " \n\t\r\n  \u3000\u00a0 \n".encode(), "rejected", "empty"),
    "nul.txt": (lambda: b"\x00" * 100, "rejected", "binary"),
    "latin1.txt": (lambda: ("L'ambassadeur a déclaré: «crème brûlée». " + EN).encode("latin-1"), "stored", ""),
    "mixed-encodings.txt": (lambda: EN.encode() + " café ".encode("latin-1") + " naïve ".encode() + EN.encode(),
                            "stored", ""),
    "utf16.txt": (lambda: EN.encode("utf-16"), "stored", ""),
    "bom-only.txt": (lambda: b"\xef\xbb\xbf", "rejected", "empty"),
    "bad-utf16.txt": (lambda: b"\xff\xfe" + b"\x00\xd8" * 10, "rejected", ""),
    "huge-line.txt": (lambda: b"word " * (BIG // 5), "rejected", "max_document_bytes"),
    "huge-line.jsonl": (lambda: b'{"text": "' + b"word " * (BIG // 5) + b'"}\n' + json.dumps({"text": EN}).encode(),
                        "mixed", "max_document_bytes"),
    "huge-field.csv": (lambda: b'text\n"' + b"word " * (BIG // 5) + b'"\n"' + EN.encode() + b'"\n',
                       "mixed", ""),
    "nested.html": (lambda: ("<html><body>" + "<div>" * 50_000 + EN + "</div>" * 50_000 + "</body></html>").encode(),
                    "any", ""),
    "truncated.html": (lambda: f"<html><head><title>Talks</title></head><body><article><p>{EN}".encode(), "stored", ""),
    "unclosed-tags.html": (lambda: ("<html><body>" + "<p><b><i><span>" * 2000 + EN).encode(), "any", ""),
    "malformed.jsonl": (lambda: b"\n".join([json.dumps({"text": EN}).encode(), b"{not json", b"[1, 2]", b'{"text": 5}',
                                            b'{"text": ""}', b'{"text": "cut', b"\xff\xfe\xfd\x80", b"[" * 100_000,
                                            json.dumps({"body": EN + " B"}).encode()]), "mixed", "invalid JSON"),
    "malformed.csv": (lambda: f'text,title\n"{EN}",ok\n"unterminated,quote\n'.encode(), "any", ""),
    "nul-row.csv": (lambda: f'text,title\n"{EN}",a\nx\x00y,b\n"{EN} Two",c\n'.encode(), "rejected", "binary"),
    "no-text-column.csv": (lambda: b"a,b\n1,2\n", "rejected", "no text column"),
    "header-only.csv": (lambda: b"text,title\n", "rejected", "no records"),
    "truncated.warc": (lambda: _warc_response(f"<html><body><p>{EN}</p></body></html>".encode())[:150], "rejected", ""),
    "cut-body.warc": (lambda: _warc_response(f"<html><body><p>{EN}</p></body></html>".encode())[:-60], "any", ""),
    "garbage.warc": (lambda: b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nHTTP/1.1 200 OK\r\n\r\n<html>",
                     "rejected", "WARC"),
    "not-a-warc.warc.gz": (lambda: gzip.compress(b"this is not an archive"), "rejected", "WARC"),
    "zero-bomb.txt.gz": (lambda: gzip.compress(b"\x00" * (64 * 1024 * 1024), 9), "rejected", "binary"),
    "text-bomb.txt.gz": (lambda: gzip.compress(b"a" * (64 * 1024 * 1024), 9), "rejected", "max_document_bytes"),
    "bomb.jsonl.gz": (lambda: gzip.compress(b"{" + b" " * (64 * 1024 * 1024), 9), "rejected", "max_document_bytes"),
    "truncated.txt.gz": (lambda: gzip.compress(EN.encode() * 20)[:40], "rejected", "gzip"),
    "rtl-zero-width.txt": (lambda: ("\u202e\u200b" + EN.replace(" ", " \u200b\u200d") + "\u2066\u202c\n\n"
                                    + "وزير الخارجية التقى السفير في أوسلو يوم الاثنين" + "\ufeff\u200f").encode(),
                           "stored", ""),
    "absurd-dates.jsonl": (lambda: "\n".join(json.dumps({"text": f"{EN} ({d})", "published": d}) for d in
                                            ["9999-99-99", "0001-01-01", "99999999999999", "-5000", "2022-02-30",
                                             "1e308", "Feb 31 20222", "x" * 10_000]).encode(), "stored", ""),
    "absurd-dateline.txt": (lambda: f"OSLO, Feb 31 (Wire) - {EN}\n\nOSLO, 99 Smarch 0000 - {EN}".encode(), "stored", ""),
    "foreign-only.txt": (lambda: FOREIGN.encode(), "stored", ""),
    "feed-traversal.xml": (lambda: b'<?xml version="1.0"?><rss><channel><title>F</title>'
                           b"<item><title>a</title><link>../../../../../../etc/passwd</link></item>"
                           b"<item><title>b</title><link>file:///etc/passwd</link></item>"
                           b"<item><title>c</title><link>/etc/hostname</link></item></channel></rss>",
                           "rejected", "no content"),
    "broken-feed.xml": (lambda: b'<?xml version="1.0"?><rss><channel><item><title>x', "rejected", ""),
}


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory) -> Path:
    """Every hostile input written to one directory (built once: some are 20 MB)."""
    folder = tmp_path_factory.mktemp("hostile")
    for name, (build, _, _) in CASES.items():
        (folder / name).write_bytes(build())
    return folder


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_input_is_stored_or_rejected_with_a_reason(hostile_dir, settings, name):
    _, expected, reason = CASES[name]
    items = list(read_inputs([str(hostile_dir / name)], settings))
    assert items, f"{name}: neither a document nor a rejection"
    assert all(isinstance(i, (RawDocument, Rejection)) for i in items)
    rejections = [i for i in items if isinstance(i, Rejection)]
    docs = [i for i in items if isinstance(i, RawDocument)]
    assert all(r.stage == "read" and r.reason.strip() for r in rejections)
    assert all(len(d.text.encode("utf-8", "surrogatepass")) <= settings.max_document_bytes for d in docs)
    if expected == "rejected":
        assert not docs and any(reason in r.reason for r in rejections), [r.reason for r in rejections]
    elif expected == "stored":
        assert docs and not rejections, [r.reason for r in rejections]
    elif expected == "mixed":
        assert docs and rejections and any(reason in r.reason for r in rejections)


def test_hostile_feed_cannot_read_local_files_outside_its_directory(hostile_dir, settings):
    items = list(read_inputs([str(hostile_dir / "feed-traversal.xml")], settings))
    assert len(items) == 3
    assert not any(isinstance(i, RawDocument) for i in items)
    assert not any("root:" in getattr(i, "text", "") for i in items)


def test_hostile_feed_still_reads_a_page_beside_it(tmp_path, settings):
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "a.html").write_text(f"<html><body><article><p>{EN}</p></article></body></html>")
    (tmp_path / "feed.xml").write_text('<?xml version="1.0"?><rss><channel><title>F</title><item><title>a</title>'
                                       "<link>pages/a.html</link></item></channel></rss>")
    [doc] = list(read_inputs([str(tmp_path / "feed.xml")], settings))
    assert isinstance(doc, RawDocument) and "fishing rights" in doc.text


def test_hostile_absurd_dates_are_dropped_not_stored(hostile_dir, settings):
    docs = list(read_inputs([str(hostile_dir / "absurd-dates.jsonl")], settings))
    assert len(docs) == 8 and all(d.published is None for d in docs)


def test_hostile_jsonl_line_numbers_survive_an_over_long_line(hostile_dir, settings):
    items = list(read_inputs([str(hostile_dir / "huge-line.jsonl")], settings))
    assert [type(i).__name__ for i in items] == ["Rejection", "RawDocument"]
    assert items[0].origin.endswith(":1") and items[1].origin.endswith(":2")


@pytest.mark.parametrize("limit", [100, 1000])
def test_hostile_max_document_bytes_is_a_setting(tmp_path, limit):
    settings = load_settings().replace(max_document_bytes=limit)
    (tmp_path / "a.txt").write_text("x " * limit)
    (tmp_path / "b.jsonl").write_text(json.dumps({"text": "y " * limit}) + "\n")
    (tmp_path / "c.csv").write_text("text\n" + "z " * limit + "\n")
    (tmp_path / "d.html").write_text(f"<html><body><p>{'w ' * limit}</p></body></html>")
    items = list(read_inputs([str(tmp_path)], settings))
    assert len(items) == 4
    assert all(isinstance(i, Rejection) and "max_document_bytes" in i.reason for i in items)


def test_hostile_inputs_are_all_accounted_for_and_nothing_stored_is_lost(hostile_dir, tmp_path, settings):
    """The whole hostile directory through a real ingest, into a store holding one document."""
    from eventwire.runner import ingest
    from eventwire.store import Store

    before = tmp_path / "before.txt"
    before.write_text(f"OSLO, Jan 7 (Wire) - {EN}")
    data = tmp_path / "data"
    first = ingest([str(before)], data, settings=settings, workers=1)
    assert first.stored == 1
    with Store(data) as store:
        kept = store.documents().to_pylist()
        kept_events = store.events().num_rows

    inputs = len(list(read_inputs([str(hostile_dir)], settings)))
    summary = ingest([str(hostile_dir), str(before)], data, settings=settings, workers=1)
    assert summary.failed == 0 and summary.failed_batches == 0
    assert summary.read == inputs + 1
    assert summary.stored + summary.duplicates + summary.skipped + summary.rejected == summary.read
    with Store(data) as store:
        stats = store.stats()
        assert stats["rejections"] == summary.rejected
        assert stats["documents"] == 1 + summary.stored
        docs = {d["doc_id"]: d for d in store.documents().to_pylist()}
        assert all(d["doc_id"] in docs for d in kept)
        assert store.events().num_rows >= kept_events
        assert not any(d["origin"].endswith("passwd") for d in docs.values())


def _cli(*args: str, cwd: Path, stdin: bytes | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.run([sys.executable, "-m", "eventwire", *args], cwd=cwd, input=stdin, capture_output=True,
                          timeout=timeout, env=env, check=False)


@pytest.mark.parametrize("name", ["random.bin", "empty.txt", "huge-line.txt", "garbage.warc", "zero-bomb.txt.gz",
                                  "not-a-warc.warc.gz", "truncated.txt.gz"])
def test_hostile_cli_code_fails_with_one_line_not_a_traceback(hostile_dir, tmp_path, name):
    proc = _cli("code", str(hostile_dir / name), cwd=tmp_path)
    err = proc.stderr.decode()
    assert proc.returncode == 1
    assert "Traceback" not in err and err.startswith("error: E1") and err.count("\n") == 1, err


def test_hostile_cli_ingest_of_the_whole_directory_reports_and_exits_zero(hostile_dir, tmp_path):
    proc = _cli("ingest", str(hostile_dir), "--data", str(tmp_path / "d"), "--workers", "1", "--format", "json",
                cwd=tmp_path, timeout=300)
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    assert "Traceback" not in proc.stderr.decode()
    summary = json.loads(proc.stdout)
    assert summary["failed"] == 0
    assert summary["stored"] + summary["duplicates"] + summary["rejected"] == summary["read"]


def test_hostile_cli_code_from_stdin_binary(tmp_path):
    proc = _cli("code", "-", cwd=tmp_path, stdin=_random_bytes(2048))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr.decode()
