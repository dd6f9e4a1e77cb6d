"""General duty regimes: a country's `hs: "*"` rate, and `not_covered` entries that fail closed.

The bundled regimes (SG, AE, SA, CL, CH, IS, NO) are checked with real lookups against the rates
their sources give, and a line inside an exception must raise MissingRule naming why, never
price at the general rate. The format cases use a small rule directory written per test.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from pricing_engine import _dirs
from pricing_engine.errors import AmbiguousHsCode, MissingRule, RuleFileError
from pricing_engine.rules import RuleBook, load_rules
from pricing_engine.rules import loader as loader_module
from tests.rules.conftest import SG_HEAD

TODAY = date(2026, 11, 30)



def mfn(book: RuleBook, country: str, hs: str, on: date = TODAY) -> Decimal | None:
    """The MFN ad valorem rate of ``hs`` in ``country`` on ``on``."""
    return book.duty(country, hs, "CN", on).mfn.rate


@pytest.mark.parametrize(("country", "hs", "rate", "on"), [
    ("SG", "847130", "0", TODAY),          # laptops: non-dutiable, GST only
    ("SG", "6109.10", "0", TODAY),
    ("SG", "870323", "0.20", TODAY),       # cars: the excise duty charged on import
    ("SG", "871120", "0.12", TODAY),       # motorcycles
    ("AE", "950300", "0.05", TODAY),       # GCC common external tariff (laptops are free:
                                           # tests/rules/test_ae_kcs_table.py)
    ("AE", "220421", "0.50", TODAY),       # alcohol 50 % (u.ae)
    ("AE", "240220", "1", TODAY),          # cigarettes 100 % (u.ae)
    ("SA", "392610", "0.05", date(2019, 6, 1)),   # before Decision 559 and its ZATCA line
    ("CL", "847130", "0.06", TODAY),       # Chile's general 6 %
    ("CL", "610910", "0.06", date(2003, 1, 1)),
    ("CH", "847130", "0", TODAY),          # industrial tariff abolished 2024-01-01
    ("CH", "0901.11", "0", TODAY),         # a curated agricultural heading still wins
    ("IS", "847130", "0", date(2017, 1, 1)),
    ("IS", "610910", "0", date(2016, 6, 1)),  # clothing freed a year earlier
    ("NO", "847130", "0", TODAY),          # non-agricultural, non-textile goods: free
    ("NO", "640399", "0", TODAY),          # "no customs duty on shoes"
])
def test_general_regime_prices_outside_its_exceptions(
    bundled: RuleBook, country: str, hs: str, rate: str, on: date
) -> None:
    assert mfn(bundled, country, hs, on) == Decimal(rate)


def test_the_general_rate_is_the_star_entry_with_its_source(bundled: RuleBook) -> None:
    rule = bundled.duty("CL", "950300", "CN", TODAY).mfn
    assert rule.hs == "*"
    assert rule.ref.file.endswith("countries/CL.yaml")
    assert rule.ref.source is not None and "WT/TPR/S/220" in rule.ref.source


@pytest.mark.parametrize(("country", "hs", "reason"), [
    ("SG", "220421", "intoxicating liquor"),     # wine: customs + excise duty
    ("SG", "240220", "tobacco products are dutiable"),
    ("SG", "271012", "petroleum products"),
    ("SG", "870421", "motor vehicles are dutiable"),  # goods vehicles: not rated
    ("SG", "870210", "motor vehicles are dutiable"),  # buses: not rated
    ("AE", "220710", "ethyl alcohol"),            # 50 % or 5 % by line: not encoded
    ("AE", "160241", "pork"),
    ("AE", "240210", "cigars"),                   # u.ae names only cigarettes
    # 2020 amendment: no general rate; a code with no line in tariffs/SA.yaml (oat seed: the
    # ZATCA tariff gives its heading no duty) is named (tests/rules/test_sa_tariff_table.py)
    ("SA", "100410", "Cabinet Decision No. 559"),
    ("CL", "100199", "price band"),
    # the headings with duty-free lines are split by tariffs/CL.kcs.yaml from 2025-06-13
    # (tests/rules/test_cl_kcs_table.py); poultry, where the sources disagree, is not
    ("CL", "020711", "poultry"),
    # CH's agricultural carve-outs have the general tariff's lines under them from 2026-09-01
    # (tests/rules/test_ch_tariff.py), and fail closed before; so have IS's from 2025-06-13
    # (tests/rules/test_is_tariff_table.py): a code none of its lines starts with is named
    ("IS", "01019999", "agricultural and food products"),
])
def test_a_line_inside_an_exception_is_named_not_priced(
    bundled: RuleBook, country: str, hs: str, reason: str
) -> None:
    with pytest.raises(MissingRule, match="is not covered by the duty rules") as err:
        bundled.duty(country, hs, "CN", TODAY)
    assert reason in str(err.value)
    assert f"countries/{country}.yaml:" in str(err.value)
    assert not isinstance(err.value, AmbiguousHsCode)


@pytest.mark.parametrize(("country", "hs", "on"), [
    ("CH", "847130", date(2023, 12, 31)),  # the old CHF/100 kg duties are not encoded
    ("IS", "847130", date(2016, 12, 31)),
    ("CL", "847130", date(2002, 12, 31)),
    ("NO", "847130", date(2020, 7, 2)),
])
def test_before_the_regime_there_is_no_rule(
    bundled: RuleBook, country: str, hs: str, on: date
) -> None:
    with pytest.raises(MissingRule, match="no MFN duty rule"):
        bundled.duty(country, hs, "CN", on)


def test_a_low_confidence_general_rate_says_so(bundled: RuleBook) -> None:
    # Norway's "*" rests on the customs pages' "one of the few types of goods": it prices, but
    # as confidence low, which the approval policy turns into a review
    rule = bundled.duty("NO", "847130", "CN", TODAY).mfn
    assert rule.hs == "*"
    assert rule.ref.confidence == "low"
    assert bundled.duty("NO", "640399", "CN", TODAY).mfn.ref.confidence == "medium"


def test_a_short_code_over_an_uncovered_line_is_ambiguous(bundled: RuleBook) -> None:
    # chapter 22 in AE: beer and wine at 50 %, ethyl alcohol not covered, the rest 5 %
    with pytest.raises(AmbiguousHsCode, match="not covered"):
        bundled.duty("AE", "22", "CN", TODAY)




def write(tmp_path: Path, *entries: str) -> Path:
    """A rule directory holding one country file with these MFN entries."""
    (tmp_path / "countries").mkdir(exist_ok=True)
    body = SG_HEAD + "duty:\n  mfn:\n" + "".join(f"    - {e}\n" for e in entries)
    (tmp_path / "countries" / "SG.yaml").write_text(body, encoding="utf-8")
    return tmp_path


def test_not_covered_blocks_the_shorter_prefix(tmp_path: Path) -> None:
    book = load_rules(write(tmp_path, '{hs: "*", rate: "0.07", source: s}',
                            '{hs: "22", not_covered: "drinks by line", source: s}',
                            '{hs: "2201", rate: "0"}'), include_bundled=False)
    assert mfn(book, "SG", "847130") == Decimal("0.07")
    assert mfn(book, "SG", "220110") == Decimal("0")   # a longer priced prefix wins
    with pytest.raises(MissingRule, match=r"HS 220421 is not covered .*: drinks by line"):
        book.duty("SG", "220421", "CN", TODAY)


def test_not_covered_is_dated_like_any_entry(tmp_path: Path) -> None:
    book = load_rules(write(tmp_path, '{hs: "*", rate: "0.05", valid_from: 2003-01-01}',
                            '{hs: "*", not_covered: "amended", valid_from: 2020-06-10}'),
                      include_bundled=False)
    assert mfn(book, "SG", "847130", date(2020, 6, 9)) == Decimal("0.05")
    with pytest.raises(MissingRule, match="amended"):
        book.duty("SG", "847130", "CN", date(2020, 6, 10))


@pytest.mark.parametrize(("entry", "message"), [
    ('{hs: "22", not_covered: "why", rate: "0.05"}', "not_covered takes no duty terms"),
    ('{hs: "22", not_covered: ""}', "at least 1 character"),
    ('{hs: "22"}', "or not_covered: why"),
    ('{hs: "**", rate: "0"}', "must be 2-12 digits"),
])
def test_bad_entries_are_file_errors(tmp_path: Path, entry: str, message: str) -> None:
    with pytest.raises(RuleFileError, match=message) as err:
        load_rules(write(tmp_path, entry), include_bundled=False)
    assert "SG.yaml:10:" in str(err.value)  # the entry's line


def test_the_compiled_cache_keeps_not_covered_closed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(_dirs.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setenv(_dirs.LISTS_ENV, str(tmp_path / "data"))
    (tmp_path / "rules").mkdir()
    rules = write(tmp_path / "rules", '{hs: "*", rate: "0"}',
                  '{hs: "24", not_covered: "tobacco by line"}')
    first = load_rules(rules, include_bundled=False)
    loader_module._BOOKS.clear()
    second = load_rules(rules, include_bundled=False)  # decoded from the cache file
    assert second is not first
    assert list((tmp_path / "cache").rglob("*")), "the book was not cached"
    for book in (first, second):
        with pytest.raises(MissingRule, match="tobacco by line"):
            book.duty("SG", "240220", "CN", TODAY)
        assert mfn(book, "SG", "847130") == Decimal("0")
