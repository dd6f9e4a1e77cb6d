"""Switzerland's agricultural lines (rules/tariffs/CH.yaml): the general tariff of 2026-09-01.

Industrial goods are free in Switzerland since 2024-01-01 (the curated general regime of
rules/countries/CH.yaml); chapters 1-24 and the agricultural goods of chapters 35 and 38 were
carved out of it with no duty (MissingRule). The table (bench/regen_ch_tariff.py) gives each
of their eight-digit tariff numbers its general-tariff rate: CHF per 100 kg gross (written per
kg of ``kg_gross``), per piece or per litre. The applied rate may be lower, so the table is
``confidence: low`` and a quote on it goes to review.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pricing_engine.errors import AmbiguousHsCode, InputError, MissingRule
from pricing_engine.landed import LandedCostEngine
from pricing_engine.quote import Quote
from pricing_engine.rules import RuleBook
from tests.rules.conftest import assert_table_line

DAY = date(2026, 12, 1)


@pytest.mark.parametrize(("hs", "amount", "per"), [
    ("0201.10.11", "0.94", "kg_gross"),    # veal carcasses in quota: CHF 94 / 100 kg gross
    ("0201.10.19", "7.58", "kg_gross"),    # the same out of quota: CHF 758 / 100 kg gross
    ("0101.21.90", "3834", "unit"),        # breeding horses out of quota: CHF 3,834 a head
    ("2204.21.29", "5.1", "litre"),        # white wine <= 2 l out of quota: CHF 5.10 a litre
    ("0511.10.90", "5", "unit"),           # bovine semen: CHF 5 per usual unit (a dose)
    ("3506.99.10", "0.41", "kg_gross"),    # glues for animal feeding keep a duty...
])
def test_each_tariff_number_has_its_general_tariff_rate(
        bundled: RuleBook, hs: str, amount: str, per: str) -> None:
    rule = bundled.duty("CH", hs, "DE", DAY).mfn
    spec = rule.specific
    assert rule.rate is None and spec is not None
    assert (spec.amount, spec.currency, spec.per) == (Decimal(amount), "CHF", per)
    assert_table_line(rule, "CH", "low", "Tares")


def test_free_lines_are_free_and_the_industrial_regime_stands(bundled: RuleBook) -> None:
    assert bundled.duty("CH", "3506.99.90", "DE", DAY).mfn.rate == 0  # ...the others do not
    assert bundled.duty("CH", "0106.11.00", "DE", DAY).mfn.rate == 0  # primates: free
    pump = bundled.duty("CH", "8413.70.00", "DE", DAY).mfn
    assert pump.rate == 0 and pump.ref.file.endswith("countries/CH.yaml")


def test_coffee_keeps_the_curated_applied_rate(bundled: RuleBook) -> None:
    # the general tariff gives raw coffee CHF 35 / 100 kg gross; applied, it is free
    coffee = bundled.duty("CH", "0901.11.00", "BR", DAY).mfn
    assert coffee.rate == 0 and coffee.ref.file.endswith("countries/CH.yaml")


def test_a_subheading_of_in_and_out_of_quota_lines_names_them(bundled: RuleBook) -> None:
    with pytest.raises(AmbiguousHsCode, match=r"0201100?0?.*02011011 0\.94 CHF/kg_gross.*"
                                              r"02011019 7\.58 CHF/kg_gross"):
        bundled.duty("CH", "0201.10", "DE", DAY)
    with pytest.raises(AmbiguousHsCode, match=r"35069910 0\.41 CHF/kg_gross; 35069990 free"):
        bundled.duty("CH", "3506.99", "DE", DAY)


@pytest.mark.parametrize(("hs", "reason"), [
    ("0201.10.11", "agricultural chapter"),
    ("020130", "agricultural chapter"),
    ("350211", "agricultural product in Switzerland"),
    ("35069910", "for animal feeding"),
])
def test_before_the_master_data_the_agricultural_lines_stay_closed(
        bundled: RuleBook, hs: str, reason: str) -> None:
    # the table is valid from the master data's date; before it the carve-outs fail closed
    with pytest.raises(MissingRule, match="is not covered by the duty rules") as err:
        bundled.duty("CH", hs, "DE", date(2026, 6, 1))
    assert reason in str(err.value) and "countries/CH.yaml:" in str(err.value)
    assert not isinstance(err.value, AmbiguousHsCode)


def _wine(**line: str) -> Quote:
    return Quote.model_validate({
        "id": "CH-WINE", "date": "2026-12-01", "currency": "CHF",
        "seller": {"name": "Weingut GmbH", "country": "DE", "vat_id": "DE123456788"},
        "buyer": {"name": "Vins SA", "country": "CH", "type": "business"},
        "mode": "road", "incoterm": "DAP",
        "lines": [{"sku": "W", "hs_code": "2204.21.29", "origin": "DE", "quantity": "1200",
                   "unit_price": "9", "unit_cost": "4", **line}]})


def test_a_quote_prices_the_swiss_wine_duty_per_litre(bundled: RuleBook) -> None:
    # 1,200 bottles x 0.75 l = 900 l x CHF 5.10 = CHF 4,590.00, at the table's low confidence
    result = LandedCostEngine(bundled).quote(_wine(extra_units={"litres": "0.75"}))
    assert result.totals.duty.amount.amount == Decimal("4590.00")
    (charge,) = [c for c in result.lines[0].charges if c.kind == "mfn"]
    assert charge.explanation == "MFN 5.1 CHF/litre"
    assert charge.rule is not None and charge.rule.confidence == "low"
    assert charge.rule.file.endswith("tariffs/CH.yaml")


def test_a_duty_per_gross_kg_needs_the_gross_weight(bundled: RuleBook) -> None:
    engine = LandedCostEngine(bundled)
    veal = _wine().model_copy(update={"lines": (_wine().lines[0].model_copy(
        update={"hs_code": "02011019"}),)})
    with pytest.raises(InputError, match=r"extra_units\.kg_gross"):
        engine.quote(veal)
