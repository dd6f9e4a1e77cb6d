"""Duty: ad valorem, specific, compound, minimum, maximum; preference; additional duties."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pricing_engine.errors import InputError, MissingRule
from pricing_engine.landed.duty import quantity_for, terms_amount
from pricing_engine.quote import Line
from pricing_engine.rules.results import RuleRef, Specific

from .conftest import US_FILE_HEAD, D, make_quote

REF = RuleRef("t.yaml", 1, "duty.mfn[0]", None)


class Terms:
    """Duty terms as a rule book returns them."""

    def __init__(self, rate=None, specific=None, min=None, max=None):  # type: ignore[no-untyped-def]
        self.rate, self.specific, self.min, self.max, self.ref = rate, specific, min, max, REF
        self.more, self.min_rate, self.max_rate, self.declared = (), None, None, None


def _line(**extra) -> Line:  # type: ignore[no-untyped-def]
    data = {"sku": "L", "hs_code": "6403", "origin": "CN", "quantity": "100",
            "unit_price": "20", "unit_cost": "10", **extra}
    return Line.model_validate(data)


def same(amount: Decimal, currency: str) -> Decimal:
    return amount


def test_ad_valorem() -> None:
    amount, how = terms_amount(Terms(rate=D("0.12")), _line(), D("2000"), same)
    assert amount == D("240.00") and "12" in how


def test_minimum_per_pair_wins_over_ad_valorem() -> None:
    # 8 % of 2000 = 160 < 3.50 x 100 pairs = 350: the minimum applies.
    terms = Terms(rate=D("0.08"), min=Specific(D("3.50"), "EUR", "pair"))
    amount, how = terms_amount(terms, _line(extra_units={"pairs": "1"}), D("2000"), same)
    assert amount == D("350.00") and "minimum" in how


def test_maximum_per_unit_caps_ad_valorem() -> None:
    # 6.4 % of 2000 = 128 > 0.80 x 100 units = 80: the maximum applies.
    terms = Terms(rate=D("0.064"), max=Specific(D("0.80"), "EUR", "unit"))
    assert terms_amount(terms, _line(), D("2000"), same)[0] == D("80.00")


def test_compound_ad_valorem_plus_specific_per_jewel() -> None:
    # BMSI-style watch duty: 2 % + 0.25 per jewel; 100 watches x 17 jewels = 1700 jewels.
    terms = Terms(rate=D("0.02"), specific=Specific(D("0.25"), "EUR", "jewel"))
    line = _line(extra_units={"jewels": "17"})
    assert terms_amount(terms, line, D("2000"), same)[0] == D("40") + D("425")


def test_specific_per_kg_needs_the_weight() -> None:
    with pytest.raises(InputError, match="unit_weight_kg"):
        quantity_for(_line(), "kg")
    assert quantity_for(_line(unit_weight_kg="0.5"), "kg") == D("50.0")
    assert quantity_for(_line(unit_weight_kg="0.5"), "tonne") == D("0.05")


def test_specific_in_another_currency_uses_the_customs_rate() -> None:
    terms = Terms(specific=Specific(D("1"), "USD", "unit"))
    amount, _ = terms_amount(terms, _line(), D("0"), lambda a, c: a * D("0.9"))
    assert amount == D("90.0")


def test_wine_specific_duty_per_litre(engine) -> None:  # type: ignore[no-untyped-def]
    # EU 2204 21: EUR 0.131 per litre (test figure); 1200 bottles x 0.75 l = 900 l -> 117.90.
    q = make_quote(buyer={"country": "DE"}, seller={"country": "US", "vat_id": None},
                   lines=[{"sku": "W", "hs_code": "2204.21", "origin": "US", "quantity": "1200",
                           "unit_price": "8", "unit_cost": "4",
                           "extra_units": {"litres": "0.75"}}])
    assert engine.quote(q).totals.duty.amount.amount == D("117.90")


def test_preference_with_proof_beats_mfn(engine) -> None:  # type: ignore[no-untyped-def]
    line = {"sku": "T", "hs_code": "6109.10", "origin": "GB", "quantity": "100",
            "unit_price": "10", "unit_cost": "5"}
    base = {"seller": {"country": "GB", "vat_id": None}, "buyer": {"country": "DE"}}
    mfn = engine.quote(make_quote(lines=[line], **base))
    assert mfn.totals.duty.amount.amount == D("120.00")
    claimed = {**line, "preference": {"agreement": "EU-UK TCA", "proof": True}}
    pref = engine.quote(make_quote(lines=[claimed], **base))
    charge = pref.lines[0].charges[0]
    assert charge.kind == "preference" and charge.amount.amount == D("0")
    assert "cheaper than MFN" in charge.explanation
    assert charge.rule is not None and charge.rule.entry.startswith("duty.preferential")


def test_preference_without_proof_falls_back_to_mfn_and_says_why(engine) -> None:  # type: ignore[no-untyped-def]
    line = {"sku": "T", "hs_code": "6109.10", "origin": "GB", "quantity": "100",
            "unit_price": "10", "unit_cost": "5",
            "preference": {"agreement": "EU-UK TCA", "proof": False}}
    r = engine.quote(make_quote(seller={"country": "GB", "vat_id": None},
                                buyer={"country": "DE"}, lines=[line]))
    charge = r.lines[0].charges[0]
    assert charge.kind == "mfn" and charge.amount.amount == D("120.00")
    assert "needs proof of origin" in charge.explanation


def test_additional_duty_stacks_on_mfn(engine) -> None:  # type: ignore[no-untyped-def]
    # US 8504 from CN: MFN 1.5 % + Section 301 25 % of the same entered value 10,000.
    q = make_quote(currency="USD", seller={"country": "CN", "vat_id": None},
                   lines=[{"sku": "X", "hs_code": "8504.40", "origin": "CN", "quantity": "100",
                           "unit_price": "100", "unit_cost": "50"}])
    duty = engine.quote(q).totals.duty
    assert duty.breakdown["MFN duty"].amount == D("150.00")
    assert duty.breakdown["Section 301 (List 3)"].amount == D("2500.00")
    assert duty.amount.amount == D("2650.00")


def test_additional_duty_not_with_preference_when_the_rule_says_so(rules_dir) -> None:  # type: ignore[no-untyped-def]
    engine = rules_dir({"countries/US.yaml": US_FILE_HEAD + """
duty:
  mfn: [{hs: "72", rate: "0.02"}]
  preferential: [{agreement: USMCA, origins: [MX], hs: "*", rate: "0", requires: none}]
  additional:
    - {name: "Section 232", hs: "72", rate: "0.50", applies_with_preference: false}
    - {name: "Other", hs: "72", rate: "0.10"}
"""})
    line = {"sku": "S", "hs_code": "7208", "origin": "MX", "quantity": "1",
            "unit_price": "1000", "unit_cost": "1", "preference": {"agreement": "USMCA"}}
    duty = engine.quote(make_quote(currency="USD", lines=[line])).totals.duty
    assert set(duty.breakdown) == {"Preferential duty (USMCA)", "Other"}
    assert duty.amount.amount == D("100.00")


def test_hs_code_without_a_rule_is_an_error_never_zero(engine) -> None:  # type: ignore[no-untyped-def]
    q = make_quote(fx={"EUR/USD": "1.1"},
                   lines=[{"sku": "Z", "hs_code": "0101", "origin": "DE", "quantity": "1",
                           "unit_price": "1", "unit_cost": "1"}])
    with pytest.raises(MissingRule, match="0101"):
        engine.quote(q)
