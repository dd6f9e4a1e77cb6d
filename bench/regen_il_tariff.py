"""Write rules/tariffs/IL.yaml from the general customs duty of Israel's customs book.

Run from the repository root: ``python bench/regen_il_tariff.py [LINES_TSV] [--out DIR]``
(default ``bench/data/IL_customs_book_2026-03.tsv``), or, with a new build of the lines,
``python bench/regen_il_tariff.py --from-supplements _tariff_supplements.py`` to rewrite that
TSV from it first.

Where the lines come from. The Israel Tax Authority publishes its customs book (the customs
tariff, "Shaar Olami") as XML files: the items with their 10-digit classification, each
item's tariffs (the general customs duty "מכס כללי", the purchase tax, the trade agreements),
their history and their computation methods (rate, amount per unit, unit, the computation in
Hebrew and English). No download was possible here; the lines read are those a project built
from those XML files on 2026-03-10 and committed as Python literals:
``functions/lib/_tariff_supplements.py`` of github.com/doronrpa-hub/rpa-port-platform @
84d322a, whose ``GENERAL_CUSTOMS`` maps each of 9,571 items to the English computation text of
its general customs duty in force (status active, end date in 2026 or later; where several
were, the latest start), and the amount per unit and unit where the duty has one. Its builder
writes ``Tax Free`` where the duty has neither a rate nor an English text. The file is read
as data (``ast.literal_eval``), never run. The TSV keeps code, text, amount and unit id.

How a duty is read: ``Tax Free`` is 0 %; ``N%`` ad valorem; ``N ₪ per Kilogram``, ``per
Each``, ``per Tonne``, ``per Litre``, ``per square metre`` a specific duty in shekels, alone
or after ``N% +``, with ``but no more than N%`` as an ad valorem maximum; the amount and unit
must be those of the item's amount per unit, or the line is not covered. ``Tax Free`` with an
amount per unit (a specific duty whose text is missing), and any other text (``100% from
general tax``), are ``not_covered`` lines with the text: fail closed, never 0 %.

Which entries are written. Only items with no item under them: an item whose code, without
its trailing national zeros, begins another item's code is a heading of the book, whose own
entry would hide its lines. (The book also keeps HS2017 items beside the HS2022 ones that
replaced them, 4905 91 and 99 beside 4905 90: each is written, a quote's HS2022 code finds
its own.) A line's code is written without its trailing national
zeros (``6403512000`` as ``6403512``), so that an 8-digit code a quote gives finds it. The
lines of a six-digit subheading that charge alike become one six-digit entry, else each is
written (a six-digit lookup over lines of different duties names them). Each from
2026-03-10: the copy does not keep each duty's start date. The days before: a line the
Korea Customs Service's table of Israel's tariff as saved 2025-06-13 charges alike (a plain
ad valorem rate or free; ``bench/data/IL_kcs_tariff_2025.tsv``) is dated from that day, any
other line, and every code only that table has, is ``not_covered`` from that day to
2026-03-09 (bench/kcs_dated_back.py). Confidence low: a third party's
build of the official files, read in March 2026; nor are the purchase tax, the trade
agreement rates, anti-dumping and safeguard duties or later changes in it: a quote on these
lines goes to review.
"""

from __future__ import annotations

import ast
import bisect
import hashlib
import re
import sys
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _regen import (  # noqa: E402
    export_parser,
    refuse_codes_twice,
    write_kept_lines,
)
from kcs_dated_back import (  # noqa: E402
    kcs_mfn,
    kcs_option,
    kcs_source,
    write_dated_line_table,
)

from pricing_engine.rules.fields import Per, SourceModel, SpecificModel  # noqa: E402
from pricing_engine.rules.model import MfnEntry  # noqa: E402

DEFAULT = ROOT / "bench" / "data" / "IL_customs_book_2026-03.tsv"
#: The Korea Customs Service's table of the tariff (its MFN column), for the days before.
KCS_MFN = ROOT / "bench" / "data" / "IL_kcs_tariff_2025.tsv"
KCS_WORKBOOK = "2025년_이스라엘_관세율표.xlsx"
BUILT = date(2026, 3, 10)  # the day the lines were built from the customs book's XML
NUMBER = r"(\d+(?:\.\d+)?)"
#: Unit in the English text -> (the rule format's unit, the customs book's unit id).
UNITS: dict[str, tuple[Per, int]] = {
    "Kilogram": ("kg", 6), "Each": ("unit", 1), "Tonne": ("tonne", 8),
    "Litre": ("litre", 12), "square metre": ("m2", 28),
}
DUTY = re.compile(rf"^(?:{NUMBER}% \+ )?{NUMBER} ₪ per ({'|'.join(UNITS)})\)?"
                  rf"(?: but no more than {NUMBER}%)?$")
AD_VALOREM = re.compile(rf"^{NUMBER}%$")
SOURCE = SourceModel(
    id="il-customs-book",
    title="Israel Tax Authority, the customs book (Shaar Olami) as XML: the general customs "
          "duty of each item in force in March 2026",
    url="https://shaarolami-query.customs.mof.gov.il/",
    accessed=date(2026, 12, 3),
    note="read from the lines built from those XML files on 2026-03-10 and committed to "
         "github.com/doronrpa-hub/rpa-port-platform @ 84d322a "
         "(functions/lib/_tariff_supplements.py, GENERAL_CUSTOMS), kept in "
         "bench/data/IL_customs_book_2026-03.tsv")
NOTE = ("The general customs duty of each line of Israel's customs book as built from the Tax "
        "Authority's XML on 2026-03-10 (each line's own start date is not kept: from that "
        "day). Not contained: the purchase tax, trade agreement rates (EU, US, EFTA, UK and "
        "others), anti-dumping and safeguard duties, changes after March 2026. Confidence "
        "low: a third party's build of the official files; a quote on these lines goes to "
        "review.")
MADE_BY = "bench/regen_il_tariff.py from lines built from Israel's customs book"
NOTE_BEFORE = (" Before 2026-03-10: from 2025-06-13 the lines the Korea Customs Service's 2025 "
               "table of Israel's tariff charges alike (plain ad valorem or free); the other "
               "lines, and the codes only that table has, are not covered on those days.")
KCS_SOURCE = kcs_source("IL", "Israel", KCS_WORKBOOK, "기본세율", KCS_MFN.name, "lines")

Row = tuple[str, str, str, str]


def literal_assignments(path: Path) -> dict[str, Any]:
    """The top-level ``NAME = <literal>`` assignments of a Python file, read as data (the
    file is parsed, never run); a file that is not Python stops the script, naming it."""
    try:
        tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    except (OSError, SyntaxError, ValueError) as err:
        raise SystemExit(f"{path}: not a Python file of literals: {err}") from None
    found: dict[str, Any] = {}
    for node in tree.body:
        if (isinstance(node, ast.Assign) and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)):
            try:
                found[node.targets[0].id] = ast.literal_eval(node.value)
            except ValueError:
                continue
    return found


def tsv_from_supplements(source: Path, out: Path) -> int:
    """Rewrite ``out`` from the builder's Python literals: code, English text, amount per
    unit and unit id of each item of ``GENERAL_CUSTOMS``. Returns the number kept."""
    raw = source.read_bytes()
    general = literal_assignments(source).get("GENERAL_CUSTOMS")
    if not isinstance(general, dict):
        raise SystemExit(f"{source}: no GENERAL_CUSTOMS mapping")
    kept: list[str] = []
    for code, item in sorted(general.items()):
        if not (isinstance(code, str) and re.fullmatch(r"\d{10}", code)
                and isinstance(item, dict) and isinstance(item.get("rate"), str)):
            raise SystemExit(f"{source}: GENERAL_CUSTOMS item {code!r} is not a 10-digit "
                             f"code with a rate text: {item!r}")
        text = " ".join(item["rate"].split())
        fields = (str(item.get("per_unit", "")), str(item.get("mu_id", "")))
        if any("\t" in f for f in fields):
            raise SystemExit(f"{source}: GENERAL_CUSTOMS item {code}: a tab in {fields!r}")
        kept.append("\t".join((code, text, *fields)))
    header = [
        "# Israel's customs book: the general customs duty of each item as built from the",
        "# Israel Tax Authority's XML files on 2026-03-10 (GENERAL_CUSTOMS of",
        "# functions/lib/_tariff_supplements.py, github.com/doronrpa-hub/rpa-port-platform",
        f"# @ 84d322a), sha256 {hashlib.sha256(raw).hexdigest()}:",
        "# the 10-digit code, the English computation text ('Tax Free' where the duty has",
        "# no rate and no English text), the amount per unit and the unit id (empty: none).",
        "# Written by bench/regen_il_tariff.py --from-supplements.",
        "# CODE\tDUTY\tPER_UNIT\tUNIT",
    ]
    return write_kept_lines(out, header, kept)


def read_tsv(path: Path) -> list[Row]:
    """(code, text, amount per unit, unit id) of each line; a row of another shape stops
    the script naming the file and line."""
    rows: list[Row] = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 4 or not re.fullmatch(r"\d{10}", parts[0]) or not parts[1]:
            raise SystemExit(f"{path}:{number}: not 'CODE<TAB>DUTY<TAB>PER_UNIT<TAB>UNIT': "
                             f"{line!r}")
        rows.append((parts[0], parts[1], parts[2], parts[3]))
    return rows


def headings(codes: list[str]) -> set[str]:
    """The codes under which another code lies: the code without its trailing national zeros
    (its six HS digits kept whole) begins another code. Six HS digits are never a heading of
    other six: the book keeps HS2017 items beside HS2022 ones (4905 90 00 00 and the 4905 91
    and 99 it replaced), and 0510 00 00 00 is no heading of 0511."""
    ordered = sorted(codes)
    found: set[str] = set()
    for code in ordered:
        stem = code[:6] + code[6:].rstrip("0")
        at = bisect.bisect_left(ordered, stem)
        while at < len(ordered) and ordered[at].startswith(stem):
            if ordered[at] != code:
                found.add(code)
                break
            at += 1
    return found


def _percent(text: str) -> Decimal:
    return Decimal(text) / 100


def line_entry(code: str, text: str, per_unit: str, unit: str) -> MfnEntry:
    """The MFN entry of one line (its code without trailing national zeros)."""
    hs = code[:6] + code[6:].rstrip("0")
    if text == "Tax Free" and not per_unit:
        return MfnEntry(hs=hs, rate=Decimal(0), valid_from=BUILT)
    found = AD_VALOREM.match(text)
    if found and not per_unit:
        return MfnEntry(hs=hs, rate=_percent(found[1]), valid_from=BUILT)
    found = DUTY.match(text)
    if found and per_unit:
        rate, amount, name, cap = found.groups()
        per, unit_id = UNITS[name]
        if Decimal(amount) == Decimal(per_unit) and unit == str(unit_id):
            specific = SpecificModel(amount=Decimal(amount), currency="ILS", per=per)
            return MfnEntry(hs=hs, rate=None if rate is None else _percent(rate),
                            specific=(specific,),
                            max_rate=None if cap is None else _percent(cap),
                            valid_from=BUILT)
    if per_unit:
        named = next((n for n, (_, i) in UNITS.items() if str(i) == unit), f"unit id {unit}")
        amount = Decimal(per_unit).normalize()
        why = ("the customs book's duty of this line is not read here: its text does not "
               f"say how its amount per unit is charged ('{text}', ILS {amount:f} per {named})")
    else:
        why = f"the customs book's duty of this line is not read here: '{text}'"
    return MfnEntry(hs=hs, not_covered=why, valid_from=BUILT)


def main() -> None:
    """Read the lines, build the table, write it, print figures."""
    parser = export_parser(__doc__, DEFAULT)
    parser.add_argument("--from-supplements", type=Path, metavar="PY_LITERALS",
                        help="first rewrite LINES_TSV from the builder's Python literals")
    kcs_option(parser, KCS_MFN, KCS_WORKBOOK)
    args = parser.parse_args()
    if args.from_xlsx:
        parser.error("the lines are read from the builder's Python literals: use "
                     "--from-supplements")
    if args.from_supplements:
        print(f"{tsv_from_supplements(args.from_supplements, args.lines)} items written to "
              f"{args.lines}")
    rows = read_tsv(args.lines)
    refuse_codes_twice((code for code, *_ in rows), "customs book items")
    skip = headings([code for code, *_ in rows])
    lines = [line_entry(*row) for row in rows if row[0] not in skip]
    refuse_codes_twice((e.hs for e in lines), "lines without their trailing zeros")
    kinds = Counter("free" if e.rate == 0 and not e.specific else
                    "ad valorem" if e.specific is None and e.rate is not None else
                    "specific" if e.specific else "not read" for e in lines)
    print(f"{len(rows)} items read, {len(skip)} headings, {len(lines)} lines: {dict(kinds)}")
    snapshot = {code[:6] + code[6:].rstrip("0"): text for code, text in kcs_mfn(
        args.kcs_xlsx, "기본세율", 10, KCS_MFN, "Israel's customs tariff").items()}
    write_dated_line_table(lines, snapshot, tariff="IL", as_of=BUILT, source=SOURCE,
                           kcs=KCS_SOURCE, what="KCS's 2025 table of Israel's tariff",
                           import_format="il-customs-book", kept=args.lines,
                           note=NOTE + NOTE_BEFORE, out=args.out, made_by=MADE_BY)


if __name__ == "__main__":
    main()
