"""make bench: eventwire end-to-end vs bare spaCy, memory over 10k documents, Dask speed-up.

One run measures, on the bundled corpus replicated and perturbed to the sizes below:

1. **ceiling** — bare spaCy ``nlp.pipe`` over exactly the clean texts eventwire parses,
   against ``Pipeline.pipe`` end to end over the same documents, in one process,
   interleaved chunk by chunk so both see the same machine load; the time of every
   stage; the ratio (wall and CPU time);
2. **scale** — ``ingest`` of ``--scale-docs`` documents (default 10,000) with a local
   process pool of ``--workers`` (default 2) into a fresh store: docs/s with store
   writes, and peak RSS (VmHWM, the parent plus its workers) after 1,000 documents
   and at the end;
   (the scale run goes first, so the parent's peak is that of ingest alone);
3. **dask** — ``ingest --dask local:1`` and ``local:2`` over the same documents:
   steady-state docs/s (from the first commit, so cluster start-up and model loading
   are not counted) and the speed-up;
4. the store's query benchmark (``eventwire.store.bench``), when present;
5. **fusion** — fusing ``--fusion-events`` stored events (default 1,000,000) into stories
   from scratch, in a process of its own so its peak RSS is its own (``bench.fusion``),
   and one ingest commit joining that store;
6. **web** — ``eventwire serve`` on loopback under 16 concurrent clients, per URL, with and
   without a concurrent ingest into the same store (``bench/web_load.py``; bounded in
   requests and seconds per URL).

Writes ``--out`` (default bench/results.json) and prints a table. ``--quick`` runs
small sizes (a smoke test, figures not meaningful).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

FULL = {"compare_docs": 360, "scale_docs": 10_000, "dask_docs": 480, "store_events": 1_000_000,
        "fusion_events": 1_000_000, "web_requests": 1500}
QUICK = {"compare_docs": 60, "scale_docs": 1_100, "dask_docs": 64, "store_events": 50_000, "fusion_events": 50_000,
         "web_requests": 200}
CHUNK = 60  # documents per interleaved spaCy / eventwire round


# -- inputs --------------------------------------------------------------------------
def corpus_records(n: int) -> Iterator[dict[str, Any]]:
    """``n`` documents: the bundled corpus cycled, each copy perturbed so its doc_id differs.

    Copy ``i`` gets a closing line naming the copy and its date moves by ``i`` days, so
    no dedup, cache or resume shortcut can help and the parse work stays realistic.
    """
    import datetime as dt

    from eventwire.demo import bundled_corpus

    records = [json.loads(line) for line in bundled_corpus().read_text(encoding="utf-8").splitlines() if line]
    for k in range(n):
        copy, r = divmod(k, len(records))
        record = records[r]
        if copy:
            published = record.get("published")
            if published:
                day = dt.date.fromisoformat(published[:10]) + dt.timedelta(days=copy)
                published = day.isoformat()
            record = {**record, "id": f"{record.get('id', r)}-copy{copy}", "published": published,
                      "text": record["text"] + f"\n\nThis is copy {copy} of the article."}
        yield record


def raw_documents(n: int) -> Iterator[Any]:
    """The benchmark corpus as RawDocuments (a stream)."""
    from eventwire.stages.read import read_text

    for r in corpus_records(n):
        yield read_text(r["text"], origin=r.get("id", "-"), published=r.get("published"), title=r.get("title"),
                        language=r.get("language"))


# -- memory --------------------------------------------------------------------------
def peak_rss_mb(pid: int) -> float:
    """Peak resident set (VmHWM) of a process, in MB (0 when it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def tree_peak_rss(pids: Iterable[int]) -> dict[str, float]:
    """Peak RSS of this process and of the given worker processes."""
    workers = [peak_rss_mb(p) for p in pids]
    parent = peak_rss_mb(os.getpid())
    return {"parent_mb": round(parent, 1), "worker_max_mb": round(max(workers, default=0.0), 1),
            "total_mb": round(parent + sum(workers), 1)}


def worker_pids() -> list[int]:
    """The pool's worker processes: leaf descendants (not the forkserver, not the resource tracker)."""
    import psutil

    procs = psutil.Process().children(recursive=True)
    return [p.pid for p in procs if not p.children() and "resource_tracker" not in " ".join(p.cmdline())]


# -- 1. ceiling: bare spaCy vs eventwire, per stage ----------------------------------------
class _Timed:
    """A stage wrapper adding wall and CPU seconds per stage name (bench only)."""

    def __init__(self, stage: Any, clock: dict[str, list[float]]) -> None:
        self._stage, self._clock = stage, clock
        self.name, self.requires, self.assigns = stage.name, stage.requires, stage.assigns

    def _add(self, wall: float, cpu: float) -> None:
        entry = self._clock[self.name]
        entry[0] += wall
        entry[1] += cpu

    def __call__(self, article: Any) -> Any:
        w, c = time.perf_counter(), time.process_time()
        try:
            return self._stage(article)
        finally:
            self._add(time.perf_counter() - w, time.process_time() - c)

    def pipe(self, articles: Iterable[Any], batch_size: int = 32) -> Iterator[Any]:
        w, c = time.perf_counter(), time.process_time()
        out = list(self._stage.pipe(articles, batch_size=batch_size))
        self._add(time.perf_counter() - w, time.process_time() - c)
        return iter(out)


def _clean_texts(pipeline: Any, before: Sequence[Any], raws: Sequence[Any]) -> list[str]:
    """Exactly the texts eventwire's parser receives (clean, dateline blanked, codable only)."""
    from eventwire.models import Article
    from eventwire.stages.nlp import parse_text

    texts = []
    for raw in raws:
        article = Article(raw=raw)
        for stage in before:
            article = stage(article)
        if pipeline._codable(article):
            texts.append(parse_text(article))
    return texts


def _clocked(fn: Callable[[], Any]) -> tuple[float, float]:
    w, c = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - w, time.process_time() - c


def ceiling(n: int, settings: Any) -> dict[str, Any]:
    """Bare spaCy vs eventwire over the same ``n`` documents, interleaved chunk by chunk."""
    from eventwire.pipeline import Pipeline
    from eventwire.stages.nlp import load_model

    pipeline = Pipeline.from_settings(settings)
    nlp = load_model(settings.model)
    clock: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    before = pipeline.before
    pipeline.before = [_Timed(s, clock) for s in pipeline.before]
    pipeline.parser = _Timed(pipeline.parser, clock)
    pipeline.after = [_Timed(s, clock) for s in pipeline.after]
    raws = list(raw_documents(n))
    warm = raws[:2 * CHUNK // 3]
    list(pipeline.pipe(warm))  # dictionaries and lazy tables load here, not in the timing
    list(nlp.pipe(_clean_texts(pipeline, before, warm)))
    clock.clear()
    spacy, ew, parsed, events = [0.0, 0.0], [0.0, 0.0], 0, 0
    for start in range(0, n, CHUNK):
        chunk = raws[start:start + CHUNK]
        texts = _clean_texts(pipeline, before, chunk)
        parsed += len(texts)
        w, c = _clocked(lambda: list(nlp.pipe(texts, batch_size=settings.batch_size)))
        spacy[0] += w
        spacy[1] += c
        outcome: list[Any] = []
        w, c = _clocked(lambda: outcome.extend(pipeline.pipe(chunk)))
        ew[0] += w
        ew[1] += c
        events += sum(len(getattr(x, "events", ())) for x in outcome)
    stages = {name: {"seconds": round(v[0], 2), "cpu_seconds": round(v[1], 2),
                     "share": round(v[0] / ew[0], 3)} for name, v in clock.items()}
    other = ew[0] - sum(v[0] for v in clock.values())
    stages["orchestration+finish"] = {"seconds": round(other, 2), "share": round(other / ew[0], 3)}
    return {"documents": n, "parsed_documents": parsed, "events": events,
            "spacy_docs_per_s": round(n / spacy[0], 2), "eventwire_docs_per_s": round(n / ew[0], 2),
            "spacy_seconds": round(spacy[0], 2), "eventwire_seconds": round(ew[0], 2),
            "spacy_cpu_seconds": round(spacy[1], 2), "eventwire_cpu_seconds": round(ew[1], 2),
            "ratio_to_spacy": round(spacy[0] / ew[0], 3), "ratio_to_spacy_cpu": round(spacy[1] / ew[1], 3),
            "stages": stages}


# -- 2./3. ingest runs (pool and Dask) --------------------------------------------------------
def ingest_run(n: int, settings: Any, *, workers: int = 1, dask: str | None = None,
               rss_at: Sequence[int] = ()) -> dict[str, Any]:
    """``ingest`` of ``n`` benchmark documents into a fresh store, with progress samples."""
    from eventwire.runner import ingest_documents

    marks: dict[int, dict[str, float]] = {}
    first: list[tuple[float, int]] = []
    started = time.perf_counter()

    def progress(summary: Any) -> None:
        if not first:
            first.append((time.perf_counter(), summary.read))
        for mark in rss_at:
            if mark not in marks and summary.read >= mark:
                marks[mark] = tree_peak_rss(worker_pids())

    with tempfile.TemporaryDirectory(prefix="eventwire-bench-") as tmp:
        summary = ingest_documents(raw_documents(n), Path(tmp) / "store", settings=settings, workers=workers,
                                   dask=dask, on_progress=progress, total=n)
    wall = time.perf_counter() - started
    t_first, n_first = first[0] if first else (started, 0)
    steady = (summary.read - n_first) / (time.perf_counter() - t_first) if summary.read > n_first else 0.0
    return {"documents": summary.read, "stored": summary.stored, "failed": summary.failed,
            "events": summary.events, "seconds": round(wall, 2), "docs_per_s": round(summary.read / wall, 2),
            "steady_docs_per_s": round(steady, 2), "write_seconds": round(summary.write_seconds, 2),
            "rss": {str(k): v for k, v in marks.items()}}


def dask_runs(n: int, settings: Any) -> dict[str, Any]:
    """LocalCluster with one and with two workers over the same documents."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        return {"skipped": "dask[distributed] is not installed"}
    one = ingest_run(n, settings, dask="local:1")
    two = ingest_run(n, settings, dask="local:2")
    return {"1_worker": one, "2_workers": two,
            "speedup_2w": round(two["steady_docs_per_s"] / one["steady_docs_per_s"], 3)
            if one["steady_docs_per_s"] else None}


def store_benchmark(n_events: int) -> dict[str, Any] | None:
    """The store's own query benchmark, when the store ships one."""
    try:
        from eventwire.store.bench import run
    except ImportError:
        return None
    try:
        return run(n_events=n_events)
    except Exception as e:  # another module's failure must not cost the figures above
        return {"error": f"{type(e).__name__}: {e}"}


def fusion_benchmark(n_events: int) -> dict[str, Any]:
    """Fusion of ``n_events`` stored events, in a fresh process (its peak RSS is fusion's alone)."""
    import subprocess

    proc = subprocess.run([sys.executable, "-m", "eventwire.store.bench", "fusion", str(n_events)],
                          capture_output=True, text=True, timeout=3600)
    if proc.returncode:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else f"exit {proc.returncode}"}
    return json.loads(proc.stdout)


def web_benchmark(requests: int, seconds: float) -> dict[str, Any]:
    """The loopback load run of ``bench/web_load.py`` (16 clients, with and without an ingest)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import web_load

    try:
        return web_load.run(requests=requests, seconds=seconds)
    except Exception as e:  # the figures above stay
        return {"error": f"{type(e).__name__}: {e}"}


# -- report --------------------------------------------------------------------------
def summarise(results: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(figure, value, target) rows for the printed table."""
    c, s, d = results["ceiling"], results["scale"], results["dask"]
    rows = [
        ("bare spaCy nlp.pipe docs/s (1 process)", f"{c['spacy_docs_per_s']}", ""),
        ("eventwire end-to-end docs/s (1 process)", f"{c['eventwire_docs_per_s']}", ""),
        ("ratio to spaCy (wall / CPU)", f"{c['ratio_to_spacy']} / {c['ratio_to_spacy_cpu']}", ">= 0.80"),
    ]
    for name, v in sorted(c["stages"].items(), key=lambda kv: -kv[1]["seconds"]):
        rows.append((f"  stage {name}", f"{v['seconds']} s ({100 * v['share']:.1f}%)", ""))
    rows += [
        (f"ingest, {s['documents']} docs, {results['config']['workers']} workers: docs/s", f"{s['docs_per_s']}", ""),
        ("  of which store writes (s)", f"{s['write_seconds']}", ""),
        ("peak RSS after 1,000 docs (MB, parent+workers)", f"{results['rss_mb_1k']}", ""),
        (f"peak RSS after {s['documents']:,} docs (MB)", f"{results['rss_mb_10k']}", "within 10%"),
    ]
    if "speedup_2w" in d:
        rows += [("Dask local:1 steady docs/s", f"{d['1_worker']['steady_docs_per_s']}", ""),
                 ("Dask local:2 steady docs/s", f"{d['2_workers']['steady_docs_per_s']}", ""),
                 ("Dask 2-worker speed-up", f"{d['speedup_2w']}", ">= 1.6")]
    store = results.get("store") or {}
    if "query_compacted" in store:
        q, p = store["query_compacted"], store["paging"]
        rows += [(f"store dyads by month, {store['n_events']:,} events: eventwire / DuckDB s",
                  f"{q['eventwire_s']} / {q['duckdb_s']}", ""),
                 (f"store events page at offset {p['middle_offset']:,} / first page (s)",
                  f"{p['middle_page_s']} / {p['first_page_s']}", "")]
    fusion = results.get("fusion") or {}
    if "fusion_s" in fusion:
        rows += [(f"fusion of {fusion['n_events']:,} stored events (s)", f"{fusion['fusion_s']}", "<= 60"),
                 ("  its peak RSS (MB)", f"{fusion['peak_rss_mb']}", ""),
                 (f"  one commit of {fusion['commit']['documents']} documents joining it (s)",
                  f"{fusion['commit']['seconds']}", "")]
    web = results.get("web") or {}
    if "idle" in web:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import web_load

        rows += web_load.rows(web)
    return rows


def print_table(rows: list[tuple[str, str, str]]) -> None:
    width = max(len(r[0]) for r in rows)
    for name, value, target in rows:
        print(f"{name:<{width}}  {value:>18}  {target}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default="bench/results.json")
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke test of the benchmark")
    parser.add_argument("--workers", type=int, default=2, help="local processes for the scale run")
    for key, value in FULL.items():
        parser.add_argument("--" + key.replace("_", "-"), type=int, default=None, help=f"default {value:,}")
    args = parser.parse_args()
    sizes = {k: getattr(args, k) or (QUICK if args.quick else FULL)[k] for k in FULL}

    from eventwire.config import load_settings

    settings = load_settings()
    started = time.perf_counter()
    results: dict[str, Any] = {"config": {**sizes, "workers": args.workers, "batch_size": settings.batch_size,
                                          "model": settings.model, "quick": args.quick}}
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    # the scale run first: the parent's peak RSS then belongs to ingest, not to part 1's model
    rss_marks = (1_000, sizes["scale_docs"])
    results["scale"] = ingest_run(sizes["scale_docs"], settings, workers=args.workers, rss_at=rss_marks)
    rss = results["scale"]["rss"]
    out.write_text(json.dumps(results, indent=2) + "\n")  # partial figures survive a later failure
    results["ceiling"] = ceiling(sizes["compare_docs"], settings)
    out.write_text(json.dumps(results, indent=2) + "\n")
    results["dask"] = dask_runs(sizes["dask_docs"], settings)
    out.write_text(json.dumps(results, indent=2) + "\n")
    results["store"] = store_benchmark(sizes["store_events"])
    out.write_text(json.dumps(results, indent=2) + "\n")
    results["fusion"] = fusion_benchmark(sizes["fusion_events"])
    results["web"] = web_benchmark(sizes["web_requests"], 5.0 if args.quick else 15.0)
    results.update({
        "ratio_to_spacy": results["ceiling"]["ratio_to_spacy"],
        "ratio_to_spacy_cpu": results["ceiling"]["ratio_to_spacy_cpu"],
        "rss_mb_1k": rss.get("1000", {}).get("total_mb"),
        "rss_mb_10k": rss.get(str(sizes["scale_docs"]), {}).get("total_mb"),
        "dask_speedup_2w": results["dask"].get("speedup_2w"),
        "seconds": round(time.perf_counter() - started, 1),
        "machine": {"python": sys.version.split()[0], "platform": platform.platform(),
                    "processor": platform.machine(), "cpus": os.cpu_count(),
                    "load_average_at_end": [round(x, 2) for x in os.getloadavg()]},
    })
    out.write_text(json.dumps(results, indent=2) + "\n")
    print_table(summarise(results))
    print(f"\nwritten to {args.out} ({results['seconds']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
