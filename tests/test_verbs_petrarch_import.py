"""PETRARCH-2 verb-file import: synsets (multi-word, nested, commented) and noun-phrase patterns."""

from __future__ import annotations

from eventwire.codebooks.verbs import read_petrarch_verbs

VERBS = """&TIES
+MILITARY
+ECONOMIC

&MONEY
# a comment line inside a set does not end it
+DUCAT
+GOLD_CROWN
+SILVER PENNY

&ALL
+&TIES
+CLOSER

--- GIVE [070] ---
GIVE
- * &MONEY [071]
- * {NEW &TIES RELATIONS} [051]
- * &ALL [052]
- * (TO {PEACE PLAN}) [037]
"""


def rows(tmp_path):
    path = tmp_path / "verbs.txt"
    path.write_text(VERBS, encoding="utf-8")
    return {pattern: code for _, pattern, code, _ in read_petrarch_verbs(path)}


def test_verbs_petrarch_multiword_members_are_phrases(tmp_path):
    assert rows(tmp_path)["* ducat|gold_crown|silver_penny"] == "071"


def test_verbs_petrarch_noun_phrase_is_adjacent_words(tmp_path):
    assert rows(tmp_path)["* new_economic_relations|new_military_relations"] == "051"
    assert rows(tmp_path)["* (to peace_plan)"] == "037"


def test_verbs_petrarch_nested_synset(tmp_path):
    assert rows(tmp_path)["* closer|economic|military"] == "052"
