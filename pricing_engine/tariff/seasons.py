"""Seasonal rates: one rate per period of the year, written as dated entries.

The UK and EU files print them as ``10.00% (01 JUL - 31 JAN), 0.00% (01 FEB - 30 JUN)`` or,
with several periods for one rate, ``10.00% (01 JAN-14 FEB, 16 JUN-31 DEC), 0.00% (15 FEB-15
JUN)``; a period within one month may be written ``01-31 DEC``. The rule format dates an entry
with ``valid_from`` / ``valid_to`` (absolute days), so a season is written out as dated terms,
year after year, for :data:`YEARS` years from the table's date; past that horizon the line has
no rate (an open ``not_covered`` entry: a ``MissingRule``, never a guess, nor the rate of
another line of its subheading) until the table is imported again.

The text is read as published, failing closed where it does not say:

- periods that give a day two rates stay unparsed;
- days no period names (a gap: ``4.00% (01 JAN-31 MAR, 01-31 DEC), 5.10% (01 JUN-30 NOV)``
  says nothing of April and May) have no rate: they are written as dated ``not_covered``
  entries naming the line's text and the days, so that a lookup then fails closed instead of
  taking a neighbouring season's rate;
- one rate printed without a period after the periods of the others (``9.60% MIN 1.1 €/100
  kg/net (01 JAN-14 APR, 1 DEC-31 DEC), 13.60% MIN 1.6€/100kg/net``) is the rate of the rest
  of the year, as the CN prints an "otherwise" rate: it takes the days no period names, and
  the entries say so (:attr:`Seasonal.notes`); two such rates, or one where the periods
  already cover the year, do not say when they apply and stay unparsed;
- a period ending on a day one past its month's length that other months have (``31 APR``,
  a misprint of the last day of April; ``30 FEB``) ends on the month's last day, and the
  entries say so (:attr:`Seasonal.notes`); any other day that does not exist (``32 JAN``,
  ``31 FEB``, a period *starting* ``31 APR``) stays unparsed.

>>> season = parse_seasonal("10.00% (01 JUL - 31 JAN), 0.00% (01 FEB - 30 JUN)")
>>> [(str(a), str(b), str(t.rate.normalize()))  # doctest: +NORMALIZE_WHITESPACE
...  for a, b, t in expand(season, date(2021, 1, 1), years=2)]
[('2021-01-01', '2021-01-31', '0.1'), ('2021-02-01', '2021-06-30', '0'),
 ('2021-07-01', '2022-01-31', '0.1'), ('2022-02-01', '2022-06-30', '0'),
 ('2022-07-01', '2022-12-31', '0.1')]
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from pricing_engine.rules.model import DutyTerms, MfnEntry
from pricing_engine.tariff.rates import Unparsed, parse_rate
from pricing_engine.tariff.table import entry

__all__ = ["YEARS", "Seasonal", "entries", "expand", "parse_seasonal"]

#: How many calendar years of dated entries a seasonal rate is written out for.
YEARS = 10

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_PERIOD = re.compile(r"^([0-9]{1,2})\s*([A-Z]{3,9})?\s*-\s*([0-9]{1,2})\s*([A-Z]{3,9})$", re.I)
#: ``rate (periods)``: one item of the text (items are split at commas outside brackets).
_ITEM = re.compile(r"^([^()]+?)\s*\(([^()]*)\)$")
_DAY = timedelta(days=1)
#: A leap year and a common year: the periods are checked on each of their days.
_CHECK_YEARS = (2024, 2023)

MonthDay = tuple[int, int]
Period = tuple[MonthDay, MonthDay]


@dataclass(frozen=True, slots=True)
class Seasonal:
    """A seasonal rate text: for each rate, the periods of the year (month, day) it applies.

    ``gaps`` are the periods no rate covers (no rate then: a lookup fails closed), ``notes``
    how a misprinted day or a rate without its period was read.
    """

    text: str
    seasons: tuple[tuple[tuple[Period, ...], DutyTerms], ...]
    gaps: tuple[Period, ...] = ()
    notes: tuple[str, ...] = ()


def parse_seasonal(text: str) -> Seasonal | Unparsed | None:
    """Parse a seasonal rate text; None when ``text`` is not one, Unparsed when not understood.

    >>> parse_seasonal("4.00% (01 JAN-31 MAR, 01-31 DEC), 5.10% (01 JUN-30 NOV)").gaps
    (((4, 1), (5, 31)),)
    >>> parse_seasonal("11.20% (01 JAN-31 APR, 01 AUG-31 DEC), 12.80% (01 MAY-31 JUL)").notes
    ("'31 APR' read as 30 APR, the last day of April (the day published does not exist)",)
    >>> parse_seasonal("9.60% (01 JAN-14 APR, 1 DEC-31 DEC), 13.60%").seasons[1][0]
    (((4, 15), (11, 30)),)
    >>> parse_seasonal("3.4%") is None
    True
    """
    clean = " ".join(text.replace("\u00a0", " ").split())
    if not re.search(r"\(\s*[0-9]{1,2}\s*[A-Z]{3}", clean, re.I):
        return None
    items = _items(clean)
    if items is None:
        return Unparsed(text, "seasonal rate: brackets not paired")
    seasons: list[tuple[tuple[Period, ...], DutyTerms]] = []
    bare: list[tuple[str, DutyTerms]] = []
    notes: list[str] = []
    for item in items:
        found = _ITEM.match(item)
        terms = parse_rate(found[1] if found else item)
        if isinstance(terms, Unparsed):
            return Unparsed(text, f"seasonal rate: {terms.reason}")
        if found is None:
            bare.append((item, terms))
            continue
        periods = []
        for part in found[2].split(","):
            period = _period(part.strip(), notes)
            if period is None:
                return Unparsed(text, f"seasonal rate: period not understood: {part.strip()}")
            periods.append(period)
        seasons.append((tuple(periods), terms))
    if not seasons:
        return Unparsed(text, "seasonal rate: no rate with a period")
    found_season = Seasonal(text, tuple(seasons), notes=tuple(notes))
    gaps = _gaps(found_season)
    if isinstance(gaps, str):
        return Unparsed(text, f"seasonal rate: {gaps}")
    if len(bare) > 1 or (bare and not gaps):
        return Unparsed(text, "seasonal rate: a rate without its period")
    if bare:  # the "otherwise" rate: the days no period names
        (item, terms), = bare
        seasons.append((gaps, terms))
        notes.append(f"'{item}', printed without a period, read as the rate of the rest of the "
                     f"year ({', '.join(_when(g) for g in gaps)})")
        gaps = ()
    return Seasonal(text, tuple(seasons), gaps, tuple(notes))


def _items(text: str) -> list[str] | None:
    """``text`` split at the commas outside brackets; None if its brackets do not pair."""
    items, depth, start = [], 0, 0
    for i, char in enumerate(text):
        depth += (char == "(") - (char == ")")
        if depth not in (0, 1):
            return None
        if char == "," and depth == 0:
            items.append(text[start:i].strip())
            start = i + 1
    items.append(text[start:].strip())
    return None if depth or not all(items) else items


def _period(text: str, notes: list[str]) -> Period | None:
    """``DD MON-DD MON`` or ``DD-DD MON`` as (month, day) pairs; a last day one past the
    month's length is the month's last day (said in ``notes``)."""
    match = _PERIOD.match(text)
    if match is None:
        return None
    end_month = _month(match[4])
    start_month = _month(match[2]) if match[2] else end_month
    if start_month is None or end_month is None:
        return None
    start, end = (start_month, int(match[1])), (end_month, int(match[3]))
    if not match[2] and start[1] > end[1]:
        return None  # '15-10 DEC' is not a period within December
    if not 1 <= start[1] <= _length(start[0]) or end[1] < 1:
        return None
    if end[1] == _length(end[0]) + 1 <= 31:  # '31 APR', '30 FEB'; never '32 JAN'
        name = calendar.month_name[end[0]]
        last = "" if end[0] == 2 else f"{end[1] - 1} {match[4][:3].upper()}, "
        notes.append(f"'{match[3]} {match[4]}' read as {last}the last day of {name} (the day "
                     "published does not exist)")
        end = (end[0], end[1] - 1)
    return (start, end) if end[1] <= _length(end[0]) else None


def _length(month: int) -> int:
    """The most days ``month`` has (February: 29)."""
    return calendar.monthrange(2024, month)[1]


def _month(name: str) -> int | None:
    key = name[:3].lower()
    return _MONTHS.index(key) + 1 if key in _MONTHS else None


def _day(year: int, month_day: MonthDay, *, end: bool) -> date:
    """The day ``month_day`` in ``year``: 29 FEB is 28 FEB as an end, 1 MAR as a start, in
    a common year."""
    month, day = month_day
    last = calendar.monthrange(year, month)[1]
    if day <= last:
        return date(year, month, day)
    return date(year, month, last) if end else date(year, month, last) + _DAY


def _spans(periods: list[tuple[Period, DutyTerms | None]],
           year: int) -> list[tuple[date, date, DutyTerms | None]]:
    """Each period as days, starting in ``year`` (a period may end the next); None: a gap."""
    out = []
    for ((m1, d1), (m2, d2)), terms in periods:
        start = _day(year, (m1, d1), end=False)
        end = _day(year if (m2, d2) >= (m1, d1) else year + 1, (m2, d2), end=True)
        if start <= end:
            out.append((start, end, terms))
    return sorted(out, key=lambda span: span[0])


def _rated(season: Seasonal) -> list[tuple[Period, DutyTerms | None]]:
    periods: list[tuple[Period, DutyTerms | None]] = [
        (period, terms) for periods, terms in season.seasons for period in periods]
    return periods + [(gap, None) for gap in season.gaps]


def _gaps(season: Seasonal) -> tuple[Period, ...] | str:
    """The periods of the year no rate covers, or why the periods do not fit (a day with two
    rates)."""
    gaps: tuple[Period, ...] = ()
    for year in _CHECK_YEARS:
        covered: dict[date, int] = {}
        for start, end, _ in _spans(_rated(season), year - 1) + _spans(_rated(season), year):
            day = start
            while day <= end:
                covered[day] = covered.get(day, 0) + 1
                day += _DAY
        runs: list[list[date]] = []
        day = date(year, 1, 1)
        while day.year == year:
            if covered.get(day, 0) > 1:
                return f"the periods leave {day.isoformat()} with two rates"
            if covered.get(day, 0) == 0:
                if runs and runs[-1][1] + _DAY == day:
                    runs[-1][1] = day
                else:
                    runs.append([day, day])
            day += _DAY
        if len(runs) > 1 and runs[0][0] == date(year, 1, 1) and runs[-1][1].day == 31 \
                and runs[-1][1].month == 12:
            runs[0][0] = runs.pop()[0]  # one gap across the new year
        if year == _CHECK_YEARS[0]:
            gaps = tuple(((a.month, a.day), (b.month, b.day)) for a, b in runs)
    return gaps


def _horizon(start: date, years: int) -> date:
    """The last day written out: the end of the ``years``-th calendar year from ``start``."""
    return date(start.year + years - 1, 12, 31)


def expand(season: Seasonal, start: date, *,
           years: int = YEARS) -> list[tuple[date, date, DutyTerms | None]]:
    """The dated terms of ``season`` from ``start`` to the end of its ``years``-th year.

    Consecutive days under the same terms are one entry (a rate from 16 JUN to 14 FEB of the
    next year is one entry, not two); days of a gap come with None (no rate).
    """
    horizon = _horizon(start, years)
    out: list[tuple[date, date, DutyTerms | None]] = []
    for year in range(start.year - 1, horizon.year + 1):
        for first, last, terms in _spans(_rated(season), year):
            first, last = max(first, start), min(last, horizon)
            if first > last:
                continue
            if out and out[-1][2] == terms and out[-1][1] + _DAY == first:
                out[-1] = (out[-1][0], last, terms)
            else:
                out.append((first, last, terms))
    return out


def _when(period: Period) -> str:
    (m1, d1), (m2, d2) = period
    return f"{d1} {calendar.month_abbr[m1].upper()} to {d2} {calendar.month_abbr[m2].upper()}"


def entries(season: Seasonal, hs: str, start: date, *, years: int = YEARS) -> list[MfnEntry]:
    """The dated MFN entries of line ``hs`` (:func:`expand`): the rate of each period, a
    ``not_covered`` entry naming the text and the days for each gap, and one from the day
    after the horizon on, so that a lookup then fails closed (``MissingRule``) instead of
    falling back to another entry or line."""
    note = "; ".join((f"seasonal rate as published: {season.text}", *season.notes))
    gap = ""
    if season.gaps:
        days = ", ".join(_when(g) for g in season.gaps)
        note += f"; no rate from {days} (the periods published leave those days out)"
        gap = (f"the published seasonal rate '{season.text}' gives no rate from {days}: "
               "a date then is not priced")
    out: list[MfnEntry] = []
    for first, last, terms in expand(season, start, years=years):
        if terms is None:
            out.append(MfnEntry(hs=hs, not_covered=gap, valid_from=first, valid_to=last))
        else:
            out.append(entry(MfnEntry, terms, hs=hs, valid_from=first, valid_to=last,
                             note=note))
    # past the horizon the line is still the table's, with no rate: not a code the table does
    # not list, which a lookup would read as its subheading (and price by the other lines)
    horizon = _horizon(start, years)
    out.append(MfnEntry(hs=hs, valid_from=horizon + _DAY, not_covered=(
        f"the published seasonal rate '{season.text}' is written out to {horizon}: a later "
        "date is not priced until the table is imported again")))
    return out
