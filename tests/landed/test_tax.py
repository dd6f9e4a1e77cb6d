"""Import tax by class and subdivision, where it is collected, and what a buyer recovers."""

from __future__ import annotations

import pytest

from pricing_engine.errors import MissingRule

from .conftest import D, make_quote

SHIRTS = [{"sku": "T", "hs_code": "6109.10", "origin": "CN", "quantity": "100",
           "unit_price": "10", "unit_cost": "5"}]


def _to_ca(engine, subdivision, **buyer):  # type: ignore[no-untyped-def]
    # VFD CAD 1000; duty 18 % = 180; value for tax 1180 (CBSA; provinces per CRA).
    q = make_quote(currency="CAD", seller={"country": "US", "vat_id": None},
                   buyer={"country": "CA", "subdivision": subdivision, **buyer}, lines=SHIRTS)
    return engine.quote(q)


def _taxes(result):  # type: ignore[no-untyped-def]
    return {c.name: c for c in result.lines[0].charges if c.kind == "tax"}


def test_quebec_gst_at_the_border_and_qst_self_assessed(engine) -> None:  # type: ignore[no-untyped-def]
    taxes = _taxes(_to_ca(engine, "CA-QC", vat_id="123456782RT0001"))
    assert taxes["GST"].amount.amount == D("59.00")
    assert taxes["GST"].collected == "at_border"
    # 9.975 % x 1180 = 117.705 -> 117.71 (half up, one declaration line)
    assert taxes["QST"].amount.amount == D("117.71")
    assert taxes["QST"].collected == "self_assessed"


def test_ontario_hst_replaces_gst(engine) -> None:  # type: ignore[no-untyped-def]
    taxes = _taxes(_to_ca(engine, "CA-ON"))
    assert set(taxes) == {"HST"}
    assert taxes["HST"].amount.amount == D("153.40")


def test_bc_pst_is_not_recoverable_gst_is(engine) -> None:  # type: ignore[no-untyped-def]
    r = _to_ca(engine, "CA-BC", vat_id="123456782RT0001")
    taxes = _taxes(r)
    assert taxes["GST"].recoverable is True and taxes["PST"].recoverable is False
    assert r.totals.recoverable_tax.amount == D("59.00")
    # the landed cost counts both; only GST comes back to a registered business buyer
    assert r.totals.landed_cost.amount == D("1000") + D("180.00") + D("59.00") + D("82.60")


def test_consumer_recovers_nothing(engine) -> None:  # type: ignore[no-untyped-def]
    r = _to_ca(engine, "CA-ON", type="consumer")
    assert r.totals.recoverable_tax.amount == D("0")


def test_tax_class_maps_to_a_rate_class(engine) -> None:  # type: ignore[no-untyped-def]
    line = {**SHIRTS[0], "tax_class": "books", "hs_code": "6109"}
    q = make_quote(seller={"country": "CN", "vat_id": None}, buyer={"country": "DE"},
                   lines=[line])
    tax = _taxes(engine.quote(q))["USt"]
    assert tax.rate == D("0.07") and tax.amount.amount == D("78.40")  # 7 % of 1000 + 120


def test_unknown_tax_class_is_an_error(engine) -> None:  # type: ignore[no-untyped-def]
    line = {**SHIRTS[0], "tax_class": "spaceships"}
    q = make_quote(seller={"country": "CN", "vat_id": None}, buyer={"country": "DE"},
                   lines=[line])
    with pytest.raises(MissingRule, match="spaceships"):
        engine.quote(q)


def test_ioss_moves_vat_to_the_sale_for_small_b2c_consignments(engine) -> None:  # type: ignore[no-untyped-def]
    small = [{**SHIRTS[0], "quantity": "10"}]  # EUR 100 <= EUR 150
    common = {"seller": {"country": "US", "vat_id": None, "registrations": ["EU-IOSS"]},
              "buyer": {"country": "FR", "type": "consumer"}, "mode": "post"}
    r = engine.quote(make_quote(lines=small, **common))
    tva = _taxes(r)["TVA"]
    assert tva.collected == "at_sale" and r.tax_collection == "EU-IOSS"
    assert tva.amount.amount == D("22.40")  # 20 % of (100 + 12 % duty)
    big = engine.quote(make_quote(lines=SHIRTS, **common))  # EUR 1000 > 150: at the border
    assert _taxes(big)["TVA"].collected == "at_border"


def test_gb_low_value_goods_vat_at_sale_and_no_duty(engine) -> None:  # type: ignore[no-untyped-def]
    # HMRC: no duty on consignments <= GBP 135 (non-excise); VAT charged at the sale.
    q = make_quote(currency="GBP", seller={"country": "IN", "vat_id": None,
                                           "registrations": ["GB-LVG"]},
                   buyer={"country": "GB", "type": "consumer"}, mode="post",
                   lines=[{"sku": "S", "hs_code": "6214.10", "origin": "IN", "quantity": "4",
                           "unit_price": "25", "unit_cost": "10"}])
    r = engine.quote(q)
    assert r.totals.duty.amount.amount == D("0")
    assert "relieved" in r.lines[0].charges[0].explanation
    vat = _taxes(r)["VAT"]
    assert vat.amount.amount == D("20.00") and vat.collected == "at_sale"


def test_australian_low_value_gst_is_charged_at_sale_despite_the_border_threshold(engine) -> None:  # type: ignore[no-untyped-def]
    # Home Affairs / ATO: goods of A$1000 or less pass the border without duty or GST, but a
    # registered vendor charges GST at the sale. 10 % of (500 + 30 shipping) = 53.00.
    q = make_quote(currency="AUD", seller={"country": "GB", "vat_id": None,
                                           "registrations": ["AU-LVG"]},
                   buyer={"country": "AU", "type": "consumer"}, mode="post", incoterm="DAP",
                   freight={"amount": "30", "currency": "AUD"},
                   lines=[{"sku": "P", "hs_code": "8413", "origin": "GB", "quantity": "1",
                           "unit_price": "530", "unit_cost": "1"}])
    r = engine.quote(q)
    assert r.totals.duty.amount.amount == D("0")
    gst = _taxes(r)["GST"]
    assert gst.collected == "at_sale" and gst.amount.amount == D("53.00")
    unregistered = engine.quote(q.model_copy(update={"seller": q.seller.model_copy(
        update={"registrations": ()})}))
    assert unregistered.totals.import_tax.amount.amount == D("0")  # relieved at the border
