"""End to end: SIGKILL a real `ingest` (spaCy pipeline + store) mid-run, re-run, compare."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from eventwire.store import Store

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "eventwire" / "data" / "corpus" / "articles.jsonl"

INGEST = r"""
import sys
from eventwire.config import load_settings
from eventwire.runner import ingest
ingest([sys.argv[1]], sys.argv[2], settings=load_settings(batch_size=4), commit_size=8, workers=1)
"""


def _ingest(data: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", INGEST, str(CORPUS), str(data)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _commits(data: Path) -> int:
    commits = data / "_commits"
    return sum(1 for p in commits.glob("*.json")) if commits.is_dir() else 0


def _content(data: Path) -> tuple[set[str], set[tuple[str, str]], int]:
    store = Store(data)
    docs = store.documents().column("doc_id").to_pylist()
    events = store.events(include_duplicates=True, coder_version="all")
    keys = list(zip(events.column("event_id").to_pylist(), events.column("coder_version").to_pylist()))
    assert len(docs) == len(set(docs)) and len(keys) == len(set(keys))  # nothing twice
    # every event of the latest codings has exactly one story link: none lost, none doubled
    links = store.story_links().column("event_id").to_pylist()
    assert len(links) == len(set(links)) and set(links) == set(store.events(include_duplicates=True)
                                                               .column("event_id").to_pylist())
    return set(docs), set(keys), store.stats()["rejections"]


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[set[str], set[tuple[str, str]], int]:
    data = tmp_path_factory.mktemp("ref") / "data"
    proc = _ingest(data)
    assert proc.wait(timeout=600) == 0, proc.stderr.read().decode()
    return _content(data)


@pytest.mark.slow
@pytest.mark.parametrize("after_commits", [1, 3])
def test_store_ingest_killed_mid_run_completes_identically(tmp_path: Path, reference: tuple,
                                                           after_commits: int) -> None:
    data = tmp_path / "data"
    proc = _ingest(data)
    deadline = time.monotonic() + 600
    while _commits(data) < after_commits and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    partial_docs, partial_events, _ = _content(data)  # readable, and a subset of the full run
    assert partial_docs < reference[0] and partial_events <= reference[1]
    rerun = _ingest(data)
    assert rerun.wait(timeout=600) == 0, rerun.stderr.read().decode()
    assert _content(data) == reference
