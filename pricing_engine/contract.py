"""The JSON contract: its version, and the base of every model the library returns as JSON.

Each JSON document (a quote result, a decision, a screening result, a batch screening record,
the lists table, a validation report) starts with ``"schema_version": 1``. The number changes
only when a document changes in a way a program reading it must know about (a field renamed,
removed or given another meaning); a new optional field does not change it.

The models behind those documents (decisions, screening results, reports) derive from
:class:`OutputModel`: frozen and closed (``extra="forbid"``), every field always written, so
the published schemas (schemas/, ``schema --kind``) require each one. A whole document, the top
of what a command prints, is an :class:`OutputDocument`, which carries ``schema_version`` first.
"""

from __future__ import annotations

from typing import Final, Literal

from pydantic import BaseModel, ConfigDict

__all__ = ["SCHEMA_VERSION", "OutputDocument", "OutputModel", "SchemaVersion"]

#: The current version of every emitted JSON document's shape.
SCHEMA_VERSION: Final = 1
#: The type of the ``schema_version`` field (a constant in the published schemas).
SchemaVersion = Literal[1]


class OutputModel(BaseModel):
    """A frozen, closed model whose published schema requires every field."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", json_schema_serialization_defaults_required=True
    )


class OutputDocument(OutputModel):
    """An output model that is a whole JSON document: ``schema_version`` comes first."""

    schema_version: SchemaVersion = SCHEMA_VERSION
