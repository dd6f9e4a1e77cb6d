"""Write rules/tariffs/SA.yaml from ZATCA's export of the Saudi integrated customs tariff.

Run from the repository root: ``python bench/regen_sa_tariff.py [LINES_TSV] [--out DIR]``
(default ``bench/data/SA_zatca_tariff.tsv``), or, with a new export of the tariff,
``python bench/regen_sa_tariff.py --from-xlsx Tariff.xlsx`` to rewrite that TSV from it first.

Where the lines come from. ZATCA (the Zakat, Tax and Customs Authority) publishes the Saudi
tariff on its tariff search page (https://eservices.zatca.gov.sa/sites/sc/en/tariff/Pages/
TariffPages/TariffSearch.aspx), whose whole table can be exported as ``Tariff.xlsx``: one row
per code (12 digits, HS2022-based), the goods in Arabic and English, the duty in Arabic and
English ("5 %", "Exempted", "Prohibited from Importing" ...), the procedures, and the date the
line's duty applies from. No download was possible here; two exports that users of the page
committed to GitHub were read: github.com/donrami/SaHS @ ccfd256 (``Tariff.xlsx``, written
2026-02-25, 19,138 rows, dates up to 2026-01-01) and github.com/pardoxKH/HSCODE @ a33f674
(an earlier export, 18,451 rows, dates up to 2025-09-11). Of the 18,421 codes in both, every
one whose date agrees has the same duty; the 1,172 that differ carry a later date in the
newer export (1,141 of them 2025-11-27). The newer export is the one read; the TSV keeps its
code, English duty and date of every row that gives a duty (``--from-xlsx`` reads columns A,
E and G of its one sheet with the standard library).

How a duty is read: ``N %`` is ad valorem, ``Exempted`` is 0 %; ``Prohibited from Importing``
and ``Prohibited from Exporting and Importing`` are lines whose import is banned, and
``Prohibited from Exporting`` gives no import duty at all: all three become ``not_covered``
lines (fail closed, with the tariff's words). Any other text stops the script, naming the line.

The duties before. An earlier export of the same page (github.com/pardoxKH/HSCODE @ a33f674,
created 2025-11-03, kept in ``bench/data/SA_zatca_tariff_2025-11.tsv``; ``--earlier`` names
another, ``--earlier-from-xlsx`` rewrites it from a workbook) gives many lines an earlier
date: where an 8-digit code had another duty from an earlier date, that duty is written up to
the day before the current one's date; where it had the same duty, the entry runs from the
earlier date. A change made after 2025-11-03 and overridden before 2026-02-25 is not seen.

Which entries are written. A 12-digit code is the GCC's 8 digits and a national suffix: the
12-digit lines are gathered under their 8-digit code where they all charge alike, and where
they do not (21 codes: mostly one of the lines is banned) each line is written (a quote
giving the 12-digit line prices it; one giving the 8-digit code gets the error naming the
lines). The 8-digit codes (and lines) of a
six-digit subheading that all charge alike in every period become one six-digit entry per
period, else they are written each (a six-digit lookup over lines of different duties names
them). Each entry is in force from its line's date (the latest of the lines gathered under
it, or the earlier export's): before that the line's duty is not known here and the curated
rules/countries/SA.yaml answers (it fails closed from 2020-06-10), but from the earliest date
of its subheading's lines the line is ``not_covered`` up to its own
(:func:`_regen.unknown_before`), so that neither it nor the subheading takes its neighbours'
duty on those days. Confidence medium: the
government's own table, but read from copies users made, and nothing after 2026-02-25 is in
it.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _regen import (  # noqa: E402
    charge_key,
    export_day,
    export_parser,
    gather_lines,
    read_dated_tsv,
    refuse_codes_twice,
    unknown_before,
    write_kept_lines,
    xlsx_rows,
)

from pricing_engine.rules.fields import SourceModel  # noqa: E402
from pricing_engine.rules.model import MfnEntry, TariffFile, TariffImport  # noqa: E402
from pricing_engine.tariff.table import write_table  # noqa: E402

DEFAULT = ROOT / "bench" / "data" / "SA_zatca_tariff.tsv"
EARLIER = ROOT / "bench" / "data" / "SA_zatca_tariff_2025-11.tsv"
AS_OF = date(2026, 2, 25)  # the export's own date (its parts are written 2026-02-25)
AD_VALOREM = re.compile(r"^(\d+(?:\.\d+)?) %$")
BANNED = ("Prohibited from Importing", "Prohibited from Exporting and Importing")
EXPORT_ONLY = "Prohibited from Exporting"
SOURCE = SourceModel(
    id="sa-zatca-tariff",
    title="ZATCA, the Saudi integrated customs tariff as exported from its tariff search page "
          "(Tariff.xlsx of 2026-02-25: 12-digit lines, the duty and the date it applies from)",
    url="https://eservices.zatca.gov.sa/sites/sc/en/tariff/Pages/TariffPages/TariffSearch.aspx",
    accessed=date(2026, 12, 3),
    note="read from the export committed to github.com/donrami/SaHS @ ccfd256; an earlier "
         "export (github.com/pardoxKH/HSCODE @ a33f674) gives the same duty for every line of "
         "the same date (bench/data/SA_zatca_tariff.tsv)")
NOTE = ("The customs duty of each line of the Saudi tariff as ZATCA's tariff search page gave "
        "it on 2026-02-25, in force from the date the page gives the line (before it the "
        "line's duty is not known here). 12-digit lines are gathered under their 8-digit code "
        "where they charge alike; where they do not, each line is written. Not contained: "
        "the preferences (GCC, GAFTA and other agreements), anti-dumping duties, excise, and "
        "any change after 2026-02-25. Prohibited lines fail closed.")
MADE_BY = "bench/regen_sa_tariff.py from ZATCA's export of the Saudi tariff"


def tsv_from_xlsx(xlsx: Path, out: Path, about: Sequence[str]) -> int:
    """Rewrite ``out`` from an export: code, English duty and date (ISO) of each row that gives
    a duty, under a header whose first lines are ``about`` (where the export came from).
    Returns the number of rows kept."""
    raw = xlsx.read_bytes()
    kept: list[str] = []
    for number, cells in xlsx_rows(xlsx):
        code, duty, when = (cells.get(k, "").strip() for k in "AEG")
        if number == 1 or not duty:
            continue
        day = export_day(xlsx, number, code, 12, when.split(" ")[0], "%m/%d/%Y")
        kept.append(f"{code}\t{' '.join(duty.split())}\t{day}")
    header = [
        *about,
        f"# sha256 {hashlib.sha256(raw).hexdigest()}: of each row that gives a duty, the",
        "# 12-digit code (column A), the duty in English (column E) and the date the duty",
        "# applies from (column G, as YYYY-MM-DD). Written by bench/regen_sa_tariff.py.",
        "# CODE\tDUTY\tFROM",
    ]
    return write_kept_lines(out, header, kept)


CURRENT_ABOUT = (
    "# ZATCA's export of the Saudi integrated customs tariff (Tariff.xlsx of its tariff",
    "# search page, https://eservices.zatca.gov.sa/sites/sc/en/tariff/), as committed to",
    "# github.com/donrami/SaHS @ ccfd256 (the export's parts are dated 2026-02-25),",
)
EARLIER_ABOUT = (
    "# An earlier export of ZATCA's tariff search page (Tariff.xlsx created 2025-11-03,",
    "# https://eservices.zatca.gov.sa/sites/sc/en/tariff/), as committed to",
    "# github.com/pardoxKH/HSCODE @ a33f674 (dates up to 2025-09-11; it gives the same duty",
    "# as the export of 2026-02-25 for every code whose date is the same),",
)


def read_tsv(path: Path) -> list[tuple[str, str, date]]:
    """(code, duty text, date) of each line; a row of another shape stops the script."""
    rows = []
    for number, (code, duty), day in read_dated_tsv(path, ("CODE", "DUTY"), 12):
        if not duty:
            raise SystemExit(f"{path}:{number}: {code} gives no duty")
        rows.append((code, duty, day))
    return rows


def line_entry(code: str, text: str, day: date) -> MfnEntry:
    """The MFN entry of one line from its duty as published, in force from ``day``."""
    found = AD_VALOREM.match(text)
    if found:
        return MfnEntry(hs=code[:8], rate=Decimal(found[1]) / 100, valid_from=day)
    if text == "Exempted":
        return MfnEntry(hs=code[:8], rate=Decimal(0), valid_from=day)
    if text in BANNED:
        why = f"the Saudi tariff marks this line '{text}': its import is banned"
        return MfnEntry(hs=code[:8], not_covered=why, valid_from=day)
    if text == EXPORT_ONLY:
        why = (f"the Saudi tariff gives this line only '{text}' (the export is banned): its "
               "import duty is not stated")
        return MfnEntry(hs=code[:8], not_covered=why, valid_from=day)
    raise SystemExit(f"{code}: duty text not understood: {text!r}")


def eight_digit_codes(rows: Sequence[tuple[str, str, date]]) -> dict[str, MfnEntry]:
    """One export's entry per 8-digit code whose 12-digit lines charge alike, and per
    12-digit line of the other codes (:func:`_regen.gather_lines`)."""
    by8: dict[str, list[tuple[str, MfnEntry]]] = defaultdict(list)
    for code, text, day in sorted(rows):
        by8[code[:8]].append((code, line_entry(code, text, day)))
    return {e.hs: e for c, got in by8.items() for e in gather_lines(got, c)}


def periods(current: MfnEntry, earlier: MfnEntry | None) -> list[MfnEntry]:
    """An 8-digit code's dated entries from the current export and the earlier one: where the
    earlier export gave the code a duty from an earlier date, that duty up to the day before
    the current one's date (or, where it is the same duty, the current one from the earlier
    date); otherwise the current entry alone."""
    start = current.valid_from
    if earlier is None or earlier.valid_from is None or start is None:
        return [current]
    if earlier.valid_from >= start:
        return [current]
    if charge_key(earlier) == charge_key(current):
        return [current.model_copy(update={"valid_from": earlier.valid_from})]
    return [earlier.model_copy(update={"valid_to": start - timedelta(days=1)}), current]


def _shape(entries: Sequence[MfnEntry]) -> tuple[object, ...]:
    return tuple((charge_key(e), e.valid_to) for e in entries)


def table_entries(rows: Sequence[tuple[str, str, date]],
                  earlier_rows: Sequence[tuple[str, str, date]] = ()) -> list[MfnEntry]:
    """The entries written: per six-digit subheading one entry per period where its lines
    agree in every period, else each eight-digit code's (see the module's docstring)."""
    before = eight_digit_codes(earlier_rows)
    dated = {c: periods(e, before.get(c)) for c, e in eight_digit_codes(rows).items()}
    by6: dict[str, list[list[MfnEntry]]] = defaultdict(list)
    for c, entries in sorted(dated.items()):
        by6[c[:6]].append(entries)
    out: list[MfnEntry] = []
    for sub, group in by6.items():
        if len({_shape(entries) for entries in group}) == 1:
            for n in range(len(group[0])):
                alike = [entries[n] for entries in group]
                out += gather_lines([(e.hs, e) for e in alike], sub)
        else:
            out += [e for entries in group for e in entries]
    return out


def main() -> None:
    """Read the lines, build the table, write it, print figures."""
    parser = export_parser(__doc__, DEFAULT)
    parser.add_argument("--earlier", type=Path, default=EARLIER, metavar="EARLIER_TSV",
                        help="the lines of an earlier export (their duties before the "
                             "current ones' dates)")
    parser.add_argument("--earlier-from-xlsx", type=Path, metavar="TARIFF_XLSX",
                        help="first rewrite EARLIER_TSV from this earlier export")
    args = parser.parse_args()
    if args.from_xlsx:
        print(f"{tsv_from_xlsx(args.from_xlsx, args.lines, CURRENT_ABOUT)} rows with a duty "
              f"written to {args.lines}")
    if args.earlier_from_xlsx:
        print(f"{tsv_from_xlsx(args.earlier_from_xlsx, args.earlier, EARLIER_ABOUT)} rows "
              f"with a duty written to {args.earlier}")
    raw = args.lines.read_bytes()
    rows = read_tsv(args.lines)
    refuse_codes_twice((code for code, _, _ in rows), "tariff lines")
    earlier_rows = read_tsv(args.earlier)
    refuse_codes_twice((code for code, _, _ in earlier_rows), "earlier tariff lines")
    kinds = Counter(AD_VALOREM.sub("N %", text) for _, text, _ in rows)
    dated = table_entries(rows, earlier_rows)
    entries = unknown_before(dated, "the Saudi tariff")
    unpriced = sum(1 for _, text, _ in rows if text in BANNED or text == EXPORT_ONLY)
    unknown = len(entries) - len(dated)  # the days before a line's date, not known
    table = TariffFile(
        tariff="SA", as_of=AS_OF, sources=[SOURCE],
        imported=TariffImport(format="zatca-tariff-xlsx", file=args.lines.name,
                              sha256=hashlib.sha256(raw).hexdigest(), lines=len(rows),
                              parsed=len(rows) - unpriced, nomenclature="HS2022"),
        confidence="medium", note=NOTE, mfn=entries)
    out = write_table(table, args.out, made_by=MADE_BY)
    print(f"{len(rows)} lines read, all understood: {dict(kinds)}; "
          f"{len(earlier_rows)} lines of the earlier export")
    print(f"{len({code[:6] for code, _, _ in rows})} subheadings; written: {len(entries)} "
          f"entries to {out}:", dict(Counter(len(e.hs) for e in entries)),
          f"not covered: {sum(1 for e in entries if e.not_covered is not None)}, "
          f"earlier duties: {sum(1 for e in entries if e.valid_to is not None) - unknown}, "
          f"days before a line's date not known: {unknown}")


if __name__ == "__main__":
    main()
