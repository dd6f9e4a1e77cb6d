# ruff: noqa: E501  (the table is written one entry a line, as the importer writes it)
"""Duty terms beyond one ad valorem and one specific amount: several specific amounts, all due
(``1.00 EUR / % vol / hl + 6.40 EUR / hl``), and ad valorem minimum / maximum clauses
(``8.30% + 8.90 EUR / 100 kg MAX 12.80%``, ``0.50 EUR / item MIN 2.70% MAX 4.60%``), and the
terms a quote line supplies a figure for (a rate on a part's value, sugar polarization, the
Meursing components) or that the rules cannot price (another provision's rate, the entry price
system), read from a tariff table, compiled, cached and described, and refused where they are
malformed. Their amounts are tested in tests/landed/test_declared_duty_inputs.py.
"""

from __future__ import annotations

import dataclasses
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from pricing_engine.landed.duty import terms_amount
from pricing_engine.quote import Line
from pricing_engine.rules import RuleBook, build, iter_rule_errors, load_rules
from pricing_engine.rules.duty_terms import describe_terms
from pricing_engine.rules.results import Specific
from tests.rules.conftest import forget_loaded, load_compiled, rules_with_table

GOOD = Path(__file__).resolve().parents[1] / "fixtures" / "rules_good"
DAY = date(2026, 11, 20)
D = Decimal
TABLE = """\
# yaml-language-server: $schema=../schema/rules.schema.json
# Written by `pricing-engine tariff import us-hts-json`: do not edit by hand;
tariff: US
as_of: 2026-06-08
sources:
  - {id: "hts", title: "USITC HTS 2026 Revision 10", url: "https://hts.usitc.gov/"}
imported: {format: us-hts-json, file: "hts.json.gz", lines: 4, parsed: 4, nomenclature: HS2022}
confidence: high
valid_from: 2026-06-08
mfn:
  - {hs: "22043000", specific: [{amount: "0.044", currency: USD, per: litre}, {amount: "0.314", currency: USD, per: proof_litre}]}
  - {hs: "35052010", specific: {amount: "0.045", currency: USD, per: kg}, rate: "0.083", max_rate: "0.115"}
  - {hs: "21050010", specific: {amount: "0.202", currency: USD, per: kg}, rate: "0.086", max: {amount: "0.094", currency: USD, per: kg}, max_rate: "0.194"}
  - {hs: "91111000", specific: {amount: "0.5", currency: USD, per: item}, min_rate: "0.027", max_rate: "0.046"}
additional:
  - {name: "Test duty", hs: "22043000", specific: [{amount: "0.01", currency: USD, per: litre}, {amount: "0.02", currency: USD, per: proof_litre}], max_rate: "0.05"}
"""


@pytest.fixture
def rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fixture rule set with the table above, and empty cache and data directories."""
    return rules_with_table(tmp_path, monkeypatch, TABLE)


def _line(**given: object) -> Line:
    data = {"sku": "L", "hs_code": "22043000", "origin": "FR", "quantity": "100",
            "unit_price": "20", "unit_cost": "10", **given}
    return Line.model_validate(data)


def same(amount: Decimal, currency: str) -> Decimal:
    return amount


def _book(rules: Path, monkeypatch: pytest.MonkeyPatch) -> RuleBook:
    """The book built, then read back from the cache (both must be the same)."""
    built = load_compiled(rules)
    forget_loaded()

    def no_compiling(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled again instead of read from the cache")

    with monkeypatch.context() as patch:
        patch.setattr(build, "compile_country", no_compiling)
        cached = load_rules(rules, include_bundled=False)
    x, y = built.country("US"), cached.country("US")
    for field in dataclasses.fields(x):
        assert getattr(x, field.name) == getattr(y, field.name), field.name
    return cached


def test_several_specific_amounts_are_all_due(rules: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    found = _book(rules, monkeypatch).duty("US", "2204.30.00", "FR", DAY)
    mfn = found.mfn
    assert mfn.specific == Specific(D("0.044"), "USD", "litre")
    assert mfn.more == (Specific(D("0.314"), "USD", "proof_litre"),)
    assert describe_terms(mfn) == "0.044 USD/litre + 0.314 USD/proof_litre"
    # 100 units of 0.75 l at 12 % vol (0.18 proof litre each): 75 l and 18 proof litres
    line = _line(extra_units={"litre": "0.75", "proof_litre": "0.18"})
    amount, how = terms_amount(mfn, line, D("2000"), same)
    assert amount == D("75") * D("0.044") + D("18") * D("0.314")
    assert how == "0.044 USD/litre + 0.314 USD/proof_litre"
    (extra,) = found.additional
    assert extra.more == (Specific(D("0.02"), "USD", "proof_litre"),)
    # 0.75 + 0.36 = 1.11 over 5 % of 20 = 1.00: the maximum applies
    amount, how = terms_amount(extra, line, D("20"), same)
    assert amount == D("1.00") and how.endswith("(maximum 5% applied)")


def test_a_quote_without_the_second_quantity_is_refused_never_half_priced(
        rules: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mfn = _book(rules, monkeypatch).duty("US", "2204.30.00", "FR", DAY).mfn
    with pytest.raises(Exception, match=r"extra_units\.proof_litre"):
        terms_amount(mfn, _line(extra_units={"litre": "0.75"}), D("2000"), same)


def test_an_ad_valorem_maximum_caps_the_compound_duty(rules: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    book = _book(rules, monkeypatch)
    starch = book.duty("US", "3505.20.10", "FR", DAY).mfn
    assert (starch.rate, starch.max_rate, starch.max) == (D("0.083"), D("0.115"), None)
    assert describe_terms(starch) == "0.045 USD/kg + 8.3 % (max 11.5 %)"
    line = _line(hs_code="35052010", unit_weight_kg="10")  # 1,000 kg
    # 8.3 % of 1000 + 45 = 128 > 11.5 % of 1000 = 115: capped
    amount, how = terms_amount(starch, line, D("1000"), same)
    assert amount == D("115.000") and how.endswith("(maximum 11.5% applied)")
    # of 10000: 830 + 45 = 875 < 1150: not capped
    assert terms_amount(starch, line, D("10000"), same)[0] == D("875.000")
    # MAX 19.40% + 9.40 EUR / 100 kg: the maximum is compound too
    sugar = book.duty("US", "2105.00.10", "FR", DAY).mfn
    amount, how = terms_amount(sugar, _line(hs_code="21050010", unit_weight_kg="10"),
                               D("500"), same)
    # 8.6 % of 500 + 202 = 245 over 19.4 % of 500 + 94 = 191: capped
    assert amount == D("191") and "(maximum 19.4% + 0.094 USD/kg applied)" in how
    assert describe_terms(sugar) == "0.202 USD/kg + 8.6 % (max 19.4 % + 0.094 USD/kg)"


def test_an_ad_valorem_minimum_and_maximum_bound_a_specific_duty(
        rules: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    watch = _book(rules, monkeypatch).duty("US", "9111.10.00", "FR", DAY).mfn
    line = _line(hs_code="91111000", quantity="10")  # 10 items: 5.00 specific
    assert terms_amount(watch, line, D("100"), same)[0] == D("4.600")   # max 4.6 % of 100
    assert terms_amount(watch, line, D("1000"), same)[0] == D("27.000")  # min 2.7 % of 1000
    assert terms_amount(watch, line, D("150"), same)[0] == D("5.0")      # in between


def test_malformed_terms_are_named_with_file_line_and_column(tmp_path: Path) -> None:
    bad = TABLE.replace('{amount: "0.314", currency: USD, per: proof_litre}',
                        '{amount: "0.314", currency: USD, per: furlong}')
    bad = bad.replace('max_rate: "0.115"', 'max_rate: "11.5"')
    bad = bad.replace("specific: [{amount: \"0.01\"", "specific: [], x: [{amount: \"0.01\"")
    shutil.copytree(GOOD, tmp_path / "rules")
    (tmp_path / "rules" / "tariffs").mkdir()
    (tmp_path / "rules" / "tariffs" / "US.yaml").write_text(bad, encoding="utf-8")
    errors = [str(e) for e in iter_rule_errors([tmp_path / "rules"])]
    text = "\n".join(errors)
    assert "US.yaml:11:" in text and "mfn[0].specific[1].per" in text
    assert "US.yaml:12:" in text and "max_rate" in text and "outside [0, 10]" in text
    assert "US.yaml:16:" in text and "give at least one entry" in text


def test_the_shipped_tables_carry_the_terms_as_published() -> None:
    book = load_rules()
    # US 2204.30.00 (grape must): 4.4¢/liter + 31.4¢/pf. liter
    must = book.duty("US", "2204.30.00", "FR", DAY).mfn
    assert describe_terms(must) == "0.044 USD/litre + 0.314 USD/proof_litre"
    # CET 3505.20.10 (glues on starch): 8.30% + 4.50 EUR / 100 kg MAX 11.50%
    glue = book.duty("DE", "3505.20.10", "US", DAY).mfn
    assert describe_terms(glue) == "0.045 EUR/kg + 8.3 % (max 11.5 %)"
    # UKGT 0402.10.91: 1.00 GBP/kg/lactic matter + 23.00 GBP/100kg
    milk = book.duty("GB", "0402.10.91", "US", DAY).mfn
    assert describe_terms(milk) == "1 GBP/kg_lactic_matter + 0.23 GBP/kg"
    # UKGT 3105.10.00.10 (ammonium nitrate fertiliser): the dataset's UKGT column says 6.0 %,
    # but flags the CET (6.5 %) as applying until the trade remedy transition review concludes
    fertiliser = book.duty("GB", "3105.10.00.10", "CN", DAY).mfn
    assert (fertiliser.rate, fertiliser.hs) == (Decimal("0.065"), "3105100010")
    assert book.duty("GB", "3105.10.00.90", "CN", DAY).mfn.rate == Decimal("0.06")
    # CET 1806.20.10 (chocolate): 8.30% + EA MAX 18.70% + ADSZ: the line declares the Meursing
    # amounts of its additional code
    choc = book.duty("DE", "1806.20.10", "US", DAY).mfn
    assert describe_terms(choc) == "8.3 % + EA (max 18.7 % + ADSZ)"
    # US 9102.11.10 (watches): 44¢ each + 6% on the case + 14% on the strap, band or
    # bracelet + 5.3% on the battery
    watch = book.duty("US", "9102.11.10", "CH", DAY).mfn
    assert describe_terms(watch) == ("0.44 USD/unit + 6 % on the case + 14 % on the strap + "
                                     "5.3 % on the battery")
    # US 1701.13.10 (cane sugar): 1.4606¢/kg less 0.020668¢/kg for each degree under 100
    sugar = book.duty("US", "1701.13.10", "BR", DAY).mfn
    assert describe_terms(sugar) == ("0.014606 USD/kg + less 0.00020668 USD/kg per degree "
                                     "under 100 (min 0.00943854 USD/kg)")
    # the rate of another provision, the entry price system: a rule that says what it needs
    sets = book.duty("US", "8215.10.00", "CN", DAY).mfn
    assert describe_terms(sets) == "the duty is that of another provision"
    tomatoes = book.duty("DE", "0702.00.00", "MA", DAY).mfn
    assert describe_terms(tomatoes) == "entry price system"


DECLARED = """\
# yaml-language-server: $schema=../schema/rules.schema.json
tariff: US
as_of: 2026-06-08
sources:
  - {id: "hts", title: "USITC HTS 2026 Revision 10", url: "https://hts.usitc.gov/"}
valid_from: 2026-06-08
mfn:
  - {hs: "91021110", specific: {amount: "0.44", currency: USD, per: unit}, parts: [{rate: "0.06", of: [case]}, {rate: "0.14", of: strap}, {rate: "0.053", of: [battery]}]}
  - {hs: "17011310", specific: {amount: "0.014606", currency: USD, per: kg}, min: {amount: "0.00943854", currency: USD, per: kg}, less_per_degree: {amount: "0.00020668", currency: USD, per: kg, below: "100"}}
  - {hs: "18062010", rate: "0.083", max_rate: "0.187", agricultural: [EA], max_agricultural: [ADSZ]}
  - {hs: "82151000", reference: "The rate of duty applicable to that article in the set subject to the highest rate of duty"}
  - {hs: "07020000", entry_price: true}
  - {hs: "10019900", rate: "0.01", out_of_quota: {rate: "0.65"}}
  - {hs: "04022100", rate: "0.2", out_of_quota: {specific: {amount: "1.30", currency: USD, per: kg}, min_rate: "0.5"}}
"""


def test_declared_terms_are_compiled_cached_and_described(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    book = _book(rules_with_table(tmp_path, monkeypatch, DECLARED), monkeypatch)
    watch = book.duty("US", "9102.11.10", "CH", DAY).mfn
    assert watch.declared is not None
    assert [(p.rate, p.of) for p in watch.declared.parts] == [
        (D("0.06"), ("case",)), (D("0.14"), ("strap",)), (D("0.053"), ("battery",))]
    sugar = book.duty("US", "1701.13.10", "BR", DAY).mfn
    assert sugar.declared is not None and sugar.declared.below == D("100")
    assert sugar.declared.less_per_degree == Specific(D("0.00020668"), "USD", "kg")
    choc = book.duty("US", "1806.20.10", "CH", DAY).mfn
    assert choc.declared is not None
    assert (choc.declared.agricultural, choc.declared.max_agricultural) == (("EA",), ("ADSZ",))
    sets = book.duty("US", "8215.10.00", "CN", DAY).mfn
    assert sets.declared is not None and sets.declared.unpriced is not None
    assert "that article in the set" in sets.declared.unpriced
    assert "quote the components" in sets.declared.unpriced
    tomatoes = book.duty("US", "0702.00.00", "MA", DAY).mfn
    assert tomatoes.declared is not None and tomatoes.declared.unpriced is not None
    assert tomatoes.declared.unpriced.startswith("entry price system")
    wheat = book.duty("US", "1001.99.00", "AU", DAY).mfn
    assert wheat.declared is not None and wheat.declared.out_of_quota is not None
    assert (wheat.rate, wheat.declared.out_of_quota.rate) == (D("0.01"), D("0.65"))
    assert describe_terms(wheat) == "1 % in quota, 65 % out of quota"
    milk = book.duty("US", "0402.21.00", "NZ", DAY).mfn
    assert milk.declared is not None and milk.declared.out_of_quota is not None
    assert milk.declared.out_of_quota.specific == Specific(D("1.30"), "USD", "kg")
    assert describe_terms(milk) == "20 % in quota, 1.30 USD/kg (min 50 %) out of quota"


@pytest.mark.parametrize(("entry", "message"), [
    ('{hs: "91021110", parts: [{rate: "0.06", of: [crown]}]}', "parts[0].of"),
    ('{hs: "91021110", parts: [{rate: "0.06", of: [case, case]}]}', "a part named twice"),
    ('{hs: "91021110", parts: [{rate: "-0.06", of: [case]}]}', "parts[0].rate"),
    ('{hs: "91021110", parts: []}', "give at least one entry"),
    ('{hs: "17011310", less_per_degree: {amount: "0.0002", currency: USD, per: kg}, rate: "0.1"}',
     "less_per_degree needs a specific duty"),
    ('{hs: "18062010", rate: "0.083", agricultural: [XX]}', "agricultural[0]"),
    ('{hs: "18062010", rate: "0.083", max_agricultural: [ADSZ]}', "max_agricultural needs"),
    ('{hs: "82151000", reference: "See note 1", rate: "0.1"}', "take no other duty terms"),
    ('{hs: "07020000", entry_price: false}', "give true"),
    ('{hs: "10019900", rate: "0.01", out_of_quota: {}}', "give the out-of-quota rate"),
    ('{hs: "10019900", out_of_quota: {rate: "0.65"}}', "out_of_quota needs the in-quota duty"),
    ('{hs: "10019900", rate: "0.01", out_of_quota: {rate: "0.65", valid_from: 2026-01-01}}',
     "unknown key 'valid_from'"),
])
def test_malformed_declared_terms_are_named_with_file_line_and_column(
        tmp_path: Path, entry: str, message: str) -> None:
    bad = DECLARED.split("mfn:")[0] + f"mfn:\n  - {entry}\n"
    shutil.copytree(GOOD, tmp_path / "rules")
    (tmp_path / "rules" / "tariffs").mkdir()
    (tmp_path / "rules" / "tariffs" / "US.yaml").write_text(bad, encoding="utf-8")
    text = "\n".join(str(e) for e in iter_rule_errors([tmp_path / "rules"]))
    assert "US.yaml:8:" in text and message in text, text
