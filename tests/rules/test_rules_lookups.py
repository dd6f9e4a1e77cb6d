"""Lookups on a RuleBook, against the hand-checked fixture set in tests/fixtures/rules_good."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pricing_engine.errors import InputError, MissingRule, UnknownCountry
from pricing_engine.money import Money
from pricing_engine.rules import RuleBook


@pytest.mark.parametrize(
    ("day", "rate"),
    [
        (date(2008, 11, 30), "0.175"),
        (date(2008, 12, 1), "0.15"),  # the temporary cut
        (date(2009, 12, 31), "0.15"),
        (date(2010, 1, 1), "0.175"),
        (date(2011, 1, 3), "0.175"),
        (date(2011, 1, 4), "0.20"),
        (date(2026, 6, 1), "0.20"),
    ],
)
def test_gb_standard_rate_across_rate_changes(book: RuleBook, day: date, rate: str) -> None:
    (hit,) = book.tax_rates("GB", "standard", day)
    assert hit.rate == Decimal(rate)
    assert (hit.name, hit.mode, hit.collected, hit.rate_class) == (
        "VAT", "national", "at_border", "standard")


def test_unquoted_yaml_rate_is_exact_decimal(book: RuleBook) -> None:
    # GB.yaml writes the 2010 rate unquoted (rate: 0.175): it must not go through float.
    (hit,) = book.tax_rates("GB", "standard", date(2010, 6, 1))
    assert hit.rate == Decimal("0.175") and str(hit.rate) == "0.175"


def test_de_temporary_cut_with_explicit_valid_to(book: RuleBook) -> None:
    assert book.tax_rates("DE", "standard", date(2020, 6, 30))[0].rate == Decimal("0.19")
    assert book.tax_rates("DE", "standard", date(2020, 7, 1))[0].rate == Decimal("0.16")
    assert book.tax_rates("DE", "standard", date(2020, 12, 31))[0].rate == Decimal("0.16")
    assert book.tax_rates("DE", "standard", date(2021, 1, 1))[0].rate == Decimal("0.19")
    assert book.tax_rates("DE", "books", date(2020, 8, 1))[0].rate == Decimal("0.05")


def test_product_class_maps_to_rate_class_and_ref_points_at_line(book: RuleBook) -> None:
    (hit,) = book.tax_rates("GB", "books", date(2026, 1, 1))
    assert (hit.rate, hit.rate_class) == (Decimal("0"), "zero")
    assert hit.ref.file.endswith("countries/GB.yaml")
    assert hit.ref.line == 33 and hit.ref.entry == "tax.rates[5]"


def test_unknown_class_and_date_before_every_rate_are_missing_rules(book: RuleBook) -> None:
    with pytest.raises(MissingRule, match="luxury"):
        book.tax_rates("GB", "luxury", date(2026, 1, 1))
    with pytest.raises(MissingRule, match=r"GB.*standard.*1990-01-01"):
        book.tax_rates("GB", "standard", date(1990, 1, 1))


def test_unknown_country_and_missing_file(book: RuleBook) -> None:
    with pytest.raises(UnknownCountry):
        book.country("ZZ")
    with pytest.raises(MissingRule, match="JP"):
        book.country("JP")


def test_no_federal_tax_is_empty_not_missing(book: RuleBook) -> None:
    assert book.tax_rates("US", "standard", date(2026, 1, 1)) == ()
    assert "sales tax" in (book.country("US").model.no_tax_reason or "")


def test_subdivisions_replace_and_add(book: RuleBook) -> None:
    on = date(2026, 1, 1)
    (hst,) = book.tax_rates("CA", "standard", on, subdivision="CA-ON")
    assert (hst.name, hst.rate, hst.mode) == ("HST", Decimal("0.13"), "replace")
    gst, qst = book.tax_rates("CA", "standard", on, subdivision="CA-QC")
    assert (gst.name, gst.rate, gst.mode) == ("GST", Decimal("0.05"), "national")
    assert (qst.name, qst.rate, qst.mode, qst.collected) == (
        "QST", Decimal("0.09975"), "add", "self_assessed")
    (gst_only,) = book.tax_rates("CA", "standard", on, subdivision="CA-AB")
    assert gst_only.name == "GST"
    # Nova Scotia HST 15 % -> 14 % on 2025-04-01
    assert book.tax_rates("CA", "standard", date(2025, 3, 31), subdivision="CA-NS")[0].rate \
        == Decimal("0.15")
    assert book.tax_rates("CA", "standard", date(2025, 4, 1), subdivision="CA-NS")[0].rate \
        == Decimal("0.14")
    with pytest.raises(UnknownCountry):
        book.tax_rates("CA", "standard", on, subdivision="US-NY")


def test_longest_hs_prefix_wins(book: RuleBook) -> None:
    on = date(2026, 1, 1)
    assert book.duty("GB", "6109100010", "CN", on).mfn.hs == "610910"
    assert book.duty("GB", "6109.90", "CN", on).mfn.hs == "6109"
    assert book.duty("GB", "611020", "CN", on).mfn.hs == "61"
    rule = book.duty("GB", "610910", "CN", on).mfn
    assert rule.rate == Decimal("0.10") and rule.ref.confidence == "low"


def test_prefix_not_yet_valid_falls_back_to_shorter(book: RuleBook) -> None:
    wine = book.duty("GB", "22042110", "FR", date(2026, 1, 1)).mfn
    assert wine.hs == "220421" and wine.rate is None and wine.specific is not None
    assert (wine.specific.amount, wine.specific.currency, wine.specific.per) == (
        Decimal("0.32"), "GBP", "litre")
    assert book.duty("GB", "22042110", "FR", date(2020, 12, 31)).mfn.hs == "2204"


def test_minimum_duty_is_carried(book: RuleBook) -> None:
    shoe = book.duty("GB", "640399", "VN", date(2026, 1, 1)).mfn
    assert shoe.rate == Decimal("0.08") and shoe.min is not None
    assert (shoe.min.amount, shoe.min.per) == (Decimal("3.50"), "pair")


def test_no_mfn_rule_is_missing(book: RuleBook) -> None:
    with pytest.raises(MissingRule, match=r"GB.*9503.*2026-01-01"):
        book.duty("GB", "950300", "CN", date(2026, 1, 1))
    with pytest.raises(InputError):
        book.duty("GB", "61A9", "CN", date(2026, 1, 1))


def test_preference_by_origin_with_union_expansion(book: RuleBook) -> None:
    on = date(2026, 1, 1)
    (tca,) = book.duty("GB", "610990", "DE", on).preferential  # EU expands to DE, FR
    assert (tca.agreement, tca.rate, tca.requires) == ("UK-EU TCA", Decimal("0"),
                                                       "proof_of_origin")
    assert book.duty("GB", "610990", "US", on).preferential == ()
    assert book.duty("GB", "610990", "DE", date(2020, 12, 31)).preferential == ()
    # per agreement, the longest matching prefix (6109 beats 61)
    (cepa,) = book.duty("GB", "610910", "JP", on).preferential
    assert (cepa.hs, cepa.rate) == ("6109", Decimal("0"))
    (cepa61,) = book.duty("GB", "611020", "JP", on).preferential
    assert (cepa61.hs, cepa61.rate) == ("61", Decimal("0.02"))


def test_claimed_agreement_filters(book: RuleBook) -> None:
    on = date(2026, 1, 1)
    assert len(book.duty("US", "6109", "MX", on, claimed_agreement="USMCA").preferential) == 1
    assert book.duty("US", "6109", "MX", on, claimed_agreement="CETA").preferential == ()


def test_union_member_inherits_tariff_and_customs(book: RuleBook) -> None:
    lookup = book.duty("FR", "847130", "CA", date(2026, 1, 1))
    assert lookup.mfn.ref.file.endswith("unions/EU.yaml")
    assert [p.agreement for p in lookup.preferential] == ["CETA"]
    assert book.valuation("DE") == "CIF" and book.union_of("DE") == "EU"
    assert book.members("EU") == frozenset({"DE", "FR"})
    assert book.union_of("GB") is None
    assert "post_border_costs" in book.tax_base("FR")


def test_additional_duties_by_origin_and_date(book: RuleBook) -> None:
    lookup = book.duty("US", "847130", "CN", date(2026, 1, 1))
    assert [(a.name, a.rate) for a in lookup.additional] == [
        ("Section 301 (List 3)", Decimal("0.25"))]
    assert book.duty("US", "847130", "VN", date(2026, 1, 1)).additional == ()
    assert book.duty("US", "847130", "CN", date(2018, 9, 23)).additional == ()
    steel = book.duty("US", "720851", "KR", date(2025, 7, 1)).additional
    assert [(a.name, a.rate) for a in steel] == [("Section 232 steel", Decimal("0.50"))]
    assert book.duty("US", "720851", "KR", date(2025, 6, 3)).additional[0].rate \
        == Decimal("0.25")
    assert book.duty("US", "720851", "CA", date(2025, 7, 1)).additional == ()


def test_valuation_and_fee_base(book: RuleBook) -> None:
    assert book.valuation("US") == "FOB" and book.fee_base("US") == "entered_value"
    assert book.valuation("GB") == "CIF" and book.fee_base("GB") == "customs_value"


def test_us_de_minimis_by_date_and_origin(book: RuleBook) -> None:
    def amounts(day: date, origin: str | None) -> list[Money]:
        found = book.de_minimis("US", day, mode="courier", ship_from="CN", origin=origin)
        return [d.amount for d in found]

    assert amounts(date(2025, 5, 1), "CN") == [Money(Decimal("800"), "USD")]
    assert amounts(date(2025, 5, 2), "CN") == [Money(Decimal("0"), "USD")]  # CN/HK first
    assert amounts(date(2025, 5, 2), "VN") == [Money(Decimal("800"), "USD")]
    assert amounts(date(2025, 8, 28), "VN") == [Money(Decimal("800"), "USD")]
    assert amounts(date(2025, 8, 29), "VN") == [Money(Decimal("0"), "USD")]


def test_ca_de_minimis_by_mode_and_ship_from(book: RuleBook) -> None:
    on = date(2026, 1, 1)
    from_us = book.de_minimis("CA", on, mode="courier", ship_from="US")
    assert sorted((d.kind, d.amount.amount) for d in from_us) == [
        ("duty", Decimal("150")), ("tax", Decimal("40"))]
    from_cn = book.de_minimis("CA", on, mode="courier", ship_from="CN")
    assert [(d.kind, d.amount.amount, d.basis) for d in from_cn] == [
        ("both", Decimal("20"), "vfd")]
    assert book.de_minimis("CA", on, mode="sea", ship_from="US") == ()
    with pytest.raises(InputError, match="mode"):
        book.de_minimis("CA", on, mode="teleport", ship_from="US")


def test_eu_de_minimis_2021_change(book: RuleBook) -> None:
    def tax(day: date) -> Decimal:
        found = book.de_minimis("DE", day, mode="post", ship_from="CN")
        return next(d.amount.amount for d in found if d.kind == "tax")

    assert tax(date(2021, 6, 30)) == Decimal("22")
    assert tax(date(2021, 7, 1)) == Decimal("0")
    kinds = [d.kind for d in book.de_minimis("DE", date(2026, 7, 1), mode="post",
                                              ship_from="CN")]
    assert kinds == ["tax"]  # the EUR 150 duty relief ended 2026-06-30


def test_fees_by_mode_and_date(book: RuleBook) -> None:
    (mpf,) = book.fees("US", date(2026, 1, 1), mode="air")
    assert (mpf.code, mpf.rate, mpf.base, mpf.exempt_agreements) == (
        "MPF", Decimal("0.003464"), "entered_value", ("USMCA",))
    assert mpf.min == Money(Decimal("33.58"), "USD")
    assert mpf.max == Money(Decimal("651.50"), "USD")
    assert {f.code for f in book.fees("US", date(2026, 1, 1), mode="sea")} == {"MPF", "HMF"}
    assert [f.code for f in book.fees("US", date(2026, 10, 1), mode="air")] == []


def test_tax_collection_schemes(book: RuleBook) -> None:
    (ioss,) = book.tax_collection("FR", date(2026, 1, 1))
    assert (ioss.scheme, ioss.collected, ioss.holder) == ("EU-IOSS", "at_sale", "seller")
    assert ioss.max_consignment == Money(Decimal("150"), "EUR")
    assert book.tax_collection("FR", date(2021, 6, 30)) == ()


def test_content_hash_and_files(book: RuleBook) -> None:
    assert len(book.content_hash) == 64
    assert sum(f.endswith(".yaml") for f in book.files) == 6
    assert book.countries() == ("CA", "DE", "FR", "GB", "US")
