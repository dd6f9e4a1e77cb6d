"""VAT/GST numbers: compacted and checked with python-stdnum before a treatment relies on them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from pydantic import ValidationError

from pricing_engine.cli.main import cli
from pricing_engine.errors import InputError
from pricing_engine.quote import Party
from pricing_engine.vat_ids import vat_id

ROOT = Path(__file__).resolve().parents[1]
REVERSE_CHARGE = ROOT / "examples" / "de-fr-b2b-reverse-charge.yaml"


@pytest.mark.parametrize(("country", "given", "stored"), [
    ("DE", "DE 136 695 976", "DE136695976"),
    ("DE", "136695976", "DE136695976"),           # the holder's country gives the prefix
    ("FR", "fr 40-303.265.045", "FR40303265045"),
    ("IT", "IT00743110157", "IT00743110157"),
    ("NL", "NL004495445B01", "NL004495445B01"),
    ("GR", "094259216", "EL094259216"),           # Greece's prefix is EL
    ("GB", "GB 980 7806 84", "GB980780684"),
    ("GB", "980780684", "980780684"),
])
def test_a_valid_number_passes_compacted(country: str, given: str, stored: str) -> None:
    assert Party(name="P", country=country, vat_id=given).vat_id == stored


@pytest.mark.parametrize(("country", "given", "message"), [
    ("DE", "DE136695975", "vat_id 'DE136695975': not a valid VAT number of Germany "
                          "(check digit)"),
    ("DE", "DE13669597", "vat_id 'DE13669597': not a valid VAT number of Germany (length)"),
    ("FR", "FR40303265046", "vat_id 'FR40303265046': not a valid VAT number of France "
                            "(check digit)"),
    ("IT", "IT0074311015A", "vat_id 'IT0074311015A': not a valid VAT number of Italy "
                            "(format)"),
    ("NL", "NL004495446B01", "vat_id 'NL004495446B01': not a valid VAT number of "
                             "Netherlands (check digit)"),
    ("GB", "GB980780685", "vat_id 'GB980780685': not a valid VAT number of United Kingdom "
                          "(check digit)"),
    ("DE", "13669597X", "vat_id '13669597X': not a valid VAT number of Germany (format)"),
])
def test_an_invalid_number_fails_with_one_message(country: str, given: str,
                                                  message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Party(name="P", country=country, vat_id=given)
    (error,) = caught.value.errors()
    assert error["loc"] == ("vat_id",)
    assert error["msg"] == message


def test_an_eu_prefix_is_checked_whatever_the_holders_country() -> None:
    with pytest.raises(InputError, match=r"'DE136695975'.*Germany \(check digit\)"):
        vat_id("DE136695975")
    assert Party(name="P", country="CH", vat_id="DE136695976").vat_id == "DE136695976"


def test_a_country_without_a_stdnum_check_keeps_the_number_as_given() -> None:
    assert Party(name="P", country="US", vat_id=" 12-3456789 ").vat_id == "12-3456789"
    assert Party(name="P", country="JP", vat_id="T1234567890123").vat_id == "T1234567890123"


def test_a_blank_number_is_none_and_not_registered() -> None:
    party = Party(name="P", country="FR", vat_id="  ")
    assert party.vat_id is None
    assert not party.is_registered


def test_a_quote_file_with_an_invalid_buyer_number_is_exit_2_with_its_position(
        tmp_path: Path) -> None:
    text = REVERSE_CHARGE.read_text(encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("FR40303265045", "FR40303265046"), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "pricing_engine", "quote", str(bad)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.strip() == (
        f"pricing-engine: error: {bad}:7:75: buyer.vat_id: vat_id 'FR40303265046': not a "
        f"valid VAT number of France (check digit)")


def test_an_intra_eu_b2b_sale_still_reverse_charges_and_says_not_verified_with_vies() -> None:
    done = CliRunner().invoke(cli, ["quote", str(REVERSE_CHARGE), "--format", "json"])
    assert done.exit_code == 0, done.output
    sale = json.loads(done.output)["sale_tax"]
    assert sale["treatment"] == "intra_eu_reverse_charge"
    assert "FR40303265045" in sale["explanation"]
    assert "format and check digits checked" in sale["explanation"]
    assert "not verified with VIES" in sale["explanation"]
