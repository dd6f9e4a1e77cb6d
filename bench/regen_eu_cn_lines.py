"""Write rules/tariffs/EU.cnlines.yaml: the third-country duty of CN lines newer than CN 2020.

Run from the repository root:
``python bench/regen_eu_cn_lines.py MFN_RATES_CSV THIRD_COUNTRY_RATES_CSV [--out DIR]``.

The EU table (``tariffs/EU.yaml``) is the Common External Tariff column of the UK Global
Tariff dataset: CN 2020 lines, carried over to HS2022 through the UN correlation table. A CN
2022-2026 line that CN 2020 did not have is then not a line of the table: under an HS2022
subheading carved from older ones (drones 8806, from 8525 80 and 8802) the lookup names the
older lines and their duties, and under an older subheading whose eight-digit lines the CN
redrew (0709 59 00 for 0709 59 10-90) it names the lines of the subheading. This script adds
those newer lines, from the TARIC third-country duty (measure type 103) of the Danish Customs
Agency's export of the CN 2026 tariff (June 2026): ``reference/tariff/mfn_rates.csv`` (code,
current duty) and ``third_country_rates.csv`` (code, period, duty) of
github.com/Bal1979/Customs-Analytics @ 82df4e8, a third-party extraction that keeps the first
figure of a duty and drops its unit (a specific duty comes out as a bare number).

So a line is written only when that figure can be read as an ad valorem duty with something
to corroborate it: every line the EU table names for the code charges a plain percentage (or
nothing), the export gives every TARIC code under the line the same figure, and that figure is
the duty of one of the lines the table names (a CN redraw or an HS split keeps its lines'
duties; a figure that is none of them is left to the error naming the lines). Under an HS2022
subheading the CN 2020 table had no line of, the lines are written only when every CN 2026
line of the subheading qualifies, so that a six-digit lookup never sees part of them. Each
line is in force from the start of its current period in the export; where that is later than
the start of another line of its subheading, the days between are ``not_covered`` (what the line
charged then is not known here, and a six-digit lookup must not take the other lines for all of
the subheading). The file says where it comes from and that its confidence is medium.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import re
import shutil
import sys
import tempfile
from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _regen import unknown_before  # noqa: E402

from pricing_engine import AmbiguousHsCode, MissingRule  # noqa: E402
from pricing_engine._atomic import atomic_write  # noqa: E402
from pricing_engine.rules import load_rules  # noqa: E402
from pricing_engine.rules.fields import SourceModel  # noqa: E402
from pricing_engine.rules.model import MfnEntry, TariffFile, TariffImport  # noqa: E402
from pricing_engine.tariff.table import render_table  # noqa: E402

#: The day of the export (its PROVENANCE.md: June 2026) the lines are read on.
AS_OF = date(2026, 6, 17)
FILE = "EU.cnlines.yaml"
CN2021, HS2022 = date(2021, 1, 1), date(2022, 1, 1)
PLAIN = re.compile(r"free|(\d+(?:\.\d+)?) %")
SOURCE = SourceModel(
    id="taric-103-cn2026-export",
    title="EU TARIC third-country duty (measure type 103) of the CN 2026 lines, as exported by "
          "the Danish Customs Agency (toldtarif_ext.zip, June 2026)",
    url="https://info.skat.dk/data.aspx?oid=1939",
    accessed=date(2026, 12, 2),
    note="read from a third-party extraction: github.com/Bal1979/Customs-Analytics @ 82df4e8, "
         "reference/tariff/mfn_rates.csv and third_country_rates.csv (first figure of each "
         "duty, unit dropped): only figures that equal the ad valorem duty of a line the CN "
         "2020 table gives for the code are read")
NOTE = ("CN 2022-2026 eight-digit lines that the CN 2020 table (tariffs/EU.yaml) does not have, "
        "with their TARIC third-country duty as of June 2026, each corroborated by the duty of "
        "one of the older lines it came from. Not contained: the newer lines whose duty is "
        "specific or compound, or is none of their older lines' (a lookup still names the "
        "older lines), autonomous suspensions, quotas, trade remedies. Confidence medium.")
MADE_BY = "bench/regen_eu_cn_lines.py from a TARIC export of the CN 2026 third-country duty"


def read_export(current: Path, history: Path) -> tuple[dict[str, set[Decimal]], dict[str, date]]:
    """Per eight-digit code: the figures of its TARIC codes, and the latest start among them
    of the period in force on :data:`AS_OF` (the export dates a duty where its measure hangs:
    on the code or on the nearest code above it)."""
    rates: dict[str, set[Decimal]] = defaultdict(set)
    taric: list[str] = []
    with current.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            taric.append(row["hs_code"])
            rates[row["hs_code"][:8]].add(Decimal(row["mfn_rate"]))
    starts: dict[str, date] = {}  # TARIC code -> start of the period in force on AS_OF
    with history.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            start = date.fromisoformat(row["date_start"])
            end = date.fromisoformat(row["date_end"]) if row["date_end"] else date.max
            if start <= AS_OF <= end:
                starts[row["hs_code"]] = start
    since: dict[str, date] = {}
    for code in taric:  # a measure hangs on the code or on the nearest code above it
        start = next((starts[c] for c in (code, code[:8] + "00", code[:6] + "0000",
                                          code[:4] + "000000") if c in starts), AS_OF)
        since[code[:8]] = max(start, since.get(code[:8], date.min))
    return rates, since


def duties(candidates: tuple[tuple[str, str], ...]) -> set[Decimal] | None:
    """The ad valorem duties of the lines an ambiguity names (None: one is not plain)."""
    out: set[Decimal] = set()
    for _line, text in candidates:
        m = PLAIN.fullmatch(text)
        if m is None:
            return None
        out.add(Decimal(0) if m.group(1) is None else Decimal(m.group(1)) / 100)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mfn_rates", type=Path)
    parser.add_argument("third_country_rates", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "rules")
    args = parser.parse_args()
    rates, since = read_export(args.mfn_rates, args.third_country_rates)
    with tempfile.TemporaryDirectory() as tmp:  # the rules without the lines written before
        rules = Path(tmp) / "rules"
        shutil.copytree(ROOT / "rules", rules)
        (rules / "tariffs" / FILE).unlink(missing_ok=True)
        book = load_rules(rules, include_bundled=False)
    cet = yaml.safe_load((ROOT / "rules" / "tariffs" / "EU.yaml").read_text("utf-8"))
    table_codes = {e["hs"] for e in cet["mfn"]}
    out: Counter[str] = Counter()
    kept: dict[str, MfnEntry] = {}
    by_sub: dict[str, list[bool]] = defaultdict(list)
    for code, figures in sorted(rates.items()):
        if code[:2] > "97":
            continue
        try:
            book.duty("DE", code, "US", AS_OF)
            out["priced already"] += 1
            continue
        except AmbiguousHsCode as e:
            named = duties(e.candidates)
        except MissingRule:
            out["MissingRule"] += 1
            continue
        new_sub = not any(c.startswith(code[:6]) and len(c) > 6 for c in table_codes)
        if code in table_codes or any(c.startswith(code) and c != code for c in table_codes):
            out["a table line (its TARIC lines differ): left"] += 1
            continue
        ok = named is not None and len(figures) == 1 and next(iter(figures)) in named
        if new_sub:
            by_sub[code[:6]].append(ok)
        if not ok:
            out["not corroborated (left to the error)"] += 1
            continue
        # not a CN 2020 line: in force from CN 2021 at the earliest (CN 2022 under an HS2022
        # subheading), whatever the date of a measure on the code above it
        first = HS2022 if new_sub else CN2021
        kept[code] = MfnEntry(hs=code, rate=next(iter(figures)),
                              valid_from=max(since[code], first))
    for sub, oks in by_sub.items():
        if not all(oks):
            for code in [c for c in kept if c.startswith(sub)]:
                del kept[code]
                out["corroborated, but its new subheading is not whole: left"] += 1
    out["written"] = len(kept)
    digest = hashlib.sha256(args.mfn_rates.read_bytes()).hexdigest()
    table = TariffFile(
        tariff="EU", as_of=AS_OF, sources=[SOURCE],
        imported=TariffImport(format="taric-103-export", file=args.mfn_rates.name,
                              sha256=digest, lines=len(rates),
                              parsed=len(kept), nomenclature="CN2026"),
        confidence="medium", note=NOTE, mfn=tuple(unknown_before(list(kept.values()), "TARIC")))
    target = args.out / "tariffs" / FILE
    with atomic_write(target) as handle:
        handle.write(render_table(table, MADE_BY))
    print(f"{target}: {len(kept)} lines")
    for what, n in out.most_common():
        print(f"  {what:58} {n:6}")


if __name__ == "__main__":
    main()
