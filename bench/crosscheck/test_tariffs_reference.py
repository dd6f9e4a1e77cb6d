"""The shipped tariff tables are what the importer makes of the official files, byte for byte.

rules/tariffs/US.yaml, US.column2.yaml, GB.yaml, EU.yaml, US.chapter99.yaml, US.section232.yaml,
US.section122.yaml and US.ieepa.yaml say "do not edit by hand": they are written by
``pricing-engine tariff import`` from the government files in ../shared/data/tariffs
(bench/regen_tariffs.py runs the same imports). Here each is imported again, through the CLI
as a user would, into a scratch directory and compared with the shipped file. A difference
means the shipped table was edited by hand, or the importer changed without the tables being
written again: either way the data no longer says where it came from.
(rules/tariffs/AE.yaml is made by bench/regen_gcc_tariff.py from a file that is not in
../shared, so it is not checked here.)
"""

from __future__ import annotations

import difflib
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TARIFFS = ROOT.parent / "shared" / "data" / "tariffs"

pytestmark = pytest.mark.skipif(
    not TARIFFS.is_dir(), reason=f"reference data not found at {TARIFFS} (../shared absent)")

#: shipped table -> (import format, official file under ../shared/data/tariffs)
TABLES = {
    "US.yaml": ("us-hts-json", "us/hts_2026_rev_10.json.gz"),
    "US.column2.yaml": ("us-hts-json", "us/hts_2026_rev_10.json.gz"),
    "GB.yaml": ("uk-gt-csv", "uk/global-uk-tariff.csv"),
    "EU.yaml": ("eu-cet", "uk/global-uk-tariff.csv"),
    "US.chapter99.yaml": ("us-ch99", "us/chapter99_us_notes_2026_rev_6.txt.gz"),
    "US.section232.yaml": ("us-ch99", "us/chapter99_us_notes_2026_rev_6.txt.gz"),
    "US.section122.yaml": ("us-s122", "us/chapter99_us_notes_2026_rev_6.txt.gz"),
    "US.ieepa.yaml": ("us-ieepa", "us/chapter99_us_notes_2026_rev_6.txt.gz"),
}
#: the earlier editions a table's MFN lines are dated back to (``tariff import --earlier``,
#: as bench/regen_tariffs.py writes them)
EARLIER = {name: ("us/hts_2025_basic.json.gz", "us/hts_2025_rev_32.json.gz")
           for name in ("US.yaml", "US.column2.yaml")}


#: the day a table's figures were last confirmed (``tariff import --checked``, as
#: bench/regen_tariffs.py writes them)
CHECKED = {"EU.yaml": "2026-06-17"}


@pytest.mark.parametrize("table", sorted(TABLES))
def test_shipped_table_is_the_import_of_the_official_file(table: str, tmp_path: Path) -> None:
    fmt, source = TABLES[table]
    earlier = [arg for name in EARLIER.get(table, ())
               for arg in ("--earlier", str(TARIFFS / name))]
    done = subprocess.run(
        [sys.executable, "-m", "pricing_engine", "tariff", "import", fmt,
         str(TARIFFS / source), *earlier,
         *(("--checked", CHECKED[table]) if table in CHECKED else ()), "--out", str(tmp_path)],
        capture_output=True, text=True, check=False, cwd=ROOT)
    assert done.returncode == 0, done.stderr or done.stdout  # >= 99.5 % of rate texts read
    made = (tmp_path / "tariffs" / table).read_text(encoding="utf-8")
    shipped = (ROOT / "rules" / "tariffs" / table).read_text(encoding="utf-8")
    if made != shipped:
        diff = difflib.unified_diff(shipped.splitlines(), made.splitlines(),
                                    f"rules/tariffs/{table}", f"import of {source}",
                                    lineterm="", n=0)
        pytest.fail(f"rules/tariffs/{table} is not the import of {source}:\n"
                    + "\n".join(list(diff)[:40]))


def test_the_vehicle_parts_written_are_those_the_tariff_text_confines_to_vehicles() -> None:
    """``VEHICLE_TEXT`` (the parts-list provisions charged the Section 232 vehicle parts duty)
    agrees with the HTS JSON: a listed provision is written exactly where chapter 87 or its
    description (the line and every level above it) names vehicles."""
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_tariff_import import vehicle_text_disagreements

    listed, written, disagree = vehicle_text_disagreements(
        TARIFFS / "us/hts_2026_rev_10.json.gz", TARIFFS / "us/chapter99_us_notes_2026_rev_6.txt.gz")
    assert (listed, written) == (229, 151)
    assert disagree == []
