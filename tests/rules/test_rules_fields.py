"""rules.fields: country and currency codes must be known; they read as quotes read them."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from pricing_engine.fields import Money
from pricing_engine.rules.fields import CountryCode, RuleModel


class _Place(RuleModel):
    country: CountryCode


class _Fee(RuleModel):
    amount: Money


def _message(model: type[RuleModel], **data: object) -> str:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return str(caught.value.errors()[0]["msg"]).removeprefix("Value error, ")


def test_codes_written_as_the_standard_does_pass() -> None:
    assert _Place(country="JP").country == "JP"
    fee = _Fee.model_validate({"amount": {"amount": "135", "currency": "GBP"}})
    assert fee.amount.currency.code == "GBP" and str(fee.amount.amount) == "135"


def test_a_known_code_written_otherwise_reads_as_the_standard_code() -> None:
    # one rule everywhere (pricing_engine/fields.py): alpha-3 and any case read as the code
    assert _Place(country="JPN").country == "JP"
    assert _Place(country=" jp ").country == "JP"
    fee = _Fee.model_validate({"amount": {"amount": "1", "currency": "gbp"}})
    assert fee.amount.currency.code == "GBP"


def test_an_unknown_code_gives_the_lookup_error() -> None:
    assert _message(_Place, country="QQ") == "unknown country code 'QQ' (ISO 3166-1)"
    assert _message(_Fee, amount={"amount": "1", "currency": "XYZ"}) == (
        "unknown currency code 'XYZ' (ISO 4217)"
    )
