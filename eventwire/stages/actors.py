"""The actors stage: who is mentioned, as which actor (country, IGO, agent, person).

Resolution works on noun phrases of the dependency parse. Dictionary phrases
(countries, demonyms, capitals, seats of power, IGOs, groups, Phoenix people) and
agent phrases ("foreign minister", "troops") are matched once over the document with
a token trie; each match is attached to the head of the noun phrase it modifies, and
the phrase becomes one ``ActorSpan``: "Japanese Defense Minister Nobuo Kishi" →
JPNGOV with head "Kishi". The document pass (``coref.py``) also resolves what only the
article names: pronouns, "both countries", "the two allies", surnames and bare titles,
"the military", appositions and the implicit targets of reactions. The shared lexicon
lives in ``lexicon.py``, which both modules import.

Example::

    resolver = ActorResolver(load_settings())
    spans = resolver.resolve_doc(nlp("Russian diplomats left Britain."), "2018-03-14")
    [(s.actor.code, s.kind) for s in spans]   # [('RUSGOV', 'agent'), ('GBR', 'country')]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ..codebooks.actors import build_dictionaries, norm_token
from ..config import Settings
from ..models import Actor, Article, Mention
from .base import Stage
from .coref import DocumentResolver
from .lexicon import ActorLexicon, ActorSpan, actor_from_code

# sectors that speak for a state: their press releases' "we" is that state's government
STATE_AGENTS = frozenset({"GOV", "MIL", "LEG", "JUD", "COP"})


class ActorResolver(Stage):
    """Pipeline stage: ``article.mentions`` = the document's ``ActorSpan`` list, sorted by (start, end)."""

    name = "actors"
    requires = ("doc", "published", "title", "dateline_places")
    assigns = ("mentions",)

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.lexicon = ActorLexicon(build_dictionaries(settings))
        self._publishers: dict[tuple[str | None, str | None], Actor | None] = {}

    def __call__(self, article: Article) -> Article:
        article.mentions = self.resolve_doc(article.doc, article.published,
                                            places=tuple(article.dateline_places or ()),
                                            publisher=self.publisher(article.raw.outlet, article.published),
                                            headline=article.title)
        return article

    def resolve_doc(self, doc: Any, date: str | None, places: Sequence[str] = (),
                    publisher: Actor | None = None, headline: str | None = None) -> list[ActorSpan]:
        """Resolve every actor mention in a parsed document.

        Args:
            doc: a spaCy ``Doc`` with a dependency parse.
            date: the article date (ISO ``YYYY-MM-DD``) used for date-restricted codes, or None.
            places: dateline places, used as the fallback country for agents such as
                "the Foreign Ministry" when the text names no country before them.
            publisher: the government body that published the text (see ``publisher``):
                "we"/"our" outside quotations are this body.
            headline: the article's title: the last fallback country for an agent, after
                the dateline.

        Returns:
            The mentions, sorted by (start, end).
        """
        return DocumentResolver(self.lexicon, doc, date, places, publisher, headline).run()

    def publisher(self, outlet: str | None, date: str | None = None) -> Actor | None:
        """The actor of an outlet that is a government body ("U.S. Department of State", "The White House").

        The whole outlet name must be one dictionary actor of a country with a state
        sector (government, military, legislature, judiciary, police): a press release
        speaks for its publisher, while a newspaper's "we" is not a political actor.

        Args:
            outlet: the document's outlet name, or None.
            date: the article date, for dated codes.

        Returns:
            The publisher's actor, or None.
        """
        key = (outlet, date)
        if key not in self._publishers:
            self._publishers[key] = self._publisher(outlet, date)
        return self._publishers[key]

    def _publisher(self, outlet: str | None, date: str | None) -> Actor | None:
        words = [norm_token(w) for w in re.findall(r"\w+(?:\.\w+)*\.?|[^\w\s]", outlet or "")]
        words = words[1:] if words[:1] == ["the"] and len(words) > 1 else words
        matches = self.lexicon.actors.matches(words, lambda start, end, entries: start == 0 and end == len(words))
        if len(matches) != 1 or not words:
            return None
        option = matches[0].entry[0].code_on(date)
        if option is None:
            return None
        actor = actor_from_code(option.code, self.lexicon, name=outlet, text=outlet,
                                evidence=f"publisher: {outlet}")
        return actor if actor.country and actor.agent in STATE_AGENTS else None


def to_mentions(spans: Sequence[ActorSpan], doc: Any, doc_id: str) -> list[Mention]:
    """Convert ``ActorSpan`` objects to stored ``models.Mention`` records (character offsets)."""
    out = []
    for s in spans:
        span = doc[s.start:s.end]
        out.append(Mention(doc_id, s.sentence_index, span.start_char, span.end_char, span.text, s.actor))
    return out


__all__ = ["ActorLexicon", "ActorResolver", "ActorSpan", "actor_from_code", "to_mentions"]
