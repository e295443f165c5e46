"""The process pool survives a batch that kills its worker: the batch is retried, then recorded."""

from __future__ import annotations

import os

import pytest

from eventwire.config import load_settings
from eventwire.distributed import ProcessPool, ordered_map
from eventwire.stages.read import read_text


class _KillsWorker:
    """Unpickling this in a worker ends that worker at once (like a segfault or the OOM killer)."""

    def __reduce__(self):
        return (os._exit, (3,))


@pytest.mark.slow
def test_a_batch_that_kills_its_worker_is_retried_then_reported(tmp_path):
    good = [read_text("Japan and South Korea signed a trade agreement.", origin="ok", published="2022-03-01")]
    pool = ProcessPool(load_settings(), 1, retries=1)
    try:
        out = list(ordered_map(pool, [good, [_KillsWorker()], good], in_flight=1))
    finally:
        pool.close()
    assert [type(o).__name__ for _, o in out] == ["list", "BrokenProcessPool", "list"]
    assert out[2][1][0].document.origin == "ok"  # the pool was rebuilt and kept working
