"""Write rules/tariffs/ID.yaml from the import duties of Indonesia's BTKI 2022.

Run from the repository root: ``python bench/regen_id_tariff.py [LINES_TSV] [--out DIR]``
(default ``bench/data/ID_btki_2022.tsv``), or, with a new table of the BTKI's lines,
``python bench/regen_id_tariff.py --from-csv btki_2022_data.csv`` to rewrite that TSV first.

Where the lines come from. Indonesia's tariff is the Buku Tarif Kepabeanan Indonesia (BTKI)
2022: the goods classification (AHTN 2022, 8-digit lines on HS2022) and the MFN import duty
(bea masuk) of every line, set by Minister of Finance Regulation PMK 26/PMK.010/2022 (Lampiran
III, column 5) and in force from 2022-04-01. The regulation is published as a PDF; the
machine-readable copy read here is ``btki_2022_data.csv`` committed to github.com/irwanbc79/
repo-m2b @ 4337820 (2026-01-27, "BTKI Agustus 2022": code, chapter, Indonesian and English
description, import duty, export duty, VAT, luxury tax, level), a user's table of the BTKI's
electronic edition, not a government file (the Indonesia National Single Window warned in
2022 that spreadsheets of the BTKI circulating were not official; PMK 26/2022 is the
authority). The TSV keeps the code and import duty of the 11,552 8-digit lines.

How a duty is read: ``N`` or ``N,5`` is N % ad valorem (of the CIF value); ``450,-/kg`` and
``14.000,-/liter`` are specific duties in rupiah (Rp 450 per kg, Rp 14,000 per litre: a dot
groups thousands); ``21.450,-/menit`` (rupiah per minute of cinematographic film) has a unit a
quote line cannot give, so the line is ``not_covered`` with its text. Any other text stops the
script, naming the line.

Which entries are written: the lines of a six-digit subheading that charge alike become one
six-digit entry, else each line is written (a six-digit lookup over lines of different
duties names them), all from 2022-04-01. Confidence low: a user's copy of the 2022 book, and
the amendments since are not in it (PMK 10/2024: a conditional 0 % for battery electric cars
of 8703.80 imported under an investment approval, to 2025-12-31, which a quote cannot claim
here; PMK 62/2025, from 2025-09-15: duties of information and communication technology
products changed, lines not identified here); nor are the preferences (ATIGA, ACFTA, RCEP,
IJEPA, IA-CEPA ...), safeguard and anti-dumping duties, excise and the import income tax
(PPh 22): a quote on these lines goes to review.
"""

from __future__ import annotations

import csv
import hashlib
import re
import sys
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _regen import (  # noqa: E402
    export_parser,
    read_code_duty_tsv,
    refuse_codes_twice,
    write_kept_lines,
    write_line_table,
)

from pricing_engine.rules.fields import SourceModel, SpecificModel  # noqa: E402
from pricing_engine.rules.model import MfnEntry  # noqa: E402

DEFAULT = ROOT / "bench" / "data" / "ID_btki_2022.tsv"
IN_FORCE = date(2022, 4, 1)  # PMK 26/PMK.010/2022, Article on entry into force
AS_OF = date(2022, 8, 31)  # "BTKI Agustus 2022", the edition the copy was made from
AD_VALOREM = re.compile(r"^(\d+)(?:[.,](\d+))?$")
SPECIFIC = re.compile(r"^(\d{1,3}(?:\.\d{3})*),-/(kg|liter)$")
PER_MINUTE = re.compile(r"^(\d{1,3}(?:\.\d{3})*),-/menit$")
UNITS = {"kg": "kg", "liter": "litre"}
ALL_CHAPTERS = tuple(f"{c:02d}" for c in range(1, 100))
SOURCE = SourceModel(
    id="id-btki-2022",
    title="Buku Tarif Kepabeanan Indonesia (BTKI) 2022: the MFN import duty (bea masuk) of "
          "each 8-digit line, PMK 26/PMK.010/2022 Lampiran III, in force from 2022-04-01",
    url="https://jdih.kemenkeu.go.id/",
    accessed=date(2026, 12, 3),
    note="read from a user's table of the BTKI's electronic edition of August 2022 committed "
         "to github.com/irwanbc79/repo-m2b @ 4337820 (btki_2022_data.csv), not a government "
         "file; kept in bench/data/ID_btki_2022.tsv")
NOTE = ("The MFN import duty of each line of Indonesia's BTKI 2022 (PMK 26/PMK.010/2022, from "
        "2022-04-01), read from a user's copy of its August 2022 electronic edition. Not "
        "contained: the amendments since (PMK 10/2024, conditional 0 % for battery electric "
        "cars to 2025-12-31; PMK 62/2025, information and communication technology products "
        "from 2025-09-15, lines not identified), preferences (ATIGA, ACFTA, RCEP and other "
        "agreements), safeguard and anti-dumping duties, excise, import income tax (PPh 22). "
        "Confidence low: a quote on these lines goes to review.")
MADE_BY = "bench/regen_id_tariff.py from a copy of Indonesia's BTKI 2022"


def tsv_from_csv(table: Path, out: Path) -> int:
    """Rewrite ``out`` from a CSV of the BTKI's lines (columns ``hs_code`` as ``0101.21.00``
    or ``01.01.21.00``, ``import_duty``, ``hs_level``): code and duty text of each 8-digit
    line. Returns the number of lines kept."""
    raw = table.read_bytes()
    kept: list[str] = []
    with table.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"hs_code", "import_duty", "hs_level"} - set(reader.fieldnames or ())
        if missing:
            raise SystemExit(f"{table}: no column {', '.join(sorted(missing))}")
        for row in reader:
            if row["hs_level"].strip() != "8":
                continue
            code = row["hs_code"].replace(".", "").strip()
            duty = " ".join(row["import_duty"].split())
            if not re.fullmatch(r"\d{8}", code) or not duty:
                raise SystemExit(f"{table}:{reader.line_num}: not an 8-digit line with a "
                                 f"duty: {row['hs_code']!r} {row['import_duty']!r}")
            kept.append(f"{code}\t{duty}")
    header = [
        "# Indonesia's BTKI 2022 (PMK 26/PMK.010/2022, in force from 2022-04-01): the code",
        "# and MFN import duty (as written) of each 8-digit line of btki_2022_data.csv, a",
        "# user's table of the BTKI's electronic edition of August 2022 committed to",
        "# github.com/irwanbc79/repo-m2b @ 4337820 (2026-01-27), sha256",
        f"# {hashlib.sha256(raw).hexdigest()}. Written by",
        "# bench/regen_id_tariff.py --from-csv.",
        "# CODE\tDUTY",
    ]
    return write_kept_lines(out, header, kept)


def _rupiah(text: str) -> Decimal:
    return Decimal(text.replace(".", ""))


def line_entry(code: str, text: str) -> MfnEntry:
    """The MFN entry of one line from its duty as published."""
    found = AD_VALOREM.match(text)
    if found:
        rate = Decimal(f"{found[1]}.{found[2] or 0}") / 100
        return MfnEntry(hs=code, rate=rate, valid_from=IN_FORCE)
    found = SPECIFIC.match(text)
    if found:
        specific = SpecificModel(amount=_rupiah(found[1]), currency="IDR",
                                 per=UNITS[found[2]])
        return MfnEntry(hs=code, specific=(specific,), valid_from=IN_FORCE)
    found = PER_MINUTE.match(text)
    if found:
        why = (f"the BTKI charges this line Rp {_rupiah(found[1]):,} per minute of film "
               f"('{text}'), a unit a quote line does not give")
        return MfnEntry(hs=code, not_covered=why, valid_from=IN_FORCE)
    raise SystemExit(f"{code}: duty text not understood: {text!r}")


def main() -> None:
    """Read the lines, build the table, write it, print figures."""
    parser = export_parser(__doc__, DEFAULT)
    parser.add_argument("--from-csv", type=Path, metavar="BTKI_CSV",
                        help="first rewrite LINES_TSV from this table of the BTKI's lines")
    args = parser.parse_args()
    if args.from_xlsx:
        parser.error("the BTKI's lines are read from a CSV table: use --from-csv")
    if args.from_csv:
        print(f"{tsv_from_csv(args.from_csv, args.lines)} lines written to {args.lines}")
    rows = read_code_duty_tsv(args.lines, ALL_CHAPTERS)
    refuse_codes_twice((code for _, code, _ in rows), "tariff lines")
    lines = [line_entry(code, text) for _, code, text in rows]
    kinds = Counter("ad valorem" if e.rate is not None else "specific" if e.specific
                    else "not covered" for e in lines)
    print(f"{len(rows)} lines read: {dict(kinds)}")
    write_line_table(lines, tariff="ID", as_of=AS_OF, source=SOURCE,
                     import_format="id-btki-csv", kept=args.lines, note=NOTE, out=args.out,
                     made_by=MADE_BY)

if __name__ == "__main__":
    main()
