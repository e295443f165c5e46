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
MIN_TOKEN_CHARS = 16


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
              help="Interface to listen on; loopback by default (beyond it, use --token).")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--cors-origin", "cors_origins", multiple=True,
              help="Allow browser pages from this origin to call the API (repeatable; off by default).")
@click.option("--token", envvar="EVENTWIRE_TOKEN", show_envvar=True, default=None, metavar="TOKEN",
              help="Require this access token on every request (Authorization: Bearer, or the login page's "
                   "cookie). Prefer the environment variable: a command line is visible to other users.")
@click.pass_context
def serve(ctx: click.Context, data: str | None, host: str, port: int, cors_origins: tuple[str, ...],
          token: str | None) -> None:
    """Serve the dashboard and the REST API (read-only) over a data directory.

    Works while an ingest runs. The OpenAPI description is at /docs and /openapi.json.
    To share it, set a token (EVENTWIRE_TOKEN or --token): every request then needs it,
    as a bearer header or through the login page (see SECURITY.md).

    Example: EVENTWIRE_TOKEN=$(openssl rand -hex 16) eventwire serve --host 0.0.0.0
    """
    from .config import load_settings
    from .errors import EventwireError

    obj: dict[str, Any] = ctx.find_root().obj or {}
    settings = load_settings(obj.get("config"), model=obj.get("model"))
    token = token or None  # an empty EVENTWIRE_TOKEN sets none
    if token is not None and len(token) < MIN_TOKEN_CHARS:
        raise click.BadParameter(f"a token needs at least {MIN_TOKEN_CHARS} characters (try: openssl rand -hex 16)",
                                 param_hint="--token / EVENTWIRE_TOKEN")
    try:
        app = build_app(data or settings.data_dir, settings, cors_origins, token=token)
    except EventwireError as e:
        raise click.ClickException(str(e)) from None
    if not is_loopback(host) and token is None:
        click.echo(f"warning: listening on {host} with no login: anyone who can reach this address can read "
                   "the data and use the coder; set EVENTWIRE_TOKEN (or --token) to require a token", err=True)
    elif not is_loopback(host):
        click.echo("note: plain HTTP carries the token in clear text; put a TLS proxy in front beyond a "
                   "trusted network", err=True)
    click.echo(f"eventwire dashboard on http://{_url_host(host)}:{port}/ (Ctrl+C to stop)", err=True)
    import uvicorn

    # bounded concurrency: past it clients get a 503 instead of queueing until memory runs out
    uvicorn.run(app, host=host, port=port, log_level="warning", limit_concurrency=MAX_CONNECTIONS,
                server_header=False, timeout_keep_alive=5)


def build_app(data_dir: str, settings: Any, cors_origins: tuple[str, ...] = (), *, token: str | None = None) -> Any:
    """The FastAPI app for the store in ``data_dir`` (raises StoreError when it is not a store).

    Args:
        data_dir: the data directory to serve.
        settings: Settings used by ``POST /api/code``.
        cors_origins: browser origins allowed to call the API.
        token: the access token every request must carry (None: no login).

    Returns:
        The ASGI application.
    """
    from .store import Store
    from .web import create_app

    return create_app(Store(data_dir), settings=settings, cors_origins=cors_origins, token=token)


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host
