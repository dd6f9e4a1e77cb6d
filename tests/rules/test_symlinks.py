"""A rules directory entry named like a rule file that cannot be read is an error, never skipped.

Skipping it would silently price with the bundled file of that country instead of the user's:
a broken symlink, a symlink to a device, a directory or a pipe named ``DE.yaml``, an
unreadable file. `validate` reports ``file:1:1: ...`` and exits 1; `quote` and `check` with
``--rules`` exit 2 with one line.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from pricing_engine.errors import RuleFileError
from pricing_engine.rules import load_rules

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "rules" / "countries"
QUOTE = ROOT / "examples" / "de-us-ddp.yaml"
PROPOSAL = ROOT / "examples" / "proposals" / "de-gb-dap.yaml"


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    # none of a user's settings, but the test session's own cache and lists directories
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRICING_ENGINE_")
           or k in ("PRICING_ENGINE_CACHE", "PRICING_ENGINE_LISTS_DIR")}
    return subprocess.run([sys.executable, "-m", "pricing_engine", *map(str, args)],
                          capture_output=True, text=True, timeout=300, env=env, check=False)


def _dangling(target: Path) -> None:
    target.symlink_to(target.parent / "missing" / "DE.yaml")


def _to_device(target: Path) -> None:
    target.symlink_to(os.devnull)  # outside the directory, and not a file


def _directory(target: Path) -> None:
    target.mkdir()
    shutil.copy(BUNDLED / "DE.yaml", target / "inner.yaml")


def _dir_symlink(target: Path) -> None:
    outside = target.parent.parent.parent / "elsewhere.yaml"
    outside.mkdir()
    target.symlink_to(outside)


def _loop(target: Path) -> None:
    target.symlink_to(target.name)


def _pipe(target: Path) -> None:
    os.mkfifo(target)  # reading it would block: it must not even be opened


CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    "dangling": (_dangling, "broken symbolic link to "),
    "device": (_to_device, "not a regular file"),
    "directory": (_directory, "a directory, not a rule file"),
    "dir_symlink": (_dir_symlink, "a directory, not a rule file"),
    "loop": (_loop, "broken symbolic link to 'DE.yaml'"),
    "pipe": (_pipe, "not a regular file"),
}


@pytest.fixture(params=sorted(CASES))
def bad_dir(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, Path, str]:
    """A rules directory with a good US.yaml and a bad countries/DE.yaml."""
    make, message = CASES[request.param]
    rules = tmp_path / "work" / "rules"
    (rules / "countries").mkdir(parents=True)
    shutil.copy(BUNDLED / "US.yaml", rules / "countries" / "US.yaml")
    bad = rules / "countries" / "DE.yaml"
    make(bad)
    return rules, bad, message


def test_validate_reports_the_entry_at_1_1_and_exits_1(bad_dir: tuple[Path, Path, str]) -> None:
    rules, bad, message = bad_dir
    done = run("validate", rules)
    assert done.returncode == 1, done.stdout + done.stderr
    lines = [line for line in done.stdout.splitlines() if line.startswith(f"{bad}:")]
    assert len(lines) == 1 and lines[0].startswith(f"{bad}:1:1: {message}"), done.stdout


def test_quote_with_rules_exits_2_with_one_line(bad_dir: tuple[Path, Path, str]) -> None:
    rules, bad, message = bad_dir
    done = run("quote", QUOTE, "--rules", rules)
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stdout == ""
    assert done.stderr.splitlines() == [done.stderr.strip()]
    assert f"{bad}:1:1: {message}" in done.stderr and "Traceback" not in done.stderr


def test_check_with_rules_exits_2_with_one_line(bad_dir: tuple[Path, Path, str]) -> None:
    rules, bad, message = bad_dir
    done = run("check", PROPOSAL, "--rules", rules)
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr.splitlines() == [done.stderr.strip()]
    assert f"{bad}:1:1: {message}" in done.stderr


def test_load_rules_raises_naming_the_entry(bad_dir: tuple[Path, Path, str]) -> None:
    rules, bad, message = bad_dir
    with pytest.raises(RuleFileError) as caught:
        load_rules(rules)
    assert str(caught.value).startswith(f"{bad}:1:1: {message}")


def test_a_symlink_to_a_rule_file_outside_the_directory_is_read(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    (rules / "countries").mkdir(parents=True)
    outside = tmp_path / "shared-DE.yaml"
    shutil.copy(BUNDLED / "DE.yaml", outside)
    (rules / "countries" / "DE.yaml").symlink_to(outside)
    assert run("validate", rules).returncode == 0
    book = load_rules(rules)
    assert f"{rules}/countries/DE.yaml" in book.files


def test_a_symlinked_subdirectory_is_followed_and_a_loop_ends(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "DE.yaml").symlink_to(shared / "gone.yaml")
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "countries").symlink_to(shared)
    (shared / "back").symlink_to(rules)  # a cycle: rules/countries/back -> rules
    done = run("validate", rules)
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        f"{rules}/countries/DE.yaml:1:1: broken symbolic link to '{shared}/gone.yaml' "
        "(No such file or directory)"]


def test_an_unreadable_rule_file_is_an_error(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    bad = rules / "DE.yaml"
    shutil.copy(BUNDLED / "DE.yaml", bad)
    bad.chmod(0)
    if os.access(bad, os.R_OK):
        pytest.skip("running as root: chmod 000 does not stop reading (see the directory case)")
    done = run("validate", rules)
    assert done.returncode == 1
    assert done.stdout.startswith(f"{bad}:1:1: cannot read")


@pytest.mark.parametrize("contents", ["empty", "other files", "hidden rules"])
def test_a_directory_with_no_rule_file_is_an_error_not_a_clean_check(
        tmp_path: Path, contents: str) -> None:
    # a mistyped or unmounted rules path: `validate` must not say ok to nothing, nor `quote`
    # price with the bundled rules alone as though the user's were there
    rules = tmp_path / "rules"
    (rules / "countries").mkdir(parents=True)
    if contents == "other files":
        (rules / "countries" / "DE.yaml.bak").write_text("country: DE\n")
        (rules / "README.md").write_text("our rules\n")
    elif contents == "hidden rules":
        (rules / ".git").mkdir()
        shutil.copy(BUNDLED / "DE.yaml", rules / ".git" / "DE.yaml")
    message = f"{rules}:1:1: no rule files (*.yaml, *.yml) in this directory"
    done = run("validate", rules)
    assert (done.returncode, done.stdout.splitlines()) == (1, [message]), done.stderr
    done = run("quote", QUOTE, "--rules", rules)
    assert done.returncode == 2 and done.stdout == "", done.stdout + done.stderr
    assert message in done.stderr and "Traceback" not in done.stderr
    with pytest.raises(RuleFileError) as caught:
        load_rules(rules)
    assert str(caught.value).startswith(message)
