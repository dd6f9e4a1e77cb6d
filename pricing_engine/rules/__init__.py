"""The rule format: models, loader (file:line:column errors), JSON Schema, lookups.

>>> book = load_rules()                                        # doctest: +SKIP
>>> book.tax_rates("GB", "standard", date(2026, 1, 1))[0].rate  # doctest: +SKIP
Decimal('0.20')
"""

from pricing_engine.rules.book import RuleBook
from pricing_engine.rules.country import CountryRules, normalize_hs
from pricing_engine.rules.incoterms import IncotermRule
from pricing_engine.rules.loader import RuleSetError, iter_rule_errors, load_rules
from pricing_engine.rules.results import (
    AdditionalDuty,
    DeMinimis,
    DutyLookup,
    DutyRule,
    FeeRule,
    RuleRef,
    Specific,
    Surcharge,
    TaxCollection,
    TaxHit,
)

__all__ = [
    "AdditionalDuty",
    "CountryRules",
    "DeMinimis",
    "DutyLookup",
    "DutyRule",
    "FeeRule",
    "IncotermRule",
    "RuleBook",
    "RuleRef",
    "RuleSetError",
    "Specific",
    "Surcharge",
    "TaxCollection",
    "TaxHit",
    "iter_rule_errors",
    "load_rules",
    "normalize_hs",
]
