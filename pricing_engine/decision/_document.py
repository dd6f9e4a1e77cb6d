"""Validating a parsed YAML/JSON document as a model, errors pointing at the file's line."""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel, ValidationError

from pricing_engine.errors import RuleFileError
from pricing_engine.rules.yamlio import Document

__all__ = ["validate_document"]

_M = TypeVar("_M", bound=BaseModel)


def validate_document(
    doc: Document, model: type[_M], not_mapping: str, *, count_others: bool = False
) -> _M:
    """Return ``doc`` validated as ``model``, or raise its first problem as a RuleFileError.

    The error reads ``file:line:column: field: message`` at the offending node (at the key for
    an unknown or missing field); ``not_mapping`` is the message for a document that is not a
    mapping. With ``count_others``, a message adds how many other problems there are.
    """
    if not isinstance(doc.data, dict):
        raise RuleFileError(doc.path, 1, 1, not_mapping)
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        first = next(doc.validation_errors(exc))
        others = exc.error_count() - 1
        if count_others and others:
            first = RuleFileError(first.path, first.line, first.column,
                                  f"{first.message} (and {others} more)")
        raise first from None
