from __future__ import annotations

import pytest

from eventwire.config import load_settings
from eventwire.errors import ModelError
from eventwire.models import Article, RawDocument
from eventwire.stages.nlp import PARAGRAPHS, Parser, load_model, parse_text


def test_nlp_paragraph_breaks_start_sentences(nlp):
    assert PARAGRAPHS in nlp.pipe_names
    doc = nlp("Allies vow cooperation in security\n\nThe ministers met on Friday and agreed.")
    starts = [s.text.strip() for s in doc.sents]
    assert starts[0] == "Allies vow cooperation in security"
    assert starts[1].startswith("The ministers met")


def test_nlp_dateline_is_blanked_with_offsets_kept():
    article = Article(raw=RawDocument(origin="-", text=""), text="TOKYO (Reuters) - Japan protested.",
                      dateline_span=(0, 18))
    text = parse_text(article)
    assert len(text) == len(article.text) and text.strip() == "Japan protested."


def test_nlp_parser_batches_keep_order(nlp):
    parser = Parser(load_settings())
    articles = [Article(raw=RawDocument(origin=str(i), text=""), text=f"Text number {i}.") for i in range(5)]
    out = list(parser.pipe(articles, batch_size=2))
    assert [a.doc.text for a in out] == [f"Text number {i}." for i in range(5)]


def test_nlp_unknown_model_is_a_clear_error():
    with pytest.raises(ModelError, match="not installed"):
        load_model("xx_no_such_model")
