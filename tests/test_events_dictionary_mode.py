"""The event coder run on a PETRARCH test dictionary alone (as the suite runner does), hand-made sentences."""

from __future__ import annotations

import pytest
from actor_spans import name_spans  # tests/actor_spans.py (tests/ is on sys.path)

from eventwire.stages.events import EventCoder
from eventwire.stages.patterns import PatternBook

NAMES = {"Russia": "RUS", "Egypt": "EGY", "Zembla": "ZEM", "Arcadia": "ARC", "Lilliput": "LIL",
         "Russian police": "RUSCOP"}


def spans(doc, names=NAMES):
    return name_spans(doc, names)


@pytest.fixture()
def petrarch_coder(settings, tmp_path):
    """An EventCoder over a small PETRARCH-2 verb file written for the test."""
    def build(verbs: str, *, keep_unknown: bool = True) -> EventCoder:
        path = tmp_path / "verbs.txt"
        path.write_text(verbs, encoding="utf-8")
        coder = EventCoder(settings)
        coder.book = PatternBook.load((str(path),), bundled=False)
        coder.future_as_intent = False
        coder.keep_unknown_codes = keep_unknown
        return coder
    return build


@pytest.fixture()
def run(nlp):
    def code(coder, text, names=None):
        doc = nlp(text)
        return {(e.source.code, e.target.code if e.target else None, e.cameo_code)
                for e in coder.code_doc(doc, spans(doc, names) if names else spans(doc), doc_id="t",
                                        date="1995-01-07")
                if not e.negated}
    return code


@pytest.mark.parametrize("keep, expected", [(True, {("RUS", "EGY", "212")}), (False, set())])
def test_events_dictionary_mode_unknown_codes(petrarch_coder, run, keep, expected):
    coder = petrarch_coder("--- DETAIN [212] ---\nDETAIN\n", keep_unknown=keep)
    assert run(coder, "Russia detained Egypt on Monday.") == expected


CLASH = "--- CLASH [190] ---\nCLASH\n- * (OVER EFFORTS) [110]\n"


def test_events_dictionary_mode_particle_split_phrase(petrarch_coder, run):
    """"clashed over the efforts of Y": a prepositional pattern matches even where over is parsed as a particle."""
    coder = petrarch_coder(CLASH)
    assert run(coder, "Zembla clashed over the efforts of Arcadia to build a dam.") == {("ZEM", "ARC", "110")}


@pytest.mark.parametrize("text, expected", [
    ("Zembla clashed with Arcadia near the river.", {("ZEM", "ARC", "190"), ("ARC", "ZEM", "190")}),
    ("Zembla clashed over the efforts of Arcadia to build a dam.", {("ZEM", "ARC", "110")}),
])
def test_events_dictionary_mode_mutual_only_with_partner(petrarch_coder, run, text, expected):
    """A mutual verb is mutual with its partner, not with whoever its topic names."""
    assert run(petrarch_coder(CLASH), text) == expected


@pytest.mark.parametrize("text", ["Zembla did not even ever clash with Arcadia near the river.",
                                  "Zembla really did not ever clash with Arcadia near the river."])
def test_events_dictionary_mode_negation_on_adverb(petrarch_coder, nlp, text):
    coder = petrarch_coder(CLASH)
    doc = nlp(text)
    events = coder.code_doc(doc, spans(doc), doc_id="t", date="1995-01-07")
    assert events and all(e.negated for e in events)


NESTED = """--- APPEAL [027] ---
APPEAL
--- CALL [010] ---
CALL
- * (FOR) [113]
--- FIRE [150] ---
FIRE
--- RAISE [130] ---
RAISE
--- MARCH [152] ---
MARCH
"""


@pytest.mark.parametrize("text, expected", [
    ("Zembla appealed for peace in Arcadia.", {("ZEM", "ARC", "027")}),
    ("Zembla appealed for restraint in the conflict with Arcadia.", {("ZEM", "ARC", "027")}),
    ("Zembla has called for a boycott against Arcadia.", {("ZEM", "ARC", "113")}),
    ("Zembla marched very close to the border with Arcadia.", {("ZEM", "ARC", "152")}),
    # a place phrase names where: the sea is not its country's
    ("Zembla fired a rocket into the Sea of Arcadia on Monday.", {("ZEM", None, "150")}),
    # a time phrase names when: the talks are not the raising's target
    ("Zembla raised the issue during its talks with Arcadia.", set()),
])
def test_events_dictionary_mode_nested_phrase_target(petrarch_coder, run, text, expected):
    """PETRARCH's target search: the first actor nested in the verb's phrases, not in place or time phrases."""
    assert run(petrarch_coder(NESTED), text) == expected


SLOTS = """--- FREE [080] ---
FREE
- + * (FROM $) [080]
--- EXCLUDE [144] ---
EXCLUDE
+CORDON_OFF {+CORDONED_OFF +CORDONS_OFF +CORDONING_OFF }
--- WELCOME [050] ---
WELCOME
PRAISE
"""


@pytest.mark.parametrize("text, expected", [
    # '+ * (FROM $)' on a passive: the one freed is the target, the from-phrase the source
    ("Zembla's militia was freed from Arcadia after a long siege.", {("ARC", "ZEM", "080")}),
    # a phrasal verb whose particle is parsed as a preposition: its object holds the target
    ("Zembla has cordoned off the roads leading into Arcadia.", {("ZEM", "ARC", "144")}),
    # one coordinated subject split by the parser into two subjects
    ("Bears, wolves, and Zembla praised the treaty with Arcadia, the agency said on Monday.",
     {("ZEM", "ARC", "050")}),
])
def test_events_dictionary_mode_slots_and_subjects(petrarch_coder, run, text, expected):
    assert run(petrarch_coder(SLOTS), text) == expected


AFTER = """--- CELEBRATE [051] ---
CELEBRATE
- * FEAST (IN ^) + [017]
--- RECEIVE [033] ---
RECEIVE
- + * MONEY $ [071]
"""


@pytest.mark.parametrize("text, expected", [
    ("Zembla celebrated the feast in Lilliput with the leaders of Arcadia.", {("ZEM", "ARC", "017")}),
    ("Zembla has received by courier money from Arcadia.", {("ARC", "ZEM", "071")}),
])
def test_events_dictionary_mode_actor_after_slot(petrarch_coder, run, text, expected):
    assert run(petrarch_coder(AFTER), text) == expected


OPINIONS = """--- BELIEVE [012] ---
BELIEVE
--- ESTIMATE [010] ---
ESTIMATE
--- EXPRESS [020] ---
EXPRESS
- * HOPES [013]
"""


@pytest.mark.parametrize("text, expected", [
    ("Zembla believes Arcadia can cope with the drought.", {("ZEM", "ARC", "012")}),
    ("Zembla expressed hopes on Monday that Arcadia could join the talks.", {("ZEM", "ARC", "013")}),
    # a plain statement is about its clause, not about an actor modifying the clause's subject
    ("Zembla estimates that Arcadian gas was shipped to third countries.", set()),
])
def test_events_dictionary_mode_opinion_about_clause_subject(petrarch_coder, run, text, expected):
    names = {"Zembla": "ZEM", "Arcadia": "ARC", "Arcadian": "ARC"}
    assert run(petrarch_coder(OPINIONS), text, names) == expected


PURPOSE = """--- SIGN [057] ---
SIGN
- * ACCORD [056]
--- ABANDON [1121] ---
ABANDON
- * EFFORT [080]
--- GIVE [070] ---
GIVE
"""


@pytest.mark.parametrize("text, expected", [
    # whom the act is for, from its purpose clause
    ("Zembla signed an accord on Thursday to supply Arcadia with wheat.", {("ZEM", "ARC", "056")}),
    ("Zembla abandoned efforts to stop an Arcadia parade on Saturday.", {("ZEM", "ARC", "080")}),
    # the parser's dative is the preposition: its object is the recipient, not the purpose's object
    ("Zembla gave permission to Arcadia to help Lilliput.", {("ZEM", "ARC", "070")}),
])
def test_events_dictionary_mode_purpose_clause_target(petrarch_coder, run, text, expected):
    assert run(petrarch_coder(PURPOSE), text) == expected


def test_events_dictionary_mode_later_preposition_word(petrarch_coder, run):
    """A preposition later in a pattern ('* THEIR ^ ABOUT +') may sit inside the object phrase."""
    coder = petrarch_coder("--- WARN [130] ---\nWARN\n- * THEIR ^ ABOUT + [131]\n")
    assert run(coder, "Zembla and Lilliput warned their farmers about Arcadia.",
               {"Zembla": "ZEM", "Lilliput": "LIL", "Arcadia": "ARC"}) == {("ZEM", "ARC", "131"), ("LIL", "ARC", "131")}


@pytest.mark.parametrize("text, expected", [
    ("Zembla said on Friday that an arms embargo against Arcadia would not work.", {("ZEM", "ARC", "010")}),
    # an actor merely modifying what is spoken of is not whom the statement is about
    ("Zembla said on Friday that Arcadian gas was cheap.", set()),
])
def test_events_dictionary_mode_statement_about(petrarch_coder, run, text, expected):
    coder = petrarch_coder("--- SAY [010] ---\nSAY {SAYS SAID SAYING}\n")
    assert run(coder, text, {"Zembla": "ZEM", "Arcadia": "ARC", "Arcadian": "ARC"}) == expected


@pytest.mark.parametrize("text, expected", [
    ("Zembla, Arcadia, and Lilliput met yesterday.",
     {(a, b, "040") for a in ("ZEM", "ARC", "LIL") for b in ("ZEM", "ARC", "LIL") if a != b}),
    # a passive participle's noun is acted upon ("soldiers killed in X" did not kill X)
    ("There were ten Zembla soldiers killed in Arcadia today.", set()),
    ("Arcadia mourned the Zembla soldiers killed by Lilliput.", {("LIL", "ZEM", "190")}),
])
def test_events_dictionary_mode_lists_and_participles(petrarch_coder, run, text, expected):
    coder = petrarch_coder("--- MEET [040:040] ---\nMEET {MEETS MET MEETING}\n--- KILL [190] ---\nKILL\n")
    assert run(coder, text) == expected


def test_events_dictionary_mode_list_read_as_apposition(nlp):
    """"The US, Russia, and Switzerland": the parser hangs "Russia" as an apposition with a conjunct."""
    from spacy.tokens import Doc

    from eventwire.stages.events import MentionIndex

    words = ["The", "Zembla", ",", "Arcadia", ",", "and", "Lilliput", "met"]
    heads = [1, 7, 1, 1, 3, 3, 3, 7]
    deps = ["det", "nsubj", "punct", "appos", "punct", "cc", "conj", "ROOT"]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps)
    index = MentionIndex(spans(doc))
    assert {m.actor.code for m in index.of_phrase(doc[1])} == {"ZEM", "ARC", "LIL"}
    # a true apposition (no conjunct) adds nothing to an actor that has its own
    doc = Doc(nlp.vocab, words=["Zembla", ",", "Arcadia", ",", "met"], heads=[4, 0, 0, 0, 4],
              deps=["nsubj", "punct", "appos", "punct", "ROOT"])
    assert {m.actor.code for m in MentionIndex(spans(doc)).of_phrase(doc[0])} == {"ZEM"}


def test_events_dictionary_mode_bare_verb_shares_negation(petrarch_coder, nlp):
    """"will not help rebuild": a bare infinitive under a negated verb is not done either."""
    coder = petrarch_coder("--- HELP [070] ---\nHELP\n--- REBUILD [073] ---\nREBUILD\n")
    doc = nlp("Zembla will not help rebuild Arcadia.")
    events = coder.code_doc(doc, spans(doc), doc_id="t", date="1995-01-07")
    assert events and all(e.negated for e in events)


@pytest.mark.parametrize("text, expected", [
    ("Zembla promised to democratize Arcadia.", {("ZEM", "ARC", "030")}),
    ("Zembla pledged to modernize its ties with Arcadia.", {("ZEM", "ARC", "030")}),
])
def test_events_dictionary_mode_intent_toward_uncoded_act(petrarch_coder, run, text, expected):
    """An intent whose act matches no pattern is coded itself, aimed where the act is."""
    coder = petrarch_coder("--- PROMISE [030] ---\nPROMISE\nPLEDGE\n")
    assert run(coder, text) == expected


@pytest.mark.parametrize("text, expected", [
    # the people visited are not the place's hosts: the place does not host in return
    ("Zembla visited farming leaders in Lilliput on Monday.", {("ZEM", "LIL", "042")}),
    # arriving in a country: it hosts the visit
    ("Zembla arrived in Lilliput on Monday.", {("ZEM", "LIL", "042"), ("LIL", "ZEM", "043")}),
])
def test_events_dictionary_mode_visit_host_place(petrarch_coder, run, text, expected):
    coder = petrarch_coder("--- VISIT [042:043] ---\nVISIT\nARRIVE\n")
    assert run(coder, text) == expected
