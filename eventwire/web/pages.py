"""The dashboard's HTML pages: each renders the payload of its JSON twin in ``api.py``.

Pages are server-rendered (they work without JavaScript as tables); the charts are
drawn by ``static/charts.js`` from the same JSON the API serves.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Annotated, Any
from urllib.parse import parse_qs, urlencode

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError

from . import api
from .highlight import highlight

router = APIRouter(include_in_schema=False)
QUAD_LABELS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}


def render(request: Request, template: str, context: dict[str, Any], status_code: int = 200) -> Response:
    """Render ``template`` with ``context`` plus the request and the active page name."""
    templates = request.app.state.templates
    context = {"active": None, "json_url": None, **context}
    return templates.TemplateResponse(request, template, context, status_code=status_code)


@functools.lru_cache(maxsize=1)
def _cameo() -> dict[str, Any]:
    # the CAMEO codebook is package data (like models): reading it keeps web free of pipeline imports
    from ..codebooks.cameo import load_cameo

    return load_cameo()


def cameo_name(code: str | None) -> str:
    """The CAMEO name of a code ("114" -> "Complain officially"), or "" when unknown."""
    entry = _cameo().get(code or "")
    # the codebook spells names in capitals; sentence case reads better in tables
    return entry.name.capitalize() if entry else ""


def actor_label(actor: dict[str, Any] | None) -> str:
    """Short display of an actor dict: ``USAGOV (Joe Biden)`` or ``—`` when absent."""
    if not actor:
        return "—"
    name = actor.get("name") or actor.get("text")
    return f"{actor['code']} ({name})" if name and name != actor.get("code") else str(actor.get("code"))


def signed(value: float | None) -> str:
    """A Goldstein value with its sign (``+3.4``), or ``—``."""
    return "—" if value is None else f"{value:+.1f}"


def period_end(period: str, by: str) -> str:
    """The last day of the period starting on ``period`` (ISO date) for day/week/month/year."""
    start = dt.date.fromisoformat(period[:10])
    if by == "day":
        return start.isoformat()
    if by == "week":
        return (start + dt.timedelta(days=6)).isoformat()
    if by == "month":
        following = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
    else:
        following = dt.date(start.year + 1, 1, 1)
    return (following - dt.timedelta(days=1)).isoformat()


def _json_url(request: Request, path: str) -> str:
    query = request.url.query
    return f"{path}?{query}" if query else path


def _actor_choices(store: Any) -> list[str]:
    """Country and actor codes offered in the pickers, most frequent first."""
    seen: dict[str, None] = {}
    for row in api.actors_payload(store, 200)["actors"]:
        for key in (row.get("country"), row.get("code")):
            if key:
                seen.setdefault(key, None)
    return list(seen)


@router.get("/", response_class=HTMLResponse, name="overview_page")
def overview_page(request: Request) -> Response:
    """Counts, QuadClass over time (drawn from /api/timeline), busiest pairs and actors."""
    store = request.app.state.store
    stats = api.stats_payload(store)
    actors = api.actors_payload(store, 10)["actors"]
    return render(request, "overview.html", {"page_title": "Overview", "active": "overview_page",
                                             "json_url": "/api/stats", "stats": stats, "actors": actors,
                                             "quad_labels": QUAD_LABELS, "by": overview_period(stats)})


def overview_period(stats: dict[str, Any]) -> str:
    """Month bars for up to five years of events, year bars beyond (a chart stays readable)."""
    first, last = stats.get("first_date"), stats.get("last_date")
    if not (first and last):
        return "month"
    span = dt.date.fromisoformat(last[:10]) - dt.date.fromisoformat(first[:10])
    return "year" if span.days > 5 * 366 else "month"


@router.get("/dyads", response_class=HTMLResponse, name="dyads_page")
def dyads_page(request: Request, q: Annotated[api.DyadQuery, Query()]) -> Response:
    """Two actors' cooperation and conflict per period; twin of /api/dyads."""
    store = request.app.state.store
    payload = api.dyads_payload(store, q) if q.source and q.target else None
    return render(request, "dyads.html", {"page_title": "Dyad explorer", "active": "dyads_page",
                                          "json_url": _json_url(request, "/api/dyads") if payload else None,
                                          "q": q, "payload": payload, "choices": _actor_choices(store),
                                          "top_dyads": api.stats_payload(store).get("top_dyads", [])})


@router.get("/network", response_class=HTMLResponse, name="network_page")
def network_page(request: Request, q: Annotated[api.NetworkQuery, Query()]) -> Response:
    """Actors and their strongest directed links for a period; twin of /api/network."""
    payload = api.network_payload(request.app.state.store, q)
    return render(request, "network.html", {"page_title": "Actor network", "active": "network_page",
                                            "json_url": _json_url(request, "/api/network"), "q": q,
                                            "payload": payload})


@router.get("/events", response_class=HTMLResponse, name="events_page")
def events_page(request: Request, f: Annotated[api.EventFilters, Query()]) -> Response:
    """The filterable, paged events table; twin of /api/events."""
    payload = api.events_payload(request.app.state.store, f)
    return render(request, "events.html", {
        "page_title": "Events", "active": "events_page", "json_url": _json_url(request, "/api/events"),
        "f": f, "payload": payload, "sortable": api.SORTABLE,
        "next_url": _page_url(request, payload["next_offset"]), "prev_url": _page_url(request, payload["prev_offset"]),
    })


@router.get("/stories", response_class=HTMLResponse, name="stories_page")
def stories_page(request: Request, f: Annotated[api.StoryFilters, Query()]) -> Response:
    """Stories (events fused across reports) with their report counts; twin of /api/stories."""
    payload = api.stories_payload(request.app.state.store, f)
    return render(request, "stories.html", {
        "page_title": "Stories", "active": "stories_page", "json_url": _json_url(request, "/api/stories"),
        "f": f, "payload": payload,
        "next_url": _page_url(request, payload["next_offset"]), "prev_url": _page_url(request, payload["prev_offset"]),
    })


@router.get("/stories/{story_id}", response_class=HTMLResponse, name="story_page")
def story_page(request: Request, story_id: Annotated[str, Path(pattern=api.STORY_ID)]) -> Response:
    """One story and every report of it with its sentence; twin of /api/stories/{id}."""
    story = api.story_payload(request.app.state.store, story_id)
    if story is None:
        return render(request, "error.html", {"page_title": "Not found",
                                              "message": f"There is no story {story_id} in this store."},
                      status_code=404)
    return render(request, "story.html", {"page_title": "Story", "active": "stories_page",
                                          "json_url": f"/api/stories/{story_id}", "story": story})


def _page_url(request: Request, offset: int | None) -> str | None:
    if offset is None:
        return None
    params = {k: v for k, v in request.query_params.items() if k != "offset" and v != ""}
    params["offset"] = str(offset)
    return f"{request.url.path}?{urlencode(params)}"


@router.get("/documents", response_class=HTMLResponse, name="documents_page")
def documents_page(request: Request, page: Annotated[api.Page, Query()]) -> Response:
    """Stored documents, newest first; twin of /api/documents."""
    payload = api.documents_payload(request.app.state.store, page)
    return render(request, "documents.html", {
        "page_title": "Documents", "active": "documents_page", "json_url": _json_url(request, "/api/documents"),
        "payload": payload, "next_url": _page_url(request, payload["next_offset"]),
        "prev_url": _page_url(request, payload["prev_offset"]),
    })


@router.get("/documents/{doc_id}", response_class=HTMLResponse, name="document_page")
def document_page(request: Request, doc_id: Annotated[str, Path(pattern=api.DOC_ID)]) -> Response:
    """One document's text with its events, actors, quotes and dropped spans; twin of /api/documents/{id}."""
    record = api.document_payload(request.app.state.store, doc_id)
    if record is None:
        return render(request, "error.html", {"page_title": "Not found",
                                              "message": f"There is no document {doc_id} in this store."},
                      status_code=404)
    return render(request, "document.html", {
        "page_title": record.get("title") or "Document", "active": "documents_page",
        "json_url": f"/api/documents/{doc_id}", "doc": record, "segments": highlight(record),
        "quad_labels": QUAD_LABELS,
    })


@router.get("/try", response_class=HTMLResponse, name="try_page")
def try_page(request: Request) -> Response:
    """The empty "try it" form."""
    return render(request, "try.html", {"page_title": "Try it", "active": "try_page", "form": {}})


@router.post("/try", response_class=HTMLResponse)
async def try_submit(request: Request) -> Response:
    """Code the posted text (as POST /api/code does) and show it like a stored document."""
    # a plain HTML form post (urlencoded), so "try it" works without JavaScript too
    form = {k: v[0] for k, v in parse_qs((await request.body()).decode("utf-8", "replace")).items()}
    context: dict[str, Any] = {"page_title": "Try it", "active": "try_page", "form": form}
    try:
        body = api.CodeRequest(text=form.get("text", ""), date=form.get("date") or None)
    except ValidationError as e:
        context["error"] = "; ".join(f"{'.'.join(map(str, x['loc']))}: {x['msg']}" for x in e.errors())
        return render(request, "try.html", context, status_code=400)
    record = await request.app.state.coder(body)
    context.update(doc=record, segments=highlight(record), quad_labels=QUAD_LABELS)
    return render(request, "try.html", context)


@router.get("/docs", response_class=HTMLResponse, name="api_docs_page")
def api_docs_page(request: Request) -> Response:
    """The OpenAPI description as a readable page (Swagger UI would need a CDN)."""
    spec = request.app.openapi()
    return render(request, "apidocs.html", {"page_title": "REST API", "spec": spec,
                                            "json_url": "/openapi.json"})
