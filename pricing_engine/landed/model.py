"""The plain records a quote is priced with, from consignment facts to each line's money.

They are frozen slotted dataclasses (the hot loops make hundreds of thousands of them) and
import nothing from the computation that fills them, so any step can name any record. The
pipeline, in order: :class:`Context` (context.py: FX, Incoterm split, bases), :class:`Shipment`
(valuation.py: costs per line), :class:`Relief` (deminimis.py), :class:`Collection` and
:class:`SaleTax` (tax.py), :class:`Charge` (duty.py, tax.py, fees.py), :class:`Computation`
(charges.py: every line's charges at its customs value), :class:`LineMoney` (margin.py: who
pays what). Rule records are the compiled ones of :mod:`pricing_engine.rules.results`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from moneyed import Money

from pricing_engine.errors import MissingFxRate
from pricing_engine.money import FxTable, percent_text
from pricing_engine.quote import Quote
from pricing_engine.rules.model import DeclarationRounding
from pricing_engine.rules.results import DeMinimis, RuleRef, TaxCollection, TaxHit

__all__ = [
    "Charge",
    "ChargeKind",
    "Collection",
    "Computation",
    "Context",
    "CostSplit",
    "DecidedBy",
    "LineMoney",
    "MarginStatus",
    "Note",
    "NoteCode",
    "Party",
    "Relief",
    "SaleTax",
    "Shipment",
    "percent",
]

#: Who bears a cost element: the seller or the buyer.
Party = Literal["seller", "buyer"]
#: How a cost element's bearer was decided: the Incoterms 2020 rule itself
#: (``incoterms2020``), the engine's default where the rule says it depends on the contract
#: (``depends_default``), the bearer of the risk where the rule puts the cost on no one
#: (``risk_bearer``), or the quote's own ``cost_bearers`` (``quote``).
DecidedBy = Literal["incoterms2020", "depends_default", "risk_bearer", "quote"]
#: A margin against the quote's targets: the target reached, only the floor, or not even it.
MarginStatus = Literal["above_target", "below_target", "below_floor"]
#: What a charge is: a duty (MFN, preferential, additional, a surcharge on the duty, a flat
#: duty in place of the tariff), an import tax, or a customs fee.
ChargeKind = Literal["mfn", "preference", "additional", "surcharge", "flat", "tax", "fee"]
#: What a note of a quote says, for a program to act on (the message says it to a person):
#: a de minimis threshold relieved the consignment or did not, a flat duty replaced the
#: tariff or did not, an import tax is collected at the sale in spite of the threshold, no
#: import (one customs territory), the line that takes rounding residues, excise left out, a
#: DDP customs value net of the charges, an FX rate taken from dated reference rates (which
#: rate, of which day, from which source: pricing_engine.fx_rates), a national tariff line
#: assumed for an HS code short of it (the quote's ``ambiguous_hs: highest``), a duty due
#: only on goods of a use the line does not declare (``uses``), not charged; a charge due on
#: facts the quote does not give (CBAM certificates), shown as 0.00.
NoteCode = Literal[
    "CHARGE_NOT_PRICED",
    "DDP_CUSTOMS_VALUE_NET",
    "DE_MINIMIS_NOT_RELIEVED",
    "DE_MINIMIS_RELIEVED",
    "EXCISE_NOT_COMPUTED",
    "FLAT_DUTY_APPLIED",
    "FLAT_DUTY_NOT_APPLIED",
    "FX_REFERENCE_RATE",
    "GOODS_USE_UNDECLARED",
    "HS_LINE_ASSUMED",
    "NO_IMPORT",
    "ROUNDING_RESIDUE",
    "TAX_COLLECTED_AT_SALE",
]


def percent(rate: Decimal) -> str:
    """A rate as a percentage for explanations: ``Decimal("0.027")`` -> ``"2.7%"``
    (:func:`~pricing_engine.money.percent_text`)."""
    return percent_text(rate)


@dataclass(frozen=True, slots=True)
class Note:
    """A note behind a quote's figures: a stable code and the message for a person."""

    code: NoteCode
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True, slots=True)
class CostSplit:
    """The bearer of every cost element and how it was decided (rule, default, quote)."""

    incoterm: str
    bearers: Mapping[str, Party]
    decided_by: Mapping[str, DecidedBy]

    def seller_bears(self, element: str) -> bool:
        """Whether the seller bears ``element``."""
        return self.bearers[element] == "seller"


@dataclass(frozen=True, slots=True)
class Context:
    """Consignment-level facts the line calculations share (context.py builds it)."""

    quote: Quote
    destination: str
    dest_currency: str
    quote_currency: str
    is_import: bool
    valuation: str  # CIF | FOB
    tax_base: tuple[str, ...]
    fee_base: str
    #: the buyer-borne costs before the border the customs value takes (the destination's)
    pre_border_added: tuple[str, ...]
    #: the destination's declaration rounding (None: each charge to the minor unit) and
    #: where it is written
    rounding: DeclarationRounding | None
    rounding_ref: RuleRef | None
    subdivision: str | None
    split: CostSplit
    fx: FxTable
    customs_fx: FxTable
    #: rates already looked up: (from, to, customs?) -> rate (lines convert the same pairs)
    _rates: dict[tuple[str, str, bool], Decimal] = field(
        default_factory=dict, repr=False, compare=False)

    def customs_rate(self, currency: str, to: str) -> Decimal:
        """The rate customs uses (a quote's ``customs_fx`` first), 1 ``currency`` in ``to``."""
        found = self._rates.get((currency, to, True))
        if found is None:
            try:
                found = self.customs_fx.rate(currency, to)
            except MissingFxRate:
                found = self.fx.rate(currency, to)
            self._rates[(currency, to, True)] = found
        return found

    def commercial_rate(self, currency: str, to: str) -> Decimal:
        """The commercial rate (the quote's ``fx``), 1 ``currency`` in ``to``."""
        found = self._rates.get((currency, to, False))
        if found is None:
            found = self._rates[(currency, to, False)] = self.fx.rate(currency, to)
        return found

    def to_dest(self, amount: Decimal, currency: str) -> Decimal:
        """Convert a rule or quote amount into the destination currency at the customs rate."""
        return amount * self.customs_rate(currency, self.dest_currency)

    def to_quote(self, amount: Decimal, currency: str) -> Decimal:
        """Convert into the quote currency at the commercial rate."""
        return amount * self.commercial_rate(currency, self.quote_currency)

    def money_to_dest(self, value: Money) -> Decimal:
        """:meth:`to_dest` of a Money (a rule's threshold, fee or ceiling)."""
        return self.to_dest(value.amount, value.currency.code)

    def money_to_quote(self, value: Money) -> Decimal:
        """:meth:`to_quote` of a Money (a quote's freight or cost)."""
        return self.to_quote(value.amount, value.currency.code)


@dataclass(frozen=True, slots=True)
class Shipment:
    """Shipment costs (quote currency, rounded) and their allocation to lines."""

    totals: dict[str, Decimal]  # element -> total
    per_line: dict[str, list[Decimal]]  # element -> share of each line
    residue_line: int
    revenue: list[Decimal]  # quantity x unit price, exact
    goods: list[Decimal]  # revenue less the transport costs the seller bears (quote currency)
    pre_border_added: list[Decimal]  # buyer-borne pre-border costs (quote currency)
    carriage_insurance: list[Decimal]  # main carriage + insurance (quote currency)
    post_border: list[Decimal]  # post-border carriage and handling (quote currency)


@dataclass(slots=True)  # not frozen: see the docstring
class Charge:
    """One duty, tax or fee amount of one line, in the destination currency, with its why.

    ``amount`` is rounded to the destination currency's minor unit (a declaration's tax line);
    ``rate`` and ``base`` say how it was computed; ``ref`` names the rule file entry. A charge
    computed without its explanation (the DDP solve tries many values) has an empty ``note``.

    Never assigned to once made (``dataclasses.replace`` makes another), but not a frozen
    dataclass: a 10,000-line DDP quote makes some 60,000 of them, and a frozen dataclass's
    ``__init__`` (one ``object.__setattr__`` call a field) takes five times as long.
    """

    kind: ChargeKind
    name: str
    amount: Decimal
    rate: Decimal | None
    base: Decimal | None
    ref: RuleRef | None
    note: str = ""
    collected: str = ""  # taxes: at_border | at_sale | self_assessed
    recoverable: bool = False
    agreement: str = ""  # the preference a duty charge applies


@dataclass(frozen=True, slots=True)
class Relief:
    """Which de minimis relieved the duty and the tax (None: not relieved) and why.

    ``flat``: the duty threshold whose flat duty replaces the tariff (None: the tariff).
    """

    duty: DeMinimis | None
    tax: DeMinimis | None
    notes: tuple[Note, ...]
    flat: DeMinimis | None = None


@dataclass(frozen=True, slots=True)
class Collection:
    """A scheme that overrides where import tax is collected (None: the rule's own)."""

    collected: str | None
    scheme: TaxCollection | None


@dataclass(frozen=True, slots=True)
class SaleTax:
    """How the sale is taxed, and the tax rates of each line (empty when zero-rated)."""

    treatment: str
    country: str | None
    collected: str  # on_invoice | self_assessed | none
    hits: tuple[tuple[TaxHit, ...], ...]  # per line
    note: str


@dataclass(frozen=True, slots=True)
class Computation:
    """Every per-line amount of a quote before it is converted into a result."""

    ctx: Context
    shipment: Shipment
    customs_value: list[Decimal]  # destination currency, rounded per line
    goods_dest: list[Decimal]  # goods value in the destination currency (after DDP deduction)
    charges: list[list[Charge]]  # duty, fee and tax charges of each line
    relief: Relief
    collection: Collection
    sale: SaleTax


@dataclass(slots=True)  # made once a line, never assigned to: not frozen, as Charge
class LineMoney:
    """One line's revenue, costs by payer, landed cost and cost-to-serve (quote currency)."""

    revenue: Decimal
    cost_of_goods: Decimal
    charges: tuple[Decimal, ...]  # each duty / tax / fee, converted and rounded
    buyer_costs: Decimal  # allocated cost elements the buyer bears
    seller_costs: Decimal  # allocated cost elements the seller bears
    sale_tax: Decimal
    recoverable: Decimal
    landed_cost: Decimal
    cost_to_serve: Decimal
