"""Effective dating: entries of one key form a timeline without overlaps or gaps.

An entry runs from ``valid_from`` (None: since ever) to ``valid_to`` (inclusive) or, when that
is absent, to the day before the next entry of the same key starts.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise
from typing import Protocol, TypeVar

__all__ = ["Problem", "Span", "Timed", "timelines"]

_DAY = timedelta(days=1)


class Timed(Protocol):
    """Anything with a validity period."""

    @property
    def valid_from(self) -> date | None: ...

    @property
    def valid_to(self) -> date | None: ...


T = TypeVar("T", bound=Timed)


@dataclass(frozen=True, slots=True)
class Span:
    """The days an entry applies: ``start`` to ``end`` inclusive; None is open-ended."""

    start: date | None
    end: date | None

    def covers(self, day: date) -> bool:
        """Tell whether the entry applies on ``day``."""
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class Problem:
    """A timeline error: entry ``index`` collides with, or leaves a gap after, ``other``."""

    index: int
    other: int
    kind: str  # "duplicate" | "overlap" | "gap"
    message: str


def timelines(
    items: Sequence[T], key: Callable[[T], Hashable]
) -> tuple[list[Span], list[Problem]]:
    """Compute each entry's span (in input order) and every overlap, duplicate or gap."""
    # A table's entries are tens of thousands, most the only one of their key and of a few
    # periods: a list is made only for a key seen twice, and one Span per period as given
    # (frozen, so shared), both on every load's path
    first: dict[Hashable, int] = {}
    groups: dict[Hashable, list[int]] = {}  # the keys of several entries
    for i, item in enumerate(items):
        k = key(item)
        at = first.setdefault(k, i)
        if at != i:
            found = groups.get(k)
            if found is None:
                groups[k] = [at, i]
            else:
                found.append(i)
    given: dict[tuple[date | None, date | None], Span] = {}
    spans: list[Span] = []
    for item in items:
        period = (item.valid_from, item.valid_to)
        span = given.get(period)
        if span is None:
            span = given[period] = Span(*period)
        spans.append(span)
    problems: list[Problem] = []
    # the keys in the order of their first entry, as the problems are told
    for indexes in sorted(groups.values(), key=lambda indexes: indexes[0]):
        order = sorted(indexes, key=lambda i: items[i].valid_from or date.min)
        for here, nxt in pairwise(order):
            problem = _check(items[here], items[nxt], here, nxt)
            if problem:
                problems.append(problem)
            start = items[nxt].valid_from
            end = items[here].valid_to
            if end is None and start is not None:
                end = start - _DAY
            spans[here] = Span(items[here].valid_from, end)
    return spans, problems


def _check(before: Timed, after: Timed, i: int, j: int) -> Problem | None:
    start = after.valid_from
    if start is None or before.valid_from == start:
        when = start.isoformat() if start else "the start of time"
        return Problem(j, i, "duplicate", f"duplicate entry: another entry of the same key "
                       f"also starts at {when}")
    end = before.valid_to
    if end is not None and end >= start:
        return Problem(j, i, "overlap", f"validity overlaps an earlier entry of the same key "
                       f"(valid_to {end} is on or after this valid_from {start})")
    if end is not None and (start - end) > _DAY:
        return Problem(j, i, "gap", f"gap in the timeline: an earlier entry of the same key "
                       f"ends {end} but this one starts {start}")
    return None
