"""landed/ reads as a pipeline: at most 14 modules, intra-package import chains at most 4 deep.

Depth is the longest chain of imports from one landed module to another (edges: ``engine ->
charges -> duty -> model`` is 3), counting every import a module runs (at its top or inside a
function), not those under ``if TYPE_CHECKING:`` (types only, never run). The package
``__init__`` counts as a module of the chain.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pricing_engine.landed

PACKAGE = Path(pricing_engine.landed.__file__).parent
PREFIX = "pricing_engine.landed"


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST) -> set[str]:
    found: set[str] = set()
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _is_type_checking(node):
            continue
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            found.update(n for n in names if n.startswith(PREFIX + ".") or n == PREFIX)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith(PREFIX))
        found |= _imports(node)
    return found


def graph() -> dict[str, set[str]]:
    modules = {p.stem: p for p in PACKAGE.glob("*.py")}
    edges: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets = set()
        for imported in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            leaf = imported.removeprefix(PREFIX).lstrip(".").split(".")[0] or "__init__"
            if leaf in modules and leaf != name:
                targets.add(leaf)
        edges[name] = targets
    return edges


def depth(edges: dict[str, set[str]]) -> tuple[int, list[str]]:
    @cache
    def longest(name: str, seen: frozenset[str] = frozenset()) -> tuple[int, tuple[str, ...]]:
        assert name not in seen, f"import cycle through {name}"
        best: tuple[int, tuple[str, ...]] = (0, (name,))
        for target in edges[name]:
            d, chain = longest(target, seen | {name})
            if d + 1 > best[0]:
                best = (d + 1, (name, *chain))
        return best

    d, chain = max(longest(n) for n in edges)
    return d, list(chain)


def test_landed_has_at_most_14_modules() -> None:
    modules = sorted(p.stem for p in PACKAGE.glob("*.py"))
    assert len(modules) <= 14, modules
    assert "ports" not in modules


def test_intra_package_import_depth_is_at_most_4() -> None:
    d, chain = depth(graph())
    assert d <= 4, " -> ".join(chain)


def test_the_depth_measure_sees_chains() -> None:
    # guards the measure itself: the facade reaches the records through the pipeline
    edges = graph()
    assert "model" in edges["duty"] and "charges" in edges["engine"]
    assert depth({"a": {"b"}, "b": {"c"}, "c": set()})[0] == 2
