"""``tariff diff`` says what an entry without duty terms is: a split or a prefix not covered."""

import json
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

from pricing_engine.rules.model import AdditionalEntry, MfnEntry, QuotaDuty, TariffFile
from pricing_engine.tariff import diff_tables, render_table

_LINES = ("03061910", "03063990")


def _table(path: Path, *extra: MfnEntry) -> Path:
    """A GB table of two priced lines and ``extra``, written as the importer writes one."""
    mfn = [MfnEntry(hs="03061910", rate=Decimal("0.06")),
           MfnEntry(hs="03063990", rate=Decimal("0.12")), *extra]
    table = TariffFile(tariff="GB", as_of=date(2021, 1, 1), sources=[{"id": "t", "title": "T"}],
                       mfn=mfn)
    path.write_text(render_table(table), encoding="utf-8")
    return path


def _diff(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pricing_engine", "tariff", "diff",
                           *map(str, args)], capture_output=True, text=True, check=False)


def test_split_and_not_covered_entries_say_what_they_are(tmp_path: Path) -> None:
    old = _table(tmp_path / "old.yaml", MfnEntry(hs="030990", split=_LINES),
                 MfnEntry(hs="07095930", not_covered="the published rate is not read"))
    new = _table(tmp_path / "new.yaml", MfnEntry(hs="030990", rate=Decimal("0.12")),
                 MfnEntry(hs="04052010", not_covered="needs the Meursing code"),
                 MfnEntry(hs="852410", split=_LINES))
    done = _diff(old, new)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "+ 04052010: not covered: needs the Meursing code",
        "+ 852410: split into 2 lines: 03061910, 03063990",
        "- 07095930: not covered: the published rate is not read",
        "~ 030990: split into 2 lines: 03061910, 03063990 -> rate=0.12",
        "2 added, 1 removed, 1 changed",
    ]
    doc = json.loads(_diff(old, new, "--format", "json").stdout)
    assert doc["added"] == [
        {"hs": "04052010", "old": None, "new": "not covered: needs the Meursing code"},
        {"hs": "852410", "old": None, "new": "split into 2 lines: 03061910, 03063990"}]
    assert doc["removed"] == [{"hs": "07095930", "old": "not covered: the published rate is "
                               "not read", "new": None}]
    assert doc["changed"] == [{"hs": "030990", "old": "split into 2 lines: 03061910, 03063990",
                               "new": "rate=0.12"}]


def test_a_split_naming_other_lines_is_a_change(tmp_path: Path) -> None:
    old = _table(tmp_path / "old.yaml", MfnEntry(hs="030990", split=_LINES))
    new = _table(tmp_path / "new.yaml", MfnEntry(hs="030990", split=("03061910", "03061990")),
                 MfnEntry(hs="03061990", rate=Decimal("0.08")))
    (change,) = diff_tables(old, new).changed
    assert (change.hs, change.old, change.new) == (
        "030990", "split into 2 lines: 03061910, 03063990",
        "split into 2 lines: 03061910, 03061990")


def test_a_tariff_quota_s_rate_beyond_the_quota_is_part_of_the_duty(tmp_path: Path) -> None:
    old = _table(tmp_path / "old.yaml", MfnEntry(hs="10019900", not_covered="a quota line"))
    new = _table(tmp_path / "new.yaml", MfnEntry(
        hs="10019900", rate=Decimal("0.01"), out_of_quota=QuotaDuty(rate=Decimal("0.65"))))
    (change,) = diff_tables(old, new).changed
    assert (change.old, change.new) == ("not covered: a quota line",
                                        "rate=0.01 out_of_quota=(rate=0.65)")
    newer = _table(tmp_path / "newer.yaml", MfnEntry(
        hs="10019900", rate=Decimal("0.01"), out_of_quota=QuotaDuty(rate=Decimal("0.5"))))
    (change,) = diff_tables(new, newer).changed  # only the out-of-quota rate moved
    assert change.new == "rate=0.01 out_of_quota=(rate=0.5)"


def test_each_dated_entry_of_a_seasonal_line_is_compared(tmp_path: Path) -> None:
    def season(rate: str) -> tuple[MfnEntry, MfnEntry]:
        return (MfnEntry(hs="07020000", rate=Decimal(rate), valid_from=date(2021, 1, 1),
                         valid_to=date(2021, 5, 31)),
                MfnEntry(hs="07020000", rate=Decimal("0.08"), valid_from=date(2021, 6, 1)))
    old = _table(tmp_path / "old.yaml", *season("0.14"))
    new = _table(tmp_path / "new.yaml", *season("0.12"))
    (change,) = diff_tables(old, new).changed  # the first season changed, the last did not
    assert change.old == "2021-01-01..2021-05-31: rate=0.14; 2021-06-01..: rate=0.08"
    assert change.new == "2021-01-01..2021-05-31: rate=0.12; 2021-06-01..: rate=0.08"
    assert not diff_tables(old, old).changes


def test_additional_duties_are_compared_by_line_duty_and_origins(tmp_path: Path) -> None:
    def table(name: str, *entries: AdditionalEntry) -> Path:
        path = tmp_path / name
        path.write_text(render_table(TariffFile(
            tariff="US", as_of=date(2026, 4, 28), sources=[{"id": "t", "title": "T"}],
            additional=entries)), encoding="utf-8")
        return path

    on = {"valid_from": date(2026, 4, 6)}
    old = table("old.yaml",
                AdditionalEntry(name="S232", hs="7208", rate=Decimal("0.5"), **on),
                AdditionalEntry(name="S232", hs="7601", rate=Decimal("0.25"), **on),
                AdditionalEntry(name="Parts", hs="8482", rate=Decimal("0.25"), **on))
    new = table("new.yaml",
                AdditionalEntry(name="S232", hs="7208", rate=Decimal("0.5"),
                                except_origins=("GB",), **on),
                AdditionalEntry(name="S232", hs="7601", rate=Decimal("0.5"), **on),
                AdditionalEntry(name="S232", hs="842129", top_up_to=Decimal("0.15"), **on),
                # the same rate, now only on goods a line declares vehicle parts
                AdditionalEntry(name="Parts", hs="8482", rate=Decimal("0.25"),
                                only_for_use="vehicle_part", **on))
    result = diff_tables(old, new)
    assert [(c.hs, c.duty, c.old, c.new) for c in result.changes] == [
        ("7208", "S232", "rate=0.5", None),
        ("7208", "S232, except GB", None, "rate=0.5"),
        ("7601", "S232", "rate=0.25", "rate=0.5"),
        ("842129", "S232", None, "top_up_to=0.15"),
        ("8482", "Parts", "rate=0.25", "rate=0.25 only_for_use=vehicle_part")]
    assert result.as_dict()["changed"] == [
        {"hs": "7601", "duty": "S232", "old": "rate=0.25", "new": "rate=0.5"},
        {"hs": "8482", "duty": "Parts", "old": "rate=0.25",
         "new": "rate=0.25 only_for_use=vehicle_part"}]
    assert _diff(old, new).stdout.splitlines()[-1] == "2 added, 1 removed, 2 changed"


def test_withheld_lines_are_compared_as_their_own_duty(tmp_path: Path) -> None:
    """A column 2 table's lines (``withheld``) change like MFN lines, named as withheld."""
    def column2(path: Path, rate: str) -> Path:
        table = TariffFile(tariff="US", as_of=date(2026, 6, 8),
                           sources=[{"id": "t", "title": "T"}],
                           withheld=[MfnEntry(hs="64039960", rate=Decimal(rate)),
                                     MfnEntry(hs="95030000", rate=Decimal("0.7"))])
        path.write_text(render_table(table), encoding="utf-8")
        return path
    found = diff_tables(column2(tmp_path / "old.yaml", "0.2"), column2(tmp_path / "new.yaml",
                                                                       "0.35"))
    (change,) = found.changes
    assert (change.hs, change.old, change.new) == ("64039960", "rate=0.2", "rate=0.35")
    assert change.duty is not None and change.duty.startswith("withheld")
