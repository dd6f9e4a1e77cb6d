"""The facade embedders use: rules, lists and policy loaded once, then quote, screen, check.

>>> engine = Engine.load()                               # doctest: +SKIP
>>> engine.check(load_proposal("proposal.yaml")).status  # doctest: +SKIP
'REVIEW'

No global state: two engines with different rules, lists or policies live side by side.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

from pricing_engine.decision import (
    AllowList,
    CheckContext,
    Decision,
    PartyScreening,
    Proposal,
    approve,
    audit_record,
)
from pricing_engine.decision.assumed_lines import with_policy_hs
from pricing_engine.decision.parties import screening_queries
from pricing_engine.errors import MissingData, PricingEngineError
from pricing_engine.fx_rates import ReferenceRates, load_reference_rates
from pricing_engine.landed import LandedCostEngine, QuoteResult
from pricing_engine.policy import Policy, load_policy, policy_hash
from pricing_engine.quote import Quote
from pricing_engine.rules import RuleBook, load_rules
from pricing_engine.screening import ListInfo, Screener, ScreeningConfig, ScreeningQuery
from pricing_engine.screening import ScreeningResult as _Result

__all__ = ["Engine"]


class Engine:
    """Landed cost, screening and approval against one rule book, list set and policy."""

    __slots__ = ("landed", "lists", "lists_error", "lists_hash", "policy", "policy_hash",
                 "rules", "screener")

    def __init__(self, *, rules: RuleBook, policy: Policy, screener: Screener | None,
                 lists: tuple[ListInfo, ...], lists_error: str | None = None,
                 fx_table: ReferenceRates | Literal["bundled"] | None = "bundled") -> None:
        self.rules = rules
        self.policy = policy
        self.policy_hash = policy_hash(policy)
        self.screener = screener
        self.lists = lists
        self.lists_error = lists_error
        self.landed = LandedCostEngine(rules, fx_table=fx_table)
        from pricing_engine.screening.bundle import lists_hash

        self.lists_hash = lists_hash(list(lists)) if lists else None

    @classmethod
    def load(cls, rules: str | Path | None = None, lists: str | Path | None = None,
             policy: str | Path | Policy | None = None, *, user_lists: str | Path | bool = True,
             cache: bool = True,
             fx_table: ReferenceRates | str | Path | None = "bundled") -> Engine:
        """Build an engine: bundled rules (plus a rule directory), lists, policy and FX rates.

        The lists are those of ``lists`` (default: the bundled ones) with the lists imported
        into ``user_lists`` laid over them: True (the default) for the user lists directory
        that ``pricing-engine lists import`` writes (PRICING_ENGINE_LISTS_DIR), a path for
        another, False for none; the same set ``check``, ``screen`` and ``lists`` use (see
        :func:`pricing_engine.screening.bundle.resolve_lists`).

        Lists that are missing, fail their manifest check or whose manifest is malformed do
        not stop the load: every check then refuses with LIST_MISSING (fail closed) and
        :meth:`screen` raises.

        ``fx_table`` gives the dated reference rates for an FX pair a quote's ``fx`` lacks,
        taken on the quote's date (or the last day with rates before it; see
        :mod:`pricing_engine.fx_rates`): ``"bundled"`` (the default) for the ECB rates the
        package ships, a :class:`~pricing_engine.fx_rates.ReferenceRates` (e.g. from
        :func:`~pricing_engine.fx_rates.load_reference_rates`), the path of a table file as
        ``pricing-engine fx import`` writes it (what the CLI's ``--fx-table`` reads; a file
        named ``bundled`` is given as a Path), or None for none: a missing pair is then
        MissingFxRate. A table file that cannot be read raises RuleFileError naming the file,
        line and field.
        """
        from pricing_engine.screening.bundle import resolve_lists

        table = _reference_rates(fx_table)
        book = load_rules(rules)
        pol = policy if isinstance(policy, Policy) else load_policy(policy)
        config = ScreeningConfig(hit_threshold=pol.screening.hit_threshold,
                                 review_threshold=pol.screening.review_threshold)
        try:
            list_set = resolve_lists(lists, user=user_lists)
            infos = list_set.infos()
            screener = list_set.screener(config=config, cache=cache)
        except MissingData as exc:
            return cls(rules=book, policy=pol, screener=None, lists=(), lists_error=str(exc),
                       fx_table=table)
        return cls(rules=book, policy=pol, screener=screener, lists=infos, fx_table=table)

    def quote(self, quote: Quote) -> QuoteResult:
        """Landed cost-to-serve and margin of a quote (or a proposal)."""
        return self.landed.quote(quote)

    def screen(self, query: ScreeningQuery | str) -> _Result:
        """Screen one party against the loaded lists (raise MissingData without lists)."""
        if self.screener is None:
            raise MissingData(f"no sanctions lists: {self.lists_error}")
        return self.screener.screen(query)

    def context(self, proposal: Proposal, *, allow_list: AllowList | None = None,
                on: date | None = None) -> CheckContext:
        """Compute what the checks read: landed cost (or its error) and every screening."""
        result: QuoteResult | None = None
        error: PricingEngineError | None = None
        try:  # the policy's ambiguous_hs (error | quote | highest) applies to the pricing
            result = self.landed.quote(with_policy_hs(proposal, self.policy))
        except PricingEngineError as exc:
            error = exc
        screenings = tuple(
            PartyScreening(role=role, query=query,
                           result=self.screener.screen(query) if self.screener else None)
            for role, query in screening_queries(proposal))
        return CheckContext(proposal=proposal, policy=self.policy, on=on or date.today(),
                            rules=self.rules, quote=result, quote_error=error,
                            screenings=screenings, lists=self.lists,
                            lists_error=self.lists_error, allow_list=allow_list)

    def check(self, proposal: Proposal | Quote, *, allow_list: AllowList | None = None,
              on: date | None = None) -> Decision:
        """Decide on a proposal (a plain Quote is a proposal without the extra sections).

        ``on`` is the day the check runs (default: today), never the proposal's own date:
        sanctions, embargoes and export controls apply as in force on it (and, stricter, on
        the proposal's date too), list and rule ages are counted to it, and a proposal dated
        far from it needs review (DOCUMENT_DATE). The proposal's date prices the quote (FX
        rates, tariffs) only. Give ``on`` to replay a past decision.
        """
        if not isinstance(proposal, Proposal):
            proposal = Proposal.model_validate(proposal.model_dump())
        return approve(self.context(proposal, allow_list=allow_list, on=on))

    def audit(self, decision: Decision, proposal: Proposal, *,
              allow_list: AllowList | None = None) -> dict[str, object]:
        """The audit record of a decision this engine made."""
        return audit_record(decision, proposal, rules_hash=self.rules.content_hash,
                            lists=self.lists, lists_hash=self.lists_hash,
                            policy_hash=self.policy_hash,
                            allow_list_hash=allow_list.content_hash if allow_list else None)


def _reference_rates(fx_table: ReferenceRates | str | Path | None
                     ) -> ReferenceRates | Literal["bundled"] | None:
    """``Engine.load``'s fx_table as the landed-cost engine takes it: a path is read."""
    if fx_table is None or isinstance(fx_table, ReferenceRates):
        return fx_table
    if isinstance(fx_table, str) and fx_table == "bundled":
        return "bundled"
    return load_reference_rates(fx_table)
