"""The registry of import formats: format name -> reader.

``us-ch99`` reads the Chapter 99 U.S. notes (:mod:`pricing_engine.tariff.us_chapter99`) into a
table of Section 301 additional duties only, written as ``tariffs/US.chapter99.yaml`` (see
:data:`pricing_engine.tariff.table.PARTS`) beside the US MFN table.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

from pricing_engine.rules.model import TariffFile, TariffImport
from pricing_engine.tariff.table import ImportResult
from pricing_engine.tariff.ukgt import import_ukgt
from pricing_engine.tariff.us_chapter99 import import_chapter99
from pricing_engine.tariff.us_hts import import_us_hts

__all__ = ["FORMATS", "MIN_SHARE", "import_tariff", "import_us_ch99"]

Reader = Callable[..., ImportResult]


def import_us_ch99(path: Path, fmt: str = "us-ch99", *,
                   effective: date | None = None) -> ImportResult:
    """The Section 301 table of the Chapter 99 notes at ``path`` as a US tariff table.

    ``imported.lines`` counts the national lines written; ``parsed`` equals it when the notes
    raised no problem and is 0 otherwise, so that an import with a problem (a rate the notes
    changed, a list that cannot be read) exits 1 like a tariff under the parse share.
    """
    read = import_chapter99(path, fmt, effective=effective)
    lines = len({e.hs for e in read.additional})
    table = TariffFile(
        tariff="US", as_of=read.as_of, sources=read.sources, additional=read.additional,
        imported=TariffImport(format=fmt, file=read.file, sha256=read.sha256, lines=lines,
                              parsed=0 if read.problems else lines))
    return ImportResult(table, read.problems, read.summary)

#: Format name -> reader; every reader takes (path, format, *, effective).
FORMATS: dict[str, Reader] = {
    "eu-cet": import_ukgt,
    "uk-gt-csv": import_ukgt,
    "us-ch99": import_us_ch99,
    "us-hts-csv": import_us_hts,
    "us-hts-json": import_us_hts,
}

#: The share of a file's MFN rate texts that must parse for an import to pass.
MIN_SHARE = Decimal("0.995")


def import_tariff(fmt: str, path: Path, *, effective: date | None = None) -> ImportResult:
    """Import ``path`` as ``fmt`` (one of :data:`FORMATS`)."""
    return FORMATS[fmt](path, fmt, effective=effective)
