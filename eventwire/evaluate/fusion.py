"""Scoring event fusion: B-cubed precision, recall and F1 against gold clusters.

The gold (``eval/fusion/gold.jsonl``) holds coded events, one per line, each with the id of
the real-world event it reports (``cluster``). Fusion runs on those events exactly as the
store's writer runs it (the block key is computed by the same DuckDB expression), and its
stories are compared with the gold clusters by B-cubed (Bagga & Baldwin 1998): for each
event, precision is the share of its predicted story that is in its gold cluster, recall
the share of its gold cluster that is in its predicted story; both are averaged over events.

The baseline is Phoenix's one-a-day filter, read as a clustering: events with the same
(date, source actor, target actor, CAMEO code) are one.

Example::

    report = evaluate_fusion("eval/fusion/gold.jsonl")
    report["fusion"]["f1"], report["one_a_day"]["f1"]
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..stages.fusion import SELECT_SQL, FusionOptions, fuse_sorted


def bcubed(predicted: Mapping[str, str], gold: Mapping[str, str]) -> dict[str, float]:
    """B-cubed precision, recall and F1 of a clustering.

    Args:
        predicted: item -> predicted cluster.
        gold: item -> gold cluster (same items).

    Returns:
        dict with precision, recall, f1 (rounded to 4 places) and items.

    Example::

        >>> bcubed({"a": "1", "b": "1", "c": "2"}, {"a": "x", "b": "y", "c": "y"})["precision"]
        0.6667
    """
    items = list(gold)
    if set(items) != set(predicted):
        raise ValueError("predicted and gold clusterings must cover the same items")
    by_pred, by_gold = defaultdict(set), defaultdict(set)
    for item in items:
        by_pred[predicted[item]].add(item)
        by_gold[gold[item]].add(item)
    precision = recall = 0.0
    for item in items:
        pred, true = by_pred[predicted[item]], by_gold[gold[item]]
        both = len(pred & true)
        precision += both / len(pred)
        recall += both / len(true)
    n = len(items) or 1
    p, r = precision / n, recall / n
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4), "items": len(items)}


def load_gold(path: str | Path) -> list[dict[str, Any]]:
    """The gold events of a fusion gold JSONL file (see ``eval/fusion/README.md``)."""
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def _event_rows(gold: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Gold events as fusion rows, keyed by the same SQL the store uses."""
    import datetime as dt

    import duckdb
    import pyarrow as pa

    rows = list(gold)
    table = pa.table({
        "event_id": [g["event_id"] + "@" + g["doc"] for g in rows],  # one gold line, one item
        "doc_id": [g["doc"] for g in rows],
        "date": pa.array([dt.date.fromisoformat(g["date"][:10]) if g.get("date") else None for g in rows],
                         pa.date32()),
        "cameo_root": [g["cameo_root"] for g in rows], "cameo_code": [g["cameo_code"] for g in rows],
        "negated": [bool(g.get("negated")) for g in rows], "modality": [g.get("modality") for g in rows],
        "location_country": [g.get("location_country") for g in rows],
        "sentence": [g.get("sentence") for g in rows],
        **{f"{side}_{field}": [g.get(f"{side}_{field}" if field != "code" else side) for g in rows]
           for side in ("source", "target") for field in ("code", "country", "igo")},
    })
    con = duckdb.connect()
    try:
        con.register("events", table)
        return con.sql(f"SELECT {SELECT_SQL} FROM events ORDER BY block NULLS FIRST, day, event_id"
                       ).to_arrow_table().to_pylist()
    finally:
        con.close()


def fuse_gold(gold: list[dict[str, Any]], options: FusionOptions | None = None) -> dict[str, str]:
    """Story of each gold item (``event_id@doc``) as the writer's fusion assigns it."""
    return {link.event_id: link.story_id for link in fuse_sorted(_event_rows(gold), options)}


def one_a_day(gold: list[dict[str, Any]]) -> dict[str, str]:
    """Phoenix's one-a-day filter as a clustering: one cluster per (date, source, target, code)."""
    return {g["event_id"] + "@" + g["doc"]: "|".join(str(g.get(k)) for k in ("date", "source", "target", "cameo_code"))
            for g in gold}


def evaluate_fusion(path: str | Path, options: FusionOptions | None = None) -> dict[str, Any]:
    """Fusion and the one-a-day baseline scored against a fusion gold file.

    Args:
        path: gold JSONL.
        options: FusionOptions (defaults when None).

    Returns:
        dict with events, documents, clusters, fusion and one_a_day (B-cubed figures),
        and stories (the number fusion made).
    """
    gold = load_gold(path)
    truth = {g["event_id"] + "@" + g["doc"]: g["cluster"] for g in gold}
    fused = fuse_gold(gold, options)
    return {"events": len(gold), "documents": len({g["doc"] for g in gold}),
            "clusters": len(set(truth.values())), "stories": len(set(fused.values())),
            "fusion": bcubed(fused, truth), "one_a_day": bcubed(one_a_day(gold), truth)}
