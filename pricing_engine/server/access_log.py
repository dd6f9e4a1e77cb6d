"""Structured access logs: one JSON line per request (request id, route, status, latency).

Lines go to the ``pricing_engine.server.access`` logger; ``pricing-engine serve`` sends that
logger to stderr as bare JSON lines. Only what the service chose to log is written: never a
body, never a key (the key's label names the caller).
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any, cast

__all__ = ["ACCESS_LOGGER", "log_request"]

ACCESS_LOGGER = "pricing_engine.server.access"
_logger = logging.getLogger(ACCESS_LOGGER)
_logger.addHandler(logging.NullHandler())


#: The format a handler writes just the message with (logging's default one)
_MESSAGE_ONLY = "%(message)s"
#: A str as JSON text (quoted and escaped, non-ASCII kept), json's own C function
_text = json.encoder.encode_basestring


def _text_or_null(value: str | None) -> str:
    return "null" if value is None else _text(value)


def log_request(*, request_id: str, method: str, path: str, route: str, status: int,
                seconds: float, client: str | None, key: str | None, bytes_in: int) -> None:
    """Write one access-log line.

    Where the logger's handlers would write the line as it is and nothing else (as
    ``pricing-engine serve`` sets it up: a stream handler with the ``%(message)s`` format),
    it is written to their streams as :class:`logging.StreamHandler` writes it, without a
    log record (see :func:`_plain_streams`). Otherwise the record is made and handed to the
    logger directly: ``Logger.info`` would first walk the stack for the caller's file and
    line, which an access line does not show (the record's pathname is this module and its
    line 0).
    """
    if not _logger.isEnabledFor(logging.INFO):
        return
    # the text json.dumps(..., ensure_ascii=False) gives a dict of these keys, written out
    # (a third of the cost): strings escaped by json's encoder, numbers as it writes them
    line = (f'{{"ts": "{_now()}", '
            f'"request_id": {_text(request_id)}, "method": {_text(method)}, '
            f'"path": {_text(path[:512])}, "route": {_text(route)}, "status": {int(status)}, '
            f'"ms": {round(seconds * 1000, 3)!r}, "client": {_text_or_null(client)}, '
            f'"key": {_text_or_null(key)}, "bytes_in": {int(bytes_in)}}}')
    streams = _plain_streams(_logger)
    if streams is None:
        _logger.handle(_record(line))
        return
    for handler in streams:  # StreamHandler.handle and emit, less the record and the format
        with handler.lock:  # type: ignore[union-attr]  # a StreamHandler's lock is made
            try:
                handler.stream.write(line + handler.terminator)
                handler.flush()
            except RecursionError:
                raise
            except Exception:
                handler.handleError(_record(line))


_second: list[tuple[int, str]] = [(-1, "")]


def _now() -> str:
    """The current UTC time to the second, ``2026-12-01T10:00:00Z`` (made once a second)."""
    now = int(time.time())  # the second time.gmtime() reads
    second, text = _second[0]
    if now != second:
        text = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now))
        _second[0] = (now, text)
    return text


def _record(line: str) -> logging.LogRecord:
    return _logger.makeRecord(ACCESS_LOGGER, logging.INFO, __file__, 0, line, (), None,
                              "log_request")


def _plain_streams(logger: logging.Logger) -> list[logging.StreamHandler[Any]] | None:
    """The handlers that write a line, when they would write just its text; else None.

    The handlers a record of the logger would reach (:meth:`logging.Logger.callHandlers`:
    the logger's, then its parents' while each propagates), when the logger has no filter
    and each of those handlers at INFO or below is a :class:`logging.NullHandler` (which
    writes nothing) or a :class:`logging.StreamHandler` itself (not a subclass) with no
    filter and the ``%(message)s`` format (a plain :class:`logging.Formatter`, or none,
    which is the same): such a handler writes the message and its terminator and flushes.
    Anything else (a file handler, another format, a filter, pytest's log capture at the
    root, no handler at all) gets the record; this is checked again for every line.
    """
    if logger.filters or logger.disabled:
        return None
    streams = []
    found = False
    node: logging.Logger | None = logger
    while node is not None:
        for handler in node.handlers:
            found = True
            kind = type(handler)
            if kind is logging.NullHandler or handler.level > logging.INFO:
                continue  # NullHandler.handle does nothing; callHandlers skips the level
            if kind is not logging.StreamHandler or handler.filters:
                return None
            form = handler.formatter
            if form is not None and (type(form) is not logging.Formatter
                                     or type(form._style) is not logging.PercentStyle
                                     or form._style._fmt != _MESSAGE_ONLY):
                return None
            streams.append(cast("logging.StreamHandler[Any]", handler))
        node = node.parent if node.propagate else None
    return streams if found else None
