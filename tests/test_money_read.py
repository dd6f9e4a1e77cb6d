"""to_decimal's and Bounds.read's short road for plain decimal text gives what the long one gave.

The reference is the long road alone (money._any_decimal, converting ``str(value).strip()``,
then Bounds.check), the reading as it was before the short roads: for every input, the same
Decimal (value *and* exponent: ``"4200.00"`` stays two places) or the same error, message
for message.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pricing_engine.errors import InputError
from pricing_engine.fields import Fraction, FrozenModel, FxRate, Measure, NonNegative, Positive
from pricing_engine.money import (
    AMOUNTS,
    FRACTIONS,
    FX_RATES,
    QUANTITIES,
    Bounds,
    _any_decimal,
    to_decimal,
)

BOUNDS = [AMOUNTS, QUANTITIES, FX_RATES, FRACTIONS, replace(QUANTITIES, low_open=True),
          Bounds("a signed test", Decimal(-5), Decimal(5), places=3)]


def _reference_to_decimal(value: object, *, field: str = "amount") -> Decimal:
    """to_decimal's long road alone (how it read every input before its short road)."""
    return _any_decimal(value, field)


def _outcome(read: object, value: object, **kw: str) -> tuple[str, str]:
    try:
        got = read(value, **kw)  # type: ignore[operator]
    except InputError as exc:
        return ("error", str(exc))
    assert type(got) is Decimal
    return ("value", repr(got))  # repr keeps the exponent ("Decimal('4200.00')")


def _same(value: object) -> None:
    for field in ("", "amount", "fx EUR/USD"):
        assert _outcome(to_decimal, value, field=field) == _outcome(
            _reference_to_decimal, value, field=field), (value, field)
        for bounds in BOUNDS:
            expected = _outcome(
                lambda v, field, b=bounds: b.check(_reference_to_decimal(v, field=field),
                                                   field=field), value, field=field)
            assert _outcome(bounds.read, value, field=field) == expected, (value, bounds, field)


#: Text next to every end of every range, at and past the places allowed
EDGES = ["0", "00", "0.0", "0.000000000000", "0.0000000000000", "1", "1.0", "0.999999999999",
         "0.9999999999999", "1e15", "1000000000000000", "1000000000000000.0", "999999999999999",
         "999999999999999.999999999999", "1000000000000001", "1000000000", "1000000000.0",
         "999999999.999999999999", "0.000000001", "0.000000001000", "0.0000000010000001",
         "0.0000000009", "5", "5.000", "5.0001", "4.999", "-0", "-0.00", "+1", " 1 ", "1_000",
         "\u0661\u0662", "1e3", "1E+3", "1e-3", ".5", "5.", ".", "", " ", "NaN", "sNaN", "-inf",
         "Infinity", "0x10", "1,5", "12" * 20, "0." + "1" * 40, "7.10", "0.20", "4200.00"]


@pytest.mark.parametrize("text", EDGES)
def test_edges_read_as_before(text: str) -> None:
    _same(text)


@pytest.mark.parametrize("value", [0, 1, 10**15, 10**15 + 1, -1, True, False, 0.5, None,
                                   Decimal("0.20"), Decimal("-0"), Decimal("NaN"),
                                   Decimal("Infinity"), Decimal("1E+3"), Decimal("1e-13"),
                                   b"1", ["1"]])
def test_other_values_read_as_before(value: object) -> None:
    _same(value)


_DIGITS = st.text(alphabet="0123456789", min_size=1, max_size=20)


@settings(max_examples=3000, deadline=None)
@given(st.one_of(
    st.builds(lambda a, b: f"{a}.{b}", _DIGITS, _DIGITS),  # plain text, most of it long
    _DIGITS,
    st.decimals(allow_nan=False, allow_infinity=False, places=None).map(str),
    st.text(alphabet="0123456789.eE+-_ \t\u0661", max_size=12),
    st.text(max_size=6),
))
@example("0.000000000001")
@example("999999999.999999999999")
def test_any_text_reads_as_before(text: str) -> None:
    _same(text)


class _Numbers(FrozenModel):
    amount: NonNegative
    quantity: Measure
    positive: Positive
    fraction: Fraction
    rate: FxRate


@pytest.mark.parametrize("text", ["0", "1", "0.5", "1e15", "-0", " 2 ", "1.0000000000001", "x"])
def test_model_fields_read_as_the_bounds_do(text: str) -> None:
    fields = {"amount": AMOUNTS, "quantity": QUANTITIES,
              "positive": replace(QUANTITIES, low_open=True), "fraction": FRACTIONS,
              "rate": FX_RATES}
    for name, bounds in fields.items():
        data = {"amount": "1", "quantity": "1", "positive": "1", "fraction": "0.5", "rate": "1",
                name: text}
        expected = _outcome(lambda v, b=bounds: b.check(_reference_to_decimal(v, field=""),
                                                        field=""), text)
        try:
            got = ("value", repr(getattr(_Numbers.model_validate(data), name)))
        except Exception as exc:  # a ValidationError: its one message is the bounds' own
            errors = exc.errors()  # type: ignore[attr-defined]
            got = ("error", errors[0]["msg"])
        assert got == expected, (name, text)
