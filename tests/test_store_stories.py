"""Stories (event fusion): the rules, the single writer's incremental pass, recode, old stores, counts."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from eventwire.models import Actor, Document, Event, Location, Result, stable_hash
from eventwire.stages.fusion import FusionOptions, fuse_events
from eventwire.store import Store

USA, USAGOV, JPN, JPNGOV, CHN = (Actor("USA", "USA"), Actor("USAGOV", "USA", agent="GOV"), Actor("JPN", "JPN"),
                                 Actor("JPNGOV", "JPN", agent="GOV"), Actor("CHN", "CHN"))
BLINKEN = Actor("USAGOV", "USA", agent="GOV", name="Antony Blinken", role="Secretary of State")
MEET = "Secretary Blinken met Japanese Foreign Minister Hayashi in Tokyo to discuss regional security"


def report(tag: str, day: str | None, events: list[tuple], *, outlet: str = "Wire A", agency: str | None = None,
           negated: bool = False, modality: str = "asserted") -> Result:
    """One document with the given (source, code, target, sentence[, location country]) events."""
    text = f"{tag}: " + " ".join(e[3] + "." for e in events)
    doc_id = stable_hash("story-test", tag, text)
    doc = Document(doc_id=doc_id, origin=f"{tag}.txt", title=tag, outlet=outlet, url=None, license="CC0-1.0",
                   agency=agency, dateline_places=(), published=day, reporters=(), editors=(), language="en",
                   text=text, dropped=())
    out = []
    for k, (source, code, target, sentence, *place) in enumerate(events):
        span = (k * 10, k * 10 + 5)
        loc = Location("somewhere", place[0], None, None) if place else None
        out.append(Event(event_id=Event.make_id(doc_id, k, span, source, target, code), doc_id=doc_id, date=day,
                         sentence_index=k, sentence=sentence, span=span, source=source, target=target,
                         cameo_code=code, cameo_root=code[:2], plover=None, goldstein=1.0, quad_class=1,
                         negated=negated, modality=modality, location=loc, confidence=0.8 + k / 100))
    return Result(document=doc, events=tuple(out), quotes=(), mentions=())


def stories(store: Store) -> list[set[str]]:
    """The stories of a store as sets of document titles (each event a report)."""
    links = store.story_links().to_pylist()
    docs = {r["doc_id"]: r["title"] for r in store.documents().to_pylist()}
    groups: dict[str, set[str]] = {}
    for link in links:
        groups.setdefault(link["story_id"], set()).add(docs[link["doc_id"]])
    return sorted(groups.values(), key=sorted)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "data", create=True)


def test_stories_usagov_usa_and_a_person_fuse_across_outlets(store: Store) -> None:
    store.write([report("a", "2022-01-07", [(USAGOV, "040", JPN, MEET)], outlet="Wire A", agency="Reuters")])
    # a later ingest, another outlet, the next day, other wording, a person instead of the government
    store.write([report("b", "2022-01-08", [(BLINKEN, "043", JPNGOV, "Blinken held talks with Hayashi in Tokyo "
                                                                     "on regional security")], outlet="Paper B")])
    store.write([report("c", "2022-01-07", [(USA, "040", JPN, MEET)], outlet="Wire A", agency="AFP")])
    assert stories(store) == [{"a", "b", "c"}]
    [story] = store.stories().to_pylist()
    assert (story["reports"], story["documents"], story["sources"]) == (3, 3, 2)
    assert story["outlets"] == ["Paper B", "Wire A"] and story["agencies"] == ["AFP", "Reuters"]
    assert (story["first_date"], story["last_date"]) == (dt.date(2022, 1, 7), dt.date(2022, 1, 8))
    assert story["mean_confidence"] == 0.8
    # the story keeps the id its first report gave it
    first = store.events(doc_id=store.documents(text="a:").column("doc_id")[0].as_py()).column("event_id")[0]
    assert story["story_id"] == "s" + first.as_py()
    assert store.stats()["stories"] == 1 and store.stats()["events"] == 3


@pytest.mark.parametrize(("other", "why"), [
    ((USA, "112", JPN, MEET), "another CAMEO root"),
    ((USA, "040", CHN, MEET), "another target"),
    ((USA, "040", JPN, "Officials from both sides discussed fisheries quotas and a trade dispute over rice"),
     "different wording"),
    ((USA, "040", JPN, MEET, "FRA"), "another place"),
])
def test_stories_incompatible_reports_stay_apart(store: Store, other: tuple, why: str) -> None:
    store.write([report("a", "2022-01-07", [(USA, "040", JPN, MEET, "JPN")])])
    store.write([report("b", "2022-01-07", [other])])
    assert len(stories(store)) == 2, why


def test_stories_never_span_more_than_the_window_whatever_the_arrival_order(store: Store) -> None:
    # reports two days apart, arriving newest first: a chain of them must not become one long story
    for day in ("2022-01-13", "2022-01-11", "2022-01-09", "2022-01-07", "2022-01-12"):
        store.write([report(day, day, [(USA, "040", JPN, MEET)])])
    for story in store.stories().to_pylist():
        assert (story["last_date"] - story["first_date"]).days <= 2
    assert sum(s["reports"] for s in store.stories().to_pylist()) == 5
    assert len(stories(store)) < 5  # but reports within the window do fuse


def test_stories_without_date_or_target_never_fuse(store: Store) -> None:
    store.write([report("a", None, [(USA, "040", JPN, MEET)]), report("b", None, [(USA, "040", JPN, MEET)])])
    store.write([report("c", "2022-01-07", [(USA, "040", None, MEET)]),
                 report("d", "2022-01-07", [(USA, "040", None, MEET)]),
                 report("e", "2022-01-07", [(USA, "040", JPN, MEET)])])
    assert stories(store) == [{"a"}, {"b"}, {"c"}, {"d"}, {"e"}]


def test_stories_one_report_per_document_but_one_sentence_coded_twice_is_one(store: Store) -> None:
    store.write([report("a", "2022-01-07", [(USA, "040", JPN, MEET), (USA, "040", JPN, MEET + " again"),
                                            (JPN, "046", USA, MEET + " again")])])
    # the second and third events are one sentence coded two ways: one report; the first is another
    assert len(store.stories().to_pylist()) == 2


def test_stories_negated_and_hypothetical_fuse_only_together_and_are_not_counted(store: Store) -> None:
    store.write([report("a", "2022-01-07", [(USA, "040", JPN, MEET)])])
    store.write([report("b", "2022-01-07", [(USA, "040", JPN, MEET)], negated=True),
                 report("c", "2022-01-07", [(USA, "040", JPN, MEET)], modality="conditional")])
    assert stories(store) == [{"a"}, {"b", "c"}]
    assert store.stories().num_rows == 1 and store.stories(include_negated=True).num_rows == 2
    stats = store.stats()
    assert (stats["events"], stats["not_happened"], stats["events_by_root"]) == (1, 2, {"04": 1})
    assert store.stats(include_negated=True)["events"] == 3
    assert store.dyads().column("events").to_pylist() == [1]
    assert store.dyads(include_negated=True).column("events").to_pylist() == [3]
    assert store.actors().column("events").to_pylist() == [1, 1]
    assert store.events().num_rows == 3  # the event list itself shows them, flagged


def test_stories_count_in_dyads_fused(store: Store) -> None:
    store.write([report("a", "2022-01-07", [(USA, "040", JPN, MEET)]),
                 report("b", "2022-01-08", [(USAGOV, "040", JPN, MEET)]),
                 report("c", "2022-01-20", [(USA, "112", JPN, "The United States criticised Japan over whaling")])])
    reports = store.dyads(by="month").to_pylist()
    fused = store.dyads(by="month", fused=True).to_pylist()
    assert [r["events"] for r in reports] == [3] and [(r["events"], r["reports"]) for r in fused] == [(2, 3)]
    assert fused[0]["goldstein_mean"] == 1.0
    rows = store.events(fused=True, order_by="-reports").to_pylist()
    assert [r["reports"] for r in rows] == [2, 1] and rows[0]["cameo_code"] == "040"


def test_stories_recode_rebuilds_them_under_the_new_version(store: Store) -> None:
    results = [report("a", "2022-01-07", [(USA, "040", JPN, MEET)]),
               report("b", "2022-01-08", [(USAGOV, "040", JPN, MEET)]),
               report("c", "2022-01-07", [(USA, "112", JPN, "The United States criticised Japan over whaling")])]
    store.write(results[:1], coder_version="1")
    store.write(results[1:], coder_version="1")
    before = stories(store)
    by_id = {r.document.doc_id: r for r in results}
    store.recode(lambda docs: [by_id[d.doc_id] for d in docs], "2", batch_size=1)
    assert stories(store) == before == [{"a", "b"}, {"c"}]
    links = store.story_links().to_pylist()
    assert {r["coder_version"] for r in links} == {"2"} and len(links) == 3
    assert len(store.story_links(coder_version="all")) == 6


def test_stories_api_and_pages(store: Store) -> None:
    from browser.sample import AppClient

    from eventwire.web import create_app

    store.write([report("a", "2022-01-07", [(USA, "040", JPN, MEET)], agency="Reuters"),
                 report("b", "2022-01-08", [(USAGOV, "043", JPN, MEET)], outlet="Paper B")])
    client = AppClient(create_app(store))
    listing = client.get("/api/stories").json()
    [story] = listing["stories"]
    assert (story["reports"], story["sources"], story["first_date"]) == (2, 2, "2022-01-07")
    detail = client.get(f"/api/stories/{story['story_id']}").json()
    assert [r["sentence"] for r in detail["report_list"]] == [MEET, MEET]
    assert detail["agencies"] == ["Reuters"] and detail["canonical"]["cameo_code"] in ("040", "043")
    assert client.get("/api/stories/snothere").status_code == 404
    assert client.get("/api/stories/../x").status_code == 404
    assert client.get("/api/dyads?source=USA&target=JPN&fused=true").json()["rows"][0]["events"] == 1
    assert client.get("/api/dyads?source=USA&target=JPN").json()["rows"][0]["events"] == 2
    page = client.get(f"/stories/{story['story_id']}")
    assert page.status_code == 200 and "Paper B" in page.text and MEET in page.text
    assert "2</a>" in client.get("/stories").text


def test_stories_gdelt_export_counts_mentions_and_sources(store: Store, tmp_path: Path) -> None:
    from eventwire.store import export

    store.write([report("a", "2022-01-07", [(USA, "040", JPN, MEET)]),
                 report("b", "2022-01-08", [(USAGOV, "040", JPN, MEET)], outlet="Paper B"),
                 report("c", "2022-01-20", [(USA, "112", JPN, "The United States criticised Japan over whaling")])])
    export(store, "gdelt-tsv", tmp_path / "events.tsv")
    export(store, "gdelt-tsv", tmp_path / "stories.tsv", fused=True)
    for name, expected in (("events.tsv", [(2, 2), (2, 2), (1, 1)]), ("stories.tsv", [(2, 2), (1, 1)])):
        header, *rows = [line.split("\t") for line in (tmp_path / name).read_text().splitlines()]
        mentions, sources = header.index("NumMentions"), header.index("NumSources")
        assert [(int(r[mentions]), int(r[sources])) for r in rows] == expected


def _as_schema_1(path: Path) -> None:
    """Turn a store into what eventwire wrote before schema 2: no date_basis, no stories."""
    for file in (path / "events").glob("*.parquet"):
        table = pq.read_table(file)
        pq.write_table(table.drop_columns(["date_basis"]), file)
    for marker in (path / "_commits").glob("*.json"):
        data = json.loads(marker.read_text())
        data["schema_version"] = 1
        data["rows"].pop("stories", None)
        marker.write_text(json.dumps(data))
    for file in (path / "stories").iterdir():
        file.unlink()
    (path / "stories").rmdir()
    meta = json.loads((path / "_meta.json").read_text())
    meta["schema_version"], meta["migrations"] = 1, meta["migrations"][:1]
    (path / "_meta.json").write_text(json.dumps(meta))


def test_stories_schema_1_store_stays_readable_and_migrates_on_write(tmp_path: Path) -> None:
    path = tmp_path / "old"
    Store(path, create=True).write([report("a", "2022-01-07", [(USA, "040", JPN, MEET)])])
    _as_schema_1(path)
    old = Store(path)
    assert old.events().column("date_basis").to_pylist() == [None]
    [story] = old.stories().to_pylist()  # an unlinked event is a story of its own
    assert story["reports"] == 1 and story["story_id"] == "s" + old.events().column("event_id")[0].as_py()
    assert old.stats()["stories"] == 1
    old.write([report("b", "2022-01-07", [(USAGOV, "040", JPN, MEET)])])  # migrates, then links to the old event
    assert json.loads((path / "_meta.json").read_text())["schema_version"] == 2
    assert [s["reports"] for s in old.stories().to_pylist()] == [2]
    assert old.compact()["batches_after"] == 1 and [s["reports"] for s in old.stories().to_pylist()] == [2]


def test_fusion_options_come_from_settings() -> None:
    from eventwire.config import load_settings

    options = FusionOptions.from_settings(load_settings(fusion_window_days=5))
    assert options.window_days == 5
    rows = [{"event_id": f"e{d}", "doc_id": f"d{d}", "block": "04|h|JPN|USA", "date": f"2022-01-{d:02d}",
             "location_country": None, "sentence": MEET, "cameo_code": "040"} for d in (1, 5)]
    assert len({link.story_id for link in fuse_events(rows, options)}) == 1
    assert len({link.story_id for link in fuse_events(rows)}) == 2
    assert dataclasses.replace(options, window_days=0).window_days == 0
