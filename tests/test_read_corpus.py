"""Readers on real files: the open corpus (../shared) and the bundled demo corpus."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from eventwire.models import Article, RawDocument
from eventwire.stages.clean import Cleaner
from eventwire.stages.read import read_inputs

BUNDLED = Path(__file__).resolve().parent.parent / "eventwire" / "data" / "corpus" / "articles.jsonl"


def _expected(shared_dir) -> dict[str, dict]:
    path = shared_dir / "data" / "corpus" / "articles.jsonl"
    return {r["id"]: r for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())}


def _words(text: str) -> set[str]:
    return set(text.replace("'", " ").replace('"', " ").split())


def test_read_corpus_jsonl_all_records_with_metadata(shared_dir, settings):
    expected = _expected(shared_dir)
    items = list(read_inputs([str(shared_dir / "data" / "corpus" / "articles.jsonl")], settings))
    assert len(items) == 224 and all(isinstance(i, RawDocument) for i in items)
    for doc in items:
        record = expected[doc.source_id]
        assert (doc.title, doc.published, doc.url, doc.outlet, doc.license, doc.language, doc.text) == (
            record["title"], record["published"], record["url"], record["outlet"], record["license"],
            record["language"], record["text"])


def test_read_corpus_html_pages_title_date_language(shared_dir, settings):
    expected = _expected(shared_dir)
    html_dir = shared_dir / "data" / "corpus" / "html"
    items = list(read_inputs([str(html_dir)], settings))
    assert len(items) == 33 and all(isinstance(i, RawDocument) for i in items)
    cleaner = Cleaner(settings)
    for doc in items:
        record = expected[Path(doc.origin).stem]
        assert doc.published == record["published"], doc.origin
        # full pages carry their <title>; feed-item fragments have none to read
        if "<title" in Path(doc.origin).read_text(encoding="utf-8"):
            assert doc.title == record["title"]
        article = cleaner(Article(raw=doc))
        assert article.language == record["language"], doc.origin
        # the extracted body is the corpus text: nearly every word of it is found
        kept = _words(article.text) | {w for d in article.dropped for w in _words(d.text)}
        reference = _words(record["text"].replace("’", "'").replace("“", '"').replace("”", '"'))
        assert len(reference & kept) / len(reference) > 0.9, doc.origin


def test_read_bundled_corpus_records_keep_attribution(settings):
    items = list(read_inputs([str(BUNDLED)], settings))
    assert 50 <= len(items) <= 70 and all(isinstance(i, RawDocument) for i in items)
    assert all(d.url and d.outlet and d.license for d in items)
    languages = Counter(d.language for d in items)
    assert languages["en"] >= 0.8 * len(items) and len(languages) >= 3
    # English first: the demo's first documents produce events
    assert [d.language for d in items[:12]] == ["en"] * 12


def test_read_bundled_corpus_readme_names_every_outlet():
    readme = (BUNDLED.parent / "README.md").read_text(encoding="utf-8")
    outlets = {json.loads(line)["outlet"] for line in BUNDLED.read_text(encoding="utf-8").splitlines()}
    for outlet in outlets:
        name = outlet.split(" (")[0]
        assert name in readme, outlet


@pytest.mark.slow
def test_read_corpus_html_fast_enough(shared_dir, settings):
    import time

    start = time.perf_counter()
    list(read_inputs([str(shared_dir / "data" / "corpus" / "html")], settings))
    assert time.perf_counter() - start < 10
