"""Proposal approval: proposals, checks with coded reasons, decisions and audit records.

Most callers use :class:`pricing_engine.engine.Engine`, which builds the check context;
``approve(context)`` is the decision itself.
"""

from pricing_engine.decision.allow_list import AllowList, Clearance, load_allow_list
from pricing_engine.decision.approve import CHECKS, approve
from pricing_engine.decision.audit import audit_record, write_audit
from pricing_engine.decision.context import CheckContext
from pricing_engine.decision.model import (
    REASON_CODES,
    Decision,
    PartyScreening,
    Reason,
    ReasonCode,
    Status,
    status_of,
)
from pricing_engine.decision.proposal import (
    ExportClassification,
    Proposal,
    ProposalLine,
    ProposalParties,
    ProposalParty,
    load_proposal,
    parse_proposal,
    proposal_schema,
)

__all__ = [  # noqa: RUF022 - plain sorted, as tests/test_exported_members.py checks
    "AllowList",
    "CHECKS",
    "CheckContext",
    "Clearance",
    "Decision",
    "ExportClassification",
    "PartyScreening",
    "Proposal",
    "ProposalLine",
    "ProposalParties",
    "ProposalParty",
    "REASON_CODES",
    "Reason",
    "ReasonCode",
    "Status",
    "approve",
    "audit_record",
    "load_allow_list",
    "load_proposal",
    "parse_proposal",
    "proposal_schema",
    "status_of",
    "write_audit",
]
