"""Every backend stores the same events as the in-process run (same event_ids), fused into the same stories."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.config import load_settings
from eventwire.demo import bundled_corpus
from eventwire.runner import ingest
from eventwire.store import Store


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    """Four bundled documents as a JSONL file."""
    lines = [line for line in bundled_corpus().read_text(encoding="utf-8").splitlines() if line][:4]
    path = tmp_path_factory.mktemp("inputs") / "four.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def stored(data: Path) -> tuple[set[str], set[str], frozenset[frozenset[str]]]:
    store = Store(data)
    try:
        links = store.story_links().to_pylist()
        events = set(store.events(include_duplicates=True).column("event_id").to_pylist())
        assert sorted(link["event_id"] for link in links) == sorted(events)  # the writer linked each once
        stories: dict[str, set[str]] = {}
        for link in links:
            stories.setdefault(link["story_id"], set()).add(link["event_id"])
        return (set(store.documents().column("doc_id").to_pylist()),
                set(store.events().column("event_id").to_pylist()),
                frozenset(frozenset(s) for s in stories.values()))
    finally:
        store.close()


@pytest.fixture(scope="module")
def local_run(inputs, tmp_path_factory) -> tuple[set[str], set[str], frozenset[frozenset[str]]]:
    data = tmp_path_factory.mktemp("local") / "store"
    summary = ingest([str(inputs)], data, settings=load_settings(batch_size=2), workers=1)
    assert summary.stored == 4 and summary.failed == 0
    return stored(data)


def test_dask_local_cluster_stores_the_same_events(inputs, local_run, tmp_path):
    summary = ingest([str(inputs)], tmp_path / "store", settings=load_settings(batch_size=2), dask="local:2")
    assert summary.failed_batches == 0
    docs, events, stories = stored(tmp_path / "store")
    assert events, "the bundled documents must code to some events"
    assert (docs, events, stories) == local_run


@pytest.mark.slow
def test_process_pool_stores_the_same_events(inputs, local_run, tmp_path):
    summary = ingest([str(inputs)], tmp_path / "store", settings=load_settings(batch_size=1), workers=2)
    assert summary.failed_batches == 0 and summary.read == 4
    assert stored(tmp_path / "store") == local_run

