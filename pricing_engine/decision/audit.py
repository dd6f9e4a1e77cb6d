"""Audit records: what was decided, on which inputs, rules, lists and policy, and when.

The record holds the proposal as validated, the content hashes of the rule book, of every
sanctions list and of the policy (and allow-list), and the decision. The same inputs and
versions give the same record but for ``timestamp``. :func:`write_audit` never overwrites:
each record gets a new file, created exclusively and whole (written to a temporary file and
linked into place), so a full disk or an interrupt leaves no truncated record.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pricing_engine import __version__
from pricing_engine._atomic import atomic_write
from pricing_engine.decision.model import Decision
from pricing_engine.decision.proposal import Proposal
from pricing_engine.errors import InputError
from pricing_engine.screening.model import ListInfo

__all__ = ["audit_record", "write_audit"]


def audit_record(
    decision: Decision,
    proposal: Proposal,
    *,
    rules_hash: str,
    lists: tuple[ListInfo, ...],
    lists_hash: str | None,
    policy_hash: str,
    allow_list_hash: str | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Return the audit record of one decision as a JSON-ready dict."""
    stamp = (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="microseconds")
    return {
        "record_version": 1,
        "timestamp": stamp,
        "engine_version": __version__,
        "proposal_id": proposal.id,
        "status": decision.status,
        "versions": {
            "rules": rules_hash,
            "lists": [{"id": i.list_id, "format": i.format, "published": i.published,
                       "sha256": i.sha256, "entries": i.entries} for i in lists],
            "lists_hash": lists_hash,
            "policy": policy_hash,
            "allow_list": allow_list_hash,
        },
        "inputs": {"proposal": proposal.model_dump(mode="json"),
                   "checked_on": decision.checked_on},
        "decision": decision.model_dump(mode="json"),
    }


def write_audit(record: dict[str, Any], directory: str | Path) -> Path:
    """Write ``record`` as a new JSON file in ``directory`` (never overwriting one)."""
    folder = Path(directory)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"audit directory {folder}: {exc.strerror or exc}") from None
    stamp = re.sub(r"[^0-9T]", "", str(record["timestamp"]))[:21]
    ident = re.sub(r"[^A-Za-z0-9_.-]", "_", str(record["proposal_id"]))[:60]
    text = json.dumps(record, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    for attempt in range(1000):
        path = folder / f"{stamp}-{ident}{f'-{attempt}' if attempt else ''}.json"
        if path.exists():
            continue
        try:
            with atomic_write(path, encoding="utf-8", exclusive=True) as handle:
                handle.write(text)
        except FileExistsError:
            continue  # another writer took the name between the check and the link
        except OSError as exc:
            raise InputError(f"audit record {path}: {exc.strerror or exc}") from None
        return path
    raise InputError(f"audit directory {folder}: no free file name for {ident}")
