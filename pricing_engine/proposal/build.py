"""Build the customer-facing :class:`ProposalDocument` from a proposal and its priced result.

The engine prices the proposal (:meth:`pricing_engine.landed.LandedCostEngine.quote`); this
module copies across what the buyer may read (parties with their addresses, terms, prices, the
taxes on the invoice and the import charges the buyer will pay) and picks the mentions the tax
treatment requires. Each line's amount is its revenue rounded to the currency's minor unit, as
an invoice line is; the subtotal is the sum of those, and the total adds the taxes charged on
the document: the sale tax when the seller charges it (``on_invoice``), and import tax a
seller collects at the sale (low-value goods schemes), both the engine's figures, rounded per
tax line. A reverse-charged or exported sale shows the seller's tax at 0 and its mention.
"""

from __future__ import annotations

from collections import defaultdict
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

    ``locale`` is babel's name (``fr_FR``) and picks the line descriptions; ``rules`` names
    the taxes and tells whether the seller exports from the EU (which mention applies).
    Raises ValueError when ``result`` is not the result of ``quote``.
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
    at_sale = _taxes_at_sale(result)
    # import tax charged at the sale stands in for the (zero) export line of the seller's tax
    taxes = at_sale if at_sale else _sale_taxes(quote, result, rules)
    import_charges = _import_charges(result)
    import_paid_by = None
    if result.is_import:
        paid_by = {e.element: e.paid_by for e in result.cost_split}["import_duties_taxes"]
        import_paid_by = paid_by if paid_by == "seller" or import_charges else None
    return ProposalDocument(
        number=quote.id, issue_date=quote.date,
        valid_until=quote.date + timedelta(days=valid_days), currency=qc,
        seller=_party(quote.seller), buyer=_party(quote.buyer), incoterm=result.incoterm,
        named_place=quote.named_place, mode=quote.mode, lines=lines,
        subtotal=money(subtotal, qc), taxes=taxes,
        total=money(subtotal + sum((t.amount.amount for t in taxes), Decimal(0)), qc),
        import_charges=import_charges,
        mentions=mentions_for(result.sale_tax.treatment,
                              seller_union=rules.union_of(quote.seller.country),
                              import_paid_by=import_paid_by, tax_at_sale=bool(at_sale)))


def _tax_name(rules: RuleBook, country: str | None) -> str | None:
    if country is None or country not in rules.countries():
        return None
    table = rules.country(country).tax
    return None if table is None else table.name


def _sale_taxes(quote: Quote, result: QuoteResult, rules: RuleBook) -> tuple[TaxRow, ...]:
    """The seller's own sale tax: charged, or at 0 % (reverse charge, export)."""
    sale, qc = result.sale_tax, quote.currency
    if sale.collected == "on_invoice":
        same_class = len({line.tax_class for line in quote.lines}) == 1
        name = _tax_name(rules, sale.country) or "VAT"
        return (TaxRow(name=name, rate=sale.rate if same_class else None,
                       amount=money(sale.amount.amount, qc)),)
    # reverse charge or export: the seller's tax at 0, where the seller's country has one
    seller_tax = _tax_name(rules, quote.seller.country)
    if seller_tax is None:
        return ()
    return (TaxRow(name=seller_tax, rate=Decimal(0), amount=money(0, qc)),)


def _taxes_at_sale(result: QuoteResult) -> tuple[TaxRow, ...]:
    """Import tax the seller collects at the sale, by tax name and rate (quote currency)."""
    groups: dict[tuple[str, Decimal | None], Decimal] = defaultdict(Decimal)
    for line in result.lines:
        for charge in line.charges:
            if charge.kind == "tax" and charge.collected == "at_sale":
                groups[charge.name, charge.rate] += charge.quote_amount.amount
    return tuple(TaxRow(name=name, rate=rate, amount=money(amount, result.currency))
                 for (name, rate), amount in groups.items())


def _import_charges(result: QuoteResult) -> ImportCharges | None:
    """What the buyer pays on import (destination currency), or None when nothing is due."""
    if not result.is_import:
        return None
    if {e.element: e.paid_by for e in result.cost_split}["import_duties_taxes"] != "buyer":
        return None
    totals = result.totals
    collected = sum((c.amount.amount for line in result.lines for c in line.charges
                     if c.kind == "tax" and c.collected == "at_sale"), Decimal(0))
    tax = totals.import_tax.amount.amount - collected
    if not (totals.duty.amount.amount or tax or totals.fees.amount.amount):
        return None
    return ImportCharges(duty=totals.duty.amount,
                         import_tax=money(tax, result.destination_currency),
                         fees=totals.fees.amount)


def _party(party: Party) -> DocumentParty:
    return DocumentParty(name=party.name, country=party.country,
                         subdivision=party.subdivision, vat_id=party.vat_id,
                         address=party.address)
