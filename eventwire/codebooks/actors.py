"""Actor, agent and people dictionaries: loaders for PETRARCH/TABARI files and CSV/YAML.

Everything here is data handling; matching against a parsed document lives in
``eventwire.stages.actors``. Three kinds of table come out:

* **actor phrases** (``ActorEntry``): a phrase ("JAPAN", "THE KREMLIN", "VLADIMIR PUTIN")
  with one or more CAMEO-style codes, each optionally restricted to a date range;
* **agent phrases** (``AgentEntry``): "FOREIGN MINISTER", "TROOPS" → ``GOV``, ``MIL``;
* **discards**: phrases that make a sentence or story uncodable.

Formats (``../shared/data/peerdata/README.md`` §3): PETRARCH actor files (a primary
phrase, ``+synonym`` lines, tab-indented ``[CODE restriction]`` lines), PETRARCH agent
files (``PHRASE {plural} [~CODE]`` with ``!SET!`` substitutions), discard files, and
eventwire's own CSV/YAML tables (see ``load_table``).

Example::

    >>> actors = parse_petrarch_actors(["CROATIA_ [HRV]", "+CROAT_"])
    >>> actors["CROAT"][0].code
    'HRV'
"""

from __future__ import annotations

import csv
import functools
import os
import pickle
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import ConfigError

DATA = "codebooks/data/actors"
PHOENIX_FILES = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
                 "Phoenix.MilNonState.actors.txt")
PHOENIX_AGENTS = "Phoenix.agents.txt"
PEOPLE_FILE = "people.eventwire.csv"

# CAMEO three-letter elements that are sectors/agents rather than countries
AGENT_CODES = frozenset(
    "GOV MIL COP JUD LEG SPY OPP REB INS SEP UAF PTY CVL BUS AGR CRM DEV EDU ELI ENV HLH HRI LAB MED "
    "REF REL MOD RAD PPL PRM UNK JRN SOC PRE ETH".split())
# CAMEO religion elements: an agent coded only with one ("MUSLIM CLERIC" → MUS) has no sector
RELIGION_CODES = frozenset("CHR MUS HIN JEW BUD SIK TAO ZRO DRZ BAH JAN ATH SHI SUN ALE CON PAG NRM MOS CTH PRO "
                           "ORT SUF WAH ITR".split())
# first elements that mark an international (non-country) actor
INTERNATIONAL_CODES = frozenset("IGO NGO NGM IMG MNC INT UIS".split())

# IGO codes (as in Phoenix.International.actors.txt) → the acronym the output uses;
# the longest matching prefix wins, so IGOUNOHLHWHO → WHO but IGOUNOXYZ → UN
IGO_ACRONYMS = {
    "IGOUNO": "UN", "IGOUNOHLHWHO": "WHO", "IGOUNOIAE": "IAEA", "IGOUNOKID": "UNICEF",
    "IGOUNOREFHCR": "UNHCR", "IGOUNOLABILO": "ILO", "IGOUNOWFP": "WFP", "IGOUNODEVWBK": "World Bank",
    "IGOUNOWBK": "World Bank", "IGOBUSIMF": "IMF", "IGOUNOBUSIMF": "IMF", "IGOBUSWTO": "WTO",
    "IGOUNOBUSWTO": "WTO", "IGOUNOJUDICJ": "ICJ", "IGOJUDICC": "ICC", "IGOWSTNAT": "NATO",
    "IGOEUREEC": "EU", "IGOEUR": "EU", "IGOAFRAFU": "AU", "IGOAFROAU": "AU", "IGOSEAASN": "ASEAN",
    "IGOBUSOPC": "OPEC", "IGOMEAARL": "Arab League", "IGOOAS": "OAS", "IGOWAFWAS": "ECOWAS",
    "IGOSASSAA": "SAARC", "IGOCWN": "Commonwealth", "IGOCOPITP": "Interpol", "IGOEURDEVEBR": "EBRD",
    "IGOASADEVADB": "ADB", "IGOEAFEAC": "EAC", "IGOSCN": "Nordic Council", "IGOGGG": "G7", "IGOGGT": "G20",
    "IGOEUROSC": "OSCE", "IGOGCC": "GCC", "IGOSCO": "SCO", "IGOEURCOE": "Council of Europe", "IGOMOSOIC": "OIC",
}

# historical CAMEO country elements in the Phoenix files → the ISO code eventwire keys them by
HISTORICAL_CODES = {"USR": "RUS", "SUN": "RUS", "DDR": "DEU", "YUG": "SRB", "FRY": "SRB", "CSK": "CZE", "ANG": "AGO"}
_PARENTHETICAL = re.compile(r"\s*\([^)]*\)\s*")
_RESTRICTION = re.compile(r"\[\s*([^\]\s]+)\s*([^\]]*)\]")
_YEAR_PIVOT = 30  # two-digit years up to 30 are 20xx (PETRARCH dictionaries end in the 2010s)


@dataclass(frozen=True)
class CodeOption:
    """One code of a phrase, valid from ``start`` to ``end`` (``YYYYMMDD`` ints, None = open).

    ``raw`` keeps the restriction as written (``["<910625"]``, ``["911008", "920115"]``, ``[]``).
    """

    code: str
    start: int | None = None
    end: int | None = None
    raw: tuple[str, ...] = ()

    def valid_on(self, day: int) -> bool:
        """Whether the code applies on ``day`` (a ``YYYYMMDD`` int)."""
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)

    @property
    def restricted(self) -> bool:
        """True for a date-restricted code, False for a default code."""
        return bool(self.raw)


@dataclass(frozen=True)
class ActorEntry:
    """A dictionary phrase and its codes, with the kind of actor and where it came from.

    ``kind`` is ``country``, ``capital``, ``seat``, ``city``, ``igo``, ``person``, ``group``
    or ``named`` (a Phoenix entry not otherwise classified).
    """

    phrase: str
    codes: tuple[CodeOption, ...]
    kind: str = "named"
    name: str = ""
    evidence: str = ""
    role: str | None = None

    def code_on(self, date: str | None) -> CodeOption | None:
        """The code valid on an ISO date (``YYYY-MM-DD``), else the default code.

        A restricted code valid on the date beats the default (of several, the one that
        started last). With no date, the
        open-ended restriction that starts last (the current role: "PUTIN" → RUSGOV
        ``>080508``) beats the default, since undated text is mostly recent news; and a
        default that names no country or organisation (Phoenix's ``[ELI]`` for a former
        office holder) yields to the latest dated role ("KOFI ANNAN" → IGOUNO), which at
        least says whose actor the person is.
        """
        if not self.codes:
            return None
        day = iso_to_int(date)
        if day is not None:
            valid = [o for o in self.codes if o.restricted and o.valid_on(day)]
            if valid:
                # overlapping roles: the one taken last is the current office (Museveni, ELI 1962-2000
                # and GOV from 1986, is GOV in 1996)
                return max(valid, key=lambda o: o.start or 0)
        else:
            current = [o for o in self.codes if o.restricted and o.end is None and o.start is not None]
            if current:
                return max(current, key=lambda o: o.start or 0)
        default = next((o for o in self.codes if not o.restricted), None)
        if default is not None and day is None and default.code[:3] in AGENT_CODES:
            return _nearest_role(self.codes, None) or default
        return default or _nearest_role(self.codes, day)


def _nearest_role(codes: Sequence[CodeOption], day: int | None) -> CodeOption | None:
    """The role closest in time to ``day`` (the latest role when undated).

    Used only when a phrase has no unrestricted code: a person named outside every dated
    role (a minister before taking office, an undated article) is still of that country,
    and the role nearest in time is the best guess of the agent.
    """
    dated = [o for o in codes if o.restricted]
    if not dated:
        return None
    if day is None:
        return max(dated, key=lambda o: o.start or 0)

    def distance(o: CodeOption) -> int:
        if o.start is not None and day < o.start:
            return o.start - day
        return day - o.end if o.end is not None and day > o.end else 0

    return min(dated, key=distance)


@dataclass(frozen=True)
class AgentEntry:
    """An agent phrase: ``code`` such as ``GOV`` or ``GOVMIL``; ``prefix`` for ``NGO~``-style codes."""

    phrase: str
    code: str
    prefix: bool = False
    evidence: str = ""

    @property
    def primary(self) -> str | None:
        """The first three-letter element that is a sector (``MUSREL`` → ``REL``), else None.

        Religion elements (``MUS``, ``CHR``) and international prefixes (``NGO``) are not
        sectors; a code that is none of these is a user's own sector (``[~MOP]``, "main
        opposition group") and is kept rather than dropped.
        """
        first = _first_agent(self.code)
        if first or len(self.code) < 3:
            return first
        element = self.code[:3]
        return None if element in RELIGION_CODES or element in INTERNATIONAL_CODES else element


@dataclass
class Dictionaries:
    """All actor-side tables, keyed by normalised token tuples (see ``phrase_key``)."""

    actors: dict[tuple[str, ...], list[ActorEntry]] = field(default_factory=dict)
    agents: dict[tuple[str, ...], AgentEntry] = field(default_factory=dict)
    discards: dict[tuple[str, ...], bool] = field(default_factory=dict)  # value: story-level?

    def add_actor(self, entry: ActorEntry, override: bool = False) -> None:
        """Add an actor phrase; ``override`` puts it ahead of (and drops) earlier entries."""
        key = phrase_key(entry.phrase)
        if not key:
            return
        if override or key not in self.actors:
            self.actors[key] = [entry]
        else:
            self.actors[key].append(entry)

    def add_agent(self, entry: AgentEntry, override: bool = True) -> None:
        """Add an agent phrase (later files override earlier ones by default)."""
        key = phrase_key(entry.phrase)
        if key and (override or key not in self.agents):
            self.agents[key] = entry


# ---------------------------------------------------------------- normalisation

_SPLIT = re.compile(r"[\s_]+")
_HYPHEN = re.compile(r"(-)")


def norm_token(text: str) -> str:
    """Normalise one token for dictionary lookup: lower case, full stops removed.

    "U.S." and "US" both become "us"; a bare "." stays ".".
    """
    low = text.lower().replace("’", "'")
    stripped = low.replace(".", "")
    return stripped or low


def phrase_key(phrase: str) -> tuple[str, ...]:
    """Split a dictionary phrase the way spaCy splits text, then normalise each token.

    Underscores and spaces separate words; hyphens and a possessive ``'s`` become tokens
    of their own, as spaCy's English tokenizer makes them.
    """
    return tuple(norm_token(t) for t in phrase_tokens(phrase))


@functools.lru_cache(maxsize=20_000)
def phrase_tokens(phrase: str) -> tuple[str, ...]:
    """The tokens of a dictionary phrase as written (case kept), split as ``phrase_key`` splits them."""
    tokens: list[str] = []
    for word in _SPLIT.split(phrase.strip().strip("_")):
        if not word:
            continue
        if word.lower().endswith("'s") and len(word) > 2:
            parts = [word[:-2], "'s"]
        else:
            parts = [word]
        for part in parts:
            tokens.extend(p for p in _HYPHEN.split(part) if p)
    return tuple(t for t in tokens if norm_token(t))


def iso_to_int(date: str | None) -> int | None:
    """``"2022-01-07"`` (or ``"20220107"``) → ``20220107``; None or unparseable → None."""
    if not date:
        return None
    digits = re.sub(r"\D", "", date)[:8]
    return int(digits) if len(digits) == 8 else None


def petrarch_date(text: str) -> int:
    """A PETRARCH restriction date (``YYMMDD`` or ``YYYYMMDD``) as a ``YYYYMMDD`` int."""
    text = text.strip()
    if len(text) == 8:
        return int(text)
    if len(text) != 6 or not text.isdigit():
        raise ValueError(f"bad PETRARCH date {text!r}")
    year = int(text[:2])
    century = 2000 if year <= _YEAR_PIVOT else 1900
    return (century + year) * 10000 + int(text[2:])


def parse_restriction(code: str, restriction: str) -> CodeOption:
    """One ``[CODE restriction]`` as a ``CodeOption`` (``<D``, ``>D``, ``D1-D2`` or none)."""
    r = restriction.replace(" ", "")
    if not r:
        return CodeOption(code)
    if r.startswith("<"):
        return CodeOption(code, None, petrarch_date(r[1:]), (r,))
    if r.startswith(">"):
        return CodeOption(code, petrarch_date(r[1:]), None, (r,))
    first, _, last = r.partition("-")
    return CodeOption(code, petrarch_date(first), petrarch_date(last), (first, last))


# ---------------------------------------------------------------- PETRARCH actor files

def _strip_comment(line: str) -> str:
    return line.split("#", 1)[0].rstrip()


def _codes_in(text: str, problems: list[str] | None = None, where: str = "") -> list[CodeOption]:
    out = []
    for code, rest in _RESTRICTION.findall(text):
        try:
            out.append(parse_restriction(code, rest))
        except ValueError as e:
            # the Phoenix files hold a few typos ("9008223"); one bad date must not sink the file
            if problems is None:
                raise ConfigError(f"{where}: {e}", "E211") from None
            problems.append(f"{where}: {e}")
    return out


def parse_petrarch_actors(lines: Iterable[str], source: str = "actors",
                          problems: list[str] | None = None) -> dict[str, list[CodeOption]]:
    """Read a PETRARCH actor file into ``{PHRASE: [CodeOption, ...]}``.

    Phrases are upper case with underscores turned into spaces ("EL SISI"). A block is a
    primary phrase, its ``+synonym`` lines and the tab-indented code lines that follow;
    every phrase of the block gets every code of the block. A phrase that occurs in
    several blocks keeps the codes of all of them, in file order.

    Args:
        lines: the file's lines.
        source: a label used only in error messages.
        problems: if given, malformed code lines are skipped and described here;
            otherwise they raise ``ConfigError``.

    Returns:
        A dict from phrase to its code options.
    """
    result: dict[str, list[CodeOption]] = {}
    block_phrases: list[str] = []
    block_codes: list[CodeOption] = []

    def flush() -> None:
        for phrase in block_phrases:
            result.setdefault(phrase, []).extend(block_codes)

    for number, raw in enumerate(lines, 1):
        if raw.startswith("<!--"):
            continue
        line = _strip_comment(raw)
        if not line.strip():
            continue
        where = f"{source}:{number}"
        if line[0] in " \t":
            block_codes.extend(_codes_in(line, problems, where))
            continue
        text, _, rest = line.partition("[")
        phrase = " ".join(w for w in _SPLIT.split(text.strip().lstrip("+").strip("_")) if w).upper()
        codes = _codes_in("[" + rest, problems, where) if rest else []
        if not line.startswith("+"):
            flush()
            block_phrases, block_codes = [], []
        if phrase:
            block_phrases.append(phrase)
        block_codes.extend(codes)
    flush()
    return result


# ---------------------------------------------------------------- PETRARCH agent files

_AGENT_LINE = re.compile(r"^(?P<phrase>[^\[{]+?)\s*(?:\{(?P<plural>[^}]*)\})?\s*\[(?P<code>[^\]]+)\]")
_SUBST = re.compile(r"!(\w+)!")


def plural_of(word: str) -> str:
    """The regular English plural PETRARCH generates (+S, Y→IES, S/SH/CH/X/Z→ES)."""
    upper = word.upper()
    if upper.endswith("Y") and len(upper) > 1 and upper[-2] not in "AEIOU":
        return word[:-1] + ("IES" if word.isupper() else "ies")
    if upper.endswith(("S", "SH", "CH", "X", "Z")):
        return word + ("ES" if word.isupper() else "es")
    return word + ("S" if word.isupper() else "s")


def parse_petrarch_agents(lines: Iterable[str], source: str = "agents") -> list[AgentEntry]:
    """Read a PETRARCH agent file into entries, with plurals and ``!SET!`` substitutions expanded.

    ``[~GOV]`` appends GOV to the actor's code; ``[NGO~]`` is a prefix code. ``{}`` stops
    plural generation, ``{FORM}`` gives an irregular plural, a trailing ``_`` stops it too.

    Args:
        lines: the file's lines.
        source: a label recorded as the entries' evidence.

    Returns:
        The entries, singular and plural forms each as their own entry.
    """
    sets: dict[str, list[str]] = {}
    entries: list[AgentEntry] = []
    for number, raw in enumerate(lines, 1):
        line = _strip_comment(raw).strip()
        if not line or line.startswith("<!--"):
            continue
        if line.startswith("!") and "=" in line:
            name, _, members = line.partition("=")
            sets[name.strip().strip("!")] = [m.strip() for m in members.split(",") if m.strip()]
            continue
        m = _AGENT_LINE.match(line)
        if not m:
            continue
        code = m.group("code").strip()
        prefix = code.endswith("~")
        code = code.strip("~").strip()
        if not code:
            continue
        phrase = m.group("phrase").strip()
        plural = m.group("plural")
        evidence = f"{source}:{number} {line[:60]}"
        for form in _expand_sets(phrase, sets):
            forms = [form.rstrip("_")]
            if plural is None and not form.endswith("_") and not _SUBST.search(phrase):
                forms.append(plural_of(form.rstrip("_")))
            elif plural:
                forms.append(plural.strip())
            for f in forms:
                entries.append(AgentEntry(f.replace("_", " ").strip().upper(), code, prefix, evidence))
    return entries


def _expand_sets(phrase: str, sets: dict[str, list[str]]) -> list[str]:
    m = _SUBST.search(phrase)
    if not m or m.group(1) not in sets:
        return [phrase.replace(" ", "_")]
    out: list[str] = []
    for member in sets[m.group(1)]:
        out.extend(_expand_sets(phrase[:m.start()] + member + phrase[m.end():], sets))
    return out


def parse_discards(lines: Iterable[str]) -> dict[str, bool]:
    """Read a PETRARCH discard file: ``{PHRASE: story_level}`` (a leading ``+`` = whole story)."""
    out: dict[str, bool] = {}
    for raw in lines:
        line = _strip_comment(raw).strip()
        if not line or line.startswith("<!--"):
            continue
        story = line.startswith("+")
        phrase = line.lstrip("+").strip().rstrip("_").replace("_", " ").upper()
        if phrase:
            out[phrase] = story
    return out


# ---------------------------------------------------------------- code parsing

def split_code(code: str, countries: frozenset[str]) -> tuple[str | None, str | None, str | None]:
    """Split a CAMEO actor code into (country ISO3, IGO acronym, primary agent).

    ``JPNGOV`` → (JPN, None, GOV); ``IGOUNOHLHWHO`` → (None, WHO, None);
    ``PSEREBHMS`` → (PSE, None, REB); ``MNCUSA`` → (None, None, None).
    """
    code = code.strip().upper()
    first = code[:3]
    if first == "IGO":
        # the agent is what follows the organisation's own code (IGOUNOHLHWHO has none)
        known = max((p for p in IGO_ACRONYMS if code.startswith(p)), key=len, default=code[:6])
        return None, igo_acronym(code), _first_agent(code[len(known):])
    if first in INTERNATIONAL_CODES:
        return None, None, _first_agent(code[3:])
    if first in countries:
        return first, None, _first_agent(code[3:])
    return None, None, _first_agent(code)


def _first_agent(rest: str) -> str | None:
    for i in range(0, len(rest) - 2, 3):
        if rest[i:i + 3] in AGENT_CODES:
            return rest[i:i + 3]
    return None


def igo_acronym(code: str) -> str | None:
    """The acronym for an IGO code (longest known prefix), e.g. ``IGOWSTNAT`` → ``NATO``."""
    for end in range(len(code), 2, -3):
        if code[:end] in IGO_ACRONYMS:
            return IGO_ACRONYMS[code[:end]]
    return code[3:] or None


# ---------------------------------------------------------------- eventwire tables

def load_table(path: str | Path) -> list[dict[str, Any]]:
    """Rows of a CSV/TSV or YAML table (a list of mappings) as dicts with lower-case keys.

    Raises:
        ConfigError: the file is missing or not a table.
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as e:
        raise ConfigError(f"dictionary file {p}: {e.strerror or e}", "E210") from None
    return parse_table(text, p.suffix.lower(), str(p))


def parse_table(text: str, suffix: str, source: str = "table") -> list[dict[str, Any]]:
    """Parse table text: ``.yaml``/``.yml`` as YAML, ``.tsv`` tab-separated, otherwise CSV."""
    if suffix in (".yaml", ".yml"):
        import yaml

        data = yaml.safe_load(text) or []
        if isinstance(data, dict):
            data = next((v for v in data.values() if isinstance(v, list)), [])
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise ConfigError(f"{source}: expected a list of mappings", "E212")
        rows = data
    else:
        lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
        rows = list(csv.DictReader(lines, delimiter="\t" if suffix == ".tsv" else ","))
    return [{str(k).strip().lower(): v for k, v in r.items() if k is not None} for r in rows]


def _aliases(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if str(v).strip()]
    return [a.strip() for a in str(value).split("|") if a.strip()]


def _iso_or_none(value: Any) -> int | None:
    return iso_to_int(str(value)) if value not in (None, "") else None


def people_entries(rows: Sequence[dict[str, Any]], source: str) -> list[ActorEntry]:
    """Entries from a people table (columns: name, aliases, country, agent, valid_from, valid_to, role).

    One row is one role of one person; several rows for the same name give the
    person's roles over time. ``country`` is an ISO3 code, or an IGO code such as
    ``IGOUNO`` for a post in an international organisation; ``agent`` may be empty.

    Args:
        rows: the table's rows (see ``load_table``).
        source: the file name, recorded as evidence.

    Returns:
        One entry per name and alias.
    """
    by_name: dict[str, list[tuple[dict[str, Any], CodeOption]]] = {}
    for row in rows:
        name = str(row.get("name") or "").strip()
        country = str(row.get("country") or "").strip().upper()
        if not name or not country:
            raise ConfigError(f"{source}: a people row needs name and country: {row}", "E213")
        agent = str(row.get("agent") or "").strip().upper()
        start, end = _iso_or_none(row.get("valid_from")), _iso_or_none(row.get("valid_to"))
        raw = tuple(str(x) for x in (row.get("valid_from"), row.get("valid_to")) if x not in (None, ""))
        by_name.setdefault(name, []).append((row, CodeOption(country + agent, start, end, raw)))
    entries = []
    for name, roles in by_name.items():
        codes = tuple(o for _, o in roles)
        phrases = [name] + [a for row, _ in roles for a in _aliases(row.get("aliases"))]
        role = next((str(r.get("role")) for r, _ in roles if r.get("role")), None)
        for phrase in dict.fromkeys(phrases):
            entries.append(ActorEntry(phrase, codes, "person", name, f"{source}: {name}", role))
    return entries


def actor_table_entries(rows: Sequence[dict[str, Any]], source: str) -> list[ActorEntry]:
    """Entries from an actor table (columns: phrase or name, aliases, code, kind, valid_from, valid_to)."""
    entries = []
    for row in rows:
        name = str(row.get("name") or row.get("phrase") or "").strip()
        code = str(row.get("code") or "").strip().upper()
        if not name or not code:
            raise ConfigError(f"{source}: an actor row needs name/phrase and code: {row}", "E213")
        start, end = _iso_or_none(row.get("valid_from")), _iso_or_none(row.get("valid_to"))
        raw = tuple(str(x) for x in (row.get("valid_from"), row.get("valid_to")) if x not in (None, ""))
        option = CodeOption(code, start, end, raw)
        display = str(row.get("display") or name)
        kind = str(row.get("kind") or "named")
        for phrase in [str(row.get("phrase") or name)] + _aliases(row.get("aliases")):
            entries.append(ActorEntry(phrase, (option,), kind, display, f"{source}: {phrase}"))
    return entries


def agent_table_entries(rows: Sequence[dict[str, Any]], source: str) -> list[AgentEntry]:
    """Entries from an agent table (columns: phrase, agent, plural); plurals generated if absent."""
    entries = []
    for row in rows:
        phrase = str(row.get("phrase") or "").strip()
        agent = str(row.get("agent") or row.get("code") or "").strip().upper().strip("~")
        if not phrase or not agent:
            raise ConfigError(f"{source}: an agent row needs phrase and agent: {row}", "E213")
        plural = str(row.get("plural") or "").strip()
        forms = [phrase] + ([plural] if plural else [] if phrase.endswith("_") else [plural_of(phrase)])
        for form in forms:
            if form != "-":
                entries.append(AgentEntry(form.rstrip("_").upper(), agent, False, f"{source}: {phrase}"))
    return entries


# ---------------------------------------------------------------- building

def _data_path(name: str) -> Any:
    return resources.files("eventwire").joinpath(f"{DATA}/{name}")


def _read_lines(path: Any) -> list[str]:
    return path.read_text(encoding="utf-8", errors="replace").splitlines()


def country_codes() -> frozenset[str]:
    """ISO3/CAMEO country codes known to the bundled country table."""
    rows = parse_table(_data_path("countries.tsv").read_text(encoding="utf-8"), ".tsv")
    return frozenset(r["iso3"] for r in rows) | frozenset({"PSE", "KSV", "HKG", "TWN"})


def phoenix_entries(countries: frozenset[str], lines_by_file: dict[str, list[str]],
                    modernise: bool = False) -> list[ActorEntry]:
    """Entries from Phoenix-format actor files, each classified by its codes.

    Phrases whose every code is a bare country are ``country`` (they include cities and
    regions, which PETRARCH maps to their country); IGO codes give ``igo``; country codes
    with a date-restricted sector are ``person``; other codes are ``named``.

    Args:
        countries: the country codes (a bare one is a country, not a sector).
        lines_by_file: each file's name and lines.
        modernise: replace historical country elements first (``HISTORICAL_CODES``), as
            for the bundled Phoenix files; a user's own files keep their codes.

    Returns:
        The entries, in file order.
    """
    entries = []
    for filename, lines in lines_by_file.items():
        primaries = petrarch_primary_phrases(lines)
        for phrase, codes in parse_petrarch_actors(lines, filename, problems=[]).items():
            if not codes:
                continue
            if modernise:
                codes = [_modern(o) for o in codes]
            kind = _phoenix_kind(codes, countries)
            # a person is displayed by the block's full name ("PUTIN" → "Vladimir Putin")
            name = primaries.get(phrase, phrase) if kind == "person" else phrase
            # "LIBERATION TIGERS OF TAMIL EELAM (LTTE)": text names the group without the acronym too
            for form in dict.fromkeys((phrase, _PARENTHETICAL.sub(" ", phrase).strip())):
                if form:
                    entries.append(ActorEntry(form, tuple(codes), kind, name.title(), f"{filename}: {phrase}"))
    return entries


def _modern(option: CodeOption) -> CodeOption:
    """A code with a historical CAMEO country element replaced by today's ISO code.

    The Phoenix files code the Soviet Union ``USR``, East Germany ``DDR``, Yugoslavia
    ``YUG``/``FRY``, Czechoslovakia ``CSK`` and Angola ``ANG``; eventwire's country table
    already reads "Soviet" as RUS, so their people and places are keyed the same way
    (RUS, DEU, SRB, CZE, AGO) instead of getting no country at all.
    """
    new = HISTORICAL_CODES.get(option.code[:3])
    return replace(option, code=new + option.code[3:]) if new else option


def petrarch_primary_phrases(lines: Iterable[str]) -> dict[str, str]:
    """Each phrase of a PETRARCH actor file → the primary phrase of its (first) block.

    The primary phrase is the block's first line ("VLADIMIR_PUTIN_"); its ``+synonym``
    lines ("+PUTIN_") are other names of the same actor.

    Args:
        lines: the file's lines.

    Returns:
        ``{PHRASE: PRIMARY PHRASE}``, both upper case with spaces, as in ``parse_petrarch_actors``.
    """
    out: dict[str, str] = {}
    primary = ""
    for raw in lines:
        line = _strip_comment(raw)
        if raw.startswith("<!--") or not line.strip() or line[0] in " \t":
            continue
        phrase = " ".join(w for w in _SPLIT.split(line.partition("[")[0].strip().lstrip("+").strip("_")) if w).upper()
        if not line.startswith("+"):
            primary = phrase
        if phrase:
            out.setdefault(phrase, primary or phrase)
    return out


def _phoenix_kind(codes: Sequence[CodeOption], countries: frozenset[str]) -> str:
    if all(o.code in countries for o in codes) or _succession_place(codes, countries):
        return "country"
    if all(o.code.startswith("IGO") for o in codes):
        return "igo"
    if any(o.restricted for o in codes) and all(o.code[:3] in countries for o in codes):
        return "person"
    return "named"


def _succession_place(codes: Sequence[CodeOption], countries: frozenset[str]) -> bool:
    """Whether dated codes are a place whose country changed, ending in a bare country.

    The Phoenix blocks of the post-Soviet and post-Yugoslav states (and their cities:
    KHARKIV, ODESSA, DUBROVNIK) read ``[USRUKR <910824] [UKRUNR ...] [UKR >911221]``: dated
    like a person's offices, but the open-ended code is a bare country, which no person
    entry has (a former official ends in ``ELI``).
    """
    return any(o.end is None and o.restricted and o.code in countries for o in codes) \
        and all(o.code[:3] in countries for o in codes)


def _cache_file(tag: str) -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "eventwire"
    return base / f"{tag}.pickle"


@functools.lru_cache(maxsize=2)
def bundled_dictionaries(phoenix: bool = True) -> Dictionaries:
    """The dictionaries that ship with eventwire (built once per process, cached on disk).

    Order of precedence: eventwire's own tables (countries, capitals, seats, IGOs,
    agents) over the Phoenix files. User files are layered on top by ``build_dictionaries``.

    Args:
        phoenix: include the Phoenix (PETRARCH-2) actor and agent dictionaries.

    Returns:
        Dictionaries
    """
    signature = _bundle_signature(phoenix)
    cache = _cache_file(f"actors-{signature}")
    try:
        with cache.open("rb") as fh:
            cached = pickle.load(fh)
        if isinstance(cached, Dictionaries):
            return cached
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        pass
    d = _build_bundled(phoenix)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(d, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(cache)
        for stale in cache.parent.glob("actors-*.pickle"):
            if stale != cache:  # built from older data files
                stale.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only home only costs start-up time
    return d


def _bundle_signature(phoenix: bool) -> str:
    import hashlib

    h = hashlib.sha1(b"v4" + bytes([phoenix]))  # bump when parsing changes
    names = ["countries.tsv", "actors.tsv", "agents.eventwire.txt", PEOPLE_FILE]
    if phoenix:
        names += [*PHOENIX_FILES, PHOENIX_AGENTS]
    for name in names:
        h.update(name.encode())
        h.update(_data_path(name).read_bytes())
    return h.hexdigest()[:16]


def _build_bundled(phoenix: bool) -> Dictionaries:
    countries = country_codes()
    d = Dictionaries()
    if phoenix:
        lines = {name: _read_lines(_data_path(name)) for name in PHOENIX_FILES}
        for entry in phoenix_entries(countries, lines, modernise=True):
            d.add_actor(entry)
        for agent in parse_petrarch_agents(_read_lines(_data_path(PHOENIX_AGENTS)), PHOENIX_AGENTS):
            d.add_agent(agent)
    for entry in _country_entries() + actor_table_entries(
            parse_table(_data_path("actors.tsv").read_text(encoding="utf-8"), ".tsv"), "actors.tsv"):
        d.add_actor(entry, override=True)
    for agent in parse_petrarch_agents(_read_lines(_data_path("agents.eventwire.txt")), "agents.eventwire.txt"):
        d.add_agent(agent)
    # people with roles over time (mostly after 2014, where Phoenix stops); they replace
    # Phoenix entries of the same name, so each row set carries the person's whole history
    rows = parse_table(_data_path(PEOPLE_FILE).read_text(encoding="utf-8"), ".csv", PEOPLE_FILE)
    for entry in people_entries(rows, PEOPLE_FILE):
        d.add_actor(entry, override=True)
    return d


def _country_entries() -> list[ActorEntry]:
    rows = parse_table(_data_path("countries.tsv").read_text(encoding="utf-8"), ".tsv")
    entries = []
    for r in rows:
        iso = r["iso3"]
        name = r["name"]
        option = (CodeOption(iso),)
        for kind, column in (("country", "names"), ("country", "demonyms"), ("capital", "capitals")):
            for phrase in _aliases(r.get(column)):
                entries.append(ActorEntry(phrase, option, kind, name, f"countries.tsv: {phrase} ({column})"))
    return entries


def build_dictionaries(settings: Any) -> Dictionaries:
    """Bundled dictionaries plus the user files named in ``settings``.

    ``settings.actor_files``: PETRARCH actor files (``.txt``) or CSV/YAML actor tables;
    ``settings.agent_files``: PETRARCH agent files or CSV/YAML agent tables;
    ``settings.people_files``: CSV/YAML people tables. User entries override bundled ones.

    Args:
        settings: an ``eventwire.config.Settings``.

    Returns:
        Dictionaries (a fresh object when user files are given, else the shared bundle).
    """
    base = bundled_dictionaries(bool(getattr(settings, "phoenix_actors", True)))
    actor_files = tuple(getattr(settings, "actor_files", ()) or ())
    agent_files = tuple(getattr(settings, "agent_files", ()) or ())
    people_files = tuple(getattr(settings, "people_files", ()) or ())
    if not (actor_files or agent_files or people_files):
        return base
    d = Dictionaries(dict(base.actors), dict(base.agents), dict(base.discards))
    countries = country_codes()
    for path in actor_files:
        if _is_table(path):
            entries = actor_table_entries(load_table(path), str(path))
        else:
            entries = phoenix_entries(countries, {Path(path).name: _read_user(path)})
        for entry in entries:
            d.add_actor(entry, override=True)
    for path in agent_files:
        rows = (agent_table_entries(load_table(path), str(path)) if _is_table(path)
                else parse_petrarch_agents(_read_user(path), Path(path).name))
        for agent in rows:
            d.add_agent(agent)
    for path in people_files:
        for entry in people_entries(load_table(path), str(path)):
            d.add_actor(entry, override=True)
    return d


def _is_table(path: str | Path) -> bool:
    return Path(path).suffix.lower() in (".csv", ".tsv", ".yaml", ".yml")


def _read_user(path: str | Path) -> list[str]:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as e:
        raise ConfigError(f"dictionary file {path}: {e.strerror or e}", "E210") from None
