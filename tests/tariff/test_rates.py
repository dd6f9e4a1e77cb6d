"""The rate-text parser: every kind of published text, parsed into its terms or refused."""

import doctest
from decimal import Decimal

import pytest

from pricing_engine.tariff import rates
from pricing_engine.tariff.rates import ParsedRate, Specific, Unparsed, parse_rate

D = Decimal

PARSED = [
    # ad valorem and free
    ("Free", ParsedRate(rate=D("0"))),
    ("free", ParsedRate(rate=D("0"))),
    ("3.4%", ParsedRate(rate=D("0.034"))),
    ("6.8% ", ParsedRate(rate=D("0.068"))),
    ("12.0%", ParsedRate(rate=D("0.12"))),
    # US specific: cents and dollars, per unit
    ("1¢/kg", ParsedRate(specific=Specific(D("0.01"), "USD", "kg"))),
    ("68¢/head", ParsedRate(specific=Specific(D("0.68"), "USD", "unit"))),
    ("6.3¢/liter", ParsedRate(specific=Specific(D("0.063"), "USD", "litre"))),
    ("5¢/doz.", ParsedRate(specific=Specific(D("0.05"), "USD", "dozen"))),
    ("$1.21/kg", ParsedRate(specific=Specific(D("1.21"), "USD", "kg"))),
    ("$3/t", ParsedRate(specific=Specific(D("3"), "USD", "tonne"))),
    ("16¢ each", ParsedRate(specific=Specific(D("0.16"), "USD", "unit"))),
    # compound: both terms due
    ("4.4¢/kg + 10%", ParsedRate(rate=D("0.1"), specific=Specific(D("0.044"), "USD", "kg"))),
    ("1.2¢/kg +6.4%", ParsedRate(rate=D("0.064"), specific=Specific(D("0.012"), "USD", "kg"))),
    ("9¢/pr. + 20%", ParsedRate(rate=D("0.2"), specific=Specific(D("0.09"), "USD", "pair"))),
    # UK / EU codes, quantities before the unit
    ("147.00 GBP/100kg", ParsedRate(specific=Specific(D("1.47"), "GBP", "kg"))),
    ("12.00% + 147.00 GBP/100kg",
     ParsedRate(rate=D("0.12"), specific=Specific(D("1.47"), "GBP", "kg"))),
    ("12.80% + 176.80 EUR / 100 kg",
     ParsedRate(rate=D("0.128"), specific=Specific(D("1.768"), "EUR", "kg"))),
    ("13.10 EUR / hl", ParsedRate(specific=Specific(D("13.10"), "EUR", "hl"))),
    ("114.00 EUR / tonne", ParsedRate(specific=Specific(D("114"), "EUR", "tonne"))),
    ("95.00 GBP/1000kg", ParsedRate(specific=Specific(D("95"), "GBP", "tonne"))),
    ("52.00 EUR / 1,000 items", ParsedRate(specific=Specific(D("0.052"), "EUR", "item"))),
    ("2.00 GBP/ item", ParsedRate(specific=Specific(D("2"), "GBP", "item"))),
    ("3 EUR/m2", ParsedRate(specific=Specific(D("3"), "EUR", "m2"))),
    # minimum / maximum clauses
    ("12.00% MIN 0.40 EUR / 100 kg",
     ParsedRate(rate=D("0.12"), min=Specific(D("0.004"), "EUR", "kg"))),
    ("18.40% MIN 22.00 EUR / 100 kg MAX 24.00 EUR / 100 kg",
     ParsedRate(rate=D("0.184"), min=Specific(D("0.22"), "EUR", "kg"),
                max=Specific(D("0.24"), "EUR", "kg"))),
    ("5% but not less than 3¢/kg",
     ParsedRate(rate=D("0.05"), min=Specific(D("0.03"), "USD", "kg"))),
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
def test_a_published_text_parses_into_its_terms(text: str, expected: ParsedRate) -> None:
    assert parse_rate(text) == expected


@pytest.mark.parametrize(("text", "reason"), UNPARSED)
def test_a_text_the_format_cannot_express_is_unparsed_never_zero(text: str, reason: str) -> None:
    assert parse_rate(text) == Unparsed(text, reason)


def test_describe_reads_every_term() -> None:
    parsed = parse_rate("18.40% MIN 22.00 EUR / 100 kg MAX 24.00 EUR / 100 kg")
    assert isinstance(parsed, ParsedRate)
    assert parsed.describe() == "18.4% (min 0.22 EUR/kg, max 0.24 EUR/kg)"


def test_the_doctests_hold() -> None:
    result = doctest.testmod(rates)
    assert result.attempted > 5 and result.failed == 0
