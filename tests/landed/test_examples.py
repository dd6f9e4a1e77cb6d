"""The published examples and the quote JSON Schema: in sync, valid, and computing as stated."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from pricing_engine.landed import LandedCostEngine
from pricing_engine.quote import Quote, quote_json_schema
from pricing_engine.rules import load_rules

from .conftest import D

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
FILES = sorted(EXAMPLES.glob("*.yaml"))


def _load(name: str) -> Quote:
    return Quote.model_validate(yaml.safe_load((EXAMPLES / name).read_text(encoding="utf-8")))


def test_schema_file_is_in_sync_with_the_model() -> None:
    # Regenerate with: pricing-engine schema --kind quote > examples/quote.schema.json
    committed = json.loads((EXAMPLES / "quote.schema.json").read_text(encoding="utf-8"))
    assert committed == quote_json_schema()


def test_at_least_six_examples() -> None:
    assert len(FILES) >= 6


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_example_matches_the_schema(path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    data = json.loads(json.dumps(data, default=str))  # dates as ISO strings, as in JSON
    jsonschema.validate(data, quote_json_schema())


def test_de_us_ddp_seller_pays_duty_and_fees(engine) -> None:  # type: ignore[no-untyped-def]
    r = engine.quote(_load("de-us-ddp.yaml"))
    assert r.totals.landed_cost.amount == r.totals.revenue.amount  # DDP: the price is all
    assert r.lines[0].charges[0].paid_by == "seller"
    assert r.totals.fees.breakdown["Merchandise Processing Fee"].amount > 0


def test_cn_de_dap_buyer_pays_import_vat_and_recovers_it(engine) -> None:  # type: ignore[no-untyped-def]
    r = engine.quote(_load("cn-de-dap.yaml"))
    assert r.totals.import_tax.breakdown["USt"].amount > 0
    assert r.totals.recoverable_tax.amount == r.totals.import_tax.quote_amount.amount


def test_us_ca_fca_quebec_breakdown_and_cusma(engine) -> None:  # type: ignore[no-untyped-def]
    r = engine.quote(_load("us-ca-fca-qc.yaml"))
    assert set(r.totals.import_tax.breakdown) == {"GST", "QST"}
    table = r.lines[0].charges[0]
    assert table.kind == "preference" and table.amount.amount == D("0")
    qst = next(c for c in r.lines[1].charges if c.name == "QST")
    assert qst.collected == "self_assessed"


def test_gb_jp_cif_in_yen(engine) -> None:  # type: ignore[no-untyped-def]
    r = engine.quote(_load("gb-jp-cif.yaml"))
    assert r.totals.customs_value.currency.code == "JPY"
    assert r.totals.customs_value.amount == r.totals.customs_value.amount.to_integral_value()


@pytest.fixture(scope="module")
def bundled() -> LandedCostEngine:
    return LandedCostEngine(load_rules())


def test_gb_jp_cif_on_the_bundled_rules(bundled: LandedCostEngine) -> None:
    r = bundled.quote(_load("gb-jp-cif.yaml"))
    # the UK-made line under the agreement it claims, the Bangladeshi one at the line's 7.4 %
    assert r.lines[0].charges[0].kind == "preference" and r.lines[0].duty.amount.amount == 0
    assert r.lines[1].charges[0].rate == D("0.074")


def test_a_claim_naming_an_agreement_otherwise_says_which_the_rules_give(
    bundled: LandedCostEngine,
) -> None:
    quote = _load("gb-jp-cif.yaml")
    line = quote.lines[0]
    assert line.preference is not None
    misnamed = line.model_copy(update={
        "preference": line.preference.model_copy(update={"agreement": "UK-JP CEPA"})})
    r = bundled.quote(quote.model_copy(update={"lines": (misnamed,)}))
    charge = r.lines[0].charges[0]
    assert charge.kind == "mfn" and charge.rate == D("0.074")  # never a preference it guessed
    assert ("preference 'UK-JP CEPA' does not cover this HS code and origin (the rules give "
            "'CPTPP', 'UK-Japan CEPA' for them)") in charge.explanation


def test_in_gb_low_value_no_duty_vat_at_sale(engine) -> None:  # type: ignore[no-untyped-def]
    r = engine.quote(_load("in-gb-low-value.yaml"))
    assert r.totals.duty.amount.amount == D("0")
    assert r.tax_collection == "GB-LVG"


def test_de_fr_reverse_charge(engine) -> None:  # type: ignore[no-untyped-def]
    r = engine.quote(_load("de-fr-b2b-reverse-charge.yaml"))
    assert r.sale_tax.treatment == "intra_eu_reverse_charge" and not r.is_import


def test_result_is_immutable_and_round_trips_through_json(engine) -> None:  # type: ignore[no-untyped-def]
    from pydantic import ValidationError

    from pricing_engine.landed import QuoteResult

    r = engine.quote(_load("us-ca-fca-qc.yaml"))
    assert QuoteResult.model_validate_json(r.model_dump_json()) == r
    doc = json.loads(r.model_dump_json())
    assert doc["totals"]["landed_cost"] == {"amount": str(r.totals.landed_cost.amount),
                                            "currency": "USD"}
    with pytest.raises(ValidationError):
        r.totals.revenue = r.totals.cost_of_goods  # type: ignore[misc]
