"""JSON Schemas of the documents the library and the CLI emit, generated from their models.

``pricing-engine schema --kind KIND`` prints them; the committed copies are
``schemas/KIND.schema.json`` (a test keeps them in step)::

    quote-result   pricing-engine quote --format json (with --target and --compare-incoterms)
    decision       pricing-engine check --format json (and each audit record's decision)
    screen-result  pricing-engine screen NAME --format json
    screen-record  each line of pricing-engine screen --input FILE (JSONL)

Every document carries ``schema_version`` (:data:`pricing_engine.contract.SCHEMA_VERSION`).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

__all__ = ["OUTPUT_KINDS", "output_schema"]

#: The output document kinds, in the order the CLI lists them.
OUTPUT_KINDS = ("quote-result", "decision", "screen-result", "screen-record")


def _model(kind: str) -> type[BaseModel]:
    if kind == "quote-result":
        from pricing_engine.landed.result import QuoteReport

        return QuoteReport
    if kind == "decision":
        from pricing_engine.decision.model import Decision

        return Decision
    if kind == "screen-result":
        from pricing_engine.screening.result import ScreeningResult

        return ScreeningResult
    if kind == "screen-record":
        from pricing_engine.screening.batch import ScreenRecord

        return ScreenRecord
    raise ValueError(f"unknown output kind {kind!r}; one of {', '.join(OUTPUT_KINDS)}")


def output_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the output document ``kind`` (see OUTPUT_KINDS)."""
    schema = _model(kind).model_json_schema(mode="serialization")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": f"pricing-engine {kind}", **{k: v for k, v in schema.items()
                                                   if k != "title"}}
