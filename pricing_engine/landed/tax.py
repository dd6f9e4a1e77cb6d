"""Import tax of one line (VAT, GST, HST, PST, QST, IGST...) and where it is collected.

The base is the sum of the destination's ``tax_base`` components. Each tax is rounded as its
own declaration line. Collection: at the border unless the rule says the tax is self-assessed
(Canada's QST/PST for registrants), or a scheme applies: one the seller holds moves it to the
sale (EU IOSS, Australia's low-value GST, GB low-value VAT), one the buyer holds to the buyer's
own return (postponed accounting). A registered business buyer (VAT id or a registration) can
recover the taxes it pays, except those its rule marks ``recoverable: false`` (Canada's PST
and RST: retail sales taxes without input tax credits).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from pricing_engine.landed.components import Charge, percent, to_minor
from pricing_engine.landed.context import Context
from pricing_engine.landed.ports import RuleBookLike, TaxCollectionLike, TaxHitLike
from pricing_engine.quote import Quote

__all__ = [
    "Collection",
    "collection_scheme",
    "is_registered",
    "tax_amount",
    "tax_base_of",
    "tax_charges",
]

@dataclass(frozen=True, slots=True)
class Collection:
    """A scheme that overrides where import tax is collected (None: the rule's own)."""

    collected: str | None
    scheme: TaxCollectionLike | None


def is_registered(quote: Quote) -> bool:
    """Whether the buyer is a registered business (VAT/GST id or a registration)."""
    buyer = quote.buyer
    return buyer.type == "business" and bool(buyer.vat_id or buyer.registrations)


def collection_scheme(
    ctx: Context, rules: RuleBookLike, *, intrinsic: Decimal
) -> Collection:
    """Find a scheme the seller or buyer holds that moves the import tax collection."""
    q = ctx.quote
    for scheme in rules.tax_collection(ctx.destination, q.date):
        party = q.seller if scheme.holder == "seller" else q.buyer
        if scheme.scheme not in party.registrations:
            continue
        if q.buyer.type not in scheme.buyer_types:
            continue
        ceiling = scheme.max_consignment
        if ceiling is not None and intrinsic > ctx.to_dest(ceiling.amount, ceiling.currency):
            continue
        return Collection(scheme.collected, scheme)
    return Collection(None, None)


def tax_base_of(parts: Mapping[str, Decimal], components: Sequence[str]) -> Decimal:
    """The import-tax base: the sum of the ``components`` the destination's rule lists."""
    return sum((parts.get(name, Decimal(0)) for name in components), Decimal(0))


def tax_amount(hits: Sequence[TaxHitLike], base: Decimal, currency: str) -> Decimal:
    """What tax_charges() charges on ``base``, without writing the charges (the DDP solve)."""
    return sum((to_minor(hit.rate * base, currency) for hit in hits), Decimal(0))


def tax_charges(
    hits: Sequence[TaxHitLike], parts: Mapping[str, Decimal], ctx: Context,
    collection: Collection, *, registered: bool,
) -> list[Charge]:
    """One charge per tax on the base made of the destination's ``tax_base`` components."""
    base = tax_base_of(parts, ctx.tax_base)
    used = ", ".join(name for name in ctx.tax_base)
    charges = []
    for hit in hits:
        collected = collection.collected or hit.collected
        note = f"{percent(hit.rate)} ({hit.rate_class}) of {used}"
        if collection.scheme is not None:
            note += f"; collected {collected} under {collection.scheme.scheme}"
        charges.append(Charge(
            "tax", hit.name, to_minor(hit.rate * base, ctx.dest_currency), hit.rate, base,
            hit.ref, note, collected, registered and hit.recoverable,
        ))
    return charges
