"""Near-duplicate detection with MinHash/LSH on bundled open texts and their copies."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from eventwire.models import Document, Result
from eventwire.stages.dedup import NearDuplicateIndex, shingles

BUNDLED = Path(__file__).resolve().parent.parent / "eventwire" / "data" / "corpus" / "articles.jsonl"


def _english(n: int) -> list[dict]:
    records = [json.loads(line) for line in BUNDLED.read_text(encoding="utf-8").splitlines()]
    return [r for r in records if r["language"] == "en" and r["text"].count("\n\n") >= 4][:n]


def _document(doc_id: str, text: str) -> Document:
    return Document(doc_id=doc_id, origin=doc_id, title=None, outlet=None, url=None, license=None, agency=None,
                    dateline_places=(), published=None, reporters=(), editors=(), language="en", text=text)


def _shuffled(text: str, seed: int) -> str:
    paragraphs = text.split("\n\n")
    random.Random(seed).shuffle(paragraphs)
    return "\n\n".join(paragraphs)


def _edited(text: str, share: float, seed: int) -> str:
    rng = random.Random(seed)
    return " ".join(w if rng.random() >= share else "changed" for w in text.split(" "))


def test_dedup_shingles_ignore_case_and_punctuation():
    assert shingles("The talks, in GENEVA, ended.") == shingles("the talks in geneva ended")
    assert shingles("two words") == {b"two words"}
    assert shingles("") == set()


@pytest.mark.parametrize("make", [
    lambda t: _shuffled(t, 1),
    lambda t: _edited(t, 0.05, 2),
    lambda t: t + "\n\nSign up now for unlimited free access\n\nShare this article",
    lambda t: "\n\n".join(t.split("\n\n")[:-1]),
], ids=["shuffled", "edited-5pct", "boilerplate", "last-paragraph-cut"])
def test_dedup_copy_linked_to_original(make):
    original = _english(1)[0]["text"]
    index = NearDuplicateIndex()
    assert index.check("orig", original) is None
    match = index.check("copy", make(original))
    assert match is not None and (match.duplicate_of, match.kind) == ("orig", "near")


def test_dedup_distinct_articles_not_linked():
    index = NearDuplicateIndex()
    records = [r for r in json.loads("[" + ",".join(BUNDLED.read_text(encoding="utf-8").splitlines()) + "]")
               if r["language"] == "en"]
    # templated government readouts share phrases but are different documents
    assert all(index.check(r["id"], r["text"]) is None for r in records)
    assert len(index) == len(records)


def test_dedup_exact_duplicate_and_short_texts():
    index = NearDuplicateIndex()
    text = _english(1)[0]["text"]
    index.check("a", text)
    assert index.check("a", text).kind == "exact"
    assert index.check("short", "Too short to tell.") is None and "short" not in index


def test_dedup_link_sets_duplicate_of_on_documents():
    first, second = _english(2)
    docs = [_document("a", first["text"]), _document("b", second["text"]),
            _document("c", _shuffled(first["text"], 3)), _document("a", first["text"])]
    linked = list(NearDuplicateIndex().link(docs))
    assert [d.duplicate_of for d in linked] == [None, None, "a", None]


def test_dedup_index_saved_and_loaded(tmp_path):
    text = _english(1)[0]["text"]
    index = NearDuplicateIndex()
    index.check("a", text)
    index.save(tmp_path / "minhash.pickle")
    again = NearDuplicateIndex.open(tmp_path / "minhash.pickle")
    assert again.check("b", _shuffled(text, 5)).duplicate_of == "a"
    assert len(NearDuplicateIndex.open(tmp_path / "absent.pickle")) == 0


def test_dedup_load_rejects_other_objects(tmp_path):
    import pickle

    path = tmp_path / "x.pickle"
    path.write_bytes(pickle.dumps({"not": "an index"}))
    with pytest.raises(TypeError):
        NearDuplicateIndex.load(path)


def test_dedup_link_results_replaces_the_document_only():
    text = _english(1)[0]["text"]
    results = [Result(_document(i, t), (), (), ()) for i, t in (("a", text), ("b", _shuffled(text, 9)))]
    first, second = NearDuplicateIndex().link_results(results)
    assert first is results[0] and second.document.duplicate_of == "a"
    assert second.events == results[1].events
