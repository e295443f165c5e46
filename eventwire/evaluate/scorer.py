"""Score a coder against a gold JSONL file (rules: ``../shared/data/gold/README.md``).

1. Each record's ``text`` is coded alone with its ``date``.
2. Actor key: ISO country, else ``IGO:<acronym>``, else None. Predictions flagged
   ``negated`` or with a hypothetical modality are not counted (nor, when scoring
   PLOVER types, events of either side without one). Predicted and gold
   events are de-duplicated per sentence on (source key, target key, root).
3. A prediction matches a gold event of the same sentence when both keys are equal
   (None only with None) and its root is the gold root or one of ``alt_roots``;
   matching is one-to-one and greedy.
4. Micro P/R/F1, the same per gold root, actor P/R/F1 on (source, target) alone,
   agent accuracy and PLOVER accuracy on matched events, misses behind a flag.

Example::

    result = evaluate_gold("gold_dev.jsonl", eventwire.code)
    print(format_report(result))
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..errors import EvalError, EventwireError
from ..models import Event

EXCLUDED_MODALITIES = frozenset({"hypothetical", "question"})
CodeFn = Callable[[str, "str | None"], list[Event]]


def read_gold(path: str | Path) -> list[dict[str, Any]]:
    """Read a gold JSONL file.

    Args:
        path: one JSON record per line with ``id``, ``text``, ``date`` and ``events``.

    Returns:
        The records.

    Raises:
        EvalError: the file is missing or a line is not a valid record.
    """
    p = Path(path)
    if not p.is_file():
        raise EvalError(f"gold file not found: {p}", "E501")
    records = []
    for number, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            raise EvalError(f"{p}:{number}: not JSON ({e.msg})", "E502") from None
        if not isinstance(record, dict) or "text" not in record or not isinstance(record.get("events"), list):
            raise EvalError(f"{p}:{number}: a gold record needs 'text' and an 'events' list", "E503")
        records.append(record)
    return records


def _prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "tp": tp, "fp": fp, "fn": fn}


def _counted(event: Event) -> bool:
    return not event.negated and event.modality not in EXCLUDED_MODALITIES


def _dedupe_predicted(events: Iterable[Event], label: str = "root") -> list[dict[str, Any]]:
    out: dict[tuple[Any, ...], dict[str, Any]] = {}
    for e in events:
        if not _counted(e) or (label == "plover" and not e.plover):
            continue
        key = (e.source.key if e.source else None, e.target.key if e.target else None,
               e.plover if label == "plover" else e.cameo_root)
        out.setdefault(key, {"source": key[0], "target": key[1], "root": key[2], "code": e.cameo_code,
                             "source_agent": e.source.agent if e.source else None,
                             "target_agent": e.target.agent if e.target else None,
                             "plover": e.plover, "rule": e.rule})
    return list(out.values())


def _dedupe_gold(events: Iterable[dict[str, Any]], label: str = "root") -> list[dict[str, Any]]:
    out: dict[tuple[Any, ...], dict[str, Any]] = {}
    for g in events:
        if label == "plover":
            root = g.get("plover")
            if not root:  # PLOVER has no type for most 01x statements: nothing to score
                continue
        else:
            root = g.get("cameo_root") or str(g.get("cameo_code") or "")[:2]
        key = (g.get("source"), g.get("target"), root)
        entry = out.setdefault(key, {**g, "root": root, "alt_roots": list(g.get("alt_roots") or [])})
        entry["alt_roots"] = sorted(set(entry["alt_roots"]) | set(g.get("alt_roots") or []))
    return list(out.values())


def match_sentence(predicted: list[dict[str, Any]], gold: list[dict[str, Any]]
                   ) -> tuple[list[tuple[dict[str, Any], dict[str, Any]]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Greedy one-to-one matching of one sentence's predicted and gold events.

    Exact-root matches are taken before alternative-root ones so that an alt root
    never steals a gold event another prediction matches exactly.

    Returns:
        (matched pairs, unmatched predictions, unmatched gold events)
    """
    free = list(gold)
    pairs = []
    unmatched = []
    ordered = sorted(predicted, key=lambda p: not any(
        g["source"] == p["source"] and g["target"] == p["target"] and g["root"] == p["root"] for g in gold))
    for p in ordered:
        best = None
        for g in free:
            if g["source"] != p["source"] or g["target"] != p["target"]:
                continue
            if p["root"] == g["root"]:
                best = g
                break
            if best is None and p["root"] in g["alt_roots"]:
                best = g
        if best is None:
            unmatched.append(p)
        else:
            free.remove(best)
            pairs.append((p, best))
    return pairs, unmatched, free


def evaluate_gold(path: str | Path, code_fn: CodeFn, *, with_misses: bool = False,
                  label: str = "root") -> dict[str, Any]:
    """Score ``code_fn`` on a gold JSONL file.

    Args:
        path: the gold file.
        code_fn: ``code_fn(text, date) -> list[Event]``, e.g. ``eventwire.code``.
        with_misses: include the false positives and negatives with their sentences.
        label: what must match besides the actors: ``root`` (CAMEO root, the default)
            or ``plover`` (PLOVER event type, for PLOVER-coded gold; ``by_root`` is then
            keyed by type).

    Returns:
        A dict with ``precision``, ``recall``, ``f1``, ``tp``, ``fp``, ``fn``, ``by_root``,
        ``actors``, ``agent_accuracy``, ``plover_accuracy``, ``records``, ``warnings``
        (and ``misses``).
    """
    records = read_gold(path)
    warnings: list[str] = []
    predictions = {id(r): code_alone(code_fn, r, warnings) for r in records}
    result = evaluate_records(records, lambda r: predictions[id(r)], with_misses=with_misses, label=label)
    result["warnings"] = warnings
    return result


def code_alone(code_fn: CodeFn, record: dict[str, Any], warnings: list[str]) -> list[Event]:
    """Code one gold sentence alone; a sentence the cleaner drops whole has no events.

    A photo caption ("FILE PHOTO: A man holds a flag …") is boilerplate to the cleaner,
    which then has nothing left to code: that is scored as no prediction, with a warning,
    instead of aborting the evaluation.
    """
    try:
        return code_fn(record["text"], record.get("date"))
    except EventwireError as e:
        if e.code != "E001":
            raise
        warnings.append(f"{record.get('id')}: the cleaner dropped the whole sentence ({e.args[0]}); "
                        "scored as no events")
        return []


def evaluate_records(records: list[dict[str, Any]], predict: Callable[[dict[str, Any]], list[Event]], *,
                     with_misses: bool = False, label: str = "root") -> dict[str, Any]:
    """Score predictions against gold records (the matching of ``evaluate_gold``).

    Args:
        records: gold records (``text``, ``events``, optional ``id``).
        predict: the predicted events of one record.
        with_misses: include the misses.
        label: ``root`` or ``plover``.

    Returns:
        The result dict of ``evaluate_gold`` (without ``warnings``).
    """
    tp = fp = fn = 0
    by_root: dict[str, Counter[str]] = {}
    actor_tp = actor_fp = actor_fn = 0
    agents = Counter[str]()
    plover = Counter[str]()
    misses: list[dict[str, Any]] = []
    for record in records:
        predicted = _dedupe_predicted(predict(record), label)
        gold = _dedupe_gold(record["events"], label)
        pairs, extra, missed = match_sentence(predicted, gold)
        tp, fp, fn = tp + len(pairs), fp + len(extra), fn + len(missed)
        for p, g in pairs:
            by_root.setdefault(g["root"], Counter())["tp"] += 1
            _score_attributes(p, g, agents, plover)
        for p in extra:
            by_root.setdefault(p["root"], Counter())["fp"] += 1
        for g in missed:
            by_root.setdefault(g["root"], Counter())["fn"] += 1
        a_tp, a_fp, a_fn = _actor_counts(predicted, gold)
        actor_tp, actor_fp, actor_fn = actor_tp + a_tp, actor_fp + a_fp, actor_fn + a_fn
        if with_misses and (extra or missed):
            misses.append({"id": record.get("id"), "text": record["text"],
                           "false_positives": [_brief(p) for p in extra],
                           "false_negatives": [_brief(g) for g in missed]})
    result: dict[str, Any] = _prf(tp, fp, fn)
    result["by_root"] = {root: _prf(c["tp"], c["fp"], c["fn"]) for root, c in sorted(by_root.items())}
    actors = _prf(actor_tp, actor_fp, actor_fn)
    result["actors"] = {k: actors[k] for k in ("precision", "recall", "f1")}
    result["agent_accuracy"] = round(agents["right"] / agents["total"], 4) if agents["total"] else None
    result["plover_accuracy"] = round(plover["right"] / plover["total"], 4) if plover["total"] else None
    result["records"] = len(records)
    result["label"] = label
    if with_misses:
        result["misses"] = misses
    return result


def _score_attributes(p: dict[str, Any], g: dict[str, Any], agents: Counter[str], plover: Counter[str]) -> None:
    for side in ("source_agent", "target_agent"):
        if g.get(side):
            agents["total"] += 1
            agents["right"] += p.get(side) == g[side]
    if g.get("plover"):
        plover["total"] += 1
        plover["right"] += p.get("plover") == g["plover"]


def _actor_counts(predicted: list[dict[str, Any]], gold: list[dict[str, Any]]) -> tuple[int, int, int]:
    """One-to-one matching on (source, target) alone."""
    left = Counter((g["source"], g["target"]) for g in gold)
    right = Counter((p["source"], p["target"]) for p in predicted)
    tp = sum((left & right).values())
    return tp, sum(right.values()) - tp, sum(left.values()) - tp


def _brief(e: dict[str, Any]) -> dict[str, Any]:
    out = {"source": e["source"], "target": e["target"], "root": e["root"],
           "code": e.get("code") or e.get("cameo_code")}
    if e.get("rule"):
        out["rule"] = e["rule"]
    if e.get("alt_roots"):
        out["alt_roots"] = e["alt_roots"]
    return out


def format_report(result: dict[str, Any]) -> str:
    """A human-readable table of an ``evaluate_gold`` (or suite) result.

    Args:
        result: the dict returned by ``evaluate_gold`` or ``evaluate_suite``.

    Returns:
        Plain text: overall figures, per-root rows, and the misses when present.
    """
    lines = [f"records {result.get('records', 0)}   "
             f"P {result['precision']:.3f}  R {result['recall']:.3f}  F1 {result['f1']:.3f}   "
             f"(tp {result['tp']}, fp {result['fp']}, fn {result['fn']})"]
    if "records_total" in result:
        lines.append(f"suite records {result['records_total']}, passed {result['records_passed']}, "
                     f"pass rate {result['pass_rate']:.3f}")
    if result.get("country_root"):
        c = result["country_root"]
        lines.append(f"(source country, target country, root)  P {c['precision']:.3f}  R {c['recall']:.3f}  "
                     f"F1 {c['f1']:.3f}")
    actors = result.get("actors")
    if actors:
        lines.append(f"actors  P {actors['precision']:.3f}  R {actors['recall']:.3f}  F1 {actors['f1']:.3f}")
    for name in ("agent_accuracy", "plover_accuracy"):
        if result.get(name) is not None:
            lines.append(f"{name.replace('_', ' ')} {result[name]:.3f}")
    if result.get("by_root"):
        lines.append("")
        lines.append(f"{'root':<6}{'P':>7}{'R':>7}{'F1':>7}{'tp':>5}{'fp':>5}{'fn':>5}")
        for root, r in result["by_root"].items():
            lines.append(f"{root:<6}{r['precision']:>7.3f}{r['recall']:>7.3f}{r['f1']:>7.3f}"
                         f"{r['tp']:>5}{r['fp']:>5}{r['fn']:>5}")
    if result.get("by_category"):
        lines.append("")
        lines.append(f"{'category':<12}{'records':>8}{'passed':>8}{'rate':>7}")
        for cat, r in result["by_category"].items():
            lines.append(f"{cat:<12}{r['records']:>8}{r['passed']:>8}{r['pass_rate']:>7.3f}")
    lines.extend(format_misses(result.get("misses", [])))
    return "\n".join(lines)


def format_misses(misses: list[dict[str, Any]], label: str = "") -> list[str]:
    """Report lines for misses: the sentence, then each false positive (with its rule) and negative."""
    lines: list[str] = []
    for miss in misses:
        lines.append("")
        lines.append(f"{label}{miss.get('id')}: {miss['text']}")
        for p in miss["false_positives"]:
            lines.append(f"   FP {p['source']} -> {p['target']} {p['code']}  {p.get('rule', '')}")
        for g in miss["false_negatives"]:
            lines.append(f"   FN {g['source']} -> {g['target']} {g['code']}")
    return lines


def evaluate_file(path: str | Path, *, settings: Any = None, dictionaries: str | Path | None = None,
                  with_misses: bool = False, label: str = "root") -> dict[str, Any]:
    """Score the default pipeline on a gold JSONL file or a PETRARCH validation XML suite.

    What ``eventwire eval FILE`` runs: ``.xml`` files are suites (coded with the
    dictionaries named in their ``<Environment>``, looked up next to the file or in
    ``dictionaries``); anything else is gold JSONL coded with ``eventwire.code``.

    Args:
        path: the gold or suite file.
        settings: Settings (defaults when None).
        dictionaries: folder holding a suite's dictionary files.
        with_misses: include the misses.
        label: for gold files, ``root`` or ``plover`` (see ``evaluate_gold``).

    Returns:
        The result dict of ``evaluate_gold`` or ``evaluate_suite``.

    Example::

        print(format_report(evaluate_file("../shared/data/gold/gold_dev.jsonl")))
    """
    if str(path).lower().endswith(".xml"):
        from .suites import evaluate_suite

        return evaluate_suite(path, settings=settings, dictionaries=dictionaries, with_misses=with_misses)
    from .. import code

    return evaluate_gold(path, lambda text, date: code(text, date, settings=settings),
                         with_misses=with_misses, label=label)
