"""One realistic proposal per reason code; figures checked by hand in the comments."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from moneyed import Money

from pricing_engine.decision import REASON_CODES, Decision, load_allow_list
from pricing_engine.engine import Engine
from pricing_engine.policy import load_policy
from tests.decision.conftest import ALLOW_LISTS, proposal


def codes(decision: Decision) -> list[str]:
    return [r.code for r in decision.reasons]


def test_clean_proposal_is_approved_with_no_reasons(engine: Engine) -> None:
    decision = engine.check(proposal("approved.yaml"))
    assert decision.status == "APPROVED"
    assert decision.reasons == ()
    # 10 x 4200 = 42000 revenue; cost 29000 + freight 900 + insurance 60 = 29960
    assert decision.quote is not None
    assert decision.quote.totals.margin.amount.amount == 12040
    assert [s.role for s in decision.screenings] == ["buyer", "consignee", "end_user"]


def test_margin_below_floor(engine: Engine) -> None:
    decision = engine.check(proposal("margin_below_floor.yaml"))
    # (31400 - 29960) / 31400 = 4.59 % < the oem floor 12 %
    (reason,) = decision.reasons
    assert reason.code == "MARGIN_BELOW_FLOOR" and decision.status == "REVIEW"
    assert reason.evidence["floor"] == "0.12" and reason.evidence["margin_ratio"] == "0.0459"
    assert reason.approvers == ("finance_director",)


def test_margin_below_target_is_an_informational_note(engine: Engine) -> None:
    decision = engine.check(proposal("margin_below_target.yaml"))
    # (35900 - 29960) / 35900 = 16.55 %: over the 12 % floor, under the 22 % target
    assert codes(decision) == ["MARGIN_BELOW_TARGET"]
    assert decision.reasons[0].severity == "info" and decision.status == "APPROVED"


@pytest.mark.parametrize("family", [
    "spare_parts", "Spare_Parts", "spare parts", "SPARE-PARTS", " spare_parts ",
    # characters nobody sees, dashes other than the hyphen-minus (they let a line escape the
    # family's floor before 2026-12-07)
    "spare_parts\u200b", "spare\u200c_parts", "spare_par\u00adts", "\ufeffspare_parts",
    "spare_parts\u200e", "spare\u034fparts", "spare_parts\ufe0f", "spare\u2010parts",
    "spare\u2013parts", "spare\u2212parts",
    # one slip from the family's name: judged by the limits it was meant for
    "spare_prats", "spare_part", "sapre parts",
])
def test_product_family_limits_apply_to_their_lines(engine: Engine, family: str) -> None:
    p = proposal("approved.yaml")
    line = p.lines[0].model_copy(update={"product_family": family})
    decision = engine.check(p.model_copy(update={"lines": (line,)}))
    # the line's 28.67 % margin is under the spare-parts floor of 30 %, however the family
    # is written
    assert codes(decision) == ["MARGIN_BELOW_FLOOR"] and decision.reasons[0].line == 1
    assert decision.status == "REVIEW"


def test_a_family_unlike_any_of_the_policys_has_the_proposals_limits_only(
        engine: Engine) -> None:
    p = proposal("approved.yaml")
    line = p.lines[0].model_copy(update={"product_family": "hardware"})
    assert engine.check(p.model_copy(update={"lines": (line,)})).status == "APPROVED"


def test_discount_over_15_percent_needs_the_sales_director(engine: Engine) -> None:
    decision = engine.check(proposal("discount_approval.yaml"))
    (reason,) = decision.reasons
    # 1 - 4200 / 5250 = 20 % off list: over the 15 % tier, under the 25 % one
    assert reason.code == "DISCOUNT_APPROVAL" and reason.evidence["discount"] == "0.2000"
    assert reason.approvers == ("sales_director",) and decision.approvers == ("sales_director",)


def test_light_variant_of_an_sdn_entry_is_refused(engine: Engine) -> None:
    decision = engine.check(proposal("sanctions_hit.yaml"))
    (reason,) = decision.reasons
    assert reason.code == "SANCTIONS_HIT" and decision.status == "REJECTED"
    assert (reason.evidence["list"], reason.evidence["entry_id"]) == ("ofac_sdn", "39796")
    assert reason.evidence["listed_name"] == "TORNADO CASH" and reason.party == "end_user"


def test_a_cleared_hit_goes_to_review_as_the_policy_says(engine: Engine) -> None:
    allow = load_allow_list(ALLOW_LISTS / "cleared.yaml")
    decision = engine.check(proposal("sanctions_hit.yaml"), allow_list=allow)
    (reason,) = decision.reasons
    assert reason.code == "SANCTIONS_CLEARED" and reason.severity == "review"
    assert decision.status == "REVIEW"
    assert reason.evidence["clearance"]["reviewer"] == "J. Meyer (compliance)"


def test_an_expired_clearance_no_longer_counts(engine: Engine) -> None:
    allow = load_allow_list(ALLOW_LISTS / "expired.yaml")
    decision = engine.check(proposal("sanctions_hit.yaml"), allow_list=allow)
    assert codes(decision) == ["SANCTIONS_HIT"] and decision.status == "REJECTED"
    assert decision.reasons[0].evidence["expired_clearance"]["expires"] == "2026-10-31"


def test_potential_match_goes_to_review(engine: Engine) -> None:
    decision = engine.check(proposal("sanctions_potential_match.yaml"))
    # the consignee's country is not known: its place cannot be checked either
    assert codes(decision) == ["SANCTIONS_POTENTIAL_MATCH", "COUNTRY_MISSING"]
    reason = decision.reasons[0]
    assert reason.code == "SANCTIONS_POTENTIAL_MATCH" and decision.status == "REVIEW"
    assert reason.evidence["entry_id"] == "11633" and reason.party == "consignee"
    assert 0.82 <= reason.evidence["score"] < 0.92


def test_a_cleared_potential_match_is_an_informational_note(engine: Engine,
                                                            tmp_path: Path) -> None:
    allow_file = tmp_path / "allow.yaml"
    allow_file.write_text(
        "clearances:\n  - {party: 'petro pars trading', list: ofac_sdn, entry_id: '11633',\n"
        "     reviewer: A. Analyst, date: 2026-11-01, expires: 2035-11-01}\n", encoding="utf-8")
    decision = engine.check(proposal("sanctions_potential_match.yaml"),
                            allow_list=load_allow_list(allow_file))
    # cleared, the match is a note; the consignee's missing country still needs review
    assert codes(decision) == ["COUNTRY_MISSING", "SANCTIONS_CLEARED"]
    assert decision.status == "REVIEW"
    assert decision.reasons[1].severity == "info"
    consignee = decision.reasons[0]
    assert consignee.party == "consignee" and consignee.severity == "review"


def test_embargoed_destination_of_a_party(engine: Engine) -> None:
    decision = engine.check(proposal("embargoed_destination.yaml"))
    (reason,) = decision.reasons
    assert reason.code == "EMBARGOED_DESTINATION" and reason.party == "end_user"
    assert reason.evidence["country"] == "IR" and decision.status == "REJECTED"


def test_goods_shipped_from_an_embargoed_country_are_refused(engine: Engine) -> None:
    # German pumps shipped from North Korea: the NKSR bars importing goods from it
    p = proposal("approved.yaml").model_copy(update={"ship_from": "KP"})
    decision = engine.check(p)
    (reason,) = [r for r in decision.reasons if r.code == "EMBARGOED_ORIGIN"]
    assert reason.evidence["ship_from"] == "KP" and reason.line is None
    assert decision.status == "REJECTED"


def test_a_party_without_a_country_is_reviewed(engine: Engine) -> None:
    p = proposal("approved.yaml")
    assert p.parties.end_user is not None
    end_user = p.parties.end_user.model_copy(update={"country": None})
    decision = engine.check(p.model_copy(update={"parties": p.parties.model_copy(
        update={"end_user": end_user})}))
    assert codes(decision) == ["COUNTRY_MISSING"] and decision.status == "REVIEW"
    assert decision.reasons[0].party == "end_user"


def test_a_place_in_a_country_with_embargoed_regions_needs_its_subdivision(
        engine: Engine) -> None:
    # the notify party in Ukraine, subdivision not given: is it in Crimea, Sevastopol,
    # Donetsk, Luhansk...? Review, until it is placed
    p = proposal("embargoed_region.yaml")
    party = p.parties.notify_party
    assert party is not None and party.country == "UA"
    unplaced = party.model_copy(update={"subdivision": None})
    decision = engine.check(p.model_copy(update={"parties": p.parties.model_copy(
        update={"notify_party": unplaced})}))
    assert codes(decision) == ["REGION_UNKNOWN"] and decision.status == "REVIEW"
    reason = decision.reasons[0]
    assert reason.party == "notify_party" and "UA-43" in reason.evidence["regions"]
    # placed in Kyiv (UA-30), outside the embargoed regions: approved
    placed = party.model_copy(update={"subdivision": "UA-30"})
    decision = engine.check(p.model_copy(update={"parties": p.parties.model_copy(
        update={"notify_party": placed})}))
    assert codes(decision) == [] and decision.status == "APPROVED"


def test_an_export_where_an_end_use_is_refused_needs_the_end_use(engine: Engine) -> None:
    # the policy refuses military end use in CN: with no end use declared, review
    p = proposal("approved.yaml")
    assert p.parties.end_user is not None
    end_user = p.parties.end_user.model_copy(update={"country": "CN"})
    to_cn = p.model_copy(update={"end_use": None, "parties": p.parties.model_copy(
        update={"end_user": end_user})})
    decision = engine.check(to_cn)
    (reason,) = [r for r in decision.reasons if r.code == "END_USE_UNDECLARED"]
    assert reason.party == "end_user" and reason.evidence["refused_end_use"] == "military"
    assert decision.status == "REVIEW"
    assert "END_USE_UNDECLARED" not in codes(engine.check(to_cn.model_copy(
        update={"end_use": "civil"})))
    # to GB, where no end use is refused, none needs declaring
    assert "END_USE_UNDECLARED" not in codes(engine.check(p.model_copy(
        update={"end_use": None})))


def test_embargoed_region(engine: Engine) -> None:
    decision = engine.check(proposal("embargoed_region.yaml"))
    (reason,) = decision.reasons
    assert reason.code == "EMBARGOED_REGION" and reason.evidence["subdivision"] == "UA-40"
    assert decision.status == "REJECTED"


def test_syria_embargo_ends_on_2025_06_30(engine: Engine) -> None:
    p = proposal("embargoed_destination.yaml")
    parties = p.parties.model_copy(update={"end_user": p.parties.end_user.model_copy(  # type: ignore[union-attr]
        update={"country": "SY"})})
    before = engine.check(p.model_copy(update={"parties": parties}), on=date(2025, 6, 30))
    after = engine.check(p.model_copy(update={"parties": parties}))
    assert "EMBARGOED_DESTINATION" in codes(before)
    assert codes(after) == ["ENHANCED_REVIEW_DESTINATION"]


def test_goods_of_an_embargoed_origin_are_refused(engine: Engine) -> None:
    # DE -> GB, the pump made in Iran: the ITSR bars dealing in Iranian-origin goods; a
    # destination and parties clear of any embargo do not make the goods acceptable
    p = proposal("approved.yaml")
    line = p.lines[0].model_copy(update={"origin": "IR"})
    decision = engine.check(p.model_copy(update={"lines": (line,)}))
    (reason,) = [r for r in decision.reasons if r.code == "EMBARGOED_ORIGIN"]
    assert reason.line == 1 and reason.evidence["origin"] == "IR"
    assert reason.evidence["regime"] == "US ITSR" and decision.status == "REJECTED"
    # Syria's embargo ended on 2025-06-30: goods of Syrian origin are not refused after it
    syrian = p.model_copy(update={"lines": (p.lines[0].model_copy(update={"origin": "SY"}),)})
    assert "EMBARGOED_ORIGIN" in codes(engine.check(syrian, on=date(2025, 6, 30)))
    assert "EMBARGOED_ORIGIN" not in codes(engine.check(syrian))


def test_enhanced_review_destination(engine: Engine) -> None:
    decision = engine.check(proposal("enhanced_review.yaml"))
    (reason,) = decision.reasons
    assert reason.code == "ENHANCED_REVIEW_DESTINATION" and reason.party == "intermediary[1]"
    assert reason.approvers == ("compliance_officer", "export_control_officer")


def test_license_required_for_eu_dual_use_outside_eu001(engine: Engine) -> None:
    decision = engine.check(proposal("license_required.yaml"))
    licence = [r for r in decision.reasons if r.code == "LICENSE_REQUIRED"]
    assert len(licence) == 1 and licence[0].evidence["control"] == "eu-annex-i-export"
    assert licence[0].evidence["destination"] == "IN" and decision.status == "REVIEW"


def test_prohibited_end_use(engine: Engine) -> None:
    decision = engine.check(proposal("prohibited_end_use.yaml"))
    assert codes(decision) == ["PROHIBITED_END_USE"] and decision.status == "REJECTED"


def test_missing_fx_rate_is_a_review_and_screening_still_runs(engine: Engine) -> None:
    decision = engine.check(proposal("missing_fx_rate.yaml"))
    assert codes(decision) == ["MISSING_FX_RATE"] and decision.status == "REVIEW"
    assert decision.quote is None
    assert all(s.result is not None for s in decision.screenings)


def test_missing_rule_is_a_review(engine: Engine) -> None:
    decision = engine.check(proposal("missing_rule.yaml"))
    assert codes(decision) == ["MISSING_RULE"] and decision.status == "REVIEW"
    assert "UA" in decision.reasons[0].message
    # no rules for the destination at all: no line of the proposal is at fault
    assert decision.reasons[0].line is None and "field" not in decision.reasons[0].evidence


def test_input_the_engine_cannot_price_is_invalid(engine: Engine) -> None:
    decision = engine.check(proposal("invalid_for_pricing.yaml"))
    assert codes(decision) == ["INVALID_INPUT"] and decision.status == "REJECTED"


def test_low_confidence_rule_is_flagged(engine: Engine, default_engine: Engine) -> None:
    lenient = engine.check(proposal("low_confidence_rule.yaml"))
    assert codes(lenient) == ["LOW_CONFIDENCE_RULE"] and lenient.status == "APPROVED"
    assert lenient.reasons[0].evidence["file"] == "rules/countries/US.yaml"
    strict = default_engine.check(proposal("low_confidence_rule.yaml"))
    assert any(r.code == "LOW_CONFIDENCE_RULE" and r.severity == "review"
               for r in strict.reasons)


def test_goods_use_undeclared(engine: Engine) -> None:
    # DE -> US ball bearings (8482.10.50.44): the Section 232 vehicle parts duty lists them only
    # as vehicle parts; a line that does not say is priced without it and told so
    p = proposal("low_confidence_rule.yaml")
    bearings = p.lines[0].model_copy(update={"hs_code": "8482105044", "sku": "BRG-6204"})
    decision = engine.check(p.model_copy(update={"lines": (bearings,)}))
    (reason,) = [r for r in decision.reasons if r.code == "GOODS_USE_UNDECLARED"]
    assert reason.severity == "info" and reason.line == 1 and decision.status == "APPROVED"
    assert reason.evidence["duty"] == "Section 232 vehicle parts"
    assert "uses: [vehicle_part]" in reason.message and "BRG-6204" in reason.message
    # declared, either way: no reason; as vehicle parts the 25 % is charged
    for uses, charged in (((), False), (("vehicle_part",), True)):
        line = bearings.model_copy(update={"uses": uses})
        declared = engine.check(p.model_copy(update={"lines": (line,)}))
        assert "GOODS_USE_UNDECLARED" not in codes(declared)
        assert declared.quote is not None
        names = {c.name for c in declared.quote.lines[0].charges if c.amount.amount}
        assert ("Section 232 vehicle parts" in names) is charged
    # a seller of car parts may make it a review
    policy = engine.policy.model_copy(update={"goods_use_undeclared": engine.policy
                                              .goods_use_undeclared.model_copy(
                                                  update={"severity": "review"})})
    strict = Engine(rules=engine.rules, policy=policy, screener=engine.screener,
                    lists=engine.lists, lists_error=engine.lists_error)
    assert strict.check(p.model_copy(update={"lines": (bearings,)})).status == "REVIEW"


def test_stale_lists_under_the_default_policy(default_engine: Engine) -> None:
    decision = default_engine.check(proposal("approved.yaml"), on=date(2026, 11, 20))
    stale = {r.evidence["list"]: r.evidence["age_days"] for r in decision.reasons
             if r.code == "STALE_LIST"}
    # ofac_sdn published 2024-05-03: 931 days before 2026-11-20
    assert stale["ofac_sdn"] == 931 and decision.status == "REVIEW"


def test_stale_rules(engine: Engine) -> None:
    policy = engine.policy
    strict = policy.model_copy(update={"freshness": policy.freshness.model_copy(
        update={"max_rules_age_days": 366})})
    strict_engine = Engine(rules=engine.rules, policy=strict, screener=engine.screener,
                           lists=engine.lists)
    # GB.yaml and DE.yaml are more than 366 days old on 2027-12-31, and so is the UK tariff
    # table that gave line 1 its duty (the 2021 dataset); each reason gives the age of its
    # file from the file's own as_of
    on = date(2027, 12, 31)
    decision = strict_engine.check(proposal("approved.yaml"), on=on)
    assert {r.code for r in decision.reasons} == {"STALE_RULES"}
    ages = {r.evidence["file"]: r.evidence["age_days"] for r in decision.reasons}
    assert set(ages) == {"rules/countries/GB.yaml", "rules/countries/DE.yaml",
                         "rules/tariffs/GB.yaml"}
    for code in ("GB", "DE"):
        as_of = engine.rules.country(code).model.as_of
        assert ages[f"rules/countries/{code}.yaml"] == (on - as_of).days > 366
    assert ages["rules/tariffs/GB.yaml"] == (on - date(2021, 1, 1)).days
    (table,) = [r for r in decision.reasons if r.evidence["file"] == "rules/tariffs/GB.yaml"]
    assert table.evidence["quote_lines"] == [1]
    assert "which gave the MFN duty of line(s) 1" in table.message
    assert "tariff import" in table.message  # what to do about it
    assert not [r for r in decision.reasons if "tariff import" in r.message
                and r is not table]  # (a country file is not re-imported)


def test_document_date_far_from_the_check_date(default_engine: Engine) -> None:
    # the bundled policy: more than 365 days before or after the check needs review; the
    # proposal's date never moves what the check is judged on
    p = proposal("approved.yaml")
    old = default_engine.check(p, on=date(2027, 11, 21))
    (reason,) = [r for r in old.reasons if r.code == "DOCUMENT_DATE"]
    assert reason.severity == "review" and reason.evidence["days_before_check"] == 366
    assert old.checked_on == "2027-11-21" and old.status == "REVIEW"
    assert "DOCUMENT_DATE" not in codes(default_engine.check(p, on=date(2027, 11, 20)))
    ahead = default_engine.check(p, on=date(2025, 11, 19))
    assert [r.evidence["days_before_check"] for r in ahead.reasons
            if r.code == "DOCUMENT_DATE"] == [-366]


def test_missing_lists_refuse(tmp_path: Path) -> None:
    engine = Engine.load(lists=tmp_path, policy=load_policy(
        Path(__file__).resolve().parent.parent / "fixtures/policies/lenient_freshness.yaml"))
    decision = engine.check(proposal("approved.yaml"))
    assert codes(decision) == ["LIST_MISSING"] and decision.status == "REJECTED"
    assert all(s.result is None for s in decision.screenings)


@pytest.mark.parametrize("code", REASON_CODES)
def test_every_reason_code_has_a_test(code: str) -> None:
    source = Path(__file__).read_text(encoding="utf-8")
    assert source.count(f'"{code}"') >= 1, f"no test names {code}"


def test_a_name_in_a_script_the_screener_cannot_read_is_reviewed(engine: Engine) -> None:
    # Han letters have no transliteration here: the end user was never compared with the lists
    p = proposal("approved.yaml")
    assert p.parties.end_user is not None
    end_user = p.parties.end_user.model_copy(update={"name": "北京 Trading"})
    parties = p.parties.model_copy(update={"end_user": end_user})
    decision = engine.check(p.model_copy(update={"parties": parties}))
    (reason,) = [r for r in decision.reasons if r.code == "NAME_NOT_SCREENABLE"]
    assert reason.party == "end_user" and reason.evidence["scripts"] == ["CJK"]
    assert decision.status == "REVIEW"


def test_hs_line_assumed(engine: Engine) -> None:
    # GB 6403.99 spans lines of 4 % and 8 %: asked for the highest, the line is priced at
    # 8 % and the proposal needs review (tests/decision/test_assumed_lines.py: the policy)
    p = proposal("approved.yaml")
    line = p.lines[0].model_copy(update={"hs_code": "640399", "ambiguous_hs": "highest"})
    policy = engine.policy.model_copy(update={"ambiguous_hs": "quote"})
    checker = Engine(rules=engine.rules, policy=policy, screener=engine.screener,
                     lists=engine.lists)
    decision = checker.check(p.model_copy(update={"lines": (line,)}))
    assert codes(decision) == ["HS_LINE_ASSUMED"] and decision.status == "REVIEW"


def test_rules_dated_in_days_to_come_are_stale(engine: Engine) -> None:
    """A rule file that says it was checked on a day still to come could never go stale;
    one checked after a replayed check's date, but before today, is current."""
    gb = engine.rules.country("GB")
    checker = Engine(rules=_AsOfBook(engine.rules, "GB", date.today() + timedelta(days=3)),
                     policy=engine.policy, screener=engine.screener, lists=engine.lists)
    decision = checker.check(proposal("approved.yaml"))
    (reason,) = [r for r in decision.reasons if r.code == "STALE_RULES"]
    assert reason.evidence["age_days"] == -3 and "after the check on" in reason.message
    assert decision.status == "REVIEW"
    replay = engine.check(proposal("approved.yaml"), on=gb.model.as_of - timedelta(days=1))
    assert "STALE_RULES" not in codes(replay)


def test_shipment_cost_missing(engine: Engine) -> None:
    """DAP: the seller pays the main carriage; a proposal without freight would count none."""
    p = proposal("approved.yaml")
    no_freight = engine.check(p.model_copy(update={"freight": None}))
    assert codes(no_freight) == ["SHIPMENT_COST_MISSING"] and no_freight.status == "REVIEW"
    assert no_freight.reasons[0].evidence == {"field": "freight", "element": "main_carriage",
                                              "incoterm": "DAP"}
    assert p.freight is not None
    nil = Money(Decimal(0), p.freight.currency)  # a cost stated as nothing is a cost stated
    assert engine.check(p.model_copy(update={"freight": nil})).status == "APPROVED"
    # FCA: the buyer pays the main carriage, and nobody must insure
    fca = engine.check(p.model_copy(update={"incoterm": "FCA", "freight": None,
                                            "insurance": None}))
    assert "SHIPMENT_COST_MISSING" not in codes(fca)
    # CIP: the seller pays the carriage and must insure
    cip = engine.check(p.model_copy(update={"incoterm": "CIP", "insurance": None}))
    assert [r.evidence["field"] for r in cip.reasons if r.code == "SHIPMENT_COST_MISSING"] \
        == ["insurance"]


class _AsOfCountry:
    """A country's rules with another ``as_of``; everything else as they are."""

    def __init__(self, real: Any, as_of: date) -> None:
        self._real = real
        self.model = real.model.model_copy(update={"as_of": as_of})

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


class _AsOfBook:
    """The bundled rule book with one country's file dated ``as_of``."""

    def __init__(self, real: Any, code: str, as_of: date) -> None:
        self._real, self._code, self._as_of = real, code, as_of

    def country(self, code: str) -> Any:
        found = self._real.country(code)
        return _AsOfCountry(found, self._as_of) if code == self._code else found

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


def test_charge_not_priced(engine: Engine) -> None:
    """From 2027 the UK CBAM is due on imported steel bolts, on their embedded emissions,
    which the proposal does not give: a 0.00 charge, and the proposal is reviewed."""
    p = proposal("approved.yaml")
    line = p.lines[0].model_copy(update={"hs_code": "7318.15.88", "product_family": None})
    on = date(2027, 1, 15)
    bolts = p.model_copy(update={"lines": (line,), "date": on})
    decision = engine.check(bolts, on=on)
    # and the UK's goods list, written at heading level, is a low-confidence rule
    assert codes(decision) == ["CHARGE_NOT_PRICED", "LOW_CONFIDENCE_RULE"]
    assert decision.status == "REVIEW"
    reason = decision.reasons[0]
    assert reason.evidence["charge"] == "UK CBAM" and reason.evidence["quote_lines"] == [1]
    assert reason.evidence["paid_by"] == "buyer"  # DAP: the buyer imports
    assert "GBP 50,000" in reason.message
    # the month before, the same bolts owe no CBAM
    before = bolts.model_copy(update={"date": date(2026, 12, 15)})
    assert "CHARGE_NOT_PRICED" not in codes(engine.check(before, on=date(2026, 12, 15)))
