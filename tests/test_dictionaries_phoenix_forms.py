"""Phoenix actor entries: parenthesised acronyms, historical country codes, and bundled IGO rows."""

from __future__ import annotations

import pytest

from eventwire.codebooks.actors import HISTORICAL_CODES, phoenix_entries, phrase_key
from eventwire.stages.actors import ActorResolver

COUNTRIES = frozenset({"RUS", "ARM", "XYZ"})


def test_dictionaries_parenthesised_acronym_also_matches_without_it():
    entries = phoenix_entries(COUNTRIES, {"t.txt": ["NORTHERN_FRONT_(NF)_ [XYZREB]"]})
    assert {phrase_key(e.phrase) for e in entries} == {
        phrase_key("NORTHERN FRONT (NF)"), phrase_key("NORTHERN FRONT")}
    assert all(e.codes[0].code == "XYZREB" for e in entries)


@pytest.mark.parametrize("modernise, codes", [
    (True, ["RUS", "ARM"]),
    (False, ["USR", "ARM"]),
])
def test_dictionaries_historical_codes_modernised_only_when_asked(modernise, codes):
    lines = ["OLDTOWN_ [USR <911225] [ARM >911226]"]
    entry = phoenix_entries(COUNTRIES, {"t.txt": lines}, modernise=modernise)[0]
    assert [o.code for o in entry.codes] == codes
    # with today's codes the place is a country place, not an unclassified name
    assert entry.kind == ("country" if modernise else "named")


def test_dictionaries_historical_codes_are_iso():
    assert set(HISTORICAL_CODES.values()) <= {"RUS", "DEU", "SRB", "CZE", "AGO"}


@pytest.fixture(scope="module")
def resolver(settings):
    return ActorResolver(settings)


@pytest.mark.parametrize("text, head, code", [
    ("The European Community lifted the ban.", "Community", "IGOEUREEC"),
    ("European Community ministers met in Luxembourg.", "ministers", "IGOEUREECGOV"),
    ("APEC leaders met in Lima.", "leaders", "IGOAPECGOV"),
])
def test_dictionaries_bundled_igo_rows(nlp, resolver, text, head, code):
    doc = nlp(text)
    spans = resolver.resolve_doc(doc, "1990-05-01")
    assert {s.actor.code for s in spans if doc[s.head].text == head} == {code}


@pytest.mark.parametrize("date, code", [
    (None, "IGOUNO"),          # undated: the dated role says whose actor the person is
    ("2001-05-01", "IGOUNO"),  # within the role
    ("2012-05-01", "ELI"),     # after it: the default, as PETRARCH reads it
])
def test_dictionaries_agent_only_default_yields_to_role_when_undated(date, code):
    lines = ["JANE_ROE_", "\t[IGOUNO 970101-061231]", "\t[ELI]"]
    entry = phoenix_entries(COUNTRIES, {"t.txt": lines})[0]
    assert entry.code_on(date).code == code


def test_dictionaries_country_default_still_wins_when_undated():
    entry = phoenix_entries(COUNTRIES, {"t.txt": ["JOHN_DOE_", "\t[XYZGOV 970101-061231]", "\t[XYZ]"]})[0]
    assert entry.code_on(None).code == "XYZ"


@pytest.mark.parametrize("line, primary", [
    ("FOREIGN_MINISTER [~GOVFRM]", "GOV"),
    ("MAIN_OPPOSITION_GROUP [~MOP]", "MOP"),   # a user's own sector code is kept
    ("MUSLIM_CLERIC [~MUS]", None),            # a religion alone is no sector
    ("AID_WORKER [NGO~]", None),               # an international prefix is no sector
])
def test_dictionaries_agent_primary_sector(line, primary):
    from eventwire.codebooks.actors import parse_petrarch_agents

    assert parse_petrarch_agents([line])[0].primary == primary


def test_dictionaries_overlapping_roles_latest_start_wins():
    lines = ["JOHN_DOE_", "\t[XYZELI 620101-000101]", "\t[XYZGOV >860126]", "\t[XYZELI]"]
    entry = phoenix_entries(COUNTRIES, {"t.txt": lines})[0]
    assert entry.code_on("1996-05-01").code == "XYZGOV"
    assert entry.code_on("1980-05-01").code == "XYZELI"


@pytest.mark.parametrize("lines, kind", [
    # a city of a state that seceded: dated like offices, but it ends in a bare country
    (["NEWCITY_ [RUSARM <910824] [ARMUNR 910824-911221] [ARM >911221]"], "country"),
    # a person's offices end in a sector (or ELI), never in a bare country
    (["SOME_MINISTER_ [ARMGOV 920101-991231] [ARMELI >20000101]"], "person"),
    (["SOME_LEADER_ [ARMGOV >20000101]"], "person"),
])
def test_dictionaries_succession_place_is_a_country_place(lines, kind):
    assert phoenix_entries(COUNTRIES, {"t.txt": lines}, modernise=True)[0].kind == kind
