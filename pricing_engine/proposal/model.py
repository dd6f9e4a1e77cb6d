"""The customer-facing proposal document: only what the buyer may read.

A :class:`ProposalDocument` is built from a priced proposal (see :mod:`.build`) and is the
only thing the template sees. It has no field for a cost, a margin, a cost-to-serve, a rule
reference or an internal note, so no template mistake can print one: leaving them out of the
type is the guarantee, and tests/proposal checks the rendered text as well.

Amounts are py-moneyed's :class:`~moneyed.Money` in the document's currency (the quote's, the
currency the buyer is invoiced in); import charges the buyer pays at the border are in the
destination's currency. Dates are :class:`datetime.date`; countries are ISO 3166-1 alpha-2
codes; the template formats all of them for the reader's locale with babel.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date as Date
from decimal import Decimal
from typing import Literal

from moneyed import Money

from pricing_engine.errors import PricingEngineError
from pricing_engine.quote import Address

__all__ = [
    "DocumentLine",
    "DocumentParty",
    "ImportCharges",
    "MentionCode",
    "ProposalDocument",
    "RendererUnavailable",
    "TaxRow",
]

#: The legal and commercial mentions a document may carry (their texts: :mod:`.mentions`).
MentionCode = Literal[
    "REVERSE_CHARGE",
    "INTRA_EU_SUPPLY_EXEMPT",
    "EXPORT_EXEMPT_EU",
    "EXPORT_ZERO_RATED",
    "IMPORT_CHARGES_INCLUDED",
    "IMPORT_CHARGES_BY_BUYER",
    "IMPORT_TAX_AT_SALE",
]


class RendererUnavailable(PricingEngineError, LookupError):
    """What a document format needs is not installed (Jinja2, or Chromium for PDF)."""


@dataclass(frozen=True, slots=True)
class DocumentParty:
    """The seller or the buyer as printed: name, postal address, country, subdivision and
    VAT/GST number (the address in parts: the renderer orders them for the country)."""

    name: str
    country: str
    subdivision: str | None
    vat_id: str | None
    address: Address | None = None


@dataclass(frozen=True, slots=True)
class DocumentLine:
    """One position: item, description in the reader's language, quantity, prices."""

    position: int
    sku: str
    description: str | None
    quantity: Decimal
    unit_price: Money
    amount: Money


@dataclass(frozen=True, slots=True)
class TaxRow:
    """A tax as the invoice shows it: its name (``VAT``, ``GST``), its rate (None when the
    lines' rates differ) and amount."""

    name: str
    rate: Decimal | None
    amount: Money


@dataclass(frozen=True, slots=True)
class ImportCharges:
    """The duty, import tax and fees the buyer pays on import, in the destination's currency
    (an estimate: customs assess them on the day of import)."""

    duty: Money
    import_tax: Money
    fees: Money


@dataclass(frozen=True, slots=True)
class ProposalDocument:
    """Everything the customer-facing proposal shows, and nothing else."""

    number: str
    issue_date: Date
    valid_until: Date
    currency: str
    seller: DocumentParty
    buyer: DocumentParty
    incoterm: str
    named_place: str | None
    mode: str
    lines: tuple[DocumentLine, ...]
    subtotal: Money
    taxes: tuple[TaxRow, ...]
    total: Money
    import_charges: ImportCharges | None
    mentions: tuple[MentionCode, ...]
