"""RuleBook lookups on the real bundled rules, for the dated facts the issue names.

Expected figures are the public facts listed in ../shared/data/README.md (Finland 25.5 % from
2024-09-01, Nova Scotia HST 14 % from 2025-04-01, EU import-VAT de minimis abolished
2021-07-01, US USD 800 de minimis suspended 2025-08-29, US MPF FY2026).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pricing_engine.errors import MissingRule
from pricing_engine.money import Money
from pricing_engine.rules import RuleBook


def test_finland_rate_change(bundled: RuleBook) -> None:
    assert bundled.tax_rates("FI", "standard", date(2024, 8, 31))[0].rate == Decimal("0.24")
    assert bundled.tax_rates("FI", "standard", date(2024, 9, 1))[0].rate == Decimal("0.255")


def test_nova_scotia_hst_change(bundled: RuleBook) -> None:
    def hst(day: date) -> Decimal:
        (hit,) = bundled.tax_rates("CA", "standard", day, subdivision="CA-NS")
        assert hit.mode == "replace"
        return hit.rate

    assert hst(date(2025, 3, 31)) == Decimal("0.15")
    assert hst(date(2025, 4, 1)) == Decimal("0.14")


def test_eu_import_vat_de_minimis_abolished(bundled: RuleBook) -> None:
    def tax_threshold(day: date) -> list[Decimal]:
        found = bundled.de_minimis("FR", day, mode="post", ship_from="CN", origin="CN")
        return [d.amount.amount for d in found if d.kind in ("tax", "both")]

    assert tax_threshold(date(2021, 6, 30)) == [Decimal("22")]
    assert tax_threshold(date(2021, 7, 1)) == [Decimal("0")]


def test_us_de_minimis_suspended(bundled: RuleBook) -> None:
    def amounts(day: date) -> list[Money]:
        found = bundled.de_minimis("US", day, mode="courier", ship_from="DE", origin="DE")
        return [d.amount for d in found]

    assert amounts(date(2025, 8, 28)) == [Money(Decimal("800"), "USD")]
    assert amounts(date(2025, 8, 29)) == [Money(Decimal("0"), "USD")]


def test_us_mpf_fy2026(bundled: RuleBook) -> None:
    mpf = [f for f in bundled.fees("US", date(2026, 1, 15), mode="air") if f.code == "MPF"]
    assert [(f.rate, f.min, f.max) for f in mpf] == [
        (Decimal("0.003464"), Money(Decimal("33.58"), "USD"), Money(Decimal("651.50"), "USD"))]


def test_valuation_bases(bundled: RuleBook) -> None:
    assert {c: bundled.valuation(c) for c in ("DE", "GB", "CN", "US", "CA", "AU")} == {
        "DE": "CIF", "GB": "CIF", "CN": "CIF", "US": "FOB", "CA": "FOB", "AU": "FOB"}


def test_member_state_duty_comes_from_the_union_tariff(bundled: RuleBook) -> None:
    lookup = bundled.duty("IT", "610910", "CN", date(2026, 1, 1))
    # the union's curated file or its tariff table (the CET line 61091000), never IT's own
    assert lookup.mfn.ref.file in ("rules/unions/EU.yaml", "rules/tariffs/EU.yaml")
    assert lookup.mfn.rate is not None


def test_hs_code_without_rule_fails_closed(bundled: RuleBook) -> None:
    with pytest.raises(MissingRule, match="HS 0000"):
        bundled.duty("US", "0000", "CN", date(2026, 1, 1))
