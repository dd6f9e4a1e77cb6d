"""The checkpoint of a delta re-screen stopped midway: plain data, bound to what the run read.

``screen --input FILE --changed-since OLD --output OUT`` stopped by SIGINT or SIGTERM leaves
OUT holding the records of the input rows done and, beside it, :func:`checkpoint_path`
(``OUT.checkpoint.json``): how many input rows are done, how many bytes of OUT hold their
records, the tallies so far, and the content digests (sha256) of everything the result
depends on: the input file, the lists in effect, the former version's lists, the previous
results (``--previous``), those bytes of OUT, and the pricing_engine version. ``--resume``
continues only when every one is the same (:meth:`RescreenCheckpoint.check`): a checkpoint
written for another input or other lists (a list update since), or an OUT changed since,
is refused with a message naming what differs, and the run is never continued on it.

A checkpoint is hostile input: it is read by :mod:`pricing_engine.documents` as plain JSON
data (never unpickled, no object constructed), refused over :data:`MAX_BYTES`, and validated
by :class:`RescreenCheckpoint` (frozen, no unknown field, digests as 64 hex digits, counts
non-negative and bounded, the statuses of a move among clear, review and hit).
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from pricing_engine import __version__
from pricing_engine._atomic import atomic_write
from pricing_engine.contract import SCHEMA_VERSION, SchemaVersion
from pricing_engine.documents import parse_yaml, validate_document
from pricing_engine.errors import InputError, RuleFileError
from pricing_engine.screening.model import SanctionsList

__all__ = ["MAX_BYTES", "Binding", "CheckpointError", "RescreenCheckpoint", "binding",
           "checkpoint_path", "file_sha256", "lists_sha256", "read_checkpoint", "regular_file",
           "write_checkpoint"]

#: A checkpoint larger than this is refused unread (a real one is under 1 KiB).
MAX_BYTES = 64 * 1024
_BLOCK = 1 << 20

Digest = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
Move = Annotated[str, StringConstraints(pattern=r"^(clear|review|hit)->(clear|review|hit)$")]
_Count = Annotated[int, Field(ge=0, le=1 << 53)]


class CheckpointError(InputError):
    """A checkpoint that cannot be resumed from: unreadable, foreign or stale."""


class Binding(BaseModel):
    """What a delta re-screen's result depends on, as content digests (sha256, hex)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    pricing_engine: str = Field(max_length=64, description="the version that wrote it")
    input_sha256: Digest = Field(description="the input file")
    lists_sha256: Digest = Field(description="the lists in effect (lists_sha256)")
    old_lists_sha256: Digest = Field(description="the former version's lists")
    previous_sha256: Digest | None = Field(description="the --previous results, if given")


#: What each field of a :class:`Binding` is, in a refusal's words.
_WHAT = {
    "pricing_engine": "pricing_engine version",
    "input_sha256": "input file",
    "lists_sha256": "lists in effect (updated since?)",
    "old_lists_sha256": "former version of the lists (--changed-since)",
    "previous_sha256": "previous results (--previous)",
}


class RescreenCheckpoint(Binding):
    """Where a stopped delta re-screen is: rows done, output bytes kept, tallies, bindings."""

    schema_version: SchemaVersion = SCHEMA_VERSION
    kind: Literal["rescreen-checkpoint"] = "rescreen-checkpoint"
    rows: _Count = Field(description="input rows 1 to rows are done")
    screened: _Count = Field(description="of those, the rows screened again in full")
    output_bytes: _Count = Field(description="the output's bytes holding their records")
    output_sha256: Digest = Field(description="the sha256 of those bytes")
    moves: dict[Move, _Count] = Field(max_length=9, description="records written, by move")

    @field_validator("schema_version", mode="before")
    @classmethod
    def _number(cls, value: object) -> object:
        """Take the number as text, as :mod:`pricing_engine.documents` gives every scalar."""
        return int(value) if isinstance(value, str) and value.isdecimal() else value

    @model_validator(mode="after")
    def _consistent(self) -> RescreenCheckpoint:
        if self.screened > self.rows or sum(self.moves.values()) > self.screened:
            raise ValueError("more rows screened again, or changed, than rows done")
        return self

    def check(self, binding: Binding, output: Path, name: str) -> hashlib._Hash:
        """Refuse unless ``binding`` is this checkpoint's and ``output`` starts as it recorded.

        Return the sha256 state of the output's first :attr:`output_bytes` (to go on with).
        ``name`` is the checkpoint file's, for messages.
        """
        for field, what in _WHAT.items():
            mine, theirs = getattr(self, field), getattr(binding, field)
            if mine != theirs:
                raise CheckpointError(
                    f"cannot resume: {name} does not match the {what} ({_short(mine)} in it, "
                    f"now {_short(theirs)}); run without --resume to start again"
                )
        digest = hashlib.sha256()
        try:
            with open(output, "rb") as handle:
                left = self.output_bytes
                while left and (block := handle.read(min(left, _BLOCK))):
                    digest.update(block)
                    left -= len(block)
        except OSError as exc:
            raise CheckpointError(f"cannot resume: {output}: {exc.strerror or exc}") from None
        if left or digest.hexdigest() != self.output_sha256:
            raise CheckpointError(
                f"cannot resume: {output} is not the output {name} was written for (changed "
                "or replaced since); run without --resume to start again"
            )
        return digest


def _short(value: str | None) -> str:
    return "none" if value is None else value if len(value) < 64 else f"sha256 {value[:12]}..."


def checkpoint_path(output: str | Path) -> Path:
    """Return where the checkpoint of the output ``output`` is kept: beside it."""
    path = Path(output)
    return path.with_name(path.name + ".checkpoint.json")


def regular_file(path: str | Path) -> None:
    """Raise InputError unless ``path`` is a regular file.

    A file bound to a run is read twice (hashed, then screened): a device, FIFO or pipe
    would never end, or give its data to the hash and none to the screening.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if not stat.S_ISREG(mode):
        raise InputError(f"{path}: not a regular file (a device, pipe or socket): a run that "
                         "can be resumed reads it twice; write --output to - or copy it "
                         "to a file")


def file_sha256(path: str | Path) -> str:
    """Return the sha256 (hex) of a regular file's content, read in blocks."""
    regular_file(path)
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            while block := handle.read(_BLOCK):
                digest.update(block)
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return digest.hexdigest()


def lists_sha256(lists: Sequence[SanctionsList]) -> str:
    """Return one digest of a set of lists: each list's id, files' sha256 and entry count."""
    digest = hashlib.sha256()
    for info in sorted((lst.info for lst in lists), key=lambda i: i.list_id):
        digest.update(f"{info.list_id}\0{info.sha256}\0{info.entries}\n".encode())
    return digest.hexdigest()


def read_checkpoint(path: Path) -> RescreenCheckpoint:
    """Read and validate the checkpoint at ``path`` (plain JSON data; see the module docstring)."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise CheckpointError(f"{path}: cannot read the checkpoint: {exc.strerror}") from None
    if len(raw) > MAX_BYTES:
        raise CheckpointError(f"{path}: not a checkpoint: over {MAX_BYTES} bytes")
    try:
        doc = parse_yaml(raw, str(path))
        if not isinstance(doc.data, dict) or doc.data.get("kind") != "rescreen-checkpoint":
            raise RuleFileError(str(path), 1, 1, "not a rescreen checkpoint")
        return validate_document(doc, RescreenCheckpoint, "not a rescreen checkpoint")
    except RuleFileError as exc:
        raise CheckpointError(f"cannot resume: {exc}") from None


def write_checkpoint(path: Path, checkpoint: RescreenCheckpoint) -> None:
    """Write ``checkpoint`` to ``path`` whole or not at all."""
    with atomic_write(path, encoding="utf-8") as out:
        out.write(checkpoint.model_dump_json(indent=2) + "\n")


def binding(
    *, input_path: str | Path, lists: Sequence[SanctionsList], old: Sequence[SanctionsList],
    previous_path: str | Path | None,
) -> Binding:  # fmt: skip
    """Return the binding of a run on these files and lists (reads the input file once)."""
    return Binding(
        pricing_engine=__version__,
        input_sha256=file_sha256(input_path),
        lists_sha256=lists_sha256(lists),
        old_lists_sha256=lists_sha256(old),
        previous_sha256=None if previous_path is None else file_sha256(previous_path),
    )
