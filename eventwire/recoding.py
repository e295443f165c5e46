"""Re-coding stored documents with new dictionaries or rules as a new coder version."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .config import Settings
from .models import Document, Result
from .pipeline import Pipeline, coder_version


def recode(data_dir: str | Path, settings: Settings, *, version: str | None = None) -> dict[str, Any]:
    """Code every stored document again and store the result as a new coder version.

    Args:
        data_dir: the store's data directory.
        settings: the settings (dictionaries, model) of the new coding.
        version: the version name; default ``coder_version(settings)``.

    Returns:
        dict with version, documents and events written, stories after, and events per
        root before/after. The stories are rebuilt: each re-coded batch is fused again.

    Example::

        recode("eventwire-data", load_settings("new.toml"))
    """
    from .store import Store

    store = Store(data_dir)
    previous = store.stats().get("coder_versions", {})
    version = version or coder_version(settings)
    pipeline = Pipeline.from_settings(settings)

    def code(documents: list[Document]) -> list[Result]:
        # a document that fails now keeps its earlier coding: only Results are written
        return [r for r in pipeline.recode_batch(documents) if isinstance(r, Result)]

    from .stages.fusion import FusionOptions

    totals = store.recode(code, version, batch_size=settings.batch_size,
                          fusion=FusionOptions.from_settings(settings))
    report: dict[str, Any] = {"version": version, **totals, "stories": store.stats()["stories"]}
    if previous:
        old = list(previous)[-1]
        if old != version:
            report["compared_with"] = old
            report["by_root"] = store.compare_versions(old, version).to_pylist()
    return report
