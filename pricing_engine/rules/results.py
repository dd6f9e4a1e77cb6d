"""What the rule book's lookups return: small frozen records, each with a RuleRef.

They are plain slotted dataclasses built once at load time, so a lookup only filters and
never runs pydantic. Every record says which rule produced it (file, line, entry, source).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import PurePath
from typing import Literal

from moneyed import Money

from pricing_engine.errors import AmbiguousHsCode

__all__ = [
    "AdditionalDuty",
    "CandidateLines",
    "DeMinimis",
    "Declared",
    "DutyLookup",
    "DutyRule",
    "FeeRule",
    "PartRate",
    "RuleRef",
    "Specific",
    "Surcharge",
    "TaxCollection",
    "TaxHit",
    "TaxUplift",
    "Terms",
]


@dataclass(frozen=True, slots=True)
class RuleRef:
    """Where a figure comes from: ``file:line``, the entry path, its source and confidence;
    for an entry of ``confidence: low``, its ``note`` too (why the figure is not sure, what to
    check), so that a flagged amount says what the reviewer must look at; and the day its file
    was last checked, so that a figure from a file too old is reviewed (STALE_RULES)."""

    file: str
    line: int
    entry: str  # e.g. "duty.mfn[3]"
    source: str | None  # the source's title (and url), when the entry names one
    confidence: str = "high"
    note: str | None = None  # the entry's note, kept for a low-confidence entry only
    #: the day the file was last checked: a country or union file's ``as_of``, a tariff
    #: table's ``checked`` or else its ``as_of`` (what STALE_RULES counts a rule's age from)
    checked: date | None = None

    def __str__(self) -> str:
        return f"{self.file}:{self.line} ({self.entry})"

    @property
    def in_table(self) -> bool:
        """Whether the figure is a tariff table's: its file is ``tariffs/XX.yaml``."""
        return PurePath(self.file).parent.name == "tariffs"


@dataclass(frozen=True, slots=True)
class Specific:
    """An amount per unit of quantity: ``0.32 GBP per litre``."""

    amount: Decimal
    currency: str
    per: str


@dataclass(frozen=True, slots=True)
class PartRate:
    """An ad valorem rate on the value of named parts of the article: ``4.6% on the case``."""

    rate: Decimal
    of: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Declared:
    """Duty terms that need a figure of the quote line, or a duty the rules cannot compute.

    ``parts``: ad valorem rates on declared part values; ``less_per_degree`` off the specific
    duty per degree of polarization under ``below``; ``agricultural`` the Meursing components
    due and ``max_agricultural`` those added to the maximum; ``unpriced``: why the rules cannot
    price the line at all (another provision's rate applies, or the entry price system);
    ``out_of_quota``: a tariff-rate quota's duty beyond the quota (the terms that hold it are
    the in-quota duty; the quote line's ``tariff_quota`` says which applies).
    """

    parts: tuple[PartRate, ...] = ()
    less_per_degree: Specific | None = None
    below: Decimal | None = None
    agricultural: tuple[str, ...] = ()
    max_agricultural: tuple[str, ...] = ()
    unpriced: str | None = None
    out_of_quota: Terms | None = None


@dataclass(frozen=True, slots=True)
class Terms:
    """How much duty: ad valorem, specific, or both, with min / max (a rule file's DutyTerms).

    ``specific`` is the first specific amount and ``more`` the others, all due
    (``4.4¢/liter + 31.4¢/pf. liter``); the minimum / maximum is ``min_rate`` of the value
    plus ``min`` (``max_rate`` plus ``max``), whichever of each pair is given; ``declared``
    holds the terms that need a figure of the quote line. The fields are all required and
    come first in :class:`DutyRule` and :class:`AdditionalDuty`, whose constructors are
    called with keywords.
    """

    rate: Decimal | None
    specific: Specific | None
    min: Specific | None
    max: Specific | None
    more: tuple[Specific, ...]
    min_rate: Decimal | None
    max_rate: Decimal | None
    declared: Declared | None


@dataclass(frozen=True, slots=True)
class DutyRule(Terms):
    """A duty that applies to an HS code, MFN or under an ``agreement``: its :class:`Terms`."""

    hs: str
    agreement: str | None
    requires: str | None
    ref: RuleRef
    valid_from: date | None = None
    valid_to: date | None = None  # the last day, explicit or implied by the next entry
    not_covered: str | None = None  # why the rules give no duty here (an MFN entry's text)
    excluded: str | None = None  # a preference: why the agreement grants none here


@dataclass(frozen=True, slots=True)
class AdditionalDuty(Terms):
    """A duty stacked on MFN or preference for some origins (Section 301, 232...)."""

    name: str
    hs: str
    applies_with_preference: bool
    ref: RuleRef
    top_up_to: Decimal | None = None  # brings the line's duty up to this share of the value
    only_for_use: str | None = None  # due only on goods a line declares for this use
    except_for_use: tuple[str, ...] | None = None  # not due on goods declared of these uses
    applies_without_preference: bool = True  # False: only where the claimed preference applies
    not_with: str | None = None  # not due on a line that pays a duty whose name begins so
    not_priced: str | None = None  # due on facts a quote does not give: what, and why


@dataclass(frozen=True, slots=True)
class Surcharge:
    """A surcharge computed on the duty (its ``base``)."""

    name: str
    rate: Decimal
    base: str
    ref: RuleRef


@dataclass(frozen=True, slots=True)
class DutyLookup:
    """Every duty rule that may apply to one line on one day; the caller picks MFN or a preference.

    ``preferential`` holds, per agreement, the longest-prefix rule in force for the origin
    (only the claimed agreement's when one is claimed); ``additional``, per duty name, the
    longest-prefix duty stacked on for the origin; ``surcharges``, those in force that day.
    ``other_agreements``: when a claimed agreement has no rule here, the agreements that do
    (their names as the rules write them: a claim names one exactly). ``excluded``: the
    claimed agreement's entry that excludes these goods (its ``excluded`` says why), which is
    never in ``preferential``: the claim gets the MFN duty. ``schedule``: for goods of an
    origin denied MFN, the name of the rates ``mfn`` holds instead (``column 2``: no
    preference applies), else None.
    """

    mfn: DutyRule
    preferential: tuple[DutyRule, ...]
    additional: tuple[AdditionalDuty, ...]
    surcharges: tuple[Surcharge, ...]
    other_agreements: tuple[str, ...] = ()
    excluded: DutyRule | None = None
    schedule: str | None = None


@dataclass(frozen=True, slots=True)
class TaxHit:
    """One tax that applies to a line: national, or a subdivision's (added or replacing)."""

    name: str
    rate: Decimal
    rate_class: str
    mode: Literal["national", "add", "replace"]
    collected: Literal["at_border", "self_assessed"]
    ref: RuleRef
    recoverable: bool = True  # a registered business buyer can take it back as input tax


@dataclass(frozen=True, slots=True)
class DeMinimis:
    """A threshold under which duty, tax or both are not collected (or a flat duty is).

    ``flat_duty`` (per ``item_category``): at or under the threshold that amount per distinct
    HS subheading is charged instead of the tariff duty.
    """

    kind: Literal["duty", "tax", "both"]
    amount: Money
    basis: str
    ref: RuleRef
    modes: tuple[str, ...] | None = None
    ship_from: tuple[str, ...] | None = None
    origins: tuple[str, ...] | None = None
    buyer_types: tuple[str, ...] | None = None
    flat_duty: Specific | None = None


@dataclass(frozen=True, slots=True)
class FeeRule:
    """A customs fee; ``base`` is resolved (the entry's, else the country's fee_base)."""

    name: str
    code: str | None
    rate: Decimal | None
    fixed: Money | None
    min: Money | None
    max: Money | None
    base: str
    per: str
    modes: tuple[str, ...] | None
    exempt_agreements: tuple[str, ...]
    ref: RuleRef
    #: the consignment's base value must be over ``value_over`` and at most ``value_at_most``
    value_over: Money | None = None
    value_at_most: Money | None = None


@dataclass(frozen=True, slots=True)
class TaxUplift:
    """A share of the customs value in the import-tax base, unless the goods originate in
    and are shipped from one of ``except_origins``."""

    rate: Decimal
    except_origins: tuple[str, ...]
    ref: RuleRef


@dataclass(frozen=True, slots=True)
class TaxCollection:
    """A scheme under which import tax is collected at the sale or self-assessed."""

    scheme: str
    collected: Literal["at_sale", "self_assessed"]
    holder: Literal["seller", "buyer"]
    buyer_types: tuple[str, ...]
    max_consignment: Money | None
    ref: RuleRef


@dataclass(frozen=True, slots=True)
class CandidateLines:
    """The national lines an HS code may mean, when the quote asks for the ``highest``.

    ``lookups`` holds each candidate line's own lookup (its MFN rule, and the preferences and
    additional duties keyed at that line), in code order; the rest of the code given, where
    an entry covers it, comes last, matched at the code given. ``error`` is what the default
    (``error``) raises: it names every candidate and its duty.
    """

    given: str
    lookups: tuple[DutyLookup, ...]
    error: AmbiguousHsCode
