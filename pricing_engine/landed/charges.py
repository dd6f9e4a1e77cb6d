"""Step 3 of pricing a quote: every line's duties, fees and import taxes at its customs value.

Order of work: shipment costs per line and the customs value of each (valuation.py, rounded
to the destination currency's minor unit, as a declaration states it), de minimis and the
tax-collection scheme for the consignment (deminimis.py, tax.py), then per line: duty
(duty.py), fees (fees.py: per entry, allocated, so always all lines at once) and import tax
(tax.py) on a base that may include both.

Under DDP the invoice price includes the duties, taxes and fees the seller pays while customs
law keeps them out of the customs value, so each line's value is solved: the largest ``v`` (in
minor units) with ``v + charges(v) <= price share`` (de minimis is decided on the value before
that deduction). ``charges`` rounds per declaration line, so it steps, but it never decreases,
which the search (solve.py) relies on. The solve asks the same functions that write the
charges: each value tried has its duties written (with their explanations) and its taxes
summed (``explain=False``), and the duties written at the value found are the line's own, to
which its fees and taxes are added once the fees settle. Fees depend on every line's value
(the MPF on the entry's entered value), so the per-line solve runs again with the fees of the
values found, for the lines whose fees moved, until none moves (at most _FEE_ROUNDS rounds).
A line whose price cannot cover its own charges even at a customs value of zero (a fee's
minimum, a flat duty) is an InputError naming it, never a silent 0.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from decimal import ROUND_DOWN, ROUND_FLOOR, ROUND_HALF_DOWN, ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from pricing_engine.errors import InputError, naming_line
from pricing_engine.landed.context import Lookups
from pricing_engine.landed.deminimis import decide_relief, flat_duty_charges
from pricing_engine.landed.duty import duty_charges
from pricing_engine.landed.fees import FeeSplit, fee_charges, fee_shares, fee_splits
from pricing_engine.landed.model import (
    Charge,
    Collection,
    Computation,
    Context,
    Note,
    Relief,
    Shipment,
    percent,
)
from pricing_engine.landed.solve import solve_monotone
from pricing_engine.landed.tax import collection_scheme, sale_tax, tax_charges
from pricing_engine.landed.valuation import customs_bases, shipment_costs
from pricing_engine.money import minor_unit, round_minor
from pricing_engine.rules.model import RoundStep, TaxSplit

if TYPE_CHECKING:
    from pricing_engine.rules.results import CandidateLines, DutyLookup, FeeRule, TaxHit

__all__ = ["LineCharges", "NotCovered", "charge_total", "compute_charges", "duty_amounts",
           "solve_included"]

_ONE = Decimal(1)
_ZERO = Decimal(0)
#: The most rounds of the DDP solve with the fees of the last round's values. The rounds
#: start from the fees at the first guesses of the values and come down to the greatest
#: values whose fees are their own; fees that depend on every line's value (the MPF) settle
#: in two or three (the lines still moving are re-solved, the others keep their values), or
#: alternate between two rounds, which ends the rounds too.
_FEE_ROUNDS = 5


def charge_total(charges: Sequence[Charge]) -> Decimal:
    """The sum of the (rounded) amounts of ``charges``."""
    total = _ZERO
    for c in charges:  # a plain loop: this runs for every line at every value tried
        total += c.amount
    return total


def duty_amounts(duties: Sequence[Charge]) -> tuple[Decimal, Decimal]:
    """What a line's duty charges add up to: the duties, and the surcharges on them (an
    import-tax base lists the two apart)."""
    duty = surcharges = _ZERO
    for c in duties:
        if c.kind == "surcharge":
            surcharges += c.amount
        else:
            duty += c.amount
    return duty, surcharges


def _agreement(duties: Sequence[Charge]) -> str | None:
    """Which preference a line's duty applies (None: MFN)."""
    return next((c.agreement for c in duties if c.kind == "preference"), None)


def compute_charges(ctx: Context, look: Lookups) -> Computation:
    """Compute customs values and every duty, tax and fee of a quote's lines."""
    q, rules = ctx.quote, look.rules
    ship = shipment_costs(ctx)
    sale = sale_tax(q, rules)
    n = len(q.lines)
    if not ctx.is_import:
        none = Relief(None, None, (Note(
            "NO_IMPORT", "no import: origin and destination share a customs territory"),))
        zero = [_ZERO] * n
        return Computation(ctx, ship, zero, zero, [[] for _ in range(n)], none,
                           Collection(None, None), sale)
    cur = ctx.dest_currency
    gross, added = customs_bases(ctx, ship)
    cv = [round_minor(g + a, cur) for g, a in zip(gross, added, strict=True)]
    intrinsic = sum(gross, _ZERO)
    relief = decide_relief(ctx, rules, intrinsic=intrinsic, customs_value=sum(cv, _ZERO),
                           lookups=look)
    collection = collection_scheme(ctx, rules, intrinsic=intrinsic)
    if collection.collected == "at_sale" and relief.tax is not None and collection.scheme:
        # Vendor collection exists for consignments the border threshold lets through
        # (Australia's low-value GST): the tax is charged at the sale all the same.
        relief = Relief(relief.duty, None, (*relief.notes, Note(
            "TAX_COLLECTED_AT_SALE", f"tax de minimis does not apply: collected at the sale "
            f"under {collection.scheme.scheme}")), relief.flat)
    calc = LineCharges(ctx, look, ship, relief, collection)
    if ctx.split.seller_bears("import_duties_taxes"):
        charges = solve_ddp(calc, cv, [g + a for g, a in zip(gross, added, strict=True)])
    else:
        charges = calc.run(cv)
    goods = [v - a for v, a in zip(cv, added, strict=True)]
    return Computation(ctx, ship, cv, goods, charges, relief, collection, sale)


#: A declaration rounding's mode as the decimal module names it.
_MODES = {"down": ROUND_DOWN, "half_up": ROUND_HALF_UP, "half_down": ROUND_HALF_DOWN}


def _stepped(value: Decimal, step: RoundStep | None) -> Decimal:
    """``value`` as the declaration rounds it (unchanged without a rule)."""
    if step is None:
        return value
    if step.at_least is not None and 0 < value < step.at_least:
        return step.at_least
    return (value / step.step).quantize(_ONE, _MODES[step.mode]) * step.step


def _declared(charges: list[Charge], step: RoundStep | None, note: str) -> list[Charge]:
    """The charges with their amounts rounded as the declaration rounds them."""
    if step is None:
        return charges
    return [replace(c, amount=_stepped(c.amount, step),
                    note=c.note + note if c.note else c.note) for c in charges]


def _split(charge: Charge, split: TaxSplit, step: RoundStep | None, note: str) -> Charge:
    """A tax declared as its national part (``split.national`` of the rate on the base) and
    its local part (``split.local_of_national`` of the national amount), each rounded as the
    declaration rounds (JP: 7.8 % and 22/78 of it, each cut to 100 yen)."""
    if charge.rate is None or charge.base is None:
        return charge
    num, den = TaxSplit.ratio(split.national)
    national = _stepped(charge.rate * charge.base * num / den, step)
    num, den = TaxSplit.ratio(split.local_of_national)
    local = _stepped(national * num / den, step)
    detail = (f"; declared as {split.national} of the rate, {national}, and "
              f"{split.local_of_national} of that, {local}") if charge.note else ""
    return replace(charge, amount=national + local,
                   note=charge.note + detail + note if charge.note else charge.note)


def _uplifts(ctx: Context, look: Lookups) -> tuple[list[Decimal], list[str]]:
    """Each line's uplift rate (the share of its customs value its import-tax base adds)
    and the note that says so: 0 unless the base lists ``uplift``; 0 for goods that
    originate in and are shipped from one of the uplift's ``except_origins``."""
    lines = ctx.quote.lines
    if "uplift" not in ctx.tax_base:
        return [_ZERO] * len(lines), [""] * len(lines)
    uplift = look.rules.country(ctx.destination).uplift_on(ctx.quote.date)
    assert uplift is not None  # the base lists it: in force, or MissingRule was raised
    ship_from, ref = ctx.quote.origin_country, uplift.ref
    rates, notes = [], []
    for line in lines:
        if line.origin in uplift.except_origins and ship_from in uplift.except_origins:
            rates.append(_ZERO)
            notes.append(f"; uplift 0: goods of {line.origin} shipped from {ship_from} "
                         f"({ref.file}:{ref.line})")
        else:
            rates.append(uplift.rate)
            notes.append(f"; uplift {percent(uplift.rate)} of the customs value "
                         f"({ref.file}:{ref.line})")
    return rates, notes


class LineCharges:
    """Per-line charge computation for one consignment (relief and scheme fixed)."""

    def __init__(self, ctx: Context, look: Lookups, ship: Shipment, relief: Relief,
                 collection: Collection) -> None:
        self.ctx, self.ship, self.relief, self.collection = ctx, ship, relief, collection
        q = ctx.quote
        # read on every value tried: looked up once
        self.lines, self.currency, self.to_dest = q.lines, ctx.dest_currency, ctx.to_dest
        self.registered = q.buyer.is_registered
        # A consignment the duty de minimis relieves (or a flat duty replaces the tariff for)
        # needs no duty rate: its lines are not looked up, so a line outside the tariff
        # tables still prices when no duty is due.
        relieved = relief.duty is not None or relief.flat is not None
        self.lookups: list[DutyLookup | CandidateLines] = []
        self.hits: list[tuple[TaxHit, ...]] = []
        for i, ln in enumerate(q.lines):  # a rule missing for one line names the line
            if not relieved:
                with naming_line(i, ln.sku, len(q.lines)):
                    self.lookups.append(look.duty(ctx.destination, ln, q.date))
            with naming_line(i, ln.sku, len(q.lines), "tax_class"):
                self.hits.append(look.tax(ctx.destination, ln.tax_class, q.date,
                                          ctx.subdivision))
        self.fee_rules: Sequence[FeeRule] = look.fees(ctx.destination, q.date, q.mode)
        #: whether a fee is charged on the duty (then fees need every line's duty)
        self.fees_on_duty = any((f.base or ctx.fee_base) == "duty" for f in self.fee_rules)
        rate = ctx.customs_rate(ctx.quote_currency, ctx.dest_currency)
        self.rate = rate
        cif = ctx.valuation == "CIF"
        self.transport = [_ZERO if cif else c * rate for c in ship.carriage_insurance]
        #: what a CIF customs value holds beyond the entered value (carriage and insurance)
        self.carriage = [c * rate for c in ship.carriage_insurance] if cif else None
        self.post = [p * rate for p in ship.post_border]
        #: each line's share of the customs value added to its tax base (part ``uplift``),
        #: and what the tax notes say of it
        self.uplift, self.uplift_notes = _uplifts(ctx, look)
        #: the declaration's rounding (None: each charge to the minor unit), and the note
        #: the charges it rounds carry
        self.rounding = ctx.rounding
        ref = ctx.rounding_ref
        self.rounding_note = "" if ref is None else (
            f"; rounded as the declaration rounds ({ref.file}:{ref.line})")
        #: each line's flat duty when it replaces the tariff (it does not depend on the value)
        self.flat = flat_duty_charges(ctx, relief.flat) if relief.flat is not None else None

    def duty(self, i: int, cv: Decimal, *, explain: bool = True) -> list[Charge]:
        """Line ``i``'s duties on customs value ``cv`` (or its de minimis relief or flat duty)."""
        if self.flat is not None:
            return [self.flat[i]]
        if self.relief.duty is not None:
            return [Charge("mfn", "Duty", _ZERO, None, cv, self.relief.duty.ref,
                           "relieved: consignment under the duty de minimis")]
        r = self.rounding
        base = cv if r is None else _stepped(_stepped(cv, r.customs_value), r.duty_base)
        charges = duty_charges(self.lookups[i], self.lines[i], base, self.currency,
                               self.to_dest, explain=explain)
        return charges if r is None else _declared(charges, r.duty, self.rounding_note)

    def tax(self, i: int, cv: Decimal, duty: Decimal, surcharges: Decimal, fees: Decimal, *,
            explain: bool = True) -> list[Charge]:
        """Line ``i``'s import taxes on the base built from ``cv``, its duty and surcharges
        (:func:`duty_amounts` of its duty charges) and fees."""
        if not self.hits[i]:
            return []  # no import tax on this class
        r = self.rounding
        value = cv if r is None else _stepped(cv, r.customs_value)
        parts = {  # every component a destination's import-tax base may list
            "customs_value": value, "duty": duty, "surcharges": surcharges, "fees": fees,
            "transport_insurance": self.transport[i], "post_border_costs": self.post[i],
            "uplift": self.uplift[i] * value}
        charges = tax_charges(self.hits[i], parts, self.ctx, self.collection,
                              registered=self.registered, explain=explain,
                              detail=self.uplift_notes[i],
                              base_step=None if r is None else (
                                  lambda b: _stepped(b, r.tax_base)))
        if r is not None and r.tax_split is not None:
            charges = [_split(c, r.tax_split, r.tax, self.rounding_note) for c in charges]
        elif r is not None:
            charges = _declared(charges, r.tax, self.rounding_note)
        if self.relief.tax is None:
            return charges
        return [Charge(c.kind, c.name, _ZERO, c.rate, c.base, self.relief.tax.ref,
                       "relieved: consignment under the tax de minimis", c.collected)
                for c in charges]

    def own(self, i: int, cv: Decimal, fees: Decimal,
            duties: Sequence[Charge] | None = None) -> Decimal:
        """What line ``i``'s duties and taxes add up to at ``cv`` (the amounts only).

        ``duties``: the line's duty charges at ``cv`` (:meth:`duty`), when the caller has them.
        """
        if duties is None:
            duties = self.duty(i, cv, explain=False)
        total = charge_total(duties)
        if self.hits[i]:
            duty, surcharges = duty_amounts(duties)
            total += charge_total(self.tax(i, cv, duty, surcharges, fees, explain=False))
        return total

    def fee_totals(self, cv: list[Decimal], applied: Sequence[str | None]) -> list[Decimal]:
        """What each line's fee charges, as run() writes them, add up to at ``cv`` (the same
        splits, summed)."""
        return fee_shares(self.splits(cv, applied), len(cv))

    def splits(self, cv: list[Decimal], applied: Sequence[str | None]) -> list[FeeSplit]:
        """The fees' splits at ``cv`` (what run() writes out and fee_totals() sums)."""
        duties = [charge_total(self.duty(i, v, explain=False)) for i, v in enumerate(cv)] \
            if self.fees_on_duty else None
        return fee_splits(self.ctx, self.fee_rules, self._fee_bases(cv, duties), applied)

    def _fee_bases(
        self, cv: list[Decimal], duties: list[Decimal] | None,
    ) -> dict[str, list[Decimal]]:
        carriage = self.carriage
        bases = {
            "customs_value": cv,
            "entered_value": cv if carriage is None else [
                v - c for v, c in zip(cv, carriage, strict=True)],
        }
        if duties is not None:
            bases["duty"] = duties
        return bases

    def run(self, cv: list[Decimal], splits: list[FeeSplit] | None = None,
            duties: Sequence[list[Charge] | None] | None = None) -> list[list[Charge]]:
        """Every line's charges at customs values ``cv``: its duties, fees, then taxes.

        ``splits``: the fees' splits at ``cv`` when the DDP solve has them already (the
        same amounts: the fees do not depend on the duties' explanations). ``duties``: each
        line's duty charges at its value when the solve wrote them there (:meth:`duty`, with
        the explanations; None where it did not); run() appends the line's fees and taxes.
        """
        charges = [self.duty(i, v) for i, v in enumerate(cv)] if duties is None else [
            self.duty(i, v) if d is None else d for i, (v, d) in enumerate(
                zip(cv, duties, strict=True))]  # a new list a line
        if splits is None:
            splits = fee_splits(self.ctx, self.fee_rules, self._fee_bases(
                cv, [charge_total(d) for d in charges]), [_agreement(d) for d in charges])
        fees = fee_shares(splits, len(cv))  # what each line's fee charges add up to
        hits = self.hits
        # on the duties, before the fees join them; () where no import tax applies (no list
        # made a line for nothing: each is a live object the collector counts)
        taxes = [self.tax(i, v, *duty_amounts(charges[i]), fees[i]) if hits[i] else ()
                 for i, v in enumerate(cv)]
        fee_charges(splits, charges)  # each line's fees after its duties
        for line, tax in zip(charges, taxes, strict=True):
            line += tax
        return charges


def solve_ddp(
    calc: LineCharges, cv: list[Decimal], totals: list[Decimal],
) -> list[list[Charge]]:
    """Solve every line's DDP customs value; return every line's charges at it.

    ``cv`` holds the values before the deduction (replaced by the solved values) and
    ``totals`` each line's share of the price on the customs value's basis.
    """
    n = len(cv)
    # Which preference each line applies (a choice between fixed rules: it does not move),
    # and its duty and surcharges at the undeducted value. Only the amounts are kept: the
    # charges of 10,000 lines held at once would be some 40,000 objects for the collector.
    applied: list[str | None] = []
    duty: list[Decimal] = []
    surcharges: list[Decimal] = []
    for i, v in enumerate(cv):
        first = calc.duty(i, v, explain=False)
        applied.append(_agreement(first))
        d, s = duty_amounts(first)
        duty.append(d)
        surcharges.append(s)
    fee = calc.fee_totals(cv, applied)
    # The charges at the undeducted value give each line's rate of duty and tax: a first
    # guess of the value that leaves them (and the fees) out of the price.
    slope = [(duty[i] + surcharges[i] + charge_total(calc.tax(
        i, cv[i], duty[i], surcharges[i], fee[i], explain=False))) / cv[i]
             if cv[i] else _ZERO for i in range(n)]
    del duty, surcharges
    cur = calc.ctx.dest_currency
    guesses = [(totals[i] - fee[i]) / (1 + slope[i]) for i in range(n)]
    # Fees on the entry's value (the MPF) are shared by value: those of the undeducted values
    # would move every line's share by a few cents once solved, and every line would be solved
    # twice. The fees at the first guesses are those of the roots to a cent or so.
    fee = calc.fee_totals([max(round_minor(g, cur, ROUND_FLOOR), _ZERO) for g in guesses],
                          applied)
    guesses = [(totals[i] - fee[i]) / (1 + slope[i]) for i in range(n)]
    todo: Sequence[int] = range(n)
    # each line's duty charges at the value its last solve found (that value, the object)
    written: list[list[Charge] | None] = [None] * n
    written_at: list[Decimal | None] = [None] * n
    # last round's fees, values and fee splits
    before: tuple[list[Decimal], list[Decimal], list[FeeSplit]] | None = None
    for done in range(1, _FEE_ROUNDS + 1):  # each round starts next to the last answer
        for i in todo:
            tried: list[tuple[Decimal, list[Charge]]] = []
            try:
                cv[i] = found = solve_included(
                    totals[i], _line_charges(calc, i, fee[i], slope, tried), cur,
                    guess=guesses[i])
            except NotCovered as exc:
                raise _not_covered(calc, i, exc) from None
            # the root is a value tried, most often the last or the one before
            written[i] = next((d for v, d in reversed(tried) if v is found), None)
            written_at[i] = found
        splits = calc.splits(cv, applied)
        new = fee_shares(splits, n)
        if new == fee:
            break
        if before is not None and new == before[0]:
            # The fees alternate (a cent of a shared fee moving between two lines): the
            # values alternate with them, so the values of the last round are known.
            if (_FEE_ROUNDS - done) % 2:
                cv[:], splits = before[1], before[2]
            break
        before = fee, list(cv), splits
        # Fees moved by a few cents: each value moves by about that much, less its charges.
        # A line whose fees did not move keeps its value (the same equation, the same root).
        todo = [i for i in range(n) if new[i] != fee[i]]
        guesses = [cv[i] + (fee[i] - new[i]) / (1 + slope[i]) if new[i] != fee[i] else cv[i]
                   for i in range(n)]
        fee = new
    # The duties written at each root serve as the line's (a value the fees' alternation
    # took back is written again): the same charges duty() writes, each written once.
    return calc.run(cv, splits, [d if at is v else None
                                 for d, at, v in zip(written, written_at, cv, strict=True)])


def _line_charges(
    calc: LineCharges, i: int, fee: Decimal, slope: list[Decimal],
    tried: list[tuple[Decimal, list[Charge]]],
) -> Callable[[Decimal], Decimal]:
    """Line ``i``'s charges as a function of its customs value, the fees ``fee`` fixed.

    Each value's duty charges are written with their explanations (they cost a few per cent
    more than the amounts alone) and appended to ``tried``: the root's are the line's own.
    Not memoised: a re-solve starts next to the last root, and only some 6 % of the values
    tried were tried before (a 10,000-line quote), while hashing each new Decimal value to
    look it up costs about as much as computing its charges again.
    """

    def charges(value: Decimal) -> Decimal:
        duties = calc.duty(i, value)
        tried.append((value, duties))
        amount = calc.own(i, value, fee, duties)
        if value:
            slope[i] = amount / value  # duty and tax per unit of value, as last seen
        return amount + fee

    return charges


class NotCovered(InputError):
    """No customs value ``v >= 0`` has ``v + charges(v) <= total``: the price is too low.

    ``total`` is the price share and ``charges`` what is charged at a value of zero.
    """

    def __init__(self, total: Decimal, charges: Decimal) -> None:
        self.total, self.charges = total, charges
        super().__init__(f"a price share of {total} does not cover the {charges} charged "
                         "even at a customs value of zero")


def solve_included(
    total: Decimal, charges: Callable[[Decimal], Decimal], currency: str, *,
    guess: Decimal | None = None,
) -> Decimal:
    """Largest customs value ``v`` (in minor units) with ``v + charges(v) <= total``.

    Raises NotCovered when there is none (``charges(0) > total``). ``charges`` must not
    decrease, so ``h(v) = v + charges(v) - total`` rises by at least a minor unit per minor
    unit: ``-unit < h(v) <= 0`` proves ``v`` is the answer. A ``guess`` close to the answer
    (a re-solve) is tried first, a few minor units around it; then ad valorem charges, being
    proportional, let one scaling land next to the root; then the bracketed search.
    """
    unit = minor_unit(currency)

    def h(v: Decimal) -> Decimal:
        return v + charges(v) - total

    if guess is not None and guess >= 0:
        found = _walk(h, round_minor(guess, currency, ROUND_FLOOR), unit)
        if found is not None:
            return found
    hi = -round_minor(-total, currency, ROUND_FLOOR)  # total rounded up: h(hi) >= 0
    hhi = h(hi)
    if hhi <= 0:
        return hi
    start = round_minor(total * hi / (hhi + total), currency, ROUND_FLOOR) \
        if hhi + total > 0 else _ZERO
    if _ZERO <= start < hi:
        hstart = h(start)
        if hstart <= 0:
            hnext = h(start + unit)
            if hnext > 0:
                return start
            return _bracketed(h, start + unit, hnext, hi, hhi, unit)
        hi, hhi = start, hstart
    lo = max(round_minor(hi - hhi + (hi - total) - unit, currency, ROUND_FLOOR), _ZERO)
    hlo = h(lo)
    if hlo > 0:
        # lo is 0 here (above 0, h(lo) < 0 by construction): nothing non-negative fits
        raise NotCovered(total, charges(_ZERO))
    return _bracketed(h, lo, hlo, hi, hhi, unit)


def _bracketed(h: Callable[[Decimal], Decimal], lo: Decimal, hlo: Decimal, hi: Decimal,
               hhi: Decimal, unit: Decimal) -> Decimal:
    return solve_monotone(h, lo, hlo, hi, hhi, step=unit,
                          accept=lambda hx: -unit < hx <= 0)[0]


def _walk(h: Callable[[Decimal], Decimal], v: Decimal, unit: Decimal) -> Decimal | None:
    """From a close guess, step a few minor units to where ``h(v) <= 0 < h(v + unit)``.

    As ``h`` rises by at least ``unit`` per ``unit``, ``-unit < h(v) <= 0`` proves it alone.
    """
    hv = h(v)
    for _ in range(4):
        if hv <= 0:
            if hv > -unit:
                return v
            hn = h(v + unit)
            if hn > 0:
                return v
            v, hv = v + unit, hn
        else:
            v -= unit
            if v < 0:
                return None
            hv = h(v)
    return None


def _not_covered(calc: LineCharges, i: int, exc: NotCovered) -> InputError:
    cur = calc.ctx.dest_currency
    line = calc.ctx.quote.lines[i]
    return InputError(
        f"line {i + 1} ({line.sku}): under {calc.ctx.split.incoterm} the price must include "
        f"the import charges the seller pays, but its share of {exc.total:.2f} {cur} does "
        f"not cover the {exc.charges:.2f} {cur} charged even at a customs value of zero (a "
        "fee's minimum or a flat duty): raise the price, or quote a term where the buyer "
        "pays the import charges (DAP)")
