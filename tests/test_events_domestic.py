"""Domestic acts: administrative measures target the source's own country, protests its government."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("text, expected", [
    ("Tunisia imposed martial law.", {("TUN", "TUN", "1724")}),
    ("Tunisia imposed a curfew in Tunis.", {("TUN", "TUN", "1723")}),       # a place at home is no other party
    ("Kenya declared a state of emergency in Nairobi.", {("KEN", "KEN", "1724")}),
    ("Israel imposed a curfew in Hebron.", {("ISR", "PSE", "1723")}),       # abroad: the place's country
])
def test_events_domestic_measures(code, text, expected):
    assert code(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Kenyan activists staged a hunger strike in Nairobi.", {("KENOPP", "KENGOV", "142")}),
    ("Kenyans threatened to hold a general strike.", {("KEN", "KENGOV", "133")}),
])
def test_events_domestic_protest_targets_government(code, text, expected):
    assert code(text) == expected
