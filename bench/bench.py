"""make bench: eventwire end-to-end vs bare spaCy over the same texts, in one run.

Writes JSON figures (default bench/results.json) and prints them. Speed is reported
as docs/s and as a ratio to bare ``nlp.pipe`` over the same clean texts (the ceiling
for this architecture), because absolute times on shared machines are noisy.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import sys
import time
from pathlib import Path


def corpus_texts(copies: int) -> list[dict]:
    from eventwire.demo import bundled_corpus

    records = [json.loads(line) for line in bundled_corpus().read_text(encoding="utf-8").splitlines() if line]
    out = []
    for i in range(copies):
        for r in records:
            # perturb each copy so no cache or dedup shortcut can help
            out.append({**r, "text": r["text"] + ("\n\n" + "Copy %d." % i if i else "")})
    return out


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default="bench/results.json")
    parser.add_argument("--copies", type=int, default=3, help="copies of the bundled corpus to code")
    args = parser.parse_args()

    from eventwire.config import load_settings
    from eventwire.pipeline import Pipeline
    from eventwire.stages.nlp import load_model, parse_text
    from eventwire.stages.read import read_text

    settings = load_settings()
    records = corpus_texts(args.copies)
    raws = [read_text(r["text"], origin=r.get("id", "-"), published=r.get("published"), title=r.get("title"))
            for r in records]
    pipeline = Pipeline.from_settings(settings)
    nlp = load_model(settings.model)

    # the texts bare spaCy sees: exactly what eventwire's parser sees (clean, English only)
    articles = []
    for raw in raws:
        from eventwire.models import Article

        article = Article(raw=raw)
        for stage in pipeline.before:
            article = stage(article)
        if pipeline._codable(article):
            articles.append(article)
    clean_texts = [parse_text(a) for a in articles]
    warm = clean_texts[:20]
    list(nlp.pipe(warm))
    list(pipeline.pipe(raws[:20]))

    t0 = time.perf_counter()
    for _ in nlp.pipe(clean_texts, batch_size=settings.batch_size):
        pass
    spacy_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    n_events = 0
    for item in pipeline.pipe(raws):
        n_events += len(getattr(item, "events", ()))
    ew_s = time.perf_counter() - t0

    results = {
        "documents": len(raws),
        "parsed_documents": len(clean_texts),
        "characters": sum(len(t) for t in clean_texts),
        "events": n_events,
        "spacy_docs_per_s": round(len(raws) / spacy_s, 2),
        "eventwire_docs_per_s": round(len(raws) / ew_s, 2),
        "spacy_seconds": round(spacy_s, 3),
        "eventwire_seconds": round(ew_s, 3),
        "ratio_to_spacy": round(spacy_s / ew_s, 3),
        "peak_rss_mb": round(rss_mb(), 1),
        "model": settings.model,
        "machine": {"python": sys.version.split()[0], "platform": platform.platform(),
                    "processor": platform.machine()},
    }
    try:  # the store's own query benchmark, when the store provides one
        from eventwire.store.bench import query_benchmark

        results["store"] = query_benchmark()
    except ImportError:
        pass
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
