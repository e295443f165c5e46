"""Attribute the rule coder's events on the corpus train+dev folds (each article in context) to
the rule that made them, and print the fold F1 without each rule.

Usage::

    .venv/bin/python eval/scripts/ablate_rules.py     # writes ablation.json beside the corpus

A (verb, origin) group that fires at least four times and never matches a gold event goes into
``eventwire/codebooks/data/verbs/pruned.tsv``. The corpus test split is never read here.
"""
import json
import re
from collections import defaultdict
from eventwire import load_settings
from eventwire.evaluate.corpus import load_corpus, resolve_article, read_splits, predict_corpus, sentence_records
from eventwire.evaluate.scorer import _dedupe_gold, match_sentence, EXCLUDED_MODALITIES
arts = load_corpus("eval/corpus/articles")
for a in arts: resolve_article(a)
splits = read_splits("eval/corpus/splits.json")
test = set(splits["test"])
folded = [a for a in arts if a["id"] not in test]
preds = predict_corpus(folded, "context", settings=load_settings(coder="rules"))
def key_of(rule):
    m = re.match(r"(\S+)(?: \[([^\]]*)\])?", rule)
    return m.group(1) + (" [" + m.group(2) + "]" if m.group(2) else "")
stats = defaultdict(lambda: [0, 0])
TP = FP = FN = 0
for r in sentence_records(folded):
    gold = _dedupe_gold(r["events"])
    seen = {}
    for e in preds[r["id"]]:
        if e.negated or e.modality in EXCLUDED_MODALITIES: continue
        k = (e.source.key if e.source else None, e.target.key if e.target else None, e.cameo_root)
        seen.setdefault(k, {"source": k[0], "target": k[1], "root": k[2], "rule": e.rule})
    pred = list(seen.values())
    pairs, extra, missed = match_sentence(pred, gold)
    TP += len(pairs); FP += len(extra); FN += len(missed)
    for p, _ in pairs: stats[key_of(p["rule"])][0] += 1
    for p in extra: stats[key_of(p["rule"])][1] += 1
f1 = lambda tp, fp, fn: 2 * tp / (2 * tp + fp + fn)
base = f1(TP, FP, FN)
print("base", TP, FP, FN, round(base, 4))
rows = []
for k, (tp, fp) in stats.items():
    without = f1(TP - tp, FP - fp, FN + tp)
    rows.append((round(without - base, 5), tp, fp, k))
rows.sort(reverse=True)
json.dump({"base": [TP, FP, FN, base], "rules": rows}, open("eval/corpus/ablation.json", "w"), indent=0)
for row in rows[:40]: print(row)
print("fires", len(rows), "hurting", sum(1 for r in rows if r[0] > 0))
