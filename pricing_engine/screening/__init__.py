"""Sanctions screening: list loaders, name normalisation, an indexed fuzzy matcher.

This package never imports the rules or landed-cost code. :func:`screen_frame` (a pandas
DataFrame) and :func:`screen_dask` (a Dask DataFrame on a ``dask.distributed`` cluster) are
loaded on first use, and import pandas or dask only when called: they need the optional
extra ``pip install "pricing-engine[dask]"``.
"""

import importlib
from typing import Any

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
    "screen_dask",
    "screen_frame",
]

#: The names loaded on first use, and their modules: importing this package imports neither.
_LAZY: dict[str, str] = {
    "screen_dask": "pricing_engine.screening.distributed",
    "screen_frame": "pricing_engine.screening.frame",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'pricing_engine.screening' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
