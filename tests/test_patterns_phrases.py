"""Pattern matching of adjacent-word phrases (``a_b``) against a clause."""

from __future__ import annotations

import pytest

from eventwire.codebooks.verbs import compile_pattern
from eventwire.stages.patterns import clause_features, pattern_matches


def verb_of(nlp, text, lemma):
    return next(t for t in nlp(text) if t.lemma_ == lemma)


@pytest.mark.parametrize("text, matched", [
    ("Zembla will abandon new economic relations with Arcadia.", True),
    ("Zembla will abandon new global economic relations with Arcadia.", False),  # not adjacent
    ("Zembla abandoned the relations that were new and economic.", False),
])
def test_patterns_phrase_needs_adjacent_words(nlp, text, matched):
    pattern = compile_pattern("abandon", "* new_economic_relations|new_military_relations", "1951")
    verb = verb_of(nlp, text, "abandon")
    assert pattern_matches(pattern, clause_features(verb)) is matched


def test_patterns_phrase_not_inside_embedded_clause(nlp):
    """The words of a reported clause are not the verb's own object."""
    pattern = compile_pattern("allow", "* the_neatest_place", "027")
    verb = verb_of(nlp, "Zembla allowed that Arcadia is not the neatest place to visit.", "allow")
    assert not pattern_matches(pattern, clause_features(verb))


def test_patterns_phrase_by_lemma(nlp):
    pattern = compile_pattern("rise", "death_toll *", "190")
    verb = verb_of(nlp, "Zembla's death tolls have risen in the dispute with Arcadia.", "rise")
    assert pattern_matches(pattern, clause_features(verb))
