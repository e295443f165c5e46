"""The runner: bounded, ordered batches; failed batches recorded; resumable runs."""

from __future__ import annotations

import itertools

import pytest

import eventwire.distributed as distributed
from eventwire.config import load_settings
from eventwire.distributed import _Done, _local_workers, make_backend, ordered_map
from eventwire.errors import ConfigError
from eventwire.runner import FAILED_STAGE, ResumeIndex, ingest_documents, input_key
from eventwire.stages.read import read_text
from eventwire.store import Store

TEXTS = [
    "The United States accused China of cyber attacks on Monday.",
    "Japan and South Korea signed a trade agreement in Tokyo.",
    "Russian troops attacked positions near Kharkiv, officials said.",
    "The European Union praised India for its climate pledge.",
]


def raws(texts=TEXTS):
    return [read_text(t, origin=f"doc-{i}", published="2022-03-01") for i, t in enumerate(texts)]


class FakeBackend:
    """Records how many submitted batches are pending; fails batches containing 'boom'."""

    def __init__(self, workers: int) -> None:
        self.workers, self.pending, self.max_pending = workers, 0, 0

    def submit(self, batch):
        self.pending += 1
        self.max_pending = max(self.max_pending, self.pending)
        backend = self

        class Future:
            def result(self):
                backend.pending -= 1
                if "boom" in batch:
                    raise RuntimeError("worker died")
                return [x * 10 for x in batch]

        return Future()

    def close(self) -> None:
        pass


@pytest.mark.parametrize("workers,in_flight,bound", [(1, None, 2), (2, None, 4), (3, 1, 1)])
def test_ordered_map_keeps_order_and_bounds_in_flight(workers, in_flight, bound):
    backend = FakeBackend(workers)
    batches = ([i, i + 1] for i in range(0, 40, 2))  # a generator: consumed lazily
    out = list(ordered_map(backend, batches, in_flight=in_flight))
    assert [o for _, o in out] == [[i * 10, (i + 1) * 10] for i in range(0, 40, 2)]
    assert backend.max_pending == bound


def test_ordered_map_yields_the_exception_of_a_failed_batch():
    out = list(ordered_map(FakeBackend(2), [[1], ["boom"], [3]]))
    assert out[0][1] == [10] and isinstance(out[1][1], RuntimeError) and out[2][1] == [30]


def test_ordered_map_does_not_read_ahead_of_the_bound():
    source = itertools.count()
    gen = ordered_map(FakeBackend(1), ([next(source)] for _ in itertools.count()))
    next(gen)
    assert next(source) <= 3  # only the bounded window was read


@pytest.mark.parametrize("address,n", [("local:3", 3), ("local:1", 1)])
def test_local_workers_parses_n(address, n):
    assert _local_workers(address) == n


@pytest.mark.parametrize("address", ["local:0", "local:x", "local:-2"])
def test_local_workers_rejects_bad_n(address):
    with pytest.raises(ConfigError):
        _local_workers(address)


def test_make_backend_one_worker_runs_in_process():
    assert isinstance(make_backend(load_settings(), workers=1), distributed.InProcess)
    with pytest.raises(ConfigError):
        make_backend(load_settings(), workers=0)


def test_done_raises_its_error():
    with pytest.raises(ValueError):
        _Done(error=ValueError("x")).result()


def test_input_key_depends_on_text_and_coder_version():
    a, b = raws(TEXTS[:2])
    assert input_key(a) == input_key(read_text(a.text, origin="elsewhere"))
    assert input_key(a) != input_key(b)
    assert input_key(a, "1") != input_key(a, "2")
    assert 0 <= input_key(a) < 2 ** 64


def test_resume_index_round_trip(tmp_path):
    first = ResumeIndex(tmp_path)
    assert len(first) == 0 and first.contains([1, 2]) == [False, False]
    first.add([2 ** 64 - 1, 5])
    second = ResumeIndex(tmp_path)
    second.add([7])
    assert ResumeIndex(tmp_path).contains([5, 7, 2 ** 64 - 1, 6]) == [True, True, True, False]


def test_failed_batch_is_recorded_and_coded_on_the_next_run(tmp_path, monkeypatch):
    settings = load_settings(batch_size=2)
    real = distributed.code_batch

    def flaky(settings, batch):
        if any(getattr(d, "origin", "") == "doc-2" for d in batch):
            raise MemoryError("worker out of memory")
        return real(settings, batch)

    monkeypatch.setattr(distributed, "code_batch", flaky)
    summary = ingest_documents(raws(), tmp_path, settings=settings, workers=1)
    assert (summary.read, summary.stored, summary.failed, summary.failed_batches) == (4, 2, 2, 1)
    with Store(tmp_path) as store:
        rejected = store.rejections().to_pylist()
    assert {(r["origin"], r["stage"]) for r in rejected} == {("doc-2", FAILED_STAGE), ("doc-3", FAILED_STAGE)}
    assert all("MemoryError" in r["reason"] for r in rejected)

    monkeypatch.setattr(distributed, "code_batch", real)
    again = ingest_documents(raws(), tmp_path, settings=settings, workers=1)
    assert (again.skipped, again.stored, again.failed) == (2, 2, 0)  # only the failed ones re-coded
    with Store(tmp_path) as store:
        assert store.stats()["documents"] == 4


def test_resume_skips_finished_inputs_without_coding_them(tmp_path, monkeypatch):
    settings = load_settings(batch_size=3)
    first = ingest_documents(raws(), tmp_path, settings=settings, workers=1)
    assert first.stored == 4

    def never(settings, batch):
        raise AssertionError("a finished input was coded again")

    monkeypatch.setattr(distributed, "code_batch", never)
    again = ingest_documents(raws(), tmp_path, settings=settings, workers=1)
    assert (again.read, again.skipped, again.stored, again.failed) == (4, 4, 0, 0)


def test_no_resume_codes_again_and_the_store_skips_duplicates(tmp_path):
    settings = load_settings(batch_size=4)
    ingest_documents(raws(), tmp_path, settings=settings, workers=1)
    again = ingest_documents(raws(), tmp_path, settings=settings, workers=1, resume=False)
    assert (again.skipped, again.stored, again.duplicates) == (0, 0, 4)


def test_progress_reports_rate_and_eta(tmp_path):
    seen = []
    ingest_documents(raws(), tmp_path, settings=load_settings(batch_size=2), workers=1, total=4,
                     on_progress=lambda s: seen.append((s.read, s.eta_seconds, s.docs_per_second)))
    assert [r for r, _, _ in seen] == [2, 4]
    assert seen[0][1] > 0 and seen[-1][1] == 0 and all(rate > 0 for _, _, rate in seen)
