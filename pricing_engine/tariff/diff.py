"""Compare two tariff tables: MFN lines added, removed, and those whose duty changed.

Both tables are read as the rule loader reads them (:func:`pricing_engine.rules.parse.parse_file`
into a :class:`~pricing_engine.rules.model.TariffFile`), so a table that would not load does
not diff either.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pricing_engine.contract import SCHEMA_VERSION
from pricing_engine.rules.fields import SpecificModel
from pricing_engine.rules.model import DutyTerms, TariffFile
from pricing_engine.rules.parse import parse_file
from pricing_engine.tariff._input import TariffFileError
from pricing_engine.tariff.table import TERMS

__all__ = ["Change", "TariffDiff", "diff_tables", "read_mfn"]


@dataclass(frozen=True, slots=True)
class Change:
    """One line whose duty differs; ``old`` / ``new`` are None for an added / removed line."""

    hs: str
    old: str | None
    new: str | None


@dataclass(frozen=True, slots=True)
class TariffDiff:
    """The MFN lines that differ between two tables (``old`` and ``new`` name them), by HS code.

    :attr:`added`, :attr:`removed` and :attr:`changed` split :attr:`changes` by kind.
    """

    old: str
    new: str
    changes: tuple[Change, ...]

    @property
    def added(self) -> tuple[Change, ...]:
        """The lines only the new table has."""
        return tuple(c for c in self.changes if c.old is None)

    @property
    def removed(self) -> tuple[Change, ...]:
        """The lines only the old table has."""
        return tuple(c for c in self.changes if c.new is None)

    @property
    def changed(self) -> tuple[Change, ...]:
        """The lines in both tables whose duty differs."""
        return tuple(c for c in self.changes if c.old is not None and c.new is not None)

    def as_dict(self) -> dict[str, Any]:
        """The JSON document ``tariff diff --format json`` prints."""
        def rows(changes: tuple[Change, ...]) -> list[dict[str, str | None]]:
            return [{"hs": c.hs, "old": c.old, "new": c.new} for c in changes]
        return {"schema_version": SCHEMA_VERSION, "old": self.old, "new": self.new,
                "added": rows(self.added), "removed": rows(self.removed),
                "changed": rows(self.changed)}


def _duty_text(entry: DutyTerms) -> str:
    """The duty terms of an entry as one canonical text (``rate=0.05 specific=...``)."""
    def one(value: object) -> str:
        if isinstance(value, SpecificModel):
            return f"{value.amount} {value.currency}/{value.per}"
        if isinstance(value, tuple):  # several specific amounts, all due
            return "+".join(map(one, value))
        return str(value)
    return " ".join(f"{name}={one(getattr(entry, name))}" for name in TERMS
                    if getattr(entry, name) is not None)


def read_mfn(path: Path) -> dict[str, str]:
    """HS code -> duty text of a tariff table file's ``mfn`` lines."""
    parsed = parse_file(path, str(path))
    if not isinstance(parsed.model, TariffFile):
        first = parsed.errors[0] if parsed.errors else None
        detail = f" ({first.line}:{first.column}: {first.message})" if first else ""
        raise TariffFileError(f"{path}: not a tariff table{detail}")
    return {e.hs: _duty_text(e) for e in parsed.model.mfn}


def diff_tables(old: Path, new: Path) -> TariffDiff:
    """The MFN lines added, removed and changed from the table ``old`` to the table ``new``."""
    before, after = read_mfn(old), read_mfn(new)
    return TariffDiff(str(old), str(new), tuple(
        Change(hs, before.get(hs), after.get(hs))
        for hs in sorted(before.keys() | after.keys()) if before.get(hs) != after.get(hs)))
