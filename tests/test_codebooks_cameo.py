"""The CAMEO codebook table and its PLOVER mapping."""

from __future__ import annotations

import pytest

from eventwire.codebooks.cameo import load_cameo, lookup, plover_for
from eventwire.errors import ConfigError


def test_codebooks_cameo_loads_all_codes():
    table = load_cameo()
    assert len(table) == 312
    entry = table["114"]
    assert (entry.root, entry.quad_class, entry.goldstein, entry.plover) == ("11", 3, -2.0, "ACCUSE")


@pytest.mark.parametrize("code, plover", [
    ("010", None), ("015", "AGREE"), ("016", "REJECT"), ("020", "REQUEST"), ("0256", "REQUEST"),
    ("036", "AGREE"), ("043", "CONSULT"), ("051", "SUPPORT"), ("062", "COOPERATE"), ("072", "AID"),
    ("0813", "CONCEDE"), ("083", "CONCEDE"), ("0841", "RETREAT"), ("0871", "RETREAT"),
    ("092", "ACCUSE"), ("100", "REQUEST"), ("1125", "ACCUSE"), ("120", "REJECT"), ("138", "THREATEN"),
    ("145", "PROTEST"), ("150", "MOBILIZE"), ("161", "SANCTION"), ("163", "SANCTION"),
    ("173", "COERCE"), ("175", "ASSAULT"), ("1712", "COERCE"), ("183", "ASSAULT"), ("190", "ASSAULT"),
    ("191", "COERCE"), ("192", "COERCE"), ("195", "ASSAULT"), ("202", "ASSAULT"),
])
def test_codebooks_cameo_plover_cue_table(code, plover):
    assert plover_for(code) == plover
    assert load_cameo()[code].plover == plover


def test_codebooks_cameo_plover_mode_only_where_types_agree():
    table = load_cameo()
    assert table["042"].plover_mode == "visit"
    assert table["163"].plover_mode is None  # the 2021 mapping says COERCE; the cue table SANCTION


@pytest.mark.parametrize("variant, value", [("icews", -5.0), ("gdelt", -2.0)])
def test_codebooks_cameo_goldstein_variants(variant, value):
    assert load_cameo(variant)["016"].goldstein == value


def test_codebooks_cameo_gdelt_gap_falls_back_to_icews():
    assert load_cameo("gdelt")["1213"].goldstein == load_cameo("icews")["1213"].goldstein


def test_codebooks_cameo_lookup_falls_back_to_parent():
    assert lookup("1049").code == "104"
    assert lookup("99") is None


def test_codebooks_cameo_unknown_variant():
    with pytest.raises(ConfigError):
        load_cameo("nope")
