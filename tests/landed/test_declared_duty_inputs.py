"""Duty terms that need a figure of the quote line, on the shipped tariff tables.

A watch's case, strap and battery values (USITC HTS 9102.11.10: ``44¢ each + 6% on the case +
14% on the strap, band or bracelet + 5.3% on the battery``), the polarization of raw cane
sugar (1701.13.10: ``1.4606¢/kg less 0.020668¢/kg for each degree under 100 degrees (and
fractions of a degree in proportion) but not less than 0.943854¢/kg``) and the Meursing
amounts of EU chocolate (CET 1806.20.10: ``8.30% + EA MAX 18.70% + ADSZ``): given on the line,
they give the exact duty (computed by hand below); missing, the decision is a review naming
the line and the field, never a silent 0; hostile values are refused naming the field. A
duty the rules cannot compute (another provision's rate, the EU entry price system) is a
review that says what to do.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from pricing_engine.decision import Proposal
from pricing_engine.engine import Engine
from pricing_engine.errors import InputError, MissingData, MissingRule
from pricing_engine.landed.duty import terms_amount
from pricing_engine.quote import Line, parse_quote
from pricing_engine.rules import RuleBook, load_rules
from tests.decision.conftest import proposal

D = Decimal
DAY = date(2026, 11, 20)


@pytest.fixture(scope="module")
def book() -> RuleBook:
    return load_rules()


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.load()


def same(amount: Decimal, currency: str) -> Decimal:
    """Customs FX of a test whose amounts are all in the destination currency."""
    return amount


def line(hs: str, **given: Any) -> Line:
    data = {"sku": "W-1", "hs_code": hs, "origin": "CH", "quantity": "10",
            "unit_price": "100", "unit_cost": "60", **given}
    return Line.model_validate(data)


def usd(amount: str) -> dict[str, str]:
    return {"amount": amount, "currency": "USD"}


WATCH_PARTS = {"case": usd("12.00"), "strap": usd("3.00"), "battery": usd("0.50")}


def test_a_watch_pays_on_the_declared_values_of_its_case_strap_and_battery(
        book: RuleBook) -> None:
    rule = book.duty("US", "9102.11.10", "CH", DAY).mfn
    amount, how = terms_amount(rule, line("91021110", part_values=WATCH_PARTS), D("1000"), same)
    # 10 watches: 10 x 0.44 + 6 % of 10 x 12.00 + 14 % of 10 x 3.00 + 5.3 % of 10 x 0.50
    assert amount == D("4.40") + D("7.20") + D("4.20") + D("0.265")
    assert "6% on the case: 10 x 12.00 USD declared" in how
    assert "5.3% on the battery: 10 x 0.50 USD declared" in how
    # the customs value of the watch does not enter: only the parts' values do
    assert terms_amount(rule, line("91021110", part_values=WATCH_PARTS), D("9"), same)[0] \
        == amount


def test_parts_named_together_are_one_base(book: RuleBook) -> None:
    # 9101.11.40: 51¢ each + 6.25% on the case and strap, band or bracelet + 5.3% on the
    # battery
    rule = book.duty("US", "9101.11.40", "CH", DAY).mfn
    assert rule.declared is not None
    together, battery = rule.declared.parts
    assert together.of == ("case", "strap") and battery.of == ("battery",)
    amount, _ = terms_amount(rule, line("91011140", part_values=WATCH_PARTS), D("1000"), same)
    assert amount == D("5.10") + D("0.0625") * (D("120") + D("30")) + D("0.053") * D("5")


def test_lead_pays_on_the_value_of_its_lead_content(book: RuleBook) -> None:
    rule = book.duty("US", "7801.10.00", "MX", DAY).mfn
    given = line("78011000", quantity="2000", part_values={"lead_content": usd("1.90")})
    assert terms_amount(rule, given, D("5000"), same)[0] == D("0.025") * 2000 * D("1.90")


def test_sugar_pays_less_per_degree_under_100_down_to_its_minimum(book: RuleBook) -> None:
    rule = book.duty("US", "1701.13.10", "BR", DAY).mfn
    kg = {"quantity": "1000", "unit_weight_kg": "1"}
    # 96 degrees: (1.4606 - 4 x 0.020668) cents a kg x 1,000 kg
    amount, how = terms_amount(rule, line("17011310", polarization_degrees="96", **kg),
                               D("500"), same)
    assert amount == (D("0.014606") - 4 * D("0.00020668")) * 1000 == D("13.77928")
    assert "x 4 degree(s) under 100 (polarization 96)" in how
    # fractions of a degree in proportion: 99.5 degrees
    assert terms_amount(rule, line("17011310", polarization_degrees="99.5", **kg), D("500"),
                        same)[0] == (D("0.014606") - D("0.5") * D("0.00020668")) * 1000
    # 70 degrees: 1.4606 - 30 x 0.020668 = 0.84056 cents, under the 0.943854 minimum
    amount, how = terms_amount(rule, line("17011310", polarization_degrees="70", **kg),
                               D("500"), same)
    assert amount == D("9.43854") and "(minimum 0.00943854 USD/kg applied)" in how
    # 100 degrees (and a polarimeter reads no more): the full rate
    assert terms_amount(rule, line("17011310", polarization_degrees="100", **kg), D("500"),
                        same)[0] == D("14.606")


def test_chocolate_adds_the_meursing_component_and_caps_with_the_sugar_duty(
        book: RuleBook) -> None:
    rule = book.duty("DE", "1806.20.10", "CH", DAY).mfn
    meursing = {"EA": "25.20", "ADSZ": "5.30"}
    choc = line("18062010", quantity="100", unit_weight_kg="10",  # 1,000 kg
                agricultural_components=meursing)
    # customs value 10,000: 8.3 % + 25.20 EUR/100 kg x 10 = 830 + 252, under the maximum
    # 18.7 % + 5.30 x 10 = 1,870 + 53
    amount, how = terms_amount(rule, choc, D("10000"), same)
    assert amount == D("1082") and "EA: 25.20 EUR/100 kg declared" in how
    # customs value 1,000: 83 + 252 = 335 over the maximum 187 + 53 = 240
    amount, how = terms_amount(rule, choc, D("1000"), same)
    assert amount == D("240") and "(maximum 18.7% + ADSZ applied)" in how


@pytest.mark.parametrize(("hs", "origin", "given", "field"), [
    ("91021110", "CH", {"part_values": {"case": usd("12.00")}}, "part_values.strap"),
    ("17011310", "BR", {"unit_weight_kg": "1"}, "polarization_degrees"),
    ("18062010", "CH", {"unit_weight_kg": "1", "agricultural_components": {"EA": "25.20"}},
     "agricultural_components.ADSZ"),
])
def test_a_missing_figure_is_missing_data_naming_the_line_and_field(
        book: RuleBook, hs: str, origin: str, given: dict[str, Any], field: str) -> None:
    country = "DE" if hs.startswith("18") else "US"
    rule = book.duty(country, hs, origin, DAY).mfn
    with pytest.raises(MissingData, match=rf"line 'W-1': .* needs {field} "):
        # a customs value where the maximum (chocolate) is in play: never priced without it
        terms_amount(rule, line(hs, origin=origin, **given), D("100"), same)


@pytest.mark.parametrize(("country", "hs", "message"), [
    ("US", "8215.10.00", "another provision .*that article in the set.*quote the components"),
    ("US", "6103.22.00", "each garment in the ensemble"),
    ("DE", "0702.00.00", "entry price system: .*price it by hand"),
])
def test_a_duty_the_rules_cannot_compute_says_what_to_do(
        book: RuleBook, country: str, hs: str, message: str) -> None:
    rule = book.duty(country, hs, "MA", DAY).mfn
    with pytest.raises(MissingRule, match=message):
        terms_amount(rule, line(hs.replace(".", ""), origin="MA"), D("100"), same)


def us_watch(**given: Any) -> Proposal:
    """The approved fixture proposal sent to a US buyer (DAP), its line a watch."""
    p = proposal("approved.yaml")
    data = p.model_dump(mode="json", exclude_unset=True)
    data["buyer"] = {"name": "Acme Watches Inc.", "country": "US", "type": "business"}
    data["named_place"] = "Newark"
    data["fx"] = {"EUR/USD": "1.0850"}
    data["parties"] = {"consignee": {"name": "Acme Watches Inc.", "country": "US",
                                     "kind": "entity"},
                       "end_user": {"name": "Acme Watches Inc.", "country": "US",
                                    "kind": "entity"}}
    watch = {**data["lines"][0], "sku": "W-1", "description": "Wrist watch, gold-plated case",
             "hs_code": "9102.11.10", "origin": "CH", "quantity": "10", "unit_price": "400",
             "unit_cost": "150", "list_price": "400", "unit_weight_kg": "0.1",
             "product_family": "watches", **given}
    data["lines"] = [watch]
    return Proposal.model_validate(data)


def test_without_the_figure_the_decision_is_a_review_naming_line_and_field(
        engine: Engine) -> None:
    decision = engine.check(us_watch())
    assert decision.status == "REVIEW"
    (gap,) = [r for r in decision.reasons if r.code == "MISSING_RULE"]
    assert "line 'W-1'" in gap.message and "part_values.case" in gap.message


def test_with_the_figures_the_watch_prices_at_the_hand_computed_duty(engine: Engine) -> None:
    parts = {"case": {"amount": "11.06", "currency": "EUR"},
             "strap": {"amount": "2.77", "currency": "EUR"},
             "battery": {"amount": "0.46", "currency": "EUR"}}
    decision = engine.check(us_watch(part_values=parts))
    assert not [r for r in decision.reasons if r.code in ("MISSING_RULE", "INVALID_INPUT")]
    assert decision.quote is not None
    mfn = next(c for c in decision.quote.lines[0].charges if c.kind == "mfn")
    # EUR part values at the quote's 1.0850: case 12.0001, strap 3.00545, battery 0.4991 USD;
    # 10 x 0.44 + 6 % of 120.001 + 14 % of 30.0545 + 5.3 % of 4.991
    exact = (D("4.40") + D("0.06") * D("120.001") + D("0.14") * D("30.0545")
             + D("0.053") * D("4.991"))
    assert exact == D("16.072213")
    assert mfn.amount.amount == D("16.07") and mfn.amount.currency.code == "USD"
    assert "6% on the case: 10 x 11.06 EUR declared" in mfn.explanation


@pytest.mark.parametrize(("line_given", "field"), [
    ({"part_values": {"case": {"amount": "-1", "currency": "USD"}}}, "part_values.case"),
    ({"part_values": {"case": {"amount": "NaN", "currency": "USD"}}}, "part_values.case"),
    ({"part_values": {"case": {"amount": "1e16", "currency": "USD"}}}, "part_values.case"),
    ({"part_values": {"case": {"amount": "1e14", "currency": "USD"}}, "quantity": "100"},
     "part_values.case"),
    ({"part_values": {"crown": {"amount": "1", "currency": "USD"}}}, "part_values.crown"),
    ({"part_values": {"case": "12.00"}}, "part_values.case"),
    ({"polarization_degrees": "-1"}, "polarization_degrees"),
    ({"polarization_degrees": "NaN"}, "polarization_degrees"),
    ({"polarization_degrees": "100.5"}, "polarization_degrees"),
    ({"agricultural_components": {"EA": "-25.20"}}, "agricultural_components.EA"),
    ({"agricultural_components": {"EA": "Infinity"}}, "agricultural_components.EA"),
    ({"agricultural_components": {"EA": "1e16"}}, "agricultural_components.EA"),
    ({"agricultural_components": {"XX": "1"}}, "agricultural_components.XX"),
])
def test_hostile_figures_are_refused_naming_the_field(line_given: dict[str, Any],
                                                      field: str) -> None:
    quote = {"id": "Q-1", "date": "2026-11-20", "currency": "USD",
             "seller": {"name": "Seller AG", "country": "CH"},
             "buyer": {"name": "Buyer Inc.", "country": "US", "type": "business"},
             "mode": "air", "incoterm": "DAP",
             "lines": [{"sku": "W-1", "hs_code": "9102.11.10", "origin": "CH", "quantity": "10",
                        "unit_price": "400", "unit_cost": "150", **line_given}]}
    with pytest.raises(InputError, match=field.replace(".", r"\.")):
        parse_quote(json.dumps(quote), "q.json")
