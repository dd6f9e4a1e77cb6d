"""The UAE's second tariff table (rules/tariffs/AE.kcs.yaml): the GCC tariff's lines that the
general 5 % misses, from the Korea Customs Service's 2025 table of the UAE's tariff.

Before it, rules/countries/AE.yaml's general 5 % charged the GCC tariff's free lines outside
the exempt list (telephones, computers, chips, gold, antibiotics, seeds: the Information
Technology Agreement's goods and others), and the exempt-list lines that Oman's edition
(rules/tariffs/AE.yaml) could not be read for failed closed. The table
(bench/regen_ae_kcs_tariff.py, from bench/data/AE_kcs_tariff_2025.tsv) gives them from
2025-06-13 at confidence low; prohibited lines and the GCC's special goods fail closed with the
table's words; the curated alcohol, tobacco and pork rates are not overridden.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from pricing_engine.engine import Engine
from pricing_engine.errors import AmbiguousHsCode, MissingRule
from pricing_engine.rules import RuleBook
from tests.rules.conftest import assert_remade, assert_table_line, check_proposal, regen

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "bench" / "regen_ae_kcs_tariff.py"
TODAY = date(2026, 12, 6)
BEFORE = date(2025, 6, 12)  # the day before KCS saved its table


@pytest.mark.parametrize("hs", [
    "851713",    # smartphones
    "847130",    # laptops
    "854231",    # processors
    "710812",    # gold, unwrought
    "294110",    # penicillins
    "120991",    # vegetable seeds
])
def test_free_lines_outside_the_exempt_list_are_free(bundled: RuleBook, hs: str) -> None:
    rule = bundled.duty("AE", hs, "CN", TODAY).mfn
    assert rule.rate == Decimal(0) and rule.specific is None
    assert_table_line(rule, "AE.kcs", "low", "Korea Customs Service")
    assert rule.valid_from == date(2025, 6, 13)
    # before the table, the general regime's 5 % (an overstatement, as its note says)
    earlier = bundled.duty("AE", hs, "CN", BEFORE).mfn
    assert earlier.hs == "*" and earlier.rate == Decimal("0.05")


def test_an_exempt_list_line_oman_could_not_be_read_for_now_prices(bundled: RuleBook) -> None:
    rule = bundled.duty("AE", "010121", "CN", TODAY).mfn  # pure-bred horses
    assert rule.rate == Decimal(0)
    assert_table_line(rule, "AE.kcs", "low", "Korea Customs Service")
    with pytest.raises(MissingRule, match="GCC exempt list"):
        bundled.duty("AE", "010121", "CN", BEFORE)


@pytest.mark.parametrize(("hs", "words"), [
    ("401211", "marks this line PROHIBITED"),     # retreaded car tyres
    ("252410", "marks this line PROHIBITED"),     # crocidolite asbestos
    ("020311", "'special goods'"),                # pork carcasses
])
def test_banned_lines_and_special_goods_fail_closed(bundled: RuleBook, hs: str,
                                                   words: str) -> None:
    with pytest.raises(MissingRule, match=words) as err:
        bundled.duty("AE", hs, "CN", TODAY)
    assert not isinstance(err.value, AmbiguousHsCode)
    assert "AE.kcs.yaml" in str(err.value)


def test_the_curated_alcohol_rate_is_not_overridden(bundled: RuleBook) -> None:
    # the KCS table gives 5 % on this spirits line; the UAE charges alcohol 50 % (u.ae)
    rule = bundled.duty("AE", "22089011", "CN", TODAY).mfn
    assert rule.rate == Decimal("0.50")
    assert rule.ref.file.endswith("countries/AE.yaml")


def test_lines_at_the_general_rate_stay_with_the_general_regime(bundled: RuleBook) -> None:
    rule = bundled.duty("AE", "950300", "CN", TODAY).mfn  # toys: 5 % in both
    assert rule.hs == "*" and rule.ref.file.endswith("countries/AE.yaml")


PHONES = """\
id: Q-AE-PHONES
date: 2026-11-20
currency: USD
seller: {name: "Shenzhen Handset Export Co., Ltd.", country: CN}
buyer: {name: "Gulf Mobile Trading LLC", country: AE, type: business}
mode: air
incoterm: DDP
freight: {amount: "1200", currency: USD}
insurance: {amount: "60", currency: USD}
fx: {"USD/AED": "3.6725"}
lines:
  - {sku: PHONE, hs_code: "8517.13", origin: CN, quantity: 500, unit_price: "180",
     unit_cost: "120"}
"""


def test_a_ddp_phone_quote_pays_no_duty_and_names_the_low_confidence_table(engine: Engine) -> None:
    result, charges = check_proposal(engine, PHONES)
    assert result.quote is not None
    duty = charges["MFN duty"]
    assert duty.amount.amount == Decimal(0)
    assert duty.rule is not None and duty.rule.confidence == "low"
    # a review under the bundled policy (rules/policy.yaml: low_confidence_rule); the test
    # policy keeps it as information
    assert "LOW_CONFIDENCE_RULE" in [r.code for r in result.reasons]


def test_the_table_is_remade_from_the_kept_lines(tmp_path: Path) -> None:
    assert_remade(tmp_path, SCRIPT, "subheadings rules/tariffs/AE.yaml gives (Oman's edition), "
                  "compared: {'agree': 211}", "AE.kcs.yaml")


def test_lines_of_one_code_that_differ_are_written_each(tmp_path: Path) -> None:
    lines = tmp_path / "lines.tsv"
    lines.write_text("# CODE\tDUTY\n851713000001\t0%\n851713000002\t5%\n"
                     "940360000000\tFree duty\n", encoding="utf-8")
    done = regen(SCRIPT, str(lines), "--out", tmp_path)
    assert done.returncode != 0 and "duty text not understood: 'Free duty'" in done.stderr
    lines.write_text("# CODE\tDUTY\n851713000001\t0%\n851713000002\t5%\n", encoding="utf-8")
    done = regen(SCRIPT, str(lines), "--out", tmp_path)
    assert done.returncode == 0, done.stderr
    table = (tmp_path / "tariffs" / "AE.kcs.yaml").read_text("utf-8")
    # each 12-digit line, which a quote may give (the 8-digit code then names them)
    assert '{hs: "851713000001", rate: "0", valid_from: 2025-06-13}' in table
    assert '{hs: "851713000002", rate: "0.05", valid_from: 2025-06-13}' in table
    assert '"85171300"' not in table
