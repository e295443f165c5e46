"""Verb-pattern dictionaries: eventwire's TSV format and the PETRARCH-2 importer.

eventwire's verb dictionary is a tab-separated file, one pattern per line::

    # verb      pattern                         code     origin
    lodge       *                               ---      CAMEO.2.0 LODGE
    lodge       * complaint                     114      CAMEO.2.0 LODGE
    lodge       * complaint (with court)        115      CAMEO.2.0 LODGE
    meet|confer * (with)                        040:040  eventwire
    hold        * talk|talks (with)             040:040  eventwire

``verb`` is a lemma (``ask for`` puts a particle or preposition after it), or
several separated by ``|`` that share the pattern.
``pattern`` puts ``*`` for the verb; words before it must occur in the subject's
phrase, words after it in the verb's complements (objects, particles, adverbs and
prepositional phrases); ``a|b`` means either lemma; ``(prep)`` requires a
prepositional phrase with that preposition (``(on|upon)`` either), ``(prep noun)`` one whose object phrase
contains ``noun``. ``$`` and ``+`` mark where the source and the target are when not in the default
places (subject and object): ``+ * (from $)`` reverses them, ``* (about +)`` takes
the target from the ``about`` phrase. ``a_b`` is a phrase: the words next to each other, in that order (``new_economic_relations``;
each word as written or as its lemma). ``code`` is a CAMEO code, a pair ``a:b`` (a for source→target and
b for target→source, either side may be empty) or ``---`` (no event). The most
specific matching pattern wins; a later file overrides an earlier one's identical
(verb, pattern).

PETRARCH-2 verb files (``CAMEO.2.0.txt`` syntax, see ``../shared/data/peerdata``
README §3.1) are converted with ``read_petrarch_verbs``; the bundled
``data/verbs/cameo2.tsv`` was made that way by ``eval/scripts/convert_cameo_verbs.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import ConfigError

_PP = re.compile(r"\(([^()]*)\)")
# slot markers (PETRARCH's): where the source ($) and the target (+) are when not the defaults
SLOT_MARKERS = {"$": "source", "+": "target"}
PREPOSITIONS = frozenset({"about", "against", "at", "by", "for", "from", "in", "into", "of", "on", "over",
                          "to", "toward", "towards", "with", "upon", "between", "among", "through"})


@dataclass(frozen=True)
class VerbPattern:
    """One compiled pattern.

    ``subject`` and ``complement`` are tuples of alternative-lemma sets that must all
    be present; ``preps`` a tuple of (prepositions, object-alternatives-or-None) pairs.
    """

    verb: str
    particle: str | None
    subject: tuple[frozenset[str], ...]
    complement: tuple[frozenset[str], ...]
    preps: tuple[tuple[frozenset[str], frozenset[str] | None], ...]
    code: str
    text: str
    origin: str
    source_slot: str | None = None
    target_slot: str | None = None

    @property
    def specificity(self) -> int:
        """How many constraints the pattern has (more wins)."""
        # a bare preposition is as specific as one object word; ties go to the later file
        return (len(self.subject) + len(self.complement) + len(self.preps)
                + sum(1 for _, noun in self.preps if noun) + (1 if self.particle else 0))


def _alternatives(word: str) -> frozenset[str]:
    return frozenset(w.strip().lower() for w in word.split("|") if w.strip())


def compile_pattern(verb: str, pattern: str, code: str, origin: str = "") -> VerbPattern:
    """Compile one dictionary line.

    Args:
        verb: the verb lemma, optionally followed by a particle (``"ask for"``).
        pattern: the pattern text (see the module docstring).
        code: CAMEO code, pair ``a:b`` or ``---``.
        origin: where the line came from (kept for the event's ``rule``).

    Returns:
        VerbPattern

    Raises:
        ConfigError: the pattern has no ``*`` or an empty preposition group.
    """
    verb_words = verb.strip().lower().split()
    if not verb_words:
        raise ConfigError(f"empty verb in pattern {pattern!r}", "E210")
    if "*" not in pattern.split():
        raise ConfigError(f"pattern {pattern!r} for {verb!r} has no '*'", "E211")
    preps: list[tuple[frozenset[str], frozenset[str] | None]] = []
    slots: dict[str, str] = {}
    for group in _PP.findall(pattern):
        words = group.split()
        if not words or words[0] in SLOT_MARKERS:
            raise ConfigError(f"empty '()' in pattern {pattern!r}", "E211")
        for marker in SLOT_MARKERS.keys() & set(words[1:]):
            slots.setdefault(SLOT_MARKERS[marker], "prep:" + words[0].lower().split("|")[0])
        nouns = frozenset(w for alt in words[1:] if alt not in SLOT_MARKERS for w in _alternatives(alt))
        preps.append((_alternatives(words[0]), nouns or None))
    items = re.findall(r"\([^()]*\)|\S+", pattern)
    star = items.index("*")
    for i, word in enumerate(items):
        if word in SLOT_MARKERS:
            slots.setdefault(SLOT_MARKERS[word], "subject" if i < star else _slot_after(items[i - 1]))
    flat = _PP.sub(" ", pattern).split()
    words = [w for w in flat if w not in SLOT_MARKERS]
    star = words.index("*")
    return VerbPattern(
        verb=verb_words[0],
        particle=" ".join(verb_words[1:]) or None,
        subject=tuple(_alternatives(w) for w in words[:star]),
        complement=tuple(_alternatives(w) for w in words[star + 1:]),
        preps=tuple(preps),
        code=code.strip(),
        text=pattern.strip(),
        origin=origin,
        source_slot=slots.get("source"),
        target_slot=slots.get("target"),
    )


def _slot_after(before: str) -> str:
    """Where a slot marker after the verb points, from the pattern item just before it.

    ``* +`` is the object, ``* (against) +`` or ``* money $`` the first actor after that
    phrase or word ("celebrated the feast in X with Y": Y), ``* with +`` the with-phrase.
    """
    if before == "*":
        return "object"
    if before.startswith("("):
        return "after:" + before[1:-1].split()[0].lower().split("|")[0]
    word = before.lower().split("|")[0]
    return f"prep:{word}" if word in PREPOSITIONS else f"after:{word}"


def read_verb_tsv(path: str | Path) -> Iterator[VerbPattern]:
    """Read an eventwire verb TSV file.

    Args:
        path: file with ``verb<TAB>pattern<TAB>code[<TAB>origin]`` lines; ``#`` comments;
            ``verb`` may list alternatives ``rush|hurry`` sharing the pattern.

    Yields:
        VerbPattern, in file order.

    Raises:
        ConfigError: a line has fewer than three columns or a bad pattern.
    """
    p = Path(path)
    for number, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 3:
            raise ConfigError(f"{p}:{number}: expected verb, pattern and code separated by tabs", "E212")
        origin = cols[3].strip() if len(cols) > 3 and cols[3].strip() else f"{p.name}:{number}"
        for verb in cols[0].split("|"):
            yield compile_pattern(verb, cols[1], cols[2], origin)


# ---------------------------------------------------------------- PETRARCH-2 import

_HEADER = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s+---")
_CODE = re.compile(r"\[([^\]]*)\]")


def _petrarch_word(word: str, synsets: dict[str, list[str]]) -> str:
    """One PETRARCH pattern word → eventwire alternatives (synsets expanded, ``_`` phrases kept)."""
    word = word.strip()
    if word.startswith("&"):
        members = synsets.get(word.rstrip("_"), [])
        return "|".join(sorted(set(members))) or word[1:].lower()
    # a trailing '_' only stops plural generation there; '_' inside joins adjacent words
    return word.strip("_").lower()


# a noun phrase pattern expands into at most this many phrase alternatives (synsets multiply)
MAX_PHRASES = 400


def _petrarch_phrase(words: list[str], synsets: dict[str, list[str]]) -> str:
    """A PETRARCH noun phrase ``{ADJ &SET HEAD}`` → adjacent-word alternatives ``adj_a_head|adj_b_head``."""
    options = [""]
    for word in words:
        alts = _petrarch_word(word, synsets).split("|")
        options = [f"{o}_{a}" if o else a for o in options for a in alts][:MAX_PHRASES]
    return "|".join(options)


def _noun_phrases(body: str, synsets: dict[str, list[str]]) -> str:
    """Replace each ``{…}`` noun phrase by one pattern word of phrase alternatives."""
    return re.sub(r"\{([^{}]*)\}", lambda m: " " + _petrarch_phrase(m.group(1).split(), synsets) + " ", body)


def _petrarch_tokens(body: str, synsets: dict[str, list[str]]) -> str:
    body = _noun_phrases(body, synsets).replace("{", " ").replace("}", " ")
    out: list[str] = []
    for group in re.findall(r"\([^()]*\)|\S+", body):
        if group.startswith("("):
            words = [w if w in SLOT_MARKERS or "|" in w or "_" in w else _petrarch_word(w, synsets)
                     for w in group[1:-1].split() if w not in ("^", "%")]
            if words and words[0] not in SLOT_MARKERS:
                out.append("(" + " ".join(w for w in words if w) + ")")
        elif group == "*":
            out.append("*")
        elif group in SLOT_MARKERS:
            out.append(group)  # source/target slot
        elif group in ("^", "%") or group.startswith("$") or group.startswith("+"):
            continue  # skip markers
        else:
            out.append(group if "|" in group or "_" in group.strip("_") else _petrarch_word(group, synsets))
    return " ".join(w for w in out if w and w != "()")


def _clean_code(code: str) -> str | None:
    code = code.strip().rstrip("!")
    if not code or not re.fullmatch(r"[0-9]*:?[0-9]*|---", code):
        return None
    return code


def read_petrarch_verbs(path: str | Path) -> Iterator[tuple[str, str, str, str]]:
    """Convert a PETRARCH-2 verb dictionary into eventwire (verb, pattern, code, origin) rows.

    Blocks share their patterns among all their verbs (PETRARCH semantics); a verb's
    own ``[code]`` or else the block's code becomes its ``*`` default; synsets
    (``&NAME``) are expanded into ``a|b`` alternatives (multi-word members by their
    last word); verb–verb transformations (``~`` lines) are not imported.

    Args:
        path: a PETRARCH-2 verb file such as ``CAMEO.2.0.txt``.

    Yields:
        (verb, pattern, code, origin) tuples, ready for ``compile_pattern``.
    """
    lines = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    synsets = _read_synsets(lines)
    block: str | None = None
    block_code = "---"
    verbs: list[tuple[str, str]] = []
    seen_patterns = False
    for raw in lines:
        line = raw.split("#", 1)[0].rstrip()
        header = _HEADER.match(line)
        if header:
            block, block_code, verbs, seen_patterns = header.group(1), header.group(2).strip(), [], False
            continue
        if block is None or not line.strip() or line.startswith("~"):
            continue
        if line.startswith("-"):
            seen_patterns = True
            code_match = _CODE.search(line)
            code = _clean_code(code_match.group(1)) if code_match else None
            if code is None:
                continue
            pattern = _petrarch_tokens(line[1:code_match.start()], synsets)
            if "*" not in pattern.split():
                continue
            if verbs:
                # one row for the whole block: its patterns apply to every verb in it
                yield "|".join(v for v, _ in verbs), pattern, code, f"CAMEO.2.0 {block}"
        elif not seen_patterns:
            verb, own = _petrarch_verb_line(line)
            if verb:
                code = _clean_code(own) if own else _clean_code(block_code)
                verbs.append((verb, code or "---"))
                yield verb, "*", code or "---", f"CAMEO.2.0 {block}"


def _petrarch_verb_line(line: str) -> tuple[str | None, str | None]:
    """``+ASK_FOR {…} [020]`` → ("ask for", "020"); ``HURRY {…}`` → ("hurry", None)."""
    code_match = _CODE.search(line)
    own = code_match.group(1) if code_match else None
    head = re.sub(r"\{[^}]*\}", " ", line)
    head = _CODE.sub(" ", head).split()
    if not head:
        return None, None
    words = [w for w in head[0].lstrip("+").rstrip("_").lower().split("_") if w]
    if not words or not all(re.fullmatch(r"[a-z'-]+", w) for w in words):
        return None, None
    return " ".join(words), own


def _read_synsets(lines: Iterable[str]) -> dict[str, list[str]]:
    """Synsets (``&NAME`` then ``+MEMBER`` lines) → members; multi-word members as ``a_b`` phrases.

    A member naming another synset (``+&TIETYPES``) brings in that set's members;
    prepositional members (``+(TO THE END)``) are not word alternatives and are left out.
    """
    synsets: dict[str, list[str]] = {}
    current: str | None = None
    for raw in lines:
        line = raw.split("#", 1)[0].strip()
        if line.startswith("---"):
            break
        if not raw.strip():
            current = None  # a blank line ends a set; a comment line inside it does not
        elif line.startswith("&"):
            current = line.split()[0].rstrip("_")
            synsets.setdefault(current, [])
        elif line.startswith("+") and current:
            member = "_".join(w for w in re.split(r"[\s_]+", line[1:].lower()) if w)
            if member and not member.startswith("("):
                synsets[current].append(member)
    for _ in range(3):  # nested references, a few levels deep
        for name, members in synsets.items():
            synsets[name] = [m for x in members for m in (synsets.get(x.upper().rstrip("_"), [])
                                                            if x.startswith("&") else [x])]
    return synsets


def write_verb_tsv(rows: Iterable[tuple[str, str, str, str]], path: str | Path, header: str = "") -> int:
    """Write (verb, pattern, code, origin) rows as an eventwire verb TSV.

    Args:
        rows: the rows; duplicates (same verb, pattern and code) are written once.
        path: output file.
        header: comment text put at the top (each line prefixed with ``# ``).

    Returns:
        The number of rows written.
    """
    seen: set[tuple[str, str, str]] = set()
    out = [f"# {h}" if h else "#" for h in header.splitlines()]
    out.append("# verb\tpattern\tcode\torigin")
    for verb, pattern, code, origin in rows:
        key = (verb, pattern, code)
        if key in seen:
            continue
        seen.add(key)
        out.append(f"{verb}\t{pattern}\t{code}\t{origin}")
    Path(path).write_text("\n".join(out) + "\n", encoding="utf-8")
    return len(seen)
