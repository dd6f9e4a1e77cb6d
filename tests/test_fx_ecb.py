"""The ECB reader: every published layout reads, and every malformed file is refused at its line."""

from __future__ import annotations

import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from pricing_engine.errors import RuleFileError
from pricing_engine.fx_ecb import bundled_reference_rates, parse_ecb, read_ecb

ROOT = Path(__file__).resolve().parents[1]
FX = ROOT / "tests" / "fixtures" / "fx"
BUNDLED = ROOT / "pricing_engine" / "fxdata" / "eurofxref-hist.csv"


def test_daily_xml_of_2025_05_09() -> None:
    result = read_ecb(FX / "eurofxref-daily.xml")
    table = result.table
    assert result.layout == "xml" and table.days == (date(2025, 5, 9),)
    row = table.rates[date(2025, 5, 9)]
    assert row["USD"] == Decimal("1.1252") and row["GBP"] == Decimal("0.84770")
    assert len(row) == 29 and result.left_out == ("BGN",)  # ISO 4217 has withdrawn BGN
    assert table.source.startswith("European Central Bank") and table.file == "eurofxref-daily.xml"


def test_daily_csv_with_its_long_date() -> None:
    result = read_ecb(FX / "eurofxref.csv")
    assert result.layout == "csv-daily"
    assert result.table.days == (date(2024, 10, 11),)
    assert result.table.rates[date(2024, 10, 11)]["JPY"] == Decimal("162.94")


def test_historical_xml() -> None:
    table = read_ecb(FX / "eurofxref-hist.xml").table
    assert table.days == (date(2020, 1, 24), date(2020, 1, 27), date(2020, 1, 28))
    assert table.rates[date(2020, 1, 28)]["USD"] == Decimal("1.1005")


def test_historical_csv_and_its_zip_read_the_same(tmp_path: Path) -> None:
    csv = read_ecb(BUNDLED)
    archive = tmp_path / "eurofxref-hist.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(BUNDLED, "eurofxref-hist.csv")
    zipped = read_ecb(archive)
    assert zipped.table.rates == csv.table.rates and zipped.table.file == "eurofxref-hist.csv"
    assert csv.layout == "csv-hist" and len(csv.table.days) == 26
    # every currency the euro replaced (and ROL, TRL) is named, not silently dropped
    assert set(csv.left_out) == {"BGN", "CYP", "EEK", "HRK", "LTL", "LVL", "MTL", "ROL", "SIT",
                                 "SKK", "TRL"}
    assert "RUB" not in csv.table.rates[date(2025, 5, 9)]  # N/A: no rate, not zero


def test_the_bundled_table_is_the_bundled_file() -> None:
    table = bundled_reference_rates()
    assert table.days[0] == date(2025, 4, 1) and table.as_of == date(2025, 5, 9)
    assert date(2025, 4, 18) not in table.rates and date(2025, 5, 1) not in table.rates
    assert table.sha256 == "36821360362039dae19d1cd69b825d110a0cba2a1b16731821c6316af572265d"
    assert table.rates == read_ecb(BUNDLED).table.rates


#: Each hostile file and the error it must give (file:line:column: field: message).
BAD = {
    "bad_date.csv": "bad_date.csv:2:1: Date: '2025-02-30' is not a date",
    "comma_decimal.csv": "comma_decimal.csv:3:1: 43 fields, the header has 42 (a decimal comma",
    "short_row.csv": "short_row.csv:3:1: 41 fields, the header has 42",
    "day_twice.csv": "day_twice.csv:3:1: Date: 2025-05-09 is given twice",
    "empty_cell.csv": "empty_cell.csv:3:12: USD: '' is not a rate",
    "negative_rate.csv": "negative_rate.csv:3:12: USD: '-1.1297' is not a rate",
    "zero_rate.csv": "zero_rate.csv:3:12: USD: 0 is outside the range of an FX rate",
    "unknown_currency.csv": "unknown_currency.csv:1:142: column 'MXP': not an ISO 4217",
    "euro_column.csv": "euro_column.csv:1:12: currency EUR: the ECB's rates are euro rates",
    "euro_rate.xml": "euro_rate.xml:11:4: currency EUR: the ECB's rates are euro rates",
    "doctype.xml": "doctype.xml:2:16: a DTD or entity declaration is not allowed",
    "rate_missing.xml": "rate_missing.xml:10:4: Cube at depth 3 has currency; expected "
                        "currency, rate",
    "bad_rate.xml": "bad_rate.xml:11:4: rate of GBP: '0.8477O' is not a rate",
    "wrong_namespace.xml": "wrong_namespace.xml:7:2: element Cube is not in the ECB's namespace",
    "not_ecb.xml": "not_ecb.xml:2:1: the root element is 'rates'",
    "truncated.xml": "truncated.xml:15:1: invalid XML",
}


def test_every_bad_fixture_is_listed() -> None:
    assert sorted(p.name for p in (FX / "bad").iterdir()) == sorted(BAD)


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_malformed_file_is_an_error_at_its_line(name: str) -> None:
    with pytest.raises(RuleFileError) as caught:
        read_ecb(FX / "bad" / name)
    assert str(caught.value).startswith(str(FX / "bad" / BAD[name].split(":")[0]))
    assert BAD[name] in str(caught.value)


def test_zip_with_two_files_and_other_junk(tmp_path: Path) -> None:
    archive = tmp_path / "two.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("eurofxref-hist.csv", BUNDLED.read_bytes())
        z.writestr("extra.csv", b"Date,USD,\n")
    with pytest.raises(RuleFileError, match=r"holds one CSV file; this holds eurofxref-hist"):
        read_ecb(archive)
    with pytest.raises(RuleFileError, match="not an ECB reference-rate file"):
        parse_ecb(b"USD,1.1\n", "x.csv")
    with pytest.raises(RuleFileError, match="not UTF-8"):
        parse_ecb(b"Date,USD,\n2025-05-09,\xff,\n", "latin.csv")
    with pytest.raises(RuleFileError, match="no rates"):
        parse_ecb(b"Date,USD,\n", "empty.csv")
    with pytest.raises(RuleFileError, match="not a readable zip"):
        parse_ecb(b"PK\x03\x04broken", "broken.zip")
