"""The Chapter 99 reader on a real excerpt of the U.S. notes (tests/fixtures/tariffs/SOURCES.md)."""

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from pricing_engine.rules import load_rules
from pricing_engine.rules.model import AdditionalEntry
from pricing_engine.tariff import TariffFileError, render_table, write_table
from pricing_engine.tariff.importers import chapter99_table
from pricing_engine.tariff.us_chapter99 import Chapter99Import, import_chapter99
from pricing_engine.tariff.us_section301 import HEADINGS

D = Decimal
REV6 = date(2026, 4, 28)


@pytest.fixture
def notes(fixtures: Path) -> Path:
    return fixtures / "ch99_notes_sample.txt"


@pytest.fixture
def result(notes: Path) -> Chapter99Import:
    return import_chapter99(notes, effective=REV6)


def _timeline(result: Chapter99Import, hs: str) -> list[tuple[date | None, date | None,
                                                                Decimal | None]]:
    return [(e.valid_from, e.valid_to, e.rate) for e in result.additional if e.hs == hs]


def _entries(result: Chapter99Import, hs: str) -> list[AdditionalEntry]:
    return [e for e in result.additional if e.hs == hs]


def test_every_list_is_read_with_its_rates_over_time(result: Chapter99Import) -> None:
    assert result.problems == ()
    # List 1 (9903.88.01, U.S. note 20(b)): 25 % since 2018-07-06
    assert _timeline(result, "84137020") == [(date(2018, 7, 6), None, D("0.25"))]
    # List 2 (9903.88.02): 25 % since 2018-08-23
    assert _timeline(result, "39019010") == [(date(2018, 8, 23), None, D("0.25"))]
    # List 3 (9903.88.03): 10 % from 2018-09-24, 25 % from 2019-05-10
    assert _timeline(result, "94036080") == [(date(2018, 9, 24), date(2019, 5, 9), D("0.10")),
                                             (date(2019, 5, 10), None, D("0.25"))]
    # List 4A (9903.88.15): 15 % from 2019-09-01, 7.5 % from 2020-02-14
    assert _timeline(result, "09012100") == [(date(2019, 9, 1), date(2020, 2, 13), D("0.15")),
                                             (date(2020, 2, 14), None, D("0.075"))]
    entry = _entries(result, "84137020")[0]
    assert (entry.name, entry.origins, entry.confidence) == ("Section 301", ("CN",), "high")
    assert entry.note == "List 1, heading 9903.88.01 (U.S. note 20(b))"


def test_the_four_year_review_lines_carry_their_dates(result: Chapter99Import) -> None:
    # electric vehicles: 100 % from 2024-09-27 (9903.91.03, note 31(d))
    assert _timeline(result, "87038000") == [(date(2024, 9, 27), None, D("1"))]
    # disposable textile face masks: 25 % in 2025 only (9903.91.04), 50 % from 2026 (.07)
    assert _timeline(result, "6307909870") == [(date(2025, 1, 1), date(2025, 12, 31), D("0.25")),
                                               (date(2026, 1, 1), None, D("0.50"))]
    # lithium-ion batteries (non-EV): 25 % from 2026-01-01 (9903.91.06)
    assert _timeline(result, "85076000") == [(date(2026, 1, 1), None, D("0.25"))]
    assert "no longer in the notes" in (_entries(result, "85076000")[0].note or "")


def test_list_4b_is_suspended_and_not_written(result: Chapter99Import) -> None:
    assert not HEADINGS["9903.88.16"].rates
    assert result.summary["9903.88.16 List 4B: lines"] == 8
    assert not any("9903.88.16 (" in (e.note or "").split(";")[0] for e in result.additional)


def test_a_scope_the_notes_set_at_10_digits_is_said_not_guessed(
        result: Chapter99Import) -> None:
    # 8517.62.00: 9903.88.04 "except 8517.62.0090", List 4A "except .0010 and .0020"
    line = _entries(result, "85176200")
    assert {e.confidence for e in line} == {"medium"}
    assert "give the 10-digit code" in (line[-1].note or "")
    assert _timeline(result, "8517620090") == [
        (date(2019, 9, 1), date(2020, 2, 13), D("0.15")), (date(2020, 2, 14), None, D("0.075"))]
    assert _timeline(result, "8517620010")[-1] == (date(2019, 5, 10), None, D("0.25"))
    # a product described within a line (ship-to-shore cranes): written, confidence low
    crane = _entries(result, "84261900")
    assert [(e.rate, e.confidence) for e in crane] == [(D("1"), "low")]
    assert "ship-to-shore gantry cranes only" in (crane[0].note or "")


def test_a_rate_the_notes_state_differently_is_a_problem(notes: Path,
                                                         tmp_path: Path) -> None:
    text = notes.read_bytes().replace(b"additional 25 percent", b"additional 30 percent", 1)
    changed = tmp_path / "notes.txt"
    changed.write_bytes(text)
    problems = import_chapter99(changed, effective=REV6).problems
    assert [(p.hs, p.column) for p in problems] == [("9903.88.01", "rate")]
    assert "the notes state 30 %, the table 25 %: update HEADINGS" in str(problems[0])


def test_bad_input_is_a_clear_error(fixtures: Path, notes: Path, tmp_path: Path) -> None:
    with pytest.raises(TariffFileError, match=r"not the Chapter 99 U\.S\. notes"):
        import_chapter99(fixtures / "ukgt_sample.csv", effective=REV6)
    with pytest.raises(TariffFileError, match="--effective"):
        import_chapter99(notes)
    with pytest.raises(TariffFileError, match="cannot read"):
        import_chapter99(tmp_path / "missing.txt", effective=REV6)


def test_the_written_table_is_rule_format_and_prices_through_the_rule_book(
        result: Chapter99Import, tmp_path: Path) -> None:
    import yaml

    table = chapter99_table(result)
    target = write_table(table, tmp_path)
    assert target == tmp_path / "tariffs" / "US.chapter99.yaml"
    assert target.read_text(encoding="utf-8") == render_table(table)
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert data["tariff"] == "US" and data["imported"]["format"] == "us-ch99"
    entries = [AdditionalEntry.model_validate(e) for e in data["additional"]]
    assert entries == list(result.additional)
    # the entries as a country file's duty.additional: the engine stacks them, dated, and the
    # 8-digit line wins over the curated heading entry of the same name
    book = load_rules(_with_entries(tmp_path, result))
    lookup = book.duty("US", "9403.60.8081", "CN", date(2026, 11, 20))
    section = [a for a in lookup.additional if a.name == "Section 301"]
    assert [(a.hs, a.rate) for a in section] == [("94036080", D("0.25"))]
    early = book.duty("US", "9403.60.8081", "CN", date(2019, 1, 2)).additional
    assert [a.rate for a in early if a.name == "Section 301"] == [D("0.10")]
    assert not [a for a in book.duty("US", "9403.60.8081", "VN", date(2026, 11, 20)).additional
                if a.name == "Section 301"]


def _with_entries(tmp_path: Path, result: Chapter99Import) -> Path:
    """A copy of the bundled US rule file with the imported entries in duty.additional."""
    bundled = Path(__file__).resolve().parents[2] / "rules" / "countries" / "US.yaml"
    lines = bundled.read_text(encoding="utf-8").splitlines()
    sources = [f"  - {json.dumps(s.model_dump(exclude_none=True))}" for s in result.sources]
    rendered = render_table(chapter99_table(result)).splitlines()
    entries = ["  " + line for line in rendered[rendered.index("additional:") + 1:]]
    out: list[str] = []
    for line in lines:
        if line == "fees:":
            out += entries
        out.append(line)
        if line == "sources:":
            out += sources
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "US.yaml").write_text("\n".join(out) + "\n", encoding="utf-8")
    return rules
