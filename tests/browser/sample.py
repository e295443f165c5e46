"""A small hand-made store for the web tests: invented sentences, coded by hand.

Nothing here comes from a real article; the texts are written for these tests so that
every event, quote and mention has known offsets. Used by ``tests/test_web_*.py`` and
the browser tests (import as ``from browser.sample import build_sample_store``).
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from eventwire.models import Actor, Document, Dropped, Event, Mention, Quote, Rejection, Result, stable_hash

COUNTRY = {
    "USA": ("United States", "Washington"), "CHN": ("China", "Beijing"),
    "JPN": ("Japan", "Tokyo"), "RUS": ("Russia", "Moscow"),
}
# (cameo code, plover, goldstein, quad class, verb phrase): an invented, varied action table
ACTIONS = {
    "036": ("CONSULT", 4.0, 1, "met officials from"),
    "057": ("AGREE", 8.0, 1, "signed an agreement with"),
    "061": ("COOPERATE", 6.4, 2, "began joint exercises with"),
    "071": ("AID", 7.4, 2, "sent economic aid to"),
    "112": ("ACCUSE", -2.0, 3, "accused"),
    "114": ("ACCUSE", -2.0, 3, "lodged a formal complaint with"),
    "163": ("SANCTION", -8.0, 4, "imposed an embargo on"),
    "190": ("ASSAULT", -10.0, 4, "fired missiles at"),
}
LICENSE = "CC-BY-4.0"
OUTLET = "Example Wire"
# (month, [(source, code, target)]) — relations that warm and cool over half a year
SCRIPT = [
    ("2022-01", [("CHN", "114", "JPN"), ("USA", "036", "JPN"), ("JPN", "057", "USA")]),
    ("2022-01", [("CHN", "112", "USA"), ("USA", "112", "CHN")]),
    ("2022-02", [("USA", "061", "JPN"), ("CHN", "036", "RUS"), ("RUS", "057", "CHN")]),
    ("2022-03", [("USA", "163", "RUS"), ("RUS", "112", "USA"), ("CHN", "114", "USA")]),
    ("2022-03", [("USA", "036", "CHN"), ("CHN", "036", "USA")]),
    ("2022-04", [("RUS", "190", "JPN"), ("JPN", "114", "RUS"), ("USA", "071", "JPN")]),
    ("2022-05", [("USA", "057", "CHN"), ("CHN", "071", "JPN")]),
    ("2022-06", [("USA", "163", "CHN"), ("CHN", "112", "USA"), ("JPN", "061", "USA")]),
]


def _actor(code: str, agent: str | None = None) -> Actor:
    name = COUNTRY[code][0]
    return Actor(code=code + (agent or ""), country=code, agent=agent,
                 name=f"{name} government" if agent else name, text=name)


def sample_result(index: int, month: str, triples: list[tuple[str, str, str]]) -> Result:
    """One invented wire story whose sentences are the given (source, code, target) events.

    Args:
        index: story number (makes the text and its id unique).
        month: YYYY-MM of the story; it is dated the 10th plus ``index``.
        triples: events, one sentence each.

    Returns:
        Result with events, one direct quote, actor mentions and two dropped spans.
    """
    day = f"{month}-{10 + index % 15:02d}"
    place = COUNTRY[triples[0][0]][1]
    lines = [f"{place.upper()}, {month} (Example Wire) - Story {index}."]
    for source, code, target in triples:
        lines.append(f"{COUNTRY[source][0]} {ACTIONS[code][3]} {COUNTRY[target][0]} on Friday.")
    speaker = COUNTRY[triples[0][0]][0]
    lines.append(f'A spokesperson for {speaker} said "we will keep talking" to reporters.')
    text = " ".join(lines)
    doc_id = stable_hash("sample", index, text)
    events, mentions = [], []
    for k, (source, code, target) in enumerate(triples, start=1):
        sentence = lines[k]
        start = text.index(sentence)
        span = (start, start + len(sentence))
        src = _actor(source, "GOV" if k % 2 else None)
        tgt = _actor(target)
        plover, goldstein, quad, _ = ACTIONS[code]
        events.append(Event(
            event_id=Event.make_id(doc_id, k, span, src, tgt, code), doc_id=doc_id, date=day, sentence_index=k,
            sentence=sentence, span=span, source=src, target=tgt, cameo_code=code, cameo_root=code[:2],
            plover=plover, goldstein=goldstein, quad_class=quad, rule=f"verb:{ACTIONS[code][3]} (sample rule {code})",
            confidence=0.9, reporter=OUTLET if k == 1 else None))
        for actor, name in ((src, COUNTRY[source][0]), (tgt, COUNTRY[target][0])):
            at = text.index(name, start)
            mentions.append(Mention(doc_id, k, at, at + len(name), name, actor))
    quote_text = "we will keep talking"
    q_start = text.index(quote_text)
    quotes = (Quote(doc_id, (q_start, q_start + len(quote_text)), quote_text, True,
                    f"{speaker} spokesperson", _actor(triples[0][0], "GOV"), len(lines) - 1),)
    doc = Document(doc_id=doc_id, origin=f"sample/story-{index}.txt", title=f"Sample story {index}: {speaker} and partners",
                   outlet=OUTLET, url=f"https://example.org/story/{index}", license=LICENSE, agency="Example Wire",
                   dateline_places=(place,), published=day, reporters=("A. Reporter",), editors=("B. Editor",),
                   language="en", text=text,
                   dropped=(Dropped("Subscribe now for unlimited access", "subscription-prompt"),
                            Dropped("Lascia un commento", "language:it")))
    return Result(document=doc, events=tuple(events), quotes=quotes, mentions=tuple(mentions))


def sample_results() -> list[Result]:
    """All the sample stories."""
    return [sample_result(i, month, triples) for i, (month, triples) in enumerate(SCRIPT)]


def retold_result(index: int, outlet: str = "Second Wire") -> Result:
    """Sample story ``index`` told again by another outlet the next day: the same events, other documents."""
    import dataclasses
    import datetime as dt

    original = sample_result(index, *SCRIPT[index])
    doc = original.document
    text = f"{doc.text} (Retold by {outlet}.)"
    doc_id = stable_hash("retold", index, text)
    day = (dt.date.fromisoformat(doc.published) + dt.timedelta(days=1)).isoformat()
    events = tuple(dataclasses.replace(e, doc_id=doc_id, date=day, event_id=stable_hash("retold", e.event_id))
                   for e in original.events)
    return Result(document=dataclasses.replace(doc, doc_id=doc_id, text=text, outlet=outlet, published=day,
                                               origin=f"sample/retold-{index}.txt", agency=None),
                  events=events, quotes=(), mentions=())


def build_sample_store(path: Path, *, retold: bool = False):  # noqa: ANN201 - returns eventwire.store.Store
    """Write the sample stories and one rejection into a new store at ``path``.

    Args:
        path: the data directory to create.
        retold: add a second outlet's retelling of story 4 (USA and China consult): its events
            fuse with the story's into stories of two reports.
    """
    from eventwire.store import Store

    store = Store(path, create=True)
    store.write(sample_results(), [Rejection("sample/broken.bin", "read", "binary file")])
    if retold:
        store.write([retold_result(4)])
    return store


class AppClient:
    """A synchronous in-process client for an ASGI app (httpx's ASGI transport, no server).

    Starlette's TestClient warns under httpx 0.28 (it wants httpx2), and the suite turns
    warnings into errors; httpx's own ASGI transport does the same job without it.
    """

    def __init__(self, app: object) -> None:
        self.app = app

    def request(self, method: str, url: str, **kwargs: object):  # noqa: ANN201 - httpx.Response
        import asyncio

        import httpx

        async def send():  # noqa: ANN202
            transport = httpx.ASGITransport(app=self.app)  # type: ignore[arg-type]
            async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
                return await client.request(method, url, **kwargs)  # type: ignore[arg-type]

        return asyncio.run(send())

    def get(self, url: str, **kwargs: object):  # noqa: ANN201
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: object):  # noqa: ANN201
        return self.request("POST", url, **kwargs)


@pytest.fixture(scope="module")
def store(tmp_path_factory):  # noqa: ANN201 - eventwire.store.Store
    """The hand-made sample store, built once per test module (shared by the web test files)."""
    return build_sample_store(tmp_path_factory.mktemp("web") / "store")


@pytest.fixture(scope="module")
def client(store):  # noqa: ANN001, ANN201 - AppClient
    """An in-process client of the app over the sample store."""
    from eventwire.web import create_app

    return AppClient(create_app(store))


@contextlib.contextmanager
def serving(app: Any) -> Iterator[str]:
    """Serve ``app`` with uvicorn on a free loopback port in a thread; yields its base URL."""
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)

