"""An agreement's exclusions: ``excluded`` (no preference, the MFN duty) and ``not_covered``
(the rules do not give its terms: a claim fails closed) on a preferential entry, each beating
a broader entry of the same agreement (``*``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from pydantic import ValidationError

from pricing_engine.errors import MissingRule
from pricing_engine.landed import LandedCostEngine
from pricing_engine.rules import RuleBook
from pricing_engine.rules.model import PreferentialEntry

from .conftest import US_FILE_HEAD, D, make_quote

RULES = US_FILE_HEAD + """
duty:
  mfn: [{hs: "17", rate: "0.06"}, {hs: "87", rate: "0.025"}, {hs: "84", rate: "0.02"}]
  preferential:
    - {agreement: FTA, origins: [MX], hs: "*", rate: "0", requires: none}
    - {agreement: FTA, origins: [MX], hs: "1701", excluded: "sugar is not in the agreement"}
    - {agreement: FTA, origins: [MX], hs: "8703", not_covered: "cars: a quota regime"}
"""


@pytest.fixture
def engine(rules_dir: Callable[[dict[str, str]], LandedCostEngine]) -> LandedCostEngine:
    return rules_dir({"countries/US.yaml": RULES})


def _line(hs: str, claim: bool = True) -> dict[str, object]:
    line: dict[str, object] = {"sku": "S", "hs_code": hs, "origin": "MX", "quantity": "1",
                               "unit_price": "1000", "unit_cost": "1"}
    if claim:
        line["preference"] = {"agreement": "FTA"}
    return line


def test_an_excluded_line_pays_mfn_under_a_claim_and_says_why(
        engine: LandedCostEngine) -> None:
    result = engine.quote(make_quote(currency="USD", lines=[_line("1701.99")]))
    (charge,) = result.lines[0].charges[:1]
    assert charge.kind == "mfn" and charge.amount.amount == D("60.00")
    assert "preference 'FTA' excludes these goods: sugar is not in the agreement" in \
        charge.explanation
    # the rest of the chapter, and other chapters, keep the agreement's '*'
    other = engine.quote(make_quote(currency="USD", lines=[_line("1702.90")]))
    assert other.lines[0].charges[0].kind == "preference"
    assert other.totals.duty.amount.amount == D("0.00")


def test_a_claim_the_rules_do_not_cover_fails_closed(engine: LandedCostEngine) -> None:
    with pytest.raises(MissingRule, match="FTA's terms on these goods: cars: a quota regime"):
        engine.quote(make_quote(currency="USD", lines=[_line("8703.23")]))
    # without the claim the line prices at MFN, and a neighbouring heading keeps the '*'
    plain = engine.quote(make_quote(currency="USD", lines=[_line("8703.23", claim=False)]))
    assert plain.totals.duty.amount.amount == D("25.00")
    parts = engine.quote(make_quote(currency="USD", lines=[_line("8708.99")]))
    assert parts.totals.duty.amount.amount == D("0.00")


def test_the_lookup_never_offers_an_exclusion_as_a_preference(
        engine: LandedCostEngine) -> None:
    book: RuleBook = engine.rules
    day = date(2026, 11, 20)
    unclaimed = book.duty("US", "170199", "MX", day)
    assert unclaimed.preferential == () and unclaimed.excluded is None
    cars = book.duty("US", "870323", "MX", day)
    assert cars.preferential == ()
    claimed = book.duty("US", "170199", "MX", day, claimed_agreement="FTA")
    assert claimed.preferential == ()
    assert claimed.excluded is not None and claimed.excluded.hs == "1701"
    assert claimed.other_agreements == ()


@pytest.mark.parametrize(("fields", "message"), [
    ({"excluded": "x", "rate": "0"}, "excluded takes no duty terms"),
    ({"not_covered": "x", "specific": {"amount": "1", "currency": "USD", "per": "kg"}},
     "not_covered takes no duty terms"),
    ({"excluded": "x", "not_covered": "y"}, "give excluded or not_covered, not both"),
    ({}, "give a rate, a specific duty, or both"),
    ({"excluded": ""}, "at least 1 character"),
])
def test_the_format_checks_the_new_keys(fields: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        PreferentialEntry.model_validate(
            {"agreement": "FTA", "origins": ["MX"], "hs": "1701", **fields})
