"""pricing_engine: landed cost, margin, sanctions screening and approval from rules as data.

The public API is what ``__all__`` lists; everything else may change without notice. Most
programs need one object, built once and reused::

    from pricing_engine import Engine, parse_proposal

    engine = Engine.load()                      # bundled rules, sanctions lists and policy
    result = engine.quote(quote)                # landed cost, duties, taxes, margin
    decision = engine.check(proposal)           # APPROVED | REVIEW | REJECTED, with reasons

The heavier parts (rules, landed cost, screening, decision) are imported on first use, so
``import pricing_engine`` stays cheap. Exceptions::

    PricingEngineError
    ├── InputError (ValueError)  ── RuleFileError, ListFormatError
    ├── UnknownCountry, UnknownCurrency (InputError, LookupError)
    ├── MissingRule, MissingFxRate, MissingData (LookupError)
    └── NotAFileError (OSError): an output path that is not a regular file, never replaced
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from pricing_engine.errors import (
    AmbiguousHsCode,
    InputError,
    ListFormatError,
    MissingCountryRules,
    MissingData,
    MissingFxRate,
    MissingRule,
    NotAFileError,
    PricingEngineError,
    RuleFileError,
    UnknownCountry,
    UnknownCurrency,
)
from pricing_engine.money import FxTable, Money

if TYPE_CHECKING:
    from pricing_engine._gc import gc_paused
    from pricing_engine.decision import Decision, Proposal, Reason, load_proposal, parse_proposal
    from pricing_engine.engine import Engine
    from pricing_engine.landed import (
        LandedCostEngine,
        MarginSolution,
        QuoteResult,
        TargetUnreachable,
        price_for_margin,
    )
    from pricing_engine.policy import Policy, load_policy
    from pricing_engine.quote import Quote, load_quote
    from pricing_engine.rules import RuleBook, iter_rule_errors, load_rules
    from pricing_engine.screening import (
        Screener,
        ScreeningConfig,
        ScreeningQuery,
        ScreeningResult,
    )

__version__ = "0.1.0"

#: Public names imported on first use, and the module each comes from.
_LAZY: dict[str, str] = {
    "Decision": "pricing_engine.decision",
    "Engine": "pricing_engine.engine",
    "LandedCostEngine": "pricing_engine.landed",
    "MarginSolution": "pricing_engine.landed",
    "Policy": "pricing_engine.policy",
    "Proposal": "pricing_engine.decision",
    "Quote": "pricing_engine.quote",
    "QuoteResult": "pricing_engine.landed",
    "Reason": "pricing_engine.decision",
    "RuleBook": "pricing_engine.rules",
    "Screener": "pricing_engine.screening",
    "ScreeningConfig": "pricing_engine.screening",
    "ScreeningQuery": "pricing_engine.screening",
    "ScreeningResult": "pricing_engine.screening",
    "TargetUnreachable": "pricing_engine.landed",
    "gc_paused": "pricing_engine._gc",
    "iter_rule_errors": "pricing_engine.rules",
    "load_policy": "pricing_engine.policy",
    "load_proposal": "pricing_engine.decision",
    "load_quote": "pricing_engine.quote",
    "load_rules": "pricing_engine.rules",
    "parse_proposal": "pricing_engine.decision",
    "price_for_margin": "pricing_engine.landed",
}

__all__ = [
    "AmbiguousHsCode",
    "Decision",
    "Engine",
    "FxTable",
    "InputError",
    "LandedCostEngine",
    "ListFormatError",
    "MarginSolution",
    "MissingCountryRules",
    "MissingData",
    "MissingFxRate",
    "MissingRule",
    "Money",
    "NotAFileError",
    "Policy",
    "PricingEngineError",
    "Proposal",
    "Quote",
    "QuoteResult",
    "Reason",
    "RuleBook",
    "RuleFileError",
    "Screener",
    "ScreeningConfig",
    "ScreeningQuery",
    "ScreeningResult",
    "TargetUnreachable",
    "UnknownCountry",
    "UnknownCurrency",
    "__version__",
    "gc_paused",
    "iter_rule_errors",
    "load_policy",
    "load_proposal",
    "load_quote",
    "load_rules",
    "parse_proposal",
    "price_for_margin",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'pricing_engine' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
