"""The cleaner's settings: rule files from Settings, and the language of dropped spans."""

from __future__ import annotations

from eventwire.config import load_settings
from eventwire.models import Article, RawDocument
from eventwire.stages.clean import Cleaner

ENGLISH = ("The foreign ministers of both countries met in Geneva on Monday and agreed to resume "
           "talks on trade, energy and security next month, officials said.")


def test_clean_boilerplate_files_setting_reaches_the_cleaner(tmp_path):
    rules = tmp_path / "mine.yaml"
    rules.write_text('- reason: house-promo\n  max_chars: 80\n  patterns: ["Download our app"]\n', encoding="utf-8")
    cleaner = Cleaner(load_settings(boilerplate_files=[str(rules)]))
    article = cleaner(Article(raw=RawDocument("x", f"{ENGLISH}\n\nDownload our app today!")))
    assert [d.reason for d in article.dropped] == ["house-promo"]


def test_clean_dropped_spans_carry_their_language():
    italian = ("Il governo italiano ha annunciato oggi un nuovo piano per la sanità pubblica, che sarà "
               "discusso in parlamento nelle prossime settimane.")
    text = f"{ENGLISH}\n\n{italian}\n\nLascia un commento"
    article = Cleaner(load_settings())(Article(raw=RawDocument("x", text)))
    by_text = {d.text: d for d in article.dropped}
    assert by_text[italian].language == "it" and by_text[italian].reason == "language:it"
    assert by_text["Lascia un commento"].language == "it"
    assert article.text.strip() == ENGLISH
