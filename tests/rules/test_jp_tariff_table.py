"""Japan's tariff schedule of 2026-07-09 and its editions back to 2025-04-01 (rules/tariffs/JP.yaml)
under the curated JP.yaml.

The table (bench/regen_jp_tariff.py) gives each 9-digit line its MFN duty: the lower of the
WTO rate (unless the schedule prints it in parentheses) and the national rate (the temporary
rate, else the general rate); the forms it cannot price (tariff quotas, gate prices, ranges,
marked national rates below the WTO rate) fail closed naming the text. Hand-checked curated
entries (confidence not low) stay as they are.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from pricing_engine.errors import AmbiguousHsCode, InputError, MissingRule
from pricing_engine.landed.duty import terms_amount
from pricing_engine.quote import Line
from pricing_engine.rules import RuleBook
from pricing_engine.rules.model import MfnEntry
from pricing_engine.tariff.table import date_by_editions, merge_dated_subheadings
from tests.rules.conftest import assert_table_line, regen

TODAY = date(2026, 12, 1)
SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "regen_jp_tariff.py"



@pytest.mark.parametrize(("hs", "rate"), [
    ("040690090", "0.298"),  # other cheese: WTO 29.8 %
    ("020130", "0.385"),    # boneless beef, fresh: WTO 38.5 %
    ("010391000", "0.085"),  # live swine under 50 kg: WTO 8.5 % below the general 10 %
])
def test_the_applied_rate_is_the_wto_rate_unless_in_parentheses(
    bundled: RuleBook, hs: str, rate: str
) -> None:
    rule = bundled.duty("JP", hs, "US", TODAY).mfn
    assert rule.rate == Decimal(rate)
    assert_table_line(rule, "JP", "medium", "Customs Tariff Schedule of Japan")


def test_the_temporary_rate_applies_where_the_wto_rate_is_in_parentheses(
    bundled: RuleBook,
) -> None:
    # live swine of 50 kg or more, line 020: general 10 %, temporary 8.5 %, WTO (8.5 %)
    rule = bundled.duty("JP", "010392020", "US", TODAY).mfn
    assert rule.rate == Decimal("0.085")


def test_the_higher_of_two_rates_is_a_rate_with_a_specific_minimum(bundled: RuleBook) -> None:
    rule = bundled.duty("JP", "040819", "US", TODAY).mfn  # egg yolks: 20 % or 48 yen/kg
    assert rule.rate == Decimal("0.20")
    assert rule.min is not None
    assert (rule.min.amount, rule.min.currency, rule.min.per) == (Decimal("48"), "JPY", "kg")


@pytest.mark.parametrize(("hs", "rate"), [
    # surimi: WTO 6 % printed once for 0304.94, temporary 4.2 % on the surimi line
    ("030494010", "0.042"),
    ("030495110", "0.042"),
    # rubber hoses for cars: the line's own general rate free, the group's WTO rate 2.5 %
    ("400931100", "0"),
    # bio-polyethylene: temporary free beside the group's WTO 6.5 %
    ("390110021", "0"),
    # molasses for glutamic acid: the general rate "◎5%" carries a mark, but the WTO 3 % is
    # below it whatever the mark says: the WTO rate
    ("170290410", "0.03"),
])
def test_the_lower_of_the_wto_and_the_national_rate_applies(
    bundled: RuleBook, hs: str, rate: str
) -> None:
    rule = bundled.duty("JP", hs, "US", TODAY).mfn
    assert rule.rate == Decimal(rate) and rule.specific is None and rule.max is None
    assert_table_line(rule, "JP", "medium", "Customs Tariff Schedule of Japan")


def test_two_rates_neither_always_lower_charge_the_lesser(bundled: RuleBook) -> None:
    # butter beyond the quota: WTO "*29.8%＋985円/kg", temporary "36%＋290円/kg"; the schedule's
    # CPTPP column: "whichever is the lower"
    rule = bundled.duty("JP", "040510129", "NZ", TODAY).mfn
    assert rule.rate == Decimal("0.298") and rule.specific is not None
    assert (rule.specific.amount, rule.specific.per) == (Decimal(985), "kg")
    assert rule.max_rate == Decimal("0.36") and rule.max is not None
    assert (rule.max.amount, rule.max.per) == (Decimal(290), "kg")
    line = Line.model_validate({"sku": "BUTTER", "hs_code": "040510129", "origin": "NZ",
                                "quantity": "1000", "unit_price": "2400", "unit_cost": "1200",
                                "unit_weight_kg": "1"})
    cheap, dear = Decimal(2_000_000), Decimal(20_000_000)  # 2,000 and 20,000 yen a kg
    amount, how = terms_amount(rule, line, cheap, _yen)
    assert amount == Decimal("0.36") * cheap + 290 * 1000 and "maximum" in how
    amount, _ = terms_amount(rule, line, dear, _yen)
    assert amount == Decimal("0.298") * dear + 985 * 1000
    # nickel: WTO 44 yen/kg against "11.7% or 72.90 yen/kg, whichever is the lower"
    nickel = bundled.duty("JP", "750210000", "US", TODAY).mfn
    assert nickel.specific is not None and nickel.specific.amount == 44
    assert (nickel.max_rate, nickel.max) == (Decimal("0.117"), None)


def test_a_rate_per_metric_ton_is_read_per_kilogram(bundled: RuleBook) -> None:
    rule = bundled.duty("JP", "271114010", "US", TODAY).mfn  # ethylene: 624 yen/MT
    assert rule.specific is not None
    assert (rule.specific.amount, rule.specific.per) == (Decimal("0.624"), "kg")


def test_a_marked_national_rate_below_the_wto_rate_fails_closed(bundled: RuleBook) -> None:
    # cheese for processed cheese within the quota: "◎無税" beside the WTO 29.8 % (it was
    # priced at 29.8 %, the WTO rate, though the lower rate applies)
    with pytest.raises(MissingRule, match="carries the schedule's mark ◎"):
        bundled.duty("JP", "040690010", "US", TODAY)
    with pytest.raises(MissingRule, match="mark ※"):  # sugar confectionery: "※1%"
        bundled.duty("JP", "180620112", "US", TODAY)
    with pytest.raises(AmbiguousHsCode) as err:  # the subheading names its lines
        bundled.duty("JP", "040690", "US", TODAY)
    assert dict(err.value.candidates)["040690090"] == "29.8 %"


def test_a_tariff_quota_line_fails_closed_naming_the_text(bundled: RuleBook) -> None:
    with pytest.raises(MissingRule, match="Japan's tariff gives") as err:
        bundled.duty("JP", "100111090", "US", TODAY)  # durum wheat outside the state trade
    assert not isinstance(err.value, AmbiguousHsCode)


def test_a_subheading_over_lines_of_different_rates_names_them(bundled: RuleBook) -> None:
    with pytest.raises(AmbiguousHsCode) as err:
        bundled.duty("JP", "040610", "US", TODAY)
    assert dict(err.value.candidates)["040610020"] == "22.4 %"


def test_hand_checked_curated_entries_stay(bundled: RuleBook) -> None:
    rule = bundled.duty("JP", "847130", "US", TODAY).mfn
    assert rule.ref.file.endswith("countries/JP.yaml") and rule.rate == 0
    # the curated bolts-and-screws heading now carries the schedule's WTO rate
    assert bundled.duty("JP", "731815", "US", TODAY).mfn.rate == Decimal("0.028")


@pytest.mark.parametrize(("hs", "day", "rate", "specific", "minimum", "maximum"), [
    # coffee substitutes containing coffee: 12 %, which the curated heading 0901 (free, for
    # green coffee) charged nothing
    ("090190200", TODAY, "0.12", None, None, None),
    ("090111000", TODAY, "0", None, None, None),            # green coffee: the curated 0 %
    # wine: fortified 112 yen/l and bulk 45 yen/l, where the curated heading 2204 charged
    # every line the bottled wine's "15 % or 125 yen/l, whichever is the lower, not below
    # 67 yen/l", which the schedule's line now gives itself
    ("220421010", TODAY, None, ("112", "litre"), None, None),
    ("220429090", TODAY, None, ("45", "litre"), None, None),
    ("220421020", TODAY, "0.15", None, ("67", "litre"), ("125", "litre")),
    ("220430111", TODAY, "0.23", None, None, None),          # grape must, not wine
    # leather footwear: sports footwear 27 %, in-quota 21.6 %, "30 % or 2,400 yen a pair"
    # where the curated heading charged every line "30 % or 4,300 yen a pair"
    ("640391011", TODAY, "0.27", None, None, None),
    ("640399012", TODAY, "0.216", None, None, None),
    ("640399039", TODAY, "0.3", None, ("2400", "pair"), None),
    ("640399029", TODAY, "0.3", None, ("4300", "pair"), None),
    # before the schedule's first edition read, the curated headings answer as before
    ("640391011", date(2024, 6, 1), "0.30", None, ("4300", "pair"), None),
    ("220421010", date(2024, 6, 1), "0.15", None, ("67", "litre"), ("125", "litre")),
])
def test_curated_headings_leave_the_subheadings_whose_lines_charge_otherwise(
    bundled: RuleBook, hs: str, day: date, rate: str | None,
    specific: tuple[str, str] | None, minimum: tuple[str, str] | None,
    maximum: tuple[str, str] | None,
) -> None:
    rule = bundled.duty("JP", hs, "US", day).mfn
    assert rule.rate == (None if rate is None else Decimal(rate))

    def _spec(found: object) -> tuple[Decimal, str] | None:
        return None if found is None else (found.amount, found.per)  # type: ignore[attr-defined]

    assert _spec(rule.specific) == (None if specific is None
                                    else (Decimal(specific[0]), specific[1]))
    assert _spec(rule.min) == (None if minimum is None else (Decimal(minimum[0]), minimum[1]))
    assert _spec(rule.max) == (None if maximum is None else (Decimal(maximum[0]), maximum[1]))
    # the curated entry answers where the schedule's lines agree with it, and before them
    curated = hs.startswith("090111") or day < date(2025, 4, 1)
    assert rule.ref.file.endswith("countries/JP.yaml" if curated else "tariffs/JP.yaml")


def test_headings_the_schedule_rates_by_line_take_its_lines(bundled: RuleBook) -> None:
    # cotton T-shirts: 10.9 % yarn-dyed or printed (WTO rate in parentheses), 7.4 % the
    # others (WTO); one heading rate of 10.9 % charged the plain ones too much
    assert bundled.duty("JP", "6109.10.020", "US", TODAY).mfn.rate == Decimal("0.074")
    assert bundled.duty("JP", "6109.10.010", "US", TODAY).mfn.rate == Decimal("0.109")
    with pytest.raises(AmbiguousHsCode) as err:
        bundled.duty("JP", "610910", "US", TODAY)
    assert dict(err.value.candidates) == {"610910010": "10.9 %", "610910020": "7.4 %"}
    assert bundled.duty("JP", "940199021", "US", TODAY).mfn.rate == Decimal("0.038")
    assert bundled.duty("JP", "711320", "US", TODAY).mfn.rate == Decimal("0.054")


def test_earlier_editions_date_the_lines_back_to_2025_04_01(bundled: RuleBook) -> None:
    # other cheese: 29.8 % in each edition read (2025-04-01, 2026-01-01, 2026-04-01, 2026-07-09)
    for day in (date(2025, 4, 1), date(2025, 9, 1), date(2026, 7, 8)):
        assert bundled.duty("JP", "040690090", "US", day).mfn.rate == Decimal("0.298")
    with pytest.raises(MissingRule):  # before the oldest edition read: nothing
        bundled.duty("JP", "040690090", "US", date(2025, 3, 31))


def test_renumbered_lines_are_answered_by_the_edition_of_the_day(bundled: RuleBook) -> None:
    # 2827.39: the three 3.3 % lines 910/920/990 became one line 900 on 2026-01-01
    old, new = date(2025, 6, 1), date(2026, 6, 1)
    assert bundled.duty("JP", "282739910", "US", old).mfn.rate == Decimal("0.033")
    assert bundled.duty("JP", "282739900", "US", new).mfn.rate == Decimal("0.033")
    for code, day in (("282739910", new), ("282739900", old)):
        with pytest.raises(AmbiguousHsCode, match="not a line of the tariff table"):
            bundled.duty("JP", code, "US", day)
    with pytest.raises(AmbiguousHsCode) as err:
        bundled.duty("JP", "282739", "US", old)
    assert sorted(dict(err.value.candidates)) == [
        "282739100", "282739910", "282739920", "282739990"]
    # bicycles: lines renumbered, every one free on every day: one six-digit entry
    for day in (old, new):
        assert bundled.duty("JP", "871200", "US", day).mfn.rate == 0


def test_a_text_an_edition_changes_is_dated(bundled: RuleBook) -> None:
    # a tariff-quota line of chocolate: '※19.9%' to 2026-03-31, '※18.9%' from 2026-04-01
    with pytest.raises(MissingRule, match=r"19\.9%"):
        bundled.duty("JP", "180620121", "US", date(2026, 3, 31))
    with pytest.raises(MissingRule, match=r"18\.9%"):
        bundled.duty("JP", "180620121", "US", date(2026, 4, 1))


def _entry(code: str, rate: str) -> MfnEntry:
    return MfnEntry(hs=code, rate=Decimal(rate))


def test_editions_date_each_line_by_its_runs_and_renumbered_lines_merge() -> None:
    days = [date(2025, 4, 1), date(2026, 1, 1), date(2026, 4, 1)]
    def edition(**rates: str) -> dict[str, MfnEntry]:
        return {code[1:]: _entry(code[1:], rate) for code, rate in rates.items()}

    editions = [
        (days[0], edition(c010110100="0.1", c010110200="0.1", c020110100="0.05",
                          c030110100="0.2")),
        (days[1], edition(c010110000="0.1", c020110100="0.05", c030110100="0.3")),
        (days[2], edition(c010110000="0.1", c020110100="0.05", c030110100="0.2")),
    ]
    dated = date_by_editions(editions)
    spans = {code: [(e.valid_from, e.valid_to, e.rate) for e in entries]
             for code, entries in dated.items()}
    assert spans["020110100"] == [(None, None, Decimal("0.05"))]  # alike: the table's days
    assert spans["010110200"] == [(None, date(2025, 12, 31), Decimal("0.1"))]
    assert spans["010110000"] == [(days[1], None, Decimal("0.1"))]
    assert spans["030110100"] == [(None, date(2025, 12, 31), Decimal("0.2")),
                                  (days[1], date(2026, 3, 31), Decimal("0.3")),
                                  (days[2], None, Decimal("0.2"))]
    merged = merge_dated_subheadings(dated)
    # 0101.10: renumbered, 10 % on every day: one entry; 0301.10 changes: kept by line
    assert [(e.hs, e.valid_from, e.valid_to) for e in merged["010110"]] == [("010110", None, None)]
    assert "010110000" not in merged and len(merged["030110100"]) == 3
    assert "020110" not in merged  # not dated: left to the table writer's own merge


def _fabric(m2_per_unit: str) -> Line:
    return Line.model_validate({"sku": "CLOTH", "hs_code": "520811091", "origin": "US",
                                "quantity": "100", "unit_price": "500", "unit_cost": "300",
                                "extra_units": {"m2": m2_per_unit}})


def _yen(amount: Decimal, currency: str) -> Decimal:
    assert currency == "JPY"
    return amount


def test_the_higher_of_an_ad_valorem_and_a_compound_rate(bundled: RuleBook) -> None:
    # unbleached plain cotton fabric, line 091: "3.7% or 2.9% + 1.01 yen/m2, whichever is
    # higher" (WTO column): the compound duty is the minimum of the ad valorem one
    rule = bundled.duty("JP", "520811091", "US", TODAY).mfn
    assert (rule.rate, rule.min_rate) == (Decimal("0.037"), Decimal("0.029"))
    assert rule.min is not None and (rule.min.amount, rule.min.per) == (Decimal("1.01"), "m2")
    value = Decimal(50_000)
    # 1 m2 a unit: 2.9 % of 50,000 + 101 = 1,551 < 3.7 % of 50,000 = 1,850: ad valorem
    amount, _ = terms_amount(rule, _fabric("1"), value, _yen)
    assert amount == Decimal("0.037") * value
    # 10 m2 a unit: 1,450 + 1,010 = 2,460 > 1,850: the compound duty
    amount, how = terms_amount(rule, _fabric("10"), value, _yen)
    assert amount == Decimal("0.029") * value + Decimal("1.01") * 1000
    assert "minimum" in how
    with pytest.raises(InputError, match=r"extra_units\.m2"):
        terms_amount(rule, _fabric("1").model_copy(update={"extra_units": {}}), value, _yen)


@pytest.mark.parametrize(("hs", "rate", "minimum", "per"), [
    ("511111021", "0.079", "130", "m2"),   # woven wool fabric: 7.9 % or 130 yen/m2
    ("960860", "0.05", "0.5", "unit"),     # refills for ball-point pens: 5 % or 0.50 yen each
])
def test_the_higher_of_a_rate_and_an_amount_per_area_or_piece(
    bundled: RuleBook, hs: str, rate: str, minimum: str, per: str
) -> None:
    rule = bundled.duty("JP", hs, "US", TODAY).mfn
    assert rule.rate == Decimal(rate) and rule.min_rate is None
    assert rule.min is not None and (rule.min.amount, rule.min.per) == (Decimal(minimum), per)


def test_rates_per_head_and_cells_broken_over_lines_are_read(bundled: RuleBook) -> None:
    cattle = bundled.duty("JP", "010229100", "US", TODAY).mfn  # 38,250 yen a head
    assert cattle.specific is not None
    assert (cattle.specific.amount, cattle.specific.per) == (Decimal(38250), "unit")
    # "29.8%+\n915円/kg" in the schedule's cell: the line break is no part of the rate
    yoghurt = bundled.duty("JP", "040320191", "US", TODAY).mfn
    assert yoghurt.rate == Decimal("0.298") and yoghurt.specific is not None
    assert (yoghurt.specific.amount, yoghurt.specific.per) == (Decimal(915), "kg")


@pytest.mark.parametrize(("hs", "day", "rate"), [
    # bananas (08.03, printed once per season): 20 % from 1 April to 30 September, 25 % from
    # 1 October to 31 March of the next year
    ("080390100", date(2025, 4, 1), "0.2"),
    ("080390100", date(2026, 9, 30), "0.2"),
    ("080390100", date(2026, 10, 1), "0.25"),
    ("080390100", date(2027, 3, 31), "0.25"),
    # oranges: 16 % from June to November, 32 % from December to May
    ("080510000", date(2026, 7, 1), "0.16"),
    ("080510000", date(2027, 1, 10), "0.32"),
    # fresh grapes: 17 % from March to October, 7.8 % to the end of February, a leap day too
    ("080610000", date(2026, 12, 15), "0.078"),
    ("080610000", date(2028, 2, 29), "0.078"),
    ("080610000", date(2028, 3, 1), "0.17"),
    # grapefruit: both seasons' WTO rate in parentheses, the general 10 % all year
    ("080540000", date(2026, 1, 15), "0.1"),
    ("080540000", date(2026, 7, 15), "0.1"),
])
def test_a_line_printed_once_per_season_charges_the_season_s_rate(
        bundled: RuleBook, hs: str, day: date, rate: str) -> None:
    rule = bundled.duty("JP", hs, "US", day).mfn
    assert rule.rate == Decimal(rate), day
    assert rule.ref.file.endswith("tariffs/JP.yaml")


@pytest.mark.parametrize(("country", "hs", "day", "horizon"), [
    ("JP", "080390100", date(2035, 1, 1), "2034-12-31"),
    # a seasonal line of the UK/EU tables with other lines beside it (oranges): past the
    # horizon it was once read as a code the table does not list, and priced by them
    ("GB", "0805102200", date(2031, 6, 1), "2030-12-31"),
    ("DE", "0805108000", date(2031, 6, 1), "2030-12-31"),
])
def test_past_the_seasons_written_out_there_is_no_rate(
        bundled: RuleBook, country: str, hs: str, day: date, horizon: str) -> None:
    # ten years from the table's first day; then MissingRule until the next import
    with pytest.raises(MissingRule, match=f"is written out to {horizon}"):
        bundled.duty(country, hs, "US", day)


def _node(stat: str, code: str, rates: dict[str, str],
          children: tuple[dict[str, Any], ...] = ()) -> dict[str, Any]:
    """A node of the schedule's JSON as the script reads it: a code, its rate columns."""
    return {"stat_code": stat, "hs_code": code, "desc": "", "rate": rates,
            "children": list(children)}


def test_the_script_reads_the_lower_of_the_wto_and_the_national_rate(tmp_path: Path) -> None:
    # a small schedule of the forms the script reads, run through bench/regen_jp_tariff.py
    folder = tmp_path / "tariffdata"
    folder.mkdir()
    schedule = [
        # a WTO rate printed for the subheading, a lower temporary rate on one line
        _node("0304.94", "", {"基本": "10%", "WTO協定": "6%"}, (
            _node("0304.94", "010", {"暫定": "4.2%"}), _node("0304.94", "090", {}))),
        # two compound rates, neither always the lower
        _node("0405.10", "129", {"暫定": "36%＋290円/kg", "WTO協定": "*29.8%＋985円/kg"}),
        # a marked national rate below the WTO rate; the same mark above it
        _node("0406.90", "010", {"基本": "35%", "暫定": "◎無税", "WTO協定": "29.8%"}),
        _node("1702.90", "410", {"基本": "◎5%", "WTO協定": "3%"}),
        # the lower of a rate and an amount beside a WTO amount below that amount
        _node("7502.10", "000", {"基本": "11.7%又は72.90円/kgのうちいずれか低い税率",
                                 "WTO協定": "44円/kg"}),
        # a marked WTO rate in parentheses beside a far lower temporary rate
        _node("1001.11", "090", {"暫定": "9.80円/kg", "WTO協定": "*(55円/kg)"}),
        # the line's own general rate free, the group's WTO rate 2.5 %
        _node("4009.31", "", {"WTO協定": "2.5%"}, (
            _node("4009.31", "100", {"基本": "無税"}), _node("4009.31", "900", {"基本": "3%"}))),
    ]
    (folder / "j_01_tariff_data.json").write_text(json.dumps(schedule), "utf-8")
    done = regen(SCRIPT, folder, "--out", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    table = yaml.safe_load((tmp_path / "out" / "tariffs" / "JP.yaml").read_text("utf-8"))
    got = {str(e["hs"]): e for e in table["mfn"]}
    assert got["030494010"]["rate"] == "0.042" and got["030494090"]["rate"] == "0.06"
    # (a subheading of one priced line, or of lines that agree, is written at six digits)
    butter = got["040510"]
    assert (butter["rate"], butter["specific"]["amount"], butter["max_rate"],
            butter["max"]["amount"]) == ("0.298", "985", "0.36", "290")
    assert "carries the schedule's mark ◎" in got["040690010"]["not_covered"]
    assert got["170290"]["rate"] == "0.03"
    nickel = got["750210"]
    assert (nickel["specific"]["amount"], nickel["max_rate"]) == ("44", "0.117")
    assert "*(55円/kg)" in got["100111090"]["not_covered"]
    assert got["400931100"]["rate"] == "0" and got["400931900"]["rate"] == "0.025"
