"""PETRARCH validation suites (XML): read, code with the suite's own dictionaries, score.

A suite names its dictionaries in ``<Environment>`` (``Verbfile``, ``Actorfile``,
``Agentfile``, ``Discardfile``); they are resolved next to the XML file or in a
``dictionaries`` folder. Records are coded with those dictionaries only for verbs
(eventwire's bundled verb patterns are left out so that the suite's codes are the
ones tested); actors come from the suite's files added to the bundled ones.

Scoring follows ``../shared/data/peerdata/README.md`` §5: a record passes when the
multiset of coded (source, target, code) triples equals the expected one exactly
(``noevents`` records pass when nothing is coded); only records whose category is
in ``<Include>`` and whose ``evaluate`` attribute is not ``false`` are active.
Besides ``records_total``/``records_passed``/``pass_rate`` and per-category figures,
precision/recall/F1 are reported on exact triples, and under ``country_root`` on
(source country, target country, CAMEO root) as the gold scorer counts them.

The files are not strictly XML (``<PLEvent {json}>`` lines, self-closing
``<Sentence …/>`` openers), so they are read with a tolerant scanner.

Example::

    result = evaluate_suite("validate/PETR_Validate_records_2_02.xml")
    print(format_report(result))
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import EvalError

_ATTR = re.compile(r'(\w+)\s*=\s*"([^"]*)"|(\w+)\s*=\s*\'([^\']*)\'')
_TOKEN = re.compile(r"<Sentence\b([^>]*?)/?>|</Sentence>|<EventCoding\b([^>]*?)/?>|<Text>(.*?)</Text>"
                    r"|<Config\b([^>]*?)/?>|<!--.*?-->", re.S)


@dataclass
class SuiteRecord:
    """One validation record: text, date, category and the expected triples."""

    id: str
    category: str
    date: str | None
    text: str
    expected: list[tuple[str, str, str]] = field(default_factory=list)
    noevents: bool = False
    error: str | None = None
    evaluate: bool = True
    config: dict[str, str] = field(default_factory=dict)


@dataclass
class Suite:
    """A parsed suite: environment (dictionary file names, included categories) and records."""

    path: Path
    environment: dict[str, str]
    include: frozenset[str]
    records: list[SuiteRecord]

    def active(self) -> list[SuiteRecord]:
        """Records in an included category and not marked ``evaluate="false"``."""
        return [r for r in self.records if r.evaluate and (not self.include or r.category in self.include)]


def _attrs(text: str) -> dict[str, str]:
    return {(m.group(1) or m.group(3)): (m.group(2) if m.group(1) else m.group(4)) for m in _ATTR.finditer(text)}


def _iso(date: str | None) -> str | None:
    if date and re.fullmatch(r"\d{8}", date):
        return f"{date[:4]}-{date[4:6]}-{date[6:]}"
    return None


def read_suite(path: str | Path) -> Suite:
    """Read a PETRARCH validation XML file.

    Args:
        path: the suite file.

    Returns:
        Suite

    Raises:
        EvalError: missing file or no records.
    """
    p = Path(path)
    if not p.is_file():
        raise EvalError(f"validation file not found: {p}", "E511")
    raw = p.read_text(encoding="utf-8", errors="replace")
    env_match = re.search(r"<Environment>(.*?)</Environment>", raw, re.S)
    environment: dict[str, str] = {}
    if env_match:
        body = re.sub(r"<!--.*?-->", "", env_match.group(1), flags=re.S)
        for tag, value in re.findall(r"<(\w+)(?:\s[^>]*)?>([^<]*)</\1>", body):
            environment[tag] = value.strip()
    include = frozenset(environment.get("Include", "").split()) - {"valid"}
    records: list[SuiteRecord] = []
    config: dict[str, str] = {}
    current: SuiteRecord | None = None
    start = env_match.end() if env_match else 0
    for m in _TOKEN.finditer(raw, start):
        whole = m.group(0)
        if whole.startswith("<!--"):
            continue
        if m.group(1) is not None:
            a = _attrs(m.group(1))
            current = SuiteRecord(id=a.get("id", ""), category=a.get("category", ""), date=_iso(a.get("date")),
                                  text="", evaluate=a.get("evaluate", "true").lower() != "false",
                                  config=dict(config))
            records.append(current)
        elif whole == "</Sentence>":
            current = None
        elif m.group(2) is not None and current is not None:
            a = _attrs(m.group(2))
            if a.get("noevents", "").lower() == "true":
                current.noevents = True
            elif "error" in a:
                current.error = a["error"]
            else:
                current.expected.append((a.get("sourcecode", "---"), a.get("targetcode", "---"),
                                         a.get("eventcode", "")))
        elif m.group(3) is not None and current is not None:
            current.text = " ".join(html.unescape(m.group(3)).split())
        elif m.group(4) is not None:
            a = _attrs(m.group(4))
            if "option" in a:
                config[a["option"]] = a.get("value", "")
    if not records:
        raise EvalError(f"{p}: no <Sentence> records found", "E512")
    return Suite(p, environment, include, records)


def is_production(name: str) -> bool:
    """Whether a dictionary file is one eventwire bundles (CAMEO.2.0 verbs, Phoenix actors)."""
    return name == "CAMEO.2.0.txt" or name.startswith("Phoenix.")


def resolve_dictionary(suite: Suite, key: str, dictionaries: str | Path | None = None) -> tuple[str, ...]:
    """Paths of an ``<Environment>`` entry's files: next to the suite, else in ``dictionaries``.

    Files that eventwire bundles (PETRARCH-2's production dictionaries) resolve to
    nothing: the bundled versions are used.

    Raises:
        EvalError: a file is named but found in neither place.
    """
    out = []
    for name in (n.strip() for n in suite.environment.get(key, "").split(",")):
        if not name or is_production(name):
            continue
        for folder in (suite.path.parent, Path(dictionaries) if dictionaries else None):
            if folder is not None and (folder / name).is_file():
                out.append(str(folder / name))
                break
        else:
            raise EvalError(f"{key} {name!r} of {suite.path.name} not found next to it"
                            + (f" or in {dictionaries}" if dictionaries else "; pass --dictionaries DIR"), "E513")
    return tuple(out)


_BARE_CODE = re.compile(r"\[\s*([A-Z]{3})\s*(?:\]|[<>\d])")


def suite_lexicon(actor_files: tuple[str, ...], agent_files: tuple[str, ...]) -> Any:
    """An actor lexicon built from a suite's own actor and agent files only.

    A bare three-letter code in the actor file (``ARNOR_ [ARN]``) is a country, as in
    PETRARCH, so fictional states combine with agents as real ones do ("Arnor's
    foreign minister" → ARNGOV...).

    Args:
        actor_files: PETRARCH actor files.
        agent_files: PETRARCH agent files.

    Returns:
        An ``ActorLexicon`` for ``ActorResolver.lexicon``.
    """
    from ..codebooks.actors import Dictionaries, country_codes, parse_petrarch_agents, phoenix_entries
    from ..stages.lexicon import ActorLexicon

    lines = {Path(p).name: Path(p).read_text(encoding="utf-8", errors="replace").splitlines() for p in actor_files}
    countries = country_codes() | {c for ls in lines.values() for line in ls for c in _BARE_CODE.findall(line)}
    dictionaries = Dictionaries()
    for entry in phoenix_entries(frozenset(countries), lines):
        dictionaries.add_actor(entry, override=True)
    for path in agent_files:
        text = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
        for agent in parse_petrarch_agents(text, Path(path).name):
            dictionaries.add_agent(agent)
    lexicon = ActorLexicon(dictionaries)
    lexicon.countries = frozenset(countries)
    return lexicon


def suite_pico(suite: Suite, dictionaries: str | Path | None = None) -> Any:
    """The suite's internal coding ontology (``<PICOfile>``), or None when it names none or it is absent.

    Args:
        suite: the parsed suite.
        dictionaries: folder to look for the file in.

    Returns:
        A ``codebooks.cameo.Pico`` or None.
    """
    from ..codebooks.cameo import read_pico

    try:
        paths = resolve_dictionary(suite, "PICOfile", dictionaries)
    except EvalError:
        return None  # the ontology only refines negation; a suite is still scored without it
    return read_pico(paths[0]) if paths else None


SuiteCoder = Callable[[SuiteRecord], list[tuple[str, str, str]]]


def make_suite_coder(suite: Suite, settings: Any = None, dictionaries: str | Path | None = None,
                     *, bundled_verbs: bool = False) -> SuiteCoder:
    """A coder for the suite's records using its own dictionaries.

    Args:
        suite: the parsed suite.
        settings: base Settings (defaults when None).
        dictionaries: folder to look for the environment's files in.
        bundled_verbs: also use eventwire's bundled verb patterns (production suites).

    Returns:
        ``coder(record) -> [(source code, target code, event code), ...]`` with paired
        codes already split (``---`` for a missing actor).
    """
    from ..config import load_settings
    from ..stages.actors import ActorResolver
    from ..stages.events import EventCoder
    from ..stages.nlp import load_model
    from ..stages.patterns import PatternBook

    settings = settings or load_settings()
    own_verbs = resolve_dictionary(suite, "Verbfile", dictionaries)
    own_actors = resolve_dictionary(suite, "Actorfile", dictionaries)
    own_agents = resolve_dictionary(suite, "Agentfile", dictionaries)
    custom = settings.replace(
        actor_files=tuple(settings.actor_files) + own_actors,
        agent_files=tuple(settings.agent_files) + own_agents,
        verb_files=tuple(settings.verb_files) + own_verbs,
        # a suite's codes may have no country ("+++", "---GOV"); require_dyad decides instead
        require_source=False,
        # a suite tests dictionaries and rules: the event model was trained with the bundled ones
        coder="rules")
    nlp = load_model(custom.model)
    resolver = ActorResolver(custom)
    if own_actors and not bundled_verbs:
        # a suite with its own actor dictionary is self-contained (PETRARCH loads nothing else):
        # bundled agents such as "village" → CVL or "court" → JUD would change its expected codes
        resolver.lexicon = suite_lexicon(own_actors, own_agents)
    coder = EventCoder(custom)
    coder.future_as_intent = False  # PETRARCH codes "will meet" as the meeting
    coder.keep_unknown_codes = not bundled_verbs  # test dictionaries carry non-CAMEO codes ("212")
    if own_verbs and not bundled_verbs:
        coder.book = PatternBook.load(own_verbs, bundled=False, surface_first=True)
        coder.nouns = {}  # PETRARCH codes verbs only: eventwire's event nouns are not the suite's dictionary

    pico = suite_pico(suite, dictionaries)

    def code(record: SuiteRecord) -> list[tuple[str, str, str]]:
        doc = nlp(record.text)
        spans = resolver.resolve_doc(doc, record.date)
        out = []
        for event in coder.code_doc(doc, spans, doc_id=record.id, date=record.date):
            if event.modality == "hypothetical":
                continue
            code = event.cameo_code
            if event.negated:
                # PETRARCH codes "did not X" as the ontology's negation of X, when it has one
                code = pico.negate(code) if pico is not None else None
                if code is None:
                    continue
            target = event.target.code if event.target else "---"
            if target == "---" and record.config.get("require_dyad", "true").lower() == "true":
                continue
            out.append((event.source.code if event.source else "---", target, code))
        return out

    return code


def evaluate_suite(path: str | Path, coder: SuiteCoder | None = None, *, settings: Any = None,
                   dictionaries: str | Path | None = None, with_misses: bool = False,
                   include_inactive: bool = False) -> dict[str, Any]:
    """Score a PETRARCH validation suite.

    Args:
        path: the suite XML.
        coder: ``coder(record) -> triples``; by default one built with the suite's dictionaries.
        settings: Settings for the default coder.
        dictionaries: folder for the environment's dictionary files.
        with_misses: list the failing records with expected and coded triples.
        include_inactive: also score records outside ``<Include>`` or with ``evaluate="false"``.

    Returns:
        ``records_total``, ``records_passed``, ``pass_rate``, ``by_category``, exact-triple
        ``precision``/``recall``/``f1``/``tp``/``fp``/``fn``, ``records`` (and ``misses``).
    """
    suite = read_suite(path)
    coder = coder or make_suite_coder(suite, settings, dictionaries)
    records = suite.records if include_inactive else suite.active()
    tp = fp = fn = 0
    passed = 0
    keyed = Counter[str]()
    categories: dict[str, Counter[str]] = {}
    misses: list[dict[str, Any]] = []
    for record in records:
        if record.error:
            continue  # discard/parse-error records test PETRARCH internals, not coding
        got = Counter(coder(record))
        want = Counter(record.expected)
        ok = (not got) if record.noevents else got == want
        hits = sum((got & want).values())
        tp, fp, fn = tp + hits, fp + sum(got.values()) - hits, fn + sum(want.values()) - hits
        passed += ok
        k_got, k_want = _keyed(got), _keyed(want)
        keyed["tp"] += len(k_got & k_want)
        keyed["fp"] += len(k_got - k_want)
        keyed["fn"] += len(k_want - k_got)
        c = categories.setdefault(record.category, Counter())
        c["records"] += 1
        c["passed"] += ok
        if with_misses and not ok:
            misses.append({"id": record.id, "text": record.text, "expected": sorted(want.elements()),
                           "coded": sorted(got.elements())})
    total = sum(c["records"] for c in categories.values())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    result: dict[str, Any] = {
        "records_total": total, "records_passed": passed,
        "pass_rate": round(passed / total, 4) if total else 0.0,
        "by_category": {k: {"records": c["records"], "passed": c["passed"],
                            "pass_rate": round(c["passed"] / c["records"], 4)}
                        for k, c in sorted(categories.items())},
        "precision": round(precision, 4), "recall": round(recall, 4),
        "f1": round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0,
        "tp": tp, "fp": fp, "fn": fn, "records": total,
        "country_root": _prf(keyed["tp"], keyed["fp"], keyed["fn"]),
    }
    if with_misses:
        result["misses"] = [{"id": m["id"], "text": m["text"],
                             "false_positives": [_triple(t) for t in m["coded"] if t not in m["expected"]],
                             "false_negatives": [_triple(t) for t in m["expected"] if t not in m["coded"]]}
                            for m in misses]
    return result


def code_key(code: str) -> str | None:
    """The gold-format key of a CAMEO actor code: ISO country, ``IGO:<acronym>`` or None."""
    from ..codebooks.actors import country_codes, igo_acronym

    code = code.strip('"')
    if not code or code.startswith("---"):
        return None
    if code[:3] in country_codes():
        return code[:3]
    if code.startswith("IGO"):
        return f"IGO:{igo_acronym(code)}"
    return None


def _keyed(triples: Counter[tuple[str, str, str]]) -> set[tuple[str | None, str | None, str]]:
    """(source key, target key, root) of coded triples, de-duplicated as in the gold scorer."""
    return {(code_key(s), code_key(t), c[:2]) for s, t, c in triples}


def _prf(tp: int, fp: int, fn: int) -> dict[str, Any]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0, "tp": tp, "fp": fp, "fn": fn}


def _triple(t: tuple[str, str, str]) -> dict[str, Any]:
    return {"source": t[0], "target": t[1], "root": t[2][:2], "code": t[2]}


def iter_suite_texts(path: str | Path) -> Iterator[tuple[str, str | None]]:
    """(text, date) of every record, for benchmarks and smoke runs."""
    for record in read_suite(path).records:
        yield record.text, record.date
