"""Split entries: a code carved from lines of an older nomenclature (HS2022 from HS2017).

A ``split`` MFN entry names the lines a new code was carved from. A lookup of the code takes
their duty where they all charge alike, and otherwise raises AmbiguousHsCode naming each line
and its duty; with ``ambiguous_hs="highest"`` it returns every line to price the dearest, and
never guesses past a line whose duty the rules do not give. The format cases use a small rule
directory; the bundled GB and EU tables carry the UN correlation table's splits.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from pricing_engine import _dirs
from pricing_engine.errors import AmbiguousHsCode, MissingRule
from pricing_engine.rules import RuleBook, iter_rule_errors, load_rules
from pricing_engine.rules import loader as loader_module
from pricing_engine.rules.results import CandidateLines
from tests.rules.conftest import SG_HEAD

DAY = date(2026, 11, 30)
COUNTRY = SG_HEAD + """\
duty:
  mfn:
    - {hs: "01", rate: "0.10", source: s}
"""
TABLE = """\
# a test table in the importer's layout
tariff: SG
as_of: 2021-01-01
sources:
  - {id: "t", title: "test tariff"}
  - {id: "corr", title: "UN HS2022-HS2017 correlation table"}
mfn:
  - {hs: "84715000", not_covered: "text not read"}
  - {hs: "90138020", rate: "0.02"}
  - {hs: "90138090", rate: "0.04"}
  - {hs: "90139000", rate: "0.04"}
{entries}
"""
SPLITS = (
    '  - {hs: "852410", split: ["90138020", "90138090"], source: "corr"}',   # 2 % or 4 %
    '  - {hs: "852420", split: ["90138090", "90139000"], source: "corr"}',   # both 4 %
    '  - {hs: "852430", split: ["90138090", "84715000"], source: "corr"}',   # 4 % or unknown
    '  - {hs: "852440", split: ["84715000"], source: "corr"}',               # unknown only
)


def write(root: Path, *entries: str) -> Path:
    """A rule directory: a country file and its tariff table with these extra entries."""
    for sub in ("countries", "tariffs"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    (root / "countries" / "SG.yaml").write_text(COUNTRY, encoding="utf-8")
    (root / "tariffs" / "SG.yaml").write_text(TABLE.replace("{entries}", "\n".join(entries)),
                                              encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> RuleBook:
    return load_rules(write(tmp_path_factory.mktemp("rules"), *SPLITS), include_bundled=False)


def test_lines_of_different_duties_are_named_not_picked(book: RuleBook) -> None:
    with pytest.raises(AmbiguousHsCode) as caught:
        book.duty("SG", "852410", "CN", DAY)
    assert caught.value.candidates == (("90138020", "2 %"), ("90138090", "4 %"))
    message = str(caught.value)
    assert "carved from 2 tariff line(s) of an older nomenclature" in message
    assert "tariffs/SG.yaml:" in message  # the split entry
    with pytest.raises(AmbiguousHsCode, match=r"HS 85241000 \(under 852410\)"):
        book.duty("SG", "8524.10.00", "CN", DAY)


def test_lines_alike_price(book: RuleBook) -> None:
    found = book.duty("SG", "852420", "CN", DAY)
    assert str(found.mfn.rate) == "0.04" and found.mfn.hs == "90138090"


def test_highest_returns_every_line_to_price_the_dearest(book: RuleBook) -> None:
    found = book.duty("SG", "852410", "CN", DAY, ambiguous_hs="highest")
    assert isinstance(found, CandidateLines) and found.given == "852410"
    assert [(x.mfn.hs, str(x.mfn.rate)) for x in found.lookups] == [
        ("90138020", "0.02"), ("90138090", "0.04")]


def test_a_line_without_a_duty_is_named_and_never_skipped(book: RuleBook) -> None:
    with pytest.raises(AmbiguousHsCode) as caught:
        book.duty("SG", "852430", "CN", DAY)
    assert caught.value.candidates == (("90138090", "4 %"), ("84715000", "not covered"))
    with pytest.raises(AmbiguousHsCode, match="the dearest line is not known either"):
        book.duty("SG", "852430", "CN", DAY, ambiguous_hs="highest")


def test_no_line_with_a_duty_is_missing_rule(book: RuleBook) -> None:
    with pytest.raises(MissingRule, match="the rules give a duty for none of them") as caught:
        book.duty("SG", "852440", "CN", DAY)
    assert not isinstance(caught.value, AmbiguousHsCode)


def test_a_code_over_split_entries_names_their_lines(book: RuleBook) -> None:
    with pytest.raises(AmbiguousHsCode) as caught:
        book.duty("SG", "8524", "CN", DAY)
    labels = [label for label, _ in caught.value.candidates]
    assert labels[:2] == ["90138020 (carved into 852410)", "90138090 (carved into 852410)"]
    assert "84715000 (carved into 852440)" in labels


@pytest.mark.parametrize(("entry", "column", "message"), [
    ('{hs: "852410", split: ["90138020", "90138021"]}', 40,
     "split HS 852410 names line 90138021, which has no MFN entry in this file"),
    ('{hs: "852410", split: ["852410"]}', 28, "split HS 852410 names itself"),
    ('{hs: "852410", split: ["90138020", "90138020"]}', 40, "names line 90138020 twice"),
    ('{hs: "852410", split: ["90138020", "852420"]}', 40, "which is a split itself"),
])
def test_validate_checks_the_lines_named(tmp_path: Path, entry: str, column: int,
                                         message: str) -> None:
    rules = write(tmp_path, f"  - {entry}", '  - {hs: "852420", split: ["90139000"]}')
    errors = list(iter_rule_errors([rules], include_bundled=False))
    assert [(e.line, e.column) for e in errors] == [(12, column)]
    assert message in errors[0].message
    assert errors[0].path.endswith("tariffs/SG.yaml")


@pytest.mark.parametrize(("entry", "message"), [
    ('{hs: "852410", split: ["90138020"], rate: "0.05"}', "split takes no duty terms"),
    ('{hs: "852410", split: ["90138020"], not_covered: "x"}', "not_covered or split, not both"),
    ('{hs: "852410", split: []}', "at least 1 item"),
    ('{hs: "852410", split: ["9013.80"]}', "must be 2-12 digits"),
])
def test_bad_split_entries_are_file_errors(tmp_path: Path, entry: str, message: str) -> None:
    errors = list(iter_rule_errors([write(tmp_path, f"  - {entry}")], include_bundled=False))
    assert any(message in e.message and e.line == 12 for e in errors), errors


def test_the_compiled_cache_keeps_the_split(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(_dirs.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setenv(_dirs.LISTS_ENV, str(tmp_path / "data"))
    rules = write(tmp_path / "rules", *SPLITS)
    first = load_rules(rules, include_bundled=False)
    loader_module._BOOKS.clear()
    second = load_rules(rules, include_bundled=False)  # decoded from the cache file
    assert second is not first and list((tmp_path / "cache").rglob("*"))
    assert second.country("SG").splits == first.country("SG").splits
    with pytest.raises(AmbiguousHsCode) as caught:
        second.duty("SG", "852410", "CN", DAY)
    assert caught.value.candidates == (("90138020", "2 %"), ("90138090", "4 %"))


@pytest.mark.parametrize(("country", "hs", "on", "lines"), [
    # frozen fish fillets of HS2022 030990 come from seven HS2017 subheadings (6 % / 12 %)
    ("GB", "030990", DAY, ["03061910", "03061990"]),
    ("DE", "030990", date(2021, 6, 1), ["03061910", "03061990"]),
])
def test_the_bundled_tables_name_the_hs2017_lines(country: str, hs: str, on: date,
                                                  lines: list[str]) -> None:
    with pytest.raises(AmbiguousHsCode, match="older nomenclature") as caught:
        load_rules().duty(country, hs, "CN", on)
    assert [code for code, _ in caught.value.candidates][:2] == lines


def test_a_newer_line_under_a_split_code_prices_it_from_when_it_is_in_force() -> None:
    # CN 2022 lists 030990 as one line, 0309 90 00 (11 %, one of the duties of the HS2017
    # lines it came from): the EU's later-lines table gives it from 2022-01-01
    found = load_rules().duty("DE", "030990", "CN", DAY).mfn
    assert (found.hs, found.rate) == ("03099000", Decimal("0.11"))
    assert found.ref.file.endswith("tariffs/EU.cnlines.yaml")
    assert found.valid_from == date(2022, 1, 1)
