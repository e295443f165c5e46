"""Meta: datelines of the wire agencies, credit lines, titles, publication dates."""

from __future__ import annotations

import datetime as dt

import pytest

from eventwire.models import Article, Dropped, RawDocument
from eventwire.stages.clean import Cleaner
from eventwire.stages.meta import (
    MetaExtractor,
    find_dateline,
    infer_year,
    is_credit_line,
    parse_credits,
    parse_dateline,
    title_place,
)


@pytest.mark.parametrize("text,places,agency,month_day", [
    ("TOKYO / WASHINGTON, Jan 7 (Reuters) – The United States", ("Tokyo", "Washington"), "Reuters", (1, 7)),
    ("WASHINGTON (AP) — The Senate voted", ("Washington",), "AP", None),
    ("BEIJING, Jan. 7 (Xinhua) -- China said", ("Beijing",), "Xinhua", (1, 7)),
    ("PARIS (AFP) - France said", ("Paris",), "AFP", None),
    ("Paris (AFP) - France said", ("Paris",), "AFP", None),
    ("WASHINGTON, Jan. 7 (UPI) -- The Pentagon", ("Washington",), "UPI", (1, 7)),
    ("(Bloomberg) -- Oil rose", (), "Bloomberg", None),
    ("TOKYO (Kyodo) -- Japan will", ("Tokyo",), "Kyodo", None),
    ("SEOUL, March 3 (Yonhap) -- North Korea fired", ("Seoul",), "Yonhap", (3, 3)),
    ("MOSCOW, January 7. /TASS/. Russia's Foreign Ministry", ("Moscow",), "TASS", (1, 7)),
    ("Washington (CNN) — The White House", ("Washington",), "CNN", None),
    ("(CNN)The White House", (), "CNN", None),
    ("KYIV, Ukraine (AP) — Russian forces", ("Kyiv, Ukraine",), "AP", None),
    ("NEW YORK/LONDON, May 5 (Reuters) - Oil", ("New York", "London"), "Reuters", (5, 5)),
    ("RIO DE JANEIRO, Oct. 2 (Reuters) - Brazil", ("Rio de Janeiro",), "Reuters", (10, 2)),
    ("UNITED NATIONS (AP) — The Security Council", ("United Nations",), "AP", None),
    ("GENEVA, 7 January (Reuters) - Talks", ("Geneva",), "Reuters", (1, 7)),
    ("SAN JOSE, Costa Rica — The ministers", ("San Jose, Costa Rica",), None, None),
    ("KABUL — The Taliban said", ("Kabul",), None, None),
    ("NEW DELHI: The government said", ("New Delhi",), None, None),
])
def test_meta_dateline_styles(text, places, agency, month_day):
    found = parse_dateline(text)
    assert found is not None
    assert (found.places, found.agency) == (places, agency)
    assert ((found.month, found.day) if month_day else (None, None)) == (month_day or (None, None))
    # the span is exactly the prefix before the article's first word
    assert text[found.end:found.end + 1].isupper() or text[found.end:found.end + 1] == "'"


@pytest.mark.parametrize("text", [
    "The United States (and Japan) said on Friday",
    "UPDATE 2-Japan, U.S. pledge to work together",
    "EXPLAINER - What the two-plus-two talks mean",
    "FACTBOX: Japan's defence budget",
    "OPINION: The alliance needs new tools",
    "NATO said the alliance would respond.",
    "Office of the Spokesperson",
    "U.S. officials (reuters reported) said",
    "In response, a Foreign Ministry spokesman said China had lodged a complaint.",
])
def test_meta_no_dateline(text):
    assert parse_dateline(text) is None


def test_meta_find_dateline_after_headline():
    text = "Allies pledge cooperation\n\nTOKYO, Jan 7 (Reuters) - The allies said."
    found = find_dateline(text)
    assert found is not None and text[found.start:found.end] == "TOKYO, Jan 7 (Reuters) - "


@pytest.mark.parametrize("name,expected", [
    ("TOKYO", "Tokyo"), ("RIO DE JANEIRO", "Rio de Janeiro"), ("DAR ES SALAAM", "Dar es Salaam"),
    ("N'DJAMENA", "N'Djamena"), ("ST. PETERSBURG", "St. Petersburg"), ("Paris", "Paris"),
])
def test_meta_title_place(name, expected):
    assert title_place(name) == expected


@pytest.mark.parametrize("month,day,reference,forward,skew,expected", [
    (1, 7, "2022-01-07", False, 0, "2022-01-07"),
    (1, 7, "2022-03-01", False, 0, "2022-01-07"),
    (12, 30, "2022-01-03", False, 0, "2021-12-30"),
    (1, 9, "2022-01-07", False, 2, "2022-01-09"),   # a dateline may be ahead of a crawl date
    (1, 9, "2022-01-07", False, 0, "2021-01-09"),
    (3, 1, "2022-01-07", False, 0, "2021-03-01"),
    (3, 1, "2022-01-07", True, 0, "2022-03-01"),
    (2, 28, "2022-05-01", False, 0, "2022-02-28"),
    (2, 29, "2022-05-01", False, 0, "2020-02-29"),
])
def test_meta_infer_year(month, day, reference, forward, skew, expected):
    found = infer_year(month, day, dt.date.fromisoformat(reference), forward, skew)
    assert found == dt.date.fromisoformat(expected)


@pytest.mark.parametrize("line,reporters,editors", [
    ("Report by David Brunstrom, Dan Whitcomb and Rami Ayub, Ju-Min Park and Kiyoshi Takenaka; "
     "Additional Report by Martin Pollard in Beijing; Editing by David Dolan, Richard Bullin and Sri Navaratnam",
     ["David Brunstrom", "Dan Whitcomb", "Rami Ayub", "Ju-Min Park", "Kiyoshi Takenaka", "Martin Pollard"],
     ["David Dolan", "Richard Bullin", "Sri Navaratnam"]),
    ("(Reporting by Jane Doe in Tokyo; Additional reporting by John Roe in Seoul; Editing by Ann Lee)",
     ["Jane Doe", "John Roe"], ["Ann Lee"]),
    ("Writing by Jane Doe. Editing by Bob Smith", ["Jane Doe"], ["Bob Smith"]),
    ("Compiled by Jean-Luc Martin; edited by Mary O'Brien", ["Jean-Luc Martin"], ["Mary O'Brien"]),
    ("Contributing: Jane Doe and Bob Smith", ["Jane Doe", "Bob Smith"], []),
    ("By Jane Doe and John Roe, Reuters", ["Jane Doe", "John Roe"], []),
    ("By Ludwig van Beethoven", ["Ludwig van Beethoven"], []),
    ("The below is attributable to Spokesperson Ned Price:", ["Ned Price"], []),
    ("Ned Price, Department Spokesperson", ["Ned Price"], []),
    ("Antony J. Blinken, Secretary of State", ["Antony J. Blinken"], []),
    ("Our standards: Thomson Reuters Trust Principles.", [], []),
])
def test_meta_parse_credits(line, reporters, editors):
    assert is_credit_line(line)
    assert parse_credits(line) == (reporters, editors)


@pytest.mark.parametrize("line", [
    "Reporting by state media suggested the missile flew 1,000 km.",
    "Reporting by the ministry was late.",
    "By Sunday, the troops had withdrawn.",
    "By March the talks had stalled.",
    "Edited footage of the meeting was broadcast by Chinese state television on Friday evening.",
])
def test_meta_sentences_are_not_credit_lines(line):
    assert not is_credit_line(line)


def _meta(raw: RawDocument, settings, reference: str | None = None) -> Article:
    return MetaExtractor(settings, reference=reference)(Cleaner(settings)(Article(raw=raw)))


def test_meta_seed_fixture(shared_dir, settings):
    text = (shared_dir / "fixtures" / "noisy-wire-us-japan-2022.txt").read_text(encoding="utf-8")
    article = _meta(RawDocument(origin="fx", text=text, published="2022-01-07"), settings)
    assert article.agency == "Reuters"
    assert article.dateline_places == ["Tokyo", "Washington"]
    assert article.published == "2022-01-07"
    start, end = article.dateline_span
    assert article.text[start:end] == "TOKYO / WASHINGTON, Jan 7 (Reuters) – "
    assert article.reporters == ["David Brunstrom", "Dan Whitcomb", "Rami Ayub", "Ju-Min Park",
                                 "Kiyoshi Takenaka", "Martin Pollard"]
    assert article.editors == ["David Dolan", "Richard Bullin", "Sri Navaratnam"]
    assert article.title.startswith("It raises warnings against China")
    # no publication date given: the dateline's "Jan 7" takes its year from the reference
    for reference in ("2022-01-07", "2022-03-01"):
        undated = _meta(RawDocument(origin="fx", text=text), settings, reference=reference)
        assert undated.published == "2022-01-07"


def test_meta_published_prefers_raw_metadata(settings):
    raw = RawDocument(origin="x", text="BEIJING, Dec. 30 (Xinhua) -- China said.", published="2022-01-02")
    assert _meta(raw, settings).published == "2022-01-02"
    undated = RawDocument(origin="x", text="BEIJING, Dec. 30 (Xinhua) -- China said.")
    assert _meta(undated, settings, reference="2022-01-02").published == "2021-12-30"
    assert _meta(RawDocument(origin="x", text="China said."), settings).published is None


def test_meta_reporters_from_raw_authors_and_dropped_credits(settings):
    article = Article(raw=RawDocument(origin="x", text="t", authors=("Jane Doe",)), text="Talks resumed.",
                      dropped=[Dropped("Editing by Bob Smith", "credit-line"),
                               Dropped("Reporting by Jane Doe", "credit-line"),
                               Dropped("Editing by Nobody Here", "subscription-prompt")])
    MetaExtractor(settings)(article)
    assert (article.reporters, article.editors) == (["Jane Doe"], ["Bob Smith"])


def test_meta_title_from_raw_else_headline(settings):
    titled = _meta(RawDocument(origin="x", text="Head line\n\nBody text here.", title="Given"), settings)
    assert titled.title == "Given"
    assert _meta(RawDocument(origin="x", text="Allies pledge cooperation\n\nBody text here."), settings).title == \
        "Allies pledge cooperation"
    # a first paragraph that is a sentence is not a headline
    assert _meta(RawDocument(origin="x", text="The talks ended.\n\nBody."), settings).title is None


def test_meta_state_department_office_lines(settings):
    text = ("Office of the Spokesperson\n\nThe below is attributable to Spokesperson Ned Price:\n\n"
            "Secretary Blinken spoke with Japanese Foreign Minister Hayashi today.")
    article = _meta(RawDocument(origin="x", text=text), settings)
    assert article.reporters == ["Office of the Spokesperson", "Ned Price"]
    assert article.text == "Secretary Blinken spoke with Japanese Foreign Minister Hayashi today."


def test_meta_published_from_dropped_date_line(settings):
    text = "Friday, August 21, 2015\n\nNorth Korea put its military in a state of war on Friday."
    article = _meta(RawDocument(origin="x", text=text), settings)
    assert article.published == "2015-08-21"
    assert [d.reason for d in article.dropped] == ["date-line"]
