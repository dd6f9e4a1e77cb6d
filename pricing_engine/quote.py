"""The input of a landed-cost calculation: a quote with its parties, shipment and lines.

The field names are a public contract that quoting tools integrate against (see
examples/quote.schema.json, generated from these models). Models are frozen, an unknown key is
an error, and every amount or rate is an exact Decimal: a float is refused, so give amounts as
decimal strings (``"4200.00"``).

Meaning of the prices: ``unit_price`` is the price the seller invoices under the quote's
Incoterm, so it already covers every cost the seller bears under that rule (carriage under
C and D terms, duties and taxes under DDP); ``freight``, ``onward_freight``, ``insurance`` and
``costs`` state what those costs are, whoever pays them.

Bounds (money.py holds them, one table for every field): amounts in [0, 1e15], a line's value
(quantity x unit price or cost) too; quantities, weights and volumes in [0, 1e9]; FX rates in
(1e-9, 1e9); fractions in [0, 1); at most 12 decimal places. A pair given in both directions
must agree within 1 %. A quote holds at most MAX_LINES lines: price a larger order as several
quotes on one engine (a batch). Read files with :func:`load_quote`: one safe reader for every
document (a duplicated key is an error), errors as ``file:line:column: field: message``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BeforeValidator,
    Discriminator,
    Field,
    RootModel,
    Tag,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from pricing_engine.documents import Document, parse_yaml, read_yaml, validate_document
from pricing_engine.errors import InputError
from pricing_engine.fields import (
    Count,
    Country,
    Currency,
    Fraction,
    FrozenModel,
    FxRate,
    IsoDate,
    Measure,
    Money,
    NonNegative,
    Positive,
    Subdivision,
    VatId,
    plain_errors,
)
from pricing_engine.hs_codes import normalize_hs
from pricing_engine.money import AMOUNTS, QUANTITIES, FxTable, fx_pair
from pricing_engine.rules.duty_lookup import AmbiguousHs
from pricing_engine.rules.incoterms import ELEMENTS, IncotermCode
from pricing_engine.rules.model import AgriculturalCode, GoodsUse, PartName
from pricing_engine.vat_ids import vat_id

__all__ = [
    "COST_ELEMENTS",
    "MAX_LINES",
    "Address",
    "AllocationMethod",
    "CostElement",
    "FxRates",
    "InsuranceRate",
    "Line",
    "Party",
    "Preference",
    "Quote",
    "Targets",
    "TransportMode",
    "load_fx",
    "load_quote",
    "parse_quote",
    "quote_json_schema",
    "read_quote_document",
]

#: Quantities of a specific duty a line gives per unit in ``extra_units`` (beyond litre, pair,
#: jewel, m2, item, dozen): litres of pure alcohol, proof litres, kg by kind of weight...
EXTRA_QUANTITIES = frozenset({
    "m", "litre_alcohol", "proof_litre", "kg_gross", "kg_with_container", "kg_clean",
    "kg_drained", "kg_dry_matter", "kg_lactic_matter", "kg_standard_quality", "kg_sugar",
    "kg_sucrose", "kg_total_alcohol", "kg_copper", "kg_lead", "kg_magnesium", "kg_molybdenum",
    "kg_tungsten", "button_line_gross",
})

#: The most lines one quote may hold. The computation costs the same per line up to it
#: (bench/bench_quote.py: 10,000 DDP lines in under a second); a larger order is priced as
#: several quotes on one engine, which also keeps each result (and its JSON) a sensible size.
MAX_LINES = 10_000
_BATCH_HINT = (f"a quote holds at most {MAX_LINES:,} lines: split a larger order into several "
               "quotes and price them as a batch (one engine, engine.quote() for each)")

TransportMode = Literal["sea", "air", "road", "rail", "courier", "post"]
AllocationMethod = Literal["value", "weight", "volume", "quantity", "equal"]
#: The Incoterms 2020 cost elements a quote may price in ``costs`` (carriage, insurance and
#: onward delivery have their own fields; import duties and taxes are computed).
CostElement = Literal[
    "export_packing",
    "loading_at_origin",
    "export_clearance",
    "origin_terminal_handling",
    "destination_terminal_handling",
    "import_clearance",
]
#: Every Incoterms 2020 cost element, in the physical order of a shipment (``cost_bearers``
#: may name any of them).
COST_ELEMENTS: tuple[str, ...] = ELEMENTS


#: A currency pair, ``BASE/QUOTE`` in ISO 4217 codes (read upper case).
FxPair = Annotated[str, BeforeValidator(lambda v: "/".join(fx_pair(str(v))))]


class InsuranceRate(FrozenModel):
    """Insurance as a premium rate on a cover: ``{rate: "0.003", cover: "1.10"}``.

    The premium is ``rate x cover x (invoice value + carriage to the border)``, in the quote
    currency (cover 110 % is the Incoterms CIF/CIP minimum).
    """

    rate: Fraction
    cover: Positive = Decimal("1.10")


def _insurance_kind(value: Any) -> str:
    """Which form of insurance a value gives: a premium rate (``rate``) or an amount."""
    given = value if isinstance(value, dict) else {}
    return "InsuranceRate" if "rate" in given or "cover" in given else "Money"


#: Insurance as an amount (``{amount, currency}``) or as a premium rate (``{rate, cover}``);
#: the keys say which, so a mistake is reported against the form that was meant.
Insurance = Annotated[Annotated[Money, Tag("Money")] | Annotated[InsuranceRate, Tag(
    "InsuranceRate")], Discriminator(_insurance_kind)]


#: Characters no address part may hold: control characters and line or paragraph separators
#: (a part is one line; the street has one entry per line), and the bidirectional embeddings,
#: overrides and isolates that make printed text read otherwise than it was entered.
_NOT_IN_ADDRESS = frozenset(
    [chr(c) for c in range(0x20)] + [chr(0x7F)] + [chr(c) for c in range(0x80, 0xA0)]
    + ["\u2028", "\u2029"] + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)])


def _address_part(value: Any) -> Any:
    if not isinstance(value, str):
        return value  # the str type refuses it
    bad = sorted({f"U+{ord(c):04X}" for c in value if c in _NOT_IN_ADDRESS})
    if bad:
        raise InputError(f"an address part may not hold control or bidirectional-override "
                         f"characters ({', '.join(bad)}): one line of plain text a part (one "
                         "street line an entry)")
    return value.strip()


_POSTAL_CODE = r"^[0-9A-Z](?:[0-9A-Z -]{0,10}[0-9A-Z])?$"


def _postal_code(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    code = " ".join(_address_part(value).upper().split())
    if not re.match(_POSTAL_CODE, code):
        raise InputError(f"postal code {value!r}: letters, digits, blanks and hyphens, at "
                         "most 12, starting and ending with a letter or digit")
    return code


#: One part of a postal address (a street line, a city, a region): one line of text.
AddressPart = Annotated[str, BeforeValidator(plain_errors(_address_part)),
                        Field(min_length=1, max_length=100)]
#: A postal code: letters, digits, blanks and hyphens (``75008``, ``SW1A 1AA``, ``100-0001``),
#: read upper case with single blanks; its country's shape is checked where it is printed.
PostalCode = Annotated[str, BeforeValidator(plain_errors(_postal_code)), WithJsonSchema({
    "type": "string", "pattern": r"^\s*[0-9A-Za-z](?:[0-9A-Za-z -]{0,10}[0-9A-Za-z])?\s*$",
    "description": "postal code: letters, digits, blanks and hyphens (75008, SW1A 1AA, "
                   "100-0001), read upper case; the country's shape is checked on the document"})]


class Address(FrozenModel):
    """A party's postal address in its country, given by parts (printed on the proposal).

    The parts, not a block of text, so that the document prints them in the order the
    country's post expects (``75008 PARIS``; ``〒100-0001`` then ``東京都`` in Japanese). Which
    parts a country requires and the shape of its postal codes are checked when the address
    is printed (pricing_engine.proposal.address).
    """

    street: tuple[AddressPart, ...] = Field(
        min_length=1, max_length=4, description="the street lines as written on mail, one "
        "entry a line: street and number, building, floor, P.O. box")
    postal_code: PostalCode | None = None
    city: AddressPart | None = None
    region: AddressPart | None = Field(
        default=None, description="state, province, prefecture or emirate as written on mail "
        "(CA, 東京都, Dubai); default: the party's subdivision where its code is the postal one")


class Party(FrozenModel):
    """The seller or the buyer."""

    name: str
    country: Country
    subdivision: Subdivision | None = None
    type: Literal["business", "consumer"] = "business"
    vat_id: VatId = None
    registrations: tuple[str, ...] = ()
    address: Address | None = Field(default=None, description="the postal address, in "
                                    "the party's country (printed on the proposal document)")

    @field_validator("vat_id")
    @classmethod
    def _vat_id_of_country(cls, value: str | None, info: ValidationInfo) -> str | None:
        """Check a number without an EU prefix against the party's country (stdnum)."""
        country = info.data.get("country")
        if value is None or country is None:
            return value  # no number, or the country's own error says what is wrong
        return str(plain_errors(lambda v: vat_id(v, country=country))(value))

    @property
    def is_registered(self) -> bool:
        """Whether this is a registered business (a VAT/GST id or a registration): it can
        recover the import and sale taxes it pays."""
        return self.type == "business" and bool(self.vat_id or self.registrations)


class Preference(FrozenModel):
    """A claimed tariff preference and whether proof of origin is held."""

    agreement: str
    proof: bool = False


class Line(FrozenModel):
    """One quote line: goods, their classification and origin, price and cost."""

    sku: str
    description: str | None = None
    hs_code: str = Field(min_length=2)
    origin: Country
    quantity: Positive
    unit_price: NonNegative
    unit_cost: NonNegative
    unit_weight_kg: Measure | None = None
    unit_volume_m3: Measure | None = None
    extra_units: dict[str, Measure] = Field(default_factory=dict)
    preference: Preference | None = None
    tax_class: str = "standard"
    ambiguous_hs: AmbiguousHs | None = Field(
        default=None, description="this line's choice when its HS code is shorter than the "
        "national tariff lines under it and they charge differently (see the quote's "
        "ambiguous_hs); null: the quote's")
    part_values: dict[PartName, Money] = Field(
        default_factory=dict, description="the value of named parts of one unit (a watch's "
        "case, movement, battery, strap; lead_content...), for a duty charged on a part's "
        "value ('4.6% on the case'); give them in the quote's currency")
    polarization_degrees: Measure | None = Field(
        default=None, description="the sugar's polarization in degrees (0-100), for a duty "
        "that falls per degree under 100")
    agricultural_components: dict[AgriculturalCode, NonNegative] = Field(
        default_factory=dict, description="the Meursing amounts (EUR per 100 kg net) of the "
        "goods' additional code: EA (agricultural component), ADSZ (additional duty on "
        "sugar), ADFM (on flour), for an EU duty '+ EA' / 'MAX ... + ADSZ'")
    tariff_quota: Literal["in", "out"] | None = Field(
        default=None, description="for goods under a tariff-rate quota (a line whose duty "
        "is lower within the quota): in, the importer holds a quota allocation (licence, "
        "recommendation) that covers the goods; out, beyond the quota (or no allocation). "
        "null (the default): the quote's tariff_quota; where neither says, such a line is not "
        "priced (MISSING_RULE review)")
    uses: tuple[GoodsUse, ...] | None = Field(
        default=None, description="what the goods are for, where a duty depends on it and "
        "the HS code does not say: vehicle_part (a part of a motor vehicle: the US Section "
        "232 vehicle parts duty on bearings, electric motors, pumps...), civil_aircraft, "
        "semiconductor_article (a chip of US note 39(b) under heading 9903.79.01), "
        "patented_pharmaceutical (of Annex I to the US Section 232 pharmaceuticals "
        "proclamation of 2026-04-02); [] for none of them; null (the default): not "
        "declared, such a duty is not charged and the result says so (GOODS_USE_UNDECLARED)")

    @field_validator("polarization_degrees")
    @classmethod
    def _degrees(cls, value: Decimal | None) -> Decimal | None:
        if value is not None and value > 100:
            raise ValueError(f"polarization_degrees {value} is over 100 (a polarimeter reads "
                             "at most 100 degrees)")
        return value

    @field_validator("hs_code")
    @classmethod
    def _hs_digits(cls, value: str) -> str:
        return normalize_hs(value)  # InputError is a ValueError: pydantic reports it

    @field_validator("extra_units")
    @classmethod
    def _unit_names(cls, value: dict[str, Decimal]) -> dict[str, Decimal]:
        known = {"litre", "pair", "jewel", "m2", "item", "dozen", *EXTRA_QUANTITIES}
        out: dict[str, Decimal] = {}
        for key, amount in value.items():
            name = key[:-1] if key.endswith("s") and key[:-1] in known else key
            if name not in known:
                raise ValueError(f"extra_units: unknown unit {key!r} (one of {sorted(known)})")
            out[name] = amount
        return out

    @model_validator(mode="after")
    def _line_totals(self) -> Line:
        # Each unit figure is bounded; so is the line's total of it (quantity x figure).
        for bounds, name, value in ((AMOUNTS, "unit_price", self.unit_price),
                                    (AMOUNTS, "unit_cost", self.unit_cost),
                                    (QUANTITIES, "unit_weight_kg", self.unit_weight_kg),
                                    (QUANTITIES, "unit_volume_m3", self.unit_volume_m3)):
            if value is not None and value * self.quantity > bounds.high:
                total = f"{(value * self.quantity).normalize():g}".replace("e+", "e")
                raise ValueError(f"quantity x {name} is {total}, over {bounds.describe()}, "
                                 f"the range of {bounds.what}")
        for part, money in self.part_values.items():
            if money.amount * self.quantity > AMOUNTS.high:
                raise ValueError(f"quantity x part_values.{part} is over "
                                 f"{AMOUNTS.describe()}, the range of {AMOUNTS.what}")
        return self


class Targets(FrozenModel):
    """Margin floor and target as fractions of net revenue (``"0.25"`` = 25 %)."""

    margin_floor: Fraction | None = None
    margin_target: Fraction | None = None


class Quote(FrozenModel):
    """A quote: parties, shipment, Incoterm, FX and lines (the public input contract)."""

    id: str
    date: IsoDate
    currency: Currency
    seller: Party
    buyer: Party
    ship_from: Country | None = Field(
        default=None, description="where the goods leave from (default: the seller's country)")
    ship_to: Country | None = Field(
        default=None, description="where the goods are imported (default: the buyer's country)")
    mode: TransportMode
    incoterm: IncotermCode
    named_place: str | None = None
    #: main carriage, from the place of export to the border (or the named place)
    freight: Money | None = None
    onward_freight: Money | None = Field(
        default=None, description="carriage from the border to the named place or the "
        "buyer's premises")
    insurance: Insurance | None = None
    costs: dict[CostElement, Money] = Field(default_factory=dict)
    cost_bearers: dict[str, Literal["seller", "buyer"]] = Field(default_factory=dict)
    packages: Count = Field(default=1, ge=1)
    allocation: AllocationMethod = "value"
    fx: dict[FxPair, FxRate] = Field(default_factory=dict)
    customs_fx: dict[FxPair, FxRate] = Field(default_factory=dict)
    lines: tuple[Line, ...] = Field(min_length=1, max_length=MAX_LINES)
    targets: Targets | None = None
    ambiguous_hs: AmbiguousHs = Field(
        default="error", description="when a line's HS code is shorter than the destination's "
        "national tariff lines under it and they charge differently: 'error' (the default) "
        "names the candidate lines and their duties; 'highest' prices the line at the dearest "
        "of them at its customs value and quantity, and says which line it assumed "
        "(HS_LINE_ASSUMED). A line's own ambiguous_hs wins")
    tariff_quota: Literal["in", "out"] | None = Field(
        default=None, description="the side of a tariff-rate quota of the lines that do not "
        "say (a line's own tariff_quota wins): 'out' prices every quota line beyond the quota "
        "(the dearer side: a quote for an importer without an allocation), 'in' within it; "
        "null (the default): a quota line that does not say is not priced")

    @field_validator("lines", mode="before")
    @classmethod
    def _at_most_max_lines(cls, value: Any) -> Any:
        if isinstance(value, list | tuple) and len(value) > MAX_LINES:
            raise ValueError(f"{len(value):,} lines; {_BATCH_HINT}")
        return value

    @field_validator("fx", "customs_fx", mode="before")
    @classmethod
    def _each_pair_once(cls, value: Any) -> Any:
        if isinstance(value, Mapping):
            _pairs_once(value)
        return value

    @field_validator("fx", "customs_fx")
    @classmethod
    def _consistent_pairs(cls, value: dict[str, Decimal]) -> dict[str, Decimal]:
        FxTable(value)  # a pair and its inverse that disagree: InputError naming both
        return value

    @field_validator("cost_bearers")
    @classmethod
    def _known_elements(cls, value: dict[str, str]) -> dict[str, str]:
        for element in value:
            if element not in COST_ELEMENTS:
                raise ValueError(f"cost_bearers: unknown cost element {element!r}")
        return value

    @model_validator(mode="after")
    def _lines_take_the_quote_s_choices(self) -> Quote:
        # The duty of a line is looked up from the line alone: it carries the quote's
        # ambiguous_hs and tariff_quota where it gives none of its own (ambiguous_hs None
        # reads as the default, "error", so only another choice is copied).
        given = {"ambiguous_hs": None if self.ambiguous_hs == "error" else self.ambiguous_hs,
                 "tariff_quota": self.tariff_quota}
        given = {name: value for name, value in given.items() if value is not None}
        if not given:
            return self
        lines = []
        for ln in self.lines:
            update = {name: value for name, value in given.items() if getattr(ln, name) is None}
            lines.append(ln.model_copy(update=update) if update else ln)
        object.__setattr__(self, "lines", tuple(lines))  # frozen: set once, while validating
        return self

    @property
    def origin_country(self) -> str:
        """Where the goods leave from: ``ship_from`` or the seller's country."""
        return self.ship_from or self.seller.country

    @property
    def destination(self) -> str:
        """Where the goods are imported: ``ship_to`` or the buyer's country."""
        return self.ship_to or self.buyer.country


class FxRates(RootModel[dict[FxPair, FxRate]]):
    """An FX table file: ``BASE/QUOTE: rate`` entries (``--fx``), each pair once."""

    @model_validator(mode="before")
    @classmethod
    def _each_pair_once(cls, value: Any) -> Any:
        if isinstance(value, Mapping):
            _pairs_once(value)
        return value

    @model_validator(mode="after")
    def _consistent(self) -> FxRates:
        FxTable(self.root)
        return self


def _pairs_once(value: Mapping[Any, Any]) -> None:
    seen: dict[tuple[str, str], Any] = {}
    for key in value:
        try:
            pair = fx_pair(str(key))
        except InputError:
            continue  # the key's own validation says what is wrong with it
        if pair in seen:
            raise ValueError(f"FX pair {pair[0]}/{pair[1]} is given twice ({seen[pair]!r} "
                             f"and {key!r})")
        seen[pair] = key


def load_quote(path: str | Path) -> Quote:
    """Read a quote file (YAML or JSON) through the safe reader; errors name file:line:column.

    Every problem the file has is in the one-line message (``file:line:column: field:
    message; line:column: field: message ...``); a duplicated key, text that is not UTF-8, a
    number out of bounds or more than MAX_LINES lines is an error, never a silent choice.
    """
    return read_quote_document(path)[0]


def parse_quote(text: str | bytes, name: str = "<stdin>") -> Quote:
    """Parse a quote from YAML or JSON text (or UTF-8 bytes); ``name`` is what errors call it."""
    return read_quote_document(None, text, name)[0]


def read_quote_document(path: str | Path | None, text: str | bytes | None = None,
                        name: str = "<stdin>") -> tuple[Quote, Document]:
    """The quote of the file at ``path`` (or of ``text``, called ``name``) and its document:
    the positions of its fields, to point at a line a later error is of
    (``document.error(("lines", 1, "hs_code"), ...)``)."""
    doc = read_yaml(path, too_big=_BATCH_HINT) if path is not None else \
        parse_yaml(text or b"", name, too_big=_BATCH_HINT)
    return _validate(doc), doc


def _validate(doc: Document) -> Quote:
    return validate_document(doc, Quote, "a quote is a mapping (id:, date:, lines:, ...)",
                             list_others=True)


def load_fx(path: str | Path) -> dict[str, Decimal]:
    """Read an FX table file: ``BASE/QUOTE: rate`` entries, at the top or under ``rates:``."""
    doc = read_yaml(path)
    if isinstance(doc.data, dict) and isinstance(doc.data.get("rates"), dict):
        doc = Document(doc.path, doc.data["rates"], _under(doc.marks, "rates"),
                       _under(doc.key_marks, "rates"))
    not_mapping = "an FX file maps pairs to rates, e.g. 'EUR/USD: \"1.0850\"'"
    return validate_document(doc, FxRates, not_mapping, list_others=True).root


def _under(marks: Mapping[tuple[str | int, ...], tuple[int, int]],
           key: str) -> dict[tuple[str | int, ...], tuple[int, int]]:
    return {loc[1:]: mark for loc, mark in marks.items() if loc[:1] == (key,)}


def quote_json_schema() -> dict[str, Any]:
    """The published JSON Schema of the quote input (committed as examples/quote.schema.json)."""
    schema = Quote.model_json_schema(mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
