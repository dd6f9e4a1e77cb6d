"""The spot checks of the published tariffs, priced through `pricing-engine quote` (issue 10).

examples/tariffs/ holds one quote per shipped national tariff (US HTS, UK Global Tariff, EU
CET) whose lines are the lines the sources' spot checks name (rules/SOURCES.md), at 8 and 10
digits, with a compound and a specific duty. Each line's published rate is written below as
the schedule prints it, with its reading; the test prices the example through the CLI and
checks every duty charge: the rate, and the amount the rate gives on the line's customs value
and quantity, rounded once as a declaration's duty line is.
"""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from tests.tariff.conftest import FL

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "tariffs"


def _terms(rate: str, per_kg: str = "0", per_litre: str = "0") -> dict[str, Decimal]:
    return {"rate": Decimal(rate), "kg": Decimal(per_kg), "litre": Decimal(per_litre)}


#: example -> SKU -> (the published text, its reading, the additional duties' rates)
PUBLISHED: dict[str, dict[str, tuple[str, dict[str, Decimal], tuple[Decimal, ...]]]] = {
    "de-us-hts-lines.yaml": {  # USITC HTS 2026 Rev 10, general column
        "COFFEE-DE": ("0901.21.00 Free", _terms("0"), ()),
        # Section 301 List 4A, heading 9903.88.15: + 7.5 % on Chinese goods
        "COFFEE-CN": ("0901.21.00 Free; 9903.88.15 + 7.5%", _terms("0"), (Decimal("0.075"),)),
        "PUMP-SUB": ("8413.70.20 Free", _terms("0"), ()),
        "VALVE-X": ("8481.80.90 2%", _terms("0.02"), ()),
        "BATT-LI": ("8507.60.00 3.4%", _terms("0.034"), ()),
        "MILK-SWEET": ("0402.29.50 $1.104/kg + 14.9%", _terms("0.149", per_kg="1.104"), ()),
        "WINE-RIES": ("2204.21.50 6.3¢/liter", _terms("0", per_litre="0.063"), ()),
        # Section 232 automobile parts, U.S. note 33(g), heading 9903.94.05: + 25 %
        "STRUT-IN": ("8708.80.05 Free; 9903.94.05 + 25%", _terms("0"), (Decimal("0.25"),)),
        # a ball bearing declared a vehicle part (uses: [vehicle_part]): the same duty
        "BEARING-IN": ("8482.10.50 9%; 9903.94.05 + 25%", _terms("0.09"), (Decimal("0.25"),)),
    },
    "us-gb-ukgt-lines.yaml": {  # UK Global Tariff as at 2021-01-01
        "COFFEE": ("09012100 6.0%", _terms("0.06"), ()),
        "PUMP-SUB": ("84137021 0.0%", _terms("0"), ()),
        "TAP-VALVE": ("84818019 2.0%", _terms("0.02"), ()),
        "BATT-LI": ("85076000 2.0%", _terms("0.02"), ()),
        "BEEF-CARC": ("02011000 12.00% + 147.00 GBP/100kg", _terms("0.12", per_kg="1.47"), ()),
    },
    "us-de-cet-lines.yaml": {  # EU Common External Tariff (CN2020), erga omnes
        "COFFEE": ("09012100 7.5%", _terms("0.075"), ()),
        "PUMP-SUB": ("84137021 1.7%", _terms("0.017"), ()),
        "TAP-VALVE": ("84818019 2.2%", _terms("0.022"), ()),
        "BATT-LI": ("85076000 2.7%", _terms("0.027"), ()),
        "BEEF-CARC": ("02011000 12.80% + 176.80 EUR / 100 kg",
                      _terms("0.128", per_kg="1.768"), ()),
    },
}

_CENT = Decimal("0.01")


@cache
def _quote(example: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "pricing_engine", "quote", "--format", "json",
         str(EXAMPLES / example)],
        capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _document(example: str) -> dict[str, Any]:
    import yaml

    loaded: dict[str, Any] = yaml.safe_load((EXAMPLES / example).read_text(encoding="utf-8"))
    return loaded


@pytest.mark.parametrize("example", sorted(PUBLISHED))
def test_spot_checks_hold_through_quote(example: str) -> None:
    result = _quote(example)
    lines = {line["sku"]: line for line in _document(example)["lines"]}
    assert {line["sku"] for line in result["lines"]} == set(PUBLISHED[example])
    for out in result["lines"]:
        sku = out["sku"]
        text, terms, additional = PUBLISHED[example][sku]
        given = lines[sku]
        value = Decimal(out["customs_value"]["amount"])
        quantity = Decimal(str(given["quantity"]))
        kg = quantity * Decimal(str(given.get("unit_weight_kg", "0")))
        litres = quantity * Decimal(str(given.get("extra_units", {}).get("litre", "0")))
        # the published terms on this line's customs value and quantity, rounded once
        mfn = (terms["rate"] * value + terms["kg"] * kg + terms["litre"] * litres).quantize(
            _CENT, ROUND_HALF_UP)
        duties = [c for c in out["charges"] if c["kind"] in ("mfn", "additional")]
        assert duties[0]["kind"] == "mfn", (sku, text)
        assert Decimal(duties[0]["rate"] or "0") == terms["rate"], (sku, text, duties[0])
        assert Decimal(duties[0]["amount"]["amount"]) == mfn, (sku, text, duties[0])
        # the published additional duties; the forced-labour duty of 2026 (most origins, by
        # origin) is tested on its own (tests/rules/test_us_section301_2026.py)
        extra = [c for c in duties[1:] if c["name"] != FL]
        assert [Decimal(c["rate"]) for c in extra] == list(additional), (sku, text, extra)
        for charge, rate in zip(extra, additional, strict=True):
            assert Decimal(charge["amount"]["amount"]) == (rate * value).quantize(
                _CENT, ROUND_HALF_UP), (sku, text, charge)
        # the line's duty total is the sum of those charges, and names the rule file
        assert Decimal(out["duty"]["amount"]["amount"]) == mfn + sum(
            (Decimal(c["amount"]["amount"]) for c in duties[1:]), Decimal(0))
        assert duties[0]["rule"]["file"].startswith("rules/tariffs/"), (sku, duties[0])


def test_section_301_line_names_its_heading() -> None:
    """The Section 301 charge on Chinese coffee comes from the Chapter 99 table (List 4A)."""
    result = _quote("de-us-hts-lines.yaml")
    line = next(x for x in result["lines"] if x["sku"] == "COFFEE-CN")
    charge, forced = [c for c in line["charges"] if c["kind"] == "additional"]
    assert charge["name"] == "Section 301"
    assert charge["rule"]["file"] == "rules/tariffs/US.chapter99.yaml"
    assert (forced["name"], forced["rule"]["file"]) == (FL, "rules/countries/US.yaml")
    other = next(x for x in result["lines"] if x["sku"] == "COFFEE-DE")
    assert [c["name"] for c in other["charges"] if c["kind"] == "additional"] == [FL]
