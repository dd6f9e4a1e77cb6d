"""``pricing-engine serve`` without the [server] extra, and its --openapi (which needs none)."""

from __future__ import annotations

import sys

import pytest
from click.testing import CliRunner

from pricing_engine.cli.main import cli
from tests.server.conftest import ROOT


def test_without_the_extra_the_command_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)  # find_spec then finds nothing
    result = CliRunner().invoke(cli, ["serve", "--port", "0"])
    assert result.exit_code == 2
    assert 'pip install "pricing-engine[server]"' in result.output
    assert "uvicorn" in result.output


def test_openapi_flag_prints_the_committed_document() -> None:
    result = CliRunner().invoke(cli, ["serve", "--openapi"])
    assert result.exit_code == 0
    assert result.stdout == (ROOT / "openapi.json").read_text(encoding="utf-8")
