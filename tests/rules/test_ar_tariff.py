"""Argentina's duty from the bundled tariffs/AR.yaml: the Mercosur common external tariff by NCM
code (confidence low: Argentina's national exceptions are not in it), capital and IT goods
and vehicles, which follow regimes of their own, failing closed with the reason, and the
intra-Mercosur zero for originating goods."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from pricing_engine.errors import MissingRule
from pricing_engine.rules import RuleBook, load_rules

DAY = date(2026, 11, 20)


@pytest.fixture(scope="module")
def book() -> RuleBook:
    return load_rules()


@pytest.mark.parametrize(("hs", "rate"), [
    ("6109.10.00", "0.35"),   # cotton T-shirts: the AEC's 35 %
    ("2204.21.00", "0.20"),   # wine in small containers
    ("0201.30.00", "0.108"),  # boneless beef: 12 % less the 2022 common cut of a tenth
])
def test_a_code_pays_the_common_external_tariff(book: RuleBook, hs: str, rate: str) -> None:
    found = book.duty("AR", hs, "CN", DAY)
    assert found.mfn.rate == Decimal(rate)
    assert found.mfn.ref.file == "rules/tariffs/AR.yaml"
    assert found.mfn.ref.confidence == "low"  # the national exceptions are not applied


@pytest.mark.parametrize(("hs", "why"), [
    ("8413.70.10", "capital good (BK)"),       # centrifugal pumps
    ("8471.30.12", "IT good (BIT)"),           # laptops
    ("8703.23.10", "automotive regime"),       # cars: 35 % in Argentina, 20 % in the AEC
])
def test_goods_of_a_regime_of_their_own_fail_closed(book: RuleBook, hs: str, why: str) -> None:
    with pytest.raises(MissingRule, match=re.escape(why)):
        book.duty("AR", hs, "CN", DAY)


def test_goods_of_the_zone_pay_nothing_under_mercosur(book: RuleBook) -> None:
    found = book.duty("AR", "6109.10.00", "BR", DAY, claimed_agreement="Mercosur")
    assert [(p.agreement, p.rate) for p in found.preferential] == [("Mercosur", Decimal(0))]
    assert not book.duty("AR", "6109.10.00", "CN", DAY, claimed_agreement="Mercosur").preferential


def test_the_table_starts_with_its_workbook(book: RuleBook) -> None:
    with pytest.raises(MissingRule):
        book.duty("AR", "6109.10.00", "CN", date(2026, 3, 15))
    assert book.duty("AR", "6109.10.00", "CN", date(2026, 3, 16)).mfn.rate == Decimal("0.35")
