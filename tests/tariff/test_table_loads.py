"""A table the importer writes is a rule file: ``load_rules`` prices its lines, ``validate`` passes.

The importer builds the rule models (TariffFile, MfnEntry, PreferentialEntry) itself, so this
is the check that what it writes is what the rule loader reads, on the small real excerpts.
"""

import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from pricing_engine.rules import iter_rule_errors, load_rules
from pricing_engine.rules.model import TariffFile
from pricing_engine.tariff import import_tariff, write_table

DAY = date(2026, 11, 20)


@pytest.fixture
def rules_dir(fixtures: Path, tmp_path: Path) -> Path:
    write_table(import_tariff("us-hts-json", fixtures / "hts_sample.json.gz",
                              effective=date(2026, 6, 8)).table, tmp_path)
    write_table(import_tariff("eu-cet", fixtures / "ukgt_sample.csv").table, tmp_path)
    return tmp_path


def test_an_imported_line_prices_through_the_rule_book(rules_dir: Path) -> None:
    book = load_rules(rules_dir)
    found = book.duty("US", "8481.80.90", "CN", DAY).mfn
    assert (found.hs, found.rate) == ("84818090", Decimal("0.02"))
    assert found.ref.file.endswith("tariffs/US.yaml")
    assert "USITC" in (found.ref.source or "")
    wine = book.duty("US", "2204.21.50", "FR", DAY).mfn
    assert wine.rate is None and wine.specific is not None
    assert (wine.specific.amount, wine.specific.per) == (Decimal("0.063"), "litre")
    mexico = book.duty("US", "8481.80.90", "MX", DAY, claimed_agreement="USMCA")
    assert [(p.hs, p.rate) for p in mexico.preferential] == [("84", Decimal("0"))]
    # the table's own defaults apply to its entries: the CET excerpt is a 2021 snapshot
    cet = book.duty("DE", "2401.10.35", "CN", DAY).mfn
    assert cet.rate == Decimal("0.184") and cet.ref.confidence == "medium"
    assert cet.min is not None and cet.min.amount == Decimal("0.22")


def test_the_written_file_reads_back_as_the_table_imported(fixtures: Path,
                                                           rules_dir: Path) -> None:
    import yaml

    table = import_tariff("us-hts-json", fixtures / "hts_sample.json.gz",
                          effective=date(2026, 6, 8)).table
    text = (rules_dir / "tariffs" / "US.yaml").read_text(encoding="utf-8")
    again = TariffFile.model_validate(yaml.safe_load(text))
    assert again.mfn == tuple(sorted(table.mfn, key=lambda e: e.hs))
    assert set(again.preferential) == set(table.preferential)
    assert again.imported == table.imported


def test_validate_passes_on_the_written_tables(rules_dir: Path) -> None:
    assert list(iter_rule_errors([rules_dir])) == []
    done = subprocess.run([sys.executable, "-m", "pricing_engine", "validate", str(rules_dir)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
