"""Where ``Pipeline.process_batch`` runs: in-process, in a local process pool, or on Dask.

Every backend runs the *same* function, :func:`code_batch`, on a list of inputs and
returns its list of ``Result``/``Rejection`` to the parent, which alone writes the
store (the store has one writer per commit). A backend only decides where the
function runs:

* :class:`InProcess` — here, now (``--workers 1``);
* :class:`ProcessPool` — a ``forkserver``/``spawn`` pool of N processes, each building
  its pipeline (spaCy model, dictionaries) once in an initializer; a worker ends by
  itself within two seconds when the process that started the pool dies, even by
  ``kill -9`` (see :func:`watch_parent`), and the forkserver and resource tracker
  follow it (they exit when the last process holding their pipes is gone);
* :class:`DaskBackend` — workers of an existing ``dask.distributed`` scheduler or a
  ``LocalCluster``; each worker builds its pipeline once from the pickled ``Settings``
  (cached per process) and dask retries a failed partition.

:func:`ordered_map` keeps a bounded number of batches in flight and yields their
outcomes in input order, so memory stays constant however long the input stream is.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import multiprocessing
import os
import select
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Protocol

from .config import Settings
from .errors import ConfigError
from .models import RawDocument, Rejection, Result

LOGGER = logging.getLogger(__name__)

Batch = Sequence[RawDocument | Rejection]
Outcome = list[Result | Rejection]

#: the pipeline of this process, built once per Settings (worker processes hold one)
_PIPELINES: dict[Settings, Any] = {}


def worker_pipeline(settings: Settings) -> Any:
    """The pipeline of this process for ``settings``, built on first use and then reused.

    Args:
        settings: the run's Settings (frozen, hashable, picklable).

    Returns:
        Pipeline
    """
    pipeline = _PIPELINES.get(settings)
    if pipeline is None:
        from .pipeline import Pipeline

        _PIPELINES.clear()  # one model and one set of dictionaries per process, not one per run
        pipeline = _PIPELINES[settings] = Pipeline.from_settings(settings)
    return pipeline


def code_batch(settings: Settings, batch: Batch) -> Outcome:
    """Run ``Pipeline.process_batch`` on one batch with this process's cached pipeline.

    Args:
        settings: the run's Settings.
        batch: raw documents (and reader rejections, passed through).

    Returns:
        One Result or Rejection per input, in input order.
    """
    return worker_pipeline(settings).process_batch(batch)


def _init_worker(settings: Settings, parent_pid: int | None = None) -> None:
    """Process-pool initializer: tie this worker's life to the pool owner's, then load the pipeline.

    Ctrl-C reaches every process of the terminal's process group; a worker ignores it, so
    the owner alone decides how to stop (and no worker prints a traceback).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if parent_pid is not None:
        watch_parent(parent_pid)
    worker_pipeline(settings)


#: PR_SET_PDEATHSIG from <linux/prctl.h>
_PR_SET_PDEATHSIG = 1
WATCH_INTERVAL = 0.5  # seconds between checks where the owner cannot be waited on directly


def watch_parent(owner_pid: int) -> None:
    """End this process as soon as ``owner_pid`` (the process that started the pool) is gone.

    Two guards, so no worker outlives a killed ingest by more than about a second:

    * on Linux, ``prctl(PR_SET_PDEATHSIG, SIGKILL)``: the kernel kills this process when
      its parent dies (the forkserver, or the owner itself under ``spawn``);
    * a daemon thread that waits on a pidfd of the owner (Linux 5.3+; no polling), or else
      checks every ``WATCH_INTERVAL`` seconds that the owner and this process's parent
      still live, and ends this process with ``os._exit`` when either is gone.

    Args:
        owner_pid: the pid of the pool's owner, read in the owner before the pool starts.
    """
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent or not _alive(owner_pid):
        os._exit(1)  # the owner died before the guards were in place
    pidfd = None
    with contextlib.suppress(OSError, AttributeError):
        pidfd = os.pidfd_open(owner_pid)
    threading.Thread(target=_watch, args=(owner_pid, parent, pidfd), name="eventwire-parent-watch",
                     daemon=True).start()


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie, dead but not yet reaped, counts as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[1].split()[0] not in (b"Z", b"X")
    except (OSError, IndexError):
        return True  # no /proc (not Linux): kill(0) is all we can tell


def _watch(owner_pid: int, parent: int, pidfd: int | None) -> None:
    if pidfd is not None:
        # readable once the owner has exited; the timeout also catches the parent's death
        poller = select.poll()
        poller.register(pidfd, select.POLLIN)
        while not poller.poll(WATCH_INTERVAL * 1000) and os.getppid() == parent:
            pass
    else:
        while _alive(owner_pid) and os.getppid() == parent:
            time.sleep(WATCH_INTERVAL)
    os._exit(1)


def default_workers() -> int:
    """One worker per core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


class Backend(Protocol):
    """Runs ``code_batch`` somewhere; ``submit`` returns an object with ``result()``."""

    workers: int

    def submit(self, batch: Batch) -> Any: ...

    def close(self, *, abort: bool = False) -> None: ...


class _Done:
    """An already computed outcome with the ``result()`` interface of a future."""

    def __init__(self, value: Outcome | None = None, error: BaseException | None = None) -> None:
        self._value, self._error = value, error

    def result(self) -> Outcome:
        if self._error is not None:
            raise self._error
        return self._value or []


class InProcess:
    """Runs every batch here, in the calling process (``--workers 1``)."""

    workers = 1

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def submit(self, batch: Batch) -> _Done:
        try:
            return _Done(code_batch(self.settings, batch))
        except Exception as e:  # recorded by the caller like a failed worker batch
            return _Done(error=e)

    def close(self, *, abort: bool = False) -> None:
        pass


class _PoolFuture:
    """A pool future that resubmits its batch when it fails (also after a worker died)."""

    def __init__(self, pool: ProcessPool, batch: Batch, retries: int) -> None:
        self._pool, self._batch, self._retries = pool, batch, retries
        self._future = pool._submit(batch)

    def result(self) -> Outcome:
        while True:
            try:
                return self._future.result()
            except Exception as e:
                if self._retries <= 0:
                    raise
                self._retries -= 1
                LOGGER.warning("batch failed (%s: %s); retrying", type(e).__name__, e)
                self._future = self._pool._submit(self._batch)


class ProcessPool:
    """A local pool of worker processes, each with its own pipeline.

    Args:
        settings: the run's Settings (pickled once per worker).
        workers: number of processes.
        retries: resubmissions of a failed batch before it is recorded as failed.
        start_method: ``forkserver`` (default where available) or ``spawn``; never
            ``fork``, which would copy a parent's threads and locks (DuckDB, spaCy).

    Each worker ends by itself when this process dies (:func:`watch_parent`). Create and
    use a pool from one thread: under ``spawn`` on Linux, a worker also ends with the
    thread that started it (that is how ``PR_SET_PDEATHSIG`` works).
    """

    def __init__(self, settings: Settings, workers: int, *, retries: int = 2,
                 start_method: str | None = None) -> None:
        methods = multiprocessing.get_all_start_methods()
        method = start_method or ("forkserver" if "forkserver" in methods else "spawn")
        if method not in ("forkserver", "spawn"):
            raise ConfigError(f"start method {method!r}: use forkserver or spawn", "E203")
        self.settings, self.workers, self.retries = settings, workers, retries
        self._context = multiprocessing.get_context(method)
        self._executor = self._new_executor()

    def _new_executor(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=self._context,
                                   initializer=_init_worker, initargs=(self.settings, os.getpid()))

    def _submit(self, batch: Batch) -> Future[Outcome]:
        # a worker that died broke the whole pool: replace it (its batches are resubmitted
        # by their own futures)
        if getattr(self._executor, "_broken", False):
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = self._new_executor()
        return self._executor.submit(code_batch, self.settings, batch)

    def submit(self, batch: Batch) -> _PoolFuture:
        return _PoolFuture(self, batch, self.retries)

    def close(self, *, abort: bool = False) -> None:
        """Shut the pool down; ``abort=True`` (on Ctrl-C) ends the workers at once instead of
        waiting for their running batches."""
        if abort:
            for process in list((getattr(self._executor, "_processes", None) or {}).values()):
                with contextlib.suppress(OSError, AttributeError):
                    process.terminate()
        self._executor.shutdown(wait=True, cancel_futures=True)


class DaskBackend:
    """Batches as tasks on a ``dask.distributed`` cluster.

    Args:
        settings: the run's Settings (sent with every task; a few hundred bytes).
        address: a scheduler address (``tcp://host:8786``) or ``local:N`` for a
            LocalCluster of N single-threaded worker processes on this machine.
        retries: dask re-runs a failed task this many times (on any worker).
    """

    def __init__(self, settings: Settings, address: str, *, retries: int = 2) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise ConfigError("--dask needs dask.distributed: pip install 'dask[distributed]'",
                              "E204") from None
        self.settings, self.retries = settings, retries
        self._cluster = None
        if address.startswith("local"):
            n = _local_workers(address)
            # one thread per worker: spaCy and the coder are CPU-bound Python (the GIL)
            self._cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                         dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR)
            self._client = Client(self._cluster)
        else:
            self._client = Client(address)
        self.workers = max(1, len(self._client.scheduler_info().get("workers", {})))

    def submit(self, batch: Batch) -> Any:
        # pure=False: two equal batches are still two tasks (their outcomes are written once)
        return self._client.submit(code_batch, self.settings, list(batch), retries=self.retries,
                                   pure=False)

    def close(self, *, abort: bool = False) -> None:
        # closing the client drops its tasks, so an abort needs nothing more
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


def _local_workers(address: str) -> int:
    """N from ``local:N`` (``local`` alone: one per core)."""
    _, _, n = address.partition(":")
    if not n:
        return default_workers()
    if not n.isdigit() or int(n) < 1:
        raise ConfigError(f"--dask {address!r}: expected local:N with N >= 1, or a scheduler address",
                          "E205")
    return int(n)


def make_backend(settings: Settings, *, workers: int | None = None, dask: str | None = None,
                 retries: int = 2) -> Backend:
    """The backend for ``--workers N`` / ``--dask ADDRESS``.

    Args:
        settings: the run's Settings.
        workers: local processes (None: one per core; 1: in-process).
        dask: a scheduler address or ``local:N``; takes precedence over ``workers``.
        retries: how often a failed batch is re-run before it is recorded as failed.

    Returns:
        Backend (close it when done).
    """
    if dask:
        return DaskBackend(settings, dask, retries=retries)
    n = default_workers() if workers is None else workers
    if n < 1:
        raise ConfigError(f"--workers must be at least 1, got {n}", "E206")
    return InProcess(settings) if n == 1 else ProcessPool(settings, n, retries=retries)


def ordered_map(backend: Backend, batches: Iterable[Batch], *, in_flight: int | None = None,
                ) -> Iterator[tuple[Batch, Outcome | BaseException]]:
    """Submit batches, keeping at most ``in_flight`` pending; yield outcomes in input order.

    A batch that failed after its retries yields the exception instead of an outcome,
    so the caller records it and goes on.

    Args:
        backend: where batches run.
        batches: a stream of batches (consumed lazily).
        in_flight: pending batches at most (default: two per worker, so none idles).

    Returns:
        An iterator of (batch, outcome or exception).
    """
    limit = in_flight or 2 * backend.workers
    pending: deque[tuple[Batch, Any]] = deque()
    for batch in batches:
        pending.append((batch, backend.submit(batch)))
        if len(pending) >= limit:
            yield _collect(*pending.popleft())
    while pending:
        yield _collect(*pending.popleft())


def _collect(batch: Batch, future: Any) -> tuple[Batch, Outcome | BaseException]:
    try:
        return batch, future.result()
    except Exception as e:
        return batch, e
