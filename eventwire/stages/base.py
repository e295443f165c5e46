"""The stage contract shared by every pipeline stage."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import ClassVar

from ..config import Settings
from ..models import Article


class Stage:
    """Base class: subclasses implement ``__call__``; ``pipe`` maps it lazily.

    ``requires`` and ``assigns`` name ``Article`` attributes; ``Pipeline.analyze()``
    checks that every requirement is assigned by an earlier stage.
    """

    name: ClassVar[str] = "stage"
    requires: ClassVar[tuple[str, ...]] = ()
    assigns: ClassVar[tuple[str, ...]] = ()

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def __call__(self, article: Article) -> Article:  # pragma: no cover - abstract
        raise NotImplementedError

    def pipe(self, articles: Iterable[Article], batch_size: int = 32) -> Iterator[Article]:
        for article in articles:
            yield self(article)
