"""Score the open gold set with each sentence coded inside its whole article.

``eventwire eval`` codes every gold sentence alone, so a source that only a pronoun
or a title names ("We", "The Secretary", "They", "The two leaders") cannot get its
country. The open gold sentences come from the bundled corpus
(``eventwire/data/corpus/articles.jsonl``), so the articles are at hand: this script
codes each article once with ``eventwire.code_document`` and gives every predicted
event to the gold sentence whose text holds the event's span, then scores with the
same matching as ``eventwire eval``. The gap between the two figures is what
document context (coreference, article-level actors) is worth on this set.

Usage::

    .venv/bin/python eval/gold/in_context.py [eval/gold/open_gold.jsonl] [--misses]
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from importlib import resources
from pathlib import Path
from typing import Any

from eventwire import code_document
from eventwire.evaluate.context import assign_events
from eventwire.evaluate.scorer import evaluate_gold, format_report, read_gold
from eventwire.models import Event

HERE = Path(__file__).resolve().parent


def bundled_articles() -> dict[str, dict[str, Any]]:
    """The bundled corpus records keyed by article URL.

    Returns:
        ``{url: record}`` for every line of ``eventwire/data/corpus/articles.jsonl``.
    """
    text = resources.files("eventwire").joinpath("data/corpus/articles.jsonl").read_text(encoding="utf-8")
    records = (json.loads(line) for line in text.splitlines() if line.strip())
    return {r["url"]: r for r in records}


def events_by_record(records: list[dict[str, Any]], settings: Any = None) -> dict[str, list[Event]]:
    """Code each source article once and give its events to the gold records.

    Args:
        records: gold records with ``id``, ``source`` (article URL) and ``text``.
        settings: eventwire Settings (defaults when None).

    Returns:
        ``{record id: events whose sentence span starts inside that gold sentence}``
        (an event's span is its sentence's span in the document text).

    Raises:
        KeyError: a record's ``source`` is not a bundled corpus URL.
    """
    articles = bundled_articles()
    by_url: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in records:
        by_url[record["source"]].append(record)
    out: dict[str, list[Event]] = {r["id"]: [] for r in records}
    for url, group in by_url.items():
        article = articles[url]
        result = code_document(article["text"], article.get("published"), origin=url,
                               title=article.get("title"), outlet=article.get("outlet"), settings=settings)
        per_sentence = assign_events(result.document.text, result.events, [r["text"] for r in group])
        for record, events in zip(group, per_sentence):
            out[record["id"]].extend(events)
    return out


def evaluate_in_context(path: str | Path, *, with_misses: bool = False, settings: Any = None) -> dict[str, Any]:
    """Score the gold file with every sentence coded inside its article.

    Args:
        path: an open gold JSONL file whose ``source`` fields are bundled corpus URLs.
        with_misses: include the misses.
        settings: eventwire Settings (defaults when None).

    Returns:
        The result dict of ``evaluate_gold``.
    """
    records = read_gold(path)
    coded = events_by_record(records, settings)
    by_text: dict[str, list[Event]] = {r["text"]: coded[r["id"]] for r in records}
    return evaluate_gold(path, lambda text, date: by_text[text], with_misses=with_misses)


def main() -> None:
    """Command line: print the in-context report of a gold file."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", nargs="?", default=str(HERE / "open_gold.jsonl"))
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args()
    print(format_report(evaluate_in_context(args.gold, with_misses=args.misses)))


if __name__ == "__main__":
    main()
