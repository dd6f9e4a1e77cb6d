"""Import tax of each line (VAT, GST, HST, PST, QST, IGST...), where it is collected, and the
tax treatment of the sale itself.

The import-tax base is the sum of the destination's ``tax_base`` components. Each tax is
rounded as its own declaration line. Collection: at the border unless the rule says the tax
is self-assessed (Canada's QST/PST for registrants), or a scheme applies: one the seller
holds moves it to the sale (EU IOSS, Australia's low-value GST, GB low-value VAT), one the
buyer holds to the buyer's own return (postponed accounting). A registered business buyer
(VAT id or a registration) can recover the taxes it pays, except those its rule marks
``recoverable: false`` (Canada's PST and RST: retail sales taxes without input tax credits).

The sale, as the seller's invoice carries it:

- ``domestic``: seller and destination in one country: the seller charges its own VAT.
- ``intra_eu_reverse_charge``: both in the EU, buyer a business with a VAT id: the invoice
  carries no VAT; the buyer self-assesses the destination's VAT (recoverable).
- ``intra_eu_destination_vat``: both in the EU, buyer a consumer (or no VAT id): the seller
  charges the destination's VAT (OSS; the EUR 10,000 micro-business threshold is ignored).
- ``export_zero_rated``: the goods leave the seller's country (and customs union): no VAT on
  the invoice; import taxes apply at the destination instead.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from pricing_engine.errors import naming_line
from pricing_engine.landed.model import Charge, Collection, Context, SaleTax, percent
from pricing_engine.money import round_minor
from pricing_engine.quote import Quote
from pricing_engine.rules.results import TaxHit

if TYPE_CHECKING:
    from pricing_engine.rules.book import RuleBook

__all__ = [
    "collection_scheme",
    "rate_of",
    "sale_tax",
    "tax_base_of",
    "tax_charges",
]


def collection_scheme(ctx: Context, rules: RuleBook, *, intrinsic: Decimal) -> Collection:
    """Find a scheme the seller or buyer holds that moves the import tax collection."""
    q = ctx.quote
    for scheme in rules.tax_collection(ctx.destination, q.date):
        party = q.seller if scheme.holder == "seller" else q.buyer
        if scheme.scheme not in party.registrations:
            continue
        if q.buyer.type not in scheme.buyer_types:
            continue
        ceiling = scheme.max_consignment
        if ceiling is not None and intrinsic > ctx.money_to_dest(ceiling):
            continue
        return Collection(scheme.collected, scheme)
    return Collection(None, None)


def tax_base_of(parts: Mapping[str, Decimal], components: Sequence[str]) -> Decimal:
    """The import-tax base: the sum of the ``components`` the destination's rule lists."""
    return sum((parts.get(name, Decimal(0)) for name in components), Decimal(0))


def tax_charges(
    hits: Sequence[TaxHit], parts: Mapping[str, Decimal], ctx: Context,
    collection: Collection, *, registered: bool, explain: bool = True, detail: str = "",
    base_step: Callable[[Decimal], Decimal] | None = None,
) -> list[Charge]:
    """One charge per tax on the base made of the destination's ``tax_base`` components.

    ``explain=False`` leaves the notes empty (the DDP solve needs the amounts only);
    ``detail`` is added to each note (how a component of the base was made); ``base_step``
    rounds the base as the declaration does.
    """
    base = tax_base_of(parts, ctx.tax_base)
    if base_step is not None:
        base = base_step(base)
    charges = []
    for hit in hits:
        collected = collection.collected or hit.collected
        note = ""
        if explain:
            note = (f"{percent(hit.rate)} ({hit.rate_class}) of {', '.join(ctx.tax_base)}"
                    + detail)
            if collection.scheme is not None:
                note += f"; collected {collected} under {collection.scheme.scheme}"
        charges.append(Charge(
            "tax", hit.name, round_minor(hit.rate * base, ctx.dest_currency), hit.rate, base,
            hit.ref, note, collected, registered and hit.recoverable,
        ))
    return charges


def sale_tax(quote: Quote, rules: RuleBook) -> SaleTax:
    """Decide the sale's tax treatment and look up the rates it needs."""
    seller, dest = quote.seller.country, quote.destination
    seller_union, dest_union = rules.union_of(seller), rules.union_of(dest)
    n = len(quote.lines)
    if dest == seller:
        return SaleTax("domestic", seller, "on_invoice", _hits(quote, rules, seller),
                       f"domestic sale: {seller} VAT on the invoice")
    if seller_union is not None and seller_union == dest_union == "EU":
        if quote.buyer.type == "business" and quote.buyer.vat_id:
            return SaleTax("intra_eu_reverse_charge", dest, "self_assessed",
                           _hits(quote, rules, dest),
                           f"intra-EU supply to VAT id {quote.buyer.vat_id} (format and check "
                           f"digits checked; not verified with VIES): exempt, the buyer "
                           f"self-assesses {dest} VAT (reverse charge)")
        return SaleTax("intra_eu_destination_vat", dest, "on_invoice", _hits(quote, rules, dest),
                       f"intra-EU distance sale to a consumer: {dest} VAT on the invoice (OSS)")
    return SaleTax("export_zero_rated", None, "none", tuple(() for _ in range(n)),
                   f"export from {seller} to {dest}: zero-rated on the invoice")


def _hits(quote: Quote, rules: RuleBook, country: str) -> tuple[tuple[TaxHit, ...], ...]:
    cache: dict[str, Sequence[TaxHit]] = {}
    sub = quote.buyer.subdivision if quote.buyer.country == country else None
    out = []
    for i, line in enumerate(quote.lines):
        if line.tax_class not in cache:
            with naming_line(i, line.sku, len(quote.lines), "tax_class"):
                cache[line.tax_class] = rules.tax_rates(country, line.tax_class, quote.date,
                                                        subdivision=sub)
        out.append(tuple(cache[line.tax_class]))
    return tuple(out)


def rate_of(hits: Sequence[TaxHit]) -> Decimal:
    """The combined rate of a line's sale taxes."""
    return sum((h.rate for h in hits), Decimal(0))
