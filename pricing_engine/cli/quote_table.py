"""Tables of ``pricing-engine quote`` for people: rich tables, babel-formatted money.

Every string from the quote or the rules (SKU, HS code, notes) is printed literally: the
console reads no markup (see cli/_console.py), and the words styled here are styled with
``literal`` instead of markup.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from babel.numbers import format_percent
from moneyed import Money
from moneyed.l10n import format_money
from rich.console import Console
from rich.table import Table

from pricing_engine.cli._console import literal, stdout_console
from pricing_engine.landed import MarginSolution, QuoteResult
from pricing_engine.money import money as make_money
from pricing_engine.quote import Quote

__all__ = ["money", "percent", "render_compare", "render_solution", "render_table"]


def money(value: Money | None, locale: str) -> str:
    """An amount in the locale's currency format (display only: py-moneyed over babel)."""
    if value is None:
        return "-"
    return str(format_money(value, locale=locale))


def percent(value: Decimal | None, locale: str) -> str:
    """A ratio (``0.277``) as the locale writes a percentage, to one decimal (de_DE: ``27,7%``)."""
    return "-" if value is None else str(format_percent(value, "#,##0.0%", locale=locale))


def _console() -> Console:
    return stdout_console(width=200, markup=False)


def render_table(result: QuoteResult, locale: str) -> None:
    """Print the quote's lines, totals, cost split and notes."""
    out = _console()
    t = result.totals
    out.print(literal((f"Quote {result.quote_id}", "bold"),
                      f" {result.date}  {result.incoterm} -> {result.destination} "
                      f"({result.valuation or 'no import'}, {result.destination_currency}), "
                      f"mode {result.mode}"))
    table = Table(show_footer=True)
    cols = ("SKU", "HS", "Revenue", "Customs value", "Duty", "Import tax", "Fees",
            "Landed cost", "Cost to serve", "Margin")
    foot = ("Total", "", money(t.revenue, locale), money(t.customs_value, locale),
            money(t.duty.amount, locale), money(t.import_tax.amount, locale),
            money(t.fees.amount, locale), money(t.landed_cost, locale),
            money(t.seller_cost_to_serve, locale),
            f"{money(t.margin.amount, locale)} ({percent(t.margin.ratio, locale)})")
    for name, footer in zip(cols, foot, strict=True):
        table.add_column(name, footer=footer, justify="left" if name in ("SKU", "HS")
                         else "right")
    for line in result.lines:
        table.add_row(line.sku, line.hs_code, money(line.revenue, locale),
                      money(line.customs_value, locale), money(line.duty.amount, locale),
                      money(line.import_tax.amount, locale), money(line.fees.amount, locale),
                      money(line.landed_cost, locale), money(line.seller_cost_to_serve, locale),
                      f"{money(line.margin.amount, locale)} "
                      f"({percent(line.margin.ratio, locale)})")
    out.print(table)
    status = t.margin.status or "no target set"
    out.print(literal("Margin status: ", (status, "bold"),
                      f" (floor {percent(t.margin.floor, locale)}, "
                      f"target {percent(t.margin.target, locale)}); "
                      f"sale: {result.sale_tax.treatment}; "
                      f"recoverable tax for the buyer {money(t.recoverable_tax, locale)}"))
    split = Table(title="Who pays what (Incoterms 2020)")
    for name in ("Cost element", "Paid by", "Decided by", "Amount"):
        split.add_column(name)
    for element in result.cost_split:
        split.add_row(element.element, element.paid_by, element.decided_by,
                      money(element.amount, locale))
    out.print(split)
    for note in (*result.de_minimis, *result.notes):
        out.print(f"- {note.message}")


def render_solution(solution: MarginSolution, quote: Quote, locale: str) -> None:
    """Print the unit prices that reach the target margin."""
    out = _console()
    table = Table(title=f"Prices for a {percent(solution.target, locale)} margin: uplift "
                        f"{percent(solution.uplift, locale)}")
    for name in ("SKU", "Unit price now", "Unit price for target"):
        table.add_column(name, justify="right")
    for line, price in zip(quote.lines, solution.unit_prices, strict=True):
        table.add_row(line.sku, money(make_money(line.unit_price, quote.currency), locale),
                      money(make_money(price, quote.currency), locale))
    out.print(table)
    out.print(f"Margin at these prices: {money(make_money(solution.margin, solution.currency), locale)} "  # noqa: E501
              f"({percent(solution.margin_percent, locale)})")


def render_compare(results: Mapping[str, QuoteResult], current: str, locale: str) -> None:
    """Print landed cost, cost-to-serve and margin side by side for each Incoterm."""
    table = Table(title="Incoterms compared (same prices)")
    for name in ("Incoterm", "Buyer landed cost", "Seller cost to serve", "Margin", "Status"):
        table.add_column(name, justify="right")
    for code, r in results.items():
        t = r.totals
        table.add_row(f"{code}{' *' if code == current else ''}", money(t.landed_cost, locale),
                      money(t.seller_cost_to_serve, locale),
                      f"{money(t.margin.amount, locale)} ({percent(t.margin.ratio, locale)})",
                      t.margin.status or "-")
    _console().print(table)
