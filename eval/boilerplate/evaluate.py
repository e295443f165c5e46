"""Boilerplate removal: precision and recall of dropping lines, against the hand-labelled gold.

The gold has two kinds of source:

- ``labels.yaml``: lines of real documents in ``../shared`` (open-licence pages and records of the
  corpus, and the noisy wire fixture), labelled keep or drop;
- ``pages/*.txt``: hand-written pages modelled on common aggregator templates, whose article
  bodies are spliced in from the bundled open corpus (see ``pages/README.md``).

Every source belongs to the ``tuning`` part (rules were written while looking at it) or the
``heldout`` part (labelled and frozen before the rules it measures were written; never looked at
while writing rules). Each document is cleaned by ``clean_text`` (the line rules and the
context rules for teaser blocks and tag lists) and a line counts as dropped when the cleaner
gives it a boilerplate reason. Figures are given overall, per part, per origin and per source,
with the missed drops and the wrongly dropped lines listed.

Usage::

    .venv/bin/python eval/boilerplate/evaluate.py [--shared ../shared] [--update-hashes] [--split heldout]

Writes ``eval/boilerplate/results.json`` and prints a summary.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from pagelines import page_lines  # noqa: E402

from eventwire.stages.clean import classify_lines, normalise_line  # noqa: E402


CORPUS = ROOT / "eventwire" / "data" / "corpus" / "articles.jsonl"
PAGES = HERE / "pages"
_PAGE_LINE = re.compile(r"(?:(K)|D ([\w-]+)) \| (.+)$")


def _record_lines(path: Path, record_id: str) -> list[str]:
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["id"] == record_id:
            return [x for x in record["text"].split("\n") if x.strip()]
    raise KeyError(f"{path}#{record_id}")


def source_lines(shared: Path, source: str, kind: str) -> list[str]:
    """The lines of one gold source of ``labels.yaml``, numbered as the gold numbers them."""
    if kind == "html":
        return page_lines(shared / source)
    if kind == "text":
        return [line for line in (shared / source).read_text(encoding="utf-8").splitlines() if line.strip()]
    path, record_id = source.split("#")
    return _record_lines(shared / path, record_id)


def read_page(path: Path) -> dict:
    """One hand-written page of ``pages/``: its lines, its drops, its split and what it is modelled on."""
    lines: list[str] = []
    drops: dict[int, str] = {}
    meta: dict[str, str] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.startswith("# ") and ":" in raw:
            key, _, value = raw[2:].partition(":")
            meta[key.strip()] = value.strip()
        elif raw.startswith("@body "):
            _, record_id, span = raw.split()
            a, b = (int(x) for x in span.split(":"))
            lines += _record_lines(CORPUS, record_id)[a:b]
        elif raw.strip() and not raw.startswith("#"):
            match = _PAGE_LINE.match(raw)
            if not match:
                raise SystemExit(f"{path.name}: bad line {raw!r}")
            if match.group(2):
                drops[len(lines)] = match.group(2)
            lines.append(match.group(3))
    return {"source": f"pages/{path.name}", "split": meta["split"], "origin": "written",
            "modelled_on": meta.get("modelled_on"), "lines": lines, "range": [0, len(lines) - 1],
            "drop": drops}


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


def load_sources(shared: Path | None, labels: list[dict], update: bool = False) -> list[dict]:
    """Every gold source with its lines: ``labels.yaml`` entries (when ``shared`` exists) and ``pages/``."""
    sources = []
    if shared is not None and shared.is_dir():
        for entry in labels:
            lines = source_lines(shared, entry["source"], entry["kind"])
            start, end = entry["range"]
            if update:
                entry["sha1"] = fingerprint(lines[start:end + 1])
            elif entry.get("sha1") and entry["sha1"] != fingerprint(lines[start:end + 1]):
                raise SystemExit(f"{entry['source']}: lines changed since the gold was labelled")
            sources.append({**entry, "split": entry.get("split", "tuning"), "origin": "real", "lines": lines,
                            "drop": {int(k): v for k, v in (entry.get("drop") or {}).items()}})
    sources += [read_page(path) for path in sorted(PAGES.glob("*.txt"))]
    return sources


def evaluate(shared: Path | None, labels: list[dict], update: bool = False, split: str | None = None) -> dict:
    """Score the cleaner's line decisions against the gold, overall and per split, origin and source.

    Args:
        shared: the ``../shared`` folder (None or absent: only the hand-written pages are scored).
        labels: the entries of ``labels.yaml``.
        update: record the sha1 of each labelled range in the entries.
        split: score only this split (``tuning`` or ``heldout``).

    Returns:
        A dict of figures, ``wrongly_dropped`` and ``missed`` lines.
    """
    groups: dict[str, dict[str, int]] = {}
    per_source, misses, wrong, by_reason = {}, [], [], {}
    for src in load_sources(shared, labels, update):
        if split and src["split"] != split:
            continue
        reasons = classify_lines([normalise_line(x) for x in src["lines"]])
        start, end = src["range"]
        counts = {"tp": 0, "fp": 0, "fn": 0}
        for index in range(start, end + 1):
            predicted, gold = reasons[index], src["drop"].get(index)
            if gold:
                by_reason.setdefault(f"{src['split']}/{gold}", [0, 0])[1] += 1
            if predicted and gold:
                counts["tp"] += 1
                by_reason[f"{src['split']}/{gold}"][0] += 1
            elif predicted:
                counts["fp"] += 1
                wrong.append({"source": src["source"], "split": src["split"], "line": index, "reason": predicted,
                              "text": src["lines"][index][:100]})
            elif gold:
                counts["fn"] += 1
                misses.append({"source": src["source"], "split": src["split"], "line": index, "gold": gold,
                               "text": src["lines"][index][:100]})
        for key in ("all", src["split"], f"{src['split']}/{src['origin']}"):
            group = groups.setdefault(key, {"lines": 0, "tp": 0, "fp": 0, "fn": 0})
            group["lines"] += end - start + 1
            for k in counts:
                group[k] += counts[k]
        per_source[src["source"]] = {"split": src["split"], "lines": end - start + 1, **_scores(**counts)}
    figures = {key: {"lines": g.pop("lines"), **_scores(**g)} for key, g in sorted(groups.items())}
    return {**figures["all"], "by_split": figures,
            "recall_by_gold_reason": {k: f"{v[0]}/{v[1]}" for k, v in sorted(by_reason.items())},
            "by_source": per_source, "wrongly_dropped": wrong, "missed": misses}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--update-hashes", action="store_true", help="record the sha1 of each labelled range")
    parser.add_argument("--split", choices=("tuning", "heldout", "heldout-2", "heldout-3"),
                        help="score one part only (not written out)")
    parser.add_argument("--out", default=str(HERE / "results.json"))
    args = parser.parse_args()
    labels_path = HERE / "labels.yaml"
    labels = yaml.safe_load(labels_path.read_text(encoding="utf-8"))
    result = evaluate(Path(args.shared), labels, update=args.update_hashes, split=args.split)
    if args.update_hashes:
        text = labels_path.read_text(encoding="utf-8")
        for entry in labels:
            if f"sha1: {entry['sha1']}" not in text:
                print(f"{entry['source']}: sha1 {entry['sha1']}")
    if not args.split:
        Path(args.out).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps({"by_split": result["by_split"], "recall_by_gold_reason": result["recall_by_gold_reason"]},
                     indent=1))


if __name__ == "__main__":
    main()
