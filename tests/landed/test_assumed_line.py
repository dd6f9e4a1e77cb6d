"""ambiguous_hs: highest (issue 10): a code short of national lines that charge differently
is priced at the dearest line at the line's own customs value and quantity, and says so.

Real bundled data: US HTS 0207.25 spans 0207.25.20 (8.8 cents/kg) and 0207.25.40 (10 %), so
which one is dearer depends on the value per kg; 6403.99 spans lines from free to 10 %;
8481.30 spans 3 % and 5 % lines (the curated heading 8481 gives 2 % for the rest).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from pricing_engine import AmbiguousHsCode
from pricing_engine.landed import LandedCostEngine
from pricing_engine.landed.duty import assumed_line_notes, read_assumed
from pricing_engine.quote import Quote, load_quote, parse_quote

ROOT = Path(__file__).resolve().parents[2]

# dated before 2026-07-24: from then the forced-labour duty brings the duty of EU goods up to
# 10 % of the value, and the lines compared here would all cost the same
TURKEY = """\
id: Q-HS-1
date: 2026-07-01
currency: USD
seller: {{name: "Geflügel GmbH", country: DE}}
buyer: {{name: "Northwind Foods Inc.", country: US, type: business}}
mode: sea
incoterm: DAP
{option}
lines:
  - sku: TURKEY-CUTS
    hs_code: "0207.25"
    origin: DE
    quantity: 1000
    unit_price: "{price}"
    unit_cost: "0.10"
    unit_weight_kg: "1"
"""


@pytest.fixture(scope="module")
def engine() -> LandedCostEngine:
    return LandedCostEngine.load(fx_table=None)


def turkey(price: str, option: str = "ambiguous_hs: highest") -> Quote:
    return parse_quote(TURKEY.format(price=price, option=option))


def duty_charge(engine: LandedCostEngine, quote: Quote) -> tuple[Decimal, str]:
    (line,) = engine.quote(quote).lines
    first = line.charges[0]
    assert first.kind == "mfn"
    return first.amount.amount, first.explanation


def test_by_default_a_short_code_is_an_error_naming_the_lines(engine: LandedCostEngine) -> None:
    with pytest.raises(AmbiguousHsCode) as caught:
        engine.quote(turkey("0.50", option=""))
    assert "HS 020725" in str(caught.value)
    assert {code for code, _ in caught.value.candidates} == {"02072520", "02072540"}


def test_highest_takes_the_specific_duty_where_it_is_dearer(engine: LandedCostEngine) -> None:
    # 1,000 kg at 0.50 USD/kg: 0.088 USD/kg x 1,000 kg = 88.00 USD beats 10 % x 500 = 50.00
    amount, text = duty_charge(engine, turkey("0.50"))
    assert amount == Decimal("88.00")
    assert read_assumed(text) == {"hs_code": "020725", "assumed_line": "02072520",
                                  "terms": "0.088 USD/kg", "candidates": 2}


def test_highest_takes_the_ad_valorem_duty_where_it_is_dearer(engine: LandedCostEngine) -> None:
    # at 2.00 USD/kg: 10 % x 2,000 = 200.00 USD beats 88.00 USD
    amount, text = duty_charge(engine, turkey("2.00"))
    assert amount == Decimal("200.00")
    assert "national line 02072540 assumed (MFN 10 %)" in text
    assert "customs value (2000.00 USD)" in text


def test_a_line_chooses_for_itself(engine: LandedCostEngine) -> None:
    quote = turkey("0.50", option="")
    line = quote.lines[0].model_copy(update={"ambiguous_hs": "highest"})
    amount, _ = duty_charge(engine, quote.model_copy(update={"lines": (line,)}))
    assert amount == Decimal("88.00")
    text = TURKEY.format(price="0.50", option="ambiguous_hs: highest").replace(
        'unit_weight_kg: "1"', 'unit_weight_kg: "1"\n    ambiguous_hs: error')
    with pytest.raises(AmbiguousHsCode):  # the line's own "error" wins over the quote's
        engine.quote(parse_quote(text))


def test_highest_needs_the_quantities_every_candidate_line_charges_on(
        engine: LandedCostEngine) -> None:
    text = TURKEY.format(price="0.50", option="ambiguous_hs: highest").replace(
        '    unit_weight_kg: "1"\n', "")
    with pytest.raises(ValueError, match=r"needs unit_weight_kg.*dearest national line under "
                                         r"HS 020725: 02072520"):
        engine.quote(parse_quote(text))


def test_footwear_takes_the_ten_percent_line(engine: LandedCostEngine) -> None:
    text = TURKEY.format(price="20", option="ambiguous_hs: highest").replace(
        '"0207.25"', '"6403.99"')
    amount, text = duty_charge(engine, parse_quote(text))
    assert amount == Decimal("2000.00")  # 10 % of 20,000 USD
    found = read_assumed(text)
    assert found is not None and found["assumed_line"] == "64039990"
    # the six 8-digit lines; the curated heading 6403 is no "rest of 6403.99" beside the
    # HTS table, which lists every line of the subheading
    assert found["candidates"] == 6


def test_the_ddp_example_prices_as_with_the_full_line(engine: LandedCostEngine) -> None:
    # examples/de-us-ddp.yaml gives the valve as 8481.30.20.90 (5 %); as 8481.30 with
    # "highest" the dearest line is that same 5 % line, so every figure is the same
    # (on 2026-07-01: from 2026-07-24 the EU goods' duty is brought up to 10 %, whatever the
    # line, and the dearest of lines that then cost the same is the first)
    full = load_quote(ROOT / "examples/de-us-ddp.yaml").model_copy(
        update={"date": date(2026, 7, 1)})
    valve = full.lines[1].model_copy(update={"hs_code": "848130", "ambiguous_hs": "highest"})
    short = full.model_copy(update={"lines": (full.lines[0], valve)})
    with pytest.raises(AmbiguousHsCode):
        engine.quote(full.model_copy(update={"lines": (
            full.lines[0], full.lines[1].model_copy(update={"hs_code": "848130"}))}))
    a, b = engine.quote(full), engine.quote(short)
    assert a.totals.customs_value == b.totals.customs_value
    assert a.totals.duty.amount == b.totals.duty.amount
    assert a.totals.margin == b.totals.margin
    note = b.lines[1].charges[0].explanation
    assert note.startswith("HS line assumed: HS 848130 given, national line 84813020 assumed")
    # the three HTS lines of 8481.30; the curated heading 8481 is not a fourth (the table
    # lists every line of the subheading)
    assert "the dearest of 3 candidate lines" in note
    assert "assumed" not in a.lines[1].charges[0].explanation
    (code,) = {n.code for n in assumed_line_notes(engine.compute(short))}
    assert code == "HS_LINE_ASSUMED"
    assert assumed_line_notes(engine.compute(full)) == ()


def test_the_quote_option_reaches_every_line() -> None:
    quote = turkey("0.50")
    assert quote.ambiguous_hs == "highest" and quote.lines[0].ambiguous_hs == "highest"
    plain = turkey("0.50", option="")
    assert plain.ambiguous_hs == "error" and plain.lines[0].ambiguous_hs is None
    with pytest.raises(ValueError, match="ambiguous_hs"):
        turkey("0.50", option="ambiguous_hs: lowest")
