"""``quote --target`` gives invoiceable prices: on the minor unit (or the configured price
points), and the margin reported is that of the quote re-priced at them, never under the target.

Every quote in examples/, through the real CLI (JSON), re-quoted here by the library.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from pricing_engine.cli.main import cli
from pricing_engine.landed import LandedCostEngine, price_for_margin
from pricing_engine.money import minor_unit
from pricing_engine.price_points import PricePointRule, PricePoints
from pricing_engine.quote import Quote, load_quote

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
TARGETS = ("0.25", "0.4")


@pytest.fixture(scope="module")
def bundled() -> LandedCostEngine:
    """The engine the CLI uses: the bundled rules."""
    return LandedCostEngine.load()


def _at(quote: Quote, prices: list[Decimal]) -> Quote:
    lines = tuple(ln.model_copy(update={"unit_price": p})
                  for ln, p in zip(quote.lines, prices, strict=True))
    return quote.model_copy(update={"lines": lines})


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_target_prices_are_invoiceable_and_reach_the_target(
        example: Path, target: str, bundled: LandedCostEngine) -> None:
    run = CliRunner().invoke(cli, ["quote", str(example), "--format", "json",
                                   "--target", target])
    assert run.exit_code == 0, run.output
    solved = json.loads(run.stdout)["price_for_margin"]
    quote = load_quote(example)
    unit = minor_unit(quote.currency)
    prices = [Decimal(p) for p in solved["unit_prices"]]
    assert all(p == p.quantize(unit) for p in prices), prices
    assert all(-p.as_tuple().exponent <= -unit.as_tuple().exponent  # type: ignore[operator]
               for p in prices), prices
    again = bundled.quote(_at(quote, prices)).totals  # a real re-quote at those prices
    assert solved["revenue"] == {"amount": str(again.revenue.amount),
                                 "currency": quote.currency}
    assert solved["margin"]["amount"] == str(again.margin.amount.amount)
    revenue, margin = again.revenue.amount, again.margin.amount.amount
    assert Decimal(solved["margin_ratio"]) == margin / revenue >= Decimal(target)
    # rounded up, never down: no price is under the exact solution, none a cent too high
    exact = [ln.unit_price * (1 + Decimal(solved["uplift"])) for ln in quote.lines]
    assert all(e <= p < e + unit for e, p in zip(exact, prices, strict=True))


ENDINGS = PricePointRule(endings=(Decimal("0.99"), Decimal("0.95"), Decimal("0.00")))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_configured_price_points_are_kept(example: Path, bundled: LandedCostEngine) -> None:
    quote = load_quote(example)
    points = PricePoints(default=ENDINGS)
    solution = price_for_margin(quote, Decimal("0.3"), engine=bundled, points=points)
    assert solution.price_points == ENDINGS
    assert {p % 1 for p in solution.unit_prices} <= {Decimal("0.99"), Decimal("0.95"), 0}
    again = bundled.quote(_at(quote, list(solution.unit_prices))).totals
    assert again.margin.amount.amount == solution.margin >= Decimal("0.3") * solution.revenue
    assert again.revenue.amount == solution.revenue


def test_a_step_for_yen(bundled: LandedCostEngine) -> None:
    quote = load_quote(ROOT / "examples" / "gb-jp-cif.yaml")
    yen = quote.model_copy(update={"currency": "JPY", "fx": {"GBP/JPY": Decimal("191.27")},
                                   "freight": None, "insurance": None, "incoterm": "FCA",
                                   "lines": tuple(ln.model_copy(update={
                                       "unit_price": ln.unit_price * 190,
                                       "unit_cost": ln.unit_cost * 190})
                                       for ln in quote.lines)})
    rule = PricePoints(by_currency={"JPY": PricePointRule(step=Decimal(10))})
    solution = price_for_margin(yen, Decimal("0.25"), engine=bundled, points=rule)
    assert all(p % 10 == 0 for p in solution.unit_prices), solution.unit_prices
    assert solution.margin >= Decimal("0.25") * solution.revenue


def test_the_cli_reads_price_points_from_a_policy(tmp_path: Path) -> None:
    policy = (ROOT / "rules" / "policy.yaml").read_text(encoding="utf-8")
    policy = policy.replace("  default: {}\n", '  default: {endings: ["0.99"]}\n')
    (tmp_path / "policy.yaml").write_text(policy, encoding="utf-8")
    run = CliRunner().invoke(cli, ["quote", str(ROOT / "examples" / "de-us-ddp.yaml"),
                                   "--format", "json", "--target", "0.25",
                                   "--policy", str(tmp_path / "policy.yaml")])
    assert run.exit_code == 0, run.output
    solved = json.loads(run.stdout)["price_for_margin"]
    assert solved["price_points"]["endings"] == ["0.99"]
    assert all(p.endswith(".99") for p in solved["unit_prices"])
    assert Decimal(solved["margin_ratio"]) >= Decimal("0.25")
