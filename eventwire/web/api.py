"""The REST API: JSON over the store, one payload function per view.

Each ``*_payload`` function takes the store and validated parameters and returns the
JSON-ready dict that both the ``/api/...`` route and the matching HTML page use, so
a page never shows anything its JSON twin does not return.

Parameters are validated by pydantic models (patterns, ranges, whitelisted sort
columns), so bad values get a 422 with the field named; values the store itself
rejects (``StoreError`` E41x) become a 400 in ``app.py``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
from collections import defaultdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field, model_validator

ACTOR = r"^[A-Za-z0-9_]{1,40}$"
DYAD = r"^[A-Za-z0-9_]{1,40}[-,:][A-Za-z0-9_]{1,40}$"
DOC_ID = r"^[A-Za-z0-9_-]{1,128}$"
SORTABLE = ("date", "goldstein", "confidence", "cameo_code", "quad_class", "source_code", "target_code")
ORDER = rf"^-?({'|'.join(SORTABLE)})$"
STORY_SORTABLE = ("first_date", "last_date", "reports", "documents", "sources", "mean_confidence", *SORTABLE)
STORY_ORDER = rf"^-?({'|'.join(STORY_SORTABLE)})$"
STORY_ID = r"^s[A-Za-z0-9_-]{1,128}$"
DateBasis = Literal["published", "dateline", "inferred-year", "text-date", "sentence", "relative"]
QUAD_KEYS = ("verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict")
MAX_PAGE = 500


class _Params(BaseModel):
    """Base for query-parameter models: unknown parameters are an error, empty ones are absent."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _drop_empty(cls, data: Any) -> Any:
        # HTML forms send every field, filled or not; "" means "no filter"
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if v not in ("", None)}
        return data

    @model_validator(mode="after")
    def _dates_in_order(self) -> Any:
        since, until = getattr(self, "since", None), getattr(self, "until", None)
        if since and until and since > until:
            raise ValueError("since must be on or before until")
        return self

    def active(self) -> dict[str, Any]:
        """The parameters that were given, as JSON-ready values."""
        return {k: (v.isoformat() if isinstance(v, dt.date) else v)
                for k, v in self.model_dump(exclude_none=True, exclude_defaults=True).items()}


class EventFilters(_Params):
    """Filters, sorting and paging of ``GET /api/events`` (the same filters as ``eventwire events``)."""

    source: str | None = Field(None, pattern=ACTOR, description="Source actor code, country or IGO (USA, CHNGOV).")
    target: str | None = Field(None, pattern=ACTOR, description="Target actor code, country or IGO.")
    country: str | None = Field(None, pattern=ACTOR, description="Country on either side (ISO alpha-3).")
    agent: str | None = Field(None, pattern=ACTOR, description="Sector on either side (GOV, MIL, COP...).")
    dyad: str | None = Field(None, pattern=DYAD, description="Two actors, either direction: USA-CHN.")
    root: str | None = Field(None, pattern=r"^\d{2}$", description="CAMEO root, two digits (11).")
    code: str | None = Field(None, pattern=r"^\d{2,4}$", description="CAMEO code or prefix (114).")
    plover: str | None = Field(None, pattern=r"^[A-Za-z_]{2,32}$", description="PLOVER event type (ACCUSE).")
    quad_class: int | None = Field(None, ge=1, le=4, description="QuadClass 1-4.")
    since: dt.date | None = Field(None, description="From this date (YYYY-MM-DD).")
    until: dt.date | None = Field(None, description="Up to this date (YYYY-MM-DD).")
    outlet: str | None = Field(None, max_length=200, description="Outlet name, exactly.")
    text: str | None = Field(None, max_length=200, description="Words that must all occur in the sentence.")
    doc_id: str | None = Field(None, pattern=DOC_ID, description="Events of one document.")
    order: str = Field("-date", pattern=ORDER, description=f"Sort column, '-' for descending: {', '.join(SORTABLE)}.")
    limit: int = Field(50, ge=1, le=MAX_PAGE, description="Events per page.")
    offset: int = Field(0, ge=0, le=10_000_000, description="Events to skip (paging).")
    date_basis: DateBasis | None = Field(None, description="Only events whose date has this basis "
                                          "(inferred-year: the year was guessed).")

    def store_kwargs(self) -> dict[str, Any]:
        """The filters as ``Store.events`` keyword arguments."""
        skip = {"order", "limit", "offset"}
        return {k: (v.isoformat() if isinstance(v, dt.date) else v)
                for k, v in self.model_dump(exclude_none=True).items() if k not in skip}


class StoryFilters(EventFilters):
    """Filters, sorting and paging of ``GET /api/stories``: the event filters select reports."""

    order: str = Field("-first_date", pattern=STORY_ORDER,  # type: ignore[assignment]
                       description=f"Sort column, '-' for descending: {', '.join(STORY_SORTABLE)}.")
    include_negated: bool = Field(False, description="List stories of negated, hypothetical and denied events too.")


class PeriodQuery(_Params):
    """A period filter (network and overview)."""

    since: dt.date | None = Field(None, description="From this date (YYYY-MM-DD).")
    until: dt.date | None = Field(None, description="Up to this date (YYYY-MM-DD).")
    include_negated: bool = Field(False, description="Count negated, hypothetical and denied events too.")
    date_basis: DateBasis | None = Field(None, description="Only events whose date has this basis "
                                          "(inferred-year: the year was guessed).")


class DyadQuery(PeriodQuery):
    """Parameters of ``GET /api/dyads``."""

    by: Literal["day", "week", "month", "year"] = Field("month", description="Period length.")
    source: str | None = Field(None, pattern=ACTOR, description="Source actor code or country.")
    target: str | None = Field(None, pattern=ACTOR, description="Target actor code or country.")
    level: Literal["country", "actor"] = Field("country", description="Dyads of countries or of full actor codes.")
    both: bool = Field(False, description="With source and target: add target->source events to each period.")
    limit: int = Field(1000, ge=1, le=10_000, description="At most this many rows.")
    fused: bool = Field(False, description="Count stories (each real-world event once) instead of reports.")


class TimelineQuery(PeriodQuery):
    """Parameters of ``GET /api/timeline``."""

    by: Literal["day", "week", "month", "year"] = Field("month", description="Period length.")
    fused: bool = Field(False, description="Count stories (each real-world event once) instead of reports.")


class NetworkQuery(PeriodQuery):
    """Parameters of ``GET /api/network``."""

    edges: int = Field(60, ge=1, le=500, description="Keep the strongest edges (by number of events).")
    level: Literal["country", "actor"] = Field("country", description="Nodes are countries or full actor codes.")


class Page(_Params):
    """Paging of simple lists."""

    limit: int = Field(50, ge=1, le=MAX_PAGE, description="Rows per page.")
    offset: int = Field(0, ge=0, le=10_000_000, description="Rows to skip (paging).")


class CodeRequest(BaseModel):
    """Body of ``POST /api/code``: one text, coded without touching the store."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(..., min_length=1, description="Article text (plain text).")
    date: dt.date | None = Field(None, description="Publication date, for relative dates and dated actors.")
    title: str | None = Field(None, max_length=500)


# -- payloads (shared by the API routes and the HTML pages) --------------------------

def _rows(table: Any) -> list[dict[str, Any]]:
    return [{k: (v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v) for k, v in row.items()}
            for row in table.to_pylist()]


def events_payload(store: Any, f: EventFilters) -> dict[str, Any]:
    """A page of events (nested event JSON) with paging info.

    Args:
        store: the Store.
        f: validated filters.

    Returns:
        ``{"events": [...], "count", "limit", "offset", "next_offset", "filters"}``; each event is the
        event JSON plus the ``outlet`` of its document.
    """
    from ..store import event_dicts

    # one extra row tells whether a next page exists without counting the whole table
    table = store.events(**f.store_kwargs(), limit=f.limit + 1, offset=f.offset, order_by=f.order)
    events = event_dicts(table)
    # the outlet travels with each sentence shown, so quoted text is never unattributed
    for event, outlet in zip(events, table.column("outlet").to_pylist(), strict=True):
        event["outlet"] = outlet
    more = len(events) > f.limit
    events = events[: f.limit]
    return {"events": events, "count": len(events), "limit": f.limit, "offset": f.offset,
            "next_offset": f.offset + f.limit if more else None,
            "prev_offset": max(0, f.offset - f.limit) if f.offset else None, "filters": f.active()}


def _merge_periods(rows: list[dict[str, Any]], label: tuple[str, str] | None) -> list[dict[str, Any]]:
    """Sum rows of the same period (counts add, mean Goldstein re-weighted by events)."""
    merged: dict[str, dict[str, Any]] = {}
    for row in rows:
        out = merged.setdefault(row["period"], {"period": row["period"], "events": 0, "goldstein_total": 0.0,
                                                **{k: 0 for k in QUAD_KEYS}})
        out["events"] += row["events"]
        if "reports" in row:  # fused rows: the reports behind the stories
            out["reports"] = out.get("reports", 0) + row["reports"]
        out["goldstein_total"] += row.get("goldstein_total") or 0.0
        for k in QUAD_KEYS:
            out[k] += row.get(k) or 0
    result = []
    for period in sorted(merged):
        out = merged[period]
        out["goldstein_mean"] = round(out["goldstein_total"] / out["events"], 3) if out["events"] else None
        out["goldstein_total"] = round(out["goldstein_total"], 3)
        if label:
            out["source"], out["target"] = label
        result.append(out)
    return result


def dyads_payload(store: Any, q: DyadQuery) -> dict[str, Any]:
    """Dyad counts per period: events, QuadClass counts, mean and total Goldstein.

    Args:
        store: the Store.
        q: validated parameters; ``both`` adds the reverse direction of a source-target pair.

    Returns:
        ``{"by", "source", "target", "both", "rows": [...]}``.
    """
    kwargs = _period_kwargs(q)
    rows = _rows(store.dyads(by=q.by, level=q.level, source=q.source, target=q.target, **kwargs))
    if q.both and q.source and q.target:
        back = _rows(store.dyads(by=q.by, level=q.level, source=q.target, target=q.source, **kwargs))
        rows = _merge_periods(rows + back, (q.source.upper(), q.target.upper()))
    return {"by": q.by, "source": q.source, "target": q.target, "both": q.both, "rows": rows[: q.limit],
            "truncated": len(rows) > q.limit}


def _period_kwargs(q: PeriodQuery) -> dict[str, Any]:
    return {"since": q.since.isoformat() if q.since else None, "until": q.until.isoformat() if q.until else None,
            "include_negated": q.include_negated, "date_basis": q.date_basis,
            "fused": bool(getattr(q, "fused", False))}


def timeline_payload(store: Any, q: TimelineQuery) -> dict[str, Any]:
    """Events between two countries per period, with QuadClass counts (the overview chart).

    Built from the store's dyad aggregate (DuckDB does the grouping); only the per-period
    rows of each dyad come to Python, where periods are summed.

    Args:
        store: the Store.
        q: period length and filter.

    Returns:
        ``{"by", "rows": [{"period", "events", <quad counts>, "goldstein_mean", "goldstein_total"}]}``.
    """
    rows = _rows(store.dyads(by=q.by, **_period_kwargs(q)))
    return {"by": q.by, "filters": q.active(), "rows": _merge_periods(rows, None)}


def network_payload(store: Any, q: NetworkQuery) -> dict[str, Any]:
    """The actor network: the strongest directed edges and the actors they connect.

    Args:
        store: the Store.
        q: period, level and number of edges.

    Returns:
        ``{"nodes": [{"id", "label", "events"}], "edges": [{"source", "target", "events", "goldstein_mean"}]}``.
    """
    # yearly dyad rows are few (dyads x years); summing them gives the whole period's edges
    totals: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0, 0.0])
    for row in _rows(store.dyads(by="year", level=q.level, **{**_period_kwargs(q), "fused": False})):
        if row["source"] == row["target"]:
            continue  # an actor acting on itself has no edge to draw
        acc = totals[(row["source"], row["target"])]
        acc[0] += row["events"]
        acc[1] += row.get("goldstein_total") or 0.0
    strongest = sorted(totals.items(), key=lambda kv: (-kv[1][0], kv[0]))[: q.edges]
    edges = [{"source": s, "target": t, "events": int(n), "goldstein_mean": round(g / n, 3)}
             for (s, t), (n, g) in strongest]
    weight: dict[str, int] = defaultdict(int)
    for e in edges:
        weight[e["source"]] += e["events"]
        weight[e["target"]] += e["events"]
    nodes = [{"id": k, "label": k, "events": n} for k, n in sorted(weight.items(), key=lambda kv: (-kv[1], kv[0]))]
    return {"level": q.level, "filters": q.active(), "nodes": nodes, "edges": edges}


def actors_payload(store: Any, limit: int, include_negated: bool = False) -> dict[str, Any]:
    """Top actors by number of events (negated, hypothetical and denied ones left out by default)."""
    return {"actors": _rows(store.actors(limit=limit, include_negated=include_negated))}


def stories_payload(store: Any, f: StoryFilters) -> dict[str, Any]:
    """A page of stories (fused events): story fields and the canonical event's JSON.

    Args:
        store: the Store.
        f: validated filters (they select the reports counted).

    Returns:
        ``{"stories": [...], "count", "limit", "offset", "next_offset", "prev_offset", "filters"}``.
    """
    from ..store import event_dicts

    kwargs = {k: v for k, v in f.store_kwargs().items() if k != "include_negated"}
    table = store.stories(**kwargs, include_negated=f.include_negated, limit=f.limit + 1, offset=f.offset,
                          order_by=f.order)
    stories = []
    for row, event in zip(table.to_pylist(), event_dicts(table), strict=True):
        story = {k: row[k] for k in ("story_id", "reports", "documents", "sources", "outlets", "agencies",
                                     "mean_confidence")}
        story["first_date"] = row["first_date"].isoformat() if row["first_date"] else None
        story["last_date"] = row["last_date"].isoformat() if row["last_date"] else None
        story["canonical"] = event
        stories.append(story)
    more = len(stories) > f.limit
    stories = stories[: f.limit]
    return {"stories": stories, "count": len(stories), "limit": f.limit, "offset": f.offset,
            "next_offset": f.offset + f.limit if more else None,
            "prev_offset": max(0, f.offset - f.limit) if f.offset else None, "filters": f.active()}


def story_payload(store: Any, story_id: str) -> dict[str, Any] | None:
    """One story with every report (sentence, document, outlet, agency); None if absent."""
    story = store.story(story_id)
    if story is None:
        return None
    story = dict(story)
    story["report_list"] = story.pop("report_list")
    return _jsonable(story)


def documents_payload(store: Any, page: Page) -> dict[str, Any]:
    """A page of stored documents (metadata, no text)."""
    rows = _rows(store.documents(limit=page.limit + 1, offset=page.offset, order_by="-published"))
    more = len(rows) > page.limit
    return {"documents": rows[: page.limit], "limit": page.limit, "offset": page.offset,
            "next_offset": page.offset + page.limit if more else None,
            "prev_offset": max(0, page.offset - page.limit) if page.offset else None}


def document_payload(store: Any, doc_id: str) -> dict[str, Any] | None:
    """One document with its events, quotes, actor mentions and dropped spans (None if absent)."""
    return store.document(doc_id)


def stats_payload(store: Any, include_negated: bool = False) -> dict[str, Any]:
    """Store counts (documents, events, stories, quotes, rejections, ...), JSON-ready."""
    return _jsonable(store.stats(include_negated=include_negated))


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


# -- the coder endpoint: bounded in size, time and concurrency -----------------------

class Coder:
    """Runs ``eventwire.code_document`` for the API, one text at a time, with a time limit.

    A thread cannot be killed, so a text that overruns keeps its worker busy until it
    finishes; the lock makes later requests get a 503 meanwhile instead of piling up.
    """

    def __init__(self, settings: Any, max_chars: int, timeout: float) -> None:
        self.settings, self.max_chars, self.timeout = settings, max_chars, timeout
        self._busy = threading.Lock()

    def _run(self, body: CodeRequest) -> dict[str, Any]:
        from .. import code_document

        try:
            result = code_document(body.text, body.date.isoformat() if body.date else None, origin="api",
                                   title=body.title, settings=self.settings)
        finally:
            self._busy.release()
        record = result.to_dict()
        record["mentions"] = [m.to_dict() for m in result.mentions]
        return record

    async def __call__(self, body: CodeRequest) -> dict[str, Any]:
        if len(body.text) > self.max_chars:
            raise HTTPException(413, f"text is {len(body.text)} characters; the limit is {self.max_chars}")
        if not self._busy.acquire(blocking=False):
            raise HTTPException(503, "the coder is busy with another text; try again in a moment")
        task = asyncio.get_running_loop().run_in_executor(None, self._run, body)
        try:
            return await asyncio.wait_for(asyncio.shield(task), self.timeout)
        except TimeoutError:
            raise HTTPException(504, f"coding took longer than {self.timeout:g} s; send a shorter text") from None


# -- routes ---------------------------------------------------------------------------

router = APIRouter(prefix="/api")


def get_store(request: Request) -> Any:
    """The app's Store (set by ``create_app``)."""
    return request.app.state.store


Store = Annotated[Any, Depends(get_store)]


def _next_url(request: Request, payload: dict[str, Any]) -> None:
    for key in ("next", "prev"):
        offset = payload.get(f"{key}_offset")
        payload[key] = str(request.url.include_query_params(offset=offset)) if offset is not None else None


@router.get("/events", tags=["events"], summary="Events with filters, sorting and paging")
def api_events(request: Request, store: Store, f: Annotated[EventFilters, Query()]) -> dict[str, Any]:
    """Events matching all the given filters, newest first by default; "next" links the next page."""
    payload = events_payload(store, f)
    _next_url(request, payload)
    return payload


@router.get("/dyads", tags=["aggregates"], summary="Dyad counts and Goldstein per period")
def api_dyads(store: Store, q: Annotated[DyadQuery, Query()]) -> dict[str, Any]:
    """Events per period and dyad with QuadClass counts, mean and total Goldstein."""
    return dyads_payload(store, q)


@router.get("/timeline", tags=["aggregates"], summary="All events per period by QuadClass")
def api_timeline(store: Store, q: Annotated[TimelineQuery, Query()]) -> dict[str, Any]:
    """Events between two countries per period, with QuadClass counts (the overview chart)."""
    return timeline_payload(store, q)


@router.get("/network", tags=["aggregates"], summary="Actor network for a period")
def api_network(store: Store, q: Annotated[NetworkQuery, Query()]) -> dict[str, Any]:
    """Actors as nodes; directed edges with event counts and mean Goldstein."""
    return network_payload(store, q)


@router.get("/actors", tags=["aggregates"], summary="Top actors by events")
def api_actors(store: Store, limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="How many actors.")] = 50,
               include_negated: Annotated[bool, Query(description="Count negated, hypothetical and denied "
                                                                  "events too.")] = False) -> dict[str, Any]:
    """The actors with the most events (as source or target)."""
    return actors_payload(store, limit, include_negated)


@router.get("/stories", tags=["stories"], summary="Stories: events fused across reports")
def api_stories(request: Request, store: Store, f: Annotated[StoryFilters, Query()]) -> dict[str, Any]:
    """One row per real-world event told by one or more reports, with its number of reports,
    documents and outlets; the filters select the reports."""
    payload = stories_payload(store, f)
    _next_url(request, payload)
    return payload


@router.get("/stories/{story_id}", tags=["stories"], summary="One story with every report",
            responses={404: {"description": "No story has this id."}})
def api_story(store: Store, story_id: Annotated[str, Path(pattern=STORY_ID)]) -> dict[str, Any]:
    """The story's dates, counts, outlets, agencies, canonical event and every report with its sentence."""
    payload = story_payload(store, story_id)
    if payload is None:
        raise HTTPException(404, f"no story {story_id}")
    return payload


@router.get("/documents", tags=["documents"], summary="Stored documents")
def api_documents(request: Request, store: Store, page: Annotated[Page, Query()]) -> dict[str, Any]:
    """A page of documents with their metadata."""
    payload = documents_payload(store, page)
    _next_url(request, payload)
    return payload


@router.get("/documents/{doc_id}", tags=["documents"], summary="One document with its coding",
            responses={404: {"description": "No stored document has this id."}})
def api_document(store: Store, doc_id: Annotated[str, Path(pattern=DOC_ID)]) -> dict[str, Any]:
    """The document's clean text and metadata with its events, quotes, actor mentions and dropped spans."""
    payload = document_payload(store, doc_id)
    if payload is None:
        raise HTTPException(404, f"no document {doc_id}")
    return payload


@router.get("/stats", tags=["aggregates"], summary="Store counts")
def api_stats(store: Store, include_negated: Annotated[bool, Query(description="Count negated, hypothetical "
                                                                              "and denied events too.")] = False
              ) -> dict[str, Any]:
    """Counts of documents, events, stories, quotes, rejections and the top roots and dyads."""
    return stats_payload(store, include_negated)


@router.post("/code", tags=["coder"], summary="Code one text (no store)",
             responses={413: {"description": "Text or body over the size limit."},
                        503: {"description": "The coder is busy with another text."},
                        504: {"description": "Coding took longer than the time limit."}})
async def api_code(request: Request, body: CodeRequest) -> dict[str, Any]:
    """Run the whole pipeline on one text and return the document record with its events.

    Nothing is stored. The text is limited in size (413) and in coding time (504).
    """
    coder: Coder = request.app.state.coder
    return await coder(body)
