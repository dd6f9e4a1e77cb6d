"""Duty on one line: MFN or a claimed preference, additional duties, surcharges on the duty.

A preference applies when the line claims it, the agreement covers the HS code and origin,
and proof of origin is held where the rule requires it; the cheaper of MFN and preference
wins (a qualifying preference wins a tie). Ad valorem, specific, compound, minimum and maximum
duties.

Specific duties need a quantity: ``kg`` from ``unit_weight_kg``; ``unit``/``item`` (and
``dozen``) from ``quantity``; ``litre``, ``pair``, ``jewel``, ``m2`` from ``extra_units``
(per unit of the line, like ``unit_weight_kg``). A missing quantity is an error.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from pricing_engine.errors import InputError
from pricing_engine.landed.components import Charge, percent, to_minor
from pricing_engine.landed.ports import (
    AdditionalLike,
    DutyLookupLike,
    DutyRuleLike,
    DutyTermsLike,
    SpecificLike,
)
from pricing_engine.quote import Line

__all__ = ["duty_amounts", "duty_charges", "quantity_for", "terms_amount"]

_ZERO = Decimal(0)
#: A converter of a rule's currency into the destination currency (customs FX).
ToDest = Callable[[Decimal, str], Decimal]


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
    unit = "litre" if per == "hl" else per
    if unit not in line.extra_units:
        raise InputError(f"line {line.sku!r}: a duty per {per} needs extra_units.{unit}")
    total = line.quantity * line.extra_units[unit]
    return total / 100 if per == "hl" else total


def _specific(line: Line, spec: SpecificLike, to_dest: ToDest) -> Decimal:
    return to_dest(spec.amount, spec.currency) * quantity_for(line, spec.per)


def terms_amount(
    terms: DutyTermsLike, line: Line, value: Decimal, to_dest: ToDest
) -> tuple[Decimal, str]:
    """Unrounded duty of ``terms`` on ``value`` (destination currency) and how it was made."""
    amount, floor, ceiling = _terms_value(terms, line, value, to_dest)
    how = _describe(terms)
    if floor is not None:
        how += f" (minimum {_per(floor)} applied)"
    if ceiling is not None:
        how += f" (maximum {_per(ceiling)} applied)"
    return amount, how


def _terms_value(
    terms: DutyTermsLike, line: Line, value: Decimal, to_dest: ToDest
) -> tuple[Decimal, SpecificLike | None, SpecificLike | None]:
    """Unrounded duty of ``terms`` on ``value``, and the minimum or maximum that applied."""
    amount = _ZERO
    if terms.rate is not None:
        amount += terms.rate * value
    if terms.specific is not None:
        amount += _specific(line, terms.specific, to_dest)
    floored = capped = None
    if terms.min is not None:
        floor = _specific(line, terms.min, to_dest)
        if amount < floor:
            amount, floored = floor, terms.min
    if terms.max is not None:
        ceiling = _specific(line, terms.max, to_dest)
        if amount > ceiling:
            amount, capped = ceiling, terms.max
    return amount, floored, capped


def _per(spec: SpecificLike) -> str:
    return f"{spec.amount} {spec.currency}/{spec.per}"


#: id(rule record) -> (the record, its description); holding the record keeps its id unique.
_DESCRIBED: dict[int, tuple[DutyTermsLike, str]] = {}


def _describe(terms: DutyTermsLike) -> str:
    # Each rule record is described once, not on every evaluation of the DDP solver. Keyed
    # by identity: hashing a frozen record hashes every field, which costs more than this.
    hit = _DESCRIBED.get(id(terms))
    if hit is not None and hit[0] is terms:
        return hit[1]
    if len(_DESCRIBED) > 65536:
        _DESCRIBED.clear()
    text = _description(terms)
    _DESCRIBED[id(terms)] = (terms, text)
    return text


def _description(terms: DutyTermsLike) -> str:
    parts = []
    if terms.rate is not None:
        parts.append(f"{percent(terms.rate)} ad valorem")
    if terms.specific is not None:
        parts.append(_per(terms.specific))
    return " + ".join(parts) or "no duty terms"


def duty_charges(
    lookup: DutyLookupLike, line: Line, value: Decimal, currency: str, to_dest: ToDest
) -> list[Charge]:
    """Every duty of one line on customs value ``value``, each rounded as a declaration does."""
    mfn_amount, mfn_how = terms_amount(lookup.mfn, line, value, to_dest)
    basic = Charge("mfn", "MFN duty", to_minor(mfn_amount, currency), lookup.mfn.rate,
                   value, lookup.mfn.ref, f"MFN {mfn_how}")
    preferred = False
    claim = line.preference
    if claim is not None:
        basic, preferred = _preference(lookup, line, value, currency, to_dest, basic, claim)
    charges = [basic]
    for extra in _stacked(lookup, preferred):
        amount, how = terms_amount(extra, line, value, to_dest)
        charges.append(Charge("additional", extra.name, to_minor(amount, currency),
                              extra.rate, value, extra.ref, how))
    for surcharge in lookup.surcharges:
        amount = to_minor(surcharge.rate * basic.amount, currency)
        charges.append(Charge("surcharge", surcharge.name, amount, surcharge.rate, basic.amount,
                              surcharge.ref, f"{percent(surcharge.rate)} of the duty"))
    return charges


def duty_amounts(
    lookup: DutyLookupLike, line: Line, value: Decimal, currency: str, to_dest: ToDest
) -> tuple[Decimal, Decimal, str | None]:
    """What duty_charges() charges, without writing the charges.

    Returns the duties, the surcharges and the preference applied (None: MFN). The DDP
    solve tries each line at several values and needs only these.
    """
    basic = to_minor(_terms_value(lookup.mfn, line, value, to_dest)[0], currency)
    applied = None
    claim = line.preference
    rule = None if claim is None else _claimed(lookup, claim)[0]
    if rule is not None and claim is not None:
        rounded = to_minor(_terms_value(rule, line, value, to_dest)[0], currency)
        if rounded <= basic:
            basic, applied = rounded, claim.agreement
    duty = basic
    for extra in _stacked(lookup, applied is not None):
        duty += to_minor(_terms_value(extra, line, value, to_dest)[0], currency)
    surcharges = _ZERO
    for surcharge in lookup.surcharges:
        surcharges += to_minor(surcharge.rate * basic, currency)
    return duty, surcharges, applied


def _stacked(lookup: DutyLookupLike, preferred: bool) -> list[AdditionalLike]:
    """The additional duties that apply on top of MFN, or of the preference if it won."""
    return [extra for extra in lookup.additional
            if not preferred or extra.applies_with_preference]


def _claimed(lookup: DutyLookupLike, claim: object) -> tuple[DutyRuleLike | None, str]:
    """The preferential rule a claim qualifies for, or None and why not."""
    agreement = getattr(claim, "agreement", "")
    candidates = [p for p in lookup.preferential if p.agreement == agreement]
    if not candidates:
        return None, f"preference {agreement!r} does not cover this HS code and origin"
    rule = candidates[0]
    if rule.requires == "proof_of_origin" and not getattr(claim, "proof", False):
        return None, f"preference {agreement!r} needs proof of origin, none held"
    return rule, ""


def _preference(
    lookup: DutyLookupLike, line: Line, value: Decimal, currency: str, to_dest: ToDest,
    mfn: Charge, claim: object,
) -> tuple[Charge, bool]:
    rule, why_not = _claimed(lookup, claim)
    if rule is None:
        return _renote(mfn, f"{mfn.note}; {why_not}"), False
    agreement = getattr(claim, "agreement", "")
    amount, how = terms_amount(rule, line, value, to_dest)
    rounded = to_minor(amount, currency)
    if rounded <= mfn.amount:
        # On a tie the claim is still worth making (it can exempt fees such as US MPF).
        word = "cheaper than" if rounded < mfn.amount else "as cheap as"
        note = f"preference {agreement}: {how}, {word} MFN ({mfn.amount} {currency})"
        return Charge("preference", f"Preferential duty ({agreement})", rounded, rule.rate,
                      value, rule.ref, note, agreement=agreement), True
    note = f"{mfn.note}; MFN cheaper than preference {agreement!r} ({rounded} {currency})"
    return _renote(mfn, note), False


def _renote(charge: Charge, note: str) -> Charge:
    return Charge(charge.kind, charge.name, charge.amount, charge.rate, charge.base, charge.ref,
                  note)
