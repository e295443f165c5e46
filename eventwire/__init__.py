"""eventwire: political event data from news text.

Who did what to whom, when, where, and who said so — coded in CAMEO and PLOVER.

Example::

    import eventwire
    events = eventwire.code("China lodged a formal complaint with the United States.", date="2022-01-07")
    eventwire.ingest(["articles/"], data="eventwire-data")
    table = eventwire.open("eventwire-data").events(source="CHN")
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .config import Settings, load_settings
from .errors import ConfigError, EvalError, EventwireError, InputError, ModelError, StoreError
from .models import Actor, Document, Event, Location, Mention, Quote, Rejection, Result
from .runner import IngestSummary

if TYPE_CHECKING:
    from .pipeline import Pipeline
    from .store import Store

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "ConfigError",
    "Document",
    "EvalError",
    "Event",
    "EventwireError",
    "IngestSummary",
    "InputError",
    "Location",
    "Mention",
    "ModelError",
    "Quote",
    "Rejection",
    "Result",
    "Settings",
    "StoreError",
    "code",
    "code_document",
    "default_pipeline",
    "ingest",
    "load_settings",
    "open",
]


@functools.lru_cache(maxsize=4)
def default_pipeline(settings: Settings | None = None) -> Pipeline:
    """The default pipeline for these settings, built once per process."""
    from .pipeline import Pipeline

    return Pipeline.from_settings(settings or load_settings())


def code_document(text: str, date: str | None = None, *, origin: str = "-", title: str | None = None,
                  outlet: str | None = None, settings: Settings | None = None) -> Result:
    """Code one text: the whole document record (clean text, metadata, events, quotes).

    Args:
        text: the article text (plain text; boilerplate is removed).
        date: publication date YYYY-MM-DD, used for relative dates and dated actor codes.
        origin: where the text came from (path or URL), recorded on the document.
        title: the headline, if known.
        outlet: the publisher's name, if known ("U.S. Department of State": its
            press releases' "we" is then the US government).
        settings: Settings (defaults when None).

    Returns:
        Result with ``document``, ``events``, ``quotes`` and ``mentions``.
    """
    from .stages.read import read_text

    return default_pipeline(settings)(read_text(text, origin=origin, published=date, title=title,
                                                      outlet=outlet))


def code(text: str, date: str | None = None, *, settings: Settings | None = None) -> list[Event]:
    """Code one text into events, without a store.

    Example::

        >>> [(e.source.code, e.target.code, e.cameo_code) for e in code("Germany invaded France.")]
        [('DEU', 'FRA', '192')]
    """
    return list(code_document(text, date, settings=settings).events)


def ingest(paths: Iterable[str] | str, data: str | Path | None = None, *, settings: Settings | None = None,
           workers: int | None = 1, dask: str | None = None) -> IngestSummary:
    """Read, code and store files, directories or globs into the data directory ``data``.

    ``workers`` local processes (None: one per core), or ``dask`` a scheduler address or
    ``local:N``; every way runs the same per-batch function and writes the same store.
    """
    from .runner import ingest as _ingest

    return _ingest([paths] if isinstance(paths, str) else paths, data, settings=settings, workers=workers,
                   dask=dask)


def open(data: str | Path = "eventwire-data") -> Store:  # noqa: A001 - the documented API name
    """Open a data directory for queries: ``eventwire.open(dir).events(source="CHN")``."""
    from .store import Store

    return Store(data)
