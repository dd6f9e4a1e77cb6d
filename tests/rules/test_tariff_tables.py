"""Tariff tables (rules/tariffs/XX.yaml): national lines under the curated duty rules.

A table extends the MFN (and preference) rules of a country or union; the curated file wins
on the same HS prefix. A code shorter than the national lines under it, whose lines charge
differently, is an AmbiguousHsCode naming the lines (never one of them picked silently).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from pricing_engine import AmbiguousHsCode, MissingRule
from pricing_engine.rules import iter_rule_errors, load_rules

DAY = date(2026, 11, 20)

US_TABLE = """\
tariff: US
as_of: 2026-06-08
sources: [{id: hts, title: "USITC HTS 2026 Revision 10", url: "https://hts.usitc.gov/"}]
imported: {format: us-hts-json, file: hts_2026_rev_10.json.gz, lines: 5, parsed: 5}
valid_from: 2026-06-08
confidence: high
mfn:
  - {hs: "64039930", rate: "0"}
  - {hs: "64039960", rate: "0.08"}
  - {hs: "64039990", rate: "0.05"}
  - {hs: "95030000", rate: "0"}
  - {hs: "01012100", rate: "0"}
  - {hs: "85076000", rate: "0.099"}
  - {hs: "22042150", specific: {amount: "0.063", currency: USD, per: litre}}
preferential:
  - {agreement: KORUS, origins: [KR], hs: "64039960", rate: "0", requires: proof_of_origin}
"""


@pytest.fixture
def tables(tmp_path: Path) -> Path:
    (tmp_path / "tariffs").mkdir()
    (tmp_path / "tariffs" / "US.yaml").write_text(US_TABLE, encoding="utf-8")
    return tmp_path


def test_a_national_line_of_the_table_prices(tables: Path) -> None:
    book = load_rules(tables)
    found = book.duty("US", "6403.99.60", "CN", DAY)
    assert found.mfn.rate == Decimal("0.08") and found.mfn.hs == "64039960"
    assert found.mfn.ref.file.endswith("tariffs/US.yaml") and found.mfn.ref.entry == "mfn[1]"
    assert "USITC HTS 2026" in (found.mfn.ref.source or "")
    wine = book.duty("US", "2204.21.50", "FR", DAY).mfn
    assert wine.specific is not None and wine.specific.per == "litre"
    korea = book.duty("US", "6403.99.60", "KR", DAY, claimed_agreement="KORUS")
    assert [p.rate for p in korea.preferential] == [Decimal("0")]


def test_the_curated_file_wins_on_the_same_prefix(tables: Path) -> None:
    # the bundled US file gives 850760 itself; the table's 85076000 is a longer line, so
    # an 8-digit code reads the table and the curated 6-digit entry is not overwritten
    book = load_rules(tables)
    # (the bundled rules ship a US table too: read the curated entry from the index)
    ((_, curated),) = load_rules().country("US").mfn["850760"]
    assert curated.ref.file.endswith("countries/US.yaml")
    with pytest.raises(AmbiguousHsCode):  # 850760 (curated) vs its national line 85076000
        book.duty("US", "8507.60", "CN", DAY)
    assert book.duty("US", "8507.60.00", "CN", DAY).mfn.rate == Decimal("0.099")


def test_a_short_code_over_lines_of_different_duty_names_them(tables: Path) -> None:
    book = load_rules(tables)
    with pytest.raises(AmbiguousHsCode) as caught:
        book.duty("US", "6403.99", "CN", DAY)
    message = str(caught.value)
    assert "HS 640399" in message and "64039930 free" in message
    # the curated US file gives 64039990 (10 %) itself: it wins over the table's line
    assert "64039960 8 %" in message and "64039990 10 %" in message
    assert "give the full 8-digit line" in message
    assert "rest of" not in message  # the curated heading 6403 names no goods beside the lines
    assert {code for code, _ in caught.value.candidates} >= {"64039930", "64039960", "64039990"}
    assert isinstance(caught.value, MissingRule)  # fails closed where a missing rule does


def test_a_short_code_over_lines_of_one_duty_prices(tables: Path) -> None:
    book = load_rules(tables)
    assert book.duty("US", "9503.00", "CN", DAY).mfn.hs == "95030000"


def test_table_dates_apply_to_its_lines(tables: Path) -> None:
    book = load_rules(tables)
    # before the revision the table's lines do not apply: the curated heading does
    assert book.duty("US", "6403.99.60", "CN", date(2026, 1, 5)).mfn.hs == "6403"
    with pytest.raises(MissingRule):  # and where nothing curated covers the line, nothing does
        book.duty("US", "0101.21.00", "IE", date(2026, 1, 5))
    assert book.duty("US", "0101.21.00", "IE", DAY).mfn.hs == "01012100"


def test_validate_reports_a_table_without_a_country_and_a_misnamed_file(tmp_path: Path) -> None:
    (tmp_path / "tariffs").mkdir()
    (tmp_path / "tariffs" / "ZZ.yaml").write_text(
        US_TABLE.replace("tariff: US", "tariff: XK"), encoding="utf-8")
    (tmp_path / "tariffs" / "DE.yaml").write_text(
        US_TABLE.replace("tariff: US", "tariff: DE"), encoding="utf-8")
    errors = [f"{e.path.rsplit('/', 1)[-1]}:{e.line}:{e.column}: {e.message}"
              for e in iter_rule_errors([tmp_path])]
    assert "ZZ.yaml:1:9: file name 'ZZ.yaml' disagrees with tariff XK: name it XK.yaml" in errors
    assert any(e.startswith("ZZ.yaml:1:9: no country or union file for tariff XK")
               for e in errors)
    assert any(e.startswith("DE.yaml:1:9: DE takes its tariff from EU") for e in errors)


def test_validate_reports_problems_inside_the_table_with_positions(tmp_path: Path) -> None:
    (tmp_path / "tariffs").mkdir()
    bad = US_TABLE.replace('{hs: "64039990", rate: "0.05"}', '{hs: "64039990", rate: "5%"}')
    bad = bad.replace('  - {hs: "95030000", rate: "0"}',
                      '  - {hs: "95030000", rate: "0"}\n  - {hs: "95030000", rate: "0.01"}')
    (tmp_path / "tariffs" / "US.yaml").write_text(bad, encoding="utf-8")
    errors = [f"{e.line}: {e.message}" for e in iter_rule_errors([tmp_path])]
    assert any(e.startswith("10: mfn[2].rate:") for e in errors), errors
    assert any(e.startswith("12: duplicate HS prefix 95030000") for e in errors), errors
