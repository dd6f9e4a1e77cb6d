"""Preferences follow the MFN lines back to the earlier editions that give them alike.

A table's lines dated before its preferences met, on those days, only the broad curated
zero of an agreement: a claim on goods the table excludes (supply-managed poultry under
CUSMA, sugar under KORUS) was granted free entry. :func:`carry_back_preferences` dates each
preference the earlier editions give alike (origin by origin) from the earliest of them, and
makes every other one ``not_covered`` on the days between, so a claim there fails closed.
"""

from datetime import date
from decimal import Decimal

import pytest

from pricing_engine.errors import InputError
from pricing_engine.rules.model import PreferentialEntry
from pricing_engine.tariff.carry_back import carry_back_preferences

SINCE, START = date(2026, 1, 1), date(2026, 9, 1)


def pref(agreement: str, hs: str, origins: tuple[str, ...], **terms: object) -> PreferentialEntry:
    return PreferentialEntry.model_validate(
        {"agreement": agreement, "hs": hs, "origins": origins, **terms})


def by_key(entries: list[PreferentialEntry]
           ) -> dict[tuple[str, str, tuple[str, ...], date | None], PreferentialEntry]:
    out = {(e.agreement, e.hs, e.origins, e.valid_from): e for e in entries}
    assert len(out) == len(entries), "one entry per agreement, code, origins and day"
    return out


def test_alike_terms_are_dated_back_and_the_rest_fail_closed_between() -> None:
    now = [
        pref("CPTPP", "*", ("AU", "GB", "JP"), rate="0"),
        pref("CPTPP", "04011020", ("AU", "GB", "JP"), excluded="CBSA gives no CPTPT, CPUKT rate"),
        pref("CKFTA", "87032310", ("KR",), rate="0.02"),  # a staged rate that moved
        pref("GSP", "*", ("IN",), rate="0", valid_to=date(2020, 12, 31)),  # its own days
    ]
    then = [
        pref("CPTPP", "*", ("AU", "JP"), rate="0"),
        # the same exclusion in other words: terms alike
        pref("CPTPP", "04011020", ("AU", "JP"), excluded="CBSA gives no CPTPT rate"),
        pref("CKFTA", "87032310", ("KR",), rate="0.04"),
        pref("CKFTA", "87032320", ("KR",), excluded="not granted then"),  # gone since
    ]
    out, moved, gaps = carry_back_preferences(now, [then], since=SINCE, start=START)
    got = by_key(out)
    back = got["CPTPP", "*", ("AU", "JP"), SINCE]
    assert (back.valid_to, back.rate) == (None, Decimal(0))
    excluded = got["CPTPP", "04011020", ("AU", "JP"), SINCE]
    assert excluded.excluded == "CBSA gives no CPTPT, CPUKT rate"  # the table's wording
    # GB, which the earlier edition does not give, and the rate that moved: the table's
    # terms from its own day, and before it a not_covered entry (a claim fails closed
    # rather than meeting the broad zero)
    assert got["CPTPP", "*", ("GB",), START].rate == Decimal(0)
    assert got["CPTPP", "04011020", ("GB",), START].excluded
    assert got["CKFTA", "87032310", ("KR",), START].rate == Decimal("0.02")
    closed = {k[:3]: e for k, e in got.items() if e.not_covered}
    assert set(closed) == {("CPTPP", "*", ("GB",)), ("CPTPP", "04011020", ("GB",)),
                           ("CKFTA", "87032310", ("KR",)), ("CKFTA", "87032320", ("KR",))}
    for entry in closed.values():
        assert (entry.valid_from, entry.valid_to) == (SINCE, date(2026, 8, 31))
        assert entry.rate is None and "2026-09-01" in (entry.not_covered or "")
    assert got["GSP", "*", ("IN",), None] == now[3]  # dated on its own: kept as it is
    assert (moved, gaps) == (2, 4)
    assert len(out) == 3 + 2 + 1 + 4


def test_an_edition_not_before_the_table_is_refused() -> None:
    with pytest.raises(InputError, match="before the table"):
        carry_back_preferences([], [[]], since=START, start=START)
