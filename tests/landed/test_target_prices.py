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
from pricing_engine.policy import load_policy
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
    # rounded up, never down: no price is under the exact solution, none a point too high
    # (the bundled policy's step for the currency, else its minor unit)
    step = load_policy().price_points.rule(quote.currency).step or unit
    assert Decimal(solved["price_points"]["step"] or unit) == step
    exact = [ln.unit_price * (1 + Decimal(solved["uplift"])) for ln in quote.lines]
    assert all(e <= p < e + step for e, p in zip(exact, prices, strict=True))


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


def _in(quote: Quote, currency: str, rate: str) -> Quote:
    """``quote`` priced in ``currency`` (FCA: no GBP freight), prices converted at ``rate``."""
    factor = Decimal(rate)
    return quote.model_copy(update={
        "currency": currency, "freight": None,
        "fx": {f"GBP/{currency}": factor, "GBP/JPY": quote.fx["GBP/JPY"],
               f"{currency}/JPY": (quote.fx["GBP/JPY"] / factor).quantize(Decimal("1e-9"))},
        "insurance": None, "incoterm": "FCA",
        "lines": tuple(ln.model_copy(update={"unit_price": ln.unit_price * factor,
                                             "unit_cost": ln.unit_cost * factor})
                       for ln in quote.lines)})


@pytest.mark.parametrize(("currency", "rate", "step"), [
    ("JPY", "191.27", 10), ("KRW", "1850.5", 10), ("HUF", "455.3", 5)])
def test_target_prices_in_yen_won_and_forint_follow_the_bundled_steps_without_a_policy(
        currency: str, rate: str, step: int, tmp_path: Path, bundled: LandedCostEngine) -> None:
    """No --policy: a JPY price is a whole multiple of 10 yen (the bundled policy's step)."""
    quote = _in(load_quote(ROOT / "examples" / "gb-jp-cif.yaml"), currency, rate)
    path = tmp_path / "quote.json"
    path.write_text(quote.model_dump_json(), encoding="utf-8")
    run = CliRunner().invoke(cli, ["quote", str(path), "--format", "json", "--target", "0.3"])
    assert run.exit_code == 0, run.output
    solved = json.loads(run.stdout)["price_for_margin"]
    assert solved["price_points"]["step"] == str(step)
    prices = [Decimal(p) for p in solved["unit_prices"]]
    assert all(p % step == 0 and p.as_tuple().exponent == 0 for p in prices), prices
    exact = [ln.unit_price * (1 + Decimal(solved["uplift"])) for ln in quote.lines]
    assert all(e <= p < e + step for e, p in zip(exact, prices, strict=True)), (exact, prices)
    again = bundled.quote(_at(quote, prices)).totals  # the margin is a re-quote's
    assert Decimal(solved["margin"]["amount"]) == again.margin.amount.amount
    assert again.margin.amount.amount >= Decimal("0.3") * again.revenue.amount


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


def test_a_rule_set_without_a_policy_leaves_the_minor_unit(monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    """PRICING_ENGINE_RULES in place of the bundled rules, no policy.yaml in it: cents."""
    fixtures = ROOT / "tests" / "fixtures" / "landed_rules"
    assert not (fixtures / "policy.yaml").exists()
    monkeypatch.setenv("PRICING_ENGINE_RULES", str(fixtures))
    run = CliRunner().invoke(cli, ["quote", str(ROOT / "examples" / "de-us-ddp.yaml"),
                                   "--format", "json", "--target", "0.25"])
    assert run.exit_code == 0, run.output
    solved = json.loads(run.stdout)["price_for_margin"]
    assert solved["price_points"] == {"step": None, "endings": [], "every": "1"}
    assert all(Decimal(p) == Decimal(p).quantize(Decimal("0.01"))
               for p in solved["unit_prices"])
