"""The parties of a proposal, by role, as the checks and the screener see them."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError

from pricing_engine.decision.proposal import Proposal
from pricing_engine.errors import InputError
from pricing_engine.screening.result import ScreeningQuery

__all__ = ["PartyView", "parties_of", "screening_queries"]


@dataclass(frozen=True, slots=True)
class PartyView:
    """A party's role, name, place and what the screener needs of it."""

    role: str
    name: str
    country: str | None
    subdivision: str | None
    dob: str | None = None
    identifiers: tuple[str, ...] = ()


def parties_of(proposal: Proposal) -> list[PartyView]:
    """Every counterparty: the buyer, then customer, consignee, end user, notify party and
    intermediaries (the seller is not a counterparty)."""
    buyer = proposal.buyer
    out = [PartyView("buyer", buyer.name, buyer.country, buyer.subdivision)]
    extra = proposal.parties
    named = [("customer", extra.customer), ("consignee", extra.consignee),
             ("end_user", extra.end_user), ("notify_party", extra.notify_party)]
    named += [(f"intermediary[{i}]", p) for i, p in enumerate(extra.intermediaries, 1)]
    for role, party in named:
        if party is not None:
            out.append(PartyView(role, party.name, party.country, party.subdivision, party.dob,
                                 party.identifiers))
    return out


def screening_queries(proposal: Proposal) -> list[tuple[str, ScreeningQuery]]:
    """A screening query per party, with its role.

    A party the screener cannot take (an empty or punctuation-only name, one over the name
    limit, a malformed date of birth) is an :class:`InputError` naming the role and field.

    The queries give no kind: a kind keeps the screener to listed names of that kind, and
    the proposal's word for it (the buyer's ``type``, a party's ``kind``) is a commercial
    label or a claim, not a fact to screen on: a listed person sold to as a "business", or
    a listed entity given as a "person", is still found.
    """
    out = []
    for p in parties_of(proposal):
        try:
            query = ScreeningQuery(name=p.name, country=p.country, dob=p.dob,
                                   id=p.role, identifiers=p.identifiers)  # fmt: skip
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join([p.role, *map(str, err['loc'])])}: "
                f"{str(err['msg']).removeprefix('Value error, ')}" for err in exc.errors()
            )
            raise InputError(f"party not screenable: {problems}") from None
        out.append((p.role, query))
    return out
