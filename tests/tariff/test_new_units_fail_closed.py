"""A duty per a quantity the quote does not give is refused at quote time, never priced at 0."""

from decimal import Decimal

import pytest

from pricing_engine.errors import InputError
from pricing_engine.landed.duty import quantity_for
from pricing_engine.quote import Line
from pricing_engine.rules.model import DutyTerms
from pricing_engine.tariff.rates import parse_rate


def _line(**extra: object) -> Line:
    return Line.model_validate({"sku": "w", "hs_code": "22042150", "origin": "FR",
                                "quantity": "10", "unit_price": "5", "unit_cost": "3", **extra})


def test_litres_of_pure_alcohol_come_from_extra_units_or_the_quote_is_refused() -> None:
    terms = parse_rate("1.75 EUR / % vol / hl")
    assert isinstance(terms, DutyTerms) and terms.specific is not None
    assert terms.specific[0].per == "litre_alcohol"
    with pytest.raises(InputError, match=r"extra_units\.litre_alcohol"):
        quantity_for(_line(), "litre_alcohol")
    # 10 bottles of 0.75 l at 13 % vol: 0.0975 l of pure alcohol each
    assert quantity_for(_line(extra_units={"litre_alcohol": "0.0975"}), "litre_alcohol") \
        == Decimal("0.975")


def test_m3_comes_from_unit_volume() -> None:
    with pytest.raises(InputError, match="unit_volume_m3"):
        quantity_for(_line(), "m3")
    assert quantity_for(_line(unit_volume_m3="0.5"), "m3") == Decimal("5.0")
