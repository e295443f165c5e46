"""The dashboard's HTML pages in-process: JSON twins, escaping, errors, highlighting, ``serve``."""

from __future__ import annotations

import re

import pytest

# the web extra (fastapi, uvicorn) is optional for the library; without it these tests cannot run
pytest.importorskip("fastapi")

from browser.sample import AppClient, sample_result, sample_results  # noqa: E402
from browser.sample import client, store  # noqa: E402,F401 - shared module fixtures
from click.testing import CliRunner  # noqa: E402

from eventwire.cli_web import is_loopback, serve  # noqa: E402
from eventwire.models import Actor, Document, Event, Mention, Result  # noqa: E402
from eventwire.store import Store  # noqa: E402
from eventwire.web import create_app  # noqa: E402
from eventwire.web.highlight import highlight  # noqa: E402

PAGES = ["/", "/dyads", "/dyads?source=USA&target=CHN&both=true", "/network", "/network?level=actor",
         "/events", "/events?root=11&order=goldstein", "/documents", "/try", "/docs"]




@pytest.mark.parametrize("path", PAGES)
def test_web_pages_render_and_link_their_json_twin(client, path):
    response = client.get(path)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    twin = re.search(r'class="json-link" href="([^"]+)"', response.text)
    if path in ("/dyads", "/try"):
        return  # a form with nothing chosen yet has no data to twin
    assert twin, "every data page links its JSON twin"
    data = client.get(twin.group(1).replace("&amp;", "&"))
    assert data.status_code == 200 and data.headers["content-type"] == "application/json"


def test_web_pages_events_table_shows_the_twin_payload(client):
    html = client.get("/events?root=16").text
    api = client.get("/api/events?root=16").json()
    for event in api["events"]:
        assert event["sentence"] in html
        assert f'/documents/{event["doc_id"]}#ev-{event["event_id"]}' in html


def test_web_pages_document_highlights_and_attribution(client):
    result = sample_results()[1]
    html = client.get(f"/documents/{result.document.doc_id}").text
    assert 'id="attribution"' in html and "CC-BY-4.0" in html and "https://example.org/story/1" in html
    assert html.count('class="ev q') >= len(result.events)
    for event in result.events:
        assert f'id="ev-{event.event_id}"' in html and event.rule in html
    assert "subscription-prompt" in html and "Lascia un commento" in html


@pytest.mark.parametrize(("path", "word"), [("/events?root=abc", "root"), ("/events?since=2022-13-01", "since"),
                                            ("/dyads?source=USA&target=CHN&by=century", "by"),
                                            ("/network?edges=0", "edges"), ("/documents?limit=0", "limit")])
def test_web_pages_bad_parameters_are_a_readable_400_page(client, path, word):
    response = client.get(path)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")
    assert 'class="error"' in response.text and word in response.text


@pytest.mark.parametrize("path", ["/documents/ffffffffffffffff", "/no/such/page"])
def test_web_pages_not_found_is_a_page(client, path):
    response = client.get(path)
    assert response.status_code == 404 and "<html" in response.text


def test_web_pages_escape_stored_text(tmp_path):
    hostile = '<script>alert("x")</script> <img src=x onerror=alert(1)>'
    base = sample_result(99, "2022-07", [("USA", "036", "CHN")])
    doc = Document(**{**base.document.__dict__, "title": hostile, "text": hostile + " " + base.document.text,
                      "doc_id": "feedfacefeedface", "outlet": hostile})
    store = Store(tmp_path / "s", create=True)
    store.write([Result(document=doc, events=(), quotes=(), mentions=())])
    client = AppClient(create_app(store))
    for path in ("/documents/feedfacefeedface", "/documents"):
        html = client.get(path).text
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;" in html


def test_web_pages_empty_store(tmp_path):
    client = AppClient(create_app(Store(tmp_path / "empty", create=True)))
    for path in PAGES:
        assert client.get(path).status_code == 200
    assert client.get("/api/timeline").json()["rows"] == []
    assert client.get("/api/network").json() == {"level": "country", "filters": {}, "nodes": [], "edges": []}


def test_web_pages_try_form_without_text_is_400(client):
    response = client.post("/try", content=b"text=&date=", headers={"content-type": "application/x-www-form-urlencoded"})
    assert response.status_code == 400 and 'class="error"' in response.text


# -- highlighting -----------------------------------------------------------------------

def _event(doc_id: str, span: tuple[int, int], quad: int) -> dict:
    return {"span": list(span), "quad_class": quad, "cameo_code": "112"}


@pytest.mark.parametrize(("events", "quotes", "mentions", "expected"), [
    ([], [], [], [("Alpha beta gamma.", [], [], [])]),
    ([(0, 10)], [], [(0, 5, "Alpha", "AAA")], [("Alpha", [0], ["AAA"], []), (" beta", [0], [], []),
                                                (" gamma.", [], [], [])]),
    ([(0, 17), (6, 17)], [(6, 10)], [], [("Alpha ", [0], [], []), ("beta", [0, 1], [], [0]),
                                          (" gamma.", [0, 1], [], [])]),
    ([(5, 99), (-1, 3), (4, 2)], [], [(0, 5, "Wrong", "X")], [("Alpha beta gamma.", [], [], [])]),
])
def test_web_highlight_segments(events, quotes, mentions, expected):
    record = {"text": "Alpha beta gamma.", "events": [_event("d", s, 3) for s in events],
              "quotes": [{"span": list(s)} for s in quotes],
              "mentions": [{"start": s, "end": e, "text": t, "actor": {"code": c}} for s, e, t, c in mentions]}
    segments = highlight(record)
    assert "".join(s.text for s in segments) == record["text"]
    assert [(s.text, s.events, s.actors, s.quotes) for s in segments] == expected


def test_web_highlight_colours_a_sentence_by_its_strongest_conflict():
    record = {"text": "One sentence.", "events": [_event("d", (0, 13), 1), _event("d", (0, 13), 4)]}
    assert highlight(record)[0].quad_class == 4


def test_web_highlight_real_store_document_covers_every_mention(store):
    record = store.document(sample_results()[2].document.doc_id)
    segments = highlight(record)
    assert "".join(s.text for s in segments) == record["text"]
    assert {a for s in segments for a in s.actors} == {m["actor"]["code"] for m in record["mentions"]}


def test_web_highlight_ignores_a_mention_with_stale_offsets():
    actor = Actor(code="USA", country="USA")
    mention = Mention("d", 0, 0, 3, "USA", actor).to_dict()
    event = Event.from_dict({"event_id": "e", "doc_id": "d", "date": None, "sentence_index": 0, "sentence": "x",
                             "span": [0, 3], "source": None, "target": None, "cameo_code": "010",
                             "cameo_root": "01", "plover": None, "goldstein": 0.0, "quad_class": 1}).to_dict()
    segments = highlight({"text": "The USA.", "events": [event], "mentions": [mention]})
    assert all(not s.actors for s in segments)


# -- serve -------------------------------------------------------------------------------

@pytest.mark.parametrize(("host", "loopback"), [("127.0.0.1", True), ("127.8.9.10", True), ("::1", True),
                                                ("[::1]", True), ("localhost", True), ("0.0.0.0", False),
                                                ("::", False), ("192.168.1.5", False), ("example.org", False)])
def test_web_serve_loopback_detection(host, loopback):
    assert is_loopback(host) is loopback


def test_web_serve_defaults_to_loopback():
    params = {p.name: p for p in serve.params}
    assert params["host"].default == "127.0.0.1" and params["port"].default == 8000
    assert serve.help


def test_web_serve_missing_data_directory_is_one_clear_error(tmp_path):
    result = CliRunner().invoke(serve, ["--data", str(tmp_path / "nope")])
    assert result.exit_code == 1
    assert "E401" in result.output and "Traceback" not in result.output


def test_web_serve_runs_uvicorn_on_the_given_address(store, monkeypatch):
    seen = {}
    monkeypatch.setattr("uvicorn.run", lambda app, **kw: seen.update(app=app, **kw))
    result = CliRunner().invoke(serve, ["--data", str(store.path), "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert seen["host"] == "127.0.0.1" and seen["port"] == 8123 and seen["limit_concurrency"] > 0
    assert AppClient(seen["app"]).get("/api/stats").json()["events"] == sum(len(r.events) for r in sample_results())


def test_web_serve_warns_when_not_on_loopback(store, monkeypatch):
    monkeypatch.setattr("uvicorn.run", lambda app, **kw: None)
    result = CliRunner().invoke(serve, ["--data", str(store.path), "--host", "0.0.0.0"])
    assert result.exit_code == 0 and "no login" in result.output


@pytest.mark.parametrize(("period", "by", "end"), [("2022-03-14", "day", "2022-03-14"), ("2022-03-14", "week", "2022-03-20"),
                                                   ("2022-02-01", "month", "2022-02-28"), ("2024-02-01", "month", "2024-02-29"),
                                                   ("2022-12-01", "month", "2022-12-31"), ("2022-01-01", "year", "2022-12-31")])
def test_web_pages_period_end(period, by, end):
    from eventwire.web.pages import period_end

    assert period_end(period, by) == end


def test_web_pages_dyad_periods_link_to_their_events(client):
    html = client.get("/dyads?source=USA&target=CHN&both=true").text
    link = re.search(r'href="(/events\?dyad=USA-CHN&(amp;)?since=2022-03-01&(amp;)?until=2022-03-31&(amp;)?order=date)"', html)
    assert link
    events = client.get(link.group(1).replace("&amp;", "&")).text
    assert "United States met officials from China on Friday." in events


@pytest.mark.parametrize(("first", "last", "by"), [(None, None, "month"), ("2022-01-01", "2022-06-30", "month"),
                                                   ("2018-01-01", "2022-12-31", "month"), ("2006-03-27", "2022-02-12", "year")])
def test_web_pages_overview_period_keeps_the_chart_readable(first, last, by):
    from eventwire.web.pages import overview_period

    assert overview_period({"first_date": first, "last_date": last}) == by
