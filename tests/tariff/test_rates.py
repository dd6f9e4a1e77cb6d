"""The rate-text parser: every kind of published text, parsed into its terms or refused."""

import doctest
from decimal import Decimal

import pytest

from pricing_engine.rules.fields import Per, SpecificModel
from pricing_engine.rules.model import DutyTerms
from pricing_engine.tariff import rates
from pricing_engine.tariff.rates import Unparsed, describe, parse_rate

D = Decimal


def spec(amount: Decimal, currency: str, per: Per) -> SpecificModel:
    return SpecificModel(amount=amount, currency=currency, per=per)

PARSED = [
    # ad valorem and free
    ("Free", DutyTerms(rate=D("0"))),
    ("free", DutyTerms(rate=D("0"))),
    ("3.4%", DutyTerms(rate=D("0.034"))),
    ("6.8% ", DutyTerms(rate=D("0.068"))),
    ("12.0%", DutyTerms(rate=D("0.12"))),
    # US specific: cents and dollars, per unit
    ("1¢/kg", DutyTerms(specific=spec(D("0.01"), "USD", "kg"))),
    ("68¢/head", DutyTerms(specific=spec(D("0.68"), "USD", "unit"))),
    ("6.3¢/liter", DutyTerms(specific=spec(D("0.063"), "USD", "litre"))),
    ("5¢/doz.", DutyTerms(specific=spec(D("0.05"), "USD", "dozen"))),
    ("$1.21/kg", DutyTerms(specific=spec(D("1.21"), "USD", "kg"))),
    ("$3/t", DutyTerms(specific=spec(D("3"), "USD", "tonne"))),
    ("16¢ each", DutyTerms(specific=spec(D("0.16"), "USD", "unit"))),
    # compound: both terms due
    ("4.4¢/kg + 10%", DutyTerms(rate=D("0.1"), specific=spec(D("0.044"), "USD", "kg"))),
    ("1.2¢/kg +6.4%", DutyTerms(rate=D("0.064"), specific=spec(D("0.012"), "USD", "kg"))),
    ("9¢/pr. + 20%", DutyTerms(rate=D("0.2"), specific=spec(D("0.09"), "USD", "pair"))),
    # UK / EU codes, quantities before the unit
    ("147.00 GBP/100kg", DutyTerms(specific=spec(D("1.47"), "GBP", "kg"))),
    ("12.00% + 147.00 GBP/100kg",
     DutyTerms(rate=D("0.12"), specific=spec(D("1.47"), "GBP", "kg"))),
    ("12.80% + 176.80 EUR / 100 kg",
     DutyTerms(rate=D("0.128"), specific=spec(D("1.768"), "EUR", "kg"))),
    ("13.10 EUR / hl", DutyTerms(specific=spec(D("13.10"), "EUR", "hl"))),
    ("114.00 EUR / tonne", DutyTerms(specific=spec(D("114"), "EUR", "tonne"))),
    ("95.00 GBP/1000kg", DutyTerms(specific=spec(D("95"), "GBP", "tonne"))),
    ("52.00 EUR / 1,000 items", DutyTerms(specific=spec(D("0.052"), "EUR", "item"))),
    ("2.00 GBP/ item", DutyTerms(specific=spec(D("2"), "GBP", "item"))),
    ("3 EUR/m2", DutyTerms(specific=spec(D("3"), "EUR", "m2"))),
    # minimum / maximum clauses
    ("12.00% MIN 0.40 EUR / 100 kg",
     DutyTerms(rate=D("0.12"), min=spec(D("0.004"), "EUR", "kg"))),
    ("18.40% MIN 22.00 EUR / 100 kg MAX 24.00 EUR / 100 kg",
     DutyTerms(rate=D("0.184"), min=spec(D("0.22"), "EUR", "kg"),
                max=spec(D("0.24"), "EUR", "kg"))),
    ("5% but not less than 3¢/kg",
     DutyTerms(rate=D("0.05"), min=spec(D("0.03"), "USD", "kg"))),
]

UNPARSED = [
    ("18.9¢/pf.liter", "unit not expressible: pf.liter"),
    ("18.7¢/clean kg", "unit not expressible: clean kg"),
    ("3.7¢/kg on drained weight", "unit not expressible: kg on drained weight"),
    ("6.5¢/gross", "unit not expressible: gross"),
    ("5.25¢/bbl", "unit not expressible: bbl"),
    ("1.75 EUR / % vol / hl", "unit not expressible: % vol / hl"),
    ("4.00% + 7.80 GBP/100kg eda", "unit not expressible: kg eda"),
    ("14.00% (01 JUL - 31 JAN), 0.00% (01 FEB - 30 JUN)", "seasonal rate"),
    ("9.00% +  EA", "text not understood: EA"),
    ("Entry Price", "text not understood: Entry Price"),
    ("6.4 + 24.6 EUR/100 kg", "text not understood: 6.4"),
    ("17¢ each + 2.5% + 1¢/jewel", "more than one ad valorem or specific term"),
    ("6.20% + 27.10 EUR / 100 kg MAX 17.90%", "max clause not a single specific amount"),
    ("The rate applicable to the natural juice in heading 2009",
     "reference to another provision"),
    ("44¢ each + 6% on the case", "text not understood: 6% on the case"),
    ("", "empty"),
]


@pytest.mark.parametrize(("text", "expected"), PARSED)
def test_a_published_text_parses_into_its_terms(text: str, expected: DutyTerms) -> None:
    assert parse_rate(text) == expected


@pytest.mark.parametrize(("text", "reason"), UNPARSED)
def test_a_text_the_format_cannot_express_is_unparsed_never_zero(text: str, reason: str) -> None:
    assert parse_rate(text) == Unparsed(text, reason)


def test_describe_reads_every_term() -> None:
    parsed = parse_rate("18.40% MIN 22.00 EUR / 100 kg MAX 24.00 EUR / 100 kg")
    assert isinstance(parsed, DutyTerms)
    assert describe(parsed) == "18.4% (min 0.22 EUR/kg, max 0.24 EUR/kg)"


def test_the_doctests_hold() -> None:
    result = doctest.testmod(rates)
    assert result.attempted > 5 and result.failed == 0
