"""The rule file models: a country file, a customs-union file and their parts.

Frozen pydantic models with ``extra="forbid"``: they are the boundary where YAML becomes
typed data. Keys and meaning are documented in rules/FORMAT.md.
"""

from __future__ import annotations

from collections.abc import Hashable
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal, TypeVar, get_args

from pydantic import (
    BeforeValidator,
    Field,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from pricing_engine.fields import Money, exactly_one
from pricing_engine.rules.fields import (
    Confidence,
    CountryCode,
    CurrencyCode,
    Dated,
    DutyRate,
    HsCode,
    HsPattern,
    Meta,
    Mode,
    NonEmpty,
    Rate,
    RuleModel,
    SourceModel,
    SpecificModel,
)

__all__ = [
    "AGRICULTURAL_CODES",
    "DECLARED_TERMS",
    "PART_NAMES",
    "TERM_NAMES",
    "AdditionalEntry",
    "AgriculturalCode",
    "CountryFile",
    "Customs",
    "DeMinimisEntry",
    "DeclarationRounding",
    "Duty",
    "DutyAmounts",
    "DutyTerms",
    "FeeEntry",
    "FlatDuty",
    "MfnEntry",
    "MfnWithheldEntry",
    "PartName",
    "PartRate",
    "PerDegree",
    "PreBorderCost",
    "PreferentialEntry",
    "QuotaDuty",
    "RateEntry",
    "RoundStep",
    "Subdivision",
    "SubdivisionTax",
    "SurchargeEntry",
    "TariffFile",
    "TariffImport",
    "Tax",
    "TaxBasePart",
    "TaxBaseUplift",
    "TaxCollectionEntry",
    "TaxSplit",
    "UnionFile",
]

TaxBasePart = Literal[
    "customs_value", "duty", "surcharges", "excise", "fees", "transport_insurance",
    "post_border_costs", "uplift",
]
#: Costs up to loading at origin a buyer may bear (Incoterms elements, before the border).
PreBorderCost = Literal["export_packing", "loading_at_origin", "export_clearance",
                        "origin_terminal_handling"]
OriginCode = str  # a country code or a union code; checked against the rule set in validate.py


def _optional(description: str, *, min_length: int | None = None) -> Any:
    """A field a rule file may leave out (None), with its description for the JSON Schema."""
    return Field(default=None, description=description, min_length=min_length)


def _one_or_more(value: Any) -> Any:
    """Read one specific amount (a mapping) as a list of one."""
    return [value] if isinstance(value, dict | SpecificModel) else value


_SPECIFIC = {"$ref": "#/$defs/SpecificModel"}
#: One specific amount, or several that are all due (``4.4¢/liter + 31.4¢/pf. liter``); a
#: rule file may write one as a mapping, the model holds a tuple either way.
SpecificTerms = Annotated[
    NonEmpty[SpecificModel], BeforeValidator(_one_or_more),
    WithJsonSchema({"anyOf": [_SPECIFIC, {"type": "array", "items": _SPECIFIC,
                                          "minItems": 1}]}),
]


#: The parts of an article whose own value a published ad valorem rate is charged on, as the
#: USITC HTS names them: a watch's ``case``, ``movement``, ``battery`` and ``strap`` ("strap,
#: band or bracelet"), an ``apparatus`` (with its battery), the ``lead_content`` of lead
#: (2.5 % "on the value of the lead content"), a ``rifle`` and its ``telescopic_sight`` ("if
#: any"), the ``fair_retail_value``. A quote line declares each part's value
#: (``part_values``).
PartName = Literal["apparatus", "battery", "case", "fair_retail_value", "lead_content",
                   "movement", "rifle", "strap", "telescopic_sight"]
PART_NAMES: tuple[str, ...] = get_args(PartName)
#: The EU agricultural components of the Meursing table (CN Annex 1, part 3, annex 1): ``EA``
#: the agricultural component, ``ADSZ`` the additional duty on sugar, ``ADFM`` on flour; each
#: an amount in EUR per 100 kg net that the goods' additional code gives.
AgriculturalCode = Literal["EA", "ADSZ", "ADFM"]
AGRICULTURAL_CODES: tuple[str, ...] = get_args(AgriculturalCode)
#: The uses of goods a duty may depend on, where the HS code alone does not say: a
#: ``vehicle_part`` is a part of a motor vehicle of chapter 87 (US Section 232 vehicle parts:
#: bearings, electric motors or pumps are on the list only as parts of vehicles); a
#: ``civil_aircraft`` good is a civil aircraft or its part (US Section 122 surcharge: not on
#: civil aircraft articles of the provisions note 2(aa)(iv) lists; nor the Section 232 metals
#: duties on the UK's and Japan's of note 35); a
#: ``semiconductor_article`` is a chip of US note 39(b) entered under heading 9903.79.01 (US
#: Section 232 semiconductors: only some goods of 8471.50, 8471.80 and 8473.30 are); a
#: ``patented_pharmaceutical`` is a patented pharmaceutical or ingredient of Annex I to the US
#: Section 232 pharmaceuticals proclamation of 2026-04-02 (not a generic or biosimilar: the
#: code of chapter 29 or 30 alone does not say). A quote line declares its goods' uses
#: (``uses``); an additional duty names the use it is ``only_for_use`` or ``except_for_use``.
GoodsUse = Literal["vehicle_part", "civil_aircraft", "semiconductor_article",
                   "patented_pharmaceutical"]
#: What each use means, for the explanations of a duty left off a line that does not say.
GOODS_USES: dict[str, str] = {
    "vehicle_part": "a part of a passenger car, light truck, medium- or heavy-duty truck or bus",
    "civil_aircraft": "a civil aircraft (not military), its engine, part, component or "
                      "subassembly, or a ground flight simulator or its part, meeting general "
                      "note 6 of the HTSUS",
    "semiconductor_article": "a logic integrated circuit, or an article containing one, within "
                             "the processing performance and DRAM bandwidth bounds of US note "
                             "39(b) to chapter 99, not imported for a use note 39(d) exempts "
                             "(heading 9903.79.01)",
    "patented_pharmaceutical": "a patented pharmaceutical or pharmaceutical ingredient listed "
                               "in Annex I to the US Section 232 pharmaceuticals proclamation "
                               "of 2026-04-02 (not a generic, a biosimilar or their "
                               "ingredients)",
}


def _one_name(value: Any) -> Any:
    """Read one part name as a list of one."""
    return [value] if isinstance(value, str) else value


_USE = {"enum": list(get_args(GoodsUse)), "type": "string"}
#: One use, or several: a rule file may write one as a word, the model holds a tuple either way.
GoodsUses = Annotated[
    NonEmpty[GoodsUse], BeforeValidator(_one_name),
    WithJsonSchema({"anyOf": [_USE, {"type": "array", "items": _USE, "minItems": 1}]}),
]


class PartRate(RuleModel):
    """An ad valorem rate on the value of named parts (together): ``4.4% on the case and
    strap, band or bracelet`` is ``{rate: 0.044, on: [case, strap]}``."""

    rate: DutyRate
    of: Annotated[NonEmpty[PartName], BeforeValidator(_one_name)] = Field(
        description="the part, or the parts whose values together are the base")

    @model_validator(mode="after")
    def _distinct(self) -> PartRate:
        if len(set(self.of)) != len(self.of):
            raise ValueError(f"a part named twice in {list(self.of)}")
        return self


class PerDegree(SpecificModel):
    """An amount off the specific duty per degree of polarization under ``below`` (sugar:
    ``1.4606¢/kg less 0.020668¢/kg for each degree under 100 degrees (and fractions of a
    degree in proportion)``); the minimum, if any, still applies."""

    below: Decimal = Field(default=Decimal(100), gt=0, le=100, allow_inf_nan=False)


#: Duty terms a rate text gives besides ``rate`` and ``specific``, each needing a figure of
#: the quote line, or (``reference``, ``entry_price``) a duty the rules cannot compute.
DECLARED_TERMS = ("parts", "less_per_degree", "agricultural", "max_agricultural",
                  "out_of_quota", "reference", "entry_price")
#: Every duty-term key of an entry.
TERM_NAMES = ("rate", "specific", "min", "max", "min_rate", "max_rate", *DECLARED_TERMS)
#: What ``min_rate`` / ``max_rate`` are, in the JSON Schema.
_AD_VALOREM_LIMIT = "an ad valorem {} (a fraction of the customs value), plus {} when both"


class DutyAmounts(RuleModel):
    """The amounts of a duty: ad valorem ``rate``, ``specific`` amounts or both, with a
    minimum / maximum; the fields :class:`DutyTerms` and :class:`QuotaDuty` share."""

    rate: DutyRate | None = None
    specific: SpecificTerms | None = _optional(
        "a specific amount, or a list of them that are all due")
    min: SpecificModel | None = None
    max: SpecificModel | None = None
    min_rate: DutyRate | None = _optional(_AD_VALOREM_LIMIT.format("minimum", "min"))
    max_rate: DutyRate | None = _optional(_AD_VALOREM_LIMIT.format("maximum", "max"))


class QuotaDuty(DutyAmounts):
    """The duty beyond a tariff-rate quota (the out-of-quota rate): its amounts, as in
    :class:`DutyTerms`, nothing dated or declared."""

    @model_validator(mode="after")
    def _has_terms(self) -> QuotaDuty:
        if self.rate is None and self.specific is None:
            raise ValueError("give the out-of-quota rate, a specific duty, or both")
        return self


class DutyTerms(DutyAmounts, Dated):
    """How much duty: ad valorem ``rate``, ``specific`` amounts, or both, with min / max.

    ``min`` / ``max`` are a specific amount, ``min_rate`` / ``max_rate`` an ad valorem one;
    given together they add up (``MAX 18.90% + 16.50 EUR / 100 kg``). Terms that need a
    figure only the quote line gives (rules/FORMAT.md, "Duty terms a line declares"):
    ``parts`` (an ad valorem rate on a part's value), ``less_per_degree`` (sugar
    polarization), ``agricultural`` / ``max_agricultural`` (EU Meursing components),
    ``out_of_quota`` (a tariff-rate quota's duty beyond the quota; the line says which). Terms
    the rules cannot price, kept so a lookup says what is needed rather than nothing:
    ``reference`` (the rate of another provision applies) and ``entry_price``.
    """

    parts: NonEmpty[PartRate] | None = _optional(
        "ad valorem rates on the value of named parts (the quote line's part_values), all due")
    less_per_degree: PerDegree | None = _optional(
        "an amount off the specific duty per degree of polarization under `below` (the quote "
        "line's polarization_degrees)")
    agricultural: NonEmpty[AgriculturalCode] | None = _optional(
        "Meursing components due (EUR/100 kg, the quote line's agricultural_components)")
    max_agricultural: NonEmpty[AgriculturalCode] | None = _optional(
        "Meursing components added to the maximum (MAX 18.70% + ADSZ)")
    out_of_quota: QuotaDuty | None = _optional(
        "a tariff-rate quota: the duty beyond the quota, the entry's own terms being the "
        "in-quota duty (the quote line's tariff_quota says which applies)")
    reference: str | None = _optional(
        "the duty is that of another provision (a set's dearest article, each garment of an "
        "ensemble, the article a part belongs to): the published text; a quote of it asks for "
        "the components' own lines", min_length=1)
    entry_price: bool | None = _optional(
        "the duty depends on the consignment's entry price (EU entry price system, whose bands "
        "no table gives): a quote of it is refused for review")

    @model_validator(mode="after")
    def _has_terms(self) -> DutyTerms:
        _terms_or_one_of(self, ())
        return self


def _terms_or_one_of(entry: DutyTerms, instead: tuple[tuple[str, str], ...]) -> None:
    """``entry`` gives duty terms that fit together, or one of the keys ``instead`` (each with
    what it says, for the message) and no duty terms at all."""
    _check_terms(entry)
    chosen = [key for key, _ in instead if getattr(entry, key) is not None]
    if len(chosen) > 1:
        raise ValueError(f"give {chosen[0]} or {chosen[1]}, not both")
    if chosen:
        given = [n for n in TERM_NAMES if getattr(entry, n) is not None]
        if given:
            raise ValueError(f"{chosen[0]} takes no duty terms (remove {', '.join(given)})")
    elif entry.rate is None and entry.specific is None and entry.parts is None \
            and entry.agricultural is None and not _unpriced(entry):
        others = ", or ".join(f"{key}: {what}" for key, what in instead)
        raise ValueError("give a rate, a specific duty, or both"
                         + (f" (or {others})" if others else ""))


def _unpriced(terms: DutyTerms) -> bool:
    return terms.reference is not None or terms.entry_price is not None


def _check_terms(terms: DutyTerms) -> None:
    """The new duty terms fit together: a reference alone, a degree with its specific duty."""
    if terms.entry_price is False:
        raise ValueError("entry_price: give true, or leave it out")
    if _unpriced(terms):
        given = [n for n in TERM_NAMES if n not in ("reference", "entry_price")
                 and getattr(terms, n) is not None]
        if given or (terms.reference is not None and terms.entry_price is not None):
            raise ValueError("reference / entry_price take no other duty terms (remove "
                             f"{', '.join(given) or 'one of them'})")
    less = terms.less_per_degree
    if less is not None and not any(
            s.currency == less.currency and s.per == less.per for s in terms.specific or ()):
        raise ValueError("less_per_degree needs a specific duty in the same currency and per "
                         f"({less.currency}/{less.per}) to reduce")
    if terms.out_of_quota is not None and terms.rate is None and terms.specific is None:
        raise ValueError("out_of_quota needs the in-quota duty (a rate, a specific duty, or "
                         "both) beside it")
    if terms.max_agricultural is not None and terms.agricultural is None:
        raise ValueError("max_agricultural needs agricultural (the components the maximum "
                         "caps)")


class MfnEntry(DutyTerms):
    """A most-favoured-nation duty for an HS prefix (longest prefix wins).

    ``hs: "*"`` is the general regime: every code no longer prefix gives. ``not_covered``
    (with no duty terms) marks a prefix whose duty the rules do not give, so that a lookup
    under it fails with that reason instead of falling back to a shorter prefix. ``split``
    (with no duty terms) names the lines of an older nomenclature a newer code was carved
    from (a new HS2022 code from HS2017 lines): a lookup under it takes their duty where they
    all charge alike, and otherwise names them (AmbiguousHsCode).
    """

    hs: HsPattern
    not_covered: str | None = _optional(
        "why no duty is given for this prefix: a lookup under it fails closed", min_length=1)
    split: tuple[HsCode, ...] | None = _optional(
        "the lines (MFN entries of the same file) this code was carved from, e.g. the HS2017 "
        "lines of a new HS2022 code: their duty where they all charge alike, else a lookup "
        "names them", min_length=1)

    @model_validator(mode="after")
    def _has_terms(self) -> MfnEntry:
        _terms_or_one_of(self, (("not_covered", "why"), ("split", "the lines")))
        return self


class PreferentialEntry(DutyTerms):
    """A preferential duty under a trade agreement, for goods of the listed origins.

    Instead of duty terms, ``excluded`` says the agreement grants no preference on goods
    under the prefix (an exclusion of its schedule: sugar from the Mercosur free-trade zone):
    a claim there gets the MFN duty, with that reason, however broad an entry of the same
    agreement is (``*``). ``not_covered`` says the rules do not give the agreement's terms on
    those goods (a regime of its own, such as Mercosur's automotive trade): a claim there
    fails closed with that reason, and without a claim the entry is not offered.
    """

    agreement: str
    origins: NonEmpty[OriginCode]
    hs: HsPattern
    requires: Literal["proof_of_origin", "none"] = "proof_of_origin"
    excluded: str | None = _optional(
        "why the agreement grants no preference under this prefix: a claim gets the MFN duty",
        min_length=1)
    not_covered: str | None = _optional(
        "why the rules do not give the agreement's terms under this prefix: a claim fails "
        "closed", min_length=1)

    @model_validator(mode="after")
    def _has_terms(self) -> PreferentialEntry:
        _terms_or_one_of(self, (("excluded", "why the agreement grants none"),
                                ("not_covered", "why the rules cannot say")))
        return self


class AdditionalEntry(DutyTerms):
    """A duty stacked on top of MFN or preference (Section 301, 232, ...).

    Besides duty terms it may give ``top_up_to``: the duty brings the line's own duty (MFN,
    or the preference that applies) up to that ad valorem rate of the customs value, and is
    nothing where that duty is already as high (US Section 232 derivatives "the sum of the
    column 1 duty rate and the additional rate will total 15 percent"). Or ``not_covered``:
    the duty applies to some goods under the prefix on those days but the rules cannot say
    which or at what rate, so a lookup under it fails closed with that reason (a longer
    prefix of the same duty name still answers). ``only_for_use`` / ``except_for_use``: the
    duty is due only on goods of that use, or not on goods of that use or of any of several
    (:data:`GoodsUse`), as the quote line declares (``uses``). ``not_with``: the duty is not
    charged on a line that pays another additional duty whose name begins with that text (the
    US duties that do not stack on a Section 232 duty: ``not_with: "Section 232"``).
    ``not_priced``: the charge is due but on facts a quote does not give (CBAM certificates on
    embedded emissions): a line under it gets a 0.00 charge that says what is due, flagged
    CHARGE_NOT_PRICED. ``out_of_quota``: the duty is due beyond a tariff-rate quota only, at
    those terms, and at the entry's own terms within it (a safeguard's quota: the EU steel
    measures), as the quote line declares (``tariff_quota``).
    """

    name: str
    hs: HsPattern
    origins: tuple[OriginCode, ...] | None = None  # None: every origin
    except_origins: tuple[OriginCode, ...] = ()
    applies_with_preference: bool = True
    applies_without_preference: bool = Field(
        default=True, description="false: due only where the line's claimed preference "
        "applies (the metals duty a USMCA vehicle part pays instead of the parts duty)")
    top_up_to: DutyRate | None = _optional(
        "the line's duty (MFN or the preference applied) is brought up to this ad valorem "
        "rate of the customs value; nothing is due where it is already that high")
    not_covered: str | None = _optional(
        "why the rules cannot give this duty here: a lookup under the prefix fails closed",
        min_length=1)
    only_for_use: GoodsUse | None = _optional(
        "charged only on goods a quote line declares for this use (its `uses`); a line "
        "that does not declare its uses is not charged and is told so (GOODS_USE_UNDECLARED)")
    except_for_use: GoodsUses | None = _optional(
        "not charged on goods a quote line declares for this use, or for any of these uses "
        "(its `uses`)")
    not_with: str | None = _optional(
        "not charged on a line that pays another additional duty whose name begins with this "
        "text (a duty that does not stack on Section 232 duties: \"Section 232\")",
        min_length=1)
    not_priced: str | None = _optional(
        "the charge is due here but on facts a quote does not give (embedded emissions, the "
        "country where the steel was melted): what is due and why; each line under the prefix "
        "gets a 0.00 charge saying so, and a check flags it (CHARGE_NOT_PRICED)",
        min_length=1)

    @model_validator(mode="after")
    def _has_terms(self) -> AdditionalEntry:
        excepted = self.except_for_use or ()
        if self.only_for_use is not None and self.only_for_use in excepted:
            raise ValueError("give only_for_use or except_for_use of one use, not both")
        if len(set(excepted)) != len(excepted):
            raise ValueError("except_for_use names a use twice")
        if self.not_with is not None and self.name.startswith(self.not_with):
            raise ValueError(f"not_with {self.not_with!r} names this duty itself ({self.name!r})")
        if not (self.applies_with_preference or self.applies_without_preference):
            raise ValueError("applies_with_preference and applies_without_preference are both "
                             "false: the duty would never apply")
        _check_terms(self)
        given = [n for n in TERM_NAMES if getattr(self, n) is not None]
        instead = [k for k in ("top_up_to", "not_covered", "not_priced")
                   if getattr(self, k) is not None]
        if instead and given:
            raise ValueError(f"{instead[0]} takes no duty terms (remove {', '.join(given)})")
        if len(instead) > 1:
            raise ValueError(f"give {instead[0]} or {instead[1]}, not both")
        if not given and not instead:
            raise ValueError("give a rate, a specific duty, or both (or top_up_to: a rate, "
                             "not_covered: why, or not_priced: what is due)")
        return self


class SurchargeEntry(Dated):
    """A surcharge computed on the duty (India's social welfare surcharge)."""

    name: str
    rate: Rate
    base: Literal["duty"] = "duty"


class MfnWithheldEntry(Dated):
    """Origins whose goods the country denies its MFN rates, and what applies instead (the US
    column 2 rates for Cuba, North Korea, Russia and Belarus; Canada's General Tariff).

    With ``schedule`` (the short name of the rates instead: ``column 2``, ``General
    Tariff``), a duty lookup for goods of these origins prices them from the ``withheld``
    lines of the rules (a tariff table's, written by its importer from the same publication)
    as it prices MFN from the ``mfn`` lines, without preferences; a code those lines do not
    give fails closed. Without it, those rates are not encoded: the lookup fails closed,
    naming the entry, rather than pricing the goods at MFN."""

    origins: NonEmpty[OriginCode]
    instead: str = Field(min_length=1, description="the rates that apply instead")
    schedule: str | None = Field(
        default=None, min_length=1, max_length=40,
        description="the short name of the rates the `withheld` lines give (column 2)")


class Duty(RuleModel):
    """A tariff: MFN lines, preferences, additional duties and surcharges, and the origins
    denied MFN."""

    mfn: tuple[MfnEntry, ...] = ()
    preferential: tuple[PreferentialEntry, ...] = ()
    additional: tuple[AdditionalEntry, ...] = ()
    surcharges: tuple[SurchargeEntry, ...] = ()
    mfn_withheld: tuple[MfnWithheldEntry, ...] = ()
    #: the rates charged instead of MFN on goods of the origins an ``mfn_withheld`` entry
    #: with a ``schedule`` names, by line, in the shape of ``mfn`` (US column 2)
    withheld: tuple[MfnEntry, ...] = ()


class FlatDuty(RuleModel):
    """A flat duty that replaces the tariff under a duty threshold: an amount per item category.

    ``per: item_category`` counts the distinct HS subheadings (6 digits) in the consignment.
    """

    amount: Money
    per: Literal["item_category"]


class DeMinimisEntry(Dated):
    """A threshold under which duty, tax or both are not collected (or a flat duty is)."""

    kind: Literal["duty", "tax", "both"]
    amount: Money
    basis: Literal["intrinsic", "customs_value", "vfd"] = "intrinsic"
    modes: tuple[Mode, ...] | None = None
    ship_from: tuple[CountryCode, ...] | None = None
    origins: tuple[CountryCode, ...] | None = None
    buyer_types: NonEmpty[Literal["consumer", "business"]] | None = None
    flat_duty: FlatDuty | None = None

    def timeline_key(self) -> Hashable:
        """The key of this entry's timeline: its kind and every condition it names."""
        return (self.kind, self.modes, self.ship_from, self.origins, self.buyer_types)

    @model_validator(mode="after")
    def _flat_duty_fits(self) -> DeMinimisEntry:
        if self.flat_duty is None:
            return self
        if self.kind != "duty":
            raise ValueError(f"flat_duty needs kind: duty, not {self.kind!r} (it replaces "
                             "the tariff duty, not a tax)")
        if self.amount.amount <= 0:
            raise ValueError("flat_duty needs a threshold amount above 0 (it applies to "
                             "consignments at or under the threshold)")
        return self


class RoundStep(RuleModel):
    """How a declaration rounds one figure: to a multiple of ``step`` (in the destination
    currency), down or to the nearest (``half_down``: a half goes down); ``at_least``: a
    positive figure under it counts as it (ZA: a value under one rand is one rand)."""

    step: Annotated[Decimal, Field(gt=0, allow_inf_nan=False)]
    mode: Literal["down", "half_up", "half_down"] = "down"
    at_least: Annotated[Decimal, Field(gt=0, allow_inf_nan=False)] | None = None


class DeclarationRounding(Meta):
    """The import declaration's own rounding, where the law sets one (else each duty and tax
    is rounded to the currency's minor unit): of the customs value wherever it is used, of
    the duty's base and amount, and of the import tax's base and amount. Each line of a
    quote is a declaration item (JP: the taxable value is cut to 1,000 yen and the duty to
    100 yen, Act on General Rules for National Taxes arts. 118-119)."""

    customs_value: RoundStep | None = None
    duty_base: RoundStep | None = None
    duty: RoundStep | None = None
    tax_base: RoundStep | None = None
    tax: RoundStep | None = None
    #: the tax declared as two parts, each rounded by ``tax``: a national part of
    #: ``national`` of the rate, and a local part of ``local_of_national`` of the national
    #: amount (JP: 78/100, i.e. 7.8 % of 10 %, and 22/78 of it)
    tax_split: TaxSplit | None = None


class TaxSplit(RuleModel):
    """An import tax declared as a national part and a local part computed on it; each
    share is written as a fraction ``"N/D"`` (22/78 is no finite decimal)."""

    national: Annotated[str, Field(pattern=r"^[1-9][0-9]{0,3}/[1-9][0-9]{0,3}$")]
    local_of_national: Annotated[str, Field(pattern=r"^[1-9][0-9]{0,3}/[1-9][0-9]{0,3}$")]

    @staticmethod
    def ratio(text: str) -> tuple[int, int]:
        """``"22/78"`` as (22, 78)."""
        num, _, den = text.partition("/")
        return int(num), int(den)

    @model_validator(mode="after")
    def _national_is_a_share(self) -> TaxSplit:
        num, den = self.ratio(self.national)
        if num > den:
            raise ValueError(f"national share {self.national} is more than the whole rate")
        return self


class TaxBaseUplift(Dated):
    """A share of the customs value added to the import-tax base as the part ``uplift``
    (South Africa: 10 %, VAT Act s. 13(2)(a)); not for goods that originate in one of the
    ``except_origins`` and are shipped from one of them (s. 13(2)(b): the BLNS countries)."""

    rate: Rate
    except_origins: tuple[CountryCode, ...] = ()

    @staticmethod
    def timeline_key(entry: TaxBaseUplift) -> Hashable:
        """One uplift at a time: the entries of the list follow one another."""
        return "uplift"


class TaxCollectionEntry(Dated):
    """A scheme under which import tax is collected at the sale or self-assessed."""

    scheme: str
    collected: Literal["at_sale", "self_assessed"]
    holder: Literal["seller", "buyer"]
    buyer_types: tuple[Literal["consumer", "business"], ...] = ("consumer", "business")
    max_consignment: Money | None = None


class Customs(RuleModel):
    """Valuation basis, import-tax base, fee base, de minimis and tax collection."""

    valuation: Literal["CIF", "FOB"]
    tax_base: tuple[TaxBasePart, ...] = ("customs_value", "duty")
    #: the costs before the border that the customs value takes when the buyer bears them
    #: (all four by default; the US only packing: 19 U.S.C. 1401a(b)(1)(A), (b)(4)(A))
    pre_border_added: tuple[PreBorderCost, ...] = get_args(PreBorderCost)
    #: the share of the customs value ``tax_base``'s part ``uplift`` stands for, by date
    tax_base_uplift: tuple[TaxBaseUplift, ...] = ()
    #: the declaration's rounding of values, duties and taxes, where the law sets one
    rounding: DeclarationRounding | None = None
    fee_base: Literal["customs_value", "entered_value"] = "customs_value"
    de_minimis: tuple[DeMinimisEntry, ...] = ()
    tax_collection: tuple[TaxCollectionEntry, ...] = ()
    note: str | None = None


class RateEntry(Dated):
    """One dated rate of one rate class (standard, reduced, zero, ...)."""

    rate_class: str = Field(alias="class", min_length=1)
    rate: Rate


class Tax(RuleModel):
    """The national import / sales tax: dated rates by class, product classes mapped to them."""

    name: str
    rates: NonEmpty[RateEntry]
    classes: dict[str, str] = Field(default_factory=dict)
    recoverable: bool = True
    note: str | None = None


class SubdivisionTax(Meta):
    """A tax of a state or province, on top of the national tax or replacing it."""

    name: str
    mode: Literal["add", "replace"]
    collected: Literal["at_border", "self_assessed"] = "at_border"
    rates: NonEmpty[RateEntry]
    classes: dict[str, str] = Field(default_factory=dict)
    recoverable: bool = True


class Subdivision(Meta):
    """The taxes of one ISO 3166-2 subdivision."""

    taxes: tuple[SubdivisionTax, ...] = ()


class FeeEntry(Dated):
    """A customs fee: a rate of a base or a fixed amount, with an optional min and max."""

    name: str
    code: str | None = None
    rate: Rate | None = None
    fixed: Money | None = None
    min: Money | None = None
    max: Money | None = None
    base: Literal["entered_value", "customs_value", "duty"] | None = None
    per: Literal["entry", "line", "package"] = "entry"
    modes: tuple[Mode, ...] | None = None
    exempt_agreements: tuple[str, ...] = ()
    value_over: Money | None = _optional(
        "the fee applies only to a consignment whose base value (the fee's base summed over "
        "every line) is over this amount (the US formal-entry MPF, over USD 2,500)")
    value_at_most: Money | None = _optional(
        "the fee applies only to a consignment whose base value is at most this amount (the "
        "US informal-entry MPF, at most USD 2,500)")

    _has_amount = exactly_one("rate", "fixed", message="give either a rate or a fixed amount")

    @model_validator(mode="after")
    def _value_band(self) -> FeeEntry:
        low, high = self.value_over, self.value_at_most
        if low is not None and high is not None and low.currency == high.currency \
                and low.amount >= high.amount:
            raise ValueError("value_over must be below value_at_most")
        return self


class _RuleFile(RuleModel):
    as_of: date
    sources: NonEmpty[SourceModel]
    note: str | None = None


class CountryFile(_RuleFile):
    """``rules/countries/XX.yaml``: one country's customs, tax, duty and fees."""

    country: CountryCode
    name: str | None = None
    currency: CurrencyCode
    union: str | None = _optional(
        "the customs union whose customs rules and tariff this country takes (its file has "
        "neither)")
    customs: Customs | None = None
    tax: Tax | None = None
    no_tax_reason: str | None = _optional(
        "why `tax` is null (the US: no federal VAT; state sales tax out of scope)")
    duty: Duty | None = None
    fees: tuple[FeeEntry, ...] = ()
    subdivisions: dict[str, Subdivision] = Field(default_factory=dict)


class UnionFile(_RuleFile):
    """``rules/unions/XX.yaml``: a customs union's common tariff and customs rules."""

    union: str = Field(pattern=r"^[A-Z]{2,5}$")
    name: str
    currency: CurrencyCode
    members: NonEmpty[CountryCode]
    customs: Customs
    duty: Duty | None = None
    fees: tuple[FeeEntry, ...] = ()


class TariffImport(RuleModel):
    """How a tariff table was made (``pricing-engine tariff import``): from which file."""

    format: str
    file: str
    sha256: str | None = None
    lines: int | None = Field(default=None, ge=0)
    parsed: int | None = Field(default=None, ge=0)
    nomenclature: str | None = None


class TariffFile(_RuleFile):
    """``rules/tariffs/XX.yaml``: a published tariff's national lines under a country's (or a
    union's) own duty rules.

    Its ``mfn``, ``preferential``, ``additional`` and ``withheld`` entries have the shape of
    a country file's; ``valid_from`` and ``confidence`` here are the defaults of entries that
    do not give their own. The curated duty rules of the country or union file win where both
    name the same HS prefix (and, for a preference, the same agreement; for an additional duty,
    the same duty name), so a re-import never erases a correction. A country may have several tables
    (``US.yaml``, ``US.chapter99.yaml``): each adds its entries under the curated rules.
    """

    tariff: str = Field(pattern=r"^[A-Z]{2,5}$")
    checked: date | None = _optional(
        "the day the table's figures were last confirmed to be the publisher's schedule in "
        "force (no later revision, or a cross-check against it); a quote's STALE_RULES counts "
        "the table's age from it, else from as_of (the revision's date)")
    imported: TariffImport | None = None
    valid_from: date | None = None
    confidence: Confidence = "high"
    mfn: tuple[MfnEntry, ...] = ()
    preferential: tuple[PreferentialEntry, ...] = ()
    additional: tuple[AdditionalEntry, ...] = ()
    withheld: tuple[MfnEntry, ...] = ()

    @field_validator("checked")
    @classmethod
    def _checked_after_revision(cls, checked: date | None, info: ValidationInfo) -> date | None:
        as_of = info.data.get("as_of")  # validated first (a field of the base class)
        if checked is not None and as_of is not None and checked < as_of:
            raise ValueError(f"{checked} is before as_of ({as_of}): a table cannot be "
                             "confirmed current before its revision")
        return checked

    @property
    def last_checked(self) -> date:
        """The day the table's age counts from: ``checked``, else its revision's ``as_of``."""
        return self.checked or self.as_of

    def duty(self) -> Duty:
        """The table as duty rules, with its defaults applied to every entry.

        Made once and kept with the fields it was made of (the checks and the compiler both
        read it; a copy with other entries or defaults makes its own). It is kept in the
        instance's ``__dict__`` beside the fields, which pydantic's equality, dumps and
        schema ignore, so a table that has made it still equals one that has not."""
        made_of = (self.mfn, self.preferential, self.additional, self.withheld,
                   self.valid_from, self.confidence)
        kept = self.__dict__.get(_DUTY_KEPT)
        if kept is None or any(a is not b for a, b in zip(kept[0], made_of, strict=True)):
            kept = (made_of, Duty(mfn=self._defaults(self.mfn),
                                  preferential=self._defaults(self.preferential),
                                  additional=self._defaults(self.additional),
                                  withheld=self._defaults(self.withheld)))
            self.__dict__[_DUTY_KEPT] = kept
        duty: Duty = kept[1]
        return duty

    def _defaults(self, entries: tuple[E, ...]) -> tuple[E, ...]:
        if self.valid_from is None and self.confidence == "high":
            return entries
        out = []
        for e in entries:
            given = e.model_fields_set
            update: dict[str, object] = {}
            if "valid_from" not in given and self.valid_from is not None:
                update["valid_from"] = self.valid_from
            if "confidence" not in given:
                update["confidence"] = self.confidence
            out.append(e.model_copy(update=update) if update else e)
        return tuple(out)


#: Where TariffFile.duty() keeps what it made (not a field).
_DUTY_KEPT = "_duty_kept"
E = TypeVar("E", MfnEntry, PreferentialEntry, AdditionalEntry)
