"""Crash safety and concurrency: SIGKILL mid-commit, readers during a write, re-runs."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from eventwire.store import Store

N_DOCS, BATCH, EVENTS_PER_DOC = 40, 5, 3

# The writer runs in its own process, as an ingest would. With KILL_AT > 0 it SIGKILLs
# itself at that call of os.replace: every file rename and commit marker goes through
# it, so each number is one precise point inside a commit.
WRITER = r"""
import os, signal, sys, time
from eventwire.store import Store
from eventwire.store._synthetic import synthetic_results

data, n_docs, batch, kill_at, pause, compact_every = sys.argv[1:]
n_docs, batch, kill_at, pause, compact_every = int(n_docs), int(batch), int(kill_at), float(pause), int(compact_every)
results = list(synthetic_results(n_docs, seed=7, events_per_doc=3))
if kill_at > 0:
    real, calls = os.replace, [0]
    def replace(src, dst):
        calls[0] += 1
        if calls[0] == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
        real(src, dst)
    os.replace = replace
store = Store(data, create=True)
for n, start in enumerate(range(0, n_docs, batch), 1):
    chunk = results[start:start + batch]
    known = store.known_doc_ids(r.document.doc_id for r in chunk)  # as the pipeline skips known work
    store.write([r for r in chunk if r.document.doc_id not in known])
    if compact_every and n % compact_every == 0:
        store.compact()
    time.sleep(pause)
"""


def _writer(data: Path, *, kill_at: int = 0, pause: float = 0.0, compact_every: int = 0) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    args = [sys.executable, "-c", WRITER, str(data), str(N_DOCS), str(BATCH), str(kill_at), str(pause),
            str(compact_every)]
    return subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _check_snapshot(store: Store) -> int:
    """What any single query must see, even mid-ingest: whole batches, nothing twice."""
    stats = store.stats(include_duplicates=True)  # one snapshot for all its counts
    documents = stats["documents"]
    assert documents % BATCH == 0
    assert stats["events"] == EVENTS_PER_DOC * documents
    assert stats["coder_versions"].get("1", {"documents": 0})["documents"] == documents
    events = store.events(include_duplicates=True).column("event_id").to_pylist()
    assert len(set(events)) == len(events) and len(events) % (BATCH * EVENTS_PER_DOC) == 0
    docs = store.documents().column("doc_id").to_pylist()
    assert len(set(docs)) == len(docs) and len(docs) % BATCH == 0
    return documents


def _check_consistent(store: Store) -> int:
    """A store at rest: every query agrees, every event has one story link; returns the number of documents."""
    documents = _check_snapshot(store)
    assert store.events(include_duplicates=True).num_rows == EVENTS_PER_DOC * documents
    links = store.story_links()
    ids = links.column("event_id").to_pylist()
    assert len(ids) == len(set(ids)) == EVENTS_PER_DOC * documents  # no lost or doubled links
    assert store.documents().num_rows == documents
    return documents


def _plain_count(data: Path) -> int:
    """Events as a plain DuckDB glob over the Parquet files sees them (no eventwire)."""
    import duckdb

    glob = str(data / "events" / "*.parquet")
    if not list(data.glob("events/*.parquet")):
        return 0
    return duckdb.connect().sql("SELECT count(*) FROM read_parquet(?)", params=[glob]).fetchall()[0][0]


def _check_complete(data: Path) -> None:
    store = Store(data)
    assert _check_consistent(store) == N_DOCS
    assert _plain_count(data) == N_DOCS * EVENTS_PER_DOC
    assert not list(data.glob("*/.part-*"))  # every hidden file was published or removed


# each batch renames its marker (the commit point) and then its 6 files (documents, events,
# quotes, mentions, codings, stories) from hidden to published names
@pytest.mark.parametrize("kill_at", [1, 2, 4, 7, 8, 9, 15, 22])
def test_store_crash_sigkill_inside_a_commit_then_rerun(tmp_path: Path, kill_at: int) -> None:
    data = tmp_path / "data"
    Store(data, create=True)
    proc = _writer(data, kill_at=kill_at)
    proc.wait(timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read().decode()
    committed = _check_consistent(Store(data))
    assert committed == BATCH * ((kill_at + 5) // 7)  # batches whose marker was renamed
    if (kill_at - 1) % 7:  # killed among a committed batch's renames: part of it is still hidden
        assert list(data.glob("*/.part-*"))
    else:  # killed before a marker: plain Parquet readers see exactly the committed batches
        assert _plain_count(data) == committed * EVENTS_PER_DOC
    rerun = _writer(data)
    assert rerun.wait(timeout=120) == 0, rerun.stderr.read().decode()
    _check_complete(data)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_store_crash_sigkill_at_a_random_moment_then_rerun(tmp_path: Path, seed: int) -> None:
    data = tmp_path / "data"
    Store(data, create=True)
    proc = _writer(data, pause=0.01, compact_every=3)
    time.sleep(random.Random(seed).uniform(0.8, 2.0))  # the writer needs ~0.7 s to import
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    _check_consistent(Store(data))
    rerun = _writer(data)
    assert rerun.wait(timeout=120) == 0, rerun.stderr.read().decode()
    _check_complete(data)


def test_store_crash_reader_in_a_second_process_during_writes(tmp_path: Path) -> None:
    data = tmp_path / "data"
    Store(data, create=True)
    proc = _writer(data, pause=0.05, compact_every=4)
    reader = Store(data)
    seen: list[int] = []
    while proc.poll() is None:
        seen.append(_check_snapshot(reader))
        dyad_events = sum(reader.dyads(by="year", include_duplicates=True).column("events").to_pylist())
        assert dyad_events % (BATCH * EVENTS_PER_DOC) == 0 and dyad_events >= EVENTS_PER_DOC * seen[-1]
    assert proc.returncode == 0, proc.stderr.read().decode()
    assert any(0 < n < N_DOCS for n in seen), f"no read overlapped the ingest: {seen}"
    assert seen == sorted(seen)  # committed data never disappears, even across compactions
    _check_complete(data)
    final = reader.dyads(by="year", include_duplicates=True)
    assert sum(final.column("events").to_pylist()) == N_DOCS * EVENTS_PER_DOC


COMPACTOR = r"""
import os, signal, sys
from eventwire.store import Store

data, fn_name, kill_at = sys.argv[1], sys.argv[2], int(sys.argv[3])
real, calls = getattr(os, fn_name), [0]
def dying(*args, **kwargs):
    calls[0] += 1
    if calls[0] == kill_at:
        os.kill(os.getpid(), signal.SIGKILL)
    return real(*args, **kwargs)
setattr(os, fn_name, dying)
Store(data).compact()
"""


# a compaction renames its marker, then its 6 merged files, then unlinks the replaced files
@pytest.mark.parametrize(("fn_name", "kill_at"), [("replace", 1), ("replace", 2), ("replace", 5),
                                                  ("unlink", 1), ("unlink", 20)])
def test_store_crash_sigkill_inside_compaction(tmp_path: Path, fn_name: str, kill_at: int) -> None:
    data = tmp_path / "data"
    Store(data, create=True)
    assert _writer(data).wait(timeout=120) == 0
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    proc = subprocess.run([sys.executable, "-c", COMPACTOR, str(data), fn_name, str(kill_at)], env=env,
                          capture_output=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()
    assert _check_consistent(Store(data)) == N_DOCS  # nothing lost, nothing counted twice
    Store(data).compact()  # recovery finishes (or rolls back) the killed compaction
    _check_complete(data)
    assert Store(data).stats()["batches"] == 1
