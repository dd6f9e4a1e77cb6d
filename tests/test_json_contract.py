"""The JSON contract: every document the CLI emits starts with ``"schema_version": 1``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pricing_engine.cli.main import cli

ROOT = Path(__file__).resolve().parents[1]
QUOTE = str(ROOT / "examples" / "de-us-ddp.yaml")
PROPOSAL = str(ROOT / "examples" / "proposals" / "de-gb-dap.yaml")


def _json(*args: str, stdin: str | None = None, exit_codes: tuple[int, ...] = (0,)) -> Any:
    result = CliRunner().invoke(cli, list(args), input=stdin)
    assert result.exit_code in exit_codes, result.output
    return json.loads(result.stdout)


def _first_is_version(doc: dict[str, Any]) -> None:
    assert next(iter(doc)) == "schema_version"
    assert doc["schema_version"] == 1


@pytest.mark.parametrize("extra", [(), ("--target", "0.25"), ("--compare-incoterms",)])
def test_quote_documents_carry_the_schema_version(extra: tuple[str, ...]) -> None:
    _first_is_version(_json("quote", QUOTE, "--format", "json", *extra))


def test_check_document_carries_the_schema_version() -> None:
    _first_is_version(_json("check", PROPOSAL, "--format", "json", exit_codes=(0, 3, 4)))


def test_screen_documents_carry_the_schema_version() -> None:
    _first_is_version(_json("screen", "Banco Nacional de Cuba", "--format", "json"))
    rows = '{"id": "1", "name": "Banco Nacional de Cuba"}\n{"id": "2"}\n'
    result = CliRunner().invoke(cli, ["screen", "--input", "-", "--workers", "1"], input=rows)
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in records] == ["1", "2"]
    assert records[1]["error"]
    for record in records:
        _first_is_version(record)


def test_lists_and_validate_documents_carry_the_schema_version() -> None:
    _first_is_version(_json("lists", "--format", "json"))
    _first_is_version(_json("validate", "--format", "json"))
