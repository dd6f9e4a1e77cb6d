"""Price books on the example catalogue and markets (examples/pricebook/), bundled rules.

Every priced row is checked against a quote built here from the market and the catalogue
row as the documentation describes it (not through the price book's own code): the margin
at the row's price is the row's, at least the target, and the price point below misses it.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import date as Date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pricing_engine.cli.main import cli
from pricing_engine.errors import RuleFileError
from pricing_engine.landed import LandedCostEngine
from pricing_engine.money import FxTable
from pricing_engine.policy import load_policy
from pricing_engine.price_points import price_point_below, price_point_up
from pricing_engine.pricebook import (
    CatalogueItem,
    Market,
    Markets,
    PriceBook,
    load_catalogue,
    load_markets,
    price_book,
)
from pricing_engine.quote import Quote

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "examples" / "pricebook" / "catalogue.csv"
MARKETS = ROOT / "examples" / "pricebook" / "markets.yaml"


@pytest.fixture(scope="module")
def engine() -> LandedCostEngine:
    return LandedCostEngine.load()


@pytest.fixture(scope="module")
def book(engine: LandedCostEngine) -> PriceBook:
    return price_book(load_catalogue(CATALOGUE), load_markets(MARKETS), engine=engine)


def _quote(markets: Markets, market: Market, item: CatalogueItem, price: Decimal) -> Quote:
    """The one-shipment quote a row stands for, written out from the documented fields."""
    rate = FxTable(markets.fx.root).rate(markets.currency, market.currency)
    data: dict[str, Any] = {
        "id": "check", "date": str(markets.date), "currency": market.currency,
        "seller": markets.seller.model_dump(mode="json"),
        "buyer": {"name": "buyer", "country": market.destination,
                  "subdivision": market.subdivision, "type": market.buyer_type},
        "mode": market.mode, "incoterm": market.incoterm, "fx": dict(markets.fx.root),
        "lines": [{"sku": item.sku, "hs_code": item.hs_code, "origin": item.origin,
                   "quantity": str(market.quantity), "unit_price": str(price),
                   "unit_cost": str((item.unit_cost * rate).quantize(Decimal("1e-8"))),
                   "unit_weight_kg": str(item.unit_weight_kg)}]}
    for name in ("freight", "insurance"):
        basis = getattr(market, name)
        if basis is None:
            continue
        if hasattr(basis, "rate"):
            data[name] = {"rate": str(basis.rate), "cover": str(basis.cover)}
            continue
        per = basis.per_unit if basis.per_unit is not None else (
            basis.per_kg * item.unit_weight_kg)
        data[name] = {"amount": str(per * market.quantity),
                      "currency": basis.currency or markets.currency}
    return Quote.model_validate(data)


def test_rows_in_equal_rows_out_in_market_then_catalogue_order(book: PriceBook) -> None:
    items, markets = load_catalogue(CATALOGUE), load_markets(MARKETS)
    assert len(book.rows) == len(items) * len(markets.markets) == book.priced + book.not_priced
    assert [(r.market, r.row) for r in book.rows] == [
        (m.id, i) for m in markets.markets for i in range(1, len(items) + 1)]
    assert book.priced >= 60


def test_priced_rows_are_the_lowest_point_meeting_the_target(
        book: PriceBook, engine: LandedCostEngine) -> None:
    items, markets = load_catalogue(CATALOGUE), load_markets(MARKETS)
    policy = load_policy()
    by_id = {m.id: m for m in markets.markets}
    for row in (r for r in book.rows if r.reason is None):
        market, item = by_id[row.market], items[row.row - 1]
        assert isinstance(item, CatalogueItem) and row.unit_price is not None
        rule = market.price_points or policy.price_points.rule(market.currency)
        assert price_point_up(row.unit_price, market.currency, rule) == row.unit_price
        totals = engine.quote(_quote(markets, market, item, row.unit_price)).totals
        assert row.margin is not None and row.cost_to_serve is not None
        assert totals.margin.amount == row.margin
        assert totals.seller_cost_to_serve == row.cost_to_serve
        assert totals.landed_cost == row.landed_cost
        assert row.margin.amount >= market.target_margin * totals.revenue.amount
        below = price_point_below(row.unit_price, market.currency, rule)
        assert below is not None
        lower = engine.quote(_quote(markets, market, item, below)).totals
        assert lower.margin.amount.amount < market.target_margin * lower.revenue.amount, (
            row.market, row.sku)
        assert row.rules, (row.market, row.sku)


def test_price_points_of_markets_and_policy(book: PriceBook) -> None:
    prices = {(r.market, r.sku): r.unit_price for r in book.rows}
    fr = [p for (m, _), p in prices.items() if m == "fr-consumer"]
    assert fr and all(p is not None and str(p)[-3:] in (".99", ".95", ".00") for p in fr)
    ch = [p for (m, _), p in prices.items() if m == "ch-dap" and p is not None]
    assert ch and all(p % Decimal("0.05") == 0 for p in ch)
    jp = [p for (m, _), p in prices.items() if m == "jp-cif" and p is not None]
    assert jp and all(p % 10 == 0 for p in jp)  # the bundled policy: steps of 10 JPY


@pytest.mark.parametrize(("market", "sku", "reason"), [
    ("cu-cpt", "PUMP-200", "EMBARGOED_DESTINATION"),
    ("ar-cfr", "PUMP-200", "MISSING_RULE"),
    ("us-ny-ddp", "VALVE-50", "AMBIGUOUS_HS_CODE"),
    # leather boots 6403.99: Japan's lines charge 21.6-30 % (sports, in-quota, others)
    ("jp-cif", "BOOT-LTH", "AMBIGUOUS_HS_CODE"),
])
def test_rows_that_cannot_be_priced_say_why(book: PriceBook, market: str, sku: str,
                                            reason: str) -> None:
    row = next(r for r in book.rows if r.market == market and r.sku == sku)
    assert row.reason == reason and row.message
    assert row.unit_price is None and row.margin is None


def test_a_missing_fx_rate_and_a_malformed_row(tmp_path: Path, engine: LandedCostEngine
                                               ) -> None:
    (tmp_path / "c.csv").write_text(
        "sku,hs_code,origin,unit_cost,unit_weight_kg,list_price\n"
        "PUMP-200,8413.70,DE,2900,38,4200\n"
        "BAD,8413.70,XX,2900,38,4200\n"
        "FLOAT,8413.70,DE,abc,38,4200\n", encoding="utf-8")
    markets = load_markets(MARKETS)
    kr = markets.markets[5].model_copy()
    no_rate = markets.model_copy(update={"markets": (kr,), "fx": type(markets.fx)(
        {"EUR/KRW": Decimal("1512")})})
    result = price_book(load_catalogue(tmp_path / "c.csv"), no_rate, engine=engine)
    assert [r.reason for r in result.rows] == ["MISSING_FX_RATE", "INVALID_INPUT",
                                               "INVALID_INPUT"]
    assert result.rows[1].message is not None
    assert result.rows[1].message.startswith(f"{tmp_path / 'c.csv'}:3:3: origin: ")
    assert result.rows[2].message is not None and ":4:4: unit_cost: " in result.rows[2].message


def test_a_duty_per_pair_without_pairs_is_invalid_input(tmp_path: Path,
                                                        engine: LandedCostEngine) -> None:
    # Japan's leather boots beyond the quota: "30 % or 4,300 yen a pair, whichever is the
    # higher"; a catalogue row that does not say how many pairs a unit is cannot be priced
    (tmp_path / "c.csv").write_text(
        "sku,hs_code,origin,unit_cost,unit_weight_kg,list_price\n"
        "BOOT-LTH,6403.99.029,IT,54,1.6,129\n", encoding="utf-8")
    markets = load_markets(MARKETS)
    jp = markets.model_copy(update={"markets": tuple(
        m for m in markets.markets if m.id == "jp-cif")})
    (row,) = price_book(load_catalogue(tmp_path / "c.csv"), jp, engine=engine).rows
    assert row.reason == "INVALID_INPUT" and "extra_units.pair" in str(row.message)
    assert row.unit_price is None


def test_a_catalogue_row_declares_its_goods_uses(tmp_path: Path,
                                                 engine: LandedCostEngine) -> None:
    # the same ball bearing (8482.10.50.44) three times: declared a vehicle part it pays the
    # US Section 232 parts duty, so its DDP landed cost and price point are higher
    (tmp_path / "c.csv").write_text(
        "sku,hs_code,origin,unit_cost,unit_weight_kg,list_price,uses\n"
        "BRG-CAR,8482.10.50.44,DE,8,0.4,15,vehicle_part\n"
        "BRG-MILL,8482.10.50.44,DE,8,0.4,15,none\n"
        "BRG-ANY,8482.10.50.44,DE,8,0.4,15,\n"
        "BRG-BAD,8482.10.50.44,DE,8,0.4,15,vehicle\n", encoding="utf-8")
    items = load_catalogue(tmp_path / "c.csv")
    assert [getattr(i, "uses", "bad") for i in items] == [("vehicle_part",), (), None, "bad"]
    markets = load_markets(MARKETS)
    us = markets.model_copy(update={"markets": (markets.markets[0],)})
    car, mill, anyuse, bad = price_book(items, us, engine=engine).rows
    assert bad.reason == "INVALID_INPUT" and "uses" in str(bad.message)
    assert car.landed_cost is not None and mill.landed_cost is not None
    assert anyuse.landed_cost == mill.landed_cost
    assert car.landed_cost.amount > mill.landed_cost.amount
    assert any("9903" in str(r) or "section232" in str(r) for r in car.rules)


def test_a_catalogue_row_declares_the_side_of_a_tariff_quota(tmp_path: Path,
                                                              engine: LandedCostEngine) -> None:
    # rice in the husk (1006.10) into Korea: W1 5 % within the quota, W2 513 % beyond it
    (tmp_path / "c.csv").write_text(
        "sku,hs_code,origin,unit_cost,unit_weight_kg,list_price,tariff_quota\n"
        "RICE-OUT,1006.10.0000,US,20,25,40,out\n"
        "RICE-IN,1006.10.0000,US,20,25,40,in\n"
        "RICE-ANY,1006.10.0000,US,20,25,40,\n", encoding="utf-8")
    items = load_catalogue(tmp_path / "c.csv")
    assert [getattr(i, "tariff_quota", "bad") for i in items] == ["out", "in", None]
    markets = load_markets(MARKETS)
    kr = markets.model_copy(update={"markets": tuple(m for m in markets.markets
                                                     if m.destination == "KR")})
    out, inside, undeclared = price_book(items, kr, engine=engine).rows
    # a figure the row must give: like any field missing, INVALID_INPUT naming it
    assert undeclared.reason == "INVALID_INPUT" and "needs tariff_quota" in str(undeclared.message)
    assert out.landed_cost is not None and inside.landed_cost is not None
    assert out.landed_cost.amount > inside.landed_cost.amount


def test_goods_of_an_embargoed_origin_are_priced_in_no_market(tmp_path: Path,
                                                               engine: LandedCostEngine
                                                               ) -> None:
    # The same pump made in Iran (US ITSR) or, before the policy's end date, Syria: refused in
    # every market, as `check` refuses such a line; the German one beside it is priced.
    (tmp_path / "c.csv").write_text(
        "sku,hs_code,origin,unit_cost,unit_weight_kg,list_price\n"
        "PUMP-IR,8413.70,IR,2900,38,4200\n"
        "PUMP-DE,8413.70,DE,2900,38,4200\n", encoding="utf-8")
    markets = load_markets(MARKETS)
    policy = load_policy()
    items = load_catalogue(tmp_path / "c.csv")
    for pool in (None, ThreadPoolExecutor(2)):
        result = price_book(items, markets, engine=engine, policy=policy, executor=pool,
                            chunk_rows=1)
        iran = [r for r in result.rows if r.sku == "PUMP-IR"]
        assert len(iran) == len(markets.markets)
        for row in iran:
            assert row.unit_price is None and row.margin is None
            if row.reason != "EMBARGOED_DESTINATION":  # the Cuban market refuses all rows
                assert row.reason == "EMBARGOED_ORIGIN", row
                assert row.message is not None and "IR" in row.message
                assert "US ITSR" in row.message
        assert any(r.sku == "PUMP-DE" and r.unit_price is not None for r in result.rows)
        assert [r.row for r in result.rows] == [1, 2] * len(markets.markets)
    # German goods shipped from Iran: refused as well, in every market
    from_iran = price_book(load_catalogue(tmp_path / "c.csv"),
                           markets.model_copy(update={"ship_from": "IR"}), engine=engine,
                           policy=policy)
    assert {r.reason for r in from_iran.rows} <= {"EMBARGOED_ORIGIN", "EMBARGOED_DESTINATION"}
    assert any("shipped from IR" in (r.message or "") for r in from_iran.rows)
    # The embargo is the policy's, on the book's date: Syria's ended on 2025-06-30.
    syria = tmp_path / "s.csv"
    syria.write_text("sku,hs_code,origin,unit_cost,unit_weight_kg,list_price\n"
                     "PUMP-SY,8413.70,SY,2900,38,4200\n", encoding="utf-8")
    for day, refused in ((Date(2025, 6, 30), True), (Date(2026, 11, 20), False)):
        book = price_book(load_catalogue(syria), markets.model_copy(update={"date": day}),
                          engine=engine, policy=policy)
        reasons = {r.reason for r in book.rows}
        assert ("EMBARGOED_ORIGIN" in reasons) is refused, (day, reasons)


def test_bad_catalogue_and_markets_files_are_errors(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text("sku,hs,origin\n", encoding="utf-8")
    with pytest.raises(RuleFileError, match=r"c\.csv:1:2: unknown column 'hs'"):
        load_catalogue(tmp_path / "c.csv")
    (tmp_path / "m.yaml").write_text("seller: {name: S, country: DE}\ncurrency: EUR\n"
                                     "date: 2026-11-20\nmarkets:\n  - {id: x, destination: US,"
                                     " incoterm: DDP, mode: sea, currency: USD,"
                                     " target_margin: 1.5}\n", encoding="utf-8")
    with pytest.raises(RuleFileError, match=r"m\.yaml:5:\d+: markets\.0\.target_margin"):
        load_markets(tmp_path / "m.yaml")


@pytest.mark.parametrize("rule", ['{step: "1e-12"}', '{endings: ["0.99"]}',
                                  '{endings: ["5"], every: "10.5"}'])
def test_a_market_price_point_finer_than_its_currency_is_the_markets_files_error(
        tmp_path: Path, rule: str) -> None:
    # it failed every row of the market (exit 1, one line per SKU): it is the file's error
    (tmp_path / "m.yaml").write_text(
        "seller: {name: S, country: DE}\ncurrency: EUR\ndate: 2026-11-20\n"
        "fx: {EUR/JPY: '166.40'}\nmarkets:\n"
        "  - id: jp\n    destination: JP\n    incoterm: CIF\n    mode: sea\n"
        f"    currency: JPY\n    target_margin: '0.3'\n    price_points: {rule}\n",
        encoding="utf-8")
    with pytest.raises(RuleFileError, match=r"m\.yaml:12:\d+: markets\.0\.price_points: "
                       r"price point \w+ \S+ is finer than the minor unit of JPY \(1\)"):
        load_markets(tmp_path / "m.yaml")
    script = Path(sys.executable).with_name("pricing-engine")
    done = subprocess.run([str(script), "pricebook", str(CATALOGUE), str(tmp_path / "m.yaml")],
                          capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout) == (2, ""), done.stdout
    assert done.stderr.count("\n") == 1 and "m.yaml:12:" in done.stderr


def test_an_executor_gives_the_same_book(book: PriceBook) -> None:
    with ThreadPoolExecutor(2) as pool:
        spread = price_book(load_catalogue(CATALOGUE), load_markets(MARKETS), executor=pool,
                            chunk_rows=3)
    assert spread == book


def test_the_cli_formats(tmp_path: Path, book: PriceBook) -> None:
    runner = CliRunner()
    as_json = runner.invoke(cli, ["pricebook", str(CATALOGUE), str(MARKETS), "--format",
                                  "json"])
    assert as_json.exit_code == 1, as_json.output  # some rows are not priced
    doc = json.loads(as_json.stdout)
    assert doc["schema_version"] == 1 and doc == book.model_dump(mode="json")
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "schemas" / "pricebook.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(schema).validate(doc)
    as_csv = runner.invoke(cli, ["pricebook", str(CATALOGUE), str(MARKETS), "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert len(rows) == len(book.rows)
    assert rows[0]["market"] == "us-ny-ddp" and rows[0]["unit_price"] == str(
        book.rows[0].unit_price)
    table = runner.invoke(cli, ["pricebook", str(CATALOGUE), str(MARKETS)])
    first = book.rows[0]
    assert first.market == "us-ny-ddp" and first.unit_price is not None
    assert "EMBARGOED_DESTINATION" in table.stdout and f"${first.unit_price:,}" in table.stdout



def test_exit_codes_through_the_console_script(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("pricing-engine")
    bad = subprocess.run([str(script), "pricebook", str(CATALOGUE), str(CATALOGUE)],
                         capture_output=True, text=True, check=False)
    assert bad.returncode == 2
    assert "catalogue.csv:1:1: a markets file is a mapping" in bad.stderr
    assert "Traceback" not in bad.stderr
    (tmp_path / "one.csv").write_text("sku,hs_code,origin,unit_cost,unit_weight_kg,list_price\n"
                                      "PUMP-200,8413.70,DE,2900,38,4200\n", encoding="utf-8")
    markets = MARKETS.read_text(encoding="utf-8")
    (tmp_path / "m.yaml").write_text(markets[:markets.index("  - {id: gb-dap")],
                                     encoding="utf-8")
    ok = subprocess.run([str(script), "pricebook", str(tmp_path / "one.csv"),
                         str(tmp_path / "m.yaml"), "--format", "csv"],
                        capture_output=True, text=True, check=False)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.splitlines()[1].startswith("us-ny-ddp,PUMP-200,1,USD,10,0.30,")


def test_a_row_says_which_charges_its_price_leaves_out(engine: LandedCostEngine,
                                                      tmp_path: Path) -> None:
    """From 2027 the UK CBAM is due on imported steel bolts, on embedded emissions the book
    does not give: the row is priced without it and says so; before 2027 it says nothing."""
    catalogue = tmp_path / "catalogue.csv"
    catalogue.write_text("sku,description,hs_code,origin,unit_cost,unit_weight_kg,list_price\n"
                         "BOLT-M12,Hex bolt,7318.15.88,DE,0.40,0.05,0.90\n", encoding="utf-8")
    rows = {}
    for day in ("2026-12-15", "2027-01-15"):
        markets = tmp_path / f"markets-{day}.yaml"
        markets.write_text(
            'seller: {name: "Acme Maschinenbau GmbH", country: DE, vat_id: DE123456788}\n'
            f'currency: EUR\ndate: {day}\nfx: {{EUR/GBP: "0.8700"}}\nmarkets:\n'
            '  - {id: gb-dap, destination: GB, incoterm: DAP, mode: road, currency: GBP,\n'
            '     freight: {per_kg: "0.60"}, quantity: 1000, target_margin: "0.28"}\n',
            encoding="utf-8")
        (row,) = price_book(load_catalogue(catalogue), load_markets(markets),
                            engine=engine).rows
        rows[day] = row
    assert rows["2026-12-15"].charges_not_priced == ()
    (left_out,) = rows["2027-01-15"].charges_not_priced
    assert left_out.startswith("UK CBAM: the UK CBAM on the goods' embedded emissions")
    assert rows["2027-01-15"].unit_price is not None  # priced all the same
