"""The one data model of eventwire, shared by pipeline, store, CLI, API and exports.

Records are frozen dataclasses. Each has ``to_dict()`` giving the JSON form that the
CLI contract fixes (see README, "Event JSON"), and ``from_dict()`` to read it back.

``RawDocument`` is what a reader yields, ``Article`` is the mutable working record
that flows through the stages (it may hold a spaCy ``Doc``; nothing else leaves the
pipeline with one), and ``Document``/``Event``/``Quote``/``Mention``/``Rejection``
are what the pipeline hands to the store.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from typing import Any


def stable_hash(*parts: object, length: int = 16) -> str:
    """A short, stable, content-derived identifier (hex sha1 of the joined parts)."""
    joined = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:length]


@dataclass(frozen=True)
class Actor:
    """An actor as coded: CAMEO-style ``code`` plus its parts.

    ``code`` is e.g. ``USA``, ``USAGOV``, ``JPNMIL``, ``IGOUNO``; ``country`` an ISO 3166
    alpha-3 code or None; ``igo`` an acronym such as ``UN``/``NATO``/``EU`` or None;
    ``agent`` a sector code (``GOV``, ``MIL``, ``COP``, ...) or None. ``name`` is the
    canonical display name, ``text`` the words in the document. ``evidence`` says
    which dictionary entry or rule produced it.
    """

    code: str
    country: str | None = None
    igo: str | None = None
    agent: str | None = None
    name: str = ""
    text: str = ""
    role: str | None = None
    valid_from: str | None = None
    valid_to: str | None = None
    evidence: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Actor | None:
        if not d:
            return None
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})

    @property
    def key(self) -> str | None:
        """The evaluation key: ISO country, else ``IGO:<acronym>``, else None."""
        if self.country:
            return self.country
        if self.igo:
            return f"IGO:{self.igo}"
        return None


@dataclass(frozen=True)
class Location:
    """A geocoded place: name, ISO 3166 alpha-3 country, latitude, longitude."""

    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Location | None:
        return cls(**d) if d else None


@dataclass(frozen=True)
class Dropped:
    """A span removed from the article text by the cleaner, with its reason.

    ``reason`` is a short machine-readable reason such as ``subscription-prompt``,
    ``read-more-link``, ``comment-form``, ``credit-line`` or ``language:it``.
    ``start``/``end`` are character offsets in the raw text when known.
    """

    text: str
    reason: str
    start: int | None = None
    end: int | None = None
    language: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Dropped:
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})


@dataclass(frozen=True)
class Mention:
    """An actor mention in a document: sentence, character span and resolved actor."""

    doc_id: str
    sentence_index: int
    start: int
    end: int
    text: str
    actor: Actor

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["actor"] = self.actor.to_dict()
        return d


@dataclass(frozen=True)
class Event:
    """One coded event: who did what to whom, when, where, and who said so."""

    event_id: str
    doc_id: str
    date: str | None
    sentence_index: int
    sentence: str
    span: tuple[int, int]
    source: Actor | None
    target: Actor | None
    cameo_code: str
    cameo_root: str
    plover: str | None
    goldstein: float | None
    quad_class: int | None
    negated: bool = False
    modality: str = "asserted"
    reporter: str | None = None
    location: Location | None = None
    rule: str = ""
    confidence: float = 1.0
    plover_mode: str | None = None
    #: where ``date`` comes from: ``published`` (a given publication date), ``dateline``
    #: (a dateline with its year), ``inferred-year`` (a dateline month and day whose year
    #: was guessed), ``text-date`` (a date line in the text), ``sentence`` (a full date in
    #: the sentence) or ``relative`` (resolved from "on Friday" etc. against the document date)
    date_basis: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "doc_id": self.doc_id,
            "date": self.date,
            "date_basis": self.date_basis,
            "sentence_index": self.sentence_index,
            "sentence": self.sentence,
            "span": [self.span[0], self.span[1]],
            "source": self.source.to_dict() if self.source else None,
            "target": self.target.to_dict() if self.target else None,
            "cameo_code": self.cameo_code,
            "cameo_root": self.cameo_root,
            "plover": self.plover,
            "plover_mode": self.plover_mode,
            "goldstein": self.goldstein,
            "quad_class": self.quad_class,
            "negated": self.negated,
            "modality": self.modality,
            "reporter": self.reporter,
            "location": self.location.to_dict() if self.location else None,
            "rule": self.rule,
            "confidence": self.confidence,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Event:
        d = dict(d)
        d["span"] = tuple(d["span"])
        d["source"] = Actor.from_dict(d.get("source"))
        d["target"] = Actor.from_dict(d.get("target"))
        d["location"] = Location.from_dict(d.get("location"))
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})

    @staticmethod
    def make_id(doc_id: str, sentence_index: int, span: tuple[int, int], source: Actor | None,
                target: Actor | None, cameo_code: str) -> str:
        """Stable event id: a hash of where it is and what it says (re-runs upsert)."""
        return stable_hash(doc_id, sentence_index, span[0], span[1],
                           source.code if source else None, target.code if target else None,
                           cameo_code)


@dataclass(frozen=True)
class Quote:
    """A direct or indirect quote with its speaker resolved where possible."""

    doc_id: str
    span: tuple[int, int]
    text: str
    direct: bool
    speaker_name: str | None = None
    speaker_actor: Actor | None = None
    sentence_index: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "span": [self.span[0], self.span[1]],
            "text": self.text,
            "direct": self.direct,
            "speaker_name": self.speaker_name,
            "speaker_actor": self.speaker_actor.to_dict() if self.speaker_actor else None,
            "sentence_index": self.sentence_index,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Quote:
        d = dict(d)
        d["span"] = tuple(d["span"])
        d["speaker_actor"] = Actor.from_dict(d.get("speaker_actor"))
        return cls(**d)


@dataclass(frozen=True)
class Rejection:
    """An input that was not stored: where it came from, which stage, and why."""

    origin: str
    stage: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class RawDocument:
    """What a reader yields: text (or HTML already extracted to text) plus known metadata."""

    origin: str
    text: str
    title: str | None = None
    published: str | None = None
    url: str | None = None
    outlet: str | None = None
    license: str | None = None
    language: str | None = None
    authors: tuple[str, ...] = ()
    format: str = "text"
    source_id: str | None = None


@dataclass(frozen=True)
class Document:
    """A stored document: clean text, metadata, dropped spans and duplicate link."""

    doc_id: str
    origin: str
    title: str | None
    outlet: str | None
    url: str | None
    license: str | None
    agency: str | None
    dateline_places: tuple[str, ...]
    published: str | None
    reporters: tuple[str, ...]
    editors: tuple[str, ...]
    language: str | None
    text: str
    dropped: tuple[Dropped, ...] = ()
    duplicate_of: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["dateline_places"] = list(self.dateline_places)
        d["reporters"] = list(self.reporters)
        d["editors"] = list(self.editors)
        d["dropped"] = [x.to_dict() for x in self.dropped]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Document:
        d = dict(d)
        for k in ("dateline_places", "reporters", "editors"):
            d[k] = tuple(d.get(k) or ())
        d["dropped"] = tuple(Dropped.from_dict(x) for x in d.get("dropped") or ())
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})


@dataclass
class Article:
    """The working record that flows through the stages (mutable, internal).

    Each stage reads the attributes it ``requires`` and sets those it ``assigns``.
    ``doc`` holds the spaCy ``Doc`` between parse and the coding stages; it is
    never stored or returned to users.
    """

    raw: RawDocument
    text: str = ""
    dropped: list[Dropped] = field(default_factory=list)
    language: str | None = None
    doc_id: str = ""
    title: str | None = None
    published: str | None = None
    agency: str | None = None
    dateline_places: list[str] = field(default_factory=list)
    dateline_span: tuple[int, int] | None = None  # char span of the dateline in ``text``
    date_basis: str | None = None  # where ``published`` came from (see ``Event.date_basis``)
    reporters: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    doc: Any = None
    mentions: list[Any] = field(default_factory=list)  # stage-internal mention objects
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)

    def to_document(self) -> Document:
        return Document(
            doc_id=self.doc_id,
            origin=self.raw.origin,
            title=self.title,
            outlet=self.raw.outlet,
            url=self.raw.url,
            license=self.raw.license,
            agency=self.agency,
            dateline_places=tuple(self.dateline_places),
            published=self.published,
            reporters=tuple(self.reporters),
            editors=tuple(self.editors),
            language=self.language,
            text=self.text,
            dropped=tuple(self.dropped),
        )


@dataclass(frozen=True)
class Result:
    """Everything the pipeline produced for one input document."""

    document: Document
    events: tuple[Event, ...]
    quotes: tuple[Quote, ...]
    mentions: tuple[Mention, ...]

    def to_dict(self) -> dict[str, Any]:
        """The document record of ``eventwire code --document``."""
        d = self.document.to_dict()
        d["quotes"] = [q.to_dict() for q in self.quotes]
        d["events"] = [e.to_dict() for e in self.events]
        return d
