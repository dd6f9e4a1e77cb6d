"""Sanctions screening: list loaders, name normalisation, an indexed fuzzy matcher.

This package never imports the rules or landed-cost code.
"""

from pricing_engine.screening.list_report import (
    ListDiffReport,
    ListsStatus,
    diff_report,
    lists_status,
)
from pricing_engine.screening.model import Alias, Entity, Identifier, ListInfo, SanctionsList
from pricing_engine.screening.normalize import NormalizedName, normalize_name
from pricing_engine.screening.result import (
    Match,
    ScreeningConfig,
    ScreeningQuery,
    ScreeningResult,
)
from pricing_engine.screening.screener import Screener

__all__ = [
    "Alias",
    "Entity",
    "Identifier",
    "ListDiffReport",
    "ListInfo",
    "ListsStatus",
    "Match",
    "NormalizedName",
    "SanctionsList",
    "Screener",
    "ScreeningConfig",
    "ScreeningQuery",
    "ScreeningResult",
    "diff_report",
    "lists_status",
    "normalize_name",
]
