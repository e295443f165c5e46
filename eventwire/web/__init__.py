"""The read-only web dashboard and REST API: ``create_app(store)``; served by ``eventwire serve``."""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
