"""Every committed JSON Schema is what `pricing-engine schema --kind ...` prints today."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from pricing_engine.cli.validate import schema

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("kind", "committed"),
    [
        ("rules", "rules/schema/rules.schema.json"),
        ("policy", "rules/schema/policy.schema.json"),
        ("quote", "examples/quote.schema.json"),
        ("proposal", "examples/proposal.schema.json"),
    ],
)
def test_committed_schema_matches_the_command(kind: str, committed: str) -> None:
    printed = CliRunner().invoke(schema, ["--kind", kind])
    assert printed.exit_code == 0, printed.output
    assert printed.output == (ROOT / committed).read_text(encoding="utf-8"), (
        f"regenerate: pricing-engine schema --kind {kind} > {committed}")


def test_the_policy_schema_rejects_unknown_keys() -> None:
    import json

    doc = json.loads((ROOT / "rules/schema/policy.schema.json").read_text(encoding="utf-8"))
    assert doc["additionalProperties"] is False
