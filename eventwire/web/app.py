"""``create_app(store)``: the read-only dashboard and REST API over a Store.

The app only reads: every route is a GET except ``POST /api/code`` (and the HTML
form of the same at ``POST /try``), which codes one text without touching the store,
and, with a token, ``POST /login``, which only sets a cookie.
Errors are JSON under ``/api`` and a readable page elsewhere; bad parameters are a
4xx naming the parameter, never a 500.

Example::

    from eventwire.store import Store
    from eventwire.web import create_app
    app = create_app(Store("eventwire-data"))      # then: uvicorn.run(app)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import ConfigError, EventwireError, ModelError, StoreError
from . import api, pages
from .auth import TokenAuth
from .cache import ResponseCache, StoreGeneration

HERE = Path(__file__).resolve().parent
DEFAULT_MAX_BODY_BYTES = 256 * 1024
DEFAULT_MAX_CODE_CHARS = 50_000
DEFAULT_CODE_TIMEOUT = 30.0
# scripts and styles only from this app: the dashboard works offline and cannot load anything else
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")


def create_app(store: Any, *, settings: Any = None, max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
               max_code_chars: int = DEFAULT_MAX_CODE_CHARS, code_timeout: float = DEFAULT_CODE_TIMEOUT,
               cors_origins: tuple[str, ...] | list[str] = (), cache: bool = True,
               token: str | None = None) -> FastAPI:
    """Build the dashboard + API app over ``store``.

    Args:
        store: an ``eventwire.store.Store`` (only its query methods are used).
        settings: Settings for ``POST /api/code`` (packaged defaults when None).
        max_body_bytes: largest request body accepted (413 above).
        max_code_chars: largest text ``POST /api/code`` codes (413 above).
        code_timeout: seconds ``POST /api/code`` may take (504 after).
        cors_origins: browser origins allowed to call the API; none by default.
        cache: replay answers while the store's committed state is unchanged (see ``cache.py``).
        token: when given, every request needs it as a bearer header or the login cookie
            (see ``auth.py``).

    Returns:
        A FastAPI application.

    Example::

        from fastapi.testclient import TestClient
        client = TestClient(create_app(Store("eventwire-data")))
        client.get("/api/events", params={"dyad": "USA-CHN"}).json()["events"]
    """
    from .. import __version__

    # no trailing-slash redirects: Starlette decodes "%2F" before routing, so an id holding a slash
    # ("/api/documents/%2F") was redirected to the document list; a path names a route or is a 404
    app = FastAPI(title="eventwire", version=__version__, docs_url=None, redoc_url=None, redirect_slashes=False,
                  description="Political event data (CAMEO/PLOVER) from news text: who did what to whom, "
                              "when, where, and who said so. Read-only over one data directory; every "
                              "dashboard page has a JSON twin here.")
    app.state.store = store
    app.state.coder = api.Coder(settings, max_code_chars, code_timeout)
    app.state.templates = _templates(store, __version__)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    _add_error_handlers(app)
    # innermost: replays answers while the store is unchanged (every middleware outside still runs)
    path = getattr(store, "path", None)
    app.state.generation = StoreGeneration(path) if cache and path is not None else None
    app.add_middleware(ResponseCache, generation=app.state.generation)
    if token:
        app.add_middleware(TokenAuth, token=token)  # outside the cache: no answer without the token
    if cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["Content-Type", "Authorization"] if token else ["Content-Type"])
    app.add_middleware(_SecurityHeaders)
    app.add_middleware(_BodyLimit, max_bytes=max_body_bytes)
    return app


def _templates(store: Any, version: str) -> Jinja2Templates:
    templates = Jinja2Templates(directory=HERE / "templates")
    env = templates.env
    # the directory's name only: the server's file-system layout is none of a viewer's business
    env.globals.update(version=version, data_dir=Path(str(getattr(store, "path", ""))).name, url_for=_path_for)
    env.filters.update(cameo_name=pages.cameo_name, actor_label=pages.actor_label, signed=pages.signed,
                       period_end=pages.period_end)
    return templates


@pass_context
def _path_for(context: dict[str, Any], name: str, /, **params: Any) -> str:
    """Root-relative links (``/static/app.css``), right behind any host name or proxy."""
    return str(context["request"].app.url_path_for(name, **params))


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def _error(request: Request, status: int, message: Any) -> Response:
    if _wants_json(request):
        return JSONResponse({"detail": message}, status_code=status)
    titles = {400: "Bad request", 404: "Not found", 405: "Not allowed", 413: "Too large", 503: "Unavailable"}
    return pages.render(request, "error.html", {"page_title": titles.get(status, "Error"),
                                                "message": message}, status_code=status)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "body", "path"))
        parts.append(f"{where}: {err.get('msg')}" if where else str(err.get("msg")))
    return "; ".join(parts)


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        if _wants_json(request):
            # FastAPI's usual shape (documented in the OpenAPI spec), plus one readable line
            # only plain fields: an error's ``ctx`` may hold the exception object itself
            detail = [{"loc": list(e.get("loc", ())), "msg": str(e.get("msg")), "type": str(e.get("type"))}
                      for e in exc.errors()]
            return JSONResponse({"detail": detail, "message": _validation_message(exc)}, status_code=422)
        return _error(request, 400, _validation_message(exc))

    @app.exception_handler(StoreError)
    async def _store_error(request: Request, exc: StoreError) -> Response:
        # E41x are bad query values the store caught; anything else is the data directory
        status = 400 if exc.code.startswith("E41") else 503
        return _error(request, status, str(exc))

    @app.exception_handler(EventwireError)
    async def _coder_error(request: Request, exc: EventwireError) -> Response:
        # from POST /api/code: a missing model or bad settings are ours (503); anything else is the
        # pipeline refusing this text (E001 "no text left after cleaning" for "\u00a0"), the client's
        return _error(request, 503 if isinstance(exc, (ModelError, ConfigError)) else 422, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return _error(request, exc.status_code, exc.detail)


class _SecurityHeaders:
    """Adds CSP, nosniff and no-referrer headers to every response."""

    HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
               (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY")]

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + self.HEADERS
            await send(message)

        await self.app(scope, receive, send_with_headers)


class _BodyLimit:
    """Rejects request bodies over ``max_bytes`` with 413, by header or while streaming."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers") or ()).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_bytes):
            await self._too_large(scope, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise _TooLarge
            return message

        try:
            await self.app(scope, counted, send)
        except _TooLarge:
            await self._too_large(scope, send)

    async def _too_large(self, scope: Scope, send: Send) -> None:
        body = f'{{"detail": "request body larger than {self.max_bytes} bytes"}}'.encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass

