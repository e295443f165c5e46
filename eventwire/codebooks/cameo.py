"""The CAMEO event codebook: names, Goldstein scores, QuadClass and PLOVER types.

The table ships as package data (``data/cameo/cameo_eventcodes.tsv``, origin and
licence in ``data/SOURCES.md``). PLOVER event types follow the cue-category table of
the PLOVER manual as fixed in the gold README ("PLOVER"), which differs from the
2021 CAMEO2PLOVER mapping in the tsv's ``plover_event`` column in a few places
(0813/0814 stay CONCEDE, 163 is SANCTION, 1712 is COERCE, root 02 is REQUEST); the
tsv's ``plover_mode`` is kept only where both agree on the type.

Example::

    >>> load_cameo()["114"].plover
    'ACCUSE'
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..errors import ConfigError

GOLDSTEIN_COLUMNS = {"icews": "goldstein", "gdelt": "goldstein_gdelt", "phoenix": "goldstein_phoenix"}

# PLOVER manual cue-category table by CAMEO root (exceptions handled in plover_for)
_PLOVER_BY_ROOT = {
    "02": "REQUEST", "03": "AGREE", "04": "CONSULT", "05": "SUPPORT", "06": "COOPERATE", "07": "AID",
    "09": "ACCUSE", "10": "REQUEST", "11": "ACCUSE", "12": "REJECT", "13": "THREATEN",
    "14": "PROTEST", "15": "MOBILIZE", "16": "SANCTION", "17": "COERCE", "18": "ASSAULT",
    "19": "ASSAULT", "20": "ASSAULT",
}
# codes whose type differs from their root's (PLOVER dropped CAMEO 01 except these two)
_PLOVER_BY_PREFIX = {
    "015": "AGREE", "016": "REJECT", "080": "CONCEDE", "081": "CONCEDE", "082": "CONCEDE",
    "083": "CONCEDE", "084": "RETREAT", "085": "RETREAT", "086": "RETREAT", "087": "RETREAT",
    "175": "ASSAULT", "191": "COERCE", "192": "COERCE",
}


@dataclass(frozen=True)
class CameoCode:
    """One CAMEO event code with its derived attributes.

    ``root`` is the two-digit root; ``quad_class`` 1 verbal cooperation, 2 material
    cooperation, 3 verbal conflict, 4 material conflict; ``plover`` the PLOVER event
    type (None for CAMEO 01 statements other than 015/016); ``plover_mode`` the
    PLOVER mode where the mapping gives one.
    """

    code: str
    root: str
    name: str
    goldstein: float | None
    quad_class: int | None
    plover: str | None
    plover_mode: str | None


def plover_for(code: str) -> str | None:
    """The PLOVER event type of a CAMEO code by the manual's cue-category table.

    Args:
        code: a CAMEO code such as ``"0871"`` or a root such as ``"19"``.

    Returns:
        The PLOVER type, or None where PLOVER has none (CAMEO 01 statements, root 08 alone).
    """
    if code[:3] in _PLOVER_BY_PREFIX:
        return _PLOVER_BY_PREFIX[code[:3]]
    return _PLOVER_BY_ROOT.get(code[:2])


def _float(value: str) -> float | None:
    return float(value) if value not in ("", "NA") else None


@functools.lru_cache(maxsize=4)
def load_cameo(goldstein: str = "icews") -> dict[str, CameoCode]:
    """Load the CAMEO codebook (cached per Goldstein variant).

    Args:
        goldstein: which Goldstein values to use: ``icews``, ``gdelt`` or ``phoenix``.

    Returns:
        A dict from CAMEO code (roots included, e.g. ``"11"`` and ``"114"``) to CameoCode.

    Raises:
        ConfigError: unknown Goldstein variant.
    """
    if goldstein not in GOLDSTEIN_COLUMNS:
        raise ConfigError(f"unknown Goldstein variant {goldstein!r}", "E205")
    column = GOLDSTEIN_COLUMNS[goldstein]
    path = resources.files("eventwire.codebooks").joinpath("data/cameo/cameo_eventcodes.tsv")
    table: dict[str, CameoCode] = {}
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            code = row["code"]
            plover = plover_for(code)
            mode = row["plover_mode"] or None
            table[code] = CameoCode(
                code=code,
                root=row["root"],
                name=row["name"],
                # GDELT lacks 1213: fall back to the ICEWS value rather than none
                goldstein=_float(row[column]) if row[column] not in ("", "NA") else _float(row["goldstein"]),
                quad_class=int(row["quad_class"]) if row["quad_class"] else None,
                plover=plover,
                plover_mode=mode if plover and row["plover_event"] == plover else None,
            )
    return table


def lookup(code: str, goldstein: str = "icews") -> CameoCode | None:
    """The CameoCode for ``code``, falling back to its parent codes when unknown.

    Dictionaries in the wild carry codes the codebook lacks (e.g. ``1043`` variants);
    the nearest listed ancestor keeps root, Goldstein and QuadClass meaningful.

    Args:
        code: a CAMEO code.
        goldstein: Goldstein variant, as in ``load_cameo``.

    Returns:
        The entry for ``code`` or its nearest ancestor, or None when even the root is unknown.
    """
    table = load_cameo(goldstein)
    for n in range(len(code), 1, -1):
        if code[:n] in table:
            return table[code[:n]]
    return None


# ---------------------------------------------------------------- PETRARCH internal ontology (PICO)

_PICO_LINE = re.compile(r"^\s*(\d{2,4}[A-Za-z]?)\s*:\s*(.+)$")
_PICO_TERM = re.compile(r"([+-]?)\s*0x([0-9a-fA-F]+)")
# PICO's negation operator: "did not X" is the code whose value is X's minus 0xFFFF
# (110 = 0xFFFF + 050, so "did not disapprove" is 050; 011 = 010 - 0xFFFF, "declined comment")
PICO_NEGATION = 0xFFFF


@dataclass(frozen=True)
class Pico:
    """A PETRARCH internal coding ontology: CAMEO code ↔ hexadecimal meaning value.

    ``values`` maps each code to its values (a line may give alternatives separated by
    ``#``); ``codes`` maps a value back to the first code listed with it.
    """

    values: dict[str, tuple[int, ...]]
    codes: dict[int, str]

    def negate(self, code: str) -> str | None:
        """The code of "not ``code``" under the ontology, or None when it has none.

        Args:
            code: a CAMEO code (a paired ``a:b`` code negates its first side).

        Returns:
            The negated code, e.g. ``"050"`` for ``"110"``, or None.
        """
        for value in self.values.get(code.split(":")[0], ()):
            found = self.codes.get(value - PICO_NEGATION)
            if found:
                return found
        return None


def read_pico(path: str | Path) -> Pico:
    """Read a PICO file (``CODE:0xVALUE[#0xVALUE...]#comment`` lines, sums such as ``-0xFFFF+0x0070``).

    Args:
        path: the ontology file (``PETR.Internal.Coding.Ontology.txt`` format).

    Returns:
        Pico

    Raises:
        ConfigError: the file cannot be read or holds no code line.
    """
    try:
        lines = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as e:
        raise ConfigError(f"ontology file {path}: {e.strerror or e}", "E210") from None
    values: dict[str, tuple[int, ...]] = {}
    codes: dict[int, str] = {}
    for line in lines:
        m = _PICO_LINE.match(line)
        if not m or line.lstrip().startswith("#"):
            continue
        found = []
        for part in m.group(2).split("#"):
            terms = _PICO_TERM.findall(part)
            # a part is a value only if it is nothing but hexadecimal terms ("Disapprove" is a comment)
            if terms and not re.sub(r"[+-]?\s*0x[0-9a-fA-F]+|\s", "", part):
                found.append(sum(int(h, 16) * (-1 if sign == "-" else 1) for sign, h in terms))
        if found:
            values[m.group(1)] = tuple(found)
            for value in found:
                codes.setdefault(value, m.group(1))
    if not values:
        raise ConfigError(f"ontology file {path}: no CODE:0xVALUE lines", "E212")
    return Pico(values, codes)
