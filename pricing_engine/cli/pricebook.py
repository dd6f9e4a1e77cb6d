"""``pricing-engine pricebook``: a catalogue priced in a set of markets, one row per pair.

Exit codes: 0 every row priced; 1 some rows carry a reason instead of a price (they are
still printed); 2 invalid input (an unreadable catalogue, a malformed markets file).
"""

from __future__ import annotations

import csv
import io
import json
from concurrent.futures import ProcessPoolExecutor

import click
from moneyed import Money

from pricing_engine._csvsafe import safe_row
from pricing_engine._gc import gc_paused
from pricing_engine.cli._console import literal, stdout_console
from pricing_engine.cli._locale import LOCALE
from pricing_engine.cli.quote_table import money, percent
from pricing_engine.landed import LandedCostEngine
from pricing_engine.money import currency_of
from pricing_engine.policy import load_policy
from pricing_engine.pricebook import PriceBook, load_catalogue, load_markets, price_book

__all__ = ["pricebook"]

#: The columns of ``--format csv``, in order (amounts without their currency: see currency).
CSV_COLUMNS = ("market", "sku", "row", "currency", "quantity", "target", "unit_price",
               "list_price", "landed_cost", "cost_to_serve", "margin", "margin_ratio",
               "reason", "message", "rules", "charges_not_priced")


@click.command("pricebook")
@click.argument("catalogue", type=click.Path(exists=True, dir_okay=False))
@click.argument("markets", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True, help="table for people; csv and json (one document) for "
              "machines.")
@click.option("--policy", "policy_file", type=click.Path(exists=True, dir_okay=False),
              help="Policy for embargoes and price points (default: the bundled policy).")
@click.option("--rules", "rules_dir", type=str,
              help="A rule directory laid over the bundled rules.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes (each loads the rules once).")
@click.option("--locale", type=LOCALE, default="en_US", show_default=True,
              help="Locale for money in the table: POSIX or BCP-47 (de_DE, de-DE).")
def pricebook(catalogue: str, markets: str, fmt: str, policy_file: str | None,
              rules_dir: str | None, workers: int, locale: str) -> None:
    """Price every CATALOGUE row (CSV or YAML) in every market of MARKETS (YAML).

    \b
    Per market and SKU: the lowest price point that meets the market's target
    margin, the buyer's landed cost, the seller's cost-to-serve, the margin and
    the rules applied; a row that cannot be priced keeps its place with a
    reason code (MISSING_RULE, AMBIGUOUS_HS_CODE, EMBARGOED_DESTINATION,
    EMBARGOED_ORIGIN, ...).
    Exit codes: 0 every row priced; 1 some rows not priced; 2 invalid input.
    """
    items, book = load_catalogue(catalogue), load_markets(markets)
    policy = load_policy(policy_file)
    if workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            result = price_book(items, book, rules=rules_dir, policy=policy, executor=pool)
    else:
        # the CLI owns its process: no GC passes over the rules compiled, then kept
        with gc_paused(freeze=True):
            engine = LandedCostEngine.load(rules_dir)
        result = price_book(items, book, engine=engine, policy=policy)
    if fmt == "json":
        click.echo(json.dumps(result.model_dump(mode="json"), indent=2, ensure_ascii=False))
    elif fmt == "csv":
        click.echo(_csv(result), nl=False)
    else:
        _table(result, locale)
    if result.not_priced:
        raise SystemExit(1)


def _csv(book: PriceBook) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in book.rows:
        writer.writerow(safe_row([
            r.market, r.sku, r.row, r.currency, r.quantity, r.target, _text(r.unit_price),
            _text(r.list_price), *(_text(m.amount if m else None)
                                   for m in (r.landed_cost, r.cost_to_serve, r.margin)),
            _text(r.margin_ratio), r.reason or "", r.message or "",
            "; ".join(str(ref) for ref in r.rules), " | ".join(r.charges_not_priced)]))
    return out.getvalue()


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _table(book: PriceBook, locale: str) -> None:
    from rich.table import Table

    out = stdout_console(width=200, markup=False)
    table = Table(title=f"Price book {book.date} ({book.currency} catalogue): "
                        f"{book.priced} priced, {book.not_priced} not")
    for name in ("Market", "SKU", "Qty", "Unit price", "Landed cost", "Cost to serve",
                 "Margin", "Target", "Reason"):
        table.add_column(name, justify="left" if name in ("Market", "SKU", "Reason")
                         else "right")
    for r in book.rows:
        price = Money(r.unit_price, currency_of(r.currency)) if r.unit_price is not None \
            else None
        table.add_row(literal(r.market), literal(r.sku), str(r.quantity), money(price, locale),
                      money(r.landed_cost, locale), money(r.cost_to_serve, locale),
                      f"{money(r.margin, locale)} ({percent(r.margin_ratio, locale)})"
                      if r.margin is not None else "-", percent(r.target, locale),
                      literal(r.reason or ""))
    out.print(table)
    for r in book.rows:
        if r.reason:
            out.print(literal(f"- {r.market} {r.sku or '#' + str(r.row)}: {r.reason}: "
                              f"{r.message}"))
