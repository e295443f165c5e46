"""The PLOVER GSR converter maps the GSR's IGO actor texts to eventwire's IGO keys."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from eventwire.codebooks.actors import IGO_ACRONYMS

SCRIPT = Path(__file__).resolve().parent.parent / "eval" / "scripts" / "convert_plover_gsr.py"


@pytest.fixture(scope="module")
def converter():
    spec = importlib.util.spec_from_file_location("convert_plover_gsr_h3", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("text, key", [
    ("UN", "IGO:UN"), ("U.N. Security Council", "IGO:UN"), ("UN peacekeepers", "IGO:UN"),
    ("Secretary-General Kofi Annan", "IGO:UN"), ("the UN refugee agency", "IGO:UNHCR"),
    ("International Atomic Energy Agency", "IGO:IAEA"), ("International Labor Office", "IGO:ILO"),
    ("European Community", "IGO:EU"), ("new EU members", "IGO:EU"),
    ("Arab League Secretary General", "IGO:Arab League"), ("the World Bank", "IGO:World Bank"),
    ("Asia-Pacific Economic Cooperation", "IGO:APEC"),
    # whole words only: 'un' inside another word is no United Nations
    ("Union of Cameroun traders", "IGO:OTHER"), ("regional peacekeeping force", "IGO:OTHER"),
    # non-governmental organisations the GSR codes IGO
    ("Red Cross officials", None), ("Amnesty International", None),
])
def test_verbdata_plover_converter_igo_keys(converter, text, key):
    assert converter.actor_key({"code": "IGO", "actorText": text}) == key


def test_verbdata_plover_converter_acronyms_are_the_actor_coders(converter):
    """Every acronym the converter gives is one eventwire's actor coder emits (APEC: not yet in its table)."""
    emitted = set(IGO_ACRONYMS.values())
    assert {acronym for _, acronym in converter.IGO_NAMES} - emitted == {"APEC"}


def test_verbdata_plover_converter_merges_records_of_one_sentence(converter):
    def record(rid, event, target):
        return {"id": rid, "date": "2000-01-01", "event": event, "text": "Police  fired at protesters.",
                "source": [{"code": "EGY"}], "target": [{"code": target}]}
    records = [converter.convert_record(r) for r in
               (record("a", "COERCE", "EGY"), record("b", "FIGHT", "EGY"), record("c", "AID", "LBY"))]
    records[2]["text"] = "Another sentence."
    merged = converter.merge_sentences(records)
    assert [r["id"] for r in merged] == ["a+b", "c"]
    assert [e["plover"] for e in merged[0]["events"]] == ["COERCE", "ASSAULT"]
