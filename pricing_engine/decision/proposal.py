"""A proposal: the quote file, unchanged, with optional sections the approval needs.

Every quote field keeps its name and meaning (a quote file is a valid proposal); a proposal
adds ``parties`` (consignee, end user, notify party, intermediaries and the seller's customer
where it is not the buyer), ``segment``, ``end_use``, and per line ``list_price`` or
``discount``, ``product_family`` and ``export_classification``. The JSON Schema is published
as examples/proposal.schema.json.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from pricing_engine.documents import Document, parse_yaml, read_yaml, validate_document
from pricing_engine.fields import Country, Fraction, FrozenModel, NonNegative, Subdivision
from pricing_engine.policy.model import EndUse
from pricing_engine.quote import Line, Quote
from pricing_engine.screening.result import DateOfBirth, ScreenableName

__all__ = ["ExportClassification", "Proposal", "ProposalLine", "ProposalParties",
           "ProposalParty", "load_proposal", "parse_proposal",
           "proposal_schema"]

_CONTROL_CODE = re.compile(r"^[0-9][A-E][0-9]{3}(?:\.[a-z0-9.]+)?$")


class ProposalParty(FrozenModel):
    """A party to screen: consignee, end user, notify party, intermediary or customer."""

    # what the screener takes, checked as the file is read: an error then names its line
    name: ScreenableName = Field(min_length=1)
    country: Country | None = None
    subdivision: Subdivision | None = None
    kind: Literal["person", "entity"] | None = None
    dob: DateOfBirth = Field(default=None, description="YYYY, YYYY-MM or YYYY-MM-DD")
    identifiers: tuple[str, ...] = ()
    role: str | None = Field(default=None, description="what an intermediary does (agent, ...)")



class ProposalParties(FrozenModel):
    """The parties beyond seller and buyer; every one is screened."""

    customer: ProposalParty | None = Field(
        default=None, description="the seller's customer, where it is not the buyer")
    consignee: ProposalParty | None = None
    end_user: ProposalParty | None = None
    notify_party: ProposalParty | None = None
    intermediaries: tuple[ProposalParty, ...] = ()


class ExportClassification(FrozenModel):
    """A line's export control classification: a US ECCN (or EAR99), an EU dual-use code."""

    eccn: str | None = Field(default=None, description="e.g. 5A002, 3A001.a.1, or EAR99")
    eu_dual_use: str | None = Field(default=None, description="Annex I code, e.g. 5A002")

    @field_validator("eccn")
    @classmethod
    def _eccn(cls, value: str | None) -> str | None:
        return None if value is None else _control_code(value, ear99=True)

    @field_validator("eu_dual_use")
    @classmethod
    def _eu(cls, value: str | None) -> str | None:
        return None if value is None else _control_code(value, ear99=False)


def _control_code(value: str, *, ear99: bool) -> str:
    code = value.strip()
    code = code[:5].upper() + code[5:]
    if ear99 and code == "EAR99":
        return code
    if not _CONTROL_CODE.match(code):
        raise ValueError(f"{value!r} is not a control list code like 5A002 or 3A001.a.1"
                         + (" (or EAR99)" if ear99 else ""))
    return code


class ProposalLine(Line):
    """A quote line plus list price (or discount), product family and classification."""

    list_price: NonNegative | None = Field(default=None, description="unit list price")
    discount: Fraction | None = Field(default=None, description="fraction off list price")
    product_family: str | None = None
    export_classification: ExportClassification | None = None

    @model_validator(mode="after")
    def _one_discount(self) -> ProposalLine:
        if self.list_price is not None and self.discount is not None:
            raise ValueError("give list_price or discount, not both")
        return self

    @property
    def discount_off_list(self) -> Decimal | None:
        """The discount off list price as a fraction, from ``discount`` or ``list_price``."""
        if self.discount is not None:
            return self.discount
        if self.list_price:
            return 1 - self.unit_price / self.list_price
        return None


class Proposal(Quote):
    """A quote with what the approval needs (every section beyond the quote is optional)."""

    lines: tuple[ProposalLine, ...] = Field(min_length=1)
    parties: ProposalParties = ProposalParties()
    segment: str | None = Field(default=None, description="customer segment, e.g. distributor")
    end_use: EndUse | None = None
    end_use_note: str | None = None


def load_proposal(path: str | Path) -> Proposal:
    """Read a proposal (YAML or JSON); errors read ``file:line:column: field: message``."""
    return _validate(read_yaml(path))


def parse_proposal(text: str | bytes, name: str = "<stdin>") -> Proposal:
    """Parse a proposal from YAML or JSON text (or UTF-8 bytes); ``name`` is what errors call it."""
    return _validate(parse_yaml(text, name))


def _validate(doc: Document) -> Proposal:
    not_mapping = "a proposal is a mapping (id:, date:, lines:, ...)"
    return validate_document(doc, Proposal, not_mapping, count_others=True)


def proposal_schema() -> dict[str, Any]:
    """Return the JSON Schema of a proposal file."""
    schema = Proposal.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "pricing-engine proposal"
    return schema
