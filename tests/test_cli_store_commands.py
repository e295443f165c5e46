"""export, compact and recode through the CLI, checked through the library."""

from __future__ import annotations

import csv
import json

import duckdb
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

import eventwire
from eventwire.cli import cli
from eventwire.demo import bundled_corpus

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cli-store")
    lines = [line for line in bundled_corpus().read_text(encoding="utf-8").splitlines()
             if '"language": "en"' in line][:6]
    src = tmp / "few.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data = tmp / "data"
    result = CliRunner().invoke(cli, ["ingest", str(src), "--data", str(data), "--batch-size", "2"])
    assert result.exit_code == 0, result.output
    return data


@pytest.mark.parametrize("fmt,suffix", [("csv", "csv"), ("parquet", "parquet"), ("jsonl", "jsonl"),
                                        ("duckdb", "duckdb"), ("plover-json", "json"),
                                        ("gdelt-tsv", "tsv")])
def test_cli_export_opens_in_its_reader(store_dir, tmp_path, fmt, suffix):
    out = tmp_path / f"export.{suffix}"
    result = CliRunner().invoke(cli, ["export", str(out), "--data", str(store_dir), "--format", fmt])
    assert result.exit_code == 0, result.output
    n_events = eventwire.open(store_dir).stats()["events"]
    if fmt == "csv":
        rows = list(csv.DictReader(out.open(encoding="utf-8")))
        assert len(rows) == n_events and any("license" in key for key in rows[0])
    elif fmt == "parquet":
        assert pq.read_table(out).num_rows == n_events
    elif fmt == "jsonl":
        assert len(out.read_text(encoding="utf-8").splitlines()) == n_events
    elif fmt == "duckdb":
        con = duckdb.connect(str(out), read_only=True)
        assert con.sql("select count(*) from events").fetchall()[0][0] >= n_events
    elif fmt == "plover-json":
        records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert records and all("event_type" in r or "event" in r for r in records)
    else:
        lines = out.read_text(encoding="utf-8").splitlines()
        assert len(lines[0].split("\t")) >= 58


def test_cli_compact_keeps_every_row(store_dir):
    before = eventwire.open(store_dir).stats()
    result = CliRunner().invoke(cli, ["compact", "--data", str(store_dir)])
    assert result.exit_code == 0, result.output
    after = eventwire.open(store_dir).stats()
    assert (after["documents"], after["events"]) == (before["documents"], before["events"])
    assert after["batches"] <= before["batches"]


def test_cli_recode_makes_a_new_comparable_version(store_dir, tmp_path):
    config = tmp_path / "gdelt.toml"
    config.write_text('goldstein = "gdelt"\n')
    before = eventwire.open(store_dir).stats()
    result = CliRunner().invoke(cli, ["--config", str(config), "recode", "--data", str(store_dir)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["documents"] == before["documents"]
    store = eventwire.open(store_dir)
    after = store.stats()
    assert len(after["coder_versions"]) == len(before["coder_versions"]) + 1
    # queries read the latest version: the same documents, no doubled events
    assert after["documents"] == before["documents"]
    assert store.events().num_rows == after["events"]
    assert store.events(coder_version="all").num_rows == before["events"] + report["events"]
    # resumable: the same version again codes nothing
    again = CliRunner().invoke(cli, ["--config", str(config), "recode", "--data", str(store_dir)])
    assert json.loads(again.output)["documents"] == 0
