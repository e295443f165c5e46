"""Precision guard: the cleaner never drops a sentence of a real article body that reports an event.

"Reports an event" is read off the parse: a verb of the event dictionaries (CAMEO verbs and
eventwire's own) heading a clause with a nominal subject. The bodies are the bundled open-corpus
articles, on their own and wrapped in the page chrome the block rules react to (a related-stories
box right before the body, a tag list right after it), and the whole open corpus in ``../shared``.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from pathlib import Path

import pytest

from eventwire.codebooks.verbs import read_verb_tsv
from eventwire.stages.clean import clean_text, normalise_line

BUNDLED = Path(__file__).resolve().parent.parent / "eventwire" / "data" / "corpus" / "articles.jsonl"
SUBJECTS = {"nsubj", "nsubjpass"}
# chrome a scraper leaves around a body: a related box opened right before it, tags right after
BEFORE = ["Related stories", "Talks stall as envoys leave Vienna", "June 3, 2022", "Read more"]
AFTER = ["Tags", "Diplomacy", "Security", "Share this article"]


@functools.lru_cache(maxsize=1)
def event_verbs() -> frozenset[str]:
    data = resources.files("eventwire").joinpath("codebooks/data/verbs")
    verbs = set()
    for name in ("cameo2.tsv", "eventwire.tsv"):
        verbs.update(p.verb.lower() for p in read_verb_tsv(Path(str(data.joinpath(name)))) if p.code != "---")
    return frozenset(verbs)


def reports_event(nlp, text: str) -> bool:
    """Whether a line holds a clause headed by an event verb with a nominal subject."""
    verbs = event_verbs()
    return any(t.pos_ == "VERB" and t.lemma_.lower() in verbs and any(c.dep_ in SUBJECTS for c in t.children)
               for t in nlp(text))


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _event_lines_dropped(nlp, settings, text: str, body: str | None = None) -> list[str]:
    """Dropped lines of ``body`` (default: the whole text) that report an event.

    Language set-asides are another stage's decision, and a read-more link ("Read more: <headline>")
    is a link to another story whatever its headline says.
    """
    lines = {normalise_line(x) for x in (text if body is None else body).splitlines()}
    return [d.text for d in clean_text(text, settings).dropped
            if d.text in lines and d.reason.split(";")[0] != "read-more-link" and not d.reason.startswith("language:")
            and reports_event(nlp, d.text)]


def test_clean_precision_guard_detects_event_sentences(nlp):
    # the guard itself: an event sentence is seen, chrome is not
    assert reports_event(nlp, "Japan and the United States signed a defence pact on Friday.")
    assert not reports_event(nlp, "Share this article")
    assert not reports_event(nlp, "Reporting by Jane Doe; Editing by John Roe")


@pytest.mark.parametrize("wrapped", [False, True], ids=["plain", "in-page-chrome"])
def test_clean_keeps_every_event_sentence_of_bundled_bodies(nlp, settings, wrapped):
    lost = {}
    for record in _records(BUNDLED):
        if record["language"] != "en":
            continue
        body = text = record["text"]
        if wrapped:
            text = "\n".join(BEFORE) + "\n\n" + body + "\n\n" + "\n".join(AFTER)
        dropped = _event_lines_dropped(nlp, settings, text, body)
        if dropped:
            lost[record["id"]] = dropped
    assert not lost


def test_clean_keeps_every_event_sentence_of_the_open_corpus(nlp, settings, shared_dir):
    lost = {}
    for record in _records(shared_dir / "data" / "corpus" / "articles.jsonl"):
        dropped = _event_lines_dropped(nlp, settings, record["text"])
        if dropped:
            lost[record["id"]] = dropped
    fixture = (shared_dir / "fixtures" / "noisy-wire-us-japan-2022.txt").read_text(encoding="utf-8")
    assert not lost
    assert not _event_lines_dropped(nlp, settings, fixture)
