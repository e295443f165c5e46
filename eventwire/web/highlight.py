"""Cut a document's text into segments marked with the events, actors and quotes over them.

The document view shows the clean text once, with each character styled by every
annotation that covers it; annotations may nest or overlap (an actor inside an event
sentence inside a quote), so the text is cut at every annotation boundary and each
piece carries the set of annotations active over it (one sweep, no nesting rules).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Segment:
    """A run of text and what covers it: event indexes, actor codes, quote indexes."""

    text: str
    events: list[int] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    quotes: list[int] = field(default_factory=list)
    quad_class: int | None = None

    @property
    def plain(self) -> bool:
        """True when nothing covers this run of text."""
        return not (self.events or self.actors or self.quotes)


def _spans(record: dict[str, Any], n: int) -> list[tuple[int, int, str, Any]]:
    """(start, end, kind, value) for every annotation whose offsets fit the text."""
    text = record.get("text") or ""
    spans: list[tuple[int, int, str, Any]] = []
    for i, event in enumerate(record.get("events") or ()):
        start, end = (event.get("span") or (None, None))[:2]
        spans.append((start, end, "event", i))
    for i, quote in enumerate(record.get("quotes") or ()):
        start, end = (quote.get("span") or (None, None))[:2]
        spans.append((start, end, "quote", i))
    for mention in record.get("mentions") or ():
        start, end = mention.get("start"), mention.get("end")
        # a mention whose offsets do not point at its own words is not drawn rather than drawn wrong
        if isinstance(start, int) and isinstance(end, int) and text[start:end] != mention.get("text"):
            continue
        spans.append((start, end, "actor", (mention.get("actor") or {}).get("code") or "?"))
    return [(s, e, k, v) for s, e, k, v in spans
            if isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= n]


def highlight(record: dict[str, Any]) -> list[Segment]:
    """Segments of ``record["text"]`` with the events, quotes and actor mentions covering each.

    Args:
        record: a document record (``Store.document`` or ``POST /api/code``): ``text``,
            ``events`` (with ``span``), ``quotes`` (with ``span``), ``mentions`` (``start``/``end``).

    Returns:
        Consecutive segments whose texts join to the whole text.
    """
    text = record.get("text") or ""
    spans = _spans(record, len(text))
    starts: dict[int, list[tuple[int, str, Any]]] = defaultdict(list)
    for start, end, kind, value in spans:
        starts[start].append((end, kind, value))
    cuts = sorted({0, len(text), *(s for s, *_ in spans), *(e for _, e, *_ in spans)})
    events = record.get("events") or ()
    active: list[tuple[int, str, Any]] = []
    segments = []
    for left, right in zip(cuts, cuts[1:], strict=False):
        active = [a for a in active if a[0] > left] + starts.get(left, [])
        seg = Segment(text[left:right])
        for _, kind, value in active:
            {"event": seg.events, "quote": seg.quotes, "actor": seg.actors}[kind].append(value)
        if seg.events:
            # the strongest conflict class colours a sentence with several events
            quads = [events[i].get("quad_class") for i in seg.events if events[i].get("quad_class")]
            seg.quad_class = max(quads) if quads else None
        segments.append(seg)
    return segments
