"""The field types every input model shares: codes, bounded decimals and the frozen base.

Quotes, proposals, policies, rule files and screening queries all read a country, a
subdivision, a currency, an amount or a fraction through the types below, so one mistake
gets one message wherever it is made (``unknown country code 'XX' (ISO 3166-1)``), and the
message is the same whether it reaches a ``file:line:column`` report, a batch record or a
:class:`pydantic.ValidationError` (no ``Value error,`` prefix).

Country codes: ISO 3166-1 alpha-2 **or** alpha-3, in any case, surrounding blanks ignored,
always stored as alpha-2 (``deu``, ``DEU`` and `` de `` all read ``DE``). Why both: quotes
have always taken alpha-3 (ERP and carrier exports write it), and refusing it there would
break existing inputs, while pycountry maps alpha-3 to alpha-2 without ambiguity; storing
one form means every comparison (an embargo, a rule's origin list, a list entry's
countries) sees one spelling. The trade-data aliases of :mod:`pricing_engine.countries`
(``EL``, ``UK``, ``XI``) and Kosovo's user-assigned ``XK`` are read the same way. Anything
else is refused, naming the value. Rule files' origin lists are the one exception: an origin
may be a customs union's code (``CAN`` could be the Andean Community), so they keep exact
codes and are checked against the rule set.

Currency codes: ISO 4217, any case, stored upper case. Amounts, quantities, FX rates and
fractions are exact decimals within the bounds of :mod:`pricing_engine.money` (a float is
refused: give ``"0.15"``). An amount of money, ``{amount: "1200", currency: EUR}``, is read
as py-moneyed's :class:`moneyed.Money` (:data:`Money`) and written back in that shape with
the amount as a decimal string; results report theirs as :data:`SignedMoney` (a margin may
be negative).

Numbers are written with the ASCII digits 0-9: ``"3_10"`` (Python reads it as 310) and
other scripts' digits (``"３１０"``, ``"٣١٠"``) are refused, as the published schemas refuse
them; so are they in a count (:data:`Count`). A date (:data:`IsoDate`) is an ISO date,
``YYYY-MM-DD`` (which is also how YAML writes one): ``20261120`` or a Unix timestamp
(``1732060800``) is refused, not read as some day.

VAT/GST numbers (:data:`VatId`) are compacted and, when they carry an EU prefix, checked by
:mod:`pricing_engine.vat_ids` (a blank one reads as none); a model that knows the holder's
country checks a number without a prefix against it (:class:`pricing_engine.quote.Party`).

>>> class Place(FrozenModel):
...     country: Country
>>> Place(country=" deu ").country
'DE'
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Annotated, Any

import moneyed
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    GetPydanticSchema,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError, core_schema
from typing_extensions import TypedDict

from pricing_engine.countries import country_code, subdivision_code
from pricing_engine.errors import InputError
from pricing_engine.money import (
    AMOUNTS,
    FRACTIONS,
    FX_RATES,
    QUANTITIES,
    Bounds,
    currency_code,
    currency_of,
    digits_problem,
    money_json,
)
from pricing_engine.money import to_decimal as _to_decimal
from pricing_engine.vat_ids import vat_id

__all__ = [
    "Count",
    "Country",
    "Currency",
    "Fraction",
    "FrozenModel",
    "FxRate",
    "IsoDate",
    "Measure",
    "Money",
    "NonNegative",
    "Positive",
    "SignedMoney",
    "Subdivision",
    "VatId",
    "days_in_order",
    "exactly_one",
    "plain_errors",
    "read_count",
    "read_country",
    "read_date",
]


class FrozenModel(BaseModel):
    """Base of every input model: immutable, and an unknown key is an error."""

    model_config = ConfigDict(frozen=True, extra="forbid")


def plain_errors(read: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``read`` with its InputError turned into a pydantic error carrying the bare message.

    A model's error then reads ``unknown country code 'XX' (ISO 3166-1)`` in a file report,
    a batch record and ``ValidationError.errors()`` alike (no ``Value error,`` prefix).
    """

    def validate(value: Any) -> Any:
        try:
            return read(value)
        except InputError as exc:
            raise PydanticCustomError("invalid_value", "{message}", {"message": str(exc)}) \
                from None

    return validate


def exactly_one(first: str, second: str, *, message: str) -> Any:
    """A model validator: exactly one of the fields ``first`` and ``second`` is given.

    Assign it in the class body (``_has_amount = exactly_one("rate", "fixed", message=...)``);
    a model that gives both or neither fails with ``message``.
    """

    def check(model: BaseModel) -> BaseModel:
        if (getattr(model, first) is None) == (getattr(model, second) is None):
            raise ValueError(message)
        return model

    return model_validator(mode="after")(check)


def days_in_order() -> Any:
    """A model validator: ``valid_to`` (the last day) is not before ``valid_from``.

    An entry whose days run backwards is never in force: a slip of the pen would switch a
    rate or an embargo off without a word. Assign it in the class body
    (``_ordered = days_in_order()``); either day may be None (open-ended).
    """

    def check(entry: Any) -> Any:
        if entry.valid_from and entry.valid_to and entry.valid_to < entry.valid_from:
            raise ValueError(f"valid_to {entry.valid_to} is before valid_from {entry.valid_from}")
        return entry

    return model_validator(mode="after")(check)


def read_country(value: object) -> str:
    """The alpha-2 code of ``value`` (alpha-2 or alpha-3, any case), or UnknownCountry."""
    return country_code(str(value))


def _code(pattern: str, description: str) -> WithJsonSchema:
    return WithJsonSchema({"type": "string", "pattern": pattern, "description": description})


#: A country: ISO 3166-1 alpha-2 or alpha-3 in any case, stored as alpha-2.
Country = Annotated[str, BeforeValidator(plain_errors(read_country)), _code(
    r"^\s*[A-Za-z]{2,3}\s*$",
    "ISO 3166-1 alpha-2 or alpha-3 country code (any case), read as alpha-2")]
#: A subdivision: an ISO 3166-2 code (``CA-ON``), stored upper case.
Subdivision = Annotated[str, BeforeValidator(plain_errors(lambda v: subdivision_code(str(v)))),
                        _code(r"^\s*[A-Za-z]{2}-[A-Za-z0-9]{1,3}\s*$",
                              "ISO 3166-2 subdivision code, e.g. CA-ON")]
#: A currency: an ISO 4217 code in any case, stored upper case.
Currency = Annotated[str, BeforeValidator(plain_errors(lambda v: currency_code(str(v)))),
                     _code(r"^\s*[A-Za-z]{3}\s*$", "ISO 4217 currency code")]


def _read_vat_id(value: Any) -> Any:
    if not isinstance(value, str):
        return value  # None, or a non-text value the str type refuses
    return vat_id(value) if value.strip() else None


#: A VAT/GST number: compacted (``de 123 456 788`` reads ``DE123456788``), checked when it
#: has an EU prefix; blank reads as none. Its schema stays a plain string.
VatId = Annotated[str | None, BeforeValidator(plain_errors(_read_vat_id))]


def _number(bounds: Bounds) -> Callable[[Any], Any]:
    return plain_errors(bounds.read)  # a model's error names the field itself


def _schema(bounds: Bounds, note: str = "") -> WithJsonSchema:
    # Decimals travel as strings ("4200.00") or integers; floats are refused (inexact).
    return WithJsonSchema({"anyOf": [{"type": "integer"}, {
        "type": "string", "pattern": r"^[0-9]+(\.[0-9]+)?$"}],
        "description": f"{bounds.what}{note} as a decimal string, in {bounds.describe()} with "
                       f"at most {bounds.places} decimal places"})


def read_count(value: object) -> object:
    """``value`` for pydantic's int to read, once text is found written in the digits 0-9.

    pydantic reads ``"1_0"`` as 10 (as Python's int() does): refused, as in an amount.
    """
    if isinstance(value, str):
        problem = digits_problem(value.strip())
        if problem is not None:
            raise InputError(f"{value!r} is not a whole number: {problem}")
    return value


#: A whole number in a document (a count of packages, a number of days): the digits 0-9
#: only; its bounds (``Field(ge=1)``) are the field's.
Count = Annotated[int, BeforeValidator(plain_errors(read_count))]

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def read_date(value: object) -> date:
    """The day of an ISO date, ``YYYY-MM-DD`` (or a :class:`datetime.date`), else InputError.

    pydantic's date would also read ``20261120`` as a Unix timestamp (an error about "zero
    time") and ``1732060800`` as 2024-11-20, and a datetime as its day: all refused here.

    >>> read_date("2026-11-20")
    datetime.date(2026, 11, 20)
    >>> read_date("20261120")
    Traceback (most recent call last):
    pricing_engine.errors.InputError: expected a date as YYYY-MM-DD, not '20261120'
    """
    if type(value) is date:  # not a datetime, which is a date too
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError as exc:  # "day is out of range for month"
            raise InputError(f"{value!r} is not a date: {exc}") from None
    raise InputError(f"expected a date as YYYY-MM-DD, not {value!r}")


#: A day in a document (a quote's date, an embargo's valid_from): ``YYYY-MM-DD`` only.
#: Its schema stays pydantic's ``{"type": "string", "format": "date"}``.
IsoDate = Annotated[date, BeforeValidator(plain_errors(read_date))]


_POSITIVE = replace(QUANTITIES, low_open=True)
#: A money amount (a price, a cost, freight, a threshold).
NonNegative = Annotated[Decimal, BeforeValidator(_number(AMOUNTS)), _schema(AMOUNTS)]
#: A quantity, weight, volume or count.
Measure = Annotated[Decimal, BeforeValidator(_number(QUANTITIES)), _schema(QUANTITIES)]
#: A quantity that must be more than zero (or a cover factor).
Positive = Annotated[Decimal, BeforeValidator(_number(_POSITIVE)), _schema(_POSITIVE)]
#: A fraction in [0, 1): a margin, a discount, a premium rate.
Fraction = Annotated[Decimal, BeforeValidator(_number(FRACTIONS)),
                     _schema(FRACTIONS, ' ("0.25" = 25 %)')]
#: An FX rate, 1 BASE = rate QUOTE.
FxRate = Annotated[Decimal, BeforeValidator(_number(FX_RATES)), _schema(FX_RATES)]


class _MoneyFields(TypedDict):
    """An amount of money as a document gives it."""

    __pydantic_config__ = ConfigDict(extra="forbid", title="Money")  # type: ignore[misc]
    amount: NonNegative
    currency: Currency


class _SignedMoneyFields(TypedDict):
    """An amount of money as a result reports it (any sign)."""

    __pydantic_config__ = ConfigDict(extra="forbid", title="SignedMoney")  # type: ignore[misc]
    amount: Annotated[Decimal, BeforeValidator(plain_errors(_to_decimal))]
    currency: Currency


def _unwrap(value: Any) -> Any:
    if isinstance(value, moneyed.Money):
        return {"amount": value.amount, "currency": value.currency.code}
    return value


def _to_money(fields: dict[str, Any]) -> moneyed.Money:
    return moneyed.Money(fields["amount"], currency_of(fields["currency"]))


def _money_schema(shape: type) -> GetPydanticSchema:
    """Read ``{amount, currency}`` (or a Money) through ``shape``; write it back as strings."""
    written = core_schema.typed_dict_schema({
        "amount": core_schema.typed_dict_field(core_schema.str_schema()),
        "currency": core_schema.typed_dict_field(core_schema.str_schema())},
        extra_behavior="forbid", ref="Money", metadata={"pydantic_js_updates": {
            "description": "An amount of money: a decimal string and its ISO 4217 currency."}})
    return GetPydanticSchema(lambda _source, handler: core_schema.no_info_before_validator_function(
        _unwrap, core_schema.no_info_after_validator_function(_to_money, handler(shape)),
        # money_json, not a model serializer over the Money's attributes: that one needs
        # pydantic's private attributes on the Money for dumps with exclude_unset and fails
        serialization=core_schema.plain_serializer_function_ser_schema(
            money_json, return_schema=written)))


#: An amount of money in a document (freight, a cost, a threshold): ``{amount, currency}``,
#: the amount in [0, 1e15]; read as py-moneyed's Money.
Money = Annotated[moneyed.Money, _money_schema(_MoneyFields)]
#: An amount of money in a result (a margin may be negative): the same Money, the same JSON.
SignedMoney = Annotated[moneyed.Money, _money_schema(_SignedMoneyFields)]
