"""The clean stage: boilerplate lines out (with reasons), paragraph languages, normalised text.

Aggregators re-publish wire copy with subscription prompts, "READ ..." link widgets,
share/cookie lines and comment-form footers, often in another language than the
article. The cleaner works line by line on the raw text:

1. each line is normalised (Unicode NFC, no zero-width or soft-hyphen characters,
   one kind of space, one kind of quote) and classified against the boilerplate rules
   of ``codebooks/data/boilerplate/lines.yaml`` (plus user files named in
   ``settings.extra["boilerplate_files"]``) and the credit-line grammar of ``meta``;
   then in the context of its document (``classify_lines``): teaser and tag boxes
   opened by a header line, tag lists beside page chrome, and the page chrome after
   the last paragraph of prose;
2. kept lines are grouped into paragraphs (a hard-wrapped paragraph is re-joined);
3. each paragraph gets a language from lingua, restricted to ``settings.languages`` and
   confirmed by the share of that language's function words (a restricted detector
   calls Shona "English" and Lingala "French" with full confidence otherwise); the
   document language is the majority language by characters. In a document of a coded
   language (``settings.keep_languages``), paragraphs in other languages are set aside
   as ``language:xx``; a foreign document keeps its text (it is stored, not coded).
   Short paragraphs (headings, "New tools") are too short to identify and are never
   dropped for language.

Every dropped span is a ``Dropped(text, reason, start, end)`` with offsets into the raw
text. A boilerplate line identified as another language carries it in its reason:
``"read-more-link;language:it"``.

Example::

    >>> result = clean_text("Sign up now for unlimited free access.\\n\\nTalks began.", settings)
    >>> result.dropped[0].reason
    'subscription-prompt'
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..config import Settings
from ..errors import ConfigError
from ..models import Article, Dropped, stable_hash
from .base import Stage
from .meta import is_credit_line

# --- normalisation ----------------------------------------------------------------------------

# one representation of quotes and spaces, so that every later pattern (apostrophes in
# "China's", quote finders, dictionaries) needs to handle only one form
_TRANSLATE = str.maketrans({
    **dict.fromkeys("“”„‟«»″〝〞＂", '"'),
    **dict.fromkeys("‘’‚‛′＇`", "'"),
    **dict.fromkeys("\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t", " "),
    **dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff\u00ad", None),
})
_SPACES = re.compile(r" {2,}")
# spaCy's tokenizer is quadratic in the length of one whitespace-free run of affixes
# ("[[[[...", "....."): 5,000 characters take 12 s, 50,000 hours. No word or URL worth coding
# is this long, so such runs are cut into pieces of this many characters.
MAX_TOKEN_CHARS = 100
_LONG_TOKEN = re.compile(rf"\S{{{MAX_TOKEN_CHARS}}}(?=\S)")


def normalise_line(line: str) -> str:
    """Normalise one line: NFC, one kind of quote and space, no invisible characters, no endless tokens.

    Args:
        line: a line of raw text.

    Returns:
        The normalised, stripped line.
    """
    line = unicodedata.normalize("NFC", line).translate(_TRANSLATE)
    return _LONG_TOKEN.sub(r"\g<0> ", _SPACES.sub(" ", line)).strip()


# --- boilerplate rules ------------------------------------------------------------------------

# eq=False: a rule is hashed by identity. Hashing a compiled pattern hashes its whole program
# (about 7 microseconds a rule), which made every cache lookup by the rule tuple cost 0.2 ms.
@dataclass(frozen=True, eq=False)
class _Rule:
    reason: str
    max_chars: int
    pattern: re.Pattern[str]
    # lower-case substrings one of which a line must contain before the (slower) pattern runs
    keywords: tuple[str, ...] = ()
    # a header rule: the kind of block ("teasers", "tags") its line opens
    opens: str | None = None
    # the keywords as one pattern searched in the lower-cased line (one C call instead of a loop)
    keyword_pattern: re.Pattern[str] | None = None

    def __post_init__(self) -> None:
        if self.keywords and self.keyword_pattern is None:
            object.__setattr__(self, "keyword_pattern", re.compile("|".join(map(re.escape, self.keywords))))

    def matches(self, line: str, lowered: str) -> bool:
        if len(line) > self.max_chars:
            return False
        if self.keyword_pattern is not None and self.keyword_pattern.search(lowered) is None:
            return False
        return self.pattern.match(line) is not None


def _load_rules(path: Any, origin: str) -> list[_Rule]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return [
            _Rule(entry["reason"], int(entry.get("max_chars", 200)),
                  re.compile("(?:" + ")|(?:".join(entry["patterns"]) + ")",
                             0 if entry.get("case_sensitive") else re.IGNORECASE),
                  tuple(k.lower() for k in entry.get("keywords", ())), entry.get("opens"))
            for entry in data
        ]
    except (OSError, yaml.YAMLError, KeyError, TypeError, re.error) as e:
        raise ConfigError(f"bad boilerplate rule file {origin}: {e}", "E205") from None


@functools.lru_cache(maxsize=8)
def boilerplate_rules(extra_files: tuple[str, ...] = ()) -> tuple[_Rule, ...]:
    """The compiled boilerplate rules: the bundled file, then user files (cached).

    Args:
        extra_files: paths of user YAML files in the shape of the bundled ``lines.yaml``.

    Returns:
        The rules in order (the first that matches a line gives its reason).
    """
    bundled = resources.files("eventwire").joinpath("codebooks/data/boilerplate/lines.yaml")
    rules = _load_rules(bundled, "lines.yaml")
    for name in extra_files:
        rules += _load_rules(Path(name), name)
    return tuple(rules)


_CREDIT_LINE = _Rule("credit-line", 400, re.compile(""))


@functools.lru_cache(maxsize=16)
def _by_length(rules: tuple[_Rule, ...]) -> tuple[list[int], tuple[tuple[_Rule, ...], ...]]:
    """The rules grouped for lines of a length: for each distinct ``max_chars`` (ascending), the
    rules, in order, whose limit is at least that. Most article lines are longer than most limits,
    so they are tried against a few rules instead of all."""
    limits = sorted({rule.max_chars for rule in rules})
    return limits, tuple(tuple(r for r in rules if r.max_chars >= limit) for limit in limits)


def _match(line: str, index: tuple[list[int], tuple[tuple[_Rule, ...], ...]]) -> _Rule | None:
    if is_credit_line(line):
        return _CREDIT_LINE
    limits, groups = index
    at = bisect.bisect_left(limits, len(line))
    if at == len(limits):
        return None
    lowered = line.lower()
    for rule in groups[at]:
        if rule.matches(line, lowered):
            return rule
    return None


def classify_line(line: str, rules: Iterable[_Rule] | None = None) -> str | None:
    """The boilerplate reason of one normalised line on its own, or None when it is content.

    Args:
        line: a normalised line.
        rules: compiled rules (default: the bundled ones).

    Returns:
        A reason such as ``subscription-prompt`` or ``credit-line``, or None.
    """
    rule = _match(line, _by_length(boilerplate_rules() if rules is None else tuple(rules)))
    return rule.reason if rule else None


# Blocks. A header line ("Related stories", "Most read", "Topics", "Photo credits") opens a block
# whose lines a line rule cannot recognise alone: the teasers of other stories (short headlines,
# excerpts cut off with an ellipsis), tag labels, or image titles and authors. A block stays open
# through lines the rules drop of the kinds that sit inside such boxes (dates, bylines, "Read
# more", share links) and closes at the first line that is neither: ordinary prose, which ends like
# a sentence, always closes it, so an article paragraph after an embedded box is kept.
TEASER_HEADLINE_CHARS = 160   # a teaser headline is a short line not ending like a sentence
TEASER_EXCERPT_CHARS = 600    # ...or an excerpt of up to this length cut off with an ellipsis
LABEL_CHARS = 40              # a tag label: a short line of a few words
LABEL_WORDS = 4
MIN_TAG_RUN = 3               # a run of labels beside page chrome is a tag list without a header
_IN_BLOCK = frozenset({"related-links", "read-more-link", "date-line", "byline", "credit-line", "reading-time",
                       "tags", "photo-credit", "navigation", "share-follow"})
# inside a teaser block these describe the teased stories: the meta stage must not read them as
# this article's publication date or reporters
_OF_TEASER = frozenset({"date-line", "credit-line", "byline", "reading-time"})
_CHROME = frozenset({"related-links", "read-more-link", "tags", "navigation", "share-follow", "comment-form"})
_SENTENCE_END = re.compile(r"[.!:;,]['\")\]]?$")
_ELLIPSIS = re.compile(r"(…|\.\.\.|\[…\]|\[\.\.\.\])\.?$")
_BULLET = re.compile(r"[-*•·–—]\s|\d{1,2}[.)]\s")


def _teaser_like(line: str) -> bool:
    if len(line) <= TEASER_HEADLINE_CHARS and not _SENTENCE_END.search(line):
        return True
    return len(line) <= TEASER_EXCERPT_CHARS and _ELLIPSIS.search(line) is not None


def _label_like(line: str) -> bool:
    return (len(line) <= LABEL_CHARS and len(line.split()) <= LABEL_WORDS and not _SENTENCE_END.search(line)
            and not _BULLET.match(line))


# the reason a line inside each kind of block gets, and the test it must pass to stay inside
_BLOCK_LINES = {"teasers": ("related-links", _teaser_like), "tags": ("tags", _label_like),
                "credits": ("photo-credit", _teaser_like)}


def _tag_runs(lines: list[str], reasons: list[str | None]) -> None:
    """Mark runs of label lines beside page chrome as a tag list (in place)."""
    i = 0
    while i < len(lines):
        if reasons[i] is not None or not _label_like(lines[i]):
            i += 1
            continue
        j = i
        while j < len(lines) and reasons[j] is None and _label_like(lines[j]):
            j += 1
        before = reasons[i - 1] if i else None
        after = reasons[j] if j < len(lines) else None
        # a list the article introduces ("The six are:") is content, whatever follows it
        introduced = i > 0 and before is None and lines[i - 1].endswith(":")
        if j - i >= MIN_TAG_RUN and (before in _CHROME or after in _CHROME) and not introduced:
            reasons[i:j] = ["tags"] * (j - i)
        i = j


# The page tail. After the last paragraph of prose an article has ended: what follows and does not
# even end like a sentence (menus, teaser headlines, tag labels, share buttons, a signature) is
# page chrome. A closing line that ends like a sentence ("Thank you.") is kept, and so is a
# list the last paragraph introduces ("...are designated:").
PROSE_WORDS = 12              # a paragraph of prose: this many words, ending like a sentence
_PROSE_END = re.compile(r"[.!?]['\")\]]?$")


def _is_prose(line: str) -> bool:
    return _PROSE_END.search(line) is not None and not _ELLIPSIS.search(line) and len(line.split()) >= PROSE_WORDS


def _page_tail(lines: list[str], reasons: list[str | None]) -> None:
    """Mark the chrome after the last paragraph of prose (in place)."""
    last = next((i for i in range(len(lines) - 1, -1, -1) if reasons[i] is None and _is_prose(lines[i])), None)
    if last is None:
        return
    for i in range(last + 1, len(lines)):
        if reasons[i] is not None:
            continue
        if lines[i].endswith(":"):
            return  # the article goes on with a list it introduces ("...are designated:")
        if not _SENTENCE_END.search(lines[i]) and not _BULLET.match(lines[i]):
            reasons[i] = "page-tail"


def classify_lines(lines: list[str], rules: Iterable[_Rule] | None = None) -> list[str | None]:
    """The boilerplate reason of each line of one document, or None for content.

    Line rules first; then the lines of a teaser or tag block opened by a header line, runs of
    tag labels beside page chrome (see ``_tag_runs``), and the chrome after the last paragraph
    of prose (see ``_page_tail``).

    Args:
        lines: the document's normalised, non-blank lines in order.
        rules: compiled rules (default: the bundled ones).

    Returns:
        One reason or None per line.
    """
    index = _by_length(boilerplate_rules() if rules is None else tuple(rules))
    reasons: list[str | None] = []
    block: str | None = None
    for line in lines:
        rule = _match(line, index)
        reason = rule.reason if rule else None
        if rule is not None:
            if block == "teasers" and reason in _OF_TEASER:
                reason = "related-links"  # another story's date or byline, not this article's
            block = rule.opens or (block if rule.reason in _IN_BLOCK else None)
        elif block in _BLOCK_LINES and _BLOCK_LINES[block][1](line):
            reason = _BLOCK_LINES[block][0]
        else:
            block = None
        reasons.append(reason)
    _tag_runs(lines, reasons)
    _page_tail(lines, reasons)
    return reasons


# --- language ---------------------------------------------------------------------------------

# the commonest function words of each language, to confirm what lingua says: a detector
# restricted to a few languages must answer one of them even for a language it lacks
FUNCTION_WORDS = {
    "en": set("the of and to that is was for with on as by at from his her their has have had been were are "
              "this which said it its they be not but an who will would in a into after over against during "
              "than".split()),
    "it": set("il lo la le gli di che non per una del della dei delle nel nella sono è anche con come ma più "
              "alla al da ha questo questa essere".split()),
    "es": set("el la los las de que y en un una por con para del al se no es su sus como más pero fue ha "
              "este esta lo".split()),
    "fr": set("le la les de des du et en un une est que qui pour dans pas sur au aux par avec ce cette il "
              "elle ont sont été".split()),
    "de": set("der die das und ist nicht von mit den dem des ein eine zu auf für sich im auch es sie wird "
              "werden hat haben wurde".split()),
    "pt": set("o a os as de do da dos das e que em um uma para com não no na por se é mais foi ao pelo "
              "pela".split()),
}
# words of English function lists that are also common words of it/es/fr/de/pt/nl, not evidence
# ("in" is also Italian, German and Dutch, "a" Italian, Spanish and Portuguese: they only confirm English)
_EN_EVIDENCE = FUNCTION_WORDS["en"] - {"on", "an", "was", "is", "of", "as", "be", "will", "are", "have", "had",
                                       "in", "a", "over"}
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
MIN_WORDS = 3          # fewer words than this: too short to identify
MIN_CJK_CHARS = 8      # ...or, in Chinese/Japanese script, fewer characters than this
DETECT_CHARS = 2000    # characters of a paragraph looked at
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
CONFIRM_WORDS = 8      # from this length on, a language must show its function words
MIN_SHARE = 0.06       # ...at least this share of the words
ENGLISH_SHARE = 0.18   # unambiguous English function words: the paragraph is English


@functools.lru_cache(maxsize=4)
def language_detector(languages: tuple[str, ...]) -> Any:
    """A lingua detector for these ISO 639-1 codes, built once per process.

    Args:
        languages: ISO 639-1 codes (unknown codes are ignored).

    Returns:
        ``lingua.LanguageDetector``.
    """
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    chosen = []
    for code in languages:
        try:
            chosen.append(Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())))
        except (AttributeError, ValueError):
            continue
    if len(chosen) < 2:
        chosen.append(Language.ENGLISH if Language.ENGLISH not in chosen else Language.FRENCH)
    return LanguageDetectorBuilder.from_languages(*chosen).build()


def detect_language(text: str, languages: tuple[str, ...]) -> str | None:
    """The language of one paragraph: ISO 639-1, ``"und"`` when no candidate fits, None if too short.

    Args:
        text: a paragraph.
        languages: candidate ISO 639-1 codes (``settings.languages``).

    Returns:
        e.g. ``"en"``, ``"it"``, ``"und"`` or None.
    """
    # a prefix identifies a paragraph as well as the whole, and bounds the cost of huge ones
    text = text[:DETECT_CHARS]
    words = [w.lower() for w in _WORD.findall(text)]
    # Chinese and Japanese write no spaces: count their characters instead of words
    if sum(len(w) > 1 for w in words) < MIN_WORDS and len(_CJK.findall(text)) < MIN_CJK_CHARS:
        return None
    if "en" in languages and _share(words, _EN_EVIDENCE) >= ENGLISH_SHARE:
        return "en"  # real English is never set aside, whatever the detector says
    found = language_detector(languages).detect_language_of(text)
    if found is None:
        return "und"
    code = found.iso_code_639_1.name.lower()
    markers = FUNCTION_WORDS.get(code)
    if markers and len(words) >= CONFIRM_WORDS and _share(words, markers) < MIN_SHARE:
        # not confirmed: a name-heavy English list read as Spanish stays English; otherwise it is a
        # language the detector lacks (Lingala shares "na" with Portuguese, so no other fallback)
        return "en" if "en" in languages and _share(words, FUNCTION_WORDS["en"]) >= MIN_SHARE else "und"
    return code


def _share(words: list[str], markers: set[str]) -> float:
    return sum(w in markers for w in words) / len(words)


# --- cleaning ---------------------------------------------------------------------------------

@dataclass
class CleanResult:
    """What ``clean_text`` returns: clean text, dropped spans, document language."""

    text: str
    dropped: list[Dropped] = field(default_factory=list)
    language: str | None = None


@dataclass
class _Line:
    start: int
    end: int
    text: str


def _lines(raw: str) -> list[_Line | None]:
    """Normalised lines with raw offsets; None marks a blank line (a paragraph break)."""
    out: list[_Line | None] = []
    pos = 0
    for piece in raw.splitlines(keepends=True):
        body = piece.rstrip("\r\n")
        text = normalise_line(body)
        out.append(_Line(pos, pos + len(body), text) if text else None)
        pos += len(piece)
    return out


_OPEN_END = re.compile(r"[^.!?:;\"')\]]$")


def _paragraphs(lines: list[_Line | None]) -> list[_Line]:
    """Group kept lines into paragraphs; a line that continues a hard-wrapped sentence is joined."""
    groups: list[list[_Line]] = []
    previous: _Line | None = None
    for line in lines:
        if line is None:
            previous = None
            continue
        if previous is not None and _OPEN_END.search(previous.text) and line.text[:1].islower():
            groups[-1].append(line)
        else:
            groups.append([line])
        previous = line
    # joined once per paragraph: appending line by line would be quadratic on a long wrapped text
    return [_Line(g[0].start, g[-1].end, " ".join(x.text for x in g)) for g in groups]


def _document_language(languages: list[tuple[str | None, int]]) -> str | None:
    weights: Counter[str] = Counter()
    for code, size in languages:
        if code:
            weights[code] += size
    return weights.most_common(1)[0][0] if weights else None


def clean_text(text: str, settings: Settings, rule_files: tuple[str, ...] = ()) -> CleanResult:
    """Drop boilerplate and foreign-language paragraphs, normalise, and identify the language.

    Args:
        text: raw document text (paragraphs separated by blank or single newlines).
        settings: uses ``languages`` and ``keep_languages``.
        rule_files: user boilerplate rule files (YAML, the shape of the bundled ``lines.yaml``).

    Returns:
        ``CleanResult`` with the clean text (paragraphs separated by ``"\\n\\n"``), the
        dropped spans in text order, and the document language (majority by characters
        over all content paragraphs). When that language is not one of
        ``keep_languages`` the document keeps all its paragraphs: it is stored with its
        language and not coded.
    """
    rules = boilerplate_rules(tuple(rule_files))
    languages = tuple(settings.languages)
    dropped: list[Dropped] = []
    lines = _lines(text)
    present = [(i, line) for i, line in enumerate(lines) if line is not None]
    reasons = classify_lines([line.text for _, line in present], rules)
    for (i, line), reason in zip(present, reasons):
        if not reason:
            continue
        code = detect_language(line.text, languages)
        if code and code not in ("en", "und") and reason != "credit-line":
            reason = f"{reason};language:{code}"
        dropped.append(Dropped(line.text, reason, line.start, line.end,
                               language=code if code not in (None, "und") else None))
        lines[i] = None
    paragraphs = _paragraphs(lines)
    codes = [detect_language(p.text, languages) for p in paragraphs]
    language = _document_language([(c, len(p.text)) for c, p in zip(codes, paragraphs)])
    kept: list[str] = []
    for code, paragraph in zip(codes, paragraphs):
        # a foreign document keeps its text (it is stored, not coded); only in a document of a
        # coded language are paragraphs of other languages set aside
        if language in settings.keep_languages and code is not None and code not in settings.keep_languages:
            dropped.append(Dropped(paragraph.text, f"language:{code}", paragraph.start, paragraph.end,
                                   language=code))
        else:
            kept.append(paragraph.text)
    dropped.sort(key=lambda d: d.start or 0)
    return CleanResult("\n\n".join(kept), dropped, language)


def document_id(clean: str, raw: str) -> str:
    """Content hash of the normalised clean text (of the raw text when nothing was kept).

    Args:
        clean: the clean text.
        raw: the raw text, hashed for all-foreign documents so that they do not collide.

    Returns:
        A 16-hex-digit id.
    """
    basis = clean if clean.strip() else raw
    return stable_hash(" ".join(basis.split()).lower())


class Cleaner(Stage):
    """Assigns ``text``, ``dropped``, ``language`` and ``doc_id`` from ``raw.text``.

    Args:
        settings: Settings.
        rule_files: user boilerplate rule files added to the bundled rules.
    """

    name = "clean"
    requires = ("raw",)
    assigns = ("text", "dropped", "language", "doc_id")

    def __init__(self, settings: Settings, rule_files: Iterable[str] = ()) -> None:
        super().__init__(settings)
        self.rule_files = tuple(rule_files) or settings.boilerplate_files

    def __call__(self, article: Article) -> Article:
        result = clean_text(article.raw.text, self.settings, self.rule_files)
        article.text = result.text
        article.dropped = result.dropped
        # a declared language (JSONL/HTML metadata) beats "und" from a detector that lacks it
        article.language = result.language if result.language not in (None, "und") else (
            article.raw.language or result.language)
        article.doc_id = document_id(result.text, article.raw.text)
        return article
