"""Origins denied MFN (duty.mfn_withheld): the US applies column 2 to Cuba, North Korea and,
from 2022-04-09, Russia and Belarus; Canada its General Tariff to North Korea and, from
2022-03-02, Russia and Belarus; Japan its general rates to Russia from 2022-04-21; New
Zealand a 35 % tariff to Russia from 2022-04-25.

The US and Canadian rates are priced from the ``withheld`` lines their tables carry (HTS
column 2, tariffs/US.column2.yaml; CBSA's General Tariff column, tariffs/CA.general_tariff.
yaml). Where the rules do not give them (Japan, New Zealand; a date before the table; a line
whose published text is not read) goods of these origins fail closed, never priced at MFN.

The figures asserted are the published ones: HTS 2026 Revision 10 column 2 of 6403.99.60
(20 %), 4202.29.20 (33 1/3 %), 2204.21.50 (33¢/liter), 9503.00.00 (70 %), 7208.10.15 (0.4¢/kg
+ 20 %) and 7208.10.30 (20 %); CBSA T2026 General Tariff of 6403.99.30 (35 %, MFN 11 %) and
0207.11.92 (238 % but not less than $1.67/kg)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from pricing_engine.decision import Decision, Proposal
from pricing_engine.engine import Engine
from pricing_engine.errors import AmbiguousHsCode, MissingRule
from pricing_engine.landed import ChargeOut, LandedCostEngine
from pricing_engine.landed.duty import read_assumed
from pricing_engine.quote import parse_quote
from pricing_engine.rules import RuleBook
from pricing_engine.rules.results import CandidateLines, Specific

ROOT = Path(__file__).resolve().parents[2]
DAY = date(2026, 12, 1)
THIRD = Decimal(1) / Decimal(3)


@pytest.mark.parametrize(("country", "hs", "origin", "schedule", "rate", "mfn_rate"), [
    ("US", "6403.99.60", "RU", "column 2", Decimal("0.20"), Decimal("0.085")),
    ("US", "6403.99.6075", "BY", "column 2", Decimal("0.20"), Decimal("0.085")),
    ("US", "9503.00", "CU", "column 2", Decimal("0.70"), Decimal("0")),
    ("US", "4202.29.20", "KP", "column 2", THIRD, Decimal("0.033")),
    ("CA", "6403.99.30", "RU", "General Tariff", Decimal("0.35"), Decimal("0.11")),
    ("CA", "6403.99.30", "KP", "General Tariff", Decimal("0.35"), Decimal("0.11")),
])
def test_goods_of_an_origin_denied_mfn_pay_the_rates_instead(
        bundled: RuleBook, country: str, hs: str, origin: str, schedule: str, rate: Decimal,
        mfn_rate: Decimal) -> None:
    found = bundled.duty(country, hs, origin, DAY)
    assert found.schedule == schedule
    assert found.mfn.rate is not None and abs(found.mfn.rate - rate) < Decimal("1e-20")
    assert found.mfn.ref.entry.startswith("withheld[")
    assert found.preferential == ()
    mfn = bundled.duty(country, hs, "DE", DAY)  # the same line for an origin with MFN
    assert mfn.schedule is None and mfn.mfn.rate == mfn_rate


def test_specific_and_compound_rates_instead(bundled: RuleBook) -> None:
    wine = bundled.duty("US", "2204.21.50", "RU", DAY)
    assert wine.mfn.rate is None
    assert wine.mfn.specific == Specific(Decimal("0.33"), "USD", "litre")
    poultry = bundled.duty("CA", "0207.11.92", "BY", DAY)
    assert poultry.schedule == "General Tariff" and poultry.mfn.rate == Decimal("2.38")
    assert poultry.mfn.min == Specific(Decimal("1.67"), "CAD", "kg")


def test_a_code_over_lines_of_different_rates_instead_names_them(bundled: RuleBook) -> None:
    # MFN is free on every 7208.10 line; column 2 is 0.4¢/kg + 20 % on one, 20 % on others
    assert bundled.duty("US", "7208.10", "DE", DAY).mfn.rate == 0
    with pytest.raises(AmbiguousHsCode,
                       match=r"do not get MFN rates.*column 2.*different duties") as exc:
        bundled.duty("US", "7208.10", "RU", DAY)
    assert "72081015" in str(exc.value)
    highest = bundled.duty("US", "7208.10", "RU", DAY, ambiguous_hs="highest")
    assert isinstance(highest, CandidateLines)
    assert {lookup.schedule for lookup in highest.lookups} == {"column 2"}


def test_no_preference_applies_to_them(bundled: RuleBook) -> None:
    claimed = bundled.duty("US", "6403.99.60", "RU", DAY, claimed_agreement="KORUS")
    assert claimed.preferential == () and claimed.schedule == "column 2"


@pytest.mark.parametrize(("country", "hs", "origin", "instead"), [
    ("JP", "0306.14", "RU", "general rates of the Customs Tariff Act"),
    ("NZ", "8413.70.01", "RU", "a tariff of 35 %"),
])
def test_rates_not_encoded_fail_closed(
        bundled: RuleBook, country: str, hs: str, origin: str, instead: str) -> None:
    with pytest.raises(MissingRule, match=rf"goods of {origin} do not get MFN rates.*{instead}"
                                          ".*not encoded"):
        bundled.duty(country, hs, origin, DAY)
    # even with a preference claimed or an ambiguous code read as its dearest line
    with pytest.raises(MissingRule, match="do not get MFN rates"):
        bundled.duty(country, hs[:4], origin, DAY, claimed_agreement="CPTPP",
                     ambiguous_hs="highest")


def test_a_line_whose_rate_instead_is_not_read_fails_closed(bundled: RuleBook) -> None:
    # column 2 of 2522.10: "0.2¢/kg, including weight of container" (a unit not read)
    assert bundled.duty("US", "2522.10.00", "DE", DAY).mfn.rate is not None
    with pytest.raises(MissingRule, match=r"do not get MFN rates.*including weight of "
                                          "container"):
        bundled.duty("US", "2522.10.00", "RU", DAY)
    # CBSA prints the General Tariff of 1905.90.33 cut short ('8.47 ¢/kg plus 8.')
    with pytest.raises(MissingRule, match=r"General Tariff.*8.47"):
        bundled.duty("CA", "1905.90.33", "RU", DAY)


def test_the_withdrawal_starts_on_its_date(bundled: RuleBook) -> None:
    assert bundled.duty("US", "7208.10", "RU", date(2022, 4, 8)).schedule is None
    # column 2 of 2026 Revision 10 is that of 2025 Basic and Revision 32 (dated back to
    # 2025-01-01); before that day the table does not give it: fail closed
    with pytest.raises(MissingRule, match=r"since 2022-04-09.*do not give them here"):
        bundled.duty("US", "6403.99.60", "RU", date(2022, 4, 9))
    assert bundled.duty("US", "6403.99.60", "RU", date(2025, 1, 1)).schedule == "column 2"
    assert bundled.duty("CA", "8703.23", "BY", date(2022, 3, 1)).schedule is None
    # the General Tariff table is CBSA's T2026 (its revisions of 2026-01-01 and 2026-09-01
    # give every item the same text): before it, fail closed
    assert bundled.duty("CA", "6403.99.30", "BY", date(2026, 1, 1)).schedule == "General Tariff"
    with pytest.raises(MissingRule, match=r"since 2022-03-02.*General Tariff.*do not give"):
        bundled.duty("CA", "6403.99.30", "BY", date(2025, 12, 31))


def test_other_origins_and_destinations_keep_mfn(bundled: RuleBook) -> None:
    assert bundled.duty("CA", "6403.99.30", "UA", DAY).schedule is None
    assert bundled.duty("JP", "0306.14", "BY", DAY).mfn.rate is not None  # Russia only
    # the EU and the UK do not withhold MFN (their Russia measures are bans and added duties,
    # tests/landed/test_russia_belarus_duties.py)
    assert bundled.duty("DE", "8703.23", "RU", DAY).schedule is None


def _proposal(origin: str, hs: str | None = None) -> Proposal:
    doc = yaml.safe_load((ROOT / "examples" / "de-us-ddp.yaml").read_text(encoding="utf-8"))
    doc["lines"][1]["origin"] = origin
    if hs is not None:
        doc["lines"][1]["hs_code"] = hs
    return Proposal.model_validate(doc)


def _checked(engine: Engine, origin: str, hs: str | None = None) -> tuple[Decision, ChargeOut]:
    """The check of the example proposal with its second line's origin (and code) changed,
    and that line's basic duty charge (kind ``mfn``)."""
    result = engine.check(_proposal(origin, hs), on=date(2026, 11, 20))
    assert result.quote is not None
    return result, next(c for c in result.quote.lines[1].charges if c.kind == "mfn")


def test_a_proposal_of_russian_goods_into_the_us_is_priced_at_column_2(engine: Engine) -> None:
    _, mfn = _checked(engine, "DE")
    after, basic = _checked(engine, "RU")
    assert "MISSING_RULE" not in [r.code for r in after.reasons]
    assert basic.name == "Column 2 duty"
    assert "column 2 rates, not MFN" in basic.explanation
    assert basic.rule is not None and basic.rule.file.endswith("US.column2.yaml")
    rate, base = basic.rate, basic.base
    assert rate is not None and base is not None
    assert basic.amount.amount == (rate * base.amount).quantize(Decimal("0.01"))
    assert mfn.name == "MFN duty" and basic.amount.amount > mfn.amount.amount


STEEL = """\
id: Q-RU-STEEL
date: 2026-07-01
currency: USD
seller: {name: "Ural Steel Trading", country: AE}
buyer: {name: "Northwind Metals Inc.", country: US, type: business}
mode: sea
incoterm: DAP
ambiguous_hs: highest
lines:
  - sku: COIL
    hs_code: "7208.10"
    origin: RU
    quantity: 1000
    unit_price: "1.00"
    unit_cost: "0.50"
    unit_weight_kg: "1"
"""


def test_an_assumed_line_says_its_rates_instead() -> None:
    # 1,000 kg worth 1,000.00 USD: 72081015 charges 0.4 cents/kg + 20 % = 4.00 + 200.00,
    # dearer than the 20 % of the other lines
    (line,) = LandedCostEngine.load(fx_table=None).quote(parse_quote(STEEL)).lines
    first = line.charges[0]
    assert (first.kind, first.name) == ("mfn", "Column 2 duty")
    assert first.amount.amount == Decimal("204.00")
    assert "(column 2 rates: " in first.explanation
    assert read_assumed(first.explanation) == {
        "hs_code": "720810", "assumed_line": "72081015", "terms": "0.004 USD/kg + 20 %",
        "candidates": 3}


def test_a_third_is_shown_to_six_decimals_and_charged_in_full(engine: Engine) -> None:
    # column 2 of 4202.29.20 is 33 1/3 %: held to the decimal context's digits, shown
    # rounded, the amount computed from the rate itself
    _, basic = _checked(engine, "RU", "4202.29.20")
    assert "33.333333% ad valorem" in basic.explanation
    assert "33.3333333" not in basic.explanation
    rate, base = basic.rate, basic.base
    assert rate is not None and base is not None and abs(rate - THIRD) < Decimal("1e-20")
    assert basic.amount.amount == (rate * base.amount).quantize(Decimal("0.01"))
