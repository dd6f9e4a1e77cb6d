"""RuleBook.duty(..., ambiguous_hs="highest"): the candidate lines of a code short of them,
each with the rules of its own national line (real bundled US and EU tariffs)."""

from __future__ import annotations

from datetime import date

import pytest

from pricing_engine import AmbiguousHsCode
from pricing_engine.rules import load_rules
from pricing_engine.rules.results import AdditionalDuty, CandidateLines, DutyLookup, DutyRule

DAY = date(2026, 11, 20)


@pytest.fixture(scope="module")
def book():  # type: ignore[no-untyped-def]
    return load_rules()


def charged(lookup: DutyLookup) -> tuple[object, ...]:
    """What a lookup charges (an 8-digit line over 10-digit lines alike reads one of them)."""
    def terms(r: DutyRule | AdditionalDuty) -> tuple[object, ...]:
        return (r.rate, r.specific, r.min, r.max)
    return (terms(lookup.mfn), [(p.agreement, terms(p)) for p in lookup.preferential],
            [(a.name, terms(a)) for a in lookup.additional], lookup.surcharges)


@pytest.mark.parametrize(("country", "hs", "origin", "claim"), [
    ("US", "6403.99", "KR", "KORUS"),   # preferences keyed at the 8-digit lines
    ("US", "6403.99", "CN", None),      # additional duties on Chinese goods
    ("US", "0207.25", "DE", None),
    ("DE", "9503.00", "CN", None),      # the EU's 10-digit lines
])
def test_each_candidate_reads_as_its_own_line(book, country: str, hs: str, origin: str,  # type: ignore[no-untyped-def]
                                              claim: str | None) -> None:
    with pytest.raises(AmbiguousHsCode) as caught:
        book.duty(country, hs, origin, DAY, claimed_agreement=claim)
    found = book.duty(country, hs, origin, DAY, claimed_agreement=claim, ambiguous_hs="highest")
    assert isinstance(found, CandidateLines) and found.error.candidates == caught.value.candidates
    given, compared = found.given, 0
    for lookup in found.lookups:
        code = lookup.mfn.hs
        if len(code) <= len(given):  # the rest of the code given (its shorter entry) is last
            assert lookup is found.lookups[-1]
            continue
        try:
            full = book.duty(country, code, origin, DAY, claimed_agreement=claim)
        except AmbiguousHsCode:  # an 8-digit line over 10-digit lines of other duties
            continue
        # the same MFN, preferences and additional duties as a quote giving the full line
        assert charged(lookup) == charged(full)
        compared += 1
    assert compared >= 2 and len(found.lookups) == len(caught.value.candidates)


def test_a_code_that_is_not_ambiguous_is_its_plain_lookup(book) -> None:  # type: ignore[no-untyped-def]
    plain = book.duty("US", "8481.30.20", "DE", DAY)
    assert book.duty("US", "8481.30.20", "DE", DAY, ambiguous_hs="highest") == plain
