"""Annotation tools for the article corpus (format: ``eventwire/evaluate/corpus.py``).

Usage::

    python eval/corpus/tools.py new --id ID --title T --url U --outlet O --license L \\
        --published 2006-03-25 --origin "where the text was taken from" --genre wire \\
        --incident SLUG --annotator A1 --text article.txt
        # splits the text (paragraphs separated by blank lines) into sentences and writes
        # eval/corpus/articles/ID.json with an empty event list per sentence
    python eval/corpus/tools.py events ID EVENTS.jsonl  # set the article's events from a JSONL file
        # (one event per line with "s": the sentence index; sentences not named get no event),
        # then check it
    python eval/corpus/tools.py check [FILE ...]   # validate, fill spans/roots/PLOVER, rewrite the files
        # named (with none named, validate every article without rewriting any)
    python eval/corpus/tools.py stats              # counts by root, country, outlet, genre
    python eval/corpus/tools.py splits             # write eval/corpus/splits.json
    python eval/corpus/tools.py readme             # refresh the counts and provenance tables of README.md

``check`` with no files checks every article; it exits 1 when any article is invalid.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ARTICLES = HERE / "articles"
SPLITS = HERE / "splits.json"


def dump(article: dict[str, Any]) -> str:
    """An article as stable, reviewable JSON: one line per sentence and per event."""
    head = {k: v for k, v in article.items() if k != "sentences"}
    lines = ["{"]
    for key, value in head.items():
        lines.append(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},")
    lines.append('  "sentences": [')
    sentences = article["sentences"]
    for i, s in enumerate(sentences):
        events = s.get("events") or []
        comma = "," if i < len(sentences) - 1 else ""
        if not events:
            lines.append(f'    {{"text": {json.dumps(s["text"], ensure_ascii=False)}, "events": []}}{comma}')
            continue
        lines.append(f'    {{"text": {json.dumps(s["text"], ensure_ascii=False)}, "events": [')
        for j, e in enumerate(events):
            ecomma = "," if j < len(events) - 1 else ""
            lines.append(f"      {json.dumps(e, ensure_ascii=False)}{ecomma}")
        lines.append(f"    ]}}{comma}")
    lines.append("  ]")
    lines.append("}")
    return "\n".join(lines) + "\n"


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text`` by the parser of the bundled spaCy model, paragraph by paragraph."""
    from eventwire.stages.nlp import load_model

    nlp = load_model("en_core_web_sm")
    out: list[str] = []
    for paragraph in (p.strip() for p in text.replace("\r\n", "\n").split("\n\n")):
        paragraph = " ".join(paragraph.split())
        if not paragraph:
            continue
        out.extend(s.text.strip() for s in nlp(paragraph).sents if s.text.strip())
    return out


def cmd_new(args: argparse.Namespace) -> int:
    text = Path(args.text).read_text(encoding="utf-8") if args.text != "-" else sys.stdin.read()
    article = {
        "id": args.id, "title": args.title, "url": args.url, "outlet": args.outlet, "license": args.license,
        "published": args.published, "origin": args.origin, "genre": args.genre,
        "synthetic": args.genre == "synthetic", "incident": args.incident, "annotator": args.annotator,
        "sentences": [{"text": s, "events": []} for s in split_sentences(text)],
    }
    out = ARTICLES / f"{args.id}.json"
    if out.exists() and not args.force:
        print(f"error: {out} exists (use --force to overwrite)", file=sys.stderr)
        return 1
    ARTICLES.mkdir(parents=True, exist_ok=True)
    out.write_text(dump(article), encoding="utf-8")
    print(f"{out}: {len(article['sentences'])} sentences")
    return 0


def cmd_events(args: argparse.Namespace) -> int:
    from eventwire.evaluate.corpus import load_corpus

    path = Path(args.dir or ARTICLES) / f"{args.id}.json"
    article = load_corpus(path)[0]
    events: dict[int, list[dict[str, Any]]] = {}
    for number, line in enumerate(Path(args.events).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            event = json.loads(line)
            index = int(event.pop("s"))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as e:
            print(f"{args.events}:{number}: each line must be a JSON event with an integer 's' ({e})")
            return 1
        if not 0 <= index < len(article["sentences"]):
            print(f"{args.events}:{number}: sentence {index} does not exist (0..{len(article['sentences']) - 1})")
            return 1
        events.setdefault(index, []).append(event)
    for i, sentence in enumerate(article["sentences"]):
        sentence["events"] = events.get(i, [])
    path.write_text(dump(article), encoding="utf-8")
    return cmd_check(argparse.Namespace(files=[str(path)]))


def cmd_check(args: argparse.Namespace) -> int:
    from eventwire.evaluate.corpus import load_corpus, resolve_article

    # with no files named, only validate: rewriting every article would race with annotators
    # writing their own files at the same time
    rewrite = bool(args.files)
    files = [Path(f) for f in args.files] or sorted(ARTICLES.glob("*.json"))
    bad = 0
    for f in files:
        try:
            article = load_corpus(f)[0]
        except Exception as e:  # noqa: BLE001 - report every unreadable file and go on
            print(f"{f}: {e}")
            bad += 1
            continue
        errors = resolve_article(article)
        if article.get("id") != f.stem:
            errors.append(f"{f}: file name must be <id>.json")
        for message in errors:
            print(message)
        bad += bool(errors)
        if rewrite:
            f.write_text(dump(article), encoding="utf-8")
    n = len(files)
    print(f"{n - bad}/{n} articles valid")
    return 1 if bad else 0


def cmd_stats(args: argparse.Namespace) -> int:
    from eventwire.evaluate.corpus import load_corpus, resolve_article

    articles = load_corpus(ARTICLES)
    for a in articles:
        resolve_article(a)
    print(json.dumps(stats(articles), indent=1, ensure_ascii=False))
    return 0


def stats(articles: list[dict[str, Any]]) -> dict[str, Any]:
    """Counts the corpus README reports."""
    roots: Counter[str] = Counter()
    countries: Counter[str] = Counter()
    outlets: Counter[str] = Counter()
    genres: Counter[str] = Counter()
    sentences = empty = events = context = 0
    for a in articles:
        outlets[a.get("outlet") or "?"] += 1
        genres[a.get("genre") or "?"] += 1
        for s in a["sentences"]:
            sentences += 1
            evs = s.get("events") or []
            empty += not evs
            for e in evs:
                events += 1
                roots[str(e.get("code", ""))[:2]] += 1
                context += bool(e.get("source_ref") or e.get("target_ref"))
                for role in ("source", "target"):
                    if e.get(role) and not str(e[role]).startswith("IGO:"):
                        countries[e[role]] += 1
    return {"articles": len(articles), "sentences": sentences, "empty_sentences": empty,
            "empty_share": round(empty / max(sentences, 1), 3), "events": events,
            "events_with_context_actor": context, "countries": len(countries),
            "by_root": dict(sorted(roots.items())), "by_genre": dict(genres),
            "by_outlet": dict(outlets.most_common()), "by_country": dict(countries.most_common())}


def _table(header: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c).replace("|", "/") for c in row) + " |" for row in rows]
    return "\n".join(lines)


def cmd_readme(args: argparse.Namespace) -> int:
    import re

    from eventwire.evaluate.corpus import load_corpus, read_splits, resolve_article

    articles = load_corpus(ARTICLES)
    for a in articles:
        resolve_article(a)
    st = stats(articles)
    splits = read_splits(SPLITS)
    part = {i: name for name in ("train", "dev", "test") for i in splits[name]}
    counts = [
        f"{st['articles']} articles, {st['sentences']} sentences ({st['empty_sentences']} without an event, "
        f"{st['empty_share']:.0%}), {st['events']} events ({st['events_with_context_actor']} with an actor "
        f"resolved from the article), {st['countries']} countries as actors.",
        "", "By genre: " + ", ".join(f"{k} {v} ({v / st['articles']:.0%})" for k, v in sorted(st["by_genre"].items())) + ".",
        "", "By split (articles / sentences): " + ", ".join(
            f"{name} {len(splits[name])} / {sum(len(a['sentences']) for a in articles if part.get(a['id']) == name)}"
            for name in ("train", "dev", "test")) + "; five folds over train + dev.",
        "", "Events by CAMEO root:", "",
        _table(["root"] + list(st["by_root"]), [["events"] + list(st["by_root"].values())]),
        "", "Articles by outlet:", "", _table(["outlet", "articles"], [[k, v] for k, v in st["by_outlet"].items()]),
        "", "Events by country (source or target):", "",
        ", ".join(f"{k} {v}" for k, v in st["by_country"].items()) + ".",
    ]
    rows = [[f"`{a['id']}`", a["outlet"], a.get("published") or "—", a["license"],
             f"<{a['url']}>" if str(a.get("url", "")).startswith("http") else a.get("url"),
             a["origin"], a["annotator"], part.get(a["id"], "?"), len(a["sentences"]),
             sum(len(s["events"]) for s in a["sentences"])] for a in articles]
    provenance = _table(["id", "outlet", "published", "licence", "url", "taken from", "annotator", "split",
                         "sentences", "events"], rows)
    readme_path = HERE / "README.md"
    text = readme_path.read_text(encoding="utf-8")
    for name, body in (("counts", "\n".join(counts)), ("provenance", provenance)):
        start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
        text = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: f"{start}\n{body}\n{end}", text, flags=re.S)
    readme_path.write_text(text, encoding="utf-8")
    print(f"updated {readme_path}")
    return 0


def cmd_splits(args: argparse.Namespace) -> int:
    from eventwire.evaluate.corpus import load_corpus

    articles = load_corpus(ARTICLES)
    splits = make_splits(articles, seed=args.seed)
    SPLITS.write_text(json.dumps(splits, indent=1) + "\n", encoding="utf-8")
    print({k: len(splits[k]) for k in ("train", "dev", "test")}, [len(f) for f in splits["folds"]])
    return 0


def make_splits(articles: list[dict[str, Any]], seed: int = 13) -> dict[str, Any]:
    """Train/dev/test (about 70/15/15 of sentences) and five folds over train+dev, by incident.

    Articles that tell the same news event share an ``incident`` slug; a whole incident
    goes to one split and one fold, so no news event crosses them. Incidents are shuffled
    with a fixed seed and dealt greedily so that each split reaches its share of sentences.
    """
    import random

    by_incident: dict[str, list[dict[str, Any]]] = {}
    for a in articles:
        by_incident.setdefault(a["incident"], []).append(a)
    incidents = sorted(by_incident)
    random.Random(seed).shuffle(incidents)
    size = {i: sum(len(a["sentences"]) for a in by_incident[i]) for i in incidents}
    total = sum(size.values())
    test: list[str] = []
    dev: list[str] = []
    train: list[str] = []
    got = {"test": 0, "dev": 0}
    for inc in incidents:
        if got["test"] < 0.15 * total:
            test.append(inc)
            got["test"] += size[inc]
        elif got["dev"] < 0.15 * total:
            dev.append(inc)
            got["dev"] += size[inc]
        else:
            train.append(inc)
    folds: list[list[str]] = [[] for _ in range(5)]
    load = [0] * 5
    for inc in sorted(train + dev, key=lambda i: (-size[i], i)):
        k = load.index(min(load))
        folds[k].append(inc)
        load[k] += size[inc]

    def ids(incs: list[str]) -> list[str]:
        return sorted(a["id"] for i in incs for a in by_incident[i])

    return {"seed": seed, "train": ids(train), "dev": ids(dev), "test": ids(test),
            "folds": [ids(f) for f in folds]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)
    new = sub.add_parser("new", help="start an article file from its text")
    for name in ("id", "title", "url", "outlet", "license", "origin", "incident", "annotator", "text"):
        new.add_argument(f"--{name}", required=True)
    new.add_argument("--published", default=None)
    new.add_argument("--genre", choices=("wire", "readout", "synthetic"), required=True)
    new.add_argument("--force", action="store_true")
    new.set_defaults(fn=cmd_new)
    ev = sub.add_parser("events", help="set an article's events from a JSONL file, then check it")
    ev.add_argument("id")
    ev.add_argument("events")
    ev.add_argument("--dir", help="the folder of the article file (default eval/corpus/articles)")
    ev.set_defaults(fn=cmd_events)
    check = sub.add_parser("check", help="validate articles and fill spans")
    check.add_argument("files", nargs="*")
    check.set_defaults(fn=cmd_check)
    sub.add_parser("stats", help="corpus counts").set_defaults(fn=cmd_stats)
    sub.add_parser("readme", help="refresh README.md's counts and provenance").set_defaults(fn=cmd_readme)
    sp = sub.add_parser("splits", help="write splits.json")
    sp.add_argument("--seed", type=int, default=13)
    sp.set_defaults(fn=cmd_splits)
    args = parser.parse_args(argv)
    return int(args.fn(args))


if __name__ == "__main__":
    sys.exit(main())
