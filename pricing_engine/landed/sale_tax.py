"""The tax treatment of the sale itself, as the seller's invoice carries it.

- ``domestic``: seller and destination in one country: the seller charges its own VAT.
- ``intra_eu_reverse_charge``: both in the EU, buyer a business with a VAT id: the invoice
  carries no VAT; the buyer self-assesses the destination's VAT (recoverable).
- ``intra_eu_destination_vat``: both in the EU, buyer a consumer (or no VAT id): the seller
  charges the destination's VAT (OSS; the EUR 10,000 micro-business threshold is ignored).
- ``export_zero_rated``: the goods leave the seller's country (and customs union): no VAT on
  the invoice; import taxes (tax.py) apply at the destination instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from pricing_engine.landed.context import union_of
from pricing_engine.landed.ports import RuleBookLike, TaxHitLike
from pricing_engine.quote import Quote

__all__ = ["SaleTax", "sale_tax"]


@dataclass(frozen=True, slots=True)
class SaleTax:
    """How the sale is taxed, and the tax rates of each line (empty when zero-rated)."""

    treatment: str
    country: str | None
    collected: str  # on_invoice | self_assessed | none
    hits: tuple[tuple[TaxHitLike, ...], ...]  # per line
    note: str


def sale_tax(quote: Quote, rules: RuleBookLike) -> SaleTax:
    """Decide the sale's tax treatment and look up the rates it needs."""
    seller, dest = quote.seller.country, quote.destination
    seller_union, dest_union = union_of(rules, seller), union_of(rules, dest)
    n = len(quote.lines)
    if dest == seller:
        return SaleTax("domestic", seller, "on_invoice", _hits(quote, rules, seller),
                       f"domestic sale: {seller} VAT on the invoice")
    if seller_union is not None and seller_union == dest_union == "EU":
        if quote.buyer.type == "business" and quote.buyer.vat_id:
            return SaleTax("intra_eu_reverse_charge", dest, "self_assessed",
                           _hits(quote, rules, dest),
                           f"intra-EU supply to VAT id {quote.buyer.vat_id}: exempt, the buyer "
                           f"self-assesses {dest} VAT (reverse charge)")
        return SaleTax("intra_eu_destination_vat", dest, "on_invoice", _hits(quote, rules, dest),
                       f"intra-EU distance sale to a consumer: {dest} VAT on the invoice (OSS)")
    return SaleTax("export_zero_rated", None, "none", tuple(() for _ in range(n)),
                   f"export from {seller} to {dest}: zero-rated on the invoice")


def _hits(quote: Quote, rules: RuleBookLike, country: str) -> tuple[tuple[TaxHitLike, ...], ...]:
    cache: dict[str, Sequence[TaxHitLike]] = {}
    sub = quote.buyer.subdivision if quote.buyer.country == country else None
    out = []
    for line in quote.lines:
        if line.tax_class not in cache:
            cache[line.tax_class] = rules.tax_rates(country, line.tax_class, quote.date,
                                                    subdivision=sub)
        out.append(tuple(cache[line.tax_class]))
    return tuple(out)


def rate_of(hits: Sequence[TaxHitLike]) -> Decimal:
    """The combined rate of a line's sale taxes."""
    return sum((h.rate for h in hits), Decimal(0))
