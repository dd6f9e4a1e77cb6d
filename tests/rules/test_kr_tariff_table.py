"""Korea's tariff lines (rules/tariffs/KR.yaml): the Korea Customs Service's rate file
of 2025.

The table (bench/regen_kr_tariff.py, from bench/data/KR_tariff_rates_2025.csv: the
rows of kinds A, C, F, L, W1 and W2 of "관세청_품목번호별 관세율표", 2025) gives each 10-digit
line the rate goods of a WTO member pay without an agreement claim, from 2025-01-01,
confidence low: the lowest of the basic rate (A), the WTO concession (C) and an
international cooperation tariff for every origin (F); 2025's adjustment tariffs (L)
to 2025-12-31 and not covered after; tariff-rate quota lines with their W1 and W2
rates (not covered naming them where one has an amount per unit too), or the W2 rate
where there is no in-quota rate. The hand-collected heading rates of
rules/countries/KR.yaml end on 2024-12-31.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pricing_engine.errors import AmbiguousHsCode, MissingRule
from pricing_engine.rules import RuleBook
from tests.rules.conftest import (
    assert_duty_terms,
    assert_quota,
    assert_remade,
    assert_stops,
    assert_table_line,
    regen,
)

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 12, 5)
SCRIPT = ROOT / "bench" / "regen_kr_tariff.py"
HEADER = ",".join(("품목번호", "관세율구분", "관세율", "단위당세액", "기준가격", "적용국가구분",
                   "용도세율구분", "적용개시일", "적용만료일"))
YEAR = "20250101,20251231"


@pytest.mark.parametrize(("hs", "rate"), [
    ("8703231010", "0.08"),   # cars: basic 8 %
    ("870323", "0.08"),       # its subheading: every line alike
    ("6109100000", "0.13"),   # cotton T-shirts: 13 %
    ("847130", "0"),          # laptops: free
    ("220421", "0.15"),       # wine: basic 30 %, international cooperation tariff 15 % (F)
    ("080810", "0.45"),       # apples: 45 %
    ("0901110000", "0.02"),   # green coffee: basic 2 % (WTO concession 54 %: the lower)
    ("0201300000", "0.4"),    # boneless beef: no in-quota rate, W2 40 % (basic 30 %)
])
def test_lines_price_with_the_rate_that_applies(bundled: RuleBook, hs: str, rate: str) -> None:
    rule = bundled.duty("KR", hs, "DE", TODAY).mfn
    assert_duty_terms(rule, rate, None, "KRW")
    assert_table_line(rule, "KR", "low", "15051179")


@pytest.mark.parametrize(("hs", "inside", "beyond"), [
    ("1006100000", "0.05", "5.13"),    # rice in the husk: W1 5 %, W2 513 %
    ("0402101010", "0.2", "1.76"),     # milk powder: W1 20 %, W2 176 %
])
def test_tariff_quota_lines_give_the_in_and_out_of_quota_rates(
    bundled: RuleBook, hs: str, inside: str, beyond: str
) -> None:
    rule = bundled.duty("KR", hs, "CN", TODAY).mfn
    assert_quota(rule, inside, beyond)
    assert_table_line(rule, "KR", "low", "15051179")


@pytest.mark.parametrize(("hs", "words"), [
    ("0409000000", "W1 20 %; W2 243 % or KRW 1864 per unit"),   # honey: quota
    ("0706101000", "30 % or KRW 134 per unit"),                  # carrots: no unit given
    ("0301994091", "adjustment tariff (조정관세) of 28 % or KRW 2052 per unit"),
])
def test_lines_the_rules_cannot_price_fail_closed_naming_the_rates(
    bundled: RuleBook, hs: str, words: str
) -> None:
    with pytest.raises(MissingRule, match="is not covered by the duty rules") as err:
        bundled.duty("KR", hs, "CN", date(2025, 6, 1))
    assert words in str(err.value)
    assert not isinstance(err.value, AmbiguousHsCode)


def test_an_adjustment_tariff_holds_for_its_year_only(bundled: RuleBook) -> None:
    eel = "0301929090"  # basic rate, adjustment tariff 20 % in 2025
    assert str(bundled.duty("KR", eel, "CN", date(2025, 6, 1)).mfn.rate) == "0.2"
    with pytest.raises(MissingRule, match="each year's are set by decree"):
        bundled.duty("KR", eel, "CN", TODAY)


def test_the_curated_heading_rates_answer_before_2025_only(bundled: RuleBook) -> None:
    before = bundled.duty("KR", "2204", "FR", date(2024, 12, 31)).mfn
    assert before.ref.file == "rules/countries/KR.yaml" and str(before.rate) == "0.15"
    after = bundled.duty("KR", "220421", "FR", date(2025, 1, 1)).mfn
    assert after.ref.file == "rules/tariffs/KR.yaml"


@pytest.mark.parametrize(("hs", "origin", "agreement", "rate", "at"), [
    ("870323", "US", "KORUS", "0", "*"),                  # cars: free (the curated zero)
    ("8703231010", "DE", "EU-Korea FTA", "0", "*"),
    ("0201300000", "US", "KORUS", "0.026", "020130"),     # beef: 2.6 % in 2025's stage
    ("080810", "US", "KORUS", "0.135", "080810"),         # apples: 13.5 %
    ("080810", "FR", "EU-Korea FTA", "0.15", "080810"),   # apples: 15 %
    ("080810", "GB", "UK-Korea FTA", "0.15", "080810"),
    ("7409402090", "CN", "Korea-China FTA", "0.021", "7409402090"),  # copper plate: staged
    ("8703231010", "CN", "Korea-China FTA", "0.08", "8703231010"),   # cars: not conceded
    ("6109101000", "CN", "Korea-China FTA", "0.034", "6109101000"),
    ("6109109000", "CN", "Korea-China FTA", "0", "6109109000"),      # free beside a dutiable line
    ("8703231010", "VN", "AKFTA", "0", "*"),                         # the table's own zero
    ("080810", "VN", "AKFTA", "0.45", "080810"),                     # apples: excluded
    ("0201300000", "AU", "Korea-Australia FTA", "0.08", "020130"),   # beef: 2025's stage
    ("0201300000", "CA", "Korea-Canada FTA", "0.106", "020130"),
    ("0201300000", "VN", "Korea-Vietnam FTA", "0.32", "020130"),
    ("0201300000", "IN", "Korea-India CEPA", "0.4", "020130"),       # not conceded: MFN
    ("8703231010", "JP", "RCEP", "0.08", "870323"),                  # cars: not for Japan
    ("8703231010", "IN", "Korea-India CEPA", "0", "*"),              # the table's own zero
    ("2204211000", "JP", "RCEP", "0.11", "2204211000"),              # wine: staged for Japan
    ("2204211000", "IN", "Korea-India CEPA", "0.075", "220421"),
    ("8471300000", "SG", "Korea-Singapore FTA", "0", "*"),
    ("0803901000", "PH", "Korea-Philippines FTA", "0.18", "080390"),  # bananas: staged
    ("0201300000", "CO", "Korea-Colombia FTA", "0.189", "020130"),
    ("0201300000", "KH", "Korea-Cambodia FTA", "0.32", "020130"),
    ("0201300000", "TR", "Korea-Turkey FTA", "0.4", "020130"),      # beef: 40 %, no cut
    ("8703231010", "TR", "Korea-Turkey FTA", "0", "*"),
    # tables/KR.agreements.yaml: Korea's other RCEP schedules and the Korea-EFTA FTA
    ("2204211000", "CN", "RCEP", "0.11", "2204211000"),              # wine: staged for China
    ("2204211000", "TH", "RCEP", "0.11", "2204211000"),              # ... and for ASEAN
    ("8703231010", "CN", "RCEP", "0.08", "870323"),                  # cars: not for China
    ("8471300000", "NZ", "RCEP", "0", "*"),
    ("8703231010", "NO", "Korea-EFTA FTA", "0", "*"),
    ("0201300000", "CH", "Korea-EFTA FTA", "0.4", "020130"),         # beef: not in FEF1
])
def test_an_agreement_claim_takes_the_lines_agreement_rate(
    bundled: RuleBook, hs: str, origin: str, agreement: str, rate: str, at: str
) -> None:
    found = bundled.duty("KR", hs, origin, TODAY, claimed_agreement=agreement)
    # a line the agreement gives no rate is excluded from it: the claim pays the MFN duty
    got = [(p.hs, str(p.rate)) for p in found.preferential] or (
        [(found.excluded.hs, str(found.mfn.rate))] if found.excluded is not None else [])
    assert got == [(at, rate)]


@pytest.mark.parametrize(("hs", "origin", "agreement", "rate"), [
    ("0402101010", "US", "KORUS", "1.76"),                # milk powder: KORUS's own rate,
    ("0102211000", "TR", "Korea-Turkey FTA", "0.891"),    # not capped at the in-quota rate
])
def test_a_claim_on_a_tariff_quota_line_takes_the_agreement_rate_alone(
    bundled: RuleBook, hs: str, origin: str, agreement: str, rate: str
) -> None:
    # the WTO in-quota rate (20 %, 0 %) needs a quota allocation the claim does not give:
    # the quote compares the agreement's rate with the side of the quota the line declares
    found = bundled.duty("KR", hs, origin, TODAY, claimed_agreement=agreement)
    assert [str(p.rate) for p in found.preferential] == [rate]
    assert found.mfn.declared is not None and found.mfn.declared.out_of_quota is not None


def test_a_tariff_quota_line_an_agreement_does_not_rate_is_excluded_not_free(
    bundled: RuleBook
) -> None:
    # pure-bred cattle: W1 0 %, W2 89.1 %; FEF1 gives no rate: the claim pays the MFN duty
    # of the declared side, never the agreement's "*" zero
    found = bundled.duty("KR", "0102211000", "CH", TODAY, claimed_agreement="Korea-EFTA FTA")
    assert found.preferential == () and found.excluded is not None


def test_a_six_digit_claim_over_lines_of_different_agreement_rates_gets_the_mfn_duty(
    bundled: RuleBook
) -> None:
    table = (ROOT / "rules" / "tariffs" / "KR.yaml").read_text("utf-8")
    split = [line for line in table.splitlines()
             if "rates differ between the lines" in line and 'agreement: "KORUS"' in line]
    assert split  # some subheadings' lines differ under an agreement
    hs = split[0].split('hs: "')[1][:6]
    mfn = bundled.duty("KR", hs, "US", TODAY).mfn
    claimed = bundled.duty("KR", hs, "US", TODAY, claimed_agreement="KORUS")
    assert [p.rate for p in claimed.preferential] == [mfn.rate]


def test_akfta_is_read_for_the_members_without_a_schedule_of_their_own(
    bundled: RuleBook
) -> None:
    for origin in ("TH", "PH"):  # FASTH / FASPH in the file, not read: the MFN duty
        found = bundled.duty("KR", "8703231010", origin, TODAY, claimed_agreement="AKFTA")
        assert found.preferential == ()
    assert bundled.duty("KR", "8703231010", "MY", TODAY,
                        claimed_agreement="AKFTA").preferential[0].rate == 0


def test_the_table_is_what_its_script_makes_of_its_data(tmp_path: Path) -> None:
    assert_remade(tmp_path, SCRIPT, "11326 lines read: {'priced': 10972, 'tariff quota': 184, "
                  "'adjustment tariff': 47, 'not covered': 123}", "KR.yaml", "KR.agreements.yaml")


def test_a_new_edition_rewrites_the_rows_and_the_table(tmp_path: Path) -> None:
    export = tmp_path / "rates.csv"
    export.write_text("\n".join([
        HEADER,
        f"2204211000,A,30,,,1,,{YEAR}",
        f"2204211000,C,30,,,1,,{YEAR}",
        f"2204211000,F,15,,,1,,{YEAR}",
        f"2204211000,FEFCH,0,,,2,,{YEAR}",       # a schedule not read: not kept
        f"8414109010,FUS1,4,,,2,,{YEAR}",        # KORUS: kept, its own entry
        f"8414109010,A,8,,,1,,{YEAR}",
        f"8414109010,A,3,,,1,A,{YEAR}",          # an end-use rate: not the line's
        f"1006100000,A,5,,,1,,{YEAR}",
        f"1006100000,W1,5,,,1,,{YEAR}",
        f"1006100000,W2,513,,,1,,{YEAR}",
    ]) + "\n", encoding="utf-8")
    rates = tmp_path / "kept.csv"
    done = regen(SCRIPT, rates, "--from-csv", export, "--out", tmp_path)
    assert done.returncode == 0, done.stderr
    kept = [row for row in rates.read_text("utf-8").splitlines() if not row.startswith("#")]
    assert len(kept) == 9 and not any(",FEFCH," in row for row in kept)
    made = (tmp_path / "tariffs" / "KR.yaml").read_text("utf-8")
    assert '{hs: "220421", rate: "0.15", valid_from: 2025-01-01}' in made
    assert '{hs: "841410", rate: "0.08", valid_from: 2025-01-01}' in made
    assert ('{hs: "100610", rate: "0.05", out_of_quota: {rate: "5.13"}, valid_from: 2025-01-01, '
            'note: "a WTO tariff-rate quota line' in made)
    assert ('{agreement: "KORUS", origins: [US], hs: "841410", rate: "0.04", '
            'valid_from: 2025-01-01}') in made
    # no KORUS rate for the wine line: excluded (the MFN duty under a claim), never the
    # curated zero
    assert ('{agreement: "KORUS", origins: [US], hs: "220421", excluded: "KCS\'s rate file '
            'gives no KORUS rate for this line", valid_from: 2025-01-01}') in made
    assert "EU-Korea FTA" not in made  # no block of it in this file: nothing written


@pytest.mark.parametrize("row", [f"2204211000,A,thirty,,,1,,{YEAR}",
                                 "2204211000,A,30,,,1,,20250101,20250630",
                                 f"22042110,A,30,,,1,,{YEAR}"])
def test_a_row_the_script_does_not_read_stops_it(tmp_path: Path, row: str) -> None:
    rates = tmp_path / "kept.csv"
    rates.write_text(f"8703231010,A,8,,,1,,{YEAR}\n{row}\n", encoding="utf-8")
    assert_stops(tmp_path, SCRIPT, f"{rates}:2:", rates)
