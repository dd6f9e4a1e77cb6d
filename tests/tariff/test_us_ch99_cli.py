"""``pricing-engine tariff import us-ch99``: the Section 301 and Section 232 tables through the
console entry."""

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
        ("Section 301", "02032920", Decimal("0.25"), str(target)),
        ("Section 301 forced labour", "*", Decimal("0.125"), "rules/countries/US.yaml")]


def test_import_writes_the_section_232_table_beside_it_all_or_nothing(
        fixtures: Path, tmp_path: Path) -> None:
    # notes 20 and 31 (Section 301) and note 16 (Section 232 metals) together
    notes = tmp_path / "notes.txt"
    notes.write_bytes(b"\n".join((fixtures / name).read_bytes() for name in (
        "ch99_notes_sample.txt", "ch99_note16_sample.txt")))
    done = _import(notes, tmp_path / "o")
    assert done.returncode == 0, done.stderr
    tables = tmp_path / "o" / "tariffs"
    section301, section232 = tables / "US.chapter99.yaml", tables / "US.section232.yaml"
    assert f"wrote {section301}" in done.stdout and f"wrote {section232}" in done.stdout
    book = load_rules(tmp_path / "o")
    found = book.duty("US", "7304.11.00", "DE", on=date(2026, 11, 20)).additional
    assert {a.name: a.ref.file for a in found}["Section 232 metals"] == str(section232)
    # each table holds its own duties and cites only its own sources
    text301, text232 = section301.read_text("utf-8"), section232.read_text("utf-8")
    assert "Section 232" not in text301 and "Section 301" not in text232
    assert "usitc-hts-ch99-note16" in text232 and "usitc-hts-ch99-note16" not in text301
    # a Section 232 table over the size a rule file may have: neither table is written
    small = tmp_path / "small"
    done = subprocess.run(
        [sys.executable, "-c", "import sys; import pricing_engine.tariff.table as t; "
         f"t.RULE_FILE_LIMIT = {len(text232.encode()) - 1}; "
         "from pricing_engine.cli.main import main; sys.exit(main(sys.argv[1:]))",
         "tariff", "import", "us-ch99", str(notes), "--effective", "2026-04-28",
         "--out", str(small)], capture_output=True, text=True, check=False)
    assert done.returncode == 2, done.stderr
    assert "US.section232.yaml" in done.stderr and not small.exists()


def test_import_of_a_file_that_is_not_the_notes_exits_2(fixtures: Path,
                                                       tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pricing_engine", "tariff", "import", "us-ch99",
         str(fixtures / "ukgt_sample.csv"), "--out", str(tmp_path)],
        capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "ukgt_sample.csv" in done.stderr


def test_import_us_s122_writes_the_section_122_table_beside_it(fixtures: Path,
                                                                tmp_path: Path) -> None:
    # the notes' excerpts together: notes 20 and 31 (Section 301), note 16 (Section 232
    # metals, which the surcharge spares) and note 2(aa) with heading 9903.03.01
    notes = tmp_path / "notes.txt"
    notes.write_bytes(b"\n".join((fixtures / name).read_bytes() for name in (
        "ch99_note2aa_sample.txt", "ch99_notes_sample.txt", "ch99_note16_sample.txt")))
    done = subprocess.run(
        [sys.executable, "-m", "pricing_engine", "tariff", "import", "us-s122", str(notes),
         "--effective", "2026-04-28", "--out", str(tmp_path / "o")],
        capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    target = tmp_path / "o" / "tariffs" / "US.section122.yaml"
    assert f"wrote {target}" in done.stdout
    assert "lines exempt by list (ii): 146" in done.stdout
    assert not (tmp_path / "o" / "tariffs" / "US.chapter99.yaml").exists()
    book = load_rules(tmp_path / "o")  # in place of the bundled Section 122 table
    on = date(2026, 5, 1)

    def surcharge(hs: str) -> tuple[Decimal | None, str]:
        (found,) = [a for a in book.duty("US", hs, "DE", on=on).additional
                    if a.name == "Section 122 surcharge"]
        return found.rate, found.ref.file

    assert surcharge("02011005") == (Decimal("0"), str(target))  # list (ii)
    assert surcharge("95045000") == (Decimal("0.1"), str(target))  # "*"
    assert surcharge("72085100")[0] == 0  # Section 232 steel (note 16)
