"""Allow-list and proposal files share one validation: errors at the line, first problem."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pricing_engine.decision import load_allow_list
from pricing_engine.decision.proposal import parse_proposal
from pricing_engine.errors import RuleFileError
from tests.decision.conftest import PROPOSALS

TWO_BAD_CLEARANCES = """clearances:
  - party: X
    list: ofac_sdn
    entry_id: '1'
    reviewer: R
    date: 2026-10-01
    expires: 2026-11-01
    colour: red
    mood: calm
"""


def test_allow_list_reports_its_first_problem_at_the_key_without_a_count(tmp_path: Path) -> None:
    path = tmp_path / "allow.yaml"
    path.write_text(TWO_BAD_CLEARANCES, encoding="utf-8")
    with pytest.raises(RuleFileError) as caught:
        load_allow_list(path)
    assert str(caught.value) == (
        f"{path}:8:5: clearances.0.colour: Extra inputs are not permitted"
    )


def test_proposal_counts_its_other_problems() -> None:
    with pytest.raises(RuleFileError) as caught:
        parse_proposal("id: q1\ncolour: red\nmood: calm\n", "p.yaml")
    # which field comes first is the quote model's business; the count is this loader's
    assert re.fullmatch(r"p\.yaml:\d+:\d+: \w+: .+ \(and [1-9]\d* more\)", str(caught.value))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- a\n", "an allow-list is a mapping with 'clearances:'"),
        ("just text\n", "an allow-list is a mapping with 'clearances:'"),
    ],
)
def test_an_allow_list_that_is_not_a_mapping(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "allow.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleFileError) as caught:
        load_allow_list(path)
    assert str(caught.value) == f"{path}:1:1: {message}"


def test_a_proposal_that_is_not_a_mapping() -> None:
    with pytest.raises(RuleFileError) as caught:
        parse_proposal("[1, 2]\n", "p.yaml")
    assert str(caught.value) == "p.yaml:1:1: a proposal is a mapping (id:, date:, lines:, ...)"


def test_an_allow_list_expiry_must_be_an_iso_date(tmp_path: Path) -> None:
    # an integer expiry was read as a Unix timestamp (a clearance that never seemed expired
    # or always did): refused, naming the key
    path = tmp_path / "allow.yaml"
    path.write_text("clearances:\n  - {party: X, list: ofac_sdn, entry_id: '1', reviewer: R,\n"
                    "     date: 2026-10-01, expires: 20351231}\n", encoding="utf-8")
    with pytest.raises(RuleFileError, match=r"expires: expected a date as YYYY-MM-DD"):
        load_allow_list(path)


@pytest.mark.parametrize(("field", "value", "message"), [
    ("dob", "'2999-01-01'", "date of birth '2999-01-01' is not one a living person can have"),
    ("dob", "'0001-01-01'", "date of birth '0001-01-01' is not one a living person can have"),
    ("dob", "'1990-13'", "date of birth '1990-13' is not a date as YYYY, YYYY-MM or YYYY-MM-DD"),
    ("name", "'..'", "name has no letters or digits"),
    ("name", "'" + "A" * 1400 + "'", "name is 1,400 characters long"),
])
def test_a_party_the_screener_cannot_take_is_an_error_at_its_line(
        field: str, value: str, message: str) -> None:
    """Read from the file (not when the parties are screened), so the error names the file,
    line, column and field, without pydantic's "Value error," prefix."""
    base = (PROPOSALS / "approved.yaml").read_text(encoding="utf-8")
    party = {"name": "'Abu Abas'", "kind": "person", field: value}
    given = "  end_user: {" + ", ".join(f"{k}: {v}" for k, v in party.items()) + "}"
    text, count = re.subn(r"(?m)^  end_user: \{.*\}$", lambda _: given, base)
    assert count == 1
    with pytest.raises(RuleFileError) as caught:
        parse_proposal(text, "p.yaml")
    found = str(caught.value)
    assert re.match(rf"p\.yaml:\d+:\d+: parties\.end_user\.{field}: ", found), found
    assert message in found and "Value error" not in found
