"""Salvage the valid part of a rule file, so semantic checks still run when fields are bad.

CI wants every error at once. When pydantic rejects some entries (a rate out of range, an
unknown key), those entries are set aside and the rest is validated again; the semantic
checks then run on what remains, with every node keeping its original line and column.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from pricing_engine.documents import Document, Loc

__all__ = ["salvage"]

_ROUNDS = 4


def salvage(doc: Document, model: type[BaseModel], first: ValidationError) -> tuple[
        Any, Document] | None:
    """Validate ``doc`` without the entries pydantic rejects; None if that is not possible.

    Returns the model of what remains and a Document of the remaining data whose paths map to
    the original positions. Only list items and unknown keys are set aside: an error in a
    required top-level field leaves nothing meaningful to check.
    """
    drops: set[Loc] = set()
    error, current, back = first, doc, {loc: loc for loc in doc.marks}
    for _ in range(_ROUNDS):
        for item in error.errors(include_url=False, include_context=False):
            loc: Loc = tuple(p for p in item["loc"] if not (
                isinstance(p, str) and (p.startswith("function-") or p == "[key]")))
            target = loc if item["type"] == "extra_forbidden" else _item(loc)
            if target is None or target not in back:
                return None
            drops.add(back[target])
        current, back = _rebuild(doc, drops)
        try:
            return model.model_validate(current.data), current
        except ValidationError as exc:
            error = exc
    return None


def _item(loc: Loc) -> Loc | None:
    """The innermost list item that contains ``loc``."""
    for end in range(len(loc), 0, -1):
        if isinstance(loc[end - 1], int):
            return loc[:end]
    return None


def _rebuild(doc: Document, drops: set[Loc]) -> tuple[Document, dict[Loc, Loc]]:
    marks: dict[Loc, tuple[int, int]] = {}
    key_marks: dict[Loc, tuple[int, int]] = {}
    back: dict[Loc, Loc] = {}

    def walk(value: Any, old: Loc, new: Loc) -> Any:
        back[new] = old
        if old in doc.marks:
            marks[new] = doc.marks[old]
        if old in doc.key_marks:
            key_marks[new] = doc.key_marks[old]
        if isinstance(value, dict):
            return {k: walk(v, (*old, k), (*new, k)) for k, v in value.items()
                    if (*old, k) not in drops}
        if isinstance(value, list):
            kept = [(i, v) for i, v in enumerate(value) if (*old, i) not in drops]
            return [walk(v, (*old, i), (*new, j)) for j, (i, v) in enumerate(kept)]
        return value

    data = walk(doc.data, (), ())
    return Document(doc.path, data, marks, key_marks, doc, back), back
