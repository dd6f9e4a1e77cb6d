"""The Section 301 (China) headings of HTS Chapter 99: list, U.S. note, rates over time.

The Chapter 99 U.S. notes give each heading's product scope and its rate today; how the rate
changed over time is in USTR's Federal Register notices (List 3: 10 % from 2018-09-24, 25 %
from 2019-05-10; List 4A: 15 % from 2019-09-01, 7.5 % from 2020-02-14; List 4B suspended before
it applied). :mod:`pricing_engine.tariff.us_chapter99` reads the scopes and checks the rate
each note states against this table; the four-year-review dates (note 31) are the notes' own
and are checked the same way.

USTR product exclusions are headings too (:data:`EXCLUSIONS`): 9903.88.69 (note 20(vvv)) and
9903.88.70 (note 20(www)) take the products they list out of the list headings named in the
note, for the days the heading's own text gives (checked against the notes on import).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pricing_engine.rules.fields import Confidence, SourceModel

__all__ = [
    "EXCLUSIONS", "FRN_SOURCE", "HEADINGS", "NOTES_SOURCE", "REVIEW", "SOURCES", "Exclusion",
    "Heading",
]

D = Decimal
NOTES_SOURCE = "usitc-hts-ch99-notes"
FRN_SOURCE = "ustr-301-frn"
SOURCES = (
    SourceModel(id=NOTES_SOURCE, title="USITC Harmonized Tariff Schedule, Chapter 99 U.S. notes "
                "(subchapter III notes 20 and 31)", url="https://hts.usitc.gov/"),
    SourceModel(id=FRN_SOURCE, title="USTR Section 301 (China) Federal Register notices: 83 FR "
                "28710, 83 FR 40823, 83 FR 47974, 84 FR 20459, 84 FR 45821, 85 FR 3741, 84 FR "
                "69447 (List 4B suspended), 89 FR 76581 (four-year review)",
                url="https://ustr.gov/issue-areas/enforcement/section-301-investigations"),
)


@dataclass(frozen=True, slots=True)
class Heading:
    """A Section 301 heading: its list, its note subdivision and its rates over time."""

    label: str
    note: tuple[int, str]  # (note number, subdivision letter)
    rates: tuple[tuple[date, Decimal], ...]  # (from, rate), oldest first; () suspended
    until: date | None = None  # last day, when the heading ended
    confidence: Confidence = "high"
    remark: str = ""


REVIEW = "2024 four-year review"
#: Heading -> its facts. Rates over time: USTR notices (FRN_SOURCE); note 31 dates: the notes.
HEADINGS: dict[str, Heading] = {
    "9903.88.01": Heading("List 1", (20, "b"), ((date(2018, 7, 6), D("0.25")),)),
    "9903.88.02": Heading("List 2", (20, "d"), ((date(2018, 8, 23), D("0.25")),)),
    "9903.88.03": Heading("List 3", (20, "f"), ((date(2018, 9, 24), D("0.10")),
                                                (date(2019, 5, 10), D("0.25")))),
    "9903.88.04": Heading("List 3 (9903.88.04)", (20, "g"), (
        (date(2018, 9, 24), D("0.10")), (date(2019, 5, 10), D("0.25"))), confidence="medium",
        remark="dates taken as List 3's, whose items with 10-digit exceptions this heading "
               "holds"),
    "9903.88.15": Heading("List 4A", (20, "s"), ((date(2019, 9, 1), D("0.15")),
                                                 (date(2020, 2, 14), D("0.075")))),
    "9903.88.16": Heading("List 4B", (20, "u"), ()),
    "9903.91.01": Heading(REVIEW, (31, "b"), ((date(2024, 9, 27), D("0.25")),)),
    "9903.91.02": Heading(REVIEW, (31, "c"), ((date(2024, 9, 27), D("0.50")),)),
    "9903.91.03": Heading(REVIEW, (31, "d"), ((date(2024, 9, 27), D("1")),)),
    "9903.91.04": Heading(REVIEW, (31, "e"), ((date(2025, 1, 1), D("0.25")),),
                          until=date(2025, 12, 31)),
    "9903.91.05": Heading(REVIEW, (31, "f"), ((date(2025, 1, 1), D("0.50")),),
                          remark="to be increased on 2027-06-23 by an amount USTR is to "
                                 "announce (not encoded)"),
    "9903.91.06": Heading(REVIEW, (31, "g"), ((date(2026, 1, 1), D("0.25")),)),
    "9903.91.07": Heading(REVIEW, (31, "h"), ((date(2026, 1, 1), D("0.50")),)),
    "9903.91.08": Heading(REVIEW, (31, "i"), ((date(2026, 1, 1), D("1")),)),
    "9903.91.11": Heading(REVIEW, (31, "j"), ((date(2025, 1, 1), D("0.25")),)),
    "9903.91.12": Heading(REVIEW, (31, "k"), ((date(2026, 11, 10), D("1")),),
                          confidence="low", remark="intermodal chassis and their subassemblies "
                          "and parts only; other goods of the line are not covered"),
    "9903.91.14": Heading(REVIEW, (31, "l"), ((date(2026, 11, 10), D("1")),),
                          confidence="low", remark="ship-to-shore gantry cranes only; other "
                          "goods of the line are not covered"),
}



@dataclass(frozen=True, slots=True)
class Exclusion:
    """A heading of USTR product exclusions: its note 20 subdivision and the days it is in
    force (first and last; after the last, the list rates apply again)."""

    note: str
    start: date
    until: date


#: Exclusion heading -> its facts, from the headings' text in the Chapter 99 notes (2026
#: Revision 6: "on or after June 15, 2024 and through November 9, 2026"; "on or after January
#: 1, 2024, and through November 9, 2026"; the same in Revision 10).
EXCLUSIONS: dict[str, Exclusion] = {
    "9903.88.69": Exclusion("vvv", date(2024, 6, 15), date(2026, 11, 9)),
    "9903.88.70": Exclusion("www", date(2024, 1, 1), date(2026, 11, 9)),
}
