"""The result of a landed-cost calculation: immutable, typed, JSON-ready.

Amounts are py-moneyed's :class:`moneyed.Money` (arithmetic that refuses to mix currencies,
babel formatting through ``moneyed.l10n.format_money``) and serialise as
``{"amount": "1234.50", "currency": "USD"}`` (decimal strings). Every
duty, tax and fee carries its explanation: the rule file and entry, the rate, the base, the
currency and the FX rate used. The many small leaves (amounts, charges, rule references) are
slotted dataclasses, which pydantic validates and serialises like models: a 10,000-line
result holds a few hundred thousand of them, and they cost a tenth of a model each.

The leaves made once a line or more (:class:`ChargeOut`, :class:`ChargeTotal`,
:class:`Margin`, :class:`LineFields`) are immutable by convention, not frozen dataclasses:
nothing assigns to one once it is made (``dataclasses.replace`` makes another), and a frozen
dataclass's ``__init__`` calls ``object.__setattr__`` once a field, five times the cost of a
plain one (a 5-line quote served over HTTP makes some 40 of them, a 10,000-line one 80,000).
Being mutable types, they are not hashable (``LineFields`` never was: it holds dicts).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from moneyed import Money
from pydantic import Field, GetCoreSchemaHandler
from pydantic_core import core_schema

from pricing_engine.contract import OutputDocument, OutputModel
from pricing_engine.fields import SignedMoney
from pricing_engine.landed.model import DecidedBy, MarginStatus, Note, NoteCode, Party
from pricing_engine.price_points import PricePointRule
from pricing_engine.rules.results import RuleRef

__all__ = [
    "ChargeOut",
    "ChargeTotal",
    "CostElementOut",
    "DecidedBy",
    "IncotermSummary",
    "LineFields",
    "LineResult",
    "Margin",
    "MarginStatus",
    "Note",
    "NoteCode",
    "Party",
    "PriceForMargin",
    "QuoteReport",
    "QuoteResult",
    "RuleRef",
    "SaleTaxOut",
    "Totals",
]


@dataclass(slots=True)  # immutable by convention: see the module docstring
class ChargeOut:
    """One duty, tax or fee with its explanation."""

    kind: str
    name: str
    amount: SignedMoney
    quote_amount: SignedMoney
    rate: Decimal | None
    base: SignedMoney | None
    fx_rate: Decimal | None
    rule: RuleRef | None
    explanation: str
    collected: str | None
    recoverable: bool | None
    paid_by: Party


@dataclass(slots=True)  # immutable by convention, as ChargeOut
class ChargeTotal:
    """A total (destination currency, with the quote-currency equivalent) and its parts."""

    amount: SignedMoney
    quote_amount: SignedMoney
    breakdown: dict[str, SignedMoney]


class CostElementOut(OutputModel):
    """One Incoterm cost element: who bears it, why, and what it costs (quote currency)."""

    element: str
    paid_by: Party
    decided_by: DecidedBy
    amount: SignedMoney | None = None


class SaleTaxOut(OutputModel):
    """The tax treatment of the sale and its amount (quote currency)."""

    treatment: str
    country: str | None
    collected: str
    rate: Decimal | None
    amount: SignedMoney
    explanation: str


@dataclass(slots=True)  # immutable by convention, as ChargeOut
class Margin:
    """Margin amount and its ratio to net revenue (0.25 is 25 %), with the floor and target."""

    amount: SignedMoney
    ratio: Decimal | None
    status: MarginStatus | None
    floor: Decimal | None
    target: Decimal | None


@dataclass(slots=True)  # immutable by convention, as ChargeOut
class LineFields:
    """One line: its bases, charges, landed cost, cost-to-serve and margin."""

    index: int
    sku: str
    hs_code: str
    origin: str
    quantity: Decimal
    revenue: SignedMoney
    cost_of_goods: SignedMoney
    allocated: dict[str, SignedMoney]
    goods_value: SignedMoney
    customs_value: SignedMoney
    customs_value_quote: SignedMoney
    valuation: str
    duty: ChargeTotal
    import_tax: ChargeTotal
    fees: ChargeTotal
    charges: tuple[ChargeOut, ...]
    sale_tax: SignedMoney
    landed_cost: SignedMoney
    recoverable_tax: SignedMoney
    seller_cost_to_serve: SignedMoney
    margin: Margin

    def __reduce__(self) -> tuple[Any, ...]:
        return (_line_fields, tuple(getattr(self, f) for f in self.__slots__))


def _line_fields(*values: Any) -> LineFields:
    """Unpickle a LineFields (pickle cannot find it by its published name)."""
    return LineFields(*values)


_set = object.__setattr__

# The published schemas name a line's shape "LineResult", as users see it.
LineFields.__name__ = LineFields.__qualname__ = "LineResult"


class LineResult:
    """One line of a result: the fields of :class:`LineFields`, written out when first read.

    A quote computes every figure of every line (each charge, rounded as a declaration
    rounds it, the line's money and the quote's totals) before it returns; what a line holds
    besides (its amounts as :class:`moneyed.Money`, each charge with its explanation, the
    valuation note) is written out the first time one of its fields is read, so that a quote
    of 10,000 lines whose caller reads its totals does not build 400,000 objects it never
    reads. Reading is thread-safe (a line written out twice at once gives equal fields) and
    the JSON of a line is that of :class:`LineFields`.
    """

    __slots__ = ("_fields", "_index", "_make")

    if TYPE_CHECKING:  # the fields, read through __getattr__ from fields()
        index: int
        sku: str
        hs_code: str
        origin: str
        quantity: Decimal
        revenue: Money
        cost_of_goods: Money
        allocated: dict[str, Money]
        goods_value: Money
        customs_value: Money
        customs_value_quote: Money
        valuation: str
        duty: ChargeTotal
        import_tax: ChargeTotal
        fees: ChargeTotal
        charges: tuple[ChargeOut, ...]
        sale_tax: Money
        landed_cost: Money
        recoverable_tax: Money
        seller_cost_to_serve: Money
        margin: Margin
        _fields: LineFields | None
        _index: int
        _make: Callable[[int], LineFields] | None

    def __init__(self, make: Callable[[int], LineFields] | LineFields, index: int = 0) -> None:
        """Line ``index`` written out by ``make(index)`` when first read (or given written out).

        ``make`` is shared by the lines of a result (one maker, each line its index): no
        object a line besides the line itself until it is read.
        """
        # object.__setattr__: past the read-only guard below (a line is built per quote line)
        _set(self, "_index", index)
        if isinstance(make, LineFields):
            _set(self, "_fields", make)
            _set(self, "_make", None)
        else:
            _set(self, "_fields", None)
            _set(self, "_make", make)

    def fields(self) -> LineFields:
        """The line's fields, written out once."""
        fields = self._fields
        if fields is None:
            make = self._make
            if make is None:  # written out by another thread meanwhile (fields set first)
                return self.fields()
            fields = make(self._index)
            _set(self, "_fields", fields)
            _set(self, "_make", None)
        return fields

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.fields(), name)

    def __setattr__(self, name: str, value: object) -> None:
        if name not in LineResult.__slots__:
            raise AttributeError(f"LineResult is read-only: cannot set {name!r}")
        object.__setattr__(self, name, value)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LineResult):
            return NotImplemented
        return self.fields() == other.fields()

    __hash__ = None  # type: ignore[assignment]  # as LineFields: it holds dicts

    def __repr__(self) -> str:
        return repr(self.fields())

    def __reduce__(self) -> tuple[Any, ...]:
        return (LineResult, (self.fields(),))

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        shape = handler.generate_schema(LineFields)
        from_shape = core_schema.no_info_after_validator_function(cls, shape)
        return core_schema.json_or_python_schema(
            json_schema=from_shape,
            python_schema=core_schema.union_schema(
                [core_schema.is_instance_schema(cls), from_shape]),
            serialization=core_schema.plain_serializer_function_ser_schema(
                cls.fields, return_schema=shape),
        )


class Totals(OutputModel):
    """Consignment totals: each the exact sum of the line amounts."""

    revenue: SignedMoney
    cost_of_goods: SignedMoney
    shipment_costs: dict[str, SignedMoney]
    goods_value: SignedMoney
    customs_value: SignedMoney
    customs_value_quote: SignedMoney
    duty: ChargeTotal
    import_tax: ChargeTotal
    fees: ChargeTotal
    sale_tax: SignedMoney
    landed_cost: SignedMoney
    landed_cost_breakdown: dict[str, SignedMoney]
    recoverable_tax: SignedMoney
    seller_cost_to_serve: SignedMoney
    margin: Margin


class QuoteResult(OutputDocument):
    """The landed cost-to-serve and margin of one quote."""

    quote_id: str
    date: str
    incoterm: str
    mode: str
    currency: str
    destination: str
    destination_currency: str
    is_import: bool
    valuation: str | None
    tax_base: tuple[str, ...]
    fx: dict[str, Decimal]
    cost_split: tuple[CostElementOut, ...]
    de_minimis: tuple[Note, ...]
    tax_collection: str | None
    sale_tax: SaleTaxOut
    residue_line: int = Field(description="the line (from 1) that takes the rounding "
                              "residues of allocated costs")
    lines: tuple[LineResult, ...]
    totals: Totals
    notes: tuple[Note, ...]


class PriceForMargin(OutputModel):
    """Invoiceable unit prices that reach a target margin, and the margin a re-quote gives."""

    target: Decimal
    uplift: Decimal = Field(description="the uniform uplift of every unit price that lands "
                            "on the target, before rounding to price points")
    unit_prices: tuple[Decimal, ...] = Field(description="each unit price x (1 + uplift), "
                                             "rounded up to price_points (and raised a point "
                                             "more where the margin still fell short)")
    price_points: PricePointRule = Field(description="the prices invoiced: no step and no "
                                         "endings means the currency's minor unit")
    revenue: SignedMoney
    margin: SignedMoney
    margin_ratio: Decimal = Field(description="margin / revenue of the quote re-priced at "
                                  "unit_prices (a fraction, at least the target)")


class IncotermSummary(OutputModel):
    """A quote's buyer landed cost, seller cost-to-serve and margin under one Incoterm."""

    landed_cost: SignedMoney
    seller_cost_to_serve: SignedMoney
    margin: Margin


class QuoteReport(QuoteResult):
    """What ``pricing-engine quote`` reports: the result, and what ``--target`` and
    ``--compare-incoterms`` asked for (null when not asked)."""

    price_for_margin: PriceForMargin | None = None
    compare_incoterms: dict[str, IncotermSummary] | None = None
