"""The one conftest: shared fixtures and the --slow switch."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# ../shared holds peer data and the copyrighted dev gold; a user's fresh clone may not have it
SHARED = ROOT.parent / "shared"
TEST_DATA = Path(__file__).resolve().parent / "data"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--slow", action="store_true", default=False, help="run slow tests")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--slow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The ../shared folder; tests that need it skip cleanly where it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture(scope="session")
def nlp():
    """The default spaCy pipeline, loaded once per test session."""
    from eventwire.stages.nlp import load_model

    return load_model("en_core_web_sm")


@pytest.fixture(scope="session")
def settings():
    """Settings for the stages' unit tests: the rule coder, whose constructions they pin down.
    The learned model is tested in test_coder_model.py, and the default (hybrid) end to end in
    the e2e, CLI, runner and web tests."""
    from eventwire.config import load_settings

    return load_settings(coder="rules")


@pytest.fixture(scope="session")
def code(nlp, settings):
    """``code(text)`` -> {(source code, target code or None, CAMEO code)} of the non-negated events of one text,
    through the actor and event stages alone (dated 2020-01-01), with the rule coder (``settings``)."""
    from eventwire.stages.actors import ActorResolver
    from eventwire.stages.events import EventCoder

    resolver, coder = ActorResolver(settings), EventCoder(settings)

    def run(text):
        doc = nlp(text)
        return {(e.source.code, e.target.code if e.target else None, e.cameo_code)
                for e in coder.code_doc(doc, resolver.resolve_doc(doc, "2020-01-01")) if not e.negated}
    return run


@pytest.fixture(scope="session")
def corpus_tools():
    """eval/corpus/tools.py (the annotation tools: stats, splits) as a module."""
    import importlib.util

    path = ROOT / "eval" / "corpus" / "tools.py"
    spec = importlib.util.spec_from_file_location("corpus_tools", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
