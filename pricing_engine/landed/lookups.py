"""Memoised rule look-ups: an engine is built once and reused across quotes and lines."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from pricing_engine.landed.ports import DutyLookupLike, FeeLike, RuleBookLike, TaxHitLike
from pricing_engine.quote import Line

__all__ = ["Lookups"]


class Lookups:
    """The rule book's duty, tax-rate and fee look-ups, each computed once per key."""

    __slots__ = ("_duty", "_fees", "_tax", "rules")

    def __init__(self, rules: RuleBookLike) -> None:
        self.rules = rules
        self._duty: dict[tuple[str, str, str, date, str | None], DutyLookupLike] = {}
        self._tax: dict[tuple[str, str, date, str | None], tuple[TaxHitLike, ...]] = {}
        self._fees: dict[tuple[str, date, str], tuple[FeeLike, ...]] = {}

    def duty(self, country: str, line: Line, on: date) -> DutyLookupLike:
        """The duty rules for a line's HS code and origin (and claimed agreement)."""
        claimed = line.preference.agreement if line.preference else None
        key = (country, line.hs_code, line.origin, on, claimed)
        found = self._duty.get(key)
        if found is None:
            found = self.rules.duty(country, line.hs_code, line.origin, on,
                                    claimed_agreement=claimed)
            self._duty[key] = found
        return found

    def tax(
        self, country: str, tax_class: str, on: date, subdivision: str | None
    ) -> Sequence[TaxHitLike]:
        """The import taxes of a tax class (national and subdivision)."""
        key = (country, tax_class, on, subdivision)
        found = self._tax.get(key)
        if found is None:
            found = tuple(self.rules.tax_rates(country, tax_class, on, subdivision=subdivision))
            self._tax[key] = found
        return found

    def fees(self, country: str, on: date, mode: str) -> Sequence[FeeLike]:
        """The customs fees for a transport mode."""
        key = (country, on, mode)
        found = self._fees.get(key)
        if found is None:
            found = tuple(self.rules.fees(country, on, mode=mode))
            self._fees[key] = found
        return found
