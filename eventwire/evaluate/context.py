"""Code gold sentences inside their whole article ("in context").

Coding a sentence alone, a source that only a pronoun or a title names ("He", "The
ministry", "The two leaders") cannot get its country. Coding the whole article as one
document gives the coder what a reader has. Each predicted event is then given to the
gold sentence whose text holds the event's sentence span, so the same matching as for
sentences alone scores it.

Example::

    per_sentence = code_in_context(article_text, ["First sentence.", "Second one."],
                                   date="2022-01-07")
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ..models import Event


def _canonical_with_offsets(text: str) -> tuple[str, list[int]]:
    """Lower-cased letters and digits of ``text`` and each one's offset in ``text``.

    The cleaner normalises quotes, apostrophes and spacing, so sentences are found by
    their letters and digits alone.
    """
    kept = [(i, c.lower()) for i, c in enumerate(text) if c.isalnum()]
    return "".join(c for _, c in kept), [i for i, _ in kept]


def sentence_ranges(doc_text: str, sentences: Iterable[str]) -> list[tuple[int, int] | None]:
    """Where each gold sentence lies in the coded document text.

    Sentences are looked up in order by their letters and digits, each after the
    previous one.

    Args:
        doc_text: the document text the events' spans refer to.
        sentences: the gold sentences of that document, in article order.

    Returns:
        ``(start, end)`` offsets in ``doc_text`` per sentence, from its first letter or
        digit to just after its last one; None where the cleaner dropped the sentence.
    """
    flat, offsets = _canonical_with_offsets(doc_text)
    ranges: list[tuple[int, int] | None] = []
    cursor = 0
    for sentence in sentences:
        needle = _canonical_with_offsets(sentence)[0]
        at = flat.find(needle, cursor) if needle else -1
        if at < 0:
            ranges.append(None)
            continue
        cursor = at + len(needle)
        ranges.append((offsets[at], offsets[cursor - 1] + 1))
    return ranges


def assign_events(doc_text: str, events: Iterable[Event], sentences: Sequence[str]) -> list[list[Event]]:
    """Give each event to the gold sentence whose range holds the start of its span.

    Returns:
        One list of events per gold sentence (events outside every sentence are dropped:
        they come from text the gold does not cover, such as a headline).
    """
    ranges = sentence_ranges(doc_text, sentences)
    out: list[list[Event]] = [[] for _ in sentences]
    for event in events:
        for k, span in enumerate(ranges):
            if span and span[0] <= event.span[0] < span[1]:
                out[k].append(event)
                break
    return out


def code_in_context(text: str, sentences: Sequence[str], *, date: str | None = None, origin: str = "-",
                    title: str | None = None, outlet: str | None = None, settings: Any = None,
                    coder: Any = None) -> list[list[Event]]:
    """Code ``text`` as one document and return the events of each gold sentence.

    Args:
        text: the whole article (or lead) the gold sentences come from.
        sentences: the gold sentences, in article order.
        date, origin, title, outlet: document metadata, as for ``eventwire.code_document``.
        settings: eventwire Settings (defaults when None).
        coder: a callable ``coder(text, date=, origin=, title=, outlet=) -> Result`` to use
            instead of the default pipeline (cross-validation passes a fold's model).

    Returns:
        One list of events per gold sentence.
    """
    if coder is None:
        from .. import code_document

        result = code_document(text, date, origin=origin, title=title, outlet=outlet, settings=settings)
    else:
        result = coder(text, date=date, origin=origin, title=title, outlet=outlet)
    return assign_events(result.document.text, result.events, sentences)
