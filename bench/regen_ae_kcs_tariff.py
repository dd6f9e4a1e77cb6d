"""Write rules/tariffs/AE.kcs.yaml: the UAE's lines of the GCC tariff that the general 5 % misses.

Run from the repository root: ``python bench/regen_ae_kcs_tariff.py [LINES_TSV] [--out DIR]``
(default ``bench/data/AE_kcs_tariff_2025.tsv``), or, with a new table, ``python
bench/regen_ae_kcs_tariff.py --from-xlsx TABLE.xlsx`` to rewrite that TSV from the Korea Customs
Service's workbook of the UAE's tariff first (``2025년_아랍에메리트_관세율표.xlsx``, data.go.kr
dataset 15051176, saved 2025-06-13; the copy read is named in the TSV's header).

Why. The UAE applies the GCC's common tariff: 5 % on most goods, which rules/countries/AE.yaml
gives as its general regime (``hs: "*"``), with the GCC's exempt goods failing closed there and
rules/tariffs/AE.yaml giving the subheadings of Oman's edition of the GCC tariff that could be
read line by line. The GCC tariff is free on many more lines than the exempt list: the
Information Technology Agreement's goods (telephones, computers, semiconductors, their
machines), gold, antibiotics and vitamins, seeds... On those the general 5 % overstates the
duty. KCS's table gives every 12-digit line of the UAE's tariff with its duty.

What is written. The 12-digit lines (the GCC's 8 digits and a national suffix) are gathered
under their 8-digit code where they charge alike; where they do not, each line is written (a
quote may give it; the 8-digit code names them). A six-digit subheading is written (its
lines, or one entry where they agree) where the curated file fails closed on it (the GCC
exempt list) or where one of its lines charges other than the general 5 %; not where
rules/tariffs/AE.yaml already gives it (Oman's edition, the government's own text; the lines
they share are compared and the count printed), nor under the prefixes the curated file keeps
(alcohol, tobacco and pork, whose national rates differ). How a duty is read: ``N%`` (and
``0``) ad valorem; ``PROHIBITED`` (import banned) and ``special goods`` (the GCC's goods whose
duty each state sets: alcohol, tobacco, pork) are ``not_covered`` with the table's words; an
empty cell is ``not_covered``; any other text stops the script, naming the line. Each entry is
in force from 2025-06-13, the day KCS saved the table (before it the curated rules answer),
with confidence low: a compilation, not the UAE's legal text, so a quote it prices goes to
review.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _regen import (  # noqa: E402
    CHAPTERS_1_97,
    charge_key,
    curated_mfn_entries,
    export_parser,
    gather_lines,
    percent,
    refuse_codes_twice,
    write_kept_lines,
    write_national_table,
    xlsx_rows,
)
from regen_gcc_tariff import LEFT_OUT  # noqa: E402
from regen_kcs_tariff import COPY, _cell  # noqa: E402

from pricing_engine.rules.fields import SourceModel  # noqa: E402
from pricing_engine.rules.model import MfnEntry  # noqa: E402

DEFAULT = ROOT / "bench" / "data" / "AE_kcs_tariff_2025.tsv"
WORKBOOK = "2025년_아랍에메리트_관세율표.xlsx"
AS_OF = date(2025, 6, 13)  # the day KCS saved the 2025 workbooks
GENERAL = Decimal("0.05")  # rules/countries/AE.yaml's hs "*"
AD_VALOREM = re.compile(r"^(\d+(?:\.\d+)?) ?%$")
EMPTY = "(none)"
SOURCE = SourceModel(
    id="ae-kcs-tariff-2025",
    title="United Arab Emirates, the GCC common customs tariff as the UAE applies it: the duty "
          "of each tariff line as the Korea Customs Service's 2025 table of the country's "
          "tariff gives it (관세청 국가별 관세율표, data.go.kr dataset 15051176)",
    url="https://www.data.go.kr/data/15051176/fileData.do",
    accessed=date(2026, 12, 6),
    note=f"{WORKBOOK}, saved 2025-06-13, read from the copy committed to {COPY}; kept in "
         "bench/data/AE_kcs_tariff_2025.tsv. Reference material compiled by KCS, not the "
         "country's legal text")
NOTE = ("The UAE's duty on the lines of the GCC common tariff where the general 5 % of "
        "rules/countries/AE.yaml does not hold or the curated rules fail closed (the GCC exempt "
        "list), as the Korea Customs Service's 2025 table gives each line (saved 2025-06-13), "
        "from that day: mostly free lines (Information Technology Agreement goods, gold, "
        "antibiotics, seeds, exempt foods). 12-digit lines are gathered under their 8-digit code "
        "where they charge alike, else each line is written. Not contained: the preferences "
        "(GCC, GAFTA and the UAE's partnership agreements), anti-dumping duties, excise, and any "
        "change after the table was saved. Prohibited lines and the GCC's special goods fail "
        "closed. Low: a compilation, not the legal text (a quote it prices goes to review).")
MADE_BY = "bench/regen_ae_kcs_tariff.py from the Korea Customs Service's table of the UAE's tariff"


def tsv_from_xlsx(xlsx: Path, out: Path) -> int:
    """Rewrite ``out`` from the KCS workbook: the 12-digit code and the duty as written
    (``(none)`` where empty) of each line of chapters 1-97. Returns the lines kept."""
    raw = xlsx.read_bytes()
    columns: dict[str, str] = {}
    kept: list[str] = []
    for number, cells in xlsx_rows(xlsx):
        if not columns:
            columns = {_cell(v): k for k, v in cells.items()}
            if "세번" not in columns or "기본세율" not in columns:
                raise SystemExit(f"{xlsx}: row {number}: no column headed 세번 and 기본세율")
            continue
        code = cells.get(columns["세번"], "").strip()
        if len(code) != 12 or not code.isdigit() or not code.startswith(CHAPTERS_1_97):
            continue
        kept.append(f"{code}\t{_cell(cells.get(columns['기본세율'], '')) or EMPTY}")
    header = [
        "# United Arab Emirates: the GCC common customs tariff as the UAE applies it, as the Korea",
        f"# Customs Service's 2025 table gives it ({WORKBOOK}, saved 2025-06-13;",
        f"# copy at {COPY}),",
        f"# sha256 {hashlib.sha256(raw).hexdigest()}:",
        "# the 12-digit code and the duty as written (column '기본세율'; (none) where empty) of",
        "# each line of chapters 1-97. Written by bench/regen_ae_kcs_tariff.py --from-xlsx.",
        "# CODE\tDUTY",
    ]
    return write_kept_lines(out, header, kept)


def read_tsv(path: Path) -> list[tuple[str, str]]:
    """(code, duty text) of each line; a row of another shape stops the script."""
    rows: list[tuple[str, str]] = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or not re.fullmatch(r"\d{12}", parts[0]) or not parts[1]:
            raise SystemExit(f"{path}:{number}: not a line 'CODE<TAB>DUTY': {line!r}")
        rows.append((parts[0], parts[1]))
    refuse_codes_twice((code for code, _ in rows), "tariff lines")
    return rows


def line_entry(code: str, text: str) -> MfnEntry:
    """The MFN entry of one line (under its 8-digit code) from its duty as written."""
    found = AD_VALOREM.match(text)
    if found or text == "0":
        rate = Decimal(found[1]) / 100 if found else Decimal(0)
        return MfnEntry(hs=code[:8], rate=rate, valid_from=AS_OF)
    if text == "PROHIBITED":
        why = "the UAE's tariff as KCS gives it marks this line PROHIBITED: its import is banned"
    elif text.lower() == "special goods":
        why = ("the UAE's tariff as KCS gives it marks this line 'special goods', the GCC's "
               "goods whose duty each state sets (alcohol, tobacco, pork): its duty is not given")
    elif text == EMPTY:
        why = "the UAE's tariff as KCS gives it has no duty for this line"
    else:
        raise SystemExit(f"{code}: duty text not understood: {text!r}")
    return MfnEntry(hs=code[:8], not_covered=why, valid_from=AS_OF)


def eight_digit_codes(rows: list[tuple[str, str]]) -> dict[str, MfnEntry]:
    """One entry per 8-digit code whose 12-digit lines charge alike, and per 12-digit line of
    the other codes (:func:`_regen.gather_lines`)."""
    by8: dict[str, list[tuple[str, MfnEntry]]] = defaultdict(list)
    for code, text in sorted(rows):
        by8[code[:8]].append((code, line_entry(code, text)))
    return {e.hs: e for code, got in by8.items() for e in gather_lines(got, code)}


def curated_closed() -> tuple[str, ...]:
    """The prefixes rules/countries/AE.yaml fails closed on for the GCC exempt list (the
    ``not_covered`` entries citing it), which this table may fill."""
    return tuple(e["hs"] for e in curated_mfn_entries("AE")
                 if e.get("not_covered") and e.get("source") == "gcc-exempt")


def oman_subheadings() -> dict[str, MfnEntry]:
    """The subheadings rules/tariffs/AE.yaml (Oman's edition of the GCC tariff) gives."""
    doc = yaml.safe_load((ROOT / "rules" / "tariffs" / "AE.yaml").read_text("utf-8"))
    return {e["hs"]: MfnEntry(**{k: v for k, v in e.items() if k in ("hs", "rate",
                                                                       "not_covered")})
            for e in doc["mfn"]}


def main() -> None:
    """Read the lines, choose the subheadings, write the table, print figures."""
    parser = export_parser(__doc__, DEFAULT, what="the KCS workbook of the UAE's tariff")
    args = parser.parse_args()
    if args.from_xlsx:
        print(f"{tsv_from_xlsx(args.from_xlsx, args.lines)} lines written to {args.lines}")
    rows = read_tsv(args.lines)
    kinds = Counter(AD_VALOREM.sub("N %", text) for _, text in rows)
    codes = eight_digit_codes(rows)
    closed, oman = curated_closed(), oman_subheadings()
    by6: dict[str, list[MfnEntry]] = defaultdict(list)
    for code, entry in codes.items():
        by6[code[:6]].append(entry)
    chosen: dict[str, MfnEntry] = {}
    compared: Counter[str] = Counter()
    for sub, entries in sorted(by6.items()):
        if sub in oman:
            agree = all(charge_key(e) == charge_key(oman[sub]) for e in entries)
            compared["agree" if agree else "differ"] += 1
            continue
        if sub.startswith(LEFT_OUT):
            continue
        if sub.startswith(closed) or any(charge_key(e) != (GENERAL, None) for e in entries):
            chosen.update((e.hs, e) for e in entries)
    kept = args.lines
    written, entries, _ = write_national_table(
        chosen, tariff="AE", as_of=AS_OF, source=SOURCE, import_format="kcs-tariff-xlsx",
        file=kept.name, sha256=hashlib.sha256(kept.read_bytes()).hexdigest(),
        confidence="low", note=NOTE, out=args.out, made_by=MADE_BY, total=len(rows),
        parsed=len(rows),  # every duty text is read (a text not understood stops the script)
        name="AE.kcs.yaml", in_force_from_as_of=False)
    print(f"{len(rows)} lines read, all understood: {dict(kinds)}; {len(codes)} 8-digit codes, "
          f"{len(by6)} subheadings")
    print(f"subheadings rules/tariffs/AE.yaml gives (Oman's edition), compared: {dict(compared)}")
    print(f"written to {written}: {len({c[:6] for c in chosen})} subheadings, {len(entries)} "
          f"entries", dict(Counter(len(e.hs) for e in entries)),
          f"rates: {dict(Counter(percent(e.rate) for e in entries if e.rate is not None))}, "
          f"not covered: {sum(1 for e in entries if e.not_covered is not None)}")


if __name__ == "__main__":
    main()
