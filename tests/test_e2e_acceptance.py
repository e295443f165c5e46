"""End to end on real text: the noisy wire fixture and the bundled open corpus."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import eventwire
from eventwire.cli import cli

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def fixture_doc(shared_dir):
    text = (shared_dir / "fixtures" / "noisy-wire-us-japan-2022.txt").read_text(encoding="utf-8")
    return text, eventwire.code_document(text, "2022-01-07")


def _triples(result):
    return {(e.source.country if e.source else None, e.target.country if e.target else None, e.cameo_root)
            for e in result.events if not e.negated}


def test_e2e_fixture_formal_complaint_with_both_countries(fixture_doc):
    _, result = fixture_doc
    triples = _triples(result)
    assert ("CHN", "USA", "11") in triples
    assert ("CHN", "JPN", "11") in triples


def test_e2e_fixture_allies_pledge_cooperation_both_ways(fixture_doc):
    _, result = fixture_doc
    roots = {"03", "04", "05", "06"}
    pairs = {(s, t) for s, t, r in _triples(result) if r in roots}
    assert ("USA", "JPN") in pairs and ("JPN", "USA") in pairs


def test_e2e_fixture_no_event_from_boilerplate(fixture_doc):
    _, result = fixture_doc
    dropped = [d.text for d in result.document.dropped]
    assert any("Sign up now" in d for d in dropped)
    assert any(d.startswith("READ") for d in dropped)
    assert any("Lascia un commento" in d for d in dropped)
    for event in result.events:
        for marker in ("Sign up now", "READ ", "Lascia", "Torna in alto", "indirizzo email"):
            assert marker not in event.sentence
    for d in result.document.dropped:
        assert d.text not in result.document.text


def test_e2e_fixture_wire_metadata(fixture_doc):
    _, result = fixture_doc
    doc = result.document
    assert doc.agency == "Reuters"
    assert set(doc.dateline_places) == {"Tokyo", "Washington"}
    assert doc.published == "2022-01-07"
    assert "David Brunstrom" in doc.reporters
    assert "David Dolan" in doc.editors


def test_e2e_fixture_events_are_explained(fixture_doc):
    text, result = fixture_doc
    assert result.events
    for event in result.events:
        assert event.rule and event.sentence
        start, end = event.span
        assert result.document.text[start:end].strip() == event.sentence.strip()
        assert len(event.cameo_root) == 2 and event.cameo_code.startswith(event.cameo_root)


def test_e2e_cli_code_document_json(shared_dir):
    path = shared_dir / "fixtures" / "noisy-wire-us-japan-2022.txt"
    result = CliRunner().invoke(cli, ["code", str(path), "--date", "2022-01-07", "--document"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    for key in ("doc_id", "title", "published", "language", "agency", "dateline_places", "reporters",
                "editors", "text", "dropped", "quotes", "events"):
        assert key in record
    event = record["events"][0]
    for key in ("event_id", "doc_id", "date", "sentence_index", "sentence", "span", "source", "target",
                "cameo_code", "cameo_root", "plover", "goldstein", "quad_class", "negated", "modality",
                "reporter", "location", "rule", "confidence"):
        assert key in event


def test_e2e_code_event_ids_are_stable():
    text = "China lodged a formal complaint with the United States on Friday."
    first = [e.event_id for e in eventwire.code(text, "2022-01-07")]
    second = [e.event_id for e in eventwire.code(text, "2022-01-07")]
    assert first and first == second


def test_e2e_ingest_bundled_corpus_and_query(tmp_path):
    from eventwire.demo import bundled_corpus

    lines = bundled_corpus().read_text(encoding="utf-8").splitlines()[:12]
    src = tmp_path / "few.jsonl"
    src.write_text("\n".join(lines) + "\n{not json}\n", encoding="utf-8")
    data = tmp_path / "store"
    result = CliRunner().invoke(cli, ["ingest", str(src), "--data", str(data), "--format", "json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["stored"] == 12 and summary["rejected"] == 1
    store = eventwire.open(data)
    stats = store.stats()
    assert stats["documents"] == 12 and stats["rejections"] == 1
    assert stats["events"] == store.events(include_negated=False).num_rows > 0
    # idempotent: a re-run stores nothing new
    again = CliRunner().invoke(cli, ["ingest", str(src), "--data", str(data), "--format", "json"])
    assert json.loads(again.output)["stored"] == 0
    assert eventwire.open(data).stats()["events"] == stats["events"]
    out = CliRunner().invoke(cli, ["stats", "--data", str(data), "--format", "json"])
    assert json.loads(out.output)["documents"] == 12
