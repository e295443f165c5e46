"""``eventwire ingest`` options: --workers, --count (ETA), resume and --no-resume."""

from __future__ import annotations

import json

from click.testing import CliRunner

from eventwire.cli import cli


def test_ingest_cli_resumes_and_counts(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps({"id": f"d{i}", "published": "2022-03-01", "text": t}) for i, t in enumerate([
        "The United States accused China of cyber attacks on Monday.",
        "Japan and South Korea signed a trade agreement in Tokyo.",
    ])) + "\n", encoding="utf-8")
    data = str(tmp_path / "store")
    args = ["ingest", str(src), "--data", data, "--workers", "1", "--format", "json"]
    first = CliRunner().invoke(cli, [*args, "--count"])
    assert first.exit_code == 0, first.output
    assert json.loads(first.output)["stored"] == 2
    again = json.loads(CliRunner().invoke(cli, args).output)
    assert (again["skipped"], again["stored"]) == (2, 0)
    forced = json.loads(CliRunner().invoke(cli, [*args, "--no-resume"]).output)
    assert (forced["skipped"], forced["duplicates"]) == (0, 2)


def test_ingest_cli_rejects_bad_dask_address(tmp_path):
    src = tmp_path / "in.txt"
    src.write_text("Japan and South Korea signed a trade agreement.", encoding="utf-8")
    result = CliRunner().invoke(cli, ["ingest", str(src), "--data", str(tmp_path / "s"), "--dask", "local:0"])
    assert result.exit_code != 0 and "local:N" in str(result.exception)
