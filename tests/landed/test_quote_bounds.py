"""The quote contract through the public API: one reader, bounds, FX pairs, DDP cover, size."""

from __future__ import annotations

import itertools
import re
from copy import deepcopy
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from pricing_engine import (
    FxTable,
    InputError,
    LandedCostEngine,
    PricingEngineError,
    Proposal,
    Quote,
    RuleFileError,
    load_quote,
    price_for_margin,
)
from pricing_engine.money import AMOUNTS, FX_RATES, QUANTITIES, round_minor
from pricing_engine.quote import MAX_LINES, load_fx, parse_quote

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
HOSTILE = ROOT / "tests" / "fixtures" / "quotes_hostile"
DDP = ROOT / "examples" / "de-us-ddp.yaml"


@pytest.fixture(scope="module")
def bundled() -> LandedCostEngine:
    """An engine on the bundled rules (the examples are written for them)."""
    return LandedCostEngine.load()


def example_data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(DDP.read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_load_quote_reads_every_example_as_before(path: Path) -> None:
    # The safe reader keeps scalars as text; the model makes the same quote of them.
    assert load_quote(path) == Quote.model_validate(yaml.safe_load(path.read_text("utf-8")))


def test_a_duplicated_key_is_an_error_in_every_reader() -> None:
    with pytest.raises(RuleFileError, match="duplicate key 'currency'") as caught:
        load_quote(HOSTILE / "duplicate_key.yaml")
    assert (caught.value.line, caught.value.column) == (6, 1)
    with pytest.raises(RuleFileError, match="duplicate key 'currency'"):
        parse_quote((HOSTILE / "duplicate_key.json").read_bytes(), "q.json")


def test_invalid_utf8_bytes_name_their_line() -> None:
    with pytest.raises(RuleFileError, match=r"byte 0xe9 at byte offset \d+") as caught:
        parse_quote(b"id: Q\ndescription: caf\xe9\n", "q.yaml")
    assert (caught.value.line, caught.value.column) == (2, 17)


def test_max_lines_is_enforced_in_the_model_for_quotes_and_proposals() -> None:
    data = example_data()
    data["lines"] = [data["lines"][1]] * MAX_LINES
    assert len(Quote.model_validate(data).lines) == MAX_LINES
    data["lines"].append(data["lines"][0])
    for model in (Quote, Proposal):
        with pytest.raises(ValidationError, match=f"at most {MAX_LINES:,} lines: split a "
                                                  "larger order into several quotes"):
            model.model_validate(data)


@pytest.mark.parametrize(("field", "value", "message"), [
    ("unit_price", "1e30", "outside the range of an amount: [0, 1e15]"),
    ("unit_price", "1E+400", "outside the range of an amount"),
    ("unit_price", "1e-30", "more than 12 decimal places"),
    ("unit_price", "NaN", "not a finite number"),
    ("unit_cost", "Infinity", "not a finite number"),
    ("quantity", "1e10", "outside the range of a quantity: (0, 1e9]"),
    ("quantity", "0", "outside the range of a quantity"),
    ("unit_weight_kg", "-1", "outside the range of a quantity: [0, 1e9]"),
])
def test_line_figures_are_bounded(field: str, value: str, message: str) -> None:
    data = example_data()
    data["lines"][0][field] = value
    with pytest.raises(ValidationError, match=re.escape(message)):
        Quote.model_validate(data)


def test_negative_zero_and_exponents_read_plainly() -> None:
    data = example_data()
    data["lines"][0]["unit_price"] = "-0"
    data["lines"][1]["quantity"] = "4E+1"
    q = Quote.model_validate(data)
    assert str(q.lines[0].unit_price) == "0" and str(q.lines[1].quantity) == "40"


def test_one_table_of_bounds() -> None:
    assert (AMOUNTS.high, QUANTITIES.high) == (Decimal("1e15"), Decimal("1e9"))
    assert (FX_RATES.low, FX_RATES.high) == (Decimal("1e-9"), Decimal("1e9"))
    # The widest amount keeps its 12 places exactly in the 28-digit decimal context.
    assert len(str(AMOUNTS.high).split(".")[0]) + AMOUNTS.places <= 28


@pytest.mark.parametrize(("rates", "message"), [
    ({"EUR/USD": "1.085", "USD/EUR": "5"}, "EUR/USD 1.085 and USD/EUR 5 contradict"),
    ({"EUR/USD": "1.085", "eur/usd": "1.09"}, "EUR/USD is given twice"),
    ({"EUR/USD": "1e30"}, "outside the range of an FX rate"),
    ({"EUR/USD": "0"}, "outside the range of an FX rate"),
    ({"EURUSD": "1.085"}, "write it as BASE/QUOTE"),
])
def test_fx_tables_refuse_contradictions(rates: dict[str, str], message: str) -> None:
    with pytest.raises(InputError, match=re.escape(message)):
        FxTable(rates)
    data = example_data()
    data["fx"] = rates
    with pytest.raises(ValidationError, match=re.escape(message)):
        Quote.model_validate(data)


def test_a_pair_and_its_inverse_within_one_percent_are_each_used() -> None:
    fx = FxTable({"EUR/USD": "1.085", "USD/EUR": "0.92"})  # 1.085 x 0.92 = 0.9982
    assert fx.rate("EUR", "USD") == Decimal("1.085") and fx.rate("USD", "EUR") == Decimal("0.92")
    with pytest.raises(InputError, match="contradict"):
        FxTable({"EUR/USD": "1.085", "USD/EUR": "0.9"})  # 0.9765: more than 1 % off


def test_the_quotes_pair_wins_over_the_engines_either_way_round(
    bundled: LandedCostEngine,
) -> None:
    q = load_quote(DDP)
    reference = bundled.quote(q).totals.customs_value
    other = LandedCostEngine(bundled.rules, fx={"USD/EUR": "5"})
    assert other.quote(q).totals.customs_value == reference


def test_an_fx_file_under_rates_keeps_its_marks(tmp_path: Path) -> None:
    path = tmp_path / "fx.yaml"
    path.write_text('source: ECB\nrates:\n  EUR/USD: "1.0850"\n  GBP/USD: "abc"\n', "utf-8")
    with pytest.raises(RuleFileError) as caught:
        load_fx(path)
    assert str(caught.value) == f"{path}:4:12: GBP/USD: 'abc' is not a decimal number"
    path.write_text('eur/usd: "1.0850"\n', "utf-8")
    assert load_fx(path) == {"EUR/USD": Decimal("1.0850")}


def test_a_ddp_price_that_cannot_cover_its_charges_names_the_line(
    bundled: LandedCostEngine,
) -> None:
    data = example_data()
    for key in ("freight", "onward_freight", "insurance"):
        del data[key]
    data["lines"].append({"sku": "WINE-1", "hs_code": "2204.10", "origin": "FR",
                          "quantity": "1", "unit_price": "5", "unit_cost": "2",
                          "extra_units": {"litre": "1000"}})
    # A specific duty of USD 0.198 a litre on 1,000 litres: about USD 198, whatever the value.
    with pytest.raises(InputError, match=r"^line 3 \(WINE-1\): under DDP the price must "):
        bundled.quote(Quote.model_validate(data))
    data["incoterm"] = "DAP"  # the buyer pays the charges: nothing to solve
    assert bundled.quote(Quote.model_validate(data)).totals.fees.amount.amount > 0


def test_price_for_margin_refuses_a_target_that_is_not_a_fraction(
    bundled: LandedCostEngine,
) -> None:
    q = load_quote(DDP)
    for target in ("NaN", "Infinity", "-Infinity", "1", "-0.01"):
        with pytest.raises(InputError, match="target margin"):
            price_for_margin(q, Decimal(target), engine=bundled)


def test_rounding_an_amount_too_large_for_the_decimal_context_is_an_input_error() -> None:
    with pytest.raises(InputError, match="too large to compute exactly"):
        round_minor(Decimal("1e40"), "EUR")


def test_extremes_within_bounds_never_break_the_engine(bundled: LandedCostEngine) -> None:
    # Every combination of extreme prices, quantities, FX and customs FX rates either prices
    # or is refused as input: no other exception (exit 1) is reachable from a quote.
    base = example_data()
    grid = itertools.product(
        ("DDP", "DAP", "CIF"), ("1e15", "0.000000000001", "0"), ("1e9", "0.000000000001"),
        ("999999999", "0.000000001000000001"), (None, "999999999", "0.000000001000000001"))
    priced = refused = 0
    for incoterm, price, quantity, rate, customs in grid:
        data = deepcopy(base)
        data |= {"incoterm": incoterm, "fx": {"EUR/USD": rate}}
        data["lines"][0] |= {"unit_price": price, "quantity": quantity}
        data["lines"][1]["unit_cost"] = price
        data["freight"]["amount"] = price
        if customs:
            data["customs_fx"] = {"EUR/USD": customs}
        try:
            bundled.quote(Quote.model_validate(data)).model_dump_json()
            priced += 1
        except (PricingEngineError, ValidationError):
            refused += 1
    assert priced and refused
