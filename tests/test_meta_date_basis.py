"""date_basis: every event says where its date comes from, and a guessed year says so (issue 18, point 5)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from eventwire.config import load_settings
from eventwire.models import Article, RawDocument
from eventwire.stages.clean import Cleaner
from eventwire.stages.meta import MetaExtractor, resolve_dated

WIRE = "TOKYO, Jan 7 (Reuters) - Japan and the United States pledged to deepen security ties.\n\nMore text here."


def _meta(text: str, published: str | None = None, reference: str = "2026-12-06") -> Article:
    settings = load_settings()
    raw = RawDocument(origin="x.txt", text=text, published=published)
    return MetaExtractor(settings, reference=reference)(Cleaner(settings)(Article(raw=raw)))


@pytest.mark.parametrize(("text", "published", "date", "basis"), [
    (WIRE, None, "2026-01-07", "inferred-year"),       # the year comes from the reference date: a guess
    (WIRE, "2022-01-07", "2022-01-07", "published"),   # the user's or the page's date
    (WIRE.replace("Jan 7", "Jan 7, 2022"), None, "2022-01-07", "dateline"),
    ("Talks resumed in the capital.", None, None, None),
])
def test_meta_date_basis_of_the_document(text: str, published: str | None, date: str | None,
                                         basis: str | None) -> None:
    article = _meta(text, published)
    assert (article.published, article.date_basis) == (date, basis)


@pytest.mark.parametrize(("sentence", "published", "document", "expected"), [
    ("They met on Friday.", "2022-01-09", "published", ("2022-01-07", "relative")),
    ("They met on Friday.", "2022-01-09", "inferred-year", ("2022-01-07", "inferred-year")),
    ("They met on March 3, 2021.", "2022-01-09", "inferred-year", ("2021-03-03", "sentence")),
    ("They met.", "2022-01-09", "dateline", ("2022-01-09", "dateline")),
    ("They met.", None, None, (None, None)),
    ("They met on March 3, 2021.", None, None, ("2021-03-03", "sentence")),
])
def test_meta_resolve_dated_gives_the_basis(sentence: str, published: str | None, document: str | None,
                                            expected: tuple) -> None:
    assert resolve_dated(sentence, published, document) == expected


@pytest.mark.model
def test_issue18_seed_fixture_counts_mean_what_they_say(shared_dir, tmp_path) -> None:
    """As a new user: ingest the seed fixture without --date, then count (issue 18, point 5)."""
    from eventwire.cli import cli

    path = shared_dir / "fixtures" / "noisy-wire-us-japan-2022.txt"
    runner = CliRunner()
    table = runner.invoke(cli, ["code", str(path), "--format", "table"], terminal_width=250)
    assert table.exit_code == 0, table.output
    assert "NEGATED" in table.output and "year guessed" in table.output
    data = tmp_path / "store"
    assert runner.invoke(cli, ["ingest", str(path), "--data", str(data), "--workers", "1"]).exit_code == 0

    def dyads(*extra: str) -> list[dict]:
        out = runner.invoke(cli, ["dyads", "--data", str(data), "--format", "json", "--by", "year", *extra])
        assert out.exit_code == 0, out.output
        return json.loads(out.output)

    def cooperation(rows: list[dict]) -> int:
        return sum(r["events"] for r in rows if {r["source"], r["target"]} == {"USA", "JPN"})

    # "It is not a case of the US shaking hands with Japan": coded, flagged, and not counted
    assert cooperation(dyads()) < cooperation(dyads("--include-negated"))
    for row in dyads():
        assert row["goldstein_mean"] is None or row["goldstein_mean"] == round(row["goldstein_mean"], 3)
    # the year came from today's date, not the text: every event says so and can be filtered
    guessed = runner.invoke(cli, ["events", "--data", str(data), "--format", "json", "--date-basis", "inferred-year"])
    everything = runner.invoke(cli, ["events", "--data", str(data), "--format", "json"])
    assert len(json.loads(guessed.output)) == len(json.loads(everything.output)) > 0
    assert runner.invoke(cli, ["dyads", "--data", str(data), "--date-basis", "published"]).exit_code == 0
    stats = json.loads(runner.invoke(cli, ["stats", "--data", str(data), "--format", "json"]).output)
    assert stats["not_happened"] >= 2 and stats["inferred_year"] == stats["events"]
    # the ingest's writer linked every event to a story
    from eventwire.store import Store

    store = Store(data)
    assert store.story_links().num_rows == store.events(include_duplicates=True).num_rows > 0
