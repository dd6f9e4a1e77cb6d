"""Which import and sale taxes a registered business buyer recovers: the rule's ``recoverable``.

Bundled rules (rules/countries/CA.yaml): CAD 1000 of HS 6109.10 from CN, MFN 18 % = 180.00;
value for tax 1180. GST 5 % = 59.00 (recoverable); BC PST 7 % = 82.60, MB RST 7 % = 82.60,
SK PST 6 % = 70.80 (not recoverable); QC QST 9.975 % = 117.705 -> 117.71 (recoverable, ITR).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from pricing_engine.landed import LandedCostEngine, QuoteResult
from pricing_engine.rules import load_rules

from .conftest import D, make_quote

SHIRTS = [{"sku": "T", "hs_code": "6109.10", "origin": "CN", "quantity": "100",
           "unit_price": "10", "unit_cost": "5"}]
REGISTERED = {"type": "business", "vat_id": "123456782RT0001"}


@pytest.fixture(scope="module")
def bundled() -> LandedCostEngine:
    """An engine on the bundled rules."""
    return LandedCostEngine(load_rules())


def _to_ca(engine: LandedCostEngine, subdivision: str, seller: str = "US") -> QuoteResult:
    q = make_quote(currency="CAD", seller={"country": seller, "vat_id": None},
                   buyer={"country": "CA", "subdivision": subdivision, **REGISTERED},
                   lines=SHIRTS)
    return engine.quote(q)


def _taxes(result: QuoteResult) -> dict[str, tuple[Decimal, bool | None]]:
    return {c.name: (c.amount.amount, c.recoverable)
            for c in result.lines[0].charges if c.kind == "tax"}


@pytest.mark.parametrize(("subdivision", "name", "amount"), [
    ("CA-BC", "PST", D("82.60")), ("CA-MB", "RST", D("82.60")), ("CA-SK", "PST", D("70.80")),
])
def test_provincial_sales_taxes_are_not_recovered(
        bundled: LandedCostEngine, subdivision: str, name: str, amount: Decimal) -> None:
    r = _to_ca(bundled, subdivision)
    assert _taxes(r) == {"GST": (D("59.00"), True), name: (amount, False)}
    assert r.totals.recoverable_tax.amount == D("59.00")


def test_qst_is_recovered_through_input_tax_refunds(bundled: LandedCostEngine) -> None:
    r = _to_ca(bundled, "CA-QC")
    assert _taxes(r) == {"GST": (D("59.00"), True), "QST": (D("117.71"), True)}
    assert r.totals.recoverable_tax.amount == D("176.71")


def test_a_domestic_sale_in_bc_recovers_the_gst_only(bundled: LandedCostEngine) -> None:
    # Sale taxes on the invoice: GST 5 % of 1000 = 50.00, PST 7 % = 70.00.
    r = _to_ca(bundled, "CA-BC", seller="CA")
    assert r.totals.recoverable_tax.amount == D("50.00")


NATIONAL = """\
country: NZ
currency: NZD
as_of: 2026-11-01
sources: [{id: s, title: "test"}]
customs: {valuation: FOB}
tax: {name: GST, recoverable: {national}, rates: [{class: standard, rate: "0.15"}]}
duty: {mfn: [{hs: "61", rate: "0.10"}]}
subdivisions:
  NZ-AUK:
    taxes: [{name: PST, mode: add, rates: [{class: standard, rate: "0.05"}]}]
"""


@pytest.mark.parametrize(("national", "expected"), [("true", D("88.00")), ("false", D("22.00"))])
def test_the_rule_decides_not_the_tax_name(
        rules_dir: Callable[[dict[str, str]], LandedCostEngine], national: str,
        expected: Decimal) -> None:
    # NZD 400 + 10 % duty = 440: GST 15 % = 66.00, a made-up subdivision "PST" 5 % = 22.00
    # that, by default, is recoverable whatever its name: 88.00, or 22.00 when the
    # national tax says recoverable: false.
    engine = rules_dir({"countries/NZ.yaml": NATIONAL.replace("{national}", national)})
    q = make_quote(currency="NZD", seller={"country": "AU", "vat_id": None},
                   buyer={"country": "NZ", "subdivision": "NZ-AUK", "vat_id": "49091850"},
                   lines=[{**SHIRTS[0], "quantity": "40"}])
    r = engine.quote(q)
    assert r.totals.recoverable_tax.amount == expected
