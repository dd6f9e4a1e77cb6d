"""Load a policy file, with ``file:line:column`` errors, and hash it for audit records.

The YAML is read by the one safe document reader (pricing_engine.documents): scalars stay
text, so fractions become exact Decimals and ``NO`` stays Norway, and every error points at
the line and column of the offending value.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError

from pricing_engine._resources import bundled_path
from pricing_engine.documents import Document, read_yaml
from pricing_engine.errors import MissingData, RuleFileError
from pricing_engine.policy.model import Policy

__all__ = ["BUNDLED_POLICY", "PolicyError", "bundled_policy_path", "iter_policy_errors",
           "load_policy", "policy_hash"]

#: The bundled default policy's name in the rules directory (the rule loader leaves it out of
#: the rule book and ``pricing-engine validate`` checks it as a policy).
BUNDLED_POLICY = "policy.yaml"


class PolicyError(RuleFileError):
    """A policy file is malformed (the first error; ``errors`` holds them all)."""

    def __init__(self, errors: list[RuleFileError]) -> None:
        first = errors[0]
        super().__init__(first.path, first.line, first.column, first.message)
        self.errors = tuple(errors)


def bundled_policy_path() -> Path:
    """Return the path of the bundled default policy, ``rules/policy.yaml``."""
    path = bundled_path("rules") / BUNDLED_POLICY
    if not path.is_file():
        raise MissingData(f"the bundled policy {path} is missing")
    return path


def _errors(doc: Document) -> Iterator[RuleFileError]:
    if not isinstance(doc.data, dict):
        yield RuleFileError(doc.path, 1, 1, "a policy file is a mapping (name:, margins:, ...)")
        return
    try:
        Policy.model_validate(doc.data)
    except ValidationError as exc:
        yield from doc.validation_errors(exc)


def iter_policy_errors(path: str | Path) -> Iterator[RuleFileError]:
    """Yield every problem of a policy file as a RuleFileError (``file:line:col: message``).

    Nothing is raised for a bad file: a validator collects and prints them all.
    """
    try:
        doc = read_yaml(path)
    except RuleFileError as exc:
        yield exc
        return
    yield from _errors(doc)


def load_policy(path: str | Path | None = None) -> Policy:
    """Load a policy file (default: the bundled one); raise PolicyError if it has errors."""
    doc = read_yaml(path if path is not None else bundled_policy_path())
    errors = list(_errors(doc))
    if errors:
        raise PolicyError(errors)
    return Policy.model_validate(doc.data)


def policy_hash(policy: Policy) -> str:
    """SHA-256 of the policy's canonical JSON: equal for equal policies, whatever the layout."""
    return hashlib.sha256(policy.model_dump_json().encode()).hexdigest()
