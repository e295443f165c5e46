"""Queries: filters, dyads, actors, documents, paging, ordering and hostile values."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from eventwire.errors import StoreError
from eventwire.models import Actor, Document, Event, Result
from eventwire.store import Store


def _doc(doc_id: str, outlet: str = "Wire", duplicate_of: str | None = None) -> Document:
    return Document(doc_id=doc_id, origin=f"{doc_id}.txt", title=f"Title {doc_id}", outlet=outlet, url=None,
                    license=None, agency=None, dateline_places=(), published="2022-01-07", reporters=(),
                    editors=(), language="en", text=f"text of {doc_id}", duplicate_of=duplicate_of)


CHN = Actor("CHNGOV", "CHN", agent="GOV", name="China")
USA = Actor("USA", "USA", name="United States")
JPN = Actor("JPNMIL", "JPN", agent="MIL", name="Japan")
UN = Actor("IGOUNO", None, igo="UN", name="United Nations")


def _event(doc_id: str, k: int, date: str, source: Actor, target: Actor | None, code: str, plover: str,
           goldstein: float, quad: int, sentence: str) -> Event:
    return Event(event_id=f"{doc_id}-{k}", doc_id=doc_id, date=date, sentence_index=k, sentence=sentence,
                 span=(0, len(sentence)), source=source, target=target, cameo_code=code, cameo_root=code[:2],
                 plover=plover, goldstein=goldstein, quad_class=quad, rule="test")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = Store(tmp_path_factory.mktemp("q") / "data", create=True)
    a = [_event("a", 0, "2022-01-07", CHN, USA, "112", "DISAPPROVE", -2.0, 3, "China complained to Washington."),
         _event("a", 1, "2022-01-07", CHN, JPN, "112", "DISAPPROVE", -2.0, 3, "China complained to Tokyo."),
         _event("a", 2, "2022-01-10", USA, JPN, "036", "CONSULT", 4.0, 1, "The US met Japan's ministers.")]
    b = [_event("b", 0, "2022-02-15", JPN, USA, "042", "CONSULT", 1.9, 1, "Japan's defence minister visited."),
         _event("b", 1, "2022-03-01", UN, CHN, "163", "SANCTION", -5.6, 4, "The UN imposed an embargo."),
         _event("b", 2, "2023-06-30", USA, None, "010", "AGREE", 0.0, 1, "Officials said O'Brien agreed.")]
    c = [_event("c", 0, "2022-01-08", CHN, USA, "112", "DISAPPROVE", -2.0, 3, "Duplicate copy of a story.")]
    store.write([Result(_doc("a"), tuple(a), (), ()), Result(_doc("b", outlet="Paper"), tuple(b), (), ())])
    store.write([Result(_doc("c", duplicate_of="a"), tuple(c), (), ())])
    return store


def _ids(table) -> list[str]:
    return table.column("event_id").to_pylist()


@pytest.mark.parametrize(("filters", "expected"), [
    ({}, ["a-0", "a-1", "a-2", "b-0", "b-1", "b-2"]),
    ({"source": "CHN"}, ["a-0", "a-1"]),  # the country matches CHNGOV
    ({"source": "chngov"}, ["a-0", "a-1"]),  # the full code, any case
    ({"source": "UN"}, ["b-1"]),  # the IGO
    ({"target": "JPN"}, ["a-1", "a-2"]),
    ({"source": ["USA", "JPN"]}, ["a-2", "b-0", "b-2"]),
    ({"country": "JPN"}, ["a-1", "a-2", "b-0"]),
    ({"agent": "MIL"}, ["a-1", "a-2", "b-0"]),
    ({"dyad": "JPN-USA"}, ["a-2", "b-0"]),  # either direction
    ({"dyad": ("USA", "JPN")}, ["a-2", "b-0"]),
    ({"root": "11"}, ["a-0", "a-1"]),
    ({"root": [3, 4]}, ["a-2", "b-0"]),
    ({"code": "04"}, ["b-0"]),  # a code prefix
    ({"plover": "consult"}, ["a-2", "b-0"]),
    ({"quad_class": 4}, ["b-1"]),
    ({"since": "2022-01-10", "until": "2022-03-01"}, ["a-2", "b-0", "b-1"]),
    ({"since": dt.date(2023, 1, 1)}, ["b-2"]),
    ({"outlet": "Paper"}, ["b-0", "b-1", "b-2"]),
    ({"text": "complained tokyo"}, ["a-1"]),
    ({"text": "o'brien"}, ["b-2"]),
    ({"doc_id": "b", "root": "16"}, ["b-1"]),
])
def test_store_queries_event_filters(store: Store, filters: dict, expected: list[str]) -> None:
    assert _ids(store.events(**filters)) == expected


@pytest.mark.parametrize("hostile", [
    "'; DROP TABLE events; --", "\" OR 1=1 --", "CHN' OR '1'='1", "%", "_", "a\\b", ");", "\x00",
])
@pytest.mark.parametrize("param", ["source", "target", "country", "agent", "plover", "outlet", "text",
                                   "doc_id", "code", "root"])
def test_store_queries_hostile_values_are_harmless(store: Store, param: str, hostile: str) -> None:
    assert store.events(**{param: hostile}).num_rows == 0
    assert store.events().num_rows == 6  # and the store is intact


@pytest.mark.parametrize("hostile", ["date; DROP TABLE events", "date) --", "\"date\"", "nope"])
def test_store_queries_order_by_is_whitelisted(store: Store, hostile: str) -> None:
    with pytest.raises(StoreError, match="E412"):
        store.events(order_by=hostile)


def test_store_queries_order_and_paging(store: Store) -> None:
    assert _ids(store.events(order_by="-goldstein", limit=2)) == ["a-2", "b-0"]
    assert _ids(store.events(order_by="goldstein desc, date", limit=3)) == ["a-2", "b-0", "b-2"]
    pages = [_ids(store.events(limit=2, offset=o)) for o in (0, 2, 4, 6)]
    assert pages == [["a-0", "a-1"], ["a-2", "b-0"], ["b-1", "b-2"], []]


def test_store_queries_dyads_by_month(store: Store) -> None:
    rows = store.dyads(by="month").to_pylist()
    first = rows[0]
    assert (first["period"], first["source"], first["target"]) == (dt.date(2022, 1, 1), "CHN", "JPN")
    keyed = {(r["period"].isoformat(), r["source"], r["target"]): r for r in rows}
    assert set(keyed) == {("2022-01-01", "CHN", "JPN"), ("2022-01-01", "CHN", "USA"),
                          ("2022-01-01", "USA", "JPN"), ("2022-02-01", "JPN", "USA")}
    chn_usa = keyed[("2022-01-01", "CHN", "USA")]  # the duplicate document is not counted
    assert (chn_usa["events"], chn_usa["verbal_conflict"], chn_usa["goldstein_total"]) == (1, 1, -2.0)


@pytest.mark.parametrize(("by", "periods"), [
    ("day", ["2022-01-07", "2022-01-10", "2022-02-15"]),
    ("week", ["2022-01-03", "2022-01-10", "2022-02-14"]),  # weeks start on Monday
    ("year", ["2022-01-01"]),
])
def test_store_queries_dyads_periods(store: Store, by: str, periods: list[str]) -> None:
    got = sorted({r["period"].isoformat() for r in store.dyads(by=by).to_pylist()})
    assert got == periods


def test_store_queries_dyads_actor_level_and_filters(store: Store) -> None:
    rows = store.dyads(by="year", level="actor", source="USA").to_pylist()
    assert [(r["source"], r["target"], r["events"]) for r in rows] == [("USA", "JPNMIL", 1)]
    assert store.dyads(by="month", since="2022-02-01").num_rows == 1
    with_copies = store.dyads(include_duplicates=True).to_pylist()[0]
    assert (with_copies["source"], with_copies["target"], with_copies["events"]) == ("CHN", "USA", 2)


@pytest.mark.parametrize(("kwargs", "code"), [({"by": "decade"}, "E413"), ({"level": "planet"}, "E414"),
                                              ({"dyad": "USA"}, "E410"), ({"since": "yesterday"}, "E411")])
def test_store_queries_bad_arguments_raise_store_errors(store: Store, kwargs: dict, code: str) -> None:
    with pytest.raises(StoreError, match=code):
        store.dyads(**kwargs)


def test_store_queries_actors(store: Store) -> None:
    rows = store.actors(limit=3).to_pylist()
    assert [(r["code"], r["events"]) for r in rows] == [("USA", 4), ("CHNGOV", 3), ("JPNMIL", 3)]
    usa = rows[0]
    assert (usa["as_source"], usa["as_target"], usa["name"]) == (2, 2, "United States")
    assert store.actors(root="16").column("code").to_pylist() == ["CHNGOV", "IGOUNO"]


def test_store_queries_documents(store: Store) -> None:
    docs = store.documents()
    assert docs.column("doc_id").to_pylist() == ["a", "b", "c"]
    assert "text" not in docs.column_names
    assert docs.column("events").to_pylist() == [3, 3, 1]
    assert store.documents(include_duplicates=False, outlet="Wire").column("doc_id").to_pylist() == ["a"]
    assert store.documents(text="text of b", with_text=True).column("text").to_pylist() == ["text of b"]
    assert store.documents(limit=1, offset=1, order_by="-doc_id").column("doc_id").to_pylist() == ["b"]


def test_store_queries_document_record(store: Store) -> None:
    record = store.document("a")
    assert record["title"] == "Title a" and record["coder_version"] == "1"
    assert [e["event_id"] for e in record["events"]] == ["a-0", "a-1", "a-2"]
    assert record["events"][0]["source"]["code"] == "CHNGOV"
    assert store.document("'; DROP TABLE documents; --") is None


def test_store_queries_stats(store: Store) -> None:
    stats = store.stats()
    assert (stats["documents"], stats["duplicates"], stats["events"]) == (3, 1, 6)
    assert stats["events_by_root"] == {"01": 1, "03": 1, "04": 1, "11": 2, "16": 1}
    assert stats["top_dyads"][0] == {"source": "CHN", "target": "JPN", "events": 1}
    assert (stats["first_date"], stats["last_date"]) == ("2022-01-07", "2023-06-30")
    assert stats["batches"] == 2


def test_store_queries_empty_store(tmp_path: Path) -> None:
    store = Store(tmp_path / "empty", create=True)
    assert store.events().num_rows == 0
    assert store.dyads().num_rows == 0
    assert store.stats()["events"] == 0 and store.stats()["first_date"] is None
    assert store.document("x") is None


@pytest.mark.parametrize("hostile", ["'; DROP TABLE documents; --", "x' OR '1'='1", "%"])
def test_store_queries_hostile_values_in_other_queries(store: Store, hostile: str) -> None:
    assert store.documents(outlet=hostile).num_rows == 0
    assert store.documents(text=hostile).num_rows == 0
    assert store.documents(language=hostile).num_rows == 0
    assert store.dyads(source=hostile).num_rows == 0
    assert store.actors(outlet=hostile).num_rows == 0
    assert store.events(coder_version=hostile).num_rows == 0
    assert store.documents().num_rows == 3


@pytest.fixture(scope="module")
def synthetic_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    from eventwire.store.bench import build

    return build(tmp_path_factory.mktemp("paging"), 3000, batches=3, seed=5)


@pytest.mark.parametrize("order", ["date", "-goldstein", "source_code, -date", "cameo_code"])
@pytest.mark.parametrize("filters", [{}, {"root": "19"}, {"country": "USA", "since": "2021-01-01"}])
@pytest.mark.parametrize("offset", [1, 37, 1200, 10_000])
def test_store_queries_deep_pages_equal_slices_of_the_full_order(synthetic_store: Store, order: str,
                                                                filters: dict, offset: int) -> None:
    """Pages read in two steps (ids, then rows) are exactly the slice of the one-query order, ties included."""
    everything = _ids(synthetic_store.events(order_by=order, **filters))
    page = _ids(synthetic_store.events(order_by=order, limit=25, offset=offset, **filters))
    assert everything, filters
    assert page == everything[offset:offset + 25]
