"""The dashboard in real headless Chromium: pages load cleanly, charts render and click through.

Needs Debian's ``chromium`` (``/usr/bin/chromium``) and the ``playwright`` Python package
(no ``playwright install``: we launch the system browser). Screenshots go to
``test-artifacts/`` at the repository root.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    pytest.importorskip("uvicorn")
    from browser.sample import build_sample_store, serving

    from eventwire.web import create_app

    store = build_sample_store(tmp_path_factory.mktemp("web") / "store")
    with serving(create_app(store)) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    """A fresh page that records console errors and uncaught exceptions in ``page.errors``."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.errors = errors
    yield page
    context.close()


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"web-{name}.png"), full_page=True)


@pytest.mark.parametrize(("name", "path", "ready"), [
    ("overview", "/", "#timeline-chart svg rect"),
    ("dyads", "/dyads?source=USA&target=CHN&both=true", "#dyad-chart svg .goldstein-point"),
    ("network", "/network", "#network-chart svg .node"),
    ("events", "/events", "#events-table tbody tr"),
    ("documents", "/documents", "table tbody tr"),
    ("try", "/try", "#try-text"),
    ("apidocs", "/docs", "#api_events_api_events_get"),
])
def test_web_browser_page_loads_without_console_errors(page, base_url, name, path, ready):
    response = page.goto(base_url + path)
    assert response.ok
    page.wait_for_selector(ready, timeout=10_000)
    page.wait_for_load_state("networkidle")
    _shot(page, name)
    assert page.errors == []


def test_web_browser_document_view_highlights_text(page, base_url):
    page.goto(base_url + "/documents")
    page.locator("table tbody tr a").first.click()
    page.wait_for_selector("#doctext .ev")
    assert page.locator("#doctext .act").count() > 0
    assert page.locator("#doctext .quo").count() == 1
    assert "CC-BY-4.0" in page.locator("#attribution").inner_text()
    assert "subscription-prompt" in page.locator(".dropped").inner_text()
    page.locator(".events-list .event").first.click()
    assert page.locator("#doctext .ev.hl").count() > 0
    _shot(page, "document")
    assert page.errors == []


def test_web_browser_dyad_point_click_reaches_the_sentence(page, base_url):
    page.goto(base_url + "/dyads?source=USA&target=CHN&both=true")
    points = page.locator("#dyad-chart .goldstein-point")
    assert points.count() >= 3
    points.first.click()
    page.wait_for_selector("#period-list .event")
    first = page.locator("#period-list .event").first
    sentence = first.locator(".sentence").inner_text()
    assert re.search(r"(United States|China) .* (United States|China) on Friday\.", sentence)
    _shot(page, "dyads-clicked")
    first.locator("a").click()
    page.wait_for_url(re.compile(r"/documents/[0-9a-f]+#ev-"))
    highlighted = page.locator("#doctext .ev.hl")
    assert highlighted.count() > 0 and sentence in page.locator("#doctext").inner_text()
    assert page.locator(".events-list .event.hl").count() == 1
    assert page.errors == []


def test_web_browser_network_edge_opens_the_dyad(page, base_url):
    page.goto(base_url + "/network")
    page.wait_for_selector("#network-chart svg .edge")
    assert page.locator("#network-chart svg .node").count() == 4
    page.locator("#network-chart svg .edge").first.dispatch_event("click")
    page.wait_for_url(re.compile(r"/dyads\?source=\w+&target=\w+"))
    page.wait_for_selector("#dyad-chart svg .goldstein-point")
    assert page.errors == []


def test_web_browser_events_filter_form(page, base_url):
    page.goto(base_url + "/events")
    page.fill("input[name=root]", "16")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"root=16"))
    rows = page.locator("#events-table tbody tr")
    assert rows.count() == 2
    assert "embargo" in rows.first.inner_text()
    assert page.errors == []


def test_web_browser_bad_filter_shows_a_readable_error(page, base_url):
    response = page.goto(base_url + "/events?root=abc")
    assert response.status == 400
    assert "root" in page.locator(".error").inner_text()


@pytest.mark.model
def test_web_browser_try_it_codes_pasted_text(page, base_url, nlp):
    page.goto(base_url + "/try")
    page.click("#try-example")
    assert page.input_value("#try-text").startswith("BRUSSELS")
    page.click("#try-submit")
    page.wait_for_selector("#events", timeout=60_000)
    _shot(page, "try-result")
    assert page.locator(".events-list .event").count() >= 1
    assert page.errors == []
