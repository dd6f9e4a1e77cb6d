"""The gettext catalogues: complete for every language, compiled from their .po sources, and
carrying the Directive's own words for the reverse charge."""

from __future__ import annotations

import io

import pytest
from babel.messages.mofile import read_mo

from pricing_engine.proposal.catalogs import catalog_problems, extract
from pricing_engine.proposal.locales import LANGUAGES, locale_dir, translations


def test_every_catalogue_translates_every_message_and_its_mo_is_compiled() -> None:
    assert catalog_problems() == []


def test_the_issue_languages_have_catalogues() -> None:
    assert {"en", "de", "fr", "es", "ja", "ar"} <= set(LANGUAGES)


def test_extraction_finds_the_template_labels_and_the_mentions() -> None:
    ids = {message.id for message in extract() if message.id}
    assert {"Proposal", "Valid until", "Unit price", "Total", "Reverse charge", "VAT"} <= ids


@pytest.mark.parametrize(("language", "wording"), [
    # Council Directive 2006/112/EC, Art. 226(11a), in its DE, FR, ES and EN versions
    ("de", "Steuerschuldnerschaft des Leistungsempfängers"),
    ("fr", "Autoliquidation"),
    ("es", "Inversión del sujeto pasivo"),
    ("en", "Reverse charge"),
])
def test_the_reverse_charge_mention_is_the_directives_wording(language: str,
                                                              wording: str) -> None:
    assert translations(language).gettext("Reverse charge") == wording


def test_a_locale_finds_its_languages_catalogue() -> None:
    assert translations("fr_CA").gettext("Proposal") == "Proposition commerciale"
    assert translations("ar_AE").gettext("Proposal") == "عرض سعر"
    assert translations("it_IT").gettext("Proposal") == "Proposal"


def test_the_mo_files_are_real_compiled_catalogues() -> None:
    for language in LANGUAGES:
        mo = locale_dir() / language / "LC_MESSAGES" / "pricing_engine.mo"
        catalog = read_mo(io.BytesIO(mo.read_bytes()))
        assert len([m for m in catalog if m.id]) >= 40, language


@pytest.mark.parametrize(("language", "message", "expected"), [
    # Japan's tax is the consumption tax (消費税), as the rule file names it
    ("ja", "Consumption tax", "消費税"),
    ("ar", "Consumption tax", "ضريبة الاستهلاك"),
    # fees levied by customs (e.g. the US merchandise processing fee), not a broker's
    # clearance fee (通関手数料, رسوم التخليص الجمركي)
    ("ja", "Customs fees", "税関手数料"),
    ("ar", "Customs fees", "رسوم الخدمات الجمركية"),
    # a Japanese reader's import tax is first of all Japan's consumption tax (輸入消費税)
    ("ja", "Import VAT or GST", "輸入消費税・VAT・GST"),
    ("ar", "Import VAT or GST",
     "ضريبة القيمة المضافة أو ضريبة السلع والخدمات على الاستيراد"),
    # the UAE Federal Tax Authority's terms: reverse charge, zero-rated, tax registration no.
    ("ar", "Reverse charge", "آلية الاحتساب العكسي (Reverse charge)"),
    ("ar", "VAT number", "رقم التسجيل الضريبي"),
    # DDP under its Japanese name (関税込持込渡し)
    ("ja", "Import duties and taxes are included in the prices (delivered duty paid).",
     "輸入関税・税は価格に含まれています（関税込持込渡し）。"),
])
def test_trade_terms_in_japanese_and_arabic(language: str, message: str, expected: str) -> None:
    assert translations(language).gettext(message) == expected
