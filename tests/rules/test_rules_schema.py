"""The committed JSON Schema is the generated one, and it describes the rule files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from pricing_engine.rules.schema import rules_schema, schema_json

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "rules" / "schema" / "rules.schema.json"


def test_committed_schema_is_in_sync() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == schema_json(), (
        "regenerate: pricing-engine schema > rules/schema/rules.schema.json")


def test_schema_covers_the_four_file_kinds_strictly() -> None:
    schema = rules_schema()
    assert [ref["$ref"] for ref in schema["oneOf"]] == [
        "#/$defs/CountryFile", "#/$defs/UnionFile", "#/$defs/TariffFile",
        "#/$defs/IncotermsFile"]
    defs = schema["$defs"]
    assert all(d.get("additionalProperties") is False for d in defs.values()
               if d.get("type") == "object" and "properties" in d)
    assert "class" in defs["RateEntry"]["properties"]  # the YAML key, not the Python name


def test_bundled_files_reference_the_schema() -> None:
    files = sorted((ROOT / "rules").rglob("*.yaml"))
    assert files
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        name = "policy" if path.name == "policy.yaml" else "rules"
        rel = f"schema/{name}.schema.json" if path.parent.name == "rules" else \
            f"../schema/{name}.schema.json"
        assert first == f"# yaml-language-server: $schema={rel}", path


def test_fixture_files_validate_against_the_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(json.loads(COMMITTED.read_text()))
    good = ROOT / "tests" / "fixtures" / "rules_good"
    paths = [*sorted(good.rglob("*.yaml")), ROOT / "rules" / "incoterms2020.yaml"]
    for path in paths:
        # as an editor sees the file: YAML 1.1 types, dates as ISO strings
        data = json.loads(json.dumps(yaml.safe_load(path.read_text()), default=str))
        errors = list(validator.iter_errors(data))
        assert errors == [], (path, errors[:1])
