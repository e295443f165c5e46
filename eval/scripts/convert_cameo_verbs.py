"""Regenerate eventwire/codebooks/data/verbs/cameo2.tsv from PETRARCH-2's CAMEO.2.0.txt.

Usage::

    python eval/scripts/convert_cameo_verbs.py ../shared/data/peerdata/petrarch2/CAMEO.2.0.txt

The source is MIT-licensed (Open Event Data Alliance); see
eventwire/codebooks/data/SOURCES.md.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from eventwire.codebooks.verbs import read_petrarch_verbs, write_verb_tsv

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUT = ROOT / "eventwire" / "codebooks" / "data" / "verbs" / "cameo2.tsv"
HEADER = """Converted from PETRARCH-2 CAMEO.2.0.txt (openeventdata/petrarch2 @676801c, MIT,
Copyright (c) 2015 Open Event Data Alliance) by eval/scripts/convert_cameo_verbs.py.
Do not edit by hand: put improvements in eventwire.tsv, which overrides this file."""


def main() -> None:
    """Convert the PETRARCH-2 verb dictionary given on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    n = write_verb_tsv(read_petrarch_verbs(args.source), args.out, HEADER)
    print(f"wrote {n} patterns to {args.out}")


if __name__ == "__main__":
    main()
