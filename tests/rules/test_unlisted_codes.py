"""A national code the tariff table does not list is read as the subheading whose lines it does.

The EU and GB tables are CN 2020 (the UK Global Tariff dataset of 2021); a quote written
today carries a CN 2026 code, and about 2.7 % of those (CN 8528 71 00 00, merged in 2025;
0302 81 50 00; 9028 30 00 00, merged in 2022) are no line of CN 2020. Such a code used to
find no rule at all (MissingRule) or, worse, a curated heading rate beside the lines (EU 8528
at 14 %). Since a table lists every line of a subheading it writes lines for, the goods are
one of those lines: the code prices where they all charge alike and otherwise names them.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pricing_engine import AmbiguousHsCode, MissingRule
from pricing_engine.rules import RuleBook
from pricing_engine.rules.results import CandidateLines

DAY = date(2026, 12, 1)


def test_a_newer_cn_code_over_lines_of_different_duty_names_them(bundled: RuleBook) -> None:
    # CN 2026 0302 81 50 00 (fresh dogfish and other sharks) is no line of CN 2020, whose
    # four lines of 0302 81 charge 6 % and 8 % (the UK tariff's lines as the CET's)
    with pytest.raises(AmbiguousHsCode) as caught:
        bundled.duty("GB", "0302 81 50 00", "CN", DAY)
    message = str(caught.value)
    assert "HS 0302815000 is not a line of the tariff table (read as HS 030281" in message
    assert "03028115 6 %" in message and "03028130 8 %" in message
    assert {code for code, _ in caught.value.candidates} == {
        "03028115", "03028130", "03028140", "03028180"}
    # the EU's table of later CN lines has it: 8 % from CN 2025 on, named before
    eu = bundled.duty("DE", "0302 81 50 00", "CN", DAY).mfn
    assert (eu.hs, eu.rate, eu.valid_from) == ("03028150", Decimal("0.08"), date(2025, 1, 1))
    with pytest.raises(AmbiguousHsCode, match="read as HS 030281"):
        bundled.duty("DE", "0302 81 50 00", "CN", date(2024, 12, 31))


def test_a_newer_code_over_lines_of_one_duty_prices_as_they_do(bundled: RuleBook) -> None:
    # every CN 2020 line of 8528 71 is free now (three always, two since their last ITA stage
    # on 2023-07-01); the curated heading 8528 says 14 %, which CN 2025's 8528 71 00 00 used
    # to get
    for country in ("DE", "GB"):
        found = bundled.duty(country, "8528710000", "CN", DAY).mfn
        assert found.rate == Decimal("0") and found.hs.startswith("852871"), country
    assert bundled.duty("GB", "8528710000", "CN", DAY).mfn.ref.file.endswith("tariffs/GB.yaml")
    # ... and before 2023-07-01 the lines differ (85287119 and 85287199 still dutiable): named
    with pytest.raises(AmbiguousHsCode, match=r"read as HS 852871.*85287119 1.8 %"):
        bundled.duty("DE", "8528710000", "CN", date(2023, 3, 1))


def test_highest_takes_the_dearest_line_of_the_subheading(bundled: RuleBook) -> None:
    found = bundled.duty("GB", "0302815000", "CN", DAY, ambiguous_hs="highest")
    assert isinstance(found, CandidateLines)
    assert max(lookup.mfn.rate or Decimal(0) for lookup in found.lookups) == Decimal("0.08")
    assert {lookup.mfn.hs for lookup in found.lookups} == {
        "03028115", "03028130", "03028140", "03028180"}


def test_a_mistyped_us_line_names_the_subheading_lines(bundled: RuleBook) -> None:
    with pytest.raises(AmbiguousHsCode, match=r"HS 8712009999 is not a line .*HS 871200 covers "
                                              r"6 national tariff line"):
        bundled.duty("US", "8712.00.99.99", "DE", DAY)
    # a listed line with its statistical suffix reads the line as before
    assert bundled.duty("US", "8712.00.25.00", "DE", DAY).mfn.rate == Decimal("0.055")


def test_a_chapter_not_covered_does_not_hide_the_table_lines(bundled: RuleBook) -> None:
    # Norway's chapter 01 is not_covered in the curated file; 0101 29 99 is no line of the
    # 2019 tariff, whose lines of 0101 29 charge per kg and per head
    with pytest.raises(AmbiguousHsCode, match=r"read as HS 010129.*01012902.*01012908"):
        bundled.duty("NO", "01012999", "DE", DAY)


def test_a_curated_subheading_entry_still_answers_its_codes(bundled: RuleBook) -> None:
    wine = bundled.duty("DE", "2204219300", "US", DAY).mfn
    assert wine.hs == "220421" and wine.ref.file.endswith("unions/EU.yaml")


def test_a_code_outside_every_table_subheading_is_still_missing(bundled: RuleBook) -> None:
    with pytest.raises(MissingRule, match="no MFN duty rule for HS 9905000000"):
        bundled.duty("DE", "9905000000", "CN", DAY)


@pytest.mark.parametrize(("on", "rate"), [
    (date(2021, 3, 1), "0.045"),   # the 2020-07-01 stage (the table's CET column: 6 %)
    (date(2022, 3, 1), "0.03"),
    (date(2023, 3, 1), "0.015"),
    (date(2026, 12, 1), "0"),      # duty free from 2023-07-01
])
def test_the_ita_stages_correct_the_eu_table(bundled: RuleBook, on: date, rate: str) -> None:
    found = bundled.duty("FR", "8527.29.00", "JP", on).mfn
    assert found.rate == Decimal(rate) and found.hs == "85272900"
    assert found.ref.file.endswith("unions/EU.yaml")


def test_curated_corrections_still_count_as_the_table_lines(bundled: RuleBook) -> None:
    # the three CN 2020 meter lines of 9028 30 are all corrected in the curated file; CN 2022
    # 9028 30 00 00 is none of them, and still reads as their subheading (free since
    # 2021-07-01), not as a code without a rule
    assert "90283011" in bundled.country("DE").replaced  # the table's line, replaced
    found = bundled.duty("DE", "9028300000", "CN", DAY).mfn
    assert found.rate == Decimal("0") and found.hs.startswith("902830")
    assert bundled.duty("DE", "9028300000", "CN", date(2021, 3, 1)).mfn.rate == Decimal("0.004")
