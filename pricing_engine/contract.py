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

from collections.abc import Callable
from functools import cache, partial
from typing import Any, Final, Literal, Self

from pydantic import BaseModel, ConfigDict

__all__ = ["SCHEMA_VERSION", "OutputDocument", "OutputModel", "SchemaVersion"]

_new = object.__new__
# BaseModel's slots, set through their descriptors: half the cost of object.__setattr__, which
# looks each one up in the model's MRO first (OutputModel.trusted sets four a model)
_set_dict = BaseModel.__dict__["__dict__"].__set__
_set_fields_set = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__


@cache
def _layout(model: type[BaseModel]) -> tuple[tuple[str, bool, Callable[[], Any]], ...]:
    """Each field of ``model``: its name, whether it is required, and its default's maker."""
    if model.__pydantic_post_init__:  # trusted() would skip it
        raise TypeError(f"{model.__name__}.trusted: the model has a model_post_init")
    if model.__new__ is not object.__new__:  # _made() makes the instance with object.__new__
        raise TypeError(f"{model.__name__}.trusted: the model has its own __new__")
    return tuple((name, field.is_required(),
                  partial(field.get_default, call_default_factory=True))
                 for name, field in model.__pydantic_fields__.items())


@cache
def _names(model: type[BaseModel]) -> tuple[str, ...]:
    """The names of ``model``'s fields, in declared order (as :func:`_layout` has them)."""
    return tuple(name for name, _, _ in _layout(model))

#: The current version of every emitted JSON document's shape.
SCHEMA_VERSION: Final = 1
#: The type of the ``schema_version`` field (a constant in the published schemas).
SchemaVersion = Literal[1]


class OutputModel(BaseModel):
    """A frozen, closed model whose published schema requires every field."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", json_schema_serialization_defaults_required=True
    )

    @classmethod
    def trusted(cls, **values: Any) -> Self:
        """An instance of values the library computed (not validated again).

        The instance :meth:`model_construct` gives (fields in declaration order, defaults
        for those not given, the names given as the fields set) at a fraction of its cost:
        no alias lookups (output models have none). A name that is not a field, or a
        required field not given, is a TypeError, where model_construct would drop or omit it.
        """
        layout = _layout(cls)
        if len(values) == len(layout):  # every field given (most calls): in declared order
            if tuple(values) == _names(cls):  # and given in it: the keywords are the fields
                return cls._made(values, values)  # (a dict of this call's own)
            try:
                fields = {name: values[name] for name, _, _ in layout}
            except KeyError:
                pass  # a name that is not a field: the loop below says which
            else:
                return cls._made(fields, values)
        fields = {}
        given = 0
        for name, required, default in layout:
            if name in values:
                fields[name] = values[name]
                given += 1
            elif required:
                raise TypeError(f"{cls.__name__}.trusted: {name} is required")
            else:
                fields[name] = default()
        if given != len(values):
            unknown = ", ".join(sorted(set(values) - set(fields)))
            raise TypeError(f"{cls.__name__}.trusted: no field {unknown}")
        return cls._made(fields, values)

    @classmethod
    def _made(cls, fields: dict[str, Any], given: dict[str, Any]) -> Self:
        """The instance holding ``fields`` (all of them, in order), ``given`` the names set."""
        model = _new(cls)  # what cls.__new__ is (checked by _layout), without its look-up
        _set_dict(model, fields)
        _set_fields_set(model, set(given))
        _set_extra(model, None)
        _set_private(model, None)
        return model


class OutputDocument(OutputModel):
    """An output model that is a whole JSON document: ``schema_version`` comes first."""

    schema_version: SchemaVersion = SCHEMA_VERSION
