"""Running the pipeline over many inputs into the store: ``ingest``.

Reading streams documents; the pipeline codes them in batches (here, in a local
process pool or on Dask: see ``distributed``); the parent process alone writes the
store, one atomic commit per ``COMMIT_SIZE`` documents, so a killed run keeps every
commit before it.

A re-run is resumable and cheap: after each commit the runner records a 64-bit hash
of every input it finished (coder version + raw text) in ``<data>/_ingest/``; the
next run skips those inputs before they are cleaned or parsed. The store's own
idempotence on ``doc_id`` remains the guarantee (an input missing from the index is
coded again and its document written once); the index only saves the work.

Ctrl-C (or ``stop`` from a signal handler) ends a run cleanly: the workers are stopped
at once, every commit made so far stays, and :class:`IngestInterrupted` carries the
summary up to the caller; running the same ingest again resumes.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .config import Settings, load_settings
from .models import RawDocument, Rejection, Result, stable_hash
from .pipeline import coder_version
from .stages.dedup import NearDuplicateIndex
from .stages.fusion import FusionOptions

Batch = Sequence[RawDocument | Rejection]
Outcome = list[Result | Rejection]

# the store's near-duplicate (MinHash/LSH) index, kept beside the tables
DEDUP_FILE = "_dedup/minhash.pickle"
DEDUP_SAVE_SECONDS = 30.0
COMMIT_SIZE = 256  # documents per store commit: a killed run re-codes at most this many
RESUME_DIR = "_ingest"
FAILED_STAGE = "worker"


@dataclass
class IngestSummary:
    """What an ingest did: counts by outcome and rejections by reason.

    ``total`` is the number of inputs when known in advance; it gives the ETA.
    """

    read: int = 0
    stored: int = 0
    duplicates: int = 0
    skipped: int = 0
    rejected: int = 0
    failed: int = 0
    failed_batches: int = 0
    events: int = 0
    quotes: int = 0
    seconds: float = 0.0
    write_seconds: float = 0.0
    total: int | None = None
    rejected_by_reason: Counter[str] = field(default_factory=Counter)

    @property
    def docs_per_second(self) -> float:
        return self.read / self.seconds if self.seconds else 0.0

    @property
    def eta_seconds(self) -> float | None:
        """Seconds left at the current rate (None while the total or a rate is unknown)."""
        if self.total is None or not self.read or not self.seconds:
            return None
        return max(0.0, (self.total - self.read) / self.docs_per_second)

    def to_dict(self) -> dict[str, object]:
        return {"read": self.read, "stored": self.stored, "duplicates": self.duplicates,
                "skipped": self.skipped, "rejected": self.rejected, "failed": self.failed,
                "failed_batches": self.failed_batches, "events": self.events, "quotes": self.quotes,
                "seconds": round(self.seconds, 3), "write_seconds": round(self.write_seconds, 3),
                "docs_per_second": round(self.docs_per_second, 2),
                "rejected_by_reason": dict(self.rejected_by_reason)}


class IngestInterrupted(KeyboardInterrupt):
    """An ingest stopped by Ctrl-C: every commit before it is kept; ``summary`` says what it did."""

    def __init__(self, summary: IngestSummary) -> None:
        super().__init__("ingest interrupted")
        self.summary = summary


def batched(items: Iterable[RawDocument | Rejection], size: int) -> Iterator[list[RawDocument | Rejection]]:
    """Consecutive lists of at most ``size`` items (streams; constant memory)."""
    batch: list[RawDocument | Rejection] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def input_key(raw: RawDocument, coder_version: str = "") -> int:
    """The resume key of an input: 64 bits of a hash of the coder version and the raw text.

    The same raw text always cleans to the same text and so to the same ``doc_id``,
    which the store skips once coded with this version; the key predicts that skip
    before any cleaning or parsing.

    Args:
        raw: the input document.
        coder_version: the coder version the store records.

    Returns:
        An unsigned 64-bit integer.
    """
    return int(stable_hash("ingest", coder_version, raw.text), 16)


class ResumeIndex:
    """The keys of inputs finished by earlier runs: sorted uint64s, 8 bytes per input.

    Each run appends to its own file (``<data>/_ingest/done-<start time>-<pid>.u64``)
    after each commit, so concurrent ingests never write the same file.

    Args:
        data_dir: the store's data directory.
    """

    def __init__(self, data_dir: str | Path) -> None:
        self.dir = Path(data_dir) / RESUME_DIR
        parts = [np.fromfile(p, dtype="<u8") for p in sorted(self.dir.glob("done-*.u64"))]
        self._known = np.unique(np.concatenate(parts)) if parts else np.empty(0, dtype="<u8")
        self._file = self.dir / f"done-{time.time_ns():020d}-{os.getpid()}.u64"

    def __len__(self) -> int:
        return int(self._known.size)

    def contains(self, keys: Sequence[int]) -> list[bool]:
        """Whether each key was finished by an earlier run."""
        if not self._known.size or not keys:
            return [False] * len(keys)
        return np.isin(np.asarray(keys, dtype="<u8"), self._known, assume_unique=False).tolist()

    def add(self, keys: Sequence[int]) -> None:
        """Record keys as finished (after their batch was committed)."""
        if keys:
            self.dir.mkdir(parents=True, exist_ok=True)
            with self._file.open("ab") as f:
                f.write(np.asarray(keys, dtype="<u8").tobytes())


def ingest(inputs: Iterable[str], data_dir: str | Path | None = None, *, settings: Settings | None = None,
           on_progress: Callable[[IngestSummary], None] | None = None, workers: int | None = 1,
           dask: str | None = None, resume: bool = True, total: int | None = None,
           retries: int = 2, in_flight: int | None = None, commit_size: int | None = None) -> IngestSummary:
    """Read, code and store documents; returns a summary.

    Args:
        inputs: paths, directories, globs or "-" for standard input.
        data_dir: the store's data directory (created if missing); default ``settings.data_dir``.
        settings: Settings (defaults when None).
        on_progress: called after every coded batch with the running summary (``read``
            counts coded inputs; ``stored`` and the other counts move at each commit).
        workers: local processes (None: one per core; 1: in this process).
        dask: a ``dask.distributed`` scheduler address or ``local:N``; overrides ``workers``.
        resume: skip inputs that an earlier ingest into this store already finished.
        total: the number of inputs, when known, for the ETA.
        retries: re-runs of a failed batch before its documents are recorded as failed.
        in_flight: batches submitted but not yet written, at most (default two per worker).
        commit_size: documents per store commit, at least (default ``COMMIT_SIZE``); a
            commit costs a lookup over the store, so many small ones slow a long run.

    Returns:
        IngestSummary

    Example::

        summary = ingest(["articles/"], "eventwire-data", workers=4)
        summary = ingest(["articles/"], "eventwire-data", dask="tcp://scheduler:8786")
    """
    from .stages.read import read_inputs

    settings = settings or load_settings()
    return ingest_documents(read_inputs(inputs, settings), data_dir, settings=settings,
                            on_progress=on_progress, workers=workers, dask=dask, resume=resume,
                            total=total, retries=retries, in_flight=in_flight, commit_size=commit_size)


def ingest_documents(documents: Iterable[RawDocument | Rejection], data_dir: str | Path | None = None, *,
                     settings: Settings | None = None,
                     on_progress: Callable[[IngestSummary], None] | None = None, workers: int | None = 1,
                     dask: str | None = None, resume: bool = True, total: int | None = None,
                     retries: int = 2, in_flight: int | None = None,
                     commit_size: int | None = None) -> IngestSummary:
    """``ingest`` over documents already read (a stream of RawDocument); same arguments.

    Returns:
        IngestSummary
    """
    from .distributed import make_backend, ordered_map
    from .store import Store

    settings = settings or load_settings()
    data_dir = Path(data_dir or settings.data_dir)
    store = Store(data_dir, create=True)
    index = ResumeIndex(data_dir) if resume else None
    run = _Run(store, index, coder_version(settings), NearDuplicateIndex.open(data_dir / DEDUP_FILE),
               data_dir / DEDUP_FILE, fusion=FusionOptions.from_settings(settings))
    summary = IngestSummary(total=total)
    started = time.perf_counter()
    backend = make_backend(settings, workers=workers, dask=dask, retries=retries)
    size = max(settings.batch_size, COMMIT_SIZE if commit_size is None else commit_size)
    interrupted = False
    try:
        todo = _skip_finished(documents, index, summary, run.version)
        pending: list[tuple[Batch, Outcome | BaseException]] = []
        for done in ordered_map(backend, batched(todo, settings.batch_size), in_flight=in_flight):
            pending.append(done)
            summary.read += len(done[0])
            if sum(len(b) for b, _ in pending) >= size:
                with _uninterrupted():
                    _commit(run, pending, summary)
                pending = []
            summary.seconds = time.perf_counter() - started
            if on_progress:
                on_progress(summary)
        if pending:
            with _uninterrupted():
                _commit(run, pending, summary)
        run.save_dedup(force=True)
    except KeyboardInterrupt:
        # batches coded but not committed are dropped: the next run codes them again
        interrupted = True
    finally:
        backend.close(abort=interrupted)
        store.close()
    summary.seconds = time.perf_counter() - started
    if interrupted:
        raise IngestInterrupted(summary)
    return summary


@contextlib.contextmanager
def _uninterrupted() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the block ends, so they stop a run between two commits.

    The store survives a commit cut anywhere, but the summary would then miss a commit
    that did land. Python runs signal handlers in the main thread between bytecodes, so
    for the few milliseconds of a commit the handlers only note the signal; it takes
    effect (as KeyboardInterrupt) right after.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    signals = (signal.SIGINT, signal.SIGTERM)
    previous = {sig: signal.signal(sig, lambda signum, frame: caught.append(signum)) for sig in signals}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if caught:
        raise KeyboardInterrupt


def _skip_finished(documents: Iterable[RawDocument | Rejection], index: ResumeIndex | None,
                   summary: IngestSummary, version: str) -> Iterator[RawDocument | Rejection]:
    """The inputs not finished by an earlier run (checked a chunk at a time)."""
    if index is None or not len(index):
        yield from documents
        return
    for chunk in batched(documents, 1024):
        keys = [input_key(d, version) if isinstance(d, RawDocument) else 0 for d in chunk]
        for doc, key, done in zip(chunk, keys, index.contains(keys)):
            if done and isinstance(doc, RawDocument):
                summary.skipped += 1
                summary.read += 1
            else:
                yield doc


@dataclass
class _Run:
    """What every commit of one ingest needs: the store, resume index, coder version, dedup index."""

    store: Any
    index: ResumeIndex | None
    version: str
    dedup: NearDuplicateIndex
    dedup_path: Path
    saved_at: float = 0.0
    fusion: Any = None  # FusionOptions: the writer links new events to stories

    def save_dedup(self, force: bool = False) -> None:
        """Persist the near-duplicate index, at most every DEDUP_SAVE_SECONDS (and at the end).

        A run killed between saves loses only links for its last documents; their events
        are stored and counted, they are just not marked as near-duplicates.
        """
        now = time.monotonic()
        if force or now - self.saved_at >= DEDUP_SAVE_SECONDS:
            self.dedup_path.parent.mkdir(parents=True, exist_ok=True)
            self.dedup.save(self.dedup_path)
            self.saved_at = now


def _commit(run: _Run, done: Sequence[tuple[Batch, Outcome | BaseException]], summary: IngestSummary) -> None:
    """Write the outcomes of some batches as one commit; a failed batch becomes one rejection per input."""
    items: list[Result | Rejection] = []
    finished: list[int] = []
    for batch, outcome in done:
        if isinstance(outcome, BaseException):
            summary.failed_batches += 1
            summary.failed += sum(1 for d in batch if isinstance(d, RawDocument))
            reason = f"{type(outcome).__name__}: {outcome}"[:500]
            items += [Rejection(d.origin, FAILED_STAGE, reason) if isinstance(d, RawDocument) else d
                      for d in batch]
        else:
            items += outcome
            finished += [input_key(d, run.version) for d in batch if isinstance(d, RawDocument)]
    # near-duplicates of anything stored before are linked (duplicate_of) in input order
    results = list(run.dedup.link_results(r for r in items if isinstance(r, Result)))
    rejections = [r for r in items if isinstance(r, Rejection)]
    for r in rejections:
        summary.rejected_by_reason[f"{r.stage}: {r.reason.split(':')[0]}"] += 1
    started = time.perf_counter()
    written = run.store.write(results, rejections, coder_version=run.version, fusion=run.fusion)
    summary.write_seconds += time.perf_counter() - started
    summary.rejected += len(rejections)
    summary.stored += written.documents
    summary.duplicates += written.skipped_duplicates
    summary.events += written.events
    summary.quotes += written.quotes
    if run.index is not None:
        # only after the commit, and never for failed batches: those are coded again next run
        run.index.add(finished)
    run.save_dedup()
