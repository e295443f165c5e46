"""Candidate events of a parsed sentence, and the features the model reads of each.

A candidate is a trigger token (a verb, or a noun the event-noun lexicon knows) with a
source mention and a target mention (or none) of the same sentence, both within
``MAX_PATH`` dependency arcs of the trigger. Mentions are the actor stage's and the
context stage's ``ActorSpan``s (pronouns and descriptions resolved from the article
arrive as mentions too), so the model works the same alone and in context.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

MAX_PATH = 5  # dependency arcs between a trigger and a participant's head (8 doubled the time, F1 on dev .373 vs .378)
MAX_MENTIONS = 12  # actor mentions per sentence considered (a longer list is a list, not participants)
MODALS = frozenset({"will", "would", "could", "can", "may", "might", "should", "must", "shall", "'ll", "wo"})
NEGATIONS = frozenset({"not", "n't", "never", "no"})
SPEECH = frozenset({"say", "tell", "announce", "state", "add", "report", "claim", "declare", "confirm",
                    "note", "warn", "insist", "explain", "write", "quote"})


@dataclass(frozen=True)
class Candidate:
    """One (trigger, source, target) triple; ``target`` None is an event with no target."""

    trigger: int  # doc token index
    source: Any  # ActorSpan
    target: Any | None  # ActorSpan or None


def mention_key(mention: Any) -> str | None:
    """The scoring key of a mention's actor: its country, else ``IGO:<acronym>``."""
    actor = mention.actor
    return actor.country or (f"IGO:{actor.igo}" if actor.igo else None)


def sentence_mentions(sent: Any, mentions: Iterable[Any]) -> list[Any]:
    """Keyed mentions inside ``sent``, one per head token and actor key (the longest), in text order.

    A plural description the context resolved ("both countries") is one head with several
    actors: each is a mention of its own.
    """
    by_head: dict[tuple[int, str | None], Any] = {}
    for m in mentions:
        key = mention_key(m)
        if sent.start <= m.head < sent.end and key is not None:
            held = by_head.get((m.head, key))
            if held is None or (m.end - m.start) > (held.end - held.start):
                by_head[(m.head, key)] = m
    return [by_head[k] for k in sorted(by_head, key=lambda k: (k[0], k[1] or ""))][:MAX_MENTIONS]


def is_trigger(token: Any, event_nouns: frozenset[str]) -> bool:
    """A verb, or a noun the event-noun lexicon knows ("visit", "clash", "talks")."""
    if token.pos_ == "VERB":
        return True
    return token.pos_ in ("NOUN", "PROPN") and token.lemma_.lower() in event_nouns


def dep_path(a: Any, b: Any, limit: int | None = None) -> str | None:
    """Dependency labels from token ``a`` up to the common ancestor and down to ``b``.

    "^nsubj" climbs from a subject to its verb, "vprep:with>vpobj" descends; None when
    the path is longer than ``limit`` arcs.
    """
    limit = MAX_PATH if limit is None else limit
    if a.i == b.i:
        return "="
    up_a = [a]
    while up_a[-1].head.i != up_a[-1].i and len(up_a) <= limit:
        up_a.append(up_a[-1].head)
    index_a = {t.i: k for k, t in enumerate(up_a)}
    down: list[Any] = []
    node = b
    while node.i not in index_a:
        down.append(node)
        if node.head.i == node.i or len(down) > limit:
            return None
        node = node.head
    k = index_a[node.i]
    if k + len(down) > limit:
        return None
    ups = [f"^{t.dep_}" for t in up_a[:k]]
    downs = [f"v{_arc(t)}" for t in reversed(down)]
    return ">".join(ups + downs)


def _arc(token: Any) -> str:
    if token.dep_ == "prep":
        return f"prep:{token.lower_}"
    return token.dep_


def governing_prep(mention: Any, doc: Any) -> str | None:
    """The preposition whose object heads ``mention`` ("toward" in "toward the Sea of Japan")."""
    head = doc[mention.head]
    node = head
    for _ in range(3):
        if node.dep_ == "pobj" and node.head.dep_ in ("prep", "agent"):
            prep = node.head
            words = [prep.lower_]
            if prep.i > 0 and doc[prep.i - 1].lower_ in ("ahead", "because", "instead", "outside", "inside") \
                    and doc[prep.i - 1].head.i == prep.i:
                words.insert(0, doc[prep.i - 1].lower_)
            return " ".join(words)
        if node.dep_ not in ("conj", "appos", "compound"):
            return None
        node = node.head
    return None


def modality(token: Any) -> str:
    """``neg``, ``modal``, ``neg+modal`` or ``asserted`` from the trigger's own children."""
    neg = any(c.dep_ == "neg" or c.lower_ in NEGATIONS and c.dep_ in ("advmod", "det") for c in token.children)
    modal = any(c.dep_ == "aux" and c.lower_ in MODALS for c in token.children)
    if neg and modal:
        return "neg+modal"
    return "neg" if neg else "modal" if modal else "asserted"


def trigger_features(token: Any) -> list[str]:
    """What the trigger itself says: lemma, form, object, particle, prepositions, frame."""
    lemma = token.lemma_.lower()
    feats = [f"l={lemma}", f"pos={token.pos_}", f"tag={token.tag_}", f"dep={token.dep_}", f"mod={modality(token)}",
             f"l+mod={lemma}|{modality(token)}"]
    for child in token.children:
        if child.dep_ in ("dobj", "attr", "oprd"):
            feats.append(f"l+obj={lemma}|{child.lemma_.lower()}")
        elif child.dep_ == "prt":
            feats.append(f"l+prt={lemma}|{child.lower_}")
        elif child.dep_ in ("prep", "agent"):
            feats.append(f"l+prep={lemma}|{child.lower_}")
        elif child.dep_ == "compound" and token.pos_ != "VERB":
            feats.append(f"l+cmp={lemma}|{child.lemma_.lower()}")
    head = token.head
    if head.i != token.i:
        hl = head.lemma_.lower()
        feats.append(f"hl={hl}")
        feats.append(f"l+hl={lemma}|{hl}")
        feats.append(f"dep+hl={token.dep_}|{hl}")
        if hl in SPEECH and token.dep_ in ("ccomp", "xcomp", "advcl"):
            feats.append("reported")
        feats.append(f"hmod={modality(head)}")
    return feats


def participant_features(role: str, lemma: str, path: str | None, mention: Any | None, doc: Any,
                         trigger: Any) -> list[str]:
    """What a source (``s``) or target (``o``) candidate says: path, preposition, agent, kind."""
    if mention is None:
        return [f"{role}=none", f"l+{role}=none|{lemma}"]
    head = doc[mention.head]
    p = path if path is not None else "far"
    side = "before" if mention.head < trigger.i else "after"
    agent = mention.actor.agent or "-"
    feats = [f"{role}p={p}", f"l+{role}p={lemma}|{p}", f"{role}side={side}",
             f"{role}ag={agent}", f"l+{role}ag={lemma}|{agent}", f"{role}kind={mention.kind}",
             f"{role}pos={head.pos_}", f"{role}p1={p.split('>')[0]}", f"{role}head={head.lemma_.lower()}"]
    prep = governing_prep(mention, doc)
    if prep:
        feats.append(f"{role}prep={prep}")
        feats.append(f"l+{role}prep={lemma}|{prep}")
    if head.ent_type_ in ("GPE", "LOC", "FAC") and mention.kind in ("city", "country", "capital"):
        feats.append(f"{role}place")
    return feats


def candidates_of(sent: Any, mentions: Sequence[Any], event_nouns: frozenset[str],
                  cache: dict[Any, Any] | None = None) -> list[Candidate]:
    """Every candidate triple of a sentence (the trigger–mention paths go into ``cache``, which
    ``candidate_features`` reads, so each path is found once)."""
    doc = sent.doc
    paths = cache if cache is not None else {}
    out: list[Candidate] = []
    for token in sent:
        if not is_trigger(token, event_nouns):
            continue
        for m in mentions:
            paths[("path", token.i, m.head)] = dep_path(token, doc[m.head])
        near = [m for m in mentions if paths[("path", token.i, m.head)] is not None]
        for s in near:
            out.append(Candidate(token.i, s, None))
            for o in near:
                if o is not s:
                    out.append(Candidate(token.i, s, o))
    return out


def candidate_features(cand: Candidate, doc: Any, cache: dict[Any, Any],
                       rules: dict[int, Any] | None = None) -> list[str]:
    """The features of one candidate (trigger and participant parts cached per sentence).

    Args:
        cand: the candidate.
        doc: its spaCy Doc.
        cache: a dict kept for the sentence, so shared parts are computed once.
        rules: the rules' proposals by trigger token: ``{token index: (root, code, sources, targets)}``.
    """
    token = doc[cand.trigger]
    lemma = token.lemma_.lower()
    key_t = ("t", cand.trigger)
    if key_t not in cache:
        cache[key_t] = trigger_features(token)
    feats = list(cache[key_t])
    for role, mention in (("s", cand.source), ("o", cand.target)):
        key_p = (role, cand.trigger, None if mention is None else mention.head)
        if key_p not in cache:
            path = None
            if mention is not None:
                key_path = ("path", cand.trigger, mention.head)
                path = cache[key_path] if key_path in cache else dep_path(token, doc[mention.head])
            cache[key_p] = participant_features(role, lemma, path, mention, doc, token)
        feats.extend(cache[key_p])
    if cand.target is not None and mention_key(cand.source) == mention_key(cand.target):
        feats.append("same_key")
    proposal = (rules or {}).get(cand.trigger)
    if proposal is None:
        feats.append("rule=none")
    else:
        root, code, sources, targets = proposal
        feats.append(f"rule={root}")
        feats.append(f"l+rule={lemma}|{root}")
        src_ok = any(m.head == cand.source.head for m in sources)
        tgt_ok = (cand.target is None and not targets) or (
            cand.target is not None and any(m.head == cand.target.head for m in targets))
        if src_ok:
            feats.append("rule_src")
        if src_ok and tgt_ok:
            feats.append("rule_full")
            feats.append(f"rule_full={root}")
    return feats
