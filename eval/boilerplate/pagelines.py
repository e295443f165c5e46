"""Plain-text lines of a saved HTML page, the way a naive scraper or aggregator copy sees them.

Every block element (p, div, li, headings, ...) starts a new line; scripts, styles and HTML
comments are left out. The line gold of ``gold.jsonl`` refers to lines by their index in this
dump, so the dump must stay deterministic: change it and the gold's line hashes stop matching.
"""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html

BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd", "blockquote",
          "figcaption", "section", "article", "header", "footer", "nav", "aside", "form", "label", "ul",
          "ol", "table", "tr", "figure", "main", "button", "br"}


def page_lines(path: str | Path) -> list[str]:
    """The non-empty, whitespace-collapsed text lines of an HTML file."""
    tree = lxml.html.fromstring(Path(path).read_bytes())
    for junk in tree.xpath("//script|//style|//noscript|//template|//svg"):
        junk.drop_tree()
    parts: list[str] = []

    def walk(element) -> None:
        if not isinstance(element.tag, str):  # comments and processing instructions
            if element.tail:
                parts.append(element.tail)
            return
        block = element.tag in BLOCKS
        if block:
            parts.append("\n")
        if element.text:
            parts.append(element.text)
        for child in element:
            walk(child)
        if block:
            parts.append("\n")
        if element.tail:
            parts.append(element.tail)

    walk(tree.body if tree.body is not None else tree)
    lines = (re.sub(r"\s+", " ", line).strip() for line in "".join(parts).split("\n"))
    return [line for line in lines if line]
