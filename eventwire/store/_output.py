"""Writing query results: table (rich), CSV, JSON Lines, JSON and Parquet.

Events tables (tagged by ``Store.events``) are written as the nested event JSON of the
CLI contract in JSON/JSONL, and flat (one column per field) in CSV and Parquet.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import StoreError
from ._schema import TABLE_KIND, event_dict

FORMATS = ("table", "csv", "jsonl", "json", "parquet")
#: Columns shown by the "table" format per kind of result; every other format has them all.
TABLE_COLUMNS = {
    "events": ("date", "source_code", "target_code", "cameo_code", "plover", "goldstein", "quad_class",
               "sentence", "event_id"),
    "documents": ("doc_id", "published", "outlet", "agency", "title", "language", "events", "duplicate_of"),
    "rejections": ("origin", "stage", "reason", "rejected_at"),
    "stories": ("first_date", "last_date", "reports", "sources", "source_code", "target_code", "cameo_code",
                "sentence", "story_id"),
}
#: the story columns of a fused table (``Store.stories``), before its canonical event's
STORY_FIELDS = ("story_id", "reports", "documents", "sources", "outlets", "agencies", "first_date",
                "last_date", "mean_confidence")
_WIDE = ("sentence", "text", "title", "reason", "origin")
_MAX_CELL = 60  # characters before a cell is cut with an ellipsis


def table_kind(table: pa.Table) -> str | None:
    """What a query returned ("events", "dyads", ...), from the table's schema metadata."""
    kind = (table.schema.metadata or {}).get(TABLE_KIND)
    return kind.decode() if kind else None


def event_dicts(table: pa.Table) -> list[dict[str, Any]]:
    """Rows of an events table back to the contract's nested event JSON.

    Args:
        table: a table returned by ``Store.events`` (flat columns).

    Returns:
        list of dicts with ``span`` [start, end], ``source``/``target``/``location``
        objects or None.
    """
    return [event_dict(row) for row in table.to_pylist()]


def _plain(value: Any) -> Any:
    """A JSON-safe value: dates as ISO strings, non-finite floats as null."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _story_record(row: dict[str, Any]) -> dict[str, Any]:
    """A fused row as JSON: the story fields, then its canonical event's JSON."""
    return {**{k: row[k] for k in STORY_FIELDS}, **event_dict(row)}


def _records(table: pa.Table) -> Iterator[dict[str, Any]]:
    kind = table_kind(table)
    nested = {"events": event_dict, "stories": _story_record}.get(kind or "")
    for batch in table.to_batches(max_chunksize=10_000):
        for row in batch.to_pylist():
            yield _plain(nested(row) if nested else row)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, dict)):
        return json.dumps(_plain(value), ensure_ascii=False)
    return str(value)


def _short(value: Any) -> str:
    if isinstance(value, list):
        text = "; ".join(_cell(v) for v in value)
    else:
        text = _cell(value)
    text = " ".join(text.split())  # newlines would break the table's rows
    return text if len(text) <= _MAX_CELL else text[:_MAX_CELL - 1] + "…"


def _write_csv(table: pa.Table, fh: IO[str]) -> None:
    writer = csv.writer(fh, lineterminator="\n")
    writer.writerow(table.column_names)
    for batch in table.to_batches(max_chunksize=10_000):
        for row in batch.to_pylist():
            writer.writerow(_cell(v) for v in row.values())


def _write_table(table: pa.Table, fh: IO[str]) -> None:
    from rich.console import Console
    from rich.table import Table as RichTable

    columns = list(table.column_names)
    shown = TABLE_COLUMNS.get(table_kind(table) or "")
    if shown:
        columns = [c for c in shown if c in columns]
    rich_table = RichTable(caption=f"{table.num_rows} rows")
    for name in columns:
        wide = name in _WIDE
        # short columns keep their header readable; long text is what gets cut
        rich_table.add_column(name, overflow="ellipsis", no_wrap=not wide,
                              min_width=None if wide else min(len(name), 12),
                              max_width=_MAX_CELL if wide else None)
    for row in table.select(columns).to_pylist():
        rich_table.add_row(*(_short(row[c]) for c in columns))
    # a file or pipe has no width: give it room instead of rich's 80-column default
    width = None if getattr(fh, "isatty", lambda: False)() else 200
    Console(file=fh, highlight=False, soft_wrap=False, width=width).print(rich_table)


@contextlib.contextmanager
def _text(out: IO[Any] | str | Path) -> Iterator[IO[str]]:
    if isinstance(out, (str, Path)):
        with open(out, "w", encoding="utf-8", newline="") as fh:
            yield fh
    elif isinstance(out, (io.RawIOBase, io.BufferedIOBase)) or not hasattr(out, "encoding"):
        wrapper = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
        try:
            yield wrapper
            wrapper.flush()
        finally:
            wrapper.detach()  # leave the caller's stream open
    else:
        yield out


def _binary(out: IO[Any] | str | Path) -> Any:
    if isinstance(out, (str, Path)):
        return str(out)
    if isinstance(out, io.TextIOBase) or hasattr(out, "encoding"):
        buffer = getattr(out, "buffer", None)
        if buffer is None:
            raise StoreError("parquet output needs a binary stream or a file path", "E420")
        out.flush()
        return buffer
    return out


def write_output(table: pa.Table, fmt: str, out: IO[Any] | str | Path) -> None:
    """Write a query result in one of ``FORMATS``.

    Args:
        table: an Arrow table, typically from a ``Store`` query.
        fmt: table (rich, long cells cut), csv, jsonl, json or parquet.
        out: a path, a text stream (``sys.stdout``) or a binary stream.

    Example::

        write_output(store.events(root="14"), "csv", "protests.csv")
    """
    if fmt not in FORMATS:
        raise StoreError(f"unknown output format {fmt!r}; use one of {', '.join(FORMATS)}", "E421")
    if fmt == "parquet":
        pq.write_table(table, _binary(out), compression="zstd")
        return
    with _text(out) as fh:
        if fmt == "csv":
            _write_csv(table, fh)
        elif fmt == "table":
            _write_table(table, fh)
        elif fmt == "jsonl":
            for record in _records(table):
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            json.dump(list(_records(table)), fh, ensure_ascii=False, indent=1)
            fh.write("\n")
