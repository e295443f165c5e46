"""Score event places on the labelled set ``eval/places/places.jsonl``.

Each sentence is coded alone through the whole pipeline (``eventwire.code_document``)
with its article date and no dateline. The predicted place of a sentence is the location
of its first event; a sentence with no event is placed by ``Placer.locate`` with an
actor-less event, so the place logic is scored even where the event coder finds nothing.

A prediction is correct when it is None for an expected None, or when its country
equals the expected country and its name equals the expected name (or the expected
place is not in the gazetteer, in which case the country decides).

Usage::

    .venv/bin/python eval/places/run.py [--verbose] [--json]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent


def predict(record: dict) -> tuple[dict | None, str]:
    """The predicted location of one labelled sentence, and how it was obtained."""
    import eventwire
    from eventwire.models import Event
    from eventwire.stages.nlp import load_model
    from eventwire.stages.place import Placer, _article_countries

    result = eventwire.code_document(record["text"], record["date"])
    if result.events:
        loc = result.events[0].location
        return (loc.to_dict() if loc else None), "event"
    from eventwire.config import load_settings
    from eventwire.models import Article, RawDocument
    from eventwire.stages.actors import ActorResolver

    article = Article(raw=RawDocument(origin="eval", text=record["text"]), text=record["text"],
                      published=record["date"])
    article.doc = load_model("en_core_web_sm")(record["text"])
    ActorResolver(load_settings())(article)
    event = Event("e", "d", None, 0, record["text"], (0, 0), None, None, "010", "01", None, None, None)
    sent = list(article.doc.sents)[0]
    loc = Placer(load_settings()).locate(sent, event, _article_countries(article), None, article.mentions)
    return (loc.to_dict() if loc else None), "sentence"


def correct(expected: dict | None, got: dict | None) -> bool:
    """Whether a predicted location matches the label (see module docstring)."""
    from eventwire.stages.place import geocode

    if expected is None or got is None:
        return expected is None and got is None
    if expected["country"] != got["country"]:
        return False
    if geocode(expected["name"]) is None:
        return True
    want, have = _plain(expected["name"]), _plain(got["name"] or "")
    return want in have or have in want


def _plain(name: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", name.lower()) if not unicodedata.combining(c))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    records = [json.loads(line) for line in (HERE / "places.jsonl").read_text(encoding="utf-8").splitlines()]
    rows = []
    for record in records:
        got, how = predict(record)
        ok = correct(record["expected"], got)
        rows.append({"id": record["id"], "ok": ok, "via": how, "expected": record["expected"], "got": got})
        if args.verbose and not ok:
            print(record["id"], "expected", record["expected"], "got", got, "|", record["text"][:100])
    placed = [r for r in rows if r["expected"] is not None]
    summary = {"items": len(rows), "accuracy": round(sum(r["ok"] for r in rows) / len(rows), 3),
               "accuracy_with_place": round(sum(r["ok"] for r in placed) / len(placed), 3),
               "accuracy_without_place": round(sum(r["ok"] for r in rows if r["expected"] is None)
                                               / max(1, len(rows) - len(placed)), 3),
               "via_event": sum(r["via"] == "event" for r in rows)}
    print(json.dumps(summary if not args.json else {**summary, "rows": rows}, indent=1))


if __name__ == "__main__":
    main()
