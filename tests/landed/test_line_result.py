"""A LineResult is written out when first read: same fields, however and whenever read."""

from __future__ import annotations

import pickle
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from moneyed import Money

from pricing_engine.engine import Engine
from pricing_engine.landed import QuoteResult
from pricing_engine.landed.result import LineFields, LineResult
from pricing_engine.quote import load_quote

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "cn-de-dap.yaml"


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.load()


def test_a_line_reads_as_its_written_out_fields(engine: Engine) -> None:
    quote = load_quote(EXAMPLE)
    result = engine.quote(quote)
    line = result.lines[0]
    fields = line.fields()
    assert isinstance(fields, LineFields)
    assert line.fields() is fields  # written out once
    assert line.revenue == fields.revenue and isinstance(line.revenue, Money)
    assert line.charges == fields.charges and line.margin == fields.margin
    assert line.sku == quote.lines[0].sku
    # the totals are the sums of the lines' written-out figures
    assert result.totals.revenue.amount == sum(r.revenue.amount for r in result.lines)
    assert result.totals.duty.amount.amount == sum(r.duty.amount.amount for r in result.lines)
    with pytest.raises(AttributeError, match="read-only"):
        line.revenue = Money(0, "EUR")  # type: ignore[misc]
    with pytest.raises(AttributeError):
        _ = line.no_such_field


def test_lines_first_read_from_eight_threads_equal_a_sequential_read(engine: Engine) -> None:
    quote = load_quote(EXAMPLE).model_copy(update={"lines": load_quote(EXAMPLE).lines * 50})
    expected = [r.fields() for r in engine.quote(quote).lines]
    fresh = engine.quote(quote)  # not yet written out
    assert all(r._fields is None for r in fresh.lines)

    def read(offset: int) -> list[LineFields]:
        n = len(fresh.lines)
        return [fresh.lines[(offset + k) % n].fields() for k in range(n)]

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            runs = list(pool.map(read, range(8)))
    finally:
        sys.setswitchinterval(interval)
    n = len(expected)
    for offset, run in enumerate(runs):
        assert run == [expected[(offset + k) % n] for k in range(n)]


def test_a_result_pickles_and_round_trips_json_with_its_lines(engine: Engine) -> None:
    result = engine.quote(load_quote(EXAMPLE))
    again = pickle.loads(pickle.dumps(result))
    assert again == result and isinstance(again.lines[0], LineResult)
    parsed = QuoteResult.model_validate_json(result.model_dump_json())
    assert parsed == result and isinstance(parsed.lines[0], LineResult)
    assert parsed.model_dump(mode="json") == result.model_dump(mode="json")
    assert LineResult(result.lines[0].fields()) == result.lines[0]
    assert result.lines[0] != result.lines[-1] or len(result.lines) == 1
