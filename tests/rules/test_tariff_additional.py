"""Additional duties from tariff tables: the bundled Section 301 table (US.chapter99.yaml)
under the curated US file, one Section 301 duty per line, and the checks of such tables."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from pricing_engine.errors import AmbiguousHsCode
from pricing_engine.rules import RuleBook, iter_rule_errors, load_rules

ON = date(2026, 11, 20)
HEAD = """\
tariff: US
as_of: 2026-04-28
sources:
  - {id: "t", title: "a test table"}
additional:
"""



def _section301(book: RuleBook, hs: str, origin: str = "CN", on: date = ON) -> list[
        tuple[str, Decimal | None, str]]:
    found = book.duty("US", hs, origin, on=on).additional
    return [(a.hs, a.rate, a.ref.file) for a in found if a.name == "Section 301"]


def _table(tmp_path: Path, *entries: str, name: str = "US.chapter99.yaml") -> Path:
    (tmp_path / "tariffs").mkdir(exist_ok=True)
    (tmp_path / "tariffs" / name).write_text(
        HEAD + "".join(f"  - {{{e}}}\n" for e in entries), encoding="utf-8")
    return tmp_path


def test_a_list_3_line_from_china_gets_one_section_301_duty_from_the_table(
        bundled: RuleBook) -> None:
    # 9403.20.00 (metal furniture): List 3, 10 % from 2018-09-24, 25 % from 2019-05-10; the
    # curated US file has "Section 301" at heading 9403 too: the longer prefix applies alone
    assert _section301(bundled, "9403200050") == [
        ("94032000", Decimal("0.25"), "rules/tariffs/US.chapter99.yaml")]
    assert _section301(bundled, "9403200050", on=date(2019, 1, 2)) == [
        ("94032000", Decimal("0.1"), "rules/tariffs/US.chapter99.yaml")]
    assert _section301(bundled, "9403200050", origin="DE") == []


def test_a_table_line_under_a_curated_heading_replaces_it_for_that_line(
        bundled: RuleBook) -> None:
    assert _section301(bundled, "84137010") == [
        ("84137010", Decimal("0.25"), "rules/tariffs/US.chapter99.yaml")]
    # a line the table has no entry for keeps the curated heading's entry
    assert _section301(bundled, "94018040") == [
        ("9401", Decimal("0.25"), "rules/countries/US.yaml")]
    # the heading itself stands for lines of 7.5 % and 25 %: it names them
    with pytest.raises(AmbiguousHsCode) as err:
        bundled.duty("US", "9401", "CN", on=ON)
    forced = " + Section 301 forced labour 12.5 % (not with a Section 232 duty)"  # from 2026-07-24
    assert dict(err.value.candidates)["94011040"] == "free + Section 301 7.5 %" + forced
    assert dict(err.value.candidates)["94018040"] == "free + Section 301 25 %" + forced


def test_the_curated_entry_wins_on_the_same_duty_name_and_prefix(tmp_path: Path) -> None:
    # countries/US.yaml: Section 301 at 870380 is 100 % (2024 four-year review)
    rules = _table(tmp_path,
                   'name: "Section 301", hs: "870380", origins: [CN], rate: "0.5", '
                   "valid_from: 2018-07-06",
                   'name: "Other duty", hs: "870380", origins: [CN], rate: "0.01", '
                   "valid_from: 2018-07-06")
    book = load_rules(rules)
    assert _section301(book, "870380") == [("870380", Decimal("1"), "rules/countries/US.yaml")]
    names = {a.name: a.rate for a in book.duty("US", "870380", "CN", on=ON).additional}
    assert names["Other duty"] == Decimal("0.01")  # another duty name at that prefix is added


def test_a_users_table_replaces_the_bundled_table_of_the_same_part_only(
        tmp_path: Path) -> None:
    rules = _table(tmp_path, 'name: "Section 301", hs: "02032920", origins: [CN], '
                   'rate: "0.3", valid_from: 2018-07-06')
    book = load_rules(rules)
    assert _section301(book, "02032920") == [
        ("02032920", Decimal("0.3"), str(rules / "tariffs" / "US.chapter99.yaml"))]
    assert _section301(book, "94032000") == [  # bundled table gone: the curated heading
        ("9403", Decimal("0.25"), "rules/countries/US.yaml")]
    assert book.duty("US", "84713001", "CN", on=ON).mfn.ref.file == "rules/tariffs/US.yaml"


def _errors(rules: Path) -> list[str]:
    return [f"{Path(e.path).name}:{e.line}: {e.message}" for e in iter_rule_errors([rules])]


def test_an_unknown_origin_and_an_overlap_in_a_table_are_errors_at_their_lines(
        tmp_path: Path) -> None:
    rules = _table(tmp_path,
                   'name: "Section 301", hs: "02032920", origins: [XX], rate: "0.3"',
                   'name: "Section 301", hs: "02032930", origins: [CN], rate: "0.3", '
                   "valid_from: 2019-01-01",
                   'name: "Section 301", hs: "02032930", origins: [CN], rate: "0.2", '
                   "valid_from: 2019-01-01")
    errors = _errors(rules)
    assert any(e.startswith("US.chapter99.yaml:6: unknown origin 'XX'") for e in errors), errors
    assert any(e.startswith("US.chapter99.yaml:8: duplicate additional duty Section 301 "
                            "for HS 02032930") for e in errors), errors


def test_a_table_file_name_must_be_its_code_and_a_lower_case_part(tmp_path: Path) -> None:
    rules = _table(tmp_path, 'name: "Section 301", hs: "02032920", origins: [CN], '
                   'rate: "0.3"', name="US.Chapter 99.yaml")
    assert any("name it US.yaml (or US.<part>.yaml" in e for e in _errors(rules))


def test_two_tables_of_the_same_code_and_part_are_an_error(tmp_path: Path) -> None:
    rules = _table(tmp_path, 'name: "Section 301", hs: "02032920", origins: [CN], '
                   'rate: "0.3"')
    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "US.chapter99.yaml").write_bytes(
        (tmp_path / "tariffs" / "US.chapter99.yaml").read_bytes())
    assert any("tariff US is defined again" in e for e in _errors(rules))
