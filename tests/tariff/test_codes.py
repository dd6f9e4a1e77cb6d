"""A row's commodity code as published, and the rows of one line: hostile files fail closed.

A code not in a form the publisher prints is an import error naming the file, row and column
(never a traceback, never the digits left once the rest is dropped); two rows of one line at
different rates are an error naming both rows, and the line is not_covered; an import that
exits 0 writes tables the rule check accepts.
"""

from __future__ import annotations

import doctest
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from pricing_engine.rules import iter_rule_errors
from pricing_engine.tariff import codes, import_tariff, write_tables
from pricing_engine.tariff.codes import CodeError, cn_code, hts_code
from pricing_engine.tariff.importers import import_table

HTS_HEADER = ("HTS Number,Indent,Description,Unit of Quantity,General Rate of Duty,"
              "Special Rate of Duty,Column 2 Rate of Duty,Quota Quantity,Additional Duties")
UK_HEADER = ("commodity,description,cet_duty_rate,ukgt_duty_rate,change,trade_remedy_applies,"
             "cet_applies_until_trade_remedy_transition_reviews_concluded,suspension_applies,"
             "atq_applies")
DAY = date(2026, 1, 1)


def _hts(tmp_path: Path, *rows: tuple[str, str, str, str]) -> Path:
    """A USITC CSV export of ``rows`` (HTS number, general, special, column 2)."""
    path = tmp_path / "hts.csv"
    lines = [f'"{hs}","2","x","","{general}","{special}","{other}","",""'
             for hs, general, special, other in rows]
    path.write_text("\n".join([HTS_HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def _uk(tmp_path: Path, *rows: tuple[str, str, str]) -> Path:
    """A UK Global Tariff CSV of ``rows`` (commodity, CET rate, UKGT rate)."""
    path = tmp_path / "ukgt.csv"
    lines = [f"{hs},x,{cet},{ukgt},No change,False,False,False,False" for hs, cet, ukgt in rows]
    path.write_text("\n".join([UK_HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def test_the_doctests_hold() -> None:
    result = doctest.testmod(codes)
    assert result.attempted >= 2 and result.failed == 0


@pytest.mark.parametrize("text", ["8413.70.30", "8413.70.30.10", "8413", "8413.70",
                                  "84137030", "8413 70 30", " 8413.70.30 "])
def test_an_hts_number_in_a_published_form_reads_as_its_digits(text: str) -> None:
    assert hts_code(text) == "".join(c for c in text if c.isdigit())


@pytest.mark.parametrize("text", ["", "8", "841", "84137", "８４１３.70.50", "8413.7O.30",
                                  "84A3.70.40", "8413-70-40", "8413.70.60 (note)",
                                  "8413.70.60.10.20.30", "8413.70 30", "84.13.70.30"])
def test_anything_else_is_refused(text: str) -> None:
    with pytest.raises(CodeError):
        hts_code(text)
    with pytest.raises(CodeError):
        cn_code(text)


@pytest.mark.parametrize("fmt", ["us-hts-csv", "us-hts-json"])
def test_a_rate_row_without_a_published_hts_number_is_a_row_problem(tmp_path: Path,
                                                                  fmt: str) -> None:
    bad = ["８４１３.70.50", "", "8", "8413.7O.30", "84A3.70.40", "8413.70.60.10.20.30"]
    rows = [(hs, "5%", "", "") for hs in bad] + [("8413.70.30", "2%", "", "")]
    path = _hts(tmp_path, *rows)
    if fmt == "us-hts-json":
        import json

        path = tmp_path / "hts.json"
        path.write_text(json.dumps([{"htsno": hs, "general": g, "special": s, "other": o}
                                    for hs, g, s, o in rows]), encoding="utf-8")
    result = import_tariff(fmt, path, effective=DAY)
    column = "HTS Number" if fmt == "us-hts-csv" else "htsno"
    first = 2 if fmt == "us-hts-csv" else 1  # the CSV line, the JSON array's index from 1
    assert [(p.row, p.column, p.text) for p in result.problems
            if p.column == column] == [(first + i, column, hs) for i, hs in enumerate(bad)]
    # no digit was read out of them: only the good line is written
    assert [e.hs for e in result.table.mfn] == ["84137030"]
    imported = result.table.imported
    assert imported is not None and (imported.lines, imported.parsed) == (7, 1)
    assert str(result.problems[3]).startswith(
        f"hts.{'csv' if fmt == 'us-hts-csv' else 'json'}:{first + 3}: 8413.7O.30 {column}: "
        "not an HTS number")


def test_through_the_cli_a_bad_hts_number_is_listed_not_a_traceback(tmp_path: Path) -> None:
    path = _hts(tmp_path, ("８４１３.70.50", "7%", "", ""), ("", "5%", "", ""))
    done = subprocess.run([sys.executable, "-m", "pricing_engine", "tariff", "import",
                           "us-hts-csv", str(path), "--effective", "2026-01-01",
                           "--out", str(tmp_path / "out")],
                          capture_output=True, text=True, check=False)
    # the contract of an import with rows not read: listed, exit 1 under the parse share
    assert done.returncode == 1, done.stderr
    assert done.stderr.splitlines() == [
        "hts.csv:2: ８４１３.70.50 HTS Number: not an HTS number (4, 6, 8 or 10 digits 0-9 in "
        "groups 4-2-2-2, as 8413.70.30 or 8413.70.30.10): '８４１３.70.50'",
        "hts.csv:3: - HTS Number: no HTS number given: ''"]
    assert "parsed 0 of 2 MFN rate texts" in done.stdout


@pytest.mark.parametrize("fmt", ["uk-gt-csv", "eu-cet"])
def test_a_commodity_code_not_as_published_is_a_row_problem(tmp_path: Path, fmt: str) -> None:
    bad = ["８４１３７０００", "84", "8", "", "841370", "8413.7O.30", "841370000"]
    path = _uk(tmp_path, *[(hs, "5.0%", "5.0%") for hs in bad], ("8413 70 30", "2.0%", "2.0%"))
    result = import_tariff(fmt, path)
    assert [(p.row, p.column) for p in result.problems] == [
        (2 + i, "commodity") for i in range(len(bad))]
    assert [e.hs for e in result.table.mfn] == ["84137030"]
    imported = result.table.imported
    assert imported is not None and (imported.lines, imported.parsed) == (8, 1)


def test_rows_of_one_line_at_other_rates_are_a_problem_naming_both(tmp_path: Path) -> None:
    path = _hts(tmp_path, ("8413.70.30", "5%", "Free (A,AU)", "35%"),
                ("8413.70.30", "5.0000000000000000001%", "Free (A,AU)", "35%"),
                ("8413.70.40", "6%", "Free (AU)", "35%"))
    result = import_table("us-hts-csv", path, effective=DAY)
    (problem,) = [p for p in result.problems if p.column == "HTS Number"]
    assert (problem.row, problem.hs) == (3, "84137030")
    assert "other rates than row 2" in problem.reason
    assert "general '5%' / '5.0000000000000000001%'" in problem.reason
    # neither rate is read: the line fails closed, in the MFN and column 2 tables, and no
    # preference frees it
    mfn = {e.hs: e for e in result.table.mfn}
    assert "rows 2, 3" in (mfn["84137030"].not_covered or "") and mfn["84137030"].rate is None
    withheld = {e.hs: e for e in result.more[0][1].withheld}
    assert withheld["84137030"].not_covered and withheld["84137030"].rate is None
    assert all(not p.hs.startswith("84137030") or p.excluded or p.not_covered
               for p in result.table.preferential)
    assert mfn["84137040"].rate is not None
    assert result.share < 1  # a line not read: the import does not pass as complete


def test_a_row_repeating_its_line_is_read_once_and_the_table_validates(
        tmp_path: Path) -> None:
    path = _hts(tmp_path, ("8413.70.30", "5%", "Free (AU)", "35%"),
                ("8413.70.30", " 5% ", "Free  (AU)", "35%"),
                ("8413.70.40", "6%", "", "35%"))
    result = import_table("us-hts-csv", path, effective=DAY)
    assert result.problems == () and result.share == 1
    assert [e.hs for e in result.table.mfn] == ["84137030", "84137040"]
    assert result.summary["rows repeating an earlier row of their line (read once)"] == 1
    out = tmp_path / "out"
    write_tables(result.tables, out)
    assert list(iter_rule_errors([out])) == []


@pytest.mark.parametrize("fmt", ["uk-gt-csv", "eu-cet"])
def test_uk_rows_of_one_line_at_other_rates_fail_closed(tmp_path: Path, fmt: str) -> None:
    path = _uk(tmp_path, ("84137030", "1.7%", "0.0%"), ("84137030", "1.7%", "0.0%"),
               ("84137030", "2.7%", "2.0%"), ("84137040", "1.7%", "0.0%"))
    result = import_table(fmt, path)
    (problem,) = result.problems
    assert (problem.row, problem.column, problem.hs) == (4, "commodity", "84137030")
    assert "other rates than row 2" in problem.reason
    (line,) = [e for e in result.table.mfn if e.hs == "84137030"]
    assert line.not_covered and line.rate is None
    out = tmp_path / "out"
    write_tables(result.tables, out)
    assert list(iter_rule_errors([out])) == []


def test_an_import_that_exits_0_writes_what_validate_accepts(tmp_path: Path) -> None:
    # a rate with many decimals is held exactly (the rule format bounds a rate, not its
    # decimals); one the decimal context would round is refused, as is an amount over the
    # format's bounds or one that is 0 to its 12 decimals: listed with its row, never a
    # traceback, never a silently different figure
    path = _hts(tmp_path, ("8413.70.30", "5.0000000000000000001%", "", "35%"),
                ("8413.70.40", "5.0000000000000000000000000000000001%", "", "35%"),
                ("8413.70.50", "9999999999999999999¢/kg", "", "35%"),
                ("8413.70.60", "0.0000000000001¢/kg", "", "35%"))
    result = import_table("us-hts-csv", path, effective=DAY)
    mfn = {e.hs: e for e in result.table.mfn}
    assert str(mfn["84137030"].rate) == "0.050000000000000000001"
    assert [(p.row, p.column) for p in result.problems] == [(3, "general"), (4, "general"),
                                                            (5, "general")]
    assert all(mfn[hs].not_covered for hs in ("84137040", "84137050", "84137060"))
    out = tmp_path / "out"
    write_tables(result.tables, out)
    assert list(iter_rule_errors([out])) == []
