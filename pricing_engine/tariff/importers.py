"""The registry of import formats: format name -> reader."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

from pricing_engine.tariff.table import ImportResult
from pricing_engine.tariff.ukgt import import_ukgt
from pricing_engine.tariff.us_hts import import_us_hts

__all__ = ["FORMATS", "MIN_SHARE", "import_tariff"]

Reader = Callable[..., ImportResult]

#: Format name -> reader; every reader takes (path, format, *, effective).
FORMATS: dict[str, Reader] = {
    "eu-cet": import_ukgt,
    "uk-gt-csv": import_ukgt,
    "us-hts-csv": import_us_hts,
    "us-hts-json": import_us_hts,
}

#: The share of a file's MFN rate texts that must parse for an import to pass.
MIN_SHARE = Decimal("0.995")


def import_tariff(fmt: str, path: Path, *, effective: date | None = None) -> ImportResult:
    """Import ``path`` as ``fmt`` (one of :data:`FORMATS`)."""
    return FORMATS[fmt](path, fmt, effective=effective)
