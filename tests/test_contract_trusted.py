"""OutputModel.trusted gives the instance model_construct gives, however its fields are passed."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from pricing_engine.contract import OutputModel
from pricing_engine.landed.result import CostElementOut, SaleTaxOut
from pricing_engine.money import money


def _state(model: OutputModel) -> tuple[Any, ...]:
    return (type(model), list(model.__dict__.items()), model.__pydantic_fields_set__,
            model.__pydantic_extra__, model.__pydantic_private__)


CASES: list[tuple[type[OutputModel], dict[str, Any]]] = [
    (CostElementOut, {"element": "main_carriage", "paid_by": "seller", "decided_by": "incoterm",
                      "amount": money("12.50", "EUR")}),
    (CostElementOut, {"element": "insurance", "paid_by": "buyer", "decided_by": "incoterm"}),
    (SaleTaxOut, {"treatment": "reverse_charge", "country": "DE", "collected": "not_collected",
                  "rate": Decimal("0.19"), "amount": money("0.00", "EUR"),
                  "explanation": "x"}),
]


@pytest.mark.parametrize(("model", "values"), CASES)
def test_trusted_is_model_construct_in_any_order(model: type[OutputModel],
                                                 values: dict[str, Any]) -> None:
    expected = _state(model.model_construct(**values))
    assert _state(model.trusted(**values)) == expected
    assert _state(model.trusted(**dict(reversed(values.items())))) == expected


def test_the_fields_are_not_the_callers_dict() -> None:
    values = dict(CASES[0][1])
    made = CostElementOut.trusted(**values)
    values["element"] = "changed"
    assert made.element == "main_carriage"
    assert made.__dict__ is not values


def test_unknown_and_missing_names_are_refused() -> None:
    with pytest.raises(TypeError, match="no field colour"):
        CostElementOut.trusted(element="x", paid_by="buyer", decided_by="incoterm",
                               colour="red")
    with pytest.raises(TypeError, match="paid_by is required"):
        CostElementOut.trusted(element="x", decided_by="incoterm")
