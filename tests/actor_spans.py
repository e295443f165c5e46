"""Hand-built actor spans for event-coder tests: the coder runs without the actor stage."""

from __future__ import annotations

from dataclasses import dataclass

from eventwire.models import Actor


@dataclass(frozen=True)
class Span:
    """Duck-typed stand-in for actors.ActorSpan (same fields)."""

    start: int
    end: int
    head: int
    actor: Actor
    sentence_index: int = 0
    kind: str = "test"


def name_spans(doc, names: dict) -> list[Span]:
    """A span for every occurrence of each name (``{"Russian police": "RUSCOP"}``; a list gives several actors)."""
    words = [t.text for t in doc]
    out = []
    for name, codes in names.items():
        n = name.split()
        for i in range(len(words) - len(n) + 1):
            if words[i:i + len(n)] == n:
                for code in codes if isinstance(codes, list) else [codes]:
                    out.append(Span(i, i + len(n), i + len(n) - 1,
                                    Actor(code=code, country=code[:3], agent=code[3:] or None, name=name, text=name)))
    return out
