"""The verb-pattern book and its matcher over spaCy dependency parses.

A ``PatternBook`` is built once (per set of dictionary files) from the bundled
``cameo2.tsv`` (converted PETRARCH-2 patterns), eventwire's own ``eventwire.tsv``
(which overrides it) and the user's ``settings.verb_files`` (which override both;
``.txt`` files are read as PETRARCH-2 dictionaries). Patterns are indexed by verb
lemma, so matching a verb costs only the handful of patterns of that lemma.

``clause_features(verb)`` collects, once per verb, the lemmas of the subject phrase,
of the complements, and of each prepositional phrase; a pattern matches when all of
its constraints are found there. The most specific match wins.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from ..codebooks.verbs import VerbPattern, compile_pattern, read_petrarch_verbs, read_verb_tsv

BUNDLED_VERB_FILES = ("cameo2.tsv", "eventwire.tsv")
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
# dependents that open a clause of their own: their words belong to that clause's verb
CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "advcl", "conj", "cc", "relcl", "acl", "parataxis",
                         "punct", "mark", "appos", "dep", "csubj"})


# particles and prepositions: as bare pattern words they must hang off the verb itself
# ("press on", "set off"), not sit anywhere in its complements ("on Tuesday")
PARTICLES = frozenset({"about", "across", "after", "against", "ahead", "along", "apart", "around", "aside",
                       "at", "away", "back", "by", "down", "for", "forward", "from", "in", "into", "of",
                       "off", "on", "out", "over", "through", "to", "together", "under", "up", "upon", "with"})


@dataclass(frozen=True)
class ClauseFeatures:
    """What a verb's clause offers to patterns: lemma sets and prepositional phrases."""

    subject: frozenset[str]
    complement: frozenset[str]
    preps: tuple[tuple[str, frozenset[str], Any], ...]  # (preposition, object lemmas, prep token)
    particles: frozenset[str] = frozenset()  # the verb's own particles, prepositions and adverbs
    text: str = ""  # the clause's words and lemmas in order, for adjacent-word phrases ("death toll")


def _words(token: Any) -> set[str]:
    return {token.lemma_.lower(), token.lower_}


def _phrase_words(token: Any) -> set[str]:
    """Lemmas and forms of a phrase, not descending into embedded clauses."""
    out = _words(token)
    for child in token.children:
        if child.dep_ not in CLAUSE_DEPS or child.dep_ == "conj" and child.pos_ != "VERB":
            out |= _phrase_words(child)
    return out


def clause_features(verb: Any) -> ClauseFeatures:
    """Collect the lemma sets a pattern is matched against for one verb token.

    Args:
        verb: a spaCy Token (the clause's verb).

    Returns:
        ClauseFeatures with the subject's words, the complements' words (objects,
        particles, adverbs, prepositional phrases, also those hanging off the direct
        object) and the prepositional phrases with their object words.
    """
    subject: set[str] = set()
    complement: set[str] = set()
    preps: list[tuple[str, frozenset[str], Any]] = []
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS:
            subject |= _phrase_words(child)
            if child.dep_ == "nsubjpass":
                # "evidence against X was presented": the passive subject's phrases are the object's
                preps.extend(_prep(p) for p in child.children if p.dep_ == "prep")
        elif child.dep_ == "agent":
            subject |= _phrase_words(child)
            preps.append(("by", frozenset(_phrase_words(child)), child))
        elif child.dep_ not in CLAUSE_DEPS:
            complement |= _phrase_words(child)
            if child.dep_ == "prep":
                preps.append(_prep(child))
            elif child.dep_ in ("dobj", "attr", "oprd", "dative"):
                preps.extend(_prep(p) for p in child.children if p.dep_ == "prep")
    for child in verb.children:
        # a passive subject is the pattern's object: "sanctions were imposed on X"
        if child.dep_ == "nsubjpass":
            complement |= _phrase_words(child)
    preps.extend(_particle_phrases(verb))
    particles = frozenset(c.lower_ for c in verb.children if c.dep_ in ("prt", "advmod", "agent") or (
        c.dep_ == "prep" and not any(o.ent_type_ in ("DATE", "TIME") for o in c.children)))
    return ClauseFeatures(frozenset(subject), frozenset(complement), tuple(preps), particles, _clause_text(verb))


def _phrase_tokens(token: Any) -> list[Any]:
    """Tokens of a phrase, not descending into embedded clauses (as ``_phrase_words``)."""
    out = [token]
    for child in token.children:
        if child.dep_ not in CLAUSE_DEPS or child.dep_ == "conj" and child.pos_ != "VERB":
            out.extend(_phrase_tokens(child))
    return out


def _clause_text(verb: Any) -> str:
    """The clause's own words (not its embedded clauses') in order, as forms and then lemmas.

    Space-separated and padded, so that an adjacent-word phrase is a substring test.
    """
    tokens = sorted((t for c in verb.children if c.dep_ not in CLAUSE_DEPS or c.dep_ in SUBJECT_DEPS
                     for t in _phrase_tokens(c)), key=lambda t: t.i)
    tokens = sorted([*tokens, verb], key=lambda t: t.i)
    return " " + " ".join(t.lower_ for t in tokens) + " | " + " ".join(t.lemma_.lower() for t in tokens) + " "


def _has(alts: frozenset[str], words: frozenset[str], text: str) -> bool:
    """Whether one alternative is among ``words``, or (an ``a_b`` phrase) occurs in ``text``."""
    if alts & words:
        return True
    phrases = _PHRASES.get(alts)
    if phrases is None:  # once per alternative set: most hold no phrase at all
        phrases = _PHRASES[alts] = tuple(f" {a.replace('_', ' ')} " for a in alts if "_" in a)
    return any(p in text for p in phrases)


# the adjacent-word phrases (" a b ") of each alternative set, filled as sets are first seen
_PHRASES: dict[frozenset[str], tuple[str, ...]] = {}


# particles the small model splits off a prepositional phrase: "clashed over the plan" is parsed
# as particle "over" + object "the plan"
PP_PARTICLES = frozenset({"over", "about", "against", "with", "for", "into", "upon", "toward", "towards"})


def _particle_phrases(verb: Any) -> list[tuple[str, frozenset[str], Any]]:
    """Prepositional phrases the parser split into a particle and the object right after it."""
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None:
        return []
    return [(c.lower_, frozenset(_phrase_words(obj)), c) for c in verb.children
            if c.dep_ == "prt" and c.lower_ in PP_PARTICLES and c.i + 1 == obj.left_edge.i]


def _prep(prep: Any) -> tuple[str, frozenset[str], Any]:
    words: set[str] = set()
    for child in prep.children:
        words |= _phrase_words(child)
    return prep.lower_, frozenset(words), prep


def pattern_matches(pattern: VerbPattern, features: ClauseFeatures) -> bool:
    """Whether every constraint of ``pattern`` is satisfied by ``features``."""
    if pattern.particle and not all(w in features.particles or w in features.complement
                                    for w in pattern.particle.split()):
        return False
    if not all(_has(alts, features.subject, features.text) for alts in pattern.subject):
        return False
    for position, alts in enumerate(pattern.complement):
        # a particle right after the verb is the verb's own ("press on"); one later in the pattern
        # is inside the complement ("* their ^ about +": "warned their people about X")
        where = features.particles if position == 0 and alts <= PARTICLES else features.complement
        if not _has(alts, where, features.text):
            return False
    for prep, nouns in pattern.preps:
        if not any(p in prep and (nouns is None or _has(nouns, words, features.text))
                   for p, words, _ in features.preps):
            return False
    return True


class PatternBook:
    """Verb patterns indexed by lemma, most specific (then most recently loaded) first.

    Example::

        book = PatternBook.load(())
        pattern = book.match(doc[3])   # a VerbPattern or None
    """

    def __init__(self, patterns: Iterable[VerbPattern], *, surface_first: bool = False) -> None:
        # PETRARCH matches word forms: where a dictionary lists a form as a verb of its own ("LEFT"
        # beside "LEAVE"), that entry wins over the lemma's; off for the bundled book, whose
        # "found" (establish) must not take "found" (find)
        self.surface_first = surface_first
        keyed: dict[tuple[str, str | None, str], tuple[int, VerbPattern]] = {}
        for rank, pattern in enumerate(patterns):
            # a later file's identical (verb, pattern) replaces the earlier line
            keyed[(pattern.verb, pattern.particle, pattern.text)] = (rank, pattern)
        index: dict[str, list[tuple[int, VerbPattern]]] = {}
        for rank, pattern in keyed.values():
            index.setdefault(pattern.verb, []).append((rank, pattern))
        self._index = {verb: [p for _, p in sorted(items, key=lambda x: (-x[1].specificity, -x[0]))]
                       for verb, items in index.items()}

    def __contains__(self, lemma: str) -> bool:
        return lemma in self._index

    def __len__(self) -> int:
        return sum(len(v) for v in self._index.values())

    @classmethod
    def load(cls, extra_files: tuple[str, ...] = (), *, bundled: bool = True,
             surface_first: bool = False) -> PatternBook:
        """The bundled dictionaries plus ``extra_files`` (cached per file tuple).

        Args:
            extra_files: user verb files: eventwire TSV, or PETRARCH-2 ``.txt``.
            bundled: include the bundled patterns (off to test a suite's own dictionary alone).
            surface_first: a verb's own word form, when the book lists it, wins over its lemma
                (PETRARCH's matching by form).

        Returns:
            PatternBook
        """
        return _load_book(tuple(str(f) for f in extra_files), bundled, surface_first)

    def candidates(self, lemma: str) -> list[VerbPattern]:
        """All patterns of a verb lemma, best first."""
        return self._index.get(lemma, [])

    def match(self, verb: Any, features: ClauseFeatures | None = None) -> VerbPattern | None:
        """The most specific pattern of ``verb``'s lemma that its clause satisfies.

        Args:
            verb: a spaCy Token.
            features: precomputed ``clause_features(verb)``.

        Returns:
            The winning VerbPattern, or None when the lemma has no matching pattern.
        """
        forms = verb_forms(verb)
        if self.surface_first and verb.lower_ in self._index:
            forms.insert(0, verb.lower_)
        patterns = next((self._index[f] for f in forms if f in self._index), None)
        if not patterns:
            return None
        features = features or clause_features(verb)
        for pattern in patterns:
            if pattern_matches(pattern, features):
                return pattern
        return None


def verb_forms(verb: Any) -> list[str]:
    """Dictionary keys to try for a verb: its lemma, then base forms guessed from its spelling.

    The small model mis-lemmatizes some verbs ("staged" → "stag"); when the lemma has no
    patterns, regular inflections are undone instead.
    """
    forms = [verb.lemma_.lower()]
    word = verb.lower_
    for suffix, repl in (("ied", "y"), ("ies", "y"), ("ed", "e"), ("ed", ""), ("d", ""), ("ing", "e"),
                         ("ing", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            forms.append(word[: -len(suffix)] + repl)
    forms.append(word)
    return forms


def _read_any(path: str) -> Iterable[VerbPattern]:
    if path.lower().endswith(".txt"):
        for verbs, pattern, code, origin in read_petrarch_verbs(path):
            for verb in verbs.split("|"):
                yield compile_pattern(verb, pattern, code, f"{Path(path).name} {origin.split()[-1]}")
    else:
        yield from read_verb_tsv(path)


PRUNED_FILE = "pruned.tsv"


def _pruned(text: str) -> frozenset[tuple[str, str]]:
    """(verb, origin) groups listed in ``pruned.tsv``."""
    rows = (line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#"))
    return frozenset((row[0].strip(), row[1].strip()) for row in rows if len(row) >= 2)


@functools.lru_cache(maxsize=8)
def _load_book(extra_files: tuple[str, ...], bundled: bool = True, surface_first: bool = False) -> PatternBook:
    data = resources.files("eventwire.codebooks").joinpath("data/verbs")
    patterns: list[VerbPattern] = []
    for name in BUNDLED_VERB_FILES if bundled else ():
        with resources.as_file(data.joinpath(name)) as path:
            patterns.extend(read_verb_tsv(path))
    if bundled:
        # bundled patterns that the corpus folds showed to fire without ever being right
        pruned = _pruned(data.joinpath(PRUNED_FILE).read_text(encoding="utf-8"))
        patterns = [p for p in patterns if (p.verb, p.origin) not in pruned]
    for path in extra_files:
        patterns.extend(_read_any(path))
    return PatternBook(patterns, surface_first=surface_first)
