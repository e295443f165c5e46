"""Direct and indirect quotes with speakers, on hand-built actor spans."""

from __future__ import annotations

import pytest

from eventwire.stages.quotes import QuoteExtractor, find_quote_spans
from tests.test_events_constructions import spans


@pytest.mark.parametrize("text, quoted", [
    ("He said “we will never give up on this” today.", ["we will never give up on this"]),
    ('He said "we will never give up on this" today.', ["we will never give up on this"]),
    ("The so-called “two-plus-two” meeting.", []),                     # scare quotes
    ("“First paragraph of a long quote\n\n“second paragraph ends here,” he said.",
     ["First paragraph of a long quote\n\n“second paragraph ends here,"]),
    ("“An unclosed quote runs to the end of its paragraph\n\nNext paragraph.", [
        "An unclosed quote runs to the end of its paragraph"]),
])
def test_quotes_find_spans(text, quoted):
    assert [text[s:e] for s, e in find_quote_spans(text)] == quoted


@pytest.fixture(scope="module")
def extract(nlp, settings):
    extractor = QuoteExtractor(settings)

    def run(text):
        doc = nlp(text)
        return list(extractor.extract(doc, spans(doc), doc_id="q"))
    return run


def test_quotes_direct_quote_speaker_after(extract):
    (quote,) = extract("“We will impose sanctions on Russia soon,” Mr Smith said on Monday.")
    assert quote.direct and quote.text == "We will impose sanctions on Russia soon,"
    assert quote.speaker_name == "Mr Smith" and quote.speaker_actor.code == "GBRGOV"
    assert quote.sentence_index == 0 and quote.doc_id == "q"


def test_quotes_direct_quote_speaker_before(extract):
    quotes = extract("Mr Smith said: “We will impose sanctions on Russia soon.”")
    assert [(q.direct, q.speaker_name) for q in quotes] == [(True, "Mr Smith")]


def test_quotes_multi_paragraph_quote_has_one_speaker(extract):
    text = ("Mr Smith spoke at length.\n\n“The first part of what he said goes here.\n\n"
            "“And the second part of it ends here,” Mr Smith said.")
    quotes = [q for q in extract(text) if q.direct]
    assert len(quotes) == 1 and "second part" in quotes[0].text and quotes[0].speaker_name == "Mr Smith"


def test_quotes_indirect_quote(extract):
    quotes = extract("Mr Smith said that Germany would impose new sanctions on Russia.")
    assert [(q.direct, q.speaker_name) for q in quotes] == [(False, "Mr Smith")]
    assert quotes[0].text == "that Germany would impose new sanctions on Russia"


def test_quotes_no_speaker_is_none(extract):
    (quote,) = extract("The banner read “we will never give up on this”.")
    assert quote.speaker_name is None and quote.speaker_actor is None
