"""Seasonal rates (UKGT / CET): periods as published, written out as dated terms, gaps closed."""

import doctest
from datetime import date
from decimal import Decimal

import pytest

from pricing_engine.rules.model import MfnEntry
from pricing_engine.tariff import seasons, units
from pricing_engine.tariff.rates import Unparsed
from pricing_engine.tariff.seasons import Seasonal, entries, expand, parse_seasonal

D = Decimal
#: The three CET texts of the known gaps, as the UK Global Tariff dataset prints them.
CAULIFLOWER = ("9.60% MIN 1.1\u00a0€/100\u00a0kg/net (01 JAN-14 APR, 1 DEC-31 DEC), 13.60% MIN "
               "1.6€/100kg/net")
AVOCADO = "4.00% (01 JAN-31 MAR, 01-31 DEC), 5.10% (01 JUN-30 NOV)"
STRAWBERRY = ("11.20% (01 JAN-31 APR, 01 AUG-31 DEC), 12.80% MIN 2.4€/100kg/net (01 MAY-31 "
              "JUL)")


def _season(text: str) -> Seasonal:
    season = parse_seasonal(text)
    assert isinstance(season, Seasonal), season
    return season


def _rates_in_2021(season: Seasonal, hs: str) -> tuple[list[MfnEntry], list[tuple[object, ...]]]:
    """The entries of ``season`` for 2021, and each one's days and rate."""
    written = entries(season, hs, date(2021, 1, 1), years=1)
    return written, [(e.valid_from, e.valid_to, e.rate) for e in written]


def test_a_season_across_the_new_year_is_one_entry_and_leap_days_are_covered() -> None:
    season = _season("12.00% (16 JUL - 15 JUN), 6.00% (16 JUN - 15 JUL)")
    dated = [(a, b, t and t.rate) for a, b, t in expand(season, date(2023, 6, 1), years=2)]
    assert dated == [(date(2023, 6, 1), date(2023, 6, 15), D("0.12")),
                     (date(2023, 6, 16), date(2023, 7, 15), D("0.06")),
                     (date(2023, 7, 16), date(2024, 6, 15), D("0.12")),  # 2024-02-29 in it
                     (date(2024, 6, 16), date(2024, 7, 15), D("0.06")),
                     (date(2024, 7, 16), date(2024, 12, 31), D("0.12"))]
    assert season.gaps == () and season.notes == ()


def test_several_periods_of_one_rate_and_a_minimum_per_period() -> None:
    season = _season("10.40% MIN 1.3€/100kg/net (01 JAN-31 MAR, 01 DEC-31 DEC), "
                     "12.00% MIN 2€/100kg/net (01 APR-30 NOV)")
    (winter, low), (summer, high) = season.seasons
    assert summer == (((4, 1), (11, 30)),)
    assert winter == (((1, 1), (3, 31)), ((12, 1), (12, 31)))
    assert low.min is not None and low.min.amount == D("0.013")
    assert high.rate == D("0.12")


@pytest.mark.parametrize(("text", "period"), [
    (AVOCADO, ((12, 1), (12, 31))),
    ("5.00% (01-15 JAN), 6.00% (16 JAN-31 DEC)", ((1, 1), (1, 15))),
    ("5.00% (1-29 FEB), 6.00% (01 MAR-31 JAN)", ((2, 1), (2, 29))),
])
def test_a_day_range_within_one_month_is_read(text: str, period: object) -> None:
    """'01-31 DEC' is 1 to 31 December: any 'DD-DD MON'."""
    assert period in _season(text).seasons[0][0]


def test_31_apr_is_read_as_the_last_day_of_april_and_the_entries_say_so() -> None:
    season = _season(STRAWBERRY)
    (low_periods, low), (high_periods, high) = season.seasons
    assert low_periods == (((1, 1), (4, 30)), ((8, 1), (12, 31)))
    assert high_periods == (((5, 1), (7, 31)),)
    assert (low.rate, high.rate) == (D("0.112"), D("0.128"))
    assert high.min is not None and high.min.amount == D("0.024")
    assert season.gaps == ()
    assert season.notes == ("'31 APR' read as 30 APR, the last day of April (the day "
                            "published does not exist)",)
    written, dated = _rates_in_2021(season, "08101000")
    assert dated == [
        (date(2021, 1, 1), date(2021, 4, 30), D("0.112")),
        (date(2021, 5, 1), date(2021, 7, 31), D("0.128")),
        (date(2021, 8, 1), date(2021, 12, 31), D("0.112")),
        (date(2022, 1, 1), None, None)]  # past the horizon: not covered
    assert all("'31 APR' read as 30 APR" in (e.note or "") for e in written[:-1])


def test_a_february_end_one_past_29_is_the_last_day_of_february_each_year() -> None:
    season = _season("5.00% (01 JAN-30 FEB), 6.00% (01 MAR-31 DEC)")
    assert season.notes == ("'30 FEB' read as the last day of February (the day published "
                            "does not exist)",)
    dated = expand(season, date(2023, 1, 1), years=2)
    ends = [b for _, b, t in dated if t is not None and t.rate == D("0.05")]
    assert ends == [date(2023, 2, 28), date(2024, 2, 29)]


@pytest.mark.parametrize("text", [
    "5.00% (01 JAN-32 JAN), 6.00% (01 FEB-31 DEC)",  # two past: not a misprint of the last day
    "5.00% (01 JAN-31 FEB), 6.00% (01 MAR-31 DEC)",  # February has 29 days at most
    "5.00% (01 JAN-30 APR), 6.00% (31 APR-31 DEC)",  # a start: the day after? not said
    "5.00% (01 JAN-00 MAR), 6.00% (01 MAR-31 DEC)",
    "5.00% (15-10 DEC), 6.00% (01 JAN-30 NOV)",  # not a range within December
])
def test_other_impossible_dates_still_fail(text: str) -> None:
    found = parse_seasonal(text)
    assert isinstance(found, Unparsed)
    assert found.reason.startswith("seasonal rate: period not understood: ")


def test_days_no_period_gives_are_a_gap_written_as_dated_not_covered_entries() -> None:
    season = _season(AVOCADO)
    assert season.gaps == (((4, 1), (5, 31)),) and season.notes == ()
    written = entries(season, "08044000", date(2021, 1, 1), years=2)
    assert [(e.valid_from, e.valid_to, e.rate, e.not_covered is not None) for e in written] == [
        (date(2021, 1, 1), date(2021, 3, 31), D("0.04"), False),
        (date(2021, 4, 1), date(2021, 5, 31), None, True),
        (date(2021, 6, 1), date(2021, 11, 30), D("0.051"), False),
        (date(2021, 12, 1), date(2022, 3, 31), D("0.04"), False),
        (date(2022, 4, 1), date(2022, 5, 31), None, True),
        (date(2022, 6, 1), date(2022, 11, 30), D("0.051"), False),
        (date(2022, 12, 1), date(2022, 12, 31), D("0.04"), False),
        (date(2023, 1, 1), None, None, True)]
    gap = written[1].not_covered or ""
    assert AVOCADO in gap and "gives no rate from 1 APR to 31 MAY" in gap
    assert "no rate from 1 APR to 31 MAY" in (written[0].note or "")


def test_a_rate_printed_without_its_period_is_the_rate_of_the_rest_of_the_year() -> None:
    """The cauliflower text names no period for 13.60 %: it takes the days no period names."""
    season = _season(CAULIFLOWER)
    assert season.gaps == ()
    (periods, terms), (rest, other) = season.seasons
    assert periods == (((1, 1), (4, 14)), ((12, 1), (12, 31)))
    assert terms.rate == D("0.096") and terms.min is not None and terms.min.amount == D("0.011")
    assert rest == (((4, 15), (11, 30)),)
    assert other.rate == D("0.136") and other.min is not None and other.min.amount == D("0.016")
    assert season.notes == ("'13.60% MIN 1.6€/100kg/net', printed without a period, read as the "
                            "rate of the rest of the year (15 APR to 30 NOV)",)
    written, dated = _rates_in_2021(season, "07041000")
    assert dated == [
        (date(2021, 1, 1), date(2021, 4, 14), D("0.096")),
        (date(2021, 4, 15), date(2021, 11, 30), D("0.136")),
        (date(2021, 12, 1), date(2021, 12, 31), D("0.096")),
        (date(2022, 1, 1), None, None)]
    # no gap within the year: only the days past the horizon are not covered
    assert [e.not_covered is None for e in written] == [True, True, True, False]
    assert "is written out to 2021-12-31" in (written[-1].not_covered or "")


@pytest.mark.parametrize("text", [
    "9.60% (01 JAN-14 APR), 13.60%, 12.00%",  # two rates without a period: which is which?
    "9.60% (01 JAN-31 DEC), 13.60%",  # the periods cover the year: when would it apply?
])
def test_a_rate_without_a_period_that_cannot_be_placed_stays_unparsed(text: str) -> None:
    found = parse_seasonal(text)
    assert isinstance(found, Unparsed)
    assert found.reason == "seasonal rate: a rate without its period"


def test_a_gap_across_the_new_year_is_one_period() -> None:
    season = _season("5.00% (01 FEB-30 NOV)")
    assert season.gaps == (((12, 1), (1, 31)),)
    dated = [(a, b, t is None) for a, b, t in expand(season, date(2021, 1, 1), years=2)]
    assert dated == [(date(2021, 1, 1), date(2021, 1, 31), True),
                     (date(2021, 2, 1), date(2021, 11, 30), False),
                     (date(2021, 12, 1), date(2022, 1, 31), True),
                     (date(2022, 2, 1), date(2022, 11, 30), False),
                     (date(2022, 12, 1), date(2022, 12, 31), True)]


@pytest.mark.parametrize(("text", "reason"), [
    ("8.00% (01 JAN - 30 JUN), 9.00% (15 JUN - 31 DEC)",
     "seasonal rate: the periods leave 2024-06-15 with two rates"),
    ("8.00% (01 JAN - 31 DEC), 9.00%", "seasonal rate: a rate without its period"),
    ("8.00% (01 JAN - 31 DEC", "seasonal rate: brackets not paired"),
    ("5¢/furlong (01 JAN - 31 DEC)", "seasonal rate: unit not understood: furlong"),
])
def test_a_season_that_gives_a_day_two_rates_or_is_not_read_is_unparsed(text: str,
                                                                       reason: str) -> None:
    assert parse_seasonal(text) == Unparsed(text, reason)


def test_the_doctests_hold() -> None:
    for module in (seasons, units):
        result = doctest.testmod(module)
        assert result.attempted >= 2 and result.failed == 0
