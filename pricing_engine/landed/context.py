"""Step 1 of pricing a quote: what is decided once per consignment, before any line is priced.

Destination and its currency, the FX conversions (a customs FX rate where the quote gives one,
otherwise the commercial rate), the Incoterm split, the valuation basis and the import-tax
base, and whether there is an import at all (not within one country or one customs union).
:class:`Lookups` memoises the rule book's look-ups across the quotes of one engine.

The Incoterm split: who bears each cost element under an Incoterms 2020 rule comes from the
rule book's incoterms2020.yaml. Where that file says ``depends`` (or ``none``) the engine
needs a party; the defaults below are the usual reading, and a quote overrides any of them
with ``cost_bearers``:

- FCA ``loading_at_origin``: seller (named place = the seller's premises, where the seller
  loads).
- C-terms ``destination_terminal_handling``: buyer (unless the seller's contract of carriage
  includes it: then set ``cost_bearers``).
- CPT/CIP ``delivery_to_buyer_premises``: seller (the seller pays carriage to the named place,
  and ``onward_freight`` is defined as carriage from the border to the named place).
- ``insurance`` where no party owes it to the other (``none``): the party bearing the risk in
  main carriage insures for its own interest: the buyer under E, F and C terms, the seller
  under D terms.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar, cast

from pricing_engine.errors import InputError, MissingRule
from pricing_engine.fx_rates import ReferencedFx, ReferenceSource
from pricing_engine.landed.model import Context, CostSplit, DecidedBy, Party
from pricing_engine.money import FxTable, fx_pair
from pricing_engine.quote import COST_ELEMENTS, Line, Quote
from pricing_engine.rules.incoterms import INCOTERMS_2020
from pricing_engine.rules.results import CandidateLines, DeMinimis, DutyLookup, FeeRule, TaxHit

if TYPE_CHECKING:
    from pricing_engine.rules.book import RuleBook

__all__ = [
    "DEPENDS_DEFAULTS",
    "INCOTERMS",
    "Lookups",
    "build_context",
    "fits_mode",
    "merged_fx",
    "split_costs",
]

#: The 11 Incoterms 2020 rules, in the order --compare-incoterms prints them.
INCOTERMS = INCOTERMS_2020


def build_context(
    quote: Quote, rules: RuleBook, *, fx: Mapping[str, object] | None = None,
    incoterm: str | None = None, reference: ReferenceSource | None = None,
) -> Context:
    """Resolve a quote's consignment-level facts against a rule book.

    ``reference``: dated reference rates for the pairs neither the quote's ``fx`` nor ``fx``
    gives, looked up on the quote's date (None: such a pair is MissingFxRate).
    """
    destination = quote.destination
    country = rules.country(destination)
    code = incoterm or quote.incoterm
    split = split_costs(code, rules.incoterm(code), mode=quote.mode,
                        overrides=quote.cost_bearers)
    origin = quote.origin_country
    union = rules.union_of(destination)
    is_import = origin != destination and not (union and union == rules.union_of(origin))
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
        pre_border_added=tuple(country.customs.pre_border_added) if is_import else (),
        rounding=country.customs.rounding if is_import else None,
        rounding_ref=country.rounding_ref if is_import else None,
        fee_base=rules.fee_base(destination) if is_import else "customs_value",
        subdivision=subdivision,
        split=split,
        fx=merged_fx(fx or {}, quote.fx, reference=reference, on=quote.date),
        customs_fx=FxTable(dict(quote.customs_fx)),
    )


def merged_fx(base: Mapping[str, object], own: Mapping[str, object], *,
              reference: ReferenceSource | None = None, on: date | None = None) -> FxTable:
    """The quote's own FX rates laid over an engine's (``--fx``): the quote's pair wins.

    A pair the quote gives, in either direction, replaces the engine's rate for it, so one
    pair never has two rates that might disagree. With ``reference`` (and the quote's date
    ``on``), a pair neither gives comes from those dated reference rates, and the table
    remembers it (:func:`pricing_engine.fx_rates.reference_rates_used`).
    """
    mine = {fx_pair(pair) for pair in own}
    kept = {pair: rate for pair, rate in base.items()
            if not {fx_pair(pair), fx_pair(pair)[::-1]} & mine}
    if reference is not None and on is not None:
        return ReferencedFx({**kept, **own}, reference, on)
    return FxTable({**kept, **own})


#: (rule, element) -> party, for elements the Incoterms file marks ``depends``.
DEPENDS_DEFAULTS: dict[tuple[str, str], Party] = {
    ("FCA", "loading_at_origin"): "seller",
    ("CFR", "destination_terminal_handling"): "buyer",
    ("CIF", "destination_terminal_handling"): "buyer",
    ("CPT", "destination_terminal_handling"): "buyer",
    ("CIP", "destination_terminal_handling"): "buyer",
    ("CPT", "delivery_to_buyer_premises"): "seller",
    ("CIP", "delivery_to_buyer_premises"): "seller",
}


def _get(rule: Any, name: str) -> Any:
    return rule[name] if isinstance(rule, Mapping) else getattr(rule, name)


def fits_mode(rule: Any, mode: str) -> bool:
    """Whether an Incoterm rule may be used for a transport mode (FAS/FOB/CFR/CIF: sea only)."""
    return bool(_get(rule, "modes") != "sea_inland_waterway" or mode == "sea")


def split_costs(
    code: str, rule: Any, *, mode: str, overrides: Mapping[str, str] | None = None
) -> CostSplit:
    """Resolve every cost element of ``rule`` (an IncotermRule) to seller or buyer."""
    if not fits_mode(rule, mode):
        raise InputError(f"Incoterm {code} is for sea and inland waterway transport, not {mode}")
    costs = _get(rule, "costs")
    group = str(_get(rule, "group"))
    bearers: dict[str, Party] = {}
    decided: dict[str, DecidedBy] = {}
    for element in COST_ELEMENTS:
        if element not in costs:
            raise MissingRule(f"incoterms2020: rule {code} does not say who bears {element}")
        party = str(costs[element])
        how: DecidedBy = "incoterms2020"
        if party == "depends":
            party, how = DEPENDS_DEFAULTS.get((code, element), "buyer"), "depends_default"
        elif party == "none":
            party, how = ("seller" if group == "D" else "buyer"), "risk_bearer"
        if overrides and element in overrides:
            party, how = overrides[element], "quote"
        bearers[element] = cast(Party, party)  # the rule file's seller or buyer
        decided[element] = how
    return CostSplit(code, bearers, decided)


_K = TypeVar("_K")
_V = TypeVar("_V")
#: How many answers each look-up table of :class:`Lookups` keeps before it starts afresh.
KEPT = 65_536


class Lookups:
    """The rule book's duty, tax-rate and fee look-ups, each computed once per key.

    An engine keeps one for its life, which in a service is long: each new date, code or
    origin adds a key, so each table keeps at most ``kept`` answers and starts afresh when
    full (memory stays bounded whatever the quotes ask; an answer found again is the same).
    """

    __slots__ = ("_de_minimis", "_duty", "_fees", "_tax", "kept", "rules")

    def __init__(self, rules: RuleBook, *, kept: int = KEPT) -> None:
        self.rules = rules
        self.kept = kept
        self._duty: dict[tuple[str, str, str, date, str | None, str],
                         DutyLookup | CandidateLines] = {}
        self._tax: dict[tuple[str, str, date, str | None], tuple[TaxHit, ...]] = {}
        self._fees: dict[tuple[str, date, str], tuple[FeeRule, ...]] = {}
        self._de_minimis: dict[tuple[str, date, str, str, str, str | None],
                               tuple[DeMinimis, ...]] = {}

    def duty(self, country: str, line: Line, on: date) -> DutyLookup | CandidateLines:
        """The duty rules for a line's HS code and origin (and claimed agreement); with the
        line's ``ambiguous_hs: highest``, the candidate lines of a code short of them."""
        claimed = line.preference.agreement if line.preference else None
        choice = line.ambiguous_hs or "error"
        key = (country, line.hs_code, line.origin, on, claimed, choice)
        found = self._duty.get(key)
        if found is None:
            found = self.keep(self._duty, key, self.rules.duty(
                country, line.hs_code, line.origin, on, claimed_agreement=claimed,
                ambiguous_hs=choice))
        return found

    def tax(
        self, country: str, tax_class: str, on: date, subdivision: str | None
    ) -> tuple[TaxHit, ...]:
        """The taxes of a tax class (national and subdivision) in ``country``."""
        key = (country, tax_class, on, subdivision)
        found = self._tax.get(key)
        if found is None:
            found = self.keep(self._tax, key, tuple(
                self.rules.tax_rates(country, tax_class, on, subdivision=subdivision)))
        return found

    def fees(self, country: str, on: date, mode: str) -> tuple[FeeRule, ...]:
        """The customs fees for a transport mode."""
        key = (country, on, mode)
        found = self._fees.get(key)
        if found is None:
            found = self.keep(self._fees, key, tuple(self.rules.fees(country, on, mode=mode)))
        return found

    def de_minimis(self, country: str, on: date, *, mode: str, ship_from: str, origin: str,
                   buyer_type: str | None) -> tuple[DeMinimis, ...]:
        """The de minimis thresholds of a shipment from one origin (the rule book's answer)."""
        key = (country, on, mode, ship_from, origin, buyer_type)
        found = self._de_minimis.get(key)
        if found is None:
            found = self.keep(self._de_minimis, key, self.rules.de_minimis(
                country, on, mode=mode, ship_from=ship_from, origin=origin,
                buyer_type=buyer_type))
        return found

    def keep(self, table: dict[_K, _V], key: _K, value: _V) -> _V:
        """``table[key] = value`` in one of these tables, emptied first when it is full."""
        if len(table) >= self.kept:
            table.clear()
        table[key] = value
        return value
