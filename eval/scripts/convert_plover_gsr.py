"""Convert the PLOVER gold-standard records (PLOVER_GSR_CAMEO.txt) to eventwire's gold JSONL.

Usage::

    python eval/scripts/convert_plover_gsr.py ../shared/data/peerdata/PLOVER/PLOVER_GSR_CAMEO.txt \\
        --out /tmp/plover_gsr.jsonl
    eventwire eval /tmp/plover_gsr.jsonl --label plover   # or evaluate_gold(..., label="plover")

What is mapped (the GSR predates the PLOVER 2.0 manual and uses CAMEO-era actor codes):

* event types of PLOVER 0.5/0.6 to the current names: DEMAND → REQUEST, DISAPPROVE → ACCUSE,
  INVESTIGATE → ACCUSE, FIGHT → ASSAULT (the others are unchanged);
* actor codes that are not ISO 3166 alpha-3: JAP → JPN, ITL → ITA, VTN → VNM;
* ``IGO`` actors to ``IGO:<acronym>`` from their text, with the acronyms eventwire's actor coder
  gives (``eventwire.codebooks.actors.IGO_ACRONYMS``): UN (also "UN"/"U.N." alone, the Security
  Council, UN peacekeepers and Secretary-General Kofi Annan), IAEA, ILO, UNHCR ("UN refugee
  agency"), NATO, EU (also its predecessors the European Community and the common market), AU, OSCE,
  ASEAN, OAS, Arab League, IMF, World Bank, APEC, ECOWAS, OPEC; ``IGO:OTHER`` when the
  organisation is not recognised (never matched);
* non-state international codes (NGO, IMG, ISM, ...) to a null key, and so the Red Cross, the Red
  Crescent and Amnesty International, which the GSR codes ``IGO`` but are non-governmental;
* records of the same sentence (the GSR gives each event of a sentence its own record) to one
  record holding all their events, so that each event is a miss or a match once, not a false
  positive in its sibling record; the ids are joined with ``+``;
* ``sector`` to the agent field; a missing or empty target to null, except that several
  sources and no target (``SRC/TAR`` in the markup) give every ordered pair (reciprocal).

The output holds the GSR's sentences (CC BY-SA 4.0, edited from the CAMEO manual): write it
outside the repository.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

EVENT_NAMES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
COUNTRY_FIXES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}
# (words of the organisation's name, acronym); checked in order, more specific names first, each
# name matched on whole words; acronyms are those eventwire's actor coder gives
IGO_NAMES = (("un refugee agency", "UNHCR"), ("unhcr", "UNHCR"),
             ("international atomic energy agency", "IAEA"), ("iaea", "IAEA"),
             ("international labor office", "ILO"), ("international labour office", "ILO"),
             ("international labor organization", "ILO"), ("ilo", "ILO"),
             ("united nations", "UN"), ("security council", "UN"), ("u.n.", "UN"), ("un", "UN"),
             ("kofi annan", "UN"), ("nato", "NATO"), ("north atlantic", "NATO"),
             ("european union", "EU"), ("eu", "EU"), ("european community", "EU"),
             ("european common market", "EU"), ("african union", "AU"), ("osce", "OSCE"),
             ("asean", "ASEAN"), ("organization of american states", "OAS"), ("arab league", "Arab League"),
             ("imf", "IMF"), ("world bank", "World Bank"), ("apec", "APEC"),
             ("asia-pacific economic cooperation", "APEC"), ("ecowas", "ECOWAS"), ("opec", "OPEC"))
# non-governmental organisations the GSR codes IGO
NGO_NAMES = ("red cross", "red crescent", "amnesty international")
NON_STATE = {"NGO", "IMG", "ISM", "MNC", "UIS", "NGM", "INT"}


def actor_key(actor: dict[str, Any]) -> str | None:
    """The gold key of a GSR actor: ISO country, ``IGO:<acronym>`` or None."""
    code = (actor.get("code") or "").upper()
    if code == "IGO":
        # pad words with spaces so that a name matches whole words only ("un" is not "union")
        text = " " + " ".join(re.findall(r"[\w.'-]+", str(actor.get("actorText", "")).lower())) + " "
        if any(f" {name} " in text for name in NGO_NAMES):
            return None
        return next((f"IGO:{acr}" for name, acr in IGO_NAMES if f" {name} " in text), "IGO:OTHER")
    if code in NON_STATE or len(code) != 3:
        return None
    return COUNTRY_FIXES.get(code, code)


def _actors(value: Any) -> list[dict[str, Any]]:
    return [a for a in value if isinstance(a, dict)] if isinstance(value, list) else []


def convert_record(record: dict[str, Any]) -> dict[str, Any] | None:
    """One GSR record → one gold record (None for the DOCUMENT header)."""
    if "event" not in record or "text" not in record:
        return None
    plover = EVENT_NAMES.get(record["event"], record["event"])
    sources = _actors(record.get("source"))
    targets = _actors(record.get("target"))
    pairs: list[tuple[dict[str, Any], dict[str, Any] | None]] = []
    if targets:
        pairs = [(s, t) for s in sources for t in targets]
    elif len(sources) > 1:
        pairs = [(s, t) for s in sources for t in sources if s is not t]
    else:
        pairs = [(s, None) for s in sources]
    events = []
    for s, t in pairs:
        events.append({"source": actor_key(s), "source_agent": s.get("sector") or None,
                       "target": actor_key(t) if t else None,
                       "target_agent": (t.get("sector") or None) if t else None,
                       "cameo_root": None, "cameo_code": None, "plover": plover, "alt_roots": []})
    return {"id": record.get("id"), "source": "PLOVER_GSR_CAMEO", "date": record.get("date"),
            "text": record["text"], "events": events}


def merge_sentences(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Converted records → one record per sentence (whitespace-normalised text), events joined.

    Args:
        records: converted records, in file order.

    Returns:
        The records, the first of each sentence keeping its place.
    """
    merged: dict[str, dict[str, Any]] = {}
    for record in records:
        key = " ".join(record["text"].split())
        if key in merged:
            first = merged[key]
            first["id"] = f"{first['id']}+{record['id']}"
            first["events"] = first["events"] + record["events"]
        else:
            merged[key] = dict(record)
    return list(merged.values())


def main() -> None:
    """Convert the file named on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("--out", type=Path, help="output JSONL (default: stdout)")
    args = parser.parse_args()
    records = json.loads(args.source.read_text(encoding="utf-8"))
    converted = merge_sentences([r for r in map(convert_record, records) if r])
    lines = [json.dumps(r, ensure_ascii=False) for r in converted]
    text = "\n".join(lines) + "\n"
    if args.out:
        args.out.write_text(text, encoding="utf-8")
        print(f"wrote {len(lines)} records to {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
