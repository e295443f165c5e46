"""Process hygiene of ``eventwire ingest`` with a local process pool.

A killed ingest (``kill -9`` included) leaves no worker, forkserver or resource tracker
behind; Ctrl-C stops it with one line and exit 130, keeping its commits; and 20
kill-and-resume cycles end in the store of a clean run (``--slow``).
"""

from __future__ import annotations

import json
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
GRACE = 10.0  # seconds a worker may take to notice that its ingest is gone


# -- processes: psutil when installed, else /proc ---------------------------------------------------
def descendants(pid: int) -> set[int]:
    """Every live process below ``pid`` (children, grandchildren...), remembered with its start time."""
    try:
        import psutil
    except ImportError:
        found = _proc_descendants(pid)
    else:
        try:
            found = {p.pid for p in psutil.Process(pid).children(recursive=True)}
        except psutil.NoSuchProcess:
            found = set()
    return alive(found)


def _proc_descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), ()):
            found.add(child)
            todo.append(child)
    return found


_STARTED: dict[int, str] = {}  # pid -> its start time, as first seen (a reused pid is another process)


def _stat(pid: int) -> tuple[str, str] | None:
    """(state, start time) of a process, from /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return fields[0], fields[19]


def alive(pids: set[int]) -> set[int]:
    """The pids still running (a zombie waiting for its parent counts as gone, a reused pid too)."""
    out = set()
    for pid in pids:
        stat = _stat(pid)
        if stat is None or stat[0] in ("Z", "X") or _STARTED.setdefault(pid, stat[1]) != stat[1]:
            continue
        out.add(pid)
    return out


def rss_mb(pids: set[int]) -> float:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def wait_gone(pids: set[int], timeout: float = GRACE) -> tuple[set[int], float]:
    """Wait until none of ``pids`` runs; returns the survivors and the seconds waited."""
    started = time.monotonic()
    left = alive(pids)
    while left and time.monotonic() - started < timeout:
        time.sleep(0.1)
        left = alive(left)
    return left, time.monotonic() - started


def kill_all(pids: set[int]) -> None:
    for pid in alive(pids):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


# -- an ingest to kill ------------------------------------------------------------------------------
def corpus(path: Path, copies: int) -> Path:
    """The bundled corpus, ``copies`` times, each copy a distinct text (so nothing is skipped)."""
    records = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    with path.open("w", encoding="utf-8") as fh:
        for k in range(copies):
            for i, r in enumerate(records):
                if k:
                    r = {**r, "id": f"{r.get('id', i)}-copy{k}", "text": f"{r['text']}\n\nThis is copy {k}."}
                fh.write(json.dumps(r) + "\n")
    return path


def start_ingest(inputs: Path, data: Path, *, workers: int = 2, commit_size: int = 8) -> subprocess.Popen:
    """``eventwire ingest`` in its own session (so signals sent to its group reach nobody else)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "eventwire", "ingest", str(inputs), "--data", str(data),
           "--workers", str(workers), "--batch-size", "4", "--commit-size", str(commit_size)]
    return subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)


def commits(data: Path) -> int:
    folder = data / "_commits"
    return sum(1 for n in os.listdir(folder) if n.endswith(".json") and not n.startswith(".")) \
        if folder.is_dir() else 0


def wait_for(proc: subprocess.Popen, ready, timeout: float = 300) -> set[int]:
    """Wait until ``ready()`` or the process ended; returns its descendants seen meanwhile."""
    seen: set[int] = set()
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        seen |= descendants(proc.pid)
        if ready(seen):
            break
        time.sleep(0.05)
    return seen | descendants(proc.pid)


def workers_running(n: int):
    """True once the forkserver and ``n`` workers below it exist (the resource tracker besides)."""
    return lambda seen: len(alive(seen)) >= n + 2


def content(data: Path) -> tuple[list[str], list[str]]:
    with Store(data) as store:
        docs = store.documents().column("doc_id").to_pylist()
        events = store.events(include_duplicates=True, coder_version="all").column("event_id").to_pylist()
    return docs, events


# -- tests ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("moment", ["workers loading", "after a commit"])
def test_no_worker_survives_a_killed_ingest(tmp_path: Path, moment: str) -> None:
    inputs, data = corpus(tmp_path / "in.jsonl", 4), tmp_path / "data"
    proc, tree = start_ingest(inputs, data), set()
    try:
        ready = workers_running(2) if moment == "workers loading" else (lambda seen: commits(data) >= 1)
        tree = wait_for(proc, ready)
        assert proc.poll() is None, proc.stderr.read().decode()
        assert len(alive(tree)) >= 3, "the pool never started"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        survivors, waited = wait_gone(tree)
        assert not survivors, f"{len(survivors)} processes outlived the ingest by {waited:.0f} s"
    finally:
        proc.kill()
        kill_all(tree | (descendants(proc.pid) if proc.returncode is None else set()))
    assert Store(data).stats()["documents"] >= 0  # the store is readable after the kill


POOL = r"""
import sys, time
from eventwire.config import load_settings
from eventwire.distributed import ProcessPool
from eventwire.stages.read import read_text
pool = ProcessPool(load_settings(), 2, start_method=sys.argv[1])
docs = [read_text("Japan and South Korea signed a trade agreement.", origin="x", published="2022-03-01")]
futures = [pool.submit(docs) for _ in range(4)]
time.sleep(600)
"""


def test_no_spawned_worker_survives_its_pool_owner(tmp_path: Path) -> None:
    """The same guard under ``spawn`` (the workers are the owner's own children there)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc, tree = subprocess.Popen([sys.executable, "-c", POOL, "spawn"], env=env, start_new_session=True,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE), set()
    try:
        tree = wait_for(proc, lambda seen: len(alive(seen)) >= 3)  # the resource tracker and 2 workers
        assert proc.poll() is None, proc.stderr.read().decode()
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        survivors, waited = wait_gone(tree)
        assert not survivors, f"{len(survivors)} processes outlived the pool's owner by {waited:.0f} s"
    finally:
        proc.kill()
        kill_all(tree | (descendants(proc.pid) if proc.returncode is None else set()))


def test_ctrl_c_stops_an_ingest_cleanly_and_keeps_its_commits(tmp_path: Path) -> None:
    inputs, data = corpus(tmp_path / "in.jsonl", 4), tmp_path / "data"
    proc, tree = start_ingest(inputs, data), set()
    try:
        tree = wait_for(proc, lambda seen: commits(data) >= 1)
        assert proc.poll() is None, proc.stderr.read().decode()
        os.killpg(proc.pid, signal.SIGINT)  # what the terminal does: the whole process group
        _, err = proc.communicate(timeout=60)
        survivors, _ = wait_gone(tree)
    finally:
        proc.kill()
        kill_all(tree | (descendants(proc.pid) if proc.returncode is None else set()))
    lines = [line for line in err.decode().splitlines() if line.strip()]
    assert proc.returncode == 130
    assert len(lines) == 1 and lines[0].startswith("interrupted: "), lines
    assert not survivors
    docs, _ = content(data)
    assert f"interrupted: {len(docs)} documents" in lines[0]  # what it says it kept is in the store
    assert len(docs) >= 8


@pytest.mark.slow
def test_twenty_kill_and_resume_cycles_end_in_the_store_of_a_clean_run(tmp_path: Path) -> None:
    inputs = corpus(tmp_path / "in.jsonl", 8)
    clean = tmp_path / "clean"
    proc = start_ingest(inputs, clean, commit_size=16)
    assert proc.wait(timeout=1800) == 0, proc.stderr.read().decode()
    reference = content(clean)

    data, figures = tmp_path / "data", []
    own = Path(f"/proc/{os.getpid()}/fd")
    fds_before = len(os.listdir(own))
    for cycle in range(20):
        before = commits(data)
        proc, tree = start_ingest(inputs, data, commit_size=16), set()
        try:
            # odd cycles die while the workers load, even ones after a new commit
            ready = workers_running(2) if cycle % 2 else (lambda seen, b=before: commits(data) > b)
            tree = wait_for(proc, ready)
            peak = rss_mb(alive(tree) | {proc.pid})
            finished = proc.poll() is not None
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
            survivors, waited = wait_gone(tree)
        finally:
            kill_all(tree | (descendants(proc.pid) if proc.returncode is None else set()))
        hidden = sum(1 for _ in data.glob("*/.*.tmp"))
        figures.append({"cycle": cycle, "commits": commits(data), "finished": finished, "tree_mb": round(peak),
                        "survivors": len(survivors), "gone_after_s": round(waited, 2), "hidden_files": hidden,
                        "test_fds": len(os.listdir(own))})
        assert not survivors, figures[-1]
    print(json.dumps(figures))
    # nothing piles up: no process, no descriptor in this process, no unfinished file beyond one batch
    assert len(os.listdir(own)) <= fds_before + 2
    assert max(f["hidden_files"] for f in figures) <= 6
    early = [f["tree_mb"] for f in figures[:6] if f["tree_mb"]]
    late = [f["tree_mb"] for f in figures[-6:] if f["tree_mb"]]
    assert max(late) <= 1.5 * max(early)  # each run's processes are the size of the first ones

    proc = start_ingest(inputs, data, commit_size=16)
    assert proc.wait(timeout=1800) == 0, proc.stderr.read().decode()
    docs, events = content(data)
    assert len(docs) == len(set(docs)) and len(events) == len(set(events))  # nothing stored twice
    assert (sorted(docs), sorted(events)) == (sorted(reference[0]), sorted(reference[1]))
