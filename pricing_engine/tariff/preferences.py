"""Write a preference once per HS prefix where every tariff line under the prefix has it.

A schedule grants most preferences on thousands of lines at one rate. Lookups take the longest
matching prefix per agreement (rules/FORMAT.md), so a chapter, heading or subheading whose
every line has the same preferential rate is written once, and only the lines that differ (or
lack the preference) are written one by one. The result prices every line exactly as the
line-by-line list does.

>>> lines = ["01011000", "01019000", "01021000", "01029000"]
>>> collapse(lines, {"01011000": "0", "01019000": "0", "01021000": "0", "01029000": "0"})
[('01', '0')]
>>> collapse(lines, {"01011000": "0", "01019000": "0", "01021000": "0"})
[('0101', '0'), ('010210', '0')]
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Mapping
from itertools import groupby
from typing import TypeVar

__all__ = ["LEVELS", "collapse"]

#: Prefix lengths tried, shortest first (chapter, heading, subheading).
LEVELS = (2, 4, 6)

T = TypeVar("T", bound=Hashable)


def collapse(lines: Iterable[str], offers: Mapping[str, T],
             free: Collection[str] = ()) -> list[tuple[str, T]]:
    """The fewest (prefix, value) pairs that give each of ``lines`` its value in ``offers``.

    A line missing from ``offers`` must stay without a value, so a prefix covering it is
    never written, unless the line is in ``free`` (its MFN duty is 0 already, so a 0
    preference on it changes nothing):

    >>> collapse(["01011000", "01019000"], {"01011000": "0"}, free={"01019000"})
    [('01', '0')]
    """
    out: list[tuple[str, T]] = []

    def walk(group: list[str], level: int) -> None:
        if level == len(LEVELS):
            out.extend((hs, offers[hs]) for hs in group if hs in offers)
            return
        size = LEVELS[level]
        for prefix, members in groupby(group, key=lambda hs: hs[:size]):
            block = list(members)
            values = {offers.get(hs) for hs in block if hs in offers or hs not in free}
            if not values:
                continue  # only MFN-free lines without the preference: nothing to write
            value = next(iter(values))
            if len(values) == 1 and value is not None and all(len(hs) > size for hs in block):
                out.append((prefix, value))
            else:
                walk(block, level + 1)

    walk(sorted(set(lines)), 0)
    return out
