"""A government body's press release: its unquoted "we" is that government."""

from __future__ import annotations

import pytest

import eventwire
from eventwire.config import load_settings
from eventwire.stages.actors import ActorResolver

TEXT = ("We call on Russia to end its war against Ukraine. "
        '"We will keep supporting Ukraine," Prime Minister Justin Trudeau said.')


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return ActorResolver(load_settings())


@pytest.mark.parametrize("outlet, code", [
    ("U.S. Department of State", "USAGOV"),
    ("The White House", "USAGOV"),
    ("the Kremlin", "RUSGOV"),
    ("Reuters", None),            # a news agency's "we" is not a political actor
    ("Voice of America", None),
    ("Wikinews", None),
    ("Department of State and friends", None),  # the whole name must be the actor
    (None, None),
])
def test_publisher_is_a_state_body_named_by_the_whole_outlet(resolver: ActorResolver, outlet: str | None,
                                                             code: str | None) -> None:
    actor = resolver.publisher(outlet, "2022-05-01")
    assert (actor.code if actor else None) == code


def _we(outlet: str | None) -> list[tuple[str, str]]:
    result = eventwire.code_document(TEXT, "2022-05-01", outlet=outlet)
    return [(m.text, m.actor.code) for m in result.mentions if m.text.lower() == "we"]


def test_unquoted_we_of_a_government_press_release_is_that_government() -> None:
    assert _we("U.S. Department of State") == [("We", "USAGOV"), ("We", "CANGOV")]
    events = eventwire.code_document(TEXT, "2022-05-01", outlet="U.S. Department of State").events
    assert ("USAGOV", "RUS", "02") in {(e.source.code, e.target.code, e.cameo_root) for e in events if e.target}


@pytest.mark.parametrize("outlet", [None, "The Washington Post"])
def test_unquoted_we_stays_unresolved_without_a_government_publisher(outlet: str | None) -> None:
    # the quoted "we" is still the speaker's side
    assert _we(outlet) == [("We", "CANGOV")]
