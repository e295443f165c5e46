"""The eventwire command line: a thin shell over the library.

Each command parses its arguments, builds ``Settings`` once, calls one library
function and prints. Domain errors become one line on stderr and exit code 1.
"""

from __future__ import annotations

import contextlib
import json
import logging
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from .config import Settings, load_settings
from .errors import EventwireError, InputError
from .models import RawDocument

DATE = click.DateTime(formats=["%Y-%m-%d"])
DATE_BASES = ["published", "dateline", "inferred-year", "text-date", "sentence", "relative"]
FORMATS = ["table", "csv", "jsonl", "json", "parquet"]


def _settings(ctx: click.Context, **overrides: Any) -> Settings:
    obj = ctx.find_root().obj or {}
    return load_settings(obj.get("config"), model=obj.get("model"), coder=obj.get("coder"),
                         min_confidence=obj.get("min_confidence"), **overrides)


def _day(value: Any) -> str | None:
    return value.strftime("%Y-%m-%d") if value else None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="eventwire")
@click.option("--config", type=click.Path(dir_okay=False), help="TOML settings file (overrides defaults).")
@click.option("--model", help="spaCy pipeline to use (an installed package name).")
@click.option("--coder", type=click.Choice(["hybrid", "rules", "model"]),
              help="Who decides events: the learned model plus the rule events it confirms (hybrid, the "
                   "default), the rules alone, or the model alone.")
@click.option("--min-confidence", type=click.FloatRange(0.0, 1.0),
              help="Keep only events at least this confident (the model's calibrated probability).")
@click.option("-v", "--verbose", is_flag=True, help="Log warnings and per-document problems.")
@click.pass_context
def cli(ctx: click.Context, config: str | None, model: str | None, coder: str | None,
        min_confidence: float | None, verbose: bool) -> None:
    """eventwire: political event data (CAMEO/PLOVER) from news text.

    \b
    eventwire code article.txt --date 2022-01-07      # one text -> events
    eventwire ingest articles/ --data eventwire-data  # many texts -> store
    eventwire events --source CHN --root 11           # query the store
    eventwire eval gold.jsonl                         # accuracy against gold
    """
    logging.basicConfig(level=logging.WARNING if verbose else logging.ERROR, format="%(levelname)s %(message)s")
    ctx.obj = {"config": config, "model": model, "coder": coder, "min_confidence": min_confidence}


# -- code ----------------------------------------------------------------------------
@cli.command()
@click.argument("path", default="-", type=click.Path(allow_dash=True))
@click.option("--date", type=DATE, help="Publication date (YYYY-MM-DD) for relative dates and dated actors.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json", "table"]), default="jsonl",
              show_default=True, help="Output format for the events.")
@click.option("--document", is_flag=True, help="Print the whole document record as one JSON object.")
@click.pass_context
def code(ctx: click.Context, path: str, date: Any, fmt: str, document: bool) -> None:
    """Code one document (a file or - for stdin) into events; no store.

    Example: eventwire code article.txt --date 2022-01-07 --format table
    """
    import dataclasses

    from . import default_pipeline

    settings = _settings(ctx)
    raw = _read_one(path, settings)
    if date:  # the user's date wins over page metadata
        raw = dataclasses.replace(raw, published=_day(date))
    result = default_pipeline(settings)(raw)
    if document:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    events = [e.to_dict() for e in result.events]
    if fmt == "json":
        click.echo(json.dumps(events, ensure_ascii=False, indent=2))
    elif fmt == "jsonl":
        for e in events:
            click.echo(json.dumps(e, ensure_ascii=False))
    else:
        _print_event_table(events)


def _read_one(path: str, settings: Settings) -> RawDocument:
    """One document from a file or stdin (HTML is extracted, encodings detected)."""
    from .stages.read import read_inputs

    items = list(read_inputs([path], settings))
    if not items:
        raise InputError(f"{path}: no document found", "E101")
    first = items[0]
    if not hasattr(first, "text"):
        raise InputError(f"{path}: {first.reason}", "E102")
    return first  # type: ignore[return-value]


def _print_event_table(events: list[dict[str, Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table("source", "target", "cameo", "plover", "gs", "modality", show_lines=False)
    table.add_column("flag", no_wrap=True)  # NEGATED / HYPOTHETICAL: never broken over lines
    table.add_column("date", no_wrap=True)
    table.add_column("sentence")
    for e in events:
        table.add_row((e["source"] or {}).get("code", "—"), (e["target"] or {}).get("code", "—"),
                      e["cameo_code"], e["plover"] or "", f"{e['goldstein']}", e["modality"], _flag(e),
                      f"{e['date'] or '—'}" + (" (year guessed)" if e.get("date_basis") == "inferred-year" else ""),
                      e["sentence"][:90])
    Console().print(table)


def _flag(event: dict[str, Any]) -> str:
    """NEGATED / HYPOTHETICAL / DENIED for events that did not happen (aggregates leave them out)."""
    from .store._query import UNREAL_MODALITIES

    if event.get("negated"):
        return "NEGATED"
    if event.get("modality") in UNREAL_MODALITIES:
        return "HYPOTHETICAL" if event["modality"] in ("conditional", "hypothetical") else "DENIED"
    return ""


# -- ingest --------------------------------------------------------------------------
@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--data", default=None, help="Data directory (default ./eventwire-data).")
@click.option("--batch-size", type=click.IntRange(1, 10_000),
              help="Documents per pipeline batch (a store commit holds at least --commit-size).")
@click.option("--commit-size", type=click.IntRange(1, 1_000_000), default=None,
              help="Documents per store commit (default 256): a killed run codes at most this many again.")
@click.option("--workers", type=click.IntRange(1, 1024), default=None,
              help="Local worker processes (default: one per core; 1 = in this process).")
@click.option("--dask", "dask_address", metavar="ADDRESS",
              help="Run batches on Dask: a scheduler address (tcp://host:8786) or local:N.")
@click.option("--retries", type=click.IntRange(0, 100), default=2, show_default=True,
              help="Re-runs of a failed batch before its documents are recorded as failed.")
@click.option("--no-resume", is_flag=True, help="Code inputs again even if an earlier ingest finished them.")
@click.option("--count", is_flag=True, help="Count the inputs first (reads them twice) to show an ETA.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[str, ...], data: str | None, batch_size: int | None,
           commit_size: int | None, workers: int | None, dask_address: str | None, retries: int,
           no_resume: bool, count: bool, fmt: str) -> None:
    """Read files, directories, globs or - (stdin), code them and store the results.

    Batches run in a local process pool (--workers) or on a Dask cluster (--dask);
    a re-run skips the inputs an earlier run finished. Ctrl-C or SIGTERM stops it
    cleanly (exit 130): the commits made so far are kept and no worker stays behind.

    Example: eventwire ingest articles/ feeds/*.jsonl --data eventwire-data --workers 4
    """
    from .runner import IngestInterrupted
    from .runner import ingest as run_ingest

    settings = _settings(ctx, batch_size=batch_size)
    total = None
    if count and "-" not in paths:
        from .stages.read import read_inputs

        total = sum(1 for _ in read_inputs(paths, settings))
    try:
        with _Progress(total) as progress, _sigterm_interrupts():
            summary = run_ingest(paths, data, settings=settings, on_progress=progress.update, workers=workers,
                                 dask=dask_address, resume=not no_resume, total=total, retries=retries,
                                 commit_size=commit_size)
    except IngestInterrupted as e:
        s = e.summary
        click.echo(f"interrupted: {s.stored} documents and {s.events} events committed and kept; "
                   "run the same command again to resume", err=True)
        sys.exit(130)
    if fmt == "json":
        click.echo(json.dumps(summary.to_dict(), indent=2))
    else:
        _print_summary(summary.to_dict())


@contextlib.contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """SIGTERM (a supervisor stopping the ingest) stops it as cleanly as Ctrl-C does."""
    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread (CliRunner in a thread): leave the default
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class _Progress:
    """A rich progress line with documents/s (and an ETA when the total is known) on stderr."""

    def __init__(self, total: int | None = None) -> None:
        self._total = total

    def __enter__(self) -> _Progress:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        columns: list[Any] = [SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn()]
        if self._total is not None:
            columns[2:2] = [BarColumn()]
        self._progress = Progress(*columns, console=Console(stderr=True), transient=True)
        self._progress.__enter__()
        self._task = self._progress.add_task("reading…", total=self._total)
        return self

    def update(self, summary: Any) -> None:
        eta = summary.eta_seconds
        self._progress.update(self._task, completed=summary.read, description=(
            f"{summary.read} documents, {summary.events} events, {summary.rejected} rejected "
            f"({summary.docs_per_second:.1f} docs/s" + (f", ETA {self._duration(eta)})" if eta is not None else ")")))

    def __exit__(self, *exc: Any) -> None:
        self._progress.__exit__(*exc)

    @staticmethod
    def _duration(seconds: float) -> str:
        minutes, secs = divmod(int(seconds), 60)
        hours, minutes = divmod(minutes, 60)
        return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _print_summary(summary: dict[str, Any]) -> None:
    for key, value in summary.items():
        if isinstance(value, dict):
            click.echo(f"{key}:")
            for k, v in sorted(value.items(), key=lambda kv: -kv[1] if isinstance(kv[1], int) else 0):
                click.echo(f"  {k}: {v}")
        else:
            click.echo(f"{key}: {value}")


# -- queries -------------------------------------------------------------------------
def _store(data: str | None, ctx: click.Context) -> Any:
    from .store import Store

    return Store(data or _settings(ctx).data_dir)


def _emit(table: Any, fmt: str, out: str | None) -> None:
    from .store import write_output

    if fmt == "parquet" and not out:
        raise click.UsageError("--format parquet needs --output FILE")
    if out:
        write_output(table, fmt, out)
    else:
        write_output(table, fmt, sys.stdout)


def _query_options(f: Any) -> Any:
    for decorator in reversed([
        click.option("--data", default=None, help="Data directory (default ./eventwire-data)."),
        click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True),
        click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write to a file."),
        click.option("--limit", type=click.IntRange(0), default=None, help="At most N rows."),
    ]):
        f = decorator(f)
    return f


@cli.command()
@_query_options
@click.option("--source", help="Source actor code or country (USA, CHNGOV).")
@click.option("--target", help="Target actor code or country.")
@click.option("--dyad", help="Either direction between two codes, e.g. USA-CHN.")
@click.option("--root", help="CAMEO root, two digits (e.g. 11).")
@click.option("--code", "cameo_code", help="CAMEO code (e.g. 114).")
@click.option("--plover", help="PLOVER event type (e.g. ACCUSE).")
@click.option("--quad-class", type=click.IntRange(1, 4), help="QuadClass 1-4.")
@click.option("--since", type=DATE, help="From this date (YYYY-MM-DD).")
@click.option("--until", type=DATE, help="Up to this date (YYYY-MM-DD).")
@click.option("--text", help="Words to match in the sentence.")
@click.option("--offset", type=click.IntRange(0), default=0, help="Skip the first N rows (paging).")
@click.option("--order-by", default="date", show_default=True,
              help="Sort column, '-' for descending (date, -goldstein, cameo_code, ...).")
@click.option("--include-duplicates", is_flag=True, help="Include events of near-duplicate documents.")
@click.option("--coder-version", help="A coder version, or 'all' (default: the latest per document).")
@click.option("--fused", is_flag=True,
              help="One row per story (the same event told by several reports), with its number of reports.")
@click.option("--include-negated", is_flag=True,
              help="With --fused: list stories of negated, hypothetical or denied events too.")
@click.option("--date-basis", type=click.Choice(DATE_BASES),
              help="Only events whose date has this basis (inferred-year: the year was guessed).")
@click.pass_context
def events(ctx: click.Context, data: str | None, fmt: str, output: str | None, limit: int | None,
           source: str | None, target: str | None, dyad: str | None, root: str | None,
           cameo_code: str | None, plover: str | None, quad_class: int | None, since: Any, until: Any,
           text: str | None, offset: int, order_by: str, include_duplicates: bool,
           coder_version: str | None, fused: bool, include_negated: bool, date_basis: str | None) -> None:
    """Query stored events with filters (or, with --fused, the stories they report).

    Example: eventwire events --source CHN --target USA --root 11 --format csv
    Example: eventwire events --fused --order-by -reports --limit 20
    """
    if root is not None and not (root.isdigit() and len(root) == 2):
        raise click.BadParameter("a CAMEO root is two digits, e.g. 04 or 11", param_hint="--root")
    table = _store(data, ctx).events(source=source, target=target, dyad=dyad, root=root, code=cameo_code,
                                     plover=plover, quad_class=quad_class, since=_day(since),
                                     until=_day(until), text=text, limit=limit, offset=offset,
                                     order_by=("first_date" if fused and order_by == "date" else order_by),
                                     include_duplicates=include_duplicates, coder_version=coder_version,
                                     fused=fused, include_negated=include_negated or not fused,
                                     date_basis=date_basis)
    _emit(table, fmt, output)


@cli.command()
@_query_options
@click.option("--by", type=click.Choice(["day", "week", "month", "year"]), default="month", show_default=True)
@click.option("--level", type=click.Choice(["country", "actor"]), default="country", show_default=True,
              help="Aggregate by country or by full actor code (USAGOV).")
@click.option("--source", help="Source country or code.")
@click.option("--target", help="Target country or code.")
@click.option("--since", type=DATE, help="From this date (YYYY-MM-DD).")
@click.option("--until", type=DATE, help="Up to this date (YYYY-MM-DD).")
@click.option("--fused", is_flag=True, help="Count stories (each real-world event once), not reports.")
@click.option("--include-negated", is_flag=True, help="Count negated, hypothetical and denied events too.")
@click.option("--date-basis", type=click.Choice(DATE_BASES),
              help="Only events whose date has this basis (inferred-year: the year was guessed).")
@click.pass_context
def dyads(ctx: click.Context, data: str | None, fmt: str, output: str | None, limit: int | None, by: str,
          level: str, source: str | None, target: str | None, since: Any, until: Any, fused: bool,
          include_negated: bool, date_basis: str | None) -> None:
    """Dyad counts and Goldstein over time (cooperation vs conflict).

    Negated, hypothetical and denied events and near-duplicate documents are left out.

    Example: eventwire dyads --by month --source USA --target CHN --fused
    """
    table = _store(data, ctx).dyads(by=by, level=level, source=source, target=target, since=_day(since),
                                    until=_day(until), fused=fused, include_negated=include_negated,
                                    date_basis=date_basis)
    _emit(table.slice(0, limit) if limit is not None else table, fmt, output)


@cli.command()
@_query_options
@click.option("--include-negated", is_flag=True, help="Count negated, hypothetical and denied events too.")
@click.pass_context
def actors(ctx: click.Context, data: str | None, fmt: str, output: str | None, limit: int | None,
           include_negated: bool) -> None:
    """Top actors by number of events.

    Example: eventwire actors --limit 20
    """
    _emit(_store(data, ctx).actors(limit=limit or 50, include_negated=include_negated), fmt, output)


@cli.command()
@_query_options
@click.pass_context
def documents(ctx: click.Context, data: str | None, fmt: str, output: str | None, limit: int | None) -> None:
    """List stored documents.

    Example: eventwire documents --format csv -o docs.csv
    """
    _emit(_store(data, ctx).documents(limit=limit), fmt, output)


@cli.command()
@click.option("--data", default=None, help="Data directory (default ./eventwire-data).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--include-negated", is_flag=True, help="Count negated, hypothetical and denied events too.")
@click.pass_context
def stats(ctx: click.Context, data: str | None, fmt: str, include_negated: bool) -> None:
    """Counts of documents, events, stories, rejections and more.

    Example: eventwire stats --format json
    """
    result = _store(data, ctx).stats(include_negated=include_negated)
    if fmt == "json":
        click.echo(json.dumps(result, indent=2, default=str))
    else:
        _print_summary(result)


@cli.command()
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--data", default=None, help="Data directory (default ./eventwire-data).")
@click.option("--format", "fmt", required=True,
              type=click.Choice(["csv", "parquet", "jsonl", "duckdb", "plover-json", "gdelt-tsv"]),
              help="csv/parquet/jsonl: events with attribution; duckdb: the whole store as one file; "
                   "plover-json: PLOVER records; gdelt-tsv: GDELT-style event table.")
@click.option("--since", type=DATE, help="From this date (YYYY-MM-DD).")
@click.option("--until", type=DATE, help="Up to this date (YYYY-MM-DD).")
@click.option("--source", help="Source actor code or country.")
@click.option("--target", help="Target actor code or country.")
@click.option("--fused", is_flag=True, help="gdelt-tsv: one row per story (NumMentions = its reports, "
              "NumSources = its outlets) instead of one per report.")
@click.pass_context
def export(ctx: click.Context, path: str, data: str | None, fmt: str, since: Any, until: Any,
           source: str | None, target: str | None, fused: bool) -> None:
    """Export events (or the whole store) to one file other tools open directly.

    Example: eventwire export events.parquet --format parquet --since 2022-01-01
    Example: eventwire export stories.tsv --format gdelt-tsv --fused
    """
    from .store import export as export_store

    filters = {"since": _day(since), "until": _day(until), "source": source, "target": target,
               "fused": fused or None}
    fmt_filters = {} if fmt == "duckdb" else {k: v for k, v in filters.items() if v is not None}
    result = export_store(_store(data, ctx), fmt, path, **fmt_filters)
    click.echo(json.dumps(result, default=str))


@cli.command()
@click.option("--data", default=None, help="Data directory (default ./eventwire-data).")
@click.pass_context
def compact(ctx: click.Context, data: str | None) -> None:
    """Merge the small files of many ingest batches into few (safe while others read).

    Example: eventwire compact --data eventwire-data
    """
    click.echo(json.dumps(_store(data, ctx).compact(), default=str))


@cli.command()
@click.option("--data", default=None, help="Data directory (default ./eventwire-data).")
@click.option("--version", "version", help="Name of the new coder version (default: a hash of the "
              "dictionaries, rules and settings).")
@click.pass_context
def recode(ctx: click.Context, data: str | None, version: str | None) -> None:
    """Code the stored documents again with the current dictionaries and settings.

    The result is a new coder version beside the old one; queries use the latest.
    Resumable: documents already coded with this version are skipped.

    Example: eventwire --config new-dictionaries.toml recode --data eventwire-data
    """
    from .recoding import recode as run_recode

    settings = _settings(ctx)
    click.echo(json.dumps(run_recode(data or settings.data_dir, settings, version=version), default=str))


# -- evaluation ----------------------------------------------------------------------
@cli.command(name="eval")
@click.argument("file", type=click.Path(exists=True))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--misses", is_flag=True, help="List false positives and negatives with their sentences.")
@click.option("--dictionaries", type=click.Path(exists=True, file_okay=False),
              help="Folder with the dictionaries a PETRARCH XML suite names (default: next to the file).")
@click.option("--label", type=click.Choice(["root", "plover"]), default="root", show_default=True,
              help="For gold JSONL: match CAMEO roots or PLOVER types.")
@click.option("--mode", type=click.Choice(["both", "alone", "context"]), default="both", show_default=True,
              help="For the article corpus: code each sentence alone, each article as one document, or both.")
@click.option("--split", "part", type=click.Choice(["all", "train", "dev", "test", "folds"]), default=None,
              help="For the article corpus: score one part (default: every split and the 5-fold CV).")
@click.option("--splits", "splits_path", type=click.Path(exists=True, dir_okay=False),
              help="For the article corpus: the splits file (default: splits.json beside the corpus).")
@click.pass_context
def eval_(ctx: click.Context, file: str, fmt: str, misses: bool, dictionaries: str | None, label: str,
          mode: str, part: str | None, splits_path: str | None) -> None:
    """Score the coder against gold JSONL, the article corpus or a PETRARCH XML suite.

    Prints precision, recall and F1 on (source, target, CAMEO root), per root, actor
    figures, and for XML suites records_total, records_passed, pass_rate per category.
    An article corpus (eval/corpus/articles, or a JSONL of articles) is scored with each
    sentence alone and each article coded as one document, per split and as the mean ± sd
    over its five folds. A gold sentence the cleaner drops whole counts as having no
    events, with a warning.

    Example: eventwire eval ../shared/data/gold/gold_dev.jsonl --misses

    Example: eventwire eval eval/corpus/articles --split folds --mode context
    """
    from .evaluate.corpus import evaluate_corpus, format_corpus_report, is_article_file
    from .evaluate.scorer import evaluate_file, format_report

    if is_article_file(file):
        modes = ("alone", "context") if mode == "both" else (mode,)
        result = evaluate_corpus(file, modes=modes, settings=_settings(ctx), splits=splits_path,
                                 with_misses=misses, only=part)
        report = format_corpus_report(result)
    elif Path(file).is_dir():
        raise click.ClickException(f"{file} is a directory without corpus articles (*.json)")
    else:
        result = evaluate_file(file, settings=_settings(ctx), dictionaries=dictionaries, with_misses=misses,
                               label=label)
        report = format_report(result)
    for warning in result.get("warnings", []):
        click.echo(f"warning: {warning}", err=True)
    if fmt == "json":
        click.echo(json.dumps(result, indent=2, ensure_ascii=False, default=str))
    else:
        click.echo(report)


# -- demo ----------------------------------------------------------------------------
@cli.command()
@click.option("--data", default="eventwire-demo", show_default=True, help="Data directory for the demo store.")
@click.pass_context
def demo(ctx: click.Context, data: str) -> None:
    """Ingest the bundled open-licence articles and print a summary.

    Example: eventwire demo --data /tmp/demo
    """
    from .demo import run_demo

    run_demo(data, _settings(ctx))


from .cli_web import serve  # noqa: E402 - the web command lives beside the app it serves

cli.add_command(serve)


def main() -> None:
    """Entry point: errors are one clear line on stderr and exit code 1."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as e:
        e.show()
        sys.exit(e.exit_code)
    except EventwireError as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(1)
    except (BrokenPipeError, KeyboardInterrupt):
        sys.exit(1)
    except OSError as e:
        click.echo(f"error: {e.strerror or e}: {getattr(e, 'filename', '') or ''}".rstrip(": "), err=True)
        sys.exit(1)
    except Exception as e:  # an unexpected failure: one line; the traceback only with -v
        if "-v" in sys.argv or "--verbose" in sys.argv:
            raise
        click.echo(f"error: internal error ({type(e).__name__}: {e}); run with -v for details", err=True)
        sys.exit(2)


if __name__ == "__main__":  # pragma: no cover
    main()
