"""The meta stage: wire datelines, bylines and credit lines, publication and event dates.

A dateline is the prefix of a wire story that says where, when and from which agency
it was filed::

    TOKYO / WASHINGTON, Jan 7 (Reuters) – ...
    WASHINGTON (AP) — ...
    BEIJING, Jan. 7 (Xinhua) -- ...
    MOSCOW, January 7. /TASS/. ...
    Washington (CNN) — ...

Credit lines ("Report by A and B; Additional reporting by C in Beijing; Editing by D",
"By Jane Doe") give reporters and editors. The cleaner drops those lines from the text
with reason ``credit-line`` and this stage reads them back from ``article.dropped``.

``resolve_date`` dates an event from the relative expressions in its sentence ("on
Friday", "yesterday", "last week", "on Jan. 3") against the publication date.

Example::

    >>> parse_dateline("WASHINGTON (AP) — The Senate voted...").agency
    'AP'
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..config import Settings
from ..models import Article, Dropped
from .base import Stage

# --- agencies -----------------------------------------------------------------------------

# spelling in the dateline (lower-cased) -> canonical agency name
AGENCIES = {
    "reuters": "Reuters", "ap": "AP", "associated press": "AP", "afp": "AFP",
    "xinhua": "Xinhua", "upi": "UPI", "bloomberg": "Bloomberg", "kyodo": "Kyodo",
    "kyodo news": "Kyodo", "yonhap": "Yonhap", "tass": "TASS", "itar-tass": "TASS",
    "cnn": "CNN", "dpa": "dpa", "efe": "EFE", "ansa": "ANSA", "anadolu": "Anadolu",
    "pti": "PTI", "ians": "IANS", "ria novosti": "RIA Novosti", "irna": "IRNA",
    "kcna": "KCNA", "wafa": "WAFA", "sputnik": "Sputnik", "bernama": "Bernama",
    "jiji press": "Jiji Press", "jiji": "Jiji Press", "interfax": "Interfax", "antara": "Antara",
    "anadolu agency": "Anadolu", "prensa latina": "Prensa Latina", "ani": "ANI", "apa": "APA",
    "mena": "MENA", "sana": "SANA", "kuna": "KUNA", "wam": "WAM", "spa": "SPA", "qna": "QNA",
    "vna": "VNA", "pna": "PNA", "efe news": "EFE", "agence france-presse": "AFP",
}
_AGENCY = "(?i:" + "|".join(sorted((re.escape(a) for a in AGENCIES), key=len, reverse=True)) + ")"

_MONTHS = {m: i for i, names in enumerate((
    ("jan", "january", "gen", "gennaio", "ene", "enero", "janv", "janvier", "januar", "janeiro"),
    ("feb", "february", "febbraio", "febrero", "févr", "fevr", "février", "februar", "fev", "fevereiro"),
    ("mar", "march", "marzo", "mars", "märz", "março"),
    ("apr", "april", "aprile", "abr", "abril", "avr", "avril"),
    ("may", "mag", "maggio", "mayo", "mai", "maio"),
    ("jun", "june", "giu", "giugno", "junio", "juin", "juni", "junho"),
    ("jul", "july", "lug", "luglio", "julio", "juil", "juillet", "juli", "julho"),
    ("aug", "august", "ago", "agosto", "août", "aout"),
    ("sep", "sept", "september", "set", "settembre", "septiembre", "septembre", "setembro"),
    ("oct", "october", "ott", "ottobre", "octubre", "octobre", "okt", "oktober", "out", "outubro"),
    ("nov", "november", "novembre", "noviembre", "novembro"),
    ("dec", "december", "dic", "dicembre", "diciembre", "déc", "décembre", "dez", "dezember", "dezembro"),
), start=1) for m in names}
_EN_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
             r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")

# --- datelines ----------------------------------------------------------------------------

# an upper-case place ("NEW YORK", "N'DJAMENA", "ST. PETERSBURG"), optionally qualified in
# AP style by a title-case region ("KYIV, Ukraine", "SAN JOSE, Costa Rica")
_CAPS_PLACE = r"[A-Z][A-Z.'’\-]*(?:\s[A-Z][A-Z.'’\-]*){0,3}"
_TITLE_PLACE = r"[A-Z][a-zA-Z.'’\-]*(?:\s[A-Z][a-zA-Z.'’\-]*){0,3}"
_QUALIFIER = r"(?:,\s[A-Z][a-z]+\.?(?:\s[A-Z][a-z]+\.?){0,2}(?=\s*(?:[,(/&]|--|-|–|—|―)))?"
_PLACES = rf"(?P<places>{_CAPS_PLACE}{_QUALIFIER}(?:\s*(?:/|\sand\s|&)\s*{_CAPS_PLACE}{_QUALIFIER})*)"
_DATE = (rf"(?P<date>{_EN_MONTH}\.?\s+\d{{1,2}}(?:,\s*\d{{4}})?|\d{{1,2}}\s+{_EN_MONTH}\.?(?:\s+\d{{4}})?)")
_DASH = r"\s*(?:--|-|–|—|―|:)\s*"

_DATELINE_PATTERNS = (
    # TOKYO / WASHINGTON, Jan 7 (Reuters) –    BEIJING, Jan. 7 (Xinhua) --    WASHINGTON (AP) —
    re.compile(rf"{_PLACES}(?:,\s*{_DATE})?\s*\((?P<agency>{_AGENCY})\)(?:{_DASH}|\s+)"),
    # AFP/CNN/Jiji title case: "Paris (AFP) -", "Washington (CNN) —", "Seoul/Tokyo, Nov. 17 (Jiji Press)--"
    re.compile(rf"(?P<places>{_TITLE_PLACE}(?:\s*/\s*{_TITLE_PLACE})*)(?:,\s*{_DATE})?\s*"
               rf"\((?P<agency>{_AGENCY})\){_DASH}"),
    # TASS: "MOSCOW, January 7. /TASS/."
    re.compile(rf"{_PLACES},\s*{_DATE}\.?\s*/(?P<agency>TASS|ITAR-TASS)/\.?\s*"),
    # agency without place: "(Bloomberg) --", "(CNN)"
    re.compile(rf"\((?P<agency>{_AGENCY})\)(?:{_DASH}|\s*(?=[A-Z“\"]))"),
    # no agency: "KABUL, Afghanistan —", "GENEVA, March 3 -"
    re.compile(rf"{_PLACES}(?:,\s*{_DATE})?{_DASH}(?=[A-Z“\"‘'])"),
)
# agencies written as words may appear in title case ("(Jiji Press)"); acronyms only in capitals
_AGENCY_CASE = {k for k, v in AGENCIES.items() if not v.isupper() or " " in k}
_SMALL_WORDS = {"de", "da", "do", "del", "della", "di", "la", "le", "el", "al", "es", "of", "on", "upon", "du", "des"}
# all-caps labels that open a story like a dateline but name no place
_NOT_PLACES = {"UPDATE", "UPDATED", "EXCLUSIVE", "ANALYSIS", "BREAKING", "FACTBOX", "COLUMN", "WRAPUP", "INSIGHT",
               "URGENT", "FLASH", "NOTE", "EDITOR", "WATCH", "LIVE", "PHOTOS", "VIDEO", "OPINION", "EDITORIAL",
               "COMMENTARY", "EXPLAINER", "REVIEW", "INTERVIEW", "FEATURE", "SPECIAL REPORT", "CORRECTION",
               "REFILE", "FACT CHECK", "GRAPHIC", "POLL", "QUOTES", "TIMELINE"}


@dataclass(frozen=True)
class Dateline:
    """A parsed dateline: ``places`` (title-cased), ``month``/``day``/``year`` when given,
    canonical ``agency``, and ``start``/``end`` offsets of the prefix in the parsed text."""

    places: tuple[str, ...]
    agency: str | None
    month: int | None
    day: int | None
    year: int | None
    start: int
    end: int


def title_place(name: str) -> str:
    """Title-case an upper-case dateline place: ``"RIO DE JANEIRO"`` -> ``"Rio de Janeiro"``.

    Args:
        name: the place as written.

    Returns:
        The place in title case (mixed-case input is returned unchanged).
    """
    if not name.isupper():
        return name
    words = name.title().split(" ")
    return " ".join(w.lower() if i and w.lower() in _SMALL_WORDS else w for i, w in enumerate(words))


def _split_places(text: str) -> tuple[str, ...]:
    parts = re.split(r"\s*(?:/|\sand\s|&)\s*", text.strip())
    # "KYIV, Ukraine": title-case the city, keep the AP-style region qualifier
    return tuple(", ".join(title_place(x.strip()) for x in p.split(",")) for p in parts if p.strip())


def _month_day(text: str | None) -> tuple[int | None, int | None, int | None]:
    if not text:
        return None, None, None
    m = re.match(r"([A-Za-z]+)\.?\s+(\d{1,2})(?:,\s*(\d{4}))?$", text)
    if m:
        return _MONTHS.get(m.group(1).lower()), int(m.group(2)), int(m.group(3)) if m.group(3) else None
    m = re.match(r"(\d{1,2})\s+([A-Za-z]+)\.?(?:\s+(\d{4}))?$", text)
    if m:
        return _MONTHS.get(m.group(2).lower()), int(m.group(1)), int(m.group(3)) if m.group(3) else None
    return None, None, None


def parse_dateline(text: str, offset: int = 0) -> Dateline | None:
    """Parse the dateline at the start of a paragraph.

    Args:
        text: a paragraph (the dateline must be its prefix).
        offset: added to the returned ``start``/``end`` (the paragraph's offset in the text).

    Returns:
        The ``Dateline``, or None when the paragraph does not open with one.
    """
    head = text[:200]
    for pattern in _DATELINE_PATTERNS:
        m = pattern.match(head)
        if not m:
            continue
        agency_raw = m.groupdict().get("agency")
        # lower-case "(reuters)" is not a wire tag; APs and AFPs are upper-case only
        if agency_raw and not (agency_raw.isupper() or agency_raw.lower() in _AGENCY_CASE
                               and agency_raw[0].isupper()):
            continue
        places = _split_places(m.group("places")) if m.groupdict().get("places") else ()
        if any(p.upper().split(",")[0] in _NOT_PLACES for p in places):
            continue
        if not agency_raw and not places:
            continue
        month, day, year = _month_day(m.groupdict().get("date"))
        agency = AGENCIES.get(agency_raw.lower()) if agency_raw else None
        return Dateline(places, agency, month, day, year, offset + m.start(), offset + m.end())
    return None


def find_dateline(text: str, max_paragraphs: int = 3) -> Dateline | None:
    """Find the dateline in the first paragraphs of a clean text (a headline may precede it).

    Args:
        text: clean article text, paragraphs separated by blank lines.
        max_paragraphs: how many leading paragraphs to try.

    Returns:
        The first ``Dateline`` found, or None.
    """
    offset = 0
    for i, paragraph in enumerate(text.split("\n\n")):
        if i >= max_paragraphs:
            break
        found = parse_dateline(paragraph, offset)
        if found:
            return found
        offset += len(paragraph) + 2
    return None


# --- dates ----------------------------------------------------------------------------------

def _iso(value: dt.date) -> str:
    return value.isoformat()


def _parse_iso(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def infer_year(month: int, day: int, reference: dt.date, forward: bool = False,
               skew_days: int = 0) -> dt.date | None:
    """The date with this month and day nearest to ``reference`` on the expected side.

    A past event ("on Jan. 3") lies on or before the reference (a dateline too, allowing
    ``skew_days`` for time zones and late crawls); an announced event (``forward``) on or after it.

    Args:
        month: 1-12.
        day: day of month.
        reference: the publication (or other reference) date.
        forward: resolve into the future instead of the past.
        skew_days: days after the reference still accepted for a past date.

    Returns:
        The date, or None when month/day do not form a date.

    Example::

        >>> infer_year(12, 30, dt.date(2022, 1, 3))
        datetime.date(2021, 12, 30)
    """
    skew = dt.timedelta(days=skew_days)
    # four years back so that a February 29 finds its leap year
    candidates = [d for y in range(reference.year - 4, reference.year + 2) if (d := _safe_date(y, month, day))]
    if forward:
        ok = [d for d in candidates if d >= reference - skew]
        return min(ok) if ok else None
    ok = [d for d in candidates if d <= reference + skew]
    return max(ok) if ok else None


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10}
_REL = re.compile(
    # month and weekday names are matched capitalised only: "march 3 km", "may 5" are not dates
    rf"\b(?:(?P<explicit>(?P<md>(?-i:{_EN_MONTH}))\.?\s+(?P<mdd>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<mdy>\d{{4}}))?"
    rf"|(?P<dm>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<dmm>(?-i:{_EN_MONTH}))\.?(?:,?\s+(?P<dmy>\d{{4}}))?)"
    r"|(?:(?P<wrel>last|next|this past|this coming)\s+)?"
    r"(?P<weekday>(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))"
    r"|(?P<yesterday>yesterday|last night)"
    r"|(?P<today>today|tonight|this morning|this afternoon|this evening)"
    r"|(?P<tomorrow>tomorrow)"
    r"|(?P<ago>(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?P<unit>day|week|month|year)s?\s+ago)"
    r"|(?P<last>last|next)\s+(?P<lunit>week|month|year))\b",
    re.I)
# announced or planned events are resolved forward; everything else backward
_FUTURE = re.compile(r"\b(?:will|shall|is to|are to|is due to|are due to|is expected to|are expected to|"
                     r"plans? to|planned|scheduled|next|upcoming|tomorrow)\b|'ll\b", re.I)


def _shift_months(value: dt.date, months: int) -> dt.date:
    month0 = value.month - 1 + months
    year, month = value.year + month0 // 12, month0 % 12 + 1
    for day in (value.day, 30, 29, 28):
        if (d := _safe_date(year, month, day)):
            return d
    return value  # pragma: no cover - day 28 always exists


def _resolve_match(m: re.Match[str], pub: dt.date, forward: bool) -> dt.date | None:
    if m.group("explicit"):
        month = _MONTHS.get((m.group("md") or m.group("dmm")).lower().rstrip("."))
        day = int(m.group("mdd") or m.group("dm"))
        year = m.group("mdy") or m.group("dmy")
        if month is None:
            return None
        if year:
            return _safe_date(int(year), month, day)
        return infer_year(month, day, pub, forward)
    if m.group("weekday"):
        delta = (pub.weekday() - _WEEKDAYS.index(m.group("weekday").lower())) % 7
        relation = (m.group("wrel") or "").lower()
        # "last Friday" written on a Friday is a week ago; "next Friday" a week ahead
        if relation in ("next", "this coming") or (forward and relation != "last" and relation != "this past"):
            return pub + dt.timedelta(days=(7 - delta) if delta or relation else 0)
        return pub - dt.timedelta(days=delta or (7 if relation else 0))
    if m.group("yesterday"):
        return pub - dt.timedelta(days=1)
    if m.group("today"):
        return pub
    if m.group("tomorrow"):
        return pub + dt.timedelta(days=1)
    if m.group("ago"):
        n = int(m.group("n")) if m.group("n").isdigit() else _NUMBERS[m.group("n").lower()]
        unit = m.group("unit").lower()
        if unit in ("day", "week"):
            return pub - dt.timedelta(days=n * (7 if unit == "week" else 1))
        return _shift_months(pub, -n * (12 if unit == "year" else 1))
    sign = 1 if m.group("last").lower() == "next" else -1
    unit = m.group("lunit").lower()
    if unit == "week":
        return pub + dt.timedelta(days=7 * sign)
    return _shift_months(pub, sign * (12 if unit == "year" else 1))


def resolve_date(sentence: str, published: str | None) -> str | None:
    """The date of an event from the relative date expressions in its sentence.

    The first expression in the sentence wins ("on Friday", "yesterday", "last week",
    "two days ago", "on Jan. 3", "on March 3, 2021", "3 March"). Weekdays and month-days
    resolve to the most recent such day on or before ``published``, unless the sentence
    speaks of the future ("will", "is to", "scheduled", "next"), when they resolve forward.

    Args:
        sentence: the sentence of the event.
        published: the publication date, ISO ``YYYY-MM-DD`` (or None).

    Returns:
        ISO date; ``published`` when nothing is found; None when ``published`` is None
        and the sentence has no full date.

    Example::

        >>> resolve_date("China lodged a complaint on Friday.", "2022-01-09")
        '2022-01-07'
    """
    return resolve_dated(sentence, published)[0]


def resolve_dated(sentence: str, published: str | None, document_basis: str | None = None,
                  ) -> tuple[str | None, str | None]:
    """``resolve_date`` with the basis of the date it returns (``Event.date_basis``).

    Args:
        sentence: the sentence of the event.
        published: the publication date, ISO ``YYYY-MM-DD`` (or None).
        document_basis: where ``published`` came from (``Article.date_basis``).

    Returns:
        ``(date, basis)``: basis ``sentence`` for a full date in the sentence, ``relative``
        for one resolved against ``published``, else ``document_basis``; a date resolved
        against a publication date whose year was guessed stays ``inferred-year``.

    Example::

        >>> resolve_dated("They met on Friday.", "2022-01-09", "inferred-year")
        ('2022-01-07', 'inferred-year')
    """
    pub = _parse_iso(published)
    forward = bool(_FUTURE.search(sentence))
    for m in _REL.finditer(sentence):
        full = bool(m.group("explicit") and (m.group("mdy") or m.group("dmy")))
        if pub is None:
            if full:
                found = _resolve_match(m, dt.date(int(m.group("mdy") or m.group("dmy")), 1, 1), False)
                if found:
                    return _iso(found), "sentence"
            continue
        found = _resolve_match(m, pub, forward)
        if found:
            if full:
                return _iso(found), "sentence"
            return _iso(found), ("inferred-year" if document_basis == "inferred-year" else "relative")
    return published, (document_basis if published else None)


# a dateline may be a day or two "ahead" of the reference date (time zones, crawl dates)
DATELINE_SKEW_DAYS = 2


def dateline_date(dateline: Dateline, reference: dt.date) -> str | None:
    """The ISO date of a dateline, inferring a missing year from ``reference``.

    Args:
        dateline: a parsed dateline.
        reference: the reference date (the user's date, today, ...).

    Returns:
        ISO date or None when the dateline has no date.
    """
    if not (dateline.month and dateline.day):
        return None
    if dateline.year:
        found = _safe_date(dateline.year, dateline.month, dateline.day)
    else:
        found = infer_year(dateline.month, dateline.day, reference, skew_days=DATELINE_SKEW_DAYS)
    return _iso(found) if found else None


# --- credit lines ---------------------------------------------------------------------------

_NAME = r"[A-Z][\w'’.\-]*(?:\s+(?:[A-Z][\w'’.\-]*|van|von|de|da|del|di|bin|al|el|la|le))*"
_ROLE = (r"(?:additional\s+|further\s+)?(?:report(?:ing|ed)?|writing|written|compiled|contributing"
         r"(?:\s+reporting)?|editing|edited|graphics|research(?:ed)?|produced|fact[- ]checking)")
_CREDIT_CLAUSE = re.compile(rf"\s*(?P<role>{_ROLE})\s+(?:by\s+)?(?P<names>.+)", re.I)
# a list of names, each optionally "in <Place>": the whole rest of a credit clause must be names,
# so that a sentence like "Reporting by the ministry was late." is never taken for a credit
_NAMES_LIST = (rf"(?-i:{_NAME})(?:\s+(?:in|from)\s+(?-i:{_NAME}))?"
               rf"(?:\s*(?:,|\band\b|&)\s*(?-i:{_NAME})(?:\s+(?:in|from)\s+(?-i:{_NAME}))?)*")
# "By Sunday, ..." and "By March" open sentences, not bylines
_CALENDAR = (r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|"
             r"June|July|August|September|October|November|December|Then|Now|Late|Early)\b")
# "Geschrieben von", "Übersetzt ins (en) von", "Scritto da", "Escrito por", "Écrit par"...
_FOREIGN_ROLE = (r"(?P<frole>(?-i:Geschrieben|Verfasst|Übersetzt(?: ins \(\w+\))?|Scritto|Tradotto|Escrito|Traducido|"
                 r"Traduzido|Écrit|Traduit|Texto|Testo|Text))\s+(?:von|da|por|par|di)")
_CLAUSE = rf"{_ROLE}\s+by\s+{_NAMES_LIST}"
# "Report by ...; Editing by ...", "(Reporting by ...)", "Our standards: ...",
# "By Jane Doe", "Office of the Spokesperson", "The below is attributable to Spokesperson X:"
CREDIT_LINE = re.compile(
    rf"^\(?\s*{_CLAUSE}(?:\s*[;,.]\s*{_CLAUSE})*\s*[.)]*\s*$"
    rf"|^(?:contributing|additional reporting)\s*:\s*{_NAMES_LIST}\s*\.?$"
    r"|^our standards\s*:.*$"
    rf"|^(?-i:By\s+(?!{_CALENDAR}){_NAME}(?:\s*(?:,|\band\b|&)\s*{_NAME})*)(?:\s+in\s+{_NAME})?"
    r"(?:\s*[,|/–—-]\s*(?-i:[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*))?"
    r"(?:\s*[•·|,–—-]\s*(?:\d{1,2}\s+[A-Z][a-z]+\.?\s+\d{4}|[A-Z][a-z]+\.?\s+\d{1,2},\s+\d{4}))?$"
    rf"|^{_FOREIGN_ROLE}\s*{_NAMES_LIST}\s*\.?$"
    r"|^(?-i:Office of the [A-Z][\w ,]+)$"
    rf"|^(?-i:The (?:below|following) is attributable to (?:[A-Z][a-z]+\s+)*?{_NAME}):?$"
    rf"|^(?-i:{_NAME}),\s+(?:Department\s+|State Department\s+|Deputy\s+|Principal Deputy\s+)?"
    r"(?:Spokesperson|Spokesman|Spokeswoman|Secretary of State|Deputy Secretary of State)$",
    re.I)
_CLAUSE_SPLIT = re.compile(rf"\s*;\s*|\.\s+(?={_ROLE}\b)", re.I)
_FOREIGN_CREDIT = re.compile(rf"^{_FOREIGN_ROLE}\s*(?P<names>.+)$")
_EDITOR_ROLE = re.compile(r"^edit", re.I)
_NAME_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&)\s*")
_IN_PLACE = re.compile(r"\s+(?:in|from)\s+[A-Z].*$")
_PERSON = re.compile(rf"^(?-i:{_NAME})$")
_BY_LINE = re.compile(rf"^(?-i:By)\s+(?P<names>.+?)(?:\s*[,|/–—-]\s*(?:{_AGENCY}|[A-Z][\w .]*(?:News|Press|Times|Post)))?"
                      r"(?:\s*[•·|,–—-]\s*(?:\d{1,2}\s+[A-Z][a-z]+\.?\s+\d{4}|[A-Z][a-z]+\.?\s+\d{1,2},\s+\d{4}))?$",
                      re.I)
_ATTRIBUTABLE = re.compile(r"^The (?:below|following) is attributable to (?P<names>.+?):?$")
_TITLED = re.compile(r"^(?P<names>[^,]+),\s+(?:Department|State Department|Deputy|Principal Deputy|Secretary)\b")
_TITLE_WORDS = {"Spokesperson", "Spokesman", "Spokeswoman", "Secretary", "Deputy", "Department", "Press",
                "Principal", "Acting", "Senior"}


def is_credit_line(line: str) -> bool:
    """Whether a line is a byline or credit line (the cleaner drops it as ``credit-line``).

    Args:
        line: one normalised line.

    Returns:
        True for lines such as "Reporting by A; Editing by B", "By Jane Doe",
        "Our standards: ...".
    """
    return len(line) <= 400 and CREDIT_LINE.match(line.strip()) is not None


def _names(text: str) -> list[str]:
    out = []
    for part in _NAME_SPLIT.split(text.strip(" .()")):
        part = _IN_PLACE.sub("", part.strip(" .()"))
        words = part.split()
        while words and words[0] in _TITLE_WORDS:
            words = words[1:]
        name = " ".join(words)
        if name and _PERSON.match(name) and len(words) <= 5:
            out.append(name)
    return out


def parse_credits(line: str) -> tuple[list[str], list[str]]:
    """Reporters and editors named in one credit line.

    Args:
        line: e.g. "Report by A, B and C; Additional Report by D in Beijing; Editing by E".

    Returns:
        ``(reporters, editors)`` in order of appearance.

    Example::

        >>> parse_credits("Reporting by Jane Doe in Tokyo; Editing by John Roe")
        (['Jane Doe'], ['John Roe'])
    """
    line = line.strip().strip("()")
    reporters: list[str] = []
    editors: list[str] = []
    for pattern in (_ATTRIBUTABLE, _BY_LINE, _TITLED):
        m = pattern.match(line)
        if m and not _CREDIT_CLAUSE.match(line):
            return _names(m.group("names")), []
    if line.lower().startswith("office of the "):
        return [line], []
    m = _FOREIGN_CREDIT.match(line)
    if m:
        # translators are credited, but they did not report the story
        return ([] if re.match(r"(?i)tra|übers", m.group("frole")) else _names(m.group("names"))), []
    for clause in _CLAUSE_SPLIT.split(line):
        clause = re.sub(r"^(?:contributing|additional reporting)\s*:\s*", "additional reporting by ", clause, flags=re.I)
        m = _CREDIT_CLAUSE.match(clause)
        if not m:
            continue
        names = _names(re.sub(r"^by\s+", "", m.group("names"), flags=re.I))
        (editors if _EDITOR_ROLE.match(m.group("role")) else reporters).extend(names)
    return reporters, editors


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


# --- stage ----------------------------------------------------------------------------------

def _date_line(dropped: list[Dropped], raw_text: str = "", text: str = "") -> str | None:
    """The date of a line the cleaner dropped as a bare date ("Friday, August 21, 2015").

    Dates in teaser boxes and relative times have reasons of their own, so a
    ``date-line`` is the page's: the one before the first kept prose line wins, else
    the first one in the first half of the page (kept menus or an archive banner may
    come before the dateline); a date further down belongs to comments or a footer.
    Without offsets, the first five dropped lines stand for the head.
    """
    dates = [d for d in dropped if d.reason.split(";")[0] == "date-line"]
    if raw_text and all(d.start is not None for d in dates):
        first = next((re.findall(r"\w+", line)[:6] for line in text.splitlines() if _is_prose(line)), [])
        # the cleaner normalises spacing and quotes, so the line is found by its first words
        found = re.search(r"\W+".join(first), raw_text) if first else None
        head = [d for d in dates if found and d.start < found.start()] or \
               [d for d in dates if d.start < len(raw_text) / 2]
    else:
        head = [d for d in dropped[:5] if d in dates]
    from dateutil import parser as dateparser

    for item in head:
        try:
            return dateparser.parse(item.text, fuzzy=True, default=dt.datetime(1900, 1, 1)).date().isoformat()
        except (ValueError, OverflowError):
            continue
    return None


def _is_prose(line: str) -> bool:
    """A line of running text: eight words or more, ending like a sentence."""
    line = line.strip()
    return len(line.split()) >= 8 and line.endswith((".", "!", "?", '"', "\u201d", "'", "\u2019"))


def _title_from_text(text: str) -> str | None:
    """A plain-text headline: a short first paragraph without final punctuation."""
    first = text.split("\n\n", 1)[0].strip()
    if 3 <= len(first) <= 200 and "\n" not in first and not first.endswith((".", "!", "?", ":", ";", ",")) \
            and parse_dateline(first) is None and "\n\n" in text:
        return first
    return None


class MetaExtractor(Stage):
    """Document metadata: title, published date, agency, dateline places, reporters, editors.

    ``published`` is ``raw.published`` (the user's date or the page metadata), else the
    dateline date with its year inferred from ``reference`` or, failing that, today.

    Args:
        settings: Settings.
        reference: ISO reference date for the year of a dateline date (e.g. a crawl date).
    """

    name = "meta"
    requires = ("raw", "text", "dropped")
    assigns = ("title", "published", "date_basis", "agency", "dateline_places", "dateline_span", "reporters", "editors")

    def __init__(self, settings: Settings, reference: str | None = None) -> None:
        super().__init__(settings)
        self.reference = _parse_iso(reference or settings.reference_date or None)

    def _reference(self) -> dt.date:
        return self.reference or dt.date.today()

    def __call__(self, article: Article) -> Article:
        raw = article.raw
        dateline = find_dateline(article.text)
        article.title = raw.title or _title_from_text(article.text)
        article.agency = dateline.agency if dateline else None
        article.dateline_places = list(dateline.places) if dateline else []
        article.dateline_span = (dateline.start, dateline.end) if dateline else None
        published = _parse_iso(raw.published)
        if published:
            article.published, article.date_basis = _iso(published), "published"
        else:
            article.published = dateline_date(dateline, self._reference()) if dateline else None
            # a dateline without a year ("TOKYO, Jan 7") gets one guessed from the reference date
            article.date_basis = (("dateline" if dateline and dateline.year else "inferred-year")
                                  if article.published else None)
            if article.published is None:
                article.published = _date_line(article.dropped, raw.text or "", article.text)
                article.date_basis = "text-date" if article.published else None
        reporters, editors = list(raw.authors), []
        for dropped in article.dropped:
            if dropped.reason.split(";")[0] == "credit-line":
                r, e = parse_credits(dropped.text)
                reporters += r
                editors += e
        article.reporters, article.editors = _unique(reporters), _unique(editors)
        return article
