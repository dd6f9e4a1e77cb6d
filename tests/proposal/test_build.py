"""The document model: what the buyer reads, per tax treatment, and nothing internal."""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from pricing_engine.decision import load_proposal
from pricing_engine.errors import RuleFileError
from pricing_engine.landed import LandedCostEngine
from pricing_engine.proposal import (
    Descriptions,
    ProposalDocument,
    build_document,
    describe,
    load_descriptions,
)
from pricing_engine.proposal import model as model_module
from pricing_engine.quote import parse_quote

from .conftest import DE_FR, ROOT

Build = Callable[[Path, str], ProposalDocument]


def test_de_fr_b2b_is_reverse_charged_with_no_vat_on_the_document(document_of: Build) -> None:
    doc = document_of(DE_FR, "fr_FR")
    assert doc.mentions == ("REVERSE_CHARGE", "INTRA_EU_SUPPLY_EXEMPT")
    assert [(t.name, t.rate, t.amount.amount) for t in doc.taxes] == [("VAT", 0, 0)]
    assert [line.amount.amount for line in doc.lines] == [Decimal("26100.00"),
                                                           Decimal("7500.00")]
    assert doc.subtotal.amount == doc.total.amount == Decimal("33600.00")
    assert doc.total.currency.code == "EUR"
    assert (doc.issue_date, doc.valid_until) == (date(2026, 11, 20), date(2026, 12, 20))
    assert (doc.incoterm, doc.named_place) == ("DAP", "Lyon, 69007")
    assert (doc.buyer.country, doc.buyer.vat_id) == ("FR", "FR40303265045")
    assert doc.import_charges is None
    assert [line.description for line in doc.lines] == [
        "Pompe centrifuge", "Vanne à boisseau sphérique en inox, DN50"]


def test_an_export_from_the_eu_under_ddp_says_so(document_of: Build) -> None:
    doc = document_of(ROOT / "examples" / "de-us-ddp.yaml", "en_US")
    assert doc.mentions == ("EXPORT_EXEMPT_EU", "IMPORT_CHARGES_INCLUDED")
    assert doc.import_charges is None  # the seller's duties are its own business
    assert doc.total.amount == Decimal("54400.00")


def test_an_import_the_buyer_clears_shows_the_estimated_charges(
        document_of: Build, engine: LandedCostEngine) -> None:
    path = ROOT / "examples" / "cn-de-dap.yaml"
    doc = document_of(path, "de_DE")
    assert doc.mentions == ("EXPORT_ZERO_RATED", "IMPORT_CHARGES_BY_BUYER")
    result = engine.quote(load_proposal(path))
    assert doc.import_charges is not None
    assert doc.import_charges.duty == result.totals.duty.amount
    assert doc.import_charges.import_tax == result.totals.import_tax.amount
    assert doc.import_charges.duty.currency.code == "EUR"  # the destination's currency
    assert doc.total.currency.code == "USD"  # the quote's


def test_import_vat_collected_at_the_sale_is_on_the_document(document_of: Build) -> None:
    doc = document_of(ROOT / "examples" / "in-gb-low-value.yaml", "en_GB")
    assert doc.mentions == ("IMPORT_TAX_AT_SALE",)
    assert [(t.name, t.rate, t.amount.amount) for t in doc.taxes] == [
        ("VAT", Decimal("0.20"), Decimal("19.20"))]
    assert doc.total.amount == Decimal("115.20")
    assert doc.import_charges is None  # no duty under GBP 135, the VAT already paid


@pytest.mark.parametrize(("buyer", "treatment_rate"), [
    ('{name: "Verbraucher", country: DE, type: consumer}', Decimal("0.19")),
    ('{name: "Client", country: FR, type: consumer}', Decimal("0.20")),
])
def test_vat_on_the_invoice_is_added_to_the_total(
        engine: LandedCostEngine, buyer: str, treatment_rate: Decimal) -> None:
    quote = parse_quote(f"""
id: Q-1
date: 2026-11-20
currency: EUR
seller: {{name: "Acme", country: DE, vat_id: DE123456788}}
buyer: {buyer}
mode: road
incoterm: DAP
lines:
  - {{sku: P, hs_code: "8413.70", origin: DE, quantity: 3, unit_price: "100", unit_cost: "60"}}
""")
    doc = build_document(quote, engine.quote(quote), locale="de_DE", rules=engine.rules)
    assert doc.mentions == ()
    assert [(t.name, t.rate) for t in doc.taxes] == [("VAT", treatment_rate)]
    assert doc.total.amount == Decimal("300.00") * (1 + treatment_rate)


def test_the_document_type_has_no_field_for_internal_figures() -> None:
    forbidden = ("cost", "margin", "rule", "note", "explanation", "uplift", "target")
    seen: set[type] = set()

    def fields(cls: type) -> list[str]:
        if cls in seen or not dataclasses.is_dataclass(cls):
            return []
        seen.add(cls)
        hints = typing.get_type_hints(cls, vars(model_module))
        names = [f.name for f in dataclasses.fields(cls)]
        for hint in hints.values():
            for arg in (*typing.get_args(hint), hint):
                for inner in (*typing.get_args(arg), arg):
                    if isinstance(inner, type):
                        names += fields(inner)
        return names

    names = fields(ProposalDocument)
    assert "unit_price" in names and "vat_id" in names  # the walk reached the leaves
    assert not [n for n in names if any(word in n for word in forbidden)]


def test_a_result_of_another_quote_is_refused(engine: LandedCostEngine) -> None:
    one = load_proposal(DE_FR)
    other = load_proposal(ROOT / "examples" / "de-us-ddp.yaml")
    with pytest.raises(ValueError, match="is not the result of quote 'P-2026-0520'"):
        build_document(one, engine.quote(other), locale="de_DE", rules=engine.rules)


def test_descriptions_pick_locale_then_language_then_the_lines_own() -> None:
    texts = Descriptions({"P": {"fr": "Pompe", "fr_CA": "Pompe (CA)"}})
    assert describe("P", "Pump", "fr_CA", texts) == "Pompe (CA)"
    assert describe("P", "Pump", "fr_BE", texts) == "Pompe"
    assert describe("P", "Pump", "ja_JP", texts) == "Pump"
    assert describe("Q", None, "fr_FR", texts) is None


def test_a_descriptions_file_with_an_unknown_locale_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "descriptions.yaml"
    bad.write_text("P:\n  fr: Pompe\n  xx-YY: Pumpe\n", encoding="utf-8")
    with pytest.raises(RuleFileError, match=r"descriptions\.yaml:3:\d+: .*unknown locale 'xx-YY'"):
        load_descriptions(bad)


def test_the_doctests_hold() -> None:
    import doctest

    from pricing_engine.proposal import descriptions, mentions

    for module in (descriptions, mentions):
        result = doctest.testmod(module)
        assert result.attempted and not result.failed, module.__name__
