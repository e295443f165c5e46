"""Datelines written in title case with several places and word-named agencies."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("text,places,agency", [
    ("Seoul/Tokyo, Nov. 17 (Jiji Press)--North Korea fired a missile.", ("Seoul", "Tokyo"), "Jiji Press"),
    ("MOSCOW, March 3 (Interfax) - Russia said it would respond.", ("Moscow",), "Interfax"),
])
def test_meta_dateline_title_case_places_and_word_agencies(text, places, agency):
    from eventwire.stages.meta import parse_dateline

    dateline = parse_dateline(text)
    assert dateline is not None and dateline.places == places and dateline.agency == agency
    assert text[dateline.end:].startswith(("North", "Russia"))
