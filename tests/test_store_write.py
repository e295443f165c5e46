"""Writing: idempotence, re-code versions, rejections, opening and creating stores."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from eventwire.errors import StoreError
from eventwire.models import Rejection, Result
from eventwire.store import SCHEMAS, Store
from eventwire.store._synthetic import synthetic_results


@pytest.fixture
def results() -> list[Result]:
    return list(synthetic_results(20, seed=1))


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "data", create=True)


def _counts(store: Store) -> tuple[int, int, int, int]:
    s = store.stats(include_duplicates=True)
    return s["documents"], s["events"], s["quotes"], s["mentions"]


def test_store_write_rewrite_is_idempotent(store: Store, results: list[Result]) -> None:
    first = store.write(results[:12])
    assert (first.documents, first.events, first.skipped_duplicates) == (12, 36, 0)
    again = store.write(results)  # 12 known + 8 new
    assert (again.documents, again.events, again.skipped_duplicates) == (8, 24, 12)
    assert store.write(results).batch_id is None  # nothing new: no empty batch committed
    assert _counts(store) == (20, 60, 20, 60)
    events = store.events(include_duplicates=True)
    assert len(set(events.column("event_id").to_pylist())) == events.num_rows == 60


def test_store_write_skips_duplicates_within_a_batch(store: Store, results: list[Result]) -> None:
    summary = store.write([results[0], results[1], results[0]])
    assert (summary.documents, summary.skipped_duplicates) == (2, 1)


def test_store_write_known_doc_ids(store: Store, results: list[Result]) -> None:
    store.write(results[:5])
    ids = [r.document.doc_id for r in results]
    assert store.known_doc_ids(ids) == set(ids[:5])
    assert store.known_doc_ids([]) == set()


def test_store_write_rejections_are_deduplicated(store: Store) -> None:
    rejections = [Rejection("a.pdf", "read", "unsupported format"), Rejection("b.html", "clean", "empty")]
    assert store.write([], rejections).rejections == 2
    assert store.write([], rejections + rejections).rejections == 0
    assert store.stats()["rejections_by_reason"] == {"empty": 1, "unsupported format": 1}


def _recoded(result: Result) -> Result:
    # a new coder finds only the first event of each document, with a different code
    first = dataclasses.replace(result.events[0], cameo_code="036", cameo_root="03")
    return dataclasses.replace(result, events=(first,))


def test_store_write_recode_is_a_new_version_and_latest_wins(store: Store, results: list[Result]) -> None:
    store.write(results, coder_version="1")
    summary = store.write([_recoded(r) for r in results[:5]], coder_version="2")
    assert (summary.documents, summary.events, summary.skipped_duplicates) == (0, 5, 0)
    latest = store.events(include_duplicates=True)
    assert latest.num_rows == 5 * 1 + 15 * 3
    recoded_ids = {r.document.doc_id for r in results[:5]}
    for row in latest.to_pylist():
        assert row["coder_version"] == ("2" if row["doc_id"] in recoded_ids else "1")
    assert store.events(coder_version="1", include_duplicates=True).num_rows == 60
    assert store.events(coder_version="2", include_duplicates=True).num_rows == 5
    assert store.events(coder_version="all", include_duplicates=True).num_rows == 65
    versions = store.stats()["coder_versions"]
    assert versions == {"1": {"documents": 20, "events": 60}, "2": {"documents": 5, "events": 5}}
    # re-running the same re-code is idempotent too
    assert store.write([_recoded(r) for r in results[:5]], coder_version="2").skipped_duplicates == 5


def test_store_write_recode_finding_nothing_hides_old_events(store: Store, results: list[Result]) -> None:
    store.write(results[:1], coder_version="1")
    store.write([dataclasses.replace(results[0], events=())], coder_version="2")
    assert store.events(include_duplicates=True).num_rows == 0
    assert store.document(results[0].document.doc_id)["coder_version"] == "2"


def test_store_iter_documents_resumes_a_recode(store: Store, results: list[Result]) -> None:
    store.write(results)
    store.write([_recoded(r) for r in results[:7]], coder_version="2")
    todo = [d for batch in store.iter_documents(batch_size=4, not_coded_with="2") for d in batch]
    assert {d.doc_id for d in todo} == {r.document.doc_id for r in results[7:]}
    assert todo[0] == next(r.document for r in results if r.document.doc_id == todo[0].doc_id)


def test_store_duplicates_excluded_from_aggregates_by_default(store: Store, results: list[Result]) -> None:
    original = results[0]
    copy = next(synthetic_results(1, seed=99, first=500, duplicate_of=original.document.doc_id))
    store.write([original, copy])
    assert store.stats()["events"] == 3
    assert store.stats(include_duplicates=True)["events"] == 6
    assert store.stats()["duplicates"] == 1
    assert store.events().num_rows == 3
    assert store.events(include_duplicates=True).num_rows == 6
    assert store.events(doc_id=copy.document.doc_id).num_rows == 3  # asked for by id: shown
    assert sum(store.dyads().column("events").to_pylist()) == 3


def test_store_open_missing_directory_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="E401"):
        Store(tmp_path / "nope")


def test_store_create_refuses_a_foreign_directory(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(StoreError, match="E402"):
        Store(tmp_path, create=True)


def test_store_refuses_a_newer_schema(tmp_path: Path) -> None:
    Store(tmp_path / "d", create=True)
    meta_path = tmp_path / "d" / "_meta.json"
    meta = json.loads(meta_path.read_text())
    meta["schema_version"] = 999
    meta_path.write_text(json.dumps(meta))
    with pytest.raises(StoreError, match="E404"):
        Store(tmp_path / "d")


@pytest.mark.parametrize("table", sorted(SCHEMAS))
def test_store_schemas_have_unique_columns(table: str) -> None:
    names = SCHEMAS[table].names
    assert len(names) == len(set(names))


def test_store_files_open_without_eventwire(store: Store, results: list[Result]) -> None:
    import duckdb
    import pyarrow.parquet as pq

    store.write(results[:3])
    store.write(results[3:6])
    events = pq.read_table(store.path / "events")  # a plain directory dataset
    assert events.num_rows == 18
    con = duckdb.connect()
    glob = str(store.path / "events" / "*.parquet")
    assert con.sql("SELECT count(*) FROM read_parquet(?)", params=[glob]).fetchall() == [(18,)]


def test_store_write_unstorable_document_is_a_rejection_not_a_crash(store: Store, results: list[Result]) -> None:
    bad_doc = dataclasses.replace(results[1].document, text="broken \udcff surrogate")
    bad = dataclasses.replace(results[1], document=bad_doc)
    summary = store.write([results[0], bad, results[2]])
    assert (summary.documents, summary.rejections) == (2, 1)
    reasons = store.rejections().to_pylist()
    assert reasons[0]["stage"] == "store" and reasons[0]["origin"] == bad_doc.origin
    assert "unstorable record" in reasons[0]["reason"]


def test_store_write_unparsable_event_date_is_stored_as_unknown(store: Store, results: list[Result],
                                                                caplog: pytest.LogCaptureFixture) -> None:
    event = dataclasses.replace(results[0].events[0], date="early 2022")
    store.write([dataclasses.replace(results[0], events=(event,))])
    assert store.events().column("date").to_pylist() == [None]
    assert "early 2022" in caplog.text


def test_store_recode_resumes_and_versions_compare(store: Store, results: list[Result]) -> None:
    store.write(results, coder_version="1")
    by_id = {r.document.doc_id: r for r in results}
    calls: list[int] = []

    def code(documents: list) -> list[Result]:
        calls.append(len(documents))
        if len(calls) == 2:
            raise KeyboardInterrupt  # the re-code is stopped after its first batch
        return [_recoded(by_id[d.doc_id]) for d in documents]

    with pytest.raises(KeyboardInterrupt):
        store.recode(code, "2", batch_size=8)
    done = store.recode(code, "2", batch_size=8)
    assert done == {"documents": 12, "events": 12}  # only what the first run had not committed
    assert store.stats()["coder_versions"]["2"]["documents"] == 20
    compare = {r["cameo_root"]: r for r in store.compare_versions("1", "2").to_pylist()}
    assert sum(r["events_a"] for r in compare.values()) == 60
    assert compare["03"]["events_b"] == 20  # every re-coded event became a 036
    assert sum(r["change"] for r in compare.values()) == 20 - 60


@pytest.mark.parametrize("table", sorted(SCHEMAS))
def test_store_format_doc_lists_every_column(table: str) -> None:
    doc = (Path(__file__).resolve().parent.parent / "eventwire" / "store" / "FORMAT.md").read_text(encoding="utf-8")
    prefixes = ("source_", "target_", "speaker_actor_", "actor_")
    documented = {line.split("|")[2].strip() for line in doc.splitlines()
                  if line.startswith(f"| {table} |")}
    for column in SCHEMAS[table].names:
        prefix = next((p for p in prefixes if column.startswith(p) and f"{p}*" in documented), None)
        assert column in documented or prefix, f"{table}.{column} is not in FORMAT.md"


def test_store_write_to_a_read_only_directory_is_a_store_error(tmp_path: Path, results: list[Result]) -> None:
    import os

    store = Store(tmp_path / "ro", create=True)
    store.write(results[:1])
    for path in [store.path, *store.path.rglob("*")]:
        if path.is_dir():
            path.chmod(0o555)
    try:
        if os.access(store.path, os.W_OK):
            pytest.skip("running as a user who can write anywhere (root)")
        assert Store(store.path).events(include_duplicates=True).num_rows == 3  # reading still works
        with pytest.raises(StoreError, match="E406"):
            store.write(results[1:2])
    finally:
        for path in [store.path, *store.path.rglob("*")]:
            if path.is_dir():
                path.chmod(0o755)
