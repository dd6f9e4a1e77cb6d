"""Origins denied MFN (duty.mfn_withheld): the US applies column 2 to Cuba, North Korea and,
from 2022-04-09, Russia and Belarus; Canada its General Tariff to North Korea and, from
2022-03-02, Russia and Belarus; Japan its general rates to Russia from 2022-04-21; New
Zealand a 35 % tariff to Russia from 2022-04-25. Those rates are not encoded, so goods of
these origins must fail closed, never price at MFN (which is lower)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from pricing_engine.decision import Proposal
from pricing_engine.engine import Engine
from pricing_engine.errors import MissingRule
from pricing_engine.rules import RuleBook

ROOT = Path(__file__).resolve().parents[2]
DAY = date(2026, 12, 1)


@pytest.mark.parametrize(("country", "hs", "origin", "instead"), [
    ("US", "7208.10", "RU", "column 2 of the HTSUS"),
    ("US", "8413.70", "BY", "column 2 of the HTSUS"),
    ("US", "8413.70", "CU", "column 2 of the HTSUS"),
    ("US", "8413.70", "KP", "column 2 of the HTSUS"),
    ("CA", "8703.23.00", "RU", "General Tariff"),
    ("CA", "8703.23.00", "KP", "General Tariff"),
    ("JP", "0306.14", "RU", "general rates of the Customs Tariff Act"),
    ("NZ", "8413.70.01", "RU", "a tariff of 35 %"),
])
def test_goods_of_an_origin_denied_mfn_fail_closed(
        bundled: RuleBook, country: str, hs: str, origin: str, instead: str) -> None:
    with pytest.raises(MissingRule, match=rf"goods of {origin} do not get MFN rates.*{instead}"):
        bundled.duty(country, hs, origin, DAY)
    # even with a preference claimed or an ambiguous code read as its dearest line
    with pytest.raises(MissingRule, match="do not get MFN rates"):
        bundled.duty(country, hs[:4], origin, DAY, claimed_agreement="CPTPP",
                     ambiguous_hs="highest")


def test_the_withdrawal_starts_on_its_date(bundled: RuleBook) -> None:
    assert bundled.duty("US", "7208.10", "RU", date(2022, 4, 8)).mfn is not None
    with pytest.raises(MissingRule, match="since 2022-04-09"):
        bundled.duty("US", "7208.10", "RU", date(2022, 4, 9))
    assert bundled.duty("CA", "8703.23", "BY", date(2022, 3, 1)).mfn.rate is not None
    with pytest.raises(MissingRule, match="since 2022-03-02"):
        bundled.duty("CA", "8703.23", "BY", date(2022, 3, 2))


def test_other_origins_and_destinations_keep_mfn(bundled: RuleBook) -> None:
    assert bundled.duty("CA", "8703.23.00", "UA", DAY).mfn.rate is not None
    assert bundled.duty("US", "8413.70", "DE", DAY).mfn.rate is not None
    assert bundled.duty("JP", "0306.14", "BY", DAY).mfn.rate is not None  # Russia only
    # the EU and the UK do not withhold MFN (their Russia measures are bans and added duties,
    # tests/landed/test_russia_belarus_duties.py)
    assert bundled.duty("DE", "8703.23", "RU", DAY).mfn.rate is not None


def test_a_proposal_of_russian_goods_into_the_us_goes_to_review() -> None:
    doc = yaml.safe_load((ROOT / "examples" / "de-us-ddp.yaml").read_text(encoding="utf-8"))
    engine = Engine.load(policy=ROOT / "tests" / "fixtures" / "policies" /
                         "lenient_freshness.yaml")
    before = engine.check(Proposal.model_validate(doc), on=date(2026, 11, 20))
    assert "MISSING_RULE" not in [r.code for r in before.reasons]
    doc["lines"][1]["origin"] = "RU"
    after = engine.check(Proposal.model_validate(doc), on=date(2026, 11, 20))
    missing = [r for r in after.reasons if r.code == "MISSING_RULE"]
    assert missing and "column 2" in missing[0].message
    assert after.status != "approved"
