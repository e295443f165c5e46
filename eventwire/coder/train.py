"""Train the event model on the annotated corpus (``make train``).

Usage::

    python -m eventwire.coder.train                  # train on the train split, write eventwire/coder/data
    python -m eventwire.coder.train --cv             # also the 5-fold cross-validation figures
    python -m eventwire.coder.train --out DIR        # write the model elsewhere

Steps: every corpus article is coded with the rules (so their proposals are features)
and each sentence's candidates are labelled from the gold events (a candidate is
positive when its trigger lies in the gold trigger span and its source and target
mentions overlap the gold ones; the label is the gold CAMEO root). A multinomial logistic
regression (scikit-learn, fixed seed) is fitted on the train split; the threshold, the
rule-confirmation threshold and a Platt calibration of confidences are fitted on the dev split; the
test split is only reported. Needs the ``train`` extra (scikit-learn); the shipped model
runs on NumPy alone.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from ..config import load_settings
from ..evaluate.context import _canonical_with_offsets
from ..evaluate.corpus import article_text, load_corpus, read_splits, resolve_article
from .candidates import candidate_features, candidates_of, sentence_mentions
from .model import FILES, NONE, EventModel, sha256

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "eval" / "corpus" / "articles"
SPLITS = ROOT / "eval" / "corpus" / "splits.json"
OUT = Path(__file__).resolve().parent / "data"
MIN_COUNT = 2  # a feature seen once in training is noise
MIN_WEIGHT = 0.02  # features whose weight is below this for every class are dropped after fitting


class Parsed:
    """One article coded with the rules: doc, mentions, rule proposals, gold sentence ranges."""

    def __init__(self, article: dict[str, Any], pipeline: Any) -> None:
        from ..models import Article
        from ..stages.events import MentionIndex
        from ..stages.read import read_text

        self.article = article
        raw = read_text(article_text(article), origin=article.get("url") or "-", published=article.get("published"),
                        title=article.get("title"), outlet=article.get("outlet"))
        art = pipeline._run_stages(Article(raw=raw), pipeline.before, True)
        list(pipeline.parser.pipe([art], batch_size=1))
        art = pipeline._run_stages(art, pipeline.after, True)
        coder = next(s for s in pipeline.after if s.name == "events")
        self.doc = art.doc
        self.mentions = list(art.mentions)
        index = MentionIndex(self.mentions)
        self.sentences = []
        for sent in self.doc.sents:
            index.repair(sent)
            proposals: dict[int, tuple[str, str, list[Any], list[Any]]] = {}
            for rc in coder.code_sentence(sent, index):
                proposals.setdefault(rc.anchor, (rc.code[:2], rc.code, rc.sources, rc.targets))
            self.sentences.append((sent, proposals))
        self.flat, self.offsets = _canonical_with_offsets(self.doc.text)
        self.gold_starts: list[int | None] = []  # flat offset of each gold sentence in the doc
        cursor = 0
        for s in article["sentences"]:
            needle = _canonical_with_offsets(s["text"])[0]
            at = self.flat.find(needle, cursor) if needle else -1
            self.gold_starts.append(at if at >= 0 else None)
            if at >= 0:
                cursor = at + len(needle)
        self.token_starts = [t.idx for t in self.doc]

    def doc_range(self, k: int, span: list[int] | None) -> tuple[int, int] | None:
        """Doc character range of a span of gold sentence ``k`` (by letters and digits)."""
        start = self.gold_starts[k]
        if span is None or start is None:
            return None
        text = self.article["sentences"][k]["text"]
        before = sum(c.isalnum() for c in text[:span[0]])
        inside = sum(c.isalnum() for c in text[span[0]:span[1]])
        if inside == 0 or start + before + inside > len(self.offsets):
            return None
        return self.offsets[start + before], self.offsets[start + before + inside - 1] + 1

    def tokens(self, rng: tuple[int, int] | None) -> set[int]:
        """Doc token indices overlapping a character range."""
        if rng is None:
            return set()
        first = max(0, bisect.bisect_right(self.token_starts, rng[0]) - 1)
        out = set()
        for t in self.doc[first:]:
            if t.idx >= rng[1]:
                break
            if t.idx + len(t.text) > rng[0]:
                out.add(t.i)
        return out

    def gold_sentence_of(self, char: int) -> int | None:
        """The gold sentence whose range holds a doc character offset."""
        best = None
        for k, start in enumerate(self.gold_starts):
            if start is not None and self.offsets[start] <= char:
                best = k
        return best


def gold_events(parsed: Parsed) -> dict[int, list[dict[str, Any]]]:
    """Gold events per gold sentence, with their trigger/source/target doc token sets."""
    out: dict[int, list[dict[str, Any]]] = {}
    for k, s in enumerate(parsed.article["sentences"]):
        for e in s["events"]:
            out.setdefault(k, []).append({
                "root": e["cameo_root"], "code": e["code"],
                "trigger": parsed.tokens(parsed.doc_range(k, e.get("trigger_span"))),
                "source": parsed.tokens(parsed.doc_range(k, e.get("source_span"))),
                "target": parsed.tokens(parsed.doc_range(k, e.get("target_span"))),
                "target_null": e.get("target") is None})
    return out


def gold_keys(parsed: Parsed) -> dict[tuple[str, str | None, str | None], list[tuple[str, set[str]]]]:
    """The gold events of an article as the scorer counts them: per (sentence, source, target),
    the roots (each with its alternatives), one per root."""
    out: dict[tuple[str, str | None, str | None], list[tuple[str, set[str]]]] = {}
    aid = parsed.article["id"]
    for k, s in enumerate(parsed.article["sentences"]):
        seen: dict[tuple[Any, ...], set[str]] = {}
        for e in s["events"]:
            seen.setdefault((e.get("source"), e.get("target"), e["cameo_root"]), set()).update(e.get("alt_roots") or [])
        for (src, tgt, root), alts in seen.items():
            out.setdefault((f"{aid}#{k}", src, tgt), []).append((root, alts))
    return out


def key_f1(predicted: set[tuple[str, str | None, str | None, str]],
           gold: dict[tuple[str, str | None, str | None], list[tuple[str, set[str]]]]) -> tuple[float, int, int]:
    """F1 of predicted (sentence, source, target, root) keys against gold, matched one to one
    (exact roots first, then alternatives), as ``eventwire eval`` scores."""
    by_pair: dict[tuple[str, str | None, str | None], list[str]] = {}
    for uid, src, tgt, root in predicted:
        by_pair.setdefault((uid, src, tgt), []).append(root)
    # a targeted act makes the same act with no target redundant (as ``decide`` does)
    for (uid, src, tgt), roots in list(by_pair.items()):
        if tgt is None:
            targeted = {r for (u, s_, t_), rs in by_pair.items() if u == uid and s_ == src and t_ is not None for r in rs}
            by_pair[(uid, src, tgt)] = [r for r in roots if r not in targeted]
    tp = n = 0
    for pair, roots in by_pair.items():
        n += len(roots)
        free = list(gold.get(pair, []))
        for r in sorted(roots, key=lambda r: not any(g == r for g, _ in free)):
            hit = next((g for g in free if g[0] == r), None) or next((g for g in free if r in g[1]), None)
            if hit is not None:
                free.remove(hit)
                tp += 1
    total = sum(len(v) for v in gold.values())
    return (2 * tp / (n + total) if n + total else 0.0), tp, n


def examples(parsed: Parsed, event_nouns: frozenset[str], info: list[tuple[str, str | None, str | None]] | None = None
             ) -> tuple[list[list[str]], list[str]]:
    """Feature rows and labels of every candidate of an article (and, into ``info``, each
    row's sentence id and its source and target keys)."""
    from .candidates import mention_key

    gold = gold_events(parsed)
    rows: list[list[str]] = []
    labels: list[str] = []
    for sent, proposals in parsed.sentences:
        cache: dict[Any, Any] = {}
        for cand in candidates_of(sent, sentence_mentions(sent, parsed.mentions), event_nouns, cache):
            k = parsed.gold_sentence_of(parsed.doc[cand.trigger].idx)
            if k is None:
                continue
            label, skip = NONE, False
            src = set(range(cand.source.start, cand.source.end))
            tgt = set(range(cand.target.start, cand.target.end)) if cand.target is not None else set()
            for g in gold.get(k, []):
                if cand.trigger not in g["trigger"] or not (src & g["source"]):
                    continue
                if cand.target is None and g["target_null"] or (tgt and tgt & g["target"]):
                    label = g["root"]
                    break
                if cand.target is None and not g["target"]:
                    skip = True  # the gold target is named only elsewhere in the article
            if skip and label == NONE:
                continue
            rows.append(candidate_features(cand, parsed.doc, cache, proposals))
            labels.append(label)
            if info is not None:
                info.append((f"{parsed.article['id']}#{k}", mention_key(cand.source),
                             mention_key(cand.target) if cand.target is not None else None))
    return rows, labels


def lexicon(parsed: list[Parsed]) -> tuple[frozenset[str], dict[str, str]]:
    """Event nouns (nouns inside gold triggers, plus the bundled noun patterns) and usual codes."""
    from ..stages.events import load_nouns

    nouns = set(load_nouns())
    codes: dict[str, Counter[str]] = {}
    for p in parsed:
        for k, events in gold_events(p).items():
            for g in events:
                heads = [p.doc[i] for i in sorted(g["trigger"])]
                for t in heads:
                    if t.pos_ in ("NOUN", "PROPN"):
                        nouns.add(t.lemma_.lower())
                main = next((t for t in heads if t.pos_ == "VERB"), heads[0] if heads else None)
                if main is not None:
                    codes.setdefault(f"{main.lemma_.lower()}|{g['root']}", Counter())[g["code"]] += 1
                codes.setdefault(g["root"], Counter())[g["code"]] += 1
    return frozenset(sorted(nouns)), {k: c.most_common(1)[0][0] for k, c in sorted(codes.items())}


def fit(rows: list[list[str]], labels: list[str], *, C: float, seed: int) -> tuple[np.ndarray, np.ndarray, list[str],
                                                                                     list[str]]:
    """Fit the logistic regression; returns (coef, intercept, classes, features)."""
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    counts = Counter(f for r in rows for f in set(r))
    features = sorted(f for f, n in counts.items() if n >= MIN_COUNT)
    index = {f: i for i, f in enumerate(features)}
    indptr, indices = [0], []
    for r in rows:
        cols = sorted({index[f] for f in r if f in index})
        indices.extend(cols)
        indptr.append(len(indices))
    x = csr_matrix((np.ones(len(indices), dtype=np.float32), indices, indptr), shape=(len(rows), len(features)))
    clf = LogisticRegression(C=C, max_iter=2000, random_state=seed)
    clf.fit(x, labels)
    # most features end with weights near zero for every class: dropping them keeps the shipped
    # model small and changes no decision measurably
    keep = np.flatnonzero(np.abs(clf.coef_).max(axis=0) >= MIN_WEIGHT)
    return (clf.coef_[:, keep].astype(np.float32), clf.intercept_.astype(np.float32),
            [str(c) for c in clf.classes_], [features[i] for i in keep])


def thresholds(model: EventModel, rows: list[list[str]], info: list[tuple[str, str | None, str | None]],
               gold: dict[tuple[str, str | None, str | None], list[tuple[str, set[str]]]]) -> dict[str, Any]:
    """The model and rule-confirmation thresholds (on the model's raw probability) of best F1 as
    ``eventwire eval`` counts it on held-out sentences (every gold event in the denominator,
    reachable or not), among those no less precise than the rules alone there."""
    probs = model.scores(rows)
    probs[:, model.none] = -1.0
    best_k = probs.argmax(axis=1)
    raw = probs[np.arange(len(rows)), best_k]
    rule_root = [next((f[10:] for f in r if f.startswith("rule_full=")), None) for r in rows]
    rule_p = np.array([probs[i, model.classes.index(rr)] if rr in model.classes else -1.0
                       for i, rr in enumerate(rule_root)])
    model_keys = [(u, s_, t_, model.classes[k]) for (u, s_, t_), k in zip(info, best_k)]
    rule_keys = [(u, s_, t_, rr) for (u, s_, t_), rr in zip(info, rule_root)]
    # the rules alone on the same sentences: the hybrid must not be less precise than they are
    _, rules_tp, rules_n = key_f1({k for k in rule_keys if k[3] is not None}, gold)
    rules_precision = rules_tp / rules_n if rules_n else 0.0
    best = (-1.0, 0.95, 0.0)
    grid = [round(v, 3) for v in np.arange(0.05, 0.96, 0.05)]
    for t in grid:
        kept = {model_keys[i] for i in np.flatnonzero(raw >= t)}
        for c in [0.0] + [v for v in grid if v <= t]:
            predicted = kept | {rule_keys[i] for i in np.flatnonzero(rule_p >= c)}
            f1, tp, n = key_f1(predicted, gold)
            if f1 > best[0] and n and tp / n >= rules_precision:
                best = (f1, t, c)
    return {"threshold": best[1], "confirm": best[2], "held_out_f1": round(best[0], 4),
            "held_out_rules_precision": round(rules_precision, 4)}


def held_out_events(coef: np.ndarray, intercept: np.ndarray, meta: dict[str, Any], held_out: list[dict[str, Any]]
                    ) -> list[tuple[float, bool]]:
    """(raw confidence, right?) of every counted event of held-out articles coded in context by
    this model with no calibration (the scorer judges right)."""
    from ..evaluate.corpus import event_confidences, predict_corpus

    with tempfile.TemporaryDirectory() as tmp:
        save(Path(tmp), coef, intercept, {**meta, "calibration": {}}, CARD)
        scored, _ = event_confidences(held_out, predict_corpus(held_out, "context",
                                                               settings=load_settings(model_dir=tmp)))
    return scored


def platt(scored: list[tuple[float, bool]]) -> dict[str, Any]:
    """Platt scaling of raw event probabilities: two parameters, so a few hundred held-out events
    fit it without the steps an isotonic map learns from noise."""
    from sklearn.linear_model import LogisticRegression

    raw = np.clip(np.array([c for c, _ in scored]), 1e-6, 1 - 1e-6)
    x = np.log(raw / (1 - raw)).reshape(-1, 1)
    y = np.array([int(ok) for _, ok in scored])
    fit = LogisticRegression(C=1e4).fit(x, y)
    return {"a": round(float(fit.coef_[0, 0]), 5), "b": round(float(fit.intercept_[0]), 5), "events": len(scored)}


def save(folder: Path, coef: np.ndarray, intercept: np.ndarray, meta: dict[str, Any], card: str) -> None:
    """Write model.npz, model.json and MODEL_CARD.md (with both files' SHA-256)."""
    folder.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(folder / "model.npz", coef=coef.astype(np.float16), intercept=intercept)
    (folder / "model.json").write_text(json.dumps(meta, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    hashes = "\n".join(f"| {name} | {sha256(folder / name)} |" for name in FILES)
    (folder / "MODEL_CARD.md").write_text(card.replace("{HASHES}", hashes), encoding="utf-8")


def train(parsed: list[Parsed], held_out: list[Parsed], *, C: float, seed: int) -> tuple[np.ndarray, np.ndarray,
                                                                                            dict[str, Any]]:
    """Fit on ``parsed``, calibrate and set thresholds on ``held_out``."""
    nouns, codes = lexicon(parsed)
    rows: list[list[str]] = []
    labels: list[str] = []
    for p in parsed:
        r, y = examples(p, nouns)
        rows += r
        labels += y
    coef, intercept, classes, features = fit(rows, labels, C=C, seed=seed)
    meta: dict[str, Any] = {"classes": classes, "features": features, "codes": codes, "event_nouns": sorted(nouns),
                            "C": C, "seed": seed, "train_rows": len(rows),
                            "train_positive_rows": sum(y != NONE for y in labels)}
    model = EventModel(coef, intercept, meta)
    hr: list[list[str]] = []
    hy: list[str] = []
    info: list[tuple[str, str | None, str | None]] = []
    gold: dict[tuple[str, str | None, str | None], list[tuple[str, set[str]]]] = {}
    for p in held_out:
        r, y = examples(p, nouns, info)
        hr += r
        hy += y
        gold.update(gold_keys(p))
    meta.update(thresholds(model, hr, info, gold))
    meta["calibration"] = {}
    return coef, intercept, meta


def _score(articles: list[dict[str, Any]], settings: Any, events: list[tuple[float, bool]] | None = None
           ) -> dict[str, Any]:
    """P/R/F1 each sentence alone and each article in context (and, into ``events``, the
    in-context events' confidences and whether they are right)."""
    from ..evaluate.corpus import event_confidences, predict_corpus, score_splits

    out = {}
    for mode in ("alone", "context"):
        preds = predict_corpus(articles, mode, settings=settings)
        r = score_splits(articles, preds, None)["all"]
        out[mode] = {k: r[k] for k in ("precision", "recall", "f1", "tp", "fp", "fn")}
        if mode == "context" and events is not None:
            events.extend(event_confidences(articles, preds)[0])
    return out


CARD = """# eventwire event model (multinomial logistic regression)

- **What it does:** decides, for each candidate (trigger, source mention, target mention) of a
  sentence, whether it is a reported event and of which CAMEO root (or none). Used by the event
  coder with `coder = "hybrid"` (default) or `"model"`; `coder = "rules"` does not load it.
- **Inputs:** parse, lexical and rule features of the candidate (see `eventwire/coder/candidates.py`).
- **Training data:** the eventwire annotated corpus (`eval/corpus/`, openly licensed: public-domain
  VOA staff reporting, US government releases and pre-2005-09-25 Wikinews, CC BY Wikinews, and
  synthetic articles written for it), train split only ({TRAIN_ARTICLES} articles, {TRAIN_ROWS}
  candidate rows, {TRAIN_POS} positive); the thresholds (best F1 on dev sentences, no less precise
  than the rules there) were set on the dev split ({DEV_ARTICLES} articles), and the confidence is
  Platt-scaled on the dev split's events coded in context by this model. The test split was not used.
- **Licence:** MIT, like eventwire; the training text's licences are listed per article in
  `eval/corpus/README.md`.
- **Reproduce:** `make train` (scikit-learn {SKLEARN}, C={C}, seed {SEED}, features seen at least
  {MIN_COUNT} times).
- **Trained:** {DATE}.

## Figures (end-to-end, F1 on (source, target, CAMEO root), the scorer of `eventwire eval`)

{FIGURES}

## Limitations

Trained on a few thousand sentences of English news: rare constructions and codes are learned
from few examples; actors are still the dictionaries' (a wrong country in a mention stays wrong);
targets named only elsewhere in the article come from the context stage, not the model. The
confidence ranks events well (more confident events are right more often), but its level was fitted
on about 300 dev events: on the test split its expected calibration error is about 0.10, not 0.05.

## Files and SHA-256 (checked when the model loads)

| file | sha256 |
|---|---|
{HASHES}
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default=str(CORPUS))
    parser.add_argument("--splits", default=str(SPLITS))
    parser.add_argument("--out", default=str(OUT))
    parser.add_argument("--C", type=float, default=0.3)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--cv", action="store_true", help="also train and score the five folds")
    parser.add_argument("--compare-rules", action="store_true", help="also score coder=rules on the same parts")
    args = parser.parse_args(argv)
    import sklearn

    from ..pipeline import Pipeline

    started = time.time()
    articles = load_corpus(args.corpus)
    for a in articles:
        problems = resolve_article(a)
        if problems:
            print(f"error: invalid corpus: {problems[0]}", file=sys.stderr)
            return 1
    splits = read_splits(args.splits)
    by_id = {a["id"]: a for a in articles}
    settings = load_settings(coder="rules")
    pipeline = Pipeline.from_settings(settings, strict=True)
    parsed = {aid: Parsed(a, pipeline) for aid, a in by_id.items()}
    print(f"parsed {len(parsed)} articles in {time.time() - started:.0f} s", file=sys.stderr)
    train_p = [parsed[i] for i in splits["train"] if i in parsed]
    dev_p = [parsed[i] for i in splits["dev"] if i in parsed]
    coef, intercept, meta = train(train_p, dev_p, C=args.C, seed=args.seed)
    out = Path(args.out)
    figures: dict[str, Any] = {}
    # the dev split's events, coded in context by this very model, calibrate its confidence (events
    # of the fold models were tried too: their scores run differently and calibrated the test split worse)
    calibration_events = held_out_events(coef, intercept, meta, [p.article for p in dev_p])
    if args.cv:
        cv: list[dict[str, Any]] = []
        for k, fold in enumerate(splits["folds"]):
            rest = [parsed[i] for j, f in enumerate(splits["folds"]) if j != k for i in f if i in parsed]
            inner = rest[::5]  # every fifth article sets the thresholds, the rest trains
            inner_ids = {id(p) for p in inner}
            c, b, m = train([p for p in rest if id(p) not in inner_ids], inner, C=args.C, seed=args.seed)
            part = [by_id[i] for i in fold if i in by_id]
            with tempfile.TemporaryDirectory() as tmp:
                save(Path(tmp), c, b, m, CARD)  # uncalibrated: its raw confidences calibrate the final model
                cv.append({"hybrid": _score(part, load_settings(model_dir=tmp))})
                if args.compare_rules:
                    cv[-1]["rules"] = _score(part, load_settings(coder="rules"))
            print(f"fold {k}: {json.dumps(cv[-1])}", file=sys.stderr)
        figures["cv"] = cv
    meta["calibration"] = platt(calibration_events)
    with tempfile.TemporaryDirectory() as tmp:
        save(Path(tmp), coef, intercept, meta, CARD)
        for name in ("dev", "test"):
            part = [by_id[i] for i in splits[name] if i in by_id]
            figures[name] = {"hybrid": _score(part, load_settings(model_dir=tmp))}
            if args.compare_rules:
                figures[name]["rules"] = _score(part, load_settings(coder="rules"))
    meta["figures"] = figures
    lines = ["| part | coder | alone P | alone R | alone F1 | in context P | R | F1 |", "|---|---|---|---|---|---|---|---|"]
    for name in ("dev", "test"):
        for coder in figures[name]:
            a, c = figures[name][coder]["alone"], figures[name][coder]["context"]
            lines.append(f"| {name} | {coder} | {a['precision']:.3f} | {a['recall']:.3f} | {a['f1']:.3f} | "
                         f"{c['precision']:.3f} | {c['recall']:.3f} | {c['f1']:.3f} |")
    if "cv" in figures:
        for coder in figures["cv"][0]:
            for mode in ("alone", "context"):
                f1s = [f[coder][mode]["f1"] for f in figures["cv"]]
                mean = sum(f1s) / len(f1s)
                sd = (sum((v - mean) ** 2 for v in f1s) / (len(f1s) - 1)) ** 0.5
                lines.append(f"| 5-fold CV F1, {mode} | {coder} | | | {mean:.3f} ± {sd:.3f} | | | |")
    card = CARD
    for key, value in {"{TRAIN_ARTICLES}": len(train_p), "{TRAIN_ROWS}": meta["train_rows"],
                       "{TRAIN_POS}": meta["train_positive_rows"], "{DEV_ARTICLES}": len(dev_p),
                       "{SKLEARN}": sklearn.__version__, "{C}": args.C, "{SEED}": args.seed,
                       "{MIN_COUNT}": MIN_COUNT, "{DATE}": dt.date.today().isoformat(),
                       "{FIGURES}": "\n".join(lines)}.items():
        card = card.replace(key, str(value))
    save(out, coef, intercept, meta, card)
    print("\n".join(lines))
    print(f"wrote {out} in {time.time() - started:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
