"""Compare two tariff tables: MFN lines and additional duties added, removed, and changed.

Both tables are read as the rule loader reads them (:func:`pricing_engine.rules.parse.parse_file`
into a :class:`~pricing_engine.rules.model.TariffFile`), so a table that would not load does
not diff either. An entry without duty terms says what it is instead: ``split into 2 lines:
03061910, 03063990`` (a code carved from older lines, :mod:`pricing_engine.tariff.concordance`)
or ``not covered: <reason>``; a line with several dated entries (a seasonal duty) reads as
each entry with its dates, so a change in any season shows. An additional duty (a table of
Section 301 or 232 duties) is compared per line, duty name and origins, with its dates: its
change carries ``duty`` (``Section 232 metals, except GB``), an MFN line's does not; a
withheld line's (US column 2) carries :data:`WITHHELD`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pricing_engine.contract import SCHEMA_VERSION
from pricing_engine.rules.fields import SpecificModel
from pricing_engine.rules.model import (
    AdditionalEntry,
    DutyTerms,
    MfnEntry,
    QuotaDuty,
    TariffFile,
)
from pricing_engine.rules.parse import parse_file
from pricing_engine.tariff._input import TariffFileError
from pricing_engine.tariff.table import TERMS

__all__ = ["WITHHELD", "Change", "TariffDiff", "diff_tables", "read_mfn"]


@dataclass(frozen=True, slots=True)
class Change:
    """One line whose duty differs; ``old`` / ``new`` are None for an added / removed line;
    ``duty`` names an additional duty and its origins (None: the MFN duty)."""

    hs: str
    old: str | None
    new: str | None
    duty: str | None = None


@dataclass(frozen=True, slots=True)
class TariffDiff:
    """The MFN lines and additional duties that differ between two tables (``old`` and
    ``new`` name them), by HS code.

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
            return [{"hs": c.hs, **({"duty": c.duty} if c.duty else {}), "old": c.old,
                     "new": c.new} for c in changes]
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
        if isinstance(value, QuotaDuty):  # a tariff quota's duty beyond it
            return "(" + " ".join(f"{name}={one(term)}" for name, term in value
                                  if term is not None) + ")"
        return str(value)
    return " ".join(f"{name}={one(getattr(entry, name))}" for name in TERMS
                    if getattr(entry, name) is not None)


def _entry_text(entry: MfnEntry | AdditionalEntry) -> str:
    """What an entry gives: its duty terms, the lines it was split into, the rate it tops the
    line's duty up to, or why the rules give no duty for it; for an additional duty, the use
    of goods it is limited to or spares, and whether a claimed preference takes it off or is
    needed for it."""
    if isinstance(entry, MfnEntry) and entry.split is not None:
        return f"split into {len(entry.split)} lines: {', '.join(entry.split)}"
    if entry.not_covered is not None:
        return f"not covered: {entry.not_covered}"
    if not isinstance(entry, AdditionalEntry):
        return _duty_text(entry)
    text = f"top_up_to={entry.top_up_to}" if entry.top_up_to is not None else \
        _duty_text(entry)
    for name in ("only_for_use", "except_for_use", "not_with"):
        value = getattr(entry, name)
        if value is not None:
            text += f" {name}={','.join(value) if isinstance(value, tuple) else value}"
    for name in ("applies_with_preference", "applies_without_preference"):
        if not getattr(entry, name):  # the default, true, is not shown
            text += f" {name}=false"
    return text


def _dated(entry: MfnEntry | AdditionalEntry) -> str:
    """An entry's text with its dates (``2021-07-01..2022-01-31: rate=0.1``)."""
    start, end = entry.valid_from, entry.valid_to
    return f"{start or ''}..{end or ''}: {_entry_text(entry)}"


def _table(path: Path) -> TariffFile:
    parsed = parse_file(path, str(path))
    if not isinstance(parsed.model, TariffFile):
        first = parsed.errors[0] if parsed.errors else None
        detail = f" ({first.line}:{first.column}: {first.message})" if first else ""
        raise TariffFileError(f"{path}: not a tariff table{detail}")
    return parsed.model


def _texts(entries: dict[Any, list[Any]]) -> dict[Any, str]:
    """Key -> its entries' text (one entry: :func:`_entry_text`; several dated entries: each
    with its dates, in date order, joined by ``; ``)."""
    return {key: _entry_text(found[0]) if len(found) == 1 else "; ".join(
        map(_dated, sorted(found, key=lambda e: e.valid_from or date.min)))
        for key, found in entries.items()}


def read_mfn(path: Path) -> dict[str, str]:
    """HS code -> what a tariff table file's ``mfn`` entries give for it (:func:`_texts`)."""
    return _mfn(_table(path))


def _mfn(table: TariffFile, part: str = "mfn") -> dict[str, str]:
    by_code: dict[str, list[MfnEntry]] = {}
    for entry in getattr(table, part):
        by_code.setdefault(entry.hs, []).append(entry)
    return _texts(by_code)


def _additional(table: TariffFile) -> dict[tuple[str, str], str]:
    """(HS code, duty and origins) -> what the table's additional entries give there."""
    by_key: dict[tuple[str, str], list[AdditionalEntry]] = {}
    for entry in table.additional:
        who = (f", {' '.join(entry.origins)}" if entry.origins else "") + (
            f", except {' '.join(entry.except_origins)}" if entry.except_origins else "")
        by_key.setdefault((entry.hs, f"{entry.name}{who}"), []).append(entry)
    return _texts(by_key)


#: The ``duty`` of a change of a withheld line (the rates instead of MFN: US column 2).
WITHHELD = "withheld (the rates of origins denied MFN)"


def diff_tables(old: Path, new: Path) -> TariffDiff:
    """The MFN lines, withheld lines and additional duties added, removed and changed from
    the table ``old`` to the table ``new``."""
    first, second = _table(old), _table(new)
    before, after = _mfn(first), _mfn(second)
    changes = [Change(hs, before.get(hs), after.get(hs))
               for hs in sorted(before.keys() | after.keys()) if before.get(hs) != after.get(hs)]
    before, after = _mfn(first, "withheld"), _mfn(second, "withheld")
    changes += [Change(hs, before.get(hs), after.get(hs), WITHHELD)
                for hs in sorted(before.keys() | after.keys())
                if before.get(hs) != after.get(hs)]
    was, now = _additional(first), _additional(second)
    changes += [Change(hs, was.get((hs, duty)), now.get((hs, duty)), duty)
                for hs, duty in sorted(was.keys() | now.keys())
                if was.get((hs, duty)) != now.get((hs, duty))]
    return TariffDiff(str(old), str(new), tuple(changes))
