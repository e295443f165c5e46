"""The annotated article corpus: reading, validating and flattening it for scoring.

The corpus (``eval/corpus/``) holds whole news articles, or leads of at least eight
sentences, each sentence coded under the gold rules (``eval/corpus/README.md``) with
the article so far as context. One article is one JSON object::

    {"id": "wn-2004-11-18-chinese-submarine", "title": "...", "url": "...",
     "outlet": "Wikinews", "license": "...", "published": "2004-11-18",
     "origin": "...", "genre": "wire", "synthetic": false,
     "incident": "chinese-submarine-japan-2004", "annotator": "A1",
     "sentences": [{"text": "...", "events": [EVENT, ...]}, ...]}

and one EVENT::

    {"trigger": "lodged a formal complaint", "code": "114", "alt_roots": [],
     "source": "CHN", "source_agent": null, "source_text": "China",
     "target": "JPN", "target_agent": "GOV", "target_text": "He",
     "target_ref": {"sentence": 0, "text": "Japanese Prime Minister Junichiro Koizumi"}}

``source``/``target`` are ISO 3166-1 alpha-3 keys or ``IGO:<acronym>`` (or null for a
target nobody can identify). ``*_text`` is the mention in the sentence (null when the
sentence does not mention the actor at all); ``*_ref`` is the antecedent that names the
actor when the mention does not (a pronoun, a definite description, a surname, an
implicit target). ``resolve_article`` adds the character spans (``trigger_span``,
``source_span``, ``target_span``, ``span`` inside each ref), ``cameo_root``, ``plover``
and ``plover_mode``; ``*_at`` (an int, default 0) picks a later occurrence of a
``*_text`` that appears more than once in the sentence.

Example::

    articles = load_corpus("eval/corpus/articles")
    records = sentence_records(articles)          # gold-format records, one per sentence
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..codebooks.actors import IGO_ACRONYMS
from ..codebooks.cameo import load_cameo
from ..errors import EvalError

GENRES = ("wire", "readout", "synthetic")
ARTICLE_FIELDS = ("id", "title", "url", "outlet", "license", "published", "origin", "genre", "synthetic",
                  "incident", "annotator", "sentences")
ROLES = ("source", "target")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{2,120}$")


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-3 codes the actor dictionaries know (plus PSE, XKX and the like)."""
    text = resources.files("eventwire").joinpath("codebooks/data/actors/countries.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t")[0] for line in text.splitlines()[1:] if line.strip()]
    return frozenset(rows)


@lru_cache(maxsize=1)
def igo_keys() -> frozenset[str]:
    """Scoring keys of the international organisations the coder knows (``IGO:UN`` …)."""
    return frozenset(f"IGO:{acronym}" for acronym in IGO_ACRONYMS.values())


@lru_cache(maxsize=1)
def agent_codes() -> frozenset[str]:
    """Three-letter agent codes of the Phoenix and eventwire agent dictionaries."""
    codes: set[str] = set()
    for name in ("Phoenix.agents.txt", "agents.eventwire.txt"):
        text = resources.files("eventwire").joinpath(f"codebooks/data/actors/{name}").read_text(encoding="utf-8")
        for code in re.findall(r"\[~([A-Z]+)\]", text):
            codes.update(code[i:i + 3] for i in range(0, len(code) - 2, 3))
    return frozenset(codes)


def load_corpus(path: str | Path) -> list[dict[str, Any]]:
    """Read corpus articles from a directory of ``*.json`` files, a JSONL file or one JSON file.

    Args:
        path: ``eval/corpus/articles`` (one article per file, read in name order), a
            ``.jsonl`` with one article per line, or a single article ``.json``.

    Returns:
        The articles, as dicts.

    Raises:
        EvalError: the path is missing or a file is not an article.
    """
    p = Path(path)
    if p.is_dir():
        files = sorted(p.glob("*.json"))
        if not files:
            raise EvalError(f"no article files (*.json) in {p}", "E504")
        return [_read_json(f) for f in files]
    if not p.is_file():
        raise EvalError(f"corpus not found: {p}", "E501")
    if p.suffix == ".jsonl":
        articles = []
        for number, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                articles.append(_parse(line, f"{p}:{number}"))
        return articles
    return [_read_json(p)]


def _read_json(path: Path) -> dict[str, Any]:
    return _parse(path.read_text(encoding="utf-8"), str(path))


def _parse(text: str, where: str) -> dict[str, Any]:
    try:
        article = json.loads(text)
    except json.JSONDecodeError as e:
        raise EvalError(f"{where}: not JSON ({e.msg}, line {e.lineno})", "E502") from None
    if not isinstance(article, dict) or not isinstance(article.get("sentences"), list):
        raise EvalError(f"{where}: an article needs a 'sentences' list", "E503")
    return article


def is_article_file(path: str | Path) -> bool:
    """Whether ``path`` holds corpus articles rather than sentence-per-line gold records."""
    p = Path(path)
    if p.is_dir():
        return any(p.glob("*.json"))
    if not p.is_file():
        return False
    with p.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                try:
                    first = json.loads(line)
                except json.JSONDecodeError:
                    return p.suffix == ".json"
                return isinstance(first, dict) and "sentences" in first
    return False


def _find(text: str, needle: str, at: int = 0) -> tuple[int, int] | None:
    """The ``at``-th occurrence of ``needle`` in ``text`` as ``(start, end)``."""
    start = -1
    for _ in range(at + 1):
        start = text.find(needle, start + 1)
        if start < 0:
            return None
    return start, start + len(needle)


def _locate(text: str, needle: str, at: int, label: str, place: str, hint: str) -> tuple[list[int] | None, str | None]:
    """The span of the ``at``-th word-bounded ``needle`` in ``text``, or the problem with it."""
    span = _find(text, needle, at)
    if span is None:
        return None, f"{label} {needle!r} is not in {place}"
    if _inside_word(text, span):
        return None, f"{label} {needle!r} is found inside a word; give {hint}"
    return list(span), None


def _inside_word(text: str, span: tuple[int, int]) -> bool:
    """Whether a span cuts a word ("he" found inside "The")."""
    start, end = span
    return (start > 0 and text[start - 1].isalnum() and text[start].isalnum()) or (
        end < len(text) and text[end].isalnum() and text[end - 1].isalnum())


def resolve_article(article: dict[str, Any]) -> list[str]:
    """Fill spans, roots and PLOVER fields of ``article`` in place and list what is wrong.

    Args:
        article: one corpus article (see the module docstring).

    Returns:
        Error messages, each naming the sentence and event; empty when the article is valid.
    """
    errors: list[str] = []
    aid = article.get("id", "?")
    for key in ARTICLE_FIELDS:
        if key not in article:
            errors.append(f"{aid}: missing field '{key}'")
    if not _ID.match(str(aid)):
        errors.append(f"{aid}: id must be lower-case letters, digits, '.', '_' or '-'")
    if article.get("genre") not in GENRES:
        errors.append(f"{aid}: genre must be one of {GENRES}")
    if bool(article.get("synthetic")) != (article.get("genre") == "synthetic"):
        errors.append(f"{aid}: 'synthetic' must be true exactly when genre is 'synthetic'")
    published = article.get("published")
    if published is not None and not _DATE.match(str(published)):
        errors.append(f"{aid}: published must be YYYY-MM-DD or null")
    if not article.get("incident"):
        errors.append(f"{aid}: 'incident' (a slug naming the news event) is required")
    cameo = load_cameo()
    sentences = article.get("sentences") or []
    if not sentences:
        errors.append(f"{aid}: no sentences")
    for i, sentence in enumerate(sentences):
        text = sentence.get("text") if isinstance(sentence, dict) else None
        if not isinstance(text, str) or not text.strip():
            errors.append(f"{aid}#{i}: empty sentence text")
            continue
        for j, event in enumerate(sentence.get("events") or []):
            where = f"{aid}#{i} event {j}"
            errors.extend(_resolve_event(event, text, sentences, i, where, cameo))
    return errors


def _resolve_event(event: dict[str, Any], text: str, sentences: list[dict[str, Any]], index: int, where: str,
                   cameo: dict[str, Any]) -> list[str]:
    errors: list[str] = []
    code = str(event.get("code") or "")
    entry = cameo.get(code)
    if entry is None:
        errors.append(f"{where}: unknown CAMEO code {code!r}")
    else:
        event["cameo_root"] = entry.root
        event["plover"] = entry.plover
        event["plover_mode"] = entry.plover_mode
    alt = event.setdefault("alt_roots", [])
    if not isinstance(alt, list) or any(not (isinstance(r, str) and len(r) == 2 and r.isdigit()) for r in alt):
        errors.append(f"{where}: alt_roots must be a list of two-digit roots")
    trigger = event.get("trigger")
    if not isinstance(trigger, str) or not trigger:
        errors.append(f"{where}: 'trigger' (the words of the act) is required")
    else:
        span, problem = _locate(text, trigger, int(event.get("trigger_at", 0)), "trigger", "the sentence", "trigger_at")
        if problem:
            errors.append(f"{where}: {problem}")
        else:
            event["trigger_span"] = span
    for role in ROLES:
        errors.extend(_resolve_actor(event, role, text, sentences, index, where))
    if event.get("source") is None:
        errors.append(f"{where}: an event needs a source actor")
    return errors


def _resolve_actor(event: dict[str, Any], role: str, text: str, sentences: list[dict[str, Any]], index: int,
                   where: str) -> list[str]:
    errors: list[str] = []
    key = event.get(role)
    if key is not None and key not in country_codes() and key not in igo_keys():
        errors.append(f"{where}: {role} {key!r} is neither an ISO alpha-3 country nor a known IGO key")
    agent = event.get(f"{role}_agent")
    if agent is not None and agent not in agent_codes():
        errors.append(f"{where}: {role}_agent {agent!r} is not a known agent code")
    mention = event.get(f"{role}_text")
    ref = event.get(f"{role}_ref")
    if key is None:
        if mention or ref:
            errors.append(f"{where}: {role} is null but a mention or ref is given")
        return errors
    if mention:
        span, problem = _locate(text, mention, int(event.get(f"{role}_at", 0)), f"{role}_text", "the sentence",
                                f"{role}_at")
        if problem:
            errors.append(f"{where}: {problem}")
        else:
            event[f"{role}_span"] = span
    elif not ref:
        errors.append(f"{where}: {role} needs a {role}_text in the sentence or a {role}_ref antecedent")
    if ref:
        k = ref.get("sentence") if isinstance(ref, dict) else None
        if not isinstance(k, int) or not 0 <= k <= index:
            errors.append(f"{where}: {role}_ref.sentence must be this or an earlier sentence index")
        else:
            antecedent = sentences[k].get("text") or ""
            if ref.get("text"):
                span, problem = _locate(antecedent, str(ref["text"]), int(ref.get("at", 0)), f"{role}_ref text",
                                        f"sentence {k}", "'at'")
            else:
                span, problem = None, f"{role}_ref text {ref.get('text')!r} is not in sentence {k}"
            if problem:
                errors.append(f"{where}: {problem}")
            else:
                ref["span"] = span
    return errors


def sentence_records(articles: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Gold-format records (one per sentence) for ``eventwire.evaluate.scorer``.

    Args:
        articles: resolved corpus articles.

    Returns:
        Records with ``id`` (``<article id>#<index>``), ``article``, ``index``, ``source``
        (the URL), ``date``, ``text`` and ``events`` in the gold format.
    """
    records = []
    for article in articles:
        for i, sentence in enumerate(article["sentences"]):
            events = [{
                "source": e.get("source"), "source_agent": e.get("source_agent"),
                "target": e.get("target"), "target_agent": e.get("target_agent"),
                "cameo_root": e.get("cameo_root") or str(e.get("code", ""))[:2], "cameo_code": e.get("code"),
                "plover": e.get("plover"), "alt_roots": list(e.get("alt_roots") or []),
                "context": bool(e.get("source_ref") or e.get("target_ref")),
            } for e in sentence.get("events") or []]
            records.append({"id": f"{article['id']}#{i}", "article": article["id"], "index": i,
                            "source": article.get("url"), "date": article.get("published"),
                            "text": sentence["text"], "events": events})
    return records


def read_splits(path: str | Path) -> dict[str, Any]:
    """Read ``splits.json``: ``{"train": [ids], "dev": [ids], "test": [ids], "folds": [[ids] x 5]}``."""
    p = Path(path)
    if not p.is_file():
        raise EvalError(f"splits file not found: {p}", "E501")
    return json.loads(p.read_text(encoding="utf-8"))


def article_text(article: dict[str, Any]) -> str:
    """The text an article is coded from in context: its sentences, one per line.

    The corpus keeps sentences, not the page's layout; one sentence per line is how wire
    copy arrives (a paragraph is mostly one sentence) and keeps the parser from joining
    two gold sentences.
    """
    return "\n".join(s["text"] for s in article["sentences"])


def predict_corpus(articles: list[dict[str, Any]], mode: str, *, settings: Any = None,
                   warnings: list[str] | None = None) -> dict[str, list[Any]]:
    """Predicted events for every sentence of ``articles``, keyed by record id.

    Args:
        articles: resolved corpus articles.
        mode: ``alone`` (each sentence coded by itself, with the article date) or
            ``context`` (each article coded as one document, events given to their sentence).
        settings: eventwire Settings (defaults when None).
        warnings: collects sentences the cleaner dropped whole.

    Returns:
        ``{"<article id>#<index>": [Event, ...]}``.
    """
    from .. import code
    from .context import code_in_context
    from .scorer import code_alone

    warnings = warnings if warnings is not None else []
    out: dict[str, list[Any]] = {}
    for article in articles:
        if mode == "alone":
            for i, sentence in enumerate(article["sentences"]):
                record = {"id": f"{article['id']}#{i}", "text": sentence["text"], "date": article.get("published")}
                out[record["id"]] = code_alone(lambda t, d: code(t, d, settings=settings), record, warnings)
        elif mode == "context":
            texts = [s["text"] for s in article["sentences"]]
            per_sentence = code_in_context(article_text(article), texts, date=article.get("published"),
                                           origin=article.get("url") or "-", title=article.get("title"),
                                           outlet=article.get("outlet"), settings=settings)
            for i, events in enumerate(per_sentence):
                out[f"{article['id']}#{i}"] = events
        else:
            raise EvalError(f"unknown evaluation mode {mode!r} (alone or context)", "E505")
    return out


def _mean_sd(values: list[float]) -> tuple[float, float]:
    mean = sum(values) / len(values)
    var = sum((v - mean) ** 2 for v in values) / (len(values) - 1) if len(values) > 1 else 0.0
    return round(mean, 4), round(var ** 0.5, 4)


def score_splits(articles: list[dict[str, Any]], predictions: dict[str, list[Any]],
                 splits: dict[str, Any] | None, *, with_misses: bool = False,
                 only: str | None = None) -> dict[str, Any]:
    """Score predictions per split, over all articles and over the five folds.

    Args:
        articles: resolved corpus articles.
        predictions: from ``predict_corpus``.
        splits: ``read_splits`` output, or None to score all articles only.
        with_misses: include misses (in the scored parts only).
        only: score just this part: ``all``, ``train``, ``dev``, ``test`` or ``folds``.

    Returns:
        ``{"all"|"train"|"dev"|"test": result, "cv": {"folds": [...], "f1_mean", "f1_sd",
        "precision_mean", "precision_sd", "recall_mean", "recall_sd"}}``; each result as
        ``evaluate_gold`` returns it.
    """
    from .scorer import evaluate_records

    records = sentence_records(articles)
    by_article: dict[str, list[dict[str, Any]]] = {}
    for r in records:
        by_article.setdefault(r["article"], []).append(r)

    def part(ids: Iterable[str]) -> dict[str, Any]:
        chosen = [r for a in ids for r in by_article.get(a, [])]
        return evaluate_records(chosen, lambda r: predictions[r["id"]], with_misses=with_misses)

    out: dict[str, Any] = {}
    if only in (None, "all"):
        out["all"] = part(a["id"] for a in articles)
    if splits:
        for name in ("train", "dev", "test"):
            if only in (None, name):
                out[name] = part(splits.get(name, []))
        if only in (None, "folds") and splits.get("folds"):
            folds = [part(ids) for ids in splits["folds"]]
            cv: dict[str, Any] = {"folds": [{k: f[k] for k in ("precision", "recall", "f1", "tp", "fp", "fn")}
                                            for f in folds]}
            for key in ("f1", "precision", "recall"):
                cv[f"{key}_mean"], cv[f"{key}_sd"] = _mean_sd([f[key] for f in folds])
            if with_misses:
                cv["misses"] = [m for f in folds for m in f.get("misses", [])]
            out["cv"] = cv
    return out


def default_splits_path(path: str | Path) -> Path:
    """``splits.json`` beside the corpus: next to an articles directory or file."""
    p = Path(path)
    base = p.parent if p.is_dir() or p.is_file() else p
    return base / "splits.json"


def evaluate_corpus(path: str | Path, *, modes: Iterable[str] = ("alone", "context"), settings: Any = None,
                    splits: str | Path | None = None, with_misses: bool = False,
                    only: str | None = None) -> dict[str, Any]:
    """Score the coder on the article corpus, each sentence alone and each article in context.

    Args:
        path: the corpus (``eval/corpus/articles``, a JSONL of articles or one article file).
        modes: ``alone`` and/or ``context``.
        settings: eventwire Settings (defaults when None).
        splits: ``splits.json`` (default: beside the corpus; absent → all articles only).
        with_misses: include the misses of the scored parts.
        only: score one part: ``all``, ``train``, ``dev``, ``test`` or ``folds``.

    Returns:
        ``{"corpus", "articles", "sentences", "events", "warnings", "modes": {mode: score_splits(...)}}``.

    Raises:
        EvalError: the corpus is missing or invalid.

    Example::

        result = evaluate_corpus("eval/corpus/articles", only="folds")
        print(result["modes"]["context"]["cv"]["f1_mean"])
    """
    articles = load_corpus(path)
    problems = [m for a in articles for m in resolve_article(a)]
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise EvalError(f"invalid corpus: {problems[0]}{more}", "E506")
    split_path = Path(splits) if splits else default_splits_path(path)
    split_data = read_splits(split_path) if split_path.is_file() else None
    if split_data:
        known = {a["id"] for a in articles}
        wanted = {"all": known, "train": set(split_data["train"]), "dev": set(split_data["dev"]),
                  "test": set(split_data["test"]), "folds": {i for f in split_data["folds"] for i in f}}
        # predict only what is scored: a fold run never codes the test split
        chosen = wanted.get(only or "all", known) if only else known
        articles = [a for a in articles if a["id"] in chosen]
    warnings: list[str] = []
    result: dict[str, Any] = {
        "corpus": str(path), "articles": len(articles),
        "sentences": sum(len(a["sentences"]) for a in articles),
        "events": sum(len(s.get("events") or []) for a in articles for s in a["sentences"]),
        "splits": str(split_path) if split_data else None, "modes": {}}
    for mode in modes:
        predictions = predict_corpus(articles, mode, settings=settings, warnings=warnings)
        result["modes"][mode] = score_splits(articles, predictions, split_data, with_misses=with_misses, only=only)
    result["warnings"] = warnings
    return result


def format_corpus_report(result: dict[str, Any]) -> str:
    """A table of ``evaluate_corpus``: P/R/F1 per part (rows) and mode (columns), then misses."""
    modes = list(result["modes"])
    lines = [f"corpus {result['corpus']}: {result['articles']} articles, {result['sentences']} sentences, "
             f"{result['events']} events" + (f"; splits {result['splits']}" if result.get("splits") else "")]
    header = f"{'part':<8}" + "".join(f"{m + ' P':>12}{'R':>7}{'F1':>7}" for m in modes)
    lines.append(header)
    parts = [p for p in ("all", "train", "dev", "test") if any(p in result["modes"][m] for m in modes)]
    for name in parts:
        row = f"{name:<8}"
        for m in modes:
            r = result["modes"][m].get(name)
            row += f"{r['precision']:>12.3f}{r['recall']:>7.3f}{r['f1']:>7.3f}" if r else f"{'-':>12}{'-':>7}{'-':>7}"
        lines.append(row)
    if any("cv" in result["modes"][m] for m in modes):
        row = f"{'5-fold':<8}"
        for m in modes:
            cv = result["modes"][m].get("cv")
            row += (f"{cv['precision_mean']:>12.3f}{cv['recall_mean']:>7.3f}{cv['f1_mean']:>7.3f}"
                    if cv else f"{'-':>26}")
        lines.append(row)
        row = f"{'  ± sd':<8}"
        for m in modes:
            cv = result["modes"][m].get("cv")
            row += f"{cv['precision_sd']:>12.3f}{cv['recall_sd']:>7.3f}{cv['f1_sd']:>7.3f}" if cv else f"{'-':>26}"
        lines.append(row)
    from .scorer import format_misses

    for m in modes:
        for name, r in result["modes"][m].items():
            lines.extend(format_misses(r.get("misses", []), f"[{m}, {name}] "))
    return "\n".join(lines)


def confidence_report(articles: list[dict[str, Any]], predictions: dict[str, list[Any]], *,
                      bins: int = 10) -> dict[str, Any]:
    """Reliability of event confidences, and precision/recall over ``min_confidence``.

    Each counted prediction (de-duplicated per sentence as the scorer does, keeping the most
    confident) is right when the scorer matches it to a gold event.

    Args:
        articles: resolved corpus articles.
        predictions: from ``predict_corpus``.
        bins: equal-width confidence bins for the reliability diagram.

    Returns:
        ``{"ece", "events", "bins": [{"low", "high", "n", "confidence", "accuracy"}],
        "curve": [{"min_confidence", "precision", "recall", "f1"}]}``.
    """
    scored, gold_total = event_confidences(articles, predictions)
    table = []
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        inside = [(c, ok) for c, ok in scored if low <= c < high or (b == bins - 1 and c == 1.0)]
        if inside:
            table.append({"low": low, "high": high, "n": len(inside),
                          "confidence": round(sum(c for c, _ in inside) / len(inside), 4),
                          "accuracy": round(sum(ok for _, ok in inside) / len(inside), 4)})
    n = len(scored)
    ece = sum(row["n"] / n * abs(row["accuracy"] - row["confidence"]) for row in table) if n else 0.0
    curve = []
    for step in range(0, 20):
        t = step / 20
        kept = [ok for c, ok in scored if c >= t]
        tp = sum(kept)
        precision = tp / len(kept) if kept else 0.0
        recall = tp / gold_total if gold_total else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        curve.append({"min_confidence": t, "precision": round(precision, 4), "recall": round(recall, 4),
                      "f1": round(f1, 4), "events": len(kept)})
    return {"ece": round(ece, 4), "events": n, "bins": table, "curve": curve}


def event_confidences(articles: list[dict[str, Any]], predictions: dict[str, list[Any]]
                      ) -> tuple[list[tuple[float, bool]], int]:
    """Each counted prediction's confidence and whether the scorer matches it to gold.

    Predictions are de-duplicated per sentence as the scorer does (keeping the most
    confident); returns those pairs and the number of gold events.
    """
    from .scorer import EXCLUDED_MODALITIES, _dedupe_gold, match_sentence

    scored: list[tuple[float, bool]] = []
    gold_total = 0
    for record in sentence_records(articles):
        gold = _dedupe_gold(record["events"])
        gold_total += len(gold)
        best: dict[tuple[Any, ...], Any] = {}
        for e in predictions[record["id"]]:
            if e.negated or e.modality in EXCLUDED_MODALITIES:
                continue
            key = (e.source.key if e.source else None, e.target.key if e.target else None, e.cameo_root)
            if key not in best or best[key].confidence < e.confidence:
                best[key] = e
        predicted = [{"source": k[0], "target": k[1], "root": k[2], "confidence": e.confidence}
                     for k, e in best.items()]
        pairs, extra, _ = match_sentence(predicted, gold)
        scored += [(p["confidence"], True) for p, _ in pairs] + [(p["confidence"], False) for p in extra]
    return scored, gold_total
