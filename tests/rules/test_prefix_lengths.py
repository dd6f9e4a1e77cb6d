"""A lookup meets every prefix of the code the rules key entries at, whatever its length.

The engine gathers a code's entries only at the key lengths its chapter's index holds (a
chapter keyed at 2, 4, 6 and 8 digits is not probed at 3, 5, 7 or 9). These cases key MFN
entries, a preference and an additional duty at odd lengths, each at a length the other
kinds of entry do not use, and look codes up in a book built from the files and in one
decoded from the compiled cache (indexes read a chapter at a time).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from pricing_engine import _dirs
from pricing_engine.errors import AmbiguousHsCode, MissingRule
from pricing_engine.rules import RuleBook, load_rules
from pricing_engine.rules import loader as loader_module
from tests.rules.conftest import SG_HEAD, load_compiled

ON = date(2026, 11, 30)
DUTY = """\
duty:
  mfn:
    - {hs: "*", rate: "0.07"}
    - {hs: "22", not_covered: "drinks by line"}
    - {hs: "2204", rate: "0.1"}
    - {hs: "22042", rate: "0.2"}
    - {hs: "2204219", rate: "0.3"}
    - {hs: "220421999", rate: "0.4"}
  preferential:
    - {agreement: "Test FTA", hs: "220", origins: [NZ], rate: "0"}
  additional:
    - {name: "Test levy", hs: "22042999", origins: [NZ], rate: "0.05"}
"""


def _books(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[RuleBook]:
    monkeypatch.setenv(_dirs.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setenv(_dirs.LISTS_ENV, str(tmp_path / "data"))
    rules = tmp_path / "rules"
    (rules / "countries").mkdir(parents=True)
    (rules / "countries" / "SG.yaml").write_text(SG_HEAD + DUTY, encoding="utf-8")
    built = load_compiled(rules)
    loader_module._BOOKS.clear()
    cached = load_rules(rules, include_bundled=False)
    assert cached is not built and list((tmp_path / "cache").rglob("*"))
    return [built, cached]


@pytest.mark.parametrize(("hs", "key", "rate"), [
    ("2204219990", "220421999", "0.4"),  # nine digits
    ("2204219100", "2204219", "0.3"),    # seven
    ("2204290000", "22042", "0.2"),      # five
    ("2204100000", "2204", "0.1"),
    ("22043", "2204", "0.1"),            # a code of odd length, no line under it
    ("8471300000", "*", "0.07"),
])
def test_the_longest_prefix_of_any_length_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hs: str, key: str, rate: str
) -> None:
    for book in _books(tmp_path, monkeypatch):
        found = book.duty("SG", hs, "CN", ON)
        assert (found.mfn.hs, found.mfn.rate) == (key, Decimal(rate))


def test_preference_and_additional_duty_at_lengths_no_mfn_entry_has(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for book in _books(tmp_path, monkeypatch):
        found = book.duty("SG", "2204299990", "NZ", ON, claimed_agreement="Test FTA")
        assert found.mfn.rate == Decimal("0.2")
        assert [p.rate for p in found.preferential] == [Decimal("0")]
        assert [(a.name, a.rate) for a in found.additional] == [("Test levy", Decimal("0.05"))]
        # the levy is keyed under 2204.29 only; the preference over all of 220
        other = book.duty("SG", "2204219990", "NZ", ON, claimed_agreement="Test FTA")
        assert other.additional == () and len(other.preferential) == 1
        with pytest.raises(MissingRule, match="drinks by line"):
            book.duty("SG", "2205100000", "NZ", ON)
        # the five-digit key over lines of seven and nine digits that charge otherwise
        with pytest.raises(AmbiguousHsCode, match=r"2204219 30 %; 220421999 40 %"):
            book.duty("SG", "22042", "CN", ON)
