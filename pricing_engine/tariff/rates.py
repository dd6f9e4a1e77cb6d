"""Parse one duty-rate text as a government publishes it into the rule format's duty terms.

The grammar covers what the USITC HTS and the UK Global Tariff / EU CET files print: ``Free``,
ad valorem (``3.4%``), specific (``1¢/kg``, ``68¢/head``, ``$1.21/kg``, ``147.00 GBP/100kg``,
``12.00 EUR / hl``), compound (``4.4¢/kg + 10%``: both terms are due) and minimum / maximum
clauses (``MIN 1.5 EUR/100 kg``, ``but not less than 3¢/kg``). Specific amounts are converted
to the currency's main unit and to a quantity the rule format knows (``per``). Anything else
(a unit the format cannot express such as proof litres or % vol, seasonal rates, references to
other provisions, two specific terms) is :class:`Unparsed`, never a guessed 0 %.

A parsed text is a :class:`~pricing_engine.rules.model.DutyTerms` (``rate``, ``specific``,
``min``, ``max`` as a rule file holds them), the very terms an imported table entry carries:

>>> parse_rate("Free").rate
Decimal('0')
>>> describe(parse_rate("4.4¢/kg + 10%"))
'10% + 0.044 USD/kg'
>>> describe(parse_rate("147.00 GBP/100kg"))
'1.47 GBP/kg'
>>> describe(parse_rate("3.5% MIN 0.5 EUR / item"))
'3.5% (min 0.5 EUR/item)'
>>> parse_rate("5¢/pf.liter")
Unparsed(text='5¢/pf.liter', reason='unit not expressible: pf.liter')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from pydantic import ValidationError

from pricing_engine.rules.fields import Per, SpecificModel
from pricing_engine.rules.model import DutyTerms

__all__ = ["UNITS", "Unparsed", "describe", "parse_rate", "plain"]

#: Published unit (lower case, spaces removed) -> the rule format's ``per``. A quantity written
#: before the unit (``100kg``, ``1,000 items``) divides the amount; ``1000 kg`` is a tonne.
UNITS: dict[str, Per] = {
    "kg": "kg",
    "t": "tonne",
    "tonne": "tonne",
    "liter": "litre",
    "liters": "litre",
    "litre": "litre",
    "l": "litre",
    "hl": "hl",
    "doz.": "dozen",
    "doz": "dozen",
    "pr.": "pair",
    "pr": "pair",
    "pair": "pair",
    "prs.": "pair",
    "each": "unit",
    "no.": "unit",
    "head": "unit",
    "pcs": "unit",
    "item": "item",
    "items": "item",
    "m2": "m2",
    "m²": "m2",
    "jewel": "jewel",
}

_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_PERCENT = re.compile(rf"^({_NUMBER})\s*%$")
_CENTS = re.compile(rf"^({_NUMBER})\s*¢\s*(?:/\s*(.+)|\s+(each))$")
_DOLLARS = re.compile(rf"^\$\s*({_NUMBER})\s*(?:/\s*(.+)|\s+(each))$")
_CODE = re.compile(rf"^({_NUMBER})\s*(EUR|GBP|USD)\s*/\s*(?:({_NUMBER})\s*)?(.+)$")
_CLAUSE = re.compile(r"\s+(MIN|MAX)\s+|,?\s+but\s+not\s+(less|more)\s+than\s+")
_SEASON = re.compile(r"\(\s*\d{1,2}\s*[A-Z]{3}", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Unparsed:
    """A rate text the parser does not understand, and why (the text is never read as 0 %)."""

    text: str
    reason: str


def plain(value: Decimal) -> str:
    """Write a Decimal without exponent or trailing zeros.

    >>> plain(Decimal("0.0630")), plain(Decimal("1E+2")), plain(Decimal("0.00"))
    ('0.063', '100', '0')
    """
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _specific_text(value: SpecificModel) -> str:
    return f"{plain(value.amount)} {value.currency}/{value.per}"


def describe(terms: DutyTerms | Unparsed) -> str:
    """Read terms as ``10% + 0.044 USD/kg (min 0.5 EUR/kg)``: stable, for listings and diffs.

    >>> describe(parse_rate("18.40% MIN 22.00 EUR / 100 kg MAX 24.00 EUR / 100 kg"))
    '18.4% (min 0.22 EUR/kg, max 0.24 EUR/kg)'
    >>> describe(parse_rate("5¢/bbl"))
    'unparsed: 5¢/bbl (unit not expressible: bbl)'
    """
    if isinstance(terms, Unparsed):
        return f"unparsed: {terms.text} ({terms.reason})"
    parts = [f"{plain(terms.rate * 100)}%"] if terms.rate is not None else []
    parts += [_specific_text(terms.specific)] if terms.specific is not None else []
    limits = [f"{name} {_specific_text(limit)}"
              for name, limit in (("min", terms.min), ("max", terms.max)) if limit is not None]
    text = " + ".join(parts)
    return f"{text} ({', '.join(limits)})" if limits else text


def parse_rate(text: str) -> DutyTerms | Unparsed:
    """Parse one published rate text; :class:`Unparsed` says why a text is not understood.

    >>> [describe(parse_rate(t)) for t in ("$1.21/kg + 3.5%", "176.80 EUR / 100 kg",
    ...                                     "52.00 EUR / 1,000 items")]
    ['3.5% + 1.21 USD/kg', '1.768 EUR/kg', '0.052 EUR/item']
    >>> parse_rate("9% (1 JUL - 31 JAN), 12% (1 FEB - 30 JUN)").reason
    'seasonal rate'
    """
    clean = " ".join(text.replace("\u00a0", " ").replace("€", " EUR").split())
    if not clean:
        return Unparsed(text, "empty")
    if clean.lower() == "free":
        return DutyTerms(rate=Decimal(0))
    if _SEASON.search(clean):
        return Unparsed(text, "seasonal rate")
    main, clauses = _split_clauses(clean)
    terms = [term.strip() for term in main.split("+")]
    rates: list[Decimal] = []
    specifics: list[SpecificModel] = []
    for term in terms:
        parsed = _term(term)
        if isinstance(parsed, str):
            return Unparsed(text, parsed)
        if isinstance(parsed, Decimal):
            rates.append(parsed)
        else:
            specifics.append(parsed)
    if len(rates) > 1 or len(specifics) > 1:
        return Unparsed(text, "more than one ad valorem or specific term")
    limits: dict[str, SpecificModel] = {}
    for kind, clause in clauses:
        limit = _term(clause)
        if not isinstance(limit, SpecificModel) or kind in limits:
            return Unparsed(text, f"{kind} clause not a single specific amount")
        limits[kind] = limit
    try:
        return DutyTerms(rate=rates[0] if rates else None,
                         specific=specifics[0] if specifics else None,
                         min=limits.get("min"), max=limits.get("max"))
    except ValidationError as exc:  # a rate over the format's bound: refused, never clipped
        return Unparsed(text, exc.errors()[0]["msg"].removeprefix("Value error, "))


def _split_clauses(text: str) -> tuple[str, list[tuple[str, str]]]:
    """Split ``A MIN B MAX C`` into ``(A, [("min", B), ("max", C)])``."""
    parts = _CLAUSE.split(text)
    # re.split with two groups yields: head, (MIN|MAX|None), (less|more|None), tail, ...
    clauses = []
    for i in range(1, len(parts), 3):
        word = (parts[i] or parts[i + 1] or "").lower()
        kind = "min" if word in ("min", "less") else "max"
        clauses.append((kind, parts[i + 2].strip().rstrip(",")))
    return parts[0], clauses


def _term(term: str) -> Decimal | SpecificModel | str:
    """One term: a rate fraction, a specific amount, or the reason it is not understood."""
    if match := _PERCENT.match(term):
        return _number(match[1]) / 100
    if match := _CENTS.match(term):
        return _specific(_number(match[1]) / 100, "USD", None, match[2] or match[3])
    if match := _DOLLARS.match(term):
        return _specific(_number(match[1]), "USD", None, match[2] or match[3])
    if match := _CODE.match(term):
        return _specific(_number(match[1]), match[2], match[3], match[4])
    if term.lower().startswith(("see ", "the ")) or "provided" in term.lower():
        return "reference to another provision"
    return f"text not understood: {term}"


def _specific(amount: Decimal, currency: str, quantity: str | None,
              unit: str) -> SpecificModel | str:
    key = unit.lower().replace(" ", "")
    if key not in UNITS:
        return f"unit not expressible: {unit.strip()}"
    per = UNITS[key]
    count = _number(quantity) if quantity else Decimal(1)
    if per == "kg" and count == 1000:
        per, count = "tonne", Decimal(1)
    if count <= 0:
        return f"quantity not understood: {quantity}"
    return SpecificModel(amount=amount / count, currency=currency, per=per)


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))
