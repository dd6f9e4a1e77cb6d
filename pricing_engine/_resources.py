"""Where the bundled data lives, for an installed wheel and for a source checkout alike.

A wheel carries ``rules/`` and ``sanctions_lists/`` as ``pricing_engine/_data/...`` (see
pyproject.toml); a source checkout or an editable install reads them from the repository top.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from pricing_engine.errors import MissingData

__all__ = ["bundled_path"]

_ENV = {"rules": "PRICING_ENGINE_RULES", "sanctions_lists": "PRICING_ENGINE_LISTS"}


def bundled_path(name: str) -> Path:
    """Return the directory of the bundled data set ``name`` (``rules`` or ``sanctions_lists``).

    The environment variables PRICING_ENGINE_RULES and PRICING_ENGINE_LISTS override it.
    """
    override = os.environ.get(_ENV.get(name, ""), "")
    if override:
        return Path(override)
    packaged = resources.files("pricing_engine").joinpath("_data", name)
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parent.parent / name
    if checkout.is_dir():
        return checkout
    raise MissingData(f"bundled data {name!r} not found (looked in the package and {checkout})")
