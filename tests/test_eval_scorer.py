"""The gold scorer on hand-built gold files and a fake coder."""

from __future__ import annotations

import json

import pytest

from eventwire.errors import EvalError
from eventwire.evaluate.scorer import evaluate_gold, format_report, match_sentence
from eventwire.models import Actor, Event


def event(src, tgt, code, *, negated=False, modality="asserted", agent=None, plover=None):
    source = Actor(code=src, country=src[:3] if not src.startswith("IGO") else None,
                   igo=src[3:] if src.startswith("IGO") else None, agent=agent)
    target = Actor(code=tgt, country=tgt[:3]) if tgt else None
    return Event(event_id="e", doc_id="d", date=None, sentence_index=0, sentence="", span=(0, 0),
                 source=source, target=target, cameo_code=code, cameo_root=code[:2], plover=plover,
                 goldstein=None, quad_class=None, negated=negated, modality=modality, rule="r")


def write_gold(tmp_path, records):
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


def gold_event(src, tgt, code, alt=(), src_agent=None, plover=None):
    return {"source": src, "source_agent": src_agent, "target": tgt, "target_agent": None,
            "cameo_root": code[:2], "cameo_code": code, "plover": plover, "alt_roots": list(alt)}


@pytest.fixture
def gold(tmp_path):
    return write_gold(tmp_path, [
        {"id": "a", "date": None, "text": "A", "events": [gold_event("DEU", "FRA", "192", src_agent="GOV",
                                                                     plover="COERCE")]},
        {"id": "b", "date": None, "text": "B", "events": [gold_event("CHN", "USA", "114", alt=["12"])]},
        {"id": "c", "date": None, "text": "C", "events": []},
        {"id": "d", "date": None, "text": "D", "events": [gold_event("IGO:EU", "RUS", "163")]},
    ])


PREDICTIONS = {
    "A": [event("DEUGOV", "FRA", "192", agent="GOV", plover="COERCE"), event("DEU", "FRA", "190")],
    "B": [event("CHN", "USA", "120")],                                   # alt root matches
    "C": [event("ESP", None, "010"), event("ESP", "ITA", "190", negated=True),
          event("ESP", "ITA", "190", modality="hypothetical")],
    "D": [],
}


def test_eval_scorer_counts(gold):
    result = evaluate_gold(gold, lambda text, date: PREDICTIONS[text], with_misses=True)
    # A: 192 and 190 share root 19 -> one prediction; C: only the asserted 010 counts
    assert (result["tp"], result["fp"], result["fn"]) == (2, 1, 1)
    assert result["precision"] == pytest.approx(2 / 3, abs=1e-4)
    assert result["recall"] == pytest.approx(2 / 3, abs=1e-4)
    assert result["by_root"]["16"]["fn"] == 1 and result["by_root"]["01"]["fp"] == 1
    assert result["agent_accuracy"] == 1.0 and result["plover_accuracy"] == 1.0
    assert result["records"] == 4
    assert {m["id"] for m in result["misses"]} == {"c", "d"}
    assert "F1" in format_report(result)


def test_eval_scorer_without_misses_has_no_misses_key(gold):
    result = evaluate_gold(gold, lambda text, date: [])
    assert "misses" not in result and result["f1"] == 0.0 and result["fn"] == 3


def test_eval_scorer_prefers_exact_root_in_matching():
    gold = [{"source": "A", "target": "B", "root": "11", "alt_roots": ["12"]},
            {"source": "A", "target": "B", "root": "12", "alt_roots": []}]
    predicted = [{"source": "A", "target": "B", "root": "12"}, {"source": "A", "target": "B", "root": "11"}]
    pairs, extra, missed = match_sentence(predicted, gold)
    assert len(pairs) == 2 and not extra and not missed


def test_eval_scorer_null_target_matches_only_null(tmp_path):
    path = write_gold(tmp_path, [{"id": "x", "date": None, "text": "X",
                                  "events": [gold_event("PRK", None, "150")]}])
    assert evaluate_gold(path, lambda t, d: [event("PRK", "JPN", "150")])["tp"] == 0
    assert evaluate_gold(path, lambda t, d: [event("PRK", None, "150")])["tp"] == 1


@pytest.mark.parametrize("content", ["not json\n", '{"text": "x"}\n'])
def test_eval_scorer_bad_gold_raises(tmp_path, content):
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(EvalError):
        evaluate_gold(path, lambda t, d: [])
