"""What a server runs with: the data it loads and the limits it enforces (no web imports)."""

from __future__ import annotations

from dataclasses import dataclass

from pricing_engine.documents import MAX_BYTES

__all__ = ["ServerConfig"]


@dataclass(frozen=True, slots=True)
class ServerConfig:
    """The options of ``pricing-engine serve``; every path is read again on a reload.

    ``max_body_bytes`` bounds a document body (a quote, a proposal, a party: a little over
    the 5 MiB the document reader takes, so that reader names the limit); a batch screen is
    streamed and bounded by ``max_batch_bytes`` instead. ``timeout`` bounds reading a body
    and computing its answer (a streamed batch: reading each piece of it). ``fx_table`` is
    a reference-rate table file (``pricing-engine fx import`` writes it) for the FX pairs a
    quote does not give; None takes the bundled ECB rates, and ``no_fx_table`` none at all
    (a missing pair is then an error), as ``quote --fx-table`` / ``--no-fx-table`` do.
    """

    rules: str | None = None
    lists: str | None = None
    policy: str | None = None
    allow_list: str | None = None
    api_key_file: str | None = None
    audit_dir: str | None = None
    max_body_bytes: int = MAX_BYTES + 1024
    max_batch_bytes: int = 256 * 1024 * 1024
    timeout: float = 30.0
    access_log: bool = True
    fx_table: str | None = None
    no_fx_table: bool = False
