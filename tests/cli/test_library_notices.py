"""The library's warnings and slow-first-use notices on the CLI's stderr (cli.main)."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import click
import pytest

from pricing_engine.cli import main as cli_main
from pricing_engine.rules import load_rules
from tests.rules.conftest import forget_loaded, rules_with_table
from tests.rules.test_rule_cache import TABLE


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _run(monkeypatch: pytest.MonkeyPatch, rules: Path) -> int:
    """Run a command that loads ``rules`` (without the bundled ones) through cli.main."""

    @click.command()
    def load() -> None:
        load_rules(rules, include_bundled=False)

    monkeypatch.setattr(cli_main.LazyGroup, "get_command", lambda self, ctx, name: load)
    forget_loaded()
    with pytest.raises(SystemExit) as stop:
        cli_main.main(["load"])
    return int(stop.value.code or 0)


def test_a_damaged_rules_cache_is_named_on_stderr_and_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = rules_with_table(tmp_path, monkeypatch, TABLE)
    assert _run(monkeypatch, rules) == 0
    assert capsys.readouterr().err == ""  # not a terminal: no notice of the first build
    (cache,) = (tmp_path / "cache").glob("rules-*.json")
    cache.write_bytes(cache.read_bytes()[:100])
    assert _run(monkeypatch, rules) == 0
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith(f"pricing-engine: warning: ignoring rules cache "
                                               f"{cache}")
    assert _run(monkeypatch, rules) == 0  # rebuilt and cached again: nothing to say
    assert capsys.readouterr().err == ""


def test_on_a_terminal_a_first_build_says_why_it_takes_a_while(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rules = rules_with_table(tmp_path, monkeypatch, TABLE)
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert _run(monkeypatch, rules) == 0
    assert terminal.getvalue().splitlines() == [
        "pricing-engine: compiling the rule files: the first use of this set of files (seconds "
        "with the tariff tables); later runs read the compiled cache"]
    terminal.truncate(0)
    terminal.seek(0)
    assert _run(monkeypatch, rules) == 0  # read from the cache: silent
    assert terminal.getvalue() == ""
