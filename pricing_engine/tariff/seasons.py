"""Seasonal rates: one rate per period of the year, written as dated entries.

The UK and EU files print them as ``10.00% (01 JUL - 31 JAN), 0.00% (01 FEB - 30 JUN)`` or,
with several periods for one rate, ``10.00% (01 JAN-14 FEB, 16 JUN-31 DEC), 0.00% (15 FEB-15
JUN)``. The rule format dates an entry with ``valid_from`` / ``valid_to`` (absolute days), so a
season is written out as dated terms, year after year, for :data:`YEARS` years from the
table's date; past that horizon the line has no rate (a ``MissingRule``, never a guess) until
the table is imported again. Periods must cover every day of the year exactly once (a leap
year is checked); a text whose periods leave a gap or overlap, or name a day that does not
exist (``31 APR``), stays unparsed.

>>> season = parse_seasonal("10.00% (01 JUL - 31 JAN), 0.00% (01 FEB - 30 JUN)")
>>> [(str(a), str(b), str(t.rate.normalize()))  # doctest: +NORMALIZE_WHITESPACE
...  for a, b, t in expand(season, date(2021, 1, 1), years=2)]
[('2021-01-01', '2021-01-31', '0.1'), ('2021-02-01', '2021-06-30', '0'),
 ('2021-07-01', '2022-01-31', '0.1'), ('2022-02-01', '2022-06-30', '0'),
 ('2022-07-01', '2022-12-31', '0.1')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from pricing_engine.rules.model import DutyTerms
from pricing_engine.tariff.rates import Unparsed, parse_rate

__all__ = ["YEARS", "Seasonal", "expand", "parse_seasonal"]

#: How many calendar years of dated entries a seasonal rate is written out for.
YEARS = 10

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
#: ``rate (periods)`` groups, each followed by a comma or the end.
_GROUP = re.compile(r"\s*([^(),]+?)\s*\(([^()]*)\)\s*(?:,|$)")
_PERIOD = re.compile(r"^(\d{1,2})\s*([A-Z]{3,9})?\s*-\s*(\d{1,2})\s*([A-Z]{3,9})$", re.I)
_DAY = timedelta(days=1)
#: A leap year: the periods are checked to cover each of its days once.
_CHECK_YEAR = 2024

MonthDay = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Seasonal:
    """A seasonal rate text: for each rate, the periods of the year (month, day) it applies."""

    text: str
    seasons: tuple[tuple[tuple[tuple[MonthDay, MonthDay], ...], DutyTerms], ...]


def parse_seasonal(text: str) -> Seasonal | Unparsed | None:
    """Parse a seasonal rate text; None when ``text`` is not one, Unparsed when not understood.

    >>> parse_seasonal("4.00% (01 JAN-31 MAR, 01-31 DEC), 5.10% (01 JUN-30 NOV)").reason
    'seasonal rate: the periods leave 2024-04-01 without a rate'
    >>> parse_seasonal("3.4%") is None
    True
    """
    clean = " ".join(text.replace("\u00a0", " ").split())
    if not re.search(r"\(\s*\d{1,2}\s*[A-Z]{3}", clean, re.I):
        return None
    groups = list(_GROUP.finditer(clean))
    if not groups or "".join(g[0] for g in groups).replace(" ", "") != clean.replace(" ", ""):
        return Unparsed(text, "seasonal rate: a rate without its period")
    seasons = []
    for group in groups:
        terms = parse_rate(group[1])
        if isinstance(terms, Unparsed):
            return Unparsed(text, f"seasonal rate: {terms.reason}")
        periods = []
        for part in group[2].split(","):
            period = _period(part.strip())
            if period is None:
                return Unparsed(text, f"seasonal rate: period not understood: {part.strip()}")
            periods.append(period)
        seasons.append((tuple(periods), terms))
    found = Seasonal(text, tuple(seasons))
    problem = _coverage(found)
    return Unparsed(text, f"seasonal rate: {problem}") if problem else found


def _period(text: str) -> tuple[MonthDay, MonthDay] | None:
    match = _PERIOD.match(text)
    if match is None or match[4] is None:
        return None
    end_month = _month(match[4])
    start_month = _month(match[2]) if match[2] else end_month
    if start_month is None or end_month is None:
        return None
    start, end = (start_month, int(match[1])), (end_month, int(match[3]))
    for month, day in (start, end):
        try:
            date(_CHECK_YEAR, month, day)
        except ValueError:
            return None
    return start, end


def _month(name: str) -> int | None:
    key = name[:3].lower()
    return _MONTHS.index(key) + 1 if key in _MONTHS else None


def _spans(season: Seasonal, year: int) -> list[tuple[date, date, DutyTerms]]:
    """Each period of each rate as days, starting in ``year`` (a period may end the next)."""
    out = []
    for periods, terms in season.seasons:
        for (m1, d1), (m2, d2) in periods:
            start = date(year, m1, d1)
            end = date(year if (m2, d2) >= (m1, d1) else year + 1, m2, d2)
            out.append((start, end, terms))
    return sorted(out, key=lambda span: span[0])


def _coverage(season: Seasonal) -> str | None:
    """Why the periods do not cover the check year once each day, or None."""
    spans = _spans(season, _CHECK_YEAR - 1) + _spans(season, _CHECK_YEAR)
    covered: dict[date, int] = {}
    for start, end, _ in spans:
        day = start
        while day <= end:
            covered[day] = covered.get(day, 0) + 1
            day += _DAY
    day = date(_CHECK_YEAR, 1, 1)
    while day.year == _CHECK_YEAR:
        if covered.get(day, 0) != 1:
            how = "without a rate" if covered.get(day, 0) == 0 else "with two rates"
            return f"the periods leave {day.isoformat()} {how}"
        day += _DAY
    return None


def expand(season: Seasonal, start: date, *,
           years: int = YEARS) -> list[tuple[date, date, DutyTerms]]:
    """The dated terms of ``season`` from ``start`` to the end of its ``years``-th year.

    Consecutive days under the same terms are one entry (a rate from 16 JUN to 14 FEB of the
    next year is one entry, not two).
    """
    horizon = date(start.year + years - 1, 12, 31)
    out: list[tuple[date, date, DutyTerms]] = []
    for year in range(start.year - 1, horizon.year + 1):
        for first, last, terms in _spans(season, year):
            first, last = max(first, start), min(last, horizon)
            if first > last:
                continue
            if out and out[-1][2] == terms and out[-1][1] + _DAY == first:
                out[-1] = (out[-1][0], last, terms)
            else:
                out.append((first, last, terms))
    return out
