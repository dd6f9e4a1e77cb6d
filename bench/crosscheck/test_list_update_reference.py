"""`lists update` on real list versions from ../shared: the 2021 SDN files, then the 2024 ones.

Moved from tests/screening/test_list_update.py: it reads files the repository does not ship,
so it lives beside the other cross-checks, which `.ci/run` runs when ../shared is there. It
uses the local server and helpers of that test module.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "data" / "sanctions"
sys.path.insert(0, str(ROOT / "tests" / "screening"))

import test_list_update as lu  # noqa: E402  (tests/screening, put on the path above)
from test_list_update import PREVIOUS, Served, run, update  # noqa: E402

served = lu.served  # the local server fixture, reused as it is


def test_update_from_2021_to_2024_summarises_the_changes(served: Served,
                                                         tmp_path: Path) -> None:
    """Install the 2021 SDN files, then update to the bundled 2024 ones: a real diff."""
    user = tmp_path / "user"
    old = served.root / "sdn2021"
    old.mkdir()
    for name in ("sdn", "alt", "add"):
        shutil.copyfile(SHARED / f"ofac_{name}_2021-07-07.csv", old / f"{name}.csv")
    first = update(served, user, "ofac_sdn", options=[f"ofac_sdn={served.url}/sdn2021/"])
    assert (first.lists[0].outcome, first.lists[0].entries) == ("updated", 8976)
    done = run("lists", "update", "--list", "ofac_sdn", "--source",
               f"ofac_sdn={served.url}/sdn/", user=user)
    assert done.returncode == 0, done.stderr
    assert "ofac_sdn: updated: 14,965 entries (was 8,976)" in done.stdout
    summary = next(line for line in done.stdout.splitlines() if line.startswith("added "))
    diffed = run("lists", "diff", str(user / PREVIOUS / "ofac_sdn"), str(user / "ofac_sdn"),
                 user=user)
    assert diffed.returncode == 0, diffed.stderr
    assert diffed.stdout.splitlines()[0] == summary  # the kept version diffs as the update did
    added, removed = (int(summary.split()[i].rstrip(",")) for i in (1, 3))
    assert added > 5000 and removed > 0 and 8976 + added - removed == 14965
