"""Write rules/tariffs/NG.yaml from the Nigeria Customs Service's export of its CET tariff.

Run from the repository root: ``python bench/regen_ng_tariff.py [LINES_TSV] [--out DIR]``
(default ``bench/data/NG_ncs_cet.tsv``), or, with a new export,
``python bench/regen_ng_tariff.py --from-xlsx tariff.xlsx`` to rewrite that TSV from it first.

Where the lines come from. Nigeria applies the ECOWAS Common External Tariff (HS2022 from
2022: import duty bands of 0, 5, 10, 20 and 35 %) with its own import adjustment levies on
some lines. The Nigeria Customs Service's tariff can be exported as a worksheet ("Export
Worksheet": CET code of 10 digits, description, unit, ID the import duty %, VAT, LVY the levy
%, EXC the excise %, DOV the date the line's rates apply from). No download was possible here;
the export read is the one committed to github.com/bitxplora/xslx-to-sqlite @ e962a5c
(``tariff.xlsx``, 2024-06-11, 6,515 lines, dates up to 2023-09-07), the only copy found. The TSV
keeps each line's code, ID, LVY and DOV (``--from-xlsx`` reads columns A, D, F and H with the
standard library).

How a line is read: ID ``N`` is N % ad valorem of the CIF value; LVY ``N`` (N > 0) is an
additional duty of N % (the levy, on the same value); an empty ID is a line the export gives
no import duty: ``not_covered`` (fail closed). Anything else stops the script, naming the line.

Which entries are written: the lines of a six-digit subheading that charge alike (duty and
levy) become one six-digit entry, else each line is written (a six-digit lookup over lines of
different duties names them); where the lines agree on the duty but not on the levy, the
levy is written per line (0 % where a line has none) under a six-digit levy entry that fails
closed, so that a six-digit code never misses a line's levy. Each entry is in force from its
line's date (the latest of the lines gathered); from the earliest date of its subheading's
lines to the day before its own, a line is ``not_covered`` (:func:`_regen.unknown_before`:
neither it nor the subheading takes its neighbours' duty then). Confidence low: one copy, and
the tariff as it stood in mid-2024 (later Fiscal Policy Measures, the 2024 duty waivers on
food, the surcharge and the ECOWAS and CISS levies are not in it): a quote on these lines goes
to review.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _regen import (  # noqa: E402
    export_arguments,
    export_day,
    percent,
    read_dated_tsv,
    refuse_codes_twice,
    unknown_before,
    write_kept_lines,
    xlsx_rows,
)

from pricing_engine.rules.fields import SourceModel  # noqa: E402
from pricing_engine.rules.model import (  # noqa: E402
    AdditionalEntry,
    MfnEntry,
    TariffFile,
    TariffImport,
)
from pricing_engine.tariff.table import write_table  # noqa: E402

DEFAULT = ROOT / "bench" / "data" / "NG_ncs_cet.tsv"
AS_OF = date(2024, 6, 11)  # the day the export was committed (its newest line: 2023-09-07)
NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
LEVY = "Nigeria import adjustment levy"
SOURCE = SourceModel(
    id="ng-ncs-cet",
    title="Nigeria Customs Service: the CET tariff as exported from its tariff worksheet "
          "(CET code, import duty ID, levy LVY, date DOV; ECOWAS CET on HS2022)",
    url="https://customs.gov.ng/",
    accessed=date(2026, 12, 3),
    note="read from the export committed to github.com/bitxplora/xslx-to-sqlite @ e962a5c "
         "(2024-06-11), the only copy found (bench/data/NG_ncs_cet.tsv)")
NOTE = ("The import duty (ECOWAS CET band) and import adjustment levy of each line of "
        "Nigeria's tariff as the Customs Service's export gave them in mid-2024, each from the "
        "date the export gives the line (before it, not known here). Not contained: ECOWAS "
        "preferences (ETLS), the ECOWAS and CISS levies and other charges, excise, VAT by line, "
        "duty waivers and Fiscal Policy Measures after the export. Confidence low: one copy of "
        "a mid-2024 export; a quote on these lines goes to review.")
MADE_BY = "bench/regen_ng_tariff.py from the Nigeria Customs Service's CET export"


def tsv_from_xlsx(xlsx: Path, out: Path) -> int:
    """Rewrite ``out`` from an export: code, ID, LVY and DOV (ISO) of each line. Returns the
    number of lines kept."""
    raw = xlsx.read_bytes()
    kept: list[str] = []
    for number, cells in xlsx_rows(xlsx):
        code, duty, levy, when = (cells.get(k, "").strip() for k in "ADFH")
        if number == 1:
            continue
        day = export_day(xlsx, number, code, 10, when, "%d/%m/%Y")
        kept.append(f"{code}\t{duty}\t{levy}\t{day}")
    header = [
        "# The Nigeria Customs Service's export of its CET tariff ('Export Worksheet' of",
        "# tariff.xlsx, as committed to github.com/bitxplora/xslx-to-sqlite @ e962a5c on",
        f"# 2024-06-11), sha256 {hashlib.sha256(raw).hexdigest()}: of each line,",
        "# the CET code (column A), the import duty ID in % (column D), the levy LVY in %",
        "# (column F, empty: none) and the date DOV its rates apply from (column H, as",
        "# YYYY-MM-DD). Written by bench/regen_ng_tariff.py --from-xlsx.",
        "# CODE\tID\tLVY\tFROM",
    ]
    return write_kept_lines(out, header, kept)


Line = tuple[str, str, str, date]


def read_tsv(path: Path) -> list[Line]:
    """(code, duty, levy, date) of each line; a row of another shape stops the script."""
    rows = []
    for number, (code, duty, levy), day in read_dated_tsv(path, ("CODE", "ID", "LVY"), 10):
        for name, text in (("ID", duty), ("LVY", levy)):
            if text and not NUMBER.match(text):
                raise SystemExit(f"{path}:{number}: {code}: {name} {text!r} not understood")
        rows.append((code, duty, levy, day))
    return rows


def _levy(text: str) -> Decimal:
    return Decimal(text) / 100 if text else Decimal(0)


def _mfn(code: str, duty: str, day: date) -> MfnEntry:
    if not duty:
        return MfnEntry(hs=code, valid_from=day,
                        not_covered="the Nigeria Customs Service's tariff gives this line no "
                                    "import duty")
    return MfnEntry(hs=code, rate=Decimal(duty) / 100, valid_from=day)


def table_entries(rows: Sequence[Line]) -> tuple[list[MfnEntry], list[AdditionalEntry]]:
    """MFN and levy entries: per six-digit subheading where its lines agree, else per line
    (see the module's docstring)."""
    by6: dict[str, list[Line]] = defaultdict(list)
    for row in sorted(rows):
        by6[row[0][:6]].append(row)
    mfn: list[MfnEntry] = []
    levies: list[AdditionalEntry] = []
    for sub, lines in by6.items():
        day = max(d for *_, d in lines)
        duties = {duty for _, duty, _, _ in lines}
        rates = {_levy(levy) for _, _, levy, _ in lines}
        if len(duties) == 1 and len(rates) == 1 and "" not in duties:
            mfn.append(_mfn(sub, lines[0][1], day))
            if rates != {Decimal(0)}:
                levies.append(AdditionalEntry(name=LEVY, hs=sub, rate=rates.pop(),
                                              valid_from=day))
            continue
        mfn += [_mfn(code, duty, d) for code, duty, _, d in lines]
        if rates == {Decimal(0)}:
            continue
        named = ", ".join(f"{code} {percent(_levy(levy))}" for code, _, levy, _ in lines)
        levies.append(AdditionalEntry(
            name=LEVY, hs=sub, valid_from=day,
            not_covered=f"the levy differs between the lines of this subheading ({named}): "
                        "give the 10-digit line"))
        levies += [AdditionalEntry(name=LEVY, hs=code, rate=_levy(levy), valid_from=d)
                   for code, _, levy, d in lines]
    return mfn, levies


def main() -> None:
    """Read the lines, build the table, write it, print figures."""
    args = export_arguments(__doc__, DEFAULT)
    if args.from_xlsx:
        print(f"{tsv_from_xlsx(args.from_xlsx, args.lines)} lines written to {args.lines}")
    raw = args.lines.read_bytes()
    rows = read_tsv(args.lines)
    refuse_codes_twice((code for code, *_ in rows), "tariff lines")
    mfn, levies = table_entries(rows)
    mfn = unknown_before(mfn, "the Nigeria Customs Service's tariff")
    unpriced = sum(1 for _, duty, _, _ in rows if not duty)
    table = TariffFile(
        tariff="NG", as_of=AS_OF, sources=[SOURCE],
        imported=TariffImport(format="ng-ncs-cet-xlsx", file=args.lines.name,
                              sha256=hashlib.sha256(raw).hexdigest(), lines=len(rows),
                              parsed=len(rows) - unpriced, nomenclature="HS2022"),
        confidence="low", note=NOTE, mfn=mfn, additional=levies)
    out = write_table(table, args.out, made_by=MADE_BY)
    print(f"{len(rows)} lines read, {len(rows) - unpriced} with an import duty, "
          f"{sum(1 for _, _, v, _ in rows if _levy(v))} with a levy")
    print(f"written to {out}: {len(mfn)} duty entries", dict(Counter(len(e.hs) for e in mfn)),
          f"{len(levies)} levy entries")


if __name__ == "__main__":
    main()
