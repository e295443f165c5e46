"""Loopback load on ``eventwire serve``: requests/s, p50, p95 and errors per URL, with and without an ingest.

One run:

1. ingests the corpus (default ``../shared/data/corpus/articles.jsonl``, 224 articles; the bundled 60
   when absent) into a temporary data directory;
2. starts ``eventwire serve`` on a free loopback port, exactly as a user would;
3. for each URL, ``--clients`` concurrent clients (one keep-alive connection each, a minimal asyncio
   HTTP/1.1 client: see ``_Connection``) send ``--requests`` requests in all, or stop after
   ``--seconds``, whichever comes first;
4. the same again while a second ``eventwire ingest`` commits new documents into the store every few
   documents (``--commit-size 4``), from its first commit on, each URL for ``--seconds`` (at most
   20 x ``--requests``) so that it is read across several commits;
5. stops the server and removes the directory.

Every run is bounded in count and time and stops by itself; nothing leaves the loopback interface.
Run alone: ``.venv/bin/python bench/web_load.py``; ``make bench`` runs it as its ``web`` part.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED_CORPUS = ROOT.parent / "shared" / "data" / "corpus" / "articles.jsonl"
BUNDLED_CORPUS = ROOT / "eventwire" / "data" / "corpus" / "articles.jsonl"
#: the API calls the serving targets are about, then the pages and the other aggregates
URLS = ("/api/stats", "/api/events", "/api/dyads", "/api/actors", "/api/network",
        "/", "/events", "/dyads?source=USA&target=RUS", "/network")
TARGET_RPS, TARGET_P95_MS = 300, 100


def _env(root: Path = ROOT) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(root) + os.pathsep + os.environ.get("PYTHONPATH", "")}


def _eventwire(*args: str, root: Path = ROOT, **kwargs: Any) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "eventwire", *args], env=_env(root), cwd=root, **kwargs)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def server(data: Path, *extra: str, root: Path = ROOT) -> Iterator[str]:
    """``eventwire serve`` (of the checkout at ``root``) on a free loopback port; yields its base URL."""
    import httpx

    port = free_port()
    proc = _eventwire("serve", "--data", str(data), "--port", str(port), *extra, root=root,
                      stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"serve exited: {proc.stderr.read().decode()[-500:]}")
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(base + "/api/stats", timeout=5).status_code < 500:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError("serve did not answer within 60 s")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _percentile(values: Sequence[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


class _Connection:
    """One keep-alive HTTP/1.1 connection that sends GETs and reads whole answers.

    The load must measure the server, not the client: ``httpx.AsyncClient`` costs about 2.5 ms
    of CPU per request here, eight times what the server spends on a cached answer, so on a
    2-core machine the client would be what is measured. This client only writes a request
    line and reads a ``Content-Length`` (or chunked) body: about 0.1 ms per request.
    """

    def __init__(self, host: str, port: int, headers: dict[str, str]) -> None:
        self.host, self.port = host, port
        self.extra = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n{self.extra}\r\n".encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        fields = {k.strip().lower(): v.strip() for k, _, v in (x.partition(":") for x in lines[1:] if x)}
        if "content-length" in fields:
            body = await self.reader.readexactly(int(fields["content-length"]))
        elif fields.get("transfer-encoding") == "chunked":
            parts = []
            while size := int((await self.reader.readuntil(b"\r\n")).strip(), 16):
                parts.append(await self.reader.readexactly(size))
                await self.reader.readexactly(2)
            await self.reader.readuntil(b"\r\n")
            body = b"".join(parts)
        else:
            body = await self.reader.read()
        if fields.get("connection", "").lower() == "close":
            await self.close()
        return status, body

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None


async def _load(base: str, path: str, clients: int, requests: int, seconds: float,
                headers: dict[str, str]) -> dict[str, Any]:
    from urllib.parse import urlsplit

    url = urlsplit(base)
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    budget = [requests]
    stop_at = time.perf_counter() + seconds

    async def client() -> None:
        connection = _Connection(url.hostname or "127.0.0.1", url.port or 80, headers)
        try:
            while budget[0] > 0 and time.perf_counter() < stop_at:
                budget[0] -= 1
                started = time.perf_counter()
                try:
                    status, _ = await asyncio.wait_for(connection.get(path), 30)
                    key = str(status)
                except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, ValueError) as e:
                    key = type(e).__name__
                    await connection.close()
                latencies.append(time.perf_counter() - started)
                statuses[key] = statuses.get(key, 0) + 1
        finally:
            await connection.close()

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    wall = time.perf_counter() - started
    ms = [x * 1000 for x in latencies]
    return {"url": path, "requests": len(ms), "seconds": round(wall, 2),
            "rps": round(len(ms) / wall, 1) if wall else 0.0,
            "p50_ms": round(_percentile(ms, 0.50), 1), "p95_ms": round(_percentile(ms, 0.95), 1),
            "errors": sum(n for k, n in statuses.items() if k != "200"), "statuses": statuses}


def load_run(base: str, urls: Sequence[str], *, clients: int = 16, requests: int = 1500,
             seconds: float = 15.0, headers: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """Each URL in turn: ``clients`` concurrent keep-alive clients, ``requests`` in all or ``seconds``."""
    out = []
    for path in urls:
        asyncio.run(_load(base, path, clients, min(requests, 4 * clients), seconds, headers or {}))  # warm-up
        out.append(asyncio.run(_load(base, path, clients, requests, seconds, headers or {})))
    return out


def corpus_path() -> Path:
    return SHARED_CORPUS if SHARED_CORPUS.is_file() else BUNDLED_CORPUS


def extra_documents(path: Path, source: Path, copies: int = 2) -> Path:
    """New distinct documents (perturbed copies of the corpus) for the concurrent ingest."""
    records = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    with path.open("w", encoding="utf-8") as fh:
        for k in range(1, copies + 1):
            for i, r in enumerate(records):
                fh.write(json.dumps({**r, "id": f"{r.get('id', i)}-load{k}",
                                     "text": f"{r['text']}\n\nLoad copy {k}."}) + "\n")
    return path


def run(*, clients: int = 16, requests: int = 1500, seconds: float = 15.0, workers: int = 2,
        urls: Sequence[str] = URLS, token: str | None = None, store: Path | None = None,
        serve_root: Path = ROOT, corpus: Path | None = None) -> dict[str, Any]:
    """The whole benchmark (see the module docstring); returns its figures.

    ``store`` starts from a copy of an existing data directory instead of ingesting the
    corpus; ``serve_root`` serves with another checkout (an older commit, for before/after).
    The concurrent ingest always runs this checkout: if it migrates the store to a schema
    the served checkout does not know, that checkout answers 503 (counted as errors).
    """
    import shutil

    corpus = corpus or corpus_path()
    with tempfile.TemporaryDirectory(prefix="eventwire-load-") as tmp:
        data = Path(tmp) / "data"
        built = time.perf_counter()
        if store is not None:
            shutil.copytree(store, data)
        else:
            ingest = _eventwire("ingest", str(corpus), "--data", str(data), "--workers", str(workers),
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            if ingest.wait(timeout=3600) != 0:
                raise RuntimeError(f"ingest failed: {ingest.stderr.read().decode()[-500:]}")
        from eventwire.store import Store

        with Store(data) as store:
            stats = store.stats()
        result: dict[str, Any] = {
            "corpus": corpus.name, "documents": stats["documents"], "events": stats["events"],
            "ingest_seconds": round(time.perf_counter() - built, 1),
            "config": {"clients": clients, "requests_per_url": requests, "seconds_per_url": seconds,
                       "token": bool(token)}}
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        extra = ("--token", token) if token else ()
        with server(data, *extra, root=serve_root) as base:
            result["idle"] = load_run(base, urls, clients=clients, requests=requests, seconds=seconds,
                                      headers=headers)
            more = extra_documents(Path(tmp) / "more.jsonl", corpus)
            writer = _eventwire("ingest", str(more), "--data", str(data), "--workers", "1", "--batch-size", "4",
                                "--commit-size", "4", stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            try:
                # load only once the writer commits (its model takes a while to load), and for the
                # whole time per URL, so that every URL is read across several commits
                before, deadline = _commits(data), time.monotonic() + 300
                while _commits(data) == before and writer.poll() is None and time.monotonic() < deadline:
                    time.sleep(0.2)
                before = _commits(data)
                result["with_ingest"] = load_run(base, urls, clients=clients, requests=20 * requests,
                                                 seconds=seconds, headers=headers)
                result["ingest_commits_during_load"] = _commits(data) - before
            finally:
                writer.terminate()
                writer.wait(timeout=60)
    return result


def _commits(data: Path) -> int:
    return sum(1 for n in os.listdir(data / "_commits") if n.endswith(".json") and not n.startswith("."))


def rows(result: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(figure, value, target) rows for bench.py's table."""
    out = []
    for phase, label in (("idle", ""), ("with_ingest", " +ingest")):
        for r in result.get(phase, ()):
            target = f">= {TARGET_RPS}/s, p95 <= {TARGET_P95_MS} ms" if r["url"] in URLS[:3] else ""
            out.append((f"GET {r['url']}{label}: req/s, p50/p95 ms, errors",
                        f"{r['rps']}, {r['p50_ms']}/{r['p95_ms']}, {r['errors']}", target))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=1500, help="requests per URL, at most")
    parser.add_argument("--seconds", type=float, default=15.0, help="seconds per URL, at most")
    parser.add_argument("--workers", type=int, default=2, help="processes of the ingest that builds the store")
    parser.add_argument("--url", action="append", help="only these paths (repeatable)")
    parser.add_argument("--corpus", type=Path, help="articles to ingest (default: ../shared's 224, else the bundled 60)")
    parser.add_argument("--store", type=Path, help="start from a copy of this data directory (no ingest)")
    parser.add_argument("--serve-root", type=Path, default=ROOT,
                        help="serve with the eventwire of this checkout (e.g. an older commit, for before/after)")
    parser.add_argument("--out", default=None, help="also write the figures here (JSON)")
    args = parser.parse_args()
    result = run(clients=args.clients, requests=args.requests, seconds=args.seconds, workers=args.workers,
                 urls=args.url or URLS, store=args.store, serve_root=args.serve_root.resolve(),
                 corpus=args.corpus)
    width = max(len(r[0]) for r in rows(result))
    for name, value, target in rows(result):
        print(f"{name:<{width}}  {value:>24}  {target}")
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
