"""Running the pipeline over many inputs into the store: ``ingest``.

Reading streams documents; the pipeline codes them in batches; each batch is one
atomic commit to the store, so a killed run keeps every batch before it and a
re-run skips the documents already stored.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .config import Settings, load_settings
from .models import RawDocument, Rejection, Result
from .pipeline import Pipeline

CODER_VERSION = "1"


@dataclass
class IngestSummary:
    """What an ingest did: counts by outcome and rejections by reason."""

    read: int = 0
    stored: int = 0
    duplicates: int = 0
    rejected: int = 0
    events: int = 0
    quotes: int = 0
    seconds: float = 0.0
    rejected_by_reason: Counter[str] = field(default_factory=Counter)

    @property
    def docs_per_second(self) -> float:
        return self.read / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict[str, object]:
        return {"read": self.read, "stored": self.stored, "duplicates": self.duplicates,
                "rejected": self.rejected, "events": self.events, "quotes": self.quotes,
                "seconds": round(self.seconds, 3), "docs_per_second": round(self.docs_per_second, 2),
                "rejected_by_reason": dict(self.rejected_by_reason)}


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


def ingest(inputs: Iterable[str], data_dir: str | Path | None = None, *, settings: Settings | None = None,
           on_progress: Callable[[IngestSummary], None] | None = None) -> IngestSummary:
    """Read, code and store documents; returns a summary.

    Args:
        inputs: paths, directories, globs or "-" for standard input.
        data_dir: the store's data directory (created if missing); default ``settings.data_dir``.
        settings: Settings (defaults when None).
        on_progress: called after every committed batch with the running summary.

    Returns:
        IngestSummary

    Example::

        summary = ingest(["articles/"], "eventwire-data")
    """
    from .stages.read import read_inputs
    from .store import Store

    settings = settings or load_settings()
    store = Store(data_dir or settings.data_dir, create=True)
    pipeline = Pipeline.from_settings(settings)
    summary = IngestSummary()
    started = time.perf_counter()
    for batch in batched(read_inputs(inputs, settings), settings.batch_size):
        results: list[Result] = []
        rejections: list[Rejection] = []
        for item in pipeline.process_batch(batch):
            summary.read += 1
            if isinstance(item, Rejection):
                rejections.append(item)
                summary.rejected_by_reason[f"{item.stage}: {item.reason.split(':')[0]}"] += 1
            else:
                results.append(item)
        written = store.write(results, rejections, coder_version=CODER_VERSION)
        summary.rejected += len(rejections)
        summary.stored += written.documents
        summary.duplicates += written.skipped_duplicates
        summary.events += written.events
        summary.quotes += written.quotes
        summary.seconds = time.perf_counter() - started
        if on_progress:
            on_progress(summary)
    summary.seconds = time.perf_counter() - started
    return summary
