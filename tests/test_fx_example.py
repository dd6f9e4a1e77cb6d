"""A quote with no ``fx`` priced from the bundled ECB rates of its date, saying which it used."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from pricing_engine.errors import MissingFxRate
from pricing_engine.fx_ecb import read_ecb
from pricing_engine.landed import LandedCostEngine
from pricing_engine.quote import load_quote
from pricing_engine.rules import load_rules

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "fx" / "us-gb-ecb-rates.yaml"
USD_GBP = Decimal("0.753377177391")  # ECB, Friday 2025-05-09: 0.8477 / 1.1252, 12 places


@pytest.fixture(scope="module")
def rules():  # type: ignore[no-untyped-def]
    return load_rules()


def test_the_example_is_priced_at_fridays_ecb_cross_rate(rules) -> None:  # type: ignore[no-untyped-def]
    quote = load_quote(EXAMPLE)
    assert not quote.fx and not quote.customs_fx and quote.date.isoweekday() == 6
    result = LandedCostEngine(rules).quote(quote)
    # DAP: the price covers carriage to Sheffield, so the CIF customs value of each line is
    # its whole price at the customs rate: 10680 USD and 7600 USD at 0.8477 / 1.1252.
    cv = [line.customs_value.amount for line in result.lines]
    assert cv == [Decimal("8046.07"), Decimal("5725.67")]
    assert cv == [(Decimal(10680) * USD_GBP).quantize(Decimal("0.01")),
                  (Decimal(7600) * USD_GBP).quantize(Decimal("0.01"))]
    duty = result.lines[0].charges[0]
    assert (duty.rate, duty.amount.amount) == (Decimal("0.16"), Decimal("1287.37"))
    assert duty.fx_rate == Decimal("1.327356376076")  # GBP -> USD: 1.1252 / 0.8477
    notes = [n for n in result.notes if n.code == "FX_REFERENCE_RATE"]
    assert len(notes) == 1
    text = notes[0].message
    for fact in ("USD/GBP 0.753377177391", "reference rate of 2025-05-09",
                 "before the quote's date 2025-05-10", "1 EUR = 1.1252 USD = 0.8477 GBP",
                 "European Central Bank", "bundled ECB eurofxref-hist.csv"):
        assert fact in text
    assert result.fx == {}  # the rates given: none


def test_the_quotes_own_rates_win(rules) -> None:  # type: ignore[no-untyped-def]
    quote = load_quote(EXAMPLE)
    own = LandedCostEngine(rules).quote(quote.model_copy(update={"fx": {"USD/GBP": Decimal(
        "0.80")}}))
    assert own.lines[0].customs_value.amount == Decimal("8544.00")
    assert not [n for n in own.notes if n.code == "FX_REFERENCE_RATE"]
    customs = LandedCostEngine(rules).quote(quote.model_copy(update={"customs_fx": {
        "USD/GBP": Decimal("0.79")}}))
    assert customs.lines[0].customs_value.amount == Decimal("8437.20")  # customs rate
    assert customs.lines[0].charges[0].fx_rate == Decimal("1.327356376076")
    assert [n for n in customs.notes if n.code == "FX_REFERENCE_RATE"]  # commercial: ECB


def test_without_reference_rates_the_pair_is_missing(rules) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(MissingFxRate, match="no FX rate for USD/GBP"):
        LandedCostEngine(rules, fx_table=None).quote(load_quote(EXAMPLE))


def test_an_imported_table_is_used_and_named(rules) -> None:  # type: ignore[no-untyped-def]
    daily = read_ecb(ROOT / "tests" / "fixtures" / "fx" / "eurofxref-daily.xml").table
    result = LandedCostEngine(rules, fx_table=daily).quote(load_quote(EXAMPLE))
    assert result.lines[0].customs_value.amount == Decimal("8046.07")
    note = next(n.message for n in result.notes if n.code == "FX_REFERENCE_RATE")
    assert "eurofxref-daily.xml" in note and "0.84770 GBP" in note
