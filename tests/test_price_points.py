"""Price points: rounding up to the minor unit, a step or endings, and bad rules refused."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

from pricing_engine.errors import InputError
from pricing_engine.price_points import PricePointRule, PricePoints, price_point_up

D = Decimal
ENDINGS = PricePointRule(endings=(D("0.99"), D("0.95"), D("0.00")))


@pytest.mark.parametrize(("price", "currency", "rule", "expected"), [
    ("11.6545", "EUR", None, "11.66"),
    ("11.66", "EUR", None, "11.66"),           # already a point: unchanged
    ("11.6601", "EUR", None, "11.67"),         # up, never down
    ("1234.2", "JPY", None, "1235"),
    ("1.0001", "KWD", None, "1.001"),          # three minor digits
    ("0", "EUR", ENDINGS, "0.00"),             # a free line stays free
    ("11.00", "EUR", ENDINGS, "11.00"),
    ("11.001", "EUR", ENDINGS, "11.95"),
    ("11.96", "EUR", ENDINGS, "11.99"),
    ("11.995", "EUR", ENDINGS, "12.00"),
    ("1234.2", "JPY", PricePointRule(step=D(10)), "1240"),
    ("1240", "JPY", PricePointRule(step=D(10)), "1240"),
    ("101", "HUF", PricePointRule(step=D(5)), "105"),
    ("3.01", "CHF", PricePointRule(step=D("0.05")), "3.05"),
    ("12", "EUR", PricePointRule(endings=(D("9.90"),), every=D(10)), "19.90"),
])
def test_rounds_up_to_the_next_point(price: str, currency: str, rule: PricePointRule | None,
                                     expected: str) -> None:
    got = price_point_up(D(price), currency, rule)
    assert str(got) == expected
    assert got >= D(price)


def test_a_point_finer_than_the_minor_unit_is_refused() -> None:
    with pytest.raises(InputError, match="finer than the minor unit of JPY"):
        price_point_up(D("100"), "JPY", ENDINGS)
    with pytest.raises(InputError, match=r"step 0\.001"):
        price_point_up(D("100"), "EUR", PricePointRule(step=D("0.001")))


def test_a_policy_rule_of_a_currency_finer_than_its_minor_unit_is_refused() -> None:
    # checked when the policy is read, not at the first price rounded in the currency
    with pytest.raises(ValidationError, match=r"by_currency\n.*finer than the minor unit of "
                       r"KRW \(1\)"):
        PricePoints.model_validate({"by_currency": {"KRW": {"endings": ["0.99"]}}})
    assert PricePoints.model_validate({"by_currency": {"KRW": {"step": "10"}}}).rule("KRW").step


@pytest.mark.parametrize(("data", "message"), [
    ({"step": "5", "endings": ["0.99"]}, "a step or endings, not both"),
    ({"endings": ["1.5"]}, "below every"),
    ({"endings": ["0.99", "0.99"]}, "twice"),
    ({"step": "0"}, "outside the range"),
    ({"step": 5.0}, "float"),
    ({"steps": "5"}, "Extra inputs"),
])
def test_bad_rules_are_refused(data: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        PricePointRule.model_validate(data)


def test_rule_by_currency() -> None:
    points = PricePoints.model_validate({"default": {"endings": ["0.99"]},
                                         "by_currency": {"jpy": {"step": "10"}}})
    assert points.rule("JPY").step == 10
    assert points.rule("EUR").endings == (D("0.99"),)
    assert "minor unit (0.01 EUR)" in PricePointRule().describe("EUR")
