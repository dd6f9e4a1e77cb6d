"""The price book's inputs (a catalogue, a set of markets) and its output (one row per pair).

A catalogue lists what the seller sells, in the home currency; a markets file says where and
how it sells it (destination, buyer, Incoterm, mode, currency, carriage, target margin); the
price book prices every catalogue row in every market. Rows that cannot be priced keep their
place with a reason code (rows in = rows out)::

    reason                 why the row has no price
    EMBARGOED_DESTINATION  the policy embargoes the market's country on the book's date
    EMBARGOED_REGION       ... or its subdivision
    EMBARGOED_ORIGIN       the row's goods originate in a country the policy embargoes on the
                           book's date (in every market: the regimes bar dealing in them)
    MISSING_RULE           no duty, tax or de minimis rule covers the row (never 0 %)
    AMBIGUOUS_HS_CODE      the HS code spans national lines that charge differently
    MISSING_FX_RATE        the markets file lacks a rate the row needs
    TARGET_UNREACHABLE     no price reaches the target margin (costs grow as fast)
    INVALID_INPUT          the catalogue row is malformed (its file:line says how)
"""

from __future__ import annotations

from datetime import date as Date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    Discriminator,
    Field,
    Tag,
    ValidationInfo,
    field_validator,
    model_validator,
)

from pricing_engine.contract import OutputDocument, OutputModel
from pricing_engine.fields import (
    Country,
    Currency,
    Fraction,
    FrozenModel,
    IsoDate,
    Measure,
    NonNegative,
    Positive,
    SignedMoney,
    Subdivision,
    VatId,
)
from pricing_engine.hs_codes import normalize_hs
from pricing_engine.price_points import PricePointRule
from pricing_engine.quote import FxRates, InsuranceRate, Party, TransportMode
from pricing_engine.rules.incoterms import IncotermCode
from pricing_engine.rules.model import GoodsUse
from pricing_engine.rules.results import RuleRef

__all__ = [
    "REASONS",
    "Carriage",
    "CatalogueItem",
    "Market",
    "Markets",
    "PriceBook",
    "PriceBookRow",
    "Reason",
]

Reason = Literal["AMBIGUOUS_HS_CODE", "EMBARGOED_DESTINATION", "EMBARGOED_ORIGIN",
                 "EMBARGOED_REGION", "INVALID_INPUT", "MISSING_FX_RATE", "MISSING_RULE",
                 "TARGET_UNREACHABLE"]
#: Every reason code a row may carry.
REASONS: tuple[str, ...] = Reason.__args__  # type: ignore[attr-defined]


class CatalogueItem(FrozenModel):
    """One catalogue row: an article, its classification and origin, cost and list price."""

    sku: str = Field(min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=1000)
    hs_code: str = Field(min_length=2)
    origin: Country
    unit_cost: NonNegative
    unit_weight_kg: Measure | None = None
    list_price: NonNegative = Field(description="in the home currency (the markets' currency)")
    tax_class: str = "standard"
    uses: tuple[GoodsUse, ...] | None = Field(
        default=None, description="what the goods are for, as a quote line's uses (a CSV cell: "
        "the uses separated by spaces, commas or semicolons, or `none`); null: not declared")
    tariff_quota: Literal["in", "out"] | None = Field(
        default=None, description="for goods under a tariff-rate quota, as a quote line's "
        "tariff_quota: in (the buyers hold quota allocations) or out (beyond the quota); "
        "null: not declared, and a market whose tariff has a quota on the goods is not priced")

    @field_validator("hs_code")
    @classmethod
    def _hs_digits(cls, value: str) -> str:
        return normalize_hs(value)  # as a quote line reads it

    @field_validator("uses", mode="before")
    @classmethod
    def _uses_cell(cls, value: Any) -> Any:
        if isinstance(value, str):  # a CSV cell
            words = value.replace(",", " ").replace(";", " ").split()
            return () if words == ["none"] else tuple(words)
        return value


class Carriage(FrozenModel):
    """A cost per unit or per kg (of unit_weight_kg), in ``currency`` (default: home)."""

    per_unit: NonNegative | None = None
    per_kg: NonNegative | None = None
    currency: Currency | None = None

    @model_validator(mode="after")
    def _one_basis(self) -> Carriage:
        if (self.per_unit is None) == (self.per_kg is None):
            raise ValueError("give per_unit or per_kg (one of them)")
        return self


def _insurance_kind(value: Any) -> str:
    given = value if isinstance(value, dict) else {}
    return "InsuranceRate" if "rate" in given or "cover" in given else "Carriage"


#: Insurance per unit / per kg, or a premium rate on a cover (``{rate: "0.003"}``).
MarketInsurance = Annotated[Annotated[Carriage, Tag("Carriage")] | Annotated[
    InsuranceRate, Tag("InsuranceRate")], Discriminator(_insurance_kind)]


class Market(FrozenModel):
    """One market: where, to whom, on what terms, in what currency, for what margin."""

    id: str = Field(min_length=1, max_length=100)
    destination: Country
    subdivision: Subdivision | None = Field(default=None, description="where it matters "
                                            "(US state, Canadian province)")
    buyer_type: Literal["business", "consumer"] = "business"
    buyer_vat_id: VatId = None
    incoterm: IncotermCode
    named_place: str | None = None
    mode: TransportMode
    currency: Currency
    freight: Carriage | None = None
    insurance: MarketInsurance | None = None
    quantity: Positive = Field(default=Decimal(1), description="units per shipment: the "
                               "row's amounts are for this many units")
    target_margin: Fraction
    price_points: PricePointRule | None = Field(default=None, description="default: the "
                                                "policy's price points for the currency")

    @field_validator("price_points")
    @classmethod
    def _in_its_currency(cls, rule: PricePointRule | None,
                         info: ValidationInfo) -> PricePointRule | None:
        # a step finer than the currency's minor unit fails every row of the market: it is
        # the markets file that is wrong, said once, at its line
        currency = info.data.get("currency")
        if rule is not None and currency is not None:
            rule.check_currency(currency)
        return rule


class Markets(FrozenModel):
    """A markets file: the seller, the home currency, the date and FX rates, the markets."""

    seller: Party
    currency: Currency = Field(description="the home currency: unit costs and list prices")
    date: IsoDate
    ship_from: Country | None = None
    fx: FxRates = Field(default_factory=lambda: FxRates({}))
    markets: tuple[Market, ...] = Field(min_length=1, max_length=1000)

    @model_validator(mode="after")
    def _unique_ids(self) -> Markets:
        ids = [m.id for m in self.markets]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"market id given twice: {', '.join(twice)}")
        return self


class PriceBookRow(OutputModel):
    """One catalogue row in one market: its price and figures, or why it has none."""

    market: str
    sku: str
    row: int = Field(description="the catalogue row (from 1)")
    currency: str
    quantity: Decimal
    target: Decimal
    unit_price: Decimal | None = Field(description="the lowest price point that reaches the "
                                       "target margin (null when not priced)")
    list_price: Decimal | None = Field(description="the home list price at the book's FX "
                                       "rate, unrounded, for comparison")
    landed_cost: SignedMoney | None = Field(description="the buyer's, for `quantity` units")
    cost_to_serve: SignedMoney | None = Field(description="the seller's, for `quantity` units")
    margin: SignedMoney | None
    margin_ratio: Decimal | None = Field(description="margin / revenue (a fraction)")
    rules: tuple[RuleRef, ...] = Field(description="the duty, fee and tax rules applied")
    charges_not_priced: tuple[str, ...] = Field(
        default=(), description="charges due that the price leaves out, since they rest on "
        "facts the book does not give (CBAM certificates on embedded emissions): each "
        "'name: what is due' (a quote of the row says CHARGE_NOT_PRICED)")
    reason: Reason | None = Field(description="why the row has no price (null when priced)")
    message: str | None


class PriceBook(OutputDocument):
    """Every catalogue row priced in every market, market by market, in catalogue order."""

    date: Date
    currency: str = Field(description="the home currency")
    markets: tuple[str, ...]
    priced: int
    not_priced: int
    rows: tuple[PriceBookRow, ...]
