"""A US free trade agreement does not free the lines its special column does not grant.

The curated layer frees KORUS, AUSFTA and USMCA goods at ``*`` (rules/countries/US.yaml),
and the table (rules/tariffs/US.yaml) lists the agreement rates line by line. A dutiable line
whose special column leaves the partner out (sugar for Korea) or sends its rate to chapter 98
(Australian beef and dairy, USMCA dairy and sugar) is excluded from the agreement in the
table (a claim pays the MFN duty, and the quote says why); before, a claim there found only
the ``*`` entry and priced 0.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pricing_engine.rules import RuleBook

DAY = date(2026, 11, 30)


@pytest.mark.parametrize(("hs", "origin", "agreement"), [
    ("1701914400", "KR", "KORUS"),    # sugar: "Free (OM,PE,S)", no KR
    ("02011050", "AU", "AUSFTA"),     # beef: AU's rate is in 9822.04 (chapter 98)
    ("0401402500", "CA", "USMCA"),    # cream over quota: the USMCA rate is in 9823
])
def test_a_claim_on_a_line_the_agreement_does_not_free_pays_the_mfn_duty(
        bundled: RuleBook, hs: str, origin: str, agreement: str) -> None:
    found = bundled.duty("US", hs, origin, DAY, claimed_agreement=agreement)
    assert found.mfn.rate or found.mfn.specific  # a dutiable line
    assert not found.preferential and found.excluded is not None
    rule = found.excluded
    assert rule.ref.file.endswith("tariffs/US.yaml") and rule.excluded
    assert rule.agreement == agreement and hs.startswith(rule.hs) and len(rule.hs) >= 6


def test_the_lines_an_agreement_frees_stay_free(bundled: RuleBook) -> None:
    # steel check valves (5 % MFN): KORUS frees them
    (pref,) = bundled.duty("US", "8481302090", "KR", DAY,
                           claimed_agreement="KORUS").preferential
    assert pref.rate == Decimal(0)
    # and another sugar line the column leaves Korea out of is excluded: its 6 %
    sugar = bundled.duty("US", "1702302400", "KR", DAY, claimed_agreement="KORUS")
    assert not sugar.preferential and sugar.excluded is not None
    assert sugar.mfn.rate == Decimal("0.06")
