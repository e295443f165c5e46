"""Compaction: merge many small batches into one, without ever hiding committed data.

The merged files are staged and published as a new batch ``c…`` whose marker lists
the batches it ``replaces``; from the moment that marker exists readers use it instead
of the old batches, whose files are then deleted (by ``Layout.recover``, which also
finishes the job if the compactor is killed). Rows are sorted while merging (events
by date) so Parquet row-group statistics let DuckDB skip data on date filters.
"""

from __future__ import annotations

import os
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from ._layout import COMPRESSION, Layout, new_batch_id, part_batch
from ._schema import SCHEMA_VERSION, SCHEMAS, TABLES

_SORT = {"documents": "doc_id", "events": "date, doc_id, event_id", "quotes": "doc_id, quote_id",
         "mentions": "doc_id, sentence_index, start", "rejections": "rejected_at, rejection_id",
         "codings": "batch_id, doc_id", "stories": "story_id, event_id"}
_ROWS_PER_BATCH = 65_536


def _conform(batch: pa.RecordBatch, schema: pa.Schema) -> pa.Table:
    # older files may lack columns added since; they are read back as nulls
    arrays = [batch.column(f.name).cast(f.type) if f.name in batch.schema.names
              else pa.nulls(batch.num_rows, f.type) for f in schema]
    return pa.Table.from_arrays(arrays, schema=schema)


def _merge(cur: duckdb.DuckDBPyConnection, table: str, files: list[str], out: str) -> int:
    schema = SCHEMAS[table]
    rel = cur.read_parquet(files, union_by_name=True)
    rel.create_view("_merge_input")
    reader = cur.sql(f"SELECT * FROM _merge_input ORDER BY {_SORT[table]}").to_arrow_reader(_ROWS_PER_BATCH)
    rows = 0
    with pq.ParquetWriter(out, schema, compression=COMPRESSION) as writer:
        for batch in reader:
            writer.write_table(_conform(batch, schema))
            rows += batch.num_rows
    with open(out, "rb+") as fh:
        os.fsync(fh.fileno())
    return rows


def compact(layout: Layout, con: duckdb.DuckDBPyConnection, *, target_rows: int) -> dict[str, Any]:
    """Merge every batch smaller than ``target_rows`` events into one; call with the lock held.

    Args:
        layout: the store's layout.
        con: a DuckDB connection to merge with.
        target_rows: batches with at least this many events are already big enough.

    Returns:
        dict with batches_before, batches_after, files_before, files_after, merged (batches).
    """
    snap = layout.snapshot()
    files_before = sum(len(f) for f in snap.files.values())
    small = sorted(b for b, m in snap.batches.items() if m.get("rows", {}).get("events", 0) < target_rows)
    summary = {"batches_before": len(snap.batches), "files_before": files_before, "merged": 0,
               "batches_after": len(snap.batches), "files_after": files_before}
    if len(small) < 2:
        return summary
    batch_id = new_batch_id("c")
    staged = {}
    merged = set(small)
    cur = con.cursor()
    try:
        for table in TABLES:
            files = [str(f) for f in snap.files[table] if part_batch(f.name) in merged]
            if files:
                staged[table] = _merge(cur, table, files, str(layout.hidden_path(table, batch_id)))
    finally:
        cur.close()
    versions = sorted({v for b in small for v in snap.batches[b].get("coder_versions", ())})
    layout.publish(batch_id, staged, {"schema_version": SCHEMA_VERSION, "coder_versions": versions,
                                      "replaces": small})
    layout.recover()  # the replaced batches are now invisible: delete their files and markers
    after = layout.snapshot()
    summary.update(merged=len(small), batches_after=len(after.batches),
                   files_after=sum(len(f) for f in after.files.values()))
    return summary
