"""Per-document actor resolution: the article read as a whole (used by ``ActorResolver``).

One ``DocumentResolver`` walks a parsed document sentence by sentence, head by head:

1. noun phrases with dictionary matches become actors (country + agent, IGO, person);
2. agent-only phrases ("the Foreign Ministry spokesman") take a country from the phrase's
   "of"/"from" attachment; a definite sector noun ("the military", "the troops", "police")
   from the latest stated actor of its sector in the article; else from the context before
   them in the sentence or the previous two sentences, a place named with "in", the
   dateline, and last the headline;
3. people are remembered by full name and surname, so a later "Kishida", "Mr. Koizumi" or
   "Foreign Minister Hussein" is the person the article named, and a bare title ("the
   minister", "The Secretary") is the latest person holding it; appositions share their actor;
4. pronouns (he/she/it/they and possessives, "we"/"our" inside quotes), "the country", and
   plural descriptions ("both countries", "the two allies", "each side", "the allies",
   "the ministers") are resolved to the most recent compatible referents, respecting clause
   binding (an object pronoun is not its own clause's subject; a reflexive is);
5. the object of a reaction ("condemned the test", "denied it") takes the actor of the act
   told earlier (whoever tested; the accuser).

Every actor resolved from context names its antecedent in ``evidence``: the mention, the
words that first named the actor and their sentence index ("coref 'He' → 'Japanese Prime
Minister Fumio Kishida' (sentence 0)").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..codebooks.actors import ActorEntry, iso_to_int, norm_token
from ..models import Actor
from .place import place_countries
from .lexicon import (COUNTRY_KINDS, NP_INTERNAL, ORG_AGENT_HEADS, WEAK_AGENT_HEADS, ActorLexicon, ActorSpan,
                      Match, actor_from_code, doc_norms, np_bounds)

PERSON_PRONOUNS = frozenset({"he", "him", "his", "himself", "she", "her", "hers", "herself"})
THING_PRONOUNS = frozenset({"it", "its", "itself"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
REFLEXIVES = frozenset({"himself", "herself", "itself", "themselves"})
# "the country", "the kingdom": a singular definite description of the last country
COUNTRY_NOUNS = frozenset({"country", "nation", "kingdom", "republic", "emirate", "monarchy"})
# plural descriptions that refer to the last two actors ("both countries", "the two allies")
PAIR_NOUNS = frozenset({"country", "nation", "side", "party", "ally", "neighbour", "neighbor", "leader", "government",
                        "minister", "power", "partner", "rival", "counterpart", "delegation", "state",
                        "president", "foe", "adversary", "kingdom", "capital"})
# pair nouns that keep an agent (the two ministers are GOV); the rest are the countries themselves
PAIR_AGENT_NOUNS = frozenset({"leader", "government", "minister", "president", "delegation", "counterpart"})
PAIR_DETERMINERS = frozenset({"both", "two"})
# nouns of a relation that, definite and plural, are the pair itself ("the allies", "the neighbours")
RELATION_PAIR_NOUNS = frozenset({"ally", "neighbour", "neighbor", "rival", "partner", "foe", "adversary"})
# nouns of the parties to a conflict or talks: "the sides", "all sides", "the parties"
GROUP_PAIR_NOUNS = frozenset({"side", "party"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# "a correspondent based in Moscow": where a person is posted or travels is not their country
POSTING_VERBS = frozenset({"base", "work", "station", "live", "reside", "visit", "travel", "stay", "post",
                           "accredit", "deploy", "headquarter"})
# regional adjectives: an agent they modify belongs to no single country ("European leaders")
REGION_ADJECTIVES = frozenset({"european", "african", "asian", "arab", "western", "latin", "nordic", "baltic",
                               "gulf", "scandinavian", "balkan", "caribbean"})
# prepositions that attach an employer to an agent ("a reporter for the Journal")
EMPLOYER_PREPOSITIONS = ("for", "with", "at")
# definite descriptions of an organisation named before ("the bloc", "the alliance")
IGO_NOUNS = frozenset({"bloc", "alliance", "council", "organisation", "organization", "agency", "union",
                       "grouping", "assembly", "fund", "commission"})
# definite descriptions of a non-state armed or criminal group named before ("the group", "the movement")
GROUP_NOUNS = frozenset({"group", "movement", "militia", "faction", "cartel", "organisation", "organization",
                         "outfit", "network", "gang"})
NONSTATE_AGENTS = frozenset({"REB", "UAF", "CRM"})
FIRST_PLURAL = frozenset({"we", "us", "our", "ours", "ourselves"})
# verbs that report speech: their subject is the speaker of a quotation in the sentence
SPEECH_VERBS = frozenset({"say", "tell", "add", "state", "declare", "insist", "warn", "announce", "write", "tweet",
                          "note", "stress", "claim", "vow", "urge", "ask", "reply", "respond", "explain"})
OPEN_QUOTES = frozenset({"“", "‘"})
CLOSE_QUOTES = frozenset({"”", "’"})
# prepositions that make a place the setting of the clause ("officers around Hong Kong")
# nouns that describe a city or region ("Tripoli, the north Lebanese port")
PLACE_NOUNS = frozenset({"city", "town", "port", "capital", "village", "province", "region", "district",
                         "state", "island", "enclave", "county", "municipality", "settlement", "outpost", "hub"})
# a country divided in two halves that news calls "the North" and "the South" once it has named one
DIVIDED_COUNTRIES = ({"PRK": "north", "KOR": "south"},)
# states whose demonym names citizens of several peoples, so that an ethnic word goes before it
# ("Turkish Cypriots", "Chinese Malaysians", "Korean Americans")
CIVIC_NATIONALITIES = frozenset({"CYP", "USA", "CAN", "AUS", "NZL", "ISR", "MYS", "SGP"})
SETTING_PREPOSITIONS = frozenset({"in", "around", "across", "throughout", "inside", "within"})
# number words that make a crowd the subject of a clause ("hundreds of thousands marched")
CROWD_NOUNS = frozenset({"thousand", "hundred", "dozen", "million", "ten", "score", "crowd", "throng"})
# what a crowd does when it protests (its agent is then OPP, protesters, as in the gold conventions)
PROTEST_VERBS = frozenset({"march", "rally", "protest", "demonstrate", "riot", "chant", "picket", "strike"})
# words that make a title a past one ("former President X" is out of office)
PAST_TITLE_WORDS = frozenset({"former", "ex", "ousted", "late", "then", "deposed", "exiled", "retired", "toppled"})
# titles of an office held by one person: "the minister", "the Secretary" after the holder was named
TITLE_NOUNS = frozenset({"minister", "president", "envoy", "secretary", "premier", "ambassador", "chancellor",
                         "king", "queen", "prince", "emperor", "governor", "mayor", "senator", "spokesman",
                         "spokeswoman", "spokesperson", "commander", "general", "pope", "prosecutor", "counselor",
                         "counsellor", "representative", "director", "deputy", "adviser", "advisor", "commissioner",
                         "chairman", "chairwoman", "chair", "administrator", "undersecretary"})
# how far back a bare title or a definite sector noun looks for its holder, in sentences
TITLE_REACH = 10
SECTOR_REACH = 8
# reactions to an act told earlier: their object names the act, and the act's actor is their target
# ("Seoul condemned the test" → whoever tested)
REACTION_VERBS = frozenset({"condemn", "criticize", "criticise", "denounce", "deplore", "decry", "protest", "welcome",
                            "praise", "hail", "applaud", "regret", "deny", "reject", "dismiss", "slam", "blast",
                            "lament", "oppose", "refute", "rebuff", "reject", "resent", "endorse", "support"})
# prepositions that attach the act to a reaction verb ("protested against the move")
REACTION_PREPOSITIONS = frozenset({"against", "over", "at"})
# verbs whose object pronoun is the accusation made earlier ("the ministry denied it" → the accuser)
DENIAL_VERBS = frozenset({"deny", "reject", "dismiss", "refute"})
ACCUSATION_VERBS = frozenset({"accuse", "blame", "allege", "charge", "claim"})
# nouns of acts and the verbs that tell the same act ("the test" ← "tested"); a noun is also its own verb
ACT_NOUNS: dict[str, frozenset[str]] = {k: frozenset(v.split()) for k, v in {
    "test": "test", "launch": "launch fire", "attack": "attack", "strike": "strike", "visit": "visit",
    "decision": "decide", "arrest": "arrest", "invasion": "invade", "annexation": "annex", "intrusion": "intrude enter",
    "incursion": "enter cross", "accusation": "accuse", "allegation": "allege accuse", "claim": "claim",
    "charge": "charge accuse", "remark": "say", "comment": "say comment", "statement": "say state",
    "sanction": "sanction impose", "expulsion": "expel", "detention": "detain", "execution": "execute",
    "killing": "kill", "bombing": "bomb", "shelling": "shell", "deployment": "deploy", "seizure": "seize",
    "ban": "ban", "withdrawal": "withdraw", "announcement": "announce", "threat": "threaten", "blockade": "blockade",
    "raid": "raid", "crackdown": "crack", "closure": "close", "suspension": "suspend", "recognition": "recognize",
    "offensive": "launch attack", "occupation": "occupy", "downing": "down shoot", "violation": "violate",
    "demand": "demand", "request": "request ask", "proposal": "propose", "offer": "offer", "plan": "plan",
}.items()}
# how far back the act a reaction responds to may be told, in sentences
ACT_REACH = 5
# population sectors: inside an organisation's name ("European Community") the word is part of the name
NAME_WORD_AGENTS = frozenset({"CVL", "PPL"})


def _across_lines(token: Any) -> bool:
    """Whether a line break separates a token from its head (a parse across paragraphs)."""
    lo, hi = sorted((token.i, token.head.i))
    return any("\n" in token.doc[i].text for i in range(lo + 1, hi))


def _setting_preposition(token: Any) -> Any:
    """The setting preposition ("in", "around", ...) whose phrase holds ``token``, else None.

    The place may sit deeper in the phrase: "in Nad Ali district of Helmand province" holds
    Helmand through "of"; a clause or another kind of phrase on the way stops the search.
    """
    for _ in range(6):
        if token.dep_ == "pobj" and token.head.lower_ in SETTING_PREPOSITIONS:
            return token.head
        if token.dep_ not in ("pobj", "prep", "compound", "amod", "nmod", "appos", "conj", "poss") \
                or token.head.i == token.i:
            return None
        token = token.head
    return None


def _is_subject(token: Any) -> bool:
    """Whether a token is a clause subject, or a conjunct of one ("the US and Japan said")."""
    steps = 0
    while token.dep_ == "conj" and token.head.i != token.i and steps < 8:
        token = token.head
        steps += 1
    return token.dep_ in SUBJECT_DEPS


def _quoted_tokens(sent: Any) -> set[int]:
    """Indices of the tokens of ``sent`` inside quotation marks (curly pairs or straight toggles)."""
    inside, out = False, set()
    for tok in sent:
        text = tok.text
        if text in OPEN_QUOTES or (text == '"' and not inside) or (text == "``"):
            inside = True
        elif text in CLOSE_QUOTES or text in ('"', "''"):
            inside = False
        elif inside:
            out.add(tok.i)
    return out


@dataclass
class _Referent:
    """Something a later anaphor may point to: one or more actors, where, and what sort."""

    actors: tuple[Actor, ...]
    head: int
    sentence: int
    person: bool
    plural: bool
    country_like: bool


class DocumentResolver:
    """Resolve all actor mentions of one document (see module docstring)."""

    def __init__(self, lexicon: ActorLexicon, doc: Any, date: str | None, places: Sequence[str] = (),
                 publisher: Actor | None = None, headline: str | None = None) -> None:
        self.lexicon = lexicon
        self.publisher = publisher
        self.doc = doc
        self.date = date
        self.sents = list(doc.sents)
        self.sent_of = [0] * len(doc)
        for si, sent in enumerate(self.sents):
            for i in range(sent.start, sent.end):
                self.sent_of[i] = si
        norms = doc_norms(doc)
        self.actor_groups = self._group([self._pick(m) for m in lexicon.actor_matches(doc, norms)])
        self.agent_groups = self._group(lexicon.agent_matches(doc, norms))
        self.actor_at = {i: m for ms in self.actor_groups.values() for m in ms for i in range(m.start, m.end)}
        self.agent_at = {i: m for ms in self.agent_groups.values() for m in ms for i in range(m.start, m.end)}
        self.spans: list[ActorSpan] = []
        self.by_head: dict[int, list[ActorSpan]] = {}
        self._spans_at: dict[int, list[ActorSpan]] = {}  # every span by head, pronouns included
        self.history: list[_Referent] = []
        self._referent_at: dict[int, _Referent] = {}
        self._guessed: set[int] = set()  # ids of spans whose country came from context
        self.people: dict[str, Actor] = {}
        self._names: dict[str, str] = {}
        self.dateline_country = self._places_country(places)
        self.headline_country = self._headline_country(headline)
        self._named_codes: set[str] | None = None  # countries the document names, computed when first needed
        # where each actor object was first named: id(actor) -> (sentence index, the naming words);
        # an actor resolved from context carries its antecedent's naming on, so evidence cites it
        self._origins: dict[int, tuple[int, str]] = {}
        self._person_origins: dict[tuple[str, str], tuple[int, str]] = {}

    # ------------------------------------------------------------ setup helpers

    def _pick(self, m: Match) -> Match:
        """A phrase may have several entries (CROATIA is in two blocks): take the first valid on the date."""
        entries = m.entry
        m.entry = next((e for e in entries if e.code_on(self.date)), entries[0])
        return m

    def _group(self, matches: list[Match]) -> dict[int, list[Match]]:
        groups: dict[int, list[Match]] = {}
        for m in matches:
            groups.setdefault(self._head_of(self.doc[m.start:m.end].root).i, []).append(m)
        return groups

    @staticmethod
    def _head_of(token: Any) -> Any:
        """The noun-phrase head a token modifies; pronouns are their own heads.

        Conjoined modifiers climb too ("US and Japanese officials": "Japanese" → "officials").
        """
        steps = 0
        while steps < 12 and token.head.i != token.i and token.pos_ != "PRON" and not _across_lines(token):
            if token.dep_ in NP_INTERNAL or (token.dep_ == "conj" and token.head.dep_ in NP_INTERNAL):
                token = token.head
                steps += 1
            else:
                break
        return token

    def _places_country(self, places: Sequence[str]) -> str | None:
        for place in places:
            key = tuple(norm_token(w) for w in place.replace("-", " - ").split())
            entries = self.lexicon.actors.table.get(key)
            for entry in entries or ():
                option = entry.code_on(self.date)
                if option and option.code in self.lexicon.countries:
                    return option.code
        return None

    def _headline_country(self, headline: str | None) -> str | None:
        """The first country the headline names ("Myanmar troops burn villages" → MMR), else None."""
        words = [norm_token(w) for w in re.findall(r"\w+(?:\.\w+)*\.?|[^\w\s]", headline or "")]
        for m in self.lexicon.actors.matches(words):
            for entry in m.entry:
                option = entry.code_on(self.date) if entry.kind in COUNTRY_KINDS else None
                if option and option.code[:3] in self.lexicon.countries:
                    return option.code[:3]
        return None

    # ------------------------------------------------------------ main loop

    def run(self) -> list[ActorSpan]:
        """Resolve the document; returns the spans sorted by (start, end)."""
        for si, sent in enumerate(self.sents):
            heads = sorted({h for h in list(self.actor_groups) + list(self.agent_groups)
                            if sent.start <= h < sent.end}
                           | {t.i for t in sent if t.pos_ in ("PROPN", "PRON", "NOUN")
                              and self._head_of(t).i == t.i})
            for h in heads:
                self._resolve_head(self.doc[h], si)
            self._appositions(sent, si)
            self._implicit_targets(sent, si)
            self._first_person(sent, si)
            self._coordinations(sent, si)
        self.spans.sort(key=lambda s: (s.start, s.end, s.actor.code))
        return self.spans

    def _resolve_head(self, head: Any, si: int) -> None:
        lower = head.lower_
        if head.pos_ == "PRON":
            if lower in PERSON_PRONOUNS | THING_PRONOUNS | PLURAL_PRONOUNS:
                self._pronoun(head, si)
            return
        matches = self.actor_groups.get(head.i, [])
        agents = self.agent_groups.get(head.i, [])
        head_match = self.actor_at.get(head.i)
        head_agent = self.agent_at.get(head.i)
        personish = (head.pos_ == "PROPN" and head_match is None and head_agent is None
                     and head.ent_type_ in ("PERSON", ""))
        if personish or (head.pos_ == "PROPN" and head_match is not None and head_match.entry.kind == "person"):
            # a person the article named before, however titled now ("Foreign Minister Hussein",
            # "Mr. Koizumi"): the article's own naming beats the dictionary and the context
            if self._remembered_person(head, si):
                return
        if not matches and self._is_country_description(head):
            self._description(head, si, agent=None)
            return
        if not matches and self._igo_description(head, si):
            return
        if not matches and not agents:
            if self._divided_half(head, si):
                return
            if head.tag_ in ("NN", "NNP") and self._bare_title(head, si, *np_bounds(head)):
                return
            if head.pos_ == "PROPN":
                self._remembered_person(head, si)
            elif head.lemma_.lower() in COUNTRY_NOUNS | PAIR_NOUNS:
                self._description(head, si, agent=None)
            elif head.lemma_.lower() in GROUP_NOUNS:
                self._group_description(head, si)
            elif self._is_crowd(head):
                self._crowd(head, si)
            return
        if head_match is None and not agents and head.lemma_.lower() == "counterpart" and self._counterparts(head, si):
            return
        if head_match is None and head_agent is None and not personish and not self._compound_agent(head, agents):
            # "Turkey's ratification", "Japanese waters": each modifier is its own actor
            for m in matches:
                self._emit_entry(m, si)
            return
        self._emit_phrase(head, si, matches, agents, head_agent, personish)

    def _counterparts(self, head: Any, si: int) -> bool:
        """"His South Korean and Chinese counterparts": each country's holder of the possessor's office.

        The sector comes from the possessor ("his" → the Secretary of State → GOV); the
        countries from the phrase's nationalities. Returns False (nothing emitted) when the
        possessor has no sector.
        """
        poss = next((c for c in head.children if c.dep_ == "poss"), None)
        if poss is None:
            return False
        owner = self._pronoun_referent(poss) if poss.pos_ == "PRON" else None
        owners = list(owner.actors) if owner else [s.actor for s in self.by_head.get(poss.i, ())]
        if not owners and poss.pos_ == "PRON":
            # "X met his counterparts": the pronoun is the clause's subject
            verb = next((t for t in head.ancestors if t.pos_ in ("VERB", "AUX")), None)
            owners = [s.actor for c in (verb.children if verb is not None else ()) if c.dep_ in SUBJECT_DEPS
                      for s in self.by_head.get(c.i, ())]
        agent = next((a.agent for a in owners if a.agent), None)
        countries = [(self._place_code(m) or "")[:3] for m in self.actor_groups.get(head.i, ())
                     if m.entry.kind in COUNTRY_KINDS]
        if agent is None or not countries:
            return False
        start, end = np_bounds(head)
        text = self.doc[start:end].text
        for code in dict.fromkeys(c for c in countries if c):
            actor = self._compose(code, agent, text, f"counterpart of '{poss.text}' ({agent})")
            self._add(ActorSpan(start, end, head.i, actor, si, "agent"), plural=len(countries) > 1)
        return True

    def _divided_half(self, head: Any, si: int) -> bool:
        """"The North"/"the South" alone is half of a divided country the article names (the Koreas).

        Only the bare capitalised noun with "the" ("the South", not "the South of France" nor
        "the south"), and only when the document names one of the halves.
        """
        if head.text not in ("North", "South") or [c.lower_ for c in head.children] != ["the"]:
            return False
        if self._named_codes is None:
            self._named_codes = {(self._code(m.entry) or "")[:3] for ms in self.actor_groups.values() for m in ms}
        for halves in DIVIDED_COUNTRIES:
            if halves.keys() & self._named_codes:
                code = next(c for c, word in halves.items() if word == head.lower_)
                actor = actor_from_code(code, self.lexicon, text=f"the {head.text}",
                                        evidence=f"'the {head.text}' of the divided country the article names")
                self._add(ActorSpan(min(c.i for c in head.children), head.i + 1, head.i, actor, si, "country"))
                return True
        return False

    def _compound_agent(self, head: Any, agents: list[Match]) -> bool:
        """Whether a sector word is a compound of the head ("Israeli army bulldozers", "police vehicles").

        The thing then belongs to that sector; a possessor's sector ("the government's decision")
        stays with the possessor.
        """
        return any(m.entry.primary and self.doc[m.start:m.end].root.dep_ == "compound"
                   and self.doc[m.start:m.end].root.head.i == head.i for m in agents)

    @staticmethod
    def _is_crowd(head: Any) -> bool:
        """"Thousands marched", "hundreds of thousands rallied": a crowd that is a clause's subject.

        A crowd "of" something else is not one ("thousands of protesters" is the protesters,
        "thousands of dollars" no actor at all).
        """
        if head.lemma_.lower() not in CROWD_NOUNS or head.dep_ not in SUBJECT_DEPS:
            return False
        pobjs = [p for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
                 for p in c.children if p.dep_ == "pobj"]
        return all(p.lemma_.lower() in CROWD_NOUNS for p in pobjs)

    def _crowd(self, head: Any, si: int) -> None:
        """A crowd as an actor: protesters (OPP) when it protests, else civilians (CVL), of the setting's country."""
        agent = "OPP" if head.head.lemma_.lower() in PROTEST_VERBS else "CVL"
        # where the crowd acts tells whose people it is ("Russia said thousands marched in Kyiv")
        bases = (self._attached_countries(head.head, agent) or self._agent_country(head, si, agent)
                 or [(None, "no country in context", "agent")])
        start, end = np_bounds(head)
        text = self.doc[start:end].text
        for code, evidence, _ in bases:
            actor = self._compose(code, agent, text, f"{evidence}; crowd '{head.text}' {agent}")
            self._add(ActorSpan(start, end, head.i, actor, si, "agent"), plural=True)

    # ------------------------------------------------------------ noun phrases

    def _code(self, entry: ActorEntry) -> str | None:
        option = entry.code_on(self.date)
        return option.code if option else None

    def _kind(self, m: Match) -> str:
        entry = m.entry
        if entry.kind == "country":
            tok = self.doc[m.start:m.end].root
            if tok.pos_ == "ADJ" or tok.ent_type_ == "NORP":
                return "demonym"
        return entry.kind

    def _emit_entry(self, m: Match, si: int) -> None:
        code = self._code(m.entry)
        if not code:
            return
        root = self.doc[m.start:m.end].root
        start = m.start - 1 if m.start > 0 and self.doc[m.start - 1].lower_ == "the" else m.start
        evidence = m.entry.evidence
        described = self._described_country(m, root)
        if described and described[0] != code[:3]:
            code, evidence = described
        actor = actor_from_code(code, self.lexicon, text=self.doc[start:m.end].text, evidence=evidence)
        actor = self._named(actor, m.entry)
        self._add(ActorSpan(start, m.end, root.i, actor, si, self._kind(m)), person=m.entry.kind == "person")

    def _described_country(self, m: Match, root: Any) -> tuple[str, str] | None:
        """The country a description of a city names, which settles a name several countries share.

        "Tripoli, the north Lebanese port", "Tripoli, Lebanon", "the Lebanese port of Tripoli"
        → LBN, not the dictionary's Libya. Only for a city; a country's own name or demonym
        is not re-read. Returns (country code, evidence) or None.
        """
        if m.entry.kind not in COUNTRY_KINDS or m.entry.evidence.endswith(("(names)", "(demonyms)")):
            return None
        describers = [c for c in root.children if c.dep_ == "appos"]
        if root.dep_ == "appos" or (root.dep_ == "pobj" and root.head.lower_ == "of"):
            describers.append(root.head if root.dep_ == "appos" else root.head.head)
        for noun in describers:
            if any(c.dep_ in ("conj", "cc") for c in noun.children):
                continue  # "The US, Russia, and Switzerland" is a list, not a description
            own = self.actor_at.get(noun.i)
            # "Tripoli, Lebanon"; or a place noun the country modifies ("the Lebanese port"), never
            # a possessor or another role ("Kyiv, Russia's target", "Odessa, a Russian target")
            modifiers = [o for o in self.actor_groups.get(noun.i, ()) if o is not own
                         and self.doc[o.start:o.end].root.dep_ in ("amod", "compound")] \
                if noun.lemma_.lower() in PLACE_NOUNS else []
            for other in ([own] if own else []) + modifiers:
                if other is m or not other.entry.evidence.endswith(("(names)", "(demonyms)")):
                    continue
                code = self._code(other.entry)
                if code and code[:3] in self.lexicon.countries:
                    return code[:3], f"{m.entry.evidence}; described as '{self.doc[other.start:other.end].text}'"
        return self._namesake_in_sentence(m, root)

    def _names_place(self, o: Match) -> bool:
        """Whether a country match names a place: a prepositional object, or a demonym on a place noun."""
        tok = self.doc[o.start:o.end].root
        if o.entry.evidence.endswith("(demonyms)"):
            return tok.dep_ == "amod" and tok.head.lemma_.lower() in PLACE_NOUNS
        return tok.dep_ == "pobj"

    def _namesake_in_sentence(self, m: Match, root: Any) -> tuple[str, str] | None:
        """A city of the same name in the one country the sentence names instead of the dictionary's.

        "militias in Tripoli as shells crashed into the north Lebanese port" → LBN: the
        gazetteer has a Tripoli in Lebanon, and the sentence names Lebanon, not Libya.
        """
        sent = root.sent
        others = [o for i in range(sent.start, sent.end) if (o := self.actor_at.get(i)) is not None
                  and o is not m and o.entry.evidence.endswith(("(names)", "(demonyms)"))]
        own = (self._code(m.entry) or "")[:3]
        if own in {(self._code(o.entry) or "")[:3] for o in others}:
            return None
        # only a country named as a place ("in Lebanon", "the Lebanese port"): "American troops in
        # Athens" are no evidence of an Athens in America
        places = {(self._code(o.entry) or "")[:3] for o in others if self._names_place(o)}
        other = places & place_countries(self.doc[m.start:m.end].text)
        if len(other) != 1:
            return None
        code = next(iter(other))
        return code, f"{m.entry.evidence}; a namesake in {code}, which the sentence names"

    def _place_code(self, m: Match) -> str | None:
        """A match's code, with a city's country settled by its description or sentence."""
        code = self._code(m.entry)
        described = self._described_country(m, self.doc[m.start:m.end].root) if code else None
        return described[0] if described else code

    def _named(self, actor: Actor, entry: ActorEntry) -> Actor:
        if entry.kind in ("igo", "group", "seat", "person") or not actor.country:
            return replace(actor, name=entry.name or actor.name)
        return actor

    def _emit_phrase(self, head: Any, si: int, matches: list[Match], agents: list[Match],
                     head_agent: Match | None, personish: bool) -> None:
        start, end = np_bounds(head)
        for m in matches + agents:
            start, end = min(start, m.start), max(end, m.end)
        text = self.doc[start:end].text
        # a word of an organisation's name is no sector of it: the European Community is not civilians
        head_match = self.actor_at.get(head.i)
        if head_agent is not None and head_match is not None and head_match.entry.kind in ("igo", "group") \
                and head_agent.entry.primary in NAME_WORD_AGENTS and head_match.start <= head_agent.start:
            agents = [m for m in agents if m is not head_agent]
            head_agent = None
        agent, agent_ev, agent_code = self._choose_agent(head, agents, head_agent)
        bases = self._bases(matches, head)
        if bases and bases[0][2] == "person" and not self._strong_person(matches):
            # "King Hassan of Morocco": a weak name yields to the country its title is "of"
            bases = self._of_country(head) or bases
        if len(bases) == 1 and bases[0][2] in COUNTRY_KINDS:
            bases = self._residents_country(head, si, matches, start) or bases
        plural = head.tag_ in ("NNS", "NNPS")
        kind = "agent"
        if bases:
            kind = bases[0][2] if bases[0][2] not in COUNTRY_KINDS or agent is None else "agent"
        elif agent is None:
            if personish:
                self._remembered_person(head, si)
            return
        elif plural and self._is_pair_description(head) and self._pair(head, self._says_two(head)):
            self._description(head, si, agent=agent)
            return
        elif not plural and self._bare_title(head, si, start, end):
            return
        else:
            bases = self._agent_country(head, si, agent)
        if not bases:
            bases = [(None, "no country in context", "agent")]
        actors = []
        # a title the text gives as current ("President X", not "former President X") is the person's office now
        current = not any(t.lower_ in PAST_TITLE_WORDS for t in self.doc[start:head.i])
        for code, evidence, _ in bases:
            actors.append(self._compose(code, agent, text, "; ".join(e for e in (evidence, agent_ev) if e),
                                        agent_code, current_title=current))
        role = None
        if personish or kind == "person":
            role = self._title(head, start)
            actors = [replace(a, role=role or a.role) for a in actors]
        if personish:
            name = " ".join(t.text for t in self._name_tokens(head))
            actors = [replace(a, name=name, evidence=(a.evidence or "") + "; person named in text")
                      for a in actors]
            self._remember(head, actors[0])
            kind = "person"
        elif kind == "person" or (head.pos_ == "PROPN" and agent is not None and head_match is not None
                                  and head_match.entry.kind == "person"):
            # a dictionary person is named by surname later ("Rice" after "Condoleezza Rice"), and so is
            # a titled name the dictionary knows only as someone else ("Iraqi Foreign Minister Fuad Hussein")
            self._remember(head, actors[0])
        guessed = not matches and any(w in (a.evidence or "") for a in actors
                                      for w in ("context country", "later in the sentence", "place of the event",
                                                "dateline", "headline"))
        for actor in actors:
            span = ActorSpan(start, end, head.i, actor, si, kind)
            if guessed:
                self._guessed.add(id(span))
            self._add(span,
                      person=kind == "person" or (not plural and head.lower_ not in ORG_AGENT_HEADS
                                                  and agent is not None and kind == "agent"),
                      plural=plural or len(actors) > 1)

    def _bases(self, matches: list[Match], head: Any) -> list[tuple[str, str, str]]:
        """Distinct base codes of a phrase's dictionary matches: people, then IGOs, then countries.

        Returns (code, evidence, kind) triples; the display name of a person, IGO or group
        entry is kept in ``self._names`` under its code.
        """
        stacked = self._stacked_demonyms(matches)
        ranked = sorted((m for m in matches if m.start not in stacked), key=lambda m: self._rank(m, head))
        out: list[tuple[str, str, str]] = []
        for m in ranked:
            code = self._code(m.entry)
            if not code:
                continue
            evidence = m.entry.evidence
            described = self._described_country(m, self.doc[m.start:m.end].root)
            if described and described[0] != code[:3]:
                code, evidence = described
            kind = self._kind(m)
            if out and (out[0][2] in ("person", "named", "igo", "group") or kind not in COUNTRY_KINDS):
                break  # a person or IGO decides; several countries fan out
            same = [i for i, (c, _, _) in enumerate(out) if c[:3] == code[:3]]
            if same:
                # "The U.S. Department of State": one country; keep the more specific code
                if len(code) > len(out[same[0]][0]):
                    out[same[0]] = (code, evidence, kind)
                continue
            out.append((code, evidence, kind))
            if m.entry.kind in ("person", "named", "igo", "group"):
                # Phoenix groups and IGOs read best as written; people by the block's full name
                phoenix = m.entry.evidence.startswith("Phoenix") and m.entry.kind != "person"
                self._names[code] = self.doc[m.start:m.end].text if phoenix else m.entry.name
        return out

    def _residents_country(self, head: Any, si: int, matches: list[Match],
                           start: int) -> list[tuple[str, str, str]]:
        """The country an ethnic group lives in, when the phrase names a people, not a state's citizens.

        "Ethnic Albanians in south Serbia", "the Albanians of southern Serbia" → SRB, as
        "Bosnian Serbs" are BIH: "ethnic" says the demonym is a people, "of <country>" says
        where they live. An ethnic people with no place of their own take the place or
        country of the sentence ("ethnic Albanians demonstrated in Serbia"); with none,
        the demonym's country stays.
        """
        demonym = next((m for m in matches if m.start <= head.i < m.end
                        and (self._kind(m) == "demonym" or m.entry.evidence.endswith("(demonyms)"))), None)
        ethnic = any(t.lower_ == "ethnic" for t in self.doc[start:head.i])
        of_place = any(c.dep_ == "prep" and c.lower_ == "of" for c in head.children) and demonym is not None \
            and demonym.start <= head.i < demonym.end
        if not (ethnic or of_place):
            return []
        own = (self._code(demonym.entry) or "")[:3] if demonym else None
        found = [c for c in self._attached_countries(head, None) if c[0][:3] != own]
        if not found and ethnic:
            later = self._later_country(head, si, people=True)
            context = later or self._context_country(head, si)
            found = [context] if context and context[0] and context[0] != own else []
        return [(code[:3], evidence, "agent") for code, evidence, _ in found[:1]] if found else []

    def _stacked_demonyms(self, matches: list[Match]) -> set[int]:
        """Starts of the matches a stacked pair of nationalities drops (the ethnicity, not the state).

        "Bosnian Serbs", "Iraqi Kurds", "Kosovo Albanians": the first names the country, the
        second the people's ethnicity. A civic nationality of a state of several peoples
        comes second instead ("Turkish Cypriots", "Japanese Americans", "Arab Israelis"):
        then it is the country and the first word the ethnicity.
        """
        out = set()
        for m1 in matches:
            for m2 in matches:
                if m1.end != m2.start or m2.entry.kind not in COUNTRY_KINDS:
                    continue
                first = self._kind(m1)
                # the small model tags "Cypriots" a proper noun; the table still knows it as a demonym
                second = "demonym" if m2.entry.evidence.endswith("(demonyms)") else self._kind(m2)
                if not (first == "demonym" or (first == "country" and second == "demonym")):
                    continue
                code = self._code(m2.entry) or ""
                civic = second == "demonym" and code[:3] in CIVIC_NATIONALITIES
                out.add(m1.start if civic else m2.start)
        return out

    def _rank(self, m: Match, head: Any) -> int:
        """Which of a phrase's dictionary matches decides its actor (lowest first).

        The head country beats an organisation modifying it ("NATO-member Norway" is Norway);
        a person decides, unless the dictionary knows them only in roles outside the
        article's date ("U.N. mediator X", where X was later a minister): then the title in
        the text does; generic Phoenix phrases ("SECRETARY OF STATE" → USAGOV) yield to a
        country in the phrase.
        """
        kind = m.entry.kind
        if kind in COUNTRY_KINDS and m.start <= head.i < m.end:
            return -1
        if kind == "person" and (not self._in_role(m.entry) or m.end - m.start == 1):
            return 5  # a role outside the date, or a bare one-word name ("Hassan"), is weak evidence
        return {"person": 0, "igo": 1, "group": 2, "named": 4}.get(kind, 3)

    def _strong_person(self, matches: list[Match]) -> bool:
        """Whether the phrase's person match is a full name in a role on the article's date."""
        return any(m.entry.kind == "person" and m.end - m.start > 1 and self._in_role(m.entry) for m in matches)

    def _of_country(self, head: Any) -> list[tuple[str, str, str]]:
        """The country of an "of X" attached to a name's head ("King Hassan of Morocco"), as one base."""
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for pobj in prep.children:
                    m = self._country_match(pobj)
                    code = self._code(m.entry) if m and m.entry.kind in COUNTRY_KINDS else None
                    if code:
                        return [(code[:3], f"'of {pobj.text}'", "agent")]
        return []

    def _in_role(self, entry: ActorEntry) -> bool:
        """Whether a person entry has a code for the article's date (undated: a current, open-ended role)."""
        restricted = [o for o in entry.codes if o.restricted]
        if len(restricted) < len(entry.codes):
            return True  # an undated default code
        day = iso_to_int(self.date)
        if day is None:
            return any(o.end is None and o.start is not None for o in restricted)
        return any(o.valid_on(day) for o in restricted)

    def _choose_agent(self, head: Any, agents: list[Match],
                      head_agent: Match | None) -> tuple[str | None, str, str | None]:
        """The phrase's agent: the head's own unless it is weak ("spokesman") and a modifier is specific.

        Returns (sector such as ``GOV``, evidence, the entry's whole code such as ``GOVMED``).
        """
        # religion and ethnicity codes (MUS, CHR, ...) are not sectors: "Islamic State" is no agent
        agents = [m for m in agents if m.entry.primary]
        if head_agent is not None and not head_agent.entry.primary:
            head_agent = None
        modifiers = [m for m in agents if m is not head_agent]
        if head_agent is not None and (head.lower_ not in WEAK_AGENT_HEADS or not modifiers):
            chosen = head_agent
        elif modifiers:
            chosen = modifiers[-1]
        else:
            return None, "", None
        return chosen.entry.primary, f"agent {chosen.entry.code}: {chosen.entry.evidence}", chosen.entry.code

    def _compose(self, base: str | None, agent: str | None, text: str, evidence: str,
                 agent_code: str | None = None, current_title: bool = False) -> Actor:
        """An actor of ``base`` (country, IGO, person code or None) with the sector ``agent``.

        The agent entry's whole code is appended (``STATE MEDIA`` [~GOVMED] → RUSGOVMED), as
        PETRARCH composes it; the actor's ``agent`` stays its sector (GOV). A generic agent
        (GOV) does not replace a base's own, except a dictionary's ELI (out of office) when the
        text gives the title as current (``current_title``).
        """
        suffix = agent_code or agent or ""
        if base is None:
            return Actor(code=suffix or "---", agent=agent, text=text, evidence=evidence, name=agent or "")
        base_actor = actor_from_code(base, self.lexicon)
        if agent and base_actor.agent is None:
            code = base + suffix
        elif agent and base_actor.agent != agent and (agent not in WEAK_DEFAULT_AGENTS
                                                      or (current_title and base_actor.agent == "ELI")):
            code = base[:3] + suffix if base_actor.country else base + suffix
        else:
            code = base
        return actor_from_code(code, self.lexicon, text=text, evidence=evidence,
                               name=self._names.get(base) or base_actor.name)

    def _agent_country(self, head: Any, si: int, agent: str | None = None) -> list[tuple[str, str, str]]:
        """A country for an agent-only phrase: "of/from/in X", possessive, shared modifier, context, dateline."""
        if any(c.dep_ == "amod" and c.lower_ in REGION_ADJECTIVES for c in head.children):
            return []  # "European leaders" are of no one country, least of all the one in context
        attached = self._attached_countries(head, agent)
        if attached:
            return attached
        for child in head.children:
            if child.dep_ == "poss" and self._is_country_description(child):
                # "the country's opposition leader": the country the description refers to
                pool = self._country_antecedents(child)
                if pool and pool[-1].actors[0].country:
                    return [(pool[-1].actors[0].country, f"possessive '{child.text}'", "agent")]
            if child.dep_ == "poss" and child.pos_ == "PRON":
                ref = self._pronoun_referent(child)
                if ref:
                    return [(a.code[:3] if a.country else a.code, f"possessive '{child.text}'", "agent")
                            for a in ref.actors if a.country or a.igo]
        shared = self._shared_modifier_country(head)
        if shared:
            return shared
        if any(c.dep_ == "acl" and c.lemma_.lower() in POSTING_VERBS for c in head.children):
            # "a correspondent based in Moscow": where a person works says nothing of whom they act for,
            # and it also overrides any guess from the rest of the sentence
            return []
        country = self._context_country(head, si, agent)
        return [country] if country else []

    def _attached_countries(self, head: Any, agent: str | None) -> list[tuple[str, str, str]]:
        """Countries an agent phrase is attached to by a preposition, one per conjoined place.

        "lawmakers in X and Y" → X and Y; "soldiers from X"; "the population of X";
        "leaders of X's new government" → X. A coordination of agents shares one attachment
        ("lawmakers and officials in X"). "in" names a setting, so it gives only a country
        or a city, and not for troops, who are often posted abroad; "for/with/at" name an
        employer ("a reporter for the Journal"), so they give only an organisation.
        """
        for tok in (head, *head.conjuncts):
            for prep in tok.children:
                word = prep.lower_
                setting = word in SETTING_PREPOSITIONS
                if prep.dep_ != "prep" or not (word in ("of", "from", *EMPLOYER_PREPOSITIONS) or setting):
                    continue
                if setting and agent == "MIL":
                    continue
                out: dict[str, tuple[str, str, str]] = {}
                for pobj in (p for c in prep.children if c.dep_ == "pobj" for p in (c, *c.conjuncts)):
                    m = self._country_match(pobj)
                    code = self._place_code(m) if m else None
                    if not code or (word in EMPLOYER_PREPOSITIONS and m.entry.kind not in ("group", "igo", "named")):
                        continue
                    if setting and m.entry.kind not in COUNTRY_KINDS:
                        continue
                    out.setdefault(code[:3] if setting else code, (code[:3] if setting else code,
                                                                    f"'{prep.text} {pobj.text}'", "agent"))
                if out:
                    return list(out.values())
        return []

    def _country_match(self, token: Any) -> Match | None:
        """The dictionary match a noun phrase is about: its head's own, else a modifier's ("X's government")."""
        m = self.actor_at.get(token.i)
        if m is not None:
            return m
        m = next(iter(self.actor_groups.get(token.i, ())), None)
        if m is None and token.lemma_.lower() in COUNTRY_NOUNS | {"state"}:
            # "the Kingdom of Saudi Arabia", "the Republic of Korea": the country the form names
            m = next((self._country_match(p) for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                      for p in c.children if p.dep_ == "pobj"), None)
        return m

    def _shared_modifier_country(self, head: Any) -> list[tuple[str, str, str]]:
        """"The Danish media and government": a bare conjoined agent shares the first conjunct's country.

        Only when the later conjunct has no determiner or possessor of its own ("Danish media
        and the government" may be another government).
        """
        if head.dep_ != "conj" or any(c.dep_ in ("det", "poss") for c in head.children):
            return []
        first = head
        while first.dep_ == "conj" and first.head.i < first.i:
            first = first.head
        out = []
        for m in self.actor_groups.get(first.i, ()):
            code = self._code(m.entry)
            if code and m.entry.kind in COUNTRY_KINDS and first.i not in range(m.start, m.end):
                out.append((code[:3], f"shared modifier '{self.doc[m.start:m.end].text}'", "agent"))
        return out

    def _context_country(self, head: Any, si: int, agent: str | None = None) -> tuple[str, str, str] | None:
        """The country an agent-only phrase most likely belongs to.

        In order: a country earlier in the sentence (subjects first); a country later in
        the sentence that is a clause subject or an "in" place ("a spokesman said China
        had ...", "police in Lagos"), never an object or a possessor inside one ("thanked
        the UAE's envoy"); a country in the two previous sentences; the dateline.

        A definite sector noun ("the military", "the troops", "police") is an anaphor: the
        latest stated actor of the same sector in the article decides before anything else
        ("Myanmar soldiers ... residents said the troops" → MMR); the headline comes after the
        dateline.
        """
        # only countries the text states: a guess made for one agent is no evidence for the next;
        # a news outlet or reporter tells where the story is told, not where it happens
        before = [s for s in self._recent_spans(head, 2)
                  if s.actor.country and id(s) not in self._guessed and s.actor.agent != "MED"]
        same = [s for s in before if s.sentence_index == si]
        subjects = [s for s in same if self.doc[s.head].dep_ in SUBJECT_DEPS]
        sector = self._sector_antecedent(head, si, agent)
        if sector:
            return sector
        if subjects:
            return self._from_span(subjects[-1], "context country")
        if same:
            return self._from_span(same[-1], "context country")
        later = self._later_country(head, si)
        if later:
            return later
        if before:
            return self._from_span(before[-1], "context country")
        if self.dateline_country:
            return self.dateline_country, "dateline country", "agent"
        if self.headline_country:
            return self.headline_country, "headline country", "agent"
        return None

    def _sector_antecedent(self, head: Any, si: int, agent: str | None) -> tuple[str, str, str] | None:
        """The country of the latest stated actor of ``agent``'s sector before a definite sector noun.

        Only a bare phrase is anaphoric: "the military", "the troops", "police" (no modifier,
        possessor or attachment of its own); an indefinite one ("a soldier") is not.
        """
        mods = [c for c in head.children if c.dep_ in NP_INTERNAL or c.dep_ in ("prep", "appos", "acl", "relcl")]
        if agent is None or any(not (c.dep_ == "det" and c.lower_ == "the") for c in mods):
            return None
        for s in reversed(self.spans):
            if s.sentence_index < si - SECTOR_REACH:
                break
            if s.head < head.i and s.actor.agent == agent and s.actor.country and id(s) not in self._guessed \
                    and s.kind != "coref":
                return s.actor.country, f"same {agent} as {self._cite(s.actor, s.sentence_index)}", "agent"
        return None

    def _bare_title(self, head: Any, si: int, start: int, end: int) -> bool:
        """"The minister", "the Secretary", "the foreign minister": the latest person holding that title.

        The holder is a person named earlier (within ``TITLE_REACH`` sentences) whose naming or
        role holds every word of the title. Only a definite singular title with no possessor,
        attachment or apposition ("the president of France" names its own country). Returns
        whether a mention was added.
        """
        if head.tag_ not in ("NN", "NNP"):
            return False
        if head.lemma_.lower() not in TITLE_NOUNS:
            return False
        dets = [c.lower_ for c in head.children if c.dep_ == "det"]
        # "the minister", or a capitalised title alone ("Foreign Minister said ...")
        if not (dets == ["the"] or (not dets and head.text[:1].isupper())) \
                or any(c.dep_ in ("poss", "prep", "appos", "nummod", "relcl", "acl") for c in head.children):
            return False
        words = {t.lower_ for t in self.doc[start:end] if t.dep_ != "det"}
        for r in reversed(self.history):
            if r.sentence < si - TITLE_REACH:
                break
            if not r.person or r.plural or r.head >= start:
                continue
            actor = r.actors[0]
            naming = f"{self._origins.get(id(actor), (0, actor.text))[1]} {actor.text} {actor.role or ''}".lower()
            if words <= set(naming.replace("-", " ").split()):
                text = self.doc[start:end].text
                self._add(ActorSpan(start, end, head.i, self._resolved(actor, r.sentence, text, why="title"), si,
                                    "coref"), person=True)
                return True
        return False

    def _from_span(self, span: ActorSpan, why: str) -> tuple[str, str, str]:
        return span.actor.country or "", f"{why} from {self._cite(span.actor, span.sentence_index)}", "agent"

    def _cite(self, actor: Actor, sentence: int) -> str:
        """Where ``actor`` was first named: "'Japan' (sentence 0)"."""
        si, text = self._origins.get(id(actor), (sentence, actor.text or actor.name))
        return f"'{text}' (sentence {si})"

    def _resolved(self, antecedent: Actor, sentence: int, mention: str, why: str = "coref",
                  code: str | None = None) -> Actor:
        """The actor of an anaphoric ``mention`` whose antecedent is ``antecedent`` (named in ``sentence``).

        The evidence names the antecedent's first naming and its sentence; ``code`` gives
        the mention another code than the antecedent's ("the two ministers" → USAGOV for
        "the United States").
        """
        origin = self._origins.get(id(antecedent), (sentence, antecedent.text or antecedent.name))
        evidence = f"{why} '{mention}' → '{origin[1]}' (sentence {origin[0]})"
        actor = (replace(antecedent, text=mention, evidence=evidence) if code is None
                 else actor_from_code(code, self.lexicon, text=mention, evidence=evidence))
        self._origins[id(actor)] = origin
        return actor

    def _append(self, span: ActorSpan) -> None:
        """Record a span without making it a referent of its own (it repeats one already in history)."""
        if id(span.actor) not in self._origins:
            origin = (span.sentence_index, span.actor.text or span.actor.name)
            if span.kind == "person":
                # a person named again ("Kishida" after "Prime Minister Fumio Kishida") cites the first naming
                origin = self._person_origins.setdefault((span.actor.code, span.actor.name), origin)
            self._origins[id(span.actor)] = origin
        self.spans.append(span)
        self._spans_at.setdefault(span.head, []).append(span)

    def _later_country(self, head: Any, si: int, people: bool = False) -> tuple[str, str, str] | None:
        """A country later in the sentence: a clause subject, or a place that is the setting.

        Where a named person is says nothing of their country; where a people (``people``:
        "ethnic Albanians") is does.
        """
        sent = self.sents[si]
        for i in range(head.i + 1, sent.end):
            m = self.actor_at.get(i)
            # a country, or a national group (a party, a militia) as the logical subject
            if not m or m.entry.kind not in COUNTRY_KINDS | {"group"}:
                continue
            tok = self._head_of(self.doc[m.start:m.end].root)
            root = self.doc[m.start:m.end].root
            # a passive's agent ('rigged by the ruling party') is its clause's logical subject
            subject_or_owner = any(t.dep_ in SUBJECT_DEPS or (t.dep_ == "pobj" and t.head.dep_ == "agent")
                                   for t in (root, tok))
            # where a named person is ("Prime Minister X, in Rome, ...") is no evidence of their country
            setting = _setting_preposition(root)
            place = (m.entry.kind in COUNTRY_KINDS and setting is not None and (people or head.pos_ != "PROPN")
                     and not (setting.head.dep_ == "acl" and setting.head.lemma_.lower() in POSTING_VERBS))
            code = self._code(m.entry) if subject_or_owner or place else None
            if code and code[:3] in self.lexicon.countries:
                why = "place of the event" if place else "later in the sentence"
                return code[:3], f"{why}: '{root.text}'", "agent"
        return None

    def _title(self, head: Any, start: int) -> str | None:
        words = [t.text for t in self.doc[start:head.i] if self.agent_at.get(t.i)]
        return " ".join(words) or None

    def _name_tokens(self, head: Any) -> list[Any]:
        names = [head]
        tok = head
        for left in reversed(list(head.lefts)):
            if left.i == tok.i - 1 and left.pos_ == "PROPN" and left.i not in self.agent_at \
                    and left.i not in self.actor_at and left.dep_ in ("compound", "flat"):
                names.insert(0, left)
                tok = left
        return names

    # ------------------------------------------------------------ people named in the text

    def _remember(self, head: Any, actor: Actor) -> None:
        names = self._name_tokens(head)
        si = self.sent_of[head.i]
        person = replace(actor, evidence=f"person named earlier: {self._cite(actor, si)}")
        self._origins[id(person)] = self._origins.get(id(actor), (si, actor.text))
        self.people[" ".join(t.lower_ for t in names)] = person
        self.people.setdefault(head.lower_, person)

    def _remembered_person(self, head: Any, si: int) -> bool:
        """A person named earlier in the article, by full name or surname; returns whether one was added."""
        names = self._name_tokens(head)
        key = " ".join(t.lower_ for t in names)
        actor = self.people.get(key) or self.people.get(head.lower_)
        if actor is None:
            return False
        start, end = np_bounds(head)
        text = self.doc[start:end].text
        named = replace(actor, text=text)
        self._origins[id(named)] = self._origins.get(id(actor), (si, actor.text))
        self._add(ActorSpan(start, end, head.i, named, si, "person"), person=True)
        return True

    # ------------------------------------------------------------ coreference

    def _add(self, span: ActorSpan, person: bool = False, plural: bool = False) -> None:
        self._append(span)
        self.by_head.setdefault(span.head, []).append(span)
        same = self._referent_at.get(span.head)
        if same is not None:
            same.actors = same.actors + (span.actor,)
            same.plural = True
            return
        ref = _Referent((span.actor,), span.head, span.sentence_index, person, plural,
                        span.kind in COUNTRY_KINDS or (span.actor.agent is None and bool(span.actor.country)))
        self._referent_at[span.head] = ref
        self.history.append(ref)

    def _recent(self, token: Any, sentences: int) -> list[_Referent]:
        """Referents before ``token`` within ``sentences`` sentences, oldest first (no full scan)."""
        si = self.sent_of[token.i]
        out = []
        for r in reversed(self.history):
            if r.sentence < si - sentences:
                break
            if r.head < token.i:
                out.append(r)
        out.reverse()
        return out

    def _recent_spans(self, head: Any, sentences: int) -> list[ActorSpan]:
        """Spans before ``head`` within ``sentences`` sentences, in order (no full scan)."""
        si = self.sent_of[head.i]
        out = []
        for s in reversed(self.spans):
            if s.sentence_index < si - sentences:
                break
            if s.head < head.i:
                out.append(s)
        out.reverse()
        return out

    def _binding(self, token: Any) -> tuple[set[int], bool]:
        """Heads of the subjects of the clause ``token`` sits in, and whether it is that subject."""
        verb = token
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        subjects = {c.i for c in verb.children if c.dep_ in SUBJECT_DEPS}
        return subjects, token.i in subjects or token.dep_ in SUBJECT_DEPS

    def _candidates(self, token: Any, want: str) -> list[_Referent]:
        subjects, is_subject = self._binding(token)
        reflexive = token.lower_ in REFLEXIVES
        pool = self._recent(token, 3)
        if reflexive:
            pool = [r for r in pool if r.head in subjects] or pool
        elif token.dep_ == "poss" and token.pos_ == "PRON" and not is_subject:
            # a possessive is bound by its clause's subject ("Pakistan urged its citizens"), where an
            # object pronoun is not; a conjoined verb without a subject shares its first conjunct's
            bound = self._compatible([r for r in pool if r.head in (subjects or self._inherited_subjects(token))],
                                     want)
            if bound:
                return bound
        elif not is_subject:
            pool = [r for r in pool if r.head not in subjects]
        return self._compatible(pool, want)

    @staticmethod
    def _compatible(pool: list[_Referent], want: str) -> list[_Referent]:
        """The referents of ``pool`` an anaphor of sort ``want`` may point to (person, thing, plural, country)."""
        if want == "person":
            return [r for r in pool if r.person and not r.plural]
        if want == "thing":
            return [r for r in pool if not r.person and not r.plural]
        if want == "plural":
            return [r for r in pool if r.plural]
        if want == "country":
            return [r for r in pool if r.country_like and not r.plural]
        return pool

    @staticmethod
    def _inherited_subjects(token: Any) -> set[int]:
        """Subjects of the first conjunct of the verb of ``token``'s clause ("X refused ... and urged ...")."""
        verb = token
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        while verb.dep_ == "conj" and verb.head.i != verb.i:
            verb = verb.head
            subjects = {c.i for c in verb.children if c.dep_ in SUBJECT_DEPS}
            if subjects:
                return subjects
        return set()

    def _pronoun_referent(self, token: Any) -> _Referent | None:
        lower = token.lower_
        want = "person" if lower in PERSON_PRONOUNS else "thing" if lower in THING_PRONOUNS else "plural"
        pool = self._candidates(token, want)
        if pool:
            if token.dep_ in SUBJECT_DEPS:
                # a subject pronoun most likely continues a recent subject ("the bombers killed 23 people
                # when they blew themselves up")
                si = self.sent_of[token.i]
                subjects = [r for r in pool if r.sentence >= si - 1 and _is_subject(self.doc[r.head])]
                if subjects:
                    return subjects[-1]
            return pool[-1]
        if want == "plural":
            pair = self._pair(token, exactly_two=False)
            if pair:
                return _Referent(tuple(pair), token.i, self.sent_of[token.i], False, True, True)
        return None

    def _pronoun(self, token: Any, si: int) -> None:
        ref = self._pronoun_referent(token)
        if ref is None:
            return
        for actor in ref.actors:
            self._append(ActorSpan(token.i, token.i + 1, token.i, self._resolved(actor, ref.sentence, token.text),
                                   si, "coref"))
        self.history.append(_Referent(ref.actors, token.i, si, ref.person, ref.plural, ref.country_like))

    @staticmethod
    def _says_two(head: Any) -> bool:
        """"Both countries", "the two allies" (exactly two) as against "the ministers"."""
        return any(c.lower_ in PAIR_DETERMINERS for c in head.children)

    @staticmethod
    def _is_country_description(head: Any) -> bool:
        """"The country", "the kingdom": singular, definite, a country noun."""
        return (head.lemma_.lower() in COUNTRY_NOUNS and head.tag_ == "NN"
                and any(c.lower_ == "the" for c in head.children if c.dep_ == "det"))

    def _is_pair_description(self, head: Any) -> bool:
        lemma = head.lemma_.lower()
        dets = {c.lower_ for c in head.children if c.dep_ in ("det", "nummod", "predet", "quantmod", "amod")}
        if lemma not in PAIR_NOUNS:
            return False
        if dets & PAIR_DETERMINERS or "each" in dets:
            return True  # "both countries", "the two sides", "each side"
        definite = (lemma in RELATION_PAIR_NOUNS and dets == {"the"}) \
            or (lemma in GROUP_PAIR_NOUNS and dets in ({"the"}, {"all"}))
        if definite and head.tag_ in ("NNS", "NNPS") \
                and not any(c.dep_ in ("poss", "prep", "compound") for c in head.children):
            return True  # "the allies", "the sides", "all parties" (not "its allies", "the allies of X")
        # "the ministers", or a bare "Ministers" opening a sentence, after two actors met
        bare = not any(c.dep_ in ("det", "poss", "prep", "amod", "compound") for c in head.children)
        return lemma in PAIR_AGENT_NOUNS and ("the" in dets or bare)

    def _pair(self, token: Any, exactly_two: bool = True) -> list[Actor]:
        """The actors a plural anaphor ("both countries", "the ministers", "they") refers to.

        The most recent plural referent ("the United States and Japan", "the two allies")
        with two distinct actors wins (within six sentences); otherwise the two most recent
        distinct country/IGO actors (within three). Actors that are the subject of the
        anaphor's own clause are never its antecedents ("China complained to both countries").
        """
        subjects, is_subject = self._binding(token)
        excluded = set() if is_subject else {s.actor.key for h in subjects for s in self.by_head.get(h, [])}
        si = self.sent_of[token.i]
        pair = self._coordinated_before(token, excluded)
        if pair:
            return pair
        earlier = self._recent(token, 6)
        for r in reversed(earlier):
            if r.sentence < si - 6:
                break
            distinct = self._distinct(r.actors, excluded)
            if len(distinct) < 2:
                # "the government and the rebels": two sides of one country, told apart by sector
                distinct = self._distinct(r.actors, excluded, by_code=True)
            if r.plural and len(distinct) >= 2 and (len(distinct) == 2 or not exactly_two):
                return distinct
        seen: list[Actor] = []
        for r in reversed(earlier):
            if r.sentence < si - 3:
                break
            seen = self._distinct(seen + list(r.actors), excluded)
            if len(seen) >= 2:
                return seen[:2]
        return []

    def _coordinated_before(self, token: Any, excluded: set[str | None]) -> list[Actor]:
        """Two actors coordinated earlier in the anaphor's own sentence ("talks between X and Y, and
        both sides ...") — sentence-level coordinations are recorded only after the sentence."""
        sent = self.sents[self.sent_of[token.i]]
        for tok in reversed(self.doc[sent.start:token.i]):
            if tok.dep_ == "conj" or tok.i not in self.by_head:
                continue
            heads = [tok.i, *(c.i for c in tok.conjuncts if tok.i < c.i < token.i)]
            distinct = self._distinct([s.actor for h in heads for s in self.by_head.get(h, [])], excluded)
            if len(distinct) == 2:
                return distinct
        return []

    @staticmethod
    def _distinct(actors: Sequence[Actor], excluded: set[str | None], by_code: bool = False) -> list[Actor]:
        """One actor per country/IGO (``by_code``: per whole code, sectors apart), none of ``excluded``."""
        out: dict[str, Actor] = {}
        for a in actors:
            ident = a.code if by_code else a.key
            if a.key and a.key not in excluded and ident not in out:
                out[ident] = a
        return list(out.values())

    def _description(self, head: Any, si: int, agent: str | None) -> None:
        lemma = head.lemma_.lower()
        dets = {c.lower_ for c in head.children if c.dep_ in ("det", "nummod", "predet", "quantmod", "amod")}
        # "each side" is the pair taken one by one: the same two members as "both sides"
        plural = head.tag_ in ("NNS", "NNPS") or "each" in dets
        start, end = np_bounds(head)
        text = self.doc[start:end].text
        if plural and self._is_pair_description(head):
            actors = self._pair(head, self._says_two(head) or "each" in dets)
            keep_agent = agent if lemma in PAIR_AGENT_NOUNS else None
            # two sides of one country keep their sectors ("the two sides" after the government and the rebels)
            domestic = len({a.key for a in actors}) < len(actors)
            for a in actors:
                code = a.code if domestic else (a.country or a.code) + (keep_agent or "")
                self._append(ActorSpan(start, end, head.i, self._resolved(a, si, text, code=code), si, "coref"))
            if actors:
                self.history.append(_Referent(tuple(actors), head.i, si, False, True, True))
            return
        if not plural and lemma in COUNTRY_NOUNS and "the" in dets:
            pool = self._country_antecedents(head)
            if pool:
                a = pool[-1].actors[0]
                if a.country:
                    actor = self._resolved(a, pool[-1].sentence, text, code=a.country)
                    self._add(ActorSpan(start, end, head.i, actor, si, "coref"))

    def _country_antecedents(self, head: Any) -> list[_Referent]:
        """Antecedents of "the country", likeliest last.

        A subject is the likelier topic: the country of the latest subject actor ("Venezuela's
        president ... told diplomats to leave the country") beats a country named later as an
        object; without a subject, the latest country-like referent.
        """
        pool = [r for r in self._candidates(head, "any") if not r.plural and r.actors[0].country]
        subjects = [r for r in pool if self.doc[r.head].dep_ in SUBJECT_DEPS]
        return subjects or [r for r in pool if r.country_like]

    def _igo_description(self, head: Any, si: int) -> bool:
        """"The bloc", "the alliance", "the council" after an organisation was named: that organisation.

        Only a bare definite singular ("the council", not "the city council"); an organisation
        whose name holds the noun ("the Human Rights Council" for "the council") beats a more
        recent one. Returns whether a mention was added.
        """
        lemma = head.lemma_.lower()
        if lemma not in IGO_NOUNS or head.tag_ != "NN":
            return False
        mods = [c for c in head.children if c.dep_ in NP_INTERNAL]
        if [c.lower_ for c in mods] != ["the"]:
            return False
        pool = [r for r in self._recent(head, 3) if not r.plural and r.actors[0].igo]
        if not pool:
            return False
        named = [r for r in pool if lemma in (r.actors[0].name or "").lower() + " " + (r.actors[0].text or "").lower()]
        ref = (named or pool)[-1]
        start, end = np_bounds(head)
        text = self.doc[start:end].text
        actor = self._resolved(ref.actors[0], ref.sentence, text)
        self._add(ActorSpan(start, end, head.i, actor, si, "coref"))
        return True

    def _group_description(self, head: Any, si: int) -> None:
        """"The group", "the movement": the latest non-state armed or criminal group named before.

        Only a bare definite singular; the group is the latest referent (within
        ``SECTOR_REACH`` sentences) whose actors are one rebel, militant or criminal actor
        ("Boko Haram fighters ... the group" → NGAREB).
        """
        if head.tag_ != "NN" or [c.lower_ for c in head.children if c.dep_ in NP_INTERNAL] != ["the"]:
            return
        for r in reversed(self.history):
            if r.sentence < si - SECTOR_REACH:
                break
            if r.head >= head.i or len({a.code for a in r.actors}) != 1:
                continue
            actor = r.actors[0]
            if actor.agent in NONSTATE_AGENTS and actor.key:
                start, end = np_bounds(head)
                text = self.doc[start:end].text
                self._add(ActorSpan(start, end, head.i, self._resolved(actor, r.sentence, text), si, "coref"))
                return

    def _first_person(self, sent: Any, si: int) -> None:
        """"We"/"our" inside a quotation are the speaker named outside it ("'We will act,' the minister said");
        outside quotations, the government body that published the text, when it is one."""
        quoted = _quoted_tokens(sent)
        if self.publisher is not None:
            # outside quotations a government's press release speaks for the government
            for tok in sent:
                if tok.lower_ in FIRST_PLURAL and tok.i not in quoted:
                    actor = replace(self.publisher, text=tok.text,
                                    evidence=f"coref '{tok.text}' → publisher {self.publisher.name}")
                    self._add(ActorSpan(tok.i, tok.i + 1, tok.i, actor, si, "coref"))
        pronouns = [t for t in sent if t.lower_ in FIRST_PLURAL and t.i in quoted]
        if not pronouns:
            return
        verbs = [t for t in sent if t.lemma_.lower() in SPEECH_VERBS and t.i not in quoted]
        # "X stated that ... and said: '...'": a conjoined verb shares its first conjunct's subject
        verbs += [t.head for t in verbs if t.dep_ == "conj"]
        speakers = [c for t in verbs for c in t.children if c.dep_ in SUBJECT_DEPS and c.i not in quoted]
        # the sentence's spans (pronoun corefs are not indexed by head), read from the end
        in_sentence = []
        for s in reversed(self.spans):
            if s.sentence_index < si:
                break
            in_sentence.append(s)
        actors = [s.actor for c in speakers for s in reversed(in_sentence) if s.head == c.i and s.actor.key]
        if not actors:
            return
        speaker = actors[0]
        for tok in pronouns:
            # "we" is the speaker's side (country and sector), not the speaker as a person
            actor = self._resolved(speaker, si, tok.text, why="coref (speaker)", code=speaker.code)
            self._add(ActorSpan(tok.i, tok.i + 1, tok.i, actor, si, "coref"))

    def _implicit_targets(self, sent: Any, si: int) -> None:
        """The act a reaction responds to names its actor: "Seoul condemned the test" → whoever tested.

        The object of a reaction verb (``REACTION_VERBS``, also through "against/over/at") that
        is an act noun with no actor of its own ("the test", "the decision") takes the actor of
        the latest earlier telling of that act, within ``ACT_REACH`` sentences: a verb of the
        act ("tested") with its subject or passive agent, or the same noun with a possessor or
        "by" agent ("North Korea's test"). A denial's "it" ("the ministry denied it") is the
        latest accusation, and its actor the accuser.
        """
        for tok in sent:
            verb = tok.head
            if tok.dep_ == "pobj" and verb.dep_ == "prep" and verb.lower_ in REACTION_PREPOSITIONS:
                verb = verb.head
            elif tok.dep_ != "dobj":
                continue
            lemma = verb.lemma_.lower()
            if lemma not in REACTION_VERBS or verb.pos_ != "VERB":
                continue
            if tok.pos_ == "PRON":
                if lemma not in DENIAL_VERBS or tok.lower_ not in ("it", "this", "that"):
                    continue
                noun, verbs = None, ACCUSATION_VERBS
            else:
                noun = tok.lemma_.lower()
                verbs = ACT_NOUNS.get(noun, frozenset())
                if not verbs:
                    continue
                if any(self._spans_at.get(t.i) for t in tok.subtree):
                    continue  # "condemned Russia's invasion": the act's actor is stated
            found = self._act_actors(tok, noun, verbs, si)
            if not found:
                continue
            actors, act_si = found
            if tok.pos_ == "PRON":
                # the accusation replaces whatever the pronoun was resolved to
                self.spans = [s for s in self.spans if s.head != tok.i]
                self._spans_at.pop(tok.i, None)
            start, end = np_bounds(tok)
            text = self.doc[start:end].text
            for actor in actors:
                self._append(ActorSpan(start, end, tok.i, self._resolved(actor, act_si, text, why="act"), si, "coref"))

    def _act_actors(self, tok: Any, noun: str | None, verbs: frozenset[str],
                    si: int) -> tuple[list[Actor], int] | None:
        """The actors of the latest telling of an act before ``tok``, with its sentence index."""
        first = self.sents[max(0, si - ACT_REACH)].start
        for i in range(tok.i - 1, first - 1, -1):
            cand = self.doc[i]
            lemma = cand.lemma_.lower()
            heads: list[Any] = []
            if cand.pos_ == "VERB" and lemma in verbs:
                heads = self._clause_agents(cand)
            elif noun is not None and cand.pos_ == "NOUN" and lemma == noun:
                heads = [c for c in cand.children if c.dep_ == "poss"]
                heads += [p for c in cand.children if c.dep_ == "prep" and c.lower_ == "by"
                          for p in c.children if p.dep_ == "pobj"]
                heads += [cand]  # "the North Korean test": the actor modifies the act noun
            actors = self._distinct([s.actor for h in heads for t in (h, *h.conjuncts)
                                     for s in self._spans_at.get(t.i, ())], set())
            if actors:
                return actors, self.sent_of[i]
        return None

    @staticmethod
    def _clause_agents(verb: Any) -> list[Any]:
        """Who does a verb's act: its subject, a passive's "by" agent, else its first conjunct's subject."""
        heads = [c for c in verb.children if c.dep_ == "nsubj"]
        heads += [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
        while not heads and verb.dep_ == "conj" and verb.head.i != verb.i:
            verb = verb.head
            heads = [c for c in verb.children if c.dep_ == "nsubj"]
        return heads

    def _appositions(self, sent: Any, si: int) -> None:
        """"Nobuo Kishi, Japan's defense minister," and the reverse share one actor."""
        for tok in sent:
            if tok.dep_ != "appos":
                continue
            outer, inner = tok.head, tok
            outer_spans, inner_spans = self.by_head.get(outer.i), self.by_head.get(inner.i)
            if bool(outer_spans) == bool(inner_spans):
                continue
            source, target = (outer_spans, inner) if outer_spans else (inner_spans, outer)
            assert source is not None
            start, end = np_bounds(target)
            text = self.doc[start:end].text
            for s in source:
                actor = self._resolved(s.actor, si, text, why="apposition")
                if target.pos_ == "PROPN":
                    actor = replace(actor, name=" ".join(t.text for t in self._name_tokens(target)))
                    self._remember(target, actor)
                self._add(ActorSpan(start, end, target.i, actor, si, "coref"), person=target.pos_ == "PROPN")

    def _coordinations(self, sent: Any, si: int) -> None:
        """"The United States and Japan" is also one plural referent for a later "they"."""
        for tok in sent:
            conj = [c for c in tok.conjuncts if c.i > tok.i]
            if tok.i not in self.by_head or not conj or tok.dep_ == "conj":
                continue
            actors = [s.actor for h in [tok.i, *(c.i for c in conj)] for s in self.by_head.get(h, [])]
            if len({a.key for a in actors if a.key}) >= 2 or len({a.code for a in actors if a.key}) >= 2:
                last = max(c.i for c in conj)
                self.history.append(_Referent(tuple(actors), last, si, False, True,
                                              all(a.agent is None for a in actors)))


# agents too generic to replace an actor's own agent ("Taliban spokesman" stays REB)
WEAK_DEFAULT_AGENTS = frozenset({"GOV"})
