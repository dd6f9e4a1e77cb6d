"""``--locale`` on ``quote`` and ``check``: POSIX and BCP-47 names, one-line refusal, babel money.

Through the real console script (``python -m pricing_engine``): the same table for ``de_DE``
and ``de-DE``, exit 2 with one line for an unknown locale, French money in the ``check``
table, and JSON that does not depend on the locale.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pricing_engine.cli._locale import UnknownLocale, parse_locale
from pricing_engine.cli.main import cli

ROOT = Path(__file__).resolve().parents[2]
QUOTE = ROOT / "examples" / "de-us-ddp.yaml"
PROPOSAL = ROOT / "examples" / "proposals" / "de-gb-dap.yaml"
REFUSAL = ("pricing-engine: error: unknown locale 'xx-YY' (give a POSIX or BCP-47 name babel "
           "knows, such as de_DE, de-DE, pt-BR or zh-Hant-TW)\n")


def _run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pricing_engine", *map(str, args)],
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.parametrize(("value", "name"), [
    ("de_DE", "de_DE"), ("de-DE", "de_DE"), ("de", "de"), ("pt-BR", "pt_BR"),
    ("pt_BR", "pt_BR"), ("zh-Hant-TW", "zh_Hant_TW"), ("zh_Hant_TW", "zh_Hant_TW"),
    ("fr-ch", "fr_CH"),
])
def test_posix_and_bcp47_names_give_babels_name(value: str, name: str) -> None:
    assert parse_locale(value) == name


@pytest.mark.parametrize("value", ["xx-YY", "xx_YY", "de_DE-x", "", "de-DE-", "en-US-x"])
def test_unknown_or_malformed_names_are_refused(value: str) -> None:
    with pytest.raises(UnknownLocale, match=f"^unknown locale {re.escape(repr(value))} "):
        parse_locale(value)


def test_de_de_and_de_underscore_de_give_the_same_german_table() -> None:
    dashed = _run("quote", QUOTE, "--locale", "de-DE")
    posix = _run("quote", QUOTE, "--locale", "de_DE")
    assert dashed.returncode == posix.returncode == 0, dashed.stderr + posix.stderr
    assert dashed.stdout == posix.stdout
    # German grouping and decimal marks, the currency sign after the amount
    assert "54.400,00\xa0€" in dashed.stdout
    assert "(20,7%)" in dashed.stdout
    assert "54,400.00" not in dashed.stdout


@pytest.mark.parametrize("command", [("quote", QUOTE), ("check", PROPOSAL)])
def test_an_unknown_locale_is_exit_2_with_one_line(command: tuple[str, Path]) -> None:
    done = _run(*command, "--locale", "xx-YY")
    assert done.returncode == 2
    assert done.stderr == REFUSAL
    assert done.stdout == ""


def test_the_refusal_is_one_line_in_process_too() -> None:
    # click's own standalone handling (no cli/main.py guard) shows the same line, exit 2
    done = CliRunner().invoke(cli, ["quote", str(QUOTE), "--locale", "xx-YY"])
    assert done.exit_code == 2
    assert done.output == REFUSAL


def test_check_table_formats_money_for_the_locale() -> None:
    french = _run("check", PROPOSAL, "--locale", "fr-FR")
    default = _run("check", PROPOSAL)
    assert french.returncode == default.returncode, french.stderr + default.stderr
    assert french.returncode in (0, 3), french.stderr  # a decision, not a usage error
    # fr: narrow no-break space between thousands, decimal comma, the sign after
    assert re.search(r"│ revenue +│ +42\u202f000,00\xa0€ │", french.stdout), french.stdout
    assert re.search(r"│ margin % +│ +28,7\xa0?% │", french.stdout), french.stdout
    assert re.search(r"│ revenue +│ +€42,000\.00 │", default.stdout), default.stdout
    assert "42000.00 EUR" not in french.stdout + default.stdout


@pytest.mark.parametrize("command", [("quote", QUOTE), ("check", PROPOSAL)])
def test_json_does_not_depend_on_the_locale(command: tuple[str, Path]) -> None:
    plain = _run(*command, "--format", "json")
    localised = _run(*command, "--format", "json", "--locale", "fr-FR")
    assert plain.returncode == localised.returncode
    assert plain.stdout.startswith("{")
    assert plain.stdout == localised.stdout


def test_check_help_offers_locale() -> None:
    done = CliRunner().invoke(cli, ["check", "--help"])
    assert done.exit_code == 0
    assert "--locale LOCALE" in done.output
