"""The rate-text parser: every kind of published text, parsed into its terms or refused."""

import doctest
from decimal import Decimal

import pytest

from pricing_engine.rules.fields import Per, SpecificModel
from pricing_engine.rules.model import DutyTerms, PartRate, PerDegree
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
    # a mixed number (US column 2): a third to the 28 digits of the decimal context
    ("33 1/3%", DutyTerms(rate=(D(33) + D(1) / D(3)) / 100)),
    ("12 1/2 %", DutyTerms(rate=D("0.125"))),
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

    # units converted exactly: a gross is 144 units, a thousand 1,000, a barrel 42 US gallons
    ("14.4¢/gross + 2%", DutyTerms(rate=D("0.02"), specific=spec(D("0.001"), "USD", "unit"))),
    ("$1.34/1000", DutyTerms(specific=spec(D("0.00134"), "USD", "unit"))),
    ("20¢/thousand + 3.5%",
     DutyTerms(rate=D("0.035"), specific=spec(D("0.0002"), "USD", "unit"))),
    ("10¢/1,000 pins + 3.5%",
     DutyTerms(rate=D("0.035"), specific=spec(D("0.0001"), "USD", "unit"))),
    ("6.5% on the entire set", DutyTerms(rate=D("0.065"))),
    # an amount that does not fit 12 decimals is rounded there, and the text kept beside it
    ("10.5¢/bbl", DutyTerms(specific=spec(D("0.000660430131"), "USD", "litre"),
                            note="as published: 10.5¢/bbl")),
    ("6.5¢/gross", DutyTerms(specific=spec(D("0.000451388889"), "USD", "unit"),
                             note="as published: 6.5¢/gross")),
    # quantities the quote gives in extra_units (or unit_volume_m3), refused when it does not
    ("18.9¢/pf.liter", DutyTerms(specific=spec(D("0.189"), "USD", "proof_litre"))),
    ("18.7¢/clean kg", DutyTerms(specific=spec(D("0.187"), "USD", "kg_clean"))),
    ("3.7¢/kg on drained weight", DutyTerms(specific=spec(D("0.037"), "USD", "kg_drained"))),
    ("1.7¢/kg on lead content", DutyTerms(specific=spec(D("0.017"), "USD", "kg_lead"))),
    ("$1.13/m3", DutyTerms(specific=spec(D("1.13"), "USD", "m3"))),
    ("1.75 EUR / % vol / hl", DutyTerms(specific=spec(D("1.75"), "EUR", "litre_alcohol"))),
    ("4.00% + 7.80 GBP/100kg eda",
     DutyTerms(rate=D("0.04"), specific=spec(D("0.078"), "GBP", "kg_drained"))),
    ("0.30 GBP/100kg/net/%sacchar.", DutyTerms(specific=spec(D("0.3"), "GBP", "kg_sucrose"))),
    ("3.00% MIN 1.20 EUR / 100 kg / gross",
     DutyTerms(rate=D("0.03"), min=spec(D("0.012"), "EUR", "kg_gross"))),
    ("6.50% MAX 5.00 EUR / 100 m", DutyTerms(rate=D("0.065"), max=spec(D("0.05"), "EUR", "m"))),
    # several specific amounts, all due
    ("17¢ each + 2.5% + 1¢/jewel", DutyTerms(rate=D("0.025"), specific=(
        spec(D("0.17"), "USD", "unit"), spec(D("0.01"), "USD", "jewel")))),
    ("4.4¢/liter + 31.4¢/pf. liter", DutyTerms(specific=(
        spec(D("0.044"), "USD", "litre"), spec(D("0.314"), "USD", "proof_litre")))),
    ("20.00% + 109.00 GBP/hl + 17 GBP/100kg", DutyTerms(rate=D("0.2"), specific=(
        spec(D("109"), "GBP", "hl"), spec(D("0.17"), "GBP", "kg")))),
    # ad valorem minimum / maximum, alone or with a specific amount
    ("6.20% + 27.10 EUR / 100 kg MAX 17.90%", DutyTerms(
        rate=D("0.062"), specific=spec(D("0.271"), "EUR", "kg"), max_rate=D("0.179"))),
    ("7.90% + 54.00 EUR / 100 kg MAX 17.80% + 6.90 EUR / 100 kg", DutyTerms(
        rate=D("0.079"), specific=spec(D("0.54"), "EUR", "kg"), max_rate=D("0.178"),
        max=spec(D("0.069"), "EUR", "kg"))),
    ("0.50 EUR / item MIN 2.70% MAX 4.60%", DutyTerms(
        specific=spec(D("0.5"), "EUR", "item"), min_rate=D("0.027"), max_rate=D("0.046"))),
    # free on a condition of the entry (ch. 98): 0 %, said so, medium confidence
    ("Free, under bond, as prescribed in U.S. note 1 to this subchapter", DutyTerms(
        rate=D("0"), confidence="medium", note="as published: Free, under bond, as prescribed "
        "in U.S. note 1 to this subchapter (a conditional entry: goods not exported or used as "
        "the provision requires owe the duty of their own heading)")),
]

REFERENCE = "reference to another provision"
ENTRY_PRICE = ("entry price: the duty depends on the consignment's entry price (the entry "
               "price system, CN Annex 2), whose bands the table does not give")
UNPARSED = [
                                            ("5¢/furlong", "unit not understood: furlong"),
    # a fraction that is no part of a whole: not a mixed number
    ("3 4/3%", "text not understood: 3 4/3%"),
    # forms the format's terms cannot hold
    ("43¢ each + 2.8¢/jewel over 7 + 3.7% on the case", "unit not understood: jewel over 7"),
    ("50 percent of the cost of such goods or repairs", "ad valorem on a part's value: a part "
     "the rules do not name: cost of such goods or repairs"),
    # not a rate of this file
    ("14.00% (01 JUL - 31 JAN), 0.00% (01 FEB - 30 JUN)", "seasonal rate"),
    ("6.4 + 24.6 EUR/100 kg", "number without a unit: 6.4"),  # unless bare_percent (CET)
    # a term only where the caller reads an MFN column (unpriced=True): a preference column's
    # "See 9822.05.20" stays unparsed, and the claim falls back to MFN as before
    ("Entry Price", ENTRY_PRICE),
    ("The rate applicable to the natural juice in heading 2009", REFERENCE),
    ("See additional U.S. note 1", REFERENCE),
    ("", "empty"),
]


def parts(*terms: tuple[str, tuple[str, ...]]) -> tuple[PartRate, ...]:
    return tuple(PartRate(rate=D(rate), of=of) for rate, of in terms)


#: Terms that need a figure of the quote line, from the published texts (USITC HTS 2026 Rev
#: 10 general column: watches 9101-9114, lead 7801, rifles 9303.30, fair retail value 9816;
#: the CET column of the UK Global Tariff file: Meursing lines of ch. 4, 17, 18, 19, 21).
DECLARED = [
    ("24¢ each + 4.6% on the case", DutyTerms(
        specific=spec(D("0.24"), "USD", "unit"), parts=parts(("0.046", ("case",))))),
    ("3.1% on the movement + 4.2% on the battery", DutyTerms(
        parts=parts(("0.031", ("movement",)), ("0.042", ("battery",))))),
    ("2.5% on the value of the lead content", DutyTerms(
        parts=parts(("0.025", ("lead_content",))))),
    ("$1.53 each + 4.2% on the case + 9.8% on the strap, band or bracelet", DutyTerms(
        specific=spec(D("1.53"), "USD", "unit"),
        parts=parts(("0.042", ("case",)), ("0.098", ("strap",))))),
    ("41¢ each + 5% on case and strap, band or bracelet + 4.2% on the battery", DutyTerms(
        specific=spec(D("0.41"), "USD", "unit"),
        parts=parts(("0.05", ("case", "strap")), ("0.042", ("battery",))))),
    ("3.9% on the movement and case+ 5.3% on the battery", DutyTerms(
        parts=parts(("0.039", ("movement", "case")), ("0.053", ("battery",))))),
    ("3.9% on the apparatus + 5.3% on the battery", DutyTerms(
        parts=parts(("0.039", ("apparatus",)), ("0.053", ("battery",))))),
    ("3.1% on the value of the rifle + 13% on the value of the telescopic sight, if any",
     DutyTerms(parts=parts(("0.031", ("rifle",)), ("0.13", ("telescopic_sight",))))),
    ("1.5 percent of the fair retail value", DutyTerms(
        parts=parts(("0.015", ("fair_retail_value",))))),
    ("1.4606¢/kg less 0.020668¢/kg for each degree under 100 degrees (and fractions of a "
     "degree in proportion) but not less than 0.943854¢/kg", DutyTerms(
         specific=spec(D("0.014606"), "USD", "kg"), min=spec(D("0.00943854"), "USD", "kg"),
         less_per_degree=PerDegree(amount=D("0.00020668"), currency="USD", per="kg",
                                   below=D(100)))),
    ("7.60% +  EA", DutyTerms(rate=D("0.076"), agricultural=("EA",))),
    ("0.00% +  EA", DutyTerms(rate=D("0"), agricultural=("EA",))),
    ("8.30% +  EA MAX 18.70%  + ADSZ", DutyTerms(
        rate=D("0.083"), agricultural=("EA",), max_rate=D("0.187"),
        max_agricultural=("ADSZ",))),
    ("9.00% +  EA MAX 20.70%  + ADFM", DutyTerms(
        rate=D("0.09"), agricultural=("EA",), max_rate=D("0.207"),
        max_agricultural=("ADFM",))),
    ("9.00% + EA MAX 24.20% + AD S/Z", DutyTerms(
        rate=D("0.09"), agricultural=("EA",), max_rate=D("0.242"),
        max_agricultural=("ADSZ",))),
]
#: What an MFN column's text the rules cannot price becomes (``unpriced=True``).
UNPRICED = [
    ("Entry Price", DutyTerms(entry_price=True)),
    ("The rate of duty applicable to that article in the set subject to the highest rate of "
     "duty", DutyTerms(reference="The rate of duty applicable to that article in the set "
                       "subject to the highest rate of duty")),
    ("The rate applicable to each garment in the ensemble if separately entered", DutyTerms(
        reference="The rate applicable to each garment in the ensemble if separately "
        "entered")),
    ("The rate applicable to the article of which it is a part or accessory", DutyTerms(
        reference="The rate applicable to the article of which it is a part or accessory")),
    ("See additional U.S. note 1", DutyTerms(reference="See additional U.S. note 1")),
]


@pytest.mark.parametrize(("text", "expected"), PARSED)
def test_a_published_text_parses_into_its_terms(text: str, expected: DutyTerms) -> None:
    assert parse_rate(text) == expected


@pytest.mark.parametrize(("text", "reason"), UNPARSED)
def test_a_text_the_format_cannot_express_is_unparsed_never_zero(text: str, reason: str) -> None:
    assert parse_rate(text) == Unparsed(text, reason)


@pytest.mark.parametrize(("text", "expected"), DECLARED)
def test_a_term_needing_a_figure_of_the_line_parses_from_the_published_text(
        text: str, expected: DutyTerms) -> None:
    assert parse_rate(text) == expected
    assert parse_rate(text, unpriced=True) == expected


@pytest.mark.parametrize(("text", "expected"), UNPRICED)
def test_a_duty_the_rules_cannot_compute_is_a_term_for_an_mfn_column(
        text: str, expected: DutyTerms) -> None:
    assert parse_rate(text, unpriced=True) == expected
    assert isinstance(parse_rate(text), Unparsed)


def test_describe_reads_the_declared_terms() -> None:
    assert describe(parse_rate("20¢ each + 4.6% on the case + 3.5% on the battery")) == \
        "0.2 USD/unit + 4.6% on case + 3.5% on battery"
    assert describe(parse_rate("9.00% +  EA MAX 18.70%  + ADSZ")) == \
        "9% + EA (max 18.7% + ADSZ)"
    assert describe(parse_rate("Entry Price", unpriced=True)) == "entry price"
    assert describe(parse_rate("See additional U.S. note 1", unpriced=True)) == \
        "reference: See additional U.S. note 1"


def test_a_bare_number_is_a_percentage_only_where_the_column_says_so() -> None:
    assert parse_rate("7.2 MIN 0.36 EUR/100 kg", bare_percent=True) == DutyTerms(
        rate=D("0.072"), min=spec(D("0.0036"), "EUR", "kg"))
    assert parse_rate("24 + 4.2 EUR/100 kg", bare_percent=True) == DutyTerms(
        rate=D("0.24"), specific=spec(D("0.042"), "EUR", "kg"))
    assert isinstance(parse_rate("7.2 MIN 0.36 EUR/100 kg"), Unparsed)


def test_describe_reads_every_term() -> None:
    parsed = parse_rate("18.40% MIN 22.00 EUR / 100 kg MAX 24.00 EUR / 100 kg")
    assert isinstance(parsed, DutyTerms)
    assert describe(parsed) == "18.4% (min 0.22 EUR/kg, max 0.24 EUR/kg)"


def test_the_doctests_hold() -> None:
    result = doctest.testmod(rates)
    assert result.attempted > 5 and result.failed == 0


def test_dollars_and_cents_are_the_currency_the_tariff_names() -> None:
    # Canada's Customs Tariff prints CAD as $ and ¢: the same grammar, another currency
    assert parse_rate("238% but not less than $2.91/kg", dollar="CAD") == DutyTerms(
        rate=D("2.38"), min=spec(D("2.91"), "CAD", "kg"))
    assert parse_rate("2.5¢/kg", dollar="CAD") == DutyTerms(specific=spec(D("0.025"), "CAD", "kg"))
    assert parse_rate("2.5¢/kg") == DutyTerms(specific=spec(D("0.025"), "USD", "kg"))


def test_canadas_litre_of_absolute_alcohol_is_a_litre_of_pure_alcohol() -> None:
    assert parse_rate("12.28 ¢/litre of absolute ethyl alcohol", dollar="CAD") == DutyTerms(
        specific=spec(D("0.1228"), "CAD", "litre_alcohol"))


@pytest.mark.parametrize("text", ["\uff17%", "1\uff10%", "\u0663%", "\uff14.4\u00a2/kg + 10%",
                                  "3.\u0665%", "\u0967\u0966 %"])
def test_digits_of_other_scripts_are_unparsed_never_read(text: str) -> None:
    # a publisher prints 0-9; Decimal would read a full-width or Arabic-Indic 7 as 7, so a
    # hostile file's rate text could pass as a published one
    assert isinstance(parse_rate(text), Unparsed)
    ascii_text = text.translate({c: str(i) for base in (0xFF10, 0x0660, 0x0966)
                                 for i, c in enumerate(range(base, base + 10))})
    assert not isinstance(parse_rate(ascii_text), Unparsed), ascii_text
