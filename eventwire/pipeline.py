"""The orchestrator: wires the stages and batches; it holds no NLP logic itself.

``Pipeline.pipe(raw_documents)`` runs every document once, left to right::

    clean → meta → parse (batched nlp.pipe) → actors → events → quotes → place → finish

and yields a ``Result`` per stored document or a ``Rejection`` (with the stage and
the reason) for a document that could not be processed: one bad article never
kills a batch. The same per-batch function runs in-process, in a process pool or
on Dask workers.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import signal
import threading
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from .config import Settings, load_settings
from .errors import ConfigError, EventwireError
from .models import Article, Document, Event, Mention, RawDocument, Rejection, Result
from .stages.base import Stage
from .stages.nlp import Parser

LOGGER = logging.getLogger(__name__)


class DocumentTimeout(Exception):
    """A document took longer than ``max_document_seconds`` (becomes a Rejection)."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise ``DocumentTimeout`` in the block after ``seconds`` of wall time.

    Uses SIGALRM, so it applies in a process's main thread (the CLI, pool and Dask
    worker processes); elsewhere (a web server's thread) the block runs unbounded and
    the caller keeps its own limit.
    """
    if seconds <= 0 or threading.current_thread() is not threading.main_thread() \
            or not hasattr(signal, "setitimer") or signal.getitimer(signal.ITIMER_REAL)[0] > 0:
        yield  # no limit here, or an outer limit is already running
        return

    def expire(signum: int, frame: Any) -> None:
        raise DocumentTimeout(f"took longer than {seconds:g} s (max_document_seconds)")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)

# Attributes an Article has before any stage runs.
_GIVEN = ("raw",)


def default_stages(settings: Settings) -> tuple[list[Stage], Stage, list[Stage]]:
    """The built-in stages: (before parse, parse, after parse)."""
    # imported here so that importing eventwire stays cheap (no dictionaries, no model)
    from .stages.actors import ActorResolver
    from .stages.clean import Cleaner
    from .stages.events import EventCoder
    from .stages.meta import MetaExtractor
    from .stages.place import Placer
    from .stages.quotes import QuoteExtractor

    before: list[Stage] = [Cleaner(settings), MetaExtractor(settings)]
    after: list[Stage] = [ActorResolver(settings), EventCoder(settings), QuoteExtractor(settings),
                          Placer(settings)]
    return before, Parser(settings), after


class Pipeline:
    """Runs documents through the stages.

    Example::

        pipeline = Pipeline.from_settings(load_settings())
        for item in pipeline.pipe([read_text("...", published="2022-01-07")]):
            ...
    """

    def __init__(self, settings: Settings, before: Sequence[Stage], parser: Stage,
                 after: Sequence[Stage], *, strict: bool = False) -> None:
        self.settings = settings
        self.before = list(before)
        self.parser = parser
        self.after = list(after)
        self.strict = strict
        self.analyze()

    @classmethod
    def from_settings(cls, settings: Settings | None = None, *, strict: bool = False) -> Pipeline:
        """Build the default pipeline from settings (defaults when None)."""
        settings = settings or load_settings()
        before, parser, after = default_stages(settings)
        return cls(settings, before, parser, after, strict=strict)

    @property
    def stages(self) -> list[Stage]:
        return [*self.before, self.parser, *self.after]

    def analyze(self) -> dict[str, dict[str, tuple[str, ...]]]:
        """Check that every stage's requirements are assigned by an earlier stage.

        Raises:
            ConfigError: a stage requires an attribute nothing before it assigns.
        """
        available = set(_GIVEN)
        report: dict[str, dict[str, tuple[str, ...]]] = {}
        for stage in self.stages:
            missing = [r for r in stage.requires if r not in available]
            if missing:
                raise ConfigError(f"stage {stage.name!r} requires {', '.join(missing)}, "
                                  "which no earlier stage assigns", "E210")
            available.update(stage.assigns)
            report[stage.name] = {"requires": tuple(stage.requires), "assigns": tuple(stage.assigns)}
        return report

    # -- running -----------------------------------------------------------------
    def __call__(self, raw: RawDocument) -> Result:
        """Process one document; raises on failure (use ``pipe`` for batches)."""
        for item in self.pipe([raw], strict=True):
            if isinstance(item, Result):
                return item
            raise EventwireError(f"{item.stage}: {item.reason}", "E001")  # pragma: no cover
        raise EventwireError("document produced no result", "E001")  # pragma: no cover

    def pipe(self, raws: Iterable[RawDocument | Rejection], *, batch_size: int | None = None,
             strict: bool | None = None) -> Iterator[Result | Rejection]:
        """Process a stream of documents in batches; yields Results and Rejections in order."""
        size = batch_size or self.settings.batch_size
        batch: list[RawDocument | Rejection] = []
        for raw in raws:
            batch.append(raw)
            if len(batch) >= size:
                yield from self.process_batch(batch, strict=strict)
                batch = []
        if batch:
            yield from self.process_batch(batch, strict=strict)

    def process_batch(self, batch: Sequence[RawDocument | Rejection], *,
                      strict: bool | None = None) -> list[Result | Rejection]:
        """The per-batch function shared by the local, process-pool and Dask runners."""
        strict = self.strict if strict is None else strict
        out: list[Result | Rejection | Article] = [
            raw if isinstance(raw, Rejection) else self._run_stages(Article(raw=raw), self.before, strict)
            for raw in batch]
        return self._code(out, strict)

    def recode_batch(self, documents: Sequence[Document], *,
                     strict: bool | None = None) -> list[Result | Rejection]:
        """Code stored documents again (new dictionaries or rules), keeping their text and doc_id.

        The clean text is not cleaned again, so offsets and ids stay those of the store;
        the stages after cleaning (metadata, parse, actors, events, ...) run afresh.
        """
        strict = self.strict if strict is None else strict
        after_clean = [stage for stage in self.before if "text" not in stage.assigns]
        out: list[Result | Rejection | Article] = []
        for document in documents:
            raw = RawDocument(origin=document.origin, text=document.text, title=document.title,
                              published=document.published, url=document.url, outlet=document.outlet,
                              license=document.license, language=document.language)
            article = Article(raw=raw, text=document.text, dropped=list(document.dropped),
                              language=document.language, doc_id=document.doc_id)
            out.append(self._run_stages(article, after_clean, strict))
        return self._code(out, strict)

    def _code(self, out: list[Result | Rejection | Article], strict: bool) -> list[Result | Rejection]:
        """Parse the codable articles in one ``nlp.pipe`` batch, run the later stages, finish."""
        limit = self.settings.max_document_chars
        for i, item in enumerate(out):
            if isinstance(item, Article) and self._codable(item) and len(item.text) > limit:
                out[i] = Rejection(item.raw.origin, "parse", f"text of {len(item.text)} characters exceeds "
                                   f"max_document_chars ({limit})")
        to_parse = [a for a in out if isinstance(a, Article) and self._codable(a)]
        if to_parse:
            try:
                with time_limit(self.settings.max_document_seconds * len(to_parse)):
                    list(self.parser.pipe(to_parse, batch_size=len(to_parse)))
            except Exception:
                if strict:
                    raise
                # a batch failure: parse one by one so only the bad document is rejected
                for i, item in enumerate(out):
                    if isinstance(item, Article) and self._codable(item) and item.doc is None:
                        out[i] = self._run_stages(item, [self.parser], strict)
        results: list[Result | Rejection] = []
        for item in out:
            if isinstance(item, Article):
                if item.doc is not None:
                    item = self._run_stages(item, self.after, strict)
                if isinstance(item, Article):
                    article, item = item, self._finish(item)
                    article.doc = None  # free the parse before the next batch
            results.append(item)
        return results

    def _codable(self, article: Article) -> bool:
        """English text goes to the parser; other languages are stored without events."""
        return bool(article.text.strip()) and (
            article.language is None or article.language in self.settings.keep_languages)

    def _run_stages(self, article: Article, stages: Sequence[Stage], strict: bool) -> Article | Rejection:
        for stage in stages:
            try:
                with time_limit(self.settings.max_document_seconds):
                    article = stage(article)
            except Exception as e:
                if strict:
                    raise
                LOGGER.warning("%s failed on %s: %s", stage.name, article.raw.origin, e)
                return Rejection(article.raw.origin, stage.name, f"{type(e).__name__}: {e}")
        return article

    def _finish(self, article: Article) -> Result | Rejection:
        if not article.text.strip():
            return Rejection(article.raw.origin, "clean", "no text left after cleaning")
        from .stages.meta import resolve_dated

        events = tuple(_dated(e, *resolve_dated(e.sentence, article.published, article.date_basis))
                       for e in article.events if e.confidence >= self.settings.min_confidence)
        mentions = tuple(_mention(article, m) for m in article.mentions)
        return Result(document=article.to_document(), events=events, quotes=tuple(article.quotes),
                      mentions=mentions)


def coder_version(settings: Settings) -> str:
    """A version string for what codes events: eventwire's version, its bundled dictionaries
    and rules, and the settings that change coding (model, user dictionary files).

    Stored on every coding, so re-coding with other dictionaries is a new, comparable
    version and queries use the latest by default.
    """
    import hashlib
    from importlib import metadata, resources

    digest = hashlib.sha1()
    try:
        digest.update(metadata.version("eventwire").encode())
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a source tree
        pass
    data = resources.files("eventwire").joinpath("codebooks/data")
    for name, path in sorted(_data_files(data, ""), key=lambda item: item[0]):
        digest.update(name.encode())  # relative, so every installation agrees
        digest.update(path.read_bytes())
    for name in ("model", "actor_files", "agent_files", "verb_files", "people_files", "phoenix_actors",
                 "goldstein", "keep_languages", "boilerplate_files", "fusion_window_days",
                 "fusion_min_similarity", "fusion_min_similarity_same_code"):
        digest.update(f"{name}={getattr(settings, name)!r}".encode())
    for user_file in (*settings.actor_files, *settings.agent_files, *settings.verb_files,
                      *settings.people_files, *settings.boilerplate_files):
        try:
            with open(user_file, "rb") as fh:
                digest.update(fh.read())
        except OSError:
            digest.update(b"missing")
    return digest.hexdigest()[:12]


def _data_files(root: Any, prefix: str) -> Iterator[tuple[str, Any]]:
    for entry in root.iterdir():
        if entry.is_dir():
            yield from _data_files(entry, f"{prefix}{entry.name}/")
        elif not entry.name.endswith((".pickle", ".pyc")):
            yield f"{prefix}{entry.name}", entry


def _dated(event: Event, date: str | None, basis: str | None = None) -> Event:
    if date is None:
        return event
    return dataclasses.replace(event, date=date, date_basis=basis)


def _mention(article: Article, span: Any) -> Mention:
    """Stage-internal ActorSpan (token offsets) → stored Mention (character offsets)."""
    tokens = article.doc[span.start:span.end]
    return Mention(doc_id=article.doc_id, sentence_index=span.sentence_index,
                   start=tokens.start_char, end=tokens.end_char, text=tokens.text, actor=span.actor)
