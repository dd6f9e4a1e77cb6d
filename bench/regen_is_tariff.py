"""Write rules/tariffs/IS.yaml from the Icelandic customs tariff's lines of chapters 1-24.

Run from the repository root: ``python bench/regen_is_tariff.py [LINES_TSV] [--out DIR]
[--kcs-xlsx WORKBOOK]`` (default ``bench/data/IS_tollskra_ch01-24.tsv``).

Where the lines come from. Iceland charges no customs duty outside food and agricultural
products (rules/countries/IS.yaml gives that general regime); chapters 1-24 are charged line
by line, ad valorem, in ISK per kg or per piece, or both. No copy of the Tollskrá
(Skatturinn's customs tariff) itself could be had here. The lines are those of the Icelandic
block of ``scripts/market/mfn_base_rates.csv`` in github.com/s2469639/SABUZAK @ 5bb7f0c: the
MFN column of the national tariff schedules of HS chapters 1-24 (HS2022, 8-digit Icelandic
lines), compiled in 2026 from each country's tariff workbook, with the duty as published
("30% + 357 ISK/Kg"). That file could only be read in pages, so its Icelandic rows were copied
(code and duty text, nothing else) twice, independently, and the two copies compared line by
line before they were kept in ``bench/data/IS_tollskra_ch01-24.tsv`` (see its header).

Which edition they are. The compilation does not say, but its lines are the Korea Customs
Service's 2025 table of Iceland's tariff (saved 2025-06-13; see bench/kcs_dated_back.py): KCS's
column 기본세율 gives each of the 2,847 lines the same text, and no other line of chapters 1-24
(``--kcs-xlsx`` checks it against the workbook and stops on any difference). The table is
therefore dated from that day, not from the year of the compilation.

How a duty is read: ``N%`` is ad valorem; ``M ISK/Kg`` ISK per kg (net weight, as Iceland's
specific duties are), ``M ISK/Piece`` ISK per piece (``unit``); ``N% + M ISK/...`` both, added.
Any other text stops the script, naming the line: nothing is read as 0 %.

Which lines are written: every line, collapsed to its six-digit subheading where all its lines
charge alike (:func:`pricing_engine.tariff.table.by_subheading`), so a six-digit lookup over
lines of different duties names them. Confidence is low: neither the compilation nor
KCS's table is the government's own file, and a change after 2025-06-13 is not in them; quotes
on these lines go to review.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _regen import read_code_duty_tsv, refuse_codes_twice  # noqa: E402
from kcs_dated_back import KCS_DAY, confirm_kcs, kcs_check_option, kcs_source  # noqa: E402

from pricing_engine.rules.fields import SourceModel, SpecificModel  # noqa: E402
from pricing_engine.rules.model import MfnEntry, TariffFile, TariffImport  # noqa: E402
from pricing_engine.tariff.table import by_subheading, write_table  # noqa: E402

DEFAULT = ROOT / "bench" / "data" / "IS_tollskra_ch01-24.tsv"
_NUMBER = r"(\d+(?:\.\d+)?)"
AD_VALOREM = re.compile(rf"^{_NUMBER}%$")
SPECIFIC = re.compile(rf"^{_NUMBER} ISK/(Kg|Piece)$")
COMPOUND = re.compile(rf"^{_NUMBER}% \+ {_NUMBER} ISK/(Kg|Piece)$")
PER = {"Kg": "kg", "Piece": "unit"}
SOURCE = SourceModel(
    id="is-tollskra-lines",
    title="Tollskrá (the Icelandic customs tariff), general duties of the 8-digit lines of HS "
          "chapters 1-24, as compiled in github.com/s2469639/SABUZAK @ 5bb7f0c "
          "(scripts/market/mfn_base_rates.csv, rows 'ISL': the MFN column of the national "
          "tariff workbooks of chapters 1-24, 2026)",
    url="https://www.skatturinn.is/",
    accessed=date(2026, 12, 2),
    note="not the government's own file: a compilation of national tariffs for HS chapters "
         "1-24 that does not name the Tollskrá edition it read; its Icelandic rows were copied "
         "twice, independently, and compared (bench/data/IS_tollskra_ch01-24.tsv); they are "
         "the Korea Customs Service's 2025 table of the tariff, line for line")
#: KCS's table of the same lines, which dates them.
KCS_WORKBOOK = "2025년_아이슬란드_관세율표 (수정).xlsx"
KCS = kcs_source("IS", "Iceland", KCS_WORKBOOK, "기본세율", DEFAULT.name,
                 "lines of chapters 1-24 (the same text on every line)")
NOTE = ("The general (MFN) customs duties of the Icelandic tariff's lines in HS chapters 1-24, "
        "ad valorem, ISK per kg or per piece, or both, as compiled in 2026 from the tariff: "
        "line for line the Korea Customs Service's table of 2025-06-13, so dated from that "
        "day. Not contained: the "
        "preferential columns (EEA, EFTA and the free-trade agreements), tariff quotas, and any "
        "change after KCS's table. Hence confidence low: a quote on these lines goes to "
        "review.")
MADE_BY = "bench/regen_is_tariff.py from the Icelandic tariff's lines of chapters 1-24"


def line_entry(code: str, text: str) -> MfnEntry:
    """The MFN entry of one line from its duty as published."""
    found = AD_VALOREM.match(text)
    if found:
        return MfnEntry(hs=code, rate=Decimal(found[1]) / 100)
    found = SPECIFIC.match(text)
    if found:
        return MfnEntry(hs=code, specific=SpecificModel(
            amount=Decimal(found[1]), currency="ISK", per=PER[found[2]]))
    found = COMPOUND.match(text)
    if found:
        return MfnEntry(hs=code, rate=Decimal(found[1]) / 100, specific=SpecificModel(
            amount=Decimal(found[2]), currency="ISK", per=PER[found[3]]))
    raise SystemExit(f"{code}: duty text not understood: {text!r}")


def main() -> None:
    """Read the lines, build the table, write it, print figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("lines", type=Path, nargs="?", default=DEFAULT)
    parser.add_argument("--out", type=Path, default=ROOT / "rules")
    kcs_check_option(parser, "the lines", KCS_WORKBOOK)
    args = parser.parse_args()
    raw = args.lines.read_bytes()
    rows = read_code_duty_tsv(args.lines)
    refuse_codes_twice((code for _, code, _ in rows), "tariff lines")
    if args.kcs_xlsx is not None:
        confirm_kcs([(code, text) for _, code, text in rows], args.kcs_xlsx, "기본세율",
                    "chapters 1-24")
    entries = [line_entry(code, text) for _, code, text in rows]
    kinds = Counter("compound" if e.rate is not None and e.specific is not None
                    else "specific" if e.specific is not None else "ad valorem"
                    for e in entries)
    collapsed = by_subheading(entries)
    table = TariffFile(
        tariff="IS", as_of=KCS_DAY, sources=[SOURCE, KCS],
        imported=TariffImport(format="is-tollskra-tsv", file=args.lines.name,
                              sha256=hashlib.sha256(raw).hexdigest(), lines=len(rows),
                              parsed=len(entries), nomenclature="HS2022"),
        valid_from=KCS_DAY, confidence="low", note=NOTE, mfn=collapsed)
    out = write_table(table, args.out, made_by=MADE_BY)
    print(f"{len(rows)} lines read, all parsed: {dict(kinds)}")
    print(f"{len({code[:6] for _, code, _ in rows})} subheadings; written: {len(collapsed)} "
          f"entries to {out}:", dict(Counter(len(e.hs) for e in collapsed)))


if __name__ == "__main__":
    main()
