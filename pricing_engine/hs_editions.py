"""Whether a code is of HS2022, and what an HS2017 subheading became (UN correlations).

Quotes give HS2022 codes, and the duty tables are keyed by them. A catalogue kept since 2021
may still give an HS2017 subheading that HS2022 split or moved (office chairs, 9401.30, are
9401.31 and 9401.39 now). Such a code finds no duty rule, as it should; :func:`edition_note`
says why in the message, from the UN Statistics Division's HS2022-HS2017 correlation table
shipped in ``pricing_engine/tariffdata`` (read once, when first asked: only an error needs it).

>>> edition_note("940130")
'HS 940130 is an HS2017 subheading that HS2022 does not have: it became 940131, 940139'
>>> edition_note("9401.31.00"), edition_note("94")
('', '')
>>> edition_note("123456")
'HS 123456 is not a subheading of HS2022 (nor of HS2017)'
"""

from __future__ import annotations

import csv
import gzip
from functools import cache
from importlib import resources

from pricing_engine.hs_codes import starting_with

__all__ = ["CORRELATIONS", "edition_note", "parse_correlations", "subheadings_under"]

#: where the package keeps the UN HS2022-HS2017 correlations (tariffdata/SOURCES.md)
CORRELATIONS = ("tariffdata", "hs2022_hs2017_correlations.csv.gz")
#: successors named in a note; the rest are counted
_SHOWN = 4


def edition_note(hs: str) -> str:
    """Why a code's subheading is not of HS2022 (with what it became), or "" when it is (or
    the code is shorter than a subheading, or the table cannot be read)."""
    code = "".join(ch for ch in hs if ch.isdigit())[:6]
    if len(code) < 6:
        return ""
    table = _table()
    if table is None or code in table[0]:
        return ""
    became = table[1].get(code)
    if became is None:
        return f"HS {code} is not a subheading of HS2022 (nor of HS2017)"
    # its own heading's successors first (HS2017 851712 also gave slivers to 8524, 8541...)
    became = tuple(sorted(became, key=lambda c: (c[:4] != code[:4], c)))
    shown = ", ".join(became[:_SHOWN])
    if len(became) > _SHOWN:
        shown += f" and {len(became) - _SHOWN} more"
    return f"HS {code} is an HS2017 subheading that HS2022 does not have: it became {shown}"


def subheadings_under(prefix: str) -> tuple[str, ...] | None:
    """The HS2022 subheadings (six digits) that start with ``prefix``, in code order; None if
    the shipped table cannot be read.

    >>> subheadings_under("8471")[:3], len(subheadings_under("0101"))
    (('847130', '847141', '847149'), 4)
    """
    codes = _sorted_codes()
    if codes is None:
        return None
    return starting_with(codes, prefix)


def parse_correlations(text: str, name: str) -> dict[str, frozenset[str]]:
    """HS2022 subheading -> the HS2017 subheadings it correlates with, from the text of a
    ``hs2022,hs2017,...`` CSV that messages call ``name``; ValueError at a bad row."""
    reader = csv.DictReader(text.splitlines())
    if not {"hs2022", "hs2017"} <= set(reader.fieldnames or ()):
        raise ValueError(f"{name}: not an HS2022-HS2017 correlation CSV (columns hs2022, hs2017)")
    out: dict[str, set[str]] = {}
    for row in reader:
        new, old = (row["hs2022"] or "").strip(), (row["hs2017"] or "").strip()
        if len(new) != 6 or len(old) != 6 or not (new + old).isdigit():
            raise ValueError(f"{name}:{reader.line_num}: codes must be 6 digits")
        out.setdefault(new, set()).add(old)
    return {k: frozenset(v) for k, v in out.items()}


@cache
def _sorted_codes() -> tuple[str, ...] | None:
    """The HS2022 subheadings, sorted (None if the table cannot be read)."""
    table = _table()
    return None if table is None else tuple(sorted(table[0]))


@cache
def _table() -> tuple[frozenset[str], dict[str, tuple[str, ...]]] | None:
    """The HS2022 subheadings, and each HS2017 subheading's HS2022 successors; None if the
    shipped table is missing or unreadable (the note is then left out, never guessed)."""
    try:  # a UnicodeDecodeError is a ValueError
        raw = resources.files("pricing_engine").joinpath(*CORRELATIONS).read_bytes()
        newer = parse_correlations(gzip.decompress(raw).decode("utf-8-sig"), CORRELATIONS[-1])
    except (OSError, EOFError, gzip.BadGzipFile, ValueError, csv.Error):
        return None
    older: dict[str, set[str]] = {}
    for new, olds in newer.items():
        for old in olds:
            older.setdefault(old, set()).add(new)
    return frozenset(newer), {k: tuple(sorted(v)) for k, v in older.items()}
