"""A dated policy entry whose valid_to is before its valid_from is refused, never ignored.

Such an entry is never in force: before the fix, a policy that gave the Cuba embargo
``valid_to: 1900-01-01`` loaded cleanly and a consignee in Cuba was APPROVED.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pricing_engine.engine import Engine
from pricing_engine.policy import PolicyError, bundled_policy_path, iter_policy_errors, load_policy
from tests.decision.conftest import FIXTURES, LENIENT, PROPOSALS

OUT_OF_ORDER = FIXTURES / "policies" / "dates_out_of_order.yaml"
CUBA = "{country: CU, valid_from: 1962-02-07, "


def expected(path: Path) -> list[str]:
    """The ``# expect: line:col: message`` lines a bad fixture states."""
    lines = path.read_text("utf-8").splitlines()
    return [line.removeprefix("# expect: ") for line in lines if line.startswith("# expect: ")]


def run(command: str, *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pricing_engine", command, *map(str, args)],
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture
def cuba_ended_before_it_began(tmp_path: Path) -> tuple[Path, int]:
    """The bundled policy, its Cuba embargo given a valid_to before its valid_from."""
    text = bundled_policy_path().read_text("utf-8")
    assert text.count(CUBA) == 1
    bad = tmp_path / "policy.yaml"
    bad.write_text(text.replace(CUBA, CUBA + "valid_to: 1900-01-01, "), "utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if CUBA in row)
    return bad, line


def test_every_kind_of_dated_entry_is_refused_at_its_line() -> None:
    errors = [str(e).removeprefix(f"{OUT_OF_ORDER}:") for e in iter_policy_errors(OUT_OF_ORDER)]
    assert errors == expected(OUT_OF_ORDER) and len(errors) == 3
    with pytest.raises(PolicyError) as caught:
        load_policy(OUT_OF_ORDER)
    assert caught.value.line == 15 and "valid_to 1900-01-01" in caught.value.message


def test_a_one_day_entry_is_in_order() -> None:
    errors = "\n".join(map(str, iter_policy_errors(OUT_OF_ORDER)))
    assert "embargoes.1" not in errors


def test_the_engine_refuses_the_policy(cuba_ended_before_it_began: tuple[Path, int]) -> None:
    bad, line = cuba_ended_before_it_began
    with pytest.raises(PolicyError) as caught:
        Engine.load(policy=bad)
    assert (caught.value.line, caught.value.message) == (
        line, "embargoes.0: valid_to 1900-01-01 is before valid_from 1962-02-07")


def test_check_and_validate_report_it_as_file_line_column(
        cuba_ended_before_it_began: tuple[Path, int], tmp_path: Path) -> None:
    bad, line = cuba_ended_before_it_began
    consignee_cu = tmp_path / "consignee_cu.yaml"
    consignee_cu.write_text((PROPOSALS / "approved.yaml").read_text("utf-8").replace(
        'consignee: {name: "Midlands Fluid Systems Ltd", country: GB',
        'consignee: {name: "Midlands Fluid Systems Ltd", country: CU'), "utf-8")
    assert run("check", "--policy", LENIENT, consignee_cu).returncode == 4  # the embargo bites
    message = f"{bad}:{line}:5: embargoes.0: valid_to 1900-01-01 is before valid_from 1962-02-07"
    checked = run("check", "--policy", bad, consignee_cu)
    assert checked.returncode == 2, checked.stdout
    assert message in checked.stderr and "APPROVED" not in checked.stdout
    validated = run("validate", bad)
    assert validated.returncode == 1
    assert validated.stdout.splitlines() == [message]
