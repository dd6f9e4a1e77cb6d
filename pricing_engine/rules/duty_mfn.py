"""A code's MFN duty: the longest prefix in force, or the national lines under the code.

A code shorter than the tariff's national lines prices only where the lines under it (and
the rest of it, where a shorter entry covers that) charge alike; otherwise the ambiguity
error names each line and its duty (:meth:`MfnLines._ambiguous`), and ``highest`` weighs
them (:meth:`MfnLines._choices`). Split entries (codes carved from lines of an older
nomenclature), codes a table does not list, and headings with subheadings no entry gives
are decided here too.
"""

from __future__ import annotations

import re
from datetime import date

from pricing_engine.errors import AmbiguousHsCode, MissingRule
from pricing_engine.hs_editions import edition_note, subheadings_under
from pricing_engine.rules.duty_index import DutyIndex
from pricing_engine.rules.duty_terms import describe_terms, not_covered, shown_lines, terms_of
from pricing_engine.rules.results import DutyRule

__all__ = ["MfnLines"]

_MFN_ENTRY = re.compile(r"duty\.mfn\[([0-9]+)\]")


class MfnLines(DutyIndex):
    """The MFN duty of a code, decided over the national lines under it."""

    __slots__ = ()

    def _mfn(self, hs: str, on: date) -> DutyRule:
        """The MFN rule of ``hs`` on ``on`` (:meth:`_decide_mfn`), kept once found."""
        decided = self._entries(hs).decided
        found = decided.get(on)
        if found is None:
            found = self._decide_mfn(hs, on)
            if len(decided) >= 8:
                decided.clear()
            decided[on] = found
        return found

    def _decide_mfn(self, hs: str, on: date) -> DutyRule:
        """The longest prefix of ``hs`` valid on ``on``, unless national lines under ``hs``
        (longer prefixes) charge otherwise: then the code does not say which duty applies.
        A ``split`` entry gives the duty of the lines it was carved from where they agree.
        A code the tariff table does not list is read as its subheading (:meth:`_listed`)."""
        listed = self._listed(hs, on)
        if listed != hs:
            try:
                return self._decide_mfn(listed, on)
            except AmbiguousHsCode as exc:
                raise AmbiguousHsCode(self._read_as(hs, listed, exc), exc.candidates) from None
            except MissingRule as exc:
                raise MissingRule(self._read_as(hs, listed, exc)) from None
        shorter = found = self._shorter(hs, on)
        under = self._lines_under(hs, on)
        if under:
            found = self._rest(hs, under, shorter, on)
            took = self._took(hs, found, on)
            beside: list[DutyRule | None] = ([rule for _, rule in took] if took is not None
                                             else [found] if found else [])
            # an entry without a duty (not covered, split; no rule) is unlike any other
            kinds = {(None,) if r is None else (r.hs,) if not_covered(r) else terms_of(r)
                     for r in (*under, *beside)}
            if len(kinds) == 1 and self._unlisted(hs, shorter, on):  # subheadings of it the
                kinds.add((None,))  # rules say nothing of (named by _ambiguous in any case)
            if len(kinds) > 1:
                raise self._ambiguous(hs, under, on)
            # one national line under the code is the line meant; several alike: any
            found = under[0] if len(under) == 1 or found is None else found
        if found is None:
            edition = edition_note(hs)  # an HS2017 code in an HS2022 tariff: say so
            raise MissingRule(f"{self.code}: no {self.schedule or 'MFN'} duty rule for HS {hs} "
                              f"on {on} "
                              f"({self._duty_file()})" + (f"; {edition}" if edition else ""))
        if not_covered(found):
            split = self._split_lines(found, on)
            if split is not None:
                return self._split(hs, found, split, on)
            raise MissingRule(f"{self.code}: HS {hs} is not covered by the duty rules on {on}: "
                              f"{self._reason(found)} ({found.ref})")
        return found

    def _choices(self, hs: str, on: date) -> list[tuple[str, str, DutyRule | None]]:
        """The lines ``hs`` may mean, as (label, key its other duties are read at, MFN rule):
        the national lines under it (a split entry stands for the lines it was carved from)
        and the rest of it, matched at ``hs``; for a code under a split entry, its lines; for a
        code the table does not list, those of the code it is read as (:meth:`_listed`)."""
        listed = self._listed(hs, on)
        if listed != hs:
            return self._choices(listed, on)
        shorter = self._shorter(hs, on)
        under = self._lines_under(hs, on)
        if not under:
            split = self._split_lines(shorter, on) if shorter is not None else None
            return [(code, code, rule) for code, rule in split or ()]
        found = self._rest(hs, under, shorter, on)
        # the subheadings of a heading or chapter no entry gives: each a candidate, in code
        # order among the lines
        gaps = self._unlisted(hs, shorter, on)
        out: list[tuple[str, str, DutyRule | None]] = []
        for line in under:
            while gaps and gaps[0] < line.hs:
                out.append((gaps[0], gaps[0], None))
                gaps.pop(0)
            split = self._split_lines(line, on)
            if split is None:
                out.append((line.hs, line.hs, line))
            else:
                out += [(f"{code} (carved into {line.hs})", code, rule) for code, rule in split]
        out += [(sub, sub, None) for sub in gaps]
        took = self._took(hs, found, on)
        if took is not None:  # a kept code: the older lines it took goods from are of it too
            shown = {line.hs for line in under}
            out += [(code, code, rule) for code, rule in took if code not in shown]
        elif found is not None:
            out.append((f"{found.hs} (rest of {hs})", hs, found))
        return out

    def _unlisted(self, hs: str, shorter: DutyRule | None, on: date) -> list[str]:
        """The HS2022 subheadings under ``hs``, a code shorter than a subheading with national
        lines under it and no prefix valid on ``on`` (``shorter``, its :meth:`_shorter`, is
        None), that no entry gives a duty for on ``on``: its lines are then not all of it (a
        table that lacks a subheading, or was read in part), so the code must not take their
        duty. (Where a shorter prefix is valid, every subheading has an entry: that prefix,
        or, where :meth:`_rest` left it out, the subheading's own.) A subheading is known
        from the UN HS2022 table the package ships; where that cannot be read, a code shorter
        than a subheading fails closed."""
        if shorter is not None or len(hs) >= 6:
            return []
        subs = subheadings_under(hs)
        if subs is None:
            raise MissingRule(
                f"{self.code}: HS {hs} is shorter than a subheading, and the HS2022 "
                "nomenclature shipped with the package could not be read to tell which "
                "subheadings the rules give a duty for: give the subheading or the line")
        return [sub for sub in subs
                if self._shorter(sub, on) is None and not self._lines_under(sub, on)]

    def _took(self, hs: str, found: DutyRule | None, on: date
              ) -> list[tuple[str, DutyRule | None]] | None:
        """The lines of a kept code's split entry at ``hs`` itself (an HS2017 subheading kept
        in HS2022 that took goods from others: its lines, which start with ``hs``, and
        theirs), else None. A new code's split names only lines of other codes: once a table
        lists newer lines under it, they are all of it (:meth:`_rest`)."""
        if found is None or found.hs != hs:
            return None
        lines = self._split_lines(found, on)
        if lines is None or not any(code.startswith(hs) for code, _ in lines):
            return None
        return lines

    def _rest(self, hs: str, under: list[DutyRule], found: DutyRule | None, on: date
              ) -> DutyRule | None:
        """The entry that gives the rest of ``hs`` beside the national lines ``under`` it: the
        shorter prefix ``found``, unless a tariff table lists lines under a code of six digits
        or more (:meth:`_listed_line`). A table lists every national line of a subheading it
        writes lines for, so they are all of the code; the shorter prefix then names no goods
        of it and is neither a candidate line nor the reason a lookup fails, whether it is not
        covered (Norway's chapters 1-24 with the 2019 tariff's lines under them), a curated
        heading rate (US 6403 8.5 % over the HTS lines of 6403.99, which ``highest`` would
        otherwise weigh as a line) or a general regime (the UAE's 5 % over the GCC table's
        lines). An entry at ``hs`` itself still stands beside the lines: it speaks of that very
        code (a split entry there aside: see :meth:`_took`). A curated duty there that charges
        otherwise means the code does not say which applies; a ``not_covered`` entry there (a
        table whose lines of the code were read in part: Egypt's) means the lines are not all
        of it, so the code fails closed naming them. A heading or chapter (shorter than a
        subheading) leaves a shorter prefix out likewise where each of its HS2022
        subheadings has its own entry (:meth:`_all_own`)."""
        if found is None:
            return None
        if len(hs) < 6:
            return None if len(found.hs) < len(hs) and self._all_own(hs, on) else found
        if ((len(found.hs) < len(hs) or self._split_lines(found, on) is not None)
                and any(self._listed_line(r, on) for r in under)):
            # but a kept code's split entry says its lines are not all of it (:meth:`_took`)
            return found if self._took(hs, found, on) is not None else None
        return found

    def _all_own(self, hs: str, on: date) -> bool:
        """Whether every HS2022 subheading of ``hs`` (a heading or chapter) is given by entries
        of its own on ``on``: an entry of six digits or more, or national lines a table lists
        (:meth:`_rest`). Then a prefix shorter than ``hs`` names none of its goods (the UAE's
        5 % beside the GCC table's lines of a heading it lists whole). Not where the
        shipped HS2022 table cannot be read (the shorter prefix then stays a candidate)."""
        subs = subheadings_under(hs)
        if not subs:
            return False
        for sub in subs:
            own = self._shorter(sub, on)
            if own is None:
                return False
            if len(own.hs) >= 6:
                continue
            lines = self._lines_under(sub, on)
            if not lines or self._rest(sub, lines, own, on) is not None:
                return False
        return True

    def _listed(self, hs: str, on: date) -> str:
        """``hs``, or the code it is read as when a tariff table does not list it: a code of
        more than six digits that no entry of six digits or more starts (nor has lines under
        it), inside a subheading whose national lines a table gives, is not a line of that
        table's edition of the nomenclature (a CN 2026 code against the CN 2020 table, a
        mistyped line); since the table lists every line of the subheading, the goods are
        one of them, so the code is read as its subheading: priced where the subheading's
        lines all charge alike, else the ambiguity naming them; never as a shorter heading or
        general regime beside the lines. (Not at seven digits or more: a newer line need not
        belong to the group of older lines its digits share, CN 2022's 0307 22 95 with the
        other molluscs rather than CN 2020's 0307 22 90.)"""
        if len(hs) <= 6 or self._entries(hs).under:
            return hs
        found = self._shorter(hs, on)
        if found is not None and len(found.hs) >= 6:  # the general regime "*" is shorter
            return hs
        subheading = hs[:6]
        if any(self._listed_line(r, on) for r in self._lines_under(subheading, on)):
            return subheading
        return hs

    def _read_as(self, hs: str, listed: str, exc: MissingRule) -> str:
        """The error of ``listed`` told of the code given, ``hs``."""
        text = str(exc)
        head = f"{self.code}: "
        text = text[len(head):] if text.startswith(head) else text
        return (f"{self.code}: HS {hs} is not a line of the tariff table (read as HS {listed}, "
                f"whose lines the table lists): {text}")

    def _split(self, hs: str, entry: DutyRule, lines: list[tuple[str, DutyRule | None]],
               on: date) -> DutyRule:
        """The duty of a code carved from ``lines``: theirs where they all charge alike."""
        priced = [rule for _, rule in lines if rule is not None and not not_covered(rule)]
        if len(priced) == len(lines) and len({terms_of(r) for r in priced}) == 1:
            return priced[0]
        named = tuple((code, "no rule" if rule is None else self._describe(rule, on))
                      for code, rule in lines)
        where = f"HS {hs}" if hs == entry.hs else f"HS {hs} (under {entry.hs})"
        carved = (f"it was carved from {len(lines)} tariff line(s) of an older nomenclature "
                  f"(the correlation table's)")
        if not priced:
            raise MissingRule(f"{self.code}: {where} is not covered by the duty rules on {on}: "
                              f"{carved}, and the rules give a duty for none of them "
                              f"({shown_lines(named)}) ({entry.ref})")
        raise AmbiguousHsCode(f"{self.code}: {where} does not say which duty applies: {carved} "
                              f"with different duties ({shown_lines(named)}): give the line the "
                              f"goods fall under ({entry.ref})", named)

    def _reason(self, rule: DutyRule) -> str:
        """The ``not_covered`` text of the entry (else a pointer to the entry)."""
        if rule.not_covered:
            return rule.not_covered
        found = _MFN_ENTRY.fullmatch(rule.ref.entry)
        duty = self.model.duty
        if found and rule.ref.file == self.file and duty is not None:
            index = int(found.group(1))
            if index < len(duty.mfn) and duty.mfn[index].not_covered:
                return str(duty.mfn[index].not_covered)
        return f"prefix {rule.hs} is marked not_covered (the entry says why)"

    def _describe(self, rule: DutyRule, on: date) -> str:
        """A line's duty for a person (:func:`describe_terms`); a split entry says so."""
        split = self._split_lines(rule, on)
        if split is not None:
            return f"split: carved from {len(split)} line(s) of an older nomenclature"
        return describe_terms(rule)

    def _ambiguous(self, hs: str, under: list[DutyRule], on: date) -> MissingRule:
        """The error of a code over lines of different duties: AmbiguousHsCode naming the
        lines, or MissingRule when the rules give a duty for none of them."""
        choices = self._choices(hs, on)
        lines = tuple((label, "no rule" if rule is None else self._describe(rule, on))
                      for label, _, rule in choices)
        rest = self._rest(hs, under, self._shorter(hs, on), on)
        took = self._took(hs, rest, on)
        count = len(lines) - (rest is not None and took is None)  # the rest of hs: no line
        digits = max(len(r.hs) for r in under)
        if all(rule is None or not_covered(rule) for _, _, rule in choices):
            return MissingRule(
                f"{self.code}: HS {hs} is not covered by the duty rules on {on}: the rules give "
                f"a duty for none of its {count} national tariff line(s) ({shown_lines(lines)}) "
                f"({self._duty_file()})")
        if took is not None:
            return AmbiguousHsCode(
                f"{self.code}: HS {hs} covers {count} national tariff line(s) with different "
                f"duties, {count - len(under)} of them of older subheadings it took goods from "
                f"(the correlation table's) ({shown_lines(lines)}): give the line the goods fall "
                f"under ({rest.ref if rest is not None else self._duty_file()})", lines)
        return AmbiguousHsCode(
            f"{self.code}: HS {hs} covers {count} national tariff line(s) with different "
            f"duties ({shown_lines(lines)}): give the full {digits}-digit line "
            f"({self._duty_file()})", lines)
