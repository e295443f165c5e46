"""Pipeline stages: read → clean → meta → parse → actors → events/quotes → place.

Each stage is a class built from ``Settings`` that follows spaCy's component contract:
``name``, ``requires`` and ``assigns`` (attributes of ``models.Article``),
``__call__(article) -> article`` and ``pipe(articles, batch_size) -> Iterator``.
"""
