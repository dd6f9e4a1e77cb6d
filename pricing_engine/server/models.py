"""The documents only the HTTP service emits: problems, health, readiness, reload results.

Everything else the service returns is a library document (a quote result, a decision, a
screening result...) built by the library's own model, so the OpenAPI document and the
published JSON Schemas describe one and the same shape.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from pricing_engine.contract import OutputDocument, OutputModel

__all__ = ["Health", "Problem", "Readiness", "ReloadResult"]


class Problem(OutputModel):
    """An error as RFC 9457 problem details (``application/problem+json``).

    ``detail`` is the message the CLI gives for the same input (``<request>:LINE:COLUMN:
    field: message`` for a document with a mistake); never a stack trace.
    """

    type: str = Field(description="a URI naming the kind of problem (a program branches on it)")
    title: str = Field(description="short summary of the kind of problem")
    status: int = Field(description="the HTTP status code")
    detail: str = Field(description="what is wrong with this request, as the CLI says it")
    instance: str = Field(description="the request path")
    request_id: str = Field(description="the X-Request-ID of the request (in the access log)")


class Health(OutputModel):
    """The process is up and serving (liveness)."""

    status: Literal["ok"] = "ok"


class Readiness(OutputModel):
    """Whether the engine in service can answer as the policy requires (readiness).

    Ready only when the rules, the lists and the policy are loaded, every list the policy
    requires is present and no list is older than the policy's ``max_list_age_days``.
    """

    ready: bool
    reasons: tuple[str, ...] = Field(description="why the service is not ready (empty if ready)")
    loaded_at: str = Field(description="when the engine in service was built (UTC, ISO 8601)")
    rules_hash: str
    lists_hash: str | None
    policy_hash: str


class ReloadResult(OutputDocument):
    """A reload that succeeded: the new engine is in service (a failed one is a problem)."""

    status: Literal["reloaded"] = "reloaded"
    loaded_at: str
    seconds: float = Field(description="time taken to build the new engine aside")
    rules_hash: str
    lists_hash: str | None
    policy_hash: str
