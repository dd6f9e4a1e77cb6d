"""Duty on one line: MFN or a claimed preference, additional duties, surcharges on the duty.

A preference applies when the line claims it, the agreement covers the HS code and origin,
and proof of origin is held where the rule requires it; the cheaper of MFN and preference
wins (a qualifying preference wins a tie). Ad valorem, specific, compound, minimum and maximum
duties.

Specific duties need a quantity: ``kg`` from ``unit_weight_kg``; ``unit``/``item`` (and
``dozen``) from ``quantity``; ``litre``, ``pair``, ``jewel``, ``m2`` from ``extra_units``
(per unit of the line, like ``unit_weight_kg``). A missing quantity is an error.

Terms that need a figure only the line can give (:class:`~pricing_engine.rules.results.
Declared`) take it from the line: an ad valorem rate on a part's value from ``part_values``
(per unit, converted at the customs rate), a specific duty less an amount per degree of
polarization from ``polarization_degrees``, the EU Meursing components (EUR per 100 kg net)
from ``agricultural_components`` and the line's net weight. A line without the figure is
:class:`~pricing_engine.errors.MissingData` naming the line and the field, and a duty the rules
cannot compute (another provision's rate, the entry price system) is
:class:`~pricing_engine.errors.MissingRule` saying what to do: the decision layer makes both a
review, never a silent 0.

An additional duty due only on goods of one use (``only_for_use``: a US Section 232
vehicle-parts provision of every use, such as ball bearings) is charged where the line declares
that use (``uses``); where the line does not declare its uses it is not charged but shown as
a 0.00 charge whose explanation says what to declare (:data:`UNDECLARED`;
:func:`undeclared_use_notes` gives the quote's GOODS_USE_UNDECLARED notes). One
``except_for_use`` is not charged on goods declared of that use (or of one of its uses); one with
``applies_without_preference: false`` only where the line's claimed preference applies. One
``not_with`` a name is not charged on a line that pays a duty of that name (the US duties that
do not stack on Section 232: the Section 232 charge shows why). One ``not_priced`` is due on
facts the quote does not give (the embedded emissions CBAM certificates are bought for): a
0.00 charge whose explanation says what is due (:data:`NOT_PRICED`; :func:`not_priced_notes`
gives the quote's CHARGE_NOT_PRICED notes), which a check flags.

A line whose HS code is shorter than the national lines under it, when they charge
differently, is priced at the dearest of them when it asks for the ``highest``
(``ambiguous_hs``): every candidate line is priced at the line's customs value and quantity
(ad valorem, specific and compound terms, with the preferences and additional duties keyed at
that line) and the one with the largest duty is kept; its first charge says which line was
assumed (:data:`ASSUMED`; :func:`assumed_line_notes` gives the quote's HS_LINE_ASSUMED notes).

One function computes the duties: :func:`duty_charges`. The DDP solve tries each line at
several customs values and needs only the amounts, so it asks for them without the
explanations (``explain=False``): the same code, the same amounts, no text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal

from pricing_engine.errors import InputError, MissingData, MissingRule
from pricing_engine.landed.model import Charge, Computation, Note, percent
from pricing_engine.money import round_minor
from pricing_engine.quote import Line, Preference
from pricing_engine.rules.duty_terms import describe_terms
from pricing_engine.rules.fields import HS_ANY
from pricing_engine.rules.model import GOODS_USES
from pricing_engine.rules.results import (
    AdditionalDuty,
    CandidateLines,
    Declared,
    DutyLookup,
    DutyRule,
    Specific,
)
from pricing_engine.rules.results import Terms as ResultTerms

__all__ = ["ASSUMED", "NOT_PRICED", "UNDECLARED", "assumed_line_notes", "duty_charges",
           "not_priced_due", "not_priced_notes", "quantity_for", "read_assumed",
           "terms_amount", "undeclared_use_notes"]

#: How the explanation of a line's first duty charge starts when its national line was assumed.
ASSUMED = "HS line assumed: "
#: How the explanation of a duty due only on goods of one use starts where the line does not
#: declare its goods' uses (the duty is not charged: 0).
UNDECLARED = "use not declared: "
#: How the explanation of a charge due on facts the quote does not give starts (``not_priced``:
#: 0.00 is shown, the amount is not known).
NOT_PRICED = "not priced: "

_ZERO = Decimal(0)
#: A converter of a rule's currency into the destination currency (customs FX).
ToDest = Callable[[Decimal, str], Decimal]
#: Duty terms: an ad valorem rate and/or a specific amount, with an optional minimum / maximum.
Terms = DutyRule | AdditionalDuty


def quantity_for(line: Line, per: str) -> Decimal:
    """The line's total quantity in the unit a specific duty is expressed ``per``."""
    if per in ("unit", "item"):
        return line.quantity
    if per == "dozen":
        return line.quantity / 12
    if per in ("kg", "tonne"):
        if line.unit_weight_kg is None:
            raise InputError(f"line {line.sku!r}: a duty per {per} needs unit_weight_kg")
        kg = line.quantity * line.unit_weight_kg
        return kg if per == "kg" else kg / 1000
    if per == "m3":
        if line.unit_volume_m3 is None:
            raise InputError(f"line {line.sku!r}: a duty per m3 needs unit_volume_m3")
        return line.quantity * line.unit_volume_m3
    unit = "litre" if per == "hl" else per
    if unit not in line.extra_units:
        raise InputError(f"line {line.sku!r}: a duty per {per} needs extra_units.{unit}")
    total = line.quantity * line.extra_units[unit]
    return total / 100 if per == "hl" else total


def _specific(line: Line, spec: Specific, to_dest: ToDest) -> Decimal:
    return to_dest(spec.amount, spec.currency) * quantity_for(line, spec.per)


def terms_amount(
    terms: Terms, line: Line, value: Decimal, to_dest: ToDest
) -> tuple[Decimal, str]:
    """Unrounded duty of ``terms`` on ``value`` (destination currency) and how it was made."""
    amount, floor, ceiling, detail = _terms_value(terms, line, value, to_dest)
    return amount, _how(terms, floor, ceiling, detail)


def _terms_value(
    terms: Terms, line: Line, value: Decimal, to_dest: ToDest
) -> tuple[Decimal, str | None, str | None, str]:
    """Unrounded duty of ``terms`` on ``value``, the minimum or maximum that applied, and how
    the terms that need a figure of the line were computed ("" when there are none).

    A tariff-rate quota line charges its own terms within the quota and its ``out_of_quota``
    terms beyond it, as the line declares (``tariff_quota``); a line that does not say is
    :class:`~pricing_engine.errors.MissingData`.
    """
    declared = terms.declared
    if declared is None:
        return _value(terms, line, value, to_dest)
    quota = declared.out_of_quota
    if quota is not None:
        if line.tariff_quota is None:
            raise _missing(line, terms, "tariff_quota",
                           "in: the importer holds a quota allocation that covers the goods; "
                           "out: beyond the quota")
        if line.tariff_quota == "out":
            amount, floored, capped, _ = _value(quota, line, value, to_dest)
            return amount, floored, capped, "out of quota: tariff_quota out declared"
    more, capped_more, detail = _declared(terms, declared, line, to_dest)
    if quota is not None:
        detail = "; ".join(filter(None, ("in quota: tariff_quota in declared", detail)))
    return _value(terms, line, value, to_dest, more, capped_more, declared.max_agricultural,
                  detail)


def _value(
    terms: ResultTerms, line: Line, value: Decimal, to_dest: ToDest, more: Decimal = _ZERO,
    capped_more: Decimal = _ZERO, max_agricultural: tuple[str, ...] = (), detail: str = "",
) -> tuple[Decimal, str | None, str | None, str]:
    """:func:`_terms_value` once the figures of the line are known: what the declared terms
    add (``more``) and add to the maximum (``capped_more``, the components
    ``max_agricultural``).

    Every specific amount is due (``specific`` and ``more``); a minimum or maximum is its
    ad valorem part (``min_rate`` of the value) plus its specific part (``min``).
    """
    amount = _ZERO
    if terms.rate is not None:
        amount += terms.rate * value
    if terms.specific is not None:
        amount += _specific(line, terms.specific, to_dest)
    for spec in terms.more:
        amount += _specific(line, spec, to_dest)
    amount = max(amount + more, _ZERO)
    floored = capped = None
    if terms.min is not None or terms.min_rate is not None:
        floor = _limit(terms.min_rate, terms.min, line, value, to_dest)
        if amount < floor:
            amount, floored = floor, _limit_text(terms.min_rate, terms.min)
    if terms.max is not None or terms.max_rate is not None:
        ceiling = _limit(terms.max_rate, terms.max, line, value, to_dest) + capped_more
        if amount > ceiling:
            amount, capped = ceiling, _limit_text(terms.max_rate, terms.max)
            if max_agricultural:
                capped += " + " + " + ".join(max_agricultural)
    return amount, floored, capped, detail


def _declared(terms: Terms, declared: Declared, line: Line,
              to_dest: ToDest) -> tuple[Decimal, Decimal, str]:
    """What the terms needing a figure of the line add to the duty and to its maximum, and
    how: ``4.6 % on the case: 2 x 12.00 USD declared``."""
    if declared.unpriced is not None:
        # a rule for every code (goods of an origin) is named as such, beside the line's code
        at = (f"HS {line.hs_code}, a rule for every code" if terms.hs == HS_ANY
              else f"HS {terms.hs}")
        raise MissingRule(f"line {line.sku!r}: {at} ({terms.ref}): {declared.unpriced}")
    amount, how = _ZERO, []
    for part in declared.parts:
        base = _ZERO
        for name in part.of:
            given = line.part_values.get(name)  # type: ignore[call-overload]
            if given is None:
                raise _missing(line, terms, f"part_values.{name}",
                               f"the value of the {name.replace('_', ' ')} of one unit")
            base += to_dest(given.amount, given.currency.code) * line.quantity
            how.append(f"{percent(part.rate)} on the {name}: {line.quantity} x "
                       f"{given.amount} {given.currency.code} declared")
        amount += part.rate * base
    less = declared.less_per_degree
    if less is not None and declared.below is not None:
        degrees = line.polarization_degrees
        if degrees is None:
            raise _missing(line, terms, "polarization_degrees", "the sugar's polarization")
        under = max(declared.below - degrees, _ZERO)
        amount -= _specific(line, less, to_dest) * under
        how.append(f"less {_per(less)} x {under} degree(s) under {declared.below} "
                   f"(polarization {degrees})")
    capped = _ZERO
    for codes, is_max in ((declared.agricultural, False), (declared.max_agricultural, True)):
        for code in codes:
            per_100kg = line.agricultural_components.get(code)  # type: ignore[call-overload]
            if per_100kg is None:
                raise _missing(line, terms, f"agricultural_components.{code}",
                               f"the {code} amount (EUR/100 kg) of the goods' Meursing "
                               "additional code")
            due = to_dest(per_100kg, "EUR") * quantity_for(line, "kg") / 100
            if is_max:
                capped += due
            else:
                amount += due
            how.append(f"{code}{' in the maximum' if is_max else ''}: {per_100kg} EUR/100 kg "
                       "declared")
    return amount, capped, "; ".join(how)


def _missing(line: Line, terms: Terms, field: str, what: str) -> MissingData:
    return MissingData(f"line {line.sku!r}: the duty of HS {terms.hs} ({terms.ref}, "
                       f"{_describe(terms)}) needs {field} ({what}), which the line does not "
                       "give")


def _limit(rate: Decimal | None, spec: Specific | None, line: Line, value: Decimal,
           to_dest: ToDest) -> Decimal:
    """A minimum or maximum duty: its ad valorem part plus its specific part."""
    amount = rate * value if rate is not None else _ZERO
    return amount + _specific(line, spec, to_dest) if spec is not None else amount


def _limit_text(rate: Decimal | None, spec: Specific | None) -> str:
    parts = [percent(rate)] if rate is not None else []
    return " + ".join(parts + ([_per(spec)] if spec is not None else []))


def _how(terms: Terms, floor: str | None, ceiling: str | None, detail: str = "") -> str:
    how = _describe(terms)
    if detail:
        how += f" ({detail})"
    if floor is not None:
        how += f" (minimum {floor} applied)"
    if ceiling is not None:
        how += f" (maximum {ceiling} applied)"
    return how


def _per(spec: Specific) -> str:
    return f"{spec.amount} {spec.currency}/{spec.per}"


#: id(rule record) -> (the record, its description); holding the record keeps its id unique.
_DESCRIBED: dict[int, tuple[ResultTerms, str]] = {}


def _describe(terms: ResultTerms) -> str:
    # Each rule record is described once, not on every line. Keyed by identity: hashing a
    # frozen record hashes every field, which costs more than this.
    hit = _DESCRIBED.get(id(terms))
    if hit is not None and hit[0] is terms:
        return hit[1]
    if len(_DESCRIBED) > 65536:
        _DESCRIBED.clear()
    parts = []
    if terms.rate is not None:
        parts.append(f"{percent(terms.rate)} ad valorem")
    parts += [_per(spec) for spec in (terms.specific, *terms.more) if spec is not None]
    declared = terms.declared
    if declared is not None:
        parts += [f"{percent(p.rate)} on the {' and '.join(p.of)}" for p in declared.parts]
        if declared.less_per_degree is not None:
            parts.append(f"less {_per(declared.less_per_degree)} per degree under "
                         f"{declared.below}")
        parts += list(declared.agricultural)
    text = " + ".join(parts) or "no duty terms"
    if declared is not None and declared.out_of_quota is not None:
        text += f" within the quota, {_describe(declared.out_of_quota)} beyond it"
    _DESCRIBED[id(terms)] = (terms, text)
    return text


def duty_charges(
    lookup: DutyLookup | CandidateLines, line: Line, value: Decimal, currency: str,
    to_dest: ToDest, *, explain: bool = True,
) -> list[Charge]:
    """Every duty of one line on customs value ``value``, each rounded as a declaration does.

    MFN, or the claimed preference when it qualifies and is not dearer; the additional duties
    that stack on it; the surcharges on it. ``explain=False`` leaves the notes empty. For
    candidate lines (``ambiguous_hs: highest``), the duties of the dearest line.
    """
    if isinstance(lookup, CandidateLines):
        return _highest(lookup, line, value, currency, to_dest, explain)
    mfn = lookup.mfn
    amount, floor, ceiling, detail = _terms_value(mfn, line, value, to_dest)
    schedule = lookup.schedule  # goods of an origin denied MFN: the rates instead (column 2)
    name, basis = (("MFN duty", "MFN ") if schedule is None else
                   (f"{schedule[:1].upper()}{schedule[1:]} duty",
                    f"{schedule} rates, not MFN (the origin is denied MFN rates): "))
    basic = Charge("mfn", name, round_minor(amount, currency), mfn.rate, value, mfn.ref,
                   f"{basis}{_how(mfn, floor, ceiling, detail)}" if explain else "")
    claim = line.preference
    if claim is not None and schedule is not None:
        if explain:
            basic = _renote(basic, f"{basic.note}; preference {claim.agreement!r} not "
                                   f"applied: goods charged {schedule} rates get none")
    elif claim is not None:
        basic = _preference(lookup, claim, line, value, currency, to_dest, basic, explain)
    charges = [basic]
    preferred = basic.kind == "preference"
    due = [extra for extra in lookup.additional
           if (extra.applies_with_preference if preferred else extra.applies_without_preference)]
    for extra in due:
        if not _for_use(extra, line):
            if extra.only_for_use is not None and line.uses is None:
                charges.append(Charge("additional", extra.name, _ZERO, None, value, extra.ref,
                                      _undeclared(extra) if explain else ""))
            continue
        if extra.not_with is not None and _pays_one_of(extra.not_with, due, line):
            continue
        if extra.not_priced is not None:
            # said even unexplained: price books and checks read it (a cost left out)
            charges.append(Charge("additional", extra.name, _ZERO, None, value, extra.ref,
                                  f"{NOT_PRICED}{extra.not_priced}"))
            continue
        if extra.top_up_to is not None:
            charges.append(_top_up(extra, extra.top_up_to, basic, value, currency, explain))
            continue
        amount, floor, ceiling, detail = _terms_value(extra, line, value, to_dest)
        charges.append(Charge("additional", extra.name, round_minor(amount, currency),
                              extra.rate, value, extra.ref,
                              _how(extra, floor, ceiling, detail) if explain else ""))
    for surcharge in lookup.surcharges:
        charges.append(Charge(
            "surcharge", surcharge.name, round_minor(surcharge.rate * basic.amount, currency),
            surcharge.rate, basic.amount, surcharge.ref,
            f"{percent(surcharge.rate)} of the duty" if explain else ""))
    return charges


def _for_use(extra: AdditionalDuty, line: Line) -> bool:
    """Whether the duty is due on the line's goods as it declares their uses (``uses``): a
    duty ``only_for_use`` is due only where the line declares that use, one
    ``except_for_use`` everywhere else."""
    uses = line.uses or ()
    if extra.only_for_use is not None and extra.only_for_use not in uses:
        return False
    return extra.except_for_use is None or not any(use in uses for use in extra.except_for_use)


def _pays_one_of(prefix: str, due: list[AdditionalDuty], line: Line) -> bool:
    """Whether the line pays a duty of ``due`` whose name begins with ``prefix`` (what keeps a
    duty ``not_with`` it off the line): by a rate, a specific amount or a top-up, or by its
    terms beyond a tariff-rate quota on a line that declares ``tariff_quota: out``; a zero
    entry marks goods outside that duty (or, within its quota, goods that do not pay it)."""
    return any(other.name.startswith(prefix) and _for_use(other, line)
               and (other.top_up_to is not None or _charges(other)
                    or _charges_beyond_quota(other, line))
               for other in due)


def _charges(terms: ResultTerms) -> bool:
    """Whether ``terms`` charge something: a specific amount or a rate above zero."""
    return terms.specific is not None or (terms.rate is not None and terms.rate > 0)


def _charges_beyond_quota(extra: AdditionalDuty, line: Line) -> bool:
    quota = extra.declared.out_of_quota if extra.declared is not None else None
    return quota is not None and line.tariff_quota == "out" and _charges(quota)


def _undeclared(extra: AdditionalDuty) -> str:
    """Why a duty due only on goods of one use is not charged on a line that does not say."""
    return (f"{UNDECLARED}not charged: HS {extra.hs} pays it only as a "
            f"{extra.only_for_use} ({GOODS_USES.get(str(extra.only_for_use), '')}), and the line "
            f"does not declare its uses: give uses: [{extra.only_for_use}] if the goods are "
            f"one, uses: [] if not")


def _top_up(extra: AdditionalDuty, top: Decimal, basic: Charge, value: Decimal,
            currency: str, explain: bool) -> Charge:
    """An additional duty that brings the line's duty (``basic``) up to ``top`` of the value:
    ``15 % of 1,000.00 less the MFN duty of 26.00``; nothing where the duty is that high."""
    amount = round_minor(max(top * value - basic.amount, _ZERO), currency)
    note = ""
    if explain:
        own = basic.name if basic.kind == "mfn" else "preferential duty"
        note = (f"brings the duty to {percent(top)} of the value: {percent(top)} of {value} "
                f"less the {own} of {basic.amount}" if amount
                else f"nothing: the {own} of {basic.amount} is already {percent(top)} of the "
                     f"value or more")
    return Charge("additional", extra.name, amount, None, value, extra.ref, note)


def _claimed(lookup: DutyLookup, claim: Preference) -> tuple[DutyRule | None, str]:
    """The preferential rule a claim qualifies for, or None and why not."""
    agreement = claim.agreement
    candidates = [p for p in lookup.preferential if p.agreement == agreement]
    if not candidates and lookup.excluded is not None:
        return None, (f"preference {agreement!r} excludes these goods: "
                      f"{lookup.excluded.excluded} ({lookup.excluded.ref})")
    if not candidates:
        others = lookup.other_agreements
        return None, (f"preference {agreement!r} does not cover this HS code and origin"
                      + (f" (the rules give {', '.join(map(repr, others))} for them)"
                         if others else ""))
    rule = candidates[0]
    if rule.requires == "proof_of_origin" and not claim.proof:
        return None, f"preference {agreement!r} needs proof of origin, none held"
    return rule, ""


def _preference(
    lookup: DutyLookup, claim: Preference, line: Line, value: Decimal, currency: str,
    to_dest: ToDest, mfn: Charge, explain: bool,
) -> Charge:
    """The preferential duty when the claim qualifies and is not dearer, else MFN (noted)."""
    rule, why_not = _claimed(lookup, claim)
    if rule is None:
        return _renote(mfn, f"{mfn.note}; {why_not}") if explain else mfn
    agreement = claim.agreement
    amount, floor, ceiling, detail = _terms_value(rule, line, value, to_dest)
    rounded = round_minor(amount, currency)
    if rounded <= mfn.amount:
        # On a tie the claim is still worth making (it can exempt fees such as US MPF).
        note = ""
        if explain:
            word = "cheaper than" if rounded < mfn.amount else "as cheap as"
            note = (f"preference {agreement}: {_how(rule, floor, ceiling, detail)}, {word} MFN "
                    f"({mfn.amount} {currency})")
        return Charge("preference", f"Preferential duty ({agreement})", rounded, rule.rate,
                      value, rule.ref, note, agreement=agreement)
    if not explain:
        return mfn
    return _renote(mfn, f"{mfn.note}; MFN cheaper than preference {agreement!r} "
                        f"({rounded} {currency})")


def _renote(charge: Charge, note: str) -> Charge:
    return Charge(charge.kind, charge.name, charge.amount, charge.rate, charge.base, charge.ref,
                  note)


def _highest(
    found: CandidateLines, line: Line, value: Decimal, currency: str, to_dest: ToDest,
    explain: bool,
) -> list[Charge]:
    """The duties of the candidate line that charges the most at ``value`` (the first of
    equals, in code order), its first charge saying which line was assumed."""
    best: list[Charge] = []
    top = chosen = None
    for lookup in found.lookups:
        try:
            charges = duty_charges(lookup, line, value, currency, to_dest, explain=False)
        except InputError as exc:
            raise InputError(f"{exc} (to find the dearest national line under HS "
                             f"{found.given}: {_code(found.given, lookup)})") from None
        total = sum((c.amount for c in charges), Decimal(0))
        if top is None or total > top:
            top, chosen, best = total, lookup, charges
    if chosen is None:
        raise found.error  # no candidate line carries a duty
    if not explain:
        return best
    charges = duty_charges(chosen, line, value, currency, to_dest)
    note = (f"{ASSUMED}HS {found.given} given, national line {_code(found.given, chosen)} "
            f"assumed ({_basis(chosen)} {describe_terms(chosen.mfn)}): the dearest of "
            f"{len(found.lookups)} candidate lines at this line's customs value "
            f"({value} {currency}) and quantity")
    charges[0] = replace(charges[0], note=f"{note}; {charges[0].note}")
    return charges


def _basis(lookup: DutyLookup) -> str:
    """What the line's basic duty is: ``MFN``, or ``column 2 rates:`` (an origin denied MFN)."""
    return "MFN" if lookup.schedule is None else f"{lookup.schedule} rates:"


def _code(given: str, lookup: DutyLookup) -> str:
    hs = lookup.mfn.hs
    return hs if len(hs) > len(given) else f"{given} (the rest of it: entry {hs})"


_READ = re.compile(r"HS (?P<given>[0-9]+) given, national line (?P<line>.+?) assumed "
                   r"\((?:MFN|[^():]+ rates:) (?P<terms>.+?)\): the dearest of "
                   r"(?P<candidates>[0-9]+) candidate lines")


def read_assumed(explanation: str) -> dict[str, str | int] | None:
    """What an explanation says of an assumed line (given code, line, terms, candidates)."""
    found = _READ.match(explanation.removeprefix(ASSUMED)) \
        if explanation.startswith(ASSUMED) else None
    if found is None:
        return None
    return {"hs_code": found["given"], "assumed_line": found["line"], "terms": found["terms"],
            "candidates": int(found["candidates"])}


def undeclared_use_notes(comp: Computation) -> tuple[Note, ...]:
    """The quote's GOODS_USE_UNDECLARED notes: one per duty not charged on a line because
    it is due only on goods of a use the line does not declare (or deny)."""
    return tuple(
        Note("GOODS_USE_UNDECLARED", f"line {i + 1} ({comp.ctx.quote.lines[i].sku}): "
             f"{charge.name}: {charge.note.removeprefix(UNDECLARED)}")
        for i, charges in enumerate(comp.charges) for charge in charges
        if charge.note.startswith(UNDECLARED))


def not_priced_due(explanation: str) -> str | None:
    """What a charge's explanation says is due but left out of the figures (a ``not_priced``
    rule's charge, shown as 0.00), or None for any other charge."""
    return explanation.removeprefix(NOT_PRICED) if explanation.startswith(NOT_PRICED) else None


def not_priced_notes(comp: Computation) -> tuple[Note, ...]:
    """The quote's CHARGE_NOT_PRICED notes: one per charge due on a line on facts the quote
    does not give (shown as 0.00)."""
    return tuple(
        Note("CHARGE_NOT_PRICED",
             f"line {i + 1} ({comp.ctx.quote.lines[i].sku}): {charge.name}: {what}")
        for i, charges in enumerate(comp.charges) for charge in charges
        if (what := not_priced_due(charge.note)) is not None)


def assumed_line_notes(comp: Computation) -> tuple[Note, ...]:
    """The quote's HS_LINE_ASSUMED notes: one per line whose national line was assumed."""
    return tuple(
        Note("HS_LINE_ASSUMED", f"line {i + 1} ({comp.ctx.quote.lines[i].sku}): "
             f"{charges[0].note.removeprefix(ASSUMED).split('; ', 1)[0]}")
        for i, charges in enumerate(comp.charges)
        if charges and charges[0].note.startswith(ASSUMED))
