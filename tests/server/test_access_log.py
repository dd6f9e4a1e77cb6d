"""The access-log line: the same text whether written straight to a stream or as a record."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest

from pricing_engine.server import access_log
from pricing_engine.server.access_log import ACCESS_LOGGER, log_request

FIELDS: dict[str, Any] = {
    "request_id": "0123456789abcdef0123456789abcdef", "method": "POST",
    "path": '/v1/screen/"é\\\n' + "x" * 600, "route": "/v1/screen", "status": 200,
    "seconds": 0.000612345, "client": "127.0.0.1", "key": None, "bytes_in": 34,
}


@pytest.fixture
def logger() -> Iterator[logging.Logger]:
    """The access logger with its settings restored after the test."""
    log = logging.getLogger(ACCESS_LOGGER)
    saved = (list(log.handlers), log.level, log.propagate, list(log.filters))
    yield log
    log.handlers[:], log.filters[:] = saved[0], saved[3]
    log.setLevel(saved[1])
    log.propagate = saved[2]


def _serve_like(log: logging.Logger, formatter: logging.Formatter | None,
                kind: type[logging.StreamHandler[Any]] = logging.StreamHandler
                ) -> io.StringIO:
    """The logger as ``pricing-engine serve`` sets it up, writing to a string."""
    stream = io.StringIO()
    handler = kind(stream)
    if formatter is not None:
        handler.setFormatter(formatter)
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    return stream


def _as_record(handler: logging.Handler, line: str) -> str:
    """What the handler writes for a record of ``line`` (the logging module's own path)."""
    stream = io.StringIO()
    clone = logging.StreamHandler(stream)
    if handler.formatter is not None:
        clone.setFormatter(handler.formatter)
    clone.handle(logging.getLogger(ACCESS_LOGGER).makeRecord(
        ACCESS_LOGGER, logging.INFO, access_log.__file__, 0, line, (), None, "log_request"))
    return stream.getvalue()


@pytest.mark.parametrize("formatter", [logging.Formatter("%(message)s"), None])
def test_written_straight_as_a_stream_handler_would(logger: logging.Logger,
                                                     formatter: logging.Formatter | None
                                                     ) -> None:
    stream = _serve_like(logger, formatter)
    assert access_log._plain_streams(logger) is not None
    log_request(**FIELDS)
    written = stream.getvalue()
    assert written.endswith("}\n") and written.count("\n") == 1
    assert written == _as_record(logger.handlers[-1], written[:-1])
    data = json.loads(written)
    assert list(data) == ["ts", "request_id", "method", "path", "route", "status", "ms",
                          "client", "key", "bytes_in"]
    assert data["path"] == FIELDS["path"][:512] and data["ms"] == 0.612 and data["key"] is None
    assert written == json.dumps(data, ensure_ascii=False) + "\n"


class _Counting(logging.StreamHandler):  # type: ignore[type-arg]
    pass


@pytest.fixture
def parent() -> Iterator[logging.Logger]:
    """The access logger's parent, with its handlers restored after the test."""
    log = logging.getLogger("pricing_engine.server")
    saved = list(log.handlers), log.propagate
    yield log
    log.handlers[:] = saved[0]
    log.propagate = saved[1]


@pytest.mark.parametrize("setup", ["format", "subclass", "filter", "propagate"])
def test_anything_else_gets_the_record(logger: logging.Logger, parent: logging.Logger,
                                       setup: str) -> None:
    formatter = logging.Formatter("%(levelname)s %(message)s" if setup == "format"
                                  else "%(message)s")
    stream = _serve_like(logger, formatter, _Counting if setup == "subclass" else
                         logging.StreamHandler)
    seen: list[logging.LogRecord] = []

    def keep(record: logging.LogRecord) -> bool:
        seen.append(record)
        return True

    if setup == "filter":
        logger.handlers[-1].addFilter(keep)
    above = io.StringIO()
    if setup == "propagate":  # a handler up the tree that writes the level too
        logger.propagate = True
        handler = logging.StreamHandler(above)
        handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
        parent.addHandler(handler)
    assert access_log._plain_streams(logger) is None
    log_request(**FIELDS)
    written = stream.getvalue()
    assert written.startswith("INFO {" if setup == "format" else "{")
    assert json.loads(written.removeprefix("INFO "))["route"] == "/v1/screen"
    if setup == "filter":
        assert len(seen) == 1 and seen[0].pathname == access_log.__file__
    if setup == "propagate":
        assert above.getvalue() == "INFO " + written


def test_handlers_that_write_nothing(logger: logging.Logger, parent: logging.Logger) -> None:
    """A handler above INFO, and NullHandlers up the tree (as the CPU bench has it)."""
    stream = _serve_like(logger, logging.Formatter("%(message)s"))
    logger.handlers[-1].setLevel(logging.WARNING)
    assert access_log._plain_streams(logger) == []
    log_request(**FIELDS)
    assert stream.getvalue() == ""
    logger.handlers[-1].setLevel(logging.NOTSET)
    logger.propagate = True
    parent.handlers[:] = [logging.NullHandler()]
    parent.propagate = False
    assert access_log._plain_streams(logger) == [logger.handlers[-1]]
    log_request(**FIELDS)
    assert json.loads(stream.getvalue())["status"] == 200
