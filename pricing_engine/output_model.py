"""The base of the models the library returns as JSON (decisions, screening results).

Frozen and closed (``extra="forbid"``); every field is always written, so the published
schemas (schemas/, ``schema --kind``) require each one. A document, the top of what a command
prints, carries ``schema_version`` first (see contract.py).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from pricing_engine.contract import SCHEMA_VERSION, SchemaVersion

__all__ = ["OutputDocument", "OutputModel"]


class OutputModel(BaseModel):
    """A frozen, closed model whose published schema requires every field."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", json_schema_serialization_defaults_required=True
    )


class OutputDocument(OutputModel):
    """An output model that is a whole JSON document: ``schema_version`` comes first."""

    schema_version: SchemaVersion = SCHEMA_VERSION
