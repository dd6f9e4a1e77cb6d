import pytest

from pricing_engine import UnknownCountry
from pricing_engine.countries import country_code, country_name, is_subdivision, subdivision_code


def test_country_codes_and_trade_aliases() -> None:
    assert country_code("de") == "DE"
    assert country_code("DEU") == "DE"
    assert country_code("EL") == "GR"
    assert country_name("XI") == "United Kingdom"


def test_unknown_country_raises_lookup_error() -> None:
    with pytest.raises(LookupError, match="ZZ"):
        country_code("ZZ")


def test_subdivisions() -> None:
    assert subdivision_code("ca-on") == "CA-ON"
    assert is_subdivision("UA-43")
    with pytest.raises(UnknownCountry):
        subdivision_code("CA-XX")
