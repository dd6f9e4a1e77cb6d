"""The ``withheld`` lines (the rates instead of MFN for origins a country denies MFN) in a
small rule directory: layered, validated and cached as MFN lines are, and failing closed
where they do not answer. The bundled US column 2 and Canadian General Tariff are in
tests/rules/test_mfn_withheld.py."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from pricing_engine import _dirs
from pricing_engine.errors import AmbiguousHsCode, MissingRule
from pricing_engine.rules import iter_rule_errors, load_rules
from pricing_engine.rules import loader as loader_module
from tests.rules.conftest import SG_HEAD

DAY = date(2026, 11, 30)
COUNTRY = SG_HEAD.replace("{", "{{").replace("}", "}}") + """\
duty:
  mfn:
    - {{hs: "01", rate: "0.10", source: s}}
  mfn_withheld:
    - {{origins: [RU], instead: "the general rates", {schedule}source: s}}
    - {{origins: [BY], instead: "rates not written here", source: s}}
{curated}"""
TABLE = """\
# a test table in the importer's layout
tariff: SG
as_of: 2021-01-01
sources:
  - {{id: "t", title: "test tariff"}}
mfn:
  - {{hs: "84715000", rate: "0"}}
  - {{hs: "90138020", rate: "0.02"}}
  - {{hs: "90138090", rate: "0.04"}}
withheld:
  - {{hs: "84715000", rate: "0.35"}}
  - {{hs: "90138020", rate: "0.30"}}
  - {{hs: "90138090", rate: "0.50"}}
{extra}"""


def write(root: Path, *, schedule: str = 'schedule: "general", ', curated: str = "",
          extra: str = "") -> Path:
    (root / "countries").mkdir(parents=True)
    (root / "tariffs").mkdir()
    (root / "countries" / "SG.yaml").write_text(
        COUNTRY.format(schedule=schedule, curated=curated), encoding="utf-8")
    (root / "tariffs" / "SG.yaml").write_text(TABLE.format(extra=extra), encoding="utf-8")
    return root


def test_goods_of_a_withheld_origin_take_the_withheld_lines(tmp_path: Path) -> None:
    book = load_rules(write(tmp_path), include_bundled=False)
    found = book.duty("SG", "84715000", "RU", DAY)
    assert (found.schedule, found.mfn.rate) == ("general", Decimal("0.35"))
    assert str(found.mfn.ref).startswith(f"{tmp_path}/tariffs/SG.yaml:")
    assert book.duty("SG", "84715000", "CN", DAY).mfn.rate == 0
    # a shorter code over withheld lines of different rates names them
    with pytest.raises(AmbiguousHsCode,
                       match=r"general rates apply instead.*different duties") as caught:
        book.duty("SG", "901380", "RU", DAY)
    assert caught.value.candidates == (("90138020", "30 %"), ("90138090", "50 %"))
    # no withheld line for the code: fail closed, never the MFN chapter entry
    assert book.duty("SG", "0101", "CN", DAY).mfn.rate == Decimal("0.10")
    with pytest.raises(MissingRule, match=r"do not give them here.*no general duty rule"):
        book.duty("SG", "0101", "RU", DAY)
    # an entry without a schedule: the rates are not encoded
    with pytest.raises(MissingRule, match=r"rates not written here.*not encoded"):
        book.duty("SG", "84715000", "BY", DAY)


def test_without_a_schedule_the_withheld_lines_are_not_read(tmp_path: Path) -> None:
    book = load_rules(write(tmp_path, schedule=""), include_bundled=False)
    with pytest.raises(MissingRule, match="not encoded"):
        book.duty("SG", "84715000", "RU", DAY)


def test_a_curated_withheld_line_wins_over_the_table(tmp_path: Path) -> None:
    curated = '  withheld:\n    - {hs: "84715000", rate: "0.40", source: s}\n'
    book = load_rules(write(tmp_path, curated=curated), include_bundled=False)
    found = book.duty("SG", "84715000", "RU", DAY)
    assert found.mfn.rate == Decimal("0.40") and "countries/SG.yaml" in str(found.mfn.ref)
    assert book.duty("SG", "90138020", "RU", DAY).mfn.rate == Decimal("0.30")


@pytest.mark.parametrize(("extra", "column", "message"), [
    ('  - {hs: "852410", split: ["90138020"]}\n', 27,
     "a withheld-origin line is a line of the schedule"),
    ('  - {hs: "84715000", rate: "0.5"}\n', 5, "withheld-origin line 84715000"),
])
def test_validate_names_a_bad_withheld_line(tmp_path: Path, extra: str, column: int,
                                            message: str) -> None:
    errors = list(iter_rule_errors([write(tmp_path, extra=extra)], include_bundled=False))
    assert [(e.line, e.column) for e in errors if e.path.endswith("tariffs/SG.yaml")] == [
        (14, column)], errors
    assert message in errors[0].message


def test_the_compiled_cache_keeps_the_withheld_lines(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(_dirs.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setenv(_dirs.LISTS_ENV, str(tmp_path / "data"))
    rules = write(tmp_path / "rules")
    first = load_rules(rules, include_bundled=False)
    loader_module._BOOKS.clear()
    second = load_rules(rules, include_bundled=False)  # decoded from the cache file
    assert second is not first and list((tmp_path / "cache").rglob("*"))
    assert second.country("SG").withheld == first.country("SG").withheld
    found = second.duty("SG", "90138090", "RU", DAY)
    assert (found.schedule, found.mfn.rate) == ("general", Decimal("0.50"))
