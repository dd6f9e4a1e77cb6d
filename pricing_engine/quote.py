"""The input of a landed-cost calculation: a quote with its parties, shipment and lines.

The field names are a public contract that quoting tools integrate against (see
examples/quote.schema.json, generated from these models). Models are frozen, an unknown key is
an error, and every amount or rate is an exact Decimal: a float is refused, so give amounts as
decimal strings (``"4200.00"``).

Meaning of the prices: ``unit_price`` is the price the seller invoices under the quote's
Incoterm, so it already covers every cost the seller bears under that rule (carriage under
C and D terms, duties and taxes under DDP); ``freight``, ``onward_freight``, ``insurance`` and
``costs`` state what those costs are, whoever pays them.
"""

from __future__ import annotations

from datetime import date as Date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    field_validator,
)

from pricing_engine.countries import country_code, subdivision_code
from pricing_engine.money import currency_code, to_decimal
from pricing_engine.rules.country import normalize_hs
from pricing_engine.rules.incoterms import ELEMENTS, IncotermCode

__all__ = [
    "COST_ELEMENTS",
    "AllocationMethod",
    "CostElement",
    "InsuranceRate",
    "Line",
    "MoneyIn",
    "Party",
    "Preference",
    "Quote",
    "Targets",
    "TransportMode",
    "quote_json_schema",
]

TransportMode = Literal["sea", "air", "road", "rail", "courier", "post"]
AllocationMethod = Literal["value", "weight", "volume", "quantity", "equal"]
#: The Incoterms 2020 cost elements a quote may price in ``costs`` (carriage, insurance and
#: onward delivery have their own fields; import duties and taxes are computed).
CostElement = Literal[
    "export_packing",
    "loading_at_origin",
    "export_clearance",
    "origin_terminal_handling",
    "destination_terminal_handling",
    "import_clearance",
]
#: Every Incoterms 2020 cost element, in the physical order of a shipment (``cost_bearers``
#: may name any of them).
COST_ELEMENTS: tuple[str, ...] = ELEMENTS


def _decimal(value: Any) -> Decimal:
    return to_decimal(value, field="number")


def _schema(description: str) -> WithJsonSchema:
    # Decimals travel as strings ("4200.00") or integers; floats are refused (inexact).
    return WithJsonSchema({"anyOf": [{"type": "integer"}, {
        "type": "string", "pattern": r"^[0-9]+(\.[0-9]+)?$"}], "description": description})


NonNegative = Annotated[Decimal, BeforeValidator(_decimal), Field(ge=0),
                        _schema("a decimal number >= 0, as a string")]
Positive = Annotated[Decimal, BeforeValidator(_decimal), Field(gt=0),
                     _schema("a decimal number > 0, as a string")]
Fraction = Annotated[Decimal, BeforeValidator(_decimal), Field(ge=0, lt=1),
                     _schema("a fraction in [0, 1), as a string (\"0.25\" = 25 %)")]
Country = Annotated[str, BeforeValidator(lambda v: country_code(str(v)))]
Currency = Annotated[str, BeforeValidator(lambda v: currency_code(str(v)))]
SubdivisionCode = Annotated[str, BeforeValidator(lambda v: subdivision_code(str(v)))]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class MoneyIn(_Model):
    """An amount in a currency: ``{amount: "1200", currency: EUR}``."""

    amount: NonNegative
    currency: Currency


class InsuranceRate(_Model):
    """Insurance as a premium rate on a cover: ``{rate: "0.003", cover: "1.10"}``.

    The premium is ``rate x cover x (invoice value + carriage to the border)``, in the quote
    currency (cover 110 % is the Incoterms CIF/CIP minimum).
    """

    rate: Fraction
    cover: Positive = Decimal("1.10")


class Party(_Model):
    """The seller or the buyer."""

    name: str
    country: Country
    subdivision: SubdivisionCode | None = None
    type: Literal["business", "consumer"] = "business"
    vat_id: str | None = None
    registrations: tuple[str, ...] = ()


class Preference(_Model):
    """A claimed tariff preference and whether proof of origin is held."""

    agreement: str
    proof: bool = False


class Line(_Model):
    """One quote line: goods, their classification and origin, price and cost."""

    sku: str
    description: str | None = None
    hs_code: str = Field(min_length=2)
    origin: Country
    quantity: Positive
    unit_price: NonNegative
    unit_cost: NonNegative
    unit_weight_kg: NonNegative | None = None
    unit_volume_m3: NonNegative | None = None
    extra_units: dict[str, NonNegative] = Field(default_factory=dict)
    preference: Preference | None = None
    tax_class: str = "standard"

    @field_validator("hs_code")
    @classmethod
    def _hs_digits(cls, value: str) -> str:
        return normalize_hs(value)  # InputError is a ValueError: pydantic reports it

    @field_validator("extra_units")
    @classmethod
    def _unit_names(cls, value: dict[str, Decimal]) -> dict[str, Decimal]:
        known = {"litre", "pair", "jewel", "m2", "item", "dozen"}
        out: dict[str, Decimal] = {}
        for key, amount in value.items():
            name = key[:-1] if key.endswith("s") and key[:-1] in known else key
            if name not in known:
                raise ValueError(f"extra_units: unknown unit {key!r} (one of {sorted(known)})")
            out[name] = amount
        return out


class Targets(_Model):
    """Margin floor and target as fractions of net revenue (``"0.25"`` = 25 %)."""

    margin_floor: Fraction | None = None
    margin_target: Fraction | None = None


class Quote(_Model):
    """A quote: parties, shipment, Incoterm, FX and lines (the public input contract)."""

    id: str
    date: Date
    currency: Currency
    seller: Party
    buyer: Party
    ship_from: Country | None = None
    ship_to: Country | None = None
    mode: TransportMode
    incoterm: IncotermCode
    named_place: str | None = None
    freight: MoneyIn | None = None
    onward_freight: MoneyIn | None = None
    insurance: MoneyIn | InsuranceRate | None = None
    costs: dict[CostElement, MoneyIn] = Field(default_factory=dict)
    cost_bearers: dict[str, Literal["seller", "buyer"]] = Field(default_factory=dict)
    packages: int = Field(default=1, ge=1)
    allocation: AllocationMethod = "value"
    fx: dict[str, Positive] = Field(default_factory=dict)
    customs_fx: dict[str, Positive] = Field(default_factory=dict)
    lines: tuple[Line, ...] = Field(min_length=1)
    targets: Targets | None = None

    @field_validator("cost_bearers")
    @classmethod
    def _known_elements(cls, value: dict[str, str]) -> dict[str, str]:
        for element in value:
            if element not in COST_ELEMENTS:
                raise ValueError(f"cost_bearers: unknown cost element {element!r}")
        return value

    @property
    def origin_country(self) -> str:
        """Where the goods leave from: ``ship_from`` or the seller's country."""
        return self.ship_from or self.seller.country

    @property
    def destination(self) -> str:
        """Where the goods are imported: ``ship_to`` or the buyer's country."""
        return self.ship_to or self.buyer.country


def quote_json_schema() -> dict[str, Any]:
    """The published JSON Schema of the quote input (committed as examples/quote.schema.json)."""
    schema = Quote.model_json_schema(mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
