"""Customs fees: per entry with min/max, per line, per package, modes, exempt agreements."""

from __future__ import annotations

from .conftest import D, make_quote

US_RULES = """
country: US
currency: USD
as_of: 2026-11-01
sources: [{id: t, title: "test fees"}]
customs: {valuation: FOB, tax_base: [customs_value, duty], fee_base: entered_value}
tax: null
no_tax_reason: no federal VAT
duty:
  mfn: [{hs: "84", rate: "0"}]
  preferential: [{agreement: USMCA, origins: [MX], hs: "*", rate: "0"}]
fees:
  - {name: Per line, rate: "0.01", min: {amount: "2", currency: USD}, per: line}
  - {name: Per package, fixed: {amount: "1.50", currency: USD}, per: package}
  - {name: Air only, fixed: {amount: "10", currency: USD}, per: entry, modes: [air]}
  - {name: MPF, rate: "0.003464", per: entry, exempt_agreements: [USMCA]}
"""

LINES = [{"sku": "A", "hs_code": "8413", "origin": "DE", "quantity": "1", "unit_price": "1000",
          "unit_cost": "1"},
         {"sku": "B", "hs_code": "8413", "origin": "MX", "quantity": "1", "unit_price": "100",
          "unit_cost": "1", "preference": {"agreement": "USMCA", "proof": True}}]


def _fees(engine, mode="sea"):  # type: ignore[no-untyped-def]
    r = engine.quote(make_quote(currency="USD", mode=mode, packages=4, lines=LINES))
    return r, r.totals.fees.breakdown


def test_per_line_fee_with_a_minimum(rules_dir) -> None:  # type: ignore[no-untyped-def]
    r, _ = _fees(rules_dir({"countries/US.yaml": US_RULES}))
    per_line = [next(c for c in ln.charges if c.name == "Per line").amount.amount
                for ln in r.lines]
    assert per_line == [D("10.00"), D("2.00")]  # 1 % of 1000; 1 % of 100 = 1 -> minimum 2


def test_per_package_fee_is_allocated_to_lines(rules_dir) -> None:  # type: ignore[no-untyped-def]
    r, fees = _fees(rules_dir({"countries/US.yaml": US_RULES}))
    assert fees["Per package"].amount == D("6.00")  # 4 packages x 1.50
    shares = [c.amount.amount for ln in r.lines for c in ln.charges if c.name == "Per package"]
    assert shares == [D("5.45"), D("0.55")]  # by entered value 1000 : 100


def test_fee_limited_to_a_mode(rules_dir) -> None:  # type: ignore[no-untyped-def]
    engine = rules_dir({"countries/US.yaml": US_RULES})
    assert "Air only" not in _fees(engine, "sea")[1]
    assert _fees(engine, "air")[1]["Air only"].amount == D("10.00")


def test_lines_under_an_exempting_agreement_leave_the_base(rules_dir) -> None:  # type: ignore[no-untyped-def]
    r, fees = _fees(rules_dir({"countries/US.yaml": US_RULES}))
    assert fees["MPF"].amount == D("3.46")  # 0.3464 % of 1000 (the USMCA line is exempt)
    assert not any(c.name == "MPF" for c in r.lines[1].charges)
