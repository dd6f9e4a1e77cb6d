"""What every check reads: the proposal, the policy, the check date and what was computed.

The engine fills a :class:`CheckContext` once (landed cost or the error that stopped it, the
screening of every party, the lists and rules in use) and each check turns it into reasons.

``on`` is the day the check runs (a replay may give another), never taken from the document:
a measure (embargo, enhanced review, the ``@embargoed`` group of the control table) applies
when it is in force on that day or on the proposal's date, whichever is stricter, so a
backdated or postdated proposal cannot step around one (:meth:`CheckContext.in_force`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from pricing_engine.decision.allow_list import AllowList
from pricing_engine.decision.model import PartyScreening, Reason
from pricing_engine.decision.proposal import Proposal
from pricing_engine.errors import PricingEngineError
from pricing_engine.landed.result import QuoteResult
from pricing_engine.policy.model import Embargo, EnhancedReview, Policy, RegionEmbargo, in_force
from pricing_engine.rules.country import CountryRules
from pricing_engine.screening.model import ListInfo

__all__ = ["Check", "CheckContext", "RulesLike"]


class RulesLike(Protocol):
    """The part of a RuleBook the checks read."""

    def country(self, code: str) -> CountryRules:
        """A country's rules, or raise MissingRule."""
        ...


@dataclass(frozen=True, slots=True)
class CheckContext:
    """Inputs of the checks; ``quote`` is None when ``quote_error`` stopped the landed cost."""

    proposal: Proposal
    policy: Policy
    on: date
    rules: RulesLike
    quote: QuoteResult | None
    quote_error: PricingEngineError | None
    screenings: tuple[PartyScreening, ...]
    lists: tuple[ListInfo, ...]
    lists_error: str | None
    allow_list: AllowList | None = None

    @property
    def dates(self) -> tuple[date, ...]:
        """The check date, then the proposal's date when it differs: measures in force on
        either apply."""
        return (self.on,) if self.proposal.date == self.on else (self.on, self.proposal.date)

    def in_force(self, item: Embargo | RegionEmbargo | EnhancedReview) -> bool:
        """Whether an embargo or review entry is in force on the check or the proposal date."""
        return any(in_force(item, day) for day in self.dates)

    def countries(self, refs: tuple[str, ...]) -> frozenset[str]:
        """Expand country codes and groups, ``@embargoed`` on the check or the proposal date."""
        return frozenset().union(*(self.policy.countries(refs, day) for day in self.dates))


#: A check: reads the context, returns its reasons (none when all is well).
Check = Callable[[CheckContext], list[Reason]]
