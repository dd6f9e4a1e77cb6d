"""HS codes as quotes give them and as the tariffs keep them.

:func:`normalize_hs` reads a code as given (dots and spaces ignored); :func:`starting_with`
finds the codes of a sorted list under a prefix, such as the national lines under a
heading. Duty indexes, the HS2022 nomenclature and the tariff tools keep codes as sorted
sequences of digit strings, and ask which of them lie under a shorter code. Those form one
run in sort order, found by bisection at both ends.

>>> normalize_hs("6109.10")
'610910'
>>> starting_with(("0101", "010121", "010129", "0102", "02"), "0101")
('0101', '010121', '010129')
>>> starting_with(["8471", "8472"], "85")
[]
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from typing import overload

from pricing_engine.errors import InputError

__all__ = ["normalize_hs", "starting_with"]

_HS_INPUT = re.compile(r"[0-9]{2,12}")
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


def normalize_hs(hs: str) -> str:
    """Return ``hs`` without dots or spaces (``"6109.10"`` -> ``"610910"``), or raise."""
    code = hs.replace(".", "").replace(" ", "")
    if not (code.isascii() and _HS_INPUT.fullmatch(code)):
        raise InputError(f"HS code {hs!r} must be 2-12 digits (dots and spaces are ignored)")
    return code
