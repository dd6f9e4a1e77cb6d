"""What loading and validating do not do twice, and what they still find.

A tariff table's rules with their defaults applied are made once per table and shared by the
checks and the compiler, but a copy with other entries makes its own; `validate` of files that
are not rule files (a policy) reads no bundled rule file; the source ids of entries nested deep
in a table or a country file are still all checked.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from pricing_engine.rules import loader
from pricing_engine.rules.model import MfnEntry, TariffFile

ROOT = Path(__file__).resolve().parents[2]
POLICY = ROOT / "tests" / "fixtures" / "policies" / "lenient_freshness.yaml"


def _table() -> TariffFile:
    return TariffFile.model_validate({
        "tariff": "US", "as_of": "2026-01-01", "valid_from": "2026-02-01", "confidence": "low",
        "sources": [{"id": "s", "title": "a table"}],
        "mfn": [{"hs": "0101", "rate": "0.1"}, {"hs": "0102", "rate": "0.2",
                                                "valid_from": "2026-03-01"}]})


def test_a_tables_rules_are_made_once_and_a_copy_makes_its_own() -> None:
    table = _table()
    duty = table.duty()
    assert table.duty() is duty  # shared by the checks and the compiler
    assert table == _table() and table.model_dump() == _table().model_dump()  # not a field
    assert [(e.hs, e.valid_from, e.confidence) for e in duty.mfn] == [
        ("0101", date(2026, 2, 1), "low"), ("0102", date(2026, 3, 1), "low")]
    copy = table.model_copy(update={"mfn": (MfnEntry(hs="0103", rate=Decimal("0.3")),)})
    assert [(e.hs, e.valid_from) for e in copy.duty().mfn] == [("0103", date(2026, 2, 1))]
    assert [e.hs for e in table.duty().mfn] == ["0101", "0102"]
    later = table.model_copy(update={"valid_from": date(2026, 6, 1)})
    assert later.duty().mfn[0].valid_from == date(2026, 6, 1)


@pytest.fixture
def read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The label of every rule file the loader reads from here on."""
    labels: list[str] = []
    real = loader._read

    def reading(path: Path, label: str) -> object:
        labels.append(label)
        return real(path, label)

    monkeypatch.setattr(loader, "_read", reading)
    return labels


def test_validating_a_policy_alone_reads_no_rule_file(read: list[str]) -> None:
    assert list(loader.iter_rule_errors([POLICY])) == []
    assert read == [str(POLICY)]


def test_validating_a_broken_policy_still_reports_it(tmp_path: Path) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text("policy_version: 1\nname: p\nas_of: 2026-11-01\nbogus_key: 1\n",
                      encoding="utf-8")
    from pricing_engine.policy.loader import iter_policy_errors

    errors = list(loader.iter_rule_errors([policy], check_other={"policy": iter_policy_errors}))
    assert [str(e) for e in errors] == [str(e) for e in iter_policy_errors(policy)]
    assert any(e.line == 4 and "bogus_key" in str(e) for e in errors)


def test_an_unknown_source_deep_in_a_file_is_found(tmp_path: Path) -> None:
    (tmp_path / "tariffs").mkdir()
    lines = ["tariff: US", "as_of: 2026-01-01", "sources: [{id: s, title: a table}]", "mfn:",
             '  - {hs: "0101", rate: "0.1", source: s}',
             '  - {hs: "0102", specific: {amount: "1", currency: USD, per: kg}, source: t}',
             "additional:",
             '  - {name: Extra, hs: "0101", rate: "0.1", origins: [CN], source: u}']
    table = tmp_path / "tariffs" / "US.yaml"
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    errors = [(e.line, e.column, str(e)) for e in loader.iter_rule_errors([tmp_path])]
    assert [(line, column) for line, column, _ in errors] == [
        (n, lines[n - 1].index(f"source: {x}") + len("source: ") + 1)
        for n, x in ((6, "t"), (8, "u"))]
    assert all(f"{table}:" in text and "unknown source id" in text for *_, text in errors)


def test_validating_a_users_files_reads_no_bundled_table_and_still_finds_their_errors(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, read: list[str]) -> None:
    # A user's country file and table are checked against the bundled country and union files;
    # the bundled tables (tens of MB) are no file's context and their errors not the user's.
    monkeypatch.setenv("PRICING_ENGINE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("PRICING_ENGINE_LISTS_DIR", str(tmp_path / "data"))
    user = tmp_path / "mine"
    (user / "countries").mkdir(parents=True)
    (user / "tariffs").mkdir()
    kenya = (ROOT / "rules" / "countries" / "KE.yaml").read_text(encoding="utf-8")
    (user / "countries" / "KE.yaml").write_text(kenya + "union: EU\n", encoding="utf-8")
    (user / "tariffs" / "US.chapter99.yaml").write_text(
        "tariff: US\nas_of: 2026-01-01\nsources: [{id: s, title: a table}]\n"
        'additional:\n  - {name: Extra, hs: "0101", rate: "0.1", origins: [QQ]}\n',
        encoding="utf-8")
    errors = [(Path(e.path).name, e.line, e.message) for e in loader.iter_rule_errors([user])]
    assert not [label for label in read if label.startswith("rules/tariffs/")]
    assert any(label == "rules/countries/US.yaml" for label in read)  # context
    assert ("US.chapter99.yaml", 5, "unknown origin 'QQ': not an ISO 3166-1 alpha-2 code or a "
            "union") in errors
    assert any(name == "KE.yaml" and "KE is not a member of EU" in message
               for name, _, message in errors)
    assert {name for name, *_ in errors} == {"KE.yaml", "US.chapter99.yaml"}
