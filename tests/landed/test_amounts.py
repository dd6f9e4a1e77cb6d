"""The DDP solve's amounts (``explain=False``) are exactly the charges the result writes out.

The solve tries several values per line and asks duty(), tax() and fees() for their amounts
without the explanations; the same functions write the charges. The amounts, kinds and
applied preferences must agree to the cent on every kind of rule: ad valorem, specific,
compound, minimum, maximum, preference with and without proof (and on a tie with MFN),
additional duties (with and without the preference), surcharges, taxes on fees, and de
minimis relief; only the notes differ.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from pricing_engine.landed import LandedCostEngine
from pricing_engine.landed.charges import LineCharges, charge_total, duty_amounts
from pricing_engine.landed.context import Lookups
from pricing_engine.landed.model import Charge

from .conftest import D, make_quote

NZ_RULES = """
country: NZ
currency: NZD
as_of: 2026-11-01
sources: [{id: t, title: "test rules: every kind of duty"}]
customs:
  valuation: CIF
  tax_base: [customs_value, duty, surcharges, fees]
  fee_base: customs_value
  de_minimis:
    - {kind: both, amount: {amount: "100", currency: NZD}, basis: intrinsic, valid_from: 2020-01-01}
tax:
  name: GST
  rates: [{class: standard, rate: "0.15", valid_from: 2010-10-01}]
duty:
  mfn:
    - {hs: "6403", rate: "0.08", min: {amount: "3.50", currency: EUR, per: pair}}
    - {hs: "9102", rate: "0.064", max: {amount: "0.80", currency: NZD, per: unit}}
    - {hs: "7113", rate: "0.02", specific: {amount: "0.25", currency: NZD, per: jewel}}
    - {hs: "2204", specific: {amount: "0.32", currency: NZD, per: litre}}
    - {hs: "84", rate: "0.05"}
  preferential:
    - {agreement: TEST-FTA, origins: [DE], hs: "*", rate: "0.01", requires: proof_of_origin}
    - {agreement: TIE-FTA, origins: [IT], hs: "84", rate: "0.05", requires: none}
  additional:
    - {name: Extra, hs: "84", rate: "0.03", applies_with_preference: false}
    - {name: Always, hs: "6403", rate: "0.02"}
  surcharges:
    - {name: SWS, rate: "0.10", base: duty}
fees:
  - {name: Entry fee, rate: "0.003", min: {amount: "5", currency: NZD}, per: entry}
  - {name: Line fee, rate: "0.01", max: {amount: "7", currency: NZD}, per: line}
  - {name: Duty fee, rate: "0.05", base: duty, per: entry, exempt_agreements: [TEST-FTA]}
"""


def _line(sku: str, hs: str, origin: str, price: str, **extra: Any) -> dict[str, Any]:
    return {"sku": sku, "hs_code": hs, "origin": origin, "quantity": "3", "unit_price": price,
            "unit_cost": "1", "unit_weight_kg": "2", **extra}


LINES = [
    _line("SHOE", "6403.91", "CN", "30", extra_units={"pairs": "1"}),  # the minimum applies
    _line("BOOT", "6403.91", "DE", "400", extra_units={"pairs": "1"},
          preference={"agreement": "TEST-FTA", "proof": True}),
    _line("WATCH", "9102.11", "CN", "200"),  # the maximum applies
    _line("RING", "7113.19", "IT", "90", extra_units={"jewels": "4"}),  # compound
    _line("WINE", "2204.21", "FR", "12", extra_units={"litres": "0.75"}),  # specific only
    _line("PUMP", "8413.70", "DE", "900", preference={"agreement": "TEST-FTA", "proof": False}),
    _line("FAN", "8414.51", "DE", "150", preference={"agreement": "TEST-FTA", "proof": True}),
    _line("MOTOR", "8414.51", "IT", "150", preference={"agreement": "TIE-FTA"}),  # a tie
]


@pytest.fixture
def nz(rules_dir) -> LandedCostEngine:  # type: ignore[no-untyped-def]
    return rules_dir({"countries/NZ.yaml": NZ_RULES})  # type: ignore[no-any-return]


def _calc(
    engine: LandedCostEngine, lines: list[dict[str, Any]], freight: str = "40",
) -> tuple[LineCharges, Any]:
    quote = make_quote(lines=lines, buyer={"country": "NZ"}, incoterm="DDP",
                       fx={"EUR/NZD": "1.8123"}, freight={"amount": freight, "currency": "EUR"})
    comp = engine.compute(quote)
    calc = LineCharges(comp.ctx, Lookups(engine.rules), comp.shipment, comp.relief,
                       comp.collection)
    return calc, comp


def _bare(charges: list[Charge]) -> list[tuple[object, ...]]:
    # everything a charge says but its note
    return [(c.kind, c.name, c.amount, c.rate, c.base, c.ref, c.collected, c.recoverable,
             c.agreement) for c in charges]


def _trial_values(cv: Decimal) -> list[Decimal]:
    # around the solved value, and far below it (where minimums and maximums switch)
    cents = Decimal("0.01")
    return [cv + k * cents for k in range(-3, 4)] + [cv / 7, cv * 3, Decimal(0)]


@pytest.mark.parametrize("relieved", [False, True])
def test_amounts_only_match_the_written_charges(nz: LandedCostEngine, relieved: bool) -> None:
    # two lines of 3 x 5 EUR: 54 NZD, under the 100 NZD de minimis
    lines = [dict(ln, unit_price="5") for ln in LINES[:2]] if relieved else LINES
    calc, comp = _calc(nz, lines, freight="2" if relieved else "40")
    assert (comp.relief.duty is not None) is relieved
    for i, cv in enumerate(comp.customs_value):
        for value in _trial_values(cv):
            value = value.quantize(Decimal("0.01"))
            duties = calc.duty(i, value)
            bare = calc.duty(i, value, explain=False)
            assert _bare(bare) == _bare(duties), (lines[i]["sku"], value)
            assert (all(c.note for c in duties) and not any(c.note for c in bare)) or relieved
            for fee in (Decimal(0), Decimal("12.34")):
                taxes = calc.tax(i, value, *duty_amounts(duties), fee)
                assert _bare(calc.tax(i, value, *duty_amounts(bare), fee, explain=False)) \
                    == _bare(taxes)
                expected = charge_total(duties) + charge_total(taxes)
                assert calc.own(i, value, fee) == expected, (lines[i]["sku"], value, fee)


def test_the_rule_kinds_are_all_exercised(nz: LandedCostEngine) -> None:
    # Guards the test above: the lines really hit minimum, maximum, preference and stacking.
    r = nz.quote(make_quote(lines=LINES, buyer={"country": "NZ"}, fx={"EUR/NZD": "1.8123"}))
    notes = " | ".join(c.explanation for ln in r.lines for c in ln.charges)
    assert "minimum" in notes and "maximum" in notes
    assert "needs proof of origin" in notes and "preference TEST-FTA" in notes
    assert "as cheap as MFN" in notes
    names = {c.name for ln in r.lines for c in ln.charges}
    assert {"Extra", "Always", "SWS", "GST", "Entry fee", "Line fee", "Duty fee"} <= names


def test_fee_amounts_match_the_written_fees(nz: LandedCostEngine) -> None:
    calc, comp = _calc(nz, LINES)
    for scale in (Decimal(1), Decimal("0.3"), Decimal("0.001")):
        cv = [(v * scale).quantize(Decimal("0.01")) for v in comp.customs_value]
        charges = calc.run(cv)  # every line's charges as the quote writes them
        applied = [next((c.agreement for c in line if c.kind == "preference"), None)
                   for line in charges]
        fees = [[c for c in line if c.kind == "fee"] for line in charges]
        assert calc.fee_totals(cv, applied) == [charge_total(f) for f in fees]
        assert any(f for f in fees)


def test_ddp_values_leave_the_charges_out_of_the_price(nz: LandedCostEngine) -> None:
    r = nz.quote(make_quote(lines=LINES, buyer={"country": "NZ"}, incoterm="DDP",
                            fx={"EUR/NZD": "1.8123"}))
    for line in r.lines:
        charged = line.duty.amount.amount + line.import_tax.amount.amount + line.fees.amount.amount
        # customs value + its charges fit in the price share (CIF: freight is none here);
        # the fees settle on the solved values, so they may differ by a few cents
        assert line.customs_value.amount + charged <= line.goods_value.amount + charged + D("0.05")
        assert line.customs_value.amount > 0
