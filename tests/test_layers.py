"""Dependencies point one way: models and money at the bottom, the CLI on top (STYLE.md).

Each module's imports of pricing_engine modules are read from its source (every import
statement, those inside functions included), and checked against the layers.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "pricing_engine"
#: modules every other part may use, which use none of the parts above them
BOTTOM = ("errors", "money", "countries", "fields", "hs_codes", "hs_editions")
#: the parts above the rule book, which it must not use
ABOVE_RULES = ("landed", "decision", "engine", "proposal", "pricebook", "server", "cli")
#: the duty lookups of the rule book, lowest first: each uses only those before it
DUTY_LAYERS = ("duty_terms", "duty_index", "duty_mfn", "duty_lookup", "country")


@cache
def imports() -> dict[str, frozenset[str]]:
    """Every module of the package (dotted, without ``pricing_engine.``) -> the package's
    modules it imports (dotted likewise)."""
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
        out[name] = frozenset(m.removeprefix("pricing_engine.") for m in found
                              if m.startswith("pricing_engine."))
    return out


def _in(module: str, *parts: str) -> bool:
    return any(module == part or module.startswith(part + ".") for part in parts)


def test_the_modules_are_found() -> None:
    found = imports()
    assert {"rules.country", "rules.duty_lookup", "screening", "cli", "errors"} <= set(found)
    assert "rules.duty_mfn" in found["rules.duty_lookup"]  # imports are read


def test_nothing_but_the_cli_imports_the_cli() -> None:
    bad = [(m, d) for m, deps in imports().items() if not _in(m, "cli", "__main__")
           for d in deps if _in(d, "cli")]
    assert bad == []


@pytest.mark.parametrize("bottom", BOTTOM)
def test_the_bottom_uses_no_part_above_it(bottom: str) -> None:
    above = ("rules", "tariff", "screening", *ABOVE_RULES)
    assert sorted(d for d in imports()[bottom] if _in(d, *above)) == []


def test_the_rule_book_uses_nothing_above_it() -> None:
    bad = [(m, d) for m, deps in imports().items() if _in(m, "rules")
           for d in deps if _in(d, *ABOVE_RULES)]
    assert bad == []


def test_screening_uses_neither_rules_nor_landed_cost() -> None:
    bad = [(m, d) for m, deps in imports().items() if _in(m, "screening")
           for d in deps if _in(d, "rules", "tariff", *ABOVE_RULES)]
    assert bad == []


def test_each_duty_layer_uses_only_those_below_it() -> None:
    for at, layer in enumerate(DUTY_LAYERS):
        above = {f"rules.{name}" for name in DUTY_LAYERS[at + 1:]}
        assert sorted(imports()[f"rules.{layer}"] & above) == [], layer
