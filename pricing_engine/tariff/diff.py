"""Compare two tariff tables: MFN lines added, removed, and those whose duty changed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from pricing_engine.contract import SCHEMA_VERSION
from pricing_engine.tariff._input import TariffFileError, read_text

__all__ = ["Change", "TariffDiff", "diff_tables", "read_mfn"]


@dataclass(frozen=True, slots=True)
class Change:
    """One line whose duty differs; ``old`` / ``new`` are None for an added / removed line."""

    hs: str
    old: str | None
    new: str | None


@dataclass(frozen=True, slots=True)
class TariffDiff:
    """The differences between the MFN lines of two tables, sorted by HS code."""

    old: str
    new: str
    added: tuple[Change, ...]
    removed: tuple[Change, ...]
    changed: tuple[Change, ...]

    def as_dict(self) -> dict[str, Any]:
        """The JSON document ``tariff diff --format json`` prints."""
        def rows(changes: tuple[Change, ...]) -> list[dict[str, str | None]]:
            return [{"hs": c.hs, "old": c.old, "new": c.new} for c in changes]
        return {"schema_version": SCHEMA_VERSION, "old": self.old, "new": self.new,
                "added": rows(self.added), "removed": rows(self.removed),
                "changed": rows(self.changed)}


def _duty_text(entry: dict[str, Any]) -> str:
    """The duty part of an entry as one canonical text (``rate=0.05 specific=...``)."""
    def one(value: Any) -> str:
        if isinstance(value, dict):
            return f"{value.get('amount')} {value.get('currency')}/{value.get('per')}"
        return str(value)
    return " ".join(f"{key}={one(entry[key])}" for key in ("rate", "specific", "min", "max")
                    if key in entry)


def read_mfn(path: Path) -> dict[str, str]:
    """HS code -> duty text of a tariff table file's ``mfn`` lines."""
    text, _ = read_text(path)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise TariffFileError(f"{path}: not YAML: {exc}") from exc
    mfn = data.get("mfn") if isinstance(data, dict) else None
    if not isinstance(mfn, list) or not all(isinstance(e, dict) and "hs" in e for e in mfn):
        raise TariffFileError(f"{path}: not a tariff table (no mfn list of entries with hs)")
    return {str(e["hs"]): _duty_text(e) for e in mfn}


def diff_tables(old: Path, new: Path) -> TariffDiff:
    """The MFN lines added, removed and changed from the table ``old`` to the table ``new``."""
    before, after = read_mfn(old), read_mfn(new)
    return TariffDiff(
        str(old), str(new),
        added=tuple(Change(hs, None, after[hs]) for hs in sorted(after.keys() - before.keys())),
        removed=tuple(Change(hs, before[hs], None)
                      for hs in sorted(before.keys() - after.keys())),
        changed=tuple(Change(hs, before[hs], after[hs]) for hs in sorted(before.keys()
                      & after.keys()) if before[hs] != after[hs]),
    )
