"""The store benchmark runs and compares like with like."""

from __future__ import annotations

import threading
from pathlib import Path

from eventwire.store.bench import build, run, synthetic_event_table


def test_store_bench_small_run_reports_both_timings() -> None:
    result = run(4_000, batches=4, repeat=2, write_docs=40)
    for key in ("query", "query_compacted"):
        assert result[key]["eventwire_s"] > 0 and result[key]["duckdb_s"] > 0
        assert result[key]["dyad_rows"] > 0
    assert result["query"]["files"] == 4 and result["query_compacted"]["files"] == 1
    assert result["write"]["documents"] == 40
    assert result["paging"]["middle_offset"] == 2_000 and result["paging"]["middle_page_s"] > 0


def test_store_bench_synthetic_events_fit_the_schema(tmp_path: Path) -> None:
    table = synthetic_event_table(1_000, seed=3)
    assert table.num_rows == 1_000
    assert len(set(table.column("event_id").to_pylist())) == 1_000
    store = build(tmp_path / "s", 1_000, batches=3)
    assert store.stats()["events"] == 1_000
    assert store.stats()["documents"] == 250


def test_store_reads_from_many_threads(tmp_path: Path) -> None:
    store = build(tmp_path / "s", 2_000, batches=2)
    errors: list[BaseException] = []
    counts: list[tuple[int, int]] = []

    def work() -> None:
        try:
            for _ in range(5):
                counts.append((store.events(root="19").num_rows,
                               int(sum(store.dyads(by="year").column("events").to_pylist()))))
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(set(counts)) == 1 and counts[0][1] == 2_000 and len(counts) == 20
    store.close()
