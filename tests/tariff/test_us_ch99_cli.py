"""``pricing-engine tariff import us-ch99``: the Section 301 table through the console entry."""

import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

from pricing_engine.rules import load_rules


def _import(notes: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pricing_engine", "tariff", "import", "us-ch99", str(notes),
         "--effective", "2026-04-28", "--out", str(out)],
        capture_output=True, text=True, check=False)


def test_import_writes_a_chapter99_table_the_loader_reads(fixtures: Path,
                                                           tmp_path: Path) -> None:
    done = _import(fixtures / "ch99_notes_sample.txt", tmp_path / "o")
    assert done.returncode == 0, done.stderr
    target = tmp_path / "o" / "tariffs" / "US.chapter99.yaml"
    assert f"wrote {target}" in done.stdout
    assert "lines written: 98" in done.stdout
    assert not (tmp_path / "o" / "tariffs" / "US.yaml").exists()
    text = target.read_text(encoding="utf-8")
    assert "\nadditional:\n" in text and "None" not in text
    _import(fixtures / "ch99_notes_sample.txt", tmp_path / "p")
    assert (tmp_path / "p" / "tariffs" / "US.chapter99.yaml").read_text(
        encoding="utf-8") == text  # byte-identical
    book = load_rules(tmp_path / "o")  # laid over the bundled rules, in place of their table
    found = book.duty("US", "02032920", "CN", on=date(2026, 11, 20)).additional
    assert [(a.name, a.hs, a.rate, a.ref.file) for a in found] == [
        ("Section 301", "02032920", Decimal("0.25"), str(target))]


def test_import_of_a_file_that_is_not_the_notes_exits_2(fixtures: Path,
                                                       tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pricing_engine", "tariff", "import", "us-ch99",
         str(fixtures / "ukgt_sample.csv"), "--out", str(tmp_path)],
        capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "ukgt_sample.csv" in done.stderr
