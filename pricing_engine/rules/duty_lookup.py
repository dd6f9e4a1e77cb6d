"""A duty lookup: the MFN duty, the preferences, additional duties and surcharges of a code.

:meth:`DutyLookups.duty` is what :meth:`pricing_engine.rules.RuleBook.duty` answers with: a
:class:`~pricing_engine.rules.results.DutyLookup` of every rule that may apply to one line
of an origin on a day, or, for a code over lines that charge otherwise and ``highest``, a
:class:`~pricing_engine.rules.results.CandidateLines`.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Literal, cast, overload

from pricing_engine.countries import country_code
from pricing_engine.errors import AmbiguousHsCode, MissingCountryRules, MissingRule
from pricing_engine.hs_codes import normalize_hs
from pricing_engine.rules.duty_mfn import MfnLines
from pricing_engine.rules.duty_terms import (
    best,
    charged,
    charges,
    matching,
    not_covered,
    shown_lines,
)
from pricing_engine.rules.model import MfnWithheldEntry
from pricing_engine.rules.results import CandidateLines, DutyLookup, DutyRule, Surcharge
from pricing_engine.rules.timeline import Span

__all__ = ["AmbiguousHs", "DutyLookups"]

#: What to do with an HS code shorter than national lines that charge differently: name the
#: candidate lines (``error``, the default) or price the dearest of them (``highest``).
AmbiguousHs = Literal["error", "highest"]
#: country_code of a quote's origin, kept for the codes seen last (the same few repeat).
_origin_code = lru_cache(maxsize=512)(country_code)


class DutyLookups(MfnLines):
    """The duty lookups of a country's rules."""

    __slots__ = ()
    surcharges: tuple[tuple[Span, Surcharge], ...]

    @overload
    def duty(self, hs_code: str, origin: str, on: date, *,
             claimed_agreement: str | None = None,
             ambiguous_hs: Literal["error"] = "error") -> DutyLookup: ...

    @overload
    def duty(self, hs_code: str, origin: str, on: date, *,
             claimed_agreement: str | None = None,
             ambiguous_hs: AmbiguousHs) -> DutyLookup | CandidateLines: ...

    def duty(
        self, hs_code: str, origin: str, on: date, *, claimed_agreement: str | None = None,
        ambiguous_hs: AmbiguousHs = "error",
    ) -> DutyLookup | CandidateLines:
        """MFN (longest prefix valid on ``on``), matching preferences, additions, surcharges.

        An HS code shorter than national lines that charge differently raises AmbiguousHsCode,
        unless ``ambiguous_hs="highest"``: then every candidate line's own lookup comes back
        in a :class:`CandidateLines` (the caller prices each and keeps the dearest).
        """
        hs = normalize_hs(hs_code)
        origin = _origin_code(origin)
        if not self.has_duty:
            raise MissingCountryRules(f"{self.code}: no duty rules ({self.file})")
        withheld = None if self.schedule is not None else self._withheld(origin, on)
        if withheld is not None:
            return self._priced_instead(hs, origin, on, withheld, claimed_agreement,
                                        ambiguous_hs)
        try:
            mfn = self._mfn(hs, on)
        except AmbiguousHsCode as exc:
            if ambiguous_hs != "highest":
                raise
            return self._candidates(hs, origin, on, claimed_agreement, exc)
        found = self._entries(hs)
        deep_extra = bool(matching(found.deep_extra, origin, on))
        deep_pref = claimed_agreement is not None and bool(matching(found.deep_pref, origin, on))
        # or a code read as another (not a line of the table's edition: :meth:`_listed`)
        elsewhere = not (hs.startswith(mfn.hs) or mfn.hs.startswith(hs))
        if deep_extra or deep_pref or elsewhere:
            key = (on, origin, claimed_agreement, ambiguous_hs == "highest")
            kept = found.over.get(key)
            if kept is None:
                kept = self._over_lines(hs, mfn, origin, on, claimed_agreement, ambiguous_hs)
                if len(found.over) >= 16:
                    found.over.clear()
                found.over[key] = kept
            return kept
        return self._lookup(hs, mfn, origin, on, claimed_agreement)

    def _over_lines(self, hs: str, mfn: DutyRule, origin: str, on: date,
                    claimed_agreement: str | None, ambiguous_hs: AmbiguousHs
                    ) -> DutyLookup | CandidateLines:
        """The lookup of a code that stands for national lines whose MFN duties agree: the
        preferences and additional duties keyed at each line count too (a Section 301 list
        names 8-digit lines, so ``0901.21`` from China pays what its one line 0901.21.00
        pays), and so do the codes below the lines a list names (``subs``: a Section 232
        list's 10-digit lines, beside the rest of their 8-digit line). Where the lines' other
        duties differ the code does not say which apply: the ambiguity error naming each
        line's duties (or, for ``highest``, every line)."""
        # the lines, not the rest of the code beside them: a line's lookup holds the entries
        # of the code's own prefixes too, and its MFN duty already agrees with the rest's
        choices = [c for c in self._choices(hs, on) if c[2] is not None]
        choices = [c for c in choices if c[1] != hs] or choices or [(hs, hs, mfn)]
        lookups = [self._lookup(key, cast(DutyRule, rule), origin, on, claimed_agreement)
                   for _, key, rule in choices]
        subs = self._entries(hs).subs
        if subs:  # lines of a list below the tariff's lines, and the rest of each such line
            choices, lookups = self._with_subs(subs, choices, lookups, origin, on,
                                               claimed_agreement)
        claimed = claimed_agreement is not None  # an unclaimed preference charges nothing
        first = charges(lookups[0], claimed)
        if all(charges(found, claimed) == first for found in lookups[1:]):
            return lookups[0]
        lines = tuple((label, charged(found, claimed))
                      for (label, _, _), found in zip(choices, lookups, strict=True))
        digits = max(len(key) for _, key, _ in choices)
        error = AmbiguousHsCode(
            f"{self.code}: HS {hs} covers {len(lines)} national tariff line(s) whose "
            f"{self.schedule or 'MFN'} duty "
            f"agrees but whose other duties for origin {origin} differ "
            f"({shown_lines(lines)}): give the full {digits}-digit line ({self._duty_file()})",
            lines)
        if ambiguous_hs != "highest":
            raise error
        return CandidateLines(given=hs, lookups=tuple(lookups), error=error)

    def _with_subs(self, subs: tuple[str, ...], tops: list[tuple[str, str, DutyRule | None]],
                   looked: list[DutyLookup], origin: str, on: date,
                   claimed_agreement: str | None
                   ) -> tuple[list[tuple[str, str, DutyRule | None]], list[DutyLookup]]:
        """The lines ``tops`` (their lookups ``looked``) and those of ``subs`` that add a duty
        their line does not charge at all (a Section 232 list's 10-digit lines under an
        8-digit line without it), each such line then standing for its other lines; with
        their lookups, in code order. A 10-digit line that changes the rate of a duty its line
        charges (a Section 301 list's excepted or excluded lines) is left to its line, whose
        entry says so (the line's rate is the list's, the dearer)."""
        pairs = list(zip(tops, looked, strict=True))
        below = []
        for sub in subs:
            # the line it is under (the code itself, when that is the line)
            line = next((lookup for (_, key, _), lookup in pairs if sub.startswith(key)), None)
            if line is None:
                continue
            lookup = self._lookup(sub, line.mfn, origin, on, claimed_agreement)
            if {a.name for a in lookup.additional} - {a.name for a in line.additional}:
                below.append(((sub, sub, line.mfn), lookup))
        if not below:
            return tops, looked
        split = {key for (_, key, _), _ in pairs
                 if any(choice[0].startswith(key) for choice, _ in below)}
        merged = sorted([*((((f"{key} (its other lines)" if key in split else label), key, rule),
                            lookup) for (label, key, rule), lookup in pairs), *below],
                        key=lambda pair: pair[0][1])
        return [choice for choice, _ in merged], [lookup for _, lookup in merged]

    def _withheld(self, origin: str, on: date) -> MfnWithheldEntry | None:
        """The entry by which the country denies goods of ``origin`` its MFN rates on ``on``."""
        duty = self.model.duty
        for entry in () if duty is None else duty.mfn_withheld:
            if origin in entry.origins and Span(entry.valid_from, entry.valid_to).covers(on):
                return entry
        return None

    def _priced_instead(self, hs: str, origin: str, on: date, entry: MfnWithheldEntry,
                        claimed_agreement: str | None, ambiguous_hs: AmbiguousHs
                        ) -> DutyLookup | CandidateLines:
        """The lookup of goods of an origin denied MFN on ``on``: from the lines of the rates
        that apply instead (``entry.schedule``), read as MFN lines are (national lines, the
        ambiguity of a shorter code), without preferences, with the additional duties and
        surcharges. Where the rules do not give those rates (no schedule, or no line for the
        code) it fails closed: MFN would price the goods too low."""
        since = f" since {entry.valid_from}" if entry.valid_from else ""
        where = f"{self.file}, duty.mfn_withheld{': ' + entry.note if entry.note else ''}"
        head = f"{self.code}: goods of {origin} do not get MFN rates{since}; {entry.instead} "
        if entry.schedule is None:
            raise MissingRule(f"{head}apply instead, and those rates are not encoded ({where})")
        rules = self._schedule(entry.schedule)
        try:
            return rules.duty(hs, origin, on, claimed_agreement=claimed_agreement,
                              ambiguous_hs=ambiguous_hs)
        except AmbiguousHsCode as exc:
            raise AmbiguousHsCode(f"{head}apply instead ({where}): {exc}",
                                  exc.candidates) from None
        except MissingRule as exc:
            raise MissingRule(f"{head}apply instead, and the rules do not give them here "
                              f"({where}): {exc}") from None

    def _lookup(self, hs: str, mfn: DutyRule, origin: str, on: date,
                claimed_agreement: str | None) -> DutyLookup:
        found = self._entries(hs)
        pref = best(matching(found.pref, origin, on), lambda r: r.agreement or "")
        others: tuple[str, ...] = ()
        excluded: DutyRule | None = None
        if claimed_agreement is not None:
            claimed = [r for r in pref if r.agreement == claimed_agreement]
            for rule in claimed:
                if rule.not_covered is not None:
                    raise MissingRule(
                        f"{self.code}: HS {hs}: the rules do not give {claimed_agreement}'s "
                        f"terms on these goods: {rule.not_covered} ({rule.ref}); "
                        "quote without the claim for the MFN duty")
            excluded = next((r for r in claimed if r.excluded is not None), None)
            claimed = [r for r in claimed if r.excluded is None]
            if not claimed:
                others = tuple(sorted({r.agreement for r in pref if r.agreement
                                       and r.excluded is None and r.not_covered is None}))
            pref = claimed
        elif any(r.excluded is not None or r.not_covered is not None for r in pref):
            pref = [r for r in pref if r.excluded is None and r.not_covered is None]
        extra = best([*matching(found.extra, origin, on),
                       *matching(self._extra_at_any(origin), origin, on)], lambda r: r.name)
        surcharges = tuple(s for span, s in self.surcharges if span.covers(on))
        return DutyLookup(mfn, tuple(pref), tuple(extra), surcharges, others, excluded,
                          self.schedule)

    def _candidates(self, hs: str, origin: str, on: date, claimed_agreement: str | None,
                    error: AmbiguousHsCode) -> CandidateLines:
        """Each line ``hs`` may mean (:meth:`_choices`) with the preferences and additional
        duties keyed at that line. A line whose duty the rules do not give leaves the dearest
        unknown: then the ambiguity error stands, saying so."""
        choices = self._choices(hs, on)
        unknown = [label for label, _, rule in choices if rule is None or not_covered(rule)]
        if unknown:
            raise AmbiguousHsCode(
                f"{error}; the dearest line is not known either: the rules give no duty for "
                f"{', '.join(unknown[:8])}{' ...' if len(unknown) > 8 else ''}",
                error.candidates)
        return CandidateLines(
            given=hs, error=error,
            lookups=tuple(self._lookup(key, rule, origin, on, claimed_agreement)
                          for _, key, rule in choices if rule is not None))

    def _schedule(self, name: str) -> DutyLookups:
        """These rules with the rates of schedule ``name`` as their MFN lines (the country's
        rules make them: :meth:`pricing_engine.rules.country.CountryRules._schedule`)."""
        raise NotImplementedError
