"""The version of the JSON contract every document the library and the CLI emit carries.

Each JSON document (a quote result, a decision, a screening result, a batch screening record,
the lists table, a validation report) starts with ``"schema_version": 1``. The number changes
only when a document changes in a way a program reading it must know about (a field renamed,
removed or given another meaning); a new optional field does not change it.
"""

from __future__ import annotations

from typing import Final, Literal

__all__ = ["SCHEMA_VERSION", "SchemaVersion"]

#: The current version of every emitted JSON document's shape.
SCHEMA_VERSION: Final = 1
#: The type of the ``schema_version`` field (a constant in the published schemas).
SchemaVersion = Literal[1]
