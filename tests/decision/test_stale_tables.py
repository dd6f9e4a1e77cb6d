"""STALE_RULES for the tariff tables a quote's figures came from: a table's age counts from its
``checked`` date, else from its revision's ``as_of``; ``tariff import --checked`` writes it."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from pricing_engine.engine import Engine
from pricing_engine.rules import load_rules
from pricing_engine.rules.model import TariffFile
from tests.decision.conftest import proposal

ON = date(2026, 12, 7)
SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "tariffs" / "ukgt_sample.csv"
#: A UK table of one line (the pump of approved.yaml, DE -> GB), in place of the bundled one.
TABLE = """\
tariff: GB
as_of: {as_of}
{checked}sources:
  - {{id: ukgt, title: "UK Global Tariff (a user's import)"}}
confidence: medium
mfn:
  - {{hs: "84137035", rate: "0.017"}}
  - {{hs: "84137045", rate: "0.017"}}
  - {{hs: "84137051", rate: "0.017"}}
  - {{hs: "84137059", rate: "0.017"}}
  - {{hs: "84137065", rate: "0.017"}}
  - {{hs: "84137075", rate: "0.017"}}
  - {{hs: "84137081", rate: "0.017"}}
  - {{hs: "84137089", rate: "0.017"}}
"""


def _engine(engine: Engine, tmp_path: Path, as_of: date, checked: date | None) -> Engine:
    """``engine`` (bundled lists, lenient list age) with the UK table above and a policy that
    holds rule files to 366 days."""
    (tmp_path / "tariffs").mkdir()
    line = f"checked: {checked}\n" if checked else ""
    (tmp_path / "tariffs" / "GB.yaml").write_text(
        TABLE.format(as_of=as_of, checked=line), encoding="utf-8")
    policy = engine.policy
    strict = policy.model_copy(update={"freshness": policy.freshness.model_copy(
        update={"max_rules_age_days": 366})})
    return Engine(rules=load_rules(tmp_path), policy=strict, screener=engine.screener,
                  lists=engine.lists)


def _stale(engine: Engine) -> list[dict[str, object]]:
    decision = engine.check(proposal("approved.yaml"), on=ON)
    return [r.evidence for r in decision.reasons if r.code == "STALE_RULES"]


def test_a_table_of_an_old_revision_sends_the_quote_to_review(engine: Engine,
                                                              tmp_path: Path) -> None:
    old = _engine(engine, tmp_path, date(2024, 1, 1), None)
    decision = old.check(proposal("approved.yaml"), on=ON)
    assert decision.status == "REVIEW"
    (reason,) = [r for r in decision.reasons if r.code == "STALE_RULES"]
    assert reason.evidence["file"].endswith("tariffs/GB.yaml")
    assert reason.evidence["as_of"] == "2024-01-01"
    assert reason.evidence["age_days"] == (ON - date(2024, 1, 1)).days
    assert reason.evidence["quote_lines"] == [1]
    assert "which gave the MFN duty of line(s) 1" in reason.message
    assert "re-import the publisher's current schedule" in reason.message  # what to do
    # the country files are current: only the table is named
    assert not [r for r in decision.reasons if "countries/" in str(r.evidence.get("file"))]


def test_a_table_confirmed_current_counts_its_age_from_checked(engine: Engine,
                                                               tmp_path: Path) -> None:
    checked = _engine(engine, tmp_path, date(2024, 1, 1), ON - timedelta(days=366))
    decision = checked.check(proposal("approved.yaml"), on=ON)
    assert decision.status == "APPROVED", decision.reasons
    assert decision.quote is not None
    (duty,) = [c for c in decision.quote.lines[0].charges if c.kind == "mfn"]
    assert duty.rule is not None and duty.rule.checked == ON - timedelta(days=366)
    assert duty.rate == Decimal("0.017")  # the user's table, in place of the bundled one


def test_a_table_checked_a_day_too_long_ago_is_stale(engine: Engine, tmp_path: Path) -> None:
    checked = _engine(engine, tmp_path, date(2024, 1, 1), ON - timedelta(days=367))
    (evidence,) = _stale(checked)
    assert evidence["age_days"] == 367 and evidence["as_of"] == str(ON - timedelta(days=367))


def test_a_table_checked_on_a_day_to_come_is_stale(engine: Engine, tmp_path: Path) -> None:
    # a date that could never go stale: after both the check date and today
    ahead = date.today() + timedelta(days=30)
    checked = _engine(engine, tmp_path, date(2024, 1, 1), ahead)
    (evidence,) = _stale(checked)
    assert evidence["as_of"] == str(ahead) and int(str(evidence["age_days"])) < 0


def test_a_table_cannot_be_checked_before_its_revision() -> None:
    with pytest.raises(ValidationError, match="2024-12-31 is before as_of"):
        TariffFile.model_validate(yaml.safe_load(TABLE.format(
            as_of="2025-01-01", checked="checked: 2024-12-31\n")))


def _run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pricing_engine", "tariff", *map(str, args)],
                          capture_output=True, text=True, check=False)


def test_import_writes_the_day_the_file_was_checked(tmp_path: Path) -> None:
    sample = SAMPLE
    done = _run("import", "uk-gt-csv", sample, "--checked", "2026-11-30", "--out", tmp_path)
    assert done.returncode in (0, 1), done.stderr  # (the excerpt has unparsed rows: 1)
    written = (tmp_path / "tariffs" / "GB.yaml").read_text(encoding="utf-8")
    assert written.splitlines()[4:6] == ["as_of: 2021-01-01", "checked: 2026-11-30"]
    assert TariffFile.model_validate(yaml.safe_load(written)).last_checked == date(2026, 11, 30)
    unchecked = _run("import", "uk-gt-csv", sample, "--out", tmp_path / "u")
    assert "checked:" not in (tmp_path / "u" / "tariffs" / "GB.yaml").read_text(encoding="utf-8")
    assert unchecked.returncode == done.returncode


@pytest.mark.parametrize(("day", "says"), [
    ("2020-12-31", "before the revision's date 2021-01-01"),
    ("tomorrow", "a day still to come"),  # (reckoned as the test runs, not as it is collected)
])
def test_import_refuses_a_checked_day_outside_the_revision_and_today(
        tmp_path: Path, day: str, says: str) -> None:
    if day == "tomorrow":  # two days on: the run may cross midnight before the import reads it
        day = str(date.today() + timedelta(days=2))
    done = _run("import", "uk-gt-csv", SAMPLE, "--checked", day,
                "--out", tmp_path)
    assert done.returncode == 2 and says in done.stderr
    assert not (tmp_path / "tariffs").exists()  # nothing written


def test_validate_names_the_line_of_a_checked_day_before_the_revision(tmp_path: Path) -> None:
    (tmp_path / "tariffs").mkdir()
    (tmp_path / "tariffs" / "GB.yaml").write_text(
        TABLE.format(as_of="2025-01-01", checked="checked: 2024-12-31\n"), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "pricing_engine", "validate", str(tmp_path)],
                          capture_output=True, text=True, check=False)
    assert done.returncode != 0
    assert "GB.yaml:3:10: checked: 2024-12-31 is before as_of (2025-01-01)" in done.stdout


def test_the_lines_a_table_priced_are_named_as_runs(engine: Engine, tmp_path: Path) -> None:
    old = _engine(engine, tmp_path, date(2024, 1, 1), None)
    one = proposal("approved.yaml")
    many = one.model_copy(update={"lines": one.lines * 4})
    (reason,) = [r for r in old.check(many, on=ON).reasons if r.code == "STALE_RULES"]
    assert reason.evidence["quote_lines"] == [1, 2, 3, 4]
    assert "which gave the MFN duty of line(s) 1-4," in reason.message
