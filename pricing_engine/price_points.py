"""Price points: the prices a seller invoices, and rounding a computed price up to one.

A computed price (a target-margin price, a converted list price) is rarely invoiceable:
``11.65450304646180``. A :class:`PricePointRule` says which prices are: by default every
multiple of the currency's minor unit (0.01 EUR, 1 JPY); a ``step`` (multiples of 10 JPY, of
5 HUF, of 0.05 CHF); or ``endings`` within every ``every`` units (``.99``, ``.95`` or ``.00``).
:func:`price_point_up` rounds *up* to the nearest point, never down, so a price that reaches
a target margin still reaches it once rounded (costs permitting: the caller re-prices at the
rounded price and checks). A zero price stays zero (a free line stays free).
:class:`PricePoints` picks a rule per currency (the approval policy's ``price_points``; the
bundled rules/policy.yaml has steps of 10 JPY and KRW and 5 HUF, which ``quote --target`` uses
unless ``--policy`` gives another policy).

>>> price_point_up(Decimal("11.6545"), "EUR")
Decimal('11.66')
>>> price_point_up(Decimal("11.6545"), "EUR", PricePointRule(endings=("0.99", "0.95")))
Decimal('11.95')
>>> price_point_up(Decimal("11.9901"), "EUR", PricePointRule(endings=("0.99", "0.95")))
Decimal('12.95')
>>> price_point_up(Decimal("1234.2"), "JPY", PricePointRule(step="10"))
Decimal('1240')
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from pydantic import Field, field_validator, model_validator

from pricing_engine.errors import InputError
from pricing_engine.fields import Currency, FrozenModel, NonNegative, Positive
from pricing_engine.money import minor_unit

__all__ = ["PricePointRule", "PricePoints", "price_point_below", "price_point_up"]


class PricePointRule(FrozenModel):
    """Which prices are invoiceable in a currency: its minor unit, a step, or endings.

    With neither ``step`` nor ``endings`` every multiple of the minor unit is a point. A step
    and every ending must themselves be multiples of the currency's minor unit
    (:meth:`check_currency`: ``.99`` cannot end a JPY price), checked where the rule is
    given for a currency (a market's, a policy's ``by_currency``) and when a price is rounded.
    """

    step: Positive | None = Field(default=None, description="prices are whole multiples of "
                                  "this (10 for JPY, 5 for HUF, 0.05 for CHF)")
    endings: tuple[NonNegative, ...] = Field(default=(), description="the remainders a price "
                                             "may leave when divided by `every` (0.99, 0.95)")
    every: Positive = Field(default=Decimal(1), description="the unit endings count within "
                            "(1: 12.99; 10: 19.90 with ending 9.90)")

    @model_validator(mode="after")
    def _one_kind(self) -> PricePointRule:
        if self.step is not None and self.endings:
            raise ValueError("give a step or endings, not both")
        if any(ending >= self.every for ending in self.endings):
            raise ValueError(f"every ending must be below every ({self.every})")
        if len(set(self.endings)) != len(self.endings):
            raise ValueError("an ending is given twice")
        return self

    def check_currency(self, currency: str) -> PricePointRule:
        """This rule, if its step, endings and ``every`` are whole multiples of the minor
        unit of ``currency``; else InputError."""
        if self.step is not None:
            _on_minor_unit(self.step, currency, "step")
        elif self.endings:
            for ending in self.endings:
                _on_minor_unit(ending, currency, "ending")
            _on_minor_unit(self.every, currency, "every")
        return self

    def describe(self, currency: str) -> str:
        """The rule in words, for a table or a message."""
        if self.step is not None:
            return f"multiples of {self.step} {currency}"
        if self.endings:
            within = "" if self.every == 1 else f" of every {self.every}"
            return "endings " + ", ".join(str(e) for e in self.endings) + within
        return f"the minor unit ({minor_unit(currency)} {currency})"


class PricePoints(FrozenModel):
    """The price-point rule of each currency (``by_currency``), else ``default``."""

    default: PricePointRule = PricePointRule()
    by_currency: dict[Currency, PricePointRule] = Field(default_factory=dict)

    @field_validator("by_currency")
    @classmethod
    def _in_each_currency(cls, rules: dict[str, PricePointRule]) -> dict[str, PricePointRule]:
        for currency, rule in rules.items():
            rule.check_currency(currency)
        return rules

    def rule(self, currency: str) -> PricePointRule:
        """The rule prices in ``currency`` follow."""
        return self.by_currency.get(currency, self.default)


def _on_minor_unit(value: Decimal, currency: str, what: str) -> None:
    unit = minor_unit(currency)
    if value % unit:
        raise InputError(f"price point {what} {value} is finer than the minor unit of "
                         f"{currency} ({unit})")


def price_point_up(price: Decimal, currency: str, rule: PricePointRule | None = None) -> Decimal:
    """The smallest price point of ``rule`` (default: the minor unit) at or above ``price``.

    The result has the currency's minor-unit digits; zero stays zero; a step or ending finer
    than the minor unit is an InputError.
    """
    unit = minor_unit(currency)
    if price <= 0:
        return Decimal(0).quantize(unit)
    if rule is None or (rule.step is None and not rule.endings):
        return price.quantize(unit, rounding=ROUND_CEILING)
    rule.check_currency(currency)
    if rule.step is not None:
        point = (price / rule.step).to_integral_value(rounding=ROUND_CEILING) * rule.step
        return point.quantize(unit)
    base = (price / rule.every).to_integral_value(rounding=ROUND_FLOOR) * rule.every
    point = min([base + e for e in rule.endings if base + e >= price]
                or [base + rule.every + min(rule.endings)])
    return point.quantize(unit)


def price_point_below(price: Decimal, currency: str, rule: PricePointRule | None = None
                      ) -> Decimal | None:
    """The largest price point of ``rule`` strictly below ``price`` (None: there is none).

    >>> price_point_below(Decimal("12.95"), "EUR", PricePointRule(endings=("0.99", "0.95")))
    Decimal('11.99')
    >>> price_point_below(Decimal("0.50"), "EUR", PricePointRule(endings=("0.99",))) is None
    True
    """
    unit = minor_unit(currency)
    if rule is not None and rule.endings:
        base = (price / rule.every).to_integral_value(rounding=ROUND_FLOOR) * rule.every
        below = [base + e for e in rule.endings if base + e < price]
        point = max(below) if below else base - rule.every + max(rule.endings)
    else:
        step = rule.step if rule is not None and rule.step is not None else unit
        point = (price / step).to_integral_value(rounding=ROUND_CEILING) * step - step
    return point.quantize(unit) if point >= 0 else None
