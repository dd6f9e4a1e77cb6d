"""Cross-check the shipped rule data against the reference data sets in ../shared/data.

The rule files are read as plain YAML here (not through the loader) so that the figures are
compared with the reference files independently of the lookup code. Where a reference data
set is wrong or stale, the disagreement is listed below with the reason, never silently
skipped; a new disagreement fails the test.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "rules"
SHARED = ROOT.parent / "shared" / "data"

pytestmark = pytest.mark.skipif(
    not (SHARED / "vat").is_dir(), reason=f"reference data not found at {SHARED} (../shared absent)"
)

#: The rule files cover non-standard rate classes from this day on.
FLOOR = date(2020, 1, 1)
#: Snapshot dates of the reference files (data/SOURCES-landed.md).
IBERICODE_AT = date(2025, 8, 12)
KDELDYCKE_AT = date(2025, 9, 25)
NODE_AT = date(2025, 10, 31)
DAY = timedelta(days=1)

EU27 = sorted([
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT",
    "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
])
SHIPPED = sorted([
    *EU27,
    "GB", "CH", "NO", "IS", "US", "CA", "MX", "BR", "AU", "NZ", "JP", "KR", "CN", "IN", "SG", "MY",
    "TH", "ID", "VN", "PH", "AE", "SA", "IL", "TR", "ZA", "EG", "NG", "KE", "CL", "CO", "PE", "AR",
])
BASE = ["customs_value", "duty", "excise"]

#: (country, reference period start) -> why the rule file differs from ibericode/vat-rates.
IBERICODE_DIFFERS: dict[tuple[str, str], tuple[date | None, str]] = {
    ("LU", "2016-01-01"): (None, "ibericode lists a 13 % parking rate for 2016-2022; TEDB: the "
                                 "intermediate/parking rate was 14 % (13 % only in 2023)"),
    ("CY", "0000-01-01"): (date(2023, 7, 21), "ibericode has 5 % and 9 % only; books and press "
                           "are 3 % since 2023-07-21 (TEDB; re-checked 2026-11-30, see "
                           "rules/SOURCES.md)"),
}
#: (country, check day) -> why the rule file differs from kdeldycke/vat-rates.
KDELDYCKE_DIFFERS = {
    "ZA": "kdeldycke still has 14 % (a digital-services row from 2014); SARS: 15 % from 2018-04-01",
}
#: country -> why the rule file differs from node-sales-tax's current rate or currency.
NODE_DIFFERS = {
    "TH": "node-sales-tax has 10 % from 2023-09-01; Royal Decrees keep 7 % (to 2026-09-30)",
    "BG": "Bulgaria adopted the euro on 2026-01-01, after the node-sales-tax snapshot (BGN)",
}


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    return data


@pytest.fixture(scope="module")
def files() -> dict[str, dict[str, Any]]:
    return {p.stem: _load(p) for p in sorted((RULES / "countries").glob("*.yaml"))}


def _spans(entries: list[dict[str, Any]]) -> Iterator[tuple[dict[str, Any], date, date]]:
    """Yield (entry, first day, last day) for entries of one key (the format's timeline)."""
    ordered = sorted(entries, key=lambda e: e["valid_from"])
    for i, e in enumerate(ordered):
        end = e.get("valid_to")
        if end is None:
            end = ordered[i + 1]["valid_from"] - DAY if i + 1 < len(ordered) else date.max
        yield e, e["valid_from"], end


def rates_on(rates: list[dict[str, Any]], day: date) -> dict[str, Decimal]:
    """The rate of every rate class in force on ``day``."""
    by_class: dict[str, list[dict[str, Any]]] = {}
    for e in rates:
        by_class.setdefault(e["class"], []).append(e)
    found: dict[str, Decimal] = {}
    for cls, entries in by_class.items():
        for e, start, end in _spans(entries):
            if start <= day <= end:
                found[cls] = Decimal(e["rate"])
    return found


def national(files: dict[str, dict[str, Any]], code: str, day: date) -> dict[str, Decimal]:
    tax = files[code]["tax"]
    return rates_on(tax["rates"], day) if tax else {}


def pct(value: float | int) -> Decimal:
    return Decimal(str(value)) / 100


# ------------------------------------------------------------------ coverage

def test_every_required_country_is_shipped(files: dict[str, dict[str, Any]]) -> None:
    assert sorted(files) == SHIPPED


def test_eu_members_match_the_union_file(files: dict[str, dict[str, Any]]) -> None:
    union = _load(RULES / "unions" / "EU.yaml")
    assert sorted(union["members"]) == EU27
    assert sorted(c for c, f in files.items() if f.get("union") == "EU") == EU27


# ------------------------------------------------------------------ ibericode/vat-rates

def _ibericode_checks() -> Iterator[tuple[str, str, date, dict[str, float]]]:
    data = json.loads((SHARED / "vat" / "ibericode_vat-rates.json").read_text(encoding="utf-8"))
    for code, periods in data["items"].items():
        ordered = sorted(periods, key=lambda p: p["effective_from"])
        for i, p in enumerate(ordered):
            first = p["effective_from"]
            start = FLOOR if first == "0000-01-01" else date.fromisoformat(first)
            later = ordered[i + 1]["effective_from"] if i + 1 < len(ordered) else None
            end = date.fromisoformat(later) - DAY if later else IBERICODE_AT
            if end < FLOOR:
                continue
            for day in {max(start, FLOOR), end}:
                yield code, p["effective_from"], day, p["rates"]


@pytest.mark.parametrize(("code", "period", "day", "ref"), list(_ibericode_checks()))
def test_eu_and_gb_rates_agree_with_ibericode(
    files: dict[str, dict[str, Any]], code: str, period: str, day: date, ref: dict[str, float]
) -> None:
    ours = national(files, code, day)
    assert ours["standard"] == pct(ref["standard"]), (code, day)
    ref_other = {pct(v) for k, v in ref.items() if k != "standard"}
    # a class pinned to the standard rate (a food class before its reduced-rate pilot) is
    # not a reduced rate
    our_other = {r for cls, r in ours.items()
                 if cls != "standard" and r != 0 and r != ours["standard"]}
    differs = IBERICODE_DIFFERS.get((code, period))
    if differs is not None and (differs[0] is None or day >= differs[0]):
        assert ref_other != our_other, f"documented difference no longer holds: {code} {period}"
        return
    assert our_other == ref_other, (code, day)


# ------------------------------------------------------------------ kdeldycke/vat-rates

def _kdeldycke_checks() -> Iterator[tuple[str, date, Decimal]]:
    with (SHARED / "vat" / "kdeldycke_vat_rates.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            start = date.fromisoformat(row["start_date"])
            # stop_date is exclusive in some rows and inclusive in others: the day before it
            # lies inside the period under either reading.
            end = date.fromisoformat(row["stop_date"]) - DAY if row["stop_date"] else KDELDYCKE_AT
            if end < FLOOR or row["rate_type"] != "standard":
                continue
            for code in row["territory_codes"].split():
                if code in SHIPPED:
                    for day in {max(start, FLOOR), end}:
                        yield code, day, Decimal(row["rate"])


@pytest.mark.parametrize(("code", "day", "ref"), list(_kdeldycke_checks()))
def test_standard_rates_agree_with_kdeldycke(
    files: dict[str, dict[str, Any]], code: str, day: date, ref: Decimal
) -> None:
    ours = national(files, code, day)["standard"]
    if code in KDELDYCKE_DIFFERS and day >= date(2018, 4, 1):
        assert ours != ref, f"documented difference no longer holds: {code}"
        return
    assert ours == ref, (code, day)


# ------------------------------------------------------------------ node-sales-tax

def _node() -> dict[str, Any]:
    path = SHARED / "vat" / "node-sales-tax_sales_tax_rates.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _change_day(instant: str) -> date:
    """The local day a change took effect (keys are the UTC instant of local midnight)."""
    return (datetime.fromisoformat(instant.replace("Z", "+00:00")) + timedelta(hours=12)).date()


@pytest.mark.parametrize("code", [c for c in SHIPPED if c in _node()])
def test_current_rates_agree_with_node_sales_tax(
    files: dict[str, dict[str, Any]], code: str
) -> None:
    ref = _node()[code]
    if ref["type"] == "none":
        assert files[code]["tax"] is None and files[code]["no_tax_reason"]
        return
    ours = national(files, code, NODE_AT)["standard"]
    if code in NODE_DIFFERS:
        assert (ours, files[code]["currency"]) != (Decimal(str(ref["rate"])), ref["currency"])
        return
    assert ours == Decimal(str(ref["rate"]))
    assert files[code]["currency"] == ref["currency"]


def _node_history() -> Iterator[tuple[str, date, Decimal]]:
    for code, entry in _node().items():
        if code not in SHIPPED:
            continue
        for instant, before in entry.get("before", {}).items():
            day = _change_day(instant) - 2 * DAY  # a day safely before the change
            if day >= FLOOR:
                yield code, day, Decimal(str(before["rate"]))


@pytest.mark.parametrize(("code", "day", "ref"), list(_node_history()))
def test_past_rates_agree_with_node_sales_tax(
    files: dict[str, dict[str, Any]], code: str, day: date, ref: Decimal
) -> None:
    assert national(files, code, day)["standard"] == ref


def _province_checks() -> Iterator[tuple[str, date, str, Decimal]]:
    for prov, entry in _node()["CA"]["states"].items():
        yield prov, NODE_AT, entry["type"], Decimal(str(entry["rate"]))
        for instant, before in entry.get("before", {}).items():
            yield prov, _change_day(instant) - 2 * DAY, before["type"], Decimal(str(before["rate"]))


@pytest.mark.parametrize(("prov", "day", "kind", "ref"), list(_province_checks()))
def test_canadian_provinces_agree_with_node_sales_tax(
    files: dict[str, dict[str, Any]], prov: str, day: date, kind: str, ref: Decimal
) -> None:
    ca = files["CA"]
    gst = national(files, "CA", day)["standard"]
    (tax,) = ca["subdivisions"][f"CA-{prov}"]["taxes"]
    ours = rates_on(tax["rates"], day)["standard"]
    if kind == "hst":
        assert tax["mode"] == "replace" and tax["collected"] == "at_border"
        assert ours - gst == ref  # node-sales-tax gives the provincial part of the HST
    else:
        assert tax["mode"] == "add" and tax["collected"] == "self_assessed"
        assert ours == ref


def test_provinces_without_sales_tax_have_gst_only(files: dict[str, dict[str, Any]]) -> None:
    subs = files["CA"]["subdivisions"]
    for prov in ("CA-AB", "CA-NT", "CA-NU", "CA-YT"):
        assert subs[prov]["taxes"] == []
    assert len(subs) == 13  # every province and territory


# ------------------------------------------------------------------ customs facts

def _all_de_minimis(files: dict[str, dict[str, Any]], code: str) -> list[dict[str, Any]]:
    data = _load(RULES / "unions" / "EU.yaml") if code == "EU" else files[code]
    entries: list[dict[str, Any]] = data["customs"]["de_minimis"]
    return entries


def _ref_thresholds() -> list[dict[str, Any]]:
    data = yaml.safe_load((SHARED / "customs" / "de_minimis.yaml").read_text(encoding="utf-8"))
    entries: list[dict[str, Any]] = data["thresholds"]
    return entries


@pytest.mark.parametrize(
    "ref", _ref_thresholds(), ids=lambda r: f"{r['country']}-{r['kind']}-{r['value']}"
)
def test_de_minimis_agrees_with_the_reference_table(
    files: dict[str, dict[str, Any]], ref: dict[str, Any]
) -> None:
    modes = {"mail": "post"}

    def matches(e: dict[str, Any]) -> bool:
        if (e["kind"], Decimal(e["amount"]["amount"]), e["amount"]["currency"]) != (
                ref["kind"], Decimal(str(ref["value"])), ref["currency"]):
            return False
        for ours, theirs in (("valid_from", "effective_from"), ("valid_to", "effective_to")):
            if ref.get(theirs) and e.get(ours) != date.fromisoformat(ref[theirs]):
                return False
        wanted = sorted(modes.get(m, m) for m in ref.get("mode") or [])
        if wanted and sorted(e.get("modes") or []) != wanted:
            return False
        ship_from = ref.get("ship_from")
        if isinstance(ship_from, list) and sorted(e.get("ship_from") or []) != sorted(ship_from):
            return False
        if ship_from == "any" and e.get("ship_from"):
            return False
        return sorted(e.get("origins") or []) == sorted(ref.get("origin") or [])

    found = [e for e in _all_de_minimis(files, ref["country"]) if matches(e)]
    assert len(found) == 1, ref


def test_valuation_basis_follows_the_fob_list(files: dict[str, dict[str, Any]]) -> None:
    # FACTS.md: FOB in AU, CA, NZ, US, ZA (+ BW/LS/NA/SZ, not shipped); CIF everywhere else.
    fob = sorted(c for c, f in files.items() if (f.get("customs") or {}).get("valuation") == "FOB")
    assert fob == ["AU", "CA", "NZ", "US", "ZA"]
    assert _load(RULES / "unions" / "EU.yaml")["customs"]["valuation"] == "CIF"
    assert all(f.get("customs") for c, f in files.items() if c not in EU27)


def test_import_tax_bases_follow_the_facts(files: dict[str, dict[str, Any]]) -> None:
    eu = _load(RULES / "unions" / "EU.yaml")["customs"]["tax_base"]
    assert eu == [*BASE, "post_border_costs"]
    assert files["GB"]["customs"]["tax_base"] == [*BASE, "post_border_costs"]
    assert files["AU"]["customs"]["tax_base"] == [*BASE, "transport_insurance"]
    assert files["CA"]["customs"]["tax_base"] == BASE
    assert files["IN"]["customs"]["tax_base"] == ["customs_value", "duty", "surcharges"]
    assert files["US"]["customs"]["fee_base"] == "entered_value"


def test_us_merchandise_processing_fee_follows_cbp(files: dict[str, dict[str, Any]]) -> None:
    # FACTS.md (CBP Dec. 25-10): 0.3464 %, FY2026 min 33.58 / max 651.50, FY2025 32.71 / 634.62.
    mpf = {e["valid_from"]: e for e in files["US"]["fees"] if e.get("code") == "MPF"}
    fy26, fy25 = mpf[date(2025, 10, 1)], mpf[date(2024, 10, 1)]
    assert (fy26["rate"], fy26["min"]["amount"], fy26["max"]["amount"], fy26["valid_to"]) == (
        "0.003464", "33.58", "651.50", date(2026, 9, 30))
    assert (fy25["min"]["amount"], fy25["max"]["amount"], fy25["valid_to"]) == (
        "32.71", "634.62", date(2025, 9, 30))
    assert fy26["base"] == "entered_value" and fy26["exempt_agreements"] == ["USMCA"]
    (hmf,) = [e for e in files["US"]["fees"] if e.get("code") == "HMF"]
    assert hmf["rate"] == "0.00125" and hmf["modes"] == ["sea"]


def test_collection_schemes_named_in_the_issue(files: dict[str, dict[str, Any]]) -> None:
    eu = _load(RULES / "unions" / "EU.yaml")["customs"]["tax_collection"]
    assert [(s["scheme"], s["max_consignment"]["amount"], s["valid_from"]) for s in eu] == [
        ("EU-IOSS", "150", date(2021, 7, 1))]
    gb = {s["scheme"]: s for s in files["GB"]["customs"]["tax_collection"]}
    assert gb["GB-LVG"]["max_consignment"]["amount"] == "135"
    assert gb["GB-PVA"]["collected"] == "self_assessed" and gb["GB-PVA"]["holder"] == "buyer"
    au = {s["scheme"]: s for s in files["AU"]["customs"]["tax_collection"]}
    assert (au["AU-LVG"]["valid_from"], au["AU-LVG"]["max_consignment"]["amount"]) == (
        date(2018, 7, 1), "1000")
