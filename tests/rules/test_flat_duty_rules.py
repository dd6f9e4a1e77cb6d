"""De minimis entries limited to buyer types, with a flat duty (the EU's EUR 3 interim duty)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pricing_engine.rules import load_rules


def _duty_entries(buyer_type: str | None, day: date = date(2026, 11, 20)) -> list[tuple[
        Decimal, str | None]]:
    book = load_rules()
    found = book.de_minimis("FR", day, mode="post", ship_from="CN", origin="CN",
                            buyer_type=buyer_type)
    return [(d.amount.amount, None if d.flat_duty is None else
             f"{d.flat_duty.amount} {d.flat_duty.currency}/{d.flat_duty.per}")
            for d in found if d.kind in ("duty", "both")]


def test_a_consumer_gets_the_flat_duty_entry_over_the_general_one() -> None:
    assert _duty_entries("consumer") == [(Decimal("150"), "3 EUR/item_category")]


def test_a_business_buyer_or_no_buyer_type_gets_no_threshold() -> None:
    assert _duty_entries("business") == [(Decimal("0"), None)]
    assert _duty_entries(None) == [(Decimal("0"), None)]


def test_before_july_2026_everyone_gets_the_150_relief() -> None:
    day = date(2026, 6, 30)
    assert _duty_entries("consumer", day) == [(Decimal("150"), None)]
    assert _duty_entries("business", day) == [(Decimal("150"), None)]


def test_after_the_interim_period_nothing_is_encoded() -> None:
    assert _duty_entries("consumer", date(2028, 7, 2)) == []
