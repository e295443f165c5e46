"""PETRARCH matches verbs by word form: a form listed as a verb of its own wins over its lemma's entry."""

from __future__ import annotations

import pytest

from eventwire.stages.patterns import PatternBook


@pytest.mark.parametrize("surface_first, code", [(True, "042:043"), (False, "012")])
def test_patterns_forms_listed_form_wins(nlp, tmp_path, surface_first, code):
    path = tmp_path / "verbs.txt"
    path.write_text("--- LEAVE [012] ---\nLEAVE\n--- LEFT [042:043] ---\nLEFT [042:043]\n", encoding="utf-8")
    book = PatternBook.load((str(path),), bundled=False, surface_first=surface_first)
    verb = nlp("Zembla's minister left for Arcadia on Monday.")[3]
    assert verb.lemma_ == "leave"
    assert book.match(verb).code == code
