"""FX files: a rate or a day written in another script's digits, or with '_', is refused.

The ECB reader's patterns once used ``\\d``, which matches any script's digits (and Decimal
and int() read them as 0-9); a reference table file reads its rates as every amount is read.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pricing_engine.errors import RuleFileError
from pricing_engine.fx_ecb import parse_ecb
from pricing_engine.fx_rates import load_reference_rates

ROOT = Path(__file__).resolve().parents[1]
DAILY_CSV = (ROOT / "tests" / "fixtures" / "fx" / "eurofxref.csv").read_text("utf-8")
DAILY_XML = (ROOT / "tests" / "fixtures" / "fx" / "eurofxref-daily.xml").read_text("utf-8")


@pytest.mark.parametrize("rate", ["\u0661.0938", "\uff11.0938", "1_0.938"])
def test_an_ecb_csv_rate(rate: str) -> None:
    text = DAILY_CSV.replace(" 1.0938,", f" {rate},", 1)
    with pytest.raises(RuleFileError, match=rf"eurofxref.csv:2:\d+: USD: '{rate}' is not a "
                                            r"rate \(a decimal number, or N/A\)"):
        parse_ecb(text.encode("utf-8"), "eurofxref.csv")


def test_an_ecb_csv_day() -> None:
    text = DAILY_CSV.replace("11 October 2024,", "\u0661\u0661 October 2024,", 1)
    with pytest.raises(RuleFileError, match=r"eurofxref.csv:2:1: Date: .* is not a date"):
        parse_ecb(text.encode("utf-8"), "eurofxref.csv")


def test_an_ecb_xml_rate_and_day() -> None:
    assert "rate='1.1252'" in DAILY_XML and "time='2025-05-09'" in DAILY_XML
    rate = DAILY_XML.replace("rate='1.1252'", "rate='\uff11.1252'")
    with pytest.raises(RuleFileError, match=re.escape("rate of USD: '\uff11.1252' is not a")):
        parse_ecb(rate.encode("utf-8"), "eurofxref-daily.xml")
    day = DAILY_XML.replace("time='2025-05-09'", "time='\u0662\u0660\u0662\u0665-05-09'")
    with pytest.raises(RuleFileError, match=re.escape(
            "eurofxref-daily.xml:8:3: time: '\u0662\u0660\u0662\u0665-05-09' is not a date")):
        parse_ecb(day.encode("utf-8"), "eurofxref-daily.xml")


@pytest.mark.parametrize(("rate", "why"), [("1_1252", "without '_'"),
                                           ("\u0661.1252", "ASCII digits 0-9")])
def test_a_reference_table_file_rate(tmp_path: Path, rate: str, why: str) -> None:
    path = tmp_path / "fx.yaml"
    path.write_text('source: test\nas_of: "2025-05-09"\nbase: EUR\nrates:\n'
                    f'  "2025-05-09": {{USD: "{rate}"}}\n', "utf-8")
    with pytest.raises(RuleFileError, match=rf"fx.yaml:5:\d+: rates.2025-05-09.USD: "
                                            rf"'{rate}' is not a decimal number: .*{why}"):
        load_reference_rates(path)
