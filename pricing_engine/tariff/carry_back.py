"""Date a table's MFN lines back to the earlier editions that charge the same.

A table imported from one revision of a schedule is valid from that revision's effective
date; a quote of an earlier day would fall back on coarser curated rules. Most MFN rates do
not move between revisions (the HTS general column of 2025 Basic, 2025 Revision 32 and 2026
Revision 10 is the same on every line the three share), so each MFN entry is made valid
from the earliest edition of the unbroken run of earlier editions (a table imported the same
way), newest first, that charge it alike, on every line under its code: from the earliest
of all where every one does. An entry the newest earlier edition charges otherwise, or does
not cover, keeps the table's date; one an older edition charges otherwise or lacks is dated
from the oldest edition of the run after it (HTS 2025 Basic's export lacks 4420.19.00,
which Revision 32 and Revision 10 charge alike: it holds from Revision 32). Such a line is
``not_covered`` from the earliest date of its subheading's lines to the day before its own:
on those days a lookup of it, or of the subheading, must not take the lines dated back for
all of it (it would have: a line Revision 32 charged 5 % at its neighbour's 3.2 %). The
``withheld`` lines of a table (US column 2) are dated back the same way, against the
earlier editions' own.

Preferences (:func:`carry_back_preferences`) must follow the lines back: a line dated before
its table's preferences would otherwise meet, on those days, only the broad curated zero of
an agreement (``hs: "*"``) and grant a claim what the table excludes or charges (supply-managed
goods under CUSMA, sugar under KORUS). An entry every earlier edition gives alike, origin by
origin, is dated from the earliest of them; for every other agreement, code and origin of any
edition, the days in between are ``not_covered`` (a claim there fails closed: a staged cut or
a revision in between may have changed the terms). Additional duties are not touched: they
are not in these tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any, Literal

from pricing_engine.errors import InputError
from pricing_engine.hs_codes import starting_with
from pricing_engine.rules.model import MfnEntry, PreferentialEntry, TariffFile
from pricing_engine.tariff.table import close_days_before

__all__ = ["carry_back", "carry_back_preferences", "earliest"]

#: The fields that are not the duty an entry charges.
_NOT_DUTY = {"hs", "valid_from", "valid_to", "note", "source", "confidence"}


def _duty(entry: MfnEntry) -> Any:
    return entry.model_dump(exclude=_NOT_DUTY, exclude_defaults=True)


class _Edition:
    """An earlier edition's MFN entries by code, for prefix queries."""

    def __init__(self, entries: Sequence[MfnEntry]) -> None:
        self.by_code = {e.hs: e for e in entries}
        #: codes with entries of their own dates (seasons): never compared, never matched
        self.dated = {e.hs for e in entries if e.valid_from or e.valid_to}
        self.codes = sorted(self.by_code)

    def charges_alike(self, entry: MfnEntry) -> bool:
        """Whether every entry of this edition on the code, above it or under it, charges
        what ``entry`` does, and at least one covers it."""
        code, duty = entry.hs, _duty(entry)
        covering = [self.by_code[code[:n]] for n in range(2, len(code) + 1)
                    if code[:n] in self.by_code]
        under = [self.by_code[other] for other in starting_with(self.codes, code)]
        found = ([covering[-1]] if covering else []) + under
        return bool(found) and all(
            e.hs not in self.dated and not e.not_covered and not e.split
            and _duty(e) == duty for e in found)


def earliest(dates: Sequence[date | None], start: date) -> date:
    """The earliest of the earlier editions' ``dates``, each of which must be given and fall
    before the table's ``start`` (else an InputError)."""
    if not dates or any(d is None or d >= start for d in dates):
        raise InputError(f"an earlier edition ({', '.join(map(str, dates))}) must be dated "
                         f"before the table ({start})")
    return min(d for d in dates if d is not None)


def carry_back(table: TariffFile, earlier: Sequence[TariffFile], *,
               part: Literal["mfn", "withheld"] = "mfn") -> tuple[TariffFile, int]:
    """``table`` with each MFN entry (``part="withheld"``: each withheld line) made valid
    from the ``valid_from`` date of the oldest of ``earlier`` in the unbroken run, newest
    first, that charge it alike; and how many entries were. An edition not dated before the
    table is an InputError."""
    if table.valid_from is None or not earlier:
        return table, 0
    earliest([t.valid_from for t in earlier], table.valid_from)  # each dated, before it
    editions = sorted(((t.valid_from, _Edition(getattr(t, part))) for t in earlier
                       if t.valid_from is not None), key=lambda pair: pair[0], reverse=True)
    out, moved = [], 0
    for entry in getattr(table, part):
        if (entry.valid_from is None and entry.valid_to is None and not entry.not_covered
                and not entry.split):
            since = None
            for day, edition in editions:
                if not edition.charges_alike(entry):
                    break
                since = day
            if since is not None:
                entry = entry.model_copy(update={"valid_from": since})
                moved += 1
        out.append(entry)
    # a line not dated back as far as others of its subheading is not known on the days
    # between: never the neighbours' duty then (:func:`close_days_before`)
    out = close_days_before(out, lambda day: (
        f"the earlier editions read do not give this line as the table does (another duty, "
        f"or no line): its duty before {day} is not read here"), start=table.valid_from)
    return table.model_copy(update={part: tuple(out)}), moved


#: The fields of a preference that are not its terms.
_NOT_TERMS = _NOT_DUTY | {"agreement", "origins"}

#: One agreement's preference for one origin under one code.
_Key = tuple[str, str, str]


def _by_origin(entries: Sequence[PreferentialEntry]) -> dict[_Key, Any]:
    """The terms of each agreement, code and origin (an exclusion's wording aside); a dated
    entry's key maps to ``None`` (its days are its own: never matched)."""
    out: dict[_Key, Any] = {}
    for e in entries:
        dated = e.valid_from is not None or e.valid_to is not None
        terms = None if dated else e.model_dump(exclude=_NOT_TERMS, exclude_defaults=True)
        for said in ("excluded", "not_covered"):  # why is wording: compared as given or not
            if terms is not None and said in terms:
                terms[said] = True
        for origin in e.origins:
            key = (e.agreement, e.hs, origin)
            out[key] = None if key in out and out[key] != terms else terms
    return out


def carry_back_preferences(
    entries: Sequence[PreferentialEntry], earlier: Sequence[Sequence[PreferentialEntry]], *,
    since: date, start: date,
) -> tuple[list[PreferentialEntry], int, int]:
    """A table's preferential ``entries`` (in force from ``start``) dated back to ``since``
    against the ``earlier`` editions' own (in force from ``since``): the entries; how many
    were dated back (in whole or for some of their origins); how many ``not_covered``
    entries cover the days from ``since`` to the day before ``start``.

    An undated entry's origins that every edition gives the same terms under the same code
    and agreement are written as an entry from ``since``; its other origins as one from
    ``start``. Every agreement, code and origin that any edition or the table gives and not
    all alike gets a ``not_covered`` entry for the days between (origins of one agreement and
    code together), so that a claim there never falls through to a broader entry of the
    agreement. Entries dated on their own are kept as they are; so are their keys' days.
    """
    earliest([since], start)
    now = _by_origin(entries)
    editions = [_by_origin(e) for e in earlier]
    own = {k for k, terms in now.items() if terms is None}

    def alike(key: _Key) -> bool:
        terms = now.get(key)
        return terms is not None and all(
            key in ed and ed[key] == terms for ed in editions)

    out: list[PreferentialEntry] = []
    moved = 0
    for e in entries:
        if e.valid_from is not None or e.valid_to is not None:
            out.append(e)
            continue
        back = [o for o in e.origins if alike((e.agreement, e.hs, o))]
        kept = [o for o in e.origins if o not in back]
        if back:
            moved += 1
            out.append(e.model_copy(update={"origins": tuple(back), "valid_from": since}))
        if kept:
            out.append(e.model_copy(update={"origins": tuple(kept), "valid_from": start}))
    gaps: dict[tuple[str, str], set[str]] = {}
    for key in set(now).union(*editions):
        if key not in own and not alike(key):
            gaps.setdefault(key[:2], set()).add(key[2])
    before = start - timedelta(days=1)
    for (agreement, hs), origins in sorted(gaps.items()):
        out.append(PreferentialEntry(
            agreement=agreement, origins=tuple(sorted(origins)), hs=hs, valid_from=since,
            valid_to=before, not_covered=(
                f"the editions from {since} do not all give {agreement} the terms of the "
                f"edition of {start} under this code: the terms before {start} are not read "
                "here")))
    return out, moved, len(gaps)
