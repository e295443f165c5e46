"""PETRARCH/TABARI dictionary import: actors, agents, discards, code splitting, user tables."""

from __future__ import annotations

import json

import pytest

from eventwire.codebooks.actors import (CodeOption, ActorEntry, bundled_dictionaries, parse_discards,
                                        parse_petrarch_actors, parse_petrarch_agents, people_entries,
                                        phrase_key, plural_of, split_code)
from eventwire.errors import ConfigError

COUNTRIES = frozenset({"JPN", "USA", "RUS", "PSE", "HRV", "EGY", "NGA"})


@pytest.fixture(scope="module")
def vectors(shared_dir):
    path = shared_dir / "data/peerdata/derived/petrarch2_pytest_vectors.json"
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def phoenix_actors():
    from eventwire.codebooks.actors import PHOENIX_FILES, _data_path, _read_lines

    merged: dict[str, list[CodeOption]] = {}
    for name in PHOENIX_FILES:
        for phrase, codes in parse_petrarch_actors(_read_lines(_data_path(name)), name, problems=[]).items():
            merged.setdefault(phrase, []).extend(codes)
    return merged


def test_dictionaries_phoenix_storage_matches_petrarch2_vectors(vectors, phoenix_actors):
    tests = vectors["dictionary_tests"]
    for phrase, expected in tests.items():
        if phrase in ("note", "also_asserted"):
            continue
        got = [[o.code, list(o.raw)] for o in phoenix_actors[phrase]]
        assert got == expected, phrase
    assert "RUSSIA" in phoenix_actors


@pytest.mark.parametrize("restriction, start, end", [
    ("<910625", None, 19910625),
    (">920115", 19920115, None),
    ("911008-920115", 19911008, 19920115),
    ("> 140608", 20140608, None),
    ("19870101-20040322", 19870101, 20040322),
])
def test_dictionaries_restriction_dates(restriction, start, end):
    text = [f"SOME_PHRASE_", f"\t[ABC {restriction}]"]
    (option,) = parse_petrarch_actors(text)["SOME PHRASE"]
    assert (option.start, option.end) == (start, end)


def test_dictionaries_block_synonyms_share_codes_and_inline_codes():
    lines = ["# comment", "CROATIA_ [HRV]", "+CROAT_  # demonym", "",
             "UFFE_ELLEMANN_JENSEN_\t[IGOEUREEC 820701-821231][IGOEUREEC 870701-871231] # two terms"]
    parsed = parse_petrarch_actors(lines)
    assert [o.code for o in parsed["CROAT"]] == ["HRV"]
    assert len(parsed["UFFE ELLEMANN JENSEN"]) == 2


def test_dictionaries_bad_date_raises_unless_collected():
    lines = ["X_", "\t[ABC 9008223-991231]"]
    with pytest.raises(ConfigError):
        parse_petrarch_actors(lines)
    problems: list[str] = []
    assert parse_petrarch_actors(lines, problems=problems) == {"X": []}
    assert problems and "9008223" in problems[0]


@pytest.mark.parametrize("date, code", [
    ("2015-08-13", "SWEGOV"), ("1972-08-13", "SWEELI"), ("1901-08-13", "SWEELI"), (None, "SWEGOV")])
def test_dictionaries_date_restricted_code_by_article_date(date, code):
    entry = bundled_dictionaries(True).actors[phrase_key("CARL XVI GUSTAF")][0]
    assert entry.code_on(date).code == code


def test_dictionaries_code_on_prefers_restriction_then_default():
    entry = ActorEntry("X", (CodeOption("EGYMIL", 19770101, 20120812, ("770101", "120812")),
                             CodeOption("EGYGOV", 20140608, None, (">140608",)), CodeOption("EGYELI")))
    assert entry.code_on("2010-01-01").code == "EGYMIL"
    assert entry.code_on("2016-01-01").code == "EGYGOV"
    assert entry.code_on("2013-01-01").code == "EGYELI"


def test_dictionaries_agents_plurals_substitution_and_prefix():
    lines = ["!PERSON! = MAN, MEN, WOMAN, WOMEN", "ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV]",
             "POLICE!PERSON! [~COP]", "HUMAN_RIGHTS_BODY  [NGO~] # prefix", "ARMY {} [~MIL]",
             "MILITIA [~REB]", "BUS_ [~BUS]", "CONTROLLER [~GOV]"]
    entries = {e.phrase: e for e in parse_petrarch_agents(lines)}
    assert entries["ATTORNEYS GENERAL"].code == "GOV"
    assert {"POLICEMAN", "POLICEWOMEN"} <= set(entries)
    assert entries["HUMAN RIGHTS BODY"].prefix and entries["HUMAN RIGHTS BODIES"].code == "NGO"
    assert "ARMYS" not in entries and "ARMIES" not in entries
    assert "MILITIAS" in entries and "BUSES" not in entries and "CONTROLLERS" in entries


@pytest.mark.parametrize("word, plural", [("ARMY", "ARMIES"), ("BOSS", "BOSSES"), ("DAY", "DAYS"),
                                          ("CHURCH", "CHURCHES"), ("REBEL", "REBELS")])
def test_dictionaries_plural_rule(word, plural):
    assert plural_of(word) == plural


def test_dictionaries_phoenix_agents_parse(shared_dir):
    lines = (shared_dir / "data/peerdata/petrarch2/Phoenix.agents.txt").read_text(
        encoding="utf-8", errors="replace").splitlines()
    entries = {e.phrase: e for e in parse_petrarch_agents(lines)}
    assert entries["DIPLOMATS"].primary == "GOV"
    assert entries["FOREIGN MINISTERS"].primary == "GOV"
    assert entries["POLICEMEN"].primary == "COP"


def test_dictionaries_discards():
    parsed = parse_discards(["+TYPHOON_", "FOOTBALL", "# comment"])
    assert parsed == {"TYPHOON": True, "FOOTBALL": False}


@pytest.mark.parametrize("code, expected", [
    ("JPNGOV", ("JPN", None, "GOV")), ("IGOWSTNAT", (None, "NATO", None)), ("IGOUNO", (None, "UN", None)),
    ("IGOUNOHLHWHO", (None, "WHO", None)), ("PSEREBHMS", ("PSE", None, "REB")),
    ("EGYGOVMIL", ("EGY", None, "GOV")), ("MNCUSA", (None, None, None)), ("USA", ("USA", None, None))])
def test_dictionaries_split_code(code, expected):
    assert split_code(code, COUNTRIES) == expected


@pytest.mark.parametrize("phrase, key", [
    ("U.S.", ("us",)), ("PRESIDENT-ELECT_OBAMA", ("president", "-", "elect", "obama")),
    ("THE_WHITE_HOUSE_", ("the", "white", "house")), ("Japan's", ("japan", "'s"))])
def test_dictionaries_phrase_key_follows_spacy_tokens(phrase, key):
    assert phrase_key(phrase) == key


def test_dictionaries_people_table_roles_over_time():
    rows = [{"name": "Jane Roe", "aliases": "Roe|J. Roe", "country": "nga", "agent": "OPP",
             "valid_from": "2010-01-01", "valid_to": "2015-05-28"},
            {"name": "Jane Roe", "country": "NGA", "agent": "GOV", "valid_from": "2015-05-29", "role": "President"}]
    entries = {e.phrase: e for e in people_entries(rows, "people.csv")}
    assert set(entries) == {"Jane Roe", "Roe", "J. Roe"}
    assert entries["Roe"].code_on("2012-03-01").code == "NGAOPP"
    assert entries["Roe"].code_on("2019-03-01").code == "NGAGOV"
    assert entries["Roe"].role == "President" and entries["Roe"].kind == "person"


def test_dictionaries_people_row_needs_country():
    with pytest.raises(ConfigError):
        people_entries([{"name": "Nobody"}], "people.csv")


def test_dictionaries_bundle_is_cached_on_disk(tmp_path, monkeypatch):
    # speed is a benchmark figure; here: the second process-level load reads the cache file
    import pickle

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    bundled_dictionaries.cache_clear()
    built = bundled_dictionaries(True)
    cached = list((tmp_path / "eventwire").glob("actors-*.pickle"))
    assert len(cached) == 1
    bundled_dictionaries.cache_clear()
    calls = []
    real_load = pickle.load
    monkeypatch.setattr(pickle, "load", lambda fh: calls.append(1) or real_load(fh))
    d = bundled_dictionaries(True)
    bundled_dictionaries.cache_clear()
    assert calls, "the second load must come from the on-disk cache"
    assert len(d.actors) == len(built.actors) > 20_000 and len(d.agents) > 1_000
