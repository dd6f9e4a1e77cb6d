"""Who bears each cost element under each Incoterm; 'depends' resolved by documented defaults."""

from __future__ import annotations

import pytest

from pricing_engine.errors import InputError
from pricing_engine.landed.context import split_costs

from .conftest import D, make_quote


def _split(engine, code, mode="sea", overrides=None):  # type: ignore[no-untyped-def]
    return split_costs(code, engine.rules.incoterm(code), mode=mode, overrides=overrides)


def test_ddp_seller_pays_duties_and_taxes(engine) -> None:  # type: ignore[no-untyped-def]
    s = _split(engine, "DDP")
    assert s.bearers["import_duties_taxes"] == "seller"
    assert all(s.bearers[e] == "seller" for e in ("main_carriage", "import_clearance"))


def test_exw_buyer_loads_and_clears_export(engine) -> None:  # type: ignore[no-untyped-def]
    s = _split(engine, "EXW")
    assert s.bearers["export_packing"] == "seller"
    assert s.bearers["loading_at_origin"] == "buyer"
    assert s.bearers["export_clearance"] == "buyer"


def test_depends_defaults(engine) -> None:  # type: ignore[no-untyped-def]
    assert _split(engine, "FCA").bearers["loading_at_origin"] == "seller"
    cif = _split(engine, "CIF")
    assert cif.bearers["destination_terminal_handling"] == "buyer"
    assert cif.decided_by["destination_terminal_handling"] == "depends_default"
    assert _split(engine, "CPT", "road").bearers["delivery_to_buyer_premises"] == "seller"


def test_insurance_without_obligation_is_borne_by_the_risk_bearer(engine) -> None:  # type: ignore[no-untyped-def]
    assert _split(engine, "FOB").bearers["insurance"] == "buyer"
    assert _split(engine, "DAP").bearers["insurance"] == "seller"
    assert _split(engine, "CIF").bearers["insurance"] == "seller"  # owed to the buyer


def test_quote_overrides_a_default(engine) -> None:  # type: ignore[no-untyped-def]
    s = _split(engine, "CIF", overrides={"destination_terminal_handling": "seller"})
    assert s.bearers["destination_terminal_handling"] == "seller"
    assert s.decided_by["destination_terminal_handling"] == "quote"


def test_sea_only_rules_refuse_other_modes(engine) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match="sea"):
        _split(engine, "FOB", mode="air")


def test_compare_incoterms_lists_only_rules_that_fit_the_mode(engine) -> None:  # type: ignore[no-untyped-def]
    air = engine.compare_incoterms(make_quote(mode="air", fx={"EUR/USD": "1.1"}))
    assert list(air) == ["EXW", "FCA", "CPT", "CIP", "DAP", "DPU", "DDP"]
    sea = engine.compare_incoterms(make_quote(fx={"EUR/USD": "1.1"}))
    assert len(sea) == 11


def test_cost_to_serve_grows_with_the_sellers_obligations(engine) -> None:  # type: ignore[no-untyped-def]
    # Same prices: freight 100 + onward 20 + US duty 16.5 % (+ MPF min) move to the seller.
    q = make_quote(currency="USD", freight={"amount": "100", "currency": "USD"},
                   onward_freight={"amount": "20", "currency": "USD"},
                   lines=[{"sku": "T", "hs_code": "6109", "origin": "DE", "quantity": "100",
                           "unit_price": "20", "unit_cost": "10"}])
    exw = engine.quote(q, incoterm="EXW").totals
    dap = engine.quote(q, incoterm="DAP").totals
    assert exw.seller_cost_to_serve.amount == D("1000")
    assert dap.seller_cost_to_serve.amount == D("1120.00")
    # EXW: the buyer pays 2000 + 100 + 20 + duty 330 + MPF 33.58 (+ HMF 2.50 by sea)
    assert exw.landed_cost.amount == D("2000") + D("120") + D("330.00") + D("33.58") + D("2.50")
    # DAP: freight is in the price, which now includes it: the goods value and duty drop.
    assert dap.customs_value.amount == D("1880.00")
    assert dap.duty.amount.amount == D("310.20")
