"""JSON Schemas of the documents the library and the CLI emit, generated from their models.

``pricing-engine schema --kind KIND`` prints them; the committed copies are
``schemas/KIND.schema.json`` (a test keeps them in step)::

    quote-result     pricing-engine quote --format json (with --target, --compare-incoterms)
    decision         pricing-engine check --format json (and each audit record's decision)
    screen-result    pricing-engine screen NAME --format json
    screen-record    each line of pricing-engine screen --input FILE (JSONL)
    lists-status     pricing-engine lists --format json (the lists in effect)
    lists-diff       pricing-engine lists diff OLD NEW --format-out json
    validate-result  pricing-engine validate --format json
    rescreen-record  each line of pricing-engine screen --input FILE --changed-since OLD
    pricebook        pricing-engine pricebook CATALOG MARKETS --format json

Every document carries ``schema_version`` (:data:`pricing_engine.contract.SCHEMA_VERSION`).
"""

from __future__ import annotations

import importlib
from typing import Any

from pydantic import BaseModel

__all__ = ["OUTPUT_KINDS", "output_schema"]

#: Each output kind's model ("module:Class", imported when its schema is asked for), in the
#: order the CLI lists them.
_MODELS = {
    "quote-result": "pricing_engine.landed.result:QuoteReport",
    "decision": "pricing_engine.decision.model:Decision",
    "screen-result": "pricing_engine.screening.result:ScreeningResult",
    "screen-record": "pricing_engine.screening.batch:ScreenRecord",
    "lists-status": "pricing_engine.screening.list_report:ListsStatus",
    "lists-diff": "pricing_engine.screening.list_report:ListDiffReport",
    "validate-result": "pricing_engine.rules.report:ValidationReport",
    "rescreen-record": "pricing_engine.screening.rescreen:RescreenRecord",
    "pricebook": "pricing_engine.pricebook.model:PriceBook",
}
#: The output document kinds, in the order the CLI lists them.
OUTPUT_KINDS = tuple(_MODELS)


def _model(kind: str) -> type[BaseModel]:
    if kind not in _MODELS:
        raise ValueError(f"unknown output kind {kind!r}; one of {', '.join(OUTPUT_KINDS)}")
    module, _, name = _MODELS[kind].partition(":")
    model: type[BaseModel] = getattr(importlib.import_module(module), name)
    return model


def output_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the output document ``kind`` (see OUTPUT_KINDS)."""
    schema = _model(kind).model_json_schema(mode="serialization")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": f"pricing-engine {kind}", **{k: v for k, v in schema.items()
                                                   if k != "title"}}
