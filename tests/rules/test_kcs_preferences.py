"""The agreement rates of the Korea Customs Service's tables (bench/kcs_preferences.py), as
the bundled tariff tables of AU (AU.kcs.yaml), CO, MY, PE and TH give them.

Each agreement frees the lines its column does not list, charges its rate where it gives one
(Australia's staged RCEP and KAFTA rates stage by stage, from 2025-06-13 on), and the MFN duty
where it gives none or a text the script does not read (Australia's excise-equivalent duties,
indexed since). A six-digit claim over lines of different agreement rates is charged the MFN
duty. Australia's curated ``hs: "*"`` zeros for KAFTA and RCEP (rules/countries/AU.yaml) stay
for the lines the table frees.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from pricing_engine.rules import RuleBook
from tests.rules.conftest import dap_quote, priced_line

TODAY = date(2026, 12, 3)
#: A day Australia's excise-equivalent rates of 2026-04-01 are in force
BEFORE_INDEXATION = date(2026, 6, 1)


def _claimed(book: RuleBook, country: str, hs: str, origin: str, agreement: str,
             on: date = TODAY) -> tuple[Decimal | None, Decimal | None, str]:
    """The MFN rate, the claimed agreement's rate (None: no entry; the MFN rate where an
    ``excluded`` entry says the agreement grants the line nothing) and its prefix."""
    found = book.duty(country, hs, origin, on, claimed_agreement=agreement)
    rules = [r for r in found.preferential if r.agreement == agreement]
    assert len(rules) <= 1
    if not rules and found.excluded is not None:
        return found.mfn.rate, found.mfn.rate, found.excluded.hs
    if not rules:
        return found.mfn.rate, None, ""
    return found.mfn.rate, rules[0].rate, rules[0].hs


@pytest.mark.parametrize(("hs", "on", "rate"), [
    ("39011000", date(2026, 4, 1), "0.05"),    # polyethylene: 5 % until 2031
    ("39011000", TODAY, "0.05"),
    ("39011000", date(2032, 1, 1), "0.04"),
    ("39011000", date(2040, 12, 31), "0.01"),
    ("39011000", date(2041, 1, 1), "0"),
    ("87032319", date(2026, 1, 1), "0.02"),    # a car line: 3 % from 2024, 2 % from 2026
    ("87032319", TODAY, "0.02"),
    ("87032319", date(2028, 1, 1), "0"),
])
def test_australia_s_rcep_rates_go_down_stage_by_stage(bundled: RuleBook, hs: str, on: date,
                                                       rate: str) -> None:
    for origin in ("CN", "JP", "KR", "NZ", "VN"):
        mfn, pref, _ = _claimed(bundled, "AU", hs, origin, "RCEP", on)
        assert mfn == Decimal("0.05")
        assert pref == Decimal(rate), (origin, on)


def test_australia_s_rcep_frees_what_its_schedule_does_not_list(bundled: RuleBook) -> None:
    # cotton T-shirts: not in Schedule 14, so the curated hs: "*" zero answers
    assert _claimed(bundled, "AU", "61091000", "CN", "RCEP") == (Decimal("0.05"), Decimal(0),
                                                                "*")


def test_a_six_digit_claim_over_lines_of_different_rates_is_charged_mfn(
    bundled: RuleBook
) -> None:
    # 8703.23: lines at 5 % until 2031 and at 2 % now under RCEP
    assert _claimed(bundled, "AU", "870323", "JP", "RCEP") == (Decimal("0.05"),
                                                              Decimal("0.05"), "870323")
    assert _claimed(bundled, "AU", "87032390", "JP", "RCEP")[1] == Decimal("0.05")


def test_an_excise_equivalent_duty_stays_under_the_agreement(bundled: RuleBook) -> None:
    # beer: the duty per litre of alcohol is an excise equivalent, due whatever the origin
    # (before the excise-equivalent rates' indexation of August 2026, after which the line
    # is not priced)
    found = bundled.duty("AU", "22030091", "KR", BEFORE_INDEXATION, claimed_agreement="KAFTA")
    kafta = [r for r in found.preferential if r.agreement == "KAFTA"]
    assert found.mfn.specific is not None and kafta and kafta[0].hs == "22030091"
    assert kafta[0].specific == found.mfn.specific and kafta[0].rate == found.mfn.rate


@pytest.mark.parametrize(("country", "hs", "origin", "agreement", "rate", "mfn"), [
    # beer: the statutory 60 % (no lower general rate in the table), 51 % under RCEP
    ("TH", "22030011", "KR", "RCEP", "0.51", "0.6"),
    ("TH", "22030011", "KR", "AKFTA", "0", "0.6"),        # and free under AKFTA
    ("TH", "87032312", "KR", "AKFTA", "0.8", "0.8"),      # cars: no AKFTA rate, so MFN
    ("MY", "8703231400", "SG", "ATIGA", "0", "0.35"),
    ("MY", "8703231400", "KR", "AKFTA", "0.28", "0.35"),
    ("MY", "8703231400", "KR", "RCEP", "0.35", "0.35"),
    ("CO", "8703231090", "KR", "Colombia-Korea FTA", "0", "0.35"),
    ("PE", "2204210000", "KR", "Peru-Korea FTA", "0", "0.06"),
])
def test_korean_goods_and_asean_goods_get_the_agreement_rate(
    bundled: RuleBook, country: str, hs: str, origin: str, agreement: str, rate: str, mfn: str
) -> None:
    found_mfn, pref, _ = _claimed(bundled, country, hs, origin, agreement)
    assert found_mfn == Decimal(mfn)
    assert pref == Decimal(rate)


def test_an_agreement_s_tariff_quota_gives_both_of_its_rates(bundled: RuleBook) -> None:
    # Malaysian swine 0103.91: MFN 'In: 15% Out: 20%', AKFTA 'In : 0% Out : 20%'
    found = bundled.duty("MY", "0103910000", "KR", TODAY, claimed_agreement="AKFTA")
    (pref,) = found.preferential
    assert pref.declared is not None and pref.declared.out_of_quota is not None
    assert (pref.rate, pref.declared.out_of_quota.rate) == (Decimal(0), Decimal("0.2"))


def test_an_agreement_serves_only_its_origins(bundled: RuleBook) -> None:
    assert _claimed(bundled, "MY", "8703231400", "CN", "ATIGA")[1] is None  # not ASEAN
    assert _claimed(bundled, "TH", "22030011", "JP", "RCEP")[1] is None  # read for KR only
    assert _claimed(bundled, "PE", "2204210000", "CL", "Peru-Korea FTA")[1] is None


def test_a_line_the_agreement_excludes_is_charged_mfn(bundled: RuleBook) -> None:
    found = bundled.duty("PE", "0805291000", "KR", TODAY, claimed_agreement="Peru-Korea FTA")
    # tangerines: 6 %, "N.A." in the agreement's column: excluded, the claim pays MFN
    assert not found.preferential and found.mfn.rate == Decimal("0.06")
    assert found.excluded is not None and found.excluded.hs != "*"
    assert found.excluded.excluded == "KCS's table gives no Peru-Korea FTA rate for this " \
        "line ('N.A.')"


QUOTE = dap_quote(quote_id="Q-AU-RCEP", day="2026-12-03", currency="AUD", place="Sydney",
                  seller=("Polymer Test Co", "CN"), buyer=("Sydney Plastics Pty", "AU"), lines="""\
  - {sku: PE-RESIN, hs_code: "HS", origin: CN, quantity: 1000, unit_weight_kg: "1",
     unit_price: "2", unit_cost: "1", preference: {agreement: RCEP, proof: true}}
""")


def test_a_quote_claiming_rcep_pays_the_staged_rate(tmp_path: Path) -> None:
    line = priced_line(tmp_path, "au-rcep.yaml", QUOTE, "3901.10.00")
    # AUD 2,000 customs value at RCEP's 5 % (free under the curated zero before this table)
    assert Decimal(line["duty"]["amount"]["amount"]) == Decimal("100")
    assert "RCEP" in json.dumps(line["charges"])


@pytest.mark.parametrize(("hs", "origin", "agreement", "rate"), [
    ("020130010", "US", "USJTA", "0.216"),       # fresh boneless beef, FY2025 stage
    ("020130010", "AU", "CPTPP", "0.216"),
    ("020130010", "AU", "JAEPA", "0.253"),
    ("040690090", "FR", "EU-Japan EPA", "0.298"),  # cheese: tariff-quota texts not read, MFN
    ("220421020", "FR", "EU-Japan EPA", "0"),      # wine: free (the curated zero)
])
def test_japan_s_agreement_rates_from_the_kcs_table(bundled: RuleBook, hs: str, origin: str,
                                                    agreement: str, rate: str) -> None:
    assert _claimed(bundled, "JP", hs, origin, agreement)[1] == Decimal(rate)


def test_japan_s_curated_entries_win_at_their_prefixes(bundled: RuleBook) -> None:
    # leather footwear for the EU and wine under RCEP for CN are curated (staged by hand)
    assert _claimed(bundled, "JP", "640399029", "IT", "EU-Japan EPA")[1:] == (
        Decimal("0.21"), "6403")
    assert _claimed(bundled, "JP", "220421020", "CN", "RCEP")[2] == "220421"


def test_the_us_japan_agreement_covers_only_the_lines_it_lists(bundled: RuleBook) -> None:
    # laptops: free anyway, but not a USJTA line; beef is
    assert _claimed(bundled, "JP", "847130000", "US", "USJTA")[1] is None
    assert _claimed(bundled, "JP", "847130000", "VN", "CPTPP")[1] == Decimal(0)


@pytest.mark.parametrize(("country", "hs", "origin", "agreement", "day"), [
    # quota lines of chocolate: the texts are not read, so the line's MFN duty (29.8 %,
    # 21.3 %), not the 10 % of the curated heading 1806 (confidence low) the table overrides
    ("JP", "180610190", "AU", "CPTPP", TODAY),
    ("JP", "180620293", "CH", "Japan-Switzerland EPA", TODAY),
    # wine: Australia's line charges 5 % and AUD 107.99 a litre of alcohol, not the curated 5 %
    ("AU", "22041023", "KR", "KAFTA", BEFORE_INDEXATION),
])
def test_a_rate_not_read_charges_the_mfn_duty_of_the_line(
    bundled: RuleBook, country: str, hs: str, origin: str, agreement: str, day: date
) -> None:
    found = bundled.duty(country, hs, origin, day, claimed_agreement=agreement)
    (rule,) = [r for r in found.preferential if r.agreement == agreement]
    assert (rule.rate, rule.specific) == (found.mfn.rate, found.mfn.specific)
    assert (found.mfn.rate is not None and found.mfn.rate > Decimal("0.1")) or \
        found.mfn.specific is not None
