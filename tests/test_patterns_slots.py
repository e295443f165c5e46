"""Slot markers in verb patterns: where the source ($) and the target (+) are."""

from __future__ import annotations

import pytest

from eventwire.codebooks.verbs import compile_pattern


@pytest.mark.parametrize("pattern, source, target", [
    ("* +", None, "object"),
    ("+ * (from $)", "prep:from", "subject"),
    ("* feast (in) +", None, "after:in"),       # the first actor after the in-phrase
    ("+ * money $", "after:money", "subject"),  # the first actor after the word
    ("* visit to +", None, "prep:to"),
])
def test_patterns_slot_places(pattern, source, target):
    compiled = compile_pattern("give", pattern, "010")
    assert (compiled.source_slot, compiled.target_slot) == (source, target)
