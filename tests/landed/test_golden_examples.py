"""Every figure of every bundled example, to the cent, against a committed golden file.

The golden file holds each amount of the JSON output of ``pricing-engine quote`` (plain, with
``--target 0.25`` and with ``--compare-incoterms``) for every quote in examples/, and of the
landed cost of every proposal in examples/proposals/ (library ``Engine.quote``), keyed by its
JSON path. Refactoring the landed-cost core must
not move any of them: a path that disappears or a figure that differs fails the test. When
a JSON field is renamed on purpose, map its old path to the new one in RENAMED rather than
regenerating. Regenerate only for a deliberate change of figures (say why in the commit):
``PRICING_ENGINE_REGEN_GOLDEN=1 python -m pytest tests/landed/test_golden_examples.py``.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pricing_engine.cli.main import cli

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "fixtures" / "golden" / "examples_amounts.json"
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
PROPOSALS = sorted((ROOT / "examples" / "proposals").glob("*.yaml"))
MODES: dict[str, tuple[str, ...]] = {
    "quote": (),
    "target": ("--target", "0.25"),
    "compare": ("--compare-incoterms",),
}
#: old JSON path (regular expression) -> new path, for deliberate renames of output fields.
RENAMED: dict[str, str] = {
    # issue 9: margin.percent held a fraction; it is named for what it holds
    r"\.margin\.percent$": ".margin.ratio",
    r"\.price_for_margin\.margin_percent$": ".price_for_margin.margin_ratio",
}
_FIGURE = re.compile(r"^-?\d+(\.\d+)?$")


def _figures(node: Any, path: str, out: dict[str, str]) -> None:
    """Collect money amounts (``amount currency``) and decimal figures by their JSON path."""
    if isinstance(node, dict):
        if set(node) == {"amount", "currency"} and isinstance(node["amount"], str):
            out[path] = f"{node['amount']} {node['currency']}"
            return
        for key, value in node.items():
            _figures(value, f"{path}.{key}", out)
    elif isinstance(node, list):
        for number, value in enumerate(node):
            _figures(value, f"{path}[{number}]", out)
    elif isinstance(node, str) and _FIGURE.match(node) and not path.endswith(
            (".hs_code", ".date", ".quote_id")):
        out[path] = node


def _run(example: Path, extra: tuple[str, ...]) -> dict[str, str]:
    result = CliRunner().invoke(cli, ["quote", str(example), "--format", "json", *extra])
    assert result.exit_code == 0, result.output
    figures: dict[str, str] = {}
    _figures(json.loads(result.stdout), "", figures)
    return figures


def _proposal(path: Path) -> dict[str, str]:
    from pricing_engine import Engine, load_proposal

    result = Engine.load().quote(load_proposal(path))
    figures: dict[str, str] = {}
    _figures(result.model_dump(mode="json"), "", figures)
    return figures


def _current() -> dict[str, dict[str, str]]:
    current = {f"{example.relative_to(ROOT).as_posix()} {mode}": _run(example, extra)
               for example in EXAMPLES for mode, extra in MODES.items()}
    current.update({f"{p.relative_to(ROOT).as_posix()} quote": _proposal(p) for p in PROPOSALS})
    return current


def _renamed(path: str) -> str:
    for old, new in RENAMED.items():
        path = re.sub(old, new, path)
    return path


def test_every_example_figure_matches_the_golden_file() -> None:
    current = _current()
    if os.environ.get("PRICING_ENGINE_REGEN_GOLDEN"):
        GOLDEN.write_text(json.dumps(current, indent=1, sort_keys=True) + "\n")
        pytest.skip("golden file regenerated")
    golden = json.loads(GOLDEN.read_text())
    assert sorted(current) == sorted(golden)
    differences = []
    for case, figures in golden.items():
        for path, value in figures.items():
            got = current[case].get(_renamed(path))
            if got != value:
                differences.append(f"{case} {path}: golden {value}, now {got}")
    assert not differences, "\n".join(differences[:40])


def test_the_golden_file_covers_every_example_and_many_figures() -> None:
    golden = json.loads(GOLDEN.read_text())
    assert len(golden) == len(EXAMPLES) * len(MODES) + len(PROPOSALS)
    assert min(len(figures) for figures in golden.values()) >= 20
