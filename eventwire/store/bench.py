"""Store benchmark: a dyad-by-month aggregation over synthetic events, eventwire vs plain DuckDB.

``run()`` builds a store of ``n_events`` synthetic events committed in ``batches``
batches (as a day of ingest would leave it), then times ``Store.dyads(by="month")``
against the same aggregation written by hand in DuckDB over the same Parquet files,
before and after ``compact``. It also measures ``Store.write`` on pipeline results.

Example::

    from eventwire.store.bench import run
    print(run(n_events=1_000_000))
"""

from __future__ import annotations

import datetime as dt
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

from ._layout import new_batch_id
from ._schema import CODINGS, DOCUMENTS, EVENTS, SCHEMA_VERSION, now
from ._store import Store
from ._synthetic import ACTIONS, AGENTS, COUNTRIES, synthetic_results

EVENTS_PER_DOC = 4

# the hand-written query eventwire's dyads() must match: same filters, same grouping
PLAIN_DYADS = """
SELECT CAST(date_trunc('month', date) AS DATE) AS period, source_country AS source,
       target_country AS target, count(*) AS events,
       count(*) FILTER (WHERE quad_class = 1) AS verbal_cooperation,
       count(*) FILTER (WHERE quad_class = 2) AS material_cooperation,
       count(*) FILTER (WHERE quad_class = 3) AS verbal_conflict,
       count(*) FILTER (WHERE quad_class = 4) AS material_conflict,
       avg(goldstein) AS goldstein_mean, sum(goldstein) AS goldstein_total
FROM read_parquet(?)
WHERE date IS NOT NULL AND source_country IS NOT NULL AND target_country IS NOT NULL
  AND duplicate_of IS NULL
GROUP BY ALL ORDER BY period, events DESC, source, target
"""


def _column(n: int, field: pa.Field, values: dict[str, Any]) -> pa.Array:
    if field.name in values:
        return pa.array(values[field.name], field.type)
    return pa.nulls(n, field.type)


def synthetic_event_table(n: int, *, seed: int = 0, first: int = 0, days: int = 3 * 365) -> pa.Table:
    """``n`` synthetic events as an ``events`` table, built column-wise (fast for millions).

    Args:
        n: number of events.
        seed: random seed.
        first: index of the first event (ids and documents continue across calls).
        days: dates are spread over this many days from 2020-01-01.

    Returns:
        pyarrow.Table with the stored events schema.
    """
    rng = np.random.default_rng([seed, first])
    countries = np.array(COUNTRIES)
    agents = np.array([a or "" for a in AGENTS])
    src = rng.integers(0, len(countries), n)
    tgt = (src + rng.integers(1, len(countries), n)) % len(countries)  # never the same country
    src_agent, tgt_agent = agents[rng.integers(0, len(agents), n)], agents[rng.integers(0, len(agents), n)]
    action = rng.integers(0, len(ACTIONS), n)
    codes = np.array([a[0] for a in ACTIONS])
    index = np.arange(first, first + n)
    dates = np.datetime64("2020-01-01") + rng.integers(0, days, n).astype("timedelta64[D]")
    values = {
        "event_id": [f"{i:016x}" for i in index], "doc_id": [f"{i // EVENTS_PER_DOC:016x}" for i in index],
        "coder_version": np.full(n, "1"), "date": dates, "sentence_index": index % EVENTS_PER_DOC,
        "sentence": np.full(n, "A synthetic sentence."),
        "source_code": np.char.add(countries[src], src_agent), "source_country": countries[src],
        "source_agent": np.where(src_agent == "", None, src_agent),
        "target_code": np.char.add(countries[tgt], tgt_agent), "target_country": countries[tgt],
        "target_agent": np.where(tgt_agent == "", None, tgt_agent),
        "cameo_code": codes[action], "cameo_root": np.array([c[:2] for c in codes])[action],
        "plover": np.array([a[1] for a in ACTIONS])[action],
        "goldstein": np.array([a[2] for a in ACTIONS])[action],
        "quad_class": np.array([a[3] for a in ACTIONS], dtype=np.int8)[action],
        "negated": np.zeros(n, dtype=bool), "modality": np.full(n, "asserted"), "rule": np.full(n, "synthetic"),
        "confidence": np.full(n, 0.9), "outlet": np.array(["Wire A", "Wire B", "Paper C"])[index % 3],
    }
    return pa.Table.from_arrays([_column(n, f, values) for f in EVENTS], schema=EVENTS)


def _documents_and_codings(events: pa.Table, batch_id: str) -> tuple[pa.Table, pa.Table]:
    doc_ids = sorted(set(events.column("doc_id").to_pylist()))
    n, stamp = len(doc_ids), now()
    docs = {"doc_id": doc_ids, "origin": [f"synthetic/{d}" for d in doc_ids], "text": ["synthetic"] * n,
            "language": ["en"] * n, "ingested_at": [stamp] * n}
    codings = {"doc_id": doc_ids, "coder_version": ["1"] * n, "batch_id": [batch_id] * n,
               "coded_at": [stamp] * n, "events": [EVENTS_PER_DOC] * n}
    return (pa.Table.from_arrays([_column(n, f, docs) for f in DOCUMENTS], schema=DOCUMENTS),
            pa.Table.from_arrays([_column(n, f, codings) for f in CODINGS], schema=CODINGS))


def build(data_dir: str | Path, n_events: int, *, batches: int = 50, seed: int = 0) -> Store:
    """Fill a new store with ``n_events`` synthetic events in ``batches`` atomic commits.

    Args:
        data_dir: a directory that does not hold a store yet.
        n_events: total events.
        batches: number of commits (files per table).
        seed: random seed.

    Returns:
        The Store.
    """
    store = Store(data_dir, create=True)
    per_batch = -(-n_events // batches)
    per_batch += -per_batch % EVENTS_PER_DOC  # whole documents per batch
    with store._layout.lock():
        for first in range(0, n_events, per_batch):
            events = synthetic_event_table(min(per_batch, n_events - first), seed=seed, first=first)
            batch_id = new_batch_id()
            documents, codings = _documents_and_codings(events, batch_id)
            store._layout.commit(batch_id, {"documents": documents, "events": events, "codings": codings},
                                 {"schema_version": SCHEMA_VERSION, "coder_versions": ["1"]})
    return store


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def _compare(store: Store, repeat: int) -> dict[str, Any]:
    glob = str(store.path / "events" / "*.parquet")
    plain = duckdb.connect()
    runs: dict[str, list[float]] = {"eventwire": [], "duckdb": []}
    queries = {"eventwire": lambda: store.dyads(by="month"),
               "duckdb": lambda: plain.sql(PLAIN_DYADS, params=[glob]).to_arrow_table()}
    try:
        results = {name: fn() for name, fn in queries.items()}  # warm-up: metadata and OS cache
        # alternate the two so machine noise (other processes, CPU boost) hits both alike
        for _ in range(repeat):
            for name, fn in queries.items():
                seconds, results[name] = _timed(fn)
                runs[name].append(seconds)
    finally:
        plain.close()
    ours, theirs = results["eventwire"], results["duckdb"]
    # the benchmark is only meaningful if both computed the same thing
    assert ours.num_rows == theirs.num_rows
    assert ours.column("events").to_pylist() == theirs.column("events").to_pylist()
    ours_s, plain_s = statistics.median(runs["eventwire"]), statistics.median(runs["duckdb"])
    files = len(list((store.path / "events").glob("*.parquet")))
    return {"files": files, "dyad_rows": ours.num_rows, "eventwire_s": round(ours_s, 4),
            "duckdb_s": round(plain_s, 4), "ratio": round(ours_s / plain_s, 3)}


def _paging(store: Store, repeat: int, n_events: int) -> dict[str, Any]:
    """Median seconds for the first page of 50 events and for the page in the middle, by date."""
    pages = {"first": 0, "middle": n_events // 2}
    runs: dict[str, list[float]] = {name: [] for name in pages}
    for _ in range(repeat):
        for name, offset in pages.items():
            runs[name].append(_timed(lambda o=offset: store.events(limit=50, offset=o, order_by="date"))[0])
    first, middle = statistics.median(runs["first"]), statistics.median(runs["middle"])
    return {"first_page_s": round(first, 4), "middle_page_s": round(middle, 4),
            "middle_offset": pages["middle"], "ratio": round(middle / first, 2)}


def _write_throughput(data_dir: Path, n_docs: int, batch_size: int) -> dict[str, Any]:
    results = list(synthetic_results(n_docs, seed=1, events_per_doc=EVENTS_PER_DOC))
    store = Store(data_dir, create=True)
    start = time.perf_counter()
    for i in range(0, n_docs, batch_size):
        store.write(results[i:i + batch_size])
    seconds = time.perf_counter() - start
    store.close()
    return {"documents": n_docs, "batch_size": batch_size, "seconds": round(seconds, 3),
            "documents_per_s": round(n_docs / seconds, 1),
            "events_per_s": round(n_docs * EVENTS_PER_DOC / seconds, 1)}


def run(n_events: int = 1_000_000, *, batches: int = 50, repeat: int = 7, seed: int = 0,
        data_dir: str | Path | None = None, write_docs: int = 2_000) -> dict[str, Any]:
    """Time the dyad-by-month query on a synthetic store, eventwire vs plain DuckDB.

    Args:
        n_events: synthetic events in the store (the issue asks for at least a million).
        batches: commits used to build it (files per table before compaction).
        repeat: timed runs per query, alternating (medians are reported, after a warm-up).
        seed: random seed.
        data_dir: where to build the store (a temporary directory by default).
        write_docs: documents written through ``Store.write`` to measure ingest throughput.

    Returns:
        dict with n_events, build_s, query (before compaction), compact_s, query_compacted,
        paging (first vs middle page of events), write (throughput), duckdb version and date.
    """
    with tempfile.TemporaryDirectory(prefix="eventwire-bench-") as tmp:
        root = Path(data_dir) if data_dir else Path(tmp)
        start = time.perf_counter()
        store = build(root / "store", n_events, batches=batches, seed=seed)
        build_s = time.perf_counter() - start
        before = _compare(store, repeat)
        start = time.perf_counter()
        store.compact()
        compact_s = time.perf_counter() - start
        after = _compare(store, repeat)
        paging = _paging(store, repeat, n_events)
        store.close()
        write = _write_throughput(root / "write", write_docs, 200) if write_docs else None
    return {"benchmark": "store.dyads(by='month') vs plain DuckDB over the same Parquet",
            "n_events": n_events, "batches": batches, "build_s": round(build_s, 3), "query": before,
            "compact_s": round(compact_s, 3), "query_compacted": after, "paging": paging, "write": write,
            "duckdb": duckdb.__version__, "date": dt.date.today().isoformat()}


#: invented words for the synthetic sentences of the fusion benchmark (no real text)
_VOCABULARY = tuple("".join(chr(97 + (k // 26**i) % 26) for i in range(3)) + "ed" for k in range(3000))


def fusion_event_table(n: int, *, seed: int = 0, retold: float = 0.4) -> pa.Table:
    """``n`` synthetic events for the fusion benchmark: varied wording, and retellings.

    A share ``retold`` of the events retell an earlier one in another document: same
    countries, root and code, a date 0-1 day later, most of its words. The rest are
    new events with sentences of ten invented words.

    Args:
        n: number of events.
        seed: random seed.
        retold: share of events that are reports of an earlier event.

    Returns:
        pyarrow.Table with the stored events schema.
    """
    table = synthetic_event_table(n, seed=seed)
    rng = np.random.default_rng([seed, 18])
    words = np.array(_VOCABULARY)[rng.integers(0, len(_VOCABULARY), (n, 10))]
    pick = rng.random(n) < retold
    pick[0] = False
    # each retelling copies an earlier event (at most 5000 rows back): its sides, code and most words
    origin = np.where(pick, np.maximum(0, np.arange(n) - rng.integers(1, 5000, n)), np.arange(n))
    for _ in range(3):  # a retelling of a retelling points at the first report
        origin = origin[origin]
    keep = rng.random((n, 10)) < 0.8
    words = np.where(keep[:, :] | ~pick[:, None], words[origin], words)
    sentences = [" ".join(row) for row in words.tolist()]
    columns = {name: table.column(name) for name in table.column_names}
    index = pa.array(origin)
    for name in ("source_code", "source_country", "source_agent", "target_code", "target_country",
                 "target_agent", "cameo_code", "cameo_root", "plover", "goldstein", "quad_class"):
        columns[name] = columns[name].take(index)
    dates = table.column("date").to_numpy(zero_copy_only=False).astype("datetime64[D]")
    shift = np.where(pick, rng.integers(0, 2, n), 0).astype("timedelta64[D]")
    columns["date"] = pa.array(dates[origin] + shift, pa.date32())
    columns["sentence"] = pa.array(sentences, pa.string())
    return pa.Table.from_arrays([columns[f.name] for f in EVENTS], schema=EVENTS)


def fusion(n_events: int = 1_000_000, *, batches: int = 20, seed: int = 0,
           data_dir: str | Path | None = None, new_docs: int = 256) -> dict[str, Any]:
    """Time fusion over a store of ``n_events`` stored events, and one ingest commit joining it.

    The store is built as ``build`` does, with ``fusion_event_table`` events. ``fuse_all``
    then fuses every stored event from scratch (DuckDB sorts by block and date and streams;
    one linear scan in Python); peak memory is the process's maximum resident size. Last,
    ``Store.write`` commits ``new_docs`` new documents into the million-event store, their
    events fused against the stored stories (the writer's incremental pass).

    Returns:
        dict with n_events, build_s, fusion_s, stories, reports_per_story, peak_rss_mb (of
        the fusion process), rows_per_s and commit (seconds for the incremental write).
    """
    import json
    import subprocess
    import sys

    with tempfile.TemporaryDirectory(prefix="eventwire-fusion-bench-") as tmp:
        root = Path(data_dir) if data_dir else Path(tmp)
        store = Store(root / "store", create=True)
        start = time.perf_counter()
        events = fusion_event_table(n_events, seed=seed)
        per_batch = -(-n_events // batches)
        per_batch += -per_batch % EVENTS_PER_DOC
        with store._layout.lock():
            for first in range(0, n_events, per_batch):
                chunk = events.slice(first, per_batch)
                batch_id = new_batch_id()
                documents, codings = _documents_and_codings(chunk, batch_id)
                store._layout.commit(batch_id, {"documents": documents, "events": chunk, "codings": codings},
                                     {"schema_version": SCHEMA_VERSION, "coder_versions": ["1"]})
        del events
        build_s = time.perf_counter() - start
        # in a process of its own, so that its peak memory is the fusion pass's alone
        proc = subprocess.run([sys.executable, "-m", "eventwire.store.bench", "fuse-store", str(store.path)],
                              capture_output=True, text=True, check=True)
        fused = json.loads(proc.stdout)
        results = list(synthetic_results(new_docs, seed=seed + 1, first=10**9, events_per_doc=EVENTS_PER_DOC))
        start = time.perf_counter()
        written = store.write(results)
        commit_s = time.perf_counter() - start
        store.close()
    return {"benchmark": "fuse every stored event from scratch (stages.fusion.fuse_all)",
            "n_events": n_events, "build_s": round(build_s, 3), **fused,
            "commit": {"documents": new_docs, "events": written.events, "seconds": round(commit_s, 3)},
            "date": dt.date.today().isoformat()}


def fuse_store(data_dir: str | Path) -> dict[str, Any]:
    """Fuse every event of a store from scratch (``fuse_all``); seconds, stories and peak memory.

    Returns:
        dict with fusion_s, rows_per_s, stories, reports_per_story, peak_rss_mb (this process).
    """
    from ..stages.fusion import FusionOptions, fuse_all

    store = Store(data_dir)
    start = time.perf_counter()
    stories: set[str] = set()
    linked = store._read(lambda cur: sum(1 for link in fuse_all(cur, FusionOptions())
                                         if stories.add(link.story_id) is None))
    seconds = time.perf_counter() - start
    store.close()
    return {"fusion_s": round(seconds, 3), "rows_per_s": round(linked / seconds), "stories": len(stories),
            "reports_per_story": round(linked / max(1, len(stories)), 3),
            "peak_rss_mb": _peak_rss_mb()}


def _peak_rss_mb() -> float | None:
    """This process's peak resident memory (VmHWM). Not ``getrusage``: after fork and exec, Linux
    reports the parent's peak there when it was higher."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


if __name__ == "__main__":  # python -m eventwire.store.bench [fusion] [N_EVENTS]
    import json
    import sys

    args = sys.argv[1:]
    if args[:1] == ["fuse-store"]:
        print(json.dumps(fuse_store(args[1])))
    else:
        bench = fusion if args[:1] == ["fusion"] else run
        args = args[1:] if args[:1] == ["fusion"] else args
        print(json.dumps(bench(int(args[0]) if args else 1_000_000), indent=1))
