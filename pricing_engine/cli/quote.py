"""``pricing-engine quote``: landed cost-to-serve and margin of a quote file.

Exit codes: 0 success; 2 invalid input (a bad quote, a missing rule, HS code, origin or FX
rate: the message names what is missing).
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import click
import yaml
from pydantic import TypeAdapter, ValidationError

from pricing_engine.cli.quote_table import render_compare, render_solution, render_table
from pricing_engine.errors import InputError
from pricing_engine.landed import LandedCostEngine, Margin, price_for_margin
from pricing_engine.quote import Quote

__all__ = ["quote", "read_document", "to_quote"]


class _Loader(yaml.SafeLoader):
    """Safe YAML where decimals stay exact and only true/false are booleans (NO is Norway)."""


def _decimal(loader: yaml.SafeLoader, node: yaml.Node) -> Decimal:
    return Decimal(str(loader.construct_scalar(node)).replace("_", ""))  # type: ignore[arg-type]


def _bool(loader: yaml.SafeLoader, node: yaml.Node) -> bool | str:
    text = str(loader.construct_scalar(node))  # type: ignore[arg-type]
    return text.lower() == "true" if text.lower() in ("true", "false") else text


_Loader.add_constructor("tag:yaml.org,2002:float", _decimal)
_Loader.add_constructor("tag:yaml.org,2002:bool", _bool)


def read_document(source: str) -> Any:
    """Read a YAML or JSON document from a path, or from stdin for ``-``."""
    if source == "-":
        text = sys.stdin.read()
    else:
        try:
            text = Path(source).read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(f"cannot read {source}: {exc.strerror}") from None
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise InputError(f"{source}: not valid YAML or JSON: {exc}") from None


def to_quote(data: Any, source: str) -> Quote:
    """Validate a document as a Quote; errors name the field (``lines.0.hs_code``)."""
    try:
        return Quote.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "quote"
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise InputError(f"{source}: {where}: {first['msg']}{more}") from None


def _fx_table(path: str | None) -> dict[str, object]:
    if path is None:
        return {}
    data = read_document(path)
    if isinstance(data, dict) and isinstance(data.get("rates"), dict):
        data = data["rates"]
    if not isinstance(data, dict):
        raise InputError(f"{path}: an FX file maps pairs to rates, e.g. 'EUR/USD: \"1.0850\"'")
    return {str(k): v for k, v in data.items()}


def _target(value: str | None) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(value)
    except InvalidOperation:
        raise click.BadParameter(f"{value!r} is not a decimal fraction such as 0.25",
                                 param_hint="--target") from None


@click.command("quote")
@click.argument("file", type=str)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="table for people, json for machines (one document).")
@click.option("--locale", default="en_US", show_default=True,
              help="Locale for money in the table (e.g. de_DE).")
@click.option("--rules", "rules_dir", type=click.Path(exists=True),
              help="A rule directory laid over the bundled rules.")
@click.option("--fx", "fx_file", type=click.Path(exists=True, dir_okay=False),
              help="FX table file (YAML/JSON: 'EUR/USD: \"1.0850\"'); the quote's fx wins.")
@click.option("--target", "target_text", help="Solve the unit prices for this margin (0.25).")
@click.option("--compare-incoterms", is_flag=True,
              help="Landed cost, cost-to-serve and margin under every fitting Incoterm.")
def quote(file: str, fmt: str, locale: str, rules_dir: str | None, fx_file: str | None,
          target_text: str | None, compare_incoterms: bool) -> None:
    """Landed cost-to-serve and margin of a quote FILE (YAML or JSON; - reads stdin).

    \b
    Exit codes: 0 success; 2 invalid input, or a missing rule, HS code,
    origin or FX rate (the message names what is missing).
    """
    target = _target(target_text)
    q = to_quote(read_document(file), file)
    engine = LandedCostEngine.load(rules_dir, fx=_fx_table(fx_file))
    result = engine.quote(q)
    solution = price_for_margin(q, target, engine=engine) if target is not None else None
    compared = engine.compare_incoterms(q) if compare_incoterms else None
    if fmt == "json":
        doc: dict[str, Any] = result.model_dump(mode="json")
        if solution is not None:
            doc["price_for_margin"] = {
                "target": str(solution.target), "uplift": str(solution.uplift),
                "unit_prices": [str(p) for p in solution.unit_prices],
                "revenue": {"amount": str(solution.revenue), "currency": solution.currency},
                "margin": {"amount": str(solution.margin), "currency": solution.currency},
                "margin_percent": str(solution.margin_percent),
            }
        if compared is not None:
            doc["compare_incoterms"] = {
                code: {"landed_cost": r.totals.landed_cost.as_json(),
                       "seller_cost_to_serve": r.totals.seller_cost_to_serve.as_json(),
                       "margin": TypeAdapter(Margin).dump_python(r.totals.margin, mode="json")}
                for code, r in compared.items()}
        click.echo(json.dumps(doc, indent=2, ensure_ascii=False))
        return
    render_table(result, locale)
    if solution is not None:
        render_solution(solution, q, locale)
    if compared is not None:
        render_compare(compared, q.incoterm, locale)
