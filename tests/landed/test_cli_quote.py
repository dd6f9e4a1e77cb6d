"""``pricing-engine quote`` through the real console script (subprocess)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from .conftest import FIXTURES

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "de-us-ddp.yaml"


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRICING_ENGINE_RULES": str(FIXTURES)}
    script = Path(sys.executable).with_name("pricing-engine")
    return subprocess.run([str(script), "quote", *args], input=stdin, capture_output=True,
                          text=True, env=env, check=False)


def test_json_has_lines_and_totals() -> None:
    p = run(str(EXAMPLE), "--format", "json")
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout)
    assert len(doc["lines"]) == 2
    totals = doc["totals"]
    for key in ("customs_value", "duty", "import_tax", "fees", "landed_cost",
                "seller_cost_to_serve", "margin"):
        assert key in totals
    assert set(totals["margin"]) >= {"amount", "ratio", "status"}
    # Hand check (DDP, US FOB valuation, EUR/USD 1.0850): the price less the seller's freight,
    # onward carriage and insurance (1500, split by value) is 40841.91 + 12058.09 EUR =
    # 44313.47235 + 13083.02765 USD. Round 1 deducts the MPF (0.3464 %) and HMF (0.125 %) of
    # those values (208.90 and 61.67 per line): 44104.57 and 12766.03. Fees at these values:
    # MPF 197.00 + HMF 71.09 -> 207.91 and 60.18. Round 2: pumps (duty free)
    # 44313.47235 - 207.91 -> 44105.56; valves (2 %): the largest cv with
    # cv + round(2 % cv) + 60.18 <= 13083.02765 is 12767.49. Total 56873.05, whose MPF is
    # 0.3464 % x 56873.05 = 197.008 -> 197.01, a cent more: the valves' share of the fees
    # becomes 60.19, so round 3 gives them 12767.48. Total 56873.04, whose MPF is again 197.01
    # (197.0083): the fees are those of the values, and the rounds stop.
    assert totals["customs_value"] == {"amount": "56873.04", "currency": "USD"}
    assert totals["fees"]["breakdown"]["Merchandise Processing Fee"]["amount"] == "197.01"


def test_table_formats_money_for_the_locale() -> None:
    p = run(str(EXAMPLE), "--locale", "de_DE")
    assert p.returncode == 0, p.stderr
    assert "1.200,00\xa0€" in p.stdout  # the freight, in the cost split (CLDR: NBSP)
    assert "54.400,00\xa0€" in p.stdout  # the revenue total


def test_target_and_compare(tmp_path: Path) -> None:
    p = run(str(EXAMPLE), "--format", "json", "--target", "0.30", "--compare-incoterms")
    doc = json.loads(p.stdout)
    assert doc["price_for_margin"]["target"] == "0.30"
    assert list(doc["compare_incoterms"]) == ["EXW", "FCA", "FAS", "FOB", "CFR", "CIF", "CPT",
                                              "CIP", "DAP", "DPU", "DDP"]


def test_stdin_and_fx_file(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace('fx: {EUR/USD: "1.0850"}', "")
    fx = tmp_path / "fx.yaml"
    fx.write_text('EUR/USD: "1.0850"\n', encoding="utf-8")
    p = run("-", "--format", "json", "--fx", str(fx), stdin=text)
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["totals"]["customs_value"]["amount"] == "56873.04"


def test_missing_fx_rate_is_exit_2_with_one_line() -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace('fx: {EUR/USD: "1.0850"}', "")
    p = run("-", stdin=text)
    assert p.returncode == 2
    assert p.stderr.strip().count("\n") == 0 and "EUR/USD" in p.stderr
    assert p.stdout == ""


def test_invalid_quote_names_the_field(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(EXAMPLE.read_text(encoding="utf-8").replace('hs_code: "8413.70"',
                                                               'hs_code: "84x3"'))
    p = run(str(bad))
    assert p.returncode == 2 and "lines.0.hs_code" in p.stderr


def test_rules_directory_overrides_a_country(tmp_path: Path) -> None:
    # A user's US.yaml replaces the bundled one: pumps now pay 10 % instead of 0 %.
    text = (FIXTURES / "countries" / "US.yaml").read_text(encoding="utf-8")
    (tmp_path / "countries").mkdir()
    (tmp_path / "countries" / "US.yaml").write_text(
        text.replace('{hs: "8413", rate: "0"', '{hs: "8413", rate: "0.10"'), encoding="utf-8")
    p = run(str(EXAMPLE), "--format", "json", "--rules", str(tmp_path))
    assert p.returncode == 0, p.stderr
    pumps = json.loads(p.stdout)["lines"][0]
    duty = pumps["charges"][0]
    assert duty["rate"] == "0.10" and duty["amount"]["amount"] != "0.00"
    assert duty["rule"]["file"].startswith(str(tmp_path))
