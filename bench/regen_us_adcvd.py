"""Write rules/tariffs/US.adcvd.yaml: US antidumping and countervailing duties on goods of China.

Run from the repository root: ``python bench/regen_us_adcvd.py [ORDERS_TSV] [--out DIR]``
(default ``bench/data/US_adcvd_china.tsv``: one row per order and HTS number, its header says
where the orders, their HTS numbers and their rates were read).

What an order charges. An AD or CVD order covers the goods its written scope describes; the HTS
numbers it lists are "for convenience" only. The cash deposit rate is the exporter's: a
producer with its own rate (the order's company list, changed by each administrative review)
pays that, and an exporter without one pays the rate of the China-wide entity (AD) or the
all-others rate (CVD). A quote names neither the producer nor whether the goods are in scope,
so every entry here is ``confidence: low`` and its note says what to check.

What is written, for origin CN, one entry per kind (``US anti-dumping duty (China)``, ``US
countervailing duty (China)``) and HTS number an order lists (an order's shorter code also
reaches the longer numbers under it):
- the order's China-wide (AD) or all-others (CVD) rate where one order of the kind lists the
  number, the rate was read and the number has 8 or 10 digits: ad valorem, or an amount per
  kg (garlic); from the order's date where it was read;
- otherwise a ``not_priced`` entry (CHARGE_NOT_PRICED: a review), naming the orders and the
  rates known: where the rate was not read (or only a range), or is over the 1,000 % bound of
  a rule's rate (mattresses, 1,731.75 %), where two orders of one kind
  list the number (different goods under one number: which one the goods fall under is the
  scope's question), or where the order names only a 4- or 6-digit heading.
Orders revoked before 2025-09 are not in the list; an order's date not read leaves its entry
undated (in force on every date: an over-statement before the order).
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pricing_engine.rules.fields import SourceModel, SpecificModel  # noqa: E402
from pricing_engine.rules.model import AdditionalEntry, TariffFile, TariffImport  # noqa: E402
from pricing_engine.tariff.table import write_table  # noqa: E402

DEFAULT = ROOT / "bench" / "data" / "US_adcvd_china.tsv"
AS_OF = date(2026, 12, 6)
NAMES = {"AD": "US anti-dumping duty (China)", "CVD": "US countervailing duty (China)"}
WHAT = {"AD": "the China-wide entity's cash deposit rate", "CVD": "the all-others rate"}
ORDERS = SourceModel(
    id="us-adcvd-orders",
    title="US antidumping and countervailing duty orders on goods of China in force in "
          "2025-2026 (the orders named in ITA's monthly 'Opportunity to Request Administrative "
          "Review' notices, Federal Register, Sep 2025 - Sep 2026) and the HTS numbers their "
          "scopes list, as compiled from the Federal Register notices each row names",
    url="https://github.com/Bahuncoder/hts",
    accessed=AS_OF,
    note="data/adcvd_orders.json @ 6b2d1b7 (public data derived from the Federal Register; no "
         "code used); kept with the rates and their sources in bench/data/US_adcvd_china.tsv")
RATES = SourceModel(
    id="us-adcvd-rates",
    title="The China-wide AD and all-others CVD cash deposit rates of the orders: CBP ADCVD "
          "messages, ITA fact sheets, the orders and review results in the Federal Register and "
          "the trade press quoting Commerce, as bench/data/US_adcvd_china.tsv names for each",
    url="https://www.trade.gov/us-antidumping-and-countervailing-duties",
    accessed=AS_OF)
NOTE = ("US antidumping (AD) and countervailing (CVD) duties on goods of China by the HTS "
        "numbers the orders in force in 2025-2026 list (for convenience: the written scope "
        "governs). Where one order lists a number and its China-wide (AD) or all-others (CVD) "
        "rate was read, that rate is charged; a producer with its own rate pays that instead. "
        "Elsewhere the entry flags the orders for review (not priced). Low: check the scope "
        "and the producer's rate.")
MADE_BY = "bench/regen_us_adcvd.py from bench/data/US_adcvd_china.tsv"
AMOUNT = re.compile(r"^\$(\d+(?:\.\d+)?)/kg$")


@dataclass(frozen=True)
class Order:
    """One order's row for one HTS number."""

    case: str
    kind: str
    product: str
    hts: str
    rate: str
    rate_text: str
    ordered: date | None

    @property
    def shown(self) -> str:
        """The order as a note names it: case, goods and rate."""
        rate = self.rate_text if self.rate_text and self.rate_text != "unknown" else \
            "rate not read"
        return f"{self.case} {self.product} ({WHAT[self.kind]}: {rate})"


def read_orders(path: Path) -> list[Order]:
    """The rows of the kept TSV; a row of another shape stops the script, naming it."""
    rows = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 9 or not re.fullmatch(r"[AC]-570-\d{3}", cells[0]) \
                or cells[1] not in NAMES or not re.fullmatch(r"\d{4}(\d{2}){0,3}", cells[3]) \
                or (cells[4] and not re.fullmatch(r"\d+(\.\d+)?", cells[4])
                    and not AMOUNT.match(cells[4])) \
                or (cells[6] and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", cells[6])):
            raise SystemExit(f"{path}:{number}: not a row CASE, KIND, PRODUCT, HTS, RATE, "
                             f"RATE_TEXT, ORDER_DATE, SOURCE, NOTES: {line!r}")
        case, kind, product, hts, rate, text, day = cells[:7]
        rows.append(Order(case, kind, product, hts, rate, text,
                          date.fromisoformat(day) if day else None))
    return rows


def entry(kind: str, hts: str, orders: list[Order]) -> AdditionalEntry:
    """The entry of one kind at one HTS number, from the orders that reach it."""
    cases = sorted({o.case for o in orders})
    if len(cases) == 1 and orders[0].rate and len(hts) >= 8 and not _over(orders[0].rate):
        order = orders[0]
        found = AMOUNT.match(order.rate)
        terms: dict[str, object] = (
            {"specific": SpecificModel(amount=Decimal(found[1]), currency="USD", per="kg")}
            if found else {"rate": Decimal(order.rate) / 100})
        return AdditionalEntry(
            name=NAMES[kind], hs=hts, origins=("CN",), **terms,  # type: ignore[arg-type]
            valid_from=order.ordered, source="us-adcvd-rates", confidence="low",
            note=(f"{order.shown}: charged as the exporter's rate is not known; a producer "
                  "with its own rate pays that; the order lists this HTS number for "
                  "convenience, its written scope decides whether the goods are covered"))
    named = "; ".join(o.shown for o in sorted({o.case: o for o in orders}.values(),
                                               key=lambda o: o.case))
    why = ("only a heading named" if len(hts) < 8 else
           "more than one order lists it" if len(cases) > 1 else
           "its rate is over the 1,000 % a rule's rate may be" if _over(orders[0].rate) else
           "the rate was not read")
    return AdditionalEntry(
        name=NAMES[kind], hs=hts, origins=("CN",), source="us-adcvd-orders",
        confidence="low",
        not_priced=(f"the US {kind} order(s) on goods of China that list this HTS number: "
                    f"{named}; not priced ({why}): whether the goods are in the scope and the "
                    "exporter's cash deposit rate decide the duty (CBP's AD/CVD search)"))


def _over(rate: str) -> bool:
    """Whether an ad valorem rate (percent) is over the rules' bound of 1,000 % (the
    mattresses' China-wide 1,731.75 %)."""
    return bool(re.fullmatch(r"\d+(\.\d+)?", rate)) and Decimal(rate) > 1000


def entries(orders: list[Order]) -> list[AdditionalEntry]:
    """One entry per kind and HTS number, with the orders whose numbers reach it."""
    out = []
    for kind in NAMES:
        mine = [o for o in orders if o.kind == kind]
        by_code: dict[str, list[Order]] = defaultdict(list)
        for code in sorted({o.hts for o in mine}):
            by_code[code] = [o for o in mine if code.startswith(o.hts)]
        out += [entry(kind, code, reach) for code, reach in by_code.items()]
    return out


def main() -> None:
    """Read the orders, write the table, print figures."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("orders", type=Path, nargs="?", default=DEFAULT)
    parser.add_argument("--out", type=Path, default=ROOT / "rules")
    args = parser.parse_args()
    raw = args.orders.read_bytes()
    orders = read_orders(args.orders)
    written = entries(orders)
    table = TariffFile(
        tariff="US", as_of=AS_OF, sources=[ORDERS, RATES],
        imported=TariffImport(format="us-adcvd-tsv", file=args.orders.name,
                              sha256=hashlib.sha256(raw).hexdigest(), lines=len(orders),
                              parsed=len(orders)),
        confidence="low", note=NOTE, additional=tuple(written))
    out = write_table(table, args.out, made_by=MADE_BY, part="adcvd")
    charged = [e for e in written if e.not_priced is None]
    print(f"{len(orders)} rows, {len({o.case for o in orders})} orders; written to {out}: "
          f"{len(written)} entries, {len(charged)} charged, "
          f"{len(written) - len(charged)} flagged (not priced)")


if __name__ == "__main__":
    main()
