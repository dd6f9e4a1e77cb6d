"""The result of a landed-cost calculation: immutable, typed, JSON-ready.

Amounts serialise as ``{"amount": "1234.50", "currency": "USD"}`` (decimal strings). Every
duty, tax and fee carries its explanation: the rule file and entry, the rate, the base, the
currency and the FX rate used. The many small leaves (amounts, charges, rule references) are
frozen slotted dataclasses, which pydantic validates and serialises like models: a 10,000-line
result holds a few hundred thousand of them, and they cost a tenth of a model each.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

from pricing_engine.contract import SCHEMA_VERSION, SchemaVersion
from pricing_engine.landed.margin import MarginStatus

if TYPE_CHECKING:
    from pricing_engine.landed.pricing import MarginSolution

__all__ = [
    "Amount",
    "ChargeOut",
    "ChargeTotal",
    "CostElementOut",
    "DecidedBy",
    "IncotermSummary",
    "LineResult",
    "Margin",
    "MarginStatus",
    "Note",
    "NoteCode",
    "Party",
    "PriceForMargin",
    "QuoteReport",
    "QuoteResult",
    "RuleRefOut",
    "SaleTaxOut",
    "Totals",
    "quote_report",
]


#: Who bears a cost element: the seller or the buyer.
Party = Literal["seller", "buyer"]
#: How a cost element's bearer was decided: the Incoterms 2020 rule itself
#: (``incoterms2020``), the engine's default where the rule says it depends on the contract
#: (``depends_default``), the bearer of the risk where the rule puts the cost on no one
#: (``risk_bearer``), or the quote's own ``cost_bearers`` (``quote``).
DecidedBy = Literal["incoterms2020", "depends_default", "risk_bearer", "quote"]


#: What a note of a quote says, for a program to act on (the message says it to a person):
#: a de minimis threshold relieved the consignment or did not, a flat duty replaced the
#: tariff or did not, an import tax is collected at the sale in spite of the threshold, no
#: import (one customs territory), the line that takes rounding residues, excise left out, a
#: DDP customs value net of the charges.
NoteCode = Literal[
    "DDP_CUSTOMS_VALUE_NET",
    "DE_MINIMIS_NOT_RELIEVED",
    "DE_MINIMIS_RELIEVED",
    "EXCISE_NOT_COMPUTED",
    "FLAT_DUTY_APPLIED",
    "FLAT_DUTY_NOT_APPLIED",
    "NO_IMPORT",
    "ROUNDING_RESIDUE",
    "TAX_COLLECTED_AT_SALE",
]


class _Out(BaseModel):
    # every field is always written, so the published schema requires each one
    model_config = ConfigDict(frozen=True, extra="forbid",
                              json_schema_serialization_defaults_required=True)


@dataclass(frozen=True, slots=True)
class Amount:
    """An amount of money: a decimal string and its currency in JSON."""

    amount: Decimal
    currency: str

    def as_json(self) -> dict[str, str]:
        """``{"amount": "1234.50", "currency": "USD"}``."""
        return {"amount": str(self.amount), "currency": self.currency}

    def model_dump(self, *, mode: str = "python") -> dict[str, object]:
        """The amount as a dict, as a pydantic model dumps it (``mode="json"``: strings)."""
        if mode == "json":
            return dict(self.as_json())
        return {"amount": self.amount, "currency": self.currency}


@dataclass(frozen=True, slots=True)
class Note:
    """A note behind a quote's figures: a stable code and the message for a person."""

    code: NoteCode
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True, slots=True)
class RuleRefOut:
    """Where a rule came from: file, line, entry, source and confidence."""

    file: str
    line: int
    entry: str
    source: str | None = None
    confidence: str = "high"


@dataclass(frozen=True, slots=True)
class ChargeOut:
    """One duty, tax or fee with its explanation."""

    kind: str
    name: str
    amount: Amount
    quote_amount: Amount
    rate: Decimal | None
    base: Amount | None
    fx_rate: Decimal | None
    rule: RuleRefOut | None
    explanation: str
    collected: str | None
    recoverable: bool | None
    paid_by: Party


@dataclass(frozen=True, slots=True)
class ChargeTotal:
    """A total (destination currency, with the quote-currency equivalent) and its parts."""

    amount: Amount
    quote_amount: Amount
    breakdown: dict[str, Amount]


class CostElementOut(_Out):
    """One Incoterm cost element: who bears it, why, and what it costs (quote currency)."""

    element: str
    paid_by: Party
    decided_by: DecidedBy
    amount: Amount | None = None


class SaleTaxOut(_Out):
    """The tax treatment of the sale and its amount (quote currency)."""

    treatment: str
    country: str | None
    collected: str
    rate: Decimal | None
    amount: Amount
    explanation: str


@dataclass(frozen=True, slots=True)
class Margin:
    """Margin amount and its ratio to net revenue (0.25 is 25 %), with the floor and target."""

    amount: Amount
    ratio: Decimal | None
    status: MarginStatus | None
    floor: Decimal | None
    target: Decimal | None


class LineResult(_Out):
    """One line: its bases, charges, landed cost, cost-to-serve and margin."""

    index: int
    sku: str
    hs_code: str
    origin: str
    quantity: Decimal
    revenue: Amount
    cost_of_goods: Amount
    allocated: dict[str, Amount]
    goods_value: Amount
    customs_value: Amount
    customs_value_quote: Amount
    valuation: str
    duty: ChargeTotal
    import_tax: ChargeTotal
    fees: ChargeTotal
    charges: tuple[ChargeOut, ...]
    sale_tax: Amount
    landed_cost: Amount
    recoverable_tax: Amount
    seller_cost_to_serve: Amount
    margin: Margin


class Totals(_Out):
    """Consignment totals: each the exact sum of the line amounts."""

    revenue: Amount
    cost_of_goods: Amount
    shipment_costs: dict[str, Amount]
    goods_value: Amount
    customs_value: Amount
    customs_value_quote: Amount
    duty: ChargeTotal
    import_tax: ChargeTotal
    fees: ChargeTotal
    sale_tax: Amount
    landed_cost: Amount
    landed_cost_breakdown: dict[str, Amount]
    recoverable_tax: Amount
    seller_cost_to_serve: Amount
    margin: Margin


class QuoteResult(_Out):
    """The landed cost-to-serve and margin of one quote."""

    schema_version: SchemaVersion = SCHEMA_VERSION
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


class PriceForMargin(_Out):
    """The uniform uplift of the unit prices that reaches a target margin, and its figures."""

    target: Decimal
    uplift: Decimal
    unit_prices: tuple[Decimal, ...]
    revenue: Amount
    margin: Amount
    margin_ratio: Decimal = Field(description="margin / revenue at these prices (a fraction)")


class IncotermSummary(_Out):
    """A quote's buyer landed cost, seller cost-to-serve and margin under one Incoterm."""

    landed_cost: Amount
    seller_cost_to_serve: Amount
    margin: Margin


class QuoteReport(QuoteResult):
    """What ``pricing-engine quote`` reports: the result, and what ``--target`` and
    ``--compare-incoterms`` asked for (null when not asked)."""

    price_for_margin: PriceForMargin | None = None
    compare_incoterms: dict[str, IncotermSummary] | None = None


def quote_report(result: QuoteResult, *, solution: MarginSolution | None = None,
                 compared: Mapping[str, QuoteResult] | None = None) -> QuoteReport:
    """The report of a quote: its result with the price for a margin and the Incoterms compared.

    The parts are taken as they are (no second validation of a result already built).
    """
    fields = {name: getattr(result, name) for name in QuoteResult.model_fields}
    fields["cost_split"] = _with_charges(result)
    target = None
    if solution is not None:
        target = PriceForMargin(
            target=solution.target, uplift=solution.uplift, unit_prices=solution.unit_prices,
            revenue=Amount(solution.revenue, solution.currency),
            margin=Amount(solution.margin, solution.currency),
            margin_ratio=solution.margin_percent)
    summaries = None
    if compared is not None:
        summaries = {code: IncotermSummary(landed_cost=r.totals.landed_cost,
                                           seller_cost_to_serve=r.totals.seller_cost_to_serve,
                                           margin=r.totals.margin)
                     for code, r in compared.items()}
    return QuoteReport.model_construct(**fields, price_for_margin=target,
                                       compare_incoterms=summaries)


def _with_charges(result: QuoteResult) -> tuple[CostElementOut, ...]:
    """The cost split with the import duties, taxes and fees priced (quote currency).

    The result leaves the element's amount empty, as no shipment cost stands for it; its
    figure is the sum of the duty, import-tax and fee totals, each in the quote currency.
    """
    t = result.totals
    charges = Amount(t.duty.quote_amount.amount + t.import_tax.quote_amount.amount
                     + t.fees.quote_amount.amount, result.currency)
    return tuple(e.model_copy(update={"amount": charges})
                 if e.element == "import_duties_taxes" and e.amount is None else e
                 for e in result.cost_split)
