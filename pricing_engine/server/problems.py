"""Errors as RFC 9457 problem details, with the messages the CLI gives, never a stack trace.

Each library error maps to a status and a problem ``type`` a program can branch on::

    invalid-input    400  a document or parameter that cannot be used (file:line:column)
    missing-rule     422  no rule, HS code, origin or FX rate for the quote (named)
    unauthorized     401  no API key, or one the service does not know
    forbidden        403  a key that may not reload, or no admin key configured
    not-found        404  no such route (or dataset)
    method           405  the route does not take this method
    too-large        413  the body is over the limit
    timeout          408 / 503  reading the body / computing the answer took too long
    unavailable      503  no sanctions lists to screen against
    reload-failed    409  a reload failed; the engine in service is unchanged
    internal         500  a bug: the access log and stderr have the request id
"""

from __future__ import annotations

from starlette.responses import Response

from pricing_engine.errors import InputError, MissingData, PricingEngineError
from pricing_engine.landed import TargetUnreachable
from pricing_engine.server.models import Problem
from pricing_engine.server.state import ReloadFailed

__all__ = ["HttpProblem", "problem_of", "problem_response"]

#: The base of every problem ``type`` URI (relative: the service's own documentation).
PROBLEM_BASE = "/problems/"

_TITLES = {
    400: "Invalid input", 401: "Unauthorized", 403: "Forbidden", 404: "Not found",
    405: "Method not allowed", 408: "Request timeout", 409: "Reload failed",
    413: "Content too large", 422: "Cannot be computed", 500: "Internal error",
    503: "Service unavailable",
}
_KINDS = {400: "invalid-input", 401: "unauthorized", 403: "forbidden", 404: "not-found",
          405: "method", 408: "timeout", 409: "reload-failed", 413: "too-large",
          422: "missing-rule", 500: "internal", 503: "unavailable"}


class HttpProblem(Exception):
    """A problem a handler raises on purpose: status, message and optionally its kind."""

    def __init__(self, status: int, detail: str, kind: str | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.kind = kind or _KINDS.get(status, "error")
        self.headers = headers or {}


def problem_of(exc: BaseException) -> HttpProblem:
    """The problem an exception stands for (the library's errors keep their message)."""
    if isinstance(exc, HttpProblem):
        return exc
    if isinstance(exc, ReloadFailed):
        return HttpProblem(409, str(exc))
    if isinstance(exc, MissingData):
        return HttpProblem(503, str(exc), "unavailable")
    if isinstance(exc, InputError):
        return HttpProblem(400, str(exc))
    if isinstance(exc, TargetUnreachable):
        return HttpProblem(422, str(exc), "target-unreachable")
    if isinstance(exc, PricingEngineError):  # MissingRule, MissingFxRate, AmbiguousHsCode
        return HttpProblem(422, str(exc))
    return HttpProblem(500, "internal error (a bug): the server log has the details under "
                       "this request id", "internal")


def problem_response(problem: HttpProblem, *, path: str, request_id: str) -> Response:
    """The ``application/problem+json`` response of ``problem``."""
    body = Problem(type=PROBLEM_BASE + problem.kind,
                   title=_TITLES.get(problem.status, "Error"), status=problem.status,
                   detail=problem.detail, instance=path, request_id=request_id)
    return Response(body.model_dump_json(), status_code=problem.status,
                    media_type="application/problem+json", headers=problem.headers)
