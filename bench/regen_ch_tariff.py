"""Write rules/tariffs/CH.yaml: the Swiss general-tariff rates of the agricultural lines.

Run from the repository root: ``python bench/regen_ch_tariff.py LINES [--out DIR]``.

``LINES`` is the Swiss customs tariff (Tares) as FOCBS/BAZG publishes it in its open master
data (``TariffsTree_v1``: every tariff number with its general-tariff rate ``gtAns`` and the
rate's unit ``gtBem``), in either of two forms:

- the CSV conversion of that XML kept in github.com/SAIL-Engineering/tariff-rate-tracker @
  844e73e, ``data/ch_tariff_source/ch_tariff_2026_rev_901.csv`` (master data created
  2026-09-01): ``GOODS_CODE,SUFFIX,INDENT,DESCRIPTION,UNIT,IS_LEAF,GT_RATE,START_DATE``, one
  row per tariff number, ``IS_LEAF`` 1 for the eight-digit numbers goods are declared under;
- an extract of that CSV's leaf rows, one a line: ``code<TAB>unit<TAB>rate<TAB>start``.

How a line is read. Switzerland's duties are specific: ``Fr. per 100 kg gross`` (CHF per
100 kg of gross weight, packing included: written per kg as ``kg_gross``, the quote's
``extra_units.kg_gross``), ``Fr. per piece(s)`` and ``Fr. per usual unit`` (per unit: a head,
a dose of semen) and ``Fr. per litre``; a rate of 0 is free. Another unit stops the script
(nothing is guessed).

Which lines are written. Industrial goods (chapters 25-97) are free since 2024-01-01, which the
curated rules/countries/CH.yaml gives as its general regime, carving out chapters 1-24 and the
agricultural goods of chapters 35 and 38 (``not_covered``). The table gives every line under
those carve-outs, and every line of the four subheadings of chapters 35 and 38 whose lines
"for animal feeding" keep a duty (3506 99, 3824 10, 3824 99, 3825 90); another line of
chapters 25-97 with a duty stops the script (the general regime would be wrong there). The
lines of coffee and tea (0901, 0902) are left to the curated entries, which give the applied
rate (free). Lines under one six-digit subheading that all charge alike become one entry at
six digits; otherwise each eight-digit line is written and a six-digit lookup names them (the
in-quota and out-of-quota numbers of a product are two lines).

The rates are the general tariff's (Annex 1 of the Customs Tariff Act), the legal rates; the
Federal Council may set lower applied rates by ordinance (the Gebrauchstarif Tares shows), and
does for some agricultural lines (live cattle 0102 21 91: CHF 1,500 a head applied, 2,594
general). Hence ``confidence: low``: a quote on these lines prices at the general rate, an
upper bound, and goes to review.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import re
import sys
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _regen import refuse_codes_twice, write_national_table  # noqa: E402

from pricing_engine.rules.fields import SourceModel, SpecificModel  # noqa: E402
from pricing_engine.rules.model import MfnEntry  # noqa: E402

#: The master data's creation date (the CSV's state.json: corpus_effective 2026-09-01).
AS_OF = date(2026, 9, 1)
#: The prefixes rules/countries/CH.yaml carves out of its industrial general regime: chapters
#: 1-24 and the agricultural goods of chapters 35 and 38 (WTO G/MA notification of 2024), and
#: the subheadings whose lines "for animal feeding" keep a duty (the table lists every line).
CARVED = (*(f"{c:02d}" for c in range(1, 25)), "3501", "3502", "3505", "350699", "380910",
          "3823", "382410", "382460", "382499", "382590")
#: Curated entries of rules/countries/CH.yaml that give the applied rate where the general
#: tariff's is higher (coffee: free): their lines are not written.
LEAVE = ("0901", "0902")
#: The general tariff's units: (the rule's ``per``, the number of them the rate is for).
UNITS = {"Fr. per 100 kg gross": ("kg_gross", Decimal(100)),
         "Fr. per piece(s)": ("unit", Decimal(1)),
         "Fr. per usual unit": ("unit", Decimal(1)),
         "Fr. per litre": ("litre", Decimal(1))}
CODE = re.compile(r"^\d{8}$")
RATE = re.compile(r"^\d+(?:\.\d+)?$")
SOURCE = SourceModel(
    id="ch-tares-general-2026-09",
    title="Federal Office for Customs and Border Security (FOCBS/BAZG): Swiss customs tariff "
          "Tares, open master data (TariffsTree v1: each tariff number's general-tariff rate "
          "and unit), created 2026-09-01",
    url="https://datahub.bazg.admin.ch/public-resources/TariffsTree_v1.zip",
    accessed=date(2026, 12, 2),
    note="read from the CSV conversion kept in github.com/SAIL-Engineering/tariff-rate-tracker "
         "@ 844e73e (data/ch_tariff_source/ch_tariff_2026_rev_901.csv: GT_RATE and UNIT of "
         "each leaf row), which could be read but not downloaded here: the leaf rows of "
         "chapters 1-24 and 35/38 were copied out twice, independently, and the copies "
         "compared line by line")

NOTE = ("The general-tariff rates (Annex 1 of the Swiss Customs Tariff Act, as in FOCBS's master "
        "data of 2026-09-01) of the agricultural tariff numbers: chapters 1-24 and the "
        "agricultural goods of chapters 35 and 38; amounts per kg are the tariff's per 100 kg "
        "gross / 100 (gross weight: extra_units.kg_gross). The applied rate may be lower: the "
        "Federal Council lowers general-tariff rates by ordinance (the Gebrauchstarif, "
        "Tares), for some agricultural lines (cattle, pigs; cereals and feed under threshold "
        "prices, sugar) and from time to time; an in-quota tariff number is for goods within "
        "a quota share only. Not contained: those applied rates, preferences (free-trade "
        "agreements, GSP), the other charges Tares shows. Hence confidence low: a quote on "
        "these lines prices at the general rate and goes to review.")

#: What the table's header says wrote it.
MADE_BY = "bench/regen_ch_tariff.py from FOCBS's Tares master data of 2026-09-01"


def read_rows(text: str) -> list[tuple[str, str, str, str]]:
    """(code, unit, rate, start) of every leaf row of the CSV or of an extract of it."""
    if text.startswith("GOODS_CODE,"):
        rows = csv.DictReader(io.StringIO(text))
        return [(r["GOODS_CODE"], r["UNIT"], r["GT_RATE"], r["START_DATE"])
                for r in rows if r["IS_LEAF"] == "1"]
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) != 4:
            raise SystemExit(f"line {n}: expected code, unit, rate and start: {line!r}")
        code, unit, rate, start = fields
        out.append((code, unit, rate, start))
    return out


def line_entry(code: str, unit: str, rate: str) -> MfnEntry:
    """The MFN entry of one tariff number."""
    if not CODE.match(code) or not RATE.match(rate):
        raise SystemExit(f"{code}: not a tariff number and rate: {code!r} {rate!r}")
    amount = Decimal(rate)
    if amount == 0:
        return MfnEntry(hs=code, rate=Decimal(0))
    if unit not in UNITS:
        raise SystemExit(f"{code}: unit not understood: {unit!r}")
    per, size = UNITS[unit]
    return MfnEntry(hs=code, specific=SpecificModel(
        amount=(amount / size).normalize(), currency="CHF", per=per))


def main() -> None:
    """Read the lines, build the table, write it, print figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("lines", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "rules")
    args = parser.parse_args()
    raw = args.lines.read_bytes()
    rows = read_rows(raw.decode("utf-8"))
    refuse_codes_twice((code for code, _, _, _ in rows), "tariff numbers")
    lines: dict[str, MfnEntry] = {}
    counts: Counter[str] = Counter()
    for code, unit, rate, _ in rows:
        entry = line_entry(code, unit, rate)
        if not code.startswith(CARVED):
            if entry.rate != 0:  # the industrial general regime (0 %) would be wrong here
                raise SystemExit(f"{code}: a duty outside the carved-out chapters: {rate} {unit}")
            counts["free lines of chapters 25-97 outside the carve-outs (not written)"] += 1
            continue
        lines[code] = entry
        counts["free" if entry.rate == 0 else f"per {UNITS[unit][0]}"] += 1
    target, mfn, _ = write_national_table(
        lines, tariff="CH", as_of=AS_OF, source=SOURCE, import_format="ch-tares-tree-csv",
        file=args.lines.name, sha256=hashlib.sha256(raw).hexdigest(), confidence="low",
        note=NOTE, out=args.out, made_by=MADE_BY, leave=LEAVE)
    print(f"{target}: {len(mfn)} entries for {len(lines)} tariff numbers "
          f"({sum(len(e.hs) == 6 for e in mfn)} six-digit)")
    for what, n in sorted(counts.items()):
        print(f"  {what:66} {n:6}")


if __name__ == "__main__":
    main()
