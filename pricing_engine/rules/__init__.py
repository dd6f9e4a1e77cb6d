"""The rule format: models, loader (file:line:column errors), JSON Schema, lookups.

``load_rules()`` returns an immutable RuleBook of the bundled rules (or a user's directory on
top of them); ``iter_rule_errors()`` collects every problem for CI. See rules/FORMAT.md.
"""

from pricing_engine.hs_codes import normalize_hs
from pricing_engine.rules.book import RuleBook
from pricing_engine.rules.country import CountryRules
from pricing_engine.rules.incoterms import IncotermRule
from pricing_engine.rules.loader import RuleSetError, iter_rule_errors, load_rules
from pricing_engine.rules.report import ValidationReport, validation_report
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
    "ValidationReport",
    "iter_rule_errors",
    "load_rules",
    "normalize_hs",
    "validation_report",
]
