"""Structured access logs: one JSON line per request (request id, route, status, latency).

Lines go to the ``pricing_engine.server.access`` logger; ``pricing-engine serve`` sends that
logger to stderr as bare JSON lines. Only what the service chose to log is written: never a
body, never a key (the key's label names the caller).
"""

from __future__ import annotations

import json
import logging
import time

__all__ = ["ACCESS_LOGGER", "log_request"]

ACCESS_LOGGER = "pricing_engine.server.access"
_logger = logging.getLogger(ACCESS_LOGGER)
_logger.addHandler(logging.NullHandler())


#: A str as JSON text (quoted and escaped, non-ASCII kept), json's own C function
_text = json.encoder.encode_basestring


def _text_or_null(value: str | None) -> str:
    return "null" if value is None else _text(value)


def log_request(*, request_id: str, method: str, path: str, route: str, status: int,
                seconds: float, client: str | None, key: str | None, bytes_in: int) -> None:
    """Write one access-log line.

    The record is made and handed to the logger directly: ``Logger.info`` would first walk
    the stack for the caller's file and line, which an access line does not show (the
    record's pathname is this module and its line 0).
    """
    if not _logger.isEnabledFor(logging.INFO):
        return
    # the text json.dumps(..., ensure_ascii=False) gives a dict of these keys, written out
    # (a third of the cost): strings escaped by json's encoder, numbers as it writes them
    line = (f'{{"ts": "{time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime())}Z", '
            f'"request_id": {_text(request_id)}, "method": {_text(method)}, '
            f'"path": {_text(path[:512])}, "route": {_text(route)}, "status": {int(status)}, '
            f'"ms": {round(seconds * 1000, 3)!r}, "client": {_text_or_null(client)}, '
            f'"key": {_text_or_null(key)}, "bytes_in": {int(bytes_in)}}}')
    _logger.handle(_logger.makeRecord(ACCESS_LOGGER, logging.INFO, __file__, 0, line, (), None,
                                      "log_request"))
