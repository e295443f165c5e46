"""The server edge (issue 9): hostile filters, path traversal, page and body limits, the coder bound, CORS,
loopback by default, and schemathesis over the OpenAPI description with no 5xx.

Everything runs in-process over ASGI (no socket). The store is the hand-made sample of the
web tests (invented texts).
"""

from __future__ import annotations

import time

import pytest

pytest.importorskip("fastapi")

from browser.sample import AppClient  # noqa: E402
from browser.sample import client, store  # noqa: E402,F401 - shared module fixtures

from eventwire.web import create_app  # noqa: E402
from eventwire.web import api as web_api  # noqa: E402

HOSTILE = ["' OR 1=1 --", "'; DROP TABLE events; --", "\" OR \"\"=\"", "%' OR '%'='", "\\x00", "\x00",
           "Robert'); DELETE FROM documents;--", "*", "%", "_", "$1", "?", "${jndi:ldap://x/a}", "<script>alert(1)</script>",
           "../../etc/passwd", "\u202e\u200b", "ﷺ" * 50, "a" * 200]




@pytest.fixture(scope="module")
def counts(store):
    return store.stats()["documents"], store.stats()["events"]


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("param", ["outlet", "text"])
def test_security_free_text_filters_are_values_not_sql(client, store, counts, param, value):
    response = client.get("/api/events", params={param: value})
    assert response.status_code == 200, response.text
    assert response.json()["events"] == []  # no value matches everything
    assert (store.stats()["documents"], store.stats()["events"]) == counts


@pytest.mark.parametrize("value", HOSTILE[:8])
@pytest.mark.parametrize("param", ["source", "target", "country", "agent", "dyad", "root", "code", "plover",
                                   "order", "doc_id", "since", "quad_class"])
def test_security_pattern_filters_reject_hostile_values(client, param, value):
    response = client.get("/api/events", params={param: value})
    assert response.status_code == 422 and param in response.json()["message"]


@pytest.mark.parametrize("path", ["/api/dyads", "/api/network", "/api/timeline", "/events", "/dyads", "/network"])
def test_security_hostile_values_on_every_filtered_route(client, path):
    for value in HOSTILE:
        response = client.get(path, params={"source": value, "target": value})
        assert response.status_code in (200, 400, 422), (path, value, response.status_code)


@pytest.mark.parametrize("path", [
    "/static/../../../../etc/passwd", "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/static/..%2f..%2f..%2fetc%2fpasswd",
    "/static/%252e%252e/etc/passwd", "/static//etc/passwd", "/static/....//....//etc/passwd",
    "/api/documents/..%2f..%2f..%2fetc%2fpasswd", "/api/documents/%2e%2e", "/documents/..%2F..%2Fetc%2Fpasswd",
    "/api/documents/" + "a" * 200, "/static/app.css%00.txt", "/static/\\..\\..\\etc\\passwd",
])
def test_security_no_path_traversal(client, path):
    response = client.get(path)
    assert response.status_code in (400, 404, 405, 422), (path, response.status_code)
    assert "root:" not in response.text


def test_security_static_files_are_still_served(client):
    assert client.get("/static/app.css").status_code == 200


@pytest.mark.parametrize(("path", "params"), [
    ("/api/events", {"limit": web_api.MAX_PAGE + 1}), ("/api/events", {"limit": 10**12}),
    ("/api/events", {"limit": -1}), ("/api/events", {"offset": -5}), ("/api/events", {"offset": 10**12}),
    ("/api/documents", {"limit": 10**6}), ("/api/actors", {"limit": web_api.MAX_PAGE + 1}),
    ("/api/events", {"limit": "1e9"}), ("/api/events", {"limit": "NaN"}),
])
def test_security_page_size_is_bounded(client, path, params):
    assert client.get(path, params=params).status_code == 422


def test_security_largest_page_is_served(client):
    assert client.get("/api/events", params={"limit": web_api.MAX_PAGE}).status_code == 200


def test_security_request_body_over_the_limit_is_413(store):
    client = AppClient(create_app(store, max_body_bytes=1000))
    big = {"text": "x" * 5000}
    assert client.post("/api/code", json=big).status_code == 413
    # a lying Content-Length is refused too
    assert client.post("/api/code", content=b"{}", headers={"content-length": "abc",
                                                            "content-type": "application/json"}).status_code == 413


def test_security_code_text_over_max_chars_is_413(store):
    client = AppClient(create_app(store, max_code_chars=100))
    response = client.post("/api/code", json={"text": "Norway met Chile. " * 20})
    assert response.status_code == 413 and "limit" in response.json()["detail"]


def test_security_code_is_bounded_in_time_and_concurrency(store, monkeypatch):
    import asyncio

    import httpx

    import eventwire

    release = __import__("threading").Event()
    monkeypatch.setattr(eventwire, "code_document", lambda *a, **k: release.wait(5))  # a text that never ends
    app = create_app(store, code_timeout=0.2)

    async def two_calls() -> tuple[int, float, int]:
        # one event loop for both calls (asyncio.run per call would wait for the worker thread)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
            started = time.perf_counter()
            first = (await client.post("/api/code", json={"text": "Norway met Chile."})).status_code
            elapsed = time.perf_counter() - started
            # the overrunning text still holds the coder: the next caller is told so at once
            second = (await client.post("/api/code", json={"text": "Norway met Chile."})).status_code
            release.set()
            return first, elapsed, second

    first, elapsed, second = asyncio.run(two_calls())
    assert (first, second) == (504, 503) and elapsed < 2


@pytest.mark.parametrize("body", [b"", b"{", b"[]", b'{"text": 5}', b'{"text": "a", "evil": 1}',
                                  b'{"text": "a", "date": "0000-00-00"}', b"\xff\xfe"])
def test_security_code_rejects_malformed_bodies(client, body):
    response = client.post("/api/code", content=body, headers={"content-type": "application/json"})
    assert 400 <= response.status_code < 500


def test_security_cors_is_off_unless_configured(store, client):
    headers = {"origin": "https://evil.example", "access-control-request-method": "GET"}
    assert "access-control-allow-origin" not in client.get("/api/stats", headers=headers).headers
    assert "access-control-allow-origin" not in client.request("OPTIONS", "/api/stats", headers=headers).headers
    allowed = AppClient(create_app(store, cors_origins=["https://team.example"]))
    response = allowed.get("/api/stats", headers={"origin": "https://team.example"})
    assert response.headers["access-control-allow-origin"] == "https://team.example"
    assert "access-control-allow-origin" not in allowed.get("/api/stats", headers=headers).headers


def test_security_headers_on_every_response(client):
    for path in ("/", "/api/stats", "/no-such-page"):
        headers = client.get(path).headers
        assert "default-src 'self'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"


def test_security_serve_listens_on_loopback_by_default():
    from eventwire.cli_web import is_loopback, serve

    host = next(p for p in serve.params if p.name == "host")
    assert host.default == "127.0.0.1" and is_loopback(host.default)
    assert [is_loopback(h) for h in ("::1", "localhost", "127.0.0.2", "0.0.0.0", "::", "10.0.0.1", "evil")] == [
        True, True, True, False, False, False, False]


def test_security_serve_warns_when_not_on_loopback(tmp_path, store, monkeypatch):
    import uvicorn
    from click.testing import CliRunner

    from eventwire.cli import cli

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
    result = CliRunner().invoke(cli, ["serve", "--data", str(store.path), "--host", "0.0.0.0"])
    assert result.exit_code == 0 and "no login" in result.output
    assert calls and calls[0]["host"] == "0.0.0.0" and calls[0]["limit_concurrency"]


# -- schemathesis: every operation of the OpenAPI description, no 5xx ------------------------------

SCHEMATHESIS_EXAMPLES = 25  # per operation in the default run; --slow runs 250


def _documented(case) -> set[int]:
    return {int(code) for code in case.operation.definition.raw.get("responses", {}) if code.isdigit()}


@pytest.fixture(scope="module")
def schema(store):
    schemathesis = pytest.importorskip("schemathesis")
    import eventwire

    eventwire.code_document("Norway met Chile in Oslo.")  # load the model once: a cold start is not a timeout
    app = create_app(store, code_timeout=120)
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def test_security_schemathesis_no_server_errors(schema, request):
    from hypothesis import HealthCheck, given, settings

    examples = SCHEMATHESIS_EXAMPLES * (10 if request.config.getoption("--slow") else 1)
    seen: list[tuple[str, int]] = []
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(operation.as_strategy())
        @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def run(case):
            response = case.call()
            seen.append((case.path, response.status_code))
            if response.status_code >= 500 or response.status_code not in _documented(case):
                failures.append(f"{case.method} {case.formatted_path} {case.query} {str(case.body)[:80]} -> "
                                f"{response.status_code} {response.text[:120]}")

        run()
    print(f"schemathesis: {len(seen)} cases, {sum(s >= 500 for _, s in seen)} 5xx")
    assert {path for path, _ in seen} >= {"/api/events", "/api/code", "/api/documents/{doc_id}"}
    assert not failures, failures[:10]
