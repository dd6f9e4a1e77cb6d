"""Customs fees: per entry with min/max, per line, per package, modes, exempt agreements."""

from __future__ import annotations

import pytest

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


def test_us_mpf_is_the_informal_fee_up_to_2500_dollars_and_the_formal_one_above() -> None:
    """19 CFR 143.21: a shipment of USD 2,500 or less may be entered informally; CBP Dec. 25-10
    (90 FR 34665): FY2026 informal entry (class code 311a) USD 2.69, formal MPF 0.3464 % with
    a minimum of USD 33.58. The band is the consignment's entered value, every line's."""
    from pricing_engine.landed import LandedCostEngine
    from pricing_engine.rules import load_rules

    engine = LandedCostEngine(load_rules())

    def fees(*values: str) -> dict[str, object]:
        q = make_quote(currency="USD", mode="air", incoterm="EXW", date="2026-06-01",
                       freight={"amount": "900", "currency": "USD"},
                       lines=[{"sku": f"P{i}", "hs_code": "8413.70.20", "origin": "DE",
                               "quantity": "1", "unit_price": v, "unit_cost": "1"}
                              for i, v in enumerate(values)])
        breakdown = engine.quote(q).totals.fees.breakdown
        return {k: v.amount for k, v in breakdown.items() if "Merchandise" in k}

    assert fees("2000") == {"Merchandise Processing Fee (informal entry)": D("2.69")}
    assert fees("2500") == {"Merchandise Processing Fee (informal entry)": D("2.69")}
    assert fees("2500.01") == {"Merchandise Processing Fee": D("33.58")}
    assert fees("1500", "1500") == {"Merchandise Processing Fee": D("33.58")}  # one entry


def test_a_fee_value_band_is_checked(rules_dir) -> None:  # type: ignore[no-untyped-def]
    from pricing_engine.errors import RuleFileError

    bad = US_RULES.replace(
        "  - {name: MPF, rate: \"0.003464\", per: entry, exempt_agreements: [USMCA]}",
        "  - {name: MPF, rate: \"0.003464\", value_over: {amount: \"2500\", currency: USD},"
        " value_at_most: {amount: \"2500\", currency: USD}}")
    assert bad != US_RULES
    with pytest.raises(RuleFileError, match="value_over must be below value_at_most"):
        rules_dir({"countries/US.yaml": bad})
