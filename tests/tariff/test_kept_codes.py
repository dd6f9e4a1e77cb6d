"""An HS2017 code kept in HS2022 that took goods from other HS2017 subheadings.

HS2022 0307 21 took the scallops of other genera from 0307 91 (11 % in the CET, where 0307 21
00 charges 8 %), 0704 10 the broccoli that was not headed from 0704 90, 9114 90 the springs of
9114 10. A CN 2020 table lists only the kept code's own lines, so a code under it that the
table does not list (CN 2022's 0307 21 90, other scallops) used to be read as the subheading
and priced at its own lines' duty: 8 % where the tariff says 11 %. The import now writes a
``split`` entry at such a code naming its lines and the lines it took goods from, and a lookup
names them all rather than pricing one.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pricing_engine import AmbiguousHsCode
from pricing_engine.rules import RuleBook, load_rules
from pricing_engine.rules.model import MfnEntry, TariffFile, TariffImport
from pricing_engine.tariff.concordance import BROAD, to_hs2022

DAY = date(2026, 6, 17)


def _table(lines: dict[str, str]) -> TariffFile:
    return TariffFile(
        tariff="GB", as_of="2021-01-01", sources=[{"id": "ukgt", "title": "UKGT"}],
        imported=TariffImport(format="uk-gt-csv", file="ukgt.csv", nomenclature="CN2020"),
        mfn=[MfnEntry(hs=hs, rate=Decimal(rate)) for hs, rate in lines.items()])


def test_a_kept_code_that_took_goods_of_another_duty_gets_a_split_naming_both() -> None:
    table = _table({"03072100": "0.08", "03079100": "0.11", "03079900": "0.11"})
    mapped = to_hs2022(table, {"030721": frozenset({"030721", "030791"}),
                               "030729": frozenset({"030729", "030799"})})
    (split,) = mapped.splits  # 030729 has no line of its own: nothing kept, nothing split
    assert split.kept and split.hs == "030721"
    (entry,) = [e for e in mapped.table.mfn if e.hs == "030721"]
    assert entry.split == ("03072100", "03079100") and entry.rate is None
    assert "kept in HS2022 with goods of HS2017 030791" in (entry.note or "")


def test_goods_taken_at_a_duty_the_kept_lines_charge_need_no_split() -> None:
    table = _table({"03072110": "0.08", "03072190": "0.11", "03079100": "0.11"})
    assert not to_hs2022(table, {"030721": frozenset({"030721", "030791"})}).splits
    # ... nor a code the table gives one entry of its own (its duty: no line to name beside)
    table = _table({"030721": "0.08", "03079100": "0.11"})
    assert not to_hs2022(table, {"030721": frozenset({"030721", "030791"})}).splits
    # ... nor a code whose correlations are too broad to say anything (the count shows it)
    many = frozenset({"030721", *(f"8413{i:02d}" for i in range(BROAD + 1))})
    table = _table({"03072100": "0.08", "84130000": "0.02"})
    mapped = to_hs2022(table, {"030721": many})
    assert not mapped.splits and mapped.broad == ("030721",)


def test_goods_taken_from_a_subheading_the_file_lacks_make_the_kept_code_not_covered() -> None:
    # a partial file: 0307 91, whose scallops 0307 21 took in HS2022, has no line in it, so
    # what those goods pay is not known; reading the kept lines alone priced them at 8 %
    table = _table({"03072100": "0.08", "03072900": "0.08"})
    mapped = to_hs2022(table, {"030721": frozenset({"030721", "030791"}),
                               "030729": frozenset({"030729", "030799"})})
    assert not mapped.splits and mapped.unknown_kept == ("030721", "030729")
    assert not mapped.partial and not mapped.added
    kept = {e.hs: e for e in mapped.table.mfn if e.hs in ("030721", "030729")}
    assert "HS2017 030791, of which the file has no line" in (kept["030721"].not_covered or "")
    assert kept["030721"].rate is None and kept["030729"].not_covered
    own = [e for e in mapped.table.mfn if e.hs == "03072100"]
    assert [e.rate for e in own] == [Decimal("0.08")]  # the kept line itself still prices


@pytest.fixture(scope="module")
def bundled() -> RuleBook:
    return load_rules()


@pytest.mark.parametrize("country", ["DE", "GB"])
def test_the_subheading_names_its_lines_and_those_it_took_goods_from(
        bundled: RuleBook, country: str) -> None:
    with pytest.raises(AmbiguousHsCode, match="older subheadings it took goods from") as caught:
        bundled.duty(country, "030721", "CN", DAY)
    named = {code for code, _ in caught.value.candidates}
    assert {"03072100", "03079100"} <= named
    # the conservative choice weighs the other molluscs' duty too
    found = bundled.duty(country, "030721", "CN", DAY, ambiguous_hs="highest")
    assert "03079100" in {lookup.mfn.hs for lookup in found.lookups}


def test_a_cn2020_line_of_the_kept_code_still_prices(bundled: RuleBook) -> None:
    assert bundled.duty("DE", "0307 21 00", "CN", DAY).mfn.rate == Decimal("0.08")
    assert bundled.duty("DE", "0704 10 00", "CN", DAY).mfn.hs == "07041000"


def test_a_newer_code_under_it_is_no_longer_priced_at_the_kept_lines_duty(
        bundled: RuleBook) -> None:
    # GB has no newer lines: CN 2022's 0307 21 90 (other scallops) names both lines
    with pytest.raises(AmbiguousHsCode, match="03072100 8 %; 03079100 10 %"):
        bundled.duty("GB", "0307219010", "CN", DAY)
    # the EU's table of newer CN lines gives it the TARIC duty, 11 % (0307 91's), not 8 %
    scallops = bundled.duty("DE", "0307219010", "CN", DAY).mfn
    assert (scallops.hs, scallops.rate) == ("03072190", Decimal("0.11"))
    springs = bundled.duty("DE", "9114901010", "CN", DAY).mfn  # 9114 10's 3.7 %, not 2.7 %
    assert (springs.hs, springs.rate) == ("91149010", Decimal("0.037"))


def test_cauliflowers_and_broccoli_name_the_broccoli_lines(bundled: RuleBook) -> None:
    with pytest.raises(AmbiguousHsCode) as caught:
        bundled.duty("FR", "070410", "US", DAY)
    assert {"07041000", "07049010", "07049090"} <= {c for c, _ in caught.value.candidates}
