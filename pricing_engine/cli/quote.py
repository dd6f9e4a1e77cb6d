"""``pricing-engine quote``: landed cost-to-serve and margin of a quote file.

Exit codes: 0 success; 2 invalid input (a bad quote, a missing rule, HS code, origin or FX
rate: the message names what is missing).
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal

import click

from pricing_engine._gc import gc_paused
from pricing_engine.cli._fx_table import fx_table_options, reference_rates
from pricing_engine.cli._locale import LOCALE
from pricing_engine.cli.quote_table import render_compare, render_solution, render_table
from pricing_engine.documents import Document, read_limited
from pricing_engine.errors import MissingData, MissingRule, PricingEngineError
from pricing_engine.explain import explain
from pricing_engine.landed import LandedCostEngine, price_for_margin
from pricing_engine.landed.report import quote_report
from pricing_engine.money import FRACTIONS
from pricing_engine.policy import bundled_policy_path, load_policy
from pricing_engine.price_points import PricePoints
from pricing_engine.quote import Quote, load_fx, read_quote_document

__all__ = ["quote"]


def _read_quote(source: str) -> tuple[Quote, Document]:
    """The quote at ``source`` (a path, or ``-`` for stdin) through the one document reader,
    and its document (the positions of its fields)."""
    if source == "-":
        return read_quote_document(None, read_limited(sys.stdin.buffer), "<stdin>")
    return read_quote_document(source)


def _at_its_line(doc: Document, exc: MissingRule) -> PricingEngineError:
    """``exc`` at the quote line's field it is of (``file:31:15: lines.1.hs_code: ...``),
    where it says which (:attr:`MissingRule.quote_line`); else ``exc`` itself."""
    if exc.quote_line is None:
        return exc
    index, field = exc.quote_line
    return doc.error(("lines", index, field), f"lines.{index}.{field}: {exc}")


def _target(value: str | None) -> Decimal | None:
    if value is None:
        return None
    return FRACTIONS.read(value, field="--target")


def _price_points(policy_file: str | None) -> PricePoints:
    """The price points of ``policy_file``, else of the bundled policy (steps of 10 JPY).

    A rule directory put in place of the bundled one (PRICING_ENGINE_RULES) without a policy
    leaves the minor unit: a quote needs no policy, and the result names the points used.
    """
    if policy_file is not None:
        return load_policy(policy_file).price_points
    try:
        bundled = bundled_policy_path()
    except MissingData:
        return PricePoints()
    return load_policy(bundled).price_points


@click.command("quote")
@click.argument("file", type=str)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="table for people, json for machines (one document).")
@click.option("--locale", type=LOCALE, default="en_US", show_default=True,
              help="Locale for money in the table: POSIX or BCP-47 (de_DE, de-DE, pt-BR).")
@click.option("--rules", "rules_dir", type=str,
              help="A rule directory laid over the bundled rules.")
@click.option("--fx", "fx_file", type=str,
              help="FX table file (YAML/JSON: 'EUR/USD: \"1.0850\"'); the quote's fx wins.")
@fx_table_options
@click.option("--explain", "show_explain", is_flag=True,
              help="Print every charge as rate x base = amount, with the FX used, the rule's "
                   "file:line, its source and confidence (plain text, instead of the table).")
@click.option("--target", "target_text", help="Solve the unit prices for this margin (0.25): "
              "each rounded up to a price point, the margin that of a re-quote at them.")
@click.option("--policy", "policy_file", type=click.Path(exists=True, dir_okay=False),
              help="Round --target prices up to this policy's price_points [default: the "
                   "bundled rules/policy.yaml's: steps of 10 JPY/KRW, 5 HUF, else the "
                   "currency's minor unit].")
@click.option("--compare-incoterms", is_flag=True,
              help="Landed cost, cost-to-serve and margin under every fitting Incoterm.")
def quote(file: str, fmt: str, locale: str, rules_dir: str | None, fx_file: str | None,
          target_text: str | None, policy_file: str | None, compare_incoterms: bool,
          fx_table_file: str | None = None, no_fx_table: bool = False,
          show_explain: bool = False) -> None:
    """Landed cost-to-serve and margin of a quote FILE (YAML or JSON; - reads stdin).

    \b
    Exit codes: 0 success; 2 invalid input or usage (an unknown --locale), or a
    missing rule, HS code, origin or FX rate (the message names what is
    missing); 1 internal error.
    A quote holds at most 10,000 lines; amounts lie in [0, 1e15], quantities
    in [0, 1e9], FX rates in (1e-9, 1e9), with at most 12 decimal places.
    """
    if show_explain and fmt == "json":
        raise click.UsageError("--explain prints text; the JSON (--format json) carries the "
                               "same facts")
    target = _target(target_text)
    q, doc = _read_quote(file)
    points = _price_points(policy_file) if target is not None else None
    fx = load_fx(fx_file) if fx_file else None
    table = reference_rates(fx_table_file, no_fx_table)
    # the CLI owns its process: no GC passes over the rules being compiled (a first use: a
    # third of its time) or over a large result, nor over them later (at exit included)
    with gc_paused(freeze=True):
        engine = LandedCostEngine.load(rules_dir, fx=fx, fx_table=table)
        try:
            result = engine.quote(q, written_out=True)  # the table and the JSON read every line
            solution = (price_for_margin(q, target, engine=engine, points=points)
                        if target is not None else None)
            compared = engine.compare_incoterms(q) if compare_incoterms else None
        except MissingRule as exc:  # a line's code or class no rule covers: point at it
            raise _at_its_line(doc, exc) from None
    report = quote_report(result, solution=solution, compared=compared)
    if fmt == "json":
        click.echo(json.dumps(report.model_dump(mode="json"), indent=2, ensure_ascii=False))
        return
    if show_explain:
        click.echo(explain(report), nl=False)
    else:
        render_table(report, locale)
    if solution is not None:
        render_solution(solution, q, locale)
    if compared is not None:
        render_compare(compared, q.incoterm, locale)
