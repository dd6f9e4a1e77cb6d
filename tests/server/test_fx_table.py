"""``serve --fx-table``: the served engine prices at the operator's reference rates, reload too.

The example quote (examples/fx/us-gb-ecb-rates.yaml) has no ``fx``: its USD/GBP rate comes
from the reference table. A desk table (1 EUR = 1.25 USD = 0.85 GBP on 2025-05-09, so
USD/GBP 0.68) gives a customs value of 7262.40 GBP where the bundled ECB rates give 8046.07;
a reload reads the table file again, so a changed table is served after it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pricing_engine.cli.main import cli
from pricing_engine.fx_rates import ReferenceRates, write_reference_rates
from tests.server.conftest import ADMIN_KEY, LENIENT, ROOT, Server, key_file, needs_server

needs_server()

QUOTE = (ROOT / "examples" / "fx" / "us-gb-ecb-rates.yaml").read_bytes()


def _desk(usd: str) -> ReferenceRates:
    return ReferenceRates.of({date(2025, 5, 9): {"USD": usd, "GBP": "0.85"}},
                             source="Treasury desk rates", label="desk-2025-05-09")


@pytest.fixture(scope="module")
def own(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Path]]:
    directory = tmp_path_factory.mktemp("fx_table")
    table = write_reference_rates(_desk("1.25"), directory / "rates.yaml")
    running = Server(directory, "--policy", str(LENIENT), "--api-key-file",
                     str(key_file(directory)), "--fx-table", str(table))
    yield running, table
    running.stop()


def _priced(admin: Any) -> tuple[str, str]:
    response = admin.post("/v1/quote", content=QUOTE)
    assert response.status_code == 200, response.text
    doc = response.json()
    note = next(n["message"] for n in doc["notes"] if n["code"] == "FX_REFERENCE_RATE")
    return doc["lines"][0]["customs_value"]["amount"], note


def test_the_served_engine_uses_the_table_and_a_reload_keeps_it(
        own: tuple[Server, Path]) -> None:
    server, table = own
    with server.client(key=ADMIN_KEY) as admin:
        amount, note = _priced(admin)
        assert amount == "7262.40"  # 10680 USD at 0.85 / 1.25; the bundled rates: 8046.07
        assert "Treasury desk rates" in note and "USD/GBP 0.68" in note
        assert admin.post("/v1/admin/reload").status_code == 200
        assert _priced(admin)[0] == "7262.40"
        # the table is read again on a reload: 1 EUR = 1.0625 USD makes USD/GBP 0.8
        write_reference_rates(_desk("1.0625"), table)
        assert admin.post("/v1/admin/reload").status_code == 200
        amount, note = _priced(admin)
        assert amount == "8544.00" and "USD/GBP 0.8" in note


def test_a_table_file_that_is_not_there_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", "--port", "0", "--fx-table",
                                      str(tmp_path / "missing.yaml")])
    assert result.exit_code == 2
    assert "--fx-table" in result.output
