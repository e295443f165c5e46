"""Boilerplate rule families added for teasers, tag lists and template strings, and the block rules.

Hand-made lines: each family has lines it must drop and news-like lines it must keep.
"""

from __future__ import annotations

import pytest

from eventwire.config import load_settings
from eventwire.models import Article, RawDocument
from eventwire.stages.clean import Cleaner, classify_line, classify_lines, clean_text
from eventwire.stages.meta import MetaExtractor


@pytest.mark.parametrize("line,reason", [
    # related-article box headers (whole line)
    ("Related stories", "related-links"),
    ("You may also like", "related-links"),
    ("Most read", "related-links"),
    ("Trending Now", "related-links"),
    ("More from Reuters", "related-links"),
    ("Articoli correlati", "related-links"),
    ("Lo más leído", "related-links"),
    ("Sur le même sujet", "related-links"),
    ("Das könnte Sie auch interessieren", "related-links"),
    ("Notícias relacionadas", "related-links"),
    # tag lists
    ("Tags: Japan, China, Taiwan", "tags"),
    ("Topics: Diplomacy", "tags"),
    ("Filed under: World, Asia", "tags"),
    ("Argomenti: Giappone, Cina", "tags"),
    ("Etiquetas: Japón, China", "tags"),
    ("Mots-clés : Japon, Chine", "tags"),
    ("Schlagworte: Japan, China", "tags"),
    ("Tópicos: Japão, China", "tags"),
    ("Tags", "tags"),
    # click-here lines
    ("Click here to download our free app.", "read-more-link"),  # an older rule names it first
    ("For the full report, click here", "click-here"),
    ("Clicca qui per leggere l'articolo", "click-here"),
    ("Cliquez ici pour vous abonner", "click-here"),
    # photo captions and credits
    ("Soldiers stand guard at the border. Photo: Getty Images", "photo-credit"),
    ("El ministro llega a la reunión. (Foto: EFE)", "photo-credit"),
    ("(Foto ANSA)", "photo-credit"),
    ("The minister speaks in Tokyo, Jan. 7, 2022. (AP Photo/Jane Roe, File)", "photo-credit"),
    ("Getty Images", "photo-credit"),
    # share / newsletter / subscription / comments in several languages
    ("Artikel teilen", "share-follow"),
    ("Partager cet article", "share-follow"),
    ("Facebook Twitter Email Copy link", "share-follow"),
    ("Get the latest news delivered to your inbox", "newsletter-prompt"),
    ("Inscrivez-vous à notre newsletter", "subscription-prompt"),
    ("Iscriviti alla newsletter per ricevere le notizie", "subscription-prompt"),
    ("Stay up to date on our work.", "newsletter-prompt"),
    ("Email address", "comment-form"),  # the form-field rule
    ("Réservé aux abonnés", "subscription-prompt"),
    ("Conteúdo exclusivo para assinantes", "subscription-prompt"),
    ("Be the first to comment", "comment-form"),
    ("Seja o primeiro a comentar", "comment-form"),
    ("Leave a Reply Cancel reply", "comment-form"),
    ("View comments", "comment-form"),
    ("You must be logged in to post a comment.", "comment-form"),
    # staff bylines, reading time, numeric and relative dates
    ("Di Redazione", "byline"),
    ("Por Redacción", "byline"),
    ("4 min read", "reading-time"),
    ("Lesezeit: 3 Min.", "reading-time"),
    ("12.02.2022, 10:15 Uhr", "date-line"),
    ("03/05/2022 17h40", "date-line"),
    ("Updated 2 hours ago", "relative-date"),
    ("Atualizado há 2 horas", "relative-date"),
    ("Published: May. 24, 2022 at 6:12 AM EDT", "date-line"),
    # footers, ad breaks, statement wrappers
    ("Privacy Policy", "navigation"),
    ("Mentions légales", "navigation"),
    ("Skip to content", "navigation"),
    ("Story continues below advertisement", "advertisement"),
    ("Begin Text:", "press-header"),
    # round 2: licences, translations header, share-on-network, agency bylines, scheduled news,
    # cookie banners speaking to the reader, screen-reader link labels
    ("CC BY-SA 3.0", "photo-credit"),
    ("Public domain", "photo-credit"),
    ("Übersetzungen", "translation-link"),
    ("Teile diesen Beitrag:", "share-follow"),
    ("Compartilhar no WhatsApp", "share-follow"),
    ("Partager sur LinkedIn", "share-follow"),
    ("Reuters", "byline"),
    ("Recevez chaque matin l'essentiel de l'actualité.", "newsletter-prompt"),
    ("We and our partners use cookies and similar technologies.", "cookie-notice"),
    ("En poursuivant votre navigation, vous acceptez l'utilisation de cookies.", "cookie-notice"),
    ("Acquire Licensing Rights, opens new tab", "navigation"),
])
def test_clean_rules_drop_template_line(line, reason):
    assert classify_line(line) == reason


@pytest.mark.parametrize("line", [
    "Related talks between the two ministers ended without agreement on Friday.",
    "Tags were fitted to the migrating birds by researchers in Hokkaido.",
    "The ministry released an image: a map showing the new border.",
    '"Stay connected with your neighbours," the mayor said.',
    "Officials said the comments were not approved by the censors.",
    "Most readers of the report will note the rise in defence spending.",
    "The photographer was detained by police in Minsk on Tuesday.",
    "He told users to click the button, but the site crashed.",
    "Japan's foreign minister shared the concerns of his U.S. counterpart.",
    "Trending lower, the yen fell against the dollar after the statement.",
    "Privacy policy changes were criticised by the European Commission.",
    "New tools",
    "Credits were extended to farmers",
    "Receive food aid every day, the agency told refugees.",
    "The court said websites must let users refuse cookies.",
    "Reuters reported the talks had stalled.",
    "Share prices fell on Monday.",
])
def test_clean_rules_keep_news_line(line):
    assert classify_line(line) is None


def test_clean_teaser_block_drops_headlines_and_excerpts():
    lines = ["Related stories",
             "Pyongyang fires missile into sea, Seoul says",
             "August 14, 2015",
             "The launch was the third this month and drew protests from Tokyo and Seoul, which said…",
             "Read more",
             "Five things to know about the armistice"]
    # the teased story's date is the box's, not the article's (the meta stage reads date lines)
    assert classify_lines(lines) == ["related-links", "related-links", "related-links", "related-links",
                                     "read-more-link", "related-links"]


def test_clean_teaser_block_closes_at_prose():
    # an embedded box in the middle of an article: the paragraph after it is kept
    lines = ["RELATED COVERAGE",
             "Seoul stocks slip as investors weigh border tensions",
             "South Korea evacuated about 80 people from the border area, officials said.",
             "New tools",
             "Japan is working on railgun technology to intercept hypersonic missiles, the ministry said."]
    assert classify_lines(lines) == ["related-links", "related-links", None, None, None]


def test_clean_teaser_block_closes_at_other_boilerplate():
    # an advertisement break is not part of a teaser box: the sub-head after it is kept
    lines = ["Most read", "Talks stall in Vienna", "Advertisement", "Defence spending"]
    assert classify_lines(lines)[3] is None


def test_clean_tag_block_and_tag_runs():
    assert classify_lines(["Topics", "Japan", "China", "Security", "The talks ended on Friday."]) == [
        "tags", "tags", "tags", "tags", None]
    # three labels beside a share bar are a tag list without a header
    assert classify_lines(["Advocacy", "Community", "Turkey", "Share"]) == ["tags", "tags", "tags", "share-follow"]


def test_clean_page_tail_after_last_prose():
    lines = ["Japan and the United States pledged on Friday to work together against efforts to destabilise it.",
             "Thank you.",
             "Kishida vows defence review",
             "Privacy",
             "- Japan",
             "Seoul, Tokyo agree to share missile data"]
    assert classify_lines(lines) == [None, None, "page-tail", "navigation", None, "page-tail"]


@pytest.mark.parametrize("lines", [
    # a list the last paragraph introduces, with or without prose before it
    ["The Department of State is designating the following officials for their role in the crackdown:",
     "Ivan Petrov", "Oleg Sidorov"],
    ["The United States condemns the violent crackdown on peaceful protesters in the capital this week.",
     "The Department of State is designating the following officials:", "Ivan Petrov", "Oleg Sidorov"],
    # no paragraph of prose at all: a headline-only document keeps its lines
    ["Japan, U.S. to boost missile defence", "Kishida vows defence review"],
    # a short last paragraph is not prose, but ends like a sentence: kept, and nothing after it
    ["Both countries put their militaries on alert."],
])
def test_clean_page_tail_keeps(lines):
    assert classify_lines(lines) == [None] * len(lines)


def test_clean_photo_credit_block():
    lines = ["Photo credits", "Blue Mosque Courtyard at dusk", "Jane Roe", "CC BY-SA 3.0",
             "The ministry said the ban would be lifted."]
    assert classify_lines(lines) == ["photo-credit"] * 4 + [None]


@pytest.mark.parametrize("lines", [
    ["The six designated individuals are:", "Ivan Petrov", "Oleg Sidorov", "Anna Ivanova", "Share"],
    ["Japan", "China", "Share"],                                  # two labels are not a list
    ["Japan", "China", "Korea", "###"],                           # an end mark is not page chrome
    ["Share", "- Japan", "- China", "- Korea"],                   # bullets are the article's list
])
def test_clean_tag_runs_leave_article_lists(lines):
    assert "tags" not in classify_lines(lines)


def test_clean_text_reports_block_reasons():
    text = ("TOKYO (Reuters) - Japan and the United States pledged on Friday to deepen defence ties.\n\n"
            "Tags: Japan, United States\n\nYou might also like\n\nChina protests U.S. arms sale\n\nMarch 3, 2022")
    result = clean_text(text, load_settings())
    assert result.text.startswith("TOKYO (Reuters) - Japan and the United States pledged")
    assert [d.reason for d in result.dropped] == ["tags", "related-links", "related-links", "related-links"]


def test_clean_teaser_bylines_and_dates_do_not_reach_meta(settings):
    text = ("Friday, August 21, 2015\n\nBy Jane Doe\n\n"
            "SEOUL (Reuters) - North Korea fired artillery rounds at a loudspeaker in South Korea on Thursday.\n\n"
            "Most read\n\nLoudspeakers fall silent after talks\n\nAugust 25, 2015\n\nBy John Roe")
    article = MetaExtractor(settings)(Cleaner(settings)(Article(raw=RawDocument(origin="t", text=text))))
    assert article.published == "2015-08-21"
    assert article.reporters == ["Jane Doe"]
