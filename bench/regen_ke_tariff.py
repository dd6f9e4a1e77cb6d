"""Write rules/tariffs/KE.yaml from the East African Community's Common External Tariff 2022.

Run from the repository root: ``python bench/regen_ke_tariff.py [LINES_TSV] [--out DIR]``
(default ``bench/data/KE_eac_cet_2022.tsv``), or ``python bench/regen_ke_tariff.py --from-md
CET_MD`` to rewrite that TSV first from a Markdown rendering of the tariff.

The source. Kenya applies the EAC Common External Tariff (the EAC Customs Management Act, 2004:
one tariff for the Partner States). Its 2022 version (HS 2022, 8-digit lines, in force from
2022-07-01: bands 0, 10, 25 and 35 %, Schedule 2 "sensitive items" at their own rates) was
amended by the EAC's 2023/24 budget measures (EAC Gazette, Legal Notice EAC/117/2022 and its
corrigenda, Tables I-IV of the approved measures). The copy read is the EAC's consolidated
"Common External Tariff 2022 Version, updated June 2023", rendered as Markdown in
github.com/RIFAZ-SOLUTIONS/dataprepai @ 3e10cd8 (``UPDATED_EAC_CET_2022_VERSION_JUNE_23_1.md``;
sha256 in the TSV's header): the body of Schedule 1 carries the amended rates (15 amended lines
checked: chapter 3 at 35 %, 0102.29.00 at 35 %, 2106.90.10 at 25 % ...), and a line marked
``SI`` takes its rate from Schedule 2.

How ``--from-md`` reads it. Each table row whose cell is an 8-digit code (``0101.21.00``) is a
line; its rate is the row's last cell that reads as a rate (``%``, ``$``, ``USD``, ``SI``). The
PDF behind the rendering wrapped some cells: a rate with ``or`` that is not complete is joined
with the rate cells of the rows without a code that follow it (the steel lines' "25% or
$200/MT whichever is higher"); on a line of chapter 72 whose joined text is still made only of
that rate's words, scattered by the rendering ("25% or", "whichever 25% or"), the steel rate
is written and the line flagged ``rebuilt``; a line with no rate cell whose neighbouring row
without a code has one is written with that rate and flagged ``adjacent``, and such lines are
not priced (the rendering does not say whose rate it is). Two stacked rows merged into one
cell ("10% 10%") are split. The TSV keeps, per line, the code, the duty text, the schedule it
comes from and those flags.

How a duty is read: ``N%`` ad valorem; ``N% or $M/MT whichever is higher`` and ``N% or USD
M/kg whichever is higher`` the ad valorem rate with a specific minimum in US dollars per tonne
or per kg (the tariff says which applies: the higher). A line with no rate, or flagged
``adjacent``, is ``not_covered``; any other text stops the script, naming the line. Lines of
a six-digit subheading that all charge alike become one six-digit entry, else each line is
written. The rendering lost a few lines (some ten of the about 5,950 the PDF has, such as
6309.00.90): a quote of such a line is read as its subheading (the engine's rule for a code a
table does not list), priced where the lines read charge alike, else naming them.

Valid from 2023-07-01 (the 2023/24 measures' date), ``confidence: low``: a rendering of the
EAC's text by a third party, and the EAC's later budget measures (July 2024, July 2025) and
Kenya's own stays of application and remissions are not in it.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _regen import (  # noqa: E402
    export_parser,
    percent,
    refuse_codes_twice,
    write_kept_lines,
    write_national_table,
)

from pricing_engine.rules.fields import SourceModel, SpecificModel  # noqa: E402
from pricing_engine.rules.model import MfnEntry  # noqa: E402

DEFAULT = ROOT / "bench" / "data" / "KE_eac_cet_2022.tsv"
AS_OF = date(2023, 7, 1)
COPY = ("github.com/RIFAZ-SOLUTIONS/dataprepai @ 3e10cd8, "
        "UPDATED_EAC_CET_2022_VERSION_JUNE_23_1.md")
SOURCE = SourceModel(
    id="eac-cet-2022",
    title="East African Community: Common External Tariff 2022 Version, updated June 2023 "
          "(Schedule 1 and Schedule 2, sensitive items; HS 2022, 8-digit lines)",
    url="https://www.eac.int/customs/common-external-tariff",
    accessed=date(2026, 12, 6),
    note=f"read from a Markdown rendering of the EAC's PDF: {COPY} "
         "(https://github.com/RIFAZ-SOLUTIONS/dataprepai); kept in "
         "bench/data/KE_eac_cet_2022.tsv")
NOTE = ("Kenya's import duty: the EAC Common External Tariff 2022 as updated in June 2023 "
        "(the 2023/24 budget measures), each 8-digit line from 2023-07-01; sensitive items at "
        "their Schedule 2 rate ('75% or $345/MT whichever is higher': the ad valorem rate with "
        "a minimum in US dollars per tonne). Not contained: the EAC's later budget measures "
        "(from July 2024), Kenya's stays of application and duty remissions, the preferences "
        "(EAC and COMESA origin, EPA), the import declaration fee and railway development "
        "levy, and excise. A line the rendering read gives no trusted rate for, or a code with "
        "no line read, fails closed. Low: a third party's rendering of the EAC's text (a quote "
        "it prices goes to review).")
MADE_BY = "bench/regen_ke_tariff.py from the EAC Common External Tariff 2022 (June 2023)"

CODE = re.compile(r"^(\d{4})\.(\d{2})\.(\d{2})(?:\s+(.*))?$")
RATE_CELL = re.compile(r"%|\bSI\b|\$|USD")
PERCENT = re.compile(r"^(\d+(?:\.\d+)?)%$")
HIGHER = re.compile(r"^(\d+(?:\.\d+)?)% or (?:\$|USD ?)(\d+(?:\.\d+)?)/(MT|kg) whichever is "
                    r"higher$", re.I)
PER = {"mt": "tonne", "kg": "kg"}
#: the sensitive steel lines' rate, whose words the rendering scatters over the rows around
#: some lines of chapter 72 (the 22 lines it is read on are those another project checked
#: against the PDF: rules/SOURCES.md)
STEEL = "25% or $200/MT whichever is higher"
STEEL_WORDS = set(STEEL.split())


def _cells(line: str) -> list[str] | None:
    """The cells of a Markdown table row, or None for another line (or a rule row)."""
    if not line.startswith("|") or set(line.strip()) <= set("|-: "):
        return None
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _code(cells: list[str]) -> tuple[int, str] | None:
    """The index and the 8 digits of the row's tariff line code, if it has one."""
    for k, cell in enumerate(cells):
        found = CODE.match(cell)
        if found:
            return k, "".join(found.groups()[:3])
    return None


def _rate(cells: list[str]) -> str:
    """The row's last non-empty cell when it reads as a rate, spaces tidied."""
    filled = [c for c in cells if c]
    if not filled or not RATE_CELL.search(filled[-1]) or filled[-1].startswith("H.S."):
        return ""
    text = " ".join(filled[-1].replace("%or", "% or").split())
    return re.sub(r"(\d)\s+%", r"\1%", text).replace("$ ", "$")


def _schedule(rows: list[list[str] | None], lo: int, hi: int) -> dict[str, tuple[str, str]]:
    """Line code -> (rate text, flags) for the rows ``lo``..``hi`` of one schedule."""
    out: dict[str, tuple[str, str]] = {}
    for i in range(lo, hi):
        cells = rows[i]
        found = _code(cells) if cells else None
        if cells is None or found is None:
            continue
        k, code = found
        rate, flags = _rate(cells[k + 1:]), []
        if rate == "10% 10%":  # two stacked rows merged into one cell
            rate, flags = "10%", ["merged"]
        if rate and re.search(r"\bor\b|whichever", rate) and not HIGHER.match(rate):
            j = i + 1
            while j < hi and (row := rows[j]) is not None and _code(row) is None:
                rate += " " + " ".join(c for c in row[-1:] if c)  # the rate column's fragment
                j += 1
            rate, flags = " ".join(rate.split()), [*flags, "joined"]
            words = set(rate.split())
            if not HIGHER.match(rate) and code.startswith("72") and words <= STEEL_WORDS:
                rate, flags = STEEL, [*flags, "rebuilt"]  # the steel rate's words, garbled
        if not rate:
            for j in (i - 1, i + 1):
                near = rows[j] if 0 <= j < len(rows) else None
                if near is not None and _code(near) is None and _rate(near):
                    rate, flags = _rate(near), [*flags, "adjacent"]
                    break
        out.setdefault(code, (rate, ",".join(flags)))
    return out


def tsv_from_md(md: Path, out: Path) -> int:
    """Rewrite ``out`` from the Markdown rendering: code, duty text, schedule and flags of each
    line of Schedule 1 (an ``SI`` line with its Schedule 2 rate). Returns the lines kept."""
    raw = md.read_bytes()
    text = raw.decode("utf-8").split("\n")
    rows = [_cells(line) for line in text]
    second = [i for i, line in enumerate(text) if line.strip() == "## SCHEDULE 2"][-1]
    end = next(i for i in range(second, len(text))
               if text[i].startswith("## EAST AFRICAN COMMUNITY GAZETTE"))
    first, sensitive = _schedule(rows, 0, second), _schedule(rows, second, end)
    kept = []
    for code, (rate, flags) in sorted(first.items()):
        schedule = "1"
        if rate == "SI":
            rate, more = sensitive.get(code, ("", "no schedule 2 rate"))
            schedule, flags = "2", ",".join(f for f in (flags, more) if f)
        kept.append(f"{code}\t{rate or '(none)'}\t{schedule}\t{flags}")
    header = [
        "# The EAC Common External Tariff 2022 Version, updated June 2023, as rendered in",
        f"# {COPY}",
        f"# (sha256 {hashlib.sha256(raw).hexdigest()}): of each 8-digit line of Schedule 1, the",
        "# code, the duty as written ((none) where no rate was read; an SI line's Schedule 2",
        "# rate), the schedule it comes from and the flags of how its rate was read (merged,",
        "# joined, adjacent). Written by bench/regen_ke_tariff.py --from-md.",
        "# CODE\tDUTY\tSCHEDULE\tFLAGS",
    ]
    return write_kept_lines(out, header, kept)


def read_tsv(path: Path) -> list[tuple[str, str, str, str]]:
    """(code, duty, schedule, flags) of each line; a row of another shape stops the script."""
    rows = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 4 or not re.fullmatch(r"\d{8}", parts[0]) or parts[2] not in "12":
            raise SystemExit(f"{path}:{number}: not a line 'CODE<TAB>DUTY<TAB>SCHEDULE<TAB>"
                             f"FLAGS': {line!r}")
        rows.append((parts[0], parts[1], parts[2], parts[3]))
    refuse_codes_twice((code for code, *_ in rows), "tariff lines")
    return rows


def line_entry(code: str, text: str, flags: str) -> MfnEntry:
    """The MFN entry of one line from its duty as written and the flags of its reading."""
    if "adjacent" in flags.split(","):
        return MfnEntry(hs=code, not_covered=(
            f"the rendering of the EAC tariff read prints no rate on this line ('{text}' is the "
            "next row's, which may be another line's): not trusted"))
    if text == "(none)":
        return MfnEntry(hs=code, not_covered="the rendering of the EAC tariff read gives no "
                                             "rate for this line")
    found = PERCENT.match(text)
    if found:
        return MfnEntry(hs=code, rate=Decimal(found[1]) / 100)
    found = HIGHER.match(text)
    if found:
        return MfnEntry(hs=code, rate=Decimal(found[1]) / 100, min=SpecificModel(
            amount=Decimal(found[2]), currency="USD", per=PER[found[3].lower()]))
    raise SystemExit(f"{code}: duty text not understood: {text!r}")


def main() -> None:
    """Read the lines, build the table, write it, print figures."""
    parser = export_parser(__doc__, DEFAULT, option="--from-md", metavar="CET_MD",
                           what="the Markdown rendering of the tariff")
    args = parser.parse_args()
    if args.from_md:
        print(f"{tsv_from_md(args.from_md, args.lines)} lines written to {args.lines}")
    raw = args.lines.read_bytes()
    rows = read_tsv(args.lines)
    entries = [line_entry(code, text, flags) for code, text, _, flags in rows]
    out, written, _ = write_national_table(
        {e.hs: e for e in entries}, tariff="KE", as_of=AS_OF, source=SOURCE,
        import_format="eac-cet-md", file=args.lines.name,
        sha256=hashlib.sha256(raw).hexdigest(), confidence="low", note=NOTE, out=args.out,
        made_by=MADE_BY)
    kinds = Counter("N% or min" if e.min else "N%" if e.rate is not None else "not covered"
                    for e in entries)
    print(f"{len(rows)} lines read ({len({c[:6] for c, *_ in rows})} subheadings; schedule 2: "
          f"{sum(1 for r in rows if r[2] == '2')}): {dict(kinds)}")
    print(f"written to {out}: {len(written)} entries", dict(Counter(len(e.hs) for e in written)),
          "rates", dict(Counter(
        percent(e.rate) for e in entries if e.rate is not None).most_common(8)))


if __name__ == "__main__":
    main()
