"""Clause shape: nouns of a list tagged as verbs are no events; announced force is a threat."""

from __future__ import annotations

import pytest

from eventwire.stages.events import _noun_list_verb


def test_noun_list_verb_detects_bare_conjunct_of_finite_verb(nlp):
    doc = nlp("Norway encourages both sides to show openness, patience, and compromise to find common ground.")
    # the small model tags "compromise" VB and hangs it on "encourages" as a conjunct
    assert [t.lower_ for t in doc if t.pos_ == "VERB" and _noun_list_verb(t)] == ["compromise"]
    assert not any(_noun_list_verb(t) for t in nlp("Israel met Egypt and signed a deal.") if t.pos_ == "VERB")
    assert not any(_noun_list_verb(t) for t in nlp("Russia attacked the town and will attack again.")
                   if t.pos_ == "VERB")


@pytest.mark.parametrize("text, unwanted_roots", [
    ("Norway encourages both sides to show openness, patience, and compromise to find common ground.",
     {"08", "09"}),
])
def test_noun_list_words_are_not_events(code, text, unwanted_roots):
    assert not {c[:2] for _, _, c in code(text)} & unwanted_roots


@pytest.mark.parametrize("text, expected", [
    ("Israel met Egypt and signed a peace deal.", ("ISR", "EGY")),
])
def test_conjoined_verbs_still_coded(code, text, expected):
    assert any((s, t) == expected for s, t, _ in code(text))


@pytest.mark.parametrize("text, expected", [
    ("Syria said it would attack Turkey.", {("SYR", "TUR", "138")}),
    ("Syria threatened that it would attack Turkey.", {("SYR", "TUR", "138")}),
    ("Syria will bomb Turkish positions, the minister warned.", {("SYR", "TUR", "138")}),
    ("Syria said it would attack Turkey if the shelling does not stop.", {("SYR", "TUR", "138")}),
])
def test_announced_force_is_a_threat(code, text, expected):
    assert code(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Syria attacked Turkey.", {("SYR", "TUR", "190")}),        # done: the act itself
    ("Turkey will expel Syrian diplomats.", {("TUR", "SYRGOV", "161")}),  # announced non-force acts stay
])
def test_done_force_and_announced_sanctions_keep_their_code(code, text, expected):
    assert code(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("He spoke during a meeting at the Kremlin with Indian Prime Minister Narendra Modi.",
     {("RUSGOV", "INDGOV", "043"), ("INDGOV", "RUSGOV", "042")}),
    ("The minister held a meeting at the White House with German Chancellor Olaf Scholz.",
     {("USAGOV", "DEUGOV", "043"), ("DEUGOV", "USAGOV", "042")}),
])
def test_meeting_at_a_seat_of_power_is_hosted_by_its_state(code, text, expected):
    assert code(text) == expected


@pytest.mark.parametrize("text", [
    "The minister held a meeting at the hotel with German Chancellor Olaf Scholz.",   # no seat named
    "He spoke during a meeting at the Kremlin with Russian officials.",              # no foreign guest
])
def test_meeting_without_seat_or_foreign_guest_has_no_host(code, text):
    assert not {c for _, _, c in code(text)} & {"042", "043"}


def test_meeting_with_named_host_keeps_mutual_meeting(code):
    got = code("Putin held talks at the Kremlin with Indian Prime Minister Narendra Modi.")
    assert ("RUSGOV", "INDGOV", "040") in got


@pytest.mark.parametrize("text, expected", [
    ("Albanian rebels have sworn to fight the Macedonian army.", {("ALBREB", "MKDMIL", "138")}),
    ("Albanian rebels vowed to fight the Macedonian army.", {("ALBREB", "MKDMIL", "138")}),
])
def test_sworn_act_is_a_promise_or_threat(code, text, expected):
    assert code(text) == expected


def test_purpose_infinitive_of_other_verbs_stays_uncoded(code):
    # "travelled … to fight": a purpose, not a threat nor a fight
    assert not {c[:2] for _, _, c in code("Albanian rebels travelled north to fight the Macedonian army.")} \
        & {"13", "19"}


@pytest.mark.parametrize("text, unwanted", [
    ("Peru noted Chile's support for the UN resolution condemning Bolivia's invasion of Paraguay.",
     ("IGOUNO", "BOL", "111")),
    ("Peru supported the UN resolution condemning Bolivia.", ("IGOUNO", "BOL", "111")),
])
def test_act_inside_supported_object_is_not_coded(code, text, unwanted):
    got = code(text)
    assert unwanted not in got
    assert got  # the outer act (noting, support) is still coded


@pytest.mark.parametrize("text, expected, unwanted", [
    # the verb's pattern codes the act on the noun: the noun is not a second event of the same actor
    ("Britain lifted its sanctions on Iran.", ("GBR", "IRN", "085"), "163"),
    ("France eased its sanctions against Syria on Monday.", ("FRA", "SYR", "085"), "163"),
])
def test_object_noun_of_a_coded_verb_is_not_coded_again(code, text, expected, unwanted):
    events = code(text)
    assert expected in events
    assert not any(c == unwanted for _, _, c in events)


def test_object_noun_with_its_own_parties_is_still_coded(code):
    events = code("Qatar brokered a truce between Hamas and Israel.")
    assert {("PSEREB", "ISR", "0871"), ("ISR", "PSEREB", "0871")} <= events


@pytest.mark.parametrize("text, expected", [
    # the task of a body someone sets up is the setter's act, whichever way the parser hangs it
    ("The UN set up a commission to investigate war crimes by Syrian forces.", ("IGOUNO", "SYRMIL", "09")),
    ("The UN Human Rights Council voted to create a mission to investigate abuses against protesters in Iran.",
     ("IGOUNO", "IRNOPP", "09")),
])
def test_task_of_a_mandated_body_is_the_setters_act(code, text, expected):
    assert any((s, t) == expected[:2] and c.startswith(expected[2]) for s, t, c in code(text))


@pytest.mark.parametrize("text", [
    "Japan has the authority to break relations with China.",   # a power, not a set-up body
    "The ministry made efforts to isolate Iran.",                # a purpose, not a mandate
])
def test_infinitive_modifiers_without_a_mandated_body_stay_uncoded(code, text):
    assert not any(c.startswith(("16", "17")) for _, _, c in code(text))


@pytest.mark.parametrize("text, expected", [
    ("Britain said Moscow was to blame for the poisoning.", ("GBR", "RUS", "112")),
    ("France said there was no other conclusion than that the Syrian state was culpable for the attack.",
     ("FRA", "SYR", "112")),
    ("Canada said Iran was responsible for the downing of the airliner.", ("CAN", "IRN", "112")),
])
def test_saying_someone_is_to_blame_is_an_accusation(code, text, expected):
    assert expected in code(text)


@pytest.mark.parametrize("text", [
    "Britain said Russia was not to blame for the poisoning.",       # denied blame
    "Canada said Iran was responsible for security in the strait.",  # a duty, not a harm
])
def test_no_accusation_without_blame(code, text):
    assert not any(c.startswith("11") for _, _, c in code(text))


def test_identity_in_a_relative_clause_gives_the_person_a_country(code):
    events = code("Police in Britain arrested John Smith, who they accused of being a Russian spy.")
    assert any(t.startswith("RUS") and c == "173" for _, t, c in events)


def test_apposition_modifier_gives_the_person_a_country(code):
    events = code("Turkish police arrested John Smith, a German national, on Monday.")
    assert any(s.startswith("TUR") and t.startswith("DEU") and c == "173" for s, t, c in events)


@pytest.mark.parametrize("text, unwanted_root", [
    # a spokesman confirming a killing does not claim it for his side
    ("Two Iraqi soldiers were killed in the strike on the base, a German official confirmed.", "19"),
])
def test_official_confirming_violence_is_not_its_source(code, text, unwanted_root):
    assert not any(c.startswith(unwanted_root) for _, _, c in code(text))


def test_official_announcing_own_measure_is_its_source(code):
    events = code("An investigation has been launched into the attack on the embassy, a German official said.")
    assert any(s.startswith("DEU") and c.startswith("09") for s, _, c in events)


@pytest.mark.parametrize("text, expected", [
    ("Following Turkey's ratification, NATO chief Jens Haugland welcomed the decision.", "TUR"),
    ("After Hungary's vote, the EU welcomed the move.", "HUN"),
])
def test_anaphoric_act_belongs_to_the_actor_of_a_following_adjunct(code, text, expected):
    assert any(t and t.startswith(expected) and c.startswith("05") for _, t, c in code(text))


def test_anaphoric_act_without_an_owner_has_no_target(code):
    assert not any(c.startswith("05") for _, _, c in code("After the meeting, the EU welcomed the decision."))
