"""Dates of birth as the lists write them, turned into ISO ``YYYY[-MM[-DD]]`` strings.

>>> parse_dates("01 Jan 1970")
('1970-01-01',)
>>> parse_dates("circa 1962 to 1964")
('1962', '1963', '1964')
>>> parse_dates("25/12/1960")
('1960-12-25',)
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["MAX_RANGE_YEARS", "parse_date", "parse_dates"]

#: A range wider than this is kept as its two ends only: it says little about a person.
MAX_RANGE_YEARS = 15

_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_UNKNOWN_PART = re.compile(r"\b(dd|mm)\b", re.IGNORECASE)
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), "ymd"),
    (re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})"), "dmy"),
    (re.compile(r"(\d{1,2}) ([A-Za-z]{3})[a-z]* (\d{4})"), "d_mon_y"),
    (re.compile(r"([A-Za-z]{3})[a-z]* (\d{4})"), "mon_y"),
    (re.compile(r"(\d{4})"), "y"),
)


def parse_date(text: str) -> str | None:
    """Return one date in ISO form (year, year-month or full date), or None if unreadable."""
    text = text.strip()
    for pattern, shape in _PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            return _build(shape, match.groups())
    return None


def _build(shape: str, parts: tuple[str | Any, ...]) -> str | None:
    if shape == "ymd":
        year, month, day = parts
    elif shape == "dmy":
        day, month, year = parts
    elif shape == "d_mon_y":
        day, mon, year = parts
        month = _MONTHS.get(str(mon).lower())
    elif shape == "mon_y":
        mon, year = parts
        month, day = _MONTHS.get(str(mon).lower()), None
    else:
        return str(parts[0])
    if month is None:
        return None
    iso = f"{year}-{int(month):02d}"
    if day is not None and int(day):
        return f"{iso}-{int(day):02d}" if int(month) else str(year)
    return iso if int(month) else str(year)


def parse_dates(text: str) -> tuple[str, ...]:
    """Return the dates a DOB field states; a range ``A to B`` gives every year in it."""
    text = re.sub(r"^(circa|approximately|approx\.|about|c\.)\s+", "", text.strip(), flags=re.I)
    text = _UNKNOWN_PART.sub("00", text.rstrip("."))  # UK lists write dd/mm/1962
    if " to " in text:
        first, _, last = text.partition(" to ")
        start, end = parse_date(first), parse_date(last)
        if start is None or end is None:
            return ()
        low, high = int(start[:4]), int(end[:4])
        if 0 <= high - low <= MAX_RANGE_YEARS:
            return tuple(str(y) for y in range(low, high + 1))
        return (start, end)
    found = parse_date(text)
    return (found,) if found else ()
