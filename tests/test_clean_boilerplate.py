"""Cleaner: boilerplate lines dropped with reasons, real sentences kept, normalisation, doc ids."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, strategies as st
from hypothesis import settings as hsettings

from eventwire.config import load_settings
from eventwire.errors import ConfigError
from eventwire.models import Article, RawDocument
from eventwire.stages.clean import (
    Cleaner,
    boilerplate_rules,
    classify_line,
    clean_text,
    document_id,
    normalise_line,
)

BUNDLED = Path(__file__).resolve().parent.parent / "eventwire" / "data" / "corpus" / "articles.jsonl"


@pytest.mark.parametrize("line,reason", [
    ("Sign up now for unlimited free access to Reuters.com", "subscription-prompt"),
    ("Register now for FREE unlimited access to our site", "subscription-prompt"),
    ("Subscribe now for $1 a month", "subscription-prompt"),
    ("Already a subscriber? Log in", "subscription-prompt"),
    ("Abbonati ora per l'accesso illimitato", "subscription-prompt"),
    ("Suscríbete a nuestro boletín", "subscription-prompt"),
    ("Abonnez-vous pour lire la suite", "subscription-prompt"),
    ("Jetzt abonnieren und weiterlesen", "subscription-prompt"),
    ("Assine já e tenha acesso ilimitado", "subscription-prompt"),
    ("Sign up for our daily newsletter", "newsletter-prompt"),
    ("READ  Poliga nel sud è considerata la località balneare più bella del paese", "read-more-link"),
    ("READ MORE: Talks collapse in Vienna", "read-more-link"),
    ("Read more: Talks collapse in Vienna", "read-more-link"),
    ("Also read: Five things to know about the summit", "read-more-link"),
    ("Related: Japan to boost defence spending", "read-more-link"),
    ("RELATED COVERAGE", "related-links"),
    ("Leggi anche: il vertice di Roma", "read-more-link"),
    ("Lee también: la cumbre de Madrid", "read-more-link"),
    ("Lire aussi : le sommet de Paris", "read-more-link"),
    ("Lesen Sie auch: Gipfel in Berlin", "read-more-link"),
    ("Mehr lesen: Demonstranten in Nicaragua bedroht", "read-more-link"),
    ("Leia também: cúpula em Lisboa", "read-more-link"),
    ("Share this article", "share-follow"),
    ("Follow us on Twitter", "share-follow"),
    ("Facebook Twitter LinkedIn Email", "share-follow"),
    ("Condividi su Facebook", "share-follow"),
    ("We use cookies to improve your experience. By continuing you accept our policy.", "cookie-notice"),
    ("Questo sito utilizza cookie tecnici e di profilazione", "cookie-notice"),
    ("Lascia un commento", "comment-form"),
    ("Il tuo indirizzo email non sarà pubblicato. I campi obbligatori sono contrassegnati *", "comment-form"),
    ("Leave a Reply", "comment-form"),
    ("Your email address will not be published. Required fields are marked *", "comment-form"),
    ("Deja una respuesta", "comment-form"),
    ("Tu dirección de correo electrónico no será publicada.", "comment-form"),
    ("Laisser un commentaire", "comment-form"),
    ("Votre adresse e-mail ne sera pas publiée.", "comment-form"),
    ("Schreibe einen Kommentar", "comment-form"),
    ("Deine E-Mail-Adresse wird nicht veröffentlicht.", "comment-form"),
    ("Deixe um comentário", "comment-form"),
    ("O seu endereço de email não será publicado.", "comment-form"),
    ("Torna in alto", "back-to-top"),
    ("Back to top", "back-to-top"),
    ("Volver arriba", "back-to-top"),
    ("Retour en haut", "back-to-top"),
    ("Nach oben", "back-to-top"),
    ("Voltar ao topo", "back-to-top"),
    ("Photo: Jane Doe/Reuters", "photo-credit"),
    ("FILE PHOTO: Japan's Prime Minister speaks in Tokyo. REUTERS/Issei Kato/File Photo", "photo-credit"),
    ("Soldiers patrol the border on Monday. (Photo by John Roe/AFP via Getty Images)", "photo-credit"),
    ("Advertisement", "advertisement"),
    ("© 2022 Thomson Reuters. All rights reserved.", "copyright"),
    ("###", "end-mark"),
    ("End text.", "end-mark"),
    ("Report by David Brunstrom and Dan Whitcomb; Editing by David Dolan", "credit-line"),
    ("(Reporting by Jane Doe in Tokyo; Additional reporting by John Roe; Editing by Ann Lee)", "credit-line"),
    ("Our standards: Thomson Reuters Trust Principles.", "credit-line"),
    ("By Jane Doe", "credit-line"),
    ("Office of the Spokesperson", "credit-line"),
    ("The below is attributable to Spokesperson Ned Price:", "credit-line"),
    ("Geschrieben von Elisa Marvena", "credit-line"),
    ("By Wikimedia Foundation•15 January 2020", "credit-line"),
    ("Friday, August 21, 2015", "date-line"),
    ("30 April 2019 13:10 GMT", "date-line"),
    ("Übersetzung veröffentlicht am 30 April 2019 13:10 GMT", "date-line"),
    ("Published 2022-01-07", "date-line"),
    ("For Immediate Release", "press-header"),
    ('<a href="https://www.example.org/embed/x">Embedded video</a>', "markup"),
    ("MP4 | MP3", "media-widget"),
    ("Download PDF (1.2 MB)", "media-widget"),
    ("Weiter »", "navigation"),
    ("Contact Us", "navigation"),
    ("Donate now", "donation-appeal"),
    ("Read this article in English", "translation-link"),
    ("Name (required)", "comment-form"),
    ("E-Mail (wird nicht veröffentlicht) (Pflichtfeld)", "comment-form"),
    ("Alle Kommentare werden moderiert.", "comment-form"),
    ("Twitter", "share-follow"),
    ("@Wikimedia", "share-follow"),
    ("Druckversion", "share-follow"),
    ("Get email updates", "newsletter-prompt"),
    ("Neueste Beiträge zu Lateinamerika", "related-links"),
])
def test_clean_boilerplate_line_reason(line, reason):
    assert classify_line(normalise_line(line)) == reason


# real sentences that look a little like boilerplate: none may be dropped
@pytest.mark.parametrize("line", [
    "Read the room, the ambassador told reporters, and you will see why the talks failed.",
    "Share prices in Tokyo fell after the ministry announced new sanctions on Russia.",
    "Related talks in Geneva are expected to resume next week, diplomats said.",
    "The ministers said they would sign up to a new code of conduct for the South China Sea.",
    "Subscription television was banned by the military government in 2019.",
    "Comments by the foreign minister angered officials in Beijing.",
    "Reporting by state media suggested the missile flew 1,000 km.",
    "By Sunday, the troops had withdrawn from the border town.",
    "Photographs released by the army showed damaged tanks near the border.",
    "The end of the ceasefire was announced on Friday.",
    "Copyright rules were part of the trade agreement signed in Brussels.",
    "Back in Tokyo, the prime minister met the defence chiefs to discuss the response.",
    "New tools",
    "Attention.",
    "Contact between the two armies was lost on Friday.",
    "Follow-up talks are planned for next month in Vienna.",
    "Website operators in the capital were detained by police.",
    "Twitter said it had suspended the accounts of state media.",
    "Donate blood, the health ministry urged residents after the bombing.",
    "More than 200 people were killed in the attack, officials said.",
    "Print media were banned from covering the trial.",
    "In April 2015, the two countries signed a defence pact.",
    "Friday, August 21, 2015, was the day the talks collapsed.",
    "By arresting Cardinal Joseph Zen, Margaret Ng and Denise Ho, the authorities have signalled a crackdown.",
    "The government of Kishida has given its approval The cost of registration security, "
    "With the 10th consecutive annual increase in 2022.",
])
def test_clean_keeps_real_sentences(line):
    assert classify_line(normalise_line(line)) is None


def test_clean_seed_fixture(shared_dir, settings):
    raw = (shared_dir / "fixtures" / "noisy-wire-us-japan-2022.txt").read_text(encoding="utf-8")
    result = clean_text(raw, settings)
    reasons = {d.text: d.reason for d in result.dropped}
    prompts = [d.reason for d in result.dropped if d.text.startswith("Sign up now")]
    assert prompts == ["subscription-prompt", "subscription-prompt"]
    read_lines = [t for t in reasons if t.startswith("READ ")]
    assert len(read_lines) == 2 and all(reasons[t] == "read-more-link;language:it" for t in read_lines)
    assert reasons["Lascia un commento"] == "comment-form;language:it"
    assert reasons["Torna in alto"] == "back-to-top;language:it"
    assert any(t.startswith("Il tuo indirizzo") and r == "comment-form;language:it" for t, r in reasons.items())
    assert reasons["Our standards: Thomson Reuters Trust Principles."] == "credit-line"
    assert any(t.startswith("Report by David Brunstrom") and r == "credit-line" for t, r in reasons.items())
    assert len(result.dropped) == 9
    assert result.language == "en"
    # every other line of the fixture survives, word for word (modulo quote normalisation)
    kept = {normalise_line(line) for line in raw.splitlines() if line.strip()} - set(reasons)
    paragraphs = set(result.text.split("\n\n"))
    assert kept == paragraphs
    assert "Attention." in result.text and "New tools" in paragraphs
    # offsets point into the raw text
    for d in result.dropped:
        assert normalise_line(raw[d.start:d.end]) == d.text


def test_clean_bundled_english_corpus_loses_no_sentence(settings):
    """Over the bundled English texts, only credit lines, bare date lines and the text wrappers are dropped."""
    for line in BUNDLED.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["language"] != "en":
            continue
        result = clean_text(record["text"], settings)
        for d in result.dropped:
            # one paragraph is a French toast quoted in a transcript ("Merci beaucoup...")
            # "Begin Text:" (press-header) is the pair of the "End text." end mark of joint statements
            assert d.reason in ("credit-line", "end-mark", "date-line") or "Merci" in d.text or (
                d.reason == "press-header" and d.text.lower().startswith("begin text")), (record["id"], d)
        assert result.language == "en"


def test_clean_corpus_english_paragraphs_never_dropped_for_language(shared_dir, settings):
    path = shared_dir / "data" / "corpus" / "articles.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["language"] != "en":
            continue
        result = clean_text(record["text"], settings)
        dropped = [d for d in result.dropped if d.reason.startswith("language:")]
        # one paragraph of the corpus is a French toast quoted in a transcript; nothing English goes
        assert all("Merci" in d.text for d in dropped), (record["id"], dropped)


def test_clean_hard_wrapped_paragraph_is_rejoined(settings):
    raw = ("The two ministers met in Tokyo on Friday and agreed\nto strengthen cooperation on missile\n"
           "defence, officials said.\nSign up now for unlimited free access to Example.com\n\nA second paragraph.")
    result = clean_text(raw, settings)
    assert result.text.split("\n\n") == [
        "The two ministers met in Tokyo on Friday and agreed to strengthen cooperation on missile defence, "
        "officials said.",
        "A second paragraph."]
    assert [d.reason for d in result.dropped] == ["subscription-prompt"]


def test_clean_single_newline_paragraphs_stay_separate(settings):
    raw = "First sentence of the article is here.\nSecond paragraph starts here.\nThird one."
    assert clean_text(raw, settings).text.split("\n\n") == [
        "First sentence of the article is here.", "Second paragraph starts here.", "Third one."]


@pytest.mark.parametrize("raw,expected", [
    ("“Quoted,” he said — it’s ‘fine’.", "\"Quoted,\" he said — it's 'fine'."),
    ("«Bonjour» „Hallo“", '"Bonjour" "Hallo"'),
    ("a\u00a0b\u2009c\tд  e", "a b c д e"),
    ("zero\u200bwidth soft\u00adhyphen", "zerowidth softhyphen"),
    ("Cafe\u0301", "Café"),
])
def test_clean_normalise_line(raw, expected):
    assert normalise_line(raw) == expected


def test_clean_doc_id_is_content_hash(settings):
    a = Cleaner(settings)(Article(raw=RawDocument(origin="a", text="Talks resumed.\n\nSign up now for free access")))
    b = Cleaner(settings)(Article(raw=RawDocument(origin="b", text="  Talks   resumed.  ")))
    assert a.doc_id == b.doc_id and len(a.doc_id) == 16
    assert document_id("", "Texte en français.") != document_id("", "Anderer Text.")


def test_clean_user_rule_file(tmp_path, settings):
    rules = tmp_path / "mine.yaml"
    rules.write_text('- reason: house-promo\n  max_chars: 80\n  patterns: ["Download our app"]\n', encoding="utf-8")
    result = clean_text("Talks resumed on Monday.\n\nDownload our app today!", settings, (str(rules),))
    assert [d.reason for d in result.dropped] == ["house-promo"]
    article = Cleaner(settings, rule_files=[str(rules)])(Article(raw=RawDocument("x", "Download our app")))
    assert article.dropped[0].reason == "house-promo"


def test_clean_bad_rule_file_is_config_error(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("- reason: x\n  patterns: ['(unclosed']\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        boilerplate_rules((str(bad),))


def test_clean_rules_compiled_once():
    assert boilerplate_rules() is boilerplate_rules()


def test_clean_max_chars_guards_long_paragraphs():
    long = "Read more: " + "the delegations discussed trade and security at length " * 10
    assert classify_line(long) is None


def test_clean_keep_languages_setting():
    settings = load_settings(keep_languages=["en", "it"])
    raw = ("The talks ended without agreement.\n\n"
           "Il governo italiano ha annunciato nuove misure per sostenere le famiglie colpite dalla crisi energetica.")
    result = clean_text(raw, settings)
    assert "Il governo" in result.text and not result.dropped


def test_clean_crlf_offsets_point_into_raw(settings):
    raw = "Talks resumed on Monday in Geneva.\r\n\r\nShare this article\r\nThe envoys met again.\r\n"
    result = clean_text(raw, settings)
    [dropped] = result.dropped
    assert raw[dropped.start:dropped.end] == "Share this article"
    assert result.text == "Talks resumed on Monday in Geneva.\n\nThe envoys met again."


_LINES = st.sampled_from([
    "Sign up now for unlimited free access to Example.com", "READ  Un altro articolo interessante",
    "The ministers met in Tokyo on Friday.", "", "   ", "Torna in alto", "Reporting by Jane Doe; Editing by Bob Roe",
    "“Quoted,” he said.", "###", "New tools", "Il governo ha annunciato nuove misure per le famiglie.",
])


@hsettings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(_LINES, st.text(max_size=40)), max_size=12), st.sampled_from(["\n", "\r\n", "\n\n"]))
def test_clean_any_text_is_cleaned_without_error(lines, newline):
    raw = newline.join(lines)
    result = clean_text(raw, load_settings())
    assert "\n\n\n" not in result.text and result.text == result.text.strip()
    for d in result.dropped:
        assert 0 <= d.start <= d.end <= len(raw) and d.reason
