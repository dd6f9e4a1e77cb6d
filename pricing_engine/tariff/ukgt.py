"""Import the UK Global Tariff dataset (DIT, as at 2021-01-01): the UKGT or the EU CET column.

One file, two tables: ``uk-gt-csv`` reads ``ukgt_duty_rate`` into the GB table (GBP), ``eu-cet``
reads ``cet_duty_rate`` (the EU Common External Tariff, erga omnes, as at late 2020) into the
EU table (EUR). Codes are CN2020 (HS2017-based) and are written as published; mapping them to
HS2022 through the concordance is a separate step, so the table records
``nomenclature: CN2020``. The figures are a 2021 snapshot: later amendments are not in it,
hence ``confidence: medium``. A seasonal rate (``10.00% (01 JUL - 31 JAN), 0.00% (01 FEB - 30
JUN)``) is written as dated entries of its line (:mod:`pricing_engine.tariff.seasons`), for
``seasons.YEARS`` years from the table's date; days its periods leave out are dated
``not_covered`` entries (a lookup then fails closed).

The dataset flags the lines whose goods were under an EU trade remedy the UK carried over
(``cet_applies_until_trade_remedy_transition_reviews_concluded``): on those the UK kept the
CET rate until the Trade Remedies Authority's transition review of the measure concluded, so
``uk-gt-csv`` reads their ``cet_duty_rate`` (ad valorem only: a CET amount is in EUR, and one
would be an import error), with a note naming the UKGT rate that applies once the review has
concluded (the dataset does not give when).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pricing_engine.rules.fields import SourceModel
from pricing_engine.rules.model import TERM_NAMES, MfnEntry, TariffFile, TariffImport
from pricing_engine.tariff._input import csv_records, read_text
from pricing_engine.tariff.codes import CodeError, Row, clash, cn_code, one_row_a_line
from pricing_engine.tariff.rates import Unparsed, parse_rate
from pricing_engine.tariff.seasons import Seasonal, entries, parse_seasonal
from pricing_engine.tariff.table import ImportResult, Problem, entry, parse_cell

__all__ = ["COLUMNS", "import_ukgt"]

#: Format -> (rate column, tariff code, source).
COLUMNS: dict[str, tuple[str, str, SourceModel]] = {
    "uk-gt-csv": ("ukgt_duty_rate", "GB", SourceModel(
        id="dit-ukgt-2021", title="UK Global Tariff dataset, DIT, as at 2021-01-01 (OGL v3)",
        url="https://github.com/uktrade/global-uk-tariff")),
    "eu-cet": ("cet_duty_rate", "EU", SourceModel(
        id="dit-ukgt-2021-cet", title="EU Common External Tariff (erga omnes, CN2020) as given "
        "in the UK Global Tariff dataset, DIT, 2021 (OGL v3)",
        url="https://github.com/uktrade/global-uk-tariff")),
}

#: The dataset's date: the UKGT as it applied from 2021-01-01.
AS_AT = date(2021, 1, 1)

#: The flag of the lines on which the CET rate applies until a trade remedy review concludes.
CET_UNTIL_REVIEW = "cet_applies_until_trade_remedy_transition_reviews_concluded"


def import_ukgt(path: Path, fmt: str, *, effective: date | None = None) -> ImportResult:
    """Read one rate column of the UKGT CSV at ``path`` into a GB (UKGT) or EU (CET) table.

    A row whose commodity code is not a CN or TARIC code as published (8 or 10 digits:
    :func:`~pricing_engine.tariff.codes.cn_code`) is a problem of its row, a line not read.
    Rows of one code: a row that repeats an earlier row's cells the import reads is read once
    (merged silently, counted in the summary); a row that gives other rates is a problem
    naming both rows, and the line is written ``not_covered`` (neither row is read).
    """
    column, tariff, source = COLUMNS[fmt]
    text, digest = read_text(path)
    records = csv_records(text, path.name, ("commodity", column),
                          f"not the UK Global Tariff CSV (columns commodity, {column})")
    problems: list[Problem] = []
    mfn: list[MfnEntry] = []
    as_of = effective or AS_AT
    rows = parsed = seasonal = gaps = kept_cet = unread = 0
    coded: list[tuple[str, tuple[int, dict[str, str | None]]]] = []
    for line, record in records:
        rows += 1
        try:
            coded.append((cn_code(record["commodity"] or ""), (line, record)))
        except CodeError as exc:
            hs = (record["commodity"] or "").strip()
            problems.append(Problem(path.name, line, hs or "-", "commodity", hs, str(exc)))
            unread += 1
    found, merged = one_row_a_line(coded, lambda row: _cells(fmt, column, row[1]))
    for hs, (line, record), others in found:
        text_rate = (record[column] or "").strip()
        season = parse_seasonal(text_rate)
        if others:  # rows of other rates: neither is read, the line fails closed
            mfn.append(MfnEntry(hs=hs, not_covered=clash(
                problems, path.name, hs, "commodity", _row(fmt, column, line, record),
                [_row(fmt, column, *other) for other in others])))
        elif fmt == "uk-gt-csv" and _flagged(record.get(CET_UNTIL_REVIEW)):
            if (kept := _cet_kept(problems, path.name, line, hs, record, text_rate)) is not None:
                mfn.append(kept)
                parsed, kept_cet = parsed + 1, kept_cet + 1
        elif isinstance(season, Seasonal):
            mfn += entries(season, hs, as_of)
            parsed, seasonal, gaps = parsed + 1, seasonal + 1, gaps + bool(season.gaps)
        elif isinstance(season, Unparsed):
            problems.append(Problem(path.name, line, hs, column, text_rate,
                                    season.reason))
        elif (duty := parse_cell(problems, path.name, line, hs, column, text_rate,
                                 bare_percent=fmt == "eu-cet")) is not None:
            mfn.append(entry(MfnEntry, duty, hs=hs))
            parsed += 1
    imported = TariffImport(format=fmt, file=path.name, sha256=digest,
                            lines=len(found) + unread, parsed=parsed, nomenclature="CN2020")
    table = TariffFile(tariff=tariff, as_of=as_of, sources=(source,), imported=imported,
                       confidence="medium", valid_from=as_of, mfn=tuple(mfn), preferential=())
    summary = {"rows": rows, "seasonal lines (written as dated entries)": seasonal,
               "seasonal lines with days no period gives (not_covered then)": gaps,
               "lines at the CET until a trade remedy transition review concludes": kept_cet}
    if merged:
        summary["rows repeating an earlier row of their line (read once)"] = merged
    return ImportResult(table, tuple(problems), summary)


def _cells(fmt: str, column: str, record: dict[str, str | None]) -> dict[str, str]:
    """The cells of a row the import reads (``uk-gt-csv`` may read the CET column too)."""
    names = (column, CET_UNTIL_REVIEW, "cet_duty_rate") if fmt == "uk-gt-csv" else (column,)
    return {name: record.get(name) or "" for name in names}


def _row(fmt: str, column: str, line: int, record: dict[str, str | None]) -> Row:
    return Row(line, (record["commodity"] or "").strip(), _cells(fmt, column, record))


def _flagged(cell: object) -> bool:
    """The dataset's ``True`` (anything else, a missing column included, is not)."""
    return isinstance(cell, str) and cell.strip().lower() == "true"


def _cet_kept(problems: list[Problem], file: str, line: int, hs: str,
              record: dict[str, str | None], ukgt: str) -> MfnEntry | None:
    """The entry of a line on which the UK kept the CET rate until the trade remedy
    transition review of its goods concluded (:data:`CET_UNTIL_REVIEW`), or None with the
    problem recorded: a CET rate with amounts (in EUR) cannot stand in a GBP table."""
    cet = (record.get("cet_duty_rate") or "").strip()
    terms = parse_cell(problems, file, line, hs, "cet_duty_rate", cet, bare_percent=True)
    if terms is None:
        return None
    if terms.rate is None or any(getattr(terms, name) is not None
                                 for name in TERM_NAMES if name != "rate"):
        problems.append(Problem(file, line, hs, "cet_duty_rate", cet,
                                "the CET applies to this line until a trade remedy transition "
                                "review concludes, but it is not a plain ad valorem rate, which "
                                "is all the GB table can take from it (CET amounts are in EUR)"))
        return None
    if terms == parse_rate(ukgt, unpriced=True):
        return entry(MfnEntry, terms, hs=hs)
    note = (f"the EU CET rate, kept by the UK until the trade remedy transition review of "
            f"these goods concludes ({CET_UNTIL_REVIEW}); then the UKGT rate {ukgt or '-'}")
    return entry(MfnEntry, terms, hs=hs, note=note)
