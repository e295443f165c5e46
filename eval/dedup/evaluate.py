"""Near-duplicate detection: precision and recall on copies made from the open corpus.

Every English text of the corpus is an original. From a fixed-seed sample of them we make the
kinds of copies aggregators publish: paragraphs shuffled, boilerplate lines added, words
changed, the text cut short, and all of these together. Originals and copies are cleaned
(as the pipeline does) and streamed in a random order through ``NearDuplicateIndex``; a link is
correct when both documents come from the same original. The many templated State Department
readouts ("Secretary Blinken's call with ...") are the hard negatives.

Usage::

    .venv/bin/python eval/dedup/evaluate.py [CORPUS_JSONL] [--threshold 0.5]

Writes ``eval/dedup/results.json`` and prints it.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from eventwire.config import load_settings  # noqa: E402
from eventwire.stages.clean import clean_text, document_id  # noqa: E402
from eventwire.stages.dedup import DEFAULT_CONTAINMENT, DEFAULT_THRESHOLD, NearDuplicateIndex  # noqa: E402

SHARED = ROOT.parent / "shared" / "data" / "corpus" / "articles.jsonl"
BUNDLED = ROOT / "eventwire" / "data" / "corpus" / "articles.jsonl"
BOILERPLATE = ["Sign up now for unlimited free access to Example.com", "READ MORE: Five things to know",
               "Share this article", "Lascia un commento", "Torna in alto",
               "Reporting by Jane Doe; Editing by John Roe"]


def _shuffle(paragraphs, rng):
    out = paragraphs[:]
    rng.shuffle(out)
    return out


def _boilerplate(paragraphs, rng):
    out = paragraphs[:]
    for line in rng.sample(BOILERPLATE, 4):
        out.insert(rng.randrange(len(out) + 1), line)
    return out


def _edit(paragraphs, rng, share=0.1):
    words = " ".join(paragraphs).split()
    vocabulary = ["officials", "said", "government", "talks", "Monday", "security", "new", "the", "region"]
    out = []
    for p in paragraphs:
        ws = p.split()
        for i in range(len(ws)):
            if rng.random() < share:
                ws[i] = rng.choice(vocabulary + words[:50])
        out.append(" ".join(ws))
    return out


def _truncate(paragraphs, rng):
    return paragraphs[:max(1, int(len(paragraphs) * 0.6))]


def _all(paragraphs, rng):
    return _boilerplate(_edit(_shuffle(paragraphs, rng), rng, 0.05), rng)


VARIANTS = {"shuffled": _shuffle, "boilerplate": _boilerplate, "edited-10pct": _edit, "truncated-60pct": _truncate,
            "combined": _all}


def build(records, rng, sample=80):
    """(group, kind, text) items: every original plus one copy of each kind for a sample of them."""
    items = [(r["id"], "original", r["text"]) for r in records]
    for r in rng.sample(records, min(sample, len(records))):
        paragraphs = [p for p in r["text"].split("\n\n") if p.strip()]
        if len(paragraphs) < 3:
            continue
        for kind, make in VARIANTS.items():
            items.append((r["id"], kind, "\n\n".join(make(paragraphs, rng))))
    rng.shuffle(items)
    return items


def evaluate(items, settings, index):
    """Stream the items through the index; a link is right when both sides share an original."""
    group_of: dict[str, str] = {}   # indexed doc_id -> its original
    seen: set[str] = set()
    links = right = expected = found = 0
    by_kind: dict[str, list[int]] = {}
    start = time.perf_counter()
    for group, kind, raw in items:
        clean = clean_text(raw, settings).text
        doc_id = document_id(clean, raw)
        match = index.check(doc_id, clean)
        ok = match is not None and group_of.get(match.duplicate_of) == group
        links += match is not None
        right += ok
        if group in seen:  # an earlier version is indexed: this one should be linked to it
            expected += 1
            found += ok
            counts = by_kind.setdefault(kind, [0, 0])
            counts[0] += ok
            counts[1] += 1
        seen.add(group)
        if match is None:
            group_of[doc_id] = group
    seconds = time.perf_counter() - start
    return {
        "threshold": index.threshold, "containment": index.containment, "documents": len(items),
        "links": links, "precision": round(right / links, 4) if links else None,
        "recall": round(found / expected, 4) if expected else None,
        "recall_by_kind": {k: round(v[0] / v[1], 4) for k, v in sorted(by_kind.items())},
        "docs_per_second_with_cleaning": round(len(items) / seconds, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(SHARED if SHARED.exists() else BUNDLED))
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--containment", type=float, default=DEFAULT_CONTAINMENT)
    # the defaults of NearDuplicateIndex were chosen on seed 13; report on another seed
    parser.add_argument("--seed", type=int, default=29)
    args = parser.parse_args()
    records = [json.loads(line) for line in Path(args.corpus).read_text(encoding="utf-8").splitlines()]
    records = [r for r in records if r["language"] == "en"]
    items = build(records, random.Random(args.seed))
    result = {"corpus": Path(args.corpus).name, "originals": len(records), "seed": args.seed,
              **evaluate(items, load_settings(), NearDuplicateIndex(args.threshold, args.containment))}
    out = Path(__file__).with_name("results.json")
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
