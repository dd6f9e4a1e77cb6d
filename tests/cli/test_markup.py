"""Text from documents prints literally in `quote` and `check` tables, never read as markup.

A SKU or party name that looks like rich markup (``[/red]``), an emoji code or a terminal
control sequence must reach stdout as written, and `check` must keep its normal exit code
(a crash in the table would exit 1 and hide a refusal).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
TRICKS = ["PUMP[/red]-200", "[bold]x[/bold]", "[link=http://x]y[/link]", "PUMP[/]:warning:"]


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    # none of a user's settings, but the test session's own cache and lists directories
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRICING_ENGINE_")
           or k in ("PRICING_ENGINE_CACHE", "PRICING_ENGINE_LISTS_DIR")}
    return subprocess.run([sys.executable, "-m", "pricing_engine", *map(str, args)],
                          capture_output=True, text=True, timeout=300, env=env, check=False)


def _copy(example: Path, tmp_path: Path, edit: dict[str, str]) -> Path:
    """Copy ``example`` with the first line's SKU and/or some parties' names replaced."""
    doc = yaml.safe_load(example.read_text(encoding="utf-8"))
    if "sku" in edit:
        doc["lines"][0]["sku"] = edit["sku"]
    for role, name in edit.items():
        if role in ("seller", "buyer"):
            doc[role]["name"] = name
        elif role != "sku":
            doc["parties"][role]["name"] = name
    out = tmp_path / example.name
    out.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return out


@pytest.mark.parametrize("sku", TRICKS)
def test_quote_prints_a_markup_sku_literally(tmp_path: Path, sku: str) -> None:
    quote = _copy(EXAMPLES / "de-us-ddp.yaml", tmp_path, {"sku": sku})
    done = run("quote", quote)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    row = next(line for line in done.stdout.splitlines() if "841370" in line)
    assert f"│ {sku} " in row


def test_quote_target_and_compare_print_the_sku_literally(tmp_path: Path) -> None:
    quote = _copy(EXAMPLES / "de-us-ddp.yaml", tmp_path,
                  {"sku": "[/red]", "buyer": "[bold]Northwind[/bold]"})
    solved = run("quote", quote, "--target", "0.3")
    assert solved.returncode == 0, solved.stderr
    assert "[/red]" in solved.stdout
    compared = run("quote", quote, "--compare-incoterms")
    assert compared.returncode == 0, compared.stderr


def test_quote_shows_control_characters_escaped(tmp_path: Path) -> None:
    quote = _copy(EXAMPLES / "de-us-ddp.yaml", tmp_path, {"sku": "A\x1b[31mB"})
    done = run("quote", quote)
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stdout  # piped: no colour, and the SKU's ESC is written out
    assert "A\\x1b[31mB" in done.stdout


@pytest.mark.parametrize("sku", TRICKS)
def test_check_refuses_the_tornado_proposal_whatever_the_sku(tmp_path: Path, sku: str) -> None:
    proposal = _copy(EXAMPLES / "proposals" / "sanctions-light-variant.yaml", tmp_path,
                     {"sku": sku, "consignee": f"Midlands {sku} Ltd", "buyer": sku})
    done = run("check", proposal)
    assert done.returncode == 4, done.stdout + done.stderr
    assert done.stdout.startswith("REJECTED proposal P-2026-0105")
    assert "internal error" not in done.stderr


def test_check_prints_a_markup_party_name_literally_and_refuses(tmp_path: Path) -> None:
    # "[/]" closes nothing: read as markup it crashed the reasons table (exit 1, not 4)
    name = "Tornado [/]Kash"
    proposal = _copy(EXAMPLES / "proposals" / "sanctions-light-variant.yaml", tmp_path,
                     {"end_user": name})
    as_json = run("check", proposal, "--format", "json")
    assert as_json.returncode == 4 and json.loads(as_json.stdout)["status"] == "REJECTED"
    done = run("check", proposal)
    assert done.returncode == 4, done.stdout + done.stderr
    assert f"end_user '{name}' matches ofac_sdn" in done.stdout


@pytest.mark.parametrize("sku", TRICKS)
def test_check_prints_a_markup_sku_in_a_reason_literally(tmp_path: Path, sku: str) -> None:
    proposal = _copy(EXAMPLES / "proposals" / "de-in-dual-use.yaml", tmp_path, {"sku": sku})
    done = run("check", proposal)
    # on the bundled (stale) lists a dual-use export is a review, never an approval
    assert done.returncode == 3, done.stdout + done.stderr
    assert f"line 1 ({sku}): EU dual-use" in done.stdout


def test_validate_writes_control_characters_out(tmp_path: Path) -> None:
    bad = tmp_path / "DE\x1b[31m.yaml"
    bad.write_text("country: DE\nname: [unclosed\n", encoding="utf-8")
    for fmt in ("text", "github"):
        done = run("validate", "--no-bundled", "--format", fmt, bad)
        assert done.returncode == 1, done.stderr
        assert "\x1b" not in done.stdout and "DE\\x1b[31m.yaml" in done.stdout


def test_lists_diff_prints_list_names_literally(tmp_path: Path) -> None:
    old, new = tmp_path / "old.csv", tmp_path / "new.csv"
    old.write_text('10,"DOE, John",individual,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n',
                   encoding="cp1252")
    new.write_text(old.read_text(encoding="cp1252")
                   + '11,"ACME [/red] [bold]TRADING",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,'
                     '-0- ,-0- ,-0- \n', encoding="cp1252")
    done = subprocess.run([sys.executable, "-m", "pricing_engine", "lists", "diff", str(old),
                           str(new)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "ACME [/red] [bold]TRADING" in done.stdout
