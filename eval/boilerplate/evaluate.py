"""Boilerplate removal: precision and recall of dropping lines, against the hand-labelled gold.

The gold (``labels.yaml``) labels lines of real documents in ``../shared`` (open-licence
pages and records of the corpus, and the noisy wire fixture) as keep or drop. Each line is
normalised and classified by the cleaner's line classifier (the same rules ``clean_text``
applies); a boilerplate reason counts as a drop. Figures are given overall and per source,
with the missed drops and the wrongly dropped lines listed.

Usage::

    .venv/bin/python eval/boilerplate/evaluate.py [--shared ../shared] [--update-hashes]

Writes ``eval/boilerplate/results.json`` and prints a summary.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from pagelines import page_lines  # noqa: E402

from eventwire.stages.clean import classify_line, normalise_line  # noqa: E402


def source_lines(shared: Path, source: str, kind: str) -> list[str]:
    """The lines of one gold source, numbered as the gold numbers them."""
    if kind == "html":
        return page_lines(shared / source)
    if kind == "text":
        return [line for line in (shared / source).read_text(encoding="utf-8").splitlines() if line.strip()]
    path, record_id = source.split("#")
    for line in (shared / path).read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["id"] == record_id:
            return [x for x in record["text"].split("\n") if x.strip()]
    raise KeyError(source)


def fingerprint(lines: list[str]) -> str:
    return hashlib.sha1("\n".join(lines).encode("utf-8")).hexdigest()[:12]


def _scores(tp: int, fp: int, fn: int) -> dict[str, float | int | None]:
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    f1 = 2 * precision * recall / (precision + recall) if precision and recall else None
    return {"tp": tp, "fp": fp, "fn": fn,
            "precision": round(precision, 4) if precision is not None else None,
            "recall": round(recall, 4) if recall is not None else None,
            "f1": round(f1, 4) if f1 is not None else None}


def evaluate(shared: Path, labels: list[dict], update: bool = False) -> dict:
    """Score the cleaner's line decisions against the gold; optionally record line hashes."""
    total = {"tp": 0, "fp": 0, "fn": 0}
    per_source, misses, wrong, by_reason = {}, [], [], {}
    for entry in labels:
        lines = source_lines(shared, entry["source"], entry["kind"])
        start, end = entry["range"]
        region = lines[start:end + 1]
        if update:
            entry["sha1"] = fingerprint(region)
        elif entry.get("sha1") and entry["sha1"] != fingerprint(region):
            raise SystemExit(f"{entry['source']}: lines changed since the gold was labelled")
        counts = {"tp": 0, "fp": 0, "fn": 0}
        drops = {int(k): v for k, v in (entry.get("drop") or {}).items()}
        for index, line in enumerate(region, start=start):
            predicted = classify_line(normalise_line(line))
            gold = drops.get(index)
            if gold:
                hit = by_reason.setdefault(gold, [0, 0])
                hit[1] += 1
            if predicted and gold:
                counts["tp"] += 1
                by_reason[gold][0] += 1
            elif predicted:
                counts["fp"] += 1
                wrong.append({"source": entry["source"], "line": index, "reason": predicted, "text": line[:100]})
            elif gold:
                counts["fn"] += 1
                misses.append({"source": entry["source"], "line": index, "gold": gold, "text": line[:100]})
        for key in total:
            total[key] += counts[key]
        per_source[entry["source"]] = {"lines": len(region), **_scores(**counts)}
    return {"lines": sum(v["lines"] for v in per_source.values()), **_scores(**total),
            "recall_by_gold_reason": {k: f"{v[0]}/{v[1]}" for k, v in sorted(by_reason.items())},
            "by_source": per_source, "wrongly_dropped": wrong, "missed": misses}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--update-hashes", action="store_true", help="record the sha1 of each labelled range")
    args = parser.parse_args()
    labels_path = HERE / "labels.yaml"
    labels = yaml.safe_load(labels_path.read_text(encoding="utf-8"))
    result = evaluate(Path(args.shared), labels, update=args.update_hashes)
    if args.update_hashes:
        text = labels_path.read_text(encoding="utf-8")
        for entry in labels:
            if f"sha1: {entry['sha1']}" not in text:
                print(f"{entry['source']}: sha1 {entry['sha1']}")
    (HERE / "results.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    summary = {k: result[k] for k in ("lines", "tp", "fp", "fn", "precision", "recall", "f1")}
    print(json.dumps({**summary, "by_source": {k.rsplit("/", 1)[-1][:40]: {m: v[m] for m in ("lines", "precision",
                                                                                             "recall")}
                                                for k, v in result["by_source"].items()},
                      "recall_by_gold_reason": result["recall_by_gold_reason"]}, indent=1))


if __name__ == "__main__":
    main()
