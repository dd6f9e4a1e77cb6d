"""The scoring features: declared, weighted and documented.

A match's score is the sum of ``weight * value`` over :data:`FEATURES`, clipped to 0..1 (1 when
a decisive feature fires: an identifier match). Each
feature is a small function of the :class:`Evidence` returning a value in 0..1; its docstring's
first line is what the explanation of a match shows. The weights were tuned on generated name
variants (bench/bench_screening_accuracy.py) and follow the idea that the name decides and
the other facts nudge: a country counts little (people move, companies trade abroad), a date of
birth more, an exact identifier (IMO, passport number) decides on its own. A name that matches
only an alias the list calls weak is, at the default thresholds, at most a "review": OFAC itself
says weak a.k.a.s alone should not block a party. A query that holds a whole distinctive listed
name among other words ("Tornado Cash DAO", "The Banco Nacional de Cuba Group") is, at the
default thresholds, at least a "review" whatever the other words: a front or a subsidiary often
takes its owner's name and adds a word.

A match that reaches review without them is never cleared by the facts that speak against it
(a date of birth or a country other than the list's, features declared ``mismatch``): they
may lower a hit to a review, no further (:data:`EXACT_NAME_FLOOR`, shown in the match's
features). Those facts come from the user, and a hostile or careless user could otherwise
clear a listed person by giving another date of birth. (Until 2026-12-07 only names scoring
0.95 or more, spelt as listed or nearly, were kept so: "Abu Abas", one letter short of the
listed "ABBAS, Abu", scores 0.92, and any other date of birth cleared it.)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

__all__ = [
    "CONTAINED_NAME_WEIGHT",
    "EXACT_NAME_FLOOR",
    "FEATURES",
    "OTHER_KIND_CAP",
    "Evidence",
    "Feature",
    "score_evidence",
]

#: Weight of :func:`contains_listed_name`: the query's other words then cost 0.7 - 0.55 = 0.15
#: of the score instead of 0.7 (the matcher's weaker-side share), so a contained name scores at
#: least 0.85 (review at the default thresholds) and a hit when the other words are light.
CONTAINED_NAME_WEIGHT = 0.55


class Evidence:
    """What is known about one query / listed-name pair when it is scored."""

    __slots__ = (
        "contained_share",
        "entity_countries",
        "entity_years",
        "identifier_match",
        "name_score",
        "program_countries",
        "query_country",
        "query_year",
        "weak_alias",
    )

    def __init__(
        self,
        name_score: float,
        *,
        weak_alias: bool = False,
        query_country: str | None = None,
        entity_countries: tuple[str, ...] = (),
        query_year: int | None = None,
        entity_years: tuple[int, ...] = (),
        identifier_match: bool = False,
        contained_share: float = 0.0,
        program_countries: frozenset[str] = frozenset(),
    ) -> None:
        self.name_score = name_score
        self.contained_share = contained_share
        self.weak_alias = weak_alias
        self.query_country = query_country
        self.entity_countries = entity_countries
        self.query_year = query_year
        self.entity_years = entity_years
        self.identifier_match = identifier_match
        self.program_countries = program_countries


@dataclass(frozen=True, slots=True)
class Feature:
    """A named, weighted scoring feature; ``doc`` explains it to the person reading a match.

    A ``decisive`` feature that fires sets the score to 1 whatever the others say; a
    ``mismatch`` one (a fact the user gives that differs from the list's) cannot take an exact
    name below the review threshold (:data:`EXACT_NAME_FLOOR`).
    """

    name: str
    weight: float
    doc: str
    value: Callable[[Evidence], float]
    decisive: bool = False
    mismatch: bool = False


def name_similarity(ev: Evidence) -> float:
    """How well the names cover each other, both ways, weighted by token rarity."""
    return ev.name_score


def contains_listed_name(ev: Evidence) -> float:
    """The query holds the whole listed name, a distinctive one, among other words.

    The value is the share of the query (by token weight) outside the listed name: it gives
    back most of what those words cost the name score. Distinctive: at least two of its words
    are rare in the lists (see :mod:`.matcher`), so one common word ("Bank") never fires it.
    """
    return ev.contained_share


def weak_alias(ev: Evidence) -> float:
    """The name that matched is an alias the list itself marks as weak (low quality)."""
    return 1.0 if ev.weak_alias else 0.0


def _year_gap(ev: Evidence) -> int | None:
    if ev.query_year is None or not ev.entity_years:
        return None
    return min(abs(ev.query_year - y) for y in ev.entity_years)


def dob_match(ev: Evidence) -> float:
    """The query's year of birth is one the list gives (or one year off: 0.5)."""
    gap = _year_gap(ev)
    return {0: 1.0, 1: 0.5}.get(gap, 0.0) if gap is not None else 0.0


def dob_mismatch(ev: Evidence) -> float:
    """The list gives years of birth and the query's is two (0.5) or more years away from all."""
    gap = _year_gap(ev)
    if gap is None or gap < 2:
        return 0.0
    return 0.5 if gap == 2 else 1.0


def country_match(ev: Evidence) -> float:
    """The query's country is one the list links to the entry."""
    return 1.0 if ev.query_country and ev.query_country in ev.entity_countries else 0.0


def country_mismatch(ev: Evidence) -> float:
    """The list links the entry to countries and the query's country is none of them.

    Nor one its sanctions programme is about (CUBA, IRAN-...: :mod:`.programs`): an entry whose
    only tie to a country is its programme is no mismatch for a party in that country.
    """
    if not ev.query_country or not ev.entity_countries:
        return 0.0
    if ev.query_country in ev.entity_countries or ev.query_country in ev.program_countries:
        return 0.0
    return 1.0


def identifier_match(ev: Evidence) -> float:
    """An identifier of the query (IMO, passport, ...) equals one the list gives: decisive."""
    return 1.0 if ev.identifier_match else 0.0


def exact_name_floor(ev: Evidence) -> float:
    """The name alone is a review: another date of birth or country does not clear it.

    Not a feature of :data:`FEATURES`: :func:`score_evidence` adds what it takes to keep the
    score at the review threshold when the mismatch features would take it below.
    """
    return 0.0


def _feature(
    function: Callable[[Evidence], float],
    weight: float,
    *,
    decisive: bool = False,
    mismatch: bool = False,
) -> Feature:
    doc = (function.__doc__ or function.__name__).strip().splitlines()[0]
    return Feature(function.__name__, weight, doc, function, decisive, mismatch)


#: Every feature with its weight; the score of a match is ``sum(weight * value)`` clipped to 0..1.
FEATURES: tuple[Feature, ...] = (
    _feature(name_similarity, 1.0),
    _feature(contains_listed_name, CONTAINED_NAME_WEIGHT),
    _feature(weak_alias, -0.1),
    _feature(dob_match, 0.08),
    _feature(dob_mismatch, -0.15, mismatch=True),
    _feature(country_match, 0.03),
    _feature(country_mismatch, -0.04, mismatch=True),
    _feature(identifier_match, 1.0, decisive=True),
)
def other_kind(ev: Evidence) -> float:
    """The list names another kind (a person, an entity) than the query: a review at most.

    Not a feature of :data:`FEATURES`: the screener keeps, at the review threshold, a match
    of a listed name of the other kind that scores a hit otherwise (the query's kind is the
    caller's word, not a fact: a mis-keyed column must not clear a listed name). One that
    scores less is left out, as the kind says: innocent people named like companies would
    otherwise be reviewed (the dev set's false positives rose from 5 to 7 of 212).
    """
    return 0.0


#: What keeps a match at review whatever the mismatch features say (see the module
#: docstring); its contribution is the score it gives back. (Its name is kept from when only
#: exact names were kept so: the explanation of a match names it.)
EXACT_NAME_FLOOR = _feature(exact_name_floor, 1.0)
#: What keeps a match of a listed name of the other kind at review at most (see
#: :func:`other_kind`); its contribution is what the cap takes off.
OTHER_KIND_CAP = _feature(other_kind, 1.0)


def score_evidence(
    ev: Evidence, features: tuple[Feature, ...] = FEATURES, *, floor: float | None = None
) -> tuple[float, list[tuple[Feature, float]]]:
    """Return the clipped score and each feature's non-zero contribution.

    With a ``floor`` (the review threshold), a match that scores ``floor`` or more without
    the mismatch features keeps at least ``floor``: :data:`EXACT_NAME_FLOOR` contributes the
    difference.
    """
    contributions = []
    total = mismatched = 0.0
    decided = False
    for feature in features:
        value = feature.value(ev)
        if value:
            contribution = feature.weight * value
            total += contribution
            contributions.append((feature, contribution))
            decided = decided or feature.decisive
            if feature.mismatch:
                mismatched += contribution
    if floor is not None and mismatched < 0 and total < floor <= total - mismatched:
        contributions.append((EXACT_NAME_FLOOR, floor - total))
        total = floor
    return (1.0 if decided else min(max(total, 0.0), 1.0)), contributions
