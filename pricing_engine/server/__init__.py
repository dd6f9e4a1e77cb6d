"""The HTTP service (``pricing-engine serve``): one warm engine behind a small ASGI app.

Needs the ``server`` extra (``pip install "pricing-engine[server]"``: Starlette and uvicorn)
for :func:`create_app`; :func:`build_openapi` and :class:`ServerConfig` need nothing more than
the library. One module, one job::

    config      ServerConfig: the data paths and the limits
    state       the engine in service; reload: build aside, swap whole, keep the old on failure
    auth        API keys (labelled, sha256, constant-time compare)
    body        bodies read bounded in size and time; a streamed batch as a blocking file
    problems    errors as RFC 9457 problem details with the CLI's messages
    routes      the endpoints, each answering with a library model
    yente       the yente-compatible /match/{dataset} request and response
    metrics     Prometheus text: request counts, latency histograms, list ages
    access_log  one JSON line per request
    openapi     the OpenAPI document, from the same pydantic models as the JSON Schemas
    app         create_app: routes, the request-id / key / log / metrics middleware, SIGHUP
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from pricing_engine.server.config import ServerConfig

if TYPE_CHECKING:
    from pricing_engine.server.app import create_app
    from pricing_engine.server.openapi import build_openapi

__all__ = ["ServerConfig", "build_openapi", "create_app"]

_LAZY = {"build_openapi": "pricing_engine.server.openapi",
         "create_app": "pricing_engine.server.app"}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'pricing_engine.server' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
