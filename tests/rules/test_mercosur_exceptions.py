"""Sugar and the automotive sector are outside the Mercosur free-trade zone (rules/countries
BR.yaml and AR.yaml): a Mercosur claim on sugar gets the MFN duty, one on vehicles or their
parts fails closed (bilateral regimes not encoded); before, the '*' zero freed both."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pricing_engine.errors import MissingRule
from pricing_engine.rules import RuleBook

DAY = date(2026, 11, 30)


@pytest.mark.parametrize(("country", "origin", "hs"), [
    ("BR", "AR", "17019900"), ("AR", "BR", "170199"), ("BR", "UY", "170113")])
def test_sugar_pays_the_mfn_duty_under_a_mercosur_claim(
        bundled: RuleBook, country: str, origin: str, hs: str) -> None:
    found = bundled.duty(country, hs, origin, DAY, claimed_agreement="Mercosur")
    assert found.preferential == ()
    assert found.excluded is not None and "sugar" in (found.excluded.excluded or "")
    assert found.mfn.rate is not None and found.mfn.rate > 0


@pytest.mark.parametrize(("country", "origin", "hs"), [
    ("BR", "AR", "87032310"), ("BR", "PY", "87089990"), ("AR", "BR", "87089990")])
def test_a_mercosur_claim_on_vehicles_fails_closed(
        bundled: RuleBook, country: str, origin: str, hs: str) -> None:
    with pytest.raises(MissingRule, match="automotive sector is outside"):
        bundled.duty(country, hs, origin, DAY, claimed_agreement="Mercosur")


def test_other_goods_keep_the_free_trade_zone(bundled: RuleBook) -> None:
    (pref,) = bundled.duty("BR", "84713012", "AR", DAY,
                           claimed_agreement="Mercosur").preferential
    assert pref.rate == Decimal(0)
