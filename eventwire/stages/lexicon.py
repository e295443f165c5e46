"""The actor lexicon: compiled dictionaries and the mention record both resolution passes share.

``actors.py`` (the stage) and ``coref.py`` (the document pass that resolves each noun
phrase, pronoun and description) both read this module; neither imports the other's
internals, so the import graph runs one way: ``lexicon`` ← ``coref`` ← ``actors``.

Example::

    lexicon = ActorLexicon(build_dictionaries(load_settings()))
    [doc[m.start:m.end].text for m in lexicon.actor_matches(nlp("Japan and the US met."))]
    # ['Japan', 'US']
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..codebooks.actors import (ActorEntry, AgentEntry, Dictionaries, country_codes, norm_token, parse_table,
                                phrase_tokens, split_code, _data_path)
from ..models import Actor

# dependency labels that keep a token inside the noun phrase of its head
NP_INTERNAL = frozenset({"compound", "amod", "nmod", "poss", "flat", "nummod", "det", "quantmod", "case"})
# agent heads that a more specific modifier overrides ("police spokesman" → COP, not GOV)
WEAK_AGENT_HEADS = frozenset({
    "spokesman", "spokeswoman", "spokesperson", "spokesmen", "spokeswomen", "spokespersons", "spokespeople",
    "official", "officials", "officer", "officers", "chief", "chiefs", "head", "heads", "leader", "leaders",
    "member", "members", "representative", "representatives", "source", "sources", "delegation",
    "delegations", "aide", "aides", "adviser", "advisers", "advisor", "advisors", "commander", "commanders",
    "general", "generals", "authority", "authorities", "forces"})
# agents that are organisations ("it"), as opposed to people ("he"/"she")
ORG_AGENT_HEADS = frozenset({
    "government", "ministry", "ministries", "administration", "regime", "army", "military", "police", "court",
    "parliament", "congress", "senate", "cabinet", "commission", "council", "embassy", "party", "navy",
    "legislature", "judiciary", "presidency", "office", "agency", "company", "media", "newspaper", "authority"})
COUNTRY_KINDS = frozenset({"country", "demonym", "capital", "seat", "city"})
# entity types under which a Phoenix phrase may be trusted ("Zero" as a number is no group)
NAME_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
# "pro-Iranian Hizbollah", "Iranian-backed militias", "anti-Syrian journalist": the country backs (or is
# opposed by) the actor, it is not the actor
BACKER_PREFIXES = frozenset({"pro", "anti"})
BACKER_SUFFIXES = frozenset({"backed", "sponsored", "supported", "funded", "aligned", "allied", "armed", "trained",
                             "friendly", "leaning", "inspired"})
COMPASS_WORDS = frozenset({"north", "south", "east", "west"})
COUNTRY_WORD_KEYS = frozenset((w,) for w in "kingdom kingdoms republic republics nation nations country "
                                            "countries state states".split())


@dataclass(frozen=True)
class ActorSpan:
    """One actor mention: a noun phrase resolved to one actor.

    Attributes:
        start: doc-level token index of the first token of the mention.
        end: exclusive end token index.
        head: token index of the mention's syntactic head ("Kishi", "diplomats", "China").
        actor: the resolved ``models.Actor`` (with ``evidence``).
        sentence_index: index in ``list(doc.sents)``.
        kind: "country", "demonym", "capital", "seat", "city", "igo", "group", "agent",
            "person" or "coref".
    """

    start: int
    end: int
    head: int
    actor: Actor
    sentence_index: int
    kind: str


@dataclass
class Match:
    start: int
    end: int
    entry: Any  # ActorEntry | AgentEntry


@dataclass
class _Trie:
    """Phrase table keyed by normalised token tuples, with the longest length per first token."""

    table: dict[tuple[str, ...], Any]
    longest: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for key in self.table:
            if len(key) > self.longest.get(key[0], 0):
                self.longest[key[0]] = len(key)

    def matches(self, tokens: Sequence[str], accept: Any = None) -> list[Match]:
        """Longest left-to-right non-overlapping matches; ``accept(start, end, value)`` may veto one."""
        out: list[Match] = []
        i, n = 0, len(tokens)
        while i < n:
            width = self.longest.get(tokens[i], 0)
            found = None
            for w in range(min(width, n - i), 0, -1):
                value = self.table.get(tuple(tokens[i:i + w]))
                if value is not None and (accept is None or accept(i, i + w, value)):
                    found = Match(i, i + w, value)
                    break
            if found:
                out.append(found)
                i = found.end
            else:
                i += 1
        return out


_cached_norm = functools.lru_cache(maxsize=200_000)(norm_token)


def doc_norms(doc: Any) -> list[str]:
    """Normalised token texts of ``doc`` (read from the ORTH array: no Token objects are built)."""
    from spacy.attrs import ORTH

    strings = doc.vocab.strings
    return [_cached_norm(strings[o]) for o in doc.to_array(ORTH).tolist()] if len(doc) else []


class ActorLexicon:
    """Compiled dictionaries for matching (built once per resolver)."""

    def __init__(self, dictionaries: Dictionaries) -> None:
        self.actors = _Trie(dictionaries.actors)
        # "the kingdom", "the country" are references to a country, not a sector (Phoenix: KINGDOM ~GOV)
        self.agents = _Trie({k: v for k, v in dictionaries.agents.items() if k not in COUNTRY_WORD_KEYS})
        self.countries = country_codes()
        rows = parse_table(_data_path("countries.tsv").read_text(encoding="utf-8"), ".tsv")
        self.country_names = {r["iso3"]: r["name"] for r in rows}
        self.country_names.setdefault("PSE", "Palestine")

    def actor_matches(self, doc: Any, norms: list[str] | None = None) -> list[Match]:
        """Dictionary actor phrases in ``doc`` (capitalised; stop words only in capitals)."""
        tokens = norms if norms is not None else doc_norms(doc)

        def accept(start: int, end: int, entries: list[ActorEntry]) -> bool:
            span = doc[start:end]
            if not any(ch.isupper() for t in span for ch in t.text):
                return False
            # Phoenix lists hold stray common words ("ORGANIZATION"); trust them on named entities only,
            # or, for a place, on proper nouns (the small model leaves many cities untagged: "of Donetsk")
            if entries[0].evidence.startswith("Phoenix") and not any(t.ent_type_ in NAME_ENTS for t in span) \
                    and not (entries[0].kind == "country" and all(t.pos_ == "PROPN" for t in span)):
                return False
            # "us", "who", "it" are words; "US", "WHO", "IT" may be actors
            if end - start == 1 and (span[0].is_stop or len(span[0].text) <= 2):
                return span[0].text.isupper() and len(span[0].text.replace(".", "")) > 1
            if _backer(doc, start, end):
                return False
            # "Abdullah" is not "Abdullah Ocalan", nor "Hassan" "Omar Hassan al-Bashir": a name that
            # goes on past the dictionary's is another person
            if entries[0].kind == "person" and end < len(doc) and doc[end].ent_iob_ == "I" \
                    and doc[end].ent_type_ == "PERSON" and doc[end].pos_ == "PROPN":
                return False
            return _case_agrees(span, entries[0].phrase)

        return self._elided(self.actors.matches(tokens, accept), tokens)

    def _elided(self, matches: list[Match], tokens: list[str]) -> list[Match]:
        """Add the first conjunct of a compass coordination: "North and South Korea" names North Korea too.

        Only when "North Korea" (the first word with the rest of the matched name) is itself a
        dictionary phrase; the same holds for "East and West Germany", "North and South Sudan".
        """
        out = []
        for m in matches:
            i = m.start
            if i >= 2 and tokens[i] in COMPASS_WORDS and tokens[i - 2] in COMPASS_WORDS \
                    and tokens[i - 1] in ("and", "or", "&"):
                entries = self.actors.table.get((tokens[i - 2], *tokens[i + 1:m.end]))
                if entries:
                    out.append(Match(i - 2, i - 1, entries))
            out.append(m)
        return out

    def agent_matches(self, doc: Any, norms: list[str] | None = None) -> list[Match]:
        """Agent phrases in ``doc`` (any case) that carry a sector code.

        Phrases coded only with a religion or ethnicity ("MUSLIM CLERIC" → MUS) are skipped,
        so the shorter "cleric" (REL) matches instead.
        """
        def accept(start: int, end: int, entry: AgentEntry) -> bool:
            # "EMBASSY IN", "DIPLOMATIC BUILDING IN": the preposition belongs to the next phrase
            return entry.primary is not None and doc[end - 1].pos_ != "ADP"

        return self.agents.matches(norms if norms is not None else doc_norms(doc), accept)


def _backer(doc: Any, start: int, end: int) -> bool:
    """Whether a phrase names who backs an actor, not the actor: "pro-Iranian", "Iranian-backed"."""
    before = start >= 2 and doc[start - 1].text == "-" and doc[start - 2].lower_ in BACKER_PREFIXES
    after = end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lower_ in BACKER_SUFFIXES
    return before or after


def _case_agrees(span: Any, phrase: str) -> bool:
    """Whether the words a dictionary phrase capitalises are capitalised in the text.

    "visited Russia today" is not the outlet "Russia Today". Phrases written all in
    capitals (PETRARCH files) carry no case and always agree, and so does a one-word
    phrase (its case tells nothing a capital letter in the text does not).
    """
    if phrase.isupper() or len(span) < 2:
        return True
    words = phrase_tokens(phrase)
    if len(words) != len(span):
        return True
    return not any(w[:1].isupper() and t.text[:1].islower() for t, w in zip(span, words))


def np_bounds(head: Any) -> tuple[int, int]:
    """Token bounds of the noun phrase of ``head``: the head and its NP-internal modifiers.

    A phrase never crosses a line break: a headline run into the first sentence is
    sometimes parsed as one noun phrase ("... security / The United States").
    """
    start, end = head.i, head.i + 1
    for child in head.children:
        if child.dep_ in NP_INTERNAL:
            sub = list(child.subtree)
            start = min(start, sub[0].i)
            end = max(end, sub[-1].i + 1)
    doc = head.doc
    for i in range(head.i - 1, start - 1, -1):
        if "\n" in doc[i].text:
            start = i + 1
            break
    for i in range(head.i + 1, end):
        if "\n" in doc[i].text:
            end = i
            break
    return start, end




def actor_from_code(code: str, lexicon: ActorLexicon, **fields: Any) -> Actor:
    """Build an ``Actor`` from a CAMEO code (country/IGO/agent split out) plus extra fields."""
    country, igo, agent = split_code(code, lexicon.countries)
    fields.setdefault("name", lexicon.country_names.get(country or "", "") or igo or code)
    return Actor(code=code, country=country, igo=igo, agent=agent, **fields)



__all__ = ["ActorLexicon", "ActorSpan", "COUNTRY_KINDS", "Match", "NP_INTERNAL", "ORG_AGENT_HEADS",
           "WEAK_AGENT_HEADS", "actor_from_code", "doc_norms", "np_bounds"]
