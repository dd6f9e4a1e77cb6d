"""The JSON Schema of the rule format, for editors and other validators.

One schema covers the four kinds of rule file (``oneOf`` country, union, tariff table,
Incoterms). The
committed copy is ``rules/schema/rules.schema.json``; a test keeps it in sync.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic.json_schema import models_json_schema

from pricing_engine.rules.incoterms import IncotermsFile
from pricing_engine.rules.model import CountryFile, TariffFile, UnionFile

__all__ = ["SCHEMA_ID", "rules_schema", "schema_json"]

SCHEMA_ID = "https://pricing-engine.invalid/schema/rules.schema.json"


def rules_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of country, union, tariff-table and Incoterms files."""
    kinds = (CountryFile, UnionFile, TariffFile, IncotermsFile)
    models = [(m, "validation") for m in kinds]
    refs, top = models_json_schema(models, ref_template="#/$defs/{model}")  # type: ignore[arg-type]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "pricing_engine rule file",
        "description": "A country file, a customs-union file, a tariff table or the Incoterms "
        "file; see rules/FORMAT.md. Rates and amounts are decimal strings.",
        "oneOf": [refs[(m, "validation")] for m in kinds],
        "$defs": top["$defs"],
    }


def schema_json() -> str:
    """The schema as stable, indented JSON text (ending with a newline)."""
    return json.dumps(rules_schema(), indent=2, ensure_ascii=False) + "\n"
