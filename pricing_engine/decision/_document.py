"""Validating a parsed document as a model: moved to rules/yamlio.py (quotes use it too)."""

from __future__ import annotations

from pricing_engine.rules.yamlio import validate_document

__all__ = ["validate_document"]
