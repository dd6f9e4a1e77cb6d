"""Import the USITC Harmonized Tariff Schedule (JSON or CSV export) into a tariff table.

The `general` column (column 1) gives the MFN table, the `special` column the preferences
(``Free (A+,AU,...,S,SG) 5% (KR)``: a rate and the programme codes it applies to). A row with
an empty rate cell inherits its parent's rate, so only rate lines are written: at 8 digits
where the schedule has one rate line under an 8-digit code (the JSON often prints it with its
only statistical suffix, ``2903.62.10.00``), else as published. Chapter 99 rows (additional
duties) are counted, not written. Rates are parsed by
:func:`pricing_engine.tariff.rates.parse_rate` into the rule format's duty terms; a text it
does not understand is a :class:`~pricing_engine.tariff.table.Problem`, never 0 %.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from pricing_engine import _jsonsafe as jsonsafe
from pricing_engine.rules.fields import SourceModel
from pricing_engine.rules.model import (
    DutyTerms,
    MfnEntry,
    PreferentialEntry,
    TariffFile,
    TariffImport,
)
from pricing_engine.tariff._input import TariffFileError, csv_records, read_text
from pricing_engine.tariff.codes import CodeError, Row, clash, hts_code, one_row_a_line
from pricing_engine.tariff.preferences import collapse
from pricing_engine.tariff.rates import Unparsed, parse_rate
from pricing_engine.tariff.table import ImportResult, Problem, entry, parse_cell
from pricing_engine.tariff.us_programmes import NOT_ENCODED, PROGRAMMES

__all__ = ["COLUMN_2", "KNOWN_EDITIONS", "HtsRow", "import_us_hts", "read_csv_rows",
           "read_json_rows"]

_URL = "https://hts.usitc.gov/"

#: sha256 of an official export -> (effective date, source id, title), so that a known file
#: needs no --effective.
KNOWN_EDITIONS: dict[str, tuple[date, str, str]] = {
    "369170d51a419688d5e9e42c3eb91b6fdb861c3729a931b03277baab3e236b80": (
        date(2026, 6, 8), "usitc-hts-2026-rev10",
        "USITC Harmonized Tariff Schedule 2026 Revision 10 (JSON export)"),
    "b9d10b55149253e3606a26a41b6a4217450c6de1add19a141ef6d5b7be81c8e4": (
        date(2025, 11, 15), "usitc-hts-2025-rev32",
        "USITC Harmonized Tariff Schedule 2025 Revision 32 (JSON export)"),
    "ac2660b1c54b282572428a494292761abe7b37ed756a03a3d4c7ae3c62af34b3": (
        date(2025, 1, 1), "usitc-hts-2025-basic",
        "USITC Harmonized Tariff Schedule 2025 Basic Edition (JSON export)"),
}

#: The part of the file name of the column 2 table an HTS import writes beside US.yaml.
COLUMN_2 = "column2"
_COLUMN_2 = "Column 2 Rate of Duty"
_GROUP = re.compile(r"([^()]*?)\s*\(([^()]*)\)")
#: The duty of a line that is free already (a 0 preference on it changes nothing).
_FREE = DutyTerms(rate=Decimal(0))


@dataclass(frozen=True, slots=True)
class HtsRow:
    """One row of the schedule: its row (JSON index from 1, CSV line), code and rate cells."""

    row: int
    htsno: str
    general: str
    special: str
    other: str | None = None  # column 2 (None: the file has no such column)


def read_json_rows(text: str, name: str) -> list[HtsRow]:
    """The rows of a USITC JSON export (an array of objects with ``htsno``, ``general``...)."""
    try:
        data = jsonsafe.loads(text)
    except json.JSONDecodeError as exc:
        raise TariffFileError(f"{name}: not JSON: {exc}") from exc
    if not isinstance(data, list) or not all(isinstance(r, dict) and "htsno" in r for r in data):
        raise TariffFileError(f"{name}: not a USITC HTS JSON export (an array of rows with htsno)")
    return [HtsRow(i, str(r["htsno"] or ""), str(r.get("general") or ""),
                   str(r.get("special") or ""),
                   None if "other" not in r else str(r["other"] or ""))
            for i, r in enumerate(data, start=1)]


def read_csv_rows(text: str, name: str) -> list[HtsRow]:
    """The rows of a USITC CSV export (``HTS Number``, ``General Rate of Duty``...)."""
    needed = {"HTS Number", "General Rate of Duty", "Special Rate of Duty"}
    return [HtsRow(line, r["HTS Number"] or "", r["General Rate of Duty"] or "",
                   r["Special Rate of Duty"] or "",
                   None if _COLUMN_2 not in r else r[_COLUMN_2] or "")
            for line, r in csv_records(text, name, needed, "not a USITC HTS CSV export "
                                       f"(columns {sorted(needed)})")]


def import_us_hts(path: Path, fmt: str, *, effective: date | None = None) -> ImportResult:
    """Read ``path`` (``us-hts-json`` or ``us-hts-csv``; gzip accepted) into the US table.

    A rate row whose HTS number is not one the USITC prints (empty, ``8413.7O.30``, full-width
    digits, cut short or too long: :func:`~pricing_engine.tariff.codes.hts_code`) is a problem
    naming its row and column, counted as a line not read. Rows of one line: a row that
    repeats an earlier row's rate cells (general, special, column 2) is read once (merged
    silently, counted in the summary); a row that gives the line other rates is a problem
    naming both rows, and neither is read: the line is ``not_covered`` in the MFN and column 2
    tables and gets no preference.
    """
    text, digest = read_text(path)
    rows = (read_json_rows if fmt == "us-hts-json" else read_csv_rows)(text, path.name)
    known = KNOWN_EDITIONS.get(digest)
    as_of = effective or (known[0] if known else None)
    if as_of is None:
        raise TariffFileError(f"{path.name}: unknown HTS revision: give its effective date "
                              "with --effective")
    source = (SourceModel(id=known[1], title=known[2], url=_URL) if known else
              SourceModel(id=f"usitc-hts-{path.name.split('.')[0]}",
                          title=f"USITC Harmonized Tariff Schedule ({fmt} file {path.name})",
                          url=_URL))
    summary: Counter[str] = Counter(rows=len(rows))
    problems: list[Problem] = []
    column = "htsno" if fmt == "us-hts-json" else "HTS Number"
    coded, unread = _coded(path.name, rows, column, problems, summary)
    per8 = Counter(hs[:8] for hs in {hs for hs, _ in coded})
    found, merged = one_row_a_line(
        ((hs[:8] if len(hs) > 8 and per8[hs[:8]] == 1 else hs, row) for hs, row in coded),
        _cells)
    if merged:
        summary["rows repeating an earlier row of their line (read once)"] = merged
    mfn: list[MfnEntry] = []
    offers: dict[str, dict[str, DutyTerms]] = defaultdict(dict)
    refs: dict[str, dict[str, str]] = defaultdict(dict)  # agreement -> line -> "See 98..."
    dutiable: set[str] = set()  # the lines whose MFN duty is not free
    lines: list[str] = []
    free: set[str] = set()
    column2: list[MfnEntry] = []
    parsed = 0
    for hs, row, others in found:
        lines.append(hs)
        if others:  # rows of other rates: neither is read, the line fails closed
            why = clash(problems, path.name, hs, column, _row(row), [_row(r) for r in others],
                        "the HTS file")
            mfn.append(MfnEntry(hs=hs, not_covered=why))
            if row.other is not None:
                column2.append(MfnEntry(hs=hs, not_covered=why))
            continue
        if (duty := parse_cell(problems, path.name, row.row, hs, "general",
                               row.general)) is not None:
            mfn.append(entry(MfnEntry, duty, hs=hs))
            parsed += 1
            if duty == _FREE:
                free.add(hs)
            else:
                dutiable.add(hs)
        for agreement, offer in _special(path.name, row, hs, problems, summary, refs).items():
            offers[agreement][hs] = offer
        if row.other is not None:
            column2.append(_column2(path.name, row, hs, problems))
    preferential = _preferences(offers, lines, free, dutiable, refs)
    summary["preference entries"] = len(preferential)
    imported = TariffImport(format=fmt, file=path.name, sha256=digest,
                            lines=len(lines) + unread, parsed=parsed, nomenclature="HS2022")
    table = TariffFile(tariff="US", as_of=as_of, sources=(source,), imported=imported,
                       confidence="high", valid_from=as_of, mfn=tuple(mfn),
                       preferential=preferential)
    more: tuple[tuple[str, TariffFile], ...] = ()
    if column2:
        priced = sum(1 for e in column2 if e.not_covered is None)
        summary["column 2 lines written"] = len(column2)
        summary["column 2 lines not priced (rate text not read)"] = len(column2) - priced
        more = ((COLUMN_2, TariffFile(
            tariff="US", as_of=as_of, sources=(source,), confidence="high",
            valid_from=as_of, withheld=tuple(column2),
            imported=imported.model_copy(update={"lines": len(column2), "parsed": priced}),
            note="Column 2 of the HTSUS: the rates of goods of the countries denied "
                 "normal trade relations (General Note 3(b)), which the US country file's "
                 "mfn_withheld entries name")),)
    return ImportResult(table, tuple(problems), dict(summary), more)


def _coded(file: str, rows: list[HtsRow], column: str, problems: list[Problem],
           summary: Counter[str]) -> tuple[list[tuple[str, HtsRow]], int]:
    """The rate rows (a general rate given; Chapter 99's counted, not kept) with the digits
    of their HTS number; and how many rate rows have a number that is not one, each a
    problem of its row in ``column``."""
    out: list[tuple[str, HtsRow]] = []
    unread = 0
    for row in rows:
        if not row.general.strip():
            continue
        try:
            digits = hts_code(row.htsno)
        except CodeError as exc:
            code = row.htsno.strip()
            problems.append(Problem(file, row.row, code or "-", column, code, str(exc)))
            unread += 1
            continue
        if digits.startswith("99"):
            summary["chapter 99 rows (additional duties, not written)"] += 1
        else:
            out.append((digits, row))
    return out, unread


def _cells(row: HtsRow) -> dict[str, str]:
    """The rate cells of a row the import reads."""
    return {"general": row.general, "special": row.special, "other": row.other or ""}


def _row(row: HtsRow) -> Row:
    return Row(row.row, row.htsno.strip(), _cells(row))


def _column2(file: str, row: HtsRow, hs: str, problems: list[Problem]) -> MfnEntry:
    """The column 2 line of one row: its duty, or ``not_covered`` with the text not read (the
    problem recorded), so that goods of a column 2 country never take another line's rate."""
    text = " ".join((row.other or "").split())
    if not text:
        problems.append(Problem(file, row.row, hs, "other", "", "no column 2 rate given"))
        return MfnEntry(hs=hs, not_covered="the HTS gives no column 2 rate for this line")
    duty = parse_cell(problems, file, row.row, hs, "other", text)
    if duty is None:
        return MfnEntry(hs=hs, not_covered=f"the column 2 rate {text!r} is not priced by the "
                                           f"rules: {problems[-1].reason}")
    return entry(MfnEntry, duty, hs=hs)


def _special(file: str, row: HtsRow, hs: str, problems: list[Problem],
             summary: Counter[str], refs: dict[str, dict[str, str]]) -> dict[str, DutyTerms]:
    """Agreement -> rate of one row's special cell; problems and skipped codes are recorded,
    and so is a programme's rate given elsewhere (``See 9822.04.01-9822.04.26 (AU)``: chapter
    98, not read) in ``refs``."""
    text = " ".join(row.special.split())
    out: dict[str, DutyTerms] = {}
    if not text:
        return out

    def problem(reason: str, code: str = "") -> None:
        column = f"special {code}" if code else "special"
        problems.append(Problem(file, row.row, hs, column, text, reason))

    if _GROUP.sub("", text).strip(" ,"):
        problem("text not understood")
    for match in _GROUP.finditer(text):
        duty = parse_rate(match[1])
        for code in (c.strip() for c in match[2].split(",")):
            if code in NOT_ENCODED:
                summary[f"special {code} not written ({NOT_ENCODED[code]})"] += 1
            elif code not in PROGRAMMES:
                problem(f"unknown programme code: {code}")
            elif isinstance(duty, Unparsed):
                problem(duty.reason, code)
                if match[1].strip().startswith("See "):
                    refs[PROGRAMMES[code].agreement][hs] = match[1].strip()[4:]
            else:
                agreement = PROGRAMMES[code].agreement
                if out.setdefault(agreement, duty) != duty:
                    problem(f"two rates for one agreement: {agreement}", code)
    return out


def _preferences(offers: dict[str, dict[str, DutyTerms]], lines: list[str], free: set[str],
                 dutiable: set[str], refs: dict[str, dict[str, str]]
                 ) -> tuple[PreferentialEntry, ...]:
    """The preference entries, collapsed by prefix. Under a free trade agreement
    (:attr:`Programme.fta`) a dutiable line the special column does not grant it to is
    ``excluded`` from it (a claim pays the MFN duty, and the quote says why), so that no
    broader entry of the agreement frees it."""
    programme = {p.agreement: p for p in PROGRAMMES.values()}
    out: list[PreferentialEntry] = []
    for agreement in sorted(offers):
        terms = programme[agreement]
        # per line: its duty under the agreement and a note, or (None, why it is excluded)
        given: dict[str, tuple[DutyTerms | None, str | None]] = {
            hs: (duty, terms.note) for hs, duty in offers[agreement].items()}
        if terms.fta:
            for hs in dutiable:
                if hs in given:
                    continue
                ref = refs[agreement].get(hs)
                given[hs] = (None, (
                    f"the HTS gives this line's {agreement} rate in {ref} (chapter 98, not "
                    "read)" if ref else f"the HTS does not grant {agreement} on this line"))
        out.extend(
            entry(PreferentialEntry, duty, agreement=agreement, origins=terms.origins,
                  hs=prefix, requires="proof_of_origin", confidence=terms.confidence,
                  note=note) if duty is not None else
            PreferentialEntry(agreement=agreement, origins=terms.origins, hs=prefix,
                              excluded=note)
            for prefix, (duty, note) in collapse(lines, given, free))
    return tuple(out)
