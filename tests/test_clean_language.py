"""Cleaner: paragraph language identification and setting foreign paragraphs aside."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.models import Article, RawDocument
from eventwire.stages.clean import Cleaner, clean_text, detect_language, language_detector

BUNDLED = Path(__file__).resolve().parent.parent / "eventwire" / "data" / "corpus" / "articles.jsonl"


@pytest.mark.parametrize("text,code", [
    ("The United States and Japan pledged to work together against efforts to destabilize the region.", "en"),
    ("Il governo italiano ha annunciato nuove misure per sostenere le famiglie colpite dalla crisi.", "it"),
    ("El gobierno español anunció nuevas medidas para apoyar a las familias afectadas por la crisis.", "es"),
    ("Le gouvernement français a annoncé de nouvelles mesures pour soutenir les familles touchées.", "fr"),
    ("Die Bundesregierung hat neue Maßnahmen angekündigt, um die betroffenen Familien zu unterstützen.", "de"),
    ("O governo português anunciou novas medidas para apoiar as famílias afetadas pela crise.", "pt"),
    ("中国外交部发言人表示，中方已向两国提出正式抗议。", "zh"),
    ("日本政府は金曜日、中国に対して懸念を表明した。", "ja"),
    ("Министр иностранных дел заявил, что переговоры продолжатся на следующей неделе.", "ru"),
    # Shona: not among the candidates; a restricted detector would call it English
    ("Vanhu vakawanda muAfrica nepasi rose vari kutevera nemaziso matsvuku zviri kuitika munyika yeMali", "und"),
    # short newswire sentences whose only function words are "in" and "a" are still English
    ("Rebel fighters shelled two villages in a remote northern province overnight.", "en"),
    ("Some 5,000 Syrian refugees sought shelter in Jordan last week.", "en"),
    # ...while "in"/"a" alone do not make a foreign sentence English
    ("Die Regierung in Berlin plant eine neue Reform der Rente im Herbst.", "de"),
    # a list of Spanish names inside an English sentence stays English
    ("We are designating Pedro Orlando Martínez Fernández, chief of the Political Directorate of the "
     "Cuban National Revolutionary Police, and the Tropas de Prevención of the Cuban Ministry.", "en"),
])
def test_clean_detect_language(text, code, settings):
    assert detect_language(text, settings.languages) == code


@pytest.mark.parametrize("text", ["New tools", "Attention.", "###", "Hayashi", "U.S.-Japan"])
def test_clean_short_lines_have_no_language(text, settings):
    assert detect_language(text, settings.languages) is None


def test_clean_foreign_paragraph_set_aside_with_language(settings):
    english = ("Japan and the United States agreed on Friday to deepen their security cooperation, and "
               "their ministers said they would meet again in the spring to review the plans.")
    raw = english + ("\n\nIl governo italiano ha annunciato nuove misure per sostenere le famiglie colpite "
                     "dalla crisi energetica.")
    result = clean_text(raw, settings)
    assert result.text == english
    assert [(d.reason, d.start) for d in result.dropped] == [("language:it", raw.index("Il governo"))]
    assert result.language == "en"


def test_clean_all_foreign_document_keeps_its_language_and_text(settings):
    record = next(json.loads(line) for line in BUNDLED.read_text(encoding="utf-8").splitlines()
                  if json.loads(line)["language"] == "de")
    article = Cleaner(settings)(Article(raw=RawDocument(origin="gv", text=record["text"])))
    assert article.language == "de"
    # stored with its text and language, not coded: only boilerplate ("Mehr lesen: ...") goes
    assert all(d.reason.startswith("read-more-link") for d in article.dropped)
    assert "Seit dem Ausbruch der Massenproteste" in article.text
    # it quotes Spanish tweets next to their German translations: those stay too
    assert "A través de una transmisión" in article.text


def test_clean_mixed_document_sets_foreign_paragraphs_aside(settings):
    raw = ("The ministers of both countries met in Rome on Friday and agreed to expand their cooperation "
           "on migration, energy and defence, officials said after the talks.\n\n"
           "Il ministro ha detto che l'accordo sarà firmato entro la fine dell'anno.\n\n"
           "The agreement is expected to be signed before the end of the year, the officials added.")
    result = clean_text(raw, settings)
    assert result.language == "en"
    assert [d.reason for d in result.dropped] == ["language:it"]


@pytest.mark.parametrize("language", ["sn", "ln"])
def test_clean_unknown_language_uses_declared_language(settings, language):
    record = next(json.loads(line) for line in BUNDLED.read_text(encoding="utf-8").splitlines()
                  if json.loads(line)["language"] == language)
    article = Cleaner(settings)(Article(raw=RawDocument(origin="voa", text=record["text"], language=language)))
    assert article.language == language and article.text and not article.dropped
    # without a declared language it is unknown, never English
    assert clean_text(record["text"], settings).language == "und"


def test_clean_language_detector_built_once(settings):
    assert language_detector(settings.languages) is language_detector(settings.languages)
