"""The same quote through the CLI and through POST /v1/quote gives the same document.

Every example quote, as ``pricing-engine quote FILE --format json`` prints it (the click
command, run in this process) and as the server answers it: the documents are equal, so every
amount string is byte for byte the same; a quote the rules cannot price gets the same message.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pricing_engine.cli.main import cli
from pricing_engine.errors import PricingEngineError
from tests.server.conftest import ROOT, needs_server

needs_server()

EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
MODES = [((), ""), (("--target", "0.25"), "/target?target=0.25"),
         (("--compare-incoterms",), "?compare_incoterms=true")]


def _amounts(node: Any, where: str = "") -> Iterator[tuple[str, str]]:
    """Every money amount in a document, as (path, amount text)."""
    if isinstance(node, dict):
        if set(node) == {"amount", "currency"}:
            yield where, f"{node['amount']} {node['currency']}"
        for key, value in node.items():
            yield from _amounts(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _amounts(value, f"{where}[{i}]")


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize(("flags", "route"), MODES, ids=["plain", "target", "compare"])
def test_cli_and_server_give_the_same_amounts(client: Any, example: Path,
                                              flags: tuple[str, ...], route: str) -> None:
    done = CliRunner().invoke(cli, ["quote", str(example), "--format", "json", *flags])
    response = client.post("/v1/quote" + route, content=example.read_bytes())
    if isinstance(done.exception, PricingEngineError):  # the CLI says it and exits 2
        assert response.status_code in (400, 422), response.text
        told = str(done.exception).replace(str(example), "<request>")
        assert told == response.json()["detail"]
        return
    assert done.exit_code == 0, done.output
    assert response.status_code == 200, response.text
    by_cli, by_server = json.loads(done.stdout), response.json()
    amounts = list(_amounts(by_cli))
    assert len(amounts) > 10
    assert list(_amounts(by_server)) == amounts
    assert by_server == by_cli
