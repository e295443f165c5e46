"""Participants from the whole article (issue 16): one hand-built short article per family.

Each family resolves a mention the sentence alone cannot (a pronoun, "the two sides", a
surname or bare title, a definite sector noun, the implicit target of a reaction), and
every actor resolved so names its antecedent in ``evidence``: the words and the sentence.
The articles are coded with the rule coder, so that an event assertion checks what the
resolved participants give the rules; which candidates the learned model keeps is its
own business (tests/test_coder_model.py).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import eventwire
from eventwire.config import load_settings

pytestmark = pytest.mark.model

STAGES = Path(eventwire.__file__).parent / "stages"
RULES = load_settings(coder="rules")  # the context pass feeds the rule coder's slots here


def _code(text: str, **fields: str) -> eventwire.Result:
    return eventwire.code_document(text, "2022-05-01", settings=RULES, **fields)


def _actors(result: eventwire.Result, words: str) -> dict[str, str | None]:
    """Actor code -> evidence of every mention whose text is ``words``."""
    return {m.actor.code: m.actor.evidence for m in result.mentions if m.text.strip() == words}


def _dyads(result: eventwire.Result, sentence: int) -> set[tuple[str | None, str | None]]:
    """(source, target) keys of the events of one sentence: which CAMEO code is the coder's business."""
    return {(e.source.key, e.target.key if e.target else None) for e in result.events
            if e.sentence_index == sentence}


# -- 1. pronouns ------------------------------------------------------------------------------
@pytest.mark.parametrize("text, mention, code, cited", [
    ("Japanese Prime Minister Fumio Kishida arrived in Canberra on Monday. He met business leaders.",
     "He", "JPNGOV", "'Japanese Prime Minister Fumio Kishida' (sentence 0)"),
    ("Pakistan's army launched an offensive on Monday. Its troops entered the valley at dawn.",
     "Its", "PAK", "(sentence 0)"),
    ('Tokyo protested on Monday. "We will defend our islands," Japanese Defense Minister Nobuo Kishi said.',
     "We", "JPNGOV", "'Japanese Defense Minister Nobuo Kishi' (sentence 1)"),
])
def test_coref_pronoun_takes_its_antecedent(text: str, mention: str, code: str, cited: str) -> None:
    found = _actors(_code(text), mention)
    assert code in {c[:len(code)] for c in found}
    assert any(cited in (ev or "") for ev in found.values())


def test_coref_plural_pronoun_acts_for_both_members() -> None:
    result = _code("Japan and Australia held talks in Tokyo on Monday. They signed a security pact.")
    assert set(_actors(result, "They")) == {"JPN", "AUS"}
    assert {("JPN", "AUS"), ("AUS", "JPN")} <= _dyads(result, 1)


# -- 2. plural definite descriptions: one event per member where the act is mutual -------------------
@pytest.mark.parametrize("phrase", ["The two sides", "Both countries", "The neighbours", "Each side"])
def test_coref_pair_description_gives_one_event_per_member(phrase: str) -> None:
    result = _code(f"Armenia and Azerbaijan exchanged fire on the border on Monday. {phrase} agreed to a ceasefire.")
    found = _actors(result, phrase)
    assert set(found) == {"ARM", "AZE"}
    assert all("(sentence 0)" in (ev or "") for ev in found.values())
    assert {("ARM", "AZE"), ("AZE", "ARM")} <= _dyads(result, 1)


def test_coref_allies_keep_their_pair_and_agents() -> None:
    result = _code("The United States and Japan held security talks on Friday. The allies pledged to deepen "
                   "cooperation. The ministers also met Australian officials.")
    assert set(_actors(result, "The allies")) == {"USA", "JPN"}
    assert set(_actors(result, "The ministers")) == {"USAGOV", "JPNGOV"}


def test_coref_two_sides_of_one_country_keep_their_sectors() -> None:
    result = _code("Sudan's government and the rebels held talks in Doha on Monday. "
                   "The two sides agreed to a ceasefire.")
    assert set(_actors(result, "The two sides")) == {"SDNGOV", "SDNREB"}
    codes = {(e.source.code, e.target.code if e.target else None) for e in result.events if e.sentence_index == 1}
    assert ("SDNGOV", "SDNREB") in codes or ("SDNREB", "SDNGOV") in codes


# -- 3. surnames and bare titles after the first mention ---------------------------------------------
def test_coref_surname_and_bare_title_are_the_person_named_first() -> None:
    result = _code("Japanese Prime Minister Fumio Kishida met US Secretary of State Antony Blinken in Tokyo. "
                   "Blinken praised the plan. The Secretary also thanked the prime minister.")
    assert set(_actors(result, "Blinken")) == {"USAGOV"}
    secretary = _actors(result, "The Secretary")
    assert set(secretary) == {"USAGOV"}
    assert "'US Secretary of State Antony Blinken' (sentence 0)" in (secretary["USAGOV"] or "")
    assert set(_actors(result, "the prime minister")) == {"JPNGOV"}


def test_coref_titled_surname_beats_the_dictionary_and_the_context() -> None:
    # "Hussein" alone is a Jordanian king in the dictionaries; the article named an Iraqi minister
    result = _code("Iraqi Foreign Minister Fuad Hussein arrived in Washington on Monday. "
                   "Secretary Blinken met Foreign Minister Hussein at the State Department.")
    found = _actors(result, "Foreign Minister Hussein")
    assert set(found) == {"IRQGOV"}
    assert "(sentence 0)" in (found["IRQGOV"] or "")


# -- 4. definite sector nouns without a country ------------------------------------------------------
def test_coref_sector_noun_takes_the_last_actor_of_its_sector() -> None:
    result = _code("Myanmar soldiers burned villages in Rakhine state. "
                   "Residents who fled to Bangladesh said the troops shot at people.")
    found = _actors(result, "the troops")
    assert set(found) == {"MMRMIL"}
    assert "'Myanmar soldiers' (sentence 0)" in (found["MMRMIL"] or "")


@pytest.mark.parametrize("text, title, code", [
    ("The military extended the state of emergency on Monday.", "Myanmar junta extends emergency rule", "MMRMIL"),
    ("YANGON, May 1 (Reuters) - The military extended the state of emergency on Monday.", None, "MMRMIL"),
    # the dateline comes before the headline
    ("BANGKOK, May 1 (Reuters) - The military extended the state of emergency on Monday.",
     "Myanmar junta extends emergency rule", "THAMIL"),
])
def test_coref_sector_noun_falls_back_to_dateline_then_headline(text: str, title: str | None, code: str) -> None:
    assert set(_actors(_code(text, title=title) if title else _code(text), "The military")) == {code}


def test_coref_the_group_is_the_armed_group_named_before() -> None:
    result = _code("Boko Haram fighters razed the town of Baga in Nigeria on Saturday. "
                   "Nigerian troops later attacked the group near the lake.")
    found = _actors(result, "the group")
    assert set(found) == {"NGAREB"}
    assert "'Boko Haram fighters' (sentence 0)" in (found["NGAREB"] or "")
    assert any(e.target and e.target.code == "NGAREB" for e in result.events if e.sentence_index == 1)


# -- 5. implicit targets of reactions ------------------------------------------------------------------
def test_coref_reaction_targets_the_actor_of_the_act() -> None:
    result = _code("North Korea tested a ballistic missile on Monday. South Korea condemned the test.")
    found = _actors(result, "the test")
    assert set(found) == {"PRK"}
    assert "'North Korea' (sentence 0)" in (found["PRK"] or "")
    assert ("KOR", "PRK") in _dyads(result, 1)


def test_coref_a_stated_act_owner_is_kept() -> None:
    result = _code("North Korea tested a missile on Monday. Japan condemned Russia's test of a new rocket.")
    assert not _actors(result, "Russia's test of a new rocket")
    assert ("JPN", "RUS") in _dyads(result, 1)


def test_coref_denial_targets_the_accuser() -> None:
    result = _code("China accused Japan of spying on its navy. The Japanese foreign ministry denied it.")
    assert set(_actors(result, "it")) == {"CHN"}


# -- the seed fixture and the module layout -------------------------------------------------------------
def test_coref_fixture_allies_and_ministers_are_the_united_states_and_japan(shared_dir: Path) -> None:
    text = (shared_dir / "fixtures" / "noisy-wire-us-japan-2022.txt").read_text(encoding="utf-8")
    result = _code(text)
    assert set(_actors(result, "the two allies")) == {"USA", "JPN"}
    assert set(_actors(result, "Ministers")) == {"USAGOV", "JPNGOV"}
    assert set(_actors(result, "The ministers")) == {"USAGOV", "JPNGOV"}


def _imports(module: str) -> set[str]:
    tree = ast.parse((STAGES / f"{module}.py").read_text(encoding="utf-8"))
    return {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level == 1}


def test_coref_imports_run_one_way() -> None:
    # the lexicon is shared; coref uses it, and only the actors stage uses coref
    assert "actors" not in _imports("coref")
    assert not {"actors", "coref"} & _imports("lexicon")
    assert {"coref", "lexicon"} <= _imports("actors")
