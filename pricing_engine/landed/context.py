"""Everything about a quote that is decided once per consignment, before any line is priced.

Destination and its currency, the FX conversions (a customs FX rate where the quote gives one,
otherwise the commercial rate), the Incoterm split, the valuation basis and the import-tax
base, and whether there is an import at all (not within one country or one customs union).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from pricing_engine.errors import MissingFxRate, MissingRule
from pricing_engine.landed.incoterms import CostSplit, split_costs
from pricing_engine.landed.ports import RuleBookLike
from pricing_engine.money import FxTable, fx_pair
from pricing_engine.quote import Quote

__all__ = ["Context", "build_context", "merged_fx", "union_of"]


@dataclass(frozen=True, slots=True)
class Context:
    """Consignment-level facts the line calculations share."""

    quote: Quote
    destination: str
    dest_currency: str
    quote_currency: str
    is_import: bool
    valuation: str  # CIF | FOB
    tax_base: tuple[str, ...]
    fee_base: str
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


def build_context(
    quote: Quote, rules: RuleBookLike, *, fx: Mapping[str, object] | None = None,
    incoterm: str | None = None,
) -> Context:
    """Resolve a quote's consignment-level facts against a rule book."""
    destination = quote.destination
    country = rules.country(destination)
    code = incoterm or quote.incoterm
    split = split_costs(code, rules.incoterm(code), mode=quote.mode,
                        overrides=quote.cost_bearers)
    origin = quote.origin_country
    union = union_of(rules, destination)
    is_import = origin != destination and not (union and union == union_of(rules, origin))
    subdivision = quote.buyer.subdivision if quote.buyer.country == destination else None
    tax_base: Sequence[str] = rules.tax_base(destination) if is_import else ()
    return Context(
        quote=quote,
        destination=destination,
        dest_currency=str(country.currency),
        quote_currency=quote.currency,
        is_import=is_import,
        valuation=rules.valuation(destination) if is_import else "CIF",
        tax_base=tuple(tax_base),
        fee_base=rules.fee_base(destination) if is_import else "customs_value",
        subdivision=subdivision,
        split=split,
        fx=merged_fx(fx or {}, quote.fx),
        customs_fx=FxTable(dict(quote.customs_fx)),
    )


def merged_fx(base: Mapping[str, object], own: Mapping[str, object]) -> FxTable:
    """The quote's own FX rates laid over an engine's (``--fx``): the quote's pair wins.

    A pair the quote gives, in either direction, replaces the engine's rate for it, so one
    pair never has two rates that might disagree.
    """
    mine = {fx_pair(pair) for pair in own}
    kept = {pair: rate for pair, rate in base.items()
            if not {fx_pair(pair), fx_pair(pair)[::-1]} & mine}
    return FxTable({**kept, **own})


def union_of(rules: RuleBookLike, country: str) -> str | None:
    """The customs union of ``country``; a country without a rule file belongs to none.

    The destination always needs a rule file; an origin or seller country does not.
    """
    try:
        return rules.union_of(country)
    except MissingRule:
        return None
