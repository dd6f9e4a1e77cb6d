"""Write rules/tariffs/XX.yaml from the Korea Customs Service's table of country XX's tariff.

Run from the repository root: ``python bench/regen_kcs_tariff.py XX [LINES_TSV] [--out DIR]``
(XX one of AU, CO, IN, JP, MX, MY, PE, PH, TH; default ``bench/data/XX_kcs_tariff_2025.tsv``),
or, with a new table, ``python bench/regen_kcs_tariff.py XX --from-xlsx TABLE.xlsx`` to
rewrite that TSV from it first.

Where the lines come from. The Korea Customs Service (관세청) publishes, for Korean
exporters, each partner country's import tariff as a workbook of the same layout
("관세청_국가별 관세율표", data.go.kr dataset 15051176: serial, year, country, tariff code,
descriptions, then the country's own duty columns). Its tables are reference material, not
the country's legal text. The 2025 workbooks (saved by KCS on 2025-06-13; release of
2025-12-31) read here are the copies committed to
github.com/tayayayait/2026-Korea-Customs-Service-Public-Data-AI-Startup-Contest @ 1ba3e66
(``api가이드파일/관세청_국가별 관세율표_20251231/``; the same files, byte for byte, are in
github.com/gud98305-commits/teamproject2_4 @ c550b6e). The TSV keeps each tariff line's code,
its MFN duty as written and, where the table gives one, its tariff-quota text
(``--from-xlsx`` finds the columns by their headings, with the standard library).

Per country: the column read (its heading), the lines (national codes of 8 or 10 digits of
chapters 1-97) and the duty texts read:

- CO, Colombia (Decree 1881 of 2021, 10-digit subpartidas): 최혜국세율 (MFN). ``N%``; ``N%
  (Andean Price)`` (the Andean Price Band System adds a variable duty or rebate to the ad
  valorem, set every fortnight from reference prices: not priced); ``N% (YYYY.MM.DD~YYYY.MM.DD)``
  (a temporary rate: priced to its last day, not covered after).
- MY, Malaysia (Customs Duties Order 2022 as amended, 10-digit lines): 기본세율 (import duty).
  ``N%``; a specific amount ``RMN`` or ``N% and RMN`` whose unit the table does not give (not
  priced); ``RM N per 100% vol. per litre`` (per litre of alcohol); ``N% or RMN each w.i.t.h``
  (whichever is the higher: a minimum per unit); lines with no import duty but a tariff quota
  in 관세할당 (``In: N% Out: M%``: N % in quota, M % out of quota, ``out_of_quota``; the quote
  line says which applies, ``tariff_quota``). The workbook's second block of codes after
  chapter 97, which gives no duty, is left out.
- PE, Peru (Arancel de Aduanas 2022, 10-digit subpartidas): 종가세 (ad valorem). ``N%``.
- TH, Thailand (AHTN 2022, 8-digit lines and some 10-digit statistical lines): 기본세율
  (general rate). ``N%``; ``Exempted`` (free); ``N% or N baht/Kilogram`` (or Litre: whichever
  is the higher, as the Thai tariff reads "or"); ``N baht/Litre`` (or Kilogram, Metre); other
  forms (per "Solid Kilogram - not solid litre") are not priced. A line whose 기본세율 is
  empty, where neither it nor a line above or under it gives one, charges its (or the line
  above's) statutory rate, column 상한세율 (the Customs Tariff Decree's rate, which a
  Ministry of Finance notification under its section 12 lowers line by line; where the table
  gives both, the 기본세율 is never above it), read alike; those texts are kept in
  ``TH_kcs_tariff_2025.statutory.tsv``.
- PH, the Philippines (the Tariff and Customs Code's AHTN 2022 lines, 8 digits; column 최혜국
  MFN): ``N%``. The table divides some lines into 11-digit subdivisions (tariff-quota
  in/out rows, kinds of goods), which a quote cannot name: a line whose subdivisions charge
  alike takes their duty, else it is not covered, naming each subdivision and its duty. The
  lines under rules/countries/PH.yaml's curated prefixes (battery electric vehicles, duty-free
  under EO 12 of 2023 where the table gives the tariff's 30 %) are left to them.
- MX, Mexico (TIGIE 10-digit lines: fracción and NICO; column 기본세율): ``N%``, ``Exemption``
  (free), ``Prohibited`` (not covered), ``N USD/kg``, ``N USD/piece`` and ``N%+N USD/kg``.
  The lines under rules/countries/MX.yaml's curated prefixes that carry the 2026 rates (toys,
  cars) or are not low are left to them; the table's lines win over its other (low,
  heading-level) entries. Mexico's decree of 2025-12-29 raised 1,463 lines for goods of
  countries without a trade agreement from 2026-01-01; only the start of its list is in the
  rules (``bench/data/MX_decree_2025-12-29.tsv``: 3303.00.01 to 3307.41.01), so the table's
  lines in the chapters and headings of the sectors reports of it name
  (:data:`MX_DECREE_2026`) end on 2025-12-31 and from 2026-01-01 take the decree's rate where
  that start of the list names their fracción, keep theirs where they come before its last
  fracción read and it does not name them, and are not covered otherwise.
- IN, India (the Customs Tariff Act 1975's First Schedule, 8-digit tariff items; column
  기본세율, the tariff rate): ``N%``, ``Free`` (``Free%``, any case), ``N% or Rs. N per kg. /
  piece / sq. m., whichever is higher`` (a minimum per kg, unit or m2; ``lower``: a maximum)
  and ``Rs. N per kg.``; other forms (misprints, a choice of three) are not covered. The
  2025 table (the kept TSV) predates the Finance Act 2025 (it gives the rates it amended: 40 %
  on marble blocks, 125 % on cars); its amendments to the First Schedule are read from the
  Finance Bill's Second and Third Schedules (``bench/in_finance_act.py``): the items,
  sub-headings and headings they give a new rate take it, the items they replace give way to
  the lines they insert. A table read from another file is taken as it is (a newer one has
  them). The lines under curated entries of rules/countries/IN.yaml that are not low or give
  a rate from 2025-02-02 are left to them.
  The rates are the Schedule's, not the lower effective rates of exemption notifications.
  Its Korea-India CEPA column (``N% - All Goods``) gives Korean goods their rate.
- AU, Australia (Schedule 3 to the Customs Tariff Act 1995; 8-digit tariff classifications,
  10-digit with their statistical codes; column 기본세율): a second table,
  ``rules/tariffs/AU.kcs.yaml``, beside ``AU.yaml`` (the ABF Working Tariff as a third party
  copied it on 2026-04-01, which lacks some 1,500 subheadings): only the subheadings that
  table has no line in and no curated entry of rules/countries/AU.yaml (not low) answers for,
  each classification's statistical codes gathered, its Rate text read as
  bench/regen_au_tariff.py reads the Working Tariff's (the general rate, a phased rate at its
  last stage; preference categories not read).

Any other text stops the script, naming the line (AU: is not covered, with its text). A line
whose MFN cell is empty is ``not_covered`` (fail closed) unless lines under it give the duty;
an 8-digit line with 10-digit lines under it is written as those lines.

Which entries are written: the lines of a six-digit subheading that charge alike become one
six-digit entry, else each line is written (a six-digit lookup over lines of different duties
names them), in force from 2025-06-13, the day KCS saved the workbooks (the date each rate
took effect is not in them). Confidence low: a second-hand compilation; changes after it,
excise, VAT and trade remedies are not in it.

Agreement rates: the workbook's agreement columns (bench/kcs_preferences.py: KAFTA and RCEP
for AU, Colombia-Korea FTA, ATIGA / AKFTA / RCEP for MY, Peru-Korea FTA, AKFTA / RCEP for TH,
Korea-India CEPA for IN)
are kept beside the lines in ``XX_kcs_tariff_2025.preferences.tsv`` and written as the table's
preferential entries (for AU: every tariff classification's, into AU.kcs.yaml, beside the
curated ``hs: "*"`` zeros of rules/countries/AU.yaml).

- JP, Japan (the April 2025 edition, 9-digit lines): only the agreement rates (its 22 EPA,
  CPTPP, RCEP and US-Japan columns), into ``rules/tariffs/JP.kcs.yaml`` (the EPAs) and
  ``JP.kcs2.yaml`` (the rest) beside JP.yaml (Japan's own schedule, whose MFN duties they are
  matched with, or the curated entries where they win), in force from 2025-04-01; kept in
  ``bench/data/JP_kcs_tariff_2025.preferences.tsv`` (``--from-xlsx`` writes only that file).
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import in_finance_act  # noqa: E402
import kcs_preferences as prefs  # noqa: E402
import yaml  # noqa: E402
from _regen import (  # noqa: E402
    CHAPTERS_1_97,
    NotUnderstood,
    curated_prefixes,
    from_percent,
    percent,
    read_code_duty_tsv,
    refuse_codes_twice,
    write_kept_lines,
    write_national_table,
    xlsx_rows,
)

from pricing_engine.rules.fields import SourceModel, SpecificModel  # noqa: E402
from pricing_engine.rules.model import MfnEntry, QuotaDuty  # noqa: E402
from pricing_engine.tariff.table import by_subheading  # noqa: E402

AS_OF = date(2025, 6, 13)  # the day KCS saved the 2025 workbooks
NUM = r"(\d+(?:\.\d+)?)"
COPY = ("github.com/tayayayait/2026-Korea-Customs-Service-Public-Data-AI-Startup-Contest @ "
        "1ba3e66")
NO_RATE = "(none)"
SUBDIVIDED = "(subdivided)"  # a line whose subdivisions charge differently
#: a tariff-quota cell: the in-quota and the out-of-quota rate ("In: 20% Out: 40%")
QUOTA_RATES = re.compile(rf"In: {NUM}% Out: {NUM}%")


@dataclass(frozen=True)
class Country:
    """What to read from one country's KCS workbook."""

    name: str
    tariff: str  # the tariff's own name, for the source and note
    workbook: str  # its file name in the copy
    mfn: str  # the heading of the MFN column
    digits: tuple[int, ...]  # the lengths of the national line codes
    currency: str  # of its specific duties
    quota: str | None = None  # the heading of a tariff-quota column
    #: the heading of the column of the tariff's statutory rate, which a line charges where
    #: the MFN column gives it no (reduced) rate (Thailand: 상한세율, the Customs Tariff
    #: Decree's rate); kept for those lines beside the lines' TSV (:func:`statutory_tsv`)
    statutory: str | None = None
    fill: bool = False  # only the subheadings the country's own table has no line in
    #: only the agreement rates, beside the country's own table (its lines' MFN duties)
    agreements_only: bool = False
    as_of: date = AS_OF  # the day the workbook's rates are in force from
    #: the length of the lines a quote names, where the table divides some of them further
    #: (the Philippines: 11-digit subdivisions of an 8-digit line, kept with their
    #: description in the TSV's third column and gathered into their line)
    line_length: int | None = None
    #: a change of the tariff after the workbook that the rules cannot place line by line:
    #: (the day it took effect, the code prefixes it is reported to touch, what it did); the
    #: table's lines under those prefixes end the day before and are not covered from then,
    #: but for those the part of its list read gives (:func:`change_list`)
    superseded: tuple[date, tuple[str, ...], str] | None = None
    #: the file in bench/data of the part of the change's list that could be read
    change_list: str | None = None
    #: the file in bench/data of the tariff's rates after the change, read for part of its
    #: lines (:func:`later_rates`): such a line the change's list does not give takes them
    later_list: str | None = None
    #: curated low entries of rules/countries/XX.yaml in force from this day on also win
    #: over the table's lines (they give a rate the table's edition predates)
    curated_from: date | None = None
    #: what the table's note adds of this country's table
    caveat: str = ""

    @property
    def curated_since(self) -> date | None:
        """The day from which curated low entries with a rate also win over the table's lines:
        the change that superseded the table, else :attr:`curated_from`."""
        return self.superseded[0] if self.superseded else self.curated_from

    @property
    def possessive(self) -> str:
        """The name as an owner ("Peru's", "Philippines'")."""
        return self.name + ("'" if self.name.endswith("s") else "'s")


#: The chapters and headings of the sectors the reports of Mexico's decree of 2025-12-29 name
#: (rules/SOURCES.md): cosmetics and soaps, plastics, tyres, leather goods, paper and
#: cardboard, textiles, clothing and footwear, glass, steel and aluminium, household
#: appliances, vehicles, parts and motorcycles, furniture and toys.
MX_DECREE_2026 = (
    "33", "3401", "39", "4011", "42", "48", *map(str, range(50, 65)), "70", "72",
    "73", "76", "8418", "8450", "8508", "8509", "8516", "87", "94", "95")

IN_CAVEAT = (
    "India: these are the tariff rates of the First Schedule, the upper bound of the basic "
    "customs duty; exemption notifications (Notification 50/2017-Customs as amended and "
    "others) set lower effective rates on many lines, often for an end use, which are not "
    "applied (the curated entries of rules/countries/IN.yaml give some). The table predates "
    "the Finance Act 2025, whose amendments to the First Schedule are worked in from the "
    "Finance Bill 2025's Second Schedule (from 2025-02-02) and Third Schedule (from "
    "2025-05-01), source in-finance-bill-2025 (each amended line says which item; the enacted "
    "schedules were not compared with the Bill's); the changes of 2026 (the Finance Act "
    "2026 moved many effective rates into the First Schedule) are not in it. The Agriculture "
    "Infrastructure and Development Cess and the health cess are not included; the social "
    "welfare surcharge is rules/countries/IN.yaml's.")

TH_CAVEAT = (
    "Thailand: a line the table gives no general rate (기본세율) but a statutory one (상한세율, "
    "the rate of the Customs Tariff Decree B.E. 2530, which the Ministry of Finance lowers "
    "line by line by notification) charges the statutory rate, as no lower rate is given for "
    "it (motorcycles 60 %, spirits and beer 60 %, heavy lorries 40 %; where both are given the "
    "general rate is never above the statutory one); each such line says so.")

COUNTRIES = {
    "AU": Country("Australia", "Customs Tariff Act 1995, Schedule 3",
                  "2025년_호주_관세율표.xlsx", "기본세율", (8, 10), "AUD", fill=True),
    "CO": Country("Colombia", "Arancel de Aduanas (Decree 1881 of 2021)",
                  "2025년_콜롬비아_관세율표.xlsx", "최혜국세율", (10,), "COP"),
    "MY": Country("Malaysia", "Customs Duties Order 2022 as amended",
                  "2025년_말레이시아_관세율표.xlsx", "기본세율", (10,), "MYR", quota="관세할당"),
    "PE": Country("Peru", "Arancel de Aduanas 2022 (D.S. 404-2021-EF)",
                  "2025년_페루_관세율표.xlsx", "종가세", (10,), "PEN"),
    "TH": Country("Thailand", "Customs Tariff (AHTN 2022)",
                  "2025년_태국_관세율표.xlsx", "기본세율", (8, 10), "THB", statutory="상한세율",
                  caveat=TH_CAVEAT),
    "PH": Country("Philippines", "Tariff and Customs Code (AHTN 2022 lines)",
                  "2025년_필리핀_관세율표.xlsx", "최혜국 MFN", (8, 11), "PHP", line_length=8),
    "MX": Country("Mexico", "Tarifa de la Ley de los Impuestos Generales de Importación y de "
                  "Exportación (TIGIE)", "2025년_멕시코_관세율표.xlsx", "기본세율", (8, 10), "USD",
                  superseded=(date(2026, 1, 1), MX_DECREE_2026, (
                      "the decree of 2025-12-29 (DOF) raised 1,463 TIGIE lines to 5-50 % for "
                      "goods from countries without a trade agreement with Mexico from "
                      "2026-01-01, in the sectors this line's chapter or heading is in; the "
                      "lines after 3307.41.01 in its list are not in the rules, so this line's "
                      "2025 rate may no longer hold")),
                  change_list="MX_decree_2025-12-29.tsv",
                  later_list="MX_tigie_2026-03-30.tsv"),
    "IN": Country("India", "Customs Tariff Act 1975, First Schedule (the tariff rates)",
                  "2025년_인도_관세율표.xlsx", "기본세율", (8,), "INR",
                  curated_from=date(2025, 2, 2), caveat=IN_CAVEAT),
    "JP": Country("Japan", "Customs Tariff Schedule of Japan, April 2025",
                  "2025년04월_일본_관세율표.xlsx", "기본세율", (9,), "JPY",
                  agreements_only=True, as_of=date(2025, 4, 1)),
}


def default_tsv(country: str) -> Path:
    """Where the lines of ``country`` are kept."""
    return ROOT / "bench" / "data" / f"{country}_kcs_tariff_2025.tsv"


def _cell(text: str) -> str:
    """A cell's text with its white space (full-width spaces and line breaks included: both
    are white space to ``str.split``) collapsed, and the quotes a few cells carry around it
    dropped."""
    return " ".join(text.split()).strip('"').strip()


def tsv_from_xlsx(country: str, xlsx: Path, out: Path) -> int:
    """Rewrite ``out`` from a KCS workbook of ``country``: code, MFN text (``(none)`` where
    empty) and tariff-quota text of each national line of chapters 1-97, stopping at a second
    block of codes (a code of a chapter before the last one read). Returns the lines kept."""
    spec = COUNTRIES[country]
    raw = xlsx.read_bytes()
    columns: dict[str, str] = {}
    kept: list[str] = []
    statutory: list[str] = []
    agreed: dict[str, tuple[str, ...]] = {}
    last_chapter = ""
    headings = [c.heading for c in prefs.COLUMNS[country]]
    for number, cells in xlsx_rows(xlsx):
        if not columns:
            columns = {_cell(v): k for k, v in cells.items()}
            missing = [h for h in ("세번", spec.mfn, spec.quota, spec.statutory, *headings,
                                   "영문품명" if spec.line_length else None)
                       if h and h not in columns]
            if missing:
                raise SystemExit(f"{xlsx}: row {number}: no column headed {missing}")
            continue
        code = cells.get(columns["세번"], "").strip()
        if len(code) not in spec.digits or not code.isdigit():
            continue
        if code[:2] < last_chapter:
            break  # the second block
        last_chapter = code[:2]
        if not code.startswith(CHAPTERS_1_97):
            continue
        duty = _cell(cells.get(columns[spec.mfn], "")) or NO_RATE
        if spec.statutory and duty == NO_RATE \
                and (said := _cell(cells.get(columns[spec.statutory], ""))):
            statutory.append(f"{code}\t{said}")
        quota = _cell(cells.get(columns[spec.quota], "")) if spec.quota else ""
        if spec.line_length and len(code) > spec.line_length:
            quota = _cell(cells.get(columns["영문품명"], ""))  # the subdivision's description
        kept.append(f"{code}\t{duty}\t{quota}")
        prefs.keep_row(agreed, country, code,
                       {h: _cell(cells.get(columns[h], "")) for h in headings})
    if headings:  # Mexico's table gives none
        sha = hashlib.sha256(raw).hexdigest()
        write_kept_lines(prefs.preferences_tsv(out), [
            f"# {spec.name}: the agreement rates of each national line of chapters 1-97, as "
            f"written in\n# the Korea Customs Service's 2025 table ({spec.workbook}; sha256\n"
            f"# {sha}). Written by bench/regen_kcs_tariff.py --from-xlsx.",
            "# CODE\t" + "\t".join(headings),
        ], prefs.tsv_rows(agreed))
    if spec.agreements_only:
        return len(agreed)
    if spec.statutory:
        write_kept_lines(statutory_tsv(out), [
            f"# {spec.name}: the statutory rate as written (column '{spec.statutory}') of each "
            f"national line of\n# chapters 1-97 whose MFN column ('{spec.mfn}') is empty, in the "
            f"Korea Customs Service's\n# 2025 table ({spec.workbook}; sha256\n"
            f"# {hashlib.sha256(raw).hexdigest()}). Written by bench/regen_kcs_tariff.py "
            "--from-xlsx.",
            "# CODE\tSTATUTORY",
        ], statutory)
    header = [
        f"# {spec.name}: {spec.tariff}, as the Korea Customs Service's 2025 table gives it",
        f"# ({spec.workbook}, saved 2025-06-13; copy at {COPY}),",
        f"# sha256 {hashlib.sha256(raw).hexdigest()}:",
        f"# the code, the MFN duty as written (column '{spec.mfn}'; {NO_RATE} where empty) and the",
        "# tariff-quota text of each national line of chapters 1-97"
        + (f" (of a subdivision of a {spec.line_length}-digit line: its description)."
           if spec.line_length else "."),
        "# Written by bench/regen_kcs_tariff.py --from-xlsx.",
        "# CODE\tDUTY\tQUOTA",
    ]
    return write_kept_lines(out, header, kept)


def statutory_tsv(lines: Path) -> Path:
    """Where the statutory rates of the lines kept in ``lines`` are kept."""
    return lines.with_suffix(".statutory.tsv")


def statutory_rates(lines: Path, spec: Country) -> dict[str, str]:
    """Each code's statutory rate as written, from the file beside ``lines`` (none where
    there is no such file); a row of another shape, or a code given twice, stops the script
    naming the file (:func:`_regen.read_code_duty_tsv`)."""
    path = statutory_tsv(lines)
    if not path.exists():
        return {}
    rows = read_code_duty_tsv(path, CHAPTERS_1_97, spec.digits)
    refuse_codes_twice((code for _, code, _ in rows), f"{path}: codes")
    return {code: text for _, code, text in rows}


def statutory_entries(country: str, code: str, text: str) -> list[MfnEntry]:
    """A line's entries from its statutory rate ``text``, where the table gives no lower
    rate: priced ones say so; one the rules cannot price is not covered, naming it."""
    said = f"{COUNTRIES[country].possessive} tariff as KCS gives it: no lower rate for this line"
    try:
        entries = line_entries(country, code, text, "")
    except NotUnderstood:
        return [MfnEntry(hs=code, valid_from=AS_OF, not_covered=(
            f"{said}, and its statutory rate '{text}' is a form the rules do not price"))]
    return [e.model_copy(update={"note": f"{said}: the statutory rate '{text}' applies"})
            if e.not_covered is None else e.model_copy(update={"not_covered": (
                f"{said}, and its statutory rate is {e.not_covered.split(': ', 1)[-1]}")})
            for e in entries]


def read_lines(path: Path, spec: Country) -> list[tuple[str, str, str]]:
    """(code, duty, quota) of each row of a kept TSV; a row of another shape, or a code given
    twice, stops the script naming the file and line."""
    rows: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3 or len(parts[0]) not in spec.digits or not parts[0].isdigit() \
                or not parts[0].startswith(CHAPTERS_1_97) or not parts[1].strip():
            raise SystemExit(f"{path}:{number}: not 'CODE<TAB>DUTY<TAB>QUOTA': {line!r}")
        if parts[0] in seen:
            raise SystemExit(f"{path}:{number}: {parts[0]} is given twice")
        seen.add(parts[0])
        rows.append((parts[0], parts[1].strip(), parts[2].strip()))
    return rows


def gathered_lines(spec: Country, rows: list[tuple[str, str, str]]
                   ) -> list[tuple[str, str, str]]:
    """The rows with each line's subdivisions (codes longer than ``spec.line_length``)
    gathered into the line: their duty where they all give the same, else
    :data:`SUBDIVIDED` with each subdivision's description and duty (a quote names at most
    the line, so it cannot say which applies)."""
    if not spec.line_length:
        return rows
    n = spec.line_length
    parts: dict[str, list[tuple[str, str]]] = {}
    for code, text, detail in rows:
        if len(code) > n:
            parts.setdefault(code[:n], []).append((detail, text))
    out: list[tuple[str, str, str]] = []
    for code, text, detail in rows:
        if len(code) > n:
            continue
        under = parts.pop(code, None)
        if under is None:
            out.append((code, text, detail))
        elif len({t for _, t in under}) == 1:
            out.append((code, under[0][1], ""))
        else:
            out.append((code, SUBDIVIDED, " / ".join(f"{_short(d)}: {t}" for d, t in under)))
    if parts:
        raise SystemExit(f"subdivisions without their {n}-digit line: {sorted(parts)[:5]}")
    return out


def _short(text: str, width: int = 60) -> str:
    """``text``, cut to ``width`` characters with an ellipsis."""
    return text if len(text) <= width else text[:width - 3].rstrip() + "..."


def gathered_texts(spec: Country, texts: dict[str, tuple[str, ...]]
                   ) -> dict[str, tuple[str, ...]]:
    """The agreement texts with each line's subdivisions gathered into the line: per column,
    their text where they all give the same, else the texts joined by " / " (not read: the
    MFN duty)."""
    if not spec.line_length:
        return texts
    n = spec.line_length
    out: dict[str, tuple[str, ...]] = {}
    under: dict[str, list[tuple[str, ...]]] = {}
    for code, given in texts.items():
        if len(code) > n:
            under.setdefault(code[:n], []).append(given)
        else:
            out[code] = given
    for code, rows in under.items():
        out[code] = tuple(" / ".join(dict.fromkeys(column)) for column in zip(*rows, strict=True))
    return out


def _specific(amount: str, currency: str, per: str) -> SpecificModel:
    return SpecificModel(amount=Decimal(amount), currency=currency, per=per)


UNITS = {"kilogram": "kg", "litre": "litre", "metre": "m"}
JP_UNITS = {"kg": "kg", "l": "litre"}


def line_entries(country: str, code: str, text: str, quota: str) -> list[MfnEntry]:
    """The dated MFN entries of one line from its duty as written (one, or a temporary rate
    and what follows it)."""
    spec = COUNTRIES[country]

    def closed(why: str, valid_from: date = AS_OF) -> list[MfnEntry]:
        return [MfnEntry(hs=code, not_covered=f"{spec.possessive} tariff as KCS gives it: {why}",
                         valid_from=valid_from)]

    def priced(**terms: object) -> list[MfnEntry]:
        return [MfnEntry(hs=code, valid_from=AS_OF, **terms)]

    if text == SUBDIVIDED:
        return closed(f"the table divides this line into national subdivisions of "
                      f"{max(spec.digits)} digits that charge differently ({quota}); a quote "
                      "names the line, not which of them applies")
    if text == NO_RATE:
        rates = QUOTA_RATES.fullmatch(quota)
        if rates:
            return priced(rate=from_percent(rates[1]),
                          out_of_quota=QuotaDuty(rate=from_percent(rates[2])),
                          note=f"a tariff-quota line ('{quota}')")
        if quota:
            return closed(f"a tariff-quota line ('{quota}') whose rates are not read; which "
                          "rate applies depends on the importer's quota")
        return closed("no MFN duty is given for this line")
    if country == "IN":
        return india_entries(code, text, closed, priced)
    if text in ("Free", "Exempted", "Free%", "Exemption"):
        return priced(rate=Decimal(0))
    if text == "Prohibited":
        return closed("the import of these goods is prohibited ('Prohibited')")
    found = re.fullmatch(NUM + r" ?%", text)
    if found:
        return priced(rate=Decimal(found[1]) / 100)
    if country == "CO":
        found = re.fullmatch(NUM + r"% \(Andean Price\)", text)
        if found:
            return closed(f"'{text}': the Andean Price Band System adds a variable duty (or "
                          f"rebate) to the {found[1]} % ad valorem, set every fortnight from "
                          "reference prices")
        found = re.fullmatch(NUM + r"% \((\d{4})\.(\d\d)\.(\d\d)~(\d{4})\.(\d\d)\.(\d\d)\)", text)
        if found:
            start = date(*map(int, found.group(2, 3, 4)))
            end = date(*map(int, found.group(5, 6, 7)))
            return [MfnEntry(hs=code, rate=Decimal(found[1]) / 100,
                             valid_from=max(start, AS_OF), valid_to=end),
                    *closed(f"'{text}' is a temporary rate; the rate after {end} is not given",
                            end + timedelta(days=1))]
    if country == "MY":
        found = re.fullmatch(r"RM ?" + NUM + r" per 100% vol\. per litre", text)
        if found:
            return priced(specific=_specific(found[1], spec.currency, "litre_alcohol"))
        found = re.fullmatch(NUM + r"% or RM" + NUM + r" each w\.i\.t\.h", text)
        if found:
            return priced(rate=Decimal(found[1]) / 100,
                          min=_specific(found[2], spec.currency, "unit"))
        if re.fullmatch(r"(" + NUM + r"% (and|or) )?RM ?" + NUM + r"( per stk| w\.i\.t\.h)?",
                        text):
            return closed(f"'{text}': a specific duty whose unit the table does not give")
    if country == "TH":
        found = re.fullmatch(NUM + r"% or " + NUM + r" ?baht/(kilogram|litre)", text, re.I)
        if found:
            return priced(rate=Decimal(found[1]) / 100,
                          min=_specific(found[2], spec.currency, UNITS[found[3].lower()]))
        found = re.fullmatch(NUM + r" ?baht/(kilogram|litre|metre)", text, re.I)
        if found:
            return priced(specific=_specific(found[1], spec.currency, UNITS[found[2].lower()]))
        if "Solid Kilogram - not solid litre" in text:
            return closed(f"'{text}': a duty per kilogram of solids or per litre, which the "
                          "rules cannot choose")
    if country == "MX":
        found = re.fullmatch(r"(?:" + NUM + r"%\+)?" + NUM + r" USD/(kg|piece)", text)
        if found:
            rate = {"rate": Decimal(found[1]) / 100} if found[1] else {}
            return priced(**rate, specific=_specific(
                found[2], spec.currency, {"kg": "kg", "piece": "unit"}[found[3]]))
    if country == "JP":  # an agreement cell (Japan's MFN column is not read)
        found = re.fullmatch(NUM + r" yen/(kg|l)", text)
        if found:
            return priced(specific=_specific(found[1], spec.currency, JP_UNITS[found[2]]))
        found = re.fullmatch(NUM + r"% or " + NUM + r" yen/(kg|l), whichever is the greater",
                             text)
        if found:
            return priced(rate=Decimal(found[1]) / 100,
                          min=_specific(found[2], spec.currency, JP_UNITS[found[3]]))
        found = re.fullmatch(NUM + r"% \+ ?" + NUM + r" ?yen/(kg|l)", text)
        if found:
            return priced(rate=Decimal(found[1]) / 100,
                          specific=_specific(found[2], spec.currency, JP_UNITS[found[3]]))
    raise NotUnderstood(f"{country} {code}: duty text not understood: {text!r}")


IN_UNITS = {"kg": "kg", "piece": "unit", "sq. m": "m2"}
#: "20% or Rs. 115 per sq. m. whichever is higher" (the table writes the unit, the spaces and
#: the comma many ways)
IN_EITHER = re.compile(r"(\d+(?:\.\d+)?) ?% ?or Rs\. ?(\d+(?:\.\d+)?) ?per "
                       r"(kg|piece|sq\.? ?m(?:etre|tr)?)\.?,? ?which ?ever is (higher|lower)",
                       re.I)


def india_entries(code: str, text: str, closed: Callable[[str], list[MfnEntry]],
                  priced: Callable[..., list[MfnEntry]]) -> list[MfnEntry]:
    """India's First Schedule rate texts: ``N%`` (``Free``, ``Free%`` in any case: 0), ``N% or
    Rs. N per kg. / piece / sq. m, whichever is higher`` (a minimum; ``lower``: a maximum);
    other forms are not covered."""
    if text.lower().rstrip("%") == "free":
        return priced(rate=Decimal(0))
    found = re.fullmatch(NUM + r" ?%", text)
    either = IN_EITHER.fullmatch(text)
    if found:
        return priced(rate=Decimal(found[1]) / 100)
    if either:
        unit = IN_UNITS["sq. m" if either[3].lower().startswith("sq") else either[3].lower()]
        bound = "min" if either[4].lower() == "higher" else "max"
        return priced(rate=Decimal(either[1]) / 100,
                      **{bound: _specific(either[2], "INR", unit)})
    found = re.fullmatch(r"Rs\. ?" + NUM + r" per kg\.?", text)
    if found:
        return priced(specific=_specific(found[1], "INR", "kg"))
    return closed(f"'{text}': a form of duty the rules do not price (a rate per unit without "
                  "its rule, a choice of three, a misprint)")


IN_FINANCE_SOURCE = SourceModel(
    id="in-finance-bill-2025",
    title="The Finance Bill, 2025 (Bill No. 14 of 2025, as introduced in Lok Sabha), Second "
          "and Third Schedules: amendments to the First Schedule to the Customs Tariff Act, "
          "1975 (section 98: the Second from 2025-02-02 by a declaration under the Provisional "
          "Collection of Taxes Act, the Third from 2025-05-01); enacted as the Finance Act, "
          "2025 (No. 7 of 2025)",
    url="https://github.com/sarvagya334/Financial_RAG_personal/blob/"
        "2ab981f19f7c12986878b8fe50c3f659a01753af/data/raw/Finance_Bill.pdf",
    accessed=date(2026, 12, 6),
    note="The Bill's PDF (sha256 78458589...) as a third party committed it; the text of the "
         "two schedules is kept in bench/data/IN_finance_bill_2025_schedules.txt and read by "
         "bench/in_finance_act.py. The enacted Act's schedules were not compared with the "
         "Bill's (the Act passed with 35 amendments, which the press reports concern other "
         "parts; Notification 27/2025-Customs confirms the new rice lines from 2025-05-01)")


def india_amended(rows: list[tuple[str, str, str]]
                  ) -> tuple[list[tuple[str, str, str]], dict[str, str]]:
    """India's lines with the Finance Act 2025's amendments worked in (the KCS table predates
    it): an item under a prefix the Act gives a new rate takes that rate, an item it replaces
    is left out, the lines it inserts are added. Also returns, by code, where the Act says
    it (the lines it changed)."""
    act = in_finance_act.read()
    out: list[tuple[str, str, str]] = []
    where: dict[str, str] = {}
    for code, text, quota in rows:
        if act.gone(code) and code not in act.added:
            continue
        new = act.added.get(code) or act.rate(code)
        if new:
            rate, _since, said = new
            out.append((code, rate, ""))
            where[code] = f"{said}: {rate} (the KCS table gives the rate before it)"
        else:
            out.append((code, text, quota))
    known = {code for code, _, _ in rows}
    for code, (rate, _since, said) in act.added.items():
        if code not in known:
            out.append((code, rate, ""))
            where[code] = f"{said}: a line it inserts, at {rate}"
    return sorted(out), where


def marked(table: dict[str, list[MfnEntry]], where: dict[str, str]
           ) -> dict[str, list[MfnEntry]]:
    """The entries of the lines an amendment changed, naming it and its source."""
    return {code: [e.model_copy(update={"source": IN_FINANCE_SOURCE.id, "note": where[code]})
                   if code in where and e.not_covered is None else e for e in entries]
            for code, entries in table.items()}


def mfn_text_reader(country: str) -> Callable[[str], MfnEntry | None]:
    """Reads an agreement cell as the MFN column's grammar: its entry when that is one duty in
    force from the table's day on, else None."""
    def read(text: str) -> MfnEntry | None:
        try:
            found = line_entries(country, "00000000", text, "")
        except NotUnderstood:
            return None
        entry = found[0]
        return entry if len(found) == 1 and entry.not_covered is None \
            and entry.valid_to is None else None
    return read


def table_lines(country: str, rows: list[tuple[str, str, str]],
                statutory: dict[str, str] | None = None) -> dict[str, list[MfnEntry]]:
    """Each national line's entries; a line with longer lines under it that give a duty is
    written as those lines (the lines under it that give none are then left out). Lines under
    a prefix of a curated MFN entry of rules/countries/XX.yaml whose confidence is not low (or,
    where the table has been superseded, that gives the rate from that day on) are left to
    it. A line with no duty charges the ``statutory`` rate given for it, or for the line
    above it, where no line under that one gives a duty (:func:`statutory_entries`)."""
    spec = COUNTRIES[country]
    digits = spec.digits
    statutory = statutory or {}
    since = spec.curated_since
    curated = tuple(  # not low, or knowing the rate since the change
        str(e["hs"]) for e in (country_rules(country).get("duty") or {}).get("mfn", ())
        if e.get("confidence") != "low" or (since and e.get("valid_from")
                                            and e["valid_from"] >= since))
    rows = [row for row in rows if not row[0].startswith(curated)]  # left to them
    given = {code for code, text, _ in rows if text != NO_RATE}
    above = {c[:n] for c in given for n in digits if n < len(c)}
    out: dict[str, list[MfnEntry]] = {}
    for code, text, quota in rows:
        if code in above:
            continue
        if text == NO_RATE and not quota \
                and any(code[:n] in given for n in digits if n < len(code)):
            continue  # its line above gives the duty
        said = next((statutory[c] for c in (code, *(code[:n] for n in digits if n < len(code)))
                     if c in statutory and c not in above), None) \
            if text == NO_RATE and not quota else None
        if said is not None:  # no lower rate on it, on a line above it or on one under it
            out[code] = statutory_entries(country, code, said)
            continue
        try:
            out[code] = superseded(spec, code, line_entries(country, code, text, quota))
        except NotUnderstood as error:
            raise SystemExit(str(error)) from None
    return out


def superseded(spec: Country, code: str, entries: list[MfnEntry]) -> list[MfnEntry]:
    """A line's entries, where ``spec.superseded``'s prefixes take in ``code``: ended the day
    before it took effect, then the rate its list gives the line's 8-digit code, else the rate
    the later tariff read gives it (:func:`later_rates`), else not covered where the part of
    the list read does not reach the code; a code the list, read that far, does not name keeps
    its entries."""
    if spec.superseded is None or not code.startswith(spec.superseded[1]):
        return entries
    day, _, why = spec.superseded
    listed, through = change_list(spec)
    if code[:8] not in listed and code[:8] <= through:
        return entries
    end = day - timedelta(days=1)
    kept = [e.model_copy(update={"valid_to": min(e.valid_to or end, end)}) for e in entries
            if e.valid_from is None or e.valid_from <= end]
    if code[:8] in listed:
        rate, said = listed[code[:8]]
        return [*kept, MfnEntry(hs=code, rate=rate, valid_from=day, note=(
            f"{said} from {day} (the table's 2025 rate before)"))]
    if code[:8] in (later := later_rates(spec)):
        rate, said = later[code[:8]]
        return [*kept, MfnEntry(hs=code, rate=rate, valid_from=day, note=(
            f"{said}, charged from {day}, the decree's day (the table's 2025 rate before)"))]
    return [*kept, MfnEntry(hs=code, not_covered=f"{spec.possessive} tariff as KCS gives it "
                            f"(2025): {why}", valid_from=day)]


@functools.cache
def change_list(spec: Country) -> tuple[dict[str, tuple[Decimal, str]], str]:
    """The part of ``spec.superseded``'s list that could be read (bench/data/, ``CODE``,
    percent, description; ``# through: CODE``): each 8-digit code's rate and what to say of
    it, and the last code the part reaches ("" where there is none)."""
    if spec.change_list is None:
        return {}, ""
    rows, through = _code_percents(ROOT / "bench" / "data" / spec.change_list, through=True)
    return {code: (Decimal(percent) / 100, f"the decree of 2025-12-29 (DOF), fracción "
                   f"{_fraccion(code)} ({what.strip().rstrip('.')}): {percent} %")
            for code, percent, what in rows}, through


@functools.cache
def later_rates(spec: Country) -> dict[str, tuple[Decimal, str]]:
    """The rates of the tariff after the change that could be read (bench/data/, ``CODE``,
    percent, description): each 8-digit code's rate and what to say of it."""
    if spec.later_list is None:
        return {}
    rows, _ = _code_percents(ROOT / "bench" / "data" / spec.later_list)
    return {code: (Decimal(percent) / 100, f"the TIGIE as SNICE's Base Única gives it on "
                   f"2026-03-30 (a third party's copy), fracción {_fraccion(code)}: "
                   f"{percent} %")
            for code, percent, _ in rows}


def _code_percents(path: Path, *, through: bool = False
                   ) -> tuple[list[tuple[str, str, str]], str]:
    """The rows (8-digit code, percent, description) of a kept list of TIGIE codes, each code
    once; where ``through``, also the last code the list reaches (its ``# through: CODE``
    line; no row may come before it or after that code). A row of another shape stops the
    script, naming the file and line."""
    rows: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    last = ""
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if through and line.startswith("# through: "):
            last = line.removeprefix("# through: ").strip()
            continue
        if not line.strip() or line.startswith("#"):
            continue
        code, percent, what = [*line.split("\t"), "", ""][:3]
        if not re.fullmatch(r"\d{8}", code) or not re.fullmatch(r"\d+(\.\d+)?", percent) \
                or code in seen or (through and (not last or code > last)):
            bound = ", up to the through line" if through else ""
            raise SystemExit(f"{path}:{number}: not an 8-digit code (once{bound}) and a "
                             f"percentage: {line!r}")
        seen.add(code)
        rows.append((code, percent, what))
    return rows, last


def _fraccion(code: str) -> str:
    """An 8-digit TIGIE code as the decree writes it: ``3304.10.01``."""
    return f"{code[:4]}.{code[4:6]}.{code[6:]}"


@functools.cache
def shipped_mfn(country: str) -> dict[str, list[MfnEntry]]:
    """The MFN entries of the country's own shipped table, rules/tariffs/XX.yaml, by code, each
    code's dated entries in the table's order (read once: Australia's fill lines and agreement
    rates both need them)."""
    shipped = yaml.safe_load((ROOT / "rules" / "tariffs" / f"{country}.yaml").read_text("utf-8"))
    out: dict[str, list[MfnEntry]] = {}
    for e in shipped["mfn"]:
        out.setdefault(str(e["hs"]), []).append(MfnEntry.model_validate(e))
    return out


def au_line_texts(rows: Iterable[tuple[str, str, str]]) -> dict[str, list[str]]:
    """Australia's Rate texts by 8-digit tariff classification: its statistical codes'
    gathered (none: a classification with no rate is a line too), sorted."""
    texts: dict[str, set[str]] = {}
    for code, text, _ in rows:
        seen = texts.setdefault(code[:8], set())
        if text != NO_RATE:
            seen.add(re.sub(r"(\d{4}):", r"\1", text))  # "From 1 July 2019: Free"
    return {line: sorted(found) for line, found in sorted(texts.items())}


def fill_lines(rows: list[tuple[str, str, str]]) -> dict[str, list[MfnEntry]]:
    """Australia: each 8-digit tariff classification (its statistical codes gathered) of the
    subheadings ``rules/tariffs/AU.yaml`` has no line in and no curated entry of
    rules/countries/AU.yaml answers for, read as bench/regen_au_tariff.py reads the Working
    Tariff's Rate column (the general rate, a phased rate at its last stage). An
    excise-equivalent rate (:func:`regen_au_tariff.indexed`) is not priced: the table's
    figure is older than its day (spirits AUD 97.90 a litre of alcohol, where Schedule 3 gave
    107.99 by 2026-04-01), and such rates are indexed twice a year."""
    from regen_au_tariff import _unpriced, general, indexed

    have = {hs[:6] for hs in shipped_mfn("AU")}
    curated = curated_prefixes("AU")
    out: dict[str, list[MfnEntry]] = {}
    for line, given in au_line_texts(rows).items():
        if line[:6] in have or line.startswith(curated):
            continue
        entry = (_unpriced(line, " / ".join(given), "the table gives two rates")
                 if len(given) > 1 else general(line, given[0] if given else "", AS_OF))
        if indexed(entry):
            entry = _unpriced(line, given[0], "an excise-equivalent rate, indexed twice a "
                              "year; the table's figure predates 2025")
        out[line] = [entry.model_copy(update={"valid_from": AS_OF})]
    return out


def au_lines(rows: list[tuple[str, str, str]], texts: dict[str, tuple[str, ...]],
             fill: dict[str, list[MfnEntry]]
             ) -> tuple[dict[str, tuple[str, ...]], dict[str, list[MfnEntry]],
                        dict[str, list[MfnEntry]]]:
    """Australia's agreement texts and MFN entries by 8-digit tariff classification, and the
    six-digit MFN entries of its two tables.

    A classification's texts are its statistical codes' (its own row's where it has none);
    codes that differ are joined (not read: the MFN duty). Its MFN entries are those the
    engine answers with (:func:`mfn_answer`), else the second table's, else this table's Rate
    text read as the second table reads it."""
    from regen_au_tariff import general

    duty = {code: text for code, text, _ in rows}
    codes: dict[str, list[str]] = {}
    for code in texts:
        codes.setdefault(code[:8], []).append(code)
    by_line: dict[str, tuple[str, ...]] = {}
    mfn: dict[str, list[MfnEntry]] = {}
    for line, found in sorted(codes.items()):
        own = [c for c in found if len(c) > 8] or found
        by_line[line] = tuple(" / ".join(sorted({texts[c][i] for c in own}))
                              for i in range(len(prefs.COLUMNS["AU"])))
        given = sorted({duty[c] for c in own if duty.get(c, NO_RATE) != NO_RATE}
                       or {duty[c] for c in found if duty.get(c, NO_RATE) != NO_RATE})
        if answers := mfn_answer("AU", line):
            mfn[line] = answers
        elif line in fill:
            mfn[line] = fill[line]
        elif len(given) == 1:
            mfn[line] = [general(line, given[0], AS_OF)]
    six = shipped_six("AU")
    six.update(prefs.six_digit(by_subheading(e for entries in fill.values() for e in entries)))
    curated_six(curated_mfn("AU"), mfn, six)
    return by_line, mfn, six


@functools.cache
def country_rules(country: str) -> dict[str, Any]:
    """rules/countries/XX.yaml as read (once: its MFN and preferential entries are both
    used)."""
    doc: dict[str, Any] = yaml.safe_load(
        (ROOT / "rules" / "countries" / f"{country}.yaml").read_text("utf-8"))
    return doc


@functools.cache
def curated_mfn(country: str) -> Callable[[str], list[MfnEntry]]:
    """The MFN entries of rules/countries/XX.yaml at the longest prefix of a code (none: [])."""
    by_prefix: dict[str, list[MfnEntry]] = {}
    for e in (country_rules(country).get("duty") or {}).get("mfn") or ():
        by_prefix.setdefault(str(e["hs"]), []).append(MfnEntry.model_validate(e))

    def found(code: str) -> list[MfnEntry]:
        for n in range(len(code), 1, -1):
            if code[:n] in by_prefix:
                return [e for e in by_prefix[code[:n]] if e.valid_to is None or
                        e.valid_to >= COUNTRIES[country].as_of]
        return []
    return found


def curated_six(curated: Callable[[str], list[MfnEntry]], codes: Iterable[str],
                six: dict[str, list[MfnEntry]]) -> None:
    """Add to ``six`` the subheadings of ``codes`` a curated prefix answers for (a six-digit
    lookup of them is not ambiguous: the curated entries win over the table's lines)."""
    for sub in {code[:6] for code in codes} - set(six):
        if found := curated(sub):
            six[sub] = found


def shipped_lines(country: str, texts: dict[str, tuple[str, ...]]
                  ) -> tuple[dict[str, list[MfnEntry]], dict[str, list[MfnEntry]]]:
    """The MFN entries of each line in ``texts`` (rules/tariffs/XX.yaml's at the line, else
    at its subheading; none where it has neither) and that table's six-digit entries."""
    lines = {code: found for code in texts if (found := mfn_answer(country, code))}
    six = shipped_six(country)
    curated_six(curated_mfn(country), lines, six)
    return lines, six


def mfn_answer(country: str, code: str) -> list[MfnEntry]:
    """The MFN entries the engine answers a line with: the longest prefix of the code among
    the curated rules/countries/XX.yaml's entries and rules/tariffs/XX.yaml's (the line, else
    its subheading), the curated entries on a tie ([]: none of them). A table's line wins over
    a shorter curated prefix (one of confidence low: the table leaves the others' codes out),
    so a preference charging "the MFN duty" charges the line's."""
    curated = curated_mfn(country)(code)
    own = shipped_mfn(country)
    entries = own.get(code) or own.get(code[:6])
    if entries and (not curated or len(entries[0].hs) > len(curated[0].hs)):
        return list(entries)
    return curated


def shipped_six(country: str) -> dict[str, list[MfnEntry]]:
    """The six-digit MFN entries of rules/tariffs/XX.yaml (a new dict, to add to)."""
    return {k: list(e) for k, e in shipped_mfn(country).items() if len(k) == 6}


def agreements_only(country: str, lines: Path, out: Path) -> None:
    """Write rules/tariffs/XX.kcs.yaml: only the agreement rates, for the lines of the
    country's own table."""
    spec = COUNTRIES[country]
    kept = prefs.preferences_tsv(lines)
    texts = prefs.read_tsv(kept, country)
    priced, six = shipped_lines(country, texts)
    curated = prefs.curated_entries(country_rules(country))
    print(f"{len(texts)} lines read, {len(priced)} priced by rules/tariffs/{country}.yaml or "
          f"rules/countries/{country}.yaml")
    for part, columns in prefs.PARTS.get(country, (("kcs", None),)):
        preferential, said = prefs.preferences(country, texts, priced, six,
                                               mfn_text_reader(country), as_of=spec.as_of,
                                               curated=curated, columns=columns)
        written, _, _ = write_national_table(
            {}, tariff=country, as_of=spec.as_of, source=source(country),
            import_format="kcs-tariff-xlsx", file=kept.name,
            sha256=hashlib.sha256(kept.read_bytes()).hexdigest(), confidence="low",
            note=note(country, columns), out=out,
            made_by=f"bench/regen_kcs_tariff.py {country} from the Korea Customs Service's table",
            in_force_from_as_of=False, name=f"{country}.{part}.yaml", preferential=preferential)
        print(f"agreement cells read: {dict(said)}; {len(preferential)} preferential entries "
              f"written to {written}")


def source(country: str) -> SourceModel:
    """The table's source."""
    spec = COUNTRIES[country]
    what = "the agreement rates" if spec.agreements_only else "the MFN duty and agreement rates"
    kept = default_tsv(country)
    if spec.agreements_only:
        kept = prefs.preferences_tsv(kept)
    saved = "the April 2025 edition" if spec.agreements_only else "saved 2025-06-13"
    return SourceModel(
        id=f"{country.lower()}-kcs-tariff-2025",
        title=f"{spec.name}, {spec.tariff}: {what} of each tariff line as the Korea Customs "
              "Service's 2025 table of the country's tariff gives them (관세청 국가별 관세율표, "
              "data.go.kr dataset 15051176)",
        url="https://www.data.go.kr/data/15051176/fileData.do",
        accessed=date(2026, 12, 3),
        note=f"{spec.workbook}, {saved}, read from the copy committed to {COPY}; kept in "
             f"bench/data/{kept.name}. Reference material compiled by KCS, not the country's "
             "legal text")


def note(country: str, columns: range | None = None) -> str:
    """The table's note: what it holds and does not (``columns``: of the agreement columns)."""
    spec = COUNTRIES[country]
    agreements = ", ".join(dict.fromkeys(
        c.agreement for i, c in enumerate(prefs.COLUMNS[country])
        if columns is None or i in columns))
    if spec.agreements_only:
        return (f"The rates of {spec.possessive} economic partnership and free trade agreements "
                f"({agreements}) on each line of its tariff as the Korea Customs Service's "
                "table of April 2025 gives them, from 2025-04-01; the MFN duties are "
                f"rules/tariffs/{country}.yaml's, and a line it does not price gets no entry. "
                "Free where the column lists no rate (the US-Japan Trade Agreement: only the "
                "lines it lists), the MFN duty where it gives none or one not read (tariff "
                "quotas, rates by kind of goods, conditions). Japan cuts staged agreement rates "
                "each 1 April: a rate here may have fallen since (charging more, never less, "
                "than the agreement). Curated entries of rules/countries/JP.yaml win at their "
                "prefixes. Confidence low: a quote on these lines goes to review.")
    agreed = (f", and the rates of the agreements its columns give ({agreements}; the origins "
              "of each entry are those the column serves: Korean goods, ASEAN goods for ATIGA, "
              "the RCEP parties for Australia's common schedule): free where the column lists "
              "no rate, the MFN duty where it gives none or one not read, staged rates stage by "
              "stage" if agreements else " (the table gives no agreement rates)")
    later = ""
    if spec.superseded:
        day, prefixes, why = spec.superseded
        listed, through = change_list(spec)
        read = (f" but those of the {len(listed)} codes its list names through "
                f"{_fraccion(through)}, which take its rate, and the lines before "
                f"{_fraccion(through)} it does not name, which keep theirs" if listed else "")
        later = (f" From {day} the lines of chapters and headings {', '.join(prefixes)} are not "
                 f"covered{read}: {why}.")
    since = spec.curated_since
    curated = "the curated entries (not low" + (
        f", or with a rate from {since} on" if since else "") + ") of"
    return (f"The MFN import duty of each line of {spec.possessive} tariff ({spec.tariff}) as "
            "the Korea Customs Service's 2025 table gives it (saved 2025-06-13), from that day"
            f"{agreed}. Not contained: changes after it, other agreements and preference "
            "schemes, tariff-quota rates, excise, VAT, safeguard and anti-dumping duties. Lines "
            "the table gives no duty or a duty the rules cannot price are not covered; the lines "
            f"under {curated} rules/countries/{country}.yaml are left to them.{later} "
            + (f"{spec.caveat} " if spec.caveat else "")
            + "Confidence low: a quote on these lines goes to review.")


def main() -> None:
    """Read the lines, build the table, write it, print figures."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("country", choices=sorted(COUNTRIES))
    parser.add_argument("lines", type=Path, nargs="?")
    parser.add_argument("--from-xlsx", type=Path, metavar="TABLE_XLSX",
                        help="first rewrite LINES_TSV from this KCS workbook")
    parser.add_argument("--out", type=Path, default=ROOT / "rules")
    args = parser.parse_args()
    country: str = args.country
    lines: Path = args.lines or default_tsv(country)
    if args.from_xlsx:
        count = tsv_from_xlsx(country, args.from_xlsx, lines)
        kept = prefs.preferences_tsv(lines) if COUNTRIES[country].agreements_only else lines
        print(f"{count} lines written to {kept}")
    spec = COUNTRIES[country]
    if spec.agreements_only:
        agreements_only(country, lines, args.out)
        return
    rows = gathered_lines(spec, read_lines(lines, spec))
    amended: dict[str, str] = {}
    if country == "IN" and lines.resolve() == default_tsv(country).resolve():
        # the 2025 table predates the Finance Act 2025: its amendments are worked in (a newer
        # table, which has them, is read as it is)
        rows, amended = india_amended(rows)
    table = fill_lines(rows) if spec.fill else table_lines(
        country, rows, statutory_rates(lines, spec) if spec.statutory else None)
    if amended:
        table = marked(table, amended)
        print(f"{len(amended)} lines amended by the Finance Act 2025 (of them "
              f"{sum(c in table for c in amended)} written)")
    kinds = Counter("not covered" if e[0].not_covered else
                    "tariff quota" if e[0].out_of_quota is not None else
                    "ad valorem" if e[0].specific is None and e[0].min is None else
                    "specific or minimum" for e in table.values())
    rates = Counter(percent(e[0].rate) for e in table.values() if e[0].rate is not None)
    print(f"{len(rows)} lines read, {len(table)} written: {dict(kinds)}; most common rates "
          f"{rates.most_common(6)}")
    texts = gathered_texts(spec, prefs.read_tsv(prefs.preferences_tsv(lines), country)
                           if prefs.COLUMNS[country] else {})
    if spec.fill:
        texts, priced, six = au_lines(rows, texts, table)
    else:
        priced, six = table, prefs.six_digit(by_subheading(e for es in table.values() for e in es))
        # the lines left to curated entries are priced by them: an agreement that gives such
        # a line no rate charges their duty, not the agreement's '*' zero
        left = {code: found for code in texts
                if code not in table and (found := curated_mfn(country)(code))}
        priced = {**table, **left}
        curated_six(curated_mfn(country), left, six)
    preferential, said = prefs.preferences(
        country, texts, priced, six, mfn_text_reader(country),
        curated=prefs.curated_entries(country_rules(country)))
    print(f"agreement cells read ({', '.join(c.agreement for c in prefs.COLUMNS[country])}): "
          f"{dict(said)}; {len(preferential)} preferential entries")
    written, entries, unpriced = write_national_table(
        table, tariff=country, as_of=AS_OF, source=source(country),
        import_format="kcs-tariff-xlsx", file=lines.name,
        sha256=hashlib.sha256(lines.read_bytes()).hexdigest(), confidence="low",
        note=note(country), out=args.out,
        made_by=f"bench/regen_kcs_tariff.py {country} from the Korea Customs Service's table",
        in_force_from_as_of=False, name=f"{country}.kcs.yaml" if spec.fill else None,
        preferential=preferential, more_sources=[IN_FINANCE_SOURCE] if amended else ())
    print(f"written to {written}: {len(entries)} entries",
          dict(Counter(len(e.hs) for e in entries)), f"{len(unpriced)} lines not priced")


if __name__ == "__main__":
    main()
