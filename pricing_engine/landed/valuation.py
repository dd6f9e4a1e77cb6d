"""Shipment costs per line and the value bases customs works from.

Three bases, not one: the *customs value* (duty base: CIF = goods + every cost up to the
border incl. carriage and insurance; FOB = goods + costs up to loading, without international
carriage and insurance), the *import-tax base* (tax.py adds duty, fees, transport, post-border
costs to it as the destination's ``tax_base`` says) and the *fee base* (fees.py).

The invoice price includes the costs the seller bears; the goods value is the price less the
transport, insurance and post-border costs the seller bears (and, under DDP, less the duties,
taxes and fees it pays: charges.py solves that). Costs the buyer bears before the border
are added to the customs value on both bases, those the destination's ``pre_border_added``
lists (all four by default; the US adds packing only: in an ex-works sale the foreign inland
freight and loading the buyer pays are not part of the transaction value).

Shipment costs are split over the lines by the quote's allocation key (value, weight,
volume, quantity, equal), each share rounded, the rounding residue on the *residue line*:
the line with the largest key (the first such line on a tie), so every total is the exact
sum of its lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import get_args

from pricing_engine.errors import InputError
from pricing_engine.landed.model import Context, Shipment
from pricing_engine.money import allocate, residue_line, round_minor
from pricing_engine.quote import InsuranceRate, Line
from pricing_engine.rules.model import PreBorderCost

__all__ = ["PRE_BORDER", "TRANSPORT", "allocation_keys", "customs_bases", "shipment_costs"]

#: Costs up to loading at origin: in the customs value on CIF and FOB bases alike, when the
#: buyer bears them, as far as the destination's ``pre_border_added`` lists them.
PRE_BORDER: tuple[str, ...] = get_args(PreBorderCost)
#: Transport-type costs that are not part of the goods' own value.
TRANSPORT = ("main_carriage", "insurance", "destination_terminal_handling", "import_clearance",
             "delivery_to_buyer_premises")
#: Carriage and handling after the border (EU / UK import VAT adds them to the base).
POST_BORDER = ("destination_terminal_handling", "delivery_to_buyer_premises")


def allocation_keys(
    lines: Sequence[Line], method: str, *, values: Sequence[Decimal] | None = None,
) -> list[Decimal]:
    """The weight of each line under ``method`` (value, weight, volume, quantity, equal).

    ``values``: each line's quantity x unit price, when the caller has worked them out.
    """
    if method == "value":
        keys = list(values) if values is not None else [line.quantity * line.unit_price
                                                        for line in lines]
    elif method == "quantity":
        keys = [line.quantity for line in lines]
    elif method == "equal":
        keys = [Decimal(1)] * len(lines)
    elif method in ("weight", "volume"):
        field = "unit_weight_kg" if method == "weight" else "unit_volume_m3"
        keys = []
        for line in lines:
            per_unit = getattr(line, field)
            if per_unit is None:
                raise InputError(f"allocation by {method}: line {line.sku!r} has no {field}")
            keys.append(line.quantity * per_unit)
    else:
        raise InputError(f"unknown allocation method {method!r}")
    if not any(keys):
        # Nothing to weigh by (all lines free of charge, say): split equally, as documented.
        return [Decimal(1)] * len(lines)
    return keys


def _element_totals(ctx: Context, revenue: Decimal) -> dict[str, Decimal]:
    q, cur = ctx.quote, ctx.quote_currency
    totals: dict[str, Decimal] = {}
    if q.freight is not None:
        totals["main_carriage"] = round_minor(ctx.money_to_quote(q.freight),
                                              cur)
    if q.onward_freight is not None:
        o = q.onward_freight
        totals["delivery_to_buyer_premises"] = round_minor(ctx.money_to_quote(o),
                                                           cur)
    for element, money in q.costs.items():
        totals[element] = round_minor(ctx.money_to_quote(money), cur)
    if isinstance(q.insurance, InsuranceRate):
        carriage = totals.get("main_carriage", Decimal(0))
        insured = revenue + (Decimal(0) if ctx.split.seller_bears("main_carriage") else carriage)
        totals["insurance"] = round_minor(q.insurance.rate * q.insurance.cover * insured, cur)
    elif q.insurance is not None:
        totals["insurance"] = round_minor(
            ctx.money_to_quote(q.insurance), cur)
    return totals


def shipment_costs(ctx: Context) -> Shipment:
    """Allocate the shipment costs and derive each line's goods value and additions."""
    lines = ctx.quote.lines
    revenue = [line.quantity * line.unit_price for line in lines]
    totals = _element_totals(ctx, sum(revenue, Decimal(0)))
    keys = allocation_keys(lines, ctx.quote.allocation, values=revenue) if totals \
        else [Decimal(1)] * len(lines)
    onto, weight = residue_line(keys), sum(keys, Decimal(0))
    zero = [Decimal(0)] * len(lines)
    per_line = {e: allocate(t, keys, ctx.quote_currency, onto=onto, weight=weight)
                for e, t in totals.items()}
    seller = ctx.split.seller_bears
    goods, pre, carriage, post = list(revenue), list(zero), list(zero), list(zero)
    for element, shares in per_line.items():
        # each element moves whole columns; the order of additions per line is the same
        if element in TRANSPORT and seller(element):
            goods = [g - s for g, s in zip(goods, shares, strict=True)]
        if element in ctx.pre_border_added and not seller(element):
            pre = [p + s for p, s in zip(pre, shares, strict=True)]
        if element in ("main_carriage", "insurance"):
            carriage = [c + s for c, s in zip(carriage, shares, strict=True)]
        if element in POST_BORDER:
            post = [p + s for p, s in zip(post, shares, strict=True)]
    for i, value in enumerate(goods):
        if value < 0:
            raise InputError(
                f"line {lines[i].sku!r}: the price ({revenue[i]} {ctx.quote_currency}) does not "
                "cover the carriage and costs the seller bears under "
                f"{ctx.split.incoterm}; the goods value would be negative")
    return Shipment(totals, per_line, onto, revenue, goods, pre, carriage, post)


def customs_bases(ctx: Context, ship: Shipment) -> tuple[list[Decimal], list[Decimal]]:
    """Each line's goods value in the destination currency (customs rate), and what the
    customs value adds to it: carriage and insurance on a CIF basis and the buyer-borne
    costs before the border. Both unrounded: the customs value is their sum, rounded."""
    rate = ctx.customs_rate(ctx.quote_currency, ctx.dest_currency)
    cif = ctx.valuation == "CIF"
    goods = [g * rate for g in ship.goods]
    added = [(pre + (carriage if cif else 0)) * rate
             for pre, carriage in zip(ship.pre_border_added, ship.carriage_insurance, strict=True)]
    return goods, added
