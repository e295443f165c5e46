"""Hypothesis round-trips of the data model through the store."""

from __future__ import annotations

import datetime as dt
import tempfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.models import Actor, Document, Dropped, Event, Location, Mention, Quote, Rejection, Result
from eventwire.store import Store, event_dicts

# Parquet strings are UTF-8: lone surrogates cannot occur in decoded text
text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
opt_text = st.none() | text
small = st.integers(min_value=0, max_value=2**31 - 1)
finite = st.floats(allow_nan=False, allow_infinity=False, width=64)

actors = st.builds(Actor, code=st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=3, max_size=9),
                   country=st.none() | st.sampled_from(["USA", "CHN", "JPN"]), igo=opt_text, agent=opt_text,
                   name=text, text=text, role=opt_text, valid_from=opt_text, valid_to=opt_text,
                   evidence=opt_text)
locations = st.builds(Location, name=text, country=opt_text, lat=st.none() | finite, lon=st.none() | finite)
dates = st.none() | st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)).map(dt.date.isoformat)


@st.composite
def results(draw: st.DrawFn) -> Result:
    doc_id = draw(st.text("0123456789abcdef", min_size=16, max_size=16))
    doc = Document(
        doc_id=doc_id, origin=draw(text), title=draw(opt_text), outlet=draw(opt_text), url=draw(opt_text),
        license=draw(opt_text), agency=draw(opt_text), dateline_places=tuple(draw(st.lists(text, max_size=3))),
        published=draw(opt_text), reporters=tuple(draw(st.lists(text, max_size=2))),
        editors=tuple(draw(st.lists(text, max_size=2))), language=draw(opt_text), text=draw(text),
        dropped=tuple(draw(st.lists(st.builds(Dropped, text=text, reason=text,
                                              start=st.none() | st.integers(0, 2**62),
                                              end=st.none() | st.integers(0, 2**62)), max_size=3))),
        duplicate_of=draw(st.none() | st.just("0" * 16)),
    )
    events = draw(st.lists(st.builds(
        Event, event_id=text, doc_id=st.just(doc_id), date=dates, sentence_index=small, sentence=text,
        span=st.tuples(small, small), source=st.none() | actors, target=st.none() | actors,
        cameo_code=text, cameo_root=text, plover=opt_text, goldstein=st.none() | finite,
        quad_class=st.none() | st.integers(1, 4), negated=st.booleans(), modality=text, reporter=opt_text,
        location=st.none() | locations, rule=text, confidence=finite, plover_mode=opt_text), max_size=4))
    quotes = draw(st.lists(st.builds(Quote, doc_id=st.just(doc_id), span=st.tuples(small, small), text=text,
                                     direct=st.booleans(), speaker_name=opt_text,
                                     speaker_actor=st.none() | actors,
                                     sentence_index=st.none() | small), max_size=3))
    mentions = draw(st.lists(st.builds(Mention, doc_id=st.just(doc_id), sentence_index=small, start=small,
                                       end=small, text=text, actor=actors), max_size=3))
    return Result(doc, tuple(events), tuple(quotes), tuple(mentions))


def _sorted(items: tuple) -> list:
    return sorted(items, key=repr)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(results(), min_size=1, max_size=4, unique_by=lambda r: r.document.doc_id))
def test_store_roundtrip_results(batch: list[Result]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(tmp, create=True)
        summary = store.write(batch)
        assert summary.documents == len(batch)
        assert summary.events == sum(len(r.events) for r in batch)
        for original in batch:
            back = store.result(original.document.doc_id)
            assert back is not None
            assert back.document == original.document
            assert _sorted(back.events) == _sorted(original.events)
            assert _sorted(back.quotes) == _sorted(original.quotes)
            assert _sorted(back.mentions) == _sorted(original.mentions)
        store.close()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(results())
def test_store_roundtrip_event_json(result: Result) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(tmp, create=True)
        store.write([result])
        stored = event_dicts(store.events(doc_id=result.document.doc_id, order_by=None))
        expected = [{**e.to_dict(), "coder_version": "1"} for e in result.events]
        assert sorted(stored, key=repr) == sorted(expected, key=repr)
        record = store.document(result.document.doc_id)
        assert record is not None
        assert {k: record[k] for k in result.document.to_dict()} == result.document.to_dict()
        assert sorted(record["events"], key=repr) == sorted(expected, key=repr)
        store.close()


@given(st.lists(st.builds(Rejection, origin=text, stage=text, reason=text), max_size=5))
@settings(max_examples=20, deadline=None)
def test_store_roundtrip_rejections(rejections: list[Rejection]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(tmp, create=True)
        store.write([], rejections)
        back = {(r["origin"], r["stage"], r["reason"]) for r in store.rejections().to_pylist()}
        assert back == {(r.origin, r.stage, r.reason) for r in rejections}
        store.close()
