"""The server under concurrent clients while a writer commits: no 5xx, no half-committed batch, no stale answer.

A real uvicorn server on loopback serves a store into which a writer commits batches of
``BATCH`` documents of ``EVENTS`` events and one quote each, while several clients
read the API and the pages. Every answer must show whole batches only (document counts
a multiple of ``BATCH``, ``EVENTS`` events and one quote per document), counts never go
back, and once the writer is done the answers show its last commit (the response cache
never outlives the state it was computed from). Speed is measured in ``bench/web_load.py``,
not here.
"""

from __future__ import annotations

import collections
import dataclasses
import re
import threading
import time

import pytest

pytest.importorskip("fastapi")
uvicorn = pytest.importorskip("uvicorn")

import httpx  # noqa: E402
from browser.sample import build_sample_store, sample_result, sample_results, serving  # noqa: E402

from eventwire.store import Store  # noqa: E402
from eventwire.web import create_app  # noqa: E402
from eventwire.web.cache import StoreGeneration  # noqa: E402

BATCH, EVENTS, COMMITS = 5, 3, 30
TRIPLES = [("USA", "036", "JPN"), ("CHN", "112", "RUS"), ("JPN", "057", "USA")]
API = ("/api/stats", "/api/events?limit=500", "/api/dyads", "/api/documents?limit=200", "/api/actors")
PAGES = ("/", "/events", "/documents?limit=200", "/dyads?source=USA&target=JPN", "/network")


@pytest.fixture
def served(tmp_path):
    store = build_sample_store(tmp_path / "store")
    with serving(create_app(store)) as url:
        yield store, url


def _base_counts(store: Store) -> tuple[int, int, int]:
    stats = store.stats()
    return stats["documents"], stats["events"], stats["quotes"]


def _check(path: str, response: httpx.Response, base: tuple[int, int, int], seen: dict[str, int]) -> None:
    assert response.status_code == 200, (path, response.status_code, response.text[:300])
    docs0, events0, quotes0 = base
    if path == "/api/stats":
        stats = response.json()
        added = stats["documents"] - docs0
        assert added % BATCH == 0, stats  # whole batches only
        assert stats["events"] - events0 == EVENTS * added and stats["quotes"] - quotes0 == added, stats
        assert added >= seen.get(path, 0)  # never back to an older state
        seen[path] = added
    elif path.startswith("/api/events"):
        # the writer's stories are the only ones dated July 2022; the page holds every event
        per_doc = collections.Counter(e["doc_id"] for e in response.json()["events"]
                                      if (e["date"] or "").startswith("2022-07"))
        assert len(per_doc) % BATCH == 0 and set(per_doc.values()) <= {EVENTS}, per_doc
    elif path.startswith("/api/documents"):
        docs = response.json()["documents"]
        added = sum(1 for d in docs if d["origin"].startswith("writer/"))
        assert added % BATCH == 0 and all(d["events"] == EVENTS for d in docs if d["origin"].startswith("writer/"))
    elif path.startswith("/documents"):
        added = len(re.findall(r"Writer story \d+", response.text))
        assert added % BATCH == 0


def _writer_result(index: int):
    result = sample_result(1000 + index, "2022-07", TRIPLES)
    doc = dataclasses.replace(result.document, origin=f"writer/{index}", title=f"Writer story {index}")
    return dataclasses.replace(result, document=doc)


def test_web_load_readers_never_see_a_half_committed_batch(served):
    store, base_url = served
    base = _base_counts(store)
    done = threading.Event()
    failures: list[BaseException] = []
    answered = collections.Counter()

    def write() -> None:
        try:
            with Store(store.path) as writer:
                for c in range(COMMITS):
                    writer.write([_writer_result(c * BATCH + k) for k in range(BATCH)], coder_version="1")
                    time.sleep(0.02)
        except BaseException as e:  # reported by the test thread
            failures.append(e)
        finally:
            done.set()

    def read(paths: tuple[str, ...]) -> None:
        seen: dict[str, int] = {}
        try:
            with httpx.Client(base_url=base_url, timeout=30) as client:
                while not done.is_set():
                    for path in paths:
                        _check(path, client.get(path), base, seen)
                        answered[path] += 1
        except BaseException as e:
            failures.append(e)

    readers = [threading.Thread(target=read, args=(paths,)) for paths in (API, PAGES, API[::-1])]
    writer = threading.Thread(target=write)
    for t in (*readers, writer):
        t.start()
    writer.join(timeout=300)
    for t in readers:
        t.join(timeout=60)
    assert not failures, failures[0]
    assert sum(answered.values()) >= 3 * len(API)

    # after the last commit, every answer shows it: nothing cached from an earlier state
    with httpx.Client(base_url=base_url, timeout=30) as client:
        stats = client.get("/api/stats").json()
        assert stats["documents"] == base[0] + COMMITS * BATCH
        page = client.get("/documents?limit=500").text
        assert len(re.findall(r"Writer story \d+", page)) == COMMITS * BATCH


def test_web_load_generation_moves_with_every_commit_and_only_then(tmp_path):
    store = build_sample_store(tmp_path / "store")
    generation = StoreGeneration(store.path)
    first = generation.current()
    assert generation.current() == first  # nothing changed
    for k in range(5):  # several commits within one clock tick of the directory's mtime
        store.write([_writer_result(k)], coder_version="1")
        assert generation.current() == first + k + 1
    store.compact()
    after_compact = generation.current()
    assert after_compact > first + 5  # batches replaced: another state, though the same content
    assert generation.current() == after_compact


def test_web_load_cache_replays_only_within_one_generation(tmp_path):
    from browser.sample import AppClient

    store = build_sample_store(tmp_path / "store")
    client = AppClient(create_app(store))
    before = client.get("/api/stats").json()["documents"]
    assert before == len(sample_results())
    assert client.get("/api/stats").json()["documents"] == before  # a replay
    store.write([_writer_result(0)], coder_version="1")
    assert client.get("/api/stats").json()["documents"] == before + 1
    assert client.get("/api/documents/not-a-doc").status_code == 404
    assert client.get("/api/events?limit=0").status_code == 422  # errors are never cached
