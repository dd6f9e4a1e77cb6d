"""Canada's surtaxes in the bundled rules: the countermeasures to the US metals and automobile
tariffs (25 % on US steel, aluminium and vehicles, kept after the other US goods were relieved
on 2025-09-01) and the China surtax on steel and aluminium, each flagged for a check of the
order's list (confidence low)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pricing_engine.engine import Engine
from pricing_engine.landed import ChargeOut
from pricing_engine.rules import RuleBook, load_rules
from tests.rules.conftest import check_proposal

DAY = date(2026, 11, 20)
METALS = "United States surtax (steel and aluminium)"
VEHICLES = "United States surtax (motor vehicles)"


@pytest.fixture(scope="module")
def book() -> RuleBook:
    return load_rules()


def _extra(book: RuleBook, hs: str, origin: str, on: date = DAY,
           claim: str | None = None) -> dict[str, tuple[Decimal | None, str | None]]:
    found = book.duty("CA", hs, origin, on, claimed_agreement=claim)
    return {a.name: (a.rate, a.ref.confidence) for a in found.additional}


@pytest.mark.parametrize(("hs", "name"), [
    ("7208.51.00", METALS),    # hot-rolled flat steel
    ("7604.10.00", METALS),    # aluminium bars
    ("8703.23.00", VEHICLES),  # cars
])
def test_us_metals_and_vehicles_pay_the_countermeasure(book: RuleBook, hs: str,
                                                       name: str) -> None:
    assert _extra(book, hs, "US") == {name: (Decimal("0.25"), "low")}
    assert _extra(book, hs, "US", claim="CUSMA") == {name: (Decimal("0.25"), "low")}
    # US goods only: German goods pay none, only the steel measures of 2025 on steel
    # (tests/rules/test_steel_and_cbam_measures.py) and, on aluminium, the flag of the
    # surtax on aluminium smelted or cast in China
    steel = {"Steel surtax (tariff-rate quota)": (Decimal(0), "low"),
             "Steel surtax (melted and poured in China)": (None, "medium")}
    aluminium = {"Aluminium surtax (smelted or cast in China)": (None, "medium")}
    assert _extra(book, hs, "DE") == (steel if hs.startswith("72") else
                                      aluminium if hs.startswith("76") else {})


@pytest.mark.parametrize(("hs", "name", "start"), [
    ("7208.51.00", METALS, date(2025, 3, 13)), ("8703.23.00", VEHICLES, date(2025, 4, 9))])
def test_the_countermeasures_start_on_their_day(book: RuleBook, hs: str, name: str,
                                                start: date) -> None:
    assert name not in _extra(book, hs, "US", on=start.replace(day=start.day - 1))
    assert name in _extra(book, hs, "US", on=start)


def test_other_us_goods_pay_none(book: RuleBook) -> None:
    assert _extra(book, "9403.60.10", "US") == {}  # wooden furniture: relieved 2025-09-01


def test_chinese_aluminium_pays_the_china_surtax(book: RuleBook) -> None:
    assert _extra(book, "7604.10.00", "CN") == {"China surtax": (Decimal("0.25"), "medium")}
    # Schedule 2 lists 19 aluminium items of 76.01 and 76.04-76.09: not structures or waste
    assert _extra(book, "7610.10.00", "CN") == {}
    assert _extra(book, "7602.00.00", "CN") == {}


@pytest.mark.parametrize("hs", [
    "8703.80.00",  # fully electric cars
    "8703.60.10",  # plug-in hybrids (spark ignition), a subheading the order lists whole
    "8703.40.90",  # non-plug-in hybrids
    "8702.40.10",  # electric buses
    "8704.41.90",  # the one item of its subheading the order lists
    "8704.60.00",  # electric trucks
])
def test_chinese_electric_and_hybrid_vehicles_paid_the_100_percent_surtax_until_the_quota(
        book: RuleBook, hs: str) -> None:
    # the schedule of the China Surtax Order (2024), SOR/2024-187: 23 tariff items, repealed
    # from 2026-03-01 (SOR/2026-33) when an import-permit quota took its place (SOR/2026-32)
    last_day = date(2026, 2, 28)
    assert _extra(book, hs, "CN", on=last_day) == {"China surtax": (Decimal(1), "medium")}
    if hs.startswith("8703"):  # the days before the order (other vehicles: no MFN rule then)
        assert _extra(book, hs, "CN", on=date(2024, 9, 30)) == {}
        assert _extra(book, hs, "CN", on=date(2024, 10, 1)) != {}
    assert _extra(book, hs, "CN") == {"China EV import quota": (None, "medium")}
    quota = book.duty("CA", hs, "CN", DAY).additional[0]
    assert quota.not_priced is not None and "permit" in quota.not_priced
    assert _extra(book, hs, "KR") == {} and _extra(book, hs, "KR", on=last_day) == {}


def test_vehicles_the_order_does_not_list_pay_none(book: RuleBook) -> None:
    assert _extra(book, "8703.23.00", "CN") == {}  # petrol cars
    assert _extra(book, "8704.41.10", "CN") == {}  # the other item of 8704.41


@pytest.mark.parametrize("hs", ["7209.16.00", "7213.10.00", "7306.30.00"])
def test_chinese_steel_of_the_listed_headings_pays_the_surtax_flagged(book: RuleBook,
                                                                      hs: str) -> None:
    # and, beyond its quota, the steel surtax of 2025 (0 within it: see
    # tests/rules/test_steel_and_cbam_measures.py)
    assert _extra(book, hs, "CN") == {"China surtax": (Decimal("0.25"), "medium"),
                                      "Steel surtax (tariff-rate quota)": (Decimal(0), "low")}
    # screws and bolts: not a heading of the China surtax, but a steel derivative good
    assert _extra(book, "7318.15.00", "CN") == {"Steel derivative surtax": (Decimal("0.25"),
                                                                          "medium")}
    assert _extra(book, "7303.00.00", "CN") == {}  # cast-iron tubes: not in Schedule 2
    assert _extra(book, "7208.51.00", "CN", on=date(2024, 10, 21)) == {}
    assert _extra(book, "7208.51.00", "CN", on=date(2024, 10, 22)) == {
        "China surtax": (Decimal("0.25"), "medium")}


DERIVATIVES = "Steel derivative surtax"


@pytest.mark.parametrize("hs", ["7318.15.00", "7308.90.00", "9403.10.00", "7614.10.00"])
def test_steel_derivative_goods_pay_25_percent_from_every_country(book: RuleBook,
                                                                   hs: str) -> None:
    # SOR/2025-267, from 2025-12-26: CUSMA and free trade partners included
    for origin in ("DE", "MX", "JP", "CN"):
        assert _extra(book, hs, origin)[DERIVATIVES] == (Decimal("0.25"), "medium")
    assert DERIVATIVES not in _extra(book, "7318.15.00", "DE", on=date(2025, 12, 25))
    assert DERIVATIVES not in _extra(book, "7216.91.00", "DE")  # a steel-quota good


def test_aluminium_that_may_be_smelted_or_cast_in_china_is_flagged(book: RuleBook) -> None:
    name = "Aluminium surtax (smelted or cast in China)"
    flagged = book.duty("CA", "7606.12.00", "IN", DAY).additional
    (alu,) = [a for a in flagged if a.name == name]
    assert alu.rate is None and "cast" in (alu.not_priced or "")
    assert name not in _extra(book, "7606.12.00", "US")  # US goods are outside it
    assert name not in _extra(book, "7606.12.00", "CN")  # Chinese goods pay the China surtax




def _surtaxes(engine: Engine, proposal: str, **line: object) -> dict[str, ChargeOut]:
    """The surtax charges of the first line of ``proposal`` (with ``line``'s fields) as
    `check` prices them on DAY under a policy that lets data of any age by."""
    result, charges = check_proposal(engine, proposal, line=line)
    assert result.quote is not None
    return {name: c for name, c in charges.items() if "surtax" in name}

BOLTS = """\
id: Q-BOLTS
date: 2026-11-20
currency: CAD
seller: {name: "Great Lakes Fastener Co.", country: US}
buyer: {name: "Prairie Build Supply Ltd", country: CA, type: business}
mode: road
incoterm: DDP
freight: {amount: "0", currency: CAD}
insurance: {amount: "0", currency: CAD}
lines:
  - {sku: BOLT, hs_code: "7318.15.00.00", origin: US, quantity: 1000, unit_price: "4",
     unit_cost: "2", unit_weight_kg: "0.1"}
"""


def test_only_one_steel_surtax_is_charged_on_a_us_good(engine: Engine) -> None:
    # CBSA Customs Notice 25-33: the US countermeasure takes precedence over the derivative
    # surtax; a German bolt pays the derivative surtax
    for origin, expected in (("US", "United States surtax (steel and aluminium)"),
                             ("DE", DERIVATIVES)):
        surtaxes = _surtaxes(engine, BOLTS, origin=origin)
        assert list(surtaxes) == [expected]
        charge = surtaxes[expected]
        assert charge.base is not None and charge.amount.amount > 0
        assert abs(charge.amount.amount - Decimal("0.25") * charge.base.amount) <= Decimal("0.01")


def test_the_scopes_are_the_orders_tariff_items(book: RuleBook) -> None:
    # Schedule 2 of the China Surtax Order lists 163 steel items: not 7214.10 (forged bars),
    # 7216.61 (cold-formed sections) or 7304.41 (cold-drawn stainless tubes) of its headings
    for hs in ("7214.10.00", "7216.61.00", "7304.41.00"):
        assert "China surtax" not in _extra(book, hs, "CN")
    assert "China surtax" in _extra(book, "7214.20.00", "CN")
    # the steel quota's classes: not stainless flat-rolled products (72.19), nor most
    # seamless tubes (73.04) after 2025-07-31; rails (73.02) from 2025-08-01
    quota = "Steel surtax (tariff-rate quota)"
    assert quota not in _extra(book, "7219.33.00", "KR")
    assert quota not in _extra(book, "7304.41.00", "KR")
    assert quota in _extra(book, "7302.10.00", "KR")
    assert quota in _extra(book, "7208.39.00", "KR")


COIL = """\
id: Q-COIL
date: 2026-11-20
currency: CAD
seller: {name: "Jiangsu Coil Export Co., Ltd.", country: CN}
buyer: {name: "Prairie Build Supply Ltd", country: CA, type: business}
mode: sea
incoterm: DDP
freight: {amount: "0", currency: CAD}
insurance: {amount: "0", currency: CAD}
lines:
  - {sku: COIL, hs_code: "7208.39.00", origin: CN, quantity: 100, unit_price: "900",
     unit_cost: "500", unit_weight_kg: "1000"}
"""


def test_beyond_the_steel_quota_only_the_quota_surtax_is_due(engine: Engine) -> None:
    # SOR/2025-148 s. 3.1: a good that also pays another surtax pays only the quota surtax
    found = {side: {n: c.amount.amount
                    for n, c in _surtaxes(engine, COIL, tariff_quota=side).items()}
             for side in ("in", "out")}
    assert found["in"]["China surtax"] > 0 and found["in"]["Steel surtax (tariff-rate quota)"] == 0
    assert list(found["out"]) == ["Steel surtax (tariff-rate quota)"]
    assert found["out"]["Steel surtax (tariff-rate quota)"] > found["in"]["China surtax"]
