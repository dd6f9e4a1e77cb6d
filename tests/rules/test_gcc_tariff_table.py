"""The UAE's GCC tariff table (rules/tariffs/AE.yaml) under the curated rules/countries/AE.yaml.

The table holds the subheadings of Oman's 2025 edition of the GCC common tariff whose lines
could all be read (bench/regen_gcc_tariff.py): it prices lines of the GCC exempt-list
chapters from 2025-01-01, the rest of those chapters stays `not_covered`, and the curated
alcohol and tobacco rates of the UAE are not overridden.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pricing_engine.errors import MissingRule
from pricing_engine.rules import RuleBook, load_rules

TODAY = date(2026, 12, 1)


@pytest.fixture(scope="module")
def bundled() -> RuleBook:
    """The bundled rule set."""
    return load_rules()


@pytest.mark.parametrize(("hs", "rate"), [
    ("030211", "0"),       # fresh or chilled trout: on the GCC exempt list
    ("0303.23", "0.05"),   # frozen tilapia: dutiable at the common 5 %
    ("010511", "0"),       # live chicks
    ("300490", "0"),       # medicaments
    ("490199", "0"),       # books
    ("290110", "0"),       # saturated acyclic hydrocarbons: a 0 % exception to the 5 %
])
def test_table_lines_price_with_their_source(bundled: RuleBook, hs: str, rate: str) -> None:
    rule = bundled.duty("AE", hs, "CN", TODAY).mfn
    assert rule.rate == Decimal(rate)
    assert rule.ref.file.endswith("tariffs/AE.yaml")
    assert rule.ref.confidence == "medium"
    assert rule.ref.source is not None and "Oman's Customs Tariff for 2025" in rule.ref.source


def test_before_the_2025_tariff_the_exempt_chapters_stay_closed(bundled: RuleBook) -> None:
    with pytest.raises(MissingRule, match="GCC exempt list"):
        bundled.duty("AE", "030211", "CN", date(2024, 12, 31))


def test_lines_the_table_could_not_read_stay_closed(bundled: RuleBook) -> None:
    # heading 01.01's page mixes 0 % and PROHIBITED cells: not read, the chapter entry holds
    with pytest.raises(MissingRule, match="GCC exempt list") as err:
        bundled.duty("AE", "010121", "CN", TODAY)
    assert "countries/AE.yaml:" in str(err.value)


@pytest.mark.parametrize(("hs", "rate"), [("220421", "0.50"), ("240220", "1")])
def test_curated_uae_rates_are_not_overridden(bundled: RuleBook, hs: str, rate: str) -> None:
    rule = bundled.duty("AE", hs, "CN", TODAY).mfn
    assert rule.rate == Decimal(rate)
    assert rule.ref.file.endswith("countries/AE.yaml")


def test_the_general_regime_still_gives_the_rest(bundled: RuleBook) -> None:
    rule = bundled.duty("AE", "950300", "CN", TODAY).mfn
    assert rule.hs == "*" and rule.rate == Decimal("0.05")


def test_saudi_arabia_does_not_take_the_table(bundled: RuleBook) -> None:
    with pytest.raises(MissingRule, match="is not covered") as err:
        bundled.duty("SA", "030211", "CN", TODAY)
    assert "countries/SA.yaml:" in str(err.value)
