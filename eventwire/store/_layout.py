"""The data directory on disk: atomic batch commits, snapshots, recovery and migrations.

Layout::

    eventwire-data/
      _meta.json                       format, schema version, migrations applied
      _commits/<batch>.json            one marker per committed batch (the commit point)
      _lock                            flock'ed by a writer while it commits
      documents/part-<batch>.parquet   one Parquet dataset per table
      events/part-<batch>.parquet
      events/.part-<batch>.parquet.tmp a file written but not yet published
      quotes/ mentions/ rejections/ codings/

A batch commits in three steps, all under the writer lock:

1. every table file is written, fsync'ed, under a hidden temporary name
   (``.part-<batch>.parquet.tmp``: globs such as ``events/*.parquet`` and pyarrow
   datasets skip it);
2. the marker ``_commits/<batch>.json`` is written (temporary name, fsync, rename):
   this is the commit point;
3. the files are renamed to their published names.

eventwire readers read only batches with a marker, under either name, so they see whole
batches or nothing, across all tables. A writer killed before the marker leaves only
hidden files, which the next writer deletes, and a re-run codes those documents again;
killed after it, the batch is committed and the next writer finishes the renames. Plain
Parquet readers therefore never see an uncommitted batch; only a crash in the few
microseconds of step 3 can leave them part of a committed batch until the next write.

Compaction writes a batch ``c…`` whose marker lists the batches it ``replaces``; readers
ignore replaced batches as soon as that marker exists, and the old files are deleted
right after (or by recovery if the compactor was killed).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import secrets
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import StoreError
from ._schema import SCHEMA_VERSION, TABLES, now

META = "_meta.json"
COMMITS = "_commits"
STAGING = "_staging"  # used by schema 1 stores written before hidden temporary names; cleaned up
LOCK = "_lock"
FORMAT = "eventwire-store"
COMPRESSION = "zstd"

#: target schema version -> function(root) upgrading a store from the version before it.
#: Each must be safe to re-apply (a killed migration is simply run again).
MIGRATIONS: dict[int, Callable[[Path], None]] = {}
#: versions that only add tables or columns: a store not yet migrated to them stays
#: readable (missing columns read as null, missing tables as empty) until its next write
ADDITIVE: set[int] = set()


def migration(version: int, *, additive: bool = False) -> Callable[[Callable[[Path], None]], Callable[[Path], None]]:
    """Register the function that upgrades a store to schema ``version``.

    Args:
        version: the schema version the function produces.
        additive: the version only adds tables or columns (readers need no migration).

    Returns:
        A decorator that registers and returns the function unchanged.
    """
    def register(fn: Callable[[Path], None]) -> Callable[[Path], None]:
        MIGRATIONS[version] = fn
        if additive:
            ADDITIVE.add(version)
        return fn
    return register


def new_batch_id(prefix: str = "b") -> str:
    """A batch id that sorts by commit time (nanoseconds) and is unique across processes."""
    return f"{prefix}{time.time_ns():020d}-{secrets.token_hex(4)}"


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_json_atomic(path: Path, payload: dict[str, Any]) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(payload, fh, indent=1, sort_keys=True)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def write_parquet(table: pa.Table, path: Path) -> None:
    """Write one Parquet file and fsync it (so a rename after it publishes whole data)."""
    pq.write_table(table, path, compression=COMPRESSION)
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def part_batch(name: str) -> str | None:
    """The batch of a published (``part-B.parquet``) or hidden (``.part-B.parquet.tmp``) file."""
    if name.startswith("part-") and name.endswith(".parquet"):
        return name[len("part-"):-len(".parquet")]
    if name.startswith(".part-") and name.endswith(".parquet.tmp"):
        return name[len(".part-"):-len(".parquet.tmp")]
    return None


def published_name(batch_id: str) -> str:
    """The file name of a batch's table file once published."""
    return f"part-{batch_id}.parquet"


def hidden_name(batch_id: str) -> str:
    """The file name of a batch's table file before it is published."""
    return f".part-{batch_id}.parquet.tmp"


@dataclass
class Snapshot:
    """The committed, visible state of the store at one moment."""

    batches: dict[str, dict[str, Any]] = field(default_factory=dict)  # visible batch -> marker
    files: dict[str, list[Path]] = field(default_factory=dict)         # table -> Parquet files


class Layout:
    """Paths and file operations of one data directory."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._markers: dict[str, dict[str, Any]] = {}  # markers never change once written

    # -- metadata ---------------------------------------------------------------------------

    @property
    def meta_path(self) -> Path:
        return self.root / META

    def read_meta(self) -> dict[str, Any]:
        """The ``_meta.json`` of the store (StoreError if it is missing or unreadable)."""
        try:
            meta = json.loads(self.meta_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise StoreError(f"{self.root} is not an eventwire data directory (no {META})", "E402") from None
        except (OSError, ValueError) as e:
            raise StoreError(f"cannot read {self.meta_path}: {e}", "E403") from None
        if meta.get("format") != FORMAT:
            raise StoreError(f"{self.root} is not an eventwire data directory", "E402")
        return meta

    def init(self) -> None:
        """Create the directory tree and ``_meta.json`` of a new store (idempotent)."""
        for sub in (COMMITS, *TABLES):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        if not self.meta_path.exists():
            stamp = now().isoformat()
            _write_json_atomic(self.meta_path, {
                "format": FORMAT, "schema_version": SCHEMA_VERSION, "created": stamp,
                "migrations": [{"version": SCHEMA_VERSION, "applied": stamp, "name": "create"}],
            })

    def readable(self) -> bool:
        """Whether readers can query the store as it is (every pending migration is additive)."""
        return all(v in ADDITIVE for v in self.pending_migrations())

    def pending_migrations(self) -> list[int]:
        """Schema versions this store still has to be migrated to (StoreError if too new)."""
        version = int(self.read_meta().get("schema_version", 0))
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.root} has schema version {version}, newer than this eventwire "
                             f"({SCHEMA_VERSION}); upgrade eventwire", "E404")
        return list(range(version + 1, SCHEMA_VERSION + 1))

    def migrate(self) -> list[int]:
        """Apply pending migrations in order, recording each; call with the lock held.

        Returns:
            The versions applied.
        """
        applied = []
        for version in self.pending_migrations():
            fn = MIGRATIONS.get(version)
            if fn is None:
                raise StoreError(f"no migration registered to schema version {version}", "E405")
            fn(self.root)
            meta = self.read_meta()
            meta["schema_version"] = version
            meta.setdefault("migrations", []).append(
                {"version": version, "applied": now().isoformat(), "name": fn.__name__})
            _write_json_atomic(self.meta_path, meta)
            applied.append(version)
        return applied

    # -- locking ----------------------------------------------------------------------------

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the writer lock (released by the kernel if the process dies)."""
        with open(self.root / LOCK, "a+") as fh:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)

    # -- reading ----------------------------------------------------------------------------

    def _marker(self, batch_id: str) -> dict[str, Any]:
        marker = self._markers.get(batch_id)
        if marker is None:
            path = self.root / COMMITS / f"{batch_id}.json"
            marker = json.loads(path.read_text(encoding="utf-8"))
            self._markers[batch_id] = marker
        return marker

    def committed(self) -> set[str]:
        """Ids of every batch with a commit marker (replaced ones included)."""
        try:
            names = os.listdir(self.root / COMMITS)
        except FileNotFoundError:
            return set()
        return {n[:-5] for n in names if n.endswith(".json") and not n.startswith(".")}

    def _replaced(self, committed: set[str]) -> set[str]:
        replaced: set[str] = set()
        for batch_id in committed:
            if batch_id.startswith("c"):
                with contextlib.suppress(FileNotFoundError):
                    replaced.update(self._marker(batch_id).get("replaces", ()))
        return replaced

    def snapshot(self) -> Snapshot:
        """The visible batches and their files, table by table.

        Markers are listed before files; a marker is written only after its files are in
        place, so every visible batch is complete in the listing. A compaction that
        publishes while we list could delete files we count on: we list the markers again
        afterwards and start over if one appeared or one we use disappeared.
        """
        while True:
            committed = self.committed()
            snap = self._list(committed)
            after = self.committed()
            if set(snap.batches) <= after and not any(b.startswith("c") for b in after - committed):
                return snap

    def _list(self, committed: set[str]) -> Snapshot:
        visible = committed - self._replaced(committed)
        snap = Snapshot()
        for batch_id in sorted(visible):
            with contextlib.suppress(FileNotFoundError):  # replaced and removed since the listing
                snap.batches[batch_id] = self._marker(batch_id)
        for table in TABLES:
            try:
                names = sorted(os.listdir(self.root / table))
            except FileNotFoundError:
                names = []
            snap.files[table] = [self.root / table / n for n in names if part_batch(n) in snap.batches]
        return snap

    # -- writing (lock held) ----------------------------------------------------------------

    def hidden_path(self, table: str, batch_id: str) -> Path:
        """Where a batch's file for ``table`` is written before the commit."""
        return self.root / table / hidden_name(batch_id)

    def commit(self, batch_id: str, tables: dict[str, pa.Table], info: dict[str, Any]) -> dict[str, Any]:
        """Atomically publish one batch of in-memory tables (empty tables are not written).

        Args:
            batch_id: from ``new_batch_id``.
            tables: table name -> rows of this batch.
            info: extra fields recorded in the marker.

        Returns:
            The marker written.
        """
        written = {}
        for name, table in tables.items():
            if table.num_rows:
                write_parquet(table, self.hidden_path(name, batch_id))
                written[name] = table.num_rows
        return self.publish(batch_id, written, info)

    def publish(self, batch_id: str, rows: dict[str, int], info: dict[str, Any]) -> dict[str, Any]:
        """Commit a batch whose hidden files are written and fsync'ed: marker, then renames.

        Args:
            batch_id: the batch.
            rows: table name -> row count of the hidden file written for it.
            info: extra fields recorded in the marker.

        Returns:
            The marker written.
        """
        for name in rows:
            _fsync_dir(self.root / name)  # the hidden files' directory entries are durable
        marker = {"batch_id": batch_id, "committed_at": now().isoformat(), "rows": dict(rows), **info}
        _write_json_atomic(self.root / COMMITS / f"{batch_id}.json", marker)
        self._markers[batch_id] = marker
        self._publish_files(batch_id, rows)
        return marker

    def _publish_files(self, batch_id: str, tables: Iterable[str]) -> None:
        tables = list(tables)
        # all renames first: readers that listed a hidden name retry, so keep the window short
        for name in tables:
            with contextlib.suppress(FileNotFoundError):  # already published before a crash
                os.replace(self.hidden_path(name, batch_id), self.root / name / published_name(batch_id))
        for name in tables:
            _fsync_dir(self.root / name)

    def recover(self) -> dict[str, int]:
        """Finish or undo what a killed writer or compactor left; call with the lock held.

        Returns:
            Counts of published (rolled forward) files, removed uncommitted files and
            removed replaced batches.
        """
        removed = {"published": 0, "uncommitted_files": 0, "replaced_batches": 0}
        shutil.rmtree(self.root / STAGING, ignore_errors=True)
        for tmp in (self.root / COMMITS).glob(".*.tmp"):
            tmp.unlink(missing_ok=True)
        committed = self.committed()
        replaced = self._replaced(committed) & committed
        live = committed - replaced
        for table in TABLES:
            table_dir = self.root / table
            if not table_dir.is_dir():
                continue
            for entry in table_dir.iterdir():
                batch_id = part_batch(entry.name)
                if batch_id is None:
                    continue
                if batch_id not in live:
                    entry.unlink(missing_ok=True)
                    removed["uncommitted_files"] += batch_id not in replaced
                elif entry.name == hidden_name(batch_id):
                    self._publish_files(batch_id, [table])
                    removed["published"] += 1
        for batch_id in replaced:
            (self.root / COMMITS / f"{batch_id}.json").unlink(missing_ok=True)
            self._markers.pop(batch_id, None)
            removed["replaced_batches"] += 1
        return removed


@migration(2, additive=True)
def add_stories(root: Path) -> None:
    """Schema 2: the ``stories`` table (event -> fused story) and ``events.date_basis``.

    Old event files keep their columns (``date_basis`` reads as null); old events have no
    story link and read as stories of one report until a ``recode`` fuses them.
    """
    (root / "stories").mkdir(exist_ok=True)
