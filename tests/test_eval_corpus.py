"""The annotated article corpus (eval/corpus) and its evaluation in both modes."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from eventwire.cli import cli
from eventwire.evaluate.corpus import evaluate_corpus, resolve_article, sentence_records
from eventwire.evaluate.scorer import evaluate_file



# ------------------------------------------------------------------ the format and the scorer

def _article(sentences, **meta):
    base = {"id": "t-2022-01-07-test", "title": "Test", "url": "https://example.org/t", "outlet": "Test Wire",
            "license": "CC0", "published": "2022-01-07", "origin": "hand-built", "genre": "wire",
            "synthetic": False, "incident": "test-incident", "annotator": "T", "sentences": sentences}
    base.update(meta)
    return base


def test_corpus_resolve_fills_spans_roots_and_plover():
    article = _article([
        {"text": "China lodged a formal complaint with Japan.", "events": [
            {"trigger": "lodged a formal complaint", "code": "114", "source": "CHN", "source_agent": None,
             "source_text": "China", "target": "JPN", "target_agent": None, "target_text": "Japan"}]},
        {"text": "It also recalled its ambassador.", "events": [
            {"trigger": "recalled", "code": "161", "source": "CHN", "source_agent": None, "source_text": "It",
             "source_ref": {"sentence": 0, "text": "China"}, "target": "JPN", "target_agent": None,
             "target_text": None, "target_ref": {"sentence": 0, "text": "Japan"}}]},
    ])
    assert resolve_article(article) == []
    first, second = article["sentences"][0]["events"][0], article["sentences"][1]["events"][0]
    assert first["trigger_span"] == [6, 31] and first["source_span"] == [0, 5] and first["target_span"] == [37, 42]
    assert (first["cameo_root"], first["plover"]) == ("11", "ACCUSE")
    assert second["source_span"] == [0, 2] and second["source_ref"]["span"] == [0, 5]
    assert second["target_ref"]["span"] == [37, 42] and "target_span" not in second
    record = sentence_records([article])[1]
    assert record["id"] == "t-2022-01-07-test#1" and record["events"][0]["context"] is True


@pytest.mark.parametrize("event, message", [
    ({"code": "999"}, "unknown CAMEO code"),
    ({"source": "XXQ"}, "neither an ISO alpha-3 country"),
    ({"source_agent": "ZZZ"}, "not a known agent code"),
    ({"trigger": "denounced"}, "is not in the sentence"),
    ({"source_text": "Beijing"}, "source_text 'Beijing' is not in the sentence"),
    ({"target_text": None}, "target needs a target_text"),
    ({"target_text": None, "target_ref": {"sentence": 3, "text": "Japan"}}, "earlier sentence index"),
    ({"alt_roots": ["4"]}, "two-digit roots"),
])
def test_corpus_resolve_reports_each_problem(event, message):
    good = {"trigger": "lodged", "code": "114", "source": "CHN", "source_agent": None, "source_text": "China",
            "target": "JPN", "target_agent": None, "target_text": "Japan"}
    article = _article([{"text": "China lodged a formal complaint with Japan.", "events": [{**good, **event}]}])
    errors = resolve_article(article)
    assert any(message in e for e in errors), errors


def test_corpus_resolve_checks_article_fields():
    article = _article([{"text": "Nothing happened.", "events": []}], genre="synthetic", synthetic=False,
                       published="7 Jan 2022", incident="")
    errors = " | ".join(resolve_article(article))
    assert "'synthetic' must be true" in errors
    assert "published must be YYYY-MM-DD" in errors
    assert "'incident'" in errors


def test_corpus_make_splits_keeps_an_incident_in_one_split(corpus_tools):
    tools = corpus_tools
    articles = [_article([{"text": f"S{k}.", "events": []}] * (3 + k % 4), id=f"a-{k:03d}", incident=f"inc-{k // 2}")
                for k in range(60)]
    splits = tools.make_splits(articles, seed=3)
    where = {}
    for name in ("train", "dev", "test"):
        for aid in splits[name]:
            where.setdefault(int(aid[2:]) // 2, set()).add(name)
    assert all(len(v) == 1 for v in where.values())
    assert splits == tools.make_splits(articles, seed=3)
    total = sum(len(a["sentences"]) for a in articles)
    test = sum(len(a["sentences"]) for a in articles if a["id"] in splits["test"])
    assert 0.12 * total <= test <= 0.25 * total


@pytest.fixture
def two_article_corpus(tmp_path):
    """Two hand-built articles: one event needs the article (a pronoun), one does not."""
    articles = [
        _article([
            {"text": "China lodged a formal complaint with Japan on Friday.", "events": [
                {"trigger": "lodged a formal complaint", "code": "114", "source": "CHN", "source_agent": None,
                 "source_text": "China", "target": "JPN", "target_agent": None, "target_text": "Japan"}]},
            {"text": "The weather in Tokyo was mild.", "events": []},
        ], id="t-2022-01-07-complaint", incident="complaint"),
        _article([
            {"text": "Japanese Prime Minister Fumio Kishida met U.S. President Joe Biden in Washington on Friday.",
             "events": [
                 {"trigger": "met", "code": "040", "source": "JPN", "source_agent": "GOV",
                  "source_text": "Japanese Prime Minister Fumio Kishida", "target": "USA", "target_agent": "GOV",
                  "target_text": "U.S. President Joe Biden"},
                 {"trigger": "met", "code": "040", "source": "USA", "source_agent": "GOV",
                  "source_text": "U.S. President Joe Biden", "target": "JPN", "target_agent": "GOV",
                  "target_text": "Japanese Prime Minister Fumio Kishida"}]},
            {"text": "He condemned North Korea's missile launches.", "events": [
                {"trigger": "condemned", "code": "111", "source": "JPN", "source_agent": "GOV", "source_text": "He",
                 "source_ref": {"sentence": 0, "text": "Japanese Prime Minister Fumio Kishida"},
                 "target": "PRK", "target_agent": None, "target_text": "North Korea"}]},
        ], id="t-2023-01-13-kishida", incident="kishida", published="2023-01-13"),
    ]
    path = tmp_path / "corpus.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    return path


@pytest.mark.model
def test_corpus_eval_scores_both_modes(two_article_corpus):
    result = evaluate_corpus(two_article_corpus)
    alone, context = result["modes"]["alone"]["all"], result["modes"]["context"]["all"]
    assert result["articles"] == 2 and result["sentences"] == 4 and result["events"] == 4
    # the pronoun's country comes only from the article
    assert context["tp"] > alone["tp"]
    assert alone["fn"] >= 1


@pytest.mark.model
def test_corpus_eval_cli_reports_splits_and_folds(two_article_corpus, tmp_path):
    splits = {"seed": 0, "train": ["t-2022-01-07-complaint"], "dev": [], "test": ["t-2023-01-13-kishida"],
              "folds": [["t-2022-01-07-complaint"], [], [], [], []]}
    (tmp_path / "splits.json").write_text(json.dumps(splits), encoding="utf-8")
    out = CliRunner().invoke(cli, ["eval", str(two_article_corpus), "--format", "json"])
    assert out.exit_code == 0, out.output
    result = json.loads(out.output)
    for mode in ("alone", "context"):
        parts = result["modes"][mode]
        assert {"all", "train", "dev", "test", "cv"} <= set(parts)
        assert len(parts["cv"]["folds"]) == 5 and "f1_sd" in parts["cv"]
    table = CliRunner().invoke(cli, ["eval", str(two_article_corpus), "--mode", "context", "--split", "test",
                                     "--misses"])
    assert table.exit_code == 0, table.output
    assert "context P" in table.output and "test" in table.output


def test_corpus_eval_rejects_an_invalid_corpus(tmp_path):
    bad = _article([{"text": "China protested.", "events": [{"trigger": "protested", "code": "999", "source": "CHN",
                                                             "source_text": "China", "target": None}]}])
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(bad) + "\n", encoding="utf-8")
    out = CliRunner().invoke(cli, ["eval", str(path)])
    assert out.exit_code != 0
    assert "unknown CAMEO code" in str(out.exception or out.output)


@pytest.mark.model
def test_issue14_photo_caption_is_scored_as_no_events(tmp_path):
    """A gold sentence the cleaner drops whole is no events with a warning, not an abort (E001)."""
    gold = tmp_path / "gold.jsonl"
    records = [
        {"id": "c1", "date": "2019-02-23", "events": [],
         "text": "FILE PHOTO: A man holds a flag during a protest in Caracas, Venezuela, February 23, 2019."},
        {"id": "c2", "date": "2022-01-07", "text": "China lodged a formal complaint with Japan on Friday.",
         "events": [{"source": "CHN", "target": "JPN", "cameo_root": "11", "cameo_code": "114", "alt_roots": []}]},
    ]
    gold.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    result = evaluate_file(gold)
    assert result["records"] == 2 and result["tp"] == 1
    assert any(w.startswith("c1:") for w in result["warnings"])
    out = CliRunner().invoke(cli, ["eval", str(gold)])
    assert out.exit_code == 0, out.output
