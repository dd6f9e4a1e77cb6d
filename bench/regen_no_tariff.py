"""Write rules/tariffs/NO.yaml from the Norwegian Customs Tariff 2019 (Excel edition).

Run from the repository root: ``python bench/regen_no_tariff.py TARIFF_XLS [--out DIR]
[--kcs-xlsx WORKBOOK]``
(needs ``xlrd`` for the .xls format: ``pip install xlrd``; the package itself does not).
``TARIFF_XLS`` is the Excel edition of the Norwegian Customs Tariff as of May 2019 (Norwegian
Customs, Tolletaten: the sheet "tariff", columns HS-no., the 7th and 8th digits, the English
and Norwegian descriptions and "MFN - rate of duty"), as kept in github.com/skjolber/tolltariffen
@ 7729e2e, ``generator/src/test/resources/tolltariffen2019_excel.xls``.

How a rate is read. Per the tariff's introduction (toll.no), duty is "in percent of the customs
value or, if no other basis for the calculation of duty is prescribed, in Norwegian Kroner per
kg": a number cell formatted as a percentage is ad valorem, another number is NOK per kg;
``Free`` is 0; ``5000 S`` is NOK per piece (live animals: per head), ``1,28 L`` NOK per litre,
``25,5%+3,92`` ad valorem plus NOK per kg. ``+MX`` (a duty on the content of agricultural raw
materials, reckoned by the Norwegian Agriculture Agency) and the footnote ``*)`` are not
priced: such a line is written ``not_covered`` with the published text, so it fails closed.

Which lines are written, and how. Lines under one six-digit subheading that all charge alike
become one entry at six digits; otherwise each eight-digit line is written, and a lookup of
the six-digit code names them (AmbiguousHsCode). Written: every subheading under a prefix the
curated rules/countries/NO.yaml carves out of its general regime (chapters 1-24 and 50-63,
the agricultural goods of chapters 29-43), and elsewhere every subheading with a line whose
duty is not 0 (the 2019 tariff's industrial lines are otherwise all free: the general regime
gives 0 %). The table uses HS2017 codes: an HS2022 subheading new since then takes the duty of
its HS2017 lines where they agree, else a ``split`` entry names them (the UN HS2022-HS2017
correlation table, pricing_engine.tariff.concordance).

Chapters 1-24 from 2025-06-13. With ``--lines-2026 TSV`` (default
``bench/data/NO_tolltariff_ch01-24_2026.tsv``, when present) the 2019 entries of chapters 1-24
end on 2025-06-12 and the lines of that file answer from 2025-06-13: the Norwegian rows of a
2026 compilation of national tariffs (chapters 1-24 only, HS2022 lines; see the file's header).
The compilation does not name the edition it read, but its rows are the Korea Customs Service's
2025 table of Norway's tariff (saved 2025-06-13; see bench/kcs_dated_back.py): KCS's column
기본세율 gives each of the 1,793 lines the same text and has no other line of chapters 1-24
(``--kcs-xlsx`` checks it against the workbook and stops on any difference); hence that day.
They are read as the tariff writes its duties: a bare number is NOK per kg, ``N %`` ad valorem,
``N pr.liter`` NOK per litre; any other text stops the script, naming the line. Textiles and
the agricultural goods outside chapters 1-24 keep the 2019 lines.

Confidence is low: the rates are those of May 2019, seven years old, and, for agricultural
goods, the maximum rates (the Norwegian Agriculture Agency may apply lower ones); the lines of
chapters 1-24 are KCS's of 2025-06-13, not the government's own file, without a later change.
Quotes on them go to review.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from collections import Counter, defaultdict
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _regen import (  # noqa: E402
    CHAPTERS_1_24,
    read_code_duty_tsv,
    refuse_codes_twice,
)
from kcs_dated_back import KCS_DAY, confirm_kcs, kcs_check_option, kcs_source  # noqa: E402

from pricing_engine.rules.fields import SourceModel, SpecificModel  # noqa: E402
from pricing_engine.rules.model import MfnEntry, TariffFile, TariffImport  # noqa: E402
from pricing_engine.tariff.concordance import to_hs2022  # noqa: E402
from pricing_engine.tariff.importers import bundled_correlations  # noqa: E402
from pricing_engine.tariff.table import by_subheading, write_table  # noqa: E402

#: Prefixes rules/countries/NO.yaml leaves not_covered (its general regime's exceptions).
CARVED = (*(f"{c:02d}" for c in range(1, 25)), *(f"{c}" for c in range(50, 64)),
          "290543", "290544", "3301", "3501", "3502", "3503", "3504", "3505", "380910",
          "3823", "382460", "4101", "4102", "4103", "4301")
CODE = re.compile(r"^\d\d\.\d\d\.\d\d$")
SPEC = re.compile(r"^(\d+(?:,\d+)?) ([SL])$")
COMPOUND = re.compile(r"^(\d+(?:,\d+)?)%\+(\d+(?:,\d+)?)$")
PER = {"S": "unit", "L": "litre"}
SOURCE = SourceModel(
    id="toll-tariff-2019",
    title="Norwegian Customs (Tolletaten): Norwegian Customs Tariff 2019, Excel edition "
          "(sheet 'tariff': 8-digit lines, 'MFN - rate of duty'), as of May 2019",
    url="https://www.toll.no/",
    accessed=date(2026, 12, 1),
    note="read from the copy kept in github.com/skjolber/tolltariffen @ 7729e2e "
         "(generator/src/test/resources/tolltariffen2019_excel.xls); units per the tariff's "
         "introduction (percent of the customs value, else NOK per kg)")

NOTE = ("The ordinary (MFN) duties of the Norwegian Customs Tariff as of May 2019, on HS2017 "
        "codes (HS2022 codes new since then mapped through the UN correlation table). Not "
        "contained: every change since (the yearly tariff decisions of 2020-2026, the HS2022 "
        "national lines), except for chapters 1-24, whose lines from 2025-06-13 are those of a "
        "2026 compilation of the tariff, line for line the Korea Customs Service's table of "
        "that day. For agricultural goods the "
        "tariff's rate is a maximum: the Norwegian Agriculture Agency may apply a lower one. "
        "Hence confidence low: a quote on these lines goes to review.")

#: What the table's header says wrote it.
MADE_BY = 'bench/regen_no_tariff.py from the Norwegian Customs Tariff 2019'

#: The lines of chapters 1-24 of the 2026 compilation (KCS's of 2025-06-13), and the days
#: each set answers.
LINES_2026 = ROOT / "bench" / "data" / "NO_tolltariff_ch01-24_2026.tsv"
UNTIL_2019 = KCS_DAY - timedelta(days=1)
FROM_COMPILATION = KCS_DAY
_AMOUNT = r"(\d+(?:\.\d+)?)"
PER_KG_2026 = re.compile(rf"^{_AMOUNT}$")
AD_VALOREM_2026 = re.compile(rf"^{_AMOUNT} ?%$")
PER_UNIT_2026 = re.compile(rf"^{_AMOUNT} pr\.(liter|item)$")
UNITS_2026 = {"liter": "litre", "item": "unit"}
SOURCE_2026 = SourceModel(
    id="no-tariff-lines-2026",
    title="Norwegian Customs Tariff (Tolltariffen), the MFN duties of the 8-digit lines of HS "
          "chapters 1-24, as compiled in github.com/s2469639/SABUZAK @ 5bb7f0c "
          "(scripts/market/mfn_base_rates.csv, rows 'NOR': the MFN column of the national "
          "tariff workbooks of chapters 1-24, 2026)",
    url="https://www.toll.no/",
    accessed=date(2026, 12, 2),
    note="not the government's own file: a compilation that does not name the tariff edition "
         "it read; its Norwegian rows were copied twice, independently, and compared "
         "(bench/data/NO_tolltariff_ch01-24_2026.tsv); they are the Korea Customs Service's "
         "2025 table of the tariff, line for line; units as in the tariff's introduction "
         "(percent of the customs value, else NOK per kg)")
#: KCS's table of the same lines, which dates them.
KCS_WORKBOOK = "2025년_노르웨이_관세율표_수정 2차.xlsx"
KCS = kcs_source("NO", "Norway", KCS_WORKBOOK, "기본세율", LINES_2026.name,
                 "lines of chapters 1-24 (the same text on every line)")


def line_2026(code: str, text: str) -> MfnEntry:
    """The MFN entry of one 2026 line of chapters 1-24 from its duty as the compilation gives it."""
    terms: dict[str, object]
    if found := AD_VALOREM_2026.match(text):
        terms = {"rate": Decimal(found[1]) / 100}
    elif found := PER_KG_2026.match(text):
        amount = Decimal(found[1])
        terms = ({"rate": Decimal(0)} if amount == 0 else
                 {"specific": SpecificModel(amount=amount, currency="NOK", per="kg")})
    elif found := PER_UNIT_2026.match(text):
        terms = {"specific": SpecificModel(amount=Decimal(found[1]), currency="NOK",
                                           per=UNITS_2026[found[2]])}
    else:
        raise SystemExit(f"{code}: 2026 duty text not understood: {text!r}")
    return MfnEntry(hs=code, **terms)  # type: ignore[arg-type]


def unit_dropped(code: str, text: str, entry: MfnEntry, older: MfnEntry | None
                 ) -> MfnEntry:
    """``entry``, or a ``not_covered`` one where the compilation gives a bare number (NOK per
    kg) for a line the 2019 tariff charged per piece or per litre: its unit was lost on the way
    (01012908, other horses: "5000.00", where 0101.2100 reads "5000.00 pr.item" and the 2019
    line NOK 5,000 a head), and NOK 5,000 per kg is not the tariff's duty."""
    if entry.specific is None or older is None or older.specific is None:
        return entry
    old = older.specific[0] if isinstance(older.specific, tuple) else older.specific
    new = entry.specific[0] if isinstance(entry.specific, tuple) else entry.specific
    if new.per != "kg" or old.per == "kg" or PER_KG_2026.match(text) is None:
        return entry
    return MfnEntry(hs=code, not_covered=(
        f"the 2026 compilation gives '{text}' without a unit (read as NOK per kg), where the "
        f"2019 tariff charged this line NOK {old.amount} per {old.per}: its unit is not known"))


def dated(entry: MfnEntry, **update: object) -> MfnEntry:
    """``entry`` with ``update`` (valid_from, valid_to, source) set."""
    return MfnEntry.model_validate({**entry.model_dump(exclude_unset=True), **update})


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def _float(value: float, places: int) -> Decimal:
    return Decimal(f"{value:.{places}f}").normalize()


def line_entry(code: str, value: object, fmt: str) -> tuple[MfnEntry, str]:
    """The MFN entry of one line, and its rate as printed."""
    nok = "NOK"
    if isinstance(value, float):
        if "%" in fmt:
            printed = f"{_float(value * 100, 4)}%"
            return MfnEntry(hs=code, rate=_float(value, 6)), printed
        printed = f"{value:.2f}"
        return MfnEntry(hs=code, specific=SpecificModel(
            amount=_float(value, 2), currency=nok, per="kg")), printed
    text = str(value).strip()
    if text == "Free":
        return MfnEntry(hs=code, rate=Decimal(0)), text
    found = SPEC.match(text)
    if found:
        return MfnEntry(hs=code, specific=SpecificModel(
            amount=_number(found[1]), currency=nok, per=PER[found[2]])), text
    found = COMPOUND.match(text)
    if found:
        return MfnEntry(hs=code, rate=_number(found[1]) / 100, specific=SpecificModel(
            amount=_number(found[2]), currency=nok, per="kg")), text
    if text.endswith("+MX"):
        why = ("MX, a duty on the content of agricultural raw materials reckoned by the "
               "Norwegian Agriculture Agency, is not encoded")
    elif text == "*)":
        why = "the rate is given by a footnote the Excel edition does not carry"
    else:
        raise SystemExit(f"{code}: rate text not understood: {text!r}")
    return MfnEntry(hs=code, not_covered=f"the 2019 Norwegian tariff gives '{text}': {why}"), \
        text


def read_lines(path: Path) -> list[tuple[int, str, MfnEntry, str]]:
    """(row, 8-digit code, entry, rate as printed) of each tariff line of the sheet."""
    import xlrd  # the .xls reader: a tool of this script only, not of the package

    book = xlrd.open_workbook(str(path), formatting_info=True)
    sheet = book.sheet_by_name("tariff")
    out = []
    for row in range(sheet.nrows):
        cells = sheet.row(row)
        head = cells[0].value
        if not (isinstance(head, str) and CODE.match(head)):
            continue
        code = head.replace(".", "") + f"{int(cells[1].value)}{int(cells[2].value)}"
        cell = cells[5]
        fmt = book.format_map[book.xf_list[cell.xf_index].format_key].format_str
        entry, printed = line_entry(code, cell.value, fmt)
        out.append((row + 1, code, entry, printed))
    return out


def _free(entries: list[MfnEntry]) -> bool:
    return all(e.rate == 0 and e.specific is None and e.not_covered is None for e in entries)


def main() -> None:
    """Read the sheet, build the table, write it, print figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("xls", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "rules")
    parser.add_argument("--lines-2026", type=Path,
                        default=LINES_2026 if LINES_2026.exists() else None)
    kcs_check_option(parser, "the lines of chapters 1-24", KCS_WORKBOOK)
    args = parser.parse_args()
    raw = args.xls.read_bytes()
    lines = read_lines(args.xls)
    refuse_codes_twice((code for _, code, _, _ in lines), "tariff lines")
    by_sub: dict[str, list[MfnEntry]] = defaultdict(list)
    for _, code, entry, _ in lines:
        by_sub[code[:6]].append(entry)
    collapsed = by_subheading(entry for _, _, entry, _ in lines)
    unpriced = [code for _, code, e, _ in lines if e.not_covered is not None]
    table = TariffFile(
        tariff="NO", as_of=date(2019, 5, 2), sources=[SOURCE],
        imported=TariffImport(format="no-tariff-xls", file=args.xls.name,
                              sha256=hashlib.sha256(raw).hexdigest(), lines=len(lines),
                              parsed=len(lines) - len(unpriced), nomenclature="HS2017"),
        valid_from=date(2019, 1, 1), confidence="low", note=NOTE,
        mfn=collapsed)
    mapped = to_hs2022(table, bundled_correlations())
    keep_subs = {s for s, entries in by_sub.items() if s.startswith(CARVED) or not _free(entries)}
    new = {e.hs: e for e in mapped.entries}
    kept = [e for e in table.mfn if e.hs[:6] in keep_subs]
    # a new HS2022 code: kept where carved out, or where its old lines are (a dutiable one)
    kept += [e for e in new.values() if e.hs.startswith(CARVED) or not _free([e])]
    have = {e.hs for e in kept}
    named = {code for e in kept if e.split for code in e.split}
    kept += [e for e in table.mfn if e.hs in named - have]
    sources = tuple(mapped.table.sources)
    if args.lines_2026 is not None:
        rows_2026 = [(code, text) for _, code, text in read_code_duty_tsv(args.lines_2026)]
        refuse_codes_twice((code for code, _ in rows_2026), "2026 tariff lines")
        if args.kcs_xlsx is not None:
            confirm_kcs(rows_2026, args.kcs_xlsx, "기본세율", "chapters 1-24")
        older = {code: entry for _, code, entry, _ in lines}
        lines_2026 = by_subheading(unit_dropped(code, text, line_2026(code, text),
                                                older.get(code))
                                   for code, text in rows_2026)
        kept = [dated(e, valid_to=UNTIL_2019) if e.hs.startswith(CHAPTERS_1_24) else e
                for e in kept]
        kept += [dated(e, valid_from=FROM_COMPILATION, source=SOURCE_2026.id) for e in lines_2026]
        sources += (SOURCE_2026, KCS)
        print(f"the compilation: {len(rows_2026)} lines of chapters 1-24 read, "
              f"{len(lines_2026)} entries from {FROM_COMPILATION} (the 2019 ones of chapters 1-24 "
              f"end on {UNTIL_2019})")
    final = TariffFile.model_validate(
        mapped.table.model_copy(update={"mfn": tuple(kept), "sources": sources})
        .model_dump(exclude_unset=True))
    out = write_table(final, args.out, made_by=MADE_BY)
    print(f"{len(lines)} lines read, {len(lines) - len(unpriced)} priced, "
          f"{len(unpriced)} not priced (MX or footnote)")
    print(f"{len(by_sub)} HS2017 subheadings, "
          f"{sum(len(e.hs) == 6 for e in collapsed)} of one duty")
    print(f"HS2022 carried over: {len(mapped.added)}, split: {len(mapped.splits)}, "
          f"no line: {len(mapped.uncovered)}")
    print(f"written: {len(kept)} entries to {out}:",
          dict(Counter(len(e.hs) for e in kept)))


if __name__ == "__main__":
    main()
