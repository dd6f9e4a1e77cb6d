"""The bundled tariff tables are read one country at a time, as it is compiled.

A first use parses, checks and compiles the bundled rules; their tables' parse is tens of
times their bytes, so the loader names them without reading them and reads each just before
its country is compiled, letting it go after (pricing_engine.rules.build.TableReader). These
tests lay a small rule set with two tables where the bundled rules are
(``PRICING_ENGINE_RULES``), with a cache and data directory of their own: the book is the
same, no other country's table is held while one is compiled, and a load still reports every
error at once, as ``validate`` does.
"""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from pricing_engine.rules import RuleSetError, build, iter_rule_errors, load_rules, loader, parse
from tests.rules.conftest import forget_loaded, rules_with_table

DAY = date(2026, 11, 20)


def _table(code: str, source: str, rates: dict[str, str], more: str = "") -> str:
    """A tariff table of ``code`` from 2026-01-01: its MFN ``rates`` by line, then ``more``."""
    lines = "".join(f'  - {{hs: "{hs}", rate: "{rate}"}}\n' for hs, rate in rates.items())
    return (f"tariff: {code}\nas_of: 2026-01-01\n"
            f'sources:\n  - {{id: "src", title: "{source}"}}\n'
            f"confidence: high\nvalid_from: 2026-01-01\nmfn:\n{lines}{more}")


US_TABLE = _table("US", "USITC HTS 2026", {"64039960": "0.08", "95030000": "0"},
                  "preferential:\n  - {agreement: KORUS, origins: [KR], hs: \"64\", rate: \"0\", "
                  "requires: proof_of_origin}\n")
CA_TABLE = _table("CA", "CBSA Customs Tariff 2026", {"64039900": "0.18", "95030000": "0"})
EU_TABLE = _table("EU", "TARIC", {"64039998": "0.08", "95030000": "0.047"})


@pytest.fixture
def bundled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fixture rule set with a US, a CA and an EU table, as the bundled rules."""
    root = rules_with_table(tmp_path, monkeypatch, US_TABLE)
    (root / "tariffs" / "CA.yaml").write_text(CA_TABLE, encoding="utf-8")
    (root / "tariffs" / "EU.yaml").write_text(EU_TABLE, encoding="utf-8")
    monkeypatch.setenv("PRICING_ENGINE_RULES", str(root))
    forget_loaded()
    return root


def test_a_country_is_compiled_with_its_own_tables_read_and_no_other(
        bundled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    held: list[tuple[str, set[str]]] = []
    compile_country = build.compile_country

    def compiling(model, *args, **kwargs):  # type: ignore[no-untyped-def]
        held.append((model.country, {label for (label, _), f in parse._CACHE.items()
                                     if f.kind == "tariff"}))
        return compile_country(model, *args, **kwargs)

    monkeypatch.setattr(build, "compile_country", compiling)
    book = load_rules()
    assert dict(held)["US"] == {"rules/tariffs/US.yaml"}
    assert dict(held)["CA"] == {"rules/tariffs/CA.yaml"}
    # the union's table with its first member, whose duty rules the others share
    assert dict(held)["DE"] == {"rules/tariffs/EU.yaml"}
    assert all(not tables for country, tables in held if country not in ("US", "CA", "DE"))
    assert not [f for f in parse._CACHE.values() if f.kind == "tariff"]
    assert book.duty("US", "6403.99.60", "CN", DAY).mfn.rate == Decimal("0.08")
    assert book.duty("CA", "6403.99.00", "CN", DAY).mfn.rate == Decimal("0.18")
    assert book.duty("FR", "9503.00.00", "CN", DAY).mfn.rate == Decimal("0.047")
    forget_loaded()
    assert load_rules().country("US").mfn_keys == book.country("US").mfn_keys


def _errors(exc: RuleSetError) -> list[tuple[str, int, int, str]]:
    return [(e.path, e.line, e.column, e.message) for e in exc.errors]


@pytest.mark.parametrize("country_error", [False, True])
def test_a_load_reports_every_error_of_the_tables_as_validate_does(
        bundled: Path, country_error: bool) -> None:
    """A table's own error (a rate that is no number), another's checks (an unknown origin)
    and, in one case, a country file's error: all of them, in validate's order and words,
    whether or not a compile had started (the EU table, valid, is compiled or checked), and
    as when every file is read before any is checked."""
    tables = bundled / "tariffs"
    (tables / "US.yaml").write_text(US_TABLE.replace("[KR]", "[XX]"), encoding="utf-8")
    (tables / "CA.yaml").write_text(CA_TABLE.replace('"0.18"', '"lots"'), encoding="utf-8")
    if country_error:
        path = bundled / "countries" / "GB.yaml"
        path.write_text(path.read_text(encoding="utf-8") + "colour: blue\n", encoding="utf-8")
    with pytest.raises(RuleSetError) as raised:
        load_rules()
    found = _errors(raised.value)
    assert {path for path, *_ in found} == {"rules/tariffs/US.yaml", "rules/tariffs/CA.yaml"} | (
        {"rules/countries/GB.yaml"} if country_error else set())
    forget_loaded()
    assert found == [(e.path, e.line, e.column, e.message) for e in iter_rule_errors()]
    # the same files read whole, as a user's directory is (its labels are its paths)
    forget_loaded()
    whole = [("rules/" + "/".join(Path(e.path).parts[-2:]), e.line, e.column, e.message)
             for e in iter_rule_errors([bundled], include_bundled=False)]
    assert found == whole


def test_validate_reads_the_tables_one_at_a_time(
        bundled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`validate` of the bundled rules reads and checks each table, holding no other."""
    held = _holding(monkeypatch)
    assert list(iter_rule_errors()) == []
    assert sorted(map(sorted, held)) == [["rules/tariffs/CA.yaml"], ["rules/tariffs/EU.yaml"],
                                         ["rules/tariffs/US.yaml"]]
    assert not [f for f in parse._CACHE.values() if f.kind == "tariff"]


def test_a_file_where_the_tables_are_that_is_no_table_is_an_error(bundled: Path) -> None:
    (bundled / "tariffs" / "CA.yaml").write_text(
        (bundled / "countries" / "CA.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(RuleSetError) as raised:
        load_rules()
    assert ("rules/tariffs/CA.yaml", 1, 1, "not a tariff table: a country file, though its "
            "place (rules/tariffs/) or its first lines name it one") in _errors(raised.value)
    forget_loaded()
    assert "not a tariff table" in "\n".join(str(e) for e in iter_rule_errors())


#: The first line of a table the importer writes: a user's tables in that layout are named by
#: their header (``tariff: US``) and read as the bundled ones are (parse.table_code).
LAID_OUT = "# Written by `pricing-engine tariff import`: do not edit by hand.\n"


@pytest.fixture
def users(bundled: Path, tmp_path: Path) -> Path:
    """A user's copy of the fixture rules (file names of their own), its tables in the
    importer's layout."""
    root = tmp_path / "mine"
    shutil.copytree(bundled, root)
    for table in (root / "tariffs").glob("*.yaml"):
        table.write_text(LAID_OUT + table.read_text(encoding="utf-8"), encoding="utf-8")
    return root


def _holding(monkeypatch: pytest.MonkeyPatch) -> list[set[str]]:
    """The tables parsed and held each time a table is checked (filled as the test runs)."""
    held: list[set[str]] = []
    table_errors = build._table_errors

    def checking(table, files):  # type: ignore[no-untyped-def]
        held.append({label for (label, _), f in parse._CACHE.items() if f.kind == "tariff"})
        return table_errors(table, files)

    monkeypatch.setattr(build, "_table_errors", checking)
    return held


def _read_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every user file read whole, as before tables were named by their header."""
    monkeypatch.setattr(loader, "table_code", lambda path, label: None)
    forget_loaded()


@pytest.mark.parametrize("include_bundled", [False, True])
def test_a_users_tables_are_read_one_at_a_time_and_give_the_same_book(
        users: Path, monkeypatch: pytest.MonkeyPatch, include_bundled: bool) -> None:
    """A user's rule directory (here a whole copy, alone or over the bundled rules, whose book
    is cached first) is compiled holding one table at a time, as the bundled rules are."""
    if include_bundled:
        load_rules()
        forget_loaded()
    held = _holding(monkeypatch)
    book = load_rules(users, include_bundled=include_bundled)
    labels = {str(users / "tariffs" / f"{c}.yaml") for c in ("US", "CA", "EU")}
    assert sorted(map(sorted, held)) == sorted([label] for label in labels)
    assert not [f for f in parse._CACHE.values() if f.kind == "tariff"]
    assert book.duty("US", "6403.99.60", "CN", DAY).mfn.rate == Decimal("0.08")
    assert book.duty("FR", "9503.00.00", "CN", DAY).mfn.rate == Decimal("0.047")
    _read_whole(monkeypatch)
    monkeypatch.setenv("PRICING_ENGINE_CACHE", str(users.parent / "cache-whole"))
    whole = load_rules(users, include_bundled=include_bundled)
    assert whole.content_hash == book.content_hash
    for code in ("US", "CA", "DE"):
        assert whole.country(code).mfn_keys == book.country(code).mfn_keys
        assert whole.country(code).mfn == book.country(code).mfn


@pytest.mark.parametrize("include_bundled", [False, True])
def test_a_users_tables_errors_are_those_of_the_files_read_whole(
        users: Path, monkeypatch: pytest.MonkeyPatch, include_bundled: bool) -> None:
    """`validate DIR` and a load of DIR report a user's tables' errors (a table's own, another's
    failed check) and a country file's, each table read and checked alone, exactly as when
    every file is read whole."""
    tables = users / "tariffs"
    (tables / "US.yaml").write_text(LAID_OUT + US_TABLE.replace("[KR]", "[XX]"),
                                    encoding="utf-8")
    (tables / "CA.yaml").write_text(LAID_OUT + CA_TABLE.replace('"0.18"', '"lots"'),
                                    encoding="utf-8")
    country = users / "countries" / "GB.yaml"
    country.write_text(country.read_text(encoding="utf-8") + "colour: blue\n", encoding="utf-8")
    held = _holding(monkeypatch)
    found = [(e.path, e.line, e.column, e.message)
             for e in iter_rule_errors([users], include_bundled=include_bundled)]
    assert all(len(tables_held) <= 1 for tables_held in held)
    assert {Path(path).name for path, *_ in found} == {"US.yaml", "CA.yaml", "GB.yaml"}
    with pytest.raises(RuleSetError) as raised:
        load_rules(users, include_bundled=include_bundled)
    assert _errors(raised.value) == found
    _read_whole(monkeypatch)
    assert found == [(e.path, e.line, e.column, e.message)
                     for e in iter_rule_errors([users], include_bundled=include_bundled)]


def test_a_table_defined_twice_in_a_users_directory_is_still_named(users: Path) -> None:
    """Two tables of one code and part: both are read, and the second says where the first
    is, as before (a named table's header alone has no position to point at)."""
    (users / "more").mkdir()
    shutil.copy(users / "tariffs" / "CA.yaml", users / "more" / "CA.yaml")
    found = [str(e) for e in iter_rule_errors([users], include_bundled=False)]
    assert any("tariff CA is defined again" in line for line in found), found


def test_a_file_named_a_table_by_its_first_lines_that_is_none_is_an_error(
        users: Path) -> None:
    """A file whose first lines are a table's header but that, read whole, is a policy file
    (its key after the lines): an error at 1:1, never read as the table of its header."""
    table = users / "tariffs" / "CA.yaml"
    table.write_text(table.read_text(encoding="utf-8") + "policy_version: 1\n",
                     encoding="utf-8")
    found = [(Path(e.path).name, e.line, e.column, e.message)
             for e in iter_rule_errors([users], include_bundled=False)]
    assert ("CA.yaml", 1, 1, "not a tariff table: a policy file, though its place "
            "(rules/tariffs/) or its first lines name it one") in found
    with pytest.raises(RuleSetError):
        load_rules(users, include_bundled=False)


def test_a_users_country_file_with_its_code_in_lower_case_takes_its_tables(
        bundled: Path, tmp_path: Path) -> None:
    """`country: ca` reads as CA (as a quote's country does), so the file replaces the
    bundled CA file and takes the CA table: files are matched on the code the model reads,
    not on the text (a load crashed on it, though `validate` passed it)."""
    load_rules()
    mine = tmp_path / "lower"
    mine.mkdir()
    text = (bundled / "countries" / "CA.yaml").read_text(encoding="utf-8")
    (mine / "CA.yaml").write_text(text.replace("country: CA", "country: ca"), encoding="utf-8")
    assert list(iter_rule_errors([mine])) == []
    book = load_rules(mine)
    assert book.duty("CA", "6403.99.00", "CN", DAY).mfn.rate == Decimal("0.18")
    assert "rules/countries/CA.yaml" not in book.files  # replaced by the user's
    forget_loaded()
    again = load_rules(mine)
    assert again.files == book.files and again.content_hash == book.content_hash
