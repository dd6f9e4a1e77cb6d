"""Canada's Customs Tariff (rules/tariffs/CA.yaml): CBSA's T2026, the revision of 2026-09-01.

CA had 43 curated MFN headings (6 % of the HS2022 subheadings priced). The table
(bench/regen_ca_tariff.py) gives every eight-digit tariff item of chapters 1-97 its
Most-Favoured-Nation rate as CBSA prints it, $ and ¢ Canadian: ad valorem, specific, compound,
and the over-access-commitment rates of supply-managed goods with their minimums. The
curated headings end on 2025-12-31; from 2026-01-01 the items answer (the revision of
2026-01-01, kept in bench/data too, gives every item the same text). CBSA's free trade
agreement columns give each agreement's rate where it does not free an item, and the MFN rate
where the agreement grants the item nothing (from 2026-09-01).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from pricing_engine.errors import AmbiguousHsCode, MissingRule
from pricing_engine.landed import LandedCostEngine
from pricing_engine.quote import Quote
from pricing_engine.rules import RuleBook
from tests.rules.conftest import assert_remade, assert_table_line, regen

DAY = date(2026, 12, 1)
D = Decimal
ROOT = Path(__file__).resolve().parents[2]
TABLE = ROOT / "rules" / "tariffs" / "CA.yaml"


@pytest.mark.parametrize(("hs", "rate"), [
    ("6403.19.20", "0.18"),   # leather footwear: 18 %
    ("6403.99.30", "0.11"),   # 11 %
    ("6403.12.00", "0"),      # ski boots: Free
    ("8507.60.90", "0.07"),   # lithium-ion batteries, other: 7 %
    ("2202.99.39", "0.11"),   # other non-alcoholic beverages: 11 %
])
def test_an_ad_valorem_item(bundled: RuleBook, hs: str, rate: str) -> None:
    rule = bundled.duty("CA", hs, "CN", DAY).mfn
    assert rule.rate == D(rate) and rule.specific is None
    assert_table_line(rule, "CA", "medium", "Customs Tariff T2026")


def test_specific_and_compound_items_in_canadian_dollars(bundled: RuleBook) -> None:
    wine = bundled.duty("CA", "2204.21.10", "FR", DAY).mfn  # 1.87 ¢/litre
    assert wine.specific is not None
    assert (wine.specific.amount, wine.specific.currency, wine.specific.per) == (
        D("0.0187"), "CAD", "litre")
    spirits = bundled.duty("CA", "2208.40.10", "JM", DAY).mfn  # 24.56 ¢/litre of alcohol
    assert spirits.specific is not None and spirits.specific.per == "litre_alcohol"
    assert spirits.specific.amount == D("0.2456")
    cereal = bundled.duty("CA", "1901.20.15", "US", DAY).mfn  # 11.93 ¢/kg plus 8.5 %
    assert cereal.rate == D("0.085") and cereal.specific is not None
    assert cereal.specific.amount == D("0.1193") and cereal.specific.per == "kg"
    sugar = bundled.duty("CA", "1701.12.90", "BR", DAY).mfn  # $24.69/tonne
    assert sugar.specific is not None and sugar.specific.per == "tonne"


def test_over_access_items_keep_their_minimum(bundled: RuleBook) -> None:
    # 238 % but not less than $1.67/kg: CBSA prints this item only as its statistical row
    chicken = bundled.duty("CA", "0207.11.92", "US", DAY).mfn
    assert chicken.rate == D("2.38") and chicken.min is not None
    assert (chicken.min.amount, chicken.min.currency, chicken.min.per) == (D("1.67"), "CAD", "kg")
    within = bundled.duty("CA", "0207.11.91", "US", DAY).mfn  # 5 %, min 4.74 ¢, max 9.48 ¢/kg
    assert within.rate == D("0.05") and within.min is not None and within.max is not None
    assert (within.min.amount, within.max.amount) == (D("0.0474"), D("0.0948"))
    line = TABLE.read_text(encoding="utf-8").splitlines()[within.ref.line - 1]
    assert "corrects the item's row" in line  # the item's own row lacks the unit of 9.48 ¢


def test_a_subheading_of_within_and_over_access_items_names_them(bundled: RuleBook) -> None:
    with pytest.raises(AmbiguousHsCode, match=r"02071191 .*02071192 238 %"):
        bundled.duty("CA", "0207.11", "US", DAY)


def test_an_item_without_an_mfn_rate_fails_closed(bundled: RuleBook) -> None:
    with pytest.raises(MissingRule, match="N/A") as err:
        bundled.duty("CA", "1701.91.10", "BR", DAY)
    assert not isinstance(err.value, AmbiguousHsCode)


def test_the_curated_headings_answer_before_the_revision(bundled: RuleBook) -> None:
    # the curated 220410 (5.61 ¢/litre, low) ends 2025-12-31; the table's 220410 (Free) is the
    # same code: it answers from 2026-01-01 rather than being hidden for good
    before = bundled.duty("CA", "2204.10", "FR", date(2025, 6, 1)).mfn
    assert before.ref.file.endswith("countries/CA.yaml") and before.specific is not None
    for day in (date(2026, 1, 1), date(2026, 6, 1), DAY):
        after = bundled.duty("CA", "2204.10", "FR", day).mfn
        assert after.ref.file.endswith("tariffs/CA.yaml") and after.rate == 0
    assert bundled.duty("CA", "6403.19.20", "CN", date(2025, 6, 1)).mfn.hs == "6403"
    assert bundled.duty("CA", "6403.19.20", "CN", date(2026, 6, 1)).mfn.hs == "64031920"


def test_cusma_still_frees_originating_goods(bundled: RuleBook) -> None:
    found = bundled.duty("CA", "6403.19.20", "US", DAY, claimed_agreement="CUSMA")
    assert [p.rate for p in found.preferential] == [D("0")]


def test_a_quote_prices_the_canadian_wine_duty(bundled: RuleBook) -> None:
    quote = Quote.model_validate({
        "id": "CA-WINE", "date": "2026-12-01", "currency": "CAD",
        "seller": {"name": "Domaine SARL", "country": "FR", "vat_id": "FR40303265045"},
        "buyer": {"name": "Vins Inc.", "country": "CA", "type": "business"},
        "mode": "sea", "incoterm": "DAP",
        "lines": [{"sku": "W", "hs_code": "2204.21.10", "origin": "FR", "quantity": "1200",
                   "unit_price": "12", "unit_cost": "6", "extra_units": {"litres": "0.75"}}]})
    result = LandedCostEngine(bundled).quote(quote)
    # 900 l x CAD 0.0187 = 16.83
    assert result.totals.duty.amount.amount == D("16.83")


def test_an_over_access_item_gets_no_cusma_or_ceta_rate(bundled: RuleBook) -> None:
    # CBSA gives no UST/MXT/CEUT rate for over-access goods: the curated "*" 0 % of CUSMA and
    # CETA must not free them; the within-access item keeps its preference
    for origin, agreement in (("US", "CUSMA"), ("FR", "CETA")):
        over = bundled.duty("CA", "0406.90.99", origin, DAY, claimed_agreement=agreement)
        # excluded from the agreement: a claim pays the MFN rate, 245.5 % but not less than
        # $3.53/kg
        assert not over.preferential and over.excluded is not None
        assert over.excluded.hs == "04069099" and over.excluded.agreement == agreement
        assert over.excluded.excluded is not None and "CBSA gives no" in over.excluded.excluded
        assert over.mfn.rate == D("2.455") and over.mfn.min is not None \
            and over.mfn.min.amount == D("3.53")
    within = bundled.duty("CA", "0207.11.91", "US", DAY, claimed_agreement="CUSMA")
    assert [p.rate for p in within.preferential] == [D("0")]


def test_an_hs2017_code_fails_closed_naming_its_hs2022_codes(bundled: RuleBook) -> None:
    # T2026 lists 9401.31 and 9401.39 items, none under the HS2017 9401.30 (office chairs)
    with pytest.raises(MissingRule) as caught:
        bundled.duty("CA", "9401.30", "CN", DAY)
    assert "no MFN duty rule for HS 940130" in str(caught.value)
    assert str(caught.value).endswith("it became 940131, 940139")
    # the same chair under its HS2022 code prices
    assert bundled.duty("CA", "9401.31.10", "CN", DAY).mfn.rate == D("0.08")


@pytest.mark.parametrize(("origin", "agreement"), [
    ("JP", "CPTPP"), ("VN", "CPTPP"), ("GB", "Canada-UK TCA"), ("KR", "CKFTA"),
    ("CL", "CCFTA"), ("IL", "CIFTA"), ("NO", "Canada-EFTA FTA"), ("UA", "CUFTA"),
])
def test_the_agreements_free_a_car(bundled: RuleBook, origin: str, agreement: str) -> None:
    found = bundled.duty("CA", "8703.23.00", origin, DAY, claimed_agreement=agreement)
    assert found.mfn.rate == D("0.061")
    (pref,) = found.preferential
    assert pref.rate == 0 and pref.agreement == agreement
    assert_table_line(pref, "CA", "medium", "preferential tariff rates")


def test_a_party_not_in_the_agreement_gets_nothing(bundled: RuleBook) -> None:
    assert bundled.duty("CA", "8703.23.00", "KR", DAY, claimed_agreement="CPTPP").preferential == ()
    assert bundled.duty("CA", "8703.23.00", "CN", DAY, claimed_agreement="CKFTA").preferential == ()


def test_a_staged_cptpp_rate_and_the_uks_own_columns(bundled: RuleBook) -> None:
    # 6401.10.19 rubber boots: MFN 20 %, CPTPT 15 % (still staged), CPUKT 15 %, UKT Free
    for origin in ("VN", "GB"):
        (pref,) = bundled.duty("CA", "6401.10.19", origin, DAY,
                               claimed_agreement="CPTPP").preferential
        assert pref.rate == D("0.15") and pref.hs == "64011019"
    (tca,) = bundled.duty("CA", "6401.10.19", "GB", DAY,
                          claimed_agreement="Canada-UK TCA").preferential
    assert tca.rate == 0
    # buses: CPTPT and CPUKT 1.1 %, for the whole subheading
    (bus,) = bundled.duty("CA", "8702.10.10", "JP", DAY, claimed_agreement="CPTPP").preferential
    assert bus.rate == D("0.011") and bus.hs == "870210"


def test_a_six_digit_claim_over_items_of_different_preferences_gets_mfn(
        bundled: RuleBook) -> None:
    # every 6401.10 item charges MFN 20 %, but CPTPP frees some and charges 15 % on others: a
    # six-digit claim is not granted what only some items have
    found = bundled.duty("CA", "6401.10", "VN", DAY, claimed_agreement="CPTPP")
    (pref,) = found.preferential
    assert pref.rate == found.mfn.rate == D("0.2") and pref.hs == "640110"
    line = TABLE.read_text(encoding="utf-8").splitlines()[pref.ref.line - 1]
    assert "give the eight-digit item" in line


def test_over_access_goods_get_no_preference_and_mexico_none_within_access(
        bundled: RuleBook) -> None:
    for origin, agreement in (("NZ", "CPTPP"), ("GB", "Canada-UK TCA"), ("KR", "CKFTA")):
        over = bundled.duty("CA", "0406.90.99", origin, DAY, claimed_agreement=agreement)
        assert not over.preferential and over.excluded is not None  # the MFN rate
        assert over.mfn.rate == D("2.455")
    # within-access chicken: CBSA's UST column frees it, its MXT column is empty
    assert [p.rate for p in bundled.duty("CA", "0207.11.91", "US", DAY,
                                         claimed_agreement="CUSMA").preferential] == [0]
    mexico = bundled.duty("CA", "0207.11.91", "MX", DAY, claimed_agreement="CUSMA")
    assert not mexico.preferential and mexico.excluded is not None  # the MFN rate
    assert mexico.mfn.rate == D("0.05") and mexico.mfn.max is not None
    # over-access whey from the US: CUSMA's own 75.5 % but not less than $0.75/kg
    (whey,) = bundled.duty("CA", "0404.10.22", "US", DAY, claimed_agreement="CUSMA").preferential
    assert whey.rate == D("0.755") and whey.min is not None and whey.min.amount == D("0.75")


def test_the_agreements_read_from_the_table_start_with_the_revisions(bundled: RuleBook) -> None:
    # the revision of 2026-01-01 gives the CPTPP (CPTPT) as the later one does: dated from it
    before = date(2025, 12, 31)
    assert bundled.duty("CA", "8703.23", "JP", before, claimed_agreement="CPTPP").preferential == ()
    assert [p.rate for p in bundled.duty("CA", "8703.23", "JP", date(2026, 3, 1),
                                         claimed_agreement="CPTPP").preferential] == [0]
    # CUSMA's curated zero is older than the table
    assert [p.rate for p in bundled.duty("CA", "8703.23", "MX", before,
                                         claimed_agreement="CUSMA").preferential] == [0]


def test_a_quote_prices_the_cptpp_rate(bundled: RuleBook) -> None:
    quote = Quote.model_validate({
        "id": "CA-CPTPP", "date": "2026-12-01", "currency": "CAD",
        "seller": {"name": "Saigon Boots Co", "country": "VN"},
        "buyer": {"name": "Boots Inc.", "country": "CA", "type": "business"},
        "mode": "sea", "incoterm": "FCA",
        "lines": [{"sku": "B", "hs_code": "6401.10.19", "origin": "VN", "quantity": "100",
                   "unit_price": "40", "unit_cost": "20",
                   "preference": {"agreement": "CPTPP", "proof": True}}]})
    result = LandedCostEngine(bundled).quote(quote)
    (line,) = result.lines
    # FOB value CAD 4,000 x 15 % (MFN would be 20 %: 800.00)
    assert result.totals.duty.amount.amount == D("600.00")
    assert [c.name for c in line.charges if c.kind == "preference"] == [
        "Preferential duty (CPTPP)"]


def test_the_table_is_what_its_script_makes_of_its_data(tmp_path: Path) -> None:
    # the copy of CBSA's TPHS export kept in bench/data: every item and column as shipped
    assert_remade(tmp_path, ROOT / "bench" / "regen_ca_tariff.py",
                  "7034 entries for 7267 tariff items (4902 six-digit); 18 not read:", "CA.yaml",
                  "CA.general_tariff.yaml",
                  args=(str(ROOT / "bench" / "data" / "CA_cbsa_T2026_rev_3.csv"), "--earlier",
                        str(ROOT / "bench" / "data" / "CA_cbsa_T2026_rev_1.csv")))


def test_an_earlier_revision_dates_alike_items_back_and_names_the_others(
        tmp_path: Path) -> None:
    """bench/regen_ca_tariff.py --earlier: an item the earlier revision gives the same text is
    in force from its day; any other item of either revision is not_covered on the days
    between (a revision in between may have changed it), never priced from its siblings.
    The kept revision of 2026-01-01 with two items' MFN texts changed by hand (6403.99.30,
    11 % -> 9 %; 0105.12.90, 8 % -> 6 %) and one item left out (0101.30.00, with its
    statistical row, which would otherwise stand for it)."""
    data = ROOT / "bench" / "data"
    text = (data / "CA_cbsa_T2026_rev_1.csv").read_text(encoding="utf-8")
    edited = []
    for row in text.split("\n"):
        if row.startswith("6403.99.30,"):
            row = row.replace(",11 %,", ",9 %,", 1)
        elif row.startswith("0105.12.90,"):
            row = row.replace(",8 %,", ",6 %,", 1)
        elif row.startswith("0101.30.00"):  # the item and its statistical row
            continue
        edited.append(row)
    older = tmp_path / "older.csv"
    older.write_text("\n".join(edited), encoding="utf-8")
    done = regen(ROOT / "bench" / "regen_ca_tariff.py", str(data / "CA_cbsa_T2026_rev_3.csv"),
                 "--earlier", str(older), "--out", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    assert "7264 items dated from 2026-01-01" in done.stdout
    assert "3 not_covered from 2026-01-01 to 2026-08-31" in done.stdout
    table = (tmp_path / "out" / "tariffs" / "CA.yaml").read_text(encoding="utf-8")
    assert ('  - {hs: "64039930", not_covered: "the revision in force from 2026-01-01 gives the '
            'MFN rate \'9 %\', that of 2026-09-01 \'11 %\': the rate before 2026-09-01 is not read '
            'here", valid_from: 2026-01-01, valid_to: 2026-08-31}\n'
            '  - {hs: "64039930", rate: "0.11"}\n') in table
    assert ('  - {hs: "01013000", not_covered: "not a tariff item of the revision in force from '
            '2026-01-01: the rate before 2026-09-01 is not read here", valid_from: 2026-01-01, '
            'valid_to: 2026-08-31}') in table
    assert '  - {hs: "010121", rate: "0", valid_from: 2026-01-01}' in table
    assert "\nvalid_from: 2026-09-01\n" in table  # the table's day: not every item agrees


def test_items_kcs_gave_alike_in_2025_are_dated_from_its_table(bundled: RuleBook) -> None:
    """The Korea Customs Service's 2025 table of Canada's tariff (saved 2025-06-13) copies
    CBSA's wording: an item it gives the same text is in force from 2025-06-13 (the items of
    the revision of 2026-01-01 all agree with it), so a quote of 2025 prices; an item it does
    not have is not covered on those days."""
    day = date(2025, 9, 1)
    assert bundled.duty("CA", "64039930", "CN", day).mfn.rate == Decimal("0.11")
    poultry = bundled.duty("CA", "01059410", "CN", day).mfn  # 2.82 ¢/kg, the same text
    assert poultry.specific is not None and poultry.specific.amount == Decimal("0.0282")
    with pytest.raises(MissingRule, match="not a line of KCS's 2025 table"):
        bundled.duty("CA", "24041100", "CN", day)
    with pytest.raises(MissingRule, match="the CBSA Customs Tariff gives ''"):
        bundled.duty("CA", "24041100", "CN", date(2026, 1, 1))  # (its own text is empty)
    # the preferences are not dated back: a claim on a code the table gives its own terms
    # fails closed on those days, never the curated CUSMA zero (over-access chicks: excluded)
    with pytest.raises(MissingRule, match="CUSMA terms under this code are from 2026-01-01"):
        bundled.duty("CA", "01051122", "US", day, claimed_agreement="CUSMA")
    laptops = bundled.duty("CA", "84713000", "US", day, claimed_agreement="CUSMA")
    assert [p.rate for p in laptops.preferential] == [0]  # the curated zero, elsewhere
