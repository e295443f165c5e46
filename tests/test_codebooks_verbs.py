"""Verb-pattern dictionaries: eventwire TSV and PETRARCH-2 import."""

from __future__ import annotations

import pytest

from eventwire.codebooks.verbs import compile_pattern, read_petrarch_verbs, read_verb_tsv
from eventwire.errors import ConfigError
from eventwire.stages.patterns import PatternBook, clause_features, pattern_matches

PETRARCH = """\
&CEASEFIRE
+CEASEFIRE
+TRUCE

####### VERB PATTERNS #######

---  ACCELERATE   [---]  ---
RUSH
HURRY {HURRIES HURRYING HURRIED }
- * (TO)                                   [042:043]     # RUSH
- * &CEASEFIRE                             [0356]        # RUSH
- * DOWN (FROM)                            [080!]        # BACK

---  ASK   [020]  ---
+ASK_FOR {+ASKED_FOR +ASKING_FOR}  [020]
QUESTION
~ a (a b ATTACK) SAY = a b 015
"""


def test_codebooks_verbs_compile_pattern():
    p = compile_pattern("lodge", "* complaint|protest (with|to court)", "115", "x")
    assert p.complement == (frozenset({"complaint", "protest"}),)
    assert p.preps == ((frozenset({"with", "to"}), frozenset({"court"})),)
    assert p.specificity == 3


@pytest.mark.parametrize("verb, pattern", [("", "*"), ("go", "go home"), ("go", "* ()")])
def test_codebooks_verbs_bad_patterns(verb, pattern):
    with pytest.raises(ConfigError):
        compile_pattern(verb, pattern, "010")


def test_codebooks_verbs_read_tsv_with_alternatives(tmp_path):
    path = tmp_path / "v.tsv"
    path.write_text("# c\nmeet|confer\t* (with)\t040:040\n", encoding="utf-8")
    got = list(read_verb_tsv(path))
    assert [p.verb for p in got] == ["meet", "confer"] and got[0].origin == "v.tsv:2"


def test_codebooks_verbs_tsv_needs_three_columns(tmp_path):
    path = tmp_path / "v.tsv"
    path.write_text("meet\t*\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        list(read_verb_tsv(path))


def test_codebooks_verbs_petrarch_import(tmp_path):
    path = tmp_path / "verbs.txt"
    path.write_text(PETRARCH, encoding="utf-8")
    rows = list(read_petrarch_verbs(path))
    assert ("rush", "*", "---", "CAMEO.2.0 ACCELERATE") in rows
    assert ("rush|hurry", "* (to)", "042:043", "CAMEO.2.0 ACCELERATE") in rows
    assert ("rush|hurry", "* ceasefire|truce", "0356", "CAMEO.2.0 ACCELERATE") in rows
    assert ("rush|hurry", "* down (from)", "080", "CAMEO.2.0 ACCELERATE") in rows
    assert ("ask for", "*", "020", "CAMEO.2.0 ASK") in rows
    assert ("question", "*", "020", "CAMEO.2.0 ASK") in rows  # the block's code is the default
    assert not any("015" in r[2] for r in rows)  # transformations are not imported


def test_codebooks_verbs_matching_most_specific_wins(nlp):
    book = PatternBook([compile_pattern("lodge", "*", "---"), compile_pattern("lodge", "* complaint", "114"),
                        compile_pattern("lodge", "* complaint (with court)", "115")])
    doc = nlp("They lodged a complaint with the court.")
    assert book.match(doc[1]).code == "115"
    doc = nlp("They lodged a complaint with Japan.")
    assert book.match(doc[1]).code == "114"
    assert pattern_matches(compile_pattern("lodge", "* complaint (with)", "114"), clause_features(doc[1]))


def test_codebooks_verbs_later_file_overrides_same_pattern():
    book = PatternBook([compile_pattern("invade", "*", "192", "a"), compile_pattern("invade", "*", "190", "b")])
    assert [p.code for p in book.candidates("invade")] == ["190"]


def test_codebooks_verbs_bundled_book_covers_cameo_roots():
    book = PatternBook.load(())
    roots = {p.code.split(":")[0][:2] for verb in ("invade", "meet", "lodge", "impose", "protest", "urge")
             for p in book.candidates(verb)}
    assert {"19", "04", "11", "16", "14", "02"} <= roots
    assert len(book) > 40000


def test_codebooks_verbs_mislemmatized_verbs_still_match(nlp):
    book = PatternBook([compile_pattern("stage", "* protest", "141")])
    doc = nlp("Activists staged a protest.")
    assert book.match(doc[1]).code == "141"
