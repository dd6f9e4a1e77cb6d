"""What a duty charges, compared and told: the terms of a rule, and the entries that apply.

The duty lookups compare national lines by what they charge (:func:`terms_of`,
:func:`charges`) and name them in messages (:func:`describe_terms`, :func:`charged`,
:func:`shown_lines`); :func:`matching` and :func:`best` pick, from a code's index entries,
those that apply to an origin on a day, one per agreement or duty name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from datetime import date
from decimal import Decimal
from operator import attrgetter
from typing import TypeVar, cast

from pricing_engine.money import percent_text
from pricing_engine.rules.results import AdditionalDuty, DutyLookup, DutyRule, Terms
from pricing_engine.rules.timeline import Span

__all__ = ["Keyed", "best", "charged", "charges", "describe_terms", "matching", "not_covered",
           "shown_lines", "terms_of", "unpriced"]

R = TypeVar("R", DutyRule, AdditionalDuty)
#: (span, origins or None for every origin, excluded origins, rule), indexed by HS prefix.
Keyed = tuple[Span, frozenset[str] | None, frozenset[str], R]


def matching(entries: tuple[Keyed[R], ...], origin: str, on: date) -> list[R]:
    """The rules of ``entries`` (longest prefix first) that apply to ``origin`` on ``on``."""
    # the origin first (most entries name other origins), then Span.covers written out:
    # this runs for every entry of every prefix of every lookup
    return [rule for span, origins, excluded, rule in entries
            if (origins is None or origin in origins) and origin not in excluded
            and (span.start is None or span.start <= on) and (span.end is None or on <= span.end)]


def best(found: list[R], name: Callable[[R], str]) -> list[R]:
    """Keep, per agreement or duty name, the rule of the longest matching prefix."""
    if len(found) < 2:
        return found
    chosen: dict[str, R] = {}
    for rule in found:  # longest prefixes come first
        chosen.setdefault(name(rule), rule)
    return list(chosen.values())


def charges(found: DutyLookup, claimed: bool) -> tuple[object, ...]:
    """What a lookup charges beside its MFN duty (which the lines of a code compared agree
    on), comparable across lines: the claimed preference (``claimed``) by agreement and
    each additional duty by name, with their terms and conditions (not the entry they come
    from)."""
    return ({p.agreement: (p.requires, terms_of(p)) for p in found.preferential} if claimed
            else None,
            {a.name: (terms_of(a), a.top_up_to, a.applies_with_preference,
                      a.applies_without_preference, a.only_for_use, a.except_for_use,
                      a.not_with)
             for a in found.additional})


def charged(found: DutyLookup, claimed: bool) -> str:
    """A line's duties for a person: ``free + Section 301 7.5 %`` (and the claimed
    preference's, ``claimed``)."""
    parts = [describe_terms(found.mfn)]
    parts += [f"{a.name} not covered" if unpriced(a) else f"{a.name} {describe_terms(a)}"
              + (f" (not with a {a.not_with} duty)" if a.not_with else "")
              for a in found.additional]
    parts += [f"{p.agreement} {describe_terms(p)}" for p in found.preferential
              if p.agreement and claimed]
    return " + ".join(parts)


def unpriced(extra: AdditionalDuty) -> bool:
    """Whether an additional duty is one the rules do not give (``not_covered``)."""
    return (extra.rate is None and extra.specific is None and extra.declared is not None
            and extra.declared.unpriced is not None)


def shown_lines(lines: tuple[tuple[str, str], ...]) -> str:
    """The first eight lines and their duties, for a message."""
    shown = "; ".join(f"{code} {terms}" for code, terms in lines[:8])
    return shown + (f"; and {len(lines) - 8} more" if len(lines) > 8 else "")


def not_covered(rule: Terms) -> bool:
    """Whether ``rule`` marks a prefix the rules do not cover (no duty terms at all)."""
    return rule.rate is None and rule.specific is None and rule.declared is None


_TERM_FIELDS = attrgetter(*(term.name for term in fields(Terms)))


def terms_of(rule: Terms) -> tuple[object, ...]:
    """What a duty charges: the values of its :class:`Terms` fields, comparable as a tuple."""
    return cast(tuple[object, ...], _TERM_FIELDS(rule))


def describe_terms(rule: Terms) -> str:
    """A duty's terms for a person: ``3.4 %``, ``0.01 USD/kg + 10 %``, ``free``."""
    top = getattr(rule, "top_up_to", None)
    if top is not None:  # before not_covered: a top-up has no terms of its own
        return f"up to {_percent(top)} with the line's duty"
    if not_covered(rule):
        return "not covered"
    parts = [f"{s.amount} {s.currency}/{s.per}"
             for s in (rule.specific, *rule.more) if s is not None]
    if rule.rate is not None and (rule.rate or not parts):
        parts.append("free" if not rule.rate else _percent(rule.rate))
    declared = rule.declared
    if declared is not None:
        if declared.unpriced is not None:
            return declared.unpriced.split(":", 1)[0].split(" ('", 1)[0]
        parts += [f"{_percent(p.rate)} on the {' and '.join(p.of)}" for p in declared.parts]
        parts += list(declared.agricultural)
        if declared.less_per_degree is not None:
            less = declared.less_per_degree
            parts.append(f"less {less.amount} {less.currency}/{less.per} per degree under "
                         f"{declared.below}")
    text = " + ".join(parts) or "free"
    for word, rate, spec in (("min", rule.min_rate, rule.min), ("max", rule.max_rate, rule.max)):
        limit = ([_percent(rate)] if rate is not None else []) + (
            [f"{spec.amount} {spec.currency}/{spec.per}"] if spec is not None else [])
        if word == "max" and declared is not None:
            limit += declared.max_agricultural
        if limit:
            text += f" ({word} {' + '.join(limit)})"
    if declared is not None and declared.out_of_quota is not None:
        text += f" in quota, {describe_terms(declared.out_of_quota)} out of quota"
    return text


def _percent(rate: Decimal) -> str:
    return percent_text(rate, space=" ")
