"""Parse one duty-rate text as a government publishes it into the rule format's duty terms.

The grammar covers what the USITC HTS and the UK Global Tariff / EU CET files print: ``Free``,
ad valorem (``3.4%``), specific (``1¢/kg``, ``68¢/head``, ``$1.21/kg``, ``147.00 GBP/100kg``,
``12.00 EUR / hl``, ``6.5¢/gross``, ``10.5¢/bbl``), compound (``4.4¢/kg + 10%``: every term is
due, ``4.4¢/liter + 31.4¢/pf. liter`` too) and minimum / maximum clauses, specific or ad
valorem or both (``MIN 1.5 EUR/100 kg``, ``but not less than 3¢/kg``, ``MAX 12.80%``,
``MAX 18.90% + 16.50 EUR / 100 kg``). Specific amounts are converted to the currency's main
unit and to the quantity their unit measures (:mod:`pricing_engine.tariff.units`: a gross is
144 units, a barrel 158.987294928 litres). Seasonal rates are read by
:mod:`pricing_engine.tariff.seasons`. The US chapter 98 "Free, under bond" provisions are 0 %
with ``confidence: medium`` and the condition in the note.

Terms that need a figure of the quote line parse to the rule format's declared terms: an ad
valorem rate on a part's value (``4.6% on the case``, ``2.5% on the value of the lead
content``, ``3 percent of the fair retail value``: ``parts``), a specific duty less an amount
per degree of polarization (sugar: ``less_per_degree``) and the EU Meursing components
(``+ EA``, ``MAX 18.70% + ADSZ``: ``agricultural``, ``max_agricultural``). A caller that reads
an MFN column (``unpriced=True``) also gets a duty the rules cannot compute as a term a quote
refuses for review, so the line's lookup says what it needs: the entry price system
(``entry_price``) and the rate of another provision (``reference``: a set's dearest article,
each garment of an ensemble, ``See additional U.S. note 1``).

Anything else is :class:`Unparsed`, never a guessed 0 %, with a reason that starts with its
category (the text before the first colon):

- ``unit not in the rule format``: a quantity the format has no ``per`` for;
- ``ad valorem on a part's value``: a part the format does not name (``the cost of such
  goods or repairs``); ``entry price`` and ``reference to another provision`` where the caller
  does not ask for them (a preference column: the claim then falls back to MFN);
  ``two ad valorem terms``, ``seasonal rate``, ``unit not understood``,
  ``number without a unit`` (outside the CET column), ``text not understood``;
- a figure the rule format cannot hold as published, never clipped or rounded to another:
  ``number with over 28 significant digits`` (the decimal context's), a rate or amount
  outside the format's bounds, an amount that is 0 to the format's 12 decimals per unit. A
  rate with more decimals is kept exactly (the format bounds a rate, not its decimals); an
  amount converted to another unit (``6.5¢/gross``) is rounded to 12 decimals, noted.

A parsed text is a :class:`~pricing_engine.rules.model.DutyTerms` (``rate``, ``specific``,
``min``, ``max`` as a rule file holds them), the very terms an imported table entry carries:

>>> parse_rate("Free").rate
Decimal('0')
>>> for text in ("4.4¢/kg + 10%", "147.00 GBP/100kg", "3.5% MIN 0.5 EUR / item",
...              "14.4¢/gross + 2%", "5¢/pf.liter", "9.00% +  EA MAX 18.70%  + ADSZ"):
...     print(f"{text:<30}  {describe(parse_rate(text))}")
4.4¢/kg + 10%                   10% + 0.044 USD/kg
147.00 GBP/100kg                1.47 GBP/kg
3.5% MIN 0.5 EUR / item         3.5% (min 0.5 EUR/item)
14.4¢/gross + 2%                2% + 0.001 USD/unit
5¢/pf.liter                     0.05 USD/proof_litre
9.00% +  EA MAX 18.70%  + ADSZ  9% + EA (max 18.7% + ADSZ)
>>> describe(parse_rate("20¢ each + 4.3% on the movement and case + 3.5% on the battery"))
'0.2 USD/unit + 4.3% on movement+case + 3.5% on battery'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from pydantic import ValidationError

from pricing_engine.rules.fields import SpecificModel
from pricing_engine.rules.model import DutyTerms, PartRate
from pricing_engine.tariff.units import expressible, lookup

__all__ = ["PUBLISHED_PARTS", "Unparsed", "category", "describe", "parse_rate", "plain"]

_NUMBER = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"
_PERCENT = re.compile(rf"^({_NUMBER})\s*%$")
#: A percentage written as a mixed number: ``33 1/3%`` (US column 2).
_MIXED_PERCENT = re.compile(r"^([0-9]{1,3}) ([1-9][0-9]?)/([1-9][0-9]?)\s*%$")
_BARE = re.compile(rf"^({_NUMBER})$")
_CENTS = re.compile(rf"^({_NUMBER})\s*¢\s*(?:/\s*(.+)|\s+(each))$")
_DOLLARS = re.compile(rf"^\$\s*({_NUMBER})\s*(?:/\s*(.+)|\s+(each))$")
_CODE = re.compile(rf"^({_NUMBER})\s*(EUR|GBP|USD)\s*/\s*(.+)$")
#: The most decimals an amount in a rule file may have.
_PLACES = Decimal("1e-12")
_CLAUSE = re.compile(r"\s+(MIN|MAX)\s+|,?\s+but\s+not\s+(less|more)\s+than\s+")
#: Free on a condition the entry itself meets (temporary importation under bond, ch. 98).
_UNDER_BOND = re.compile(r"^free,? (under bond|for such temporary periods)", re.I)
#: Whole-text forms that are not a rate the format holds: (pattern, reason). First match wins.
_KINDS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p, re.I), r) for p, r in (
    (r"\(\s*[0-9]{1,2}\s*[A-Z]{3}", "seasonal rate"),
    (r"^entry price", "entry price: the duty depends on the consignment's entry price (the "
     "entry price system, CN Annex 2), whose bands the table does not give"),
    (r"^(see |the (duty|rate)|a duty )|provided in", "reference to another provision"),
))
#: Whole-text forms a caller reading an MFN column takes as a term (see parse_rate).
_UNPRICED: dict[str, dict[str, object]] = {"entry price": {"entry_price": True},
                                           "reference to another provision": {}}
#: ``X less Y for each degree under N degrees (and fractions of a degree in proportion) Z``.
_DEGREE = re.compile(r"^(?P<base>.+?)\s+less\s+(?P<less>.+?)\s+for each degree under\s+"
                     r"(?P<below>[0-9]+(?:\.[0-9]+)?)\s+degrees?\s*(?:\(and fractions of a degree "
                     r"in proportion\))?(?P<rest>.*)$", re.I)
#: An ad valorem rate on the value of named parts: ``4.6% on the case``, ``3 percent of the
#: fair retail value``, ``2.5% on the value of the lead content``.
_ON_PART = re.compile(rf"^({_NUMBER})\s*(?:%\s*on|percent of)\s+(?:the\s+)?(?:value of\s+"
                      r"(?:the\s+)?)?(.+)$", re.I)
#: A part as published -> the part names of the rule format whose values together are the base.
PUBLISHED_PARTS: dict[str, tuple[str, ...]] = {
    "case": ("case",), "movement": ("movement",), "battery": ("battery",),
    "apparatus": ("apparatus",), "strap, band or bracelet": ("strap",),
    "movement and case": ("movement", "case"),
    "case and strap, band or bracelet": ("case", "strap"),
    "lead content": ("lead_content",), "rifle": ("rifle",),
    "telescopic sight, if any": ("telescopic_sight",),
    "fair retail value": ("fair_retail_value",),
}
#: A Meursing component as the CN prints it (``EA``, ``AD S/Z``, ``ADFM``) -> its code.
_COMPONENT = re.compile(r"^(EA|AD\s?S/?Z|AD\s?F/?M)$", re.I)


@dataclass(frozen=True, slots=True)
class _Component:
    """A Meursing component named in a rate text (``EA``, ``ADSZ``, ``ADFM``)."""

    code: str


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
    >>> describe(parse_rate("5¢/furlong"))
    'unparsed: 5¢/furlong (unit not understood: furlong)'
    """
    if isinstance(terms, Unparsed):
        return f"unparsed: {terms.text} ({terms.reason})"
    if terms.entry_price:
        return "entry price"
    if terms.reference is not None:
        return f"reference: {terms.reference}"
    parts = [f"{plain(terms.rate * 100)}%"] if terms.rate is not None else []
    parts += [_specific_text(spec) for spec in terms.specific or ()]
    if (less := terms.less_per_degree) is not None:
        parts.append(f"less {_specific_text(less)} per degree under {plain(less.below)}")
    parts += [f"{plain(p.rate * 100)}% on {'+'.join(p.of)}" for p in terms.parts or ()]
    parts += list(terms.agricultural or ())
    limits = []
    for name, rate, spec in (("min", terms.min_rate, terms.min),
                             ("max", terms.max_rate, terms.max)):
        limit = ([f"{plain(rate * 100)}%"] if rate is not None else []) + (
            [_specific_text(spec)] if spec is not None else [])
        if name == "max":
            limit += list(terms.max_agricultural or ())
        if limit:
            limits.append(f"{name} {' + '.join(limit)}")
    text = " + ".join(parts)
    return f"{text} ({', '.join(limits)})" if limits else text


def category(reason: str) -> str:
    """The category of an :class:`Unparsed` reason: the text before its first colon.

    >>> category("unit not in the rule format: litre_alcohol (% vol / hl)")
    'unit not in the rule format'
    """
    return reason.split(":", 1)[0]


def parse_rate(text: str, *, bare_percent: bool = False, unpriced: bool = False,
               dollar: str = "USD") -> DutyTerms | Unparsed:
    """Parse one published rate text; :class:`Unparsed` says why a text is not understood.

    ``bare_percent``: a number without a unit is a percentage, as in the Combined
    Nomenclature, whose duty column is headed "Conventional rate of duty (%)" (the CET
    column's ``7.2 MIN 0.36 EUR/100 kg``); otherwise such a number is not understood.
    ``unpriced``: an entry price or a reference to another provision is a term (for an MFN
    column, so that the line's lookup says what a quote needs), not :class:`Unparsed`.
    ``dollar``: the currency ``$`` and ``¢`` stand for (USD in the HTS; CAD in Canada's
    Customs Tariff: ``238% but not less than $2.91/kg``).

    >>> [describe(parse_rate(t)) for t in ("$1.21/kg + 3.5%", "176.80 EUR / 100 kg",
    ...                                     "52.00 EUR / 1,000 items", "10¢/1,000 pins + 3.5%")]
    ['3.5% + 1.21 USD/kg', '1.768 EUR/kg', '0.052 EUR/item', '3.5% + 0.0001 USD/unit']
    >>> parse_rate("9% (1 JUL - 31 JAN), 12% (1 FEB - 30 JUN)").reason
    'seasonal rate'
    >>> describe(parse_rate("1.75 EUR / % vol / hl"))
    '1.75 EUR/litre_alcohol'
    >>> describe(parse_rate("Entry Price", unpriced=True))
    'entry price'
    """
    clean = " ".join(text.replace("\u00a0", " ").replace("€", " EUR").split())
    if not clean:
        return Unparsed(text, "empty")
    if clean.lower() == "free":
        return DutyTerms(rate=Decimal(0))
    if _UNDER_BOND.match(clean):
        return DutyTerms(rate=Decimal(0), confidence="medium", note=(
            f"as published: {clean} (a conditional entry: goods not exported or used as the "
            "provision requires owe the duty of their own heading)"))
    for pattern, reason in _KINDS:
        if pattern.search(clean):
            if unpriced and reason.split(":", 1)[0] in _UNPRICED:
                terms = _UNPRICED[reason.split(":", 1)[0]] or {"reference": clean}
                return DutyTerms.model_validate(terms)
            return Unparsed(text, reason)
    degree = _DEGREE.match(clean)
    less: dict[str, object] | None = None
    if degree is not None:
        clean = f"{degree['base']}{degree['rest']}"
        amount = _term(degree["less"].strip(), False, dollar)
        if not isinstance(amount, SpecificModel):
            return Unparsed(text, f"rate varying with a degree: {amount}")
        less = {**amount.model_dump(), "below": Decimal(degree["below"])}
    main, clauses = _split_clauses(clean.removesuffix(" on the entire set"))
    rates: list[Decimal] = []
    specifics: list[SpecificModel] = []
    parts: list[PartRate] = []
    components: dict[str, list[str]] = {"main": [], "max": [], "min": []}
    for term in (term.strip() for term in main.split("+")):
        parsed = _term(term, bare_percent, dollar)
        if isinstance(parsed, str):
            return Unparsed(text, parsed)
        if isinstance(parsed, Decimal):
            rates.append(parsed)
        elif isinstance(parsed, PartRate):
            parts.append(parsed)
        elif isinstance(parsed, _Component):
            components["main"].append(parsed.code)
        else:
            specifics.append(parsed)
    # A unit converted with a rounded amount (6.5¢/gross: 0.065 / 144 per unit, to the
    # format's 12 decimals) keeps the published text beside it.
    rounded = _rounded(main)
    if len(rates) > 1:
        return Unparsed(text, "two ad valorem terms")
    limits: dict[str, Decimal | SpecificModel] = {}
    for kind, clause in clauses:
        for term in (term.strip() for term in clause.split("+")):
            limit = _term(term, bare_percent, dollar)
            if isinstance(limit, _Component):
                components[kind].append(limit.code)
                continue
            if isinstance(limit, str | PartRate):
                reason = limit if isinstance(limit, str) else "a part's value as a limit"
                return Unparsed(text, f"{reason} (in the {kind} clause)")
            key = f"{kind}_rate" if isinstance(limit, Decimal) else kind
            if key in limits:
                return Unparsed(text, f"two {kind} clauses")
            limits[key] = limit
    if components["min"]:
        return Unparsed(text, "agricultural component in a minimum")
    try:
        return DutyTerms.model_validate({
            "rate": rates[0] if rates else None, "specific": tuple(specifics) or None,
            **limits, "parts": tuple(parts) or None,
            "less_per_degree": less,
            "agricultural": tuple(components["main"]) or None,
            "max_agricultural": tuple(components["max"]) or None,
            "note": f"as published: {clean}" if rounded else None})
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


def _term(term: str, bare_percent: bool, dollar: str
          ) -> Decimal | SpecificModel | PartRate | _Component | str:
    """One term: a rate fraction, a specific amount (``$``/``¢`` in ``dollar``), a rate on a
    part's value, a Meursing component, or the reason it is not understood (a figure the
    rule format cannot hold as published included: refused, never clipped or rounded)."""
    try:
        return _read_term(term, bare_percent, dollar)
    except _Inexact as exc:
        return str(exc)
    except ValidationError as exc:
        return exc.errors()[0]["msg"].removeprefix("Value error, ")


def _read_term(term: str, bare_percent: bool, dollar: str
               ) -> Decimal | SpecificModel | PartRate | _Component | str:
    """:func:`_term`, which turns a figure out of bounds into its reason."""
    if match := _PERCENT.match(term):
        return _number(match[1]) / 100
    if (match := _MIXED_PERCENT.match(term)) and int(match[2]) < int(match[3]):
        # a third is not a finite decimal: its 28 significant digits round as 1/3 would
        return (Decimal(match[1]) + Decimal(match[2]) / Decimal(match[3])) / 100
    if match := _COMPONENT.match(term):
        return _Component(re.sub(r"[\s/]", "", match[1]).upper())
    if match := _ON_PART.match(term):
        named = PUBLISHED_PARTS.get(" ".join(match[2].lower().split()))
        if named is None:
            return f"ad valorem on a part's value: a part the rules do not name: {match[2]}"
        return PartRate(rate=_number(match[1]) / 100, of=named)
    if match := _CENTS.match(term):
        return _specific(_number(match[1]) / 100, dollar, match[2] or match[3])
    if match := _DOLLARS.match(term):
        return _specific(_number(match[1]), dollar, match[2] or match[3])
    if match := _CODE.match(term):
        return _specific(_number(match[1]), match[2], match[3])
    if match := _BARE.match(term):
        if bare_percent:
            return _number(match[1]) / 100
        return f"number without a unit: {term}"
    return f"text not understood: {term}"


def _specific(amount: Decimal, currency: str, unit_text: str) -> SpecificModel | str:
    found = lookup(unit_text)
    if found is None:
        return f"unit not understood: {unit_text.strip()}"
    count, unit = found
    if not expressible(unit):
        return f"unit not in the rule format: {unit.kind} ({unit_text.strip()})"
    size = count * unit.size
    if size <= 0:
        return f"quantity not understood: {unit_text.strip()}"
    if unit.kind == "kg" and size == 1000:
        return SpecificModel(amount=amount, currency=currency, per="tonne")
    exact = amount / size
    try:
        rounded = exact.quantize(_PLACES)
    except InvalidOperation:  # more digits than the context holds: far over any bound
        raise _Inexact(f"amount {plain(amount)} {currency}/{unit_text.strip()} is over the "
                       "rule format's bound") from None
    if exact and not rounded:
        raise _Inexact(f"amount {plain(amount)} {currency}/{unit_text.strip()} is 0 to the "
                       f"rule format's {-_PLACES.adjusted()} decimals per {unit.kind}")
    return SpecificModel(amount=exact if exact == rounded else rounded, currency=currency,
                         per=unit.kind)


def _rounded(main: str) -> bool:
    """Tell whether a specific term's amount per unit had to be rounded to 12 decimals."""
    for term in main.split("+"):
        term = term.strip()
        match = _CENTS.match(term) or _DOLLARS.match(term)
        found = lookup(match[2] or match[3]) if match else None
        if match and found:
            amount = _number(match[1]) / (100 if "¢" in term else 1)
            exact = amount / (found[0] * found[1].size)
            if exact != exact.quantize(_PLACES):
                return True
    return False


class _Inexact(ValueError):
    """A published figure the rule format cannot hold as published."""


#: The most significant digits a published number may have: those of the decimal context
#: the figures are computed in (a longer one would be rounded without a word).
_MOST_DIGITS = 28


def _number(text: str) -> Decimal:
    value = Decimal(text.replace(",", ""))
    if len(value.as_tuple().digits) > _MOST_DIGITS:
        raise _Inexact(f"number with over {_MOST_DIGITS} significant digits: {text}")
    return value
