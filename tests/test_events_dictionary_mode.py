"""The event coder run on a PETRARCH test dictionary alone (as the suite runner does), hand-made sentences."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from eventwire.models import Actor
from eventwire.stages.events import EventCoder
from eventwire.stages.patterns import PatternBook

NAMES = {"Russia": "RUS", "Egypt": "EGY", "Zembla": "ZEM", "Arcadia": "ARC", "Lilliput": "LIL",
         "Russian police": "RUSCOP"}


@dataclass(frozen=True)
class Span:
    """Duck-typed stand-in for actors.ActorSpan."""

    start: int
    end: int
    head: int
    actor: Actor
    sentence_index: int = 0
    kind: str = "test"


def spans(doc, names=NAMES):
    words = [t.text for t in doc]
    out = []
    for name, code in names.items():
        n = name.split()
        for i in range(len(words) - len(n) + 1):
            if words[i:i + len(n)] == n:
                out.append(Span(i, i + len(n), i + len(n) - 1,
                                Actor(code=code, country=code[:3], agent=code[3:] or None, name=name, text=name)))
    return out


@pytest.fixture()
def petrarch_coder(settings, tmp_path):
    """An EventCoder over a small PETRARCH-2 verb file written for the test."""
    def build(verbs: str, *, keep_unknown: bool = True) -> EventCoder:
        path = tmp_path / "verbs.txt"
        path.write_text(verbs, encoding="utf-8")
        coder = EventCoder(settings)
        coder.book = PatternBook.load((str(path),), bundled=False)
        coder.future_as_intent = False
        coder.keep_unknown_codes = keep_unknown
        return coder
    return build


@pytest.fixture()
def run(nlp):
    def code(coder, text, names=None):
        doc = nlp(text)
        return {(e.source.code, e.target.code if e.target else None, e.cameo_code)
                for e in coder.code_doc(doc, spans(doc, names) if names else spans(doc), doc_id="t",
                                        date="1995-01-07")
                if not e.negated}
    return code


@pytest.mark.parametrize("keep, expected", [(True, {("RUS", "EGY", "212")}), (False, set())])
def test_events_dictionary_mode_unknown_codes(petrarch_coder, run, keep, expected):
    coder = petrarch_coder("--- DETAIN [212] ---\nDETAIN\n", keep_unknown=keep)
    assert run(coder, "Russia detained Egypt on Monday.") == expected
