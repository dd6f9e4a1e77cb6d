"""Tariff-rate quotas: a line of a quota charges its in-quota duty or its out-of-quota duty as
the quote line declares (``tariff_quota: in`` where the importer holds an allocation that
covers the goods, ``out`` beyond the quota), and is not priced where the line does not say:
a review naming the line and the field, never the lower rate by default.

On the shipped tables: China's wheat (2026 tariff, 1 % in quota, 65 % out of quota) and
Korea's rice in the husk (KCS rate file, W1 5 %, W2 513 %); amounts computed by hand below.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from pricing_engine.decision import Proposal
from pricing_engine.engine import Engine
from pricing_engine.errors import MissingData
from pricing_engine.landed.duty import terms_amount
from pricing_engine.quote import Line
from pricing_engine.rules import RuleBook, load_rules
from tests.decision.conftest import proposal

D = Decimal
DAY = date(2026, 12, 1)


@pytest.fixture(scope="module")
def book() -> RuleBook:
    return load_rules()


@pytest.fixture(scope="module")
def checker() -> Engine:
    return Engine.load()


def same(amount: Decimal, currency: str) -> Decimal:
    """Customs FX of a test whose amounts are all in the destination currency."""
    return amount


def line(hs: str, **given: Any) -> Line:
    data = {"sku": "G-1", "hs_code": hs, "origin": "AU", "quantity": "1000",
            "unit_price": "0.3", "unit_cost": "0.2", "unit_weight_kg": "1", **given}
    return Line.model_validate(data)


@pytest.mark.parametrize(("country", "hs", "quota", "due"), [
    ("CN", "10019900", "in", D("10000") * D("0.01")),
    ("CN", "10019900", "out", D("10000") * D("0.65")),
    ("KR", "1006100000", "in", D("10000") * D("0.05")),
    ("KR", "1006100000", "out", D("10000") * D("5.13")),
])
def test_the_declared_side_of_the_quota_is_charged(book: RuleBook, country: str, hs: str,
                                                  quota: str, due: Decimal) -> None:
    rule = book.duty(country, hs, "AU", DAY).mfn
    amount, how = terms_amount(rule, line(hs, tariff_quota=quota), D("10000"), same)
    assert amount == due
    assert f"tariff_quota {quota} declared" in how
    assert "within the quota" in how and "beyond it" in how


@pytest.mark.parametrize(("country", "hs"), [("CN", "10019900"), ("KR", "1006100000")])
def test_an_undeclared_quota_line_is_missing_data_not_the_lower_rate(
        book: RuleBook, country: str, hs: str) -> None:
    rule = book.duty(country, hs, "AU", DAY).mfn
    with pytest.raises(MissingData, match=r"line 'G-1': .* needs tariff_quota \(in: the "
                                          r"importer holds a quota allocation"):
        terms_amount(rule, line(hs), D("10000"), same)


def test_a_hostile_declaration_is_refused_naming_the_field() -> None:
    with pytest.raises(ValueError, match="tariff_quota"):
        line("10019900", tariff_quota="inside")


def wheat_to_china(**given: Any) -> Proposal:
    """The approved fixture proposal sent to a Chinese buyer (DAP), its line Australian wheat:
    20 tonnes at EUR 300 a tonne."""
    data = proposal("approved.yaml").model_dump(mode="json", exclude_unset=True)
    data["buyer"] = {"name": "Shanghai Grain Trading Co.", "country": "CN", "type": "business"}
    data["named_place"] = "Shanghai"
    data["mode"] = "sea"
    data["fx"] = {"EUR/CNY": "8.00"}
    data["freight"] = {"amount": "0", "currency": "EUR"}
    data["insurance"] = {"amount": "0", "currency": "EUR"}
    party = {"name": "Shanghai Grain Trading Co.", "country": "CN", "kind": "entity"}
    data["parties"] = {"consignee": party, "end_user": party}
    wheat = {**data["lines"][0], "sku": "WHEAT", "description": "Wheat, other than durum",
             "hs_code": "1001.99", "origin": "AU", "quantity": "20", "unit_price": "300",
             "unit_cost": "200", "list_price": "300", "unit_weight_kg": "1000",
             "product_family": "grain", "tax_class": "food", **given}
    data["lines"] = [wheat]
    return Proposal.model_validate(data)


def test_without_the_declaration_the_decision_is_a_review_naming_the_field(
        checker: Engine) -> None:
    decision = checker.check(wheat_to_china())
    assert decision.status == "REVIEW"
    (gap,) = [r for r in decision.reasons if r.code == "MISSING_RULE"]
    assert "line 'WHEAT'" in gap.message and "tariff_quota" in gap.message


@pytest.mark.parametrize(("quota", "duty"), [("in", "480.00"), ("out", "31200.00")])
def test_the_quote_charges_the_declared_side_and_says_so(checker: Engine, quota: str,
                                                        duty: str) -> None:
    decision = checker.check(wheat_to_china(tariff_quota=quota))
    assert not [r for r in decision.reasons if r.code in ("MISSING_RULE", "INVALID_INPUT")]
    assert decision.quote is not None
    mfn = next(c for c in decision.quote.lines[0].charges if c.kind == "mfn")
    # customs value EUR 6,000 at 8.00 = CNY 48,000: 1 % in quota, 65 % out of quota
    assert mfn.amount.amount == D(duty) and mfn.amount.currency.code == "CNY"
    assert f"tariff_quota {quota} declared" in mfn.explanation
    assert "rules/tariffs/CN.yaml" in str(mfn.rule)


def test_the_quote_s_tariff_quota_is_the_default_of_its_lines(checker: Engine) -> None:
    data = wheat_to_china().model_dump(mode="json", exclude_unset=True)
    data["tariff_quota"] = "out"  # a quote for an importer without an allocation
    second = {**data["lines"][0], "sku": "WHEAT-IN", "tariff_quota": "in"}
    data["lines"] = [data["lines"][0], second]
    decision = checker.check(Proposal.model_validate(data))
    assert decision.quote is not None
    duties = [next(c for c in ln.charges if c.kind == "mfn").amount.amount
              for ln in decision.quote.lines]
    assert duties == [D("31200.00"), D("480.00")]  # the line's own choice wins

