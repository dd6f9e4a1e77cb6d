"""The exit-code policy shared by every command (pricing_engine.cli.main)."""

import subprocess
import sys

import click
import pytest

from pricing_engine.cli import main as cli_main
from pricing_engine.errors import MissingRule


def _run_with(monkeypatch: pytest.MonkeyPatch, exc: BaseException) -> int:
    @click.command()
    def boom() -> None:
        raise exc

    monkeypatch.setattr(cli_main.LazyGroup, "get_command", lambda self, ctx, name: boom)
    with pytest.raises(SystemExit) as stop:
        cli_main.main(["boom"])
    return int(stop.value.code or 0)


def test_a_bug_exits_1_with_one_line_and_no_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("PRICING_ENGINE_DEBUG", raising=False)
    assert _run_with(monkeypatch, RuntimeError("kaput")) == 1
    err = capsys.readouterr().err
    assert err.strip().splitlines() == [
        "pricing-engine: internal error: RuntimeError: kaput "
        "(set PRICING_ENGINE_DEBUG=1 for a traceback)"
    ]


def test_a_library_error_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run_with(monkeypatch, MissingRule("no duty rule for US 9999")) == 2
    assert "no duty rule for US 9999" in capsys.readouterr().err


def test_python_dash_m_passes_the_exit_code_through() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pricing_engine", "no-such-command"],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr


def test_help_lists_every_command_without_importing_any() -> None:
    code = (
        "import sys\n"
        "from pricing_engine.cli.main import cli\n"
        "try:\n"
        "    cli.main(['--help'], prog_name='pricing-engine')\n"
        "except SystemExit:\n"
        "    pass\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('pricing_engine.')"
        " and m.split('.')[-1] in ('check', 'lists', 'quote', 'screen', 'tariff', 'validate'))\n"
        "print('LOADED', loaded)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert "LOADED []" in done.stdout, done.stdout + done.stderr
    for name in ("check", "lists", "quote", "schema", "screen", "tariff", "validate"):
        assert f"\n  {name} " in done.stdout


def test_the_command_table_short_help_is_each_commands_own() -> None:
    from pricing_engine.cli.main import COMMANDS, LazyGroup, cli

    assert isinstance(cli, LazyGroup)
    ctx = click.Context(cli)
    for name, (_, short) in COMMANDS.items():
        command = cli.get_command(ctx, name)
        assert command is not None
        assert command.get_short_help_str(limit=1000) == short, name
