"""Hostile inputs past the readers: per-document limits in the pipeline and the CLI's last line of defence.

Texts longer than ``max_document_chars`` are rejected before spaCy sees them, and the CLI
turns any failure into one line.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from eventwire.config import load_settings
from eventwire.models import RawDocument, Rejection, Result
from eventwire.pipeline import Pipeline
from eventwire.stages.base import Stage

SENTENCE = "The minister said that the talks with the envoy were useful and that both sides will meet again. "


class _FailingParser(Stage):
    """A parser that fails on one marked document, as spaCy does on a text over ``nlp.max_length``."""

    name = "parse"
    requires = ("text",)
    assigns = ("doc",)

    def __init__(self, inner: Stage) -> None:
        self.inner = inner

    def __call__(self, article):
        if "POISON" in article.text:
            raise ValueError("[E088] text too long for the parser")
        return self.inner(article)

    def pipe(self, articles, batch_size=32):
        articles = list(articles)
        if any("POISON" in a.text for a in articles):
            raise ValueError("[E088] text too long for the parser")
        return self.inner.pipe(articles, batch_size)


def _pipeline() -> Pipeline:
    base = Pipeline.from_settings(load_settings())
    return Pipeline(base.settings, base.before, _FailingParser(base.parser), base.after)


def test_hostile_limits_max_sentence_chars_skips_over_long_sentences():
    from eventwire import code

    # one codable sentence made long by a list of places, not by anything the coder reads
    long_sentence = "Norway accused Chile of violating the fishing agreement near " + ", ".join(
        ["the island of Vardo"] * 120) + "."
    settings = load_settings()
    assert len(long_sentence) > settings.max_sentence_chars
    assert code(long_sentence, "2022-01-07", settings=settings) == []
    assert code(long_sentence, "2022-01-07", settings=settings.replace(max_sentence_chars=10_000)) != []


def test_hostile_limits_a_parse_failure_is_a_rejection_not_an_empty_document():
    docs = [RawDocument(origin="good", text=SENTENCE), RawDocument(origin="bad", text="POISON " + SENTENCE)]
    out = list(_pipeline().pipe(docs))
    assert isinstance(out[0], Result)
    assert isinstance(out[1], Rejection) and out[1].stage == "parse"


def test_hostile_limits_cli_code_of_a_text_longer_than_the_parser_takes(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text(SENTENCE * (1_000_100 // len(SENTENCE) + 1), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "eventwire", "code", str(path)], capture_output=True, timeout=300,
                          env={**os.environ, "PYTHONWARNINGS": "ignore"}, check=False)
    err = proc.stderr.decode()
    assert "Traceback" not in err and err.startswith("error:") and proc.returncode == 1, err[-500:]
