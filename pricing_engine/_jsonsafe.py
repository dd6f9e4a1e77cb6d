"""JSON and TOML from files another program may have written: malformed is one error kind.

``json.loads`` and ``tomllib.loads`` read nested arrays and tables by recursion, so a file of
a hundred thousand ``[`` raises RecursionError, which callers that catch ValueError (a
malformed document) do not expect: the CLI then ended in an internal error instead of
naming the file. These read the same documents and raise a ValueError subclass instead
(``json.JSONDecodeError``, ``tomllib.TOMLDecodeError``).

>>> loads('{"a": [1]}')
{'a': [1]}
>>> loads("[" * 100_000 + "]" * 100_000)
Traceback (most recent call last):
...
json.decoder.JSONDecodeError: nested too deeply for this reader: line 1 column 1 (char 0)
"""

from __future__ import annotations

import json
import tomllib
from typing import Any

__all__ = ["loads", "loads_toml"]

_DEEP = "nested too deeply for this reader"


def loads(text: str | bytes) -> Any:
    """``json.loads(text)``; a document nested past the decoder's recursion a JSONDecodeError."""
    try:
        return json.loads(text)
    except RecursionError:
        doc = text if isinstance(text, str) else text.decode("utf-8", "replace")
        raise json.JSONDecodeError(_DEEP, doc[:100], 0) from None


def loads_toml(text: str) -> dict[str, Any]:
    """``tomllib.loads(text)``; a document nested past its recursion a TOMLDecodeError."""
    try:
        return tomllib.loads(text)
    except RecursionError:
        raise tomllib.TOMLDecodeError(_DEEP) from None
