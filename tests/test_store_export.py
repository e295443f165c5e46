"""Exports open in their natural readers and keep attribution."""

from __future__ import annotations

import csv
import dataclasses
import json
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from eventwire.errors import StoreError
from eventwire.store import EXPORT_FORMATS, GDELT_COLUMNS, Store, export
from eventwire.store._synthetic import synthetic_results

N_DOCS = 8


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = Store(tmp_path_factory.mktemp("export") / "data", create=True)
    results = list(synthetic_results(N_DOCS, seed=11))
    # one negated event: PLOVER and GDELT cannot say "did not", so it must stay out of them
    first = results[0]
    results[0] = dataclasses.replace(first, events=(dataclasses.replace(first.events[0], negated=True),
                                                    *first.events[1:]))
    store.write(results)
    store.write([dataclasses.replace(results[1], events=results[1].events[:1])], coder_version="2")
    return store


TOTAL = N_DOCS * 3 - 2  # the re-code of one document keeps one of its three events


def test_store_export_csv(store: Store, tmp_path: Path) -> None:
    info = export(store, "csv", tmp_path / "e.csv")
    with open(tmp_path / "e.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert info["rows"] == len(rows) == TOTAL
    assert rows[0]["doc_license"] == "CC0-1.0" and rows[0]["doc_url"].startswith("https://")


def test_store_export_parquet_with_filters(store: Store, tmp_path: Path) -> None:
    export(store, "parquet", tmp_path / "e.parquet", root=["17", "19"], coder_version="1")
    table = pq.read_table(tmp_path / "e.parquet")
    assert table.num_rows == store.events(root=["17", "19"], coder_version="1").num_rows > 0
    assert set(table.column("cameo_root").to_pylist()) <= {"17", "19"}
    assert {"doc_title", "doc_license", "doc_origin"} <= set(table.column_names)


def test_store_export_jsonl(store: Store, tmp_path: Path) -> None:
    export(store, "jsonl", tmp_path / "e.jsonl")
    with open(tmp_path / "e.jsonl", encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh]
    assert len(records) == TOTAL
    assert records[0]["document"]["license"] == "CC0-1.0"
    assert {"event_id", "span", "source", "target", "cameo_root", "location"} <= set(records[0])


def test_store_export_duckdb_file_opens_directly(store: Store, tmp_path: Path) -> None:
    info = export(store, "duckdb", tmp_path / "events.duckdb")
    con = duckdb.connect(str(tmp_path / "events.duckdb"), read_only=True)
    try:
        tables = {r[0] for r in con.sql("SELECT table_name FROM information_schema.tables").fetchall()}
        assert {"documents", "events", "quotes", "mentions", "rejections", "codings", "latest_events"} <= tables
        assert con.sql("SELECT count(*) FROM events").fetchall() == [(info["rows"],)] == [(N_DOCS * 3 + 1,)]
        assert con.sql("SELECT count(*) FROM latest_events").fetchall() == [(TOTAL,)]
    finally:
        con.close()


def test_store_export_plover_json(store: Store, tmp_path: Path) -> None:
    export(store, "plover-json", tmp_path / "p.jsonl")
    with open(tmp_path / "p.jsonl", encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh]
    assert len(records) == TOTAL - 1  # without the negated event
    for record in records:
        # the fields PLOVER requires
        assert record["id"] and record["date"] and record["actor"] and record["event"]
        assert record["actor"][0]["code"] in record["actor"][0]["cameo_code"]
    assert records[0]["cite_info"]["license"] == "CC0-1.0"


def test_store_export_gdelt_tsv(store: Store, tmp_path: Path) -> None:
    export(store, "gdelt-tsv", tmp_path / "g.tsv")
    with open(tmp_path / "g.tsv", newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh, delimiter="\t"))
    header, body = rows[0], rows[1:]
    assert tuple(header[:61]) == GDELT_COLUMNS and len(GDELT_COLUMNS) == 61
    assert header[61] == "SOURCELICENSE"
    assert len(body) == TOTAL - 1 and all(len(r) == 62 for r in body)
    record = dict(zip(header, body[0]))
    assert len(record["SQLDATE"]) == 8 and record["EventRootCode"] == record["EventCode"][:2]
    located = [dict(zip(header, r)) for r in body if r[header.index("ActionGeo_Lat")]]
    assert located and all(len(r["ActionGeo_CountryCode"]) == 2 for r in located)  # FIPS codes
    con = duckdb.connect()
    got = con.sql("SELECT count(*) FROM read_csv(?, delim='\t', header=true)", params=[str(tmp_path / "g.tsv")])
    assert got.fetchall() == [(TOTAL - 1,)]


def test_store_export_replaces_the_file_atomically(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_text("old")
    export(store, "csv", path, root="99")  # no such root: a header only
    assert path.read_text(encoding="utf-8").startswith('"event_id"')
    assert [p.name for p in tmp_path.iterdir()] == ["e.csv"]


def test_store_export_unknown_format(store: Store, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="E430"):
        export(store, "xls", tmp_path / "x")


def test_store_export_formats_are_the_contract() -> None:
    assert EXPORT_FORMATS == ("csv", "parquet", "jsonl", "duckdb", "plover-json", "gdelt-tsv")
