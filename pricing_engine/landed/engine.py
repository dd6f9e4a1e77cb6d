"""The landed-cost engine: built once from a rule book, reused for every quote.

>>> engine = LandedCostEngine.load()                      # doctest: +SKIP
>>> result = engine.quote(quote)                          # doctest: +SKIP
>>> result.totals.margin.status                           # doctest: +SKIP
'above_target'
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from pricing_engine.landed.build import build_result
from pricing_engine.landed.calculator import Computation, compute_charges
from pricing_engine.landed.context import build_context
from pricing_engine.landed.incoterms import fits_mode
from pricing_engine.landed.lookups import Lookups
from pricing_engine.landed.ports import RuleBookLike
from pricing_engine.landed.result import QuoteResult
from pricing_engine.quote import Quote
from pricing_engine.rules.incoterms import INCOTERMS_2020

__all__ = ["INCOTERMS", "LandedCostEngine"]

#: The 11 Incoterms 2020 rules, in the order of the seller's growing obligations.
#: The 11 Incoterms 2020 rules, in the order --compare-incoterms prints them.
INCOTERMS = INCOTERMS_2020


class LandedCostEngine:
    """Landed cost-to-serve and margin of quotes against one rule book and FX table."""

    __slots__ = ("_look", "fx", "rules")

    def __init__(self, rules: RuleBookLike, *, fx: Mapping[str, object] | None = None) -> None:
        self.rules = rules
        #: FX rates (``"EUR/USD": "1.0850"``) used when a quote does not give its own.
        self.fx: dict[str, object] = dict(fx or {})
        self._look = Lookups(rules)

    @classmethod
    def load(
        cls, path: str | Path | None = None, *, include_bundled: bool = True,
        fx: Mapping[str, object] | None = None,
    ) -> LandedCostEngine:
        """Build an engine on the bundled rules, a user's rule directory, or both."""
        from pricing_engine.rules import load_rules

        return cls(load_rules(path, include_bundled=include_bundled), fx=fx)

    def compute(self, quote: Quote, *, incoterm: str | None = None) -> Computation:
        """The plain per-line computation (what quote() dresses up)."""
        return self._compute(quote, incoterm)

    def quote(self, quote: Quote, *, incoterm: str | None = None) -> QuoteResult:
        """Landed cost, cost-to-serve and margin of ``quote`` (under another Incoterm if given)."""
        return build_result(self._compute(quote, incoterm))

    def _compute(self, quote: Quote, incoterm: str | None) -> Computation:
        ctx = build_context(quote, self.rules, fx=self.fx, incoterm=incoterm)
        return compute_charges(ctx, self._look)

    def compare_incoterms(self, quote: Quote) -> dict[str, QuoteResult]:
        """The quote under every Incoterm that fits its transport mode, same prices."""
        return {code: self.quote(quote, incoterm=code) for code in INCOTERMS
                if fits_mode(self.rules.incoterm(code), quote.mode)}
