"""PETRARCH validation suites: the tolerant reader and strict scoring (hand-built files)."""

from __future__ import annotations

import pytest

from eventwire.errors import EvalError
from eventwire.evaluate.suites import code_key, evaluate_suite, read_suite, resolve_dictionary

SUITE = """<?xml version='1.0' encoding='utf-8'?>
<Validation>
<Environment>
    <Verbfile>verbs.txt</Verbfile>
    <Actorfile>Phoenix.Countries.actors.txt</Actorfile>
    <Include>DEMO PAIR </Include>
</Environment>
<Sentences>
<Sentence category="DEMO" date="19950101" id="DEMO-01" evaluate="true">
<!-- a comment with <EventCoding eventcode="999" /> inside must be ignored -->
<EventCoding eventcode="050" sourcecode="ARN" targetcode="GON" />
<Text>
Arnor restored ties
with Gondor.
</Text>
<Parse> 1 Arnor </Parse></Sentence>
<Config option="require_dyad" value="false" />
<Sentence category="PAIR" date="19950102" id="PAIR-01" evaluate="true"/>
<EventCoding eventcode="042" sourcecode="DAGGOV" targetcode="GON" />
<EventCoding eventcode="043" sourcecode="GON" targetcode="DAGGOV" />
<PLEvent {"event": "042", "source": [{"code": "DAG"}]}>
<Text>Dagolath visited Gondor.</Text>
</Sentence>
<Sentence category="DEMO" date="19950103" id="DEMO-02" evaluate="true">
<EventCoding noevents="True" />
<Text>Nothing happened.</Text>
</Sentence>
<Sentence category="DEMO" date="19950104" id="DEMO-03" evaluate="false">
<EventCoding eventcode="010" sourcecode="ARN" targetcode="---" />
<Text>Skipped.</Text>
</Sentence>
<Sentence category="OTHER" date="19950105" id="OTHER-01" evaluate="true">
<EventCoding eventcode="010" sourcecode="ARN" targetcode="---" />
<Text>Not included.</Text>
</Sentence>
</Sentences>
</Validation>
"""


@pytest.fixture
def suite_path(tmp_path):
    path = tmp_path / "suite.xml"
    path.write_text(SUITE, encoding="utf-8")
    (tmp_path / "verbs.txt").write_text("---  RESTORE  [050]  ---\nRESTORE\n", encoding="utf-8")
    return path


def test_eval_suites_reader(suite_path):
    suite = read_suite(suite_path)
    assert [r.id for r in suite.records] == ["DEMO-01", "PAIR-01", "DEMO-02", "DEMO-03", "OTHER-01"]
    first, pair, empty = suite.records[:3]
    assert first.text == "Arnor restored ties with Gondor." and first.date == "1995-01-01"
    assert first.expected == [("ARN", "GON", "050")]
    assert pair.expected == [("DAGGOV", "GON", "042"), ("GON", "DAGGOV", "043")]
    assert pair.config == {"require_dyad": "false"} and not first.config
    assert empty.noevents
    assert [r.id for r in suite.active()] == ["DEMO-01", "PAIR-01", "DEMO-02"]


def test_eval_suites_dictionaries_resolve(suite_path, tmp_path):
    suite = read_suite(suite_path)
    assert resolve_dictionary(suite, "Verbfile") == (str(tmp_path / "verbs.txt"),)
    assert resolve_dictionary(suite, "Actorfile") == ()  # production: the bundled copy is used
    (tmp_path / "verbs.txt").unlink()
    with pytest.raises(EvalError):
        resolve_dictionary(suite, "Verbfile")


def test_eval_suites_strict_scoring(suite_path):
    answers = {"DEMO-01": [("ARN", "GON", "050")], "PAIR-01": [("DAGGOV", "GON", "042")],
               "DEMO-02": [("ARN", "GON", "010")]}
    result = evaluate_suite(suite_path, lambda record: answers[record.id], with_misses=True)
    assert (result["records_total"], result["records_passed"]) == (3, 1)
    assert result["by_category"]["PAIR"] == {"records": 1, "passed": 0, "pass_rate": 0.0}
    assert (result["tp"], result["fp"], result["fn"]) == (2, 1, 1)
    assert {m["id"] for m in result["misses"]} == {"PAIR-01", "DEMO-02"}


@pytest.mark.parametrize("code, key", [("USAGOV", "USA"), ("---", None), ("IGOWSTNAT", "IGO:NATO"),
                                       ('"INJURY TOLL"', None), ("GON", None)])
def test_eval_suites_code_key(code, key):
    assert code_key(code) == key


def test_eval_suites_missing_file(tmp_path):
    with pytest.raises(EvalError):
        read_suite(tmp_path / "nope.xml")


def test_eval_suites_own_dictionaries_only(tmp_path, nlp):
    """A suite's actor file is self-contained: its bare codes are countries, bundled agents are not used."""
    from eventwire.evaluate.suites import suite_lexicon
    from eventwire.stages.coref import DocumentResolver

    actors = tmp_path / "actors.txt"
    actors.write_text("ZEMBLA_ [ZEM]\nNOVA_ZEMBLA [ZEM]\nEGYPT [UAR]\n", encoding="utf-8")
    agents = tmp_path / "agents.txt"
    agents.write_text("MINISTER [~GOV]\n", encoding="utf-8")
    lexicon = suite_lexicon((str(actors),), (str(agents),))
    doc = nlp("Zembla's minister thanked the villagers of Egypt.")
    codes = {s.actor.code for s in DocumentResolver(lexicon, doc, "1995-01-01", ()).run()}
    assert "ZEMGOV" in codes and "UAR" in codes
    assert not any(c.endswith("CVL") for c in codes) and "EGY" not in codes


OWN_SUITE = """<Validation><Environment>
    <Verbfile>verbs.txt</Verbfile><Actorfile>actors.txt</Actorfile><Agentfile>agents.txt</Agentfile>
    <PICOfile>pico.txt</PICOfile><Include>NEG</Include>
</Environment><Sentences>
<Sentence category="NEG" date="19950101" id="NEG-01" evaluate="true">
<EventCoding eventcode="050" sourcecode="ZEM" targetcode="ARC" />
<Text>Zembla did not criticize Arcadia on Monday.</Text></Sentence>
<Sentence category="NEG" date="19950101" id="NEG-02" evaluate="true">
<EventCoding noevents="True" />
<Text>Zembla did not praise Arcadia on Monday.</Text></Sentence>
<Sentence category="NEG" date="19950101" id="NOUN-01" evaluate="true">
<EventCoding noevents="True" />
<Text>Zembla's visit to Arcadia ended on Monday.</Text></Sentence>
</Sentences></Validation>
"""


def test_eval_suites_negation_through_ontology(tmp_path):
    """A suite naming an ontology codes "did not X" as the ontology's negation of X, when there is one;
    with its own verb dictionary, eventwire's event nouns ("visit") are not used."""
    (tmp_path / "suite.xml").write_text(OWN_SUITE, encoding="utf-8")
    (tmp_path / "verbs.txt").write_text("--- CRITICIZE [111] ---\nCRITICIZE\n--- PRAISE [051] ---\nPRAISE\n",
                                        encoding="utf-8")
    (tmp_path / "actors.txt").write_text("ZEMBLA_ [ZEM]\nARCADIA_ [ARC]\n", encoding="utf-8")
    (tmp_path / "agents.txt").write_text("MINISTER [~GOV]\n", encoding="utf-8")
    (tmp_path / "pico.txt").write_text("050:0x0080\n051:0x0081\n111:0x1007f\n", encoding="utf-8")
    result = evaluate_suite(tmp_path / "suite.xml", with_misses=True)
    assert result["records_passed"] == 3, result["misses"]
