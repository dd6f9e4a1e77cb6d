"""The seasonal CET lines of the bundled EU table: each season priced, a gap fails closed.

The EU table (rules/tariffs/EU.yaml, the CET column of the UK Global Tariff dataset) prints
cauliflowers (0704 10 00: one rate without its period, the rest of the year's), avocados
(0804 40 00: periods that leave April and May out) and strawberries (0810 10 00: a day that
does not exist); see pricing_engine.tariff.seasons.
"""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from pricing_engine.errors import MissingRule
from pricing_engine.rules import RuleBook, load_rules

D = Decimal
EU_TABLE = Path(__file__).resolve().parents[2] / "rules" / "tariffs" / "EU.yaml"


@pytest.fixture(scope="module")
def bundled() -> RuleBook:
    return load_rules()


@pytest.mark.parametrize(("hs", "on", "rate", "minimum"), [
    ("07041000", date(2026, 1, 2), "0.096", "0.011"),  # cauliflowers, 01 JAN-14 APR
    ("07041000", date(2026, 4, 14), "0.096", "0.011"),
    ("07041000", date(2026, 12, 1), "0.096", "0.011"),  # 1 DEC-31 DEC
    ("07041000", date(2026, 4, 15), "0.136", "0.016"),  # the rest of the year: 15 APR-30 NOV
    ("07041000", date(2026, 11, 20), "0.136", "0.016"),
    ("080440", date(2026, 3, 31), "0.04", None),  # avocados, 01 JAN-31 MAR
    ("080440", date(2026, 6, 1), "0.051", None),  # 01 JUN-30 NOV
    ("08044000", date(2026, 11, 30), "0.051", None),
    ("080440", date(2026, 12, 31), "0.04", None),  # 01-31 DEC
    ("081010", date(2026, 4, 30), "0.112", None),  # strawberries, 01 JAN-31 APR (30 APR)
    ("081010", date(2026, 5, 1), "0.128", "0.024"),  # 01 MAY-31 JUL, MIN 2.4 EUR/100 kg
    ("081010", date(2026, 7, 31), "0.128", "0.024"),
    ("08101000", date(2026, 8, 1), "0.112", None),  # 01 AUG-31 DEC
])
def test_a_date_in_each_season_prices_at_its_rate(bundled: RuleBook, hs: str, on: date,
                                                   rate: str, minimum: str | None) -> None:
    found = bundled.duty("DE", hs, "CN", on).mfn
    assert found.rate == D(rate)
    assert (found.min and found.min.amount) == (D(minimum) if minimum else None)
    assert found.ref.file.endswith("tariffs/EU.yaml")
    assert found.valid_from is not None and found.valid_from <= on
    assert found.valid_to is not None and on <= found.valid_to


@pytest.mark.parametrize(("hs", "on", "period"), [
    ("080440", date(2026, 4, 1), "1 APR to 31 MAY"),
    ("08044000", date(2026, 5, 31), "1 APR to 31 MAY"),
])
def test_a_date_in_a_gap_fails_closed_naming_the_line_and_the_period(
        bundled: RuleBook, hs: str, on: date, period: str) -> None:
    with pytest.raises(MissingRule) as caught:
        bundled.duty("DE", hs, "CN", on)
    message = str(caught.value)
    assert f"HS {hs} is not covered by the duty rules on {on}" in message
    assert f"gives no rate from {period}" in message
    assert "EU.yaml" in message


def test_the_cauliflower_entries_say_how_the_rate_without_a_period_was_read(
        bundled: RuleBook) -> None:
    found = bundled.duty("FR", "07041000", "US", date(2027, 6, 1)).mfn
    assert found.rate == D("0.136")
    assert (found.valid_from, found.valid_to) == (date(2027, 4, 15), date(2027, 11, 30))
    line = EU_TABLE.read_text(encoding="utf-8").splitlines()[found.ref.line - 1]
    assert ("'13.60% MIN 1.6€/100kg/net', printed without a period, read as the rate of the "
            "rest of the year (15 APR to 30 NOV)") in line


def test_the_strawberry_entries_say_how_31_apr_was_read(bundled: RuleBook) -> None:
    found = bundled.duty("DE", "081010", "CN", date(2026, 4, 30)).mfn
    assert found.valid_to == date(2026, 4, 30)
    line = EU_TABLE.read_text(encoding="utf-8").splitlines()[found.ref.line - 1]
    assert "'31 APR' read as 30 APR, the last day of April" in line
