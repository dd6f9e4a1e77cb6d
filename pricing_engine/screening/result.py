"""The screening boundary: query, configuration and result models (frozen pydantic).

The matcher's hot loop works on plain tuples; these models are built only for what a screen
returns, so a caller gets validated, documented, JSON-ready objects.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, field_validator, model_validator

from pricing_engine.contract import OutputDocument, OutputModel
from pricing_engine.fields import plain_errors, read_country

__all__ = [
    "MAX_HIT_THRESHOLD",
    "MAX_NAME_LENGTH",
    "MAX_REVIEW_THRESHOLD",
    "Band",
    "DateOfBirth",
    "FeatureScore",
    "HitThreshold",
    "Match",
    "QueryKind",
    "ReviewThreshold",
    "ScreenableName",
    "ScreeningConfig",
    "ScreeningQuery",
    "ScreeningResult",
    "TokenPair",
    "date_of_birth",
    "screenable_name",
]

Band = Literal["hit", "review", "clear"]
QueryKind = Literal["person", "entity"]
_DOB = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
#: The earliest year of birth a party screened can have (a date before it, or after today,
#: is a slip: "0001-01-01", "2999"); the lists' own dates are not checked against it.
_EARLIEST_BIRTH = 1880
_read_country = plain_errors(read_country)
#: The longest name screened, in characters as given: a party name is far shorter, and the
#: limit bounds the work one query can ask of the matcher.
MAX_NAME_LENGTH = 1000


#: Ceilings of the screening thresholds, for a policy and a ScreeningConfig alike. Above them
#: fuzzy screening is in effect switched off:
#: on the bundled SDN a name with one letter changed scores 0.96 at the median and at least
#: 0.84 for nine in ten names, a listed name typed exactly scores about 1.0, or 0.96 with a
#: country the list does not give. A review threshold of 0.90 still sends about 85 % of
#: one-typo variants to review; 1.0 would send none. A hit threshold of 0.98 still makes an
#: exact name with matching facts a hit (everything between the two thresholds is reviewed).
MAX_REVIEW_THRESHOLD = 0.90
MAX_HIT_THRESHOLD = 0.98


def _at_most(ceiling: float) -> BeforeValidator:
    """Refuse a threshold above ``ceiling`` with the reason (other mistakes: the float type)."""

    def check(value: Any) -> Any:
        try:
            number = float(value)  # a score threshold, not money
        except (TypeError, ValueError):
            return value
        if number > ceiling:
            raise ValueError(
                f"{value} is above {ceiling}: a listed name with one typo would screen clear "
                "(fuzzy screening switched off)")
        return value

    return BeforeValidator(check)


#: The two thresholds, one type each for a policy file and a ScreeningConfig alike.
HitThreshold = Annotated[float, Field(gt=0, le=MAX_HIT_THRESHOLD), _at_most(MAX_HIT_THRESHOLD)]
ReviewThreshold = Annotated[
    float, Field(gt=0, le=MAX_REVIEW_THRESHOLD), _at_most(MAX_REVIEW_THRESHOLD)
]


class ScreeningConfig(OutputModel):
    """Thresholds and limits of a screen (the policy file sets them; defaults are tuned).

    A match scoring at least ``hit_threshold`` is a hit, at least ``review_threshold`` needs an
    analyst's review, anything lower is clear and is not reported.
    """

    hit_threshold: HitThreshold = 0.92
    review_threshold: ReviewThreshold = 0.82
    max_matches: int = Field(default=10, ge=1)
    max_candidates: int = Field(default=40, ge=1)

    @model_validator(mode="after")
    def _ordered(self) -> ScreeningConfig:
        if self.review_threshold > self.hit_threshold:
            raise ValueError("review_threshold must not exceed hit_threshold")
        return self

    def band(self, score: float) -> Band:
        """Return the band of a score."""
        if score >= self.hit_threshold:
            return "hit"
        return "review" if score >= self.review_threshold else "clear"


def screenable_name(value: str) -> str:
    """``value``, a name the screener can take: at most :data:`MAX_NAME_LENGTH` characters,
    with a letter or digit (ValueError saying why not)."""
    if len(value) > MAX_NAME_LENGTH:
        raise ValueError(
            f"name is {len(value):,} characters long; names of at most "
            f"{MAX_NAME_LENGTH:,} characters are screened"
        )
    # letters drawn in a style ("Ⓣ", "𝐓") count: NFKC gives their plain form
    plain = value if value.isascii() else unicodedata.normalize("NFKC", value)
    if not any(map(str.isalnum, plain)):
        raise ValueError("name has no letters or digits" if value.strip() else "name is empty")
    return value


def date_of_birth(value: str | None) -> str | None:
    """A party's date of birth as given (YYYY, YYYY-MM or YYYY-MM-DD), None for blank;
    ValueError for anything else, or a date no living person has."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    padded = text + "-01-01"[len(text) - 4 :] if _DOB.match(text) else ""
    try:
        born = date.fromisoformat(padded)
    except ValueError:
        raise ValueError(
            f"date of birth {value!r} is not a date as YYYY, YYYY-MM or YYYY-MM-DD"
        ) from None
    if born.year < _EARLIEST_BIRTH or born > date.today():
        raise ValueError(
            f"date of birth {value!r} is not one a living person can have (before "
            f"{_EARLIEST_BIRTH} or after today): leave it out if it is not known")
    return text


#: A party's name as the screener takes it (:func:`screenable_name`), for every model of one.
ScreenableName = Annotated[str, AfterValidator(screenable_name)]
#: A party's date of birth (:func:`date_of_birth`), for every model of one.
DateOfBirth = Annotated[str | None, AfterValidator(date_of_birth)]


class ScreeningQuery(OutputModel):
    """A party to screen: a name and, where known, its kind, country, date of birth and ids.

    The name must hold a letter or digit and be at most :data:`MAX_NAME_LENGTH` characters.
    """

    name: ScreenableName = Field(
        description=f"1 to {MAX_NAME_LENGTH} characters, with a letter or digit")
    kind: QueryKind | None = None
    country: str | None = Field(
        default=None, description="ISO 3166-1 alpha-2 or alpha-3 code (any case), read as alpha-2")
    dob: DateOfBirth = Field(default=None, description="YYYY, YYYY-MM or YYYY-MM-DD")
    id: str | None = Field(default=None, description="the caller's own reference, echoed back")
    identifiers: tuple[str, ...] = Field(default=(), description="IMO, passport, ... numbers")

    @field_validator("country")
    @classmethod
    def _country(cls, value: str | None) -> str | None:
        # blank is "not known"; anything else reads as a quote's or a policy's country does
        return None if value is None or not value.strip() else _read_country(value)


class TokenPair(OutputModel):
    """A query token aligned with a listed token, and how alike they are (0..1)."""

    query: str
    listed: str
    similarity: float


class FeatureScore(OutputModel):
    """How much one scoring feature moved a match's score, and what the feature means."""

    name: str
    contribution: float
    description: str


class Match(OutputModel):
    """One listed entry that matches the query, with the evidence for it."""

    list: str
    entry_id: str
    name: str = Field(description="the entry's primary name")
    matched_name: str = Field(description="the primary name or alias that matched")
    weak_alias: bool
    kind: str
    score: float
    band: Band
    token_pairs: tuple[TokenPair, ...]
    features: tuple[FeatureScore, ...]
    countries: tuple[str, ...] = ()
    programs: tuple[str, ...] = ()


class ScreeningResult(OutputDocument):
    """The outcome of screening one query: the worst band found and the matches behind it."""

    query: ScreeningQuery
    status: Band
    matches: tuple[Match, ...]
    unread_scripts: tuple[str, ...] = Field(
        default=(),
        description="scripts of letters in the name that could not be compared with the lists "
                    "(no transliteration, e.g. CJK, HANGUL): the status is at least review",
    )
