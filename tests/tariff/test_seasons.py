"""Seasonal rates (UKGT / CET): periods covering the year once, written out as dated terms."""

import doctest
from datetime import date
from decimal import Decimal

import pytest

from pricing_engine.tariff import seasons, units
from pricing_engine.tariff.rates import Unparsed
from pricing_engine.tariff.seasons import Seasonal, expand, parse_seasonal

D = Decimal


def test_a_season_across_the_new_year_is_one_entry_and_leap_days_are_covered() -> None:
    season = parse_seasonal("12.00% (16 JUL - 15 JUN), 6.00% (16 JUN - 15 JUL)")
    assert isinstance(season, Seasonal)
    dated = [(a, b, t.rate) for a, b, t in expand(season, date(2023, 6, 1), years=2)]
    assert dated == [(date(2023, 6, 1), date(2023, 6, 15), D("0.12")),
                     (date(2023, 6, 16), date(2023, 7, 15), D("0.06")),
                     (date(2023, 7, 16), date(2024, 6, 15), D("0.12")),  # 2024-02-29 in it
                     (date(2024, 6, 16), date(2024, 7, 15), D("0.06")),
                     (date(2024, 7, 16), date(2024, 12, 31), D("0.12"))]


def test_several_periods_of_one_rate_and_a_minimum_per_period() -> None:
    season = parse_seasonal("10.40% MIN 1.3€/100kg/net (01 JAN-31 MAR, 01 DEC-31 DEC), "
                            "12.00% MIN 2€/100kg/net (01 APR-30 NOV)")
    assert isinstance(season, Seasonal)
    (winter, low), (summer, high) = season.seasons
    assert summer == (((4, 1), (11, 30)),)
    assert winter == (((1, 1), (3, 31)), ((12, 1), (12, 31)))
    assert low.min is not None and low.min.amount == D("0.013")
    assert high.rate == D("0.12")


@pytest.mark.parametrize(("text", "reason"), [
    ("4.00% (01 JAN-31 MAR, 01-31 DEC), 5.10% (01 JUN-30 NOV)",
     "seasonal rate: the periods leave 2024-04-01 without a rate"),
    ("8.00% (01 JAN - 30 JUN), 9.00% (15 JUN - 31 DEC)",
     "seasonal rate: the periods leave 2024-06-15 with two rates"),
    ("11.20% (01 JAN-31 APR, 01 AUG-31 DEC), 12.80% (01 MAY-31 JUL)",
     "seasonal rate: period not understood: 01 JAN-31 APR"),
    ("9.60% (01 JAN-14 APR, 1 DEC-31 DEC), 13.60% MIN 1.6€/100kg/net",
     "seasonal rate: a rate without its period"),
    ("5¢/furlong (01 JAN - 31 DEC)", "seasonal rate: unit not understood: furlong"),
])
def test_a_season_that_does_not_cover_the_year_once_is_unparsed(text: str, reason: str) -> None:
    assert parse_seasonal(text) == Unparsed(text, reason)


def test_the_doctests_hold() -> None:
    for module in (seasons, units):
        result = doctest.testmod(module)
        assert result.attempted >= 2 and result.failed == 0
