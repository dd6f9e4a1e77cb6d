"""Cross-checks of the list loaders and list diffs on the full reference files in ../shared.

These read files that are not shipped with the repository (older OFAC snapshots, a full OFAC
consolidated XML), so they live outside tests/: `.ci/run` runs them when ../shared is there.
"""

from __future__ import annotations

import collections
import csv
import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from pricing_engine.screening.diff import diff_lists
from pricing_engine.screening.lists import load_list
from pricing_engine.screening.model import Identifier

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "data" / "sanctions"
SAMPLES = SHARED / "samples"
OFAC_NS = "{http://tempuri.org/sdnList.xsd}"

pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason=f"{SHARED} (reference data) absent")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pricing_engine", *args],
                          capture_output=True, text=True, check=False)


def _names(path: Path) -> dict[str, str]:
    with path.open(encoding="cp1252", newline="") as handle:
        return {r[0]: r[1] for r in csv.reader(handle) if len(r) == 12}


def test_ofac_consolidated_xml_full_file() -> None:
    path = SAMPLES / "ofac_consolidated_sdnlist_2018-04-06_full.xml"
    lst = load_list("ofac_xml", path)
    assert lst.info.list_id == "ofac_cons"  # named from the file name (CONSOLIDATED.XML)
    root = ET.parse(path).getroot()
    entries = root.findall(f"{OFAC_NS}sdnEntry")
    assert len(lst.entities) == len(entries) == 639  # = Record_Count in the header
    assert lst.info.published == "2018-04-06"
    kinds = collections.Counter(e.kind for e in lst.entities)
    assert kinds == {"entity": 471, "person": 94, "vessel": 74}
    weak = sum(a.strength == "weak" for e in lst.entities for a in e.aliases)
    weak_in_file = {
        (entry.findtext(f"{OFAC_NS}uid"), aka.findtext(f"{OFAC_NS}lastName"))
        for entry in entries
        for aka in entry.iter(f"{OFAC_NS}aka")
        if aka.findtext(f"{OFAC_NS}category") == "weak"
    }
    # 46 weak akas in the file; entry 18769 lists "VYSOKOTOCHNYE KOMPLEKSY" twice
    assert weak == len(weak_in_file) == 45
    vessel = next(e for e in lst.entities if e.entry_id == "15036")
    assert vessel.name == "SHONA"
    assert Identifier("imo", "9187629") in vessel.identifiers
    assert vessel.countries == ("TZ",)  # vesselFlag Tanzania


def test_real_ofac_snapshots() -> None:
    old_sdn, new_sdn = SHARED / "ofac_sdn_2021-07-07.csv", SHARED / "ofac_sdn_2024-05-03.csv"
    old = load_list(
        "ofac_csv", old_sdn, SHARED / "ofac_alt_2021-07-07.csv", SHARED / "ofac_add_2021-07-07.csv"
    )
    new = load_list("ofac_csv", new_sdn)
    result = diff_lists(old, new)
    before, after = _names(old_sdn), _names(new_sdn)
    assert {e.entry_id for e in result.added} == after.keys() - before.keys()
    assert {e.entry_id for e in result.removed} == before.keys() - after.keys()
    assert len(result.added) == 6870 and len(result.removed) == 881  # checked with the sets above
    renamed = {k for k in before.keys() & after.keys() if before[k] != after[k]}
    assert {c.entry_id for c in result.changed if "name" in c.fields} == renamed
    assert len(renamed) == 60
    # the 2024 side has no alt.csv here, so every entry with alt.csv (strong) aliases lost them
    had_aliases = {
        e.entry_id for e in old.entities if any(a.strength == "strong" for a in e.aliases)
    } & after.keys()
    lost = {c.entry_id for c in result.changed if "aliases" in c.fields}
    assert had_aliases <= lost
    # re-screening covers the added entries and every changed name or alias
    rescreen = {e.entry_id for e in result.rescreen_entities()}
    assert rescreen >= {e.entry_id for e in result.added} | renamed
    assert result.stale_entry_ids() >= {e.entry_id for e in result.removed}


def _ofac_dir(target: Path, sdn: str, alt: str | None = None, add: str | None = None) -> Path:
    target.mkdir()
    for name, source in (("sdn.csv", sdn), ("alt.csv", alt), ("add.csv", add)):
        if source:
            shutil.copy(SHARED / source, target / name)
    return target


def test_diff_real_snapshots_json(tmp_path: Path) -> None:
    old = _ofac_dir(
        tmp_path / "old",
        "ofac_sdn_2021-07-07.csv",
        "ofac_alt_2021-07-07.csv",
        "ofac_add_2021-07-07.csv",
    )
    new = _ofac_dir(tmp_path / "new", "ofac_sdn_2024-05-03.csv")
    done = run("lists", "diff", str(old), str(new), "--format-out", "json")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)

    def ids(path: Path) -> set[str]:
        with path.open(encoding="cp1252", newline="") as handle:
            return {r[0] for r in csv.reader(handle) if len(r) == 12}

    before, after = ids(old / "sdn.csv"), ids(new / "sdn.csv")
    assert {x["entry_id"] for x in document["added"]} == after - before
    assert {x["entry_id"] for x in document["removed"]} == before - after
    assert document["summary"]["added"] == 6870
    assert document["summary"]["removed"] == 881


def test_diff_text_of_two_files() -> None:
    done = run(
        "lists",
        "diff",
        str(SHARED / "ofac_sdn_2021-07-07.csv"),
        str(SHARED / "ofac_sdn_2024-05-03.csv"),
        "--limit",
        "2",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("added 6870, removed 881, changed ")
    assert "re-screen against" in done.stdout
