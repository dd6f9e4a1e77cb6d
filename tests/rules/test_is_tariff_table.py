"""Iceland's tariff lines of chapters 1-24 (rules/tariffs/IS.yaml) under rules/countries/IS.yaml.

Iceland charges no customs duty outside food and agricultural products (the curated general
regime); chapters 1-24 are charged line by line, ad valorem, in ISK per kg or per piece, or both.
The table (bench/regen_is_tariff.py, from bench/data/IS_tollskra_ch01-24.tsv) gives those lines
from 2026-01-01 with confidence low: they price, and a quote on them goes to review. Before the
table, and for a code it has no line for, the chapter entry fails closed.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from pricing_engine.errors import AmbiguousHsCode, MissingRule
from pricing_engine.rules import RuleBook
from tests.rules.conftest import (
    assert_duty_terms,
    assert_remade,
    assert_table_line,
    dap_quote,
    priced_line,
)

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(("hs", "rate", "specific"), [
    ("040690", "0.3", ("972", "kg")),     # other cheese: 30 % + ISK 972 per kg
    ("0406.90.00", "0.3", ("972", "kg")),  # the national line under it
    ("02013002", "0.3", ("1462", "kg")),  # beef tenderloin, boneless
    ("040510", "0.3", ("623", "kg")),     # butter
    ("060311", "0.3", ("95", "unit")),    # cut roses: 30 % + ISK 95 a piece
    ("070951", None, ("80", "kg")),       # Agaricus mushrooms: ISK 80 per kg only
    ("070200", "0.1", None),              # tomatoes: 10 %
    ("03078790", "0", None),              # molluscs, not smoked: free
    ("03078710", "0.1", None),            # the same, smoked: 10 %
])
def test_table_lines_price_with_their_source(
    bundled: RuleBook, hs: str, rate: str | None, specific: tuple[str, str] | None
) -> None:
    rule = bundled.duty("IS", hs, "CN", TODAY).mfn
    assert_duty_terms(rule, rate, specific, "ISK")
    assert_table_line(rule, "IS", "low", "Icelandic customs tariff")


def test_a_code_over_lines_of_different_duties_names_the_lines(bundled: RuleBook) -> None:
    with pytest.raises(AmbiguousHsCode) as err:
        bundled.duty("IS", "020130", "CN", TODAY)  # boneless beef: ISK 510 to 1,462 per kg
    named = [code for code, _ in err.value.candidates]
    assert named == ["02013001", "02013002", "02013003", "02013004", "02013005", "02013006",
                     "02013009"]
    assert "1462 ISK/kg + 30 %" in str(err.value)


def test_before_the_table_the_chapters_fail_closed(bundled: RuleBook) -> None:
    with pytest.raises(MissingRule, match="agricultural and food products") as err:
        bundled.duty("IS", "040690", "CN", date(2025, 12, 31))
    assert "countries/IS.yaml:" in str(err.value)
    assert not isinstance(err.value, AmbiguousHsCode)


def test_a_code_the_table_does_not_list_still_fails_closed(bundled: RuleBook) -> None:
    # no Icelandic line starts 0101 99: the curated chapter entry answers, never the general 0 %
    with pytest.raises(MissingRule, match="agricultural and food products"):
        bundled.duty("IS", "01019999", "CN", TODAY)


def test_industrial_goods_keep_the_general_regime(bundled: RuleBook) -> None:
    rule = bundled.duty("IS", "847130", "CN", TODAY).mfn
    assert rule.hs == "*" and rule.rate == Decimal(0)


def test_the_table_is_what_its_script_makes_of_its_data(tmp_path: Path) -> None:
    # the shipped table is regenerated from the lines kept in the repository, byte for byte
    assert_remade(tmp_path, ROOT / "bench" / "regen_is_tariff.py",
                  "2847 lines read, all parsed", "IS.yaml")


QUOTE = dap_quote(quote_id="Q-IS-BUTTER", day="2026-12-01", currency="EUR", place="Reykjavik",
                  seller=("Laiterie Test SARL", "FR"), buyer=("Reykjavik Matvara ehf", "IS"),
                  fx={"EUR/ISK": "146.9"}, lines="""\
  - {sku: BUTTER, hs_code: "HS", origin: FR, quantity: 100, unit_weight_kg: "1",
     unit_price: "5", unit_cost: "3"}
""")


def test_an_iceland_quote_prices_ad_valorem_plus_isk_per_kg(tmp_path: Path) -> None:
    line = priced_line(tmp_path, "is-butter.yaml", QUOTE, "0405.10.00")
    # 30 % of EUR 500 at 146.9 (ISK 22,035) + ISK 623 per kg on 100 kg (ISK 62,300)
    assert line["duty"]["amount"] == {"amount": "84335", "currency": "ISK"}
