"""Landed cost-to-serve and margin of a quote: valuation, duty, import tax, fees, Incoterms.

Build a :class:`LandedCostEngine` once from a rule book and reuse it::

    engine = LandedCostEngine.load()
    result = engine.quote(quote)        # a QuoteResult: lines, totals, margin
    price_for_margin(quote, Decimal("0.25"), engine=engine)

The modules read in the order a quote is priced: model (the plain records), context (FX,
Incoterm split, bases), valuation (shipment costs and customs bases per line), deminimis,
duty, tax, fees, charges (every line's charges, the DDP solve), margin (who pays what),
report (the result written out), engine (the facade, and the price for a margin); result
holds the output models and solve the one root finder.
"""

from pricing_engine.landed.engine import (
    LandedCostEngine,
    MarginSolution,
    TargetUnreachable,
    price_for_margin,
    with_uplift,
)
from pricing_engine.landed.result import (
    ChargeOut,
    ChargeTotal,
    CostElementOut,
    LineResult,
    Margin,
    QuoteResult,
    RuleRef,
    SaleTaxOut,
    Totals,
)

__all__ = [
    "ChargeOut",
    "ChargeTotal",
    "CostElementOut",
    "LandedCostEngine",
    "LineResult",
    "Margin",
    "MarginSolution",
    "QuoteResult",
    "RuleRef",
    "SaleTaxOut",
    "TargetUnreachable",
    "Totals",
    "price_for_margin",
    "with_uplift",
]
