"""Build the customer-facing :class:`ProposalDocument` from a proposal and its priced result.

The engine prices the proposal (:meth:`pricing_engine.landed.LandedCostEngine.quote`); this
module copies across what the buyer may read (parties, terms, prices, the taxes on the
invoice and the import charges the buyer will pay) and picks the mentions the tax treatment
requires. Each line's amount is its revenue rounded to the currency's minor unit, as an
invoice line is; the subtotal is the sum of those, and the total adds the tax charged on the
invoice (the engine's figure, rounded per tax line).
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from pricing_engine.landed.result import QuoteResult
from pricing_engine.money import money, round_minor
from pricing_engine.proposal.descriptions import Descriptions, describe
from pricing_engine.proposal.mentions import mentions_for
from pricing_engine.proposal.model import (
    DocumentLine,
    DocumentParty,
    ImportCharges,
    ProposalDocument,
    TaxRow,
)
from pricing_engine.quote import Party, Quote
from pricing_engine.rules import RuleBook

__all__ = ["DEFAULT_VALID_DAYS", "build_document"]

#: How long a proposal stands by default, in days from its date.
DEFAULT_VALID_DAYS = 30


def build_document(quote: Quote, result: QuoteResult, *, locale: str, rules: RuleBook,
                   valid_days: int = DEFAULT_VALID_DAYS,
                   descriptions: Descriptions | None = None) -> ProposalDocument:
    """The document for ``quote`` (a proposal) priced as ``result``, read in ``locale``.

    ``locale`` is babel's name (``fr_FR``) and picks the line descriptions; ``rules`` tells
    whether the seller exports from the EU (which mention applies). Raises ValueError when
    ``result`` is not the result of ``quote``.
    """
    if result.quote_id != quote.id or len(result.lines) != len(quote.lines):
        raise ValueError(f"result {result.quote_id!r} is not the result of quote {quote.id!r}")
    qc = quote.currency
    lines = tuple(
        DocumentLine(position=i + 1, sku=line.sku,
                     description=describe(line.sku, line.description, locale, descriptions),
                     quantity=line.quantity, unit_price=money(line.unit_price, qc),
                     amount=money(round_minor(out.revenue.amount, qc), qc))
        for i, (line, out) in enumerate(zip(quote.lines, result.lines, strict=True)))
    subtotal = sum((line.amount.amount for line in lines), Decimal(0))
    sale = result.sale_tax
    if sale.collected == "on_invoice":
        same_class = len({line.tax_class for line in quote.lines}) == 1
        taxes = (TaxRow(rate=sale.rate if same_class else None,
                        amount=money(sale.amount.amount, qc)),)
    else:  # reverse charge or export: the invoice shows no tax, and the mention says why
        taxes = (TaxRow(rate=Decimal(0), amount=money(0, qc)),)
    import_paid_by = None
    import_charges = None
    if result.is_import:
        split = {element.element: element.paid_by for element in result.cost_split}
        import_paid_by = split["import_duties_taxes"]
        if import_paid_by == "buyer":
            totals = result.totals
            import_charges = ImportCharges(duty=totals.duty.amount,
                                           import_tax=totals.import_tax.amount,
                                           fees=totals.fees.amount)
    return ProposalDocument(
        number=quote.id, issue_date=quote.date,
        valid_until=quote.date + timedelta(days=valid_days), currency=qc,
        seller=_party(quote.seller), buyer=_party(quote.buyer), incoterm=result.incoterm,
        named_place=quote.named_place, mode=quote.mode, lines=lines,
        subtotal=money(subtotal, qc), taxes=taxes,
        total=money(subtotal + sum((t.amount.amount for t in taxes), Decimal(0)), qc),
        import_charges=import_charges,
        mentions=mentions_for(sale.treatment, seller_union=rules.union_of(quote.seller.country),
                              import_paid_by=import_paid_by))


def _party(party: Party) -> DocumentParty:
    return DocumentParty(name=party.name, country=party.country,
                         subdivision=party.subdivision, vat_id=party.vat_id)
