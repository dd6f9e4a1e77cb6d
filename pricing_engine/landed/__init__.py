"""Landed cost-to-serve and margin of a quote: valuation, duty, import tax, fees, Incoterms.

Build a :class:`LandedCostEngine` once from a rule book and reuse it::

    engine = LandedCostEngine.load()
    result = engine.quote(quote)        # a QuoteResult: lines, totals, margin
    price_for_margin(quote, Decimal("0.25"), engine=engine)
"""

from pricing_engine.landed.engine import LandedCostEngine
from pricing_engine.landed.pricing import (
    MarginSolution,
    TargetUnreachable,
    price_for_margin,
    with_uplift,
)
from pricing_engine.landed.result import (
    Amount,
    ChargeOut,
    ChargeTotal,
    CostElementOut,
    LineResult,
    Margin,
    QuoteResult,
    RuleRefOut,
    SaleTaxOut,
    Totals,
)

__all__ = [
    "Amount",
    "ChargeOut",
    "ChargeTotal",
    "CostElementOut",
    "LandedCostEngine",
    "LineResult",
    "Margin",
    "MarginSolution",
    "QuoteResult",
    "RuleRefOut",
    "SaleTaxOut",
    "TargetUnreachable",
    "Totals",
    "price_for_margin",
    "with_uplift",
]
