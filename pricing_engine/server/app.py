"""The ASGI application: routes, and one middleware for request ids, keys, logs and metrics.

:func:`create_app` builds the engine (or takes one built already) and returns a Starlette
app holding it; nothing is global, so two apps with different data live side by side. The
app has no process-wide side effects unless asked: no signal handler (``sighup=True``) and
no ``gc.freeze`` (``freeze_gc=True``) but those ``pricing-engine serve`` asks for, as it owns
its process; never GC switching, no worker processes (a batch is screened in this process, in
a worker thread).
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import os
import re
import signal
import time
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Match, Route, Router
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pricing_engine.server.access_log import log_request
from pricing_engine.server.auth import ApiKeys, load_api_keys, presented_key
from pricing_engine.server.balance import ConnectionBalance
from pricing_engine.server.config import ServerConfig
from pricing_engine.server.metrics import Metrics
from pricing_engine.server.problems import HttpProblem, problem_of, problem_response
from pricing_engine.server.routes import Handler, Service
from pricing_engine.server.state import EngineState, Served, build

__all__ = ["CLIENT_CLOSED", "OPEN_PATHS", "create_app"]

#: Paths answered without an API key (probes and the API description).
OPEN_PATHS = frozenset({"/healthz", "/readyz", "/openapi.json"})
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
_log = logging.getLogger("pricing_engine.server")


class _Endpoint:
    """A route's ASGI app: the handler's answer, every exception turned into a problem.

    The route calls it directly, not through Starlette's ``request_response`` (a request
    wrapper and an exception-handler layer a request that this catch-all makes redundant);
    500s are logged. ``route_path`` is the metrics' and the access log's route label.
    """

    def __init__(self, handler: Handler, path: str) -> None:
        self.handler = handler
        self.route_path = path
        self.__name__ = handler.__name__
        self.__doc__ = handler.__doc__

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive, send)
        try:
            response = await self.handler(request)
        except ClientDisconnect:
            raise  # nobody to answer: the middleware logs it (499)
        except Exception as exc:
            problem = problem_of(exc)
            rid = scope.get("state", {}).get("request_id", "-")
            if problem.status == 500:
                _log.exception("request %s: internal error", rid)
            response = problem_response(problem, path=request.url.path, request_id=rid)
        await response(scope, receive, send)


def _routes(service: Service) -> list[Route]:
    """One Starlette route per endpoint the service declares (see ``routes.endpoint``)."""
    return [Route(path, _Endpoint(handler, path), methods=[method])
            for method, path, handler in service.endpoints()]


def _direct_routes(routes: Sequence[BaseRoute]) -> dict[tuple[str, str], Route]:
    """The routes a request reaches by its exact method and path, as Starlette would.

    A route without path parameters, for each of its declared methods, unless a route before
    it in the list takes that request (Starlette's router answers with the first route that
    matches fully). HEAD, an unmatched path or method, a trailing slash and every route with
    parameters are left to the router.
    """
    direct: dict[tuple[str, str], Route] = {}
    for n, route in enumerate(routes):
        if not isinstance(route, Route) or route.param_convertors or not route.methods:
            continue
        for method in route.methods - {"HEAD"}:
            probe = {"type": "http", "method": method, "path": route.path, "root_path": ""}
            if all(earlier.matches(probe)[0] is not Match.FULL for earlier in routes[:n]):
                direct.setdefault((method, route.path), route)
    return direct


class ServiceMiddleware:
    """Request id, API key, access log and metrics around every HTTP request.

    A request for a route without path parameters (of ``router``, the app's) goes from
    here straight to its endpoint, found by its method and path in a dict, with the scope
    Starlette's router would have given it; any other request goes on through the app
    (Starlette's routing, and its 404, 405 and redirects). The endpoints turn every
    exception into a problem themselves (see :class:`_Endpoint`), so the exception layer
    between here and the router has nothing to do for them.
    """

    def __init__(self, app: ASGIApp, *, keys: ApiKeys | None, metrics: Metrics,
                 access_log: bool, router: Router | None = None,
                 balance: ConnectionBalance | None = None) -> None:
        self.app = app
        self.balance = balance
        self.keys = keys
        self.metrics = metrics
        self.access_log = access_log
        self.router = router
        self._direct = _direct_routes(router.routes) if router is not None else {}
        # request ids: 32 hex digits, a random half per app and a count (uuid4 read urandom
        # on every request)
        self._id_prefix = os.urandom(8).hex()
        self._ids = itertools.count()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        # the four headers read here (the last of each name, as a dict of them all would
        # keep; the server gives the names in lower case, and so does bytes.lower())
        headers: dict[bytes, bytes] = {}
        for name, value in scope.get("headers", ()):
            name = name.lower()
            if name in _READ_HEADERS:
                headers[name] = value
        given = _text(headers, b"x-request-id") or ""
        rid = given if _REQUEST_ID.match(given) else f"{self._id_prefix}{next(self._ids):016x}"
        state = scope.setdefault("state", {})
        state["request_id"] = rid
        status = [500]
        response_started = [False]
        tag = (b"x-request-id", rid.encode("ascii"))
        balance = self.balance

        async def tagged(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                response_started[0] = True
                answer = [*message.get("headers", []), tag]
                if balance is not None and balance.should_close():
                    answer.append(_CLOSE)
                    self.metrics.rebalanced()
                message["headers"] = answer
            await send(message)

        caller = None
        try:
            if self.keys is not None and scope["path"] not in OPEN_PATHS:
                presented = presented_key(_text(headers, b"authorization"),
                                          _text(headers, b"x-api-key"))
                caller = self.keys.check(presented)
                if caller is None:
                    why = ("no API key: send Authorization: Bearer KEY or X-API-Key: KEY"
                           if presented is None else "unknown API key")
                    problem = HttpProblem(401, why, headers={"www-authenticate": "Bearer"})
                    await problem_response(problem, path=scope["path"], request_id=rid)(
                        scope, receive, tagged)
                    return
                state["api_key"] = caller
            direct = self._direct.get((scope["method"], scope["path"]))
            if direct is not None and not scope.get("root_path"):
                # what Router.app and Route.matches would put in the scope
                scope.setdefault("router", self.router)
                scope["route"] = direct
                scope["endpoint"] = direct.endpoint
                scope["path_params"] = dict(scope.get("path_params", {}))
                await direct.app(scope, receive, tagged)
            else:
                await self.app(scope, receive, tagged)
        except ClientDisconnect:
            # the client hung up (or sent what the HTTP parser refused) before the answer was
            # complete: no one to answer, and no fault of the server's
            status[0] = CLIENT_CLOSED
            _log.info("request %s: the client went away before the answer was complete", rid)
        except Exception as exc:
            problem = problem_of(exc)
            if response_started[0]:  # a streamed answer cut short: the client sees it broken
                status[0] = problem.status  # why it was cut (408, 413; 500 for a bug)
                if problem.status == 500:
                    _log.exception("request %s: internal error; response cut short", rid)
                else:
                    _log.warning("request %s: response cut short: %s", rid, problem.detail)
            else:
                if problem.status == 500:
                    _log.exception("request %s: internal error", rid)
                await problem_response(problem, path=scope["path"], request_id=rid)(
                    scope, receive, tagged)
        finally:
            seconds = time.perf_counter() - started
            route = _route_of(scope)
            self.metrics.observe(scope["method"], route, status[0], seconds)
            if self.access_log:
                client = scope.get("client")
                length = _text(headers, b"content-length") or ""
                log_request(request_id=rid, method=scope["method"], path=scope["path"],
                            route=route, status=status[0], seconds=seconds,
                            client=client[0] if client else None,
                            key=caller.label if caller else None,
                            bytes_in=int(length or 0) if length.isdigit() else 0)


#: The status the access log and the metrics give a request whose client went away before
#: its answer was complete (nginx's "client closed request"; nothing is sent)
CLIENT_CLOSED = 499

#: The header that sends a client to open a new connection (see :mod:`.balance`)
_CLOSE = (b"connection", b"close")

#: The request headers the middleware reads (request id, API key, body size)
_READ_HEADERS = frozenset({b"x-request-id", b"authorization", b"x-api-key", b"content-length"})


def _text(headers: dict[bytes, bytes], name: bytes) -> str | None:
    value = headers.get(name)
    return None if value is None else value.decode("latin-1")


def _route_of(scope: Scope) -> str:
    """The route template of a request (bounded label values), or ``<unmatched>``."""
    path = getattr(scope.get("endpoint"), "route_path", None)
    return path if isinstance(path, str) else "<unmatched>"


async def _http_problem(request: Request, exc: Exception) -> Response:
    """Starlette's own errors (no route, wrong method) as problems."""
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    detail = {404: f"no route {request.url.path}",
              405: f"{request.method} is not allowed on {request.url.path}"}.get(
                  status, str(getattr(exc, "detail", "error")))
    headers = dict(getattr(exc, "headers", None) or {})
    rid = request.scope.get("state", {}).get("request_id", "-")
    return problem_response(HttpProblem(status, detail, headers=headers),
                            path=request.url.path, request_id=rid)


def create_app(config: ServerConfig, *, served: Served | None = None,
               sighup: bool = False, freeze_gc: bool = False,
               on_reload: Callable[[], None] | None = None,
               balance: ConnectionBalance | None = None) -> Starlette:
    """The service over an engine built from ``config`` (or ``served``, built already).

    With ``sighup``, SIGHUP reloads (the handler is installed on the event loop while the
    app runs and removed after); with ``freeze_gc``, the engine in service (and each one a
    reload builds) is moved out of the cyclic collector's reach (``gc.freeze``; see
    :class:`EngineState`): both only for a process the server owns, as ``pricing-engine
    serve`` does. ``on_reload`` is called after each reload ``POST /v1/admin/reload`` made
    (``serve --workers N`` passes it on to the other workers). With ``balance`` (one worker
    of ``serve --workers N``), a worker holding more connections than its share closes
    them one by one after their response (see :mod:`pricing_engine.server.balance`).
    """
    keys = load_api_keys(config.api_key_file) if config.api_key_file else None
    state = EngineState(config, served or build(config), freeze_gc=freeze_gc)
    metrics = Metrics()
    service = Service(config, state, keys, metrics, on_reload=on_reload)
    tasks: set[asyncio.Task[Any]] = set()

    async def reload_on_signal() -> None:
        try:
            await service.reload_now()
        except Exception as exc:
            _log.error("SIGHUP: %s", exc)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        loop = asyncio.get_running_loop()
        if balance is not None:
            balance.serving()
        if sighup:
            def on_hup() -> None:
                task = loop.create_task(reload_on_signal())
                tasks.add(task)
                task.add_done_callback(tasks.discard)

            loop.add_signal_handler(signal.SIGHUP, on_hup)
        try:
            yield
        finally:
            if balance is not None:
                balance.leaving()
            if sighup:
                loop.remove_signal_handler(signal.SIGHUP)

    app = Starlette(routes=_routes(service), lifespan=lifespan,
                    exception_handlers={HTTPException: _http_problem})
    # /v1/quote/ is no route (a 404 problem), not a 307 to a Location built from the
    # request's Host header, which a client or proxy may set to anything
    app.router.redirect_slashes = False
    app.state.service = service
    app.add_middleware(ServiceMiddleware, keys=keys, metrics=metrics,
                       access_log=config.access_log, router=app.router, balance=balance)
    return app
