"""The second tables written from the Korea Customs Service's tables over a curated general
regime (tariffs/AE.kcs.yaml, tariffs/CL.kcs.yaml) never give one line's rate to its siblings.

Such a table holds only some subheadings of the tariff, and each script writes a subheading
whole: a six- or eight-digit entry stands for every KCS line under it. Were a script to write
only the lines that depart from the general rate, the table's collapsing of alike lines
(pricing_engine.tariff.table.by_subheading) would turn one free line into a free subheading
(Chile's 8806.21.90 free, 8806.21.10 at 6 %). Checked here against the KCS lines kept in the
repository: every priced entry's rate is the rate of each kept line under its code.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
_PLAIN = re.compile(r"(\d+(?:\.\d+)?) ?%")


def _rate(text: str) -> Decimal | None:
    """A plain ad valorem rate as KCS writes it (``5%``, ``0``) as a fraction, else None."""
    if text.strip() == "0":
        return Decimal(0)
    found = _PLAIN.fullmatch(text.strip())
    return Decimal(found[1]) / 100 if found else None


def _kept(name: str) -> dict[str, str]:
    rows = (line.split("\t") for line in (ROOT / "bench" / "data" / name).read_text(
        "utf-8").splitlines() if line and not line.startswith("#"))
    return {code: text for code, text in rows}


@pytest.mark.parametrize(("table", "kept"), [
    ("AE.kcs.yaml", "AE_kcs_tariff_2025.tsv"),
    ("CL.kcs.yaml", "CL_kcs_tariff_2025.tsv"),
])
def test_each_priced_entry_is_the_rate_of_every_kcs_line_under_it(table: str, kept: str
                                                                   ) -> None:
    lines = _kept(kept)
    doc = yaml.safe_load((ROOT / "rules" / "tariffs" / table).read_text("utf-8"))
    checked = 0
    for entry in doc["mfn"]:
        if "rate" not in entry or "specific" in entry:
            continue
        under = {code: text for code, text in lines.items() if code.startswith(entry["hs"])}
        assert under, f"{table}: {entry['hs']} has no KCS line under it"
        wrong = {c: t for c, t in under.items() if _rate(t) != Decimal(entry["rate"])}
        assert not wrong, f"{table}: {entry['hs']} at {entry['rate']}, but KCS gives {wrong}"
        checked += 1
    assert checked > 50  # the tables' priced entries were all looked at, not none of them
