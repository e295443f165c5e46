"""Meta: event dates from relative expressions against the publication date."""

from __future__ import annotations

import time

import pytest

from eventwire.models import Dropped
from eventwire.stages.meta import resolve_date

PUBLISHED = "2022-01-07"  # a Friday


@pytest.mark.parametrize("sentence,expected", [
    ("The ministers met on Friday.", "2022-01-07"),
    ("China lodged a formal complaint on Thursday.", "2022-01-06"),
    ("The ministers met on Saturday, officials said.", "2022-01-01"),
    ("Rebels attacked the town yesterday.", "2022-01-06"),
    ("Troops shelled the city last night.", "2022-01-06"),
    ("The president spoke by phone today.", "2022-01-07"),
    ("The talks collapsed last week.", "2021-12-31"),
    ("Protests began last month.", "2021-12-07"),
    ("Elections were held last year.", "2021-01-07"),
    ("The ceasefire was agreed two days ago.", "2022-01-05"),
    ("The embassy closed three weeks ago.", "2021-12-17"),
    ("The embassy closed 10 days ago.", "2021-12-28"),
    ("The treaty was signed on Jan. 3.", "2022-01-03"),
    ("The treaty was signed on January 3rd.", "2022-01-03"),
    ("The treaty was signed on 3 January.", "2022-01-03"),
    ("The treaty was signed on Dec. 30.", "2021-12-30"),
    ("The treaty was signed on March 3, 2021.", "2021-03-03"),
    ("The treaty was signed on 3 March 2021.", "2021-03-03"),
    ("The troops withdrew in March.", "2022-01-07"),   # a month alone is too vague: publication date
    ("The ministers expressed concern.", "2022-01-07"),
    # announced events resolve forward
    ("The ministers will meet on Monday.", "2022-01-10"),
    ("The leaders are scheduled to meet on March 3.", "2022-03-03"),
    ("The envoy will visit tomorrow.", "2022-01-08"),
    ("The leaders plan to meet next week.", "2022-01-14"),
    ("The envoys met last Friday.", "2021-12-31"),
    ("The envoys met last Tuesday.", "2022-01-04"),
    ("The envoys will meet next Friday.", "2022-01-14"),
    ("The envoys will meet next Tuesday.", "2022-01-11"),
    ("The envoys will meet on Friday.", "2022-01-07"),
    # lower-case month words are verbs, not dates
    ("Protesters will march 3 km to the parliament.", "2022-01-07"),
    ("Officials said they may 5 times revise the plan.", "2022-01-07"),
    # the first expression in the sentence wins
    ("On Wednesday, officials said the attack on Jan. 3 killed five.", "2022-01-05"),
])
def test_meta_resolve_date(sentence, expected):
    assert resolve_date(sentence, PUBLISHED) == expected


@pytest.mark.parametrize("sentence", [
    "The ministers met on Monday.", "The treaty was signed on Jan. 9.", "They met last night.",
    "On Saturday troops fired.", "The attack came three days ago.",
])
def test_meta_resolve_date_past_never_after_published(sentence):
    assert resolve_date(sentence, PUBLISHED) <= PUBLISHED


def test_meta_resolve_date_without_publication_date():
    assert resolve_date("They met on Friday.", None) is None
    assert resolve_date("The treaty was signed on March 3, 2021.", None) == "2021-03-03"


def test_meta_resolve_date_bad_published_is_returned_unchanged():
    assert resolve_date("They met on Friday.", "sometime") == "sometime"


def test_meta_resolve_date_is_fast():
    sentence = ("The United States and Japan on Friday expressed concern over China's growing strength and "
                "pledged to work together against efforts to destabilize the region.")
    start = time.perf_counter()
    for _ in range(2000):
        resolve_date(sentence, PUBLISHED)
    assert time.perf_counter() - start < 1.0


def _page(head: list[str], body: list[str], tail: list[str]) -> str:
    return "\n\n".join(head + body + tail)


_BODY = ["The foreign ministers of both countries met in the capital on Tuesday to discuss trade and security.",
         "They agreed to hold another round of talks before the end of the year, officials said afterwards.",
         "Both delegations described the meeting as constructive and said working groups would follow up."]


@pytest.mark.parametrize("head, tail, expected", [
    # a kept menu line and an archive banner before the dateline do not hide it
    # (and neither do six dropped menu lines before it)
    (["Jump to main content", *[f"Section {c}" for c in "ABCDEF"],
      "This is historical material frozen in time and no longer updated by anyone.", "April 11, 2015"], [],
     "2015-04-11"),
    # the date right above the article
    (["Home", "March 3, 2021"], [], "2021-03-03"),
])
def test_meta_page_date_line_in_the_page_head(head: list[str], tail: list[str], expected: str) -> None:
    from eventwire.stages.meta import _date_line

    raw = _page(head, _BODY, tail)
    menu = {"Home", *(f"Section {c}" for c in "ABCDEF")}
    dropped = [Dropped(line, "navigation" if line in menu else "date-line", raw.index(line),
                       raw.index(line) + len(line))
               for line in head if line in menu or line[-1].isdigit()]
    kept = "\n\n".join([line for line in head if line not in menu and not line[-1].isdigit()] + _BODY)
    assert _date_line(dropped, raw, kept) == expected


def test_meta_date_line_far_below_the_article_is_not_the_page_date() -> None:
    from eventwire.stages.meta import _date_line

    tail = ["Comments", "Reader One", "June 9, 2019"]
    raw = _page(["Home"], _BODY * 3, tail)
    dropped = [Dropped("June 9, 2019", "date-line", raw.index("June 9, 2019"), len(raw))]
    assert _date_line(dropped, raw, "\n\n".join(_BODY * 3)) is None
