"""The rule book: an immutable, typed view of every loaded rule file, and its lookups.

Every lookup fails closed: an unknown country raises UnknownCountry, a country without a rule
file, a tax class without a rate on the date or an HS code without an MFN rule raises
MissingRule naming what is missing. Nothing is ever assumed to be 0 %.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from datetime import date
from types import MappingProxyType
from typing import Literal, overload

from pricing_engine.countries import country_code
from pricing_engine.errors import MissingCountryRules, MissingRule
from pricing_engine.rules.country import CountryRules
from pricing_engine.rules.duty_lookup import AmbiguousHs
from pricing_engine.rules.incoterms import IncotermRule
from pricing_engine.rules.results import (
    CandidateLines,
    DeMinimis,
    DutyLookup,
    FeeRule,
    TaxCollection,
    TaxHit,
)

__all__ = ["RuleBook"]


class RuleBook:
    """Countries, customs unions and Incoterms loaded from rule files (see load_rules).

    A book read from the compiled cache builds a country's rules when the country is first
    asked for (``deferred``: code -> its customs union and a function returning its rules):
    once, under a lock, then published for every thread; a book is safe to share between
    threads.
    """

    __slots__ = ("_countries", "_deferred", "_hash", "_incoterms", "_lock", "_members", "files")

    def __init__(
        self,
        countries: Mapping[str, CountryRules],
        members: Mapping[str, frozenset[str]],
        incoterms: Mapping[str, IncotermRule],
        *,
        files: tuple[str, ...],
        content_hash: str,
        deferred: Mapping[str, tuple[str | None, Callable[[str], CountryRules]]] | None = None,
    ) -> None:
        # the countries built so far; a deferred one is added once, whole, under _lock
        self._countries: dict[str, CountryRules] = dict(countries)
        self._deferred = MappingProxyType(dict(deferred or {}))
        self._lock = threading.Lock()
        self._members = MappingProxyType(dict(members))
        self._incoterms = MappingProxyType(dict(incoterms))
        self._hash = content_hash
        #: The rule files loaded, as their labels (e.g. ``rules/countries/GB.yaml``).
        self.files = files

    def __repr__(self) -> str:
        return (f"<RuleBook {len(self.countries())} countries, {len(self._members)} unions, "
                f"{self._hash[:12]}>")

    @property
    def content_hash(self) -> str:
        """SHA-256 over the loaded files' names and bytes, for audit records."""
        return self._hash

    def countries(self) -> tuple[str, ...]:
        """The codes of every country with a rule file, sorted."""
        return tuple(sorted({*self._countries, *self._deferred}))

    def country(self, code: str) -> CountryRules:
        """A country's rules (its union's customs and tariff merged in)."""
        found = self._countries.get(code)  # "US" as given: the ISO code it stands for
        if found is not None:
            return found
        iso = country_code(code)
        found = self._countries.get(iso)
        return self._build(iso) if found is None else found

    def _build(self, iso: str) -> CountryRules:
        """A deferred country's rules, built once (other threads wait for them)."""
        if iso not in self._deferred:
            raise MissingCountryRules(f"no rule file for country {iso}")
        make = self._deferred[iso][1]
        with self._lock:
            found = self._countries.get(iso)
            if found is None:
                found = self._countries[iso] = make(iso)
        return found

    def valuation(self, country: str) -> Literal["CIF", "FOB"]:
        """The duty base of ``country``: CIF or FOB."""
        return self.country(country).valuation

    def tax_base(self, country: str) -> tuple[str, ...]:
        """The components added up into the import-tax base (customs_value, duty, ...)."""
        return tuple(self.country(country).customs.tax_base)

    def fee_base(self, country: str) -> str:
        """The default base of the country's fees: customs_value or entered_value."""
        return self.country(country).customs.fee_base

    def tax_rates(
        self, country: str, tax_class: str, on: date, *, subdivision: str | None = None
    ) -> tuple[TaxHit, ...]:
        """Exactly the taxes that apply to ``tax_class`` on ``on``.

        The national tax (mode ``national``), plus the subdivision's taxes (``add``), or only
        the subdivision's when one ``replace``s it (Canadian HST). A country whose file says
        ``tax: null`` (with its ``no_tax_reason``) returns ``()``. ``tax_class`` is a rate
        class (standard, reduced, ...) or a product class the file maps to one.
        """
        return self.country(country).tax_rates(tax_class, on, subdivision=subdivision)

    @overload
    def duty(self, country: str, hs_code: str, origin: str, on: date, *,
             claimed_agreement: str | None = None,
             ambiguous_hs: Literal["error"] = "error") -> DutyLookup: ...

    @overload
    def duty(self, country: str, hs_code: str, origin: str, on: date, *,
             claimed_agreement: str | None = None,
             ambiguous_hs: AmbiguousHs) -> DutyLookup | CandidateLines: ...

    def duty(
        self, country: str, hs_code: str, origin: str, on: date, *,
        claimed_agreement: str | None = None, ambiguous_hs: AmbiguousHs = "error",
    ) -> DutyLookup | CandidateLines:
        """Duty rules for one line: MFN, every matching preference, additions, surcharges.

        MFN is the longest HS prefix valid on ``on``. Preferences match ``origin`` (union codes
        in a rule expand to members), the HS code and the date; the caller decides on proof of
        origin and picks the cheaper. With ``claimed_agreement`` only that agreement's
        preferences are returned (none if it does not cover the line).

        An HS code shorter than the national lines under it, when they charge differently,
        raises AmbiguousHsCode naming the lines; with ``ambiguous_hs="highest"`` the lookup of
        every candidate line comes back instead (:class:`CandidateLines`), for the caller to
        price each at the line's value and quantity and keep the dearest.

        Goods of an origin the country denies MFN on ``on`` (``duty.mfn_withheld``) take the
        rates that apply instead from the ``withheld`` lines, read the same way, without
        preferences (``DutyLookup.schedule`` names them: ``column 2``); where the rules do
        not give those rates it is MissingRule, never the MFN rate.
        """
        rules = self.country(country)
        return rules.duty(hs_code, origin, on, claimed_agreement=claimed_agreement,
                          ambiguous_hs=ambiguous_hs)

    def de_minimis(
        self, country: str, on: date, *, mode: str, ship_from: str, origin: str | None = None,
        buyer_type: str | None = None,
    ) -> tuple[DeMinimis, ...]:
        """The thresholds that apply: for duty and for tax, the most specific one(s).

        An entry matches when it is in force on ``on`` and its ``modes``, ``ship_from`` and
        ``origins`` (each optional) include the shipment's. For duty and for tax separately (a
        ``both`` entry competes for each), the matches naming the most of these conditions win
        (Canada's CUSMA courier thresholds for goods shipped from the US beat the general one).
        An entry limited to some origins never matches when ``origin`` is None; one limited to
        some ``buyer_types`` (consumer, business) never matches when ``buyer_type`` is None,
        and counts as one more condition.
        """
        return self.country(country).de_minimis_on(on, mode, ship_from, origin, buyer_type)

    def fees(self, country: str, on: date, *, mode: str) -> tuple[FeeRule, ...]:
        """The customs fees in force on ``on`` for transport ``mode``."""
        return self.country(country).fees_on(on, mode)

    def tax_collection(self, country: str, on: date) -> tuple[TaxCollection, ...]:
        """Schemes in force on ``on`` that collect import tax at the sale or self-assessed."""
        return self.country(country).collection_on(on)

    def incoterm(self, code: str) -> IncotermRule:
        """One Incoterms 2020 rule by its code (``"DDP"``)."""
        try:
            return self._incoterms[code.strip().upper()]
        except KeyError:
            known = ", ".join(self._incoterms) or "none loaded"
            raise MissingRule(f"unknown Incoterm {code!r} (known: {known})") from None

    def incoterms(self) -> Mapping[str, IncotermRule]:
        """Every loaded Incoterms rule by code."""
        return self._incoterms

    def union_of(self, country: str) -> str | None:
        """The customs union ``country`` belongs to, per its rule file.

        None when its file names no union, and for a country without a rule file: the
        destination of a quote always needs one, an origin or a seller's country does not.
        """
        iso = country_code(country)  # known without building a deferred country's rules
        rules = self._countries.get(iso)
        if rules is not None:
            return rules.union
        return self._deferred[iso][0] if iso in self._deferred else None

    def members(self, union: str) -> frozenset[str]:
        """The member countries of a customs union."""
        try:
            return self._members[union.strip().upper()]
        except KeyError:
            raise MissingCountryRules(f"no rule file for customs union {union!r}") from None
