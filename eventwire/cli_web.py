"""``eventwire serve``: the dashboard and REST API over a data directory.

Kept out of ``cli.py`` so the CLI starts without importing FastAPI; the lead
registers it with ``cli.add_command(serve)``.
"""

from __future__ import annotations

import ipaddress
from typing import Any

import click

LOOPBACK_HOSTS = {"localhost"}
MAX_CONNECTIONS = 100


def is_loopback(host: str) -> bool:
    """Whether ``host`` only listens on this machine (127.0.0.0/8, ::1 or localhost).

    Args:
        host: the interface name or address given to ``--host``.

    Returns:
        True for loopback addresses and ``localhost``.
    """
    if host in LOOPBACK_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@click.command()
@click.option("--data", default=None, help="Data directory (default ./eventwire-data).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on; loopback by default (the dashboard has no login).")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--cors-origin", "cors_origins", multiple=True,
              help="Allow browser pages from this origin to call the API (repeatable; off by default).")
@click.pass_context
def serve(ctx: click.Context, data: str | None, host: str, port: int, cors_origins: tuple[str, ...]) -> None:
    """Serve the dashboard and the REST API (read-only) over a data directory.

    Works while an ingest runs. The OpenAPI description is at /docs and /openapi.json.

    Example: eventwire serve --data eventwire-data --port 8000
    """
    from .config import load_settings
    from .errors import EventwireError

    obj: dict[str, Any] = ctx.find_root().obj or {}
    settings = load_settings(obj.get("config"), model=obj.get("model"))
    try:
        app = build_app(data or settings.data_dir, settings, cors_origins)
    except EventwireError as e:
        raise click.ClickException(str(e)) from None
    if not is_loopback(host):
        click.echo(f"warning: listening on {host}: anyone who can reach this address can read the data "
                   "and use the coder (there is no login)", err=True)
    click.echo(f"eventwire dashboard on http://{_url_host(host)}:{port}/ (Ctrl+C to stop)", err=True)
    import uvicorn

    # bounded concurrency: past it clients get a 503 instead of queueing until memory runs out
    uvicorn.run(app, host=host, port=port, log_level="warning", limit_concurrency=MAX_CONNECTIONS,
                server_header=False, timeout_keep_alive=5)


def build_app(data_dir: str, settings: Any, cors_origins: tuple[str, ...] = ()) -> Any:
    """The FastAPI app for the store in ``data_dir`` (raises StoreError when it is not a store).

    Args:
        data_dir: the data directory to serve.
        settings: Settings used by ``POST /api/code``.
        cors_origins: browser origins allowed to call the API.

    Returns:
        The ASGI application.
    """
    from .store import Store
    from .web import create_app

    return create_app(Store(data_dir), settings=settings, cors_origins=cors_origins)


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host
