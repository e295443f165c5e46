"""Near-duplicates are linked across ingest runs and left out of aggregates."""

from __future__ import annotations

import json

import pytest

import eventwire
from eventwire.demo import bundled_corpus
from eventwire.runner import DEDUP_FILE, ingest

pytestmark = pytest.mark.model


def test_runner_links_a_republished_copy_in_a_later_run(tmp_path):
    record = next(json.loads(line) for line in bundled_corpus().read_text(encoding="utf-8").splitlines()
                  if '"language": "en"' in line and len(json.loads(line)["text"]) > 1500)
    first = tmp_path / "first.jsonl"
    first.write_text(json.dumps(record) + "\n", encoding="utf-8")
    # an aggregator's copy: paragraphs kept, a prompt added, a few words changed
    paragraphs = record["text"].split("\n\n")
    copy_text = "\n\n".join(paragraphs[:-1] + ["Sign up now for unlimited free access.", paragraphs[-1]])
    copy = {**record, "id": "copy", "url": "https://aggregator.example/copy",
            "text": copy_text.replace(" the ", " this ", 2)}
    second = tmp_path / "second.jsonl"
    second.write_text(json.dumps(copy) + "\n", encoding="utf-8")
    data = tmp_path / "data"
    ingest([str(first)], data)
    ingest([str(second)], data)
    assert (data / DEDUP_FILE).is_file()
    store = eventwire.open(data)
    docs = store.documents().to_pylist()
    assert len(docs) == 2
    original = next(d for d in docs if d["duplicate_of"] is None)
    duplicate = next(d for d in docs if d["duplicate_of"] is not None)
    assert duplicate["duplicate_of"] == original["doc_id"]
    # aggregates count the story once; the switch brings the copy back
    once = store.events().num_rows
    assert store.events(include_duplicates=True).num_rows >= once
    assert store.stats()["duplicates"] == 1
