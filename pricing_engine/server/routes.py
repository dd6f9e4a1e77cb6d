"""The endpoints: each reads its body with the library's reader and answers with a library model.

Each handler declares its HTTP method and path next to it (``@endpoint("POST", "/v1/quote")``);
:meth:`Service.endpoints` lists them for the app's routing.

Work that takes CPU (a quote, a check, a screen) runs in a worker thread, bounded by the
request timeout, on the engine in service when the request came in (see
:mod:`pricing_engine.server.state`).
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import date
from typing import IO, Any, NamedTuple, TypeVar, cast

import anyio
import anyio.to_thread
from pydantic import BaseModel
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.types import Receive, Scope, Send

from pricing_engine.decision import parse_proposal, write_audit
from pricing_engine.documents import parse_yaml, validate_document
from pricing_engine.errors import InputError, MissingData
from pricing_engine.landed import price_for_margin
from pricing_engine.landed.report import quote_report
from pricing_engine.money import FRACTIONS
from pricing_engine.quote import Quote, parse_quote
from pricing_engine.screening.batch import render_jsonl, screen_rendered
from pricing_engine.screening.batch_input import raw_rows
from pricing_engine.screening.bundle import published_on
from pricing_engine.screening.result import ScreeningQuery
from pricing_engine.server.auth import ApiKey, ApiKeys
from pricing_engine.server.body import StreamReader, check_length, read_body
from pricing_engine.server.config import ServerConfig
from pricing_engine.server.metrics import Metrics
from pricing_engine.server.models import Health, Readiness, ReloadResult
from pricing_engine.server.problems import HttpProblem
from pricing_engine.server.state import EngineState, Served
from pricing_engine.server.yente import YenteMatchQuery, match_response

__all__ = ["BODY_NAME", "Endpoint", "Handler", "Service", "endpoint"]

#: What error messages call a request's body (as the CLI calls standard input ``<stdin>``).
BODY_NAME = "<request>"
#: Bodies up to this size are answered on the event loop (see Service._compute).
INLINE_BYTES = 16 * 1024
#: The size given for work that always goes to a thread (a solve, a file written...).
_THREAD = INLINE_BYTES + 1
_JSON = "application/json"
_log = logging.getLogger("pricing_engine.server")
T = TypeVar("T")
Handler = Callable[[Request], Awaitable[Response]]
_Method = Callable[["Service", Request], Awaitable[Response]]
M = TypeVar("M", bound=_Method)


class Endpoint(NamedTuple):
    """One route the service answers: its HTTP method, its path template and its handler."""

    method: str
    path: str
    handler: Handler


def endpoint(method: str, path: str) -> Callable[[M], M]:
    """Declare that a :class:`Service` method answers ``method`` requests on ``path``."""

    def declared(handler: M) -> M:
        setattr(handler, "_route", (method, path))  # noqa: B010 - read by Service.endpoints
        return handler

    return declared


def _json(model: BaseModel, status: int = 200, *, by_alias: bool = False) -> Response:
    # the serializer's bytes as they are: model_dump_json would decode them to a str, which
    # the response encodes again (the same bytes)
    return Response(model.__pydantic_serializer__.to_json(model, by_alias=by_alias),
                    status_code=status, media_type=_JSON)


class Service:
    """The endpoints over one :class:`EngineState`, with its keys and metrics."""

    def __init__(self, config: ServerConfig, state: EngineState, keys: ApiKeys | None,
                 metrics: Metrics, *, on_reload: Callable[[], None] | None = None) -> None:
        self.config = config
        self.on_reload = on_reload
        self.state = state
        self.keys = keys
        self.metrics = metrics
        self._openapi: bytes | None = None

    def endpoints(self) -> list[Endpoint]:
        """The routes, in the order the methods are declared (each with its :func:`endpoint`)."""
        found = []
        for name, function in vars(Service).items():
            route: tuple[str, str] | None = getattr(function, "_route", None)
            if route is not None:
                found.append(Endpoint(*route, getattr(self, name)))
        return found

    async def _compute(self, work: Callable[[], T], size: int) -> T:
        """Run ``work`` for a body of ``size`` bytes: inline if small, else in a thread.

        A body under :data:`INLINE_BYTES` (a quote of a few dozen lines, one party) is
        answered on the event loop: a few milliseconds of work, where handing it to a
        thread and back would cost two wake-ups of a busy machine. A larger one runs in a
        worker thread within the request timeout (an answer that takes longer is a 503; the
        thread finishes and its result is dropped).
        """
        if size <= INLINE_BYTES:
            return work()
        try:
            with anyio.fail_after(self.config.timeout):
                return await anyio.to_thread.run_sync(work, abandon_on_cancel=True)
        except TimeoutError:
            raise HttpProblem(503, f"the answer took longer than the {self.config.timeout:g} s "
                              "limit", "timeout") from None

    async def _body(self, request: Request) -> bytes:
        return await read_body(request, self.config.max_body_bytes, self.config.timeout)

    # --- quotes -------------------------------------------------------------------------

    @endpoint("POST", "/v1/quote")
    async def quote(self, request: Request) -> Response:
        """POST /v1/quote: a quote (JSON or YAML) in, the ``quote --format json`` document out."""
        compare = _flag(request, "compare_incoterms")
        body = await self._body(request)
        q = parse_quote(body, BODY_NAME)
        served = self.state.current
        return await self._compute(lambda: _quote_document(served, q, None, compare),
                                   _THREAD if compare else len(body))

    @endpoint("POST", "/v1/quote/target")
    async def quote_target(self, request: Request) -> Response:
        """POST /v1/quote/target?target=0.25: the quote with the unit prices for a margin."""
        text = request.query_params.get("target")
        if text is None:
            raise HttpProblem(400, "target: give the margin to reach, e.g. ?target=0.25")
        target = FRACTIONS.read(text, field="target")
        compare = _flag(request, "compare_incoterms")
        body = await self._body(request)
        q = parse_quote(body, BODY_NAME)
        served = self.state.current
        return await self._compute(lambda: _quote_document(served, q, target, compare),
                                   _THREAD)

    # --- check --------------------------------------------------------------------------

    @endpoint("POST", "/v1/check")
    async def check(self, request: Request) -> Response:
        """POST /v1/check: a proposal in, the decision out (an audit record with --audit-dir)."""
        body = await self._body(request)
        proposal = parse_proposal(body, BODY_NAME)
        served, caller = self.state.current, _caller(request)
        engine, allow_list, audit_dir = served.engine, served.allow_list, self.config.audit_dir

        def decide() -> Response:
            decision = engine.check(proposal, allow_list=allow_list)
            if audit_dir:
                record = engine.audit(decision, proposal, allow_list=allow_list)
                record["api_key"] = caller.label if caller else None
                path = write_audit(record, audit_dir)
                decision = decision.model_copy(update={"audit_record": path.name})
            return _json(decision)

        return await self._compute(decide, _THREAD if audit_dir else len(body))

    # --- screening ----------------------------------------------------------------------

    @endpoint("POST", "/v1/screen")
    async def screen(self, request: Request) -> Response:
        """POST /v1/screen: one party (name, kind, country, dob, identifiers) in, its result out."""
        body = await self._body(request)
        query = validate_document(parse_yaml(body, BODY_NAME), ScreeningQuery,
                                  "a party is a mapping (name:, kind:, country:, dob:)")
        engine = self.state.current.engine
        return await self._compute(lambda: _json(engine.screen(query)), len(body))

    @endpoint("POST", "/v1/screen/batch")
    async def screen_batch(self, request: Request) -> Response:
        """POST /v1/screen/batch: JSON lines (or CSV) in, one JSON line per record out, in order."""
        check_length(request, self.config.max_batch_bytes)
        screener = self.state.current.engine.screener
        if screener is None:
            raise MissingData(f"no sanctions lists: {self.state.current.engine.lists_error}")
        reader = StreamReader(request.stream(), limit=self.config.max_batch_bytes,
                              timeout=self.config.timeout)
        # the first line is read (a CSV header checked) before any answer is sent
        rows = await anyio.to_thread.run_sync(lambda: raw_rows(cast(IO[bytes], reader)))
        chunks = screen_rendered(screener, rows, render_jsonl)  # in this process (no fork)
        return _Streamed(_stream(chunks), media_type="application/x-ndjson")

    @endpoint("POST", "/match/{dataset}")
    async def match(self, request: Request) -> Response:
        """POST /match/{dataset}: a yente match request in, a yente match response out."""
        dataset = request.path_params["dataset"]
        served = self.state.current
        known = {info.list_id for info in served.engine.lists}
        if dataset != "default" and dataset not in known:
            raise HttpProblem(404, f"no dataset {dataset!r}: 'default' or one of "
                              f"{', '.join(sorted(known))}")
        limit = _whole_number(request, "limit", 5)
        config = served.engine.screener.config if served.engine.screener else None
        threshold = _score(request, "threshold", config.hit_threshold if config else 0.0)
        raw = await self._body(request)
        body = validate_document(parse_yaml(raw, BODY_NAME), YenteMatchQuery,
                                 "a match request is a mapping with queries:")
        return await self._compute(lambda: _json(match_response(
            body, served.engine.screen, dataset=dataset, limit=limit, threshold=threshold),
            by_alias=True), len(raw) if len(body.queries) == 1 else _THREAD)

    @endpoint("GET", "/v1/lists")
    async def lists(self, request: Request) -> Response:
        """GET /v1/lists: the lists in service (``lists --format json``)."""
        served = self.state.current
        if served.lists is None:
            raise MissingData(f"no sanctions lists: {served.engine.lists_error}")
        return _json(served.lists)

    # --- operations ---------------------------------------------------------------------

    @endpoint("GET", "/healthz")
    async def healthz(self, request: Request) -> Response:
        """GET /healthz: the process is up."""
        return _json(Health())

    @endpoint("GET", "/readyz")
    async def readyz(self, request: Request) -> Response:
        """GET /readyz: 200 when the engine can answer as its policy requires, else 503."""
        served = self.state.current
        reasons = served.unready(date.today())
        engine = served.engine
        body = Readiness(ready=not reasons, reasons=tuple(reasons),
                         loaded_at=served.loaded_at_iso, rules_hash=engine.rules.content_hash,
                         lists_hash=engine.lists_hash, policy_hash=engine.policy_hash)
        return _json(body, 200 if not reasons else 503)

    @endpoint("GET", "/metrics")
    async def metrics_text(self, request: Request) -> Response:
        """GET /metrics: Prometheus text."""
        served = self.state.current
        ages = [(info.list_id, published_on(info.published)) for info in served.engine.lists]
        text = self.metrics.render(list_ages=ages, today=date.today(),
                                   loaded_at=served.loaded_at)
        return Response(text, media_type="text/plain; version=0.0.4; charset=utf-8")

    @endpoint("POST", "/v1/admin/reload")
    async def reload(self, request: Request) -> Response:
        """POST /v1/admin/reload: build a new engine aside and swap it in (admin key)."""
        caller = _caller(request)
        if self.keys is None or not self.keys.has_admin:
            raise HttpProblem(403, "reload over HTTP needs an admin key (--api-key-file with "
                              "'admin: true'); SIGHUP reloads too")
        if caller is None or not caller.admin:
            raise HttpProblem(403, "this key may not reload")
        served = await self.reload_now()
        if self.on_reload is not None:  # the other workers of serve --workers N
            self.on_reload()
        engine = served.engine
        return _json(ReloadResult(loaded_at=served.loaded_at_iso,
                                  seconds=round(served.seconds, 3),
                                  rules_hash=engine.rules.content_hash,
                                  lists_hash=engine.lists_hash, policy_hash=engine.policy_hash))

    async def reload_now(self) -> Served:
        """Reload in a worker thread, counting the outcome (HTTP and SIGHUP alike)."""
        try:
            served = await anyio.to_thread.run_sync(self.state.reload)
        except Exception:
            self.metrics.reloaded("failed")
            raise
        self.metrics.reloaded("ok")
        _log.info("reloaded in %.2f s: lists %s", served.seconds, served.engine.lists_hash)
        return served

    @endpoint("GET", "/openapi.json")
    async def openapi(self, request: Request) -> Response:
        """GET /openapi.json: the OpenAPI document (the committed openapi.json)."""
        if self._openapi is None:
            from pricing_engine.server.openapi import openapi_json

            self._openapi = openapi_json().encode("utf-8")
        return Response(self._openapi, media_type=_JSON)


def _quote_document(served: Served, q: Quote, target: Any, compare: bool) -> Response:
    engine = served.engine.landed
    result = engine.quote(q, written_out=True)  # the JSON reads every line
    # the served policy's price points (as `quote --target` takes the bundled policy's)
    solution = price_for_margin(q, target, engine=engine,
                                points=served.engine.policy.price_points) \
        if target is not None else None
    compared = engine.compare_incoterms(q) if compare else None
    return _json(quote_report(result, solution=solution, compared=compared))


class _Streamed(StreamingResponse):
    """A streamed answer that leaves ``receive`` to the body reader.

    Starlette's StreamingResponse may listen for a disconnect by calling ``receive``, which
    would take the pieces of a body that is still being read; here a disconnect reaches the
    body reader instead (the request stream ends with an error) and the work stops.
    """

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": self.status_code,
                    "headers": self.raw_headers})
        async for chunk in self.body_iterator:
            data = chunk.encode(self.charset) if isinstance(chunk, str) else bytes(chunk)
            await send({"type": "http.response.body", "body": data, "more_body": True})
        await send({"type": "http.response.body", "body": b"", "more_body": False})


async def _stream(chunks: Iterator[list[tuple[str, str]]]) -> AsyncIterator[bytes]:
    """The rendered records of each chunk, screened in a worker thread as the body arrives."""
    try:
        while True:
            chunk = await anyio.to_thread.run_sync(next, chunks, None)
            if chunk is None:
                return
            yield "".join(text for _, text in chunk).encode("utf-8")
    finally:
        close = getattr(chunks, "close", None)
        if close is not None:
            with contextlib.suppress(ValueError):  # still running in an abandoned thread
                close()


def _caller(request: Request) -> ApiKey | None:
    caller: ApiKey | None = getattr(request.state, "api_key", None)
    return caller


def _flag(request: Request, name: str) -> bool:
    if not request.scope.get("query_string"):  # no parameters: the default, unparsed
        return False
    value = request.query_params.get(name, "false").lower()
    if value not in ("true", "false", "1", "0"):
        raise InputError(f"{name}: true or false")
    return value in ("true", "1")


def _whole_number(request: Request, name: str, default: int) -> int:
    """A query parameter of ASCII digits (not "-1", " 3 ", "1_0" or another script's digits)."""
    text = request.query_params.get(name)
    if text is None:
        return default
    if not _WHOLE.fullmatch(text):
        raise InputError(f"{name}: {text!r} is not a whole number (digits 0-9)")
    return int(text)


def _score(request: Request, name: str, default: float) -> float:
    """A query parameter that is a score from 0 to 1 in plain decimals ("0.8").

    Never NaN or infinite: ``match`` is ``score >= threshold``, and a NaN threshold would
    call every listed party no match.
    """
    text = request.query_params.get(name)
    if text is None:
        return default
    if not _DECIMAL.fullmatch(text) or not 0 <= float(text) <= 1:
        raise InputError(f"{name}: {text!r} is not a score from 0 to 1 (e.g. 0.8)")
    return float(text)


_WHOLE = re.compile(r"[0-9]{1,9}")
_DECIMAL = re.compile(r"[0-9]{1,9}(?:\.[0-9]{0,12})?|\.[0-9]{1,12}")
