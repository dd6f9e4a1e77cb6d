"""Compare the Korea Customs Service's 2025 tables of partner tariffs with the shipped tables.

Run from the repository root: ``python bench/crosscheck_kcs.py DIR [XX ...] [--on DATE]``,
DIR holding the KCS workbooks as released ("2025년_호주_관세율표.xlsx" ..., data.go.kr
dataset 15051176; the copy read for tariffs/{CO,MY,PE,TH}.yaml is named in rules/SOURCES.md).

The tables of CO, MY, PE and TH are read from these workbooks (bench/regen_kcs_tariff.py);
how far such a second-hand compilation can be trusted is measured here on the countries whose
shipped tables come from the governments' own publications (AU, BR, CA, CL, GB, ID, IL, NO,
NZ, SA, SG, VN, ZA, AE, EU). For each line of the workbook whose MFN column is a plain ad
valorem rate (``5%``, ``Free``, ``Exempted``; the EU's only where it is the ``Third
country duty`` measure), the bundled rules' MFN duty of that code on
the date (default 2026-12-03: tables that come into force later than the KCS ones, such
as AU, BR, CA, IL and VN, are not in force on a 2025 date) is looked up: ``same`` (the same
rate and nothing else), ``differ``, ``named`` (the code names lines of different duties),
``closed`` (MissingRule). Prints one row per country and the chapters where they differ most.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _regen import xlsx_rows  # noqa: E402
from kcs_dated_back import plain_rate  # noqa: E402
from regen_kcs_tariff import _cell  # noqa: E402

from pricing_engine.errors import AmbiguousHsCode, MissingRule  # noqa: E402
from pricing_engine.rules import load_rules  # noqa: E402

# country -> (the workbook's country name, the heading of its MFN column)
WORKBOOKS = {
    "AE": ("아랍에메리트", "기본세율"), "AU": ("호주", "기본세율"), "BR": ("브라질", "기본세율"),
    "CA": ("캐나다", "최혜국"), "CL": ("칠레", "기본세율"), "GB": ("영국", "Third country duty"),
    "ID": ("인도네시아", "기본세율 Import Duty"), "IL": ("이스라엘", "기본세율"),
    "NO": ("노르웨이", "기본세율"), "NZ": ("뉴질랜드", "Normal Tariff 기본세율"),
    "SA": ("사우디아라비아", "기본세율"), "SG": ("싱가포르", "기본세율"),
    "VN": ("베트남", "MFN 특혜세율"), "ZA": ("남아프리카공화국", "기본세율"),
    "DE": ("EU", "ERGA OMNES"),
}


def rate_of(text: str) -> Decimal | None:
    """A plain ad valorem rate as written (:func:`kcs_dated_back.plain_rate`), or None."""
    text, _, measure = " ".join(text.split()).partition(" - ")
    if measure and not measure.startswith("Third country duty"):
        return None  # EU: the first measure shown may be a suspension or another measure
    return plain_rate(text)


def workbook(folder: Path, name: str) -> Path | None:
    """The newest workbook of the country ``name`` in ``folder``."""
    found = sorted(p for p in folder.glob("*.xlsx") if f"_{name}_" in p.name)
    return found[-1] if found else None


def check(book: object, country: str, path: Path, heading: str, on: date
          ) -> tuple[Counter[str], Counter[str]]:
    """Outcome counts, and the chapters of the codes that differ."""
    out: Counter[str] = Counter()
    chapters: Counter[str] = Counter()
    columns: dict[str, str] = {}
    for number, cells in xlsx_rows(path):
        if not columns:
            columns = {_cell(v): k for k, v in cells.items()}
            col = next((k for h, k in columns.items() if h.startswith(heading)), None)
            if col is None:
                raise SystemExit(f"{path}: row {number}: no column headed {heading!r}")
            continue
        code = cells.get(columns.get("세번", "D"), "").strip().rstrip("ABCDEFGHJKLMNPQRSTUVWXYZ")
        # (NZ writes its statistical keys' check letter after the code)
        if len(code) < 8 or not code.isdigit() or not "01" <= code[:2] <= "97":
            continue
        want = rate_of(cells.get(col, ""))
        if want is None:
            out["not plain"] += 1
            continue
        try:
            rule = book.duty(country, code[:10], "KR", on).mfn  # type: ignore[attr-defined]
        except AmbiguousHsCode:
            out["named"] += 1
            continue
        except MissingRule:
            out["closed"] += 1
            continue
        if rule.rate == want and rule.specific is None and rule.min is None:
            out["same"] += 1
        else:
            out["differ"] += 1
            chapters[code[:2]] += 1
    return out, chapters


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("countries", nargs="*", default=sorted(WORKBOOKS))
    parser.add_argument("--on", type=date.fromisoformat, default=date(2026, 12, 3))
    args = parser.parse_args()
    book = load_rules()
    print(f"KCS 2025 tables against the bundled rules on {args.on} (plain ad valorem lines)")
    print(f"{'tariff':8} {'lines':>6} {'same':>6} {'same %':>7} {'differ':>6} {'named':>6} "
          f"{'closed':>6}  chapters differing most")
    for country in args.countries:
        name, heading = WORKBOOKS[country]
        path = workbook(args.folder, name)
        if path is None:
            print(f"{country:8} no workbook in {args.folder}")
            continue
        out, chapters = check(book, country, path, heading, args.on)
        compared = out["same"] + out["differ"]
        share = f"{100 * out['same'] / compared:.1f}%" if compared else "-"
        tops = ", ".join(f"{c}: {n}" for c, n in chapters.most_common(4))
        print(f"{country:8} {sum(out.values()) - out['not plain']:6} {out['same']:6} "
              f"{share:>7} {out['differ']:6} {out['named']:6} {out['closed']:6}  {tops}")


if __name__ == "__main__":
    main()
