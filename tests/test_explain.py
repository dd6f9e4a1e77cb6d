"""``explain``: every figure in the text is the JSON's, for every example quote."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from pricing_engine.explain import explain
from pricing_engine.landed import LandedCostEngine
from pricing_engine.quote import load_quote

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted([*(ROOT / "examples").glob("*.yaml"), *(ROOT / "examples" / "fx").glob("*.yaml")])
_CHARGE = re.compile(r"^  - (?P<name>.+?) \((?P<kind>[a-z]+)\): (?P<sum>.+?), paid by the "
                     r"(?P<payer>seller|buyer)")
_RULE = re.compile(r"^      rule: (?P<file>\S+):(?P<line>\d+) \((?P<entry>[^)]+)\); source: "
                   r"(?P<source>.+); confidence: (?P<confidence>\w+)$")


@pytest.fixture(scope="module")
def engine() -> LandedCostEngine:
    return LandedCostEngine.load()


def _money(value: dict[str, str]) -> str:
    return f"{value['amount']} {value['currency']}"


def _blocks(text: str) -> dict[int, list[str]]:
    """The text of each ``Line N:`` block, by its index from 0."""
    blocks: dict[int, list[str]] = {}
    current: list[str] | None = None
    for row in text.splitlines():
        found = re.match(r"^Line (\d+): ", row)
        if found:
            current = blocks.setdefault(int(found[1]) - 1, [])
        elif not row.startswith(" "):
            current = None
        if current is not None:
            current.append(row)
    return blocks


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_charge_in_the_text_is_the_jsons(engine: LandedCostEngine, path: Path) -> None:
    result = engine.quote(load_quote(path))
    doc: dict[str, Any] = result.model_dump(mode="json")
    text = explain(result)
    blocks = _blocks(text)
    assert sorted(blocks) == list(range(len(doc["lines"])))
    for line in doc["lines"]:
        rows = blocks[line["index"]]
        assert f"revenue {_money(line['revenue'])}" in rows[0]
        assert rows[1].startswith(f"  Customs value {_money(line['customs_value'])}: ")
        heads = [i for i, r in enumerate(rows) if _CHARGE.match(r)]
        assert len(heads) == len(line["charges"])
        for i, charge in zip(heads, line["charges"], strict=True):
            head = _CHARGE.match(rows[i])
            assert head is not None
            assert (head["name"], head["kind"], head["payer"]) == (
                charge["name"], charge["kind"], charge["paid_by"])
            amount = _money(charge["amount"])
            if charge["rate"] is not None and "would be" not in head["sum"]:
                assert head["sum"].endswith(f"= {amount}")  # rate x base = amount
                assert head["sum"].startswith(f"{_percent(charge['rate'])} x ")
            else:
                assert head["sum"].startswith(amount)
            detail = rows[i + 1:heads[heads.index(i) + 1] if i != heads[-1] else len(rows)]
            if charge["amount"]["currency"] != doc["currency"]:
                assert detail[0].startswith(f"      = {_money(charge['quote_amount'])} at 1 ")
            rule = next(_RULE.match(r) for r in detail if _RULE.match(r))
            assert rule is not None
            ref = charge["rule"]
            assert (rule["file"], int(rule["line"]), rule["entry"], rule["confidence"]) == (
                ref["file"], ref["line"], ref["entry"], ref["confidence"])
            assert rule["source"] == (ref["source"] or "not named in the rule file")
        assert f"margin {_money(line['margin']['amount'])}" in rows[-1]
    totals = doc["totals"]
    assert (f"Landed cost for the buyer {_money(totals['landed_cost'])}; the seller's cost to "
            f"serve {_money(totals['seller_cost_to_serve'])}; margin "
            f"{_money(totals['margin']['amount'])}") in text
    for pair, rate in doc["fx"].items():
        assert f"  - {pair} {rate}: given" in text


def _percent(rate: str) -> str:
    from decimal import Decimal

    return f"{(Decimal(rate) * 100).normalize():f}%"


def test_the_ecb_example_shows_the_rate_the_day_and_the_source(engine: LandedCostEngine) -> None:
    text = explain(engine.quote(load_quote(ROOT / "examples" / "fx" / "us-gb-ecb-rates.yaml")))
    assert ("  - FX USD/GBP 0.753377177391: reference rate of 2025-05-09 (the last published "
            "before the quote's date 2025-05-10), crossed through EUR") in text
    assert "  - MFN duty (mfn): 16% x 8046.07 GBP = 1287.37 GBP, paid by the buyer" in text
    assert "      = 1708.80 USD at 1 GBP = 1.327356376076 USD" in text
    assert re.search(r"      rule: rules/\S+/GB\.yaml:\d+ \(\S+\); source: .+; confidence: "
                     r"(high|medium|low)", text)


def test_a_charge_that_is_not_rate_times_base_says_so(engine: LandedCostEngine) -> None:
    # GB low-value consignment: the duty is relieved by the de minimis (no rate applies)
    text = explain(engine.quote(load_quote(ROOT / "examples" / "in-gb-low-value.yaml")))
    assert "  - Duty (mfn): 0 GBP, paid by the buyer" in text
    assert "      why: relieved: consignment under the duty de minimis" in text
    assert "FX used: none (one currency)" in text


def test_a_fee_at_its_minimum_is_not_passed_off_as_rate_times_base(
        engine: LandedCostEngine) -> None:
    quote = load_quote(ROOT / "examples" / "de-us-ddp.yaml")
    # 12 valves, 3,720 EUR: a formal entry (over USD 2,500) whose MPF is under the minimum
    valves = quote.lines[1].model_copy(update={"quantity": 12})
    small = quote.model_copy(update={"lines": (valves,), "incoterm": "EXW"})
    result = engine.quote(small)
    mpf = next(c for c in result.lines[0].charges if c.name == "Merchandise Processing Fee")
    assert mpf.rate is not None and mpf.base is not None
    product = (mpf.rate * mpf.base.amount).quantize(mpf.amount.amount)
    text = explain(result)
    assert product < mpf.amount.amount  # the MPF minimum applies
    assert (f"  - Merchandise Processing Fee (fee): {mpf.amount.amount} USD "
            f"(0.3464% x {mpf.base.amount} USD would be {product} USD)") in text
