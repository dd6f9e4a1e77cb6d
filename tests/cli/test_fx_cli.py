"""``pricing-engine fx`` and ``quote --fx-table / --no-fx-table / --explain`` through the real
console script."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FX = ROOT / "tests" / "fixtures" / "fx"
EXAMPLE = ROOT / "examples" / "fx" / "us-gb-ecb-rates.yaml"
BUNDLED = ROOT / "pricing_engine" / "fxdata" / "eurofxref-hist.csv"


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("pricing-engine")
    return subprocess.run([str(script), *map(str, args)], capture_output=True, text=True,
                          check=False)


def test_import_writes_a_table_that_quote_uses(tmp_path: Path) -> None:
    table = tmp_path / "ecb.yaml"
    p = run("fx", "import", "ecb", FX / "eurofxref-daily.xml", "--out", table)
    assert p.returncode == 0, p.stderr
    assert ("1 days from 2025-05-09 to 2025-05-09, 29 currencies against EUR (xml); left out "
            "(withdrawn): BGN") in p.stderr
    q = run("quote", EXAMPLE, "--format", "json", "--fx-table", table)
    assert q.returncode == 0, q.stderr
    doc = json.loads(q.stdout)
    note = next(n["message"] for n in doc["notes"] if n["code"] == "FX_REFERENCE_RATE")
    assert f"({table})" in note and "reference rate of 2025-05-09" in note
    assert doc["totals"]["customs_value"] == {"amount": "13771.74", "currency": "GBP"}


def test_import_to_stdout_and_since(tmp_path: Path) -> None:
    p = run("fx", "import", "ecb", BUNDLED, "--since", "2025-05-05")
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout)
    assert list(doc["rates"]) == ["2025-05-05", "2025-05-06", "2025-05-07", "2025-05-08",
                                  "2025-05-09"]
    assert doc["as_of"] == "2025-05-09" and doc["rates"]["2025-05-09"]["USD"] == "1.1252"


def test_a_malformed_file_is_exit_2_naming_line_and_field() -> None:
    p = run("fx", "import", "ecb", FX / "bad" / "negative_rate.csv")
    assert p.returncode == 2 and p.stdout == ""
    assert "negative_rate.csv:3:12: USD: '-1.1297' is not a rate" in p.stderr
    assert "Traceback" not in p.stderr


def test_rate_of_a_date() -> None:
    p = run("fx", "rate", "USD/GBP", "--date", "2025-04-21")  # Easter Monday
    assert p.returncode == 0, p.stderr
    assert p.stdout.startswith("FX USD/GBP 0.755924295775: reference rate of 2025-04-17 (the last "
                               "published before the quote's date 2025-04-21)")
    stale = run("fx", "rate", "USD/GBP", "--date", "2026-11-20")
    assert stale.returncode == 2 and "within 4 days up to 2026-11-20" in stale.stderr


def test_quote_table_shows_the_rate_and_day_and_no_fx_table_refuses() -> None:
    p = run("quote", EXAMPLE)
    assert p.returncode == 0, p.stderr
    assert "- FX USD/GBP 0.753377177391: reference rate of 2025-05-09" in p.stdout
    strict = run("quote", EXAMPLE, "--no-fx-table")
    assert strict.returncode == 2 and "no FX rate for USD/GBP" in strict.stderr


def test_explain_prints_text_and_refuses_json() -> None:
    p = run("quote", EXAMPLE, "--explain")
    assert p.returncode == 0, p.stderr
    assert "  - MFN duty (mfn): 16% x 8046.07 GBP = 1287.37 GBP, paid by the buyer" in p.stdout
    both = run("quote", EXAMPLE, "--explain", "--format", "json")
    assert both.returncode == 2 and "--explain prints text" in both.stderr
