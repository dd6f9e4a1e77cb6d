"""Shared building blocks of the rule models: codes, rates, money, dates and provenance.

Field validators check what a single value can tell (an ISO code, a rate in [0, 1], an HS
code's shape); checks that need the whole file or the whole rule set live in validate.py.
Country and currency codes, amounts and the frozen base are the package-wide types of
:mod:`pricing_engine.fields` (one reading and one message for quotes, policies and rules):
``JPN`` or ``jp`` in a rule file reads ``JP``. Rates, HS codes and provenance are the rules' own.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal, TypeVar

from pydantic import AfterValidator, BeforeValidator, Field

from pricing_engine.fields import Country, Currency, FrozenModel, NonNegative, days_in_order
from pricing_engine.money import digits_problem

__all__ = [
    "HS_ANY",
    "Confidence",
    "CountryCode",
    "CurrencyCode",
    "Dated",
    "DutyRate",
    "HsCode",
    "HsPattern",
    "Meta",
    "Mode",
    "NonEmpty",
    "Per",
    "Rate",
    "RuleModel",
    "SourceModel",
    "SpecificModel",
]

HS_ANY = "*"
_HS = re.compile(r"[0-9]{2,12}")

Mode = Literal["sea", "air", "road", "rail", "courier", "post"]
Per = Literal[
    "kg", "litre", "unit", "pair", "item", "dozen", "m2", "jewel", "hl", "tonne",
    # quantities a quote gives in extra_units (per unit of the line), or m3 from
    # unit_volume_m3; a quote that lacks one is refused at quote time, never priced at 0
    "m", "m3", "litre_alcohol", "proof_litre", "kg_gross", "kg_with_container", "kg_clean",
    "kg_drained", "kg_dry_matter", "kg_lactic_matter", "kg_standard_quality", "kg_sugar",
    "kg_sucrose", "kg_total_alcohol", "kg_copper", "kg_lead", "kg_magnesium",
    "kg_molybdenum", "kg_tungsten", "button_line_gross",
]
Confidence = Literal["high", "medium", "low"]


class RuleModel(FrozenModel):
    """Base of every rule model: the package's frozen base (an unknown key is an error)."""


def _rate(value: Decimal) -> Decimal:
    if not Decimal(0) <= value <= Decimal(1):
        raise ValueError(f"rate {value} is outside [0, 1] (write 20 % as \"0.20\")")
    return value


#: Ad valorem duties above 100 % exist (India on wine 150 %, Korea on green tea 513.6 %); tax
#: rates, fees and surcharges stay in [0, 1]. 10 (1000 %) catches a rate written in percent.
MAX_DUTY_RATE = Decimal(10)


def _duty_rate(value: Decimal) -> Decimal:
    if not Decimal(0) <= value <= MAX_DUTY_RATE:
        raise ValueError(
            f"duty rate {value} is outside [0, {MAX_DUTY_RATE}] (write 150 % as \"1.50\")"
        )
    return value


def _hs(value: str) -> str:
    if not _HS.fullmatch(value):
        hint = f" (write {value.replace('.', '').replace(' ', '')!r})" if "." in value else ""
        raise ValueError(f"HS code {value!r} must be 2-12 digits without dots or spaces{hint}")
    return value


def _hs_pattern(value: str) -> str:
    return value if value == HS_ANY else _hs(value)


def _ascii_number(value: object) -> object:
    """A rate written as text must use the digits 0-9: Decimal would read ``"0_10"`` as 10
    and other scripts' digits as ours (as documents' amounts, :func:`digits_problem`)."""
    problem = digits_problem(value) if isinstance(value, str) else None
    if problem is not None:
        raise ValueError(f"{value!r} is not a decimal number: {problem}")
    return value


Rate = Annotated[Decimal, BeforeValidator(_ascii_number), Field(allow_inf_nan=False),
                 AfterValidator(_rate)]
DutyRate = Annotated[Decimal, BeforeValidator(_ascii_number), Field(allow_inf_nan=False),
                     AfterValidator(_duty_rate)]
#: A country code (the package-wide :data:`~pricing_engine.fields.Country`).
CountryCode = Country
#: A currency code (the package-wide :data:`~pricing_engine.fields.Currency`).
CurrencyCode = Currency
HsCode = Annotated[str, AfterValidator(_hs)]
HsPattern = Annotated[str, AfterValidator(_hs_pattern)]


def _non_empty(items: tuple[Any, ...]) -> tuple[Any, ...]:
    if not items:
        raise ValueError("give at least one entry")
    return items


T = TypeVar("T")
#: A tuple that must not be empty (checked after the items, so a bad item is one error).
NonEmpty = Annotated[
    tuple[T, ...], AfterValidator(_non_empty), Field(json_schema_extra={"minItems": 1})
]


class SourceModel(RuleModel):
    """A source a file's figures come from; entries name it by ``id``."""

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$")
    title: str
    url: str | None = None
    accessed: date | None = None
    note: str | None = None


class Meta(RuleModel):
    """Provenance every entry may carry: a source id, a note and a confidence level."""

    source: str | None = None
    note: str | None = None
    confidence: Confidence = "high"


class Dated(Meta):
    """An effective-dated entry: ``valid_to`` is the last day it applies (inclusive)."""

    valid_from: date | None = None
    valid_to: date | None = None

    _ordered = days_in_order()


class SpecificModel(RuleModel):
    """A specific duty, or a minimum / maximum: an amount per unit of quantity."""

    amount: NonNegative
    currency: CurrencyCode
    per: Per
