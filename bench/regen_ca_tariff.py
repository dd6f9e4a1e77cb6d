"""Write rules/tariffs/CA.yaml from the Customs Tariff of the Canada Border Services Agency.

Run from the repository root: ``python bench/regen_ca_tariff.py LINES [--check JSON] [--out DIR]``.

``LINES`` is CBSA's Customs Tariff (T2026) as CBSA distributes it in Microsoft Access format
(the ``TPHS`` table: one row per tariff item and statistical suffix, with its Most-Favoured-
Nation rate text), in either of two forms:

- the CSV export of that table kept in github.com/SAIL-Engineering/tariff-rate-tracker @
  ac5225f, ``data/ca_tariff_source/ca_tariff_2026_rev_3.csv`` (``mdb-export`` of ``TPHS``:
  ``TARIFF,EFF_DATE,CHANGE,SUB_CHAP,DESC1,DESC2,DESC3,FOOTNOTE,UOM,MFN,...``; its eight-digit
  tariff items are in effect from 2026-09-01);
- an extract of its eight-digit tariff items, one a line: ``DDDD.DD.DD<TAB>MFN text``.

How a rate is read: the MFN text as CBSA prints it (``Free``, ``6.5 %``, ``2.5 ¢/kg``,
``238 % but not less than $2.91/kg``, ``11.93 ¢/kg plus 8.5 %``, ``5 % but not less than
4.74 ¢/kg or more than 9.48 ¢/kg``), ``$`` and ``¢`` being Canadian
(:func:`pricing_engine.tariff.rates.parse_rate` with ``dollar="CAD"``, after :func:`normal`).
A text the grammar does not read is written ``not_covered`` with the text, so a lookup there
fails closed.

Which lines are written: every tariff item of chapters 1-97 (chapters 98 and 99 are special
classification provisions, not goods); lines under one six-digit subheading that all charge
alike become one entry at six digits, otherwise each eight-digit item is written and a
six-digit lookup names them. The curated rules/countries/CA.yaml keeps its preferences and
surtaxes (its hand-compiled MFN headings end 2026-08-31). Its CUSMA and CETA preferences are
written for every code (``hs: "*"``, 0 %), but CBSA gives no UST, MXT or CEUT rate for the
over-access-commitment items of supply-managed goods (poultry, dairy, eggs: an MFN of 100 %
or more, or dollars per kg alone): for each of them the table writes the agreement's entry
at the item's MFN rate, so the preference does not free them.

``--check JSON``: compare every item with a second, independent reading of CBSA's tariff, the
``tariff.json`` of github.com/fahadhg/resilience-hq @ 39e010a (built from CBSA's T2026 Access
file in April 2026; its ``m`` is the MFN text's first percentage, or 0 where there is none or
the text is ``Free``), and print each item where the two disagree.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import re
import sys
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _regen import refuse_codes_twice, write_national_table  # noqa: E402

from pricing_engine.rules.fields import SourceModel  # noqa: E402
from pricing_engine.rules.model import MfnEntry, PreferentialEntry  # noqa: E402
from pricing_engine.tariff.rates import Unparsed, parse_rate  # noqa: E402
from pricing_engine.tariff.table import entry  # noqa: E402

#: The revision's effective date (the EFF_DATE of its tariff items, 09/01/26).
AS_OF = date(2026, 9, 1)
ITEM = re.compile(r"^(\d{4})\.(\d{2})\.(\d{2})$")
PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*%")
SOURCE = SourceModel(
    id="cbsa-t2026",
    title="Canada Border Services Agency: Customs Tariff T2026 (Microsoft Access distribution, "
          "table TPHS: each tariff item's Most-Favoured-Nation tariff rate), revision in "
          "effect 2026-09-01",
    url="https://www.cbsa-asfc.gc.ca/trade-commerce/tariff-tarif/menu-eng.html",
    accessed=date(2026, 12, 2),
    note="read from the mdb-export of TPHS kept in github.com/SAIL-Engineering/tariff-rate-"
         "tracker @ ac5225f (data/ca_tariff_source/ca_tariff_2026_rev_3.csv), which could be "
         "read but not downloaded here: the MFN text of each eight-digit tariff item was "
         "copied out and checked against a second reading of the T2026 file")

NOTE = ("The Most-Favoured-Nation rates of Canada's Customs Tariff (CBSA, T2026, the revision "
        "in effect 2026-09-01), by eight-digit tariff item; $ and ¢ are Canadian. The "
        "over-access-commitment items get the MFN rate under CUSMA and CETA too (CBSA gives "
        "them no UST, MXT or CEUT rate). Not contained: the preferential tariffs (the curated "
        "CUSMA and CETA preferences of countries/CA.yaml apply beside it; CPTPT, UKT and the "
        "others were not read), the General Tariff, surtaxes and trade remedies (the curated "
        "China surtaxes are), tariff-rate quota allocation (a supply-managed good's "
        "within-access-commitment item is a line of its own), later amendments.")

#: What the table's header says wrote it.
MADE_BY = "bench/regen_ca_tariff.py from CBSA's Customs Tariff T2026"


def read_items(text: str) -> list[tuple[str, str]]:
    """(eight-digit code, MFN text) of every tariff item of chapters 1-97.

    CBSA prints the over-access-commitment items of chapter 2 (0207.11.92, 0209.90.20 ...)
    only as their statistical row ``DDDD.DD.DD.00``: such a row stands for its item when the
    item has no row of its own. An item's text in :data:`CORRECTIONS` is replaced (and says
    so in the entry's note).
    """
    rows: list[tuple[str, str]] = []
    if text.startswith("TARIFF,"):
        for row in csv.DictReader(io.StringIO(text)):
            rows.append((row["TARIFF"].strip(), row["MFN"]))
    else:
        for n, line in enumerate(text.splitlines(), 1):
            if line.strip():
                code, sep, mfn = line.partition("\t")
                if not sep:
                    raise SystemExit(f"line {n}: expected a code and an MFN text: {line!r}")
                rows.append((code.strip(), mfn))
    refuse_codes_twice((code for code, _ in rows if ITEM.match(code)), "tariff items")
    items: dict[str, str] = {}
    statistical: dict[str, str] = {}
    for code, mfn in rows:
        if (found := ITEM.match(code)) and int(found[1][:2]) <= 97:
            items["".join(found.groups())] = mfn.strip()
        elif (found := ITEM.match(code.removesuffix(".00"))) and code.endswith(".00") \
                and int(found[1][:2]) <= 97:
            statistical["".join(found.groups())] = mfn.strip()
    for code, mfn in statistical.items():
        if code not in items and mfn:
            items[code] = mfn
    return sorted(items.items())


#: Item texts replaced, with why: the item's own row misprints what its statistical row
#: (the same file) prints in full.
CORRECTIONS = {
    "02071191": ("5 % but not less than 4.74 ¢/kg or more than 9.48 ¢/kg",
                 "CBSA prints '... or more than 9.48 ¢' on the item's row, without the unit; "
                 "its statistical row 0207.11.91.00 and every sibling item give ¢/kg"),
}


def normal(text: str) -> str:
    """CBSA's wording in the grammar's: ``plus`` a term, ``or more than`` a maximum, ``¢each``
    with its space, ``$.99`` with its zero."""
    text = re.sub(r"\s+plus\s+", " + ", text)
    text = re.sub(r"\s+or\s+more\s+than\s+", " but not more than ", text)
    text = re.sub(r"¢\s*each\b", "¢ each", text)
    return re.sub(r"\$\.(\d)", r"$0.\1", text)


def item_entry(code: str, text: str) -> MfnEntry:
    """The MFN entry of one tariff item (not_covered where the text is not read)."""
    corrected, why = CORRECTIONS.get(code, (text, None))
    terms = parse_rate(normal(corrected), dollar="CAD")
    if isinstance(terms, Unparsed):
        return MfnEntry(hs=code, not_covered=(
            f"the CBSA Customs Tariff gives '{text}' as the MFN rate: {terms.reason}"))
    return entry(MfnEntry, terms, hs=code, note=f"corrects the item's row: {why}" if why else None)


#: The curated preferences of countries/CA.yaml that name every code (``hs: "*"``): the
#: agreement and the origins it is written for.
AGREEMENTS = {"CUSMA": ("US", "MX"), "CETA": ("EU",)}
#: An over-access-commitment rate: 100 % or more, or dollars per kg alone (egg products).
OVER_ACCESS = re.compile(r"(?:^|\D)(?:[1-9]\d{2,}(?:\.\d+)?)\s*%|^\$[\d.]+/kg$")


def over_access(text: str) -> bool:
    """Whether an MFN text is an over-access-commitment rate of a supply-managed good."""
    return OVER_ACCESS.search(text.strip()) is not None


def no_preference(code: str, mfn: MfnEntry) -> list[PreferentialEntry]:
    """The over-access item's entries under the curated agreements: its MFN rate, so that
    their ``hs: "*"`` zero does not reach it (CBSA's UST, MXT and CEUT columns are empty for
    over-access goods: only the within-access items have a preferential rate)."""
    terms = mfn.model_dump(exclude_unset=True, exclude={"hs", "note", "not_covered"})
    return [PreferentialEntry.model_validate({
        **terms, "agreement": agreement, "origins": origins, "hs": code,
        "note": f"no {agreement} rate for this over-access-commitment item: the MFN rate"})
        for agreement, origins in AGREEMENTS.items()]


def first_percent(text: str) -> Decimal:
    """What the second reading keeps of a rate text: its first percentage, else 0."""
    found = PERCENT.search(text)
    return Decimal(found[1]) if found else Decimal(0)


def check(items: list[tuple[str, str]], path: Path) -> None:
    """Print the items where the second reading disagrees, and the counts."""
    other: dict[str, set[Decimal]] = {}
    for row in json.loads(path.read_text(encoding="utf-8")):
        other.setdefault(row["h"][:10].replace(".", ""), set()).add(
            Decimal(str(row.get("m") or 0)))
    counts: Counter[str] = Counter()
    for code, text in items:
        seen = other.get(code)
        if seen is None:
            counts["not in the second reading"] += 1
            print(f"  {code}: not in the second reading ({text!r})")
        elif seen != {first_percent(text)}:
            counts["disagree"] += 1
            print(f"  {code}: {text!r} here, {sorted(seen)} there")
        else:
            counts["agree"] += 1
    missing = set(other) - {code for code, _ in items} - {c for c in other if c[:2] > "97"}
    counts["only in the second reading"] = len(missing)
    for code in sorted(missing)[:40]:
        print(f"  {code}: only in the second reading ({sorted(other[code])})")
    print("check:", dict(counts))


def main() -> None:
    """Read the items, build the table, write it, print figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("lines", type=Path)
    parser.add_argument("--check", type=Path, help="a second reading (tariff.json) to compare")
    parser.add_argument("--out", type=Path, default=ROOT / "rules")
    args = parser.parse_args()
    raw = args.lines.read_bytes()
    items = read_items(raw.decode("utf-8"))
    if args.check:
        check(items, args.check)
    lines = {code: item_entry(code, text) for code, text in items}
    kept_out = [entry for code, text in items if over_access(text)
                and lines[code].not_covered is None
                for entry in no_preference(code, lines[code])]
    target, mfn, unpriced = write_national_table(
        lines, tariff="CA", as_of=AS_OF, source=SOURCE, import_format="ca-cbsa-tphs",
        file=args.lines.name, sha256=hashlib.sha256(raw).hexdigest(), confidence="medium",
        note=NOTE, out=args.out, made_by=MADE_BY, preferential=kept_out)
    print(f"over-access items kept out of CUSMA and CETA: {len(kept_out) // len(AGREEMENTS)}")
    print(f"{target}: {len(mfn)} entries for {len(lines)} tariff items "
          f"({sum(len(e.hs) == 6 for e in mfn)} six-digit); {len(unpriced)} not read:")
    for code in unpriced:
        print(f"  {code}: {lines[code].not_covered}")


if __name__ == "__main__":
    main()
