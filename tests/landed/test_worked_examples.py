"""Worked examples published by customs authorities, re-computed by the engine.

Each test cites its source and uses the rates that source used (from the test rule set, or a
rule directory of the test's own). Amounts are the source's, checked by hand.
"""

from __future__ import annotations

from decimal import Decimal

from .conftest import D, make_quote


def _charges(result, kind_or_name):  # type: ignore[no-untyped-def]
    return [c for ln in result.lines for c in ln.charges
            if c.kind == kind_or_name or c.name == kind_or_name]


def test_cbsa_value_for_duty_duty_and_gst(engine) -> None:  # type: ignore[no-untyped-def]
    """CBSA, "Calculating duty and taxes" (importing by mail or courier), example:
    US$100 x 1.15 = CAN$115 value for duty; 4 % duty = $4.60; value for tax $119.60;
    5 % GST = $5.98; total $10.58. (Text as quoted from the CBSA page at
    smallformfactor.net/forum/threads/s4-mini-classic-s4m-c.96/post-46018.)
    """
    q = make_quote(currency="USD", seller={"country": "US"}, buyer={"country": "CA"},
                   mode="air", customs_fx={"USD/CAD": "1.15"}, fx={"USD/CAD": "1.15"},
                   lines=[{"sku": "K", "hs_code": "8516", "origin": "CN", "quantity": "1",
                           "unit_price": "100", "unit_cost": "50"}])
    r = engine.quote(q)
    t = r.totals
    assert t.customs_value.amount == D("115.00") and t.customs_value.currency.code == "CAD"
    assert t.duty.amount.amount == D("4.60")
    gst = _charges(r, "GST")
    assert [c.base.amount for c in gst] == [D("119.60")]
    assert t.import_tax.amount.amount == D("5.98")
    assert t.duty.amount.amount + t.import_tax.amount.amount == D("10.58")


def test_abf_value_of_taxable_importation(engine) -> None:  # type: ignore[no-untyped-def]
    """Australian Customs (customs.gov.au/site/page5549.asp, as quoted at vwwatercooled.com.au):
    customs value A$1200; duty 5 % = A$60; international transport and insurance A$150;
    VoTI = 1200 + 60 + 150 = A$1410; GST 10 % = A$141 (GST Act s13-20).
    Australia's duty base is FOB: the T&I enters the GST base only.
    """
    q = make_quote(currency="AUD", seller={"country": "GB", "vat_id": None},
                   buyer={"country": "AU"}, incoterm="EXW",
                   freight={"amount": "100", "currency": "AUD"},
                   insurance={"amount": "50", "currency": "AUD"},
                   lines=[{"sku": "P", "hs_code": "8413", "origin": "GB", "quantity": "1",
                           "unit_price": "1200", "unit_cost": "800"}])
    r = engine.quote(q)
    assert r.valuation == "FOB"
    assert r.totals.customs_value.amount == D("1200.00")
    assert r.totals.duty.amount.amount == D("60.00")
    assert _charges(r, "GST")[0].base.amount == D("1410.00")
    assert r.totals.import_tax.amount.amount == D("141.00")


def test_revenue_ie_value_for_vat_is_customs_value_plus_duty(rules_dir) -> None:  # type: ignore[no-untyped-def]
    """Revenue (IE), "How to calculate what you owe" (revenue.ie .../calculate.aspx): a camera
    of EUR 500 at 0 % duty and shirts of EUR 600 at the 2.5 % standard rate: duty EUR 15;
    value for VAT 500 + 600 + 15 = EUR 1,115; VAT 23 % = EUR 256.45; total EUR 271.45.
    The rule directory carries the example's rates (2.5 % is the flat traveller rate).
    """
    engine = rules_dir({
        "unions/EU.yaml": """
union: EU
name: test union
currency: EUR
members: [IE]
as_of: 2026-11-01
sources: [{id: rev, title: "Revenue: how to calculate what you owe"}]
customs: {valuation: CIF, tax_base: [customs_value, duty, excise, post_border_costs]}
duty:
  mfn:
    - {hs: "8525", rate: "0", source: rev}
    - {hs: "6205", rate: "0.025", source: rev}
""",
        "countries/IE.yaml": """
country: IE
currency: EUR
union: EU
as_of: 2026-11-01
sources: [{id: rev, title: "Revenue: VAT 23 %"}]
tax: {name: VAT, rates: [{class: standard, rate: "0.23", valid_from: 2021-03-01, source: rev}]}
""",
    })
    q = make_quote(seller={"country": "US", "vat_id": None},
                   buyer={"country": "IE", "type": "consumer"}, mode="air",
                   lines=[{"sku": "CAM", "hs_code": "8525.89", "origin": "US", "quantity": "1",
                           "unit_price": "500", "unit_cost": "1"},
                          {"sku": "SHIRT", "hs_code": "6205.20", "origin": "US",
                           "quantity": "10", "unit_price": "60", "unit_cost": "1"}])
    r = engine.quote(q)
    assert r.totals.duty.amount.amount == D("15.00")
    vat = _charges(r, "VAT")
    assert sum(c.base.amount for c in vat) == D("1115.00")
    assert r.totals.import_tax.amount.amount == D("256.45")
    assert r.totals.duty.amount.amount + r.totals.import_tax.amount.amount == D("271.45")


def test_tulli_vat_base_adds_transport_to_the_first_destination(engine) -> None:  # type: ignore[no-untyped-def]
    """Tulli (tulli.fi, "Mitä ovat maahantuontiverot?" / "Customs value"): the customs value
    is the price plus transport and insurance to the EU border; the import VAT base adds the
    transport costs to the first destination in Finland and the duties. Hand-checked:
    goods 1000 + freight to the border 100 = CV 1100; duty 12 % = 132.00; VAT base
    1100 + 132 + 50 (onward) = 1282; VAT 25.5 % (from 2024-09-01) = 326.91; 24 % before.
    """
    common = {"seller": {"country": "CN", "vat_id": None}, "buyer": {"country": "FI"},
              "incoterm": "EXW", "freight": {"amount": "100", "currency": "EUR"},
              "onward_freight": {"amount": "50", "currency": "EUR"},
              "lines": [{"sku": "T", "hs_code": "6109.10", "origin": "CN", "quantity": "100",
                         "unit_price": "10", "unit_cost": "5"}]}
    r = engine.quote(make_quote(**common))
    assert r.totals.customs_value.amount == D("1100.00")
    assert r.totals.duty.amount.amount == D("132.00")
    assert _charges(r, "ALV")[0].base.amount == D("1282.00")
    assert r.totals.import_tax.amount.amount == D("326.91")
    before = engine.quote(make_quote(date="2024-08-31", **common))
    assert before.totals.import_tax.amount.amount == D("307.68")


def test_hmrc_value_for_import_vat(engine) -> None:  # type: ignore[no-untyped-def]
    """HMRC, "How to value your imports: value for import VAT" (nibusinessinfo.co.uk/content/
    value-import-vat): add to the value for duty the incidental expenses up to the first
    destination in the UK and the customs duty. Hand-checked: goods 2000 + freight 300 +
    insurance 20 = CV 2320 (CIF, HMRC CAPI04150); duty 2.2 % = 51.04; VAT base
    2320 + 51.04 + 80 (onward) = 2451.04; VAT 20 % = 490.208 -> 490.21 (per declaration line).
    """
    q = make_quote(currency="GBP", seller={"country": "US", "vat_id": None},
                   buyer={"country": "GB"}, incoterm="FCA",
                   freight={"amount": "300", "currency": "GBP"},
                   insurance={"amount": "20", "currency": "GBP"},
                   onward_freight={"amount": "80", "currency": "GBP"},
                   lines=[{"sku": "F", "hs_code": "8418.50", "origin": "US", "quantity": "2",
                           "unit_price": "1000", "unit_cost": "700"}])
    r = engine.quote(q)
    assert r.totals.customs_value.amount == D("2320.00")
    assert r.totals.duty.amount.amount == D("51.04")
    assert _charges(r, "VAT")[0].base.amount == D("2451.04")
    assert r.totals.import_tax.amount.amount == D("490.21")


def test_cbp_merchandise_processing_fee(engine) -> None:  # type: ignore[no-untyped-def]
    """CBP Dec. 25-10 (90 FR 34665): MPF 0.3464 % of the entered value (no duty, freight or
    insurance; help.inlt.com "Calculating the MPF"), FY2026 minimum USD 33.58, maximum USD
    651.50. 0.3464 % x 5,000 = 17.32 -> 33.58; x 50,000 = 173.20; x 500,000 = 1,732 -> 651.50.
    """
    def mpf(value: str) -> Decimal:
        q = make_quote(currency="USD", mode="air", incoterm="EXW",
                       freight={"amount": "900", "currency": "USD"},
                       lines=[{"sku": "P", "hs_code": "8413", "origin": "DE", "quantity": "1",
                               "unit_price": value, "unit_cost": "1"}])
        return engine.quote(q).totals.fees.breakdown["Merchandise Processing Fee"].amount

    assert mpf("5000") == D("33.58")
    assert mpf("50000") == D("173.20")
    assert mpf("500000") == D("651.50")


def test_india_social_welfare_surcharge_and_igst(engine) -> None:  # type: ignore[no-untyped-def]
    """CBIC (Finance Act 2018, s110: SWS 10 % of the aggregate customs duties; IGST on the
    assessable value + BCD + SWS). Hand-checked: AV INR 100,000; BCD 10 % = 10,000;
    SWS 10 % of BCD = 1,000; IGST 18 % x 111,000 = 19,980.
    """
    q = make_quote(currency="INR", seller={"country": "DE"}, buyer={"country": "IN"},
                   lines=[{"sku": "P", "hs_code": "8413", "origin": "DE", "quantity": "1",
                           "unit_price": "100000", "unit_cost": "1"}])
    r = engine.quote(q)
    assert r.totals.duty.breakdown["MFN duty"].amount == D("10000.00")
    assert r.totals.duty.breakdown["Social Welfare Surcharge"].amount == D("1000.00")
    assert r.totals.import_tax.amount.amount == D("19980.00")
