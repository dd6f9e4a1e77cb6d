"""Why each figure of a quote is what it is, in plain words: :func:`explain`.

The text is read from the result alone (``pricing-engine quote --explain`` prints it), so it
says nothing the JSON does not: per line, the customs value and how it is made up, then every
duty, tax and fee as ``rate x base = amount`` (or why the amount is not that product: a
minimum, a maximum, a relief), the FX rate that brings it into the quote currency, the rule's
``file:line``, its source and how sure the rule file is of it. Amounts are written as the JSON
writes them (``1287.37 GBP``), so a reader can find each one there.

>>> print(explain(engine.quote(load_quote("examples/fx/us-gb-ecb-rates.yaml"))))  # doctest: +SKIP
Quote Q-2025-0510 of 2025-05-10: DAP by air, import into GB; prices in USD, charges in GBP
...
"""

from __future__ import annotations

from decimal import Decimal

from moneyed import Money

from pricing_engine.landed.model import percent
from pricing_engine.landed.result import ChargeOut, LineResult, QuoteResult
from pricing_engine.money import round_minor

__all__ = ["explain", "explain_charge"]

_WHO = {"seller": "the seller", "buyer": "the buyer"}


def explain(result: QuoteResult) -> str:
    """The figures of ``result`` explained line by line, with the FX used and the notes."""
    out = [_heading(result), *_fx_used(result)]
    if result.valuation:
        out.append(f"Customs value basis: {result.valuation}; import-tax base: "
                   f"{', '.join(result.tax_base) or 'none'}")
    for line in result.lines:
        out += ["", *_line(line)]
    out += ["", *_totals(result)]
    notes = [*result.de_minimis, *(n for n in result.notes if n.code != "FX_REFERENCE_RATE")]
    if notes:
        out += ["", "Notes:", *(f"  - {note.message} [{note.code}]" for note in notes)]
    return "\n".join(out) + "\n"


def _heading(result: QuoteResult) -> str:
    route = "no import" if not result.is_import else f"import into {result.destination}"
    return (f"Quote {result.quote_id} of {result.date}: {result.incoterm} by {result.mode}, "
            f"{route}; prices in {result.currency}, charges in {result.destination_currency}")


def _fx_used(result: QuoteResult) -> list[str]:
    given = [f"  - {pair} {rate}: given (the quote's fx, or --fx)"
             for pair, rate in result.fx.items()]
    referenced = [f"  - {n.message}" for n in result.notes if n.code == "FX_REFERENCE_RATE"]
    if not given and not referenced:
        return ["FX used: none (one currency)"]
    return ["FX used:", *given, *referenced]


def _line(line: LineResult) -> list[str]:
    out = [f"Line {line.index + 1}: {line.sku}, HS {line.hs_code}, origin {line.origin}: "
           f"revenue {_m(line.revenue)} (quantity {line.quantity})",
           f"  Customs value {_m(line.customs_value)}: {line.valuation}"]
    if not line.charges:
        out.append("  No duty, tax or fee on this line.")
    for charge in line.charges:
        out += explain_charge(charge)
    m = line.margin
    out.append(f"  Landed cost for the buyer {_m(line.landed_cost)}; the seller's cost to serve "
               f"{_m(line.seller_cost_to_serve)}; margin {_m(m.amount)}"
               + (f" ({percent(m.ratio)} of revenue)" if m.ratio is not None else ""))
    return out


def explain_charge(charge: ChargeOut) -> list[str]:
    """One charge as lines of text: the sum, the conversion, the reason and the rule."""
    amount = charge.amount
    head = f"  - {charge.name} ({charge.kind}): "
    if charge.rate is not None and charge.base is not None:
        product = charge.rate * charge.base.amount
        code = charge.base.currency.code
        shown = f"{percent(charge.rate)} x {_base(charge.base)}"
        if round_minor(product, code) == amount.amount:
            head += f"{shown} = {_m(amount)}"
        else:  # a minimum, a maximum, a relief: the explanation says which
            head += f"{_m(amount)} ({shown} would be {_plain(product, code)} {code})"
    else:
        head += _m(amount)
    out = [head + f", paid by {_WHO[charge.paid_by]}" + _collected(charge)]
    if charge.quote_amount.currency != amount.currency:
        rate = charge.fx_rate
        at = (f" at 1 {amount.currency.code} = {_rate(rate)} "
              f"{charge.quote_amount.currency.code}") if rate is not None else ""
        out.append(f"      = {_m(charge.quote_amount)}{at}")
    if charge.explanation:
        out.append(f"      why: {charge.explanation}")
    rule = charge.rule
    if rule is not None:
        out.append(f"      rule: {rule.file}:{rule.line} ({rule.entry}); source: "
                   f"{rule.source or 'not named in the rule file'}; confidence: "
                   f"{rule.confidence}")
        if rule.note:
            out.append(f"      note: {rule.note}")
    return out


def _collected(charge: ChargeOut) -> str:
    parts = []
    if charge.collected:
        parts.append(f"collected {charge.collected.replace('_', ' ')}")
    if charge.recoverable is not None:
        parts.append("recoverable by the buyer" if charge.recoverable else "not recoverable")
    return f"; {', '.join(parts)}" if parts else ""


def _totals(result: QuoteResult) -> list[str]:
    t = result.totals
    sale = result.sale_tax
    together = _m_sum(t.duty.quote_amount, t.import_tax.quote_amount, t.fees.quote_amount)
    out = [f"Totals: revenue {_m(t.revenue)}; customs value {_m(t.customs_value)}; duty "
           f"{_m(t.duty.amount)}, import tax {_m(t.import_tax.amount)}, fees "
           f"{_m(t.fees.amount)} (together {together})",
           f"Sale: {sale.treatment}"
           + (f" at {percent(sale.rate)}" if sale.rate is not None else "")
           + f", {_m(sale.amount)}: {sale.explanation}",
           f"Landed cost for the buyer {_m(t.landed_cost)}; the seller's cost to serve "
           f"{_m(t.seller_cost_to_serve)}; margin {_m(t.margin.amount)}"
           + (f" ({percent(t.margin.ratio)} of revenue, status {t.margin.status})"
              if t.margin.ratio is not None else "")]
    return out


def _m(value: Money) -> str:
    return f"{value.amount} {value.currency.code}"


def _m_sum(*values: Money) -> str:
    return _m(Money(sum((v.amount for v in values), Decimal(0)), values[0].currency))


def _base(value: Money) -> str:
    code = value.currency.code
    rounded = round_minor(value.amount, code)
    return f"{value.amount} {code}" if rounded == value.amount else f"~{rounded} {code}"


def _plain(value: Decimal, code: str) -> str:
    return str(round_minor(value, code))


def _rate(rate: Decimal) -> str:
    """A rate as used, or to 6 places with ``~`` when it has more than a quote may give."""
    exponent = rate.as_tuple().exponent
    if isinstance(exponent, int) and exponent >= -12:
        return f"{rate.normalize():f}"
    return f"~{rate.quantize(Decimal('0.000001'))}"
