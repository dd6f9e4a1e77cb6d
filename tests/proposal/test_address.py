"""The parties' postal addresses: read and checked as parts, printed in each country's postal
order (the local one for a reader of the country's language), escaped, refused when the
country's post could not use them."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from pydantic import ValidationError

from pricing_engine.decision import load_proposal
from pricing_engine.errors import InputError
from pricing_engine.proposal import DocumentParty, ProposalDocument, address_lines, render_html
from pricing_engine.quote import Address, Party

from .conftest import DE_FR, visible_text

FRENCH = Address(street=("14 rue de Gerland", "Bâtiment B"), postal_code="69007", city="Lyon")
#: A Tokyo address as a Japanese buyer writes it: the ward and block in the street line.
TOKYO = Address(street=("千代田区丸の内1-1-1", "パレスビル5階"), postal_code="100-0001",
                region="東京都")
TOKYO_LATIN = Address(street=("1-1-1 Marunouchi, Chiyoda-ku", "Palace Building 5F"),
                      postal_code="100-0001", region="Tokyo")


@pytest.mark.parametrize(("address", "country", "language", "subdivision", "lines"), [
    # France: postcode before the town, the town in capitals (La Poste, NF Z10-011)
    (FRENCH, "FR", "fr", None, ("14 rue de Gerland", "Bâtiment B", "69007 LYON")),
    (FRENCH, "FR", "ja", None, ("14 rue de Gerland", "Bâtiment B", "69007 LYON")),
    (Address(street=("Industriestraße 12",), postal_code="70565", city="Stuttgart"), "DE",
     "de", None, ("Industriestraße 12", "70565 STUTTGART")),
    # Japan in Japanese: 〒 postcode first, then prefecture, then the rest, largest first
    (TOKYO, "JP", "ja", None, ("〒100-0001", "東京都", "千代田区丸の内1-1-1", "パレスビル5階")),
    # ... also for another reader when it is written in Japanese (the post reads it so)
    (TOKYO, "JP", "de", None, ("〒100-0001", "東京都", "千代田区丸の内1-1-1", "パレスビル5階")),
    # ... and romanised, in the Latin order for every other reader
    (TOKYO_LATIN, "JP", "de", None, ("1-1-1 Marunouchi, Chiyoda-ku",
                                     "Palace Building 5F, TOKYO", "100-0001")),
    # United States: city, state and ZIP on one line; the state from the party's subdivision
    (Address(street=("1600 Main St",), postal_code="62704", city="Springfield"), "US", "en",
     "US-IL", ("1600 Main St", "SPRINGFIELD, IL 62704")),
    # United Kingdom: the postcode on a line of its own, last
    (Address(street=("10 Downing Street",), postal_code="sw1a 2aa", city="London"), "GB",
     "en", None, ("10 Downing Street", "LONDON", "SW1A 2AA")),
    # United Arab Emirates: no postcodes; the emirate last
    (Address(street=("Office 1204, Al Moosa Tower 2", "Sheikh Zayed Road"), region="دبي"),
     "AE", "ar", None, ("Office 1204, Al Moosa Tower 2", "Sheikh Zayed Road", "دبي")),
])
def test_lines_in_the_countrys_postal_order(address: Address, country: str, language: str,
                                            subdivision: str | None,
                                            lines: tuple[str, ...]) -> None:
    assert address_lines(address, country, language, subdivision, role="buyer") == lines


@pytest.mark.parametrize(("address", "country", "message"), [
    (Address(street=("x",), postal_code="6900", city="Lyon"), "FR",
     r"buyer\.address\.postal_code: '6900' is not a postal code of FR"),
    (Address(street=("x",), postal_code="ABC", city="Stuttgart"), "DE",
     "not a postal code of DE"),
    (Address(street=("x",), city="Lyon"), "FR", r"address in FR needs its postal code"),
    (Address(street=("x",), postal_code="62704", city="Springfield"), "US", "needs its region"),
    (Address(street=("x",), postal_code="100-0001", region="東京都", city="千代田区"), "JP",
     "JP has no separate city .*write it in the street lines"),
    (Address(street=("x",), postal_code="69007", city="Lyon", region="Rhône"), "FR",
     "FR has no separate region"),
    (Address(street=("x",), postal_code="12345", region="Dubai"), "AE",
     "AE has no separate postal code"),
])
def test_an_address_its_post_could_not_use_is_refused(address: Address, country: str,
                                                      message: str) -> None:
    with pytest.raises(InputError, match=message):
        address_lines(address, country, "en", role="buyer")


@pytest.mark.parametrize(("given", "message"), [
    ({"street": ["12 rue X\nCEDEX"]}, r"(?s)address\.street\.0.*U\+000A"),
    ({"street": ["12 rue X\u202e"]}, r"U\+202E"),                 # right-to-left override
    ({"street": ["x"], "city": "Lyon\u2066"}, r"(?s)address\.city.*U\+2066"),
    ({"street": []}, r"address\.street"),
    ({"street": ["a", "b", "c", "d", "e"]}, r"address\.street"),
    ({"street": ["   "]}, r"address\.street\.0"),
    ({"street": ["x" * 101]}, r"address\.street\.0"),
    ({"street": ["x"], "postal_code": "69-"}, r"address\.postal_code\s+postal code '69-'"),
    ({"street": ["x"], "postal_code": "<b>"}, r"address\.postal_code"),
    ({"street": ["x"], "zip": "69007"}, r"address\.zip"),
])
def test_hostile_or_malformed_parts_are_refused(given: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Party.model_validate({"name": "X", "country": "FR", "address": given})


def test_parts_are_trimmed_and_postcodes_read_upper_case() -> None:
    party = Party.model_validate({"name": "X", "country": "GB", "address": {
        "street": [" 10 Downing Street "], "postal_code": " sw1a   2aa ", "city": "London"}})
    assert party.address == Address(street=("10 Downing Street",), postal_code="SW1A 2AA",
                                    city="London")


def _lines_before_country(text: str, lines: tuple[str, ...], country: str) -> bool:
    positions = [text.find(line) for line in (*lines, country)]
    return -1 not in positions and positions == sorted(positions)


@pytest.mark.parametrize(("locale", "germany", "france"), [
    ("de_DE", "Deutschland", "Frankreich"), ("fr_FR", "Allemagne", "France"),
    ("ja_JP", "ドイツ", "フランス"), ("ar_AE", "ألمانيا", "فرنسا"),
    ("es_ES", "Alemania", "Francia")])
def test_the_example_prints_both_addresses_in_every_locale(
        document_of: Callable[[Path, str], ProposalDocument], locale: str, germany: str,
        france: str) -> None:
    text = visible_text(render_html(document_of(DE_FR, locale), locale))
    assert _lines_before_country(text, ("Acme Maschinenbau GmbH", "Industriestraße 12",
                                        "70565 STUTTGART"), germany), text[:600]
    assert _lines_before_country(text, ("Ateliers Rhône SARL", "14 rue de Gerland",
                                        "Bâtiment B", "69007 LYON"), france), text[:900]


def test_a_japanese_buyer_reads_a_japanese_address_postcode_first(
        document_of: Callable[[Path, str], ProposalDocument]) -> None:
    document = document_of(DE_FR, "ja_JP")
    buyer = DocumentParty(name="丸の内機械株式会社", country="JP", subdivision=None,
                          vat_id=None, address=TOKYO)
    text = visible_text(render_html(_replace(document, buyer=buyer), "ja_JP"))
    assert _lines_before_country(text, ("丸の内機械株式会社", "〒100-0001", "東京都",
                                        "千代田区丸の内1-1-1", "パレスビル5階"), "日本"), text[:700]


def test_the_document_carries_the_parties_addresses(
        document_of: Callable[[Path, str], ProposalDocument]) -> None:
    proposal = load_proposal(DE_FR)
    document = document_of(DE_FR, "de_DE")
    assert document.seller.address == proposal.seller.address is not None
    assert document.buyer.address == FRENCH == proposal.buyer.address


def test_address_text_is_escaped(document_of: Callable[[Path, str], ProposalDocument]) -> None:
    document = document_of(DE_FR, "fr_FR")
    hostile = Address(street=('<script>alert(1)</script>', '<img src=x onerror="alert(2)">'),
                      postal_code="69007", city='Lyon & "Co"')
    buyer = DocumentParty(name=document.buyer.name, country="FR", subdivision=None,
                          vat_id=document.buyer.vat_id, address=hostile)
    html = render_html(_replace(document, buyer=buyer), "fr_FR")
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "69007 LYON &amp; &#34;CO&#34;" in html
    assert '<img src=x onerror="alert(2)">' in visible_text(html)


def _replace(document: ProposalDocument, **changes: object) -> ProposalDocument:
    from dataclasses import replace

    return replace(document, **changes)  # type: ignore[arg-type]


def test_the_cli_refuses_an_unusable_address_with_exit_2(tmp_path: Path) -> None:
    text = DE_FR.read_text(encoding="utf-8").replace('postal_code: "69007"',
                                                     'postal_code: "6900"')
    assert 'postal_code: "6900"' in text
    bad = tmp_path / "proposal.yaml"
    bad.write_text(text, encoding="utf-8")
    out = tmp_path / "p.html"
    done = subprocess.run([sys.executable, "-m", "pricing_engine", "proposal", "render",
                           str(bad), "--locale", "fr_FR", "--out", str(out)],
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 2, done.stderr
    assert re.search(r"buyer\.address\.postal_code: '6900' is not a postal code of FR",
                     done.stderr)
    assert "Traceback" not in done.stderr and not out.exists()


@pytest.mark.parametrize(("locale", "japan"), [("ja_JP", "日本"), ("de_DE", "Japan")])
def test_the_japanese_example_prints_its_buyers_address_postcode_first(
        document_of: Callable[[Path, str], ProposalDocument], locale: str, japan: str) -> None:
    example = DE_FR.with_name("de-jp-cip.yaml")
    text = visible_text(render_html(document_of(example, locale), locale))
    buyer = ("丸の内機械株式会社", "〒100-0005", "東京都", "千代田区丸の内二丁目1番1号",
             "丸の内ビル12階")
    assert _lines_before_country(text, buyer, japan), text
    assert "70565 STUTTGART" in text
