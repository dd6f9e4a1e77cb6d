"""A table's preferences are in force on every day its lines are (bundled rules).

The US and Canadian tables date their MFN lines back to earlier revisions that charge the
same; their preferences used to keep the revision's own date, so on the days between a claim
met only the broad curated zero of the agreement and was granted what the table excludes.
Now a preference the earlier revision gives alike is dated back with the lines, and any other
is ``not_covered`` on those days (a claim fails closed). The walk below checks the property on
every bundled table: no preference entry of a table starts after a line of the same table
under its code while a broader entry of the agreement with other terms covers the gap.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

import pytest

from pricing_engine.errors import MissingRule
from pricing_engine.rules import RuleBook, load_rules
from pricing_engine.rules.country import CountryRules
from pricing_engine.rules.results import DutyRule
from pricing_engine.rules.timeline import Span

LOW = date(1900, 1, 1)


@pytest.fixture(scope="module")
def book() -> RuleBook:
    return load_rules()


def _terms(rule: DutyRule) -> tuple[object, ...]:
    return (rule.excluded is not None, rule.rate, rule.specific, rule.declared)


def _broader(hs: str) -> list[str]:
    """The codes an entry at ``hs`` refines: ``*`` and its shorter prefixes."""
    return ["*", *(hs[:n] for n in range(2, len(hs)))]


def _line_starts(book: RuleBook, country: str) -> tuple[dict[tuple[str, str], date], list[str]]:
    """The first day each table line is in force, by (file, code); the codes sorted."""
    starts: dict[tuple[str, str], date] = {}
    for hs, entries in book.country(country).mfn.items():
        for span, rule in entries:
            if "/tariffs/" in rule.ref.file:
                key = (rule.ref.file, hs)
                starts[key] = min(starts.get(key, span.start or LOW), span.start or LOW)
    return starts, sorted({hs for _, hs in starts})


#: An agreement's entries for one origin, by code: (span, rule) each.
_Entries = dict[str, list[tuple[Span, DutyRule]]]


def _by_agreement(rules: CountryRules) -> dict[tuple[str | None, str], _Entries]:
    """A tariff's preference entries by agreement and origin, then by code."""
    by: dict[tuple[str | None, str], _Entries] = defaultdict(lambda: defaultdict(list))
    for hs, keyed in rules.preferential.items():
        for span, served, _, rule in keyed:
            for origin in served or ("any",):
                by[rule.agreement, origin][hs].append((span, rule))
    return by


def _tariffs(book: RuleBook) -> list[str]:
    """One country of each tariff with preferences (a union's members share theirs)."""
    seen: set[int] = set()
    out = []
    for country in book.countries():
        rules = book.country(country)
        if rules.preferential and id(rules.preferential) not in seen:
            seen.add(id(rules.preferential))
            out.append(country)
    return out


def _gaps(book: RuleBook, country: str) -> list[str]:
    starts, codes = _line_starts(book, country)
    found = []
    for (agreement, origin), under in _by_agreement(book.country(country)).items():
        for hs, spans in under.items():
            if hs == "*":
                continue
            span, first = min(spans, key=lambda s: s[0].start or LOW)
            begin = span.start or LOW
            file = first.ref.file
            near = [hs[:n] for n in range(2, len(hs) + 1)]
            i = bisect_left(codes, hs)
            while i < len(codes) and codes[i].startswith(hs):
                near.append(codes[i])
                i += 1
            lines = [starts[file, c] for c in near if (file, c) in starts]
            if not lines or min(lines) >= begin:
                continue
            days = (min(lines), begin - timedelta(days=1))
            broad = [(s, r) for b in _broader(hs) for s, r in under.get(b, ())]
            if any(s.covers(d) and _terms(r) != _terms(first) for s, r in broad for d in days):
                found.append(f"{country} {agreement} {origin} {hs} from {begin} "
                             f"(lines from {min(lines)}, {file})")
    return found


def test_no_table_preference_starts_after_its_own_lines(book: RuleBook) -> None:
    tariffs = _tariffs(book)
    gaps = [gap for country in tariffs for gap in _gaps(book, country)]
    assert len(tariffs) >= 15
    assert not gaps, f"{len(gaps)} preferences start after their table's lines: {gaps[:5]}"


def test_a_claim_on_goods_the_table_excludes_pays_mfn_before_the_revision(book: RuleBook
                                                                           ) -> None:
    # over-access chicks under CUSMA, Canada, March 2026 (the lines from 2026-01-01): the
    # table's exclusion applies, not the curated zero of countries/CA.yaml
    chicks = book.duty("CA", "0105.11.22", "US", date(2026, 3, 1), claimed_agreement="CUSMA")
    assert chicks.preferential == () and chicks.excluded is not None
    assert "UST" in (chicks.excluded.excluded or "")
    assert chicks.mfn.rate == Decimal("2.38")
    # Korean sugar under KORUS, US, June 2025 (the lines from 2025-01-01)
    sugar = book.duty("US", "1701.91.44", "KR", date(2025, 6, 1), claimed_agreement="KORUS")
    assert sugar.preferential == () and sugar.excluded is not None


def test_terms_that_changed_between_revisions_fail_closed_on_the_days_between(
        book: RuleBook) -> None:
    # the UK's CPTPP column (CPUKT) is not in Canada's revision of 2026-01-01
    with pytest.raises(MissingRule, match="CPTPP"):
        book.duty("CA", "9403.60.10", "GB", date(2026, 3, 1), claimed_agreement="CPTPP")
    japan = book.duty("CA", "9403.60.10", "JP", date(2026, 3, 1), claimed_agreement="CPTPP")
    assert [p.rate for p in japan.preferential] == [Decimal(0)]
    later = book.duty("CA", "9403.60.10", "GB", date(2026, 10, 1), claimed_agreement="CPTPP")
    assert [p.rate for p in later.preferential] == [Decimal(0)]
    # KORUS beef was still staged in 2025: the 2026 zero is not granted before Revision 10
    with pytest.raises(MissingRule, match="KORUS"):
        book.duty("US", "0201.10.05", "KR", date(2025, 6, 1), claimed_agreement="KORUS")
    beef = book.duty("US", "0201.10.05", "KR", date(2026, 10, 1), claimed_agreement="KORUS")
    assert [p.rate for p in beef.preferential] == [Decimal(0)]


def _unflagged_broad_zeros(book: RuleBook, country: str) -> list[str]:
    """Curated entries of an agreement in force the day before a table's exception to it
    (a line the agreement does not free, or charges) begins, and not marked low."""
    found = []
    for (agreement, origin), under in _by_agreement(book.country(country)).items():
        for hs, spans in under.items():
            span, first = min(spans, key=lambda s: s[0].start or LOW)
            exception = first.excluded is not None or first.rate or first.specific is not None
            if "/tariffs/" not in first.ref.file or span.start is None or not exception:
                continue
            day = span.start - timedelta(days=1)
            found += [f"{country} {agreement} {origin} {b} ({r.ref.file}) on {day}, before {hs}"
                      for b in _broader(hs) for s, r in under.get(b, ())
                      if s.covers(day) and "/countries/" in r.ref.file
                      and r.ref.confidence != "low"]
    return found


def test_before_a_table_the_broad_curated_zero_of_an_agreement_is_flagged(book: RuleBook
                                                                          ) -> None:
    # the lines an agreement does not free are known from the tables' days only: before,
    # a claim priced by the curated zero ("*") is flagged LOW_CONFIDENCE_RULE (a review)
    found = [f for country in _tariffs(book) for f in _unflagged_broad_zeros(book, country)]
    assert not found, f"{len(found)} broad entries not flagged: {sorted(set(found))[:5]}"
    before = book.duty("CA", "1806.10.00", "MX", date(2025, 6, 1), claimed_agreement="CUSMA")
    assert [p.ref.confidence for p in before.preferential] == ["low"]
    after = book.duty("CA", "9403.60.10", "MX", date(2026, 6, 1), claimed_agreement="CUSMA")
    assert [p.ref.confidence for p in after.preferential] == ["high"]
