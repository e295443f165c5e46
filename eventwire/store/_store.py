"""``Store``: batch writes and DuckDB queries over the data directory (see ``_layout``)."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import pyarrow as pa

from ..errors import StoreError
from ..models import Document, Rejection, Result
from . import _schema as S
from ._layout import Layout, Snapshot, new_batch_id, part_batch
from ._query import (EVENT_COLUMNS, HAPPENED, QUAD_COLUMNS, STORY_COLUMNS, Where, event_where,
                     fused_sql, level_columns, order_by, period_sql)

_T = TypeVar("_T")
_SQL_TYPES = {pa.string(): "VARCHAR", pa.float64(): "DOUBLE", pa.float32(): "FLOAT", pa.bool_(): "BOOLEAN"}
# a commit renames, and a compaction deletes, files between our listing and DuckDB opening
# them; both finish within milliseconds, so a few short waits always see the new state
_RETRIES = 6
_RETRY_WAIT = 0.005


@dataclass(frozen=True)
class WriteSummary:
    """What one ``Store.write`` committed."""

    documents: int = 0
    events: int = 0
    quotes: int = 0
    mentions: int = 0
    rejections: int = 0
    skipped_duplicates: int = 0
    batch_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The summary as a plain dict (for JSON output)."""
        return dataclasses.asdict(self)


def _tag(table: pa.Table, kind: str) -> pa.Table:
    return table.replace_schema_metadata({**(table.schema.metadata or {}), S.TABLE_KIND: kind.encode()})


class Store:
    """An eventwire data directory: Parquet tables written in atomic batches, read with DuckDB.

    Any number of processes may read while one writes; writers serialise their commits
    on a lock file, so several ingests may also run at once.

    Example::

        store = Store("eventwire-data", create=True)
        store.write(results, rejections)
        store.events(dyad="USA-JPN", root="04", since="2022-01-01")
    """

    def __init__(self, data_dir: str | Path, *, create: bool = False) -> None:
        """Open (or with ``create=True`` create) a data directory.

        Args:
            data_dir: the directory, e.g. ``./eventwire-data``.
            create: create it when missing instead of raising StoreError.
        """
        self.path = Path(data_dir)
        self._layout = Layout(self.path)
        if create:
            if self.path.exists() and not self.path.is_dir():
                raise StoreError(f"{self.path} exists and is not a directory", "E401")
            if self.path.is_dir() and any(self.path.iterdir()) and not self._layout.meta_path.exists():
                raise StoreError(f"{self.path} is not empty and not an eventwire data directory", "E402")
            try:
                self._layout.init()
            except OSError as e:
                raise StoreError(f"cannot create data directory {self.path}: {e}", "E406") from None
        elif not self.path.is_dir():
            raise StoreError(f"no data directory at {self.path} (ingest something first, or pass "
                             "--data)", "E401")
        self._layout.pending_migrations()  # raises on a store newer than this code
        self._con = duckdb.connect()
        self._local = threading.local()
        self._cursors: list[duckdb.DuckDBPyConnection] = []
        self._cursors_lock = threading.Lock()

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"

    def close(self) -> None:
        """Release the DuckDB connection."""
        for cur in self._cursors:
            cur.close()
        self._con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- snapshots --------------------------------------------------------------------------

    @contextlib.contextmanager
    def _reader(self, coder_version: str | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor with one view per table over one consistent snapshot.

        ``events``/``quotes``/``mentions`` hold the latest coding of each document
        (``coder_version=None``), one given version, or every version (``"all"``);
        the raw tables are ``all_events`` etc. Each thread keeps its own connection and
        redefines the views only when the snapshot changed (defining them costs more
        than a small query).
        """
        if not self._layout.readable():
            raise StoreError(f"{self.path} needs a schema migration; run `eventwire compact` once",
                             "E407")
        snap = self._layout.snapshot()
        key = (tuple((t, tuple(f.name for f in files)) for t, files in snap.files.items()), coder_version)
        state = getattr(self._local, "state", None)
        if state is None:
            with self._cursors_lock:
                # a cursor is its own connection: its TEMP views never clash with another thread's
                state = self._local.state = [self._con.cursor(), None]
                self._cursors.append(state[0])
        cur = state[0]
        if state[1] != key:
            state[1] = None
            self._define_views(cur, snap, coder_version)
            state[1] = key
        yield cur

    def _read(self, fn: Callable[[duckdb.DuckDBPyConnection], _T], coder_version: str | None = None) -> _T:
        """Run ``fn`` on a snapshot cursor, retrying if a compaction removed a file meanwhile."""
        for attempt in range(_RETRIES):
            try:
                with self._reader(coder_version) as cur:
                    return fn(cur)
            except duckdb.IOException:
                state = getattr(self._local, "state", None)
                if state is not None:
                    state[1] = None
                if attempt == _RETRIES - 1:
                    raise
                time.sleep(_RETRY_WAIT * 2**attempt)
        raise AssertionError("unreachable")

    @staticmethod
    def _define_views(cur: duckdb.DuckDBPyConnection, snap: Snapshot, coder_version: str | None) -> None:
        same_schema = len({m.get("schema_version") for m in snap.batches.values()}) <= 1
        for table, files in snap.files.items():
            name = table if table not in S.DERIVED else f"all_{table}"
            if files:
                # our own file names, quoted as SQL literals (a view cannot take parameters);
                # union_by_name costs a schema read per file: only needed across schema versions
                paths = ", ".join(_literal(str(f)) for f in files)
                source = f"read_parquet([{paths}], union_by_name = {str(not same_schema).lower()})"
                newest = max(int(snap.batches[part_batch(f.name) or ""].get("schema_version", 1))
                             for f in files)
                added = [c for v, tables in S.ADDED_COLUMNS.items() if v > newest for c in tables.get(table, ())]
                if added:  # every file predates these columns: they read as null
                    nulls = ", ".join(f"CAST(NULL AS {_SQL_TYPES[S.SCHEMAS[table].field(c).type]}) AS {c}"
                                      for c in added)
                    source = f"(SELECT *, {nulls} FROM {source})"
            else:
                cur.register(f"_empty_{table}", S.empty(table))
                source = f"_empty_{table}"
            cur.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS SELECT * FROM {source}")
        cur.execute("CREATE OR REPLACE TEMP VIEW latest_codings AS SELECT doc_id, "
                    "arg_max(coder_version, batch_id) AS coder_version FROM codings GROUP BY doc_id")
        # the version is a value, so it goes in as data, not as SQL text
        cur.register("_version", pa.table({"v": pa.array([coder_version], pa.string())}))
        versions = set()
        for marker in snap.batches.values():
            versions.update(marker.get("coder_versions", ()))
        for table in S.DERIVED:
            if coder_version == "all" or (coder_version is None and len(versions) <= 1):
                body = f"SELECT * FROM all_{table}"  # one version only: no join needed
            elif coder_version is None:
                body = (f"SELECT t.* FROM all_{table} t SEMI JOIN latest_codings l "
                        "ON t.doc_id = l.doc_id AND t.coder_version = l.coder_version")
            else:
                body = f"SELECT * FROM all_{table} WHERE coder_version = (SELECT v FROM _version)"
            cur.execute(f"CREATE OR REPLACE TEMP VIEW {table} AS {body}")

    def _query(self, sql: str, params: Sequence[Any] = (), *, coder_version: str | None = None,
               extra: dict[str, pa.Table] | None = None) -> pa.Table:
        def run(cur: duckdb.DuckDBPyConnection) -> pa.Table:
            for name, table in (extra or {}).items():
                cur.register(name, table)
            try:
                return cur.sql(sql, params=list(params)).to_arrow_table()
            finally:
                for name in extra or {}:
                    cur.unregister(name)

        return self._read(run, coder_version)

    # -- writing ----------------------------------------------------------------------------

    def known_doc_ids(self, doc_ids: Iterable[str]) -> set[str]:
        """The subset of ``doc_ids`` already stored (any coder version).

        Args:
            doc_ids: document ids (content hashes).

        Returns:
            set[str]
        """
        return self._known("documents", list(doc_ids))

    def _known(self, table: str, ids: list[str], coder_version: str | None = None) -> set[str]:
        if not ids:
            return set()
        key = "rejection_id" if table == "rejections" else "doc_id"
        sql = f"SELECT DISTINCT t.{key} FROM {table} t SEMI JOIN _ids i ON t.{key} = i.id"
        params: list[Any] = []
        if coder_version is not None:
            sql += " WHERE t.coder_version = ?"
            params.append(coder_version)
        table = self._query(sql, params, coder_version="all",
                            extra={"_ids": pa.table({"id": pa.array(ids, pa.string())})})
        return set(table.column(0).to_pylist())

    def write(self, results: Sequence[Result], rejections: Sequence[Rejection] = (), *,
              coder_version: str = "1", fusion: Any = None) -> WriteSummary:
        """Commit one batch atomically; already stored work is skipped (idempotent).

        A result whose document is stored *and* already coded with ``coder_version`` is
        skipped; a stored document coded with a new version (a re-code) gets new events,
        quotes and mentions under that version, and its document row is not rewritten.

        Args:
            results: pipeline results, one per document.
            rejections: inputs that were not stored, with their reasons.
            coder_version: version of the coder (dictionaries + rules) that produced them.
            fusion: ``stages.fusion.FusionOptions`` for linking the new events to stories
                (defaults when None); the links are part of the same atomic batch.

        Returns:
            WriteSummary
        """
        coder_version = str(coder_version)
        results, rejections = list(results), list(rejections)  # iterated more than once
        with self._writer():
            return self._write_locked(results, rejections, coder_version, fusion)

    def _write_locked(self, results: Sequence[Result], rejections: Sequence[Rejection],
                      coder_version: str, fusion: Any = None) -> WriteSummary:
        ids = [r.document.doc_id for r in results]
        stored = self._known("documents", ids)
        coded = self._known("codings", ids, coder_version)
        batch_id, stamp = new_batch_id(), S.now()
        todo: list[Result] = []
        seen: set[str] = set()
        for result in results:
            if result.document.doc_id not in coded and result.document.doc_id not in seen:
                seen.add(result.document.doc_id)
                todo.append(result)
        rejected = list(rejections)
        rows = [_result_rows(r, coder_version, batch_id, stamp, with_document=r.document.doc_id not in stored)
                for r in todo]
        try:
            tables = _tables(rows)
        except _UNSTORABLE:
            # find the documents whose values do not fit: they cost themselves, not the batch
            rows, bad = _split_unstorable(todo, rows)
            rejected += bad
            tables = _tables(rows)
        tables["stories"] = self._stories_for(tables["events"], coder_version, fusion)
        rejection_rows = {r["rejection_id"]: r for r in (S.rejection_row(x, stamp) for x in rejected)}
        known = self._known("rejections", list(rejection_rows))
        tables["rejections"] = S.to_table("rejections", [r for k, r in rejection_rows.items() if k not in known])
        count = {name: table.num_rows for name, table in tables.items()}
        skipped = len(results) - len(todo)
        if not count["codings"] and not count["rejections"]:
            return WriteSummary(skipped_duplicates=skipped)
        self._layout.commit(batch_id, tables, {
            "schema_version": S.SCHEMA_VERSION,
            "coder_versions": [coder_version] if count["codings"] else [],
        })
        return WriteSummary(documents=count["documents"], events=count["events"], quotes=count["quotes"],
                            mentions=count["mentions"], rejections=count["rejections"],
                            skipped_duplicates=skipped, batch_id=batch_id)

    def _stories_for(self, events: pa.Table, coder_version: str, fusion: Any) -> pa.Table:
        """The story links of a batch's new events (fusion against the stored stories; lock held)."""
        from ..stages.fusion import link_batch

        links = self._read(lambda cur: link_batch(cur, events, fusion))
        return S.to_table("stories", [
            {"story_id": link.story_id, "event_id": link.event_id, "doc_id": link.doc_id,
             "coder_version": coder_version, "similarity": link.similarity} for link in links])

    def iter_documents(self, *, batch_size: int = 256, not_coded_with: str | None = None,
                       ) -> Iterator[list[Document]]:
        """Stored documents in batches, e.g. to re-code them with new dictionaries.

        Args:
            batch_size: documents per yielded list.
            not_coded_with: skip documents that already have a coding of this version,
                so a killed re-code resumes where it stopped.

        Returns:
            An iterator of lists of Document.
        """
        where, params = "TRUE", []
        if not_coded_with is not None:
            where = "doc_id NOT IN (SELECT doc_id FROM codings WHERE coder_version = ?)"
            params = [str(not_coded_with)]
        # ids first, then the documents a batch at a time: the texts never all sit in memory
        ids = self._query(f"SELECT doc_id FROM documents WHERE {where} ORDER BY doc_id", params)
        doc_ids = ids.column(0).to_pylist()
        for start in range(0, len(doc_ids), batch_size):
            chunk = pa.table({"id": pa.array(doc_ids[start:start + batch_size], pa.string())})
            table = self._query("SELECT d.* FROM documents d SEMI JOIN _ids i ON d.doc_id = i.id "
                                "ORDER BY d.doc_id", extra={"_ids": chunk})
            yield [S.document_from_row(row) for row in table.to_pylist()]

    def recode(self, code: Callable[[list[Document]], Sequence[Result]], coder_version: str, *,
               batch_size: int = 256, on_batch: Callable[[WriteSummary], None] | None = None,
               fusion: Any = None) -> dict[str, int]:
        """Re-code stored documents with a new coder version, resumably.

        Documents already coded with ``coder_version`` are skipped, so a killed re-code
        continues where it stopped; earlier versions stay stored and comparable.

        Args:
            code: turns stored documents into results (the pipeline from the parse stage
                on, with the new dictionaries); each result keeps its document's doc_id.
            coder_version: the new version, e.g. "2" or a dictionaries hash.
            batch_size: documents per committed batch.
            on_batch: called with each batch's WriteSummary (progress).
            fusion: FusionOptions: the new version's events are fused again, batch by
                batch, so the stories are rebuilt with the new coding.

        Returns:
            dict with documents and events written.
        """
        totals = {"documents": 0, "events": 0}
        for documents in self.iter_documents(batch_size=batch_size, not_coded_with=coder_version):
            summary = self.write(code(documents), coder_version=coder_version, fusion=fusion)
            totals["documents"] += len(documents) - summary.skipped_duplicates
            totals["events"] += summary.events
            if on_batch:
                on_batch(summary)
        return totals

    def compare_versions(self, a: str, b: str) -> pa.Table:
        """Events per CAMEO root under two coder versions, over the documents both coded.

        Args:
            a, b: coder versions.

        Returns:
            pyarrow.Table with cameo_root, events_a, events_b, change (b - a).
        """
        sql = ("WITH both_coded AS (SELECT doc_id FROM codings WHERE coder_version = ? INTERSECT "
               "SELECT doc_id FROM codings WHERE coder_version = ?) "
               "SELECT cameo_root, count(*) FILTER (WHERE coder_version = ?) AS events_a, "
               "count(*) FILTER (WHERE coder_version = ?) AS events_b, events_b - events_a AS change "
               "FROM events WHERE coder_version IN (?, ?) AND doc_id IN (SELECT doc_id FROM both_coded) "
               "GROUP BY cameo_root ORDER BY cameo_root")
        return _tag(self._query(sql, [a, b, a, b, a, b], coder_version="all"), "compare")

    # -- queries ----------------------------------------------------------------------------

    def events(self, *, source: Any = None, target: Any = None, country: Any = None, agent: Any = None,
               dyad: Any = None, root: Any = None, code: Any = None, plover: Any = None,
               quad_class: Any = None, since: Any = None, until: Any = None, outlet: Any = None,
               text: str | None = None, doc_id: Any = None, negated: bool | None = None,
               min_confidence: float | None = None, include_duplicates: bool = False,
               coder_version: str | None = None, limit: int | None = None, offset: int = 0,
               order_by: str | Sequence[str] | None = "date", include_negated: bool = True,
               date_basis: Any = None, fused: bool = False) -> pa.Table:
        """Events matching every given filter, as a flat Arrow table.

        Args:
            source, target: actor code, its country or IGO ("CHN" matches CHN and CHNGOV).
            country, agent: on either side. dyad: "USA-JPN", either direction.
            root: CAMEO root(s); code: CAMEO code prefix(es); plover: PLOVER type(s).
            quad_class: 1-4. since, until: inclusive dates. outlet: outlet name(s).
            text: words that must all occur in the sentence (case-insensitive).
            doc_id: document id(s). negated: only (non-)negated events.
            min_confidence: lowest confidence. include_duplicates: include events of
                documents that duplicate another. coder_version: None for the latest
                coding of each document, a version string, or "all".
            limit, offset: paging. order_by: e.g. "date", "-goldstein", "date desc".
            include_negated: keep negated, hypothetical and denied events (with ``fused``,
                default False: a story count leaves them out, like every aggregate).
            date_basis: only events whose date has this basis ("inferred-year", ...).
            fused: one row per story (see ``stories``) instead of one per report.

        Returns:
            pyarrow.Table with the columns of ``_schema.EVENTS`` (see ``event_dicts``); with
            ``fused``, the story columns first (``story_id``, ``reports``, ...).
        """
        filters = dict(source=source, target=target, country=country, agent=agent, dyad=dyad,
                       root=root, code=code, plover=plover, quad_class=quad_class, since=since,
                       until=until, outlet=outlet, text=text, doc_id=doc_id, negated=negated,
                       min_confidence=min_confidence, date_basis=date_basis)
        if fused:
            return self.stories(**filters, include_duplicates=True, include_negated=include_negated,
                                coder_version=coder_version, limit=limit, offset=offset, order_by=order_by)
        where = event_where(**filters, include_duplicates=include_duplicates or doc_id is not None,
                            include_negated=include_negated)
        order = order_by_sql(order_by)
        if offset and limit is not None:
            return _tag(self._read(lambda cur: _deep_page(cur, where, order, limit, offset), coder_version),
                        "events")
        sql = f"SELECT * FROM events WHERE {where.sql()} ORDER BY {order}{_paging(limit, offset, where)}"
        return _tag(self._query(sql, where.params, coder_version=coder_version), "events")

    def dyads(self, *, by: str = "month", level: str = "country", source: Any = None, target: Any = None,
              since: Any = None, until: Any = None, coder_version: str | None = None,
              include_negated: bool = False, fused: bool = False, **filters: Any) -> pa.Table:
        """Directed dyad aggregates per period: counts, QuadClass counts, Goldstein mean and total.

        Args:
            by: day, week (Monday-based), month or year.
            level: "country" (ISO codes) or "actor" (full actor codes).
            source, target, since, until: as in ``events``; further ``events`` filters
                (root, plover, include_duplicates, ...) may be given as keywords.
            coder_version: as in ``events``.
            include_negated: count negated, hypothetical and denied events too.
            fused: count stories (each once, by its canonical event and first date),
                not reports; ``reports`` then gives the reports behind them.

        Returns:
            pyarrow.Table with period, source, target, events, verbal_cooperation,
            material_cooperation, verbal_conflict, material_conflict, goldstein_mean,
            goldstein_total (both rounded to 3 places); events without a date or either
            side's key are left out.
        """
        src, tgt = level_columns(level)
        where = event_where(source=source, target=target, since=since, until=until,
                            include_negated=include_negated, **filters)
        quads = ", ".join(f"count(*) FILTER (WHERE quad_class = {q}) AS {name}"
                          for q, name in QUAD_COLUMNS.items())
        source_sql, extra, condition = "events", "", where.sql()
        if fused:  # the filters select reports; the stories they make are then counted
            source_sql, condition = f"({fused_sql(where.sql())})", "TRUE"
            extra = ", CAST(sum(reports) AS BIGINT) AS reports"
        sql = (f"SELECT {period_sql(by)} AS period, {src} AS source, {tgt} AS target, "
               f"count(*) AS events, {quads}, round(avg(goldstein), 3) AS goldstein_mean, "
               f"round(sum(goldstein), 3) AS goldstein_total{extra} FROM {source_sql} "
               f"WHERE date IS NOT NULL AND {src} IS NOT NULL AND {tgt} IS NOT NULL AND {condition} "
               "GROUP BY ALL ORDER BY period, events DESC, source, target")
        return _tag(self._query(sql, where.params, coder_version=coder_version), "dyads")

    def actors(self, *, limit: int | None = 50, coder_version: str | None = None,
               include_negated: bool = False, **filters: Any) -> pa.Table:
        """Top actors by number of events, as source or target.

        Args:
            limit: how many actors (None for all).
            coder_version: as in ``events``.
            include_negated: count negated, hypothetical and denied events too.
            **filters: any ``events`` filter.

        Returns:
            pyarrow.Table with code, country, igo, agent, name, events, as_source, as_target.
        """
        where = event_where(include_negated=include_negated, **filters)
        sides = " UNION ALL ".join(
            f"SELECT {s}_code AS code, {s}_country AS country, {s}_igo AS igo, {s}_agent AS agent, "
            f"{s}_name AS name, {int(s == 'source')} AS as_source, {int(s == 'target')} AS as_target "
            f"FROM f WHERE {s}_code IS NOT NULL" for s in ("source", "target"))
        params = list(where.params)
        sql = (f"WITH f AS (SELECT * FROM events WHERE {where.sql()}), roles AS ({sides}) "
               "SELECT code, any_value(country) AS country, any_value(igo) AS igo, "
               "any_value(agent) AS agent, mode(name) AS name, count(*) AS events, "
               "CAST(sum(as_source) AS BIGINT) AS as_source, CAST(sum(as_target) AS BIGINT) AS as_target "
               "FROM roles "
               "GROUP BY code ORDER BY events DESC, code")
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        return _tag(self._query(sql, params, coder_version=coder_version), "actors")

    def story_links(self, *, coder_version: str | None = None) -> pa.Table:
        """The stored event -> story links of the latest codings (one row per linked event).

        Returns:
            pyarrow.Table with the ``stories`` columns.
        """
        return _tag(self._query("SELECT * FROM stories ORDER BY story_id, event_id",
                                coder_version=coder_version), "story_links")

    def stories(self, *, include_duplicates: bool = True, include_negated: bool = False,
                coder_version: str | None = None, limit: int | None = None, offset: int = 0,
                order_by: str | Sequence[str] | None = "-first_date", **filters: Any) -> pa.Table:
        """Fused events: one row per story, counted over the reports that match the filters.

        Args:
            include_duplicates: count reports in near-duplicate documents (rewritten copies
                are reports too; default True).
            include_negated: list stories of negated, hypothetical or denied events.
            coder_version: as in ``events``.
            limit, offset: paging. order_by: a story or event column ("-reports", "first_date").
            **filters: any ``events`` filter, applied to the reports.

        Returns:
            pyarrow.Table: story_id, reports, documents, sources (outlets), outlets, agencies,
            first_date, last_date, mean_confidence, then the columns of the story's canonical
            event (its most confident report, the earliest on a tie).
        """
        where = event_where(include_duplicates=include_duplicates, include_negated=include_negated, **filters)
        order = order_by_sql(order_by, (*STORY_COLUMNS, *EVENT_COLUMNS), "story_id")
        sql = f"SELECT * FROM ({fused_sql(where.sql())}) ORDER BY {order}{_paging(limit, offset, where)}"
        return _tag(self._query(sql, where.params, coder_version=coder_version), "stories")

    def story(self, story_id: str, *, coder_version: str | None = None) -> dict[str, Any] | None:
        """One story with every report (its sentence, document, outlet and agency), or None.

        Args:
            story_id: the story id (``s`` + the event id of its first report).
            coder_version: as in ``events``.

        Returns:
            dict: the story columns of ``stories`` and ``canonical`` (event JSON) and
            ``reports`` (event JSON plus outlet, agency, title, published, duplicate_of).
        """
        def run(cur: duckdb.DuckDBPyConnection) -> dict[str, Any] | None:
            rows = cur.sql(
                "SELECT e.*, d.agency AS doc_agency, d.title AS doc_title, d.published AS doc_published "
                "FROM events e LEFT JOIN stories s ON s.event_id = e.event_id AND s.coder_version = e.coder_version "
                "LEFT JOIN documents d ON d.doc_id = e.doc_id "
                "WHERE coalesce(s.story_id, 's' || e.event_id) = ? ORDER BY e.date, d.published, e.event_id",
                params=[story_id]).to_arrow_table().to_pylist()
            if not rows:
                return None
            reports = []
            for row in rows:
                record = S.event_dict(row)
                record.update(outlet=row.get("outlet"), agency=row.get("doc_agency"), title=row.get("doc_title"),
                              published=row.get("doc_published"), duplicate_of=row.get("duplicate_of"))
                reports.append(record)
            canonical = max(reports, key=lambda r: (r["confidence"] or 0.0, -_ordinal(r["date"])))
            dates = [r["date"] for r in reports if r["date"]]
            outlets = sorted({r["outlet"] for r in reports if r["outlet"]})
            confidences = [r["confidence"] for r in reports if r["confidence"] is not None]
            return {"story_id": story_id, "reports": len(reports),
                    "documents": len({r["doc_id"] for r in reports}), "sources": len(outlets),
                    "outlets": outlets, "agencies": sorted({r["agency"] for r in reports if r["agency"]}),
                    "first_date": min(dates) if dates else None, "last_date": max(dates) if dates else None,
                    "mean_confidence": round(sum(confidences) / len(confidences), 3) if confidences else None,
                    "canonical": canonical, "report_list": reports}

        return self._read(run, coder_version)

    def documents(self, *, limit: int | None = None, offset: int = 0, since: Any = None, until: Any = None,
                  outlet: Any = None, language: str | None = None, text: str | None = None,
                  include_duplicates: bool = True, with_text: bool = False,
                  order_by: str | Sequence[str] | None = "published") -> pa.Table:
        """Stored documents with their event counts (latest coding).

        Args:
            limit, offset: paging. since, until: inclusive bounds on the published day.
            outlet: outlet name(s). language: ISO 639-1 code. text: words in the title or text.
            include_duplicates: include documents marked ``duplicate_of`` another.
            with_text: include the clean text column (large).
            order_by: a documents column, "-" for descending.

        Returns:
            pyarrow.Table
        """
        where = Where()
        if since is not None:
            where.add("left(published, 10) >= ?", str(since)[:10])
        if until is not None:
            where.add("left(published, 10) <= ?", str(until)[:10])
        if outlet is not None:
            outlets = [outlet] if isinstance(outlet, str) else list(outlet)
            where.add(f"outlet IN ({', '.join('?' for _ in outlets)})", *outlets)
        if language is not None:
            where.add("language = ?", language)
        for word in (text or "").split():
            where.add("contains(lower(coalesce(title, '') || ' ' || text), ?)", word.lower())
        if not include_duplicates:
            where.add("duplicate_of IS NULL")
        columns = [c for c in S.DOCUMENTS.names if with_text or c != "text"]
        select = ", ".join(f'd."{c}"' for c in columns)
        sql = (f"SELECT {select}, coalesce(n.events, 0) AS events FROM documents d LEFT JOIN "
               "(SELECT doc_id, count(*) AS events FROM events GROUP BY doc_id) n USING (doc_id) "
               f"WHERE {where.sql()} ORDER BY {order_by_sql(order_by, (*columns, 'events'), 'doc_id')}"
               f"{_paging(limit, offset, where)}")
        return _tag(self._query(sql, where.params), "documents")

    def document(self, doc_id: str, *, coder_version: str | None = None) -> dict[str, Any] | None:
        """One document record with its events, quotes and mentions, or None.

        Args:
            doc_id: the document id.
            coder_version: which coding (default: the latest for this document).

        Returns:
            The ``Document.to_dict()`` fields plus ``ingested_at``, ``coder_version``,
            ``events`` (event JSON), ``quotes`` and ``mentions``.
        """
        return self._read(lambda cur: _document_record(cur, doc_id, coder_version), coder_version)

    def result(self, doc_id: str, *, coder_version: str | None = None) -> Result | None:
        """One stored document with its coding, as the pipeline's Result (full fidelity).

        Args:
            doc_id: the document id.
            coder_version: which coding (default: the latest for this document).

        Returns:
            Result, or None if the document is not stored.
        """
        return self._read(lambda cur: _result(cur, doc_id), coder_version)

    def rejections(self, *, limit: int | None = None, offset: int = 0) -> pa.Table:
        """Rejected inputs: origin, stage, reason, when.

        Args:
            limit, offset: paging.

        Returns:
            pyarrow.Table
        """
        where = Where()
        sql = f"SELECT * FROM rejections ORDER BY rejected_at, rejection_id{_paging(limit, offset, where)}"
        return _tag(self._query(sql, where.params), "rejections")

    def stats(self, *, include_duplicates: bool = False, top: int = 10,
              include_negated: bool = False) -> dict[str, Any]:
        """Counts and summaries of the store (latest coding of each document).

        Args:
            include_duplicates: count events of duplicate documents too.
            top: how many top dyads.
            include_negated: count negated, hypothetical and denied events too (by default
                ``events`` and every breakdown leave them out; ``not_happened`` counts them).

        Returns:
            dict with documents, duplicates, events, quotes, mentions, rejections,
            events_by_root, events_by_plover, rejections_by_reason, top_dyads,
            first_date, last_date, coder_versions, schema_version, batches, files,
            stories, not_happened, inferred_year.
        """
        return self._read(lambda cur: self._stats(cur, include_duplicates, top, include_negated))

    def _stats(self, cur: duckdb.DuckDBPyConnection, include_duplicates: bool, top: int,
               include_negated: bool = False) -> dict[str, Any]:
        def one(sql: str, params: Sequence[Any] = ()) -> Any:
            return cur.sql(sql, params=list(params)).fetchall()[0]

        def pairs(sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
            return cur.sql(sql, params=list(params)).fetchall()

        ev = "TRUE" if include_duplicates else "duplicate_of IS NULL"
        not_happened = one(f"SELECT count(*) FROM events WHERE {ev} AND NOT ({HAPPENED})")[0]
        if not include_negated:
            ev += f" AND {HAPPENED}"
        docs, dups = one("SELECT count(*), count(duplicate_of) FROM documents")
        events, first, last = one(f"SELECT count(*), min(date), max(date) FROM events WHERE {ev}")
        stats: dict[str, Any] = {
            "documents": docs, "duplicates": dups, "events": events,
            "quotes": one("SELECT count(*) FROM quotes")[0],
            "mentions": one("SELECT count(*) FROM mentions")[0],
            "rejections": one("SELECT count(*) FROM rejections")[0],
            "events_by_root": dict(pairs(f"SELECT cameo_root, count(*) FROM events WHERE {ev} "
                                         "GROUP BY 1 ORDER BY 1")),
            "events_by_plover": dict(pairs(f"SELECT plover, count(*) FROM events WHERE {ev} AND plover "
                                           "IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1")),
            "events_by_quad_class": {str(k): v for k, v in pairs(
                f"SELECT quad_class, count(*) FROM events WHERE {ev} AND quad_class IS NOT NULL "
                "GROUP BY 1 ORDER BY 1")},
            "rejections_by_reason": dict(pairs("SELECT reason, count(*) FROM rejections GROUP BY 1 "
                                               "ORDER BY 2 DESC, 1")),
            "top_dyads": [{"source": s, "target": t, "events": n} for s, t, n in pairs(
                f"SELECT source_country, target_country, count(*) FROM events WHERE {ev} AND "
                "source_country IS NOT NULL AND target_country IS NOT NULL GROUP BY 1, 2 "
                "ORDER BY 3 DESC, 1, 2 LIMIT ?", [top])],
            "first_date": first.isoformat() if first else None,
            "last_date": last.isoformat() if last else None,
            "coder_versions": {v: {"documents": d, "events": e} for v, d, e in pairs(
                "SELECT c.coder_version, count(*), CAST(sum(c.events) AS BIGINT) FROM codings c GROUP BY 1 "
                "ORDER BY "
                "max(c.batch_id)")},
            "schema_version": S.SCHEMA_VERSION,
            "not_happened": not_happened,
            "inferred_year": one(f"SELECT count(*) FROM events WHERE {ev} AND date_basis = 'inferred-year'")[0],
            "stories": one(f"SELECT count(DISTINCT coalesce(s.story_id, 's' || e.event_id)) FROM events e "
                           "LEFT JOIN stories s ON s.event_id = e.event_id AND s.coder_version = e.coder_version "
                           f"WHERE {ev.replace('duplicate_of', 'e.duplicate_of')}")[0],
        }
        snap_files = self._layout.snapshot()
        stats["batches"] = len(snap_files.batches)
        stats["files"] = {t: len(f) for t, f in snap_files.files.items()}
        return stats

    def compact(self, *, target_rows: int = 2_000_000) -> dict[str, Any]:
        """Merge small batches into one (see ``_compact``).

        Args:
            target_rows: batches with at least this many event rows are left as they are.

        Returns:
            dict with batches_before, batches_after, files_before, files_after, merged.
        """
        from ._compact import compact

        with self._writer():
            return compact(self._layout, self._con, target_rows=target_rows)

    @contextlib.contextmanager
    def _writer(self) -> Iterator[None]:
        """Hold the writer lock on a recovered, migrated store (StoreError if not writable)."""
        try:
            self._layout.init()
            with self._layout.lock():
                # a writer killed earlier may have left files without a marker: remove them
                # before deciding what is already stored
                self._layout.recover()
                self._layout.migrate()
                yield
        except OSError as e:  # read-only, disk full, ...: one clear line for the CLI
            raise StoreError(f"cannot write to {self.path}: {e}", "E406") from None


_UNSTORABLE = (pa.ArrowException, ValueError, TypeError, OverflowError)
_Rows = dict[str, list[dict[str, Any]]]


def _result_rows(result: Result, coder_version: str, batch_id: str, stamp: Any, *,
                 with_document: bool) -> _Rows:
    """The rows one result adds to each table (not the rejections)."""
    doc = result.document
    return {
        "documents": [S.document_row(doc, stamp)] if with_document else [],
        "events": [S.event_row(e, coder_version, doc) for e in result.events],
        "quotes": [S.quote_row(q, coder_version) for q in result.quotes],
        "mentions": [S.mention_row(m, coder_version) for m in result.mentions],
        "codings": [{"doc_id": doc.doc_id, "coder_version": coder_version, "batch_id": batch_id,
                     "coded_at": stamp, "events": len(result.events)}],
    }


def _tables(rows: list[_Rows]) -> dict[str, pa.Table]:
    return {name: S.to_table(name, [row for r in rows for row in r.get(name, ())])
            for name in S.TABLES if name != "rejections"}


def _split_unstorable(results: list[Result], rows: list[_Rows]) -> tuple[list[_Rows], list[Rejection]]:
    good, bad = [], []
    for result, own in zip(results, rows):
        try:
            _tables([own])
            good.append(own)
        except _UNSTORABLE as e:
            bad.append(Rejection(result.document.origin, "store", f"unstorable record: {e}"))
    return good, bad


def _ordinal(day: str | None) -> int:
    return dt.date.fromisoformat(day[:10]).toordinal() if day else 0


def _literal(text: str) -> str:
    """A SQL string literal (quotes doubled) for values that cannot be bound, such as view file lists."""
    return "'" + text.replace("'", "''") + "'"


def _deep_page(cur: duckdb.DuckDBPyConnection, where: Where, order: str, limit: int, offset: int) -> pa.Table:
    """One page of events far from the start, read in two steps on one snapshot cursor.

    Sorting whole rows to skip ``offset`` of them costs a full read of every column; sorting
    only the ids (and the order columns DuckDB needs) and then reading the ``limit`` chosen
    rows is about five times faster at offset 500k of 1M events (figures in the note of the web paging change).
    """
    page = cur.sql(f"SELECT event_id FROM events WHERE {where.sql()} ORDER BY {order} LIMIT ? OFFSET ?",
                   params=[*where.params, int(limit), int(offset)]).to_arrow_table()
    ids = page.column("event_id").to_pylist()
    return cur.sql(f"SELECT * FROM events WHERE {where.sql()} AND event_id IN (SELECT unnest(?)) "
                   f"ORDER BY {order} LIMIT ?", params=[*where.params, ids, len(ids)]).to_arrow_table()


def _paging(limit: int | None, offset: int, where: Where) -> str:
    sql = ""
    if limit is not None:
        sql += " LIMIT ?"
        where.params.append(int(limit))
    if offset:
        sql += " OFFSET ?"
        where.params.append(int(offset))
    return sql


def order_by_sql(spec: str | Sequence[str] | None, allowed: Sequence[str] = EVENT_COLUMNS,
                 tiebreak: str = "event_id") -> str:
    """ORDER BY text for a user ordering spec over whitelisted columns (see ``_query.order_by``)."""
    return order_by(spec, allowed, tiebreak)


def _rows(cur: duckdb.DuckDBPyConnection, table: str, doc_id: str, order: str) -> list[dict[str, Any]]:
    return cur.sql(f"SELECT * FROM {table} WHERE doc_id = ? ORDER BY {order}",
                   params=[doc_id]).to_arrow_table().to_pylist()


_ORDER = {"documents": "doc_id", "events": "sentence_index, span_start, event_id",
          "quotes": "span_start, quote_id", "mentions": 'sentence_index, start, "end"'}


def _result(cur: duckdb.DuckDBPyConnection, doc_id: str) -> Result | None:
    docs = _rows(cur, "documents", doc_id, "doc_id")
    if not docs:
        return None
    return Result(document=S.document_from_row(docs[0]),
                  events=tuple(S.event_from_row(r) for r in _rows(cur, "events", doc_id, _ORDER["events"])),
                  quotes=tuple(S.quote_from_row(r) for r in _rows(cur, "quotes", doc_id, _ORDER["quotes"])),
                  mentions=tuple(S.mention_from_row(r)
                                 for r in _rows(cur, "mentions", doc_id, _ORDER["mentions"])))


def _document_record(cur: duckdb.DuckDBPyConnection, doc_id: str,
                     coder_version: str | None) -> dict[str, Any] | None:
    docs = _rows(cur, "documents", doc_id, "doc_id")
    if not docs:
        return None
    row = docs[0]
    record = S.document_from_row(row).to_dict()
    record["ingested_at"] = row["ingested_at"].isoformat() if row.get("ingested_at") else None
    if coder_version is None:
        latest = cur.sql("SELECT coder_version FROM latest_codings WHERE doc_id = ?", params=[doc_id]).fetchall()
        coder_version = latest[0][0] if latest else None
    record["coder_version"] = coder_version

    record["events"] = [S.event_dict(r) for r in _rows(cur, "events", doc_id, _ORDER["events"])]
    record["quotes"] = [S.quote_dict(r) for r in _rows(cur, "quotes", doc_id, _ORDER["quotes"])]
    record["mentions"] = [S.mention_from_row(r).to_dict() for r in _rows(cur, "mentions", doc_id, _ORDER["mentions"])]
    return record
