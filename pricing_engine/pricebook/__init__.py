"""Price books: every catalogue row priced in every market at a price point that meets the
market's target margin, with its landed cost, cost-to-serve, margin and rule references.

>>> book = price_book(load_catalogue("catalogue.csv"), load_markets("markets.yaml"))
...                                                        # doctest: +SKIP
>>> [(r.market, r.sku, r.unit_price, r.reason) for r in book.rows][:2]   # doctest: +SKIP
[('us-ny', 'PUMP-200', Decimal('4631.50'), None), ('us-ny', 'GLOVE', None, 'MISSING_RULE')]

Each row is a real one-line quote of ``quantity`` units (the market's) priced by the landed
engine (pricebook/price.py says how the price is searched). The book has one row per
catalogue row and market, market by market in catalogue order; a row that cannot be priced
carries a reason code instead of a price (pricebook/model.py lists them). Embargoes come from
the policy (default: the bundled one), on the markets file's date: an embargoed destination
prices no row of its market, goods of an embargoed origin are priced in no market.

The work is cut into chunks of ``chunk_rows`` rows of one market. Without an executor they
are priced in this process on one engine (built once, or the one given). With an
``executor`` (anything with ``submit`` returning futures: a
``concurrent.futures.ProcessPoolExecutor``, a ``dask.distributed`` client's
``get_executor()``), each chunk is submitted as plain data, and each worker process builds
its engine from ``rules`` the first time (a small cache per process, of at most
:data:`ENGINES_PER_PROCESS` rule sets); results come back in order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from pricing_engine.errors import InputError, PricingEngineError
from pricing_engine.landed import LandedCostEngine
from pricing_engine.money import FxTable
from pricing_engine.policy import Policy, in_force, load_policy
from pricing_engine.pricebook.load import Catalogue, load_catalogue, load_markets
from pricing_engine.pricebook.model import (
    CatalogueItem,
    Market,
    Markets,
    PriceBook,
    PriceBookRow,
    Reason,
)
from pricing_engine.pricebook.price import MarketPlan, Refused, price_rows, reason_of, unpriced
from pricing_engine.quote import InsuranceRate, Quote

__all__ = [
    "Catalogue",
    "CatalogueItem",
    "Executor",
    "Market",
    "Markets",
    "PriceBook",
    "PriceBookRow",
    "Reason",
    "load_catalogue",
    "load_markets",
    "price_book",
]

#: Rule sets a worker process keeps an engine for (one is the usual case).
ENGINES_PER_PROCESS = 2
_Chunk = dict[int, CatalogueItem | Refused | str]


class _Future(Protocol):
    def result(self) -> Any: ...


class Executor(Protocol):
    """What ``price_book`` needs of an executor: ``submit(fn, arg)`` returning a future."""

    def submit(self, fn: Callable[..., Any], /, *args: Any) -> _Future: ...


def price_book(catalogue: Catalogue | Sequence[CatalogueItem], markets: Markets, *,
               engine: LandedCostEngine | None = None, rules: str | Path | None = None,
               policy: Policy | None = None, executor: Executor | None = None,
               chunk_rows: int = 500) -> PriceBook:
    """Price every catalogue row in every market (see the module docstring)."""
    if chunk_rows < 1:
        raise InputError("chunk_rows must be at least 1")
    policy = policy or load_policy()
    items = {row: _refused(item, markets, policy)
             for row, item in enumerate(catalogue, start=1)}
    parts: list[list[PriceBookRow] | _Future] = []
    local: Callable[[MarketPlan, _Chunk], list[PriceBookRow]] | None = None
    if executor is None:
        here = engine or LandedCostEngine.load(rules)
        local = lambda plan, chunk: list(price_rows(here, plan, chunk))  # noqa: E731
    rules_key = None if rules is None else str(rules)
    for market in markets.markets:
        blocked = _blocked(market, markets, policy)
        if blocked is not None:
            parts.append([unpriced(market, _sku(i), row, *blocked) for row, i in items.items()])
            continue
        try:
            plan = _plan(market, markets, policy)
        except PricingEngineError as exc:
            reason, message = reason_of(exc), f"market {market.id}: {exc}"
            parts.append([unpriced(market, _sku(i), row, reason, message)
                          for row, i in items.items()])
            continue
        for chunk in _chunks(items, chunk_rows):
            if local is not None:
                parts.append(local(plan, chunk))
            else:
                assert executor is not None
                parts.append(executor.submit(_price_chunk, rules_key, plan, chunk))
    rows = tuple(r for part in parts for r in (part if isinstance(part, list)
                                                 else part.result()))
    priced = sum(1 for r in rows if r.reason is None)
    return PriceBook(date=markets.date, currency=markets.currency,
                     markets=tuple(m.id for m in markets.markets), priced=priced,
                     not_priced=len(rows) - priced, rows=rows)


def _sku(item: CatalogueItem | Refused | str) -> str:
    return "" if isinstance(item, str) else item.sku


def _refused(item: CatalogueItem | str, markets: Markets,
             policy: Policy) -> CatalogueItem | Refused | str:
    """EMBARGOED_ORIGIN for goods of, or shipped from (the book's ``ship_from``, else the
    seller's country), a country under a comprehensive embargo on the book's date, as
    ``check`` refuses such a line: the regimes bar dealing in them wherever sold."""
    if isinstance(item, str):
        return item
    shipped_from = markets.ship_from or markets.seller.country
    for embargo in policy.embargoes:
        if not in_force(embargo, markets.date):
            continue
        if embargo.country == item.origin:
            return Refused(item.sku, "EMBARGOED_ORIGIN", f"goods of {item.origin}, under a "
                           f"comprehensive embargo ({embargo.regime}, since "
                           f"{embargo.valid_from}; source {embargo.source})")
        if embargo.country == shipped_from:
            return Refused(item.sku, "EMBARGOED_ORIGIN", f"goods shipped from "
                           f"{shipped_from}, under a comprehensive embargo ({embargo.regime}, "
                           f"since {embargo.valid_from}; source {embargo.source})")
    return item


def _chunks(items: dict[int, CatalogueItem | Refused | str], size: int) -> Iterable[_Chunk]:
    keys = list(items)
    for start in range(0, len(keys), size):
        yield {k: items[k] for k in keys[start:start + size]}


def _price_chunk(rules: str | None, plan: MarketPlan, chunk: _Chunk) -> list[PriceBookRow]:
    """Price one chunk in a worker, on this process's engine for ``rules``."""
    return list(price_rows(_worker_engine(rules), plan, chunk))


@lru_cache(maxsize=ENGINES_PER_PROCESS)
def _worker_engine(rules: str | None) -> LandedCostEngine:
    return LandedCostEngine.load(rules)


def _blocked(market: Market, markets: Markets, policy: Policy) -> tuple[Reason, str] | None:
    """EMBARGOED_DESTINATION / EMBARGOED_REGION when the policy refuses the market."""
    for embargo in policy.embargoes:
        if embargo.country == market.destination and in_force(embargo, markets.date):
            return ("EMBARGOED_DESTINATION", f"{market.destination} is under a comprehensive "
                    f"embargo ({embargo.regime}, since {embargo.valid_from}; source "
                    f"{embargo.source})")
    for region in policy.region_embargoes:
        if (region.subdivision == market.subdivision and region.severity == "reject"
                and in_force(region, markets.date)):
            return ("EMBARGOED_REGION", f"{region.name} ({region.subdivision}) is an embargoed "
                    f"region ({region.regime}, since {region.valid_from})")
    return None


def _plan(market: Market, markets: Markets, policy: Policy) -> MarketPlan:
    """The market's quote (checked once, with a placeholder line), FX rate and rule."""
    seller = markets.seller
    data: dict[str, Any] = {
        "id": market.id, "date": markets.date, "currency": market.currency,
        "seller": seller.model_dump(),
        "buyer": {"name": market.id, "country": market.destination,
                  "subdivision": market.subdivision, "type": market.buyer_type,
                  "vat_id": market.buyer_vat_id},
        "ship_from": markets.ship_from or seller.country, "ship_to": market.destination,
        "mode": market.mode, "incoterm": market.incoterm, "named_place": market.named_place,
        "allocation": "quantity", "fx": markets.fx.root,
        "lines": [{"sku": "-", "hs_code": "0101", "origin": seller.country, "quantity": "1",
                   "unit_price": "0", "unit_cost": "0"}]}
    if market.insurance is not None and isinstance(market.insurance, InsuranceRate):
        data["insurance"] = market.insurance.model_dump()
    try:
        template = Quote.model_validate(data)
    except ValueError as exc:  # pydantic's ValidationError: the market cannot make a quote
        raise InputError(" ".join(str(exc).split())) from None
    rate = FxTable(markets.fx.root).rate(markets.currency, market.currency)
    rule = market.price_points or policy.price_points.rule(market.currency)
    full = MarketPlan(market=market, template=template, home=markets.currency, rate=rate,
                      rule=rule)
    # Every quote reads its FX table afresh: give it the pairs between the home and the
    # market currency only; a row that needs another pair (missing, or taken from the dated
    # reference rates while the markets file gives it) is priced again with them all.
    own = {markets.currency, market.currency}
    pairs = {p: r for p, r in markets.fx.root.items() if set(p.split("/")) <= own}
    if len(pairs) == len(markets.fx.root):
        return full
    left_out = frozenset(way for pair in markets.fx.root if pair not in pairs
                         for way in _both_ways(pair))
    return replace(full, template=template.model_copy(update={"fx": pairs}), full=full,
                   left_out=left_out)


def _both_ways(pair: str) -> tuple[tuple[str, str], tuple[str, str]]:
    base, _, quote = pair.partition("/")
    return (base, quote), (quote, base)
