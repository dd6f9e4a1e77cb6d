"""The rule format: models, loader (file:line:column errors), JSON Schema, lookups."""

__all__: list[str] = []
