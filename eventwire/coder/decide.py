"""Where rules and model meet: one sentence's rule proposals and model decisions → its events.

- ``coder = "model"``: every candidate the model scores at or above its threshold (and
  ``min_confidence``) becomes an event; where a rule proposed the same act (same trigger,
  root, source and target), the rule's code, modality and trace are kept.
- ``coder = "hybrid"``: the same, plus the other rule proposals the model confirms (their
  root scored at or above the model's confirmation threshold for their trigger and actors).
- ``coder = "rules"`` never calls this module.

Every event's ``confidence`` is the model's calibrated probability, and its ``rule`` says
who decided, the trigger, and the features that weighed most.
"""

from __future__ import annotations

from typing import Any

from .candidates import Candidate, candidate_features, candidates_of, mention_key, sentence_mentions


def _explain(top: tuple[tuple[str, float], ...]) -> str:
    return ", ".join(f"{name}({weight:+.1f})" for name, weight in top)


def _matches(rule: Any, cand: Any, root: str) -> bool:
    if rule.code[:2] != root or rule.anchor != cand.trigger:
        return False
    if not any(m.head == cand.source.head for m in rule.sources):
        return False
    if cand.target is None:
        return not rule.targets
    return any(m.head == cand.target.head for m in rule.targets)


def decide(coder: Any, sent: Any, mentions: list[Any], rule_cands: list[Any]) -> list[Any]:
    """The candidates to finish into events for one sentence.

    Args:
        coder: the ``EventCoder`` (its ``model``, ``coder`` setting and settings).
        sent: the spaCy sentence.
        mentions: every actor mention of the document.
        rule_cands: the rules' proposals for the sentence (``_Candidate``s).

    Returns:
        ``_Candidate``s with the model's calibrated probability as confidence.
    """
    from ..stages.events import _Candidate, _modality

    model = coder.model
    doc = sent.doc
    meta = model.meta
    # thresholds compare the model's raw probability; min_confidence the calibrated one
    threshold = float(meta.get("threshold", 0.5))
    confirm = float(meta.get("confirm", threshold))
    floor = float(coder.settings.min_confidence)
    proposals: dict[int, tuple[str, str, list[Any], list[Any]]] = {}
    for rc in rule_cands:
        proposals.setdefault(rc.anchor, (rc.code[:2], rc.code, rc.sources, rc.targets))
    cache: dict[Any, Any] = {}
    cands = candidates_of(sent, sentence_mentions(sent, mentions), model.event_nouns, cache)
    rows = [candidate_features(c, doc, cache, proposals) for c in cands]
    decisions = model.decide(rows) if rows else []
    best: dict[tuple[Any, ...], tuple[float, Any]] = {}
    used: set[int] = set()
    for k, (cand, d) in enumerate(zip(cands, decisions)):
        if d.raw < threshold or d.probability < floor:
            continue
        token = doc[cand.trigger]
        top = model.explain(rows[k], model.classes.index(d.label))
        why = f"model:{d.label} p={d.probability:.2f} trigger:'{token.text}' [{_explain(top)}]"
        rule = next((rc for rc in rule_cands if _matches(rc, cand, d.label)), None)
        if rule is not None:
            if id(rule) in used:
                continue
            used.add(id(rule))
            rule.confidence = d.probability
            rule.rule += f" | {why}"
            out_cand = rule
        else:
            modality, negated = _modality(token) if token.pos_ in ("VERB", "AUX") else ("asserted", False)
            tgt_path = cache[("path", cand.trigger, cand.target.head)] if cand.target is not None else "none"
            out_cand = _Candidate(
                sources=[cand.source], targets=[cand.target] if cand.target is not None else [],
                code=model.code_for(token.lemma_.lower(), d.label),
                rule=f"{why} src:{cache[('path', cand.trigger, cand.source.head)]} tgt:{tgt_path}",
                confidence=d.probability, modality=modality, negated=negated, anchor=cand.trigger)
        key = (mention_key(cand.source), mention_key(cand.target) if cand.target is not None else None, d.label)
        if key not in best or best[key][0] < d.probability:
            best[key] = (d.probability, out_cand)
    # a rule's act already gives every pair it fans out to ("with the US and Japan"): another
    # candidate of the same pair and root ("complaint" beside "lodged") repeats it
    covered = {(mention_key(s_), mention_key(t_) if t_ is not None else None, c.code[:2])
               for _, c in best.values() if id(c) in used for s_ in c.sources for t_ in (c.targets or [None])}
    best = {k: (p, c) for k, (p, c) in best.items() if id(c) in used or k not in covered}
    # an act with a named target makes the same act without one redundant
    targeted = {(k[0], k[2]) for k in best if k[1] is not None}
    out = [c for k, (_, c) in best.items() if k[1] is not None or (k[0], k[2]) not in targeted]
    if coder.coder == "hybrid":
        # the rule's act is confirmed when the model believes it for any of its pairs (scored at once)
        pending = [rc for rc in rule_cands if id(rc) not in used and rc.sources]
        pairs = [(j, candidate_features(Candidate(rc.anchor, src, tgt), doc, cache, proposals))
                 for j, rc in enumerate(pending) for src in rc.sources[:4] for tgt in (rc.targets[:4] or [None])]
        if pairs:
            probs = model.scores([feats for _, feats in pairs])
            raw = [0.0] * len(pending)
            for (j, _), p_row in zip(pairs, probs):
                root = pending[j].code[:2]
                if root in model.classes:
                    raw[j] = max(raw[j], float(p_row[model.classes.index(root)]))
            for rc, r in zip(pending, raw):
                p = model.calibrate(r)
                if r >= confirm and p >= floor:
                    rc.confidence = p
                    rc.rule += f" | model confirms {rc.code[:2]} p={p:.2f}"
                    out.append(rc)
    return out
