"""Compaction and schema migrations."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

import eventwire.store._layout as layout_module
from eventwire.errors import StoreError
from eventwire.models import Rejection
from eventwire.store import TABLES, Store
from eventwire.store._synthetic import synthetic_results


def _snapshot(store: Store) -> dict:
    stats = store.stats(include_duplicates=True)
    for key in ("batches", "files"):
        stats.pop(key)
    events = store.events(include_duplicates=True, order_by="event_id, coder_version", coder_version="all")
    return {"stats": stats, "events": events.to_pylist(), "docs": store.documents(order_by="doc_id").to_pylist(),
            "rejections": store.rejections().to_pylist()}


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "data", create=True)
    results = list(synthetic_results(30, seed=5))
    for start in range(0, 30, 3):
        store.write(results[start:start + 3], [Rejection(f"bad{start}.pdf", "read", "unsupported")])
    # a re-code of some documents, so compaction must keep "latest version" working
    recoded = [dataclasses.replace(r, events=r.events[:1]) for r in results[:4]]
    store.write(recoded, coder_version="2")
    return store


def test_store_compact_merges_batches_and_keeps_every_row(store: Store) -> None:
    before = _snapshot(store)
    latest_before = store.events(include_duplicates=True, order_by="event_id").to_pylist()
    summary = store.compact()
    assert (summary["batches_before"], summary["merged"], summary["batches_after"]) == (11, 11, 1)
    assert summary["files_after"] == len(TABLES) < summary["files_before"]
    assert _snapshot(store) == before
    assert store.events(include_duplicates=True, order_by="event_id").to_pylist() == latest_before
    assert store.compact()["merged"] == 0  # nothing left to merge


def test_store_compact_leaves_big_batches_alone(store: Store) -> None:
    # every 3-document batch has 9 events; the re-code batch has 4 and is the only small one
    assert store.compact(target_rows=9)["merged"] == 0
    store.write(list(synthetic_results(1, seed=8, first=100)))  # a second small batch (3 events)
    summary = store.compact(target_rows=9)
    assert (summary["batches_before"], summary["merged"], summary["batches_after"]) == (12, 2, 11)


def test_store_compact_killed_before_cleanup_hides_replaced_batches(store: Store,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    before = _snapshot(store)
    # the compactor dies after publishing its batch but before deleting the old ones
    monkeypatch.setattr(layout_module.Layout, "recover", lambda self: {})
    store.compact()
    monkeypatch.undo()
    assert len(list((store.path / "events").iterdir())) == 12  # old and merged files both on disk
    assert _snapshot(store) == before  # but readers count each row once
    store.write([], [Rejection("later.pdf", "read", "unsupported")])  # the next writer cleans up
    assert len(list((store.path / "events").iterdir())) == 1


def test_store_migration_runs_once_and_is_recorded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(tmp_path / "data", create=True)
    store.write(list(synthetic_results(2, seed=1)))
    calls = []

    def add_marker_file(root: Path) -> None:
        calls.append(root)
        (root / "migrated.txt").write_text("v2")

    nxt = layout_module.SCHEMA_VERSION + 1
    monkeypatch.setattr(layout_module, "SCHEMA_VERSION", nxt)
    monkeypatch.setitem(layout_module.MIGRATIONS, nxt, add_marker_file)
    with pytest.raises(StoreError, match="E407"):
        store.events()  # readers never migrate a store under a running writer's feet
    store.compact()  # any writer applies pending migrations under the lock
    store.compact()
    assert calls == [store.path]
    meta = json.loads((store.path / "_meta.json").read_text())
    assert meta["schema_version"] == nxt
    assert [m["name"] for m in meta["migrations"]] == ["create", "add_marker_file"]
    assert store.events().num_rows == 6


def test_store_migration_missing_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(tmp_path / "data", create=True)
    monkeypatch.setattr(layout_module, "SCHEMA_VERSION", layout_module.SCHEMA_VERSION + 1)
    with pytest.raises(StoreError, match="E405"):
        store.compact()
