"""CLI shape: every command has help; errors are one line and a non-zero exit."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from eventwire.cli import cli


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_cli_commands_have_help(name):
    command = cli.commands[name]
    assert command.help, f"{name} is missing its help"
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0 and "Example" in result.output


def test_cli_contract_commands_exist():
    assert {"code", "ingest", "events", "stats", "eval", "demo"} <= set(cli.commands)


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "eventwire", *args], capture_output=True, text=True,
                          input=stdin, timeout=120)


@pytest.mark.parametrize("args", [
    ("code", "/nonexistent/file.txt"),
    ("events", "--data", "/nonexistent/store"),
    ("stats", "--data", "/nonexistent/store"),
    ("code", "-", "--date", "yesterday"),
    ("events", "--root", "abc", "--data", "/nonexistent/store"),
    ("eval", "/nonexistent/gold.jsonl"),
])
def test_cli_bad_input_is_one_clear_line(args):
    proc = run(*args, stdin="")
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert lines, "an error message is expected"
    assert any(word in proc.stderr.lower() for word in ("error", "invalid", "usage", "not"))
