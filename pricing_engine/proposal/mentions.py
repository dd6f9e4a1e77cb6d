"""The mentions a proposal carries for its tax treatment, and their English source texts.

The texts are gettext message ids: the catalogues under ``locale/`` translate them. Sources:

* ``REVERSE_CHARGE``: Council Directive 2006/112/EC, Art. 226(11a): where the customer is
  liable for the VAT, the invoice states "Reverse charge". The catalogues carry the wording
  of the Directive's language versions (DE "Steuerschuldnerschaft des
  Leistungsempfängers", FR "Autoliquidation", ES "Inversión del sujeto pasivo"); Japanese
  and Arabic have no official version, so theirs keep the English words beside the
  translation.
* ``INTRA_EU_SUPPLY_EXEMPT``: Art. 226(11) (a reference to the exemption) and Art. 138
  (the exempt intra-Community supply of goods to a taxable person in another Member State).
* ``EXPORT_EXEMPT_EU``: Art. 226(11) and Art. 146(1)(a) (goods dispatched outside the EU by
  the supplier).
* ``EXPORT_ZERO_RATED``: a seller outside the EU exporting: no VAT, GST or sales tax on the
  invoice (the engine's ``export_zero_rated`` treatment).
* ``IMPORT_TAX_AT_SALE``: the destination's import tax charged by the seller at the sale
  under a scheme such as the UK's low-value goods rules or the EU's IOSS (rules'
  ``tax_collection``): it replaces the export mention, as the invoice then carries tax.

>>> mentions_for("intra_eu_reverse_charge", seller_union="EU", import_paid_by=None)
('REVERSE_CHARGE', 'INTRA_EU_SUPPLY_EXEMPT')
>>> mentions_for("export_zero_rated", seller_union=None, import_paid_by=None,
...              tax_at_sale=True)
('IMPORT_TAX_AT_SALE',)
"""

from __future__ import annotations

from typing import Literal

from pricing_engine.proposal.model import MentionCode

__all__ = ["MENTION_TEXTS", "TAX_NAMES", "TREATMENT_MENTIONS", "mentions_for"]


def N_(message: str) -> str:
    """Mark ``message`` as a catalogue message id (gettext's no-op marker); the template
    translates it when it prints it, and catalogs.extract() reads MENTION_TEXTS."""
    return message


#: The English source text (the gettext msgid) of each mention.
MENTION_TEXTS: dict[MentionCode, str] = {
    "REVERSE_CHARGE": N_("Reverse charge"),
    "INTRA_EU_SUPPLY_EXEMPT": N_(
        "Exempt intra-Community supply of goods (Article 138 of Council Directive "
        "2006/112/EC): the VAT is due from the customer."),
    "EXPORT_EXEMPT_EU": N_(
        "Exempt export of goods outside the European Union (Article 146 of Council "
        "Directive 2006/112/EC)."),
    "EXPORT_ZERO_RATED": N_("Export of goods: zero-rated, no VAT or sales tax charged."),
    "IMPORT_CHARGES_INCLUDED": N_(
        "Import duties and taxes are included in the prices (delivered duty paid)."),
    "IMPORT_CHARGES_BY_BUYER": N_(
        "Import duties and taxes are not included: the buyer pays them on import "
        "(estimate below)."),
    "IMPORT_TAX_AT_SALE": N_(
        "The import tax of the country of destination is charged on this document (collected "
        "at the sale); it is not charged again on import."),
}

#: Tax names the catalogues translate (a name without a translation prints as the rules
#: spell it, e.g. QST).
TAX_NAMES: tuple[str, ...] = (N_("VAT"), N_("GST"), N_("Consumption tax"))

#: The engine's sale-tax treatment -> its mentions; an export from the EU is told apart by
#: the seller's union (see :func:`mentions_for`).
TREATMENT_MENTIONS: dict[str, tuple[MentionCode, ...]] = {
    "domestic": (),
    "intra_eu_destination_vat": (),
    "intra_eu_reverse_charge": ("REVERSE_CHARGE", "INTRA_EU_SUPPLY_EXEMPT"),
    "export_zero_rated": ("EXPORT_ZERO_RATED",),
    "export_zero_rated/EU": ("EXPORT_EXEMPT_EU",),
}


def mentions_for(treatment: str, *, seller_union: str | None,
                 import_paid_by: Literal["buyer", "seller"] | None,
                 tax_at_sale: bool = False) -> tuple[MentionCode, ...]:
    """The mentions for a sale-tax ``treatment``, who pays the import charges (None: nobody,
    or nothing to pay), and whether import tax is charged at the sale.

    An unknown treatment raises KeyError: a document is not issued without the mentions its
    treatment needs.
    """
    key = f"{treatment}/{seller_union}"
    found = TREATMENT_MENTIONS[key if key in TREATMENT_MENTIONS else treatment]
    if tax_at_sale:
        found = ("IMPORT_TAX_AT_SALE",)
    if import_paid_by == "seller":
        return (*found, "IMPORT_CHARGES_INCLUDED")
    if import_paid_by == "buyer":
        return (*found, "IMPORT_CHARGES_BY_BUYER")
    return found
