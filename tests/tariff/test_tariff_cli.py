"""``pricing-engine tariff import`` / ``diff`` through the real console entry point."""

import gzip
import json
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from pricing_engine.errors import MissingRule
from pricing_engine.rules import load_rules
from pricing_engine.rules.model import TariffFile
from pricing_engine.tariff import render_table
from pricing_engine.tariff.importers import import_table


def _run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pricing_engine", "tariff", *map(str, args)],
                          capture_output=True, text=True, check=False)


#: Rows of the UKGT dataset (2021) under HS2017 0709 59, the only source of HS2022 0709 52 to
#: 0709 56 (mushrooms): with them a file has every line the new codes are carved from.
MUSHROOMS = [
    "07095910,Fresh or chilled chanterelles,3.2%,2.0%,Simplified,False,False,False,False",
    "0709591010,Fresh or chilled chanterelles for treatment other than simple repacking for "
    "retail sale,3.2%,2.0%,Simplified,False,False,True,False",
]


def _good_rows(fixtures: Path, tmp_path: Path, change: dict[str, str] | None = None,
               drop: str = "", add: tuple[str, ...] = ()) -> Path:
    """A UKGT file of the excerpt's lines whose UKGT rate parses (and ``add``), with edits for
    diffs."""
    lines = (fixtures / "ukgt_sample.csv").read_text(encoding="utf-8").splitlines()
    bad = ("03024100", "07020000", "2204218595")
    kept = [lines[0]] + [line for line in [*lines[1:], *add]
                         if not line.startswith(bad) and not (drop and line.startswith(drop))]
    for old, new in (change or {}).items():
        kept = [line.replace(old, new) for line in kept]
    target = tmp_path / f"ukgt_{len(list(tmp_path.iterdir()))}.csv"
    target.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return target


def test_import_exits_0_when_every_rate_parses(fixtures: Path, tmp_path: Path) -> None:
    done = _run("import", "uk-gt-csv", _good_rows(fixtures, tmp_path), "--out", tmp_path / "o")
    assert done.returncode == 0, done.stderr
    assert "parsed 20 of 20 MFN rate texts (100.00 %" in done.stdout
    assert (tmp_path / "o" / "tariffs" / "GB.yaml").is_file()


def test_import_exits_1_below_the_share_lists_each_row_and_still_writes(
        fixtures: Path, tmp_path: Path) -> None:
    # the sample with one CET text the parser cannot read (a seasonal rate whose period ends
    # on a day that does not exist and is no misprint of the month's last day: 31 FEB;
    # 0810.10's '31 APR' is read as 30 APR, see tests/tariff/test_seasons.py)
    text = (fixtures / "ukgt_sample.csv").read_text(encoding="utf-8").replace(
        ",9.00% +  EA,", ',"11.20% (01 JAN-31 FEB, 01 AUG-31 DEC), 12.80% (01 MAR-31 JUL)",', 1)
    (tmp_path / "ukgt_sample.csv").write_text(text, encoding="utf-8")
    done = _run("import", "eu-cet", tmp_path / "ukgt_sample.csv", "--out", tmp_path)
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == (
        "ukgt_sample.csv:8: 04052010 cet_duty_rate: seasonal rate: period not understood: "
        "01 JAN-31 FEB: '11.20% (01 JAN-31 FEB, 01 AUG-31 DEC), 12.80% (01 MAR-31 JUL)'")
    assert len(done.stderr.splitlines()) == 1
    assert "parsed 22 of 23 MFN rate texts (95.65 %" in done.stdout
    # the unparsed line is written as not covered: a lookup there fails closed, never 0 %
    (line,) = [line for line in (tmp_path / "tariffs" / "EU.yaml").read_text().splitlines()
               if "04052010" in line]
    assert line.startswith('  - {hs: "04052010", not_covered: "the published rate ')


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
    old = _good_rows(fixtures, tmp_path, drop="85076000", add=tuple(MUSHROOMS))
    new = _good_rows(fixtures, tmp_path, change={"7.5%,6.0%": "7.5%,5.0%"}, drop="84137021",
                     add=(MUSHROOMS[0], MUSHROOMS[1].replace("3.2%,2.0%", "3.2%,3.0%")))
    _run("import", "uk-gt-csv", old, "--out", tmp_path / "old")
    _run("import", "uk-gt-csv", new, "--out", tmp_path / "new")
    tables = (tmp_path / "old" / "tariffs" / "GB.yaml", tmp_path / "new" / "tariffs" / "GB.yaml")
    done = _run("diff", *tables)
    assert done.returncode == 0, done.stderr
    # HS2022 0709 52-56 (mushrooms) were carved from HS2017 0709 59: its two lines charge 2 %
    # in the old file, 2 % and 3 % in the new one, so the new codes no longer take a duty
    carved = "rate=0.02 -> split into 2 lines: 07095910, 0709591010"
    assert done.stdout.splitlines() == [
        "+ 85076000: rate=0.02",
        "- 84137021: rate=0",
        *(f"~ {code}: {carved}" for code in ("070952", "070953", "070954", "070955",
                                              "070956")),
        "~ 0709591010: rate=0.02 -> rate=0.03",
        "~ 09012100: rate=0.06 -> rate=0.05",
        "1 added, 1 removed, 7 changed",
    ]
    doc = json.loads(_run("diff", *tables, "--format", "json").stdout)
    assert doc["schema_version"] == 1
    assert doc["changed"][-1] == {"hs": "09012100", "old": "rate=0.06", "new": "rate=0.05"}
    assert doc["changed"][0] == {"hs": "070952", "old": "rate=0.02",
                                 "new": "split into 2 lines: 07095910, 0709591010"}
    assert len(doc["changed"]) == 7


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


def test_uk_import_is_carried_to_hs2022_as_the_library_does(fixtures: Path,
                                                            tmp_path: Path) -> None:
    """The CLI writes the table of import_table (bench/regen_tariffs.py's path too): CN2020
    lines as published, plus the HS2022 codes carried over through the bundled concordance."""
    sample = fixtures / "ukgt_sample.csv"
    lines = sample.read_text(encoding="utf-8").splitlines()
    # with the mushroom lines, one of them at another duty: 0709 59's lines differ
    sample = tmp_path / "ukgt_sample.csv"
    sample.write_text("\n".join([*lines, MUSHROOMS[0], MUSHROOMS[1].replace(
        "3.2%,2.0%", "3.2%,3.0%")]) + "\n", encoding="utf-8")
    done = _run("import", "uk-gt-csv", sample, "--out", tmp_path)
    assert done.returncode == 0, done.stderr
    written = (tmp_path / "tariffs" / "GB.yaml").read_text(encoding="utf-8")
    assert written == render_table(import_table("uk-gt-csv", sample).table)
    table = TariffFile.model_validate(yaml.safe_load(written))
    assert "unsd-hs2022-hs2017" in {s.id for s in table.sources}
    mfn = {e.hs: e for e in table.mfn}
    # HS2022 070410 (cauliflowers and broccoli) from HS2017 070410 and 070490: the excerpt
    # has 07049010 (12 %) but no line under 070410, so the code gets no duty (a partial file
    # does not say what the cauliflowers pay)
    assert "070410" not in mfn
    assert mfn["07049010"].rate == Decimal("0.12")  # the CN2020 lines stay as published
    left_out = "HS2022 subheadings with no table line under some of their HS2017 codes " \
               "(left out)"
    count = import_table("uk-gt-csv", sample).summary[left_out]
    assert count > 0 and f"{left_out}: {count}" in done.stdout
    splits = [e for e in table.mfn if e.split]
    assert [e.hs for e in splits] == ["070952", "070953", "070954", "070955", "070956"]
    assert all(e.split == ("07095910", "0709591010") for e in splits)
    assert "HS2022 split entries (HS2017 lines of different duties): 5" in done.stdout
    # with the two lines alike, the new codes take their duty
    sample.write_text("\n".join([*lines, *MUSHROOMS]) + "\n", encoding="utf-8")
    assert _run("import", "uk-gt-csv", sample, "--out", tmp_path).returncode == 0
    mushrooms = load_rules(tmp_path).duty("GB", "070952", "CN", date(2026, 11, 20)).mfn
    assert (mushrooms.hs, mushrooms.rate) == ("070952", Decimal("0.02"))
    assert "HS2022-HS2017 correlation" in (mushrooms.ref.source or "")


def test_earlier_editions_date_back_the_lines_they_charge_alike(fixtures: Path,
                                                                tmp_path: Path) -> None:
    # the same excerpt, as an earlier edition where 0101.30.00.00 charged 5 %, not 6.8 %
    rows = json.loads(gzip.decompress((fixtures / "hts_sample.json.gz").read_bytes()))
    for row in rows:
        if row.get("htsno") == "0101.30.00.00":
            row["general"] = "5%"
    earlier = tmp_path / "earlier.json.gz"
    earlier.write_bytes(gzip.compress(json.dumps(rows).encode()))
    done = _run("import", "us-hts-json", fixtures / "hts_sample.json.gz", "--effective",
                "2026-06-08", "--earlier", f"{earlier}=2025-01-01", "--out", tmp_path / "o")
    assert done.returncode == 0, done.stderr
    assert "MFN entries dated from the earlier editions (1)" in done.stdout
    table = TariffFile.model_validate(yaml.safe_load(
        (tmp_path / "o" / "tariffs" / "US.yaml").read_text(encoding="utf-8")))
    dated = {e.hs: e.valid_from for e in table.mfn}
    assert dated["01013000"] is None  # charged otherwise before: from the table's date
    assert dated["01012100"] == date(2025, 1, 1)  # free in both editions
    assert table.valid_from == date(2026, 6, 8)  # the rest: the table's own date
    bad = _run("import", "us-hts-json", fixtures / "hts_sample.json.gz", "--effective",
               "2026-06-08", "--earlier", f"{earlier}=June", "--out", tmp_path / "p")
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr


def test_earlier_editions_date_back_the_preferences_they_give_alike(fixtures: Path,
                                                                    tmp_path: Path) -> None:
    # an earlier edition where Japan's rate on 8481.80.30 was 3.5 %, not 2.8 %
    rows = json.loads(gzip.decompress((fixtures / "hts_sample.json.gz").read_bytes()))
    for row in rows:
        if row.get("htsno") == "8481.80.30":
            row["special"] = row["special"].replace("2.8% (JP)", "3.5% (JP)")
    earlier = tmp_path / "earlier.json.gz"
    earlier.write_bytes(gzip.compress(json.dumps(rows).encode()))
    done = _run("import", "us-hts-json", fixtures / "hts_sample.json.gz", "--effective",
                "2026-06-08", "--earlier", f"{earlier}=2025-01-01", "--out", tmp_path / "o")
    assert done.returncode == 0, done.stderr
    assert "preferences the earlier editions give otherwise (not_covered on their days): 1" \
        in done.stdout
    table = TariffFile.model_validate(yaml.safe_load(
        (tmp_path / "o" / "tariffs" / "US.yaml").read_text(encoding="utf-8")))
    japan = [p for p in table.preferential if "JP" in p.origins and p.hs == "84818030"]
    assert sorted((p.valid_from, p.valid_to, p.rate, bool(p.not_covered)) for p in japan) == [
        (date(2025, 1, 1), date(2026, 6, 7), None, True),
        (date(2026, 6, 8), None, Decimal("0.028"), False)]
    korea = [p for p in table.preferential if "KR" in p.origins]
    assert korea and all(p.valid_from == date(2025, 1, 1) for p in korea)
    book = load_rules(tmp_path / "o")
    with pytest.raises(MissingRule, match="US-Japan"):
        book.duty("US", "8481.80.30", "JP", date(2025, 6, 1),
                  claimed_agreement="US-Japan Trade Agreement")
    later = book.duty("US", "8481.80.30", "JP", date(2026, 11, 20),
                      claimed_agreement="US-Japan Trade Agreement")
    assert [p.rate for p in later.preferential] == [Decimal("0.028")]
