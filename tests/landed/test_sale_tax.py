"""The tax treatment of the sale: domestic, export, intra-EU B2B reverse charge, B2C."""

from __future__ import annotations

from .conftest import D, make_quote

LINES = [{"sku": "P", "hs_code": "8413", "origin": "DE", "quantity": "2", "unit_price": "500",
          "unit_cost": "300"}]


def test_intra_eu_b2b_reverse_charge(engine) -> None:  # type: ignore[no-untyped-def]
    r = engine.quote(make_quote(buyer={"country": "FR", "vat_id": "FR40303265045"},
                                incoterm="DAP", lines=LINES))
    assert not r.is_import and r.totals.duty.amount.amount == D("0")
    assert r.sale_tax.treatment == "intra_eu_reverse_charge"
    assert r.sale_tax.collected == "self_assessed" and r.sale_tax.country == "FR"
    assert r.totals.sale_tax.amount == D("200.00")  # FR 20 % accounted for by the buyer
    assert r.totals.recoverable_tax.amount == D("200.00")


def test_intra_eu_b2c_destination_vat(engine) -> None:  # type: ignore[no-untyped-def]
    r = engine.quote(make_quote(buyer={"country": "FR", "type": "consumer"}, lines=LINES))
    assert r.sale_tax.treatment == "intra_eu_destination_vat"
    assert r.sale_tax.collected == "on_invoice"
    assert r.totals.sale_tax.amount == D("200.00")
    assert r.totals.recoverable_tax.amount == D("0")


def test_domestic_sale_carries_the_sellers_vat(engine) -> None:  # type: ignore[no-untyped-def]
    r = engine.quote(make_quote(buyer={"country": "DE", "vat_id": "DE999999995"}, lines=LINES))
    assert r.sale_tax.treatment == "domestic" and r.sale_tax.rate == D("0.19")
    assert r.totals.sale_tax.amount == D("190.00")


def test_export_is_zero_rated_and_import_taxes_apply_instead(engine) -> None:  # type: ignore[no-untyped-def]
    r = engine.quote(make_quote(buyer={"country": "CA"}, currency="CAD", lines=LINES))
    assert r.sale_tax.treatment == "export_zero_rated"
    assert r.totals.sale_tax.amount == D("0")
    assert r.is_import and r.totals.import_tax.amount.amount == D("50.00")  # GST 5 % of 1000
