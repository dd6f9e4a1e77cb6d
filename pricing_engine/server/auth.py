"""API keys: a file of labelled keys, checked in constant time; the label names the caller.

The key file (``--api-key-file``) is YAML or JSON, read by the library's document reader::

    keys:
      - label: erp-prod                 # named in access logs and audit records
        sha256: 9f86d081884c7d659a2f... # sha256 of the key, hex (printf %s KEY | sha256sum)
      - label: ops
        key: "a long random string"     # or the key itself
        admin: true                     # may call POST /v1/admin/reload

A request gives its key as ``Authorization: Bearer KEY`` (or ``ApiKey KEY``) or
``X-API-Key: KEY``. The key presented is hashed and compared with every stored digest by
:func:`hmac.compare_digest` (no early exit), so the time taken does not tell how much of a
key was right.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from pricing_engine.documents import read_yaml, validate_document
from pricing_engine.fields import exactly_one

__all__ = ["ApiKey", "ApiKeys", "load_api_keys", "presented_key"]

_HEX64 = re.compile(r"^[0-9a-f]{64}$")
#: The shortest key accepted as plain text: a short key can be guessed.
MIN_KEY_LENGTH = 16


class _KeyEntry(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    label: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.@-]+$")
    key: str | None = Field(default=None, min_length=MIN_KEY_LENGTH)
    sha256: str | None = Field(default=None, pattern=_HEX64.pattern)
    admin: bool = False

    _one_secret = exactly_one("key", "sha256", message="give either key: or sha256: (not both)")


class _KeyFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    keys: tuple[_KeyEntry, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _labels_once(self) -> _KeyFile:
        labels = [entry.label for entry in self.keys]
        if len(set(labels)) != len(labels):
            raise ValueError("each key needs its own label")
        return self


@dataclass(frozen=True, slots=True)
class ApiKey:
    """A caller the service knows: its label and whether it may reload."""

    label: str
    admin: bool


@dataclass(frozen=True, slots=True)
class ApiKeys:
    """The keys of a key file, as sha256 digests."""

    digests: tuple[tuple[bytes, ApiKey], ...]

    def check(self, presented: str | None) -> ApiKey | None:
        """The caller whose key this is, or None; every digest is compared (constant time)."""
        if not presented:
            return None
        digest = hashlib.sha256(presented.encode("utf-8", "surrogateescape")).digest()
        found = None
        for stored, caller in self.digests:
            if hmac.compare_digest(stored, digest):
                found = caller
        return found

    @property
    def has_admin(self) -> bool:
        """Whether any key may reload."""
        return any(caller.admin for _, caller in self.digests)


def load_api_keys(path: str | Path) -> ApiKeys:
    """Read a key file; a mistake is a RuleFileError naming its line (file:line:column)."""
    parsed = validate_document(read_yaml(path), _KeyFile, "a key file is a mapping with keys:")
    return ApiKeys(tuple(
        (bytes.fromhex(entry.sha256) if entry.sha256 is not None
         else hashlib.sha256((entry.key or "").encode("utf-8")).digest(),
         ApiKey(entry.label, entry.admin))
        for entry in parsed.keys))


def presented_key(authorization: str | None, x_api_key: str | None) -> str | None:
    """The key a request presents in ``Authorization`` (Bearer/ApiKey) or ``X-API-Key``."""
    if x_api_key:
        return x_api_key.strip()
    if authorization:
        scheme, _, value = authorization.strip().partition(" ")
        if scheme.lower() in ("bearer", "apikey") and value.strip():
            return value.strip()
    return None
