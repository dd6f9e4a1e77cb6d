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


@pytest.mark.parametrize("on", [date(2025, 6, 13), date(2025, 9, 1), date(2026, 3, 15)])
def test_the_table_starts_with_kcs_snapshot_of_the_aec(book: RuleBook, on: date) -> None:
    # KCS's 2025 table of Brazil's tariff gives the AEC: where it charges what the workbook
    # does, the code is dated from KCS's day (2025-06-13), not from the workbook's
    found = book.duty("AR", "6109.10.00", "CN", on)
    assert found.mfn.rate == Decimal("0.35")
    assert found.mfn.ref.confidence == "low"
    with pytest.raises(MissingRule, match=re.escape("capital good (BK)")):
        book.duty("AR", "8413.70.10", "CN", on)


def test_before_kcs_day_there_is_no_rule(book: RuleBook) -> None:
    with pytest.raises(MissingRule, match="no MFN duty rule"):
        book.duty("AR", "6109.10.00", "CN", date(2025, 6, 12))


def test_a_code_kcs_does_not_give_fails_closed_until_the_workbook(book: RuleBook) -> None:
    # 0712.90.20 is not a line of KCS's table: its AEC rate before the workbook is not known
    with pytest.raises(MissingRule, match="not a line of KCS's 2025 table of Brazil's"):
        book.duty("AR", "0712.90.20", "CN", date(2025, 9, 1))
    assert book.duty("AR", "0712.90.20", "CN", DAY).mfn.rate is not None
