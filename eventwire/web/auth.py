"""Token access to the dashboard and API: ``eventwire serve --token TOKEN`` (or ``EVENTWIRE_TOKEN``).

With a token set, every request needs it, in one of two forms:

* ``Authorization: Bearer TOKEN`` (scripts, ``curl``);
* the cookie that the login page (``/login``) sets after the token was typed once
  (browsers). The cookie holds an HMAC of the token, not the token itself, and is
  ``HttpOnly`` and ``SameSite=Strict``.

Both are compared in constant time (``hmac.compare_digest``). Without them, ``/api/...``
answers 401 (JSON, ``WWW-Authenticate: Bearer``) and a page redirects to the login
page, which then returns to it. Logging in writes nothing anywhere: the app stays
read-only. ``/logout`` clears the cookie.
"""

from __future__ import annotations

import hashlib
import hmac
import html
from http.cookies import CookieError, SimpleCookie
from urllib.parse import parse_qs, quote, urlsplit

from starlette.types import ASGIApp, Receive, Scope, Send

COOKIE = "eventwire_token"
LOGIN, LOGOUT = "/login", "/logout"
MAX_LOGIN_BODY = 8 * 1024

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Log in · eventwire</title>
<style>body{{font:16px/1.5 system-ui,sans-serif;max-width:26rem;margin:4rem auto;padding:0 1rem;color:#222}}
input{{font:inherit;width:100%;padding:.4rem;margin:.3rem 0 1rem;box-sizing:border-box}}
button{{font:inherit;padding:.4rem 1rem}}.error{{color:#a00}}</style></head>
<body><h1>eventwire</h1><p>This dashboard needs the access token it was started with.</p>{error}
<form method="post" action="/login"><input type="hidden" name="next" value="{next}">
<label for="token">Token</label><input id="token" name="token" type="password" autocomplete="current-password"
autofocus required><button type="submit">Log in</button></form></body></html>
"""


def _safe_next(target: str) -> str:
    """A same-site path to return to after login ("/" for anything else: no open redirect)."""
    parts = urlsplit(target)
    if not target.startswith("/") or target.startswith("//") or "\\" in target or parts.scheme or parts.netloc:
        return "/"
    return target


class TokenAuth:
    """ASGI middleware requiring ``token`` on every HTTP request (see the module docstring).

    Args:
        app: the wrapped application.
        token: the shared secret (non-empty).
    """

    def __init__(self, app: ASGIApp, token: str) -> None:
        if not token:
            raise ValueError("an empty token protects nothing")
        self.app = app
        self._token = token.encode()
        self._digest = hashlib.sha256(self._token).digest()
        self._cookie = hmac.new(self._token, b"eventwire dashboard cookie", hashlib.sha256).hexdigest().encode()

    def _matches(self, given: bytes) -> bool:
        # digests first: equal lengths, so the comparison does not even tell the token's length
        return hmac.compare_digest(hashlib.sha256(given).digest(), self._digest)

    def _bearer_ok(self, value: bytes) -> bool:
        scheme, _, credentials = value.partition(b" ")
        return scheme.lower() == b"bearer" and self._matches(credentials.strip())

    def _cookie_ok(self, value: bytes) -> bool:
        try:
            jar = SimpleCookie(value.decode("latin-1"))
        except CookieError:
            return False
        morsel = jar.get(COOKIE)
        return morsel is not None and hmac.compare_digest(morsel.value.encode("latin-1"), self._cookie)

    def authorized(self, scope: Scope) -> bool:
        """Whether the request carries the token (header) or the login cookie."""
        ok = False
        for name, value in scope.get("headers") or ():
            # no early return: every request costs the same, whichever header is wrong
            if name == b"authorization":
                ok |= self._bearer_ok(value)
            elif name == b"cookie":
                ok |= self._cookie_ok(value)
        return ok

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)  # lifespan; the app serves no websockets
            return
        path = scope["path"]
        if path == LOGIN:
            await self._login(scope, receive, send)
        elif path == LOGOUT:
            await _respond(send, 303, b"", [(b"location", LOGIN.encode()),
                                           (b"set-cookie", self._set_cookie(scope, b""))])
        elif self.authorized(scope):
            await self.app(scope, receive, send)
        elif path.startswith("/api/") or path == "/openapi.json" or scope["method"] != "GET":
            await _respond(send, 401, b'{"detail": "this server needs its access token: send '
                           b'Authorization: Bearer <token>"}',
                           [(b"content-type", b"application/json"), (b"www-authenticate", b'Bearer realm="eventwire"')])
        else:
            query = scope.get("query_string", b"").decode("latin-1")
            target = path + (f"?{query}" if query else "")
            await _respond(send, 303, b"", [(b"location", f"{LOGIN}?next={quote(target, safe='')}".encode())])

    def _set_cookie(self, scope: Scope, value: bytes) -> bytes:
        cookie = b"%s=%s; Path=/; HttpOnly; SameSite=Strict" % (COOKIE.encode(), value)
        if scope.get("scheme") == "https":
            cookie += b"; Secure"
        return cookie + (b"" if value else b"; Max-Age=0")

    async def _login(self, scope: Scope, receive: Receive, send: Send) -> None:
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        if scope["method"] != "POST":
            await self._page(send, 200, query.get("next", ["/"])[0], "")
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if len(body) > MAX_LOGIN_BODY:
                await _respond(send, 413, b"login form too large", [(b"content-type", b"text/plain")])
                return
            if not message.get("more_body"):
                break
        form = parse_qs(body.decode("utf-8", "replace"))
        target = _safe_next(form.get("next", ["/"])[0])
        if self._matches(form.get("token", [""])[0].encode()):
            await _respond(send, 303, b"", [(b"location", target.encode("utf-8")),
                                           (b"set-cookie", self._set_cookie(scope, self._cookie))])
        else:
            await self._page(send, 401, target, "wrong token")

    @staticmethod
    async def _page(send: Send, status: int, target: str, error: str) -> None:
        text = _PAGE.format(next=html.escape(_safe_next(target)),
                            error=f'<p class="error">{html.escape(error)}</p>' if error else "")
        await _respond(send, status, text.encode("utf-8"), [(b"content-type", b"text/html; charset=utf-8"),
                                                            (b"cache-control", b"no-store")])


async def _respond(send: Send, status: int, body: bytes, headers: list[tuple[bytes, bytes]]) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [*headers, (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
