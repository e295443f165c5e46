"""The PLOVER GSR converter script and PLOVER-type scoring."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from eventwire.evaluate.scorer import evaluate_gold
from eventwire.models import Actor, Event

SCRIPT = Path(__file__).resolve().parent.parent / "eval" / "scripts" / "convert_plover_gsr.py"


@pytest.fixture(scope="module")
def converter():
    spec = importlib.util.spec_from_file_location("convert_plover_gsr", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("actor, key", [
    ({"code": "JAP"}, "JPN"), ({"code": "USA"}, "USA"), ({"code": "NGO"}, None),
    ({"code": "IGO", "actorText": "the United Nations"}, "IGO:UN"),
    ({"code": "IGO", "actorText": "Mercosur"}, "IGO:OTHER"),
])
def test_eval_plover_gsr_actor_keys(converter, actor, key):
    assert converter.actor_key(actor) == key


def test_eval_plover_gsr_record_conversion(converter):
    record = {"id": "x", "date": "2000-01-01", "event": "DEMAND", "text": "T",
              "source": [{"code": "HUN", "sector": "GOV"}, {"code": "ROU"}], "target": ""}
    out = converter.convert_record(record)
    assert {(e["source"], e["target"], e["plover"]) for e in out["events"]} == {
        ("HUN", "ROU", "REQUEST"), ("ROU", "HUN", "REQUEST")}
    assert converter.convert_record({"DOCUMENT": 1}) is None


def test_eval_plover_label_scores_types(tmp_path):
    gold = tmp_path / "g.jsonl"
    gold.write_text(json.dumps({"id": "a", "date": None, "text": "A", "events": [
        {"source": "USA", "target": "JPN", "plover": "CONSULT", "cameo_root": None}]}) + "\n", encoding="utf-8")

    def code(text, date):
        return [Event(event_id="e", doc_id="d", date=None, sentence_index=0, sentence="", span=(0, 0),
                      source=Actor(code="USA", country="USA"), target=Actor(code="JPN", country="JPN"),
                      cameo_code="036", cameo_root="03", plover=plover, goldstein=None, quad_class=None)
                for plover in ("CONSULT", "AGREE")]
    result = evaluate_gold(gold, code, label="plover")
    assert (result["tp"], result["fp"], result["fn"]) == (1, 1, 0)
    assert set(result["by_root"]) == {"CONSULT", "AGREE"}
