"""pricing_engine: landed cost, margin, sanctions screening and approval from rules as data.

The public API is what ``__all__`` lists; everything else may change without notice.
"""

from pricing_engine.errors import (
    InputError,
    ListFormatError,
    MissingData,
    MissingFxRate,
    MissingRule,
    PricingEngineError,
    RuleFileError,
    UnknownCountry,
    UnknownCurrency,
)
from pricing_engine.money import FxTable, Money

__version__ = "0.1.0"

__all__ = [
    "FxTable",
    "InputError",
    "ListFormatError",
    "MissingData",
    "MissingFxRate",
    "MissingRule",
    "Money",
    "PricingEngineError",
    "RuleFileError",
    "UnknownCountry",
    "UnknownCurrency",
    "__version__",
]
