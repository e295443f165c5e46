"""``eventwire demo``: ingest the bundled open-licence articles and print what came out."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from .config import Settings
from .runner import ingest


def bundled_corpus() -> Path:
    """The bundled demo corpus (JSONL; origin and licence in its README)."""
    return Path(str(resources.files("eventwire").joinpath("data/corpus/articles.jsonl")))


def run_demo(data_dir: str | Path, settings: Settings, console: Console | None = None) -> dict[str, Any]:
    """Ingest the bundled corpus into ``data_dir`` and print a summary; returns the store stats."""
    from .store import Store

    console = console or Console()
    corpus = bundled_corpus()
    console.print(f"[bold]eventwire demo[/bold]: coding {corpus.name} (bundled open-licence articles) "
                  f"into {data_dir}")
    summary = ingest([str(corpus)], data_dir, settings=settings)
    console.print(f"read {summary.read} documents in {summary.seconds:.1f} s "
                  f"({summary.docs_per_second:.1f} docs/s): stored {summary.stored}, "
                  f"already stored {summary.duplicates}, rejected {summary.rejected}")
    store = Store(data_dir)
    stats = store.stats()
    console.print(f"store: {stats['documents']} documents, {stats['events']} events, "
                  f"{stats['quotes']} quotes, {stats['rejections']} rejections")
    _print_counts(console, "events by CAMEO root", stats.get("events_by_root", {}))
    _print_dyads(console, stats.get("top_dyads", []))
    _print_example(console, store)
    return stats


def _print_counts(console: Console, title: str, counts: dict[str, int]) -> None:
    table = Table("CAMEO root", "events", title=title)
    for key, n in sorted(counts.items()):
        table.add_row(str(key), str(n))
    console.print(table)


def _print_dyads(console: Console, dyads: list[dict[str, Any]]) -> None:
    table = Table("source", "target", "events", title="top dyads (countries)")
    for row in dyads[:10]:
        table.add_row(str(row.get("source")), str(row.get("target")), str(row.get("events")))
    console.print(table)


def _print_example(console: Console, store: Any) -> None:
    """One worked example: the most specific event with both actors, and its sentence."""
    from .store import event_dicts

    rows = event_dicts(store.events(limit=500))
    rows = [r for r in rows if r["source"] and r["target"] and r["source"].get("country")
            and r["target"].get("country") and r["source"]["country"] != r["target"]["country"]]
    if not rows:
        return
    # a reported act (a verb pattern, asserted) explains itself best; then the most specific code
    best = max(rows, key=lambda r: (r["rule"].startswith("verb:"), r["modality"] == "asserted",
                                    len(r["cameo_code"]), r["confidence"]))
    console.print("[bold]worked example[/bold]")
    console.print(f"  sentence: {best['sentence']}")
    keep = ("source", "target", "cameo_code", "cameo_root", "plover", "goldstein", "quad_class",
            "modality", "date", "rule")
    console.print(json.dumps({k: best[k] for k in keep}, ensure_ascii=False, indent=2))
