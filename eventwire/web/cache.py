"""Response cache of the dashboard and API, keyed on the store's generation.

Every answer of the app is a function of the request and of the store's committed
state. That state changes only when a writer commits (a new marker in ``_commits/``),
a compaction replaces batches (markers come and go) or a migration rewrites
``_meta.json``. :class:`StoreGeneration` turns that into a number that moves with each
change and costs two ``stat`` calls per request while nothing changes, so a response
computed for generation *g* can be replayed as long as the store is still at *g*:
a commit makes every entry unreachable at once and no page ever mixes two states.

Only successful ``GET`` answers are kept (no error, no ``Set-Cookie``, bounded in
size), keyed on method, scheme, host, path and query string; concurrent requests
for the same missing entry wait for the first one instead of all querying the store.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections import OrderedDict
from pathlib import Path
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..store._layout import COMMITS, META

#: a directory's mtime comes from a coarse clock (a few ms); a listing is trusted to stay
#: current on an unchanged mtime only once that mtime is older than this (as git does with its
#: index), so two commits within one clock tick can never hide the second
RACY_NS = 1_000_000_000
MAX_ENTRIES = 512
MAX_ENTRY_BYTES = 2 * 1024 * 1024
MAX_TOTAL_BYTES = 64 * 1024 * 1024


class StoreGeneration:
    """A number that changes whenever the committed state of the store at ``root`` changes.

    Args:
        root: the data directory.
    """

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self._stamp: tuple[int, ...] | None = None
        self._names: frozenset[str] | None = None
        self._trusted = False
        self.value = 0

    def _stat(self) -> tuple[int, ...]:
        commits = os.stat(self.root / COMMITS)
        try:
            meta = os.stat(self.root / META)
            meta_stamp = (meta.st_mtime_ns, meta.st_size, meta.st_ino)
        except FileNotFoundError:
            meta_stamp = (0, 0, 0)
        return (commits.st_mtime_ns, commits.st_ino, *meta_stamp)

    def current(self) -> int:
        """The generation now (a listing of ``_commits/`` only when its mtime moved or is recent)."""
        try:
            stamp = self._stat()
        except OSError:
            # not (yet) a store: never reuse an answer
            self.value += 1
            self._stamp, self._trusted = None, False
            return self.value
        if stamp == self._stamp and self._trusted:
            return self.value
        names = frozenset(n for n in os.listdir(self.root / COMMITS) if n.endswith(".json") and not n.startswith("."))
        if names != self._names or stamp[2:] != (self._stamp or (0, 0, 0))[2:]:
            self.value += 1
            self._names = names
        self._stamp = stamp
        self._trusted = time.time_ns() - max(stamp[0], stamp[2]) > RACY_NS
        return self.value


class ResponseCache:
    """ASGI middleware replaying successful GET answers while the store's generation holds.

    Args:
        app: the wrapped application.
        generation: the store's :class:`StoreGeneration` (None: a store without a
            directory, nothing is cached).
        max_entries, max_entry_bytes, max_total_bytes: bounds of the cache.
    """

    def __init__(self, app: ASGIApp, generation: StoreGeneration | None, *, max_entries: int = MAX_ENTRIES,
                 max_entry_bytes: int = MAX_ENTRY_BYTES, max_total_bytes: int = MAX_TOTAL_BYTES) -> None:
        self.app, self.generation = app, generation
        self.max_entries, self.max_entry_bytes, self.max_total_bytes = max_entries, max_entry_bytes, max_total_bytes
        self._entries: OrderedDict[tuple[Any, ...], tuple[int, list[tuple[bytes, bytes]], bytes]] = OrderedDict()
        self._bytes = 0
        self._inflight: dict[tuple[Any, ...], asyncio.Future[None]] = {}
        self.hits = self.misses = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or self.generation is None \
                or scope["path"].startswith("/static/"):
            await self.app(scope, receive, send)
            return
        host = next((v for k, v in scope.get("headers") or () if k == b"host"), b"")
        generation = self.generation.current()
        key = (generation, scope.get("scheme"), host, scope.get("root_path", ""), scope["path"],
               scope.get("query_string", b""))
        while True:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
                self.hits += 1
                status, headers, body = entry
                # fresh messages: outer middleware may add headers to the one it is given
                await send({"type": "http.response.start", "status": status, "headers": list(headers)})
                await send({"type": "http.response.body", "body": body})
                return
            waiting = self._inflight.get(key)
            if waiting is None:
                break
            await asyncio.shield(waiting)  # the first request for this key is computing it
            if key not in self._entries:
                break  # it was not cacheable: compute our own
        self.misses += 1
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._inflight[key] = done
        try:
            await self._compute(key, scope, receive, send)
        finally:
            del self._inflight[key]
            done.set_result(None)

    async def _compute(self, key: tuple[Any, ...], scope: Scope, receive: Receive, send: Send) -> None:
        start: Message | None = None
        chunks: list[bytes] = []
        size = 0
        cacheable = True

        async def capture(message: Message) -> None:
            nonlocal start, size, cacheable
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or ())
                start = {"status": message["status"], "headers": headers}  # before anyone outside adds to it
                cacheable = message["status"] == 200 and not any(k.lower() == b"set-cookie" for k, _ in headers)
            elif message["type"] == "http.response.body" and cacheable:
                chunks.append(message.get("body", b""))
                size += len(chunks[-1])
                if size > self.max_entry_bytes:
                    cacheable = False
                    chunks.clear()
            await send(message)

        await self.app(scope, receive, capture)
        if cacheable and start is not None:
            self._store(key, start, b"".join(chunks))

    def _store(self, key: tuple[Any, ...], start: Message, body: bytes) -> None:
        generation = key[0]
        # entries of older generations can never be asked for again
        for old in [k for k in self._entries if k[0] != generation]:
            self._bytes -= len(self._entries.pop(old)[2])
        self._entries[key] = (start["status"], start["headers"], body)
        self._bytes += len(body)
        while self._entries and (len(self._entries) > self.max_entries or self._bytes > self.max_total_bytes):
            self._bytes -= len(self._entries.popitem(last=False)[1][2])
