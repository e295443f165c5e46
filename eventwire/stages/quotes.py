"""The quotes stage: direct and indirect quotes with their speakers.

Direct quotes are the text between quotation marks (curly or straight); a quote
that runs over a paragraph break continues when the next paragraph opens with a
quotation mark again (the newspaper convention), and ends at the paragraph's end
otherwise. Short quoted phrases (fewer than ``MIN_QUOTE_WORDS`` words) are scare
quotes or titles, not quotes.

The speaker is the subject of a verb of saying in the quote's sentence, or in the
sentence just after or before it in the same paragraph (``"…," it said.`` /
``X said: "…"``), or the object of "according to". Indirect quotes are the clauses
reported by a verb of saying outside quotation marks ("X said Y would …").
The speaker is resolved to a person name (the named entity) and an actor (the
actor mention of the subject, which includes pronouns resolved by the actors stage).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from typing import Any

from ..models import Article, Quote
from .base import Stage
from .events import SPEECH_VERBS, MentionIndex, _child, _speaker_text

MIN_QUOTE_WORDS = 4
QUOTE_VERBS = SPEECH_VERBS | {"ask", "warn", "quote", "insist", "argue", "say", "tell", "add",
                              "claim", "accuse", "urge", "vow", "promise", "admit", "deny", "continue"}
_OPEN = {"“": "”", "\"": "\"", "«": "»"}
_PARAGRAPH = re.compile(r"\n\s*\n")


def find_quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of direct quotes (inside the marks), paragraph continuations joined.

    Args:
        text: the article text.

    Returns:
        (start, end) spans of the quoted text, marks excluded, in order.
    """
    spans: list[tuple[int, int]] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch not in _OPEN:
            i += 1
            continue
        close = _OPEN[ch]
        start = i + 1
        j = start
        end = None
        while j < n:
            if text[j] == close:
                end = j
                break
            if text[j] == "\n":
                para = _PARAGRAPH.match(text, j)
                if para:
                    nxt = para.end()
                    if nxt < n and text[nxt] == ch and close != ch:
                        j = nxt + 1  # a multi-paragraph quote reopens each paragraph
                        continue
                    end = j  # unclosed at the paragraph's end
                    break
            j += 1
        if end is None:
            end = n
        spans.append((start, end))
        i = end + 1
    return [(s, e) for s, e in spans if len(text[s:e].split()) >= MIN_QUOTE_WORDS]


def _clean(text: str) -> str:
    """Quote text with the reopening marks of continued paragraphs removed."""
    return re.sub(r"\n\s*\n\s*[“\"«]", "\n\n", text).strip()


class QuoteExtractor(Stage):
    """Assigns ``article.quotes`` from ``article.doc`` and ``article.mentions``.

    Example::

        article = QuoteExtractor(settings)(article)   # article.quotes: list[Quote]
    """

    name = "quotes"
    requires = ("doc", "mentions", "doc_id")
    assigns = ("quotes",)

    def __call__(self, article: Article) -> Article:
        article.quotes = list(self.extract(article.doc, article.mentions, doc_id=article.doc_id,
                                           text=article.text))
        return article

    def extract(self, doc: Any, mentions: Iterable[Any], *, doc_id: str = "",
                text: str | None = None) -> Iterator[Quote]:
        """Direct, then indirect quotes of a parsed document.

        Args:
            doc: spaCy Doc whose text offsets are the article's.
            mentions: ActorSpans over ``doc``.
            doc_id: the document id.
            text: the article text the Doc was parsed from (same offsets); default ``doc.text``,
                which spaCy rebuilds from every token on each access.

        Yields:
            Quote records in text order (direct first).
        """
        index = MentionIndex(mentions)
        sents = list(doc.sents)
        starts = [s.start_char for s in sents]
        text = doc.text if text is None else text
        spans = find_quote_spans(text)
        for start, end in spans:
            si = max(0, bisect.bisect_right(starts, start) - 1)
            speaker = self._speaker_near(text, sents, si, (start, end))
            yield self._quote(doc_id, (start, end), _clean(text[start:end]), True, speaker, index, si)
        for si, sent in enumerate(sents):
            for verb in sent:
                if verb.lemma_.lower() not in QUOTE_VERBS or verb.pos_ != "VERB":
                    continue
                for clause in (c for c in verb.children if c.dep_ == "ccomp"):
                    sub = list(clause.subtree)
                    s, e = sub[0].idx, sub[-1].idx + len(sub[-1].text)
                    if any(a < e and s < b for a, b in spans) or len(sub) < MIN_QUOTE_WORDS:
                        continue
                    yield self._quote(doc_id, (s, e), text[s:e], False, _speaker_of(verb), index, si)

    def _speaker_near(self, text: str, sents: list[Any], si: int, span: tuple[int, int]) -> Any | None:
        """The subject of a verb of saying outside the quote, nearest sentences first."""
        order = [si, si + 1, si - 1]
        last = next((k for k in range(si, len(sents)) if sents[k].end_char >= span[1]), si)
        if last not in order:
            order.insert(1, last)
            order.insert(2, last + 1)
        paragraph = _paragraph_bounds(text, span)
        for k in order:
            if not 0 <= k < len(sents):
                continue
            sent = sents[k]
            if sent.end_char <= paragraph[0] or sent.start_char >= paragraph[1]:
                continue
            for verb in sent:
                inside = span[0] <= verb.idx < span[1]
                if not inside and verb.pos_ == "VERB" and verb.lemma_.lower() in QUOTE_VERBS | {"accord"}:
                    speaker = _speaker_of(verb)
                    if speaker is not None and not span[0] <= speaker.idx < span[1]:
                        return speaker
        return None

    @staticmethod
    def _quote(doc_id: str, span: tuple[int, int], text: str, direct: bool, speaker: Any,
               index: MentionIndex, si: int) -> Quote:
        name = None
        actor = None
        if speaker is not None:
            actors = index.of_phrase(speaker)
            actor = actors[0].actor if actors else None
            name = _speaker_text(speaker, index)
        return Quote(doc_id=doc_id, span=span, text=text, direct=direct, speaker_name=name,
                     speaker_actor=actor, sentence_index=si)


def _speaker_of(verb: Any) -> Any | None:
    if verb.lemma_.lower() == "accord":
        prep = _child(verb, "prep")
        return _child(prep, "pobj") if prep is not None else None
    return _child(verb, "nsubj")


def _paragraph_bounds(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """The paragraph(s) a quote lies in: from the break before it to the break after it."""
    before = [m.end() for m in _PARAGRAPH.finditer(text, 0, span[0])]
    after = _PARAGRAPH.search(text, span[1])
    return (before[-1] if before else 0, after.start() if after else len(text))
