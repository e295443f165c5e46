"""Every output format opens in its natural reader."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from eventwire.errors import StoreError
from eventwire.store import FORMATS, Store, event_dicts, write_output
from eventwire.store._synthetic import synthetic_results


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = Store(tmp_path_factory.mktemp("out") / "data", create=True)
    store.write(list(synthetic_results(6, seed=3)))
    return store


def test_output_csv_opens_with_csv_module(store: Store, tmp_path: Path) -> None:
    table = store.events()
    write_output(table, "csv", tmp_path / "e.csv")
    with open(tmp_path / "e.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == table.num_rows == 18
    assert rows[0]["event_id"] == table.column("event_id")[0].as_py()
    assert rows[0]["negated"] == "false" and rows[0]["date"][:2] == "20"


def test_output_jsonl_is_the_nested_event_json(store: Store) -> None:
    out = io.StringIO()
    table = store.events()
    write_output(table, "jsonl", out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert records == json.loads(json.dumps(event_dicts(table)))
    first = records[0]
    assert set(first["source"]) >= {"code", "country", "igo", "agent", "name", "text"}
    assert isinstance(first["span"], list) and len(first["span"]) == 2


def test_output_json_to_a_binary_stream(store: Store) -> None:
    out = io.BytesIO()
    write_output(store.dyads(by="year"), "json", out)
    rows = json.loads(out.getvalue().decode("utf-8"))
    assert rows and set(rows[0]) >= {"period", "source", "target", "events", "goldstein_mean"}
    assert not out.closed


@pytest.mark.parametrize("target", ["path", "binary"])
def test_output_parquet_opens_with_pyarrow_and_duckdb(store: Store, tmp_path: Path, target: str) -> None:
    import duckdb

    table = store.documents(with_text=True)
    path = tmp_path / "d.parquet"
    if target == "path":
        write_output(table, "parquet", path)
    else:
        buffer = io.BytesIO()
        write_output(table, "parquet", buffer)
        path.write_bytes(buffer.getvalue())
    assert pq.read_table(path).equals(table)
    assert duckdb.connect().sql("SELECT count(*) FROM read_parquet(?)", params=[str(path)]).fetchall() == [(6,)]


def test_output_table_cuts_long_cells(store: Store) -> None:
    out = io.StringIO()
    write_output(store.documents(with_text=True), "table", out)
    text = out.getvalue()
    assert "doc_id" in text and "6 rows" in text
    assert "text" not in text.splitlines()[1]  # the documents view shows its summary columns


def test_output_table_of_events_has_the_summary_columns(store: Store, tmp_path: Path) -> None:
    write_output(store.events(limit=2), "table", tmp_path / "t.txt")
    header = (tmp_path / "t.txt").read_text(encoding="utf-8").splitlines()[1]
    for column in ("date", "source_code", "target_code", "cameo_code", "sentence"):
        assert column in header


def test_output_csv_keeps_lists_as_json(store: Store) -> None:
    out = io.StringIO()
    write_output(store.documents(), "csv", out)
    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert json.loads(row["dropped"])[0]["reason"] == "subscription-prompt"


def test_output_unknown_format_is_an_error(store: Store) -> None:
    with pytest.raises(StoreError, match="E421"):
        write_output(store.events(), "xlsx", io.StringIO())


def test_output_parquet_to_a_text_stream_without_buffer_is_an_error(store: Store) -> None:
    with pytest.raises(StoreError, match="E420"):
        write_output(store.events(), "parquet", io.StringIO())


def test_output_formats_are_the_contract() -> None:
    assert FORMATS == ("table", "csv", "jsonl", "json", "parquet")
