"""Numbers in documents are written with the ASCII digits 0-9, as the published schemas say.

Python's Decimal reads ``"3_10"`` as 310 and full-width or Arabic-Indic digits as ASCII ones;
the readers refuse both, naming the value, so a typo such as ``"31_0"`` is never priced as 310.
The forms the readers have always taken (exponents, a sign on zero, surrounding blanks) still
read.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from pydantic import ValidationError

from pricing_engine.errors import InputError
from pricing_engine.fields import (
    Count,
    Fraction,
    FrozenModel,
    FxRate,
    Measure,
    NonNegative,
    Positive,
)
from pricing_engine.money import (
    AMOUNTS,
    FRACTIONS,
    FX_RATES,
    QUANTITIES,
    FxTable,
    money,
    to_decimal,
)

BOUNDS = [AMOUNTS, QUANTITIES, FX_RATES, FRACTIONS, replace(QUANTITIES, low_open=True)]
UNDERSCORES = ["3_10", "31_0", "1_000.5", "0.1_5", "1e1_0", " 3_10 ", "_1", "1_"]
#: full-width, Arabic-Indic, Extended Arabic-Indic, Devanagari and mathematical digits
OTHER_DIGITS = ["\uff13\uff11\uff10", "\u0663\u0661\u0660", "\u06f3\u06f1\u06f0",
                "\u0969\u0967\u0966", "0.\u0665", "\U0001d7d1"]


@pytest.mark.parametrize("text", UNDERSCORES)
def test_an_underscore_is_refused_naming_the_value(text: str) -> None:
    with pytest.raises(InputError, match=r"is not a decimal number: write it without '_'"):
        to_decimal(text, field="unit_price")
    for bounds in BOUNDS:
        with pytest.raises(InputError, match=r"not a decimal number: write it without '_'"):
            bounds.read(text, field="x")


@pytest.mark.parametrize("text", OTHER_DIGITS)
def test_digits_of_other_scripts_are_refused(text: str) -> None:
    with pytest.raises(InputError) as caught:
        to_decimal(text, field="unit_price")
    assert str(caught.value) == (f"unit_price: {text!r} is not a decimal number: write it "
                                 "with the ASCII digits 0-9")
    for bounds in BOUNDS:
        with pytest.raises(InputError, match="ASCII digits 0-9"):
            bounds.read(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("310", Decimal("310")), ("3.10", Decimal("3.10")), (" 2 ", Decimal(2)),
    ("1e3", Decimal("1E+3")), ("1E+3", Decimal("1E+3")), ("-0", Decimal("-0")),
    ("\u00a02\u3000", Decimal(2)),  # blanks of any script around a number are still blanks
])
def test_the_forms_read_before_still_read(text: str, expected: Decimal) -> None:
    got = to_decimal(text)
    assert got == expected and str(got) == str(expected)
    assert AMOUNTS.read("1e3") == Decimal(1000)


def test_money_and_an_fx_table_refuse_them_too() -> None:
    with pytest.raises(InputError, match="without '_'"):
        money("3_10", "EUR")
    with pytest.raises(InputError, match=r"fx EUR/USD: '\uff11.08' is not a decimal number"):
        FxTable({"EUR/USD": "\uff11.08"})


class _Numbers(FrozenModel):
    amount: NonNegative = Decimal(1)
    quantity: Measure = Decimal(1)
    positive: Positive = Decimal(1)
    fraction: Fraction = Decimal(0)
    rate: FxRate = Decimal(1)
    count: Count = 1


@pytest.mark.parametrize("field", ["amount", "quantity", "positive", "fraction", "rate",
                                   "count"])
@pytest.mark.parametrize("text", ["1_0", "\uff11", "\u0661"])
def test_every_number_field_refuses_them(field: str, text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        _Numbers.model_validate({field: text})
    (error,) = caught.value.errors()
    assert error["loc"] == (field,)
    assert error["msg"].startswith(f"{text!r} is not a ")
    assert ("'_'" in error["msg"]) if "_" in text else ("ASCII digits 0-9" in error["msg"])


def test_a_count_still_reads_digits_and_ints() -> None:
    assert _Numbers.model_validate({"count": "12"}).count == 12
    assert _Numbers.model_validate({"count": " 3 "}).count == 3
    assert _Numbers.model_validate({"count": 7}).count == 7


@pytest.mark.parametrize("text", ["1" * 100_000, "0." + "0" * 50_000 + "1", "x" * 100_000,
                                  "1" * 50_000 + "_1"])
def test_a_huge_value_is_shown_short_in_its_error(text: str) -> None:
    # a hostile 100,000-digit number was echoed whole: a 100 KB line on stderr
    with pytest.raises(InputError) as caught:
        QUANTITIES.read(text, field="quantity")
    message = str(caught.value)
    assert message.startswith("quantity: ") and len(message) < 200, message[:300]


def test_a_huge_int_is_an_input_error_shown_short() -> None:
    # str() of an int of 4,301 digits or more raises a bare ValueError in Python 3.11+
    with pytest.raises(InputError, match=r"^quantity: 1\.000000E\+5000 \(a number of 5,001 "
                       r"digits\) is outside the range"):
        QUANTITIES.read(10**5000, field="quantity")
    assert to_decimal(10**30) == Decimal(10**30)
