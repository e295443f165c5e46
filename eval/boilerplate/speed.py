"""Clean-stage speed: documents per second of ``clean_text`` over the bundled corpus and the noisy fixture.

Usage::

    .venv/bin/python eval/boilerplate/speed.py [--rounds 5] [--shared ../shared]

Each round cleans every record of ``eventwire/data/corpus/articles.jsonl`` plus, when
``../shared`` is present, the noisy wire fixture and the line dumps of the corpus's HTML
pages (the dirtiest inputs). The first round warms the lingua detector and the rule cache and is
not timed. Time is the process's CPU time (``time.process_time``), so that other work on a shared
machine does not move the figure much; the figure is the median of the timed rounds.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from pagelines import page_lines  # noqa: E402

from eventwire.config import load_settings  # noqa: E402
from eventwire.stages.clean import clean_text  # noqa: E402


def documents(shared: Path) -> list[str]:
    """The texts cleaned in one round."""
    corpus = ROOT / "eventwire" / "data" / "corpus" / "articles.jsonl"
    texts = [json.loads(line)["text"] for line in corpus.read_text(encoding="utf-8").splitlines()]
    fixture = shared / "fixtures" / "noisy-wire-us-japan-2022.txt"
    if fixture.exists():
        texts.append(fixture.read_text(encoding="utf-8"))
        texts += ["\n".join(page_lines(p)) for p in sorted((shared / "data/corpus/html").glob("*.html"))]
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    args = parser.parse_args()
    settings = load_settings()
    texts = documents(Path(args.shared))
    rates = []
    for round_ in range(args.rounds + 1):
        start = time.process_time()
        for text in texts:
            clean_text(text, settings)
        if round_:
            rates.append(len(texts) / (time.process_time() - start))
    print(json.dumps({"documents": len(texts), "chars": sum(map(len, texts)),
                      "docs_per_s": round(statistics.median(rates), 1)}))


if __name__ == "__main__":
    main()
