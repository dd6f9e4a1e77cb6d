"""Read the IEEPA reciprocal duties by country (U.S. note 2(v), (x) and (z) to subchapter III of
HTS chapter 99, with their headings' rows).

Executive Order 14257 (2025-04-02) put an additional ad valorem duty on products of every
country but Canada and Mexico from 12:01 a.m. EDT on 2025-04-05: 10 % (heading 9903.01.25),
with country rates on 2025-04-09 only (headings 9903.01.43-.76; paused from 2025-04-10), and
from 2025-08-07 the country rates of Executive Order 14326 (headings 9903.02.02-.71; 10 % for
the countries it does not name). The European Union (9903.02.19/.20), and after their deals
Japan (9903.02.72/.73, from 2025-08-07), South Korea (9903.02.79/.80), Switzerland
(9903.02.82/.83) and Liechtenstein (9903.02.87/.88, all three from 2025-11-14) pay the duty
that brings the column 1 duty up to 15 % (``top_up_to``). The duties ended for goods entered
from 2026-02-24 (CBP CSMS #67834313, after Learning Resources v. Trump). Beside them, Brazil's
40 % (Executive Order 14323, heading 9903.01.77, from 2025-08-06) and India's 25 % for its
purchases of Russian oil (9903.01.84, 2025-08-27 to 2026-02-06) are their own duties.

Read from the notes' text (one official file, as ``us-ch99`` and ``us-s122`` read it): each
heading's rate and the countries its row names, and the lists that spare products: Annex II
(note 2(v)(iii)(a), heading 9903.01.32), the EU's (v)(xx) (9903.02.74, from 2025-09-01), the
Swiss and Liechtenstein (v)(xxv)(b) (9903.02.84/.89, from 2025-11-14) and Brazil's (x)(iii)(a)
(9903.01.81). Goods under a Section 232 duty are spared (9903.01.33, .83, .87: ``not_with``);
civil aircraft declared so (``uses: [civil_aircraft]``) from the day each agreement spared
them; products of the column 2 countries (general note 3(b): Belarus, Cuba, North Korea,
Russia; 9903.01.29) pay none.

What the notes do not say is sourced here and said in each entry: the days the deals took
effect (the notices, not the notes, give them), and that the lists are as this revision gives
them: Annex II and Brazil's list grew during the duties' days (agricultural goods from
2025-11-13 / 2025-11-20) and the notes keep no history, so their zero entries are
``confidence: low`` (a quote there goes to review). Not applied: goods in transit
(9903.01.28, the country headings' in-transit clauses), donations and informational materials
(9903.01.30-.31), the U.S. content of an article (9903.01.34), the particular articles of
(v)(iii)(b) (9903.02.78) and (v)(xxi), the EU's, Swiss and Liechtenstein non-patented
pharmaceuticals ((v)(xxiii), (xxv)(d)), transshipment (9903.02.01).

Products of China, Hong Kong and Macau (heading 9903.01.63) have a timeline of their own whose
rates the notes do not give (the row states the 34 % of EO 14257, raised before it took effect
and later suspended in part): 10 % from 2025-04-05, 84 % on 2025-04-09, 125 % from 2025-04-10,
10 % from 2025-05-14 (source ``ieepa-china-rates``), with the same lists and exemptions. (Their
IEEPA fentanyl duty is another duty, curated in rules/countries/US.yaml.)

The duties on products of Canada and Mexico (Executive Orders 14193 and 14194, note 2(a)-(m))
are written too, as ``IEEPA fentanyl (Canada, Mexico)``: Mexico + 25 % (9903.01.01), Canada
+ 35 % (9903.01.10; 25 % before 2025-08-01, EO 14325), from 2025-03-04; on goods entered free of
duty under USMCA only before 2025-03-07 (9903.01.04, .14); potash 10 % (9903.01.05, .15, read
as heading 3104, ``confidence: low``), Canada's energy resources and critical minerals 10 %
(9903.01.13, read as chapter 27, low: those of other chapters are charged the general rate);
not on Section 232 goods (EO 14289: the vehicles' duty first; until 2025-06-03 the metals
duties gave way to these, the same 25 %, and from 2025-06-04 these to the metals duties).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise

from pricing_engine.rules.fields import Confidence, SourceModel
from pricing_engine.rules.model import AdditionalEntry, GoodsUse
from pricing_engine.tariff.table import Problem
from pricing_engine.tariff.us_section232 import (
    heading_rows,
    page_head,
    read_subdivisions,
    row_rate,
)

__all__ = ["BRAZIL", "END", "FENTANYL", "INDIA", "NAME", "SOURCES", "START", "Ieepa",
           "ieepa_entries", "read_ieepa"]

NAME = "IEEPA reciprocal"
FENTANYL = "IEEPA fentanyl (Canada, Mexico)"
BRAZIL = "IEEPA Brazil"
INDIA = "IEEPA India (Russian oil)"
SOURCE = "usitc-hts-ch99-note2v"
SOURCE_DATES = "ieepa-deal-dates"
SOURCE_CHINA = "ieepa-china-rates"
SOURCES = (
    SourceModel(id=SOURCE, title="USITC Harmonized Tariff Schedule, Chapter 99, subchapter III "
                "U.S. note 2(v), (x) and (z) and headings 9903.01.25-.90, 9903.02.02-.91 "
                "(IEEPA reciprocal duties by country, Executive Orders 14257, 14266, 14323, "
                "14326 and their amendments, with Annex II and the lists of the EU, Swiss and "
                "Brazilian exemptions)", url="https://hts.usitc.gov/"),
    SourceModel(id=SOURCE_DATES, title="The days the deals took effect, which the notes do "
                "not give: Japan 15 % inclusive from 2025-08-07 and its civil aircraft from "
                "2025-09-16 (EO 14345, CBP CSMS #66146676 and #66242844); the EU's exemptions and "
                "civil aircraft from 2025-09-01 (notice of 2025-09-25 implementing the US-EU "
                "framework, CSMS #66336270); South "
                "Korea, Switzerland and Liechtenstein 15 % inclusive, their exemptions and "
                "civil aircraft from 2025-11-14 (CSMS #66987366 and #67045953; 90 FR 59281); UK "
                "civil aircraft from 2025-06-30 (90 FR 27851); Canada and Mexico: from 2025-03-04 "
                "(EO 14193, 14194), goods entered free of duty under USMCA spared from "
                "2025-03-07 (EO 14231, 14232), Canada 35 % from 2025-08-01 (EO 14325; 25 % "
                "before), not stacked on the Section 232 duties (EO 14289, CSMS #65054270; from "
                "2025-06-04 the metals duties first); the end for entries from 2026-02-24 (CBP "
                "CSMS #67834313)",
                url="https://content.govdelivery.com/accounts/USDHSCBP/bulletins/3ff0a41"),
    SourceModel(id=SOURCE_CHINA, title="The reciprocal rate on products of China, Hong Kong and "
                "Macau over time, which the notes do not give (heading 9903.01.63 states the "
                "34 % of EO 14257, now suspended): 10 % from 2025-04-05 (9903.01.25), 84 % on "
                "2025-04-09 (EO 14259), 125 % from 2025-04-10 (EO 14266), 10 % from 2025-05-14 "
                "(EO 14298: 24 points suspended; extended by the EO of 2025-11-04); ended "
                "2026-02-23 (CBP CSMS #67834313)",
                url="https://www.mondaq.com/unitedstates/international-trade-investment/1702374/"),
)

#: The first and last days of the reciprocal duties.
START = date(2025, 4, 5)
END = date(2026, 2, 23)
#: The one day the country rates of EO 14257 applied (9903.01.43-.76; paused from 04-10).
APRIL9 = date(2025, 4, 9)
#: The country rates of EO 14326 (9903.02.02-.71) and the EU's 15 % inclusive.
ANNEX_I = date(2025, 8, 7)
UK_AIRCRAFT = date(2025, 6, 30)
EU_EXEMPTIONS = date(2025, 9, 1)
JP_AIRCRAFT = date(2025, 9, 16)
DEALS = date(2025, 11, 14)
BRAZIL_START = date(2025, 8, 6)
INDIA_SPAN = (date(2025, 8, 27), date(2026, 2, 6))
AIRCRAFT: GoodsUse = "civil_aircraft"
SECTION232 = "Section 232"

#: Never under these entries: Canada and Mexico (9903.01.26-.27), the column 2 countries
#: (9903.01.29, general note 3(b)).
_NOT_HERE = ("BY", "CA", "CU", "KP", "MX", "RU")
#: "China, including Hong Kong and Macau" (9903.01.63): a timeline of their own.
CHINA = ("CN", "HK", "MO")
#: China's rate from each day (source ``ieepa-china-rates``): heading 9903.01.63's 34 % was
#: raised before it took effect and suspended in part from 2025-05-14.
_CHINA_RATES = ((START, Decimal("0.10"), "heading 9903.01.25 (+10 %)"),
                (APRIL9, Decimal("0.84"), "heading 9903.01.63 as EO 14259 raised it (+84 %)"),
                (date(2025, 4, 10), Decimal("1.25"),
                 "heading 9903.01.63 as EO 14266 raised it (+125 %)"),
                (date(2025, 5, 14), Decimal("0.10"), "heading 9903.01.25 (+10 %; 24 points of "
                 "9903.01.63 suspended by EO 14298 and the EO of 2025-11-04)"))
#: The headings of the country rates of 2025-04-09 (9903.01.63, China's, is not read).
_APRIL9 = tuple(f"9903.01.{n}" for n in range(43, 77) if n != 63)
#: The headings of EO 14326's country rates; those a deal replaced, with their last day.
_ANNEX_I = tuple(f"9903.02.{n:02d}" for n in range(2, 72) if n not in (19, 20, 30))
_ENDED = {"9903.02.36": DEALS - timedelta(days=1), "9903.02.56": DEALS - timedelta(days=1),
          "9903.02.58": DEALS - timedelta(days=1)}
#: The 15 % inclusive headings (the row of the lower-duty heading states the total) and
#: the day each applies from: the EU's and (retroactively) Japan's from 2025-08-07.
_TOP_UP = {"EU": ("9903.02.20", ANNEX_I), "JP": ("9903.02.73", ANNEX_I),
           "KR": ("9903.02.80", DEALS), "CH": ("9903.02.83", DEALS),
           "LI": ("9903.02.88", DEALS)}
#: The duties on products of Canada and Mexico (EO 14193, 14194; note 2(a)-(m)): heading ->
#: (origin, what it covers: ``*`` or the code prefix it is read as, the note that says so).
_FENTANYL = {
    "9903.01.01": ("MX", "*", "note 2(a)"),
    "9903.01.05": ("MX", "3104", "potash (note 2(c)), read as heading 3104"),
    "9903.01.10": ("CA", "*", "note 2(j)"),
    "9903.01.13": ("CA", "27", "energy resources and critical minerals (note 2(j), 30 U.S.C. "
                   "1606(a)(3)), read as chapter 27: uranium, biofuels and the critical minerals "
                   "of other chapters are charged the general rate (overstated)"),
    "9903.01.15": ("CA", "3104", "potash (note 2(l)), read as heading 3104"),
}
#: The first day; goods entered free of duty under USMCA spared from 2025-03-07 (9903.01.04,
#: .14; EO 14231, 14232); Canada's general rate 25 % before 2025-08-01 (EO 14325).
FENTANYL_START = date(2025, 3, 4)
USMCA_SPARED = date(2025, 3, 7)
CANADA_35 = date(2025, 8, 1)
CANADA_BEFORE = Decimal("0.25")
#: Civil aircraft (general note 6) declared so are spared from these days.
_AIRCRAFT_FROM = {"GB": UK_AIRCRAFT, "EU": EU_EXEMPTIONS, "JP": JP_AIRCRAFT, "KR": DEALS,
                  "CH": DEALS, "LI": DEALS}
#: The countries as the headings' rows name them.
COUNTRIES = {
    "Afghanistan": "AF", "Algeria": "DZ", "Angola": "AO", "Bangladesh": "BD",
    "Bolivia": "BO", "Bosnia and Herzegovina": "BA", "Botswana": "BW", "Brazil": "BR",
    "Brunei": "BN", "Cambodia": "KH", "Cameroon": "CM", "Chad": "TD", "Costa Rica": "CR",
    "Côte d'Ivoire": "CI", "Democratic Republic of the Congo": "CD", "Ecuador": "EC",
    "Equatorial Guinea": "GQ", "European Union": "EU", "Falkland Islands": "FK", "Fiji": "FJ",
    "Ghana": "GH", "Guyana": "GY", "Iceland": "IS", "India": "IN", "Indonesia": "ID",
    "Iraq": "IQ", "Israel": "IL", "Japan": "JP", "Jordan": "JO", "Kazakhstan": "KZ",
    "Laos": "LA", "Lesotho": "LS", "Libya": "LY", "Liechtenstein": "LI", "Madagascar": "MG",
    "Malawi": "MW", "Malaysia": "MY", "Mauritius": "MU", "Moldova": "MD", "Mozambique": "MZ",
    "Myanmar (Burma)": "MM", "Namibia": "NA", "Nauru": "NR", "New Zealand": "NZ",
    "Nicaragua": "NI", "Nigeria": "NG", "North Macedonia": "MK", "Norway": "NO",
    "Pakistan": "PK", "Papua New Guinea": "PG", "Philippines": "PH", "Serbia": "RS",
    "South Africa": "ZA", "South Korea": "KR", "Sri Lanka": "LK", "Switzerland": "CH",
    "Syria": "SY", "Taiwan": "TW", "Thailand": "TH", "Trinidad and Tobago": "TT",
    "Tunisia": "TN", "Turkey": "TR", "Uganda": "UG", "United Kingdom": "GB", "Vanuatu": "VU",
    "Venezuela": "VE", "Vietnam": "VN", "Zambia": "ZM", "Zimbabwe": "ZW",
}
_PRODUCT_OF = re.compile(r"articles the product of (.+?),? (?:as provided|with an ad valorem)")
#: The lists read: key -> (the text opening the subdivision, the one opening the next).
_LISTS = {
    "annex2": ("(a) As provided for in heading 9903.01.32",
               "(b) As provided in heading 9903.02.78"),
    "eu": ("(xx) As provided in heading 9903.02.74", "(xxi) As provided in heading 9903.02.75"),
    "ch_li": ("(b) As provided in headings 9903.02.84 and 9903.02.89",
              "(c) As provided in headings 9903.02.85 and 9903.02.90"),
    "brazil": ("(a) As provided in heading 9903.01.81", "(b) As provided in heading 9903.01.90"),
}
_LIST_HEADINGS = {"annex2": "9903.01.32", "eu": "9903.02.74", "ch_li": "9903.02.84",
                  "brazil": "9903.01.81"}


@dataclass(frozen=True, slots=True)
class Terms:
    """What one country pays on a day: a rate, or the duty that tops the column 1 duty up."""

    heading: str
    rate: Decimal | None = None
    top_up_to: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Ieepa:
    """What the notes say: the baseline rate, the country rates (origin -> terms) of
    2025-04-09 and of EO 14326, the 15 % inclusive terms of the deals, Brazil's and India's
    rates, the lists that spare products, and the problems found."""

    baseline: Decimal | None
    april9: dict[str, Terms]
    annex1: dict[str, Terms]
    top_up: dict[str, Terms]
    brazil: Decimal | None
    india: Decimal | None
    lists: dict[str, tuple[str, ...]]
    problems: tuple[Problem, ...]
    #: the rates of the Canada and Mexico headings (9903.01.01, .05, .10, .13, .15)
    fentanyl: dict[str, Decimal] = field(default_factory=dict)


def read_ieepa(text: str, name: str) -> Ieepa:
    """The IEEPA headings' rates and countries and the lists of note 2 in the notes' ``text``.
    A text without heading 9903.01.25 gives no entries and a problem: a table written from it
    would leave the duties' days without them (priced too low), so the import says so."""
    rows = heading_rows(text.splitlines())  # each row found once, not once per question
    if "9903.01.25" not in rows:
        return Ieepa(None, {}, {}, {}, None, None, {}, (Problem(
            name, 0, "9903.01.25", "rate", "", "the row of heading 9903.01.25 is not in the "
            "text: no IEEPA duties read (another part of the notes, or a revision without "
            "them: the table written has none for 2025-04-05..2026-02-23)"),))
    problems: list[Problem] = []

    def rate(heading: str) -> Decimal | None:
        found = row_rate(rows.get(heading))
        if found is None:
            problems.append(Problem(name, 0, heading, "rate", "",
                                    f"the rate of heading {heading} was not found"))
        return found

    def countries(heading: str) -> tuple[str, ...]:
        row = _row_description(rows.get(heading), heading)
        named = _PRODUCT_OF.search(row or "")
        if named is None:
            problems.append(Problem(name, 0, heading, "description", (row or "")[-120:],
                                    "the row names no country"))
            return ()
        out = []
        for part in re.split(r",\s*(?:or\s+)?|\s+or\s+", named[1]):
            country = re.sub(r"^the\s+", "", part.strip()).replace("’", "'").replace("`", "'")
            if country not in COUNTRIES:
                problems.append(Problem(name, 0, heading, "description", country,
                                        "a country the importer does not know"))
                continue
            out.append(COUNTRIES[country])
        return tuple(out)

    def by_country(headings: tuple[str, ...]) -> dict[str, Terms]:
        out: dict[str, Terms] = {}
        for heading in headings:
            found = rate(heading)
            if found is not None:
                out.update((code, Terms(heading, rate=found)) for code in countries(heading))
        return out

    baseline = rate("9903.01.25")
    top_up: dict[str, Terms] = {}
    for code, (heading, _) in _TOP_UP.items():
        total = _stated_total(rows.get(heading))
        if total is None:
            problems.append(Problem(name, 0, heading, "rate", "",
                                    f"the 15 % inclusive rate of heading {heading} was not found"))
        elif countries(heading) != (code,):
            problems.append(Problem(name, 0, heading, "description", code,
                                    "the row is not that country's"))
        else:
            top_up[code] = Terms(heading, top_up_to=total)
    lists = read_subdivisions(text, name, dict(_LISTS), _LIST_HEADINGS.__getitem__)
    problems += lists.problems
    rate("9903.01.63")  # China's row (its rates over time are sourced, not read): still there
    fentanyl = {heading: found for heading in _FENTANYL
                if (found := rate(heading)) is not None}
    return Ieepa(baseline, by_country(_APRIL9), by_country(_ANNEX_I), top_up,
                 rate("9903.01.77"), rate("9903.01.84"),
                 {key: tuple(sorted(set(codes))) for key, codes in lists.lists.items()},
                 tuple(problems), fentanyl)


def _row_description(row: list[str] | None, heading: str) -> str | None:
    """The description column of a heading's row (:func:`heading_rows`), on one line (the
    rate columns at the right, past a wide gap, left out)."""
    if row is None:
        return None
    kept = [re.split(r"\s{10,}", line.strip())[0] for line in row
            if line.strip() and not page_head(line)
            and len(line) - len(line.lstrip()) < 60]  # a line indented far holds rate columns
    text = " ".join(" ".join(kept).split())
    text = re.sub(r"^" + re.escape(heading) + r"\s+(?:\d/\s*)?", "", text)
    return re.sub(r"\s*\.{3,}.*$", "", text)


def _stated_total(row: list[str] | None) -> Decimal | None:
    """The total ad valorem rate a 15 % inclusive heading's row states in its first rate
    column (``15%``, no "subheading +")."""
    if row is None:
        return None
    parts = re.split(r"\s{10,}", row[0].strip())
    found = re.fullmatch(r"(\d+(?:\.\d+)?)\s*%", parts[1]) if len(parts) > 1 else None
    return None if found is None else Decimal(found[1]) / 100


def ieepa_entries(read: Ieepa) -> tuple[list[AdditionalEntry], Counter[str]]:
    """The entries of the duties ``read``: by country and day at ``*``, zero at each listed
    provision, Brazil's, India's, Canada's and Mexico's own duties."""
    summary: Counter[str] = Counter()
    if read.baseline is None:
        return [], summary
    special = sorted({*read.april9, *read.annex1, *read.top_up, *_AIRCRAFT_FROM})
    out = [AdditionalEntry(name=NAME, hs="*", except_origins=(*_NOT_HERE, *CHINA, *special),
                           rate=read.baseline, valid_from=START, valid_to=END,
                           not_with=SECTION232, source=SOURCE, confidence="medium",
                           note=f"heading 9903.01.25 (+{_pc(read.baseline)}); {_SPARED}")]
    out += _by_country(read, special)
    out += _china(read)
    summary["country and period entries at *"] = len(out)
    annex2 = read.lists.get("annex2", ())
    out += _zeros(NAME, annex2, None, START, END, "low", "Annex II (note 2(v)(iii)(a), heading "
                  "9903.01.32) as this revision lists it: the list changed during the duty's "
                  "days (EO 14346 from 2025-09-08, agricultural goods from 2025-11-13) and the "
                  "notes keep no history, so on an earlier day the line may have paid")
    summary["Annex II provisions (v)(iii)(a): not charged"] = len(annex2)
    eu = read.lists.get("eu", ())
    out += _zeros(NAME, eu, ("EU",), EU_EXEMPTIONS, END, "medium", "products of the EU "
                  "listed in note 2(v)(xx), heading 9903.02.74 (from 2025-09-01)",
                  SOURCE_DATES)
    summary["EU provisions (v)(xx): not charged from 2025-09-01"] = len(eu)
    ch_li = read.lists.get("ch_li", ())
    out += _zeros(NAME, ch_li, ("CH", "LI"), DEALS, END, "medium", "products of Switzerland "
                  "or Liechtenstein listed in note 2(v)(xxv)(b), headings 9903.02.84/.89 (from "
                  "2025-11-14)", SOURCE_DATES)
    summary["Swiss and Liechtenstein provisions (v)(xxv)(b): not charged from 2025-11-14"] = \
        len(ch_li)
    if read.brazil is not None:
        out.append(AdditionalEntry(
            name=BRAZIL, hs="*", origins=("BR",), rate=read.brazil, valid_from=BRAZIL_START,
            valid_to=END, not_with=SECTION232, except_for_use=(AIRCRAFT,), source=SOURCE,
            confidence="medium",
            note=f"heading 9903.01.77 (+{_pc(read.brazil)}, EO 14323); not on goods under a "
                 "Section 232 duty (note 2(x)(v)-(xv), 9903.01.83) nor on civil aircraft "
                 "declared so (2(x)(iv), 9903.01.82); not applied: goods in transit "
                 "(9903.01.78), donations and informational materials (.79-.80), the "
                 "particular articles of 2(x)(iii)(b) (9903.01.90)"))
        brazil = read.lists.get("brazil", ())
        out += _zeros(BRAZIL, brazil, ("BR",), BRAZIL_START, END, "low", "listed in note "
                      "2(x)(iii)(a), heading 9903.01.81, as this revision lists it: the list "
                      "grew during the duty's days (agricultural goods added from 2025-11-20) "
                      "and the notes keep no history")
        summary["Brazil's 40 %: provisions (x)(iii)(a) not charged"] = len(brazil)
    if read.india is not None:
        first, last = INDIA_SPAN
        out.append(AdditionalEntry(
            name=INDIA, hs="*", origins=("IN",), rate=read.india, valid_from=first,
            valid_to=last, not_with=SECTION232, source=SOURCE, confidence="medium",
            note=f"heading 9903.01.84 (+{_pc(read.india)}, for India's purchases of Russian "
                 "oil; terminated as of 2026-02-07); not on goods under a Section 232 duty "
                 "(9903.01.87); not applied: goods in transit (9903.01.85), donations and "
                 "informational materials (.88-.89)"))
        out += _zeros(INDIA, annex2, ("IN",), first, last, "low", "listed in note 2(v)(iii) "
                      "(heading 9903.01.86) as this revision lists it")
    fentanyl = _fentanyl(read)
    summary["Canada and Mexico entries"] = len(fentanyl)
    out += fentanyl
    summary["entries written"] = len(out)
    return out, summary


_SPARED = ("not on goods under a Section 232 duty (9903.01.33); not applied: goods in "
           "transit (9903.01.28), donations and informational materials (9903.01.30-.31), the "
           "U.S. content of an article (9903.01.34), the particular articles of 2(v)(iii)(b) "
           "(9903.02.78)")


def _by_country(read: Ieepa, special: list[str]) -> list[AdditionalEntry]:
    """The ``*`` entries of each country with a rate, a deal or an aircraft exemption of its
    own: its terms day by day, merged into periods (one timeline per country, without gaps
    from the first day to the last)."""
    days = sorted({START, APRIL9, APRIL9 + timedelta(days=1), UK_AIRCRAFT, ANNEX_I,
                   EU_EXEMPTIONS, JP_AIRCRAFT, DEALS, END + timedelta(days=1),
                   *(end + timedelta(days=1) for end in _ENDED.values())})
    out = []
    for code in special:
        merged: list[tuple[date, date, Terms, bool]] = []
        for first, after in pairwise(days):
            terms = _terms(read, code, first)
            aircraft = code in _AIRCRAFT_FROM and first >= _AIRCRAFT_FROM[code]
            last = after - timedelta(days=1)
            if merged and merged[-1][2:] == (terms, aircraft):
                merged[-1] = (merged[-1][0], last, terms, aircraft)
            else:
                merged.append((first, last, terms, aircraft))
        for first, last, terms, aircraft in merged:
            charge = (f"+{_pc(terms.rate)}" if terms.rate is not None
                      else f"the column 1 duty brought up to {_pc(terms.top_up_to)} in all")
            note = f"heading {terms.heading} ({charge}); {_SPARED}"
            if aircraft:
                note += "; not on civil aircraft declared so (uses: [civil_aircraft])"
            out.append(AdditionalEntry(
                name=NAME, hs="*", origins=(code,), rate=terms.rate,
                top_up_to=terms.top_up_to, valid_from=first, valid_to=last,
                not_with=SECTION232, except_for_use=(AIRCRAFT,) if aircraft else None,
                source=SOURCE_DATES if aircraft or terms.heading in _DATED else SOURCE,
                confidence="medium", note=note))
    return out


#: The headings whose first day the notes do not give (the deals').
_DATED = frozenset(heading for heading, _ in _TOP_UP.values()) - {"9903.02.20"}


def _fentanyl(read: Ieepa) -> list[AdditionalEntry]:
    """The duties on products of Canada and Mexico of every heading read: one timeline per
    heading, on goods claimed under USMCA too for its first three days, then only where no
    preference is claimed; Canada's general rate 25 % before 2025-08-01."""
    out = []
    for heading, rate in read.fentanyl.items():
        origin, hs, scope = _FENTANYL[heading]
        days = [FENTANYL_START, USMCA_SPARED, *((CANADA_35,) if heading == "9903.01.10" else ()),
                END + timedelta(days=1)]
        for first, after in pairwise(days):
            last, claimed_too = after - timedelta(days=1), first < USMCA_SPARED
            charged = CANADA_BEFORE if heading == "9903.01.10" and first < CANADA_35 else rate
            note = (f"heading {heading} (+{_pc(charged)}), {scope}; not on goods under a "
                    "Section 232 duty (EO 14289)"
                    + ("" if claimed_too else "; not on goods entered free of duty under USMCA "
                       "(9903.01.04, .14)")
                    + "; not applied: donations, informational materials, transshipment "
                      "(9903.01.16)")
            out.append(AdditionalEntry(
                name=FENTANYL, hs=hs, origins=(origin,), rate=charged, valid_from=first,
                valid_to=last, applies_with_preference=claimed_too, not_with=SECTION232,
                source=SOURCE_DATES if first != FENTANYL_START or charged != rate else SOURCE,
                confidence="medium" if hs == "*" else "low", note=note))
    return out


def _china(read: Ieepa) -> list[AdditionalEntry]:
    """The ``*`` entries of China, Hong Kong and Macau: one timeline (the baseline's rate where
    it is 9903.01.25's, the others as sourced)."""
    out = []
    for (first, rate, heading), after in zip(
            _CHINA_RATES, [*(day for day, _, _ in _CHINA_RATES[1:]), END + timedelta(days=1)],
            strict=True):
        if heading.startswith("heading 9903.01.25") and read.baseline is not None:
            rate = read.baseline
        out.append(AdditionalEntry(
            name=NAME, hs="*", origins=CHINA, rate=rate, valid_from=first,
            valid_to=after - timedelta(days=1), not_with=SECTION232, source=SOURCE_CHINA,
            confidence="medium", note=f"{heading}; {_SPARED}"))
    return out


def _terms(read: Ieepa, code: str, day: date) -> Terms:
    """What products of ``code`` pay on ``day`` (the baseline where nothing else applies)."""
    baseline = Terms("9903.01.25", rate=read.baseline)
    if day == APRIL9:
        return read.april9.get(code, baseline)
    if day < ANNEX_I:
        return baseline
    if code in _TOP_UP and code in read.top_up and day >= _TOP_UP[code][1]:
        return read.top_up[code]
    found = read.annex1.get(code)
    if found is None or day > _ENDED.get(found.heading, END):
        return baseline
    return found


def _zeros(name: str, codes: tuple[str, ...], origins: tuple[str, ...] | None, first: date,
           last: date, confidence: Confidence, why: str, source: str = SOURCE
           ) -> list[AdditionalEntry]:
    spared = {"except_origins": _NOT_HERE} if origins is None else {"origins": origins}
    return [AdditionalEntry(name=name, hs=code, **spared, rate=Decimal(0),
                            valid_from=first, valid_to=last, source=source,
                            confidence=confidence, note=f"not charged: {why}")
            for code in codes]


def _pc(rate: Decimal | None) -> str:
    return "" if rate is None else f"{(rate * 100).normalize():f} %"
