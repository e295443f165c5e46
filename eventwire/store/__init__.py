"""The event store: a data directory of Parquet tables, queried in-process with DuckDB.

Example::

    from eventwire import store

    db = store.open("eventwire-data")
    table = db.events(source="CHN", root="11", since="2022-01-01")
    store.write_output(table, "csv", "complaints.csv")

Public surface: ``Store`` (write, known_doc_ids, events, dyads, actors, documents,
document, result, stats, rejections, compact, recode, compare_versions, iter_documents,
stories, story, story_links),
``open``, ``write_output`` (table/csv/jsonl/json/parquet), ``event_dicts``, ``export``
(csv/parquet/jsonl/duckdb/plover-json/gdelt-tsv) and ``bench.run``. ``FORMAT.md`` in
this folder documents the on-disk format for readers without eventwire; ``_layout``
holds the crash-safety argument.
"""

from __future__ import annotations

from pathlib import Path

from ._export import EXPORT_FORMATS, GDELT_COLUMNS, export
from ._layout import MIGRATIONS, migration
from ._output import FORMATS, event_dicts, write_output
from ._schema import SCHEMA_VERSION, SCHEMAS, TABLES
from ._store import Store, WriteSummary


def open(data_dir: str | Path) -> Store:  # noqa: A001 - the public name is eventwire.open
    """Open an existing data directory for queries (StoreError if it does not exist).

    Args:
        data_dir: e.g. ``./eventwire-data``.

    Returns:
        Store
    """
    return Store(data_dir)


__all__ = [
    "EXPORT_FORMATS",
    "FORMATS",
    "GDELT_COLUMNS",
    "MIGRATIONS",
    "SCHEMAS",
    "SCHEMA_VERSION",
    "Store",
    "TABLES",
    "WriteSummary",
    "event_dicts",
    "export",
    "migration",
    "open",
    "write_output",
]
