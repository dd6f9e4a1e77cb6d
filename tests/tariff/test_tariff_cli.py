"""``pricing-engine tariff import`` / ``diff`` through the real console entry point."""

import json
import subprocess
import sys
from pathlib import Path


def _run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pricing_engine", "tariff", *map(str, args)],
                          capture_output=True, text=True, check=False)


def _good_rows(fixtures: Path, tmp_path: Path, change: dict[str, str] | None = None,
               drop: str = "") -> Path:
    """A UKGT file of the excerpt's lines whose UKGT rate parses, with edits for diffs."""
    lines = (fixtures / "ukgt_sample.csv").read_text(encoding="utf-8").splitlines()
    bad = ("03024100", "07020000", "2204218595")
    kept = [lines[0]] + [line for line in lines[1:]
                         if not line.startswith(bad) and not (drop and line.startswith(drop))]
    for old, new in (change or {}).items():
        kept = [line.replace(old, new) for line in kept]
    target = tmp_path / f"ukgt_{len(list(tmp_path.iterdir()))}.csv"
    target.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return target


def test_import_exits_0_when_every_rate_parses(fixtures: Path, tmp_path: Path) -> None:
    done = _run("import", "uk-gt-csv", _good_rows(fixtures, tmp_path), "--out", tmp_path / "o")
    assert done.returncode == 0, done.stderr
    assert "parsed 18 of 18 MFN rate texts (100.00 %" in done.stdout
    assert (tmp_path / "o" / "tariffs" / "GB.yaml").is_file()


def test_import_exits_1_below_the_share_lists_each_row_and_still_writes(
        fixtures: Path, tmp_path: Path) -> None:
    done = _run("import", "eu-cet", fixtures / "ukgt_sample.csv", "--out", tmp_path)
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == (
        "ukgt_sample.csv:8: 04052010 cet_duty_rate: agricultural component: needs the Meursing "
        "code (EA / AD S/Z / AD F/M by milk fat, protein, starch and sugar content; not in the "
        "rules): '9.00% +  EA'")
    assert len(done.stderr.splitlines()) == 2
    assert "parsed 19 of 21 MFN rate texts (90.48 %" in done.stdout
    assert "04052010" not in (tmp_path / "tariffs" / "EU.yaml").read_text()


def test_import_exits_2_on_bad_input_or_usage(fixtures: Path, tmp_path: Path) -> None:
    missing = _run("import", "uk-gt-csv", tmp_path / "nope.csv", "--out", tmp_path)
    assert missing.returncode == 2 and "cannot read" in missing.stderr
    wrong = _run("import", "us-hts-json", fixtures / "ukgt_sample.csv", "--effective",
                 "2026-01-01", "--out", tmp_path)
    assert wrong.returncode == 2 and "not JSON" in wrong.stderr
    undated = _run("import", "us-hts-csv", fixtures / "hts_sample.csv", "--out", tmp_path)
    assert undated.returncode == 2 and "--effective" in undated.stderr
    assert _run("import", "no-such-format", fixtures / "hts_sample.csv",
                "--out", tmp_path).returncode == 2
    assert "Traceback" not in missing.stderr + wrong.stderr + undated.stderr
    assert not (tmp_path / "tariffs").exists()


def test_import_twice_gives_identical_bytes(fixtures: Path, tmp_path: Path) -> None:
    args = ("import", "us-hts-json", fixtures / "hts_sample.json.gz", "--effective",
            "2026-06-08")
    _run(*args, "--out", tmp_path / "a")
    _run(*args, "--out", tmp_path / "b")
    first = (tmp_path / "a" / "tariffs" / "US.yaml").read_bytes()
    assert first == (tmp_path / "b" / "tariffs" / "US.yaml").read_bytes()
    assert b"as_of: 2026-06-08" in first


def test_diff_lists_added_removed_and_changed_lines(fixtures: Path, tmp_path: Path) -> None:
    old = _good_rows(fixtures, tmp_path, drop="85076000")
    new = _good_rows(fixtures, tmp_path, change={"7.5%,6.0%": "7.5%,5.0%"}, drop="84137021")
    _run("import", "uk-gt-csv", old, "--out", tmp_path / "old")
    _run("import", "uk-gt-csv", new, "--out", tmp_path / "new")
    tables = (tmp_path / "old" / "tariffs" / "GB.yaml", tmp_path / "new" / "tariffs" / "GB.yaml")
    done = _run("diff", *tables)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "+ 85076000: rate=0.02",
        "- 84137021: rate=0",
        "~ 09012100: rate=0.06 -> rate=0.05",
        "1 added, 1 removed, 1 changed",
    ]
    doc = json.loads(_run("diff", *tables, "--format", "json").stdout)
    assert doc["schema_version"] == 1
    assert doc["changed"] == [{"hs": "09012100", "old": "rate=0.06", "new": "rate=0.05"}]


def test_diff_of_a_file_that_is_not_a_table_exits_2(fixtures: Path, tmp_path: Path) -> None:
    done = _run("diff", fixtures / "ukgt_sample.csv", fixtures / "ukgt_sample.csv")
    assert done.returncode == 2 and "not a tariff table" in done.stderr
    # a table the rule loader would refuse does not diff either: its first error is named
    _run("import", "uk-gt-csv", _good_rows(fixtures, tmp_path), "--out", tmp_path / "o")
    table = tmp_path / "o" / "tariffs" / "GB.yaml"
    bad = tmp_path / "bad.yaml"
    bad.write_text(table.read_text(encoding="utf-8").replace('rate: "0.06"', 'rate: "6%"'),
                   encoding="utf-8")
    refused = _run("diff", table, bad)
    assert refused.returncode == 2, refused.stderr
    assert f"{bad}: not a tariff table (" in refused.stderr and ".rate: " in refused.stderr
