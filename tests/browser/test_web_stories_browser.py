"""The stories in real headless Chromium: the reports/stories toggle of the dyad explorer and the story page.

Same set-up as ``test_web_browser.py`` (Debian's chromium, no download), over the sample store
plus a second outlet's retelling of one story, so some stories have two reports.
"""

from __future__ import annotations

import re

import pytest
from browser.test_web_browser import CHROMIUM, _shot, browser, page  # noqa: F401 - fixtures

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    pytest.importorskip("uvicorn")
    from browser.sample import build_sample_store, serving

    from eventwire.web import create_app

    store = build_sample_store(tmp_path_factory.mktemp("web") / "store", retold=True)
    with serving(create_app(store)) as url:
        yield url


def _first_count(page) -> int:  # noqa: ANN001
    return int(page.locator("#periods-table tbody tr td:nth-child(2)").first.inner_text())


def test_web_browser_dyad_toggle_counts_reports_or_stories(page, base_url):  # noqa: F811
    page.goto(base_url + "/dyads?source=USA&target=CHN&both=true&by=year")
    page.wait_for_selector("#dyad-chart svg rect")
    reports = _first_count(page)
    assert page.locator("#count-toggle [aria-current=true]").inner_text() == "reports"
    page.locator("#count-toggle a", has_text="stories").click()
    page.wait_for_url(re.compile(r"fused=true"))
    page.wait_for_selector("#dyad-chart svg rect")
    assert page.locator("#count-toggle [aria-current=true]").inner_text() == "stories"
    assert page.locator("#periods-table thead").inner_text().split()[1].lower() == "stories"
    stories = _first_count(page)
    assert stories < reports  # the retold story counts once
    # the hidden field keeps the choice when the form is submitted again
    page.click("form.filters button[type=submit]")
    page.wait_for_selector("#dyad-chart svg rect")
    assert _first_count(page) == stories
    _shot(page, "dyads-stories")
    page.locator("#count-toggle a", has_text="reports").click()
    page.wait_for_url(re.compile(r"fused=false"))
    assert _first_count(page) == reports
    assert not page.errors, page.errors


def test_web_browser_story_page_lists_every_report(page, base_url):  # noqa: F811
    page.goto(base_url + "/stories?order=-reports")
    page.wait_for_selector("#stories-table")
    link = page.locator("#stories-table a.reports").first
    assert link.inner_text() == "2"
    link.click()
    page.wait_for_url(re.compile(r"/stories/s[0-9a-f]+$"))
    assert page.locator("#story-reports").inner_text() == "2"
    rows = page.locator("#reports-table tbody tr")
    assert rows.count() == 2
    text = page.locator("#reports-table").inner_text()
    assert "Example Wire" in text and "Second Wire" in text
    assert "United States met officials from China on Friday." in text
    _shot(page, "story")
    rows.first.locator("a").click()  # each report opens its document at its event
    page.wait_for_url(re.compile(r"/documents/[0-9a-f]+#ev-"))
    assert not page.errors, page.errors
