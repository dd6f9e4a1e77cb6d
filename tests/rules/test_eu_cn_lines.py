"""The EU's table of CN lines newer than CN 2020 (rules/tariffs/EU.cnlines.yaml).

The CET table is CN 2020; bench/regen_eu_cn_lines.py adds the CN 2022-2026 eight-digit lines it
lacks from a TARIC export that keeps only a duty's first figure. So the file may hold only
what that figure can say: a plain percentage at a code the CET table has no line at (nor
under), equal to the duty of one of the older lines the code came from (the lines of its split
entry, for an HS2022 subheading carved from older ones; else the lines of its subheading).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from pricing_engine import AmbiguousHsCode, MissingRule
from pricing_engine.rules import RuleBook

RULES = Path(__file__).resolve().parents[2] / "rules"
TARIFFS, UNION = RULES / "tariffs", RULES / "unions" / "EU.yaml"
DAY = date(2026, 12, 1)


@cache
def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((TARIFFS / name).read_text("utf-8"))
    return data


def _cet_duties(entries: list[dict[str, Any]]) -> set[Decimal]:
    """The plain percentages of CET lines (a line with other terms gives none)."""
    return {Decimal(e["rate"]) for e in entries
            if set(e) <= {"hs", "rate", "valid_from", "valid_to", "note", "source", "confidence"}
            and "rate" in e}


def test_every_newer_line_is_a_plain_percentage_the_older_lines_corroborate() -> None:
    # the CET lines, and the curated corrections of them (the ITA stages: 8527 21 20 at 7 %
    # in the table, free from 2023): an older line's duty is either
    corrections = [e for e in yaml.safe_load(UNION.read_text("utf-8"))["duty"]["mfn"]
                   if len(e["hs"]) >= 8]
    cet = _load("EU.yaml")["mfn"] + corrections
    codes = {e["hs"] for e in cet}
    splits = {e["hs"]: e["split"] for e in cet if "split" in e}
    lines = _load("EU.cnlines.yaml")
    assert lines["tariff"] == "EU" and lines["confidence"] == "medium"
    assert len(lines["mfn"]) >= 250
    priced = {e["hs"]: e for e in lines["mfn"] if "rate" in e}
    for entry in lines["mfn"]:
        code = entry["hs"]
        if "not_covered" in entry:  # the days before a line's period that others' began
            assert set(entry) == {"hs", "not_covered", "valid_from", "valid_to"}, entry
            assert entry["valid_to"] < priced[code]["valid_from"], code
            assert (priced[code]["valid_from"] - entry["valid_to"]).days == 1, code
            continue
        assert set(entry) == {"hs", "rate", "valid_from"}, entry
        assert len(code) == 8 and code not in codes, code
        assert not any(c.startswith(code) for c in codes), code
        sub = code[:6]
        older = ([e for e in cet if e["hs"] in splits[sub]] if sub in splits
                 else [e for e in cet if e["hs"].startswith(sub) and len(e["hs"]) > 6])
        assert older, code
        assert Decimal(entry["rate"]) in _cet_duties(older), (code, entry["rate"])
        assert date(2021, 1, 1) <= entry["valid_from"] <= date(2026, 6, 17), code


def test_a_newer_line_prices_from_when_the_cn_has_it(bundled: RuleBook) -> None:
    # HS2022 0709 52 (Boletus) was carved from CN 2020 0709 59, whose lines charge 3.2-6.4 %:
    # CN 2022's 0709 52 00 keeps the 5.6 % of 0709 59 30 (flap mushrooms)
    found = bundled.duty("DE", "0709 52 00", "US", DAY).mfn
    assert (found.hs, found.rate) == ("07095200", Decimal("0.056"))
    assert found.ref.file.endswith("tariffs/EU.cnlines.yaml")
    assert found.ref.confidence == "medium"
    # the subheading has that one line: a six-digit code prices as it does
    assert bundled.duty("DE", "070952", "US", DAY).mfn.hs == "07095200"
    # before CN 2022 the code names the older lines, as it did
    with pytest.raises(AmbiguousHsCode, match="older nomenclature"):
        bundled.duty("DE", "07095200", "US", date(2021, 6, 1))


def test_a_split_subheading_names_its_newer_lines(bundled: RuleBook) -> None:
    # unmanned aircraft of 8806 22 (CN 2022): free and 7.5 %, named by their own codes
    with pytest.raises(AmbiguousHsCode) as caught:
        bundled.duty("FR", "880622", "CN", DAY)
    assert caught.value.candidates == (("88062210", "free"), ("88062290", "7.5 %"))
    drone = bundled.duty("FR", "8806 22 90", "CN", DAY).mfn
    assert drone.rate == Decimal("0.075")


def test_a_subheading_whose_lines_begin_on_different_days_is_not_priced_by_some(
        bundled: RuleBook) -> None:
    # TARIC gives 3402 39 10 (0 %) from 2022 and 3402 39 90 (4 %) from its period beginning
    # 2026-01-01: before that the export does not say what 3402 39 90 charged, so a six-digit
    # code is not priced by 3402 39 10 alone (it was: 0 %), nor is the line
    with pytest.raises(MissingRule, match="34023990"):
        bundled.duty("DE", "340239", "US", date(2025, 12, 31))
    with pytest.raises(MissingRule, match="from 2026-01-01; what it charged before"):
        bundled.duty("DE", "34023990", "US", date(2025, 12, 31))
    assert bundled.duty("DE", "34023910", "US", date(2025, 12, 31)).mfn.rate == 0
    assert bundled.duty("DE", "34023990", "US", date(2026, 1, 1)).mfn.rate == Decimal("0.04")
    with pytest.raises(AmbiguousHsCode, match="34023990"):
        bundled.duty("DE", "340239", "US", date(2026, 1, 1))
