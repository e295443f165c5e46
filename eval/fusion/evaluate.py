"""Fusion against the gold: B-cubed precision, recall and F1, and Phoenix's one-a-day filter.

Usage::

    .venv/bin/python eval/fusion/evaluate.py [GOLD_JSONL] [--window 2]

Writes ``eval/fusion/results.json`` and prints it (see README.md for the gold).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from eventwire.evaluate.fusion import bcubed, evaluate_fusion, fuse_gold, load_gold, one_a_day  # noqa: E402
from eventwire.stages.fusion import FusionOptions  # noqa: E402

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", default=str(HERE / "gold.jsonl"))
    parser.add_argument("--window", type=int, default=None, help="fusion window in days (default: setting)")
    args = parser.parse_args()
    options = FusionOptions() if args.window is None else FusionOptions(window_days=args.window)
    started = time.perf_counter()
    report = evaluate_fusion(args.gold, options)
    report["seconds"] = round(time.perf_counter() - started, 3)
    # figures per kind: a retelling kind with the originals it retells; the annotated corpus alone
    gold = load_gold(args.gold)
    fused, baseline = fuse_gold(gold, options), one_a_day(gold)
    truth = {g["event_id"] + "@" + g["doc"]: g["cluster"] for g in gold}
    report["by_kind"] = {}
    for kind in sorted({g["kind"] for g in gold} - {"original"}):
        kinds = (kind,) if kind == "corpus" else ("original", kind)
        keep = {g["event_id"] + "@" + g["doc"] for g in gold if g["kind"] in kinds}
        report["by_kind"][kind] = {
            "fusion": bcubed({k: fused[k] for k in keep}, {k: truth[k] for k in keep}),
            "one_a_day": bcubed({k: baseline[k] for k in keep}, {k: truth[k] for k in keep})}
    report["events_by_kind"] = dict(Counter(g["kind"] for g in gold))
    report["options"] = vars(options) if hasattr(options, "__dict__") else str(options)
    (HERE / "results.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
