"""Date a table's MFN lines back to the earlier editions that charge the same.

A table imported from one revision of a schedule is valid from that revision's effective
date; a quote of an earlier day would fall back on coarser curated rules. Most MFN rates do
not move between revisions (the HTS general column of 2025 Basic, 2025 Revision 32 and 2026
Revision 10 is the same on every line the three share), so each MFN entry whose duty every
earlier edition given (a table imported the same way) charges alike, on every line under
its code, is made valid from the earliest of them. An entry any edition charges otherwise,
or does not cover, keeps the table's date; preferences and additional duties are not
touched (their columns do change: staged cuts). The ``withheld`` lines of a table (US column
2) are dated back the same way, against the earlier editions' own.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from datetime import date
from typing import Any, Literal

from pricing_engine.errors import InputError
from pricing_engine.rules.model import MfnEntry, TariffFile

__all__ = ["carry_back"]

#: The fields that are not the duty an entry charges.
_NOT_DUTY = {"hs", "valid_from", "valid_to", "note", "source", "confidence"}


def _duty(entry: MfnEntry) -> Any:
    return entry.model_dump(exclude=_NOT_DUTY, exclude_defaults=True)


class _Edition:
    """An earlier edition's MFN entries by code, for prefix queries."""

    def __init__(self, entries: Sequence[MfnEntry]) -> None:
        self.by_code = {e.hs: e for e in entries}
        #: codes with entries of their own dates (seasons): never compared, never matched
        self.dated = {e.hs for e in entries if e.valid_from or e.valid_to}
        self.codes = sorted(self.by_code)

    def charges_alike(self, entry: MfnEntry) -> bool:
        """Whether every entry of this edition on the code, above it or under it, charges
        what ``entry`` does, and at least one covers it."""
        code, duty = entry.hs, _duty(entry)
        covering = [self.by_code[code[:n]] for n in range(2, len(code) + 1)
                    if code[:n] in self.by_code]
        start = bisect_left(self.codes, code)
        under = []
        for other in self.codes[start:]:
            if not other.startswith(code):
                break
            under.append(self.by_code[other])
        found = ([covering[-1]] if covering else []) + under
        return bool(found) and all(
            e.hs not in self.dated and not e.not_covered and not e.split
            and _duty(e) == duty for e in found)


def carry_back(table: TariffFile, earlier: Sequence[TariffFile], *,
               part: Literal["mfn", "withheld"] = "mfn") -> tuple[TariffFile, int]:
    """``table`` with each MFN entry (``part="withheld"``: each withheld line) every one of
    ``earlier`` charges alike made valid from the earliest of their ``valid_from`` dates; and
    how many entries were. An edition not dated before the table is an InputError."""
    if table.valid_from is None or not earlier:
        return table, 0
    dates = [t.valid_from for t in earlier]
    if any(d is None or d >= table.valid_from for d in dates):
        raise InputError(f"an earlier edition ({', '.join(map(str, dates))}) must be dated "
                         f"before the table ({table.valid_from})")
    since: date = min(d for d in dates if d is not None)
    editions = [_Edition(getattr(t, part)) for t in earlier]
    out, moved = [], 0
    for entry in getattr(table, part):
        if (entry.valid_from is None and entry.valid_to is None and not entry.not_covered
                and not entry.split and all(e.charges_alike(entry) for e in editions)):
            entry = entry.model_copy(update={"valid_from": since})
            moved += 1
        out.append(entry)
    return table.model_copy(update={part: tuple(out)}), moved
