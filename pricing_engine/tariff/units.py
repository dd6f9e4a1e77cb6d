"""The units of quantity published rate texts use, and the quantity each one measures.

A specific duty is an amount per unit of some quantity. :data:`UNITS` maps the unit as the
USITC HTS and the UK / EU files print it (lower case, spaces removed, a leading count such as
``100`` in ``100 kg`` taken off) to a :class:`Unit`: the quantity it measures (``kind``) and how
many of that quantity one published unit is (``size``). A published ``gross`` is 144 units, a
``bbl`` 158.987294928 litres (42 US gallons), ``% vol / hl`` one litre of pure alcohol (1 hl at
1 % vol), ``100 kg / net / % sacchar.`` one kilogram of sucrose.

A kind is either one of the rule format's ``per`` values (:data:`pricing_engine.rules.fields.Per`,
which the landed-cost engine computes from the quote's ``quantity``, ``unit_weight_kg`` or
``extra_units``), or a quantity the format does not hold yet (``litre_alcohol``, ``kg_drained``,
``m3``...). :func:`lookup` tells the two apart, so a text in such a unit stays an import error
that names the quantity it needs, and parses as soon as the format gains that ``per``.

>>> lookup("100 kg / gross")
(Decimal('100'), Unit(kind='kg_gross', size=Decimal('1')))
>>> lookup("1,000 pins")
(Decimal('1000'), Unit(kind='unit', size=Decimal('1')))
>>> expressible(Unit("litre_alcohol", Decimal(1))), expressible(Unit("kg_cocoa", Decimal(1)))
(True, False)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import get_args

from pricing_engine.rules.fields import Per

__all__ = ["UNITS", "Unit", "expressible", "lookup"]


@dataclass(frozen=True, slots=True)
class Unit:
    """A published unit: the quantity it measures and how much of it one unit is."""

    kind: str
    size: Decimal


def _u(kind: str, size: str = "1") -> Unit:
    return Unit(kind, Decimal(size))


#: 42 US gallons of 3.785411784 litres (both exact by definition).
BARREL_LITRES = "158.987294928"

#: Published unit (lower case, no spaces, no leading count) -> what it measures.
UNITS: dict[str, Unit] = {
    # weight: net unless the text says otherwise (US General Note, CN "kg/net")
    "kg": _u("kg"), "kg/net": _u("kg"), "kgnet": _u("kg"), "t": _u("tonne"),
    "tonne": _u("tonne"), "kg/gross": _u("kg_gross"), "kg/br": _u("kg_gross"),
    "kgoncontentsandcontainer": _u("kg_with_container"),
    "kgonentirecontentsofcontainer": _u("kg_with_container"),
    "cleankg": _u("kg_clean"),
    "kgondrainedweight": _u("kg_drained"), "kgeda": _u("kg_drained"),
    "kg/netdrainedwt": _u("kg_drained"), "kg/neteda": _u("kg_drained"),
    "kgmas": _u("kg_dry_matter"), "kg/netdry": _u("kg_dry_matter"),
    "kg/lacticmatter": _u("kg_lactic_matter"), "kg/drylacticmatter": _u("kg_lactic_matter"),
    "kgstdqual": _u("kg_standard_quality"), "kg/stdqual": _u("kg_standard_quality"),
    "kgoftotalsugars": _u("kg_sugar"),
    "kg/net/%sacchar.": _u("kg_sucrose", "0.01"), "kg/net/%sacchar": _u("kg_sucrose", "0.01"),
    "kg/totalc": _u("kg_total_alcohol"),
    # volume
    "liter": _u("litre"), "liters": _u("litre"), "litre": _u("litre"), "l": _u("litre"),
    "hl": _u("hl"), "bbl": _u("litre", BARREL_LITRES), "m3": _u("m3"),
    "%vol/hl": _u("litre_alcohol"), "pf.liter": _u("proof_litre"),
    "litreofabsoluteethylalcohol": _u("litre_alcohol"),  # Canada's Customs Tariff
    "pf.literonethylalcoholcontent": _u("proof_litre"),
    # count
    "": _u("unit"), "each": _u("unit"), "no.": _u("unit"), "head": _u("unit"),
    "pcs": _u("unit"), "article": _u("unit"), "pins": _u("unit"),
    "thousand": _u("unit", "1000"), "gross": _u("unit", "144"),
    "doz.": _u("dozen"), "doz": _u("dozen"), "dozen": _u("dozen"),
    "pr.": _u("pair"), "pr": _u("pair"),
    "pair": _u("pair"), "prs.": _u("pair"), "item": _u("item"), "items": _u("item"),
    "jewel": _u("jewel"), "line/gross": _u("button_line_gross"),
    # area
    "m2": _u("m2"), "m²": _u("m2"), "m": _u("m"),
}

_CONTENT = re.compile(r"kgon([a-z]+)content")
_COUNT = re.compile(r"^([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+(?:\.[0-9]+)?)\s*")
_FORMAT_PER = frozenset(get_args(Per))


def lookup(text: str) -> tuple[Decimal, Unit] | None:
    """The count and unit of a published unit text (``100 kg``, ``1,000 items``), or None."""
    text = text.strip().lower()
    count = Decimal(1)
    if match := _COUNT.match(text):
        count, text = Decimal(match[1].replace(",", "")), text[match.end():]
    key = text.replace(" ", "")
    if (found := UNITS.get(key)) is not None:
        return count, found
    if match := _CONTENT.fullmatch(key):  # ¢/kg on lead content: kg of the metal it holds
        return count, _u(f"kg_{match[1]}")
    return None


def expressible(unit: Unit) -> bool:
    """Tell whether the rule format has a ``per`` for the unit's quantity."""
    return unit.kind in _FORMAT_PER
