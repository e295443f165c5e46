"""``serve --token``: every request needs the token, as a bearer header or the login page's cookie."""

from __future__ import annotations

import hmac
import socket
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pytest

pytest.importorskip("fastapi")

from browser.sample import AppClient  # noqa: E402
from browser.sample import store  # noqa: E402,F401 - shared module fixture
from click.testing import CliRunner  # noqa: E402

from eventwire.cli_web import serve  # noqa: E402
from eventwire.web import create_app  # noqa: E402
from eventwire.web.auth import COOKIE  # noqa: E402

TOKEN = "s3cret-token-for-tests-0123456789"
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def client(store):  # noqa: F811
    return AppClient(create_app(store, token=TOKEN))


def _bearer(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _login_cookie(client) -> str:
    response = client.post("/login", data={"token": TOKEN, "next": "/events"})
    assert response.status_code == 303 and response.headers["location"] == "/events"
    set_cookie = response.headers["set-cookie"]
    assert "HttpOnly" in set_cookie and "SameSite=Strict" in set_cookie
    return set_cookie.split(";")[0].split("=", 1)[1]


@pytest.mark.parametrize("path", ["/api/stats", "/api/events", "/api/documents", "/openapi.json"])
def test_token_missing_is_401_on_the_api(client, path):
    response = client.get(path)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert "token" in response.json()["detail"]
    assert "default-src 'self'" in response.headers["content-security-policy"]  # still our headers


@pytest.mark.parametrize("path", ["/", "/events?root=11", "/documents", "/static/app.css", "/docs"])
def test_token_missing_sends_a_page_to_the_login_page(client, path):
    response = client.get(path)
    assert response.status_code == 303
    assert response.headers["location"] == f"/login?next={quote(path, safe='')}"


@pytest.mark.parametrize("headers", [
    _bearer("wrong-token-wrong-token-0123456789"), _bearer(TOKEN[:-1]), _bearer(TOKEN + "x"), _bearer(""),
    {"Authorization": f"Basic {TOKEN}"}, {"Authorization": TOKEN}, {"Cookie": f"{COOKIE}={TOKEN}"},
    {"Cookie": f"{COOKIE}=0000"}, {"Cookie": "other=1"}, {"X-Token": TOKEN},
])
def test_token_wrong_is_refused(client, headers):
    assert client.get("/api/stats", headers=headers).status_code == 401
    assert client.get("/", headers=headers).status_code == 303


def test_token_right_in_the_header_opens_api_and_pages(client, store):  # noqa: F811
    response = client.get("/api/stats", headers=_bearer())
    assert response.status_code == 200 and response.json()["events"] == store.stats()["events"]
    assert client.get("/events", headers=_bearer()).status_code == 200
    assert client.get("/static/app.css", headers=_bearer()).status_code == 200
    assert client.get("/api/stats", headers={"Authorization": f"bearer {TOKEN}"}).status_code == 200


def test_token_login_page_sets_a_cookie_that_opens_everything(client):
    page = client.get("/login?next=/events")
    assert page.status_code == 200 and 'name="token"' in page.text and 'value="/events"' in page.text
    cookie = _login_cookie(client)
    assert TOKEN not in cookie  # the cookie is derived from the token, not the token itself
    headers = {"Cookie": f"{COOKIE}={cookie}"}
    assert client.get("/events", headers=headers).status_code == 200
    assert client.get("/api/events", headers=headers).json()["events"]
    logout = client.get("/logout", headers=headers)
    assert logout.status_code == 303 and "Max-Age=0" in logout.headers["set-cookie"]


def test_token_login_with_a_wrong_token_sets_no_cookie(client):
    response = client.post("/login", data={"token": "nope", "next": "/"})
    assert response.status_code == 401 and "wrong token" in response.text
    assert "set-cookie" not in response.headers


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil.example",
                                    "javascript:alert(1)"])
def test_token_login_never_redirects_off_site(client, target):
    response = client.post("/login", data={"token": TOKEN, "next": target})
    assert response.status_code == 303 and response.headers["location"] == "/"


def test_token_cached_answers_still_need_the_token(client):
    assert client.get("/api/dyads", headers=_bearer()).status_code == 200  # now cached
    assert client.get("/api/dyads").status_code == 401


def test_token_compared_in_constant_time(client, monkeypatch):
    calls, real = [], hmac.compare_digest

    def spy(a, b):
        calls.append((len(a), len(b)))
        return real(a, b)

    monkeypatch.setattr("eventwire.web.auth.hmac.compare_digest", spy)
    assert client.get("/api/stats", headers=_bearer("x")).status_code == 401
    assert client.get("/api/stats", headers=_bearer()).status_code == 200
    assert calls and all(a == b for a, b in calls)  # digests of equal length: the length does not leak


def test_token_read_only_stays_read_only(client, store):  # noqa: F811
    commits = sorted((store.path / "_commits").iterdir())
    _login_cookie(client)
    for method in ("post", "put", "delete", "patch"):
        assert client.request(method.upper(), "/api/events", headers=_bearer()).status_code == 405
        assert client.request(method.upper(), "/api/events").status_code == 401
    assert sorted((store.path / "_commits").iterdir()) == commits


# -- serve ------------------------------------------------------------------------------------------
def _serve(store, monkeypatch, args, env=None):  # noqa: F811
    seen = {}
    monkeypatch.setattr("uvicorn.run", lambda app, **kw: seen.update(app=app, **kw))
    result = CliRunner().invoke(serve, ["--data", str(store.path), *args], env=env or {})
    return result, seen


def test_token_serve_option_and_environment_variable(store, monkeypatch):  # noqa: F811
    for args, env in ((["--token", TOKEN], None), ([], {"EVENTWIRE_TOKEN": TOKEN})):
        result, seen = _serve(store, monkeypatch, args, env)
        assert result.exit_code == 0, result.output
        app = AppClient(seen["app"])
        assert app.get("/api/stats").status_code == 401
        assert app.get("/api/stats", headers=_bearer()).status_code == 200


def test_token_serve_refuses_a_short_token(store, monkeypatch):  # noqa: F811
    result, seen = _serve(store, monkeypatch, ["--token", "short"])
    assert result.exit_code == 2 and "at least 16" in result.output and not seen


def test_token_serve_warns_beyond_loopback_only_without_a_token(store, monkeypatch):  # noqa: F811
    result, _ = _serve(store, monkeypatch, ["--host", "0.0.0.0"])
    assert "warning: listening on 0.0.0.0 with no login" in result.output and "EVENTWIRE_TOKEN" in result.output
    result, _ = _serve(store, monkeypatch, ["--host", "0.0.0.0"], {"EVENTWIRE_TOKEN": TOKEN})
    assert "warning" not in result.output and "TLS" in result.output
    result, _ = _serve(store, monkeypatch, [])
    assert "warning" not in result.output


# -- the login page in a real browser ---------------------------------------------------------------
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")
def test_token_login_page_in_a_browser(store):  # noqa: F811
    uvicorn = pytest.importorskip("uvicorn")
    sync_api = pytest.importorskip("playwright.sync_api")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(store, token=TOKEN), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not server.started:
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.05)
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=[
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            page = browser.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(f"http://127.0.0.1:{port}/events")
            assert page.url.endswith("/login?next=%2Fevents")
            page.fill("#token", "not-the-token")
            page.click("button[type=submit]")
            assert page.locator(".error").inner_text() == "wrong token"
            page.fill("#token", TOKEN)
            page.click("button[type=submit]")
            page.wait_for_selector("#events-table tbody tr", timeout=10_000)
            assert page.url.endswith("/events") and errors == []
            browser.close()
    finally:
        server.should_exit = True
        thread.join(timeout=10)
