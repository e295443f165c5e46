"""Acts inside the complement of a negated copula or existential are denied, not asserted (lead's request)."""

from __future__ import annotations

import pytest

from eventwire.stages.events import EventCoder

from test_events_dictionary_mode import spans


@pytest.fixture(scope="module")
def coder(settings):
    return EventCoder(settings)


@pytest.mark.parametrize("text, negated", [
    ("It is not a case of Zembla shaking hands with Arcadia to sign a deal.", True),
    ("There is no question of Zembla attacking Arcadia.", True),
    ("This is not about Zembla meeting Arcadia.", True),
    ("Zembla attacked Arcadia on Monday.", False),
])
def test_events_frames_negated_copula(nlp, coder, text, negated):
    doc = nlp(text)
    events = coder.code_doc(doc, spans(doc), doc_id="t", date="2020-01-07")
    assert events and all(e.negated is negated for e in events)
