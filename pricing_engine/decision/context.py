"""What every check reads: the proposal, the policy, the check date and what was computed.

The engine fills a :class:`CheckContext` once (landed cost or the error that stopped it, the
screening of every party, the lists and rules in use) and each check turns it into reasons.
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
from pricing_engine.policy.model import Policy
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


#: A check: reads the context, returns its reasons (none when all is well).
Check = Callable[[CheckContext], list[Reason]]
