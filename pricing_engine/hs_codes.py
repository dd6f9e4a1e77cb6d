"""The codes of a sorted list that start with a prefix: the national lines under a heading.

Duty indexes, the HS2022 nomenclature and the tariff tools keep codes as sorted sequences of
digit strings, and ask which of them lie under a shorter code. Those form one run in sort
order, found by bisection at both ends.

>>> starting_with(("0101", "010121", "010129", "0102", "02"), "0101")
('0101', '010121', '010129')
>>> starting_with(["8471", "8472"], "85")
[]
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from typing import overload

__all__ = ["starting_with"]

#: sorts after every character a code may hold, so ``prefix + _LAST`` ends the prefix's run
_LAST = "\U0010ffff"


@overload
def starting_with(codes: tuple[str, ...], prefix: str) -> tuple[str, ...]: ...
@overload
def starting_with(codes: list[str], prefix: str) -> list[str]: ...


def starting_with(codes: Sequence[str], prefix: str) -> Sequence[str]:
    """The slice of ``codes`` (sorted) that starts with ``prefix``, ``prefix`` itself included."""
    start = bisect_left(codes, prefix)
    return codes[start:bisect_left(codes, prefix + _LAST, start)]
