"""The EU's preferential duties under the EU-Japan EPA, the EU-Korea FTA, CETA and the EU-UK
TCA, code by code (rules/tariffs/EU.preferences.yaml, from TARIC's preferential measures).

TARIC's measures for Japan, Korea, Canada and the United Kingdom (the Danish Customs Agency's
June 2026 export, kept in bench/data/EU_taric_preferences.csv) give each agreement's duty by
TARIC code with its dates: staged duties, seasonal ones, the goods an agreement leaves out
(excluded: a claim pays the MFN duty, saying why). Where the EU's MFN duty has a specific part,
the export's first figure cannot say what the agreement charges: a claim fails closed (not
for the TCA, whose zero is whole). The curated zeros and entries of rules/unions/EU.yaml stay.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pricing_engine.errors import MissingRule
from pricing_engine.rules import RuleBook
from tests.rules.conftest import assert_remade, assert_stops, regen

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "bench" / "regen_eu_preferences.py"
TODAY = date(2026, 12, 5)


def _claimed(book: RuleBook, hs: str, origin: str, agreement: str,
             on: date = TODAY) -> tuple[str | None, str, str]:
    """The claimed agreement's rate (None: none), the prefix of its entry, and the reason of
    an ``excluded`` entry where the claim gets the MFN duty."""
    found = book.duty("DE", hs, origin, on, claimed_agreement=agreement)
    rules = [r for r in found.preferential if r.agreement == agreement]
    if not rules and found.excluded is not None:
        return None, found.excluded.hs, found.excluded.excluded or ""
    if not rules:
        return None, "", ""
    return str(rules[0].rate), rules[0].hs, rules[0].ref.file


@pytest.mark.parametrize(("hs", "on", "rate"), [
    # buses of 8702 90 90 from Japan: the MFN 10 % cut each 1 February
    ("87029090", date(2025, 6, 1), "0.046"),
    ("87029090", TODAY, "0.038"),
    ("87029090", date(2027, 6, 1), "0.038"),   # the stage in force holds on past its measure
])
def test_staged_duties_under_the_eu_japan_epa(bundled: RuleBook, hs: str, on: date,
                                              rate: str) -> None:
    found, prefix, file = _claimed(bundled, hs, "JP", "EU-Japan EPA", on)
    assert (found, prefix, file) == (rate, "87029090", "rules/tariffs/EU.preferences.yaml")


def test_a_seasonal_preference_under_the_eu_korea_fta(bundled: RuleBook) -> None:
    # fresh herrings: free from 16 June to 14 February, the MFN duty in between
    assert _claimed(bundled, "03024100", "KR", "EU-Korea FTA", date(2026, 7, 1))[0] in (
        "0", None)
    rate, prefix, why = _claimed(bundled, "03024100", "KR", "EU-Korea FTA", date(2026, 3, 1))
    assert (rate, prefix) == (None, "03024100")
    assert why == "TARIC gives no EU-Korea FTA preference on these goods"


def test_goods_an_agreement_leaves_out_pay_the_mfn_duty(bundled: RuleBook) -> None:
    rate, prefix, why = _claimed(bundled, "02084010", "JP", "EU-Japan EPA")  # whale meat
    assert (rate, prefix, why) == (
        None, "02084010", "TARIC gives no EU-Japan EPA preference on these goods")
    rate, prefix, why = _claimed(bundled, "01051191", "CA", "CETA")  # laying hens' chicks
    assert (rate, prefix) == (None, "01051191") and "no CETA preference" in why


def test_a_specific_mfn_duty_fails_closed_except_under_the_tca(bundled: RuleBook) -> None:
    # live bovine animals 0102 29 10: 10.2 % + EUR 93.1/100 kg
    with pytest.raises(MissingRule, match="has a specific part"):
        bundled.duty("DE", "01022910", "JP", TODAY, claimed_agreement="EU-Japan EPA")
    # dairy spreads 0405 20 10: 9 % + an agricultural component (EA)
    with pytest.raises(MissingRule, match="has a specific part"):
        bundled.duty("DE", "04052010", "JP", TODAY, claimed_agreement="EU-Japan EPA")
    assert _claimed(bundled, "01022910", "GB", "EU-UK TCA")[0] == "0"


def test_the_table_is_what_its_script_makes_of_its_data(tmp_path: Path) -> None:
    assert_remade(tmp_path, SCRIPT, "rows read", "EU.preferences.yaml")


ROWS = """\
hs_code,area,date_start,date_end,rate,is_quota
8702909000,JP,2019-02-01,2020-01-31,0.092,0
8702909000,JP,2020-02-01,2021-01-31,0.085,0
8702909000,JP,2020-06-01,2020-12-31,0.090,0
8702909000,JP,2026-02-01,2027-01-31,0.038,0
8702903100,JP,2019-02-01,2019-12-31,0.05,1
6109100000,KR,2012-01-01,,0.0,0
"""


def test_the_script_reads_measures_by_prefix_and_date(tmp_path: Path) -> None:
    kept = tmp_path / "kept.csv"
    kept.write_text(ROWS, encoding="utf-8")
    done = regen(SCRIPT, kept, "--out", tmp_path)
    assert done.returncode == 0, done.stderr
    made = (tmp_path / "tariffs" / "EU.preferences.yaml").read_text("utf-8")
    entry = '{agreement: "EU-Japan EPA", origins: [JP], hs: "87029090", '
    # 8702909000 is the CN line 8702 90 90; where two measures overlap, the higher duty
    assert entry + 'rate: "0.092", valid_from: 2019-02-01, valid_to: 2020-01-31}' in made
    assert entry + 'rate: "0.09", valid_from: 2020-06-01, valid_to: 2020-12-31}' in made
    # no measure from 2021-02-01 to 2026-01-31: the agreement gives nothing then
    assert entry + 'excluded: "TARIC gives no EU-Japan EPA preference on these goods", ' \
        'valid_from: 2021-02-01, valid_to: 2026-01-31}' in made
    # the stage in force at the export's date holds on
    assert entry + 'rate: "0.038", valid_from: 2026-02-01}' in made
    # a tariff-quota measure is not read; cotton T-shirts from Korea: before the code's first
    # measure (2012, the CN re-coded then) the export cannot say, so nothing for 2011; after,
    # free as the "*" zero says
    assert 'hs: "87029031", rate' not in made
    assert 'hs: "610910"' not in made
    assert '{agreement: "EU-Korea FTA", origins: [KR], hs: "61099090", excluded: "TARIC gives ' \
        'no EU-Korea FTA preference on these goods", valid_from: 2011-07-01}' in made


def test_a_row_of_another_shape_stops_the_script(tmp_path: Path) -> None:
    kept = tmp_path / "kept.csv"
    kept.write_text(ROWS + "8702909000,JP,2019-02-01,,9%,0\n", encoding="utf-8")
    assert_stops(tmp_path, SCRIPT, "kept.csv:8: not 'hs_code,area", kept)
