"""The UAE's GCC tariff table (rules/tariffs/AE.yaml) under the curated rules/countries/AE.yaml.

The table holds the subheadings of Oman's 2025 edition of the GCC common tariff whose lines
could all be read (bench/regen_gcc_tariff.py): it prices lines of the GCC exempt-list
chapters from 2025-01-01, the rest of those chapters stays `not_covered`, and the curated
alcohol and tobacco rates of the UAE are not overridden.
"""

from __future__ import annotations

import json
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from pricing_engine.errors import MissingRule
from pricing_engine.rules import RuleBook
from tests.rules.conftest import assert_table_line, dap_quote, quote_with_hs

TODAY = date(2026, 12, 1)



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
    assert_table_line(rule, "AE", "medium", "Oman's Customs Tariff for 2025")


def test_before_the_2025_tariff_the_exempt_chapters_stay_closed(bundled: RuleBook) -> None:
    with pytest.raises(MissingRule, match="GCC exempt list"):
        bundled.duty("AE", "030211", "CN", date(2024, 12, 31))


def test_lines_the_table_could_not_read_stay_closed(bundled: RuleBook) -> None:
    # heading 01.01's page mixes 0 % and PROHIBITED cells: not read, the chapter entry holds
    # until the Korea Customs Service's table gives the line (tests/rules/test_ae_kcs_table.py)
    with pytest.raises(MissingRule, match="GCC exempt list") as err:
        bundled.duty("AE", "010121", "CN", date(2025, 6, 12))
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
    # Saudi Arabia has its own tariff (tariffs/SA.yaml), never the GCC book read for the UAE
    rule = bundled.duty("SA", "030211", "CN", TODAY).mfn
    assert rule.ref.file.endswith("tariffs/SA.yaml")
    with pytest.raises(MissingRule, match="GCC exempt list") as err:
        bundled.duty("SA", "030211", "CN", date(2019, 6, 1))  # before its ZATCA line
    assert "countries/SA.yaml:" in str(err.value)


QUOTE = dap_quote(quote_id="Q-AE-FISH", day="2026-12-01", currency="USD", place="Dubai", mode="air",
                  freight="900", insurance="40", seller=("Nordic Seafood AS", "NO"),
                  buyer=("Gulf Foods LLC", "AE"), fx={"USD/AED": "3.6725"}, lines="""\
  - {sku: TROUT, hs_code: "0302.11", origin: NO, quantity: 500, unit_price: "12", unit_cost: "8"}
  - {sku: TILAPIA, hs_code: "HS", origin: NO, quantity: 500, unit_price: "6", unit_cost: "4"}
""")


def quote(tmp_path: Path, hs: str) -> subprocess.CompletedProcess[str]:
    """``pricing-engine quote --format json`` of a fresh and a frozen fish line to the UAE."""
    return quote_with_hs(tmp_path, "ae-fish.yaml", QUOTE, hs)


def test_a_uae_quote_prices_fish_lines_from_the_table(tmp_path: Path) -> None:
    done = quote(tmp_path, "0303.23")
    assert done.returncode == 0, done.stderr
    lines = {line["sku"]: line for line in json.loads(done.stdout)["lines"]}
    assert lines["TROUT"]["duty"]["amount"] == {"amount": "0.00", "currency": "AED"}
    # 5 % of the frozen line's CIF value, AED 11,017.50 (half the freight and insurance)
    assert lines["TILAPIA"]["duty"]["amount"] == {"amount": "550.88", "currency": "AED"}


def test_a_uae_quote_of_a_fish_line_oman_could_not_be_read_for_takes_the_kcs_line(
        tmp_path: Path) -> None:
    # frozen sockeye salmon: not read from Oman's edition; 5 % in the Korea Customs Service's
    # table (rules/tariffs/AE.kcs.yaml, from 2025-06-13); it failed closed before that table
    done = quote(tmp_path, "0303.11")
    assert done.returncode == 0, done.stderr
    lines = {line["sku"]: line for line in json.loads(done.stdout)["lines"]}
    assert lines["TILAPIA"]["duty"]["amount"] == {"amount": "550.88", "currency": "AED"}


def test_a_uae_quote_of_a_banned_line_fails_closed(tmp_path: Path) -> None:
    done = quote(tmp_path, "0103.10")  # pure-bred breeding swine: PROHIBITED in the GCC tariff
    assert done.returncode != 0
    assert "HS 010310 is not covered by the duty rules" in done.stderr
    assert "PROHIBITED" in done.stderr and "Traceback" not in done.stderr
