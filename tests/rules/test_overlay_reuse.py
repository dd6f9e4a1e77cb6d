"""A user's rule directory over the bundled rules, in a new process: the countries it does
not touch come from the bundled book, and the book is the one a whole build makes."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from pricing_engine.rules import RuleBook, build, load_rules, loader
from pricing_engine.rules.loader import RuleSetError
from tests.rules.conftest import forget_loaded

ROOT = Path(__file__).resolve().parents[2]
DAY = date(2026, 11, 20)


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
          warm_rules: Callable[..., None]) -> Path:
    """Empty cache and data directories but for the bundled book, as after a first run; a
    new process's memory."""
    monkeypatch.setenv("PRICING_ENGINE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("PRICING_ENGINE_LISTS_DIR", str(tmp_path / "data"))
    warm_rules(tmp_path / "data", tmp_path / "cache")
    forget_loaded()
    return tmp_path / "mine"


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The countries compiled from now on, in order."""
    seen: list[str] = []
    real = build.compile_country

    def compiling(model: object, *args: object, **kwargs: object) -> object:
        seen.append(getattr(model, "country", "?"))
        return real(model, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(build, "compile_country", compiling)
    return seen


def _kenya(root: Path, extra: str = "", source: str | None = None) -> None:
    """The bundled KE.yaml with ``extra`` appended, and ``source`` as the source id of its
    first fee when given."""
    (root / "countries").mkdir(parents=True, exist_ok=True)
    text = (ROOT / "rules" / "countries" / "KE.yaml").read_text(encoding="utf-8")
    if source is not None:
        fee = "source: ke-mfla, confidence: medium}"
        assert fee in text
        text = text.replace(fee, f"source: {source}, confidence: medium}}", 1)
    (root / "countries" / "KE.yaml").write_text(text + extra, encoding="utf-8")


def _new_zealand_table(root: Path) -> None:
    (root / "tariffs").mkdir(parents=True, exist_ok=True)
    text = (ROOT / "rules" / "tariffs" / "NZ.yaml").read_text(encoding="utf-8")
    assert '{hs: "610910", rate: "0.1"}' in text
    (root / "tariffs" / "NZ.yaml").write_text(
        text.replace('{hs: "610910", rate: "0.1"}', '{hs: "610910", rate: "0.05"}'),
        encoding="utf-8")


def _plain(value: object) -> object:
    return dict(value.items()) if isinstance(value, Mapping) else value


def _same(a: RuleBook, b: RuleBook) -> None:
    assert (a.files, a.content_hash, a.countries()) == (b.files, b.content_hash, b.countries())
    assert dict(a.incoterms()) == dict(b.incoterms())
    for code in a.countries():
        x, y = a.country(code), b.country(code)
        for field in dataclasses.fields(x):
            if field.compare:
                assert _plain(getattr(x, field.name)) == _plain(getattr(y, field.name)), (
                    code, field.name)


def test_a_users_country_file_and_table_make_the_whole_builds_book(
        fresh: Path, monkeypatch: pytest.MonkeyPatch, compiled: list[str]) -> None:
    _kenya(fresh, "# my copy\n")
    _new_zealand_table(fresh)
    book = load_rules(fresh)
    assert sorted(compiled) == ["KE", "NZ"]  # the others: the bundled book's
    assert book.duty("NZ", "6109.10.00", "CN", DAY).mfn.rate == Decimal("0.05")
    bundled = load_rules()
    assert bundled.duty("NZ", "6109.10.00", "CN", DAY).mfn.rate == Decimal("0.1")
    assert book.duty("US", "6403.99.60", "CN", DAY) == bundled.duty("US", "6403.99.60", "CN", DAY)
    assert book.country("NZ").file == "rules/countries/NZ.yaml"
    whole = loader._build(loader._Inputs(True, [fresh]), None)
    _same(book, whole)
    forget_loaded()  # a table was read: the book was cached, a new process reads it back
    monkeypatch.setattr(build, "compile_country", None)
    _same(load_rules(fresh), whole)


def test_the_mistakes_in_a_users_files_are_reported_as_a_whole_build_does(
        fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _kenya(fresh, source="nowhere")
    (fresh / "tariffs").mkdir()
    (fresh / "tariffs" / "NZ.yaml").write_text("tariff: NZ\nmfn: [{hs: 0101\n",
                                               encoding="utf-8")
    whole_build = loader._build

    def no_whole_build(*args: object) -> None:
        raise AssertionError("built whole")

    monkeypatch.setattr(loader, "_build", no_whole_build)
    with pytest.raises(RuleSetError) as raised:
        load_rules(fresh)
    found = [(Path(e.path).name, e.line, e.message) for e in raised.value.errors]
    assert sorted(name for name, *_ in found) == ["KE.yaml", "NZ.yaml"]
    assert any("unknown source id 'nowhere'" in message for *_, message in found)
    forget_loaded()
    with pytest.raises(RuleSetError) as whole:
        whole_build(loader._Inputs(True, [fresh]), None)
    assert [(Path(e.path).name, e.line, e.message) for e in whole.value.errors] == found


def _member(root: Path, code: str, old: str = "", new: str = "") -> None:
    (root / "countries").mkdir(parents=True, exist_ok=True)
    text = (ROOT / "rules" / "countries" / f"{code}.yaml").read_text(encoding="utf-8")
    assert old in text
    (root / "countries" / f"{code}.yaml").write_text(text.replace(old, new, 1) + "# mine\n",
                                                     encoding="utf-8")


def test_a_union_members_file_shares_the_unions_duty_rules_of_the_bundled_book(
        fresh: Path, monkeypatch: pytest.MonkeyPatch, compiled: list[str]) -> None:
    standard = '{class: standard, rate: "0.19", valid_from: 2021-01-01'
    _member(fresh, "DE", standard, standard.replace("0.19", "0.2"))
    _member(fresh, "FR")
    _member(fresh, "AT")  # the first member: coming last, it makes BE the first in a whole build
    book = load_rules(fresh)
    assert sorted(compiled) == ["AT", "DE", "FR"]  # not the EU's tariff: the bundled book's
    bundled = load_rules()
    assert book.tax_rates("DE", "standard", DAY)[0].rate == Decimal("0.2")
    assert bundled.tax_rates("DE", "standard", DAY)[0].rate == Decimal("0.19")
    for code in ("DE", "FR", "AT", "BE"):
        assert book.duty(code, "9503.00.95", "CN", DAY) == bundled.duty(code, "9503.00.95",
                                                                        "CN", DAY)
    _same(book, loader._build(loader._Inputs(True, [fresh]), None))


def test_an_incoterms_file_changes_no_countrys_rules(fresh: Path,
                                                    compiled: list[str]) -> None:
    text = (ROOT / "rules" / "incoterms2020.yaml").read_text(encoding="utf-8")
    assert text.count("insurance_min: {clauses: C, pct: 110}") == 1
    fresh.mkdir()
    (fresh / "incoterms2020.yaml").write_text(
        text.replace("insurance_min: {clauses: C, pct: 110}",
                     "insurance_min: {clauses: C, pct: 120}"), encoding="utf-8")
    book = load_rules(fresh)
    assert compiled == []  # no country
    assert book.incoterm("CIF").insurance_min is not None
    assert book.incoterm("CIF").insurance_min.pct == 120
    assert load_rules().incoterm("CIF").insurance_min.pct == 110  # type: ignore[union-attr]
    _same(book, loader._build(loader._Inputs(True, [fresh]), None))


def _edited(root: Path, label: str, old: str, new: str) -> None:
    text = (ROOT / "rules" / label).read_text(encoding="utf-8")
    assert text.count(old) == 1
    (root / label).parent.mkdir(parents=True, exist_ok=True)
    (root / label).write_text(text.replace(old, new), encoding="utf-8")


def test_a_union_file_and_table_recompile_its_members_only(
        fresh: Path, monkeypatch: pytest.MonkeyPatch, compiled: list[str]) -> None:
    _edited(fresh, "unions/EU.yaml", '{hs: "85219000", rate: "0", valid_from: 2023',
            '{hs: "85219000", rate: "0.01", valid_from: 2023')
    _edited(fresh, "tariffs/EU.cnlines.yaml", '{hs: "03028150", rate: "0.08"',
            '{hs: "03028150", rate: "0.09"')
    book = load_rules(fresh)
    members = book.members("EU")
    assert sorted(compiled) == sorted(members)  # the members, no other country
    bundled = load_rules()
    for code, hs, old, new in (("DE", "8521.90.00", "0", "0.01"),
                               ("FR", "0302.81.50", "0.08", "0.09")):
        assert bundled.duty(code, hs, "CN", DAY).mfn.rate == Decimal(old)
        assert book.duty(code, hs, "CN", DAY).mfn.rate == Decimal(new)
    assert book.duty("US", "6403.99.60", "CN", DAY) == bundled.duty("US", "6403.99.60", "CN", DAY)
    _same(book, loader._build(loader._Inputs(True, [fresh]), None))


@pytest.mark.parametrize("case", ["union members", "no bundled book"])
def test_anything_else_is_built_whole(fresh: Path, monkeypatch: pytest.MonkeyPatch,
                                      case: str) -> None:
    if case == "union members":  # every country's origins
        _edited(fresh, "unions/EU.yaml", "members: [AT, BE,", "members: [AT, BE, CH,")
    else:
        _kenya(fresh)
        for kept in (fresh.parent / "cache").glob("rules-*.json"):
            kept.unlink()
    whole = object()
    monkeypatch.setattr(loader, "_build", lambda inputs, key: whole)
    assert load_rules(fresh) is whole
