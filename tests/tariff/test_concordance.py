"""Carrying a CN2020 (HS2017) table to HS2022: a new code takes its old lines' duty only when
they all agree; otherwise its ``split`` entry names them (a lookup never picks one)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from pricing_engine.rules.model import MfnEntry, TariffFile, TariffImport
from pricing_engine.tariff import TariffFileError
from pricing_engine.tariff.concordance import SOURCE, read_correlations, to_hs2022

CORRELATIONS = """\
hs2022,hs2017,relationship
852410,901380,1:n
030990,030619,n:n
030990,030639,n:n
070952,070959,1:n
847130,847130,1:1
"""


def _table() -> TariffFile:
    lines = {"90138020": "0.02", "90138090": "0.02", "03061910": "0.06", "03063990": "0.12",
             "07095910": "0.03", "84713000": "0"}
    return TariffFile(
        tariff="GB", as_of="2021-01-01", sources=[{"id": "ukgt", "title": "UKGT"}],
        imported=TariffImport(format="uk-gt-csv", file="ukgt.csv", nomenclature="CN2020"),
        mfn=[MfnEntry(hs=hs, rate=Decimal(rate)) for hs, rate in lines.items()])


@pytest.fixture
def correlations(tmp_path: Path) -> dict[str, frozenset[str]]:
    path = tmp_path / "corr.csv"
    path.write_text(CORRELATIONS, encoding="utf-8")
    return read_correlations(path)


def test_a_new_code_takes_the_one_duty_of_its_old_lines(
        correlations: dict[str, frozenset[str]]) -> None:
    mapped = to_hs2022(_table(), correlations)
    assert mapped.added == ("070952", "852410")
    (entry,) = [e for e in mapped.table.mfn if e.hs == "852410"]
    assert entry.rate == Decimal("0.02") and entry.source == SOURCE.id
    assert "HS2017 901380" in (entry.note or "") and "2 CN2020 lines" in (entry.note or "")
    assert SOURCE in mapped.table.sources
    assert {e.hs for e in _table().mfn} <= {e.hs for e in mapped.table.mfn}  # nothing lost


def test_old_lines_of_different_duties_are_a_split_not_a_guess(
        correlations: dict[str, frozenset[str]]) -> None:
    mapped = to_hs2022(_table(), correlations)
    (split,) = mapped.splits
    assert split.hs == "030990" and split.hs2017 == ("030619", "030639")
    assert dict(split.lines) == {"03061910": "6%", "03063990": "12%"}
    (entry,) = [e for e in mapped.table.mfn if e.hs == "030990"]  # names them, no duty
    assert entry.split == ("03061910", "03063990") and entry.rate is None
    assert entry.source == SOURCE.id and "HS2017 030619, 030639" in (entry.note or "")


def test_a_not_covered_line_is_an_unreadable_one(
        correlations: dict[str, frozenset[str]]) -> None:
    table = _table()
    blocked = MfnEntry(hs="07095930", not_covered="the published rate is not read")
    mapped = to_hs2022(table.model_copy(update={"mfn": (*table.mfn, blocked)}), correlations)
    (entry,) = [e for e in mapped.table.mfn if e.hs == "070952"]
    assert entry.split == ("07095910", "07095930")


def test_an_unreadable_old_line_blocks_the_carry_over(
        correlations: dict[str, frozenset[str]]) -> None:
    mapped = to_hs2022(_table(), correlations, unknown={"07095930"})
    assert "070952" not in mapped.added
    assert any(s.hs == "070952" and ("07095930", "unparsed") in s.lines for s in mapped.splits)
    assert "070952" in to_hs2022(_table(), correlations).added  # without it, it carries over


def test_a_correlation_file_with_bad_codes_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "corr.csv"
    path.write_text("hs2022,hs2017\n8524,901380\n", encoding="utf-8")
    with pytest.raises(TariffFileError, match=r"corr\.csv:2: codes must be 6 digits"):
        read_correlations(path)
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(TariffFileError, match="not an HS2022-HS2017 correlation CSV"):
        read_correlations(path)
    path.write_text("hs2022,hs2017\n010121\n", encoding="utf-8")  # a row cut short
    with pytest.raises(TariffFileError, match=r"corr\.csv:2: codes must be 6 digits"):
        read_correlations(path)


def test_a_new_code_with_an_old_code_missing_from_the_table_gets_no_duty(
        correlations: dict[str, frozenset[str]]) -> None:
    # a partial file: 030990 was carved from 030619 and 030639, the table has only 030619's
    # line; what 030639's goods pay is not known, so no duty is guessed from 030619's
    table = _table()
    partial = table.model_copy(update={"mfn": tuple(
        e for e in table.mfn if e.hs != "03063990")})
    mapped = to_hs2022(partial, correlations)
    assert "030990" not in {e.hs for e in mapped.table.mfn}
    assert mapped.partial == ("030990",) and "030990" not in mapped.added
    assert not mapped.splits  # nothing to name in its place either
    # with a line under every old code, the same lines of one duty carry over
    alike = partial.model_copy(update={"mfn": (*partial.mfn, MfnEntry(
        hs="03063990", rate=Decimal("0.06")))})
    assert "030990" in to_hs2022(alike, correlations).added


def test_a_one_line_file_invents_no_duty_for_broad_new_codes() -> None:
    """One UKGT row (8413 70 00 at 5 %) gave 852411 ... 852990 5 % through the correlation:
    each took goods from hundreds of HS2017 codes, none of the others in the file."""
    table = TariffFile(
        tariff="GB", as_of="2021-01-01", sources=[{"id": "ukgt", "title": "UKGT"}],
        imported=TariffImport(format="uk-gt-csv", file="ukgt.csv", nomenclature="CN2020"),
        mfn=[MfnEntry(hs="84137000", rate=Decimal("0.05"))])
    from pricing_engine.tariff.importers import bundled_correlations

    mapped = to_hs2022(table, bundled_correlations())
    assert [e.hs for e in mapped.table.mfn] == ["84137000"]
    assert mapped.added == () and mapped.splits == ()
    assert {"852411", "852990", "854999"} <= set(mapped.partial)


def test_a_code_kept_from_hs2017_needs_its_own_lines_too() -> None:
    # the UN table lists 9114 90 only as taking 9114 10's goods (no 911490 -> 911490 row):
    # without any line of its own in the table, it is not given 9114 10's duty
    corr = {"911490": frozenset({"911410"}), "854999": frozenset({"911490"})}
    table = TariffFile(
        tariff="GB", as_of="2021-01-01", sources=[{"id": "ukgt", "title": "UKGT"}],
        mfn=[MfnEntry(hs="91141000", rate=Decimal("0.037"))])
    mapped = to_hs2022(table, corr)
    assert "911490" in mapped.partial and mapped.added == ()


def test_the_doctests_hold() -> None:
    import doctest

    from pricing_engine.tariff import concordance

    result = doctest.testmod(concordance)
    assert result.attempted > 3 and result.failed == 0
