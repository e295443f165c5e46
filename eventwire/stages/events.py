"""The events stage: CAMEO/PLOVER events from dependency parses and actor mentions.

For each sentence (questions are skipped), every verb is a candidate clause:

1. its verb pattern (``patterns.PatternBook``) gives the CAMEO code, or none;
2. the source comes from the subject (or the ``by`` agent of a passive), inherited
   through control (``agreed to send``), coordination and relative clauses;
3. the target from the direct object (or the passive subject), else a prepositional
   object (``with``, ``to``, ``against``, ``on`` …), also one hanging off the object
   (``lodged a complaint with X``);
4. control verbs turn the embedded act into an intent (03x) or a threat (13x), and
   refusals into a rejection (12x); negation and hypotheticals are flagged
   (``negated``, ``modality``); verbs of saying pass their speaker on as ``reporter``
   to the clause they report and give a statement (01x) only when nothing else is said;
5. compound actors fan out, paired codes ``a:b`` and reciprocals (``X and Y met``,
   ``worked together``, ``each other``) give both directions;
6. nouns of events (``the meeting between X and Y``, ``China's complaint to Japan``)
   are coded when their participants are stated and they are not merely the object of
   another coded act.

Every event carries ``rule``, a readable trace of what fired on which words.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any

from ..codebooks.cameo import CameoCode, lookup
from ..models import Actor, Article, Event
from .base import Stage
from .patterns import ClauseFeatures, PatternBook, clause_features

# --- lexical classes (closed sets; why each exists is said where it is used) ---------------
SPEECH_VERBS = frozenset({"say", "tell", "state", "add", "announce", "report", "declare", "note",
                          "insist", "stress", "write", "post", "tweet", "reiterate", "confirm",
                          "explain", "remark", "comment", "respond", "reply"})
ACCUSATION_VERBS = frozenset({"accuse", "blame", "claim", "allege", "charge"})
EVALUATION_VERBS = frozenset({"condemn", "praise", "criticize", "criticise", "welcome", "reject",
                              "deny", "denounce", "hail", "applaud", "slam", "cite", "regret",
                              "thank", "accuse", "blame", "decry", "dismiss", "describe", "call"})
INTENT_VERBS = frozenset({"pledge", "promise", "vow", "swear", "agree", "plan", "intend", "decide", "offer",
                          "want", "seek", "aim", "hope", "prepare", "expect", "resolve", "commit",
                          "undertake", "propose", "wish", "arrange", "consider", "move"})
THREAT_VERBS = frozenset({"threaten", "warn"})
# verbs whose to-infinitive is always what is promised or threatened, never a purpose
PROMISE_VERBS = frozenset({"pledge", "promise", "vow", "swear", "threaten"})
REFUSAL_VERBS = frozenset({"refuse", "decline", "reject"})
HYPOTHETICAL_AUX = frozenset({"could", "might", "may", "should", "can", "must", "ought"})
OBLIGATION_AUX = frozenset({"must", "should", "ought"})
# news uses "would" for reported plans ("the US would reduce its forces"): a future, not a
# hypothetical; a condition ("would … if") makes it a conditional promise or threat
FUTURE_AUX = frozenset({"will", "shall", "'ll", "would", "'d"})
# verbs whose compound subject agrees with each other when no target is named ("X and Y agreed");
# unlike RECIPROCAL_VERBS they are one-sided when there is a target ("X agreed to Y's demand")
COMPOUND_MUTUAL_VERBS = frozenset({"agree", "reach", "settle", "consult", "discuss", "ally", "normalize",
                                   "normalise", "resume", "restore", "establish", "conclude", "coordinate"})
# verbs whose CAMEO root does not depend on their object: (fallback code, roots allowed)
FIXED_ROOTS = {
    "accuse": ("112", {"11"}), "blame": ("112", {"11"}), "condemn": ("111", {"11"}),
    "criticize": ("111", {"11"}), "criticise": ("111", {"11"}), "denounce": ("111", {"11"}),
    "reject": ("120", {"12", "01"}), "veto": ("120", {"12"}), "threaten": ("130", {"13"}),
    "demand": ("100", {"10"}), "urge": ("020", {"02"}),
}
# control verbs whose embedded act did not happen ("failed to reach agreement")
NEGATING_VERBS = frozenset({"fail", "neglect", "refrain"})
# adjectives that control an act like intent verbs ("willing to withdraw", "ready to host")
INTENT_ADJECTIVES = frozenset({"willing", "ready", "prepared", "determined", "eager", "committed", "keen"})
# adjectives that control an act like refusal verbs ("unwilling to accept the results")
REFUSAL_ADJECTIVES = frozenset({"unwilling", "reluctant"})
# verbs whose compound subject acts on each other when no target is named ("X and Y met")
RECIPROCAL_VERBS = frozenset({"meet", "talk", "negotiate", "confer", "clash", "fight", "reconcile",
                              "cooperate", "collaborate", "sign", "exchange", "trade"})
RECIPROCAL_WORDS = frozenset({"together", "jointly", "mutually", "bilaterally"})
RECIPROCAL_OBJECTS = ("each other", "one another")
CONDITIONAL_MARKS = frozenset({"if", "unless"})
NEGATION_WORDS = frozenset({"not", "n't", "never", "no"})
# order in which prepositions are tried for a target when the pattern names none
# (place prepositions such as "into", "in", "from" give where, not whom: "fired into the Sea of Japan")
TARGET_PREPS = ("with", "to", "against", "on", "at", "toward", "towards", "upon", "for", "between",
                "among", "over")
# roots whose events need no recipient (PLOVER requires one only for a few types; a missile
# test, a protest, a deployment or an investigation often has none); other events without
# an identifiable target are not emitted, as PETRARCH's require_dyad
TARGETLESS_ROOTS = frozenset({"09", "14", "15"})
# roots of acts done in a place, where the place's country is the target when no other is named
PLACE_TARGET_ROOTS = frozenset({"08", "14", "18", "19", "20"})  # 14: "a protest in Beijing"
# CAMEO "mediate": the mediator acts toward every party it brings together
MEDIATION_CODE = "045"
# CAMEO "make a visit" (042, paired with 043 "host a visit")
VISIT_CODE = "042"
# the host receives a visit (043) and the guest makes it (042)
HOST_CODE = "043:042"
# what an election produces: rejecting it challenges the authority that ran the election
ELECTION_OUTCOMES = frozenset({"result", "outcome", "election", "vote", "poll", "tally", "count"})
# codes aimed at the state when no target is named: legal challenges (115)
DOMESTIC_CHALLENGE_CODES = frozenset({"115"})
# verbs of appeal and order: their embedded act is what is asked for, not an event
APPEAL_VERBS = frozenset({"urge", "ask", "call", "request", "press", "demand", "order", "tell",
                          "invite", "encourage", "appeal", "implore", "instruct", "push", "force"})
# verbs of attitude whose negation is a rejection
ATTITUDE_VERBS = frozenset({"recognize", "recognise", "accept", "acknowledge", "endorse", "approve"})
# verbs of judgement: "does not consider X (to be) legitimate" withholds recognition from X
JUDGEMENT_VERBS = frozenset({"consider", "regard", "deem", "view", "see"})
# clause markers and prepositions that anchor historical background, which is not coded
BACKGROUND_MARKS = frozenset({"since"})

# CAMEO intent code for an intended act, by the act's root (CAMEO 03 sub-codes)
INTENT_BY_ROOT = {"01": "030", "02": "030", "03": "030", "04": "036", "05": "032", "06": "031",
                  "07": "033", "08": "035"}
INTENT_BY_CODE = {"081": "0351", "084": "0353", "085": "0354", "086": "0355", "087": "0356",
                  "083": "034", "07": "033", "04": "036"}
# roots of force (assault, fight, mass violence): announced in the future they are threats (138)
ANNOUNCED_FORCE_ROOTS = frozenset({"18", "19", "20"})
THREAT_BY_ROOT = {"14": "133", "16": "1312", "17": "137", "18": "138", "19": "138", "20": "138", "13": None}
# refusal code for a refused act, by root (CAMEO 12 sub-codes)
REFUSAL_BY_ROOT = {"03": "120", "04": "125", "05": "120", "06": "121", "07": "122", "08": "124"}


@dataclass
class _Candidate:
    """An event before it is fixed into a models.Event."""

    sources: list[Any]
    targets: list[Any]
    code: str
    rule: str
    confidence: float
    modality: str = "asserted"
    negated: bool = False
    reporter: str | None = None
    reciprocal: bool = False
    mutual_if_compound: bool = False  # "X and Y agreed": each with the other, when no target
    statement: bool = False
    anchor: int = -1
    implied_government: bool = False  # a domestic challenge: the government is the target if none is named


@functools.lru_cache(maxsize=4)
def load_nouns() -> dict[str, str]:
    """The bundled event-noun dictionary: noun lemma → CAMEO code (``data/verbs/nouns.tsv``)."""
    path = resources.files("eventwire.codebooks").joinpath("data/verbs/nouns.tsv")
    out: dict[str, str] = {}
    with path.open(encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t"):
            if row and not row[0].startswith("#") and len(row) >= 2:
                out[row[0].strip().lower()] = row[1].strip()
    return out


class MentionIndex:
    """Actor spans of one document, looked up by token.

    ``subject_of`` repairs a frequent parse of "X invaded Y and Z imposed …", where the
    small model attaches Z as a conjunct of Y and leaves the second verb subjectless:
    Z becomes that verb's subject and stops being Y's conjunct.
    """

    def __init__(self, mentions: Iterable[Any]) -> None:
        self.by_head: dict[int, list[Any]] = {}
        self.by_token: dict[int, list[Any]] = {}
        self.subject_of: dict[int, Any] = {}
        self.detached: set[int] = set()
        for m in mentions:
            self.by_head.setdefault(m.head, []).append(m)
            for i in range(m.start, m.end):
                self.by_token.setdefault(i, []).append(m)

    def repair(self, sent: Any) -> None:
        """Find subjectless coordinated verbs whose subject was parsed as an object conjunct."""
        for verb in sent:
            if verb.dep_ != "conj" or verb.pos_ != "VERB" or _child(verb, "nsubj", "nsubjpass") is not None:
                continue
            prev = verb.i - 1
            while prev > sent.start and verb.doc[prev].dep_ in ("aux", "auxpass", "neg", "advmod"):
                prev -= 1
            noun = verb.doc[prev]
            if noun.dep_ == "conj" and noun.pos_ in ("PROPN", "NOUN", "PRON") and noun.head.i < noun.i \
                    and noun.head.dep_ in ("dobj", "pobj") and self.at(noun):
                self.subject_of[verb.i] = noun
                self.detached.add(noun.i)

    def at(self, token: Any) -> list[Any]:
        """Actors whose mention is headed by, or covers, ``token``."""
        return self.by_head.get(token.i) or self.by_token.get(token.i) or []

    def of_phrase(self, token: Any) -> list[Any]:
        """Actors of a noun phrase: its own, its conjuncts' and appositions', else a modifier's.

        "Turkey's parliament" with only "Turkey" resolved still gives Turkey; "the
        leaders of Japan and Korea" gives both.
        """
        found: list[Any] = []
        conjuncts = [] if token.i in self.detached else [c for c in _conjuncts(token) if c.i not in self.detached]
        for appos in (c for c in token.children if c.dep_ == "appos" and _conjuncts(c)):
            # "The US, Russia, and Switzerland met": a list the parser read as an apposition with conjuncts
            conjuncts += [appos, *_conjuncts(appos)]
        for t in (token, *conjuncts):
            own = self.at(t)
            if not own:
                for child in t.children:
                    if child.dep_ == "appos":
                        # "John Smith, a Russian national": the apposition's own modifiers count too
                        own = self.at(child) or self._modifier_actors(child)
                        if own:
                            break
            if not own:
                own = self._identity(t)
            if not own:
                own = self._modifier_actors(t)
            found.extend(own)
        return _unique(found)

    def _identity(self, token: Any) -> list[Any]:
        """An identity a relative clause gives the person: "X, who they accused of being a Russian spy"."""
        for rel in (c for c in token.children if c.dep_ == "relcl"):
            for prep in (c for c in rel.children if c.dep_ == "prep" and c.lower_ == "of"):
                for being in (c for c in prep.children if c.dep_ == "pcomp" and c.lemma_.lower() == "be"):
                    found = [m for a in being.children if a.dep_ == "attr" for m in self.of_phrase(a)]
                    if found:
                        return found
        return []

    def _modifier_actors(self, token: Any) -> list[Any]:
        """Actors named inside a phrase's modifiers: "North Korean Foreign Minister Choe",
        "his South Korean and Chinese counterparts", "the leaders of Japan"."""
        if token.lemma_.lower() in RELATIONAL_NOUNS:
            return []  # "its neighbours", "Japan's allies", "the rivals of X" are not X
        # the possessor is the nominal's agent: "condemned Russia's invasion of Ukraine" targets Russia
        for child in token.children:
            if child.dep_ == "poss" and self.at(child):
                return self.of_phrase(child)
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                own = [m for p in child.children if p.dep_ == "pobj" for m in self.of_phrase(p)]
                if own:
                    return own
        pair = _hyphen_pair(token, self)
        if pair:
            return pair  # "the Russia-Ukraine agreement" names both parties
        for child in token.lefts:
            if child.dep_ not in ("poss", "compound", "amod", "nmod"):
                continue
            for t in child.subtree:
                own = self.at(t)
                if own:
                    heads = [t.doc[m.head] for m in own]
                    return _unique([*own, *(m for h in heads for c in _conjuncts(h) for m in self.at(c))])
        return []


HYPHENS = frozenset({"-", "–", "—"})
# nouns of a relation to someone: their possessor or of-phrase names the other side, not them
RELATIONAL_NOUNS = frozenset({"neighbour", "neighbor", "ally", "rival", "partner", "enemy", "foe", "adversary",
                              "critic", "opponent", "neighbours", "neighbors", "allies", "rivals", "partners",
                              "enemies", "foes", "adversaries", "critics", "opponents"})


def _hyphen_pair(noun: Any, index: MentionIndex) -> list[Any]:
    """Actors joined by a hyphen in front of a noun: "the US-Taliban agreement", "Russia–Ukraine talks".

    Args:
        noun: the head noun.
        index: the sentence's actor index.

    Returns:
        The actors (at least two different ones), else an empty list.
    """
    modifiers = [t for t in noun.doc[noun.left_edge.i:noun.i] if t.head.i == noun.i or t.head.head.i == noun.i]
    found: list[Any] = []
    for left, mid, right in zip(modifiers, modifiers[1:], modifiers[2:]):
        if mid.text in HYPHENS and mid.i == left.i + 1 == right.i - 1 and index.at(left) and index.at(right):
            found.extend([*index.at(left), *index.at(right)])
    found = _unique(found)
    return found if len({m.actor.code for m in found}) >= 2 else []


def _conjuncts(token: Any) -> list[Any]:
    return [c for c in token.conjuncts if c.i != token.i]


def _unique(mentions: Iterable[Any]) -> list[Any]:
    seen: set[tuple[int, int, str]] = set()
    out = []
    for m in mentions:
        key = (m.start, m.end, m.actor.code)
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out


def _child(token: Any, *deps: str) -> Any | None:
    for child in token.children:
        if child.dep_ in deps:
            return child
    return None


def _is_passive(verb: Any) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def _direct_object(verb: Any) -> Any | None:
    """The verb's direct object, also when the parser made a bare noun phrase its ``ccomp``.

    The small model often parses "ratified Sweden's membership bid" with "bid" as a
    clausal complement; a complement without a verb or a subject of its own is a noun phrase.
    """
    obj = _child(verb, "dobj")
    if obj is not None:
        return obj
    comp = _child(verb, "ccomp")
    if comp is not None and comp.pos_ in ("NOUN", "PROPN") and _child(comp, "nsubj", "nsubjpass", "aux") is None:
        return comp
    return None


def _is_relative_pronoun(token: Any) -> bool:
    return token.tag_ in ("WDT", "WP", "WP$") or token.lower_ in ("that", "which", "who", "whom")


class EventCoder(Stage):
    """Assigns ``article.events`` from ``article.doc`` and ``article.mentions``.

    Example::

        coder = EventCoder(load_settings())
        article = coder(article)   # article.events: list[Event]
    """

    name = "events"
    requires = ("doc", "mentions", "doc_id", "published")
    assigns = ("events",)

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.book = PatternBook.load(tuple(settings.verb_files))
        self.nouns = load_nouns()
        # eventwire codes announced cooperation as intent (03x), PETRARCH as the act itself;
        # the suite runner switches this off to test PETRARCH's own dictionaries
        self.future_as_intent: bool = getattr(settings, "future_as_intent", True)
        # PETRARCH test dictionaries use codes the CAMEO codebook lacks ("212", "1032"); the suite
        # runner keeps them (root from the first two digits, no Goldstein) instead of dropping the event
        self.keep_unknown_codes: bool = False
        # the learned model decides (coder = "model") or joins the rules (coder = "hybrid");
        # loaded once per process, its hash checked against its card (eventwire.coder.model)
        self.coder: str = getattr(settings, "coder", "rules")
        self.model = None
        if self.coder != "rules":
            from ..coder.model import load_model as load_event_model

            self.model = load_event_model(getattr(settings, "model_dir", "") or None)

    def __call__(self, article: Article) -> Article:
        article.events = self.code_doc(article.doc, article.mentions, doc_id=article.doc_id,
                                       date=article.published)
        return article

    def code_doc(self, doc: Any, mentions: Iterable[Any], *, doc_id: str = "",
                 date: str | None = None) -> list[Event]:
        """Code every sentence of a parsed document.

        Args:
            doc: spaCy Doc.
            mentions: ActorSpans (``start``, ``end``, ``head``, ``actor``) over ``doc``.
            doc_id: the document id, for event ids.
            date: the event date (the document's publication date).

        Returns:
            The events, in sentence order.
        """
        mentions = list(mentions)
        index = MentionIndex(mentions)
        events: list[Event] = []
        year = int(date[:4]) if date and date[:4].isdigit() else None
        doc_text = doc.text  # spaCy rebuilds Doc.text and Span.text from every token: read it once
        for sentence_index, sent in enumerate(doc.sents):
            text = doc_text[sent.start_char:sent.end_char]
            if len(text) > self.settings.max_sentence_chars or _is_question(text):
                continue
            index.repair(sent)
            candidates = self.code_sentence(sent, index)
            if self.model is not None:
                from ..coder.decide import decide

                candidates = decide(self, sent, mentions, candidates)
            candidates = [c for c in candidates if not _described_history(doc[c.anchor], year)
                          and not (year and _dated_before(doc[c.anchor], year))]
            events.extend(self._finish(candidates, sent, sentence_index, doc_id, date, text))
        return events

    # -- one sentence -------------------------------------------------------------------
    def code_sentence(self, sent: Any, index: MentionIndex) -> list[_Candidate]:
        """Candidate events of one sentence (before fan-out and de-duplication)."""
        verbs = [t for t in sent if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass")
                 and not _infinitive_modifier(t) and not _noun_list_verb(t) and not _evaluated_modifier(t)]
        by_verb: dict[int, _Candidate] = {}
        for verb in verbs:
            cand = self._code_verb(verb, index)
            if cand is not None:
                by_verb[verb.i] = cand
        for i, cand in by_verb.items():
            verb = sent.doc[i]
            head = by_verb.get(verb.head.i)
            if verb.dep_ == "conj" and not cand.targets and head is not None and head.targets \
                    and cand.sources == head.sources:
                # "spoke out against X and demanded Y": the second act is aimed at X too
                cand.targets = head.targets
                cand.rule += " tgt:conj"
        for i, cand in by_verb.items():
            if _denied_by_frame(sent.doc[i]):
                # "it is not a case of X doing Y", "there is no question of X doing Y"
                cand.negated = True
                cand.rule += " (denied by a negated frame)"
        for i, cand in by_verb.items():
            if _root(cand.code) == "04" and not any(m.actor.country or m.actor.igo for m in cand.sources):
                # "the minister held a meeting at the White House with X": the seat's state hosts X
                obj = _direct_object(sent.doc[i])
                host, guests = _seat_host(obj, index) if obj is not None else ([], [])
                if host:
                    cand.sources, cand.targets, cand.code, cand.reciprocal = host, guests, HOST_CODE, False
                    cand.rule += " host:seat"
        _mediated_parties(by_verb, sent)
        self._apply_control(by_verb, verbs, index, sent)
        for verb in verbs:
            # "X demanded that Y cancel Z": the cancelling is what is demanded, not an event
            # ("told reporters he urged …" reports speech: "tell that" is not an order)
            if verb.lemma_.lower() in (APPEAL_VERBS | {"insist"}) - SPEECH_VERBS and verb.i in by_verb:
                for clause in (c for c in verb.children if c.dep_ == "ccomp"):
                    for i in _clause_verbs(clause):
                        by_verb.pop(i, None)
        self._apply_speech(by_verb, verbs, index)
        for i, cand in by_verb.items():
            if cand.negated and _negated_attitude(sent.doc[i]) and cand.targets:
                # "does not recognize the regime": a rejection (CAMEO 12), not a non-event
                cand.code, cand.negated, cand.modality = "120", False, "asserted"
                cand.rule += " (negated attitude: rejection)"
            if cand.modality in ("intended", "conditional") and self.future_as_intent:
                _to_intent(cand)
            if cand.negated and cand.modality == "denied":
                # "would not attend", "will not sign": an announced refusal (CAMEO 12)
                mapped = _map_code(cand.code.split(":")[0] or cand.code, REFUSAL_BY_ROOT, None, conflict=None)
                if mapped != cand.code:
                    cand.code, cand.negated = mapped, False
                    cand.rule += " (refusal)"
        out = [c for c in by_verb.values() if c.code != "---" and not _in_background(sent.doc[c.anchor])]
        out.extend(self._code_nouns(sent, index, by_verb))
        # a setting the lead may add to Settings; until then events need a target (see TARGETLESS_ROOTS)
        if getattr(self.settings, "require_target", True):
            out = [c for c in out if c.targets or c.statement or _root(c.code) in TARGETLESS_ROOTS
                   or c.implied_government or _aimed_at_government(c.code)
                   or ((c.reciprocal or c.mutual_if_compound or _symmetric(c.code))
                       and len({m.actor.code for m in c.sources}) >= 2)]
        substantive = [c for c in out if not c.statement]
        # a statement counts only when it is the sentence's only action and has a target;
        # "told reporters" names the audience, not a target
        return substantive or [c for c in out if c.statement and c.targets
                               and not all(m.actor.agent == "MED" for m in c.targets)]

    def _code_verb(self, verb: Any, index: MentionIndex) -> _Candidate | None:
        features = clause_features(verb)
        pattern = self.book.match(verb, features)
        if pattern is None:
            return None
        code = pattern.code
        lemma = pattern.verb  # the dictionary form matched (the lemmatizer can be wrong)
        if lemma in FIXED_ROOTS and _root(code) not in FIXED_ROOTS[lemma][1] and code != "---":
            # the verb fixes the kind of act whatever its object: "accused X of plans" is an
            # accusation, "rejected a trade proposal" a rejection, not what the object names
            code = FIXED_ROOTS[lemma][0]
        deadline = _deadline_code(verb) if lemma == "give" else None
        if deadline:
            code = deadline
        sources, targets, how = self._participants(verb, index, pattern, features)
        if how.endswith("tgt:host-place") and _direct_object(verb) is not None:
            # "in Rome visiting European leaders": the people visited are not the place's hosts,
            # so the place does not host in return ("arrived in X" keeps X as host)
            code = code.split(":")[0] or code
        modality, negated = _modality(verb)
        if not targets and modality == "conditional":
            targets = _condition_party(verb, index, sources)
            how += " tgt:condition" if targets else ""
        words = "+".join(w for alts in pattern.complement for w in sorted(alts)[:1])
        preps = "+".join(f"prep:{sorted(p)[0]}" + (f":{sorted(n)[0]}" if n else "") for p, n in pattern.preps)
        rule = "+".join(x for x in (f"verb:{pattern.verb}", words and f"obj:{words}", preps) if x)
        rule += f" [{pattern.origin}] {how}"
        if deadline:
            rule += " (deadline to act)"
        reciprocal = _is_reciprocal(verb) or (verb.lemma_.lower() in RECIPROCAL_VERBS
                                              and (not targets or _co_participants(verb, targets)))
        return _Candidate(
            sources=sources, targets=targets, code=code, rule=rule,
            confidence=0.9 if pattern.specificity else 0.7, modality=modality, negated=negated,
            reciprocal=reciprocal, statement=_is_statement(code), anchor=verb.i,
            # "X and Y renewed (their) ties": mutual, but only when nobody else is named
            mutual_if_compound=verb.lemma_.lower() in COMPOUND_MUTUAL_VERBS or _relational_object(verb),
            implied_government=not targets and (_domestic_challenge(verb, code, pattern.complement)
                                                or _domestic_measure(code)),
        )

    def _participants(self, verb: Any, index: MentionIndex, pattern: Any,
                      features: ClauseFeatures) -> tuple[list[Any], list[Any], str]:
        """(sources, targets, trace) of a clause, honouring the pattern's slot markers."""
        sources, src_how = self._sources(verb, index)
        if pattern.source_slot not in (None, "subject"):
            # "$" elsewhere: the named slot acts and the subject is acted upon ("+ * (from $)")
            targets, tgt_how = sources, "subject"
            passive_subject = _child(verb, "nsubjpass") if _is_passive(verb) else None
            if not targets and passive_subject is not None:
                targets = index.of_phrase(passive_subject)  # "X was freed from Y": X is acted upon
            sources, src_how = _slot_actors(verb, pattern.source_slot, features, index), pattern.source_slot
            if pattern.target_slot not in (None, "subject"):
                targets, tgt_how = _slot_actors(verb, pattern.target_slot, features, index), pattern.target_slot
            return sources, targets, f"src:{src_how} tgt:{tgt_how}"
        if pattern.target_slot not in (None, "subject"):
            slotted = _slot_actors(verb, pattern.target_slot, features, index)
            if slotted:
                return sources, slotted, f"src:{src_how} tgt:{pattern.target_slot}"
        targets, tgt_how = self._targets(verb, index, pattern.preps, features, sources,
                                         statement=_is_statement(pattern.code), root=_root(pattern.code),
                                         particle=pattern.particle, code=pattern.code)
        if pattern.code.startswith(VISIT_CODE) and not any(m.actor.key for m in targets):
            # "visited officials in Paris", "in Rome visiting European leaders": the host is the place's country
            hosts = [m for prep, _, token in features.preps if prep == "in"
                     for p in token.children if p.dep_ == "pobj" for m in index.of_phrase(p)
                     if not m.actor.agent and not any(_same_actor(s.actor, m.actor) for s in sources)]
            if hosts:
                return sources, hosts, f"src:{src_how} tgt:host-place"
        if not targets and _root(pattern.code) in PLACE_TARGET_ROOTS:
            # "withdraw troops in Afghanistan", "airstrikes in Gaza": the country acted in
            targets = [m for prep, _, token in features.preps if prep in ("in", "inside", "into")
                       for p in token.children if p.dep_ == "pobj" for m in index.of_phrase(p)
                       if not m.actor.agent and not any(_same_actor(s.actor, m.actor) for s in sources)]
            tgt_how = "place" if targets else tgt_how
        return sources, targets, f"src:{src_how} tgt:{tgt_how}"

    def _sources(self, verb: Any, index: MentionIndex) -> tuple[list[Any], str]:
        """Source actors of a clause and how they were found."""
        seen: set[int] = set()
        v = verb
        how = ""
        while v.i not in seen:
            seen.add(v.i)
            if v is not verb and _noun_list_verb(v):
                break  # "… flexibility, and compromise to find common ground": no clause to take a subject from
            if _is_passive(v):
                agent = _child(v, "agent")
                if agent is not None:
                    objs = [m for p in agent.children if p.dep_ == "pobj" for m in index.of_phrase(p)]
                    return objs, how + "agent"
                if v is verb:
                    return [], "passive"
            subj = _child(v, "nsubj", "csubj") or index.subject_of.get(v.i)
            if subj is not None:
                if _is_relative_pronoun(subj) and v.dep_ == "relcl":
                    return index.of_phrase(v.head), how + "relcl"
                # "Lions, tigers, and X welcomed": the parser may split one coordinated subject in two
                found = index.of_phrase(subj) or _unique(
                    m for c in v.children if c.dep_ == "nsubj" and c.i != subj.i for m in index.of_phrase(c))
                return found, how + "nsubj"
            if v.dep_ == "xcomp" and _child(v.head, "dobj") is not None and v.head.pos_ == "VERB":
                # object control: in "urged both sides to abide", the sides abide
                return index.of_phrase(_child(v.head, "dobj")), how + "objcontrol"
            if v.dep_ in ("xcomp", "conj", "advcl") and (v.head.pos_ in ("VERB", "AUX") or
                                                        v.dep_ == "xcomp" and v.head.pos_ == "ADJ"):
                # "X is about/ready/set to restore ties": the adjective's subject acts
                how += {"xcomp": "control>", "conj": "conj>", "advcl": "advcl>"}[v.dep_]
                v = v.head
                continue
            if v.dep_ in ("acl", "relcl") and _mandated_body(v):
                # "voted to create a mission to investigate X": whoever sets up the body acts
                how += "mandate>"
                v = v.head.head
                continue
            if v.dep_ == "acl" and v.tag_ == "VBN":
                # "soldiers killed in X": a passive participle's noun is acted upon; its agent acts
                agent = _child(v, "agent")
                return ([m for p in agent.children if p.dep_ == "pobj" for m in index.of_phrase(p)]
                        if agent is not None else []), how + "acl-passive"
            if v.dep_ in ("relcl", "acl"):
                # "the country that attacked", "Kishida, visiting Rome": the modified noun acts
                return index.of_phrase(v.head), how + v.dep_
            if v.pos_ == "ADJ" and v.dep_ == "acomp":
                v = v.head  # "X is about to …": the copula's subject
                continue
            break
        return [], how + "none"

    def _targets(self, verb: Any, index: MentionIndex, pattern_preps: tuple[tuple[frozenset[str], Any], ...],
                 features: ClauseFeatures, sources: list[Any], *, statement: bool = False,
                 root: str = "", particle: str | None = None, code: str = "") -> tuple[list[Any], str]:
        """Target actors of a clause and how they were found.

        Actors that are the source itself ("the US withdrew its troops from X") are
        passed over, so the search goes on to the next candidate.
        """
        found, how = self._target_candidates(verb, index, pattern_preps, features, sources, statement, root,
                                             particle, code)
        return found, how

    def _target_candidates(self, verb: Any, index: MentionIndex,
                           pattern_preps: tuple[tuple[frozenset[str], Any], ...],
                           features: ClauseFeatures, sources: list[Any],
                           statement: bool, root: str, particle: str | None = None,
                           code: str = "") -> tuple[list[Any], str]:
        def others(found: list[Any]) -> list[Any]:
            return [m for m in found if not any(_same_actor(s.actor, m.actor) for s in sources)]

        if verb.dep_ == "acl" and verb.tag_ == "VBN":
            found = others(index.of_phrase(verb.head))  # "the soldiers killed by X": the soldiers
            if found:
                return found, "acl-passive"
        if _is_passive(verb):
            subj = _child(verb, "nsubjpass")
            if subj is not None:
                if _is_relative_pronoun(subj) and verb.dep_ == "relcl":
                    return index.of_phrase(verb.head), "relcl"
                found = others(index.of_phrase(subj))
                if found:
                    return found, "nsubjpass"
        else:
            for dep in ("dobj", "dative"):
                obj = _child(verb, dep) if dep == "dative" else _direct_object(verb)
                if obj is not None and obj.pos_ == "ADP":
                    obj = _child(obj, "pobj")  # "gave permission to X": the parser's dative is the preposition
                if obj is None:
                    continue
                if _is_relative_pronoun(obj) and verb.dep_ == "relcl":
                    found = index.of_phrase(verb.head)
                    if found:
                        return found, "relcl"
                    found = _accused_identity(verb, index, others)
                    if found:  # "X, whom they accused of being a Russian spy": who X is said to be
                        return found, "identity"
                    continue
                found = others(index.of_phrase(obj))
                if found:
                    return found, dep
        named = [p for preps, _ in pattern_preps for p in sorted(preps)]
        order = [*named, *(p for p in TARGET_PREPS if p not in named)]
        if root not in ("15", "18", "19", "20"):
            order.append("from")  # "rejected a proposal from X"; but "fired from X" says where
        by_prep: dict[str, list[Any]] = {}
        for prep, _, token in features.preps:
            if prep == "by":
                continue
            found = others([m for p in token.children if p.dep_ == "pobj" for m in index.of_phrase(p)])
            if found:
                by_prep.setdefault(prep, found)
        for prep in order:
            if prep in by_prep:
                return by_prep[prep], f"prep:{prep}"
        obj = _direct_object(verb)
        if obj is not None and obj.lemma_.lower() in ANAPHORIC_ACTS and not index.of_phrase(obj):
            # "Following X's ratification, Y welcomed the decision": the decision is X's
            for prep in ("following", "after"):
                if prep in by_prep:
                    return by_prep[prep], f"prep:{prep}"
        obj = _child(verb, "nsubjpass") if _is_passive(verb) else _direct_object(verb)
        if obj is None and particle:
            # a phrasal verb's particle parsed as a preposition ("cordoned off the roads"): its object is the verb's
            obj = next((o for p in verb.children if p.dep_ == "prep" and p.lower_ == particle
                        for o in p.children if o.dep_ == "pobj"), None)
        if obj is not None and not statement:
            # PETRARCH's rule: the first actor inside the object phrase ("attacks on targets in Gaza");
            # not for statements, whose object is their topic ("stressed peace in the Strait")
            found = _first_nested_actor(obj, index, others)
            if found:
                return found, "nested"
        if not statement:
            found = _prep_chain_actor(verb, index, others)
            if found:
                return found, "prep-nested"
        found = _purpose_target(verb, index, others)
        if found:
            return found, "purpose"
        clause = _child(verb, "ccomp")
        obj = _child(verb, "dobj")
        if clause is None and obj is not None:
            clause = _child(obj, "acl", "ccomp")  # "expressed hopes that Y …"
            clause = clause if clause is not None and _child(clause, "mark") is not None else None
        if clause is not None and verb.lemma_.lower() not in SPEECH_VERBS:
            # "X allowed/feared/believes that Y …": Y is whom the attitude is about; a plain statement
            # (010, "estimates that …") is about its clause, and an opinion only about an actor named as subject
            subj = _child(clause, "nsubj", "nsubjpass")
            opinion = subj is not None and bool(index.at(subj)) and code.split(":")[0] not in ("010", "---")
            found = others(index.of_phrase(subj)) if subj is not None and (not statement or opinion) else []
            if found:
                return found, "ccomp-subject"
        if clause is not None and statement and verb.lemma_.lower() in SPEECH_VERBS:
            # "X said that an embargo against Y would not work": what is said is about Y
            subj = _child(clause, "nsubj", "nsubjpass")
            if subj is not None and not index.at(subj):
                found = _first_nested_actor(subj, index, others)
                if found and _governing_prep(found[0], subj) in TARGET_PREPS[:9]:
                    return found, "said-about"
        return [], "none"

    # -- control, refusal, threats, reported speech -------------------------------------
    def _apply_control(self, by_verb: dict[int, _Candidate], verbs: list[Any], index: MentionIndex,
                       sent: Any) -> None:
        """Fold an embedded act into its control verb: intent (03x), threat (13x) or refusal (12x)."""
        controllers = [*verbs, *(t for t in sent if t.pos_ == "ADJ" and t.lower_ in
                                 INTENT_ADJECTIVES | REFUSAL_ADJECTIVES)]
        for verb in controllers:
            lemma = verb.lemma_.lower() if verb.pos_ != "ADJ" else \
                "refuse" if verb.lower_ in REFUSAL_ADJECTIVES else "intend"
            comp = _child(verb, "xcomp") or _misparsed_complement(verb)
            if comp is not None and comp.i not in by_verb:
                self._target_from_complement(by_verb.get(verb.i), comp, lemma, index)
            if comp is None or comp.i not in by_verb:
                continue
            inner = by_verb[comp.i]
            outer = by_verb.get(verb.i)
            inner.mutual_if_compound = inner.mutual_if_compound or bool(outer and outer.mutual_if_compound)
            if inner.code == "---":
                continue
            modality, negated = _modality(verb)
            if negated and verb.pos_ != "ADJ" and not any(c.dep_ == "aux" and c.lower_ == "to" for c in comp.children):
                # "will not help rebuild", "will not wire tap": a bare verb shares its head's negation
                inner.negated = True
            if lemma in APPEAL_VERBS and outer is not None and outer.code != "---":
                del by_verb[comp.i]  # what is asked for has not happened: only the appeal is coded
                continue
            if lemma in NEGATING_VERBS:
                inner.negated = True
                inner.rule = f"verb:{lemma}>{inner.rule} (not done)"
                if outer is not None:
                    outer.code = "---"
                continue
            if lemma in REFUSAL_VERBS:
                # a refusal is one-sided: the refuser's side of a paired code only
                inner.code = _map_code(inner.code.split(":")[0] or inner.code, REFUSAL_BY_ROOT, "120",
                                       conflict=None)
                inner.rule = f"verb:{lemma}>{inner.rule} (refusal)"
                # CAMEO has refusal codes only for cooperation (12x); a refused attack is flagged, not coded
                inner.modality, inner.negated, inner.reciprocal = "denied", _root(inner.code) != "12", False
            elif lemma in INTENT_VERBS or lemma in THREAT_VERBS:
                # an intent or threat is one-sided when aimed at someone ("vowed to meet X")
                code = (inner.code.split(":")[0] or inner.code) if inner.targets else inner.code
                if inner.targets:
                    inner.reciprocal = False
                if lemma in THREAT_VERBS or _root(code) >= "09":
                    inner.code = _map_code(code, {}, None, conflict="threat")
                else:
                    inner.code = _map_code(code, INTENT_BY_ROOT, "030", conflict=None)
                inner.rule = f"verb:{lemma}>{inner.rule} (intent)"
                inner.modality = "intended" if modality == "asserted" else modality
                inner.negated = negated
                if negated:
                    inner.modality = "denied"
            else:
                continue
            if not inner.sources and outer is not None:
                inner.sources = outer.sources
            if lemma not in REFUSAL_VERBS and not inner.targets:
                inner.reciprocal = inner.reciprocal or (outer.reciprocal if outer else False)
            if outer is not None:
                outer.code = "---"  # the embedded act is the more specific event

    def _target_from_complement(self, outer: _Candidate | None, comp: Any, lemma: str, index: MentionIndex) -> None:
        """An intent, threat or refusal whose act matches no pattern is aimed where that act is.

        "X promised to democratize Y": the promise (03x) is coded on its own, toward Y.
        """
        if outer is None or outer.targets or outer.code == "---" or \
                lemma not in INTENT_VERBS | THREAT_VERBS | REFUSAL_VERBS:
            return
        targets, how = self._targets(comp, index, (), clause_features(comp), outer.sources,
                                     root=_root(outer.code), code=outer.code)
        if targets:
            outer.targets = targets
            outer.rule += f" tgt:complement>{how}"

    def _apply_speech(self, by_verb: dict[int, _Candidate], verbs: list[Any], index: MentionIndex) -> None:
        """Reported speech: the speaker becomes the reporter of what is reported.

        Accusations ("X accused Y of Z", "X claimed Y had tried to …") keep one 11x
        event X→Y: the accused act Z is not coded, and its subject is the target when
        the accusation itself has none.
        """
        for verb in verbs:
            lemma = verb.lemma_.lower()
            speech = lemma in SPEECH_VERBS or lemma == "accord"
            accusation = lemma in ACCUSATION_VERBS
            if not (speech or accusation):
                continue
            speaker = _child(verb, "nsubj")
            if lemma == "accord":  # "according to X, ..."
                prep = _child(verb, "prep")
                speaker = _child(prep, "pobj") if prep is not None else None
            for clause in _reported_clauses(verb):
                if accusation:
                    self._fold_accusation(by_verb, verb, clause, index)
                    continue
                if self._reported_demand(by_verb, verb, clause, index) \
                        or self._reported_disapproval(by_verb, verb, clause, index) \
                        or self._reported_wrongdoing(by_verb, verb, clause, index) \
                        or self._reported_culpability(by_verb, verb, clause, index):
                    continue
                for i in _clause_verbs(clause):
                    cand = by_verb.get(i)
                    if cand is None or speaker is None or cand.reporter is not None:
                        continue
                    cand.reporter = _speaker_text(speaker, index)
                    cand.confidence = round(cand.confidence - 0.05, 2)
                    reported = verb.doc[i]
                    if not cand.sources and _is_passive(reported) and _child(reported, "agent") is None \
                            and _root(cand.code) not in ("18", "19", "20"):
                        # "an investigation has been launched", the spokesman said: the
                        # speaker announces its own side's action (an official confirming
                        # that someone "was killed" does not claim the killing)
                        cand.sources = index.of_phrase(speaker)
                        cand.rule += " src:speaker"

    @staticmethod
    def _reported_demand(by_verb: dict[int, _Candidate], verb: Any, clause: Any, index: MentionIndex) -> bool:
        """"X said Y must end Z": a demand (CAMEO 10) from X on Y; what Y must do is not an event."""
        said = by_verb.get(verb.i)
        auxes = {c.lower_ for c in clause.children if c.dep_ in ("aux", "auxpass")}
        subj = _child(clause, "nsubj", "nsubjpass")
        if said is None or not auxes & OBLIGATION_AUX or subj is None or clause.i == verb.head.i:
            return False
        return _recode_said(by_verb, said, clause, index.of_phrase(subj), "100", "reported obligation: demand")

    @staticmethod
    def _reported_wrongdoing(by_verb: dict[int, _Candidate], verb: Any, clause: Any, index: MentionIndex) -> bool:
        """"X says the vote was rigged by Y": saying that someone did wrong accuses them (112) X→Y."""
        said = by_verb.get(verb.i)
        if said is None or clause.lemma_.lower() not in WRONGDOING_VERBS or _modality(clause)[1] \
                or clause.i == verb.head.i:
            return False
        agent = _child(clause, "agent") if _is_passive(clause) else None
        doers = [p for p in agent.children if p.dep_ == "pobj"] if agent is not None else \
            [s for s in clause.children if s.dep_ == "nsubj"]
        return _recode_said(by_verb, said, clause, [m for d in doers for m in index.of_phrase(d)], "112",
                            "reported wrongdoing: accusation")

    @staticmethod
    def _reported_culpability(by_verb: dict[int, _Candidate], verb: Any, clause: Any, index: MentionIndex) -> bool:
        """"X said Y was culpable/guilty/to blame for Z": blaming Y is an accusation (112) X→Y.

        The judgement may sit deep in what is said ("no conclusion other than that Y was
        culpable"); "responsible" counts only for a harm ("responsible for the attack"),
        not for a duty ("responsible for security").
        """
        said = by_verb.get(verb.i)
        if said is None or clause.i == verb.head.i:
            return False
        blamed = []
        for tok in clause.subtree:
            if tok.lemma_.lower() != "be" or _modality(tok)[1]:
                continue
            preds = [c for c in tok.children if c.dep_ in ("acomp", "xcomp")]
            negated = any(c.dep_ == "neg" for t in (tok, *preds) for c in t.children)
            if not negated and any(_culpable(p) for p in preds):
                subj = _child(tok, "nsubj")
                blamed += index.of_phrase(subj) if subj is not None else []
        return _recode_said(by_verb, said, clause, blamed, "112", "reported culpability: accusation")

    def _reported_disapproval(self, by_verb: dict[int, _Candidate], verb: Any, clause: Any,
                              index: MentionIndex) -> bool:
        """"Y's conduct is unacceptable," X said: a criticism (111) from X.

        The target is the actor of the judged subject, else the one the speaker is
        said to refer to ("…, referring to Y").
        """
        if clause.lemma_.lower() != "be" or clause.i == verb.head.i or _modality(clause)[1]:
            return False
        judged = {c.lemma_.lower() for c in clause.children if c.dep_ in ("acomp", "attr")}
        subj = _child(clause, "nsubj")
        if not judged & DISAPPROVAL_WORDS or subj is None:
            return False
        said = by_verb.get(verb.i) or _Candidate(
            sources=self._sources(verb, index)[0], targets=[], code="111",
            rule=f"verb:{verb.lemma_.lower()}", confidence=0.7, anchor=verb.i)
        sources = said.sources

        def others(found: list[Any]) -> list[Any]:
            return [m for m in found if not any(_same_actor(s.actor, m.actor) for s in sources)]

        targets = others(index.of_phrase(subj))
        referred = [p for c in verb.children if c.dep_ == "advcl" and c.lemma_.lower() == "refer"
                    for p in c.children if p.dep_ == "prep" and p.lower_ == "to"]
        if not targets and referred:
            targets = others([m for p in referred for o in p.children if o.dep_ == "pobj" for m in index.of_phrase(o)])
        if not sources or not targets:
            return False
        for i in _clause_verbs(clause):
            by_verb.pop(i, None)
        said.code, said.targets, said.statement = "111", targets, False
        said.rule += " (reported disapproval: criticism)"
        by_verb[verb.i] = said
        return True

    @staticmethod
    def _fold_accusation(by_verb: dict[int, _Candidate], verb: Any, clause: Any,
                         index: MentionIndex) -> None:
        """Drop the accused act; its subject becomes the accusation's target if it has none."""
        for i in _clause_verbs(clause):
            by_verb.pop(i, None)
        accusation = by_verb.get(verb.i)
        subj = _child(clause, "nsubj", "nsubjpass")
        if accusation is not None and not accusation.targets and subj is not None:
            accusation.targets = index.of_phrase(subj)

    # -- nominal events -----------------------------------------------------------------
    def _code_nouns(self, sent: Any, index: MentionIndex, by_verb: dict[int, _Candidate]) -> list[_Candidate]:
        out: list[_Candidate] = []
        for token in sent:
            if token.pos_ not in ("NOUN", "PROPN"):
                continue
            key = next((k for k in _noun_keys(token) if k in self.nouns), None)
            if key is None or _inside_evaluated_object(token) or _in_background(token):
                continue
            code = self.nouns[key]
            sources, targets, how = _noun_participants(token, index)
            if _recoded_by_verb(token, sources, by_verb):
                continue
            if not targets:
                sources, targets, how = _reaction_participants(token, index, sources, how)
            if sources and not targets and _root(code) == "11":
                targets = _accused_patient(token, index, sources)
                how += " tgt:accused" if targets else ""
            if not sources and targets and _root(code) == "04":
                # "he said during a meeting with X": the clause's subject met X
                verb = next((a for a in token.ancestors if a.pos_ in ("VERB", "AUX")), None)
                if verb is not None:
                    sources, how = self._sources(verb, index)[0], "clause"
            if _root(code) == "04" and not any(m.actor.country or m.actor.igo for m in sources):
                # "he spoke during a meeting at the Kremlin with X": the seat's state hosts X
                host, guests = _seat_host(token, index)
                if host:
                    sources, targets, code, how = host, guests, HOST_CODE, how + " host:seat"
            reciprocal = how == "between"
            if reciprocal and ":" not in code:
                continue  # "the mediation between A and B": a one-way act needs its agent, the parties are not it
            if not sources or not (targets or reciprocal or _root(code) in TARGETLESS_ROOTS):
                continue
            cand = _Candidate(
                sources=sources, targets=targets, code=code,
                rule=f"noun:{key} src:{how} [nouns.tsv]", confidence=0.6,
                reciprocal=reciprocal, anchor=token.i,
                modality=_modality(token.head)[0] if token.dep_ in ("dobj", "nsubj") else "asserted",
            )
            if any(c.lower_ in FUTURE_ADJECTIVES for c in token.children):
                # "his upcoming meetings with X": planned, so an intent
                cand.modality = "intended"
                if self.future_as_intent:
                    _to_intent(cand)
            out.append(cand)
        return out

    # -- fixing candidates into events ------------------------------------------------------
    def _finish(self, candidates: list[_Candidate], sent: Any, sentence_index: int, doc_id: str,
                date: str | None, text: str) -> Iterator[Event]:
        seen: set[tuple[str | None, str | None, str]] = set()
        for cand in candidates:
            if getattr(self.settings, "require_source", True):
                # a source with neither country nor IGO holds no dyad, nor does the paired reverse of its act
                cand.sources = [m for m in cand.sources if m.actor.country or m.actor.igo]
            for source, target, code, rule in _expand(cand):
                if source is None:
                    continue
                if target is not None and _same_actor(source.actor, target.actor) and not _domestic_measure(code):
                    if not _aimed_at_government(code):
                        continue
                    target = None  # "activists struck in Algiers": the place is where; the government is whom
                entry = lookup(code, self.settings.goldstein)
                if entry is None and self.keep_unknown_codes and code[:2].isdigit():
                    entry = CameoCode(code, code[:2], "", None, None, None, None)
                if entry is None:
                    continue
                src = source.actor
                if getattr(self.settings, "require_source", True) and not (src.country or src.igo):
                    continue  # "the ministry expressed ...": no dyad can hold a source without a country
                tgt = target.actor if target is not None else _implied_target(src, code, cand.implied_government)
                if tgt is not None and target is None:
                    rule += " tgt:implied-government"
                key = (src.code, tgt.code if tgt else None, code)
                if key in seen:
                    continue
                seen.add(key)
                span = (sent.start_char, sent.end_char)
                confidence = max(0.0, min(1.0, cand.confidence))
                if confidence < self.settings.min_confidence:
                    continue
                yield Event(
                    event_id=Event.make_id(doc_id, sentence_index, span, src, tgt, code),
                    doc_id=doc_id, date=date, sentence_index=sentence_index, sentence=text,
                    span=span, source=src, target=tgt, cameo_code=code, cameo_root=entry.root,
                    plover=entry.plover, plover_mode=entry.plover_mode, goldstein=entry.goldstein,
                    quad_class=entry.quad_class, negated=cand.negated, modality=cand.modality,
                    reporter=cand.reporter, rule=f"{rule} -> {code}", confidence=confidence,
                )


# --- helpers --------------------------------------------------------------------------------
def _slot_actors(verb: Any, slot: str, features: ClauseFeatures, index: MentionIndex) -> list[Any]:
    """Actors in a pattern's slot: ``object``, ``prep:<preposition>`` or ``after:<word>``.

    ``after:<word>`` is the first actor after that word's phrase in the verb's clause
    ("celebrated the feast in X with the leaders of Y" → Y), else the object.
    """
    if slot.startswith("after:"):
        found = _actor_after(verb, slot.partition(":")[2], index)
        return found or _slot_actors(verb, "object", features, index)
    if slot == "object":
        obj = _child(verb, "nsubjpass" if _is_passive(verb) else "dobj") or _child(verb, "dative", "attr")
        return index.of_phrase(obj) if obj is not None else []
    prep = slot.partition(":")[2]
    return [m for p, _, token in features.preps if p == prep
            for o in token.children if o.dep_ == "pobj" for m in index.of_phrase(o)]


# prepositions of place and of time: their phrases say where or when, not to whom
PLACE_PREPS = frozenset({"in", "into", "inside", "at", "near", "from", "across", "along", "through", "off",
                         "onto", "within", "around", "outside", "beyond", "throughout", "over"})
TIME_PREPS = frozenset({"during", "before", "after", "since", "until", "till", "amid", "following",
                        "throughout", "ahead"})
# prepositions that name the other party of a mutual act ("clashed with X", "talks between")
PARTNER_PREPS = frozenset({"with", "between", "among", "against"})


def _co_participants(verb: Any, targets: list[Any]) -> bool:
    """Whether a target takes part in the act itself: the object, or a with/between/against phrase.

    "X clashed with Y" and "X met Y" are mutual; in "X clashed over Y's efforts" Y is
    only what the clash is about.
    """
    heads = {m.head for m in targets}
    for child in verb.children:
        if child.dep_ in ("dobj", "dative", "nsubjpass"):
            if any(t.i in heads for t in (child, *_conjuncts(child))):
                return True
        elif child.dep_ == "prep" and child.lower_ in PARTNER_PREPS:
            if any(t.i in heads for p in child.children if p.dep_ == "pobj" for t in (p, *_conjuncts(p))):
                return True
    return False


def _actor_after(verb: Any, word: str, index: MentionIndex) -> list[Any]:
    """The first actor in the verb's clause after ``word`` (after its whole phrase when it is a preposition)."""
    anchor = next((t for t in verb.subtree if t.i > verb.i and word in (t.lower_, t.lemma_.lower())), None)
    if anchor is None:
        return []
    start = anchor.right_edge.i if anchor.dep_ == "prep" else anchor.i
    blocked = {x.i for c in verb.children if c.dep_ in ("relcl", "ccomp", "advcl", "parataxis", "conj")
               for x in c.subtree}
    for t in verb.subtree:
        if t.i > start and t.i not in blocked and index.at(t):
            return index.of_phrase(t)
    return []


def _negated_attitude(verb: Any) -> bool:
    """Whether a negated verb withholds recognition: "does not recognize X", "does not consider X to be …".

    Verbs of judgement count only with a complement that says what X is or has
    ("consider X to have the authority", "regard X as legitimate"), not "did not consider sending".
    """
    lemma = verb.lemma_.lower()
    if lemma in ATTITUDE_VERBS:
        return True
    if lemma not in JUDGEMENT_VERBS:
        return False
    comp = _child(verb, "ccomp", "xcomp", "oprd")
    as_phrase = any(c.dep_ == "prep" and c.lower_ == "as" for c in verb.children)
    return as_phrase or (comp is not None and _child(comp, "nsubj", "nsubjpass") is not None)


# verbs of stance and appeal: an event noun in what they express, back or call for is their topic
# ("expressed support for the ceasefire between A and B" is no ceasefire event)
STANCE_VERBS = frozenset({"express", "voice", "reaffirm", "support", "back", "endorse", "note", "urge", "seek"})


# wrongdoings: saying that someone did them accuses that someone (gold rule 5)
WRONGDOING_VERBS = frozenset({"rig", "steal", "falsify", "fabricate", "manipulate", "embezzle", "loot",
                              "cheat", "defraud", "bribe", "violate", "breach"})


# nouns that refer back to an act already named ("the decision", "the move"): whose act it is may be
# said only in a "following/after X's act" adjunct of the same clause
ANAPHORIC_ACTS = frozenset({"decision", "move", "step", "announcement", "action", "measure", "vote", "deal"})


# predicates that blame their subject: "Y was culpable / guilty / to blame"; "responsible" only for a harm
CULPABLE_WORDS = frozenset({"culpable", "guilty", "blame"})
HARM_NOUNS = frozenset({"attack", "killing", "murder", "death", "bombing", "poisoning", "shooting", "strike",
                        "assassination", "explosion", "abduction", "kidnapping", "massacre", "violence",
                        "crime", "atrocity", "downing", "sabotage", "hack", "cyberattack"})


def _culpable(pred: Any) -> bool:
    """Whether a predicate blames its subject (see ``CULPABLE_WORDS`` and ``HARM_NOUNS``)."""
    lemma = pred.lemma_.lower()
    if lemma in CULPABLE_WORDS:
        return pred.dep_ == "acomp" or _to_infinitive(pred)
    if lemma != "responsible":
        return False
    return any(o.lemma_.lower() in HARM_NOUNS for p in pred.children if p.dep_ == "prep" and p.lower_ == "for"
               for o in p.children if o.dep_ == "pobj")


# judgements that make a statement a criticism: "X's move is unacceptable"
DISAPPROVAL_WORDS = frozenset({"regrettable", "unacceptable", "deplorable", "outrageous", "shameful",
                               "disgraceful", "reprehensible", "appalling", "irresponsible", "illegal",
                               "unlawful", "illegitimate", "disgrace", "provocation", "outrage", "travesty"})


# verbs that report a reaction to the subject: "X's move drew condemnation from Y"
REACTION_VERBS = frozenset({"draw", "prompt", "provoke", "spark", "trigger", "attract", "elicit", "earn"})


def _reaction_participants(noun: Any, index: MentionIndex, sources: list[Any],
                           how: str) -> tuple[list[Any], list[Any], str]:
    """A reaction noun drawn by something: "X's decision drew condemnation from Y" is Y → X.

    The reacting actor is the noun's ``from`` phrase (or the verb's, where the parser
    attached it there); the target is the actor of the verb's subject.

    Returns:
        (sources, targets, how), unchanged when the noun is not such a reaction.
    """
    obj = noun
    while obj.dep_ in ("conj", "pobj", "prep") and obj.head.i != obj.i:
        obj = obj.head  # "drew a vow of revenge from Y and condemnation from Z": coordinated reactions
    verb = obj.head
    if obj.dep_ != "dobj" or verb.lemma_.lower() not in REACTION_VERBS:
        return sources, [], how
    subj = _child(verb, "nsubj")
    if not sources:
        # the noun's own "from" phrase, also one the parser hung lower ("a vow of revenge from Y")
        own = [t for t in _phrase_tokens(noun) if t.dep_ == "prep" and t.lower_ == "from"]
        for preps in (own, [p for p in verb.children if p.dep_ == "prep" and p.lower_ == "from"]):
            sources = [m for p in preps for o in p.children if o.dep_ == "pobj" for m in index.of_phrase(o)]
            if sources:
                break
    targets = [m for m in index.of_phrase(subj) if not any(_same_actor(s.actor, m.actor) for s in sources)] \
        if subj is not None and sources else []
    return sources, targets, "reaction" if targets else how


def _phrase_tokens(token: Any) -> list[Any]:
    """The tokens of a noun phrase without its coordinated conjuncts or clauses."""
    out = [token]
    for child in token.children:
        if child.dep_ not in ("conj", "cc", "relcl", "acl", "appos"):
            out.extend(_phrase_tokens(child))
    return out


TIME_UNITS = frozenset({"hour", "day", "week", "month"})
# acts whose deadline expels: "gave the diplomats 72 hours to leave" (CAMEO 161)
LEAVING_VERBS = frozenset({"leave", "depart", "exit", "quit"})


def _deadline_code(verb: Any) -> str | None:
    """"gave X 72 hours to leave" is an expulsion (161); "gave X a week to withdraw" an ultimatum (139).

    Returns:
        The code, or None when the verb sets no deadline for an act.
    """
    times = [c for c in verb.children if c.lemma_.lower() in TIME_UNITS and c.dep_ in ("dobj", "npadvmod", "dative")]
    acts = [a for t in (verb, *times) for a in t.children
            if a.dep_ in ("advcl", "relcl", "acl", "xcomp") and a.pos_ == "VERB"
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in a.children)]
    if not times or not acts:
        return None
    return "161" if acts[0].lemma_.lower() in LEAVING_VERBS else "139"


def _accused_identity(verb: Any, index: MentionIndex, keep: Any) -> list[Any]:
    """The actor an accused is said to be: "accused of being a Russian spy" gives the Russian spy."""
    if verb.lemma_.lower() not in ACCUSATION_VERBS:
        return []
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for comp in prep.children:
                if comp.dep_ == "pcomp" and comp.lemma_.lower() == "be":
                    found = [m for a in comp.children if a.dep_ in ("attr", "acomp") for m in index.of_phrase(a)]
                    if keep(found):
                        return keep(found)
    return []


def _accused_patient(noun: Any, index: MentionIndex, sources: list[Any]) -> list[Any]:
    """Who an accusation is about when it is the ground of a passive act: "X was detained on accusations by Y".

    The one detained, arrested or charged "on/over accusations" is the accused.
    """
    prep = noun.head
    verb = prep.head
    if noun.dep_ != "pobj" or prep.lower_ not in ("on", "over", "for") or not _is_passive(verb):
        return []
    subj = _child(verb, "nsubjpass")
    if subj is None:
        return []
    return [m for m in index.of_phrase(subj) if not any(_same_actor(s.actor, m.actor) for s in sources)]


def _mediated_parties(by_verb: dict[int, _Candidate], sent: Any) -> None:
    """A mediation (CAMEO 045) without a named party mediates between the parties of the act it explains.

    In "A and B exchanged prisoners after C acted as an intermediary", C mediated
    between A and B: the mediation clause hangs off the act whose participants it brought together.
    """
    for i, cand in by_verb.items():
        verb = sent.doc[i]
        if cand.targets or not cand.code.startswith(MEDIATION_CODE) or verb.dep_ not in ("advcl", "conj", "ccomp"):
            continue
        act = by_verb.get(verb.head.i)
        if act is None or act.code == "---":
            continue
        parties = [m for m in _unique([*act.sources, *act.targets])
                   if not any(_same_actor(s.actor, m.actor) for s in cand.sources)]
        if len({m.actor.code for m in parties}) >= 2:
            cand.targets = parties
            cand.rule += " tgt:mediated-parties"


def _condition_party(verb: Any, index: MentionIndex, sources: list[Any]) -> list[Any]:
    """The actor a condition asks something of: in "X will withdraw if Y keeps its word", Y.

    A promise or threat made conditional on another party's conduct is addressed to
    that party, so it is the target when the clause names none.
    """
    for clause in verb.children:
        if clause.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS
                                          for c in clause.children):
            subj = _child(clause, "nsubj", "nsubjpass")
            if subj is not None:
                return [m for m in index.of_phrase(subj) if not any(_same_actor(s.actor, m.actor) for s in sources)]
    return []


def _seat_host(noun: Any, index: MentionIndex) -> tuple[list[Any], list[Any]]:
    """The state whose seat of power a meeting is held at, and the foreign guests it receives.

    In "a meeting at the Kremlin with X" the named building ("the Kremlin", "the White House",
    "Downing Street") stands for its government, which hosts X (CAMEO 043; X visits, 042).

    Args:
        noun: the meeting noun ("meeting", "talks").
        index: the sentence's actor mentions.

    Returns:
        (seats, guests): the seat's mentions and the with-phrase actors of another country,
        or ([], []) when there is no named seat with a country or no foreign guest.
    """
    def phrase(word: str, named: bool = False) -> list[Any]:
        return [m for prep in noun.children if prep.dep_ == "prep" and prep.lower_ == word
                for p in prep.children if p.dep_ == "pobj" and (p.pos_ == "PROPN" or not named)
                for m in index.of_phrase(p)]

    # a named building of a state institution, not "at the talks" or "at a hotel"
    seats = [m for m in phrase("at", named=True) if m.actor.country and m.actor.agent]
    guests = [g for g in phrase("with") if g.actor.country or g.actor.igo]
    if not seats or not guests or any(_same_actor(s.actor, g.actor) for s in seats for g in guests):
        return [], []
    return seats, guests


def _recoded_by_verb(noun: Any, sources: list[Any], by_verb: dict[int, _Candidate]) -> bool:
    """Whether the verb that has this noun as its object already coded the same actor's act.

    "Britain lifted its sanctions on Iran" is easing (085) by the verb's pattern; the
    noun alone would add a sanction (163) that the sentence does not report. A noun
    with participants of its own stays ("brokered a ceasefire between A and B").
    """
    cand = by_verb.get(noun.head.i)
    if noun.dep_ != "dobj" or cand is None or cand.code == "---" or "+obj:" not in cand.rule or not cand.targets:
        return False
    return any(_same_actor(s.actor, v.actor) for s in sources for v in cand.sources)


def _recode_said(by_verb: dict[int, _Candidate], said: _Candidate, clause: Any, found: list[Any], code: str,
                 why: str) -> bool:
    """Make a speech act the act its reported clause amounts to (demand, accusation) toward ``found``.

    The reported clause's own events are dropped: what is demanded or blamed is not itself an event.

    Returns:
        False (nothing changed) when ``found`` holds no actor other than the speaker's.
    """
    targets = [m for m in found if not any(_same_actor(s.actor, m.actor) for s in said.sources)]
    if not targets:
        return False
    for i in _clause_verbs(clause):
        by_verb.pop(i, None)
    said.code, said.targets, said.statement = code, targets, False
    said.rule += f" ({why})"
    return True


def _same_actor(a: Actor, b: Actor) -> bool:
    """One actor on both sides: same code, or same country/IGO where an agent is missing or equal.

    "Russia sent troops" (RUS → RUSMIL) is not an event between two actors; the
    opposition and the government of one country (GHAOPP → GHAGOV) are.
    """
    if a.code == b.code:
        return True
    if a.key is None or a.key != b.key:
        return False
    return not a.agent or not b.agent or a.agent == b.agent


def _to_intent(cand: _Candidate) -> None:
    """Future and conditional acts: cooperation becomes an intent (03x), conditional force a threat.

    "will withdraw all troops (if …)" is a pledge (0356); "will expel diplomats" stays
    the act, as news reports announced conflict acts as done deals; "will strike if …" is a
    threat (13x), and so is announced force with or without a condition ("said it would
    attack X", CAMEO 138): an attack that is still to come has not happened.
    """
    root = _root(cand.code)
    if root in ("03", "13"):
        pass
    elif root < "09":
        # an intent is the speaker's own: "X will meet Y" says nothing of Y's plans
        forward = cand.code.split(":")[0] or cand.code.split(":")[-1]
        if cand.targets:
            cand.code, cand.reciprocal = _map_intent(forward), False
        else:  # "X and Y will meet": each intends to
            cand.code = _map_intent(cand.code)
        cand.rule += " (intent)"
    elif cand.modality == "conditional" or root in ANNOUNCED_FORCE_ROOTS:
        cand.code = _map_code(cand.code, {}, None, conflict="threat")
        cand.rule += " (threat)"
    cand.modality = "intended"


def _map_intent(code: str) -> str:
    out = []
    for side in code.split(":"):
        if not side or side[:2] in ("03", "13") or side[:2] >= "09":
            out.append(side)
            continue
        out.append(INTENT_BY_CODE.get(side[:3]) or INTENT_BY_CODE.get(side[:2]) or INTENT_BY_ROOT.get(side[:2], "030"))
    return ":".join(out)


def _in_background(token: Any) -> bool:
    """Whether a word sits in a historical anchor: "since X invaded Y", "in response to X's invasion"."""
    t = token
    while True:
        if any(c.dep_ == "mark" and c.lower_ in BACKGROUND_MARKS for c in t.children):
            return True
        if t.dep_ == "prep" and (t.lower_ in BACKGROUND_MARKS or t.lower_ == "to" and t.head.lower_ == "response"):
            return True
        if t.head.i == t.i:
            return False
        t = t.head


def _first_nested_actor(phrase: Any, index: MentionIndex, keep: Any) -> list[Any]:
    """The first actor (other than the source) inside a phrase, not looking into clauses.

    A participle's agent is the exception: in "the result announced by the commission"
    the commission is who the act is about.
    """
    blocked: set[int] = set()
    for t in phrase.subtree:
        if t.i in blocked:
            continue
        if t.dep_ == "acl" and t.tag_ in ("VBG", "VBN") and _child(t, "aux") is None:
            continue  # a participle ("the roads leading into X") is part of the phrase
        if t.dep_ in ("relcl", "acl", "ccomp", "advcl", "appos"):
            blocked.update(x.i for x in t.subtree)
            agent = _child(t, "agent") if t.dep_ == "acl" else None
            found = keep([m for p in agent.children if p.dep_ == "pobj" for m in index.of_phrase(p)]) \
                if agent is not None else []
            if found:
                return found
            continue
        if t.i != phrase.i and index.at(t):
            found = keep(index.of_phrase(t))
            if found:
                return found
    return []


def _prep_chain_actor(verb: Any, index: MentionIndex, keep: Any) -> list[Any]:
    """The first actor nested inside the verb's prepositional phrases (PETRARCH's target search).

    "appealed for peace in X", "called for a boycott against X", "the toll rose in the
    dispute with X", "marched close to the border with X": the phrase's own object is a
    topic or a place, the actor inside it is whom the act concerns. ``by`` phrases (agents,
    means) and phrases of time are left out.
    """
    holders = [verb, *(c for c in verb.children if c.dep_ == "advmod")]  # "close to the border with X"
    preps = sorted((p for h in holders for p in h.children if p.dep_ == "prep"
                    and p.lower_ not in TIME_PREPS and p.lower_ != "by"), key=lambda p: p.i)
    for prep in preps:
        for obj in prep.children:
            if obj.dep_ != "pobj" or obj.ent_type_ in ("DATE", "TIME"):
                continue
            found = keep(index.of_phrase(obj)) if prep.lower_ in TARGET_PREPS else []
            found = found or _first_nested_actor(obj, index, keep)
            # in a place phrase ("into the Sea of X", "from the outskirts of X") a nested actor names
            # where, unless a partner preposition brings it in ("in the dispute with X")
            if found and (prep.lower_ not in PLACE_PREPS or _governing_prep(found[0], obj) in PARTNER_PREPS | {"to", "from"}):
                return found
    return []


def _governing_prep(mention: Any, top: Any) -> str | None:
    """The preposition that introduces a mention's phrase below ``top`` ("the dispute with X" → with)."""
    t = top.doc[mention.head]
    while t is not None and t.i != top.i and t.head.i != t.i:
        if t.dep_ == "pobj" and t.head.dep_ == "prep":
            return t.head.lower_
        t = t.head
    return None


# links by which an act hangs inside the complement of a copula ("is not a case of X doing Y")
FRAME_LINKS = frozenset({"pcomp", "pobj", "prep", "attr", "acomp", "acl", "advcl", "xcomp"})


def _denied_by_frame(verb: Any) -> bool:
    """Whether an act sits in the complement of a negated copula or existential.

    "It is not a case of X shaking hands with Y", "there is no question of X attacking Y",
    "this is not about X meeting Y": the frame denies the act.
    """
    t = verb
    for _ in range(8):
        if t.dep_ not in FRAME_LINKS or t.head.i == t.i:
            return False
        t = t.head
        if t.lemma_.lower() == "be" and t.pos_ in ("AUX", "VERB"):
            attrs = [c for c in t.children if c.dep_ == "attr"]
            return any(c.dep_ == "neg" for c in t.children) or any(
                d.dep_ == "det" and d.lower_ == "no" for a in attrs for d in a.children)
    return False


def _purpose_target(verb: Any, index: MentionIndex, keep: Any) -> list[Any]:
    """Whom an act is for, from its purpose clause: "signed an accord to supply X with wheat",
    "abandoned efforts to stop X's parade" (the infinitive's object, on the verb or on its object)."""
    holders = [verb, *(c for c in verb.children if c.dep_ == "dobj")]
    for clause in (c for h in holders for c in h.children if c.dep_ in ("advcl", "acl")):
        if clause.pos_ != "VERB" or not any(a.dep_ == "aux" and a.lower_ == "to" for a in clause.children) \
                or _child(clause, "nsubj") is not None:
            continue
        for obj in (c for c in clause.children if c.dep_ in ("dobj", "dative")):
            # a named party, not a pronoun's guess ("to discuss their plans")
            found = [m for m in keep(index.of_phrase(obj)) if verb.doc[m.head].pos_ != "PRON"]
            if found:
                return found
    return []


def _domestic_challenge(verb: Any, code: str, complement: tuple[frozenset[str], ...] = ()) -> bool:
    """Whether an act challenges the state without naming it: a legal challenge, rejecting election results.

    "The opposition rejected the results" and "will launch a legal challenge" are aimed
    at the authorities that declared the results.

    Args:
        verb: the act's verb.
        code: its CAMEO code.
        complement: the object words of the pattern that matched (alternative sets).

    Returns:
        True for a challenge to the state.
    """
    if code.split(":")[0] in DOMESTIC_CHALLENGE_CODES:
        return True
    if _root(code) != "12":
        return False
    if any({w.rstrip("s") for w in alts} & ELECTION_OUTCOMES for alts in complement):
        return True  # the pattern itself names the outcome ("reject * result|results")
    obj = _direct_object(verb)
    return obj is not None and any(t.lemma_.lower() in ELECTION_OUTCOMES for t in (obj, *obj.children))


# domestic administrative measures (curfews, martial law, bans; their easing): imposed on one's own country
DOMESTIC_MEASURES = ("172", "081")


def _domestic_measure(code: str) -> bool:
    """Whether a code is an administrative measure a state takes at home (CAMEO 172x, 081x)."""
    return code.split(":")[0].startswith(DOMESTIC_MEASURES)


def _aimed_at_government(code: str) -> bool:
    """Protests (14) and threats of protest (133) are aimed at the government when no one else is named."""
    return code[:2] == "14" or code.startswith("133")


def _implied_target(source: Actor, code: str, challenge: bool = False) -> Actor | None:
    """The target CAMEO implies when none is named.

    A domestic measure (curfew, martial law: 172x, 081x) targets the source's own
    country; a protest (14), a threat of protest (133) or a challenge (``challenge``) by
    a non-government actor of a known country targets its government.

    Args:
        source: the acting actor.
        code: the event's CAMEO code.
        challenge: the act challenges the state (see ``_domestic_challenge``).

    Returns:
        The implied actor, or None.
    """
    if not source.country:
        return None
    if _domestic_measure(code):
        return Actor(code=source.country, country=source.country, name=source.country, text="",
                     evidence="implied: a domestic measure targets the source's own country")
    if (not _aimed_at_government(code) and not challenge) or source.agent == "GOV":
        return None
    return Actor(code=f"{source.country}GOV", country=source.country, agent="GOV",
                 name=f"government ({source.country})", text="",
                 evidence="implied: a domestic protest or challenge targets the government")


def _symmetric(code: str) -> bool:
    """A paired code with the same code both ways ("040:040")."""
    forward, sep, backward = code.partition(":")
    return bool(sep) and forward == backward


def _is_statement(code: str) -> bool:
    """Plain statements (CAMEO 01 except claiming 015 and denying 016 responsibility)."""
    first = code.split(":")[0] or code.split(":")[-1]
    return first[:2] == "01" and first not in ("015", "016")


def _root(code: str) -> str:
    return code.split(":")[0][:2] or code.split(":")[-1][:2]


def _map_code(code: str, table: dict[str, str], default: str | None, conflict: str | None) -> str:
    """Map each side of a (possibly paired) code through ``table``."""
    out = []
    for side in code.split(":"):
        if not side:
            out.append(side)
            continue
        root = side[:2]
        if conflict == "threat":
            # threats to use force (18-20) are 138; to act otherwise 13x general
            out.append(side if root == "13" else THREAT_BY_ROOT.get(root) or "130")
        elif root in table:
            out.append(table[root])
        elif root == "03" or root >= "09":
            out.append(side)  # already an intent, or a conflict act kept as is
        else:
            out.append(default or side)
    return ":".join(out)


def _modality(verb: Any) -> tuple[str, bool]:
    """(modality, negated) of a verb from its auxiliaries, negation and conditional marker."""
    # "did not even ever clash": the parser may hang the negation on an adverb before the verb
    negated = any(c.dep_ == "neg" or (c.dep_ == "advmod" and (c.lower_ in NEGATION_WORDS or (
        c.i < verb.i and any(g.dep_ == "neg" for g in c.children)))) for c in verb.children)
    auxes = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    # "if Y does Z" or "if necessary" on a verb makes its own event conditional
    conditional = any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS or any(
        g.dep_ == "mark" and g.lower_ in CONDITIONAL_MARKS for g in c.children)
        for c in verb.children)
    if auxes & HYPOTHETICAL_AUX:
        return "hypothetical", negated
    if conditional:
        # "will withdraw if …" is a conditional promise, "will strike if …" a threat
        return ("conditional" if auxes & FUTURE_AUX else "hypothetical"), negated
    if negated:
        # "would not attend", "will not sign": an announced refusal, not a hypothetical
        return ("denied" if auxes & FUTURE_AUX else "asserted"), True
    if auxes & FUTURE_AUX:
        return "intended", False
    return "asserted", False


def _is_reciprocal(verb: Any) -> bool:
    """"worked together", "met each other", "signed jointly", "held a joint drill"."""
    for child in verb.children:
        if child.lower_ in RECIPROCAL_WORDS:
            return True
        if child.dep_ == "dobj" and any(g.lower_ == "joint" for g in child.subtree):
            return True
        if child.dep_ in ("dobj", "pobj", "prep"):
            text = " ".join(t.lower_ for t in child.subtree)
            if any(r in text for r in RECIPROCAL_OBJECTS):
                return True
    return False


FUTURE_ADJECTIVES = frozenset({"upcoming", "planned", "proposed", "future", "forthcoming", "scheduled",
                               "expected", "next", "coming", "prospective"})
RELATIONAL_OBJECTS = frozenset({"tie", "ties", "relation", "relations", "relationship", "talks", "dialogue",
                                "agreement", "accord", "treaty", "pact", "deal", "cooperation",
                                "partnership", "contacts", "negotiations", "meeting", "meetings"})


def _relational_object(verb: Any) -> bool:
    """Whether the object is a relation between the subjects: "X and Y renewed (their) ties"."""
    obj = _child(verb, "dobj")
    return obj is not None and (obj.lemma_.lower() in RELATIONAL_OBJECTS or obj.lower_ in RELATIONAL_OBJECTS
                                or any(c.lower_ == "their" for c in obj.children))


def _is_question(text: str) -> bool:
    return text.strip().rstrip("”\"’' ").endswith("?")


def _reported_clauses(verb: Any) -> list[Any]:
    """Clauses a verb of saying reports: its ccomp, or the clause it is a parenthetical of."""
    out = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp", "advcl") and c.pos_ in ("VERB", "AUX")]
    for prep in verb.children:
        if prep.dep_ == "prep":
            out.extend(c for c in prep.children if c.dep_ == "pcomp" and c.pos_ in ("VERB", "AUX"))
    if verb.dep_ in ("parataxis", "advcl") and verb.head.pos_ in ("VERB", "AUX"):
        out.append(verb.head)  # "China lodged a complaint, the ministry said"
    if verb.lemma_.lower() == "accord":
        out.append(verb.head)
    return out


def _clause_verbs(clause: Any) -> list[int]:
    """The verb of a clause and the verbs coordinated or embedded under it."""
    out = [clause.i]
    for child in clause.children:
        if child.dep_ in ("conj", "xcomp") and child.pos_ in ("VERB", "AUX"):
            out.extend(_clause_verbs(child))
    return out


def _speaker_text(speaker: Any, index: MentionIndex) -> str:
    """The speaker's noun phrase without clauses or appositions: "a Foreign Ministry spokesman"."""
    if speaker.pos_ == "PRON":
        actors = index.of_phrase(speaker)
        if actors:
            return actors[0].actor.name or actors[0].actor.code
    left = [c.i for c in speaker.lefts if c.dep_ in ("det", "amod", "compound", "poss", "nmod", "case")]
    start = min([speaker.i, *left])
    return speaker.doc[start:speaker.i + 1].text


def _noun_list_verb(verb: Any) -> bool:
    """A noun of a list the tagger took for a verb: "showed openness, flexibility, and compromise".

    The parser hangs such a word on the clause's verb as a bare-form conjunct ("encourages …
    and compromise"); a real conjoined verb agrees with its head in form ("met … and signed")
    or brings its own auxiliary or subject ("attacked … and will attack").

    Args:
        verb: a token tagged VERB.

    Returns:
        True when the token is a bare-form conjunct of a finite or participial verb with no
        auxiliary or subject of its own.
    """
    return (verb.dep_ == "conj" and verb.tag_ == "VB" and verb.head.tag_ in ("VBZ", "VBD", "VBN", "VBG")
            and not any(c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for c in verb.children))


def _infinitive_modifier(verb: Any) -> bool:
    """"the authority to break relations", "efforts to destabilize", "(in order) to invade": a possible
    act or a purpose, not an event (but see ``_mandated_body``)."""
    return verb.dep_ in ("acl", "advcl") and _to_infinitive(verb) \
        and verb.head.lemma_.lower() not in PROMISE_VERBS and not _mandated_body(verb)


# setting up a body for a task: "created a commission to investigate X" is the creator's act on X
MANDATE_VERBS = frozenset({"create", "establish", "form", "set", "launch", "appoint", "dispatch", "send",
                           "deploy", "convene"})
MANDATE_NOUNS = frozenset({"mission", "commission", "committee", "team", "panel", "inquiry", "body",
                           "delegation", "envoy", "task", "force", "tribunal", "investigator", "expert"})


def _mandated_body(verb: Any) -> bool:
    """Whether ``verb`` is the task of a body someone sets up: "set up a panel to investigate X".

    The parser hangs the task on the body ("a mission to investigate": acl/relcl) or on
    the setting-up verb as a purpose ("set up a panel | to investigate": advcl).
    """
    if not _to_infinitive(verb):
        return False
    if verb.dep_ in ("acl", "relcl"):
        noun = verb.head
        return noun.lemma_.lower() in MANDATE_NOUNS and noun.dep_ == "dobj" \
            and noun.head.lemma_.lower() in MANDATE_VERBS
    obj = _child(verb.head, "dobj") if verb.dep_ == "advcl" else None
    return obj is not None and verb.head.lemma_.lower() in MANDATE_VERBS and obj.lemma_.lower() in MANDATE_NOUNS


def _to_infinitive(verb: Any) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _misparsed_complement(verb: Any) -> Any | None:
    """The to-infinitive of a promise or threat verb that the parser took for a purpose clause.

    "have sworn to fight X" may be parsed with "fight" as an adverbial clause; what is sworn
    is still the verb's complement, as in "vowed to fight X".

    Args:
        verb: a (control) verb token.

    Returns:
        The complement verb, or None.
    """
    if verb.lemma_.lower() not in PROMISE_VERBS:
        return None
    return next((c for c in verb.children if c.dep_ == "advcl" and c.pos_ == "VERB" and _to_infinitive(c)), None)


def _described_history(anchor: Any, year: int | None) -> bool:
    """Whether an act is a dated description of an actor: "Russia, which invaded Ukraine in February 2022, …".

    A non-restrictive relative clause (set off by a comma) that dates its act to a
    year describes who the actor is; it is background even when the article's own date
    is unknown (not later than the article's year when it is known).
    """
    if anchor.dep_ != "relcl" or anchor.head.pos_ != "PROPN":
        return False
    before = anchor.doc[anchor.left_edge.i - 1] if anchor.left_edge.i > 0 else None
    if before is None or before.text != ",":
        return False
    return _dated_before(anchor, (year or 9999) + 1)


def _dated_before(anchor: Any, year: int) -> bool:
    """Whether an act is dated to an earlier year than the article ("sent troops in February 2022").

    Such acts are historical background, not news; the date must hang off the act itself.
    """
    for child in anchor.children:
        # "in 2014", "on 3 May 2019", "since 2001"; not "a protocol for 1990"
        dates = [child] if child.dep_ == "npadvmod" else [g for g in child.children if g.dep_ == "pobj"] \
            if child.dep_ == "prep" and child.lower_ in ("in", "on", "during", "since", "by") else []
        for d in dates:
            for t in d.subtree:
                if t.ent_type_ == "DATE" and t.like_num and len(t.text) == 4 and t.text.isdigit() \
                        and int(t.text) < year:
                    return True
    return False


def _noun_keys(token: Any) -> list[str]:
    """Dictionary keys of an event noun, most specific first: "build-up", "missile launch", "launch"."""
    lemma = token.lemma_.lower()
    keys = []
    for child in token.children:
        if child.dep_ == "compound" and child.i < token.i:
            if child.i + 2 == token.i and token.doc[child.i + 1].text == "-":
                keys.append(f"{child.lemma_.lower()}-{lemma}")
            keys.append(f"{child.lemma_.lower()} {lemma}")
    keys.append(lemma)
    return keys


def _inside_evaluated_object(token: Any) -> bool:
    """Whether a noun sits in the object of a speech act or evaluation ("condemned X's launch")."""
    t = token
    while t.head.i != t.i:
        if t.dep_ in ("dobj", "ccomp", "xcomp", "pobj", "prep") and t.head.pos_ == "VERB" \
                and t.head.lemma_.lower() in EVALUATION_VERBS | SPEECH_VERBS | ACCUSATION_VERBS | STANCE_VERBS:
            return t.dep_ != "prep" or t.lower_ in ("of", "for", "over")
        if t.dep_ in ("nsubj", "nsubjpass", "ROOT"):
            return False
        t = t.head
    return False


def _evaluated_modifier(verb: Any) -> bool:
    """A participle describing what is supported or noted: "support for the resolution condemning X".

    Only the outer act (the support, the noting) is an event; the condemnation the supported
    resolution contains is its content, as for event nouns in that place.

    Args:
        verb: a verb token.

    Returns:
        True for a present participle modifying a noun that sits in the object of an
        evaluation, speech or stance verb.
    """
    return verb.dep_ == "acl" and verb.tag_ == "VBG" and _inside_evaluated_object(verb.head)


def _noun_participants(noun: Any, index: MentionIndex) -> tuple[list[Any], list[Any], str]:
    """(sources, targets, how) of an event noun: possessor or by/from-phrase, then with/to/against."""
    sources: list[Any] = []
    targets: list[Any] = []
    how = ""
    pair = _hyphen_pair(noun, index)
    if pair:
        return pair, [], "between"
    for child in noun.children:
        if child.dep_ == "poss" or (child.dep_ in ("compound", "amod") and index.at(child)):
            sources = index.of_phrase(child)
            how = child.dep_
            if sources:
                break
    preps = [c for c in noun.children if c.dep_ == "prep"]
    if not sources:
        for prep in preps:
            if prep.lower_ in ("by", "from"):
                sources = [m for p in prep.children if p.dep_ == "pobj" for m in index.of_phrase(p)]
                how = f"prep:{prep.lower_}"
                if sources:
                    break
    for prep in preps:
        if prep.lower_ == "between":
            parties = [m for p in prep.children if p.dep_ == "pobj" for m in index.of_phrase(p)]
            if len({m.actor.code for m in parties}) >= 2:
                if sources:  # "X brokered / X's mediation between A and B": X → each party
                    return sources, parties, how
                return parties, [], "between"
        # with an agent stated ("X's invasion of Y", "the recognition of Y by X"), "of" is the patient
        agentive = sources and (how in ("poss", "prep:by") or prep.lower_ != "of")
        if prep.lower_ in TARGET_PREPS[:9] or (prep.lower_ == "of" and agentive):
            found = [m for p in prep.children if p.dep_ == "pobj" for m in index.of_phrase(p)
                     if not any(_same_actor(s.actor, m.actor) for s in sources)]
            if found and not targets:
                targets = found
    return sources, targets, how or "none"


def _expand(cand: _Candidate) -> Iterator[tuple[Any, Any, str, str]]:
    """Fan out compounds, paired codes and reciprocals into (source, target, code, rule)."""
    forward, _, backward = cand.code.partition(":")
    paired = ":" in cand.code
    sources = cand.sources
    targets = cand.targets
    mutual = cand.reciprocal or _symmetric(cand.code) or cand.mutual_if_compound
    if mutual and not targets and len({m.actor.code for m in sources}) >= 2:
        # "X and Y met / pledged to work together": every ordered pair
        for a in sources:
            for b in sources:
                if a.actor.code != b.actor.code:
                    yield a, b, forward or backward, cand.rule + " (reciprocal)"
        return
    if not targets:
        if forward:
            for a in sources:
                yield a, None, forward, cand.rule
        return
    for a in sources:
        for b in targets:
            if forward:
                yield a, b, forward, cand.rule
            if paired and backward:
                yield b, a, backward, cand.rule + " (paired)"
            elif cand.reciprocal and not paired:
                yield b, a, forward, cand.rule + " (reciprocal)"
