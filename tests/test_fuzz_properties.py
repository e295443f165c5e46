"""Hypothesis properties (issue 9): readers, decoding, dates, the cleaner, dateline/byline parsers, the store.

Each property holds for any input Hypothesis builds: no exception, only documents or
rejections with reasons, offsets inside the text, dates that are real dates in range, and a
store that returns exactly what was written (through its public API only).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from eventwire.config import load_settings
from eventwire.models import RawDocument, Rejection, Result, stable_hash
from eventwire.stages.clean import MAX_TOKEN_CHARS, clean_text
from eventwire.stages.ingest.common import MAX_YEAR, MIN_YEAR, date_from_path, decode_bytes, iso_date, looks_binary
from eventwire.stages.meta import find_dateline, is_credit_line, parse_credits, parse_dateline, resolve_date
from eventwire.stages.read import read_bytes, record_document

SETTINGS = load_settings().replace(max_document_bytes=100_000)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FORMATS = ["a.txt", "a.html", "a.jsonl", "a.csv", "a.tsv", "a.warc", "a.xml", "a.txt.gz", "a.warc.gz", "noext"]
# text with the characters hostile input is made of: controls, RTL marks, zero-width, surrogates excluded
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=400)
WORDS = st.lists(st.sampled_from(["Norway", "Chile", "met", "said", "the", "minister", "OSLO", "Jan", "7",
                                  "(Reuters)", "-", ",", "on", "Friday", "\u200b", "\u202e", "Reporting", "by",
                                  "Editing", ";", "and", "\n", "\n\n", "«", "»", "2022", "Feb", "31"]),
                 max_size=60).map(" ".join)


def _check_items(items: list[object]) -> None:
    assert items
    for item in items:
        assert isinstance(item, (RawDocument, Rejection))
        if isinstance(item, Rejection):
            assert item.reason.strip()
        else:
            assert item.text.strip() and len(item.text) <= SETTINGS.max_document_bytes
            assert item.published is None or MIN_YEAR <= int(item.published[:4]) <= MAX_YEAR


@FAST
@given(data=st.binary(max_size=3000), name=st.sampled_from(FORMATS))
def test_fuzz_any_bytes_under_any_name_read_to_documents_or_rejections(data, name):
    _check_items(list(read_bytes(data, name, SETTINGS, name=name)))


@FAST
@given(records=st.lists(st.one_of(
    st.dictionaries(st.sampled_from(["text", "body", "title", "date", "published", "url", "author", "id", "x"]),
                    st.one_of(TEXT, st.integers(), st.none(), st.lists(TEXT, max_size=3), st.floats()), max_size=6),
    TEXT, st.integers()), max_size=8))
def test_fuzz_jsonl_records_each_become_one_item(records):
    lines = [json.dumps(r) if not isinstance(r, str) else r for r in records]
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    items = list(read_bytes(data, "a.jsonl", SETTINGS))
    _check_items(items)
    nonblank = sum(1 for line in data.split(b"\n") if line.strip())  # a text record may hold newlines
    assert len(items) == max(nonblank, 1) or looks_binary(data)


@FAST
@given(rows=st.lists(st.tuples(TEXT, TEXT), max_size=8), delimiter=st.sampled_from([",", "\t"]))
def test_fuzz_csv_rows_read_without_error(rows, delimiter):
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(["text", "title"])
    writer.writerows(rows)
    name = "a.csv" if delimiter == "," else "a.tsv"
    _check_items(list(read_bytes(out.getvalue().encode("utf-8"), name, SETTINGS)))


@FAST
@given(record=st.dictionaries(TEXT, st.one_of(TEXT, st.integers(), st.none()), max_size=6))
def test_fuzz_record_document_never_raises(record):
    item = record_document(record, "x:1", "jsonl", max_bytes=1000)
    assert isinstance(item, (RawDocument, Rejection))


@FAST
@given(data=st.binary(max_size=2000))
def test_fuzz_decode_bytes_is_text_or_none(data):
    text = decode_bytes(data)
    assert text is None or isinstance(text, str)
    if data.isascii() and b"\x00" not in data:
        assert text == data.decode("ascii")


@FAST
@given(value=st.one_of(TEXT, st.dates().map(str), st.datetimes(), st.integers().map(str),
                       st.builds(lambda y, m, d: f"{y}-{m:02d}-{d:02d}", st.integers(-5, 99999), st.integers(0, 99),
                                 st.integers(0, 99))))
def test_fuzz_iso_date_is_a_real_date_in_range_or_none(value):
    day = iso_date(value)
    if day is not None:
        assert MIN_YEAR <= dt.date.fromisoformat(day).year <= MAX_YEAR


@FAST
@given(path=TEXT)
def test_fuzz_date_from_path_is_a_real_date_or_none(path):
    day = date_from_path(path)
    assert day is None or dt.date.fromisoformat(day)


@FAST
@given(text=st.one_of(TEXT, WORDS))
def test_fuzz_cleaner_never_raises_and_leaves_no_invisible_or_endless_tokens(text):
    result = clean_text(text, SETTINGS)
    assert not re.search("[\u200b\u200c\u200d\u2060\ufeff]", result.text)
    assert all(len(token) <= MAX_TOKEN_CHARS for token in result.text.split())
    assert all(d.reason for d in result.dropped)
    assert result.language is None or re.fullmatch(r"[a-z]{2,3}", result.language)


@FAST
@given(text=st.one_of(TEXT, WORDS), offset=st.integers(0, 10_000))
def test_fuzz_dateline_parser_offsets_and_ranges(text, offset):
    line = parse_dateline(text, offset)
    if line is not None:
        assert offset <= line.start <= line.end <= offset + len(text)
        assert line.month is None or 1 <= line.month <= 12
        assert line.day is None or 1 <= line.day <= 31
    found = find_dateline(text)
    assert found is None or 0 <= found.start <= found.end <= len(text)


@FAST
@given(line=st.one_of(TEXT, WORDS))
def test_fuzz_credit_line_parser_returns_names(line):
    if is_credit_line(line):
        reporters, editors = parse_credits(line)
        assert all(isinstance(n, str) and n.strip() == n and n for n in reporters + editors)


@FAST
@given(sentence=st.one_of(TEXT, WORDS), published=st.one_of(st.none(), st.dates().map(str)))
def test_fuzz_relative_dates_resolve_to_real_dates(sentence, published):
    # the reader and the API only pass ISO dates or None as ``published``
    day = resolve_date(sentence, published)
    assert day is None or dt.date.fromisoformat(day)


# -- the store, through its public API only ------------------------------------------------------

def _result(base: Result, title: str, outlet: str, text: str, origin: str) -> Result:
    doc_id = stable_hash("fuzz", title, outlet, text, origin)
    document = dataclasses.replace(base.document, doc_id=doc_id, title=title, outlet=outlet, text=text, origin=origin)
    return Result(document=document, events=(), quotes=(), mentions=())


@pytest.fixture(scope="module")
def fuzz_store(tmp_path_factory):
    from browser.sample import build_sample_store

    return build_sample_store(tmp_path_factory.mktemp("fuzz-store") / "store")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=TEXT, outlet=TEXT, text=TEXT, origin=TEXT)
def test_fuzz_store_returns_what_was_written_and_keeps_the_rest(fuzz_store, title, outlet, text, origin):
    from browser.sample import sample_results

    assume(text.strip())
    base = sample_results()[0]
    before = fuzz_store.stats()["documents"]
    result = _result(base, title, outlet, text, origin)
    written = fuzz_store.write([result], [Rejection(origin, "read", text[:50] or "x")])
    again = fuzz_store.write([result])
    record = fuzz_store.document(result.document.doc_id)
    assert record is not None
    assert (record["title"], record["outlet"], record["text"], record["origin"]) == (title, outlet, text, origin)
    assert again.documents == 0  # idempotent on doc_id
    assert fuzz_store.stats()["documents"] == before + written.documents
    assert fuzz_store.document(base.document.doc_id) is not None  # stored before, still there
