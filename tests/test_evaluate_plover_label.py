"""Scoring on PLOVER types: statements without a PLOVER type are left out on both sides."""

from __future__ import annotations

import json
from pathlib import Path

from eventwire.evaluate.scorer import evaluate_gold
from eventwire.models import Actor, Event


def _event(code: str, plover: str | None) -> Event:
    return Event(event_id="e", doc_id="d", sentence_index=0, sentence="s", span=(0, 1),
                 source=Actor(code="USA", country="USA"), target=Actor(code="JPN", country="JPN"),
                 cameo_code=code, cameo_root=code[:2], plover=plover, goldstein=0.0, quad_class=1,
                 rule="test", modality="asserted", date=None)


def test_plover_label_skips_gold_statements_without_a_type(tmp_path: Path) -> None:
    gold = tmp_path / "g.jsonl"
    events = [{"source": "USA", "target": "JPN", "cameo_root": "01", "cameo_code": "010", "plover": None},
              {"source": "USA", "target": "JPN", "cameo_root": "04", "cameo_code": "040", "plover": "CONSULT"}]
    gold.write_text(json.dumps({"id": "x", "text": "t", "date": None, "events": events}) + "\n")
    result = evaluate_gold(gold, lambda text, date: [_event("040", "CONSULT"), _event("010", None)],
                           label="plover")
    assert (result["tp"], result["fp"], result["fn"]) == (1, 0, 0)
    assert list(result["by_root"]) == ["CONSULT"]
