"""The orchestrator on hand-built stages: order, batching, rejections, analyze()."""

from __future__ import annotations

import pytest

from eventwire.config import load_settings
from eventwire.errors import ConfigError
from eventwire.models import Article, Event, RawDocument, Rejection, Result
from eventwire.pipeline import Pipeline
from eventwire.stages.base import Stage


class Upper(Stage):
    name = "clean"
    requires = ("raw",)
    assigns = ("text", "doc_id", "language")

    def __call__(self, article: Article) -> Article:
        if "BOOM" in article.raw.text:
            raise ValueError("exploded")
        article.text = article.raw.text.upper()
        article.doc_id = article.raw.origin
        article.language = article.raw.language or "en"
        return article


class FakeParser(Stage):
    name = "parse"
    requires = ("text",)
    assigns = ("doc",)
    batches: list[int] = []

    def __call__(self, article: Article) -> Article:
        article.doc = article.text.split()
        return article

    def pipe(self, articles, batch_size=32):
        articles = list(articles)
        FakeParser.batches.append(len(articles))
        return super().pipe(articles, batch_size)


class OneEvent(Stage):
    name = "events"
    requires = ("doc",)
    assigns = ("events",)

    def __call__(self, article: Article) -> Article:
        article.events = [Event(event_id="e", doc_id=article.doc_id, date=None, sentence_index=0,
                                sentence=article.text, span=(0, len(article.text)), source=None,
                                target=None, cameo_code="010", cameo_root="01", plover=None,
                                goldstein=0.0, quad_class=1)]
        return article


def make(settings=None) -> Pipeline:
    return Pipeline(settings or load_settings(batch_size=2), [Upper(load_settings())], FakeParser(load_settings()),
                    [OneEvent(load_settings())])


def raw(text: str, origin: str, language: str | None = None) -> RawDocument:
    return RawDocument(origin=origin, text=text, language=language)


def test_pipeline_runs_stages_in_order_and_batches():
    FakeParser.batches = []
    out = list(make().pipe([raw("a b", "1"), raw("c", "2"), raw("d", "3")]))
    assert [type(x) for x in out] == [Result, Result, Result]
    assert out[0].document.text == "A B"
    assert out[0].events[0].sentence == "A B"
    assert FakeParser.batches == [2, 1]


def test_pipeline_rejects_one_bad_document_and_keeps_the_rest():
    out = list(make().pipe([raw("fine", "1"), raw("BOOM", "2"), raw("also fine", "3")]))
    assert isinstance(out[1], Rejection)
    assert out[1].stage == "clean" and "exploded" in out[1].reason
    assert [o.document.doc_id for o in out if isinstance(o, Result)] == ["1", "3"]


def test_pipeline_passes_reader_rejections_through():
    rejection = Rejection("bad.bin", "read", "binary file")
    out = list(make().pipe([rejection, raw("ok", "1")]))
    assert out[0] is rejection and isinstance(out[1], Result)


def test_pipeline_stores_foreign_documents_without_events():
    out = list(make().pipe([raw("ciao a tutti", "it1", language="it")]))
    assert isinstance(out[0], Result) and out[0].events == ()


def test_pipeline_strict_mode_raises():
    with pytest.raises(ValueError):
        list(make().pipe([raw("BOOM", "x")], strict=True))


def test_pipeline_analyze_fails_before_running_when_requirement_missing():
    with pytest.raises(ConfigError, match="requires doc"):
        Pipeline(load_settings(), [Upper(load_settings())], OneEvent(load_settings()), [])


def test_pipeline_empty_text_is_a_rejection():
    out = list(make().pipe([raw("   ", "blank")]))
    assert isinstance(out[0], Rejection) and out[0].stage == "clean"


class Sleepy(Stage):
    name = "events"
    requires = ("doc",)
    assigns = ("events",)

    def __call__(self, article: Article) -> Article:
        if "SLOW" in article.text:
            import time

            time.sleep(5)
        return article


def test_pipeline_document_over_time_budget_is_rejected_and_batch_goes_on():
    settings = load_settings(max_document_seconds=0.3)
    pipeline = Pipeline(settings, [Upper(settings)], FakeParser(settings), [Sleepy(settings)])
    out = list(pipeline.pipe([raw("slow one", "1"), raw("quick", "2")]))
    assert isinstance(out[0], Rejection) and "max_document_seconds" in out[0].reason
    assert isinstance(out[1], Result)


def test_pipeline_text_over_max_document_chars_is_rejected_before_parsing():
    settings = load_settings(max_document_chars=10)
    FakeParser.batches = []
    pipeline = Pipeline(settings, [Upper(settings)], FakeParser(settings), [OneEvent(settings)])
    out = list(pipeline.pipe([raw("x" * 11, "long"), raw("short", "ok")]))
    assert isinstance(out[0], Rejection) and out[0].stage == "parse" and "max_document_chars" in out[0].reason
    assert isinstance(out[1], Result) and FakeParser.batches == [1]
