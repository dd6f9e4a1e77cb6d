"""The exception tree of pricing_engine.

Every error the library raises on purpose derives from :class:`PricingEngineError` and also
from the matching built-in, so callers may catch either::

    PricingEngineError
    ├── InputError (ValueError)            bad input: a quote, a party, a file's content
    │   ├── RuleFileError                  a rule file is malformed (carries path, line, column)
    │   └── ListFormatError                a sanctions list file does not match its format
    ├── UnknownCountry (InputError, LookupError)
    ├── UnknownCurrency (InputError, LookupError)
    ├── MissingRule (LookupError)          no rule covers the country, HS code, class or date
    │   ├── MissingCountryRules            no rule file, or no duty rules, for a country
    │   └── AmbiguousHsCode                the HS code covers national lines of different duty
    ├── MissingFxRate (LookupError)        no FX rate for a currency pair (never assume 1)
    ├── MissingData (LookupError)          a bundled or configured data file is missing
    └── NotAFileError (OSError)            an output path is a device, FIFO, link or directory
"""

from __future__ import annotations

import errno
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = [
    "AmbiguousHsCode",
    "InputError",
    "ListFormatError",
    "MissingCountryRules",
    "MissingData",
    "MissingFxRate",
    "MissingRule",
    "NotAFileError",
    "OutputPathError",
    "PricingEngineError",
    "RuleFileError",
    "UnknownCountry",
    "UnknownCurrency",
    "naming_line",
]


class PricingEngineError(Exception):
    """Root of every error pricing_engine raises on purpose."""


class InputError(PricingEngineError, ValueError):
    """Input that cannot be used as given."""


class RuleFileError(InputError):
    """A rule file is malformed; ``str()`` reads ``file:line:column: message``.

    ``line`` and ``column`` are 1-based; 0 means the position is unknown.
    """

    def __init__(self, path: str | Path, line: int, column: int, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.column = column
        self.message = message
        super().__init__(f"{self.path}:{line}:{column}: {message}")


class ListFormatError(InputError):
    """A sanctions list file does not follow the format it was loaded as."""


class UnknownCountry(InputError, LookupError):
    """A country or subdivision code that ISO 3166 does not know."""


class UnknownCurrency(InputError, LookupError):
    """A currency code that ISO 4217 does not know."""


class MissingRule(PricingEngineError, LookupError):
    """No rule covers what was asked (country, HS code, tax class, date): never assume 0 %.

    ``quote_line``: the quote line (its index, from 0) and the field of it (``hs_code``,
    ``tax_class``) whose lookup failed, where a quote's line asked (:func:`naming_line`), so
    that a caller holding the quote's document can point at it; else None.
    """

    quote_line: tuple[int, str] | None = None


class MissingCountryRules(MissingRule):
    """No rule file, or no duty rules, for a whole country or customs union: no line of a
    quote is at fault (:func:`naming_line` leaves it as it is)."""


class AmbiguousHsCode(MissingRule):
    """The HS code given is shorter than the tariff's national lines, and the lines under it
    carry different duties: no one of them is picked silently; give the full line.

    ``candidates`` holds each national line and a description of its duty.
    """

    def __init__(self, message: str, candidates: tuple[tuple[str, str], ...]) -> None:
        super().__init__(message)
        self.candidates = candidates


@contextmanager
def naming_line(index: int, sku: str, lines: int, field: str = "hs_code") -> Iterator[None]:
    """Prefix a MissingRule raised in the block with the quote line it is of (``line 2
    (VALVE-50): ...``; ``index`` from 0 of ``lines``; nothing to say of a quote's only line),
    its type and fields kept (an AmbiguousHsCode's candidates), and set its ``quote_line``
    (``index``, ``field``: the line's field looked up)."""
    try:
        yield
    except MissingCountryRules:
        raise
    except MissingRule as exc:
        if exc.quote_line is None:
            exc.quote_line = (index, field)
        if lines < 2:
            raise
        first = str(exc.args[0]) if exc.args else ""
        exc.args = (f"line {index + 1} ({sku}): {first}", *exc.args[1:])
        raise


class MissingFxRate(PricingEngineError, LookupError):
    """No FX rate for a currency pair on a date: never assume 1."""


class MissingData(PricingEngineError, LookupError):
    """A data file the engine needs (rules, sanctions list) is missing."""


class NotAFileError(PricingEngineError, OSError):
    """An output path names something other than a regular file, which is never replaced.

    ``str()`` reads ``path: reason``; ``filename`` and ``strerror`` hold the two (an OSError,
    so that a caller which reports or tolerates a failed write does so for this one too).
    """

    def __init__(self, path: str | Path, reason: str) -> None:
        super().__init__(errno.EEXIST, reason, str(path))

    def __str__(self) -> str:
        return f"{self.filename}: {self.strerror}"

    def __reduce__(self) -> tuple[type[NotAFileError], tuple[str, str]]:
        return type(self), (str(self.filename), str(self.strerror))  # not OSError's 3


class OutputPathError(PricingEngineError, OSError):
    """An output file cannot be made where it is asked for: its directory is missing, is not
    a directory, or may not be written to (exit 2 at the CLI, naming the path).

    ``str()`` reads ``path: reason``; an OSError, with the errno of the failure, so that a
    caller which tolerates a failed write (a cache) does so for this one too.
    """

    def __init__(self, path: str | Path, reason: str, errno_: int = errno.ENOENT) -> None:
        super().__init__(errno_, reason, str(path))

    def __str__(self) -> str:
        return f"{self.filename}: {self.strerror}"

    def __reduce__(self) -> tuple[type[OutputPathError], tuple[str, str, int]]:
        return type(self), (str(self.filename), str(self.strerror), int(self.errno or 0))
