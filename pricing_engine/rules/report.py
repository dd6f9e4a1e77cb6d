"""The report of a validation run: every error of a set of rule files, as one document.

:func:`validation_report` checks rule files (default: the bundled rules) and returns a
:class:`ValidationReport`, the document ``pricing-engine validate --format json`` prints
(schema: ``schemas/validate-result.schema.json``); the text and GitHub formats print the same
errors and counts from it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from pydantic import Field, model_validator

from pricing_engine._resources import bundled_path
from pricing_engine.contract import OutputDocument, OutputModel
from pricing_engine.errors import RuleFileError
from pricing_engine.rules.loader import discover, iter_rule_errors

__all__ = ["RuleErrorRecord", "ValidationReport", "validation_report"]


class RuleErrorRecord(OutputModel):
    """One error of a rule file, at its line and column."""

    file: str = Field(description="the file as given (or as the bundled rules name it)")
    line: int = Field(ge=0, description="from 1; 0 when the position is unknown")
    column: int = Field(ge=0, description="from 1; 0 when the position is unknown")
    message: str

    @classmethod
    def of(cls, error: RuleFileError) -> RuleErrorRecord:
        """Record ``error``."""
        return cls(file=error.path, line=error.line, column=error.column, message=error.message)

    def __str__(self) -> str:
        """Read ``file:line:column: message``, as the text format prints it."""
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class ValidationReport(OutputDocument):
    """Whether the rule files are valid, how many were checked, and every error found."""

    ok: bool = Field(description="true exactly when there are no errors")
    files: int = Field(ge=0, description="rule files checked")
    errors: tuple[RuleErrorRecord, ...] = Field(description="every error found, file by "
                                                "file")

    @model_validator(mode="after")
    def _ok_means_no_errors(self) -> ValidationReport:
        if self.ok == bool(self.errors):
            raise ValueError("ok must be true exactly when there are no errors")
        return self

    @property
    def bad_files(self) -> int:
        """How many files have at least one error."""
        return len({e.file for e in self.errors})


def validation_report(
    paths: Sequence[str | Path] = (), *, include_bundled: bool = True,
    check_other: Mapping[str, Callable[[Path], Iterable[RuleFileError]]] | None = None,
) -> ValidationReport:
    """Check the rule files under ``paths`` (default: the bundled rules), every error at once.

    ``include_bundled`` and ``check_other`` are those of
    :func:`~pricing_engine.rules.loader.iter_rule_errors`.
    """
    if paths:
        errors = tuple(iter_rule_errors(paths, include_bundled=include_bundled,
                                        check_other=check_other))
        count = sum(len(discover(p)) for p in paths)
    else:
        errors = tuple(iter_rule_errors(check_other=check_other))
        count = len(discover(bundled_path("rules")))
    records = tuple(RuleErrorRecord.of(e) for e in errors)
    return ValidationReport(ok=not records, files=count, errors=records)
