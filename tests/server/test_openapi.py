"""The committed OpenAPI document is current, and its schemas are the published ones.

No server is needed: the document is built from the library's pydantic models (the web
framework is not imported).
"""

from __future__ import annotations

import json

import pytest

from pricing_engine.output_schemas import OUTPUT_KINDS, output_schema
from pricing_engine.server.openapi import build_openapi, openapi_json
from tests.server.conftest import ROOT

#: Output kinds the service returns, and the name of their OpenAPI component.
SERVED = {"quote-result": "QuoteReport", "decision": "Decision",
          "screen-result": "ScreeningResult", "screen-record": "ScreenRecord",
          "lists-status": "ListsStatus"}


def test_the_committed_openapi_is_current() -> None:
    committed = (ROOT / "openapi.json").read_text(encoding="utf-8")
    assert committed == openapi_json(), (
        "openapi.json is stale: python -m pricing_engine serve --openapi > openapi.json")


@pytest.mark.parametrize("kind", sorted(SERVED))
def test_components_are_the_published_schemas(kind: str) -> None:
    assert kind in OUTPUT_KINDS
    components = build_openapi()["components"]["schemas"]
    text = json.dumps(output_schema(kind)).replace("#/$defs/", "#/components/schemas/")
    # a model read in requests and written in answers (ScreeningQuery) has one component
    # per mode; answers use the -Output one
    twice = {n.removesuffix("-Output") for n in components if n.endswith("-Output")}
    for name in twice:
        text = text.replace(f'"#/components/schemas/{name}"',
                            f'"#/components/schemas/{name}-Output"')
    published = json.loads(text)
    for name, schema in published.pop("$defs", {}).items():
        assert components[name + "-Output" if name in twice else name] == schema, name
    top = {k: v for k, v in published.items() if k not in ("$schema", "title")}
    assert {k: v for k, v in components[SERVED[kind]].items() if k != "title"} == top


def test_every_operation_documents_its_problems() -> None:
    doc = build_openapi()
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            assert "200" in operation["responses"], (method, path)
    assert set(doc["paths"]) >= {"/v1/quote", "/v1/quote/target", "/v1/check", "/v1/screen",
                                 "/v1/screen/batch", "/v1/lists", "/match/{dataset}",
                                 "/v1/admin/reload", "/healthz", "/readyz", "/metrics"}
