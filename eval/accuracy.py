"""Regenerate the accuracy table (gold and peer suites) and put it in the README.

Usage::

    python eval/accuracy.py                      # print the Markdown table
    python eval/accuracy.py --readme README.md   # replace the block between
                                                 # <!-- accuracy:start --> and <!-- accuracy:end -->

Files that are absent (``../shared`` is not part of a user's clone) are skipped with a note.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
PEER = SHARED / "peerdata"
START, END = "<!-- accuracy:start -->", "<!-- accuracy:end -->"

# (name, file, kind): gold JSONL scored on CAMEO root or PLOVER type (or root with whole articles
# coded, "in-context"), or a PETRARCH XML suite
# scored on countries and roots (real actors) or exact triples (fictional actors)
OPEN_GOLD = ROOT / "eval" / "gold" / "open_gold.jsonl"
RUNS = (
    ("Dev gold (108 sentences, real news)", SHARED / "gold" / "gold_dev.jsonl", "root"),
    ("Open gold (168 sentences of the bundled open corpus, shipped in eval/gold)", OPEN_GOLD, "root"),
    ("Open gold, each sentence coded inside its whole article", OPEN_GOLD, "in-context"),
    ("PLOVER GSR (322 CAMEO-manual examples as 316 sentences, PLOVER type)", PEER / "PLOVER" / "PLOVER_GSR_CAMEO.txt", "plover"),
    ("PETRARCH-2 GSR (78 records, production dictionaries)", PEER / "UniversalPetrarch" / "PETR2_GSR_validation.xml",
     "suite"),
    ("UD-PETRARCH validation 2.02 (own dictionaries)",
     PEER / "UniversalPetrarch" / "validate" / "PETR_Validate_records_2_02.xml", "suite-exact"),
)


def _plover_gold(source: Path, folder: Path) -> Path:
    out = folder / "plover_gsr.jsonl"
    subprocess.run([sys.executable, str(ROOT / "eval" / "scripts" / "convert_plover_gsr.py"), str(source),
                    "--out", str(out)], check=True, capture_output=True)
    return out


CORPUS = ROOT / "eval" / "corpus"
FIGURES = CORPUS / "figures"


def _row(name: str, r: dict) -> str:
    return f"| {name} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} | |"


def corpus_rows() -> list[str]:
    """The annotated corpus: test split alone and in context for each coder, the 5-fold
    cross-validation, and the calibration pictures of the default coder."""
    from eventwire import load_settings
    from eventwire.coder.model import load_model
    from eventwire.evaluate.corpus import (confidence_report, load_corpus, predict_corpus, read_splits,
                                           resolve_article, score_splits)

    sys.path.insert(0, str(CORPUS))
    from figures import write_figures

    articles = load_corpus(CORPUS / "articles")
    for a in articles:
        resolve_article(a)
    splits = read_splits(CORPUS / "splits.json")
    test = [a for a in articles if a["id"] in set(splits["test"])]
    folded = [a for a in articles if a["id"] not in set(splits["test"])]
    n = sum(len(a["sentences"]) for a in test)
    rows = []
    for coder in ("hybrid", "rules"):
        settings = load_settings(coder=coder)
        for mode in ("alone", "context"):
            preds = predict_corpus(test, mode, settings=settings)
            r = score_splits(test, preds, None)["all"]
            how = "each sentence alone" if mode == "alone" else "each article coded as one document"
            rows.append(_row(f"Corpus test split ({len(test)} articles, {n} sentences), {how}, coder={coder}", r))
            if coder == "hybrid" and mode == "context":
                report = confidence_report(test, preds)
                write_figures(report, FIGURES, "corpus test split, in context")
                rows.append(f"| Corpus test split, in context: expected calibration error of `confidence` | | | "
                            f"{report['ece']:.3f} | |")
    rules = load_settings(coder="rules")
    for mode in ("alone", "context"):
        preds = predict_corpus(folded, mode, settings=rules)
        cv = score_splits(folded, preds, splits, only="folds")["cv"]
        rows.append(f"| Corpus 5-fold CV (train+dev), {mode}, coder=rules | {cv['precision_mean']:.3f} | "
                    f"{cv['recall_mean']:.3f} | {cv['f1_mean']:.3f} ± {cv['f1_sd']:.3f} | |")
    figures = load_model().meta.get("figures", {})
    for mode in ("alone", "context"):
        folds = [f["hybrid"][mode] for f in figures.get("cv", [])]
        if folds:
            mean = {k: sum(f[k] for f in folds) / len(folds) for k in ("precision", "recall", "f1")}
            sd = (sum((f["f1"] - mean["f1"]) ** 2 for f in folds) / max(1, len(folds) - 1)) ** 0.5
            rows.append(f"| Corpus 5-fold CV (train+dev), {mode}, coder=hybrid (a model trained per fold, "
                        f"from `make train`) | {mean['precision']:.3f} | {mean['recall']:.3f} | "
                        f"{mean['f1']:.3f} ± {sd:.3f} | |")
    return rows


def table() -> str:
    """Run every available evaluation and return the Markdown table."""
    from eventwire.evaluate.scorer import evaluate_file

    rows = ["| evaluation | P | R | F1 | suite pass rate |", "|---|---|---|---|---|"]
    if (CORPUS / "splits.json").is_file():
        rows.extend(corpus_rows())
    with tempfile.TemporaryDirectory() as tmp:
        for name, path, kind in RUNS:
            if not path.is_file():
                rows.append(f"| {name} | — | — | — | not available here |")
                continue
            gold = _plover_gold(path, Path(tmp)) if kind == "plover" else path
            if kind == "in-context":
                sys.path.insert(0, str(path.parent))
                from in_context import evaluate_in_context

                r = evaluate_in_context(gold)
            else:
                r = evaluate_file(gold, label="plover" if kind == "plover" else "root")
            if kind.startswith("suite"):
                # fictional actors have no country: their suite is scored on exact triples
                c = r["country_root"] if kind == "suite" else r
                rows.append(f"| {name} | {c['precision']:.3f} | {c['recall']:.3f} | {c['f1']:.3f} | "
                            f"{r['records_passed']}/{r['records_total']} = {r['pass_rate']:.3f} |")
            else:
                rows.append(f"| {name} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} | |")
    rows.append("")
    if (FIGURES / "reliability.svg").is_file():
        rows.append("![reliability diagram](eval/corpus/figures/reliability.svg) "
                    "![precision and recall over min_confidence](eval/corpus/figures/precision_recall.svg)")
        rows.append("")
    rows.append(f"P/R/F1 on (source country, target country, CAMEO root) — PLOVER type for the PLOVER GSR, "
                f"exact (source code, target code, CAMEO code) triples for the fictional-actor validation suite; "
                f"suites pass a record only when its coded triples equal the expected ones exactly. "
                f"The default coder (hybrid) scores every row but the rows marked coder=rules; the corpus "
                f"test split, the dev gold and the open gold are report-only (nothing is tuned on them). "
                f"Generated by `make accuracy` on {dt.date.today().isoformat()}.")
    return "\n".join(rows)


def main() -> None:
    """Print the table or write it into a README between the accuracy markers."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readme", type=Path)
    args = parser.parse_args()
    text = table()
    if not args.readme:
        print(text)
        return
    readme = args.readme.read_text(encoding="utf-8")
    block = f"{START}\n{text}\n{END}"
    if START in readme and END in readme:
        readme = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: block, readme, flags=re.S)
    else:
        readme = readme.rstrip() + f"\n\n## Accuracy\n\n{block}\n"
    args.readme.write_text(readme, encoding="utf-8")
    print(f"updated {args.readme}")


if __name__ == "__main__":
    main()
