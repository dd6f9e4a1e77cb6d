"""``pricing-engine check --fx-table`` / ``--no-fx-table``, as ``quote`` has them, through the
real console script: the example quote (examples/fx/us-gb-ecb-rates.yaml) has no ``fx``, so
its USD/GBP rate comes from the reference rates the check is given."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

from pricing_engine.fx_rates import ReferenceRates, write_reference_rates

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "fx" / "us-gb-ecb-rates.yaml"
#: A user's own table: 1 EUR = 1.25 USD = 0.85 GBP on Friday 2025-05-09, so USD/GBP = 0.68.
OWN = ReferenceRates.of({date(2025, 5, 9): {"USD": "1.25", "GBP": "0.85"}},
                        source="Treasury desk rates", label="desk-2025-05-09")


def _check(*args: str | Path,
           env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k != "PRICING_ENGINE_FX_TABLE"}
    return subprocess.run(
        [sys.executable, "-m", "pricing_engine", "check", str(EXAMPLE), "--format", "json",
         *map(str, args)], capture_output=True, text=True, timeout=120, check=False,
        env={**environ, **(env or {})})


def _decision(done: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    assert done.returncode in (0, 3, 4), done.stderr  # a decision, whatever it is
    doc: dict[str, Any] = json.loads(done.stdout)
    return doc


def _fx_note(doc: dict[str, Any]) -> str:
    return next(n["message"] for n in doc["quote"]["notes"] if n["code"] == "FX_REFERENCE_RATE")


def test_the_bundled_ecb_rates_by_default() -> None:
    doc = _decision(_check())
    assert doc["quote"]["lines"][0]["customs_value"] == {"amount": "8046.07", "currency": "GBP"}
    assert "European Central Bank" in _fx_note(doc)


def test_a_table_of_the_users_own_by_option_or_environment(tmp_path: Path) -> None:
    table = write_reference_rates(OWN, tmp_path / "desk.yaml")
    for doc in (_decision(_check("--fx-table", table)),
                _decision(_check(env={"PRICING_ENGINE_FX_TABLE": str(table)}))):
        # DAP: the whole price is the CIF customs value, 10680 USD at 0.85 / 1.25 = 0.68
        assert doc["quote"]["lines"][0]["customs_value"] == {"amount": "7262.40",
                                                             "currency": "GBP"}
        note = _fx_note(doc)
        assert "USD/GBP 0.68" in note and f"Treasury desk rates ({table})" in note


def test_no_table_leaves_the_pair_missing_and_says_so() -> None:
    doc = _decision(_check("--no-fx-table"))
    assert doc["quote"] is None
    assert "MISSING_FX_RATE" in [r["code"] for r in doc["reasons"]]
    assert doc["status"] != "APPROVED"


def test_a_malformed_table_is_invalid_input_naming_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text('source: "x"\nas_of: "2025-05-09"\nbase: "EUR"\nrates:\n'
                   '  "2025-05-09": {"USD": "-1"}\n', encoding="utf-8")
    done = _check("--fx-table", bad)
    assert done.returncode == 2
    assert "bad.yaml:" in done.stderr and "Traceback" not in done.stderr
    missing = _check("--fx-table", tmp_path / "nope.yaml")
    assert missing.returncode == 2 and "nope.yaml" in missing.stderr
