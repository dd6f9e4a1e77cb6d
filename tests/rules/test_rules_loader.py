"""load_rules: bundled rules, user overlays, aggregate errors, Incoterms, content hash."""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from pricing_engine.errors import MissingRule, RuleFileError
from pricing_engine.rules import RuleSetError, iter_rule_errors, load_rules
from pricing_engine.rules.incoterms import ELEMENTS, INCOTERMS_2020

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
GOOD = FIXTURES / "rules_good"
FIVE = FIXTURES / "rules_bad" / "five_mistakes.yaml"


def test_bundled_rules_load_with_all_incoterms() -> None:
    book = load_rules()
    assert tuple(book.incoterms()) == INCOTERMS_2020
    ddp, exw = book.incoterm("DDP"), book.incoterm("exw")
    assert ddp.costs["import_duties_taxes"] == "seller" and ddp.group == "D"
    assert exw.costs["export_clearance"] == "buyer" and exw.costs["export_packing"] == "seller"
    assert set(ddp.costs) == set(ELEMENTS)
    cif = book.incoterm("CIF")
    assert cif.insurance_min is not None and cif.insurance_min.clauses == "C"
    assert cif.insurance_min.pct == Decimal("110")
    assert book.incoterm("CIP").insurance_min.clauses == "A"  # type: ignore[union-attr]
    assert book.incoterm("FOB").modes == "sea_inland_waterway"
    with pytest.raises(MissingRule, match="XYZ"):
        book.incoterm("XYZ")


def test_bundled_rules_cover_the_eu_union() -> None:
    book = load_rules()
    members = book.members("EU")
    assert len(members) == 27 and {"DE", "FR", "GR"} <= members
    assert all(book.union_of(code) == "EU" for code in members)
    assert book.valuation("FR") == "CIF"


def test_user_file_replaces_the_bundled_country(tmp_path: Path) -> None:
    (tmp_path / "countries").mkdir()
    shutil.copy(GOOD / "countries" / "GB.yaml", tmp_path / "countries" / "GB.yaml")
    book = load_rules(tmp_path)
    assert book.country("GB").file == str(tmp_path / "countries" / "GB.yaml")
    # the fixture's 2009 rate (15 %) proves it is the user's file that answers
    assert book.tax_rates("GB", "standard", date(2009, 6, 1))[0].rate == Decimal("0.15")
    assert "FR" in book.countries() and book.incoterm("DAP").code == "DAP"
    assert book.content_hash != load_rules().content_hash


def test_user_dir_alone(tmp_path: Path) -> None:
    book = load_rules(GOOD, include_bundled=False)
    assert book.incoterms() == {}
    with pytest.raises(MissingRule, match="Incoterm"):
        book.incoterm("DDP")
    with pytest.raises(MissingRule, match="union"):
        book.members("MERCOSUR")


def test_load_raises_one_error_carrying_all(tmp_path: Path) -> None:
    with pytest.raises(RuleSetError) as info:
        load_rules(FIVE, include_bundled=False)
    err = info.value
    assert isinstance(err, RuleFileError)
    assert len(err.errors) == 5 and "(and 4 more)" in str(err)
    assert (err.line, err.column) == (23, 30)


def test_missing_path_is_a_rule_file_error(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError, match="cannot read"):
        load_rules(tmp_path / "nope.yaml", include_bundled=False)


def test_iter_rule_errors_collects_across_files() -> None:
    bad = FIXTURES / "rules_bad"
    errors = list(iter_rule_errors([bad / "rate_out_of_range.yaml", FIVE],
                                   include_bundled=False))
    assert {e.path for e in errors} == {str(bad / "rate_out_of_range.yaml"), str(FIVE)}
    # 1 + 5 errors of their own, and both files define JP
    assert len(errors) == 7
    assert sum("country JP is defined again" in e.message for e in errors) == 1


def test_same_country_twice_in_one_set(tmp_path: Path) -> None:
    for sub in ("a", "b"):
        (tmp_path / sub / "countries").mkdir(parents=True)
        shutil.copy(GOOD / "countries" / "US.yaml", tmp_path / sub / "countries" / "US.yaml")
    errors = list(iter_rule_errors([tmp_path], include_bundled=False))
    assert [e.message.split(" (")[0] for e in errors] == ["country US is defined again"]


def test_reload_is_cached_and_sees_changes(tmp_path: Path) -> None:
    target = tmp_path / "countries"
    target.mkdir()
    shutil.copy(GOOD / "countries" / "US.yaml", target / "US.yaml")
    first = load_rules(tmp_path, include_bundled=False)
    again = load_rules(tmp_path, include_bundled=False)
    assert first.content_hash == again.content_hash
    text = (target / "US.yaml").read_text().replace('rate: "0.165"', 'rate: "0.166"')
    (target / "US.yaml").write_text(text)
    changed = load_rules(tmp_path, include_bundled=False)
    assert changed.content_hash != first.content_hash
    assert changed.duty("US", "6109", "VN", date(2026, 1, 1)).mfn.rate == Decimal("0.166")


POLICY = """\
policy_version: 1
name: test policy
as_of: 2026-11-01
margins: {floor: "0.10"}
"""


def test_policy_file_beside_the_rules_is_not_a_rule_file(tmp_path: Path) -> None:
    (tmp_path / "countries").mkdir()
    shutil.copy(GOOD / "countries" / "US.yaml", tmp_path / "countries" / "US.yaml")
    (tmp_path / "policy.yaml").write_text(POLICY)
    book = load_rules(tmp_path, include_bundled=False)
    assert book.countries() == ("US",)
    assert not any(f.endswith("policy.yaml") for f in book.files)
    assert list(iter_rule_errors([tmp_path], include_bundled=False)) == []
    seen: list[Path] = []

    def check(path: Path) -> list[RuleFileError]:
        seen.append(path)
        return [RuleFileError(str(path), 4, 1, "checked by the policy module")]

    errors = list(iter_rule_errors([tmp_path], include_bundled=False,
                                   check_other={"policy": check}))
    assert seen == [tmp_path / "policy.yaml"]
    assert [e.message for e in errors] == ["checked by the policy module"]
