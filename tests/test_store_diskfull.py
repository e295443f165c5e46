"""A full disk in the middle of a commit: a clear error, nothing committed lost, nothing half-visible."""

from __future__ import annotations

import errno
from pathlib import Path

import duckdb
import pytest

from eventwire.errors import StoreError
from eventwire.store import Store, _layout
from eventwire.store._synthetic import synthetic_results


@pytest.mark.parametrize("fail_on_file", [1, 3])
def test_store_disk_full_mid_commit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fail_on_file: int) -> None:
    results = list(synthetic_results(12, seed=3))
    store = Store(tmp_path / "data", create=True)
    store.write(results[:6])
    before = store.stats(include_duplicates=True)

    real_write = _layout.pq.write_table
    calls = {"n": 0}

    def full_disk(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == fail_on_file:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(*args, **kwargs)

    monkeypatch.setattr(_layout.pq, "write_table", full_disk)
    with pytest.raises(StoreError, match="No space left"):
        store.write(results[6:])
    monkeypatch.setattr(_layout.pq, "write_table", real_write)

    # readers see exactly what was committed before; plain Parquet readers too
    reopened = Store(tmp_path / "data")
    assert reopened.stats(include_duplicates=True)["events"] == before["events"]
    glob = str(tmp_path / "data" / "events" / "*.parquet")
    assert duckdb.sql(f"select count(*) from '{glob}'").fetchall()[0][0] == before["events"]
    # once there is room again the same batch is written in full, without duplicates
    reopened.write(results[6:])
    after = reopened.stats(include_duplicates=True)
    assert after["documents"] == 12
    reopened.write(results)
    assert reopened.stats(include_duplicates=True)["events"] == after["events"]
