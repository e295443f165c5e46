"""SQL building for store queries: filters with bound parameters, whitelisted ordering.

Every user value is bound as a ``?`` parameter; identifiers (columns, periods) are
only ever taken from fixed whitelists, so no filter value can change the SQL.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import StoreError
from ._schema import EVENTS

PERIODS = ("day", "week", "month", "year")
LEVELS = {"country": ("source_country", "target_country"), "actor": ("source_code", "target_code")}
QUAD_COLUMNS = {1: "verbal_cooperation", 2: "material_cooperation", 3: "verbal_conflict", 4: "material_conflict"}
#: modalities of events that did not (or not yet) happen: aggregates leave them out, with the negated
UNREAL_MODALITIES = ("conditional", "hypothetical", "denied")
#: values of ``events.date_basis`` (null: no date, or a store written before schema 2)
DATE_BASES = ("published", "dateline", "inferred-year", "text-date", "sentence", "relative")
#: the SQL condition of an event that is reported as having happened
HAPPENED = ("NOT coalesce(negated, FALSE) AND coalesce(modality, 'asserted') NOT IN ("
            + ", ".join(f"'{m}'" for m in UNREAL_MODALITIES) + ")")


@dataclass
class Where:
    """A conjunction of SQL conditions with their parameters, in order."""

    clauses: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)

    def add(self, clause: str, *params: Any) -> None:
        self.clauses.append(clause)
        self.params.extend(params)

    def sql(self) -> str:
        return " AND ".join(f"({c})" for c in self.clauses) if self.clauses else "TRUE"


def _values(value: Any) -> list[Any]:
    if isinstance(value, (str, int, float, dt.date)):
        return [value]
    return list(value)


def _in(column: str, values: Sequence[Any]) -> str:
    return f"{column} IN ({', '.join('?' for _ in values)})"


def _actor_clause(side: str, code: str) -> tuple[str, list[str]]:
    # an actor filter matches the full code, the country or the IGO ("CHN" matches CHNGOV)
    return (f"{side}_code = ? OR {side}_country = ? OR {side}_igo = ?", [code, code, code])


def _actors_clause(side: str, codes: Any) -> tuple[str, list[str]]:
    parts, params = [], []
    for code in _values(codes):
        clause, p = _actor_clause(side, str(code).strip().upper())
        parts.append(clause)
        params += p
    return " OR ".join(parts), params


def parse_dyad(dyad: str | Sequence[str]) -> tuple[str, str]:
    """``"USA-JPN"``, ``"USA,JPN"``, ``"USA:JPN"`` or a pair to ``("USA", "JPN")``.

    Args:
        dyad: two actor codes or countries.

    Returns:
        The two codes, upper-cased.
    """
    parts = re.split(r"[-,:/ ]+", dyad.strip()) if isinstance(dyad, str) else list(dyad)
    if len(parts) != 2 or not all(parts):
        raise StoreError(f"a dyad is two actor codes such as USA-JPN, got {dyad!r}", "E410")
    return str(parts[0]).upper(), str(parts[1]).upper()


def _day(value: str | dt.date, name: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise StoreError(f"--{name} must be a date YYYY-MM-DD, got {value!r}", "E411") from None


def _root(value: Any) -> str:
    text = str(value).strip()
    return text.zfill(2) if text.isdigit() and len(text) < 2 else text


def event_where(*, source: Any = None, target: Any = None, country: Any = None, agent: Any = None,
                dyad: Any = None, root: Any = None, code: Any = None, plover: Any = None,
                quad_class: Any = None, since: Any = None, until: Any = None, outlet: Any = None,
                text: str | None = None, doc_id: Any = None, negated: bool | None = None,
                min_confidence: float | None = None, include_duplicates: bool = False,
                include_negated: bool = True, date_basis: Any = None) -> Where:
    """The WHERE clause of an events query; every argument is optional and ANDed.

    Args:
        source, target: actor code, country or IGO of that side (one or several).
        country, agent: matches either side.
        dyad: two actors, either direction (``"USA-JPN"``).
        root: CAMEO root(s) ("11" or 11); code: CAMEO code prefix(es) ("042").
        plover: PLOVER type(s); quad_class: 1-4 (one or several).
        since, until: inclusive date bounds.
        outlet: outlet name(s); text: words that must all occur in the sentence.
        doc_id: document id(s); negated: keep only (non-)negated events.
        min_confidence: lowest confidence kept.
        include_duplicates: keep events of documents marked ``duplicate_of`` another.
        include_negated: keep negated, hypothetical (conditional) and denied events
            (aggregates pass False: such events did not happen).
        date_basis: keep only events whose date has this basis (one or several of
            ``DATE_BASES``; "inferred-year" picks the dates whose year was guessed).

    Returns:
        Where
    """
    where = Where()
    for side, value in (("source", source), ("target", target)):
        if value is not None:
            where.add(*_fold(_actors_clause(side, value)))
    if country is not None:
        codes = [str(c).upper() for c in _values(country)]
        where.add(f"{_in('source_country', codes)} OR {_in('target_country', codes)}", *codes, *codes)
    if agent is not None:
        agents = [str(a).upper() for a in _values(agent)]
        where.add(f"{_in('source_agent', agents)} OR {_in('target_agent', agents)}", *agents, *agents)
    if dyad is not None:
        a, b = parse_dyad(dyad)
        ab = [*_actor_clause("source", a)[1], *_actor_clause("target", b)[1]]
        ba = [*_actor_clause("source", b)[1], *_actor_clause("target", a)[1]]
        one = f"({_actor_clause('source', a)[0]}) AND ({_actor_clause('target', b)[0]})"
        where.add(f"({one}) OR ({one})", *ab, *ba)
    if root is not None:
        roots = [_root(r) for r in _values(root)]
        where.add(_in("cameo_root", roots), *roots)
    if code is not None:
        codes = [str(c).strip() for c in _values(code)]
        where.add(" OR ".join("starts_with(cameo_code, ?)" for _ in codes), *codes)
    if plover is not None:
        types = [str(p).upper() for p in _values(plover)]
        where.add(_in("upper(plover)", types), *types)
    if quad_class is not None:
        quads = [int(q) for q in _values(quad_class)]
        where.add(_in("quad_class", quads), *quads)
    if since is not None:
        where.add("date >= ?", _day(since, "since"))
    if until is not None:
        where.add("date <= ?", _day(until, "until"))
    if outlet is not None:
        outlets = [str(o) for o in _values(outlet)]
        where.add(_in("outlet", outlets), *outlets)
    for word in (text or "").split():
        # contains() takes the value literally: no LIKE wildcards to escape
        where.add("contains(lower(sentence), ?)", word.lower())
    if doc_id is not None:
        ids = [str(d) for d in _values(doc_id)]
        where.add(_in("doc_id", ids), *ids)
    if negated is not None:
        where.add("negated = ?", bool(negated))
    if min_confidence is not None:
        where.add("confidence >= ?", float(min_confidence))
    if not include_duplicates:
        where.add("duplicate_of IS NULL")
    if not include_negated:
        where.add(HAPPENED)
    if date_basis is not None:
        bases = [str(b).strip().lower() for b in _values(date_basis)]
        unknown = sorted(set(bases) - set(DATE_BASES))
        if unknown:
            raise StoreError(f"date basis must be one of {', '.join(DATE_BASES)}, got {unknown[0]!r}", "E415")
        where.add(_in("date_basis", bases), *bases)
    return where


def _fold(clause_params: tuple[str, list[Any]]) -> tuple[Any, ...]:
    clause, params = clause_params
    return (clause, *params)


def order_by(spec: str | Iterable[str] | None, allowed: Iterable[str], tiebreak: str) -> str:
    """An ORDER BY list from ``"date"``, ``"-goldstein"``, ``"date desc, event_id"``.

    Args:
        spec: comma-separated columns, ``-col`` or ``col desc`` for descending.
        allowed: the column names that may be used.
        tiebreak: a unique column appended so paging is stable.

    Returns:
        SQL text made only of whitelisted identifiers.
    """
    allowed = set(allowed)
    items = [s for s in (spec.split(",") if isinstance(spec, str) else (spec or ())) if s.strip()]
    parts = []
    for item in items:
        words = item.strip().split()
        column, direction = words[0], (words[1].upper() if len(words) > 1 else "ASC")
        if column.startswith("-"):
            column, direction = column[1:], "DESC"
        if column not in allowed or direction not in ("ASC", "DESC") or len(words) > 2:
            raise StoreError(f"cannot order by {item.strip()!r}; use one of: {', '.join(sorted(allowed))}",
                             "E412")
        parts.append(f'"{column}" {direction} NULLS LAST')
    parts.append(f'"{tiebreak}"')
    return ", ".join(parts)


EVENT_COLUMNS = tuple(EVENTS.names)
#: columns a fused (one row per story) table has before its canonical event's columns
STORY_COLUMNS = ("story_id", "reports", "documents", "sources", "outlets", "agencies", "first_date",
                 "last_date", "mean_confidence")


def period_sql(by: str) -> str:
    """The SQL expression truncating ``date`` to a period (``by`` is whitelisted)."""
    if by not in PERIODS:
        raise StoreError(f"--by must be one of {', '.join(PERIODS)}, got {by!r}", "E413")
    return f"CAST(date_trunc('{by}', date) AS DATE)"


def level_columns(level: str) -> tuple[str, str]:
    """Source and target columns of a dyad level (``country`` or ``actor``)."""
    try:
        return LEVELS[level]
    except KeyError:
        raise StoreError(f"dyad level must be one of {', '.join(LEVELS)}, got {level!r}", "E414") from None


def reports_sql(where_sql: str) -> str:
    """A SELECT of the events matching ``where_sql`` with their ``story_id`` (an unlinked event is its own story)."""
    return ("SELECT coalesce(s.story_id, 's' || e.event_id) AS story_id, e.* "
            f"FROM (SELECT * FROM events WHERE {where_sql}) e "
            "LEFT JOIN stories s ON s.event_id = e.event_id AND s.coder_version = e.coder_version")


def fused_sql(where_sql: str) -> str:
    """A SELECT of one row per story over the reports matching ``where_sql``: ``STORY_COLUMNS``,
    then the columns of the canonical report (the most confident, then the earliest)."""
    return (
        f"WITH r AS ({reports_sql(where_sql)}), "
        "g AS (SELECT r.story_id, count(*) AS reports, count(DISTINCT r.doc_id) AS documents, "
        "count(DISTINCT r.outlet) AS sources, "
        "list(DISTINCT r.outlet ORDER BY r.outlet) FILTER (WHERE r.outlet IS NOT NULL) AS outlets, "
        "list(DISTINCT d.agency ORDER BY d.agency) FILTER (WHERE d.agency IS NOT NULL) AS agencies, "
        "min(r.date) AS first_date, max(r.date) AS last_date, round(avg(r.confidence), 3) AS mean_confidence, "
        "first(r.event_id ORDER BY r.confidence DESC NULLS LAST, r.date NULLS LAST, r.event_id) AS canonical_id "
        "FROM r LEFT JOIN (SELECT doc_id, agency FROM documents) d ON d.doc_id = r.doc_id GROUP BY r.story_id) "
        "SELECT g.* EXCLUDE (canonical_id), r.* EXCLUDE (story_id) FROM g JOIN r ON r.event_id = g.canonical_id "
        "AND r.story_id = g.story_id")
