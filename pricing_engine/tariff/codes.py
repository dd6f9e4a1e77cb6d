"""The commodity code of a tariff file's row, read only in a form its publisher prints.

A code is the digits 0-9 in the official lengths, grouped as the publisher groups them (dots
or spaces between the groups, or none): anything else is refused, never read as the digits
left once the rest is dropped (``8413.7O.30``, letter O, is not 8413730), nor cut to a
length (``8413.70.60.10.20.30`` is not 8413.70.60). An importer records a refused code as a
problem of its row (:class:`~pricing_engine.tariff.table.Problem`).

>>> hts_code("8413.70.30"), hts_code("2903.62.10.00"), cn_code("0101 21 00")
('84137030', '2903621000', '01012100')
>>> hts_code("8413.7O.30")
Traceback (most recent call last):
...
pricing_engine.tariff.codes.CodeError: not an HTS number (4, 6, 8 or 10 digits 0-9 in groups \
4-2-2-2, as 8413.70.30 or 8413.70.30.10)

Rows of one code are one line (:func:`one_row_a_line`): a row that repeats an earlier one's
rates is read once, one that gives other rates makes the line's rates unknown.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from pricing_engine.tariff._input import TariffFileError
from pricing_engine.tariff.table import Problem

__all__ = ["CodeError", "Row", "clash", "cn_code", "hts_code", "one_row_a_line",
           "other_cells"]

R = TypeVar("R")


class CodeError(TariffFileError):
    """A commodity code not in a form the official file prints."""


#: HTS: heading, subheading, tariff line, statistical suffix (``8413.70.30.10``).
_HTS = re.compile(r"[0-9]{4}(?:([. ]?)[0-9]{2}(?:\1[0-9]{2}){0,2})?")
#: CN (8 digits) and TARIC (10): ``84137030``, ``8413 70 30``, ``8413.70.30.10``.
_CN = re.compile(r"[0-9]{4}([. ]?)[0-9]{2}\1[0-9]{2}(?:\1[0-9]{2})?")


def _read(text: str, pattern: re.Pattern[str], what: tuple[str, str], form: str) -> str:
    code = text.strip()
    if not code:
        raise CodeError(f"no {what[1]} given")
    if not pattern.fullmatch(code):  # [0-9], not \d: other scripts' digits are refused too
        raise CodeError(f"not {what[0]} {what[1]} ({form})")
    return code.replace(".", "").replace(" ", "")


def hts_code(text: str) -> str:
    """The digits of an HTS number as the USITC exports print it (``8413.70.30``)."""
    return _read(text, _HTS, ("an", "HTS number"),
                 "4, 6, 8 or 10 digits 0-9 in groups 4-2-2-2, as 8413.70.30 or 8413.70.30.10")


def cn_code(text: str) -> str:
    """The digits of a CN (8-digit) or TARIC (10-digit) code (``84137030``, ``8413 70 30``)."""
    return _read(text, _CN, ("a", "commodity code"),
                 "8 or 10 digits 0-9 in groups 4-2-2-2, as 84137030 or 8413 70 30")


def other_cells(first: Mapping[str, str], later: Mapping[str, str]) -> str:
    """The cells two rows of one line give otherwise, for a message:
    ``general '5%' / '6%'``."""
    one, other = _blanks(first), _blanks(later)
    return "; ".join(f"{name} {one[name]!r} / {other[name]!r}"
                     for name in one if one[name] != other[name])


@dataclass(frozen=True)
class Row:
    """One row of a line, for :func:`clash`: its row number in the file, its code as
    written, and the rate cells the import reads."""

    row: int
    code: str
    cells: Mapping[str, str]


def clash(problems: list[Problem], file: str, hs: str, column: str, first: Row,
          others: Sequence[Row], publication: str = "the file") -> str:
    """Record a problem for each of ``others``, the rows giving line ``hs`` other rates than
    its ``first`` row (``column``: the code's column); return why the line is not covered
    (neither row is read: the line fails closed)."""
    for row in others:
        problems.append(Problem(
            file, row.row, hs, column, row.code,
            f"line {hs} again, with other rates than row {first.row} "
            f"({other_cells(first.cells, row.cells)}): neither row is read"))
    rows = ", ".join(str(row.row) for row in (first, *others))
    return f"{publication} gives this line different rates in rows {rows}: none is read"


def one_row_a_line(coded: Iterable[tuple[str, R]], cells: Callable[[R], Mapping[str, str]]
                   ) -> tuple[list[tuple[str, R, list[R]]], int]:
    """Each code of ``coded`` (code, row) once, in file order: with its first row and the
    later rows of the code whose ``cells`` (the rate cells the import reads, blanks
    collapsed) differ from the first's; and the number of later rows that repeat the first
    row's cells, which are read once (merged silently: the same line given twice alike)."""
    first: dict[str, tuple[R, list[R]]] = {}
    merged = 0
    for code, row in coded:
        if code not in first:
            first[code] = (row, [])
        elif _blanks(cells(row)) == _blanks(cells(first[code][0])):
            merged += 1
        else:
            first[code][1].append(row)
    return [(code, row, others) for code, (row, others) in first.items()], merged


def _blanks(cells: Mapping[str, str]) -> dict[str, str]:
    return {name: " ".join(text.split()) for name, text in cells.items()}
