"""The USITC HTS (JSON, CSV) and UK Global Tariff (UKGT, CET) importers on real excerpts."""

import json
import typing
from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

import pytest
from pydantic import BaseModel

from pricing_engine.rules.fields import Per, SpecificModel
from pricing_engine.rules.model import DutyTerms, TariffFile
from pricing_engine.tariff import (
    ImportResult,
    TariffFileError,
    import_tariff,
    render_table,
    write_table,
)
from pricing_engine.tariff.table import _ORDER, TERMS

D = Decimal


def spec(amount: Decimal, currency: str, per: Per) -> SpecificModel:
    return SpecificModel(amount=amount, currency=currency, per=per)


def terms(**given: object) -> dict[str, object]:
    """The duty terms an entry gives, None for those it does not (one specific: a tuple)."""
    if isinstance(given.get("specific"), SpecificModel):
        given["specific"] = (given["specific"],)
    return {name: given.get(name) for name in TERMS}


def _terms(entry: DutyTerms) -> dict[str, object]:
    return {name: getattr(entry, name) for name in TERMS}


def _mfn(result: ImportResult) -> dict[str, dict[str, object]]:
    return {line.hs: _terms(line) for line in result.table.mfn}


def _prefs(result: ImportResult, agreement: str) -> dict[str, dict[str, object]]:
    """The agreement's entries that give duty terms, by code."""
    return {p.hs: _terms(p) for p in result.table.preferential
            if p.agreement == agreement and p.excluded is None}


def _excluded(result: ImportResult) -> dict[tuple[str, str], str]:
    """Why each (agreement, code) the table excludes from its agreement is excluded."""
    return {(p.agreement, p.hs): p.excluded for p in result.table.preferential
            if p.excluded is not None}


def test_us_json_rate_lines_at_8_digits_with_specific_and_compound(fixtures: Path) -> None:
    result = import_tariff("us-hts-json", fixtures / "hts_sample.json.gz",
                           effective=date(2026, 6, 8))
    mfn = _mfn(result)
    assert mfn["01013000"] == terms(rate=D("0.068"))  # published as 0101.30.00.00
    assert mfn["84818090"] == terms(rate=D("0.02"))
    assert mfn["84818010"] == terms(rate=D("0.04"))
    assert mfn["85076000"] == terms(rate=D("0.034"))
    assert mfn["01022940"] == terms(specific=spec(D("0.01"), "USD", "kg"))
    assert mfn["22042150"] == terms(specific=spec(D("0.063"), "USD", "litre"))
    assert mfn["29036210"] == terms(rate=D("0.054"))
    # statistical children inherit: none is written
    assert not any(len(hs) == 10 for hs in mfn)
    assert result.table.tariff == "US"
    assert result.table.as_of == date(2026, 6, 8)
    assert result.summary["chapter 99 rows (additional duties, not written)"] == 1
    assert not any(hs.startswith("99") for hs in mfn)


def test_us_part_value_and_degree_rates_parse_into_declared_terms(fixtures: Path) -> None:
    result = import_tariff("us-hts-json", fixtures / "hts_sample.json.gz",
                           effective=date(2026, 6, 8))
    assert [p for p in result.problems if p.column == "general"] == []
    mfn = {e.hs: e for e in result.table.mfn}
    watch = mfn["91021110"]  # 44¢ each + 6% on the case + 14% on the strap... + 5.3% battery
    assert watch.specific == (spec(D("0.44"), "USD", "unit"),)
    assert [(p.rate, p.of) for p in watch.parts or ()] == [
        (D("0.06"), ("case",)), (D("0.14"), ("strap",)), (D("0.053"), ("battery",))]
    sugar = mfn["17011205"]  # 3.6606¢/kg less 0.020668¢/kg for each degree under 100...
    assert sugar.less_per_degree is not None and sugar.less_per_degree.below == 100
    imported = result.table.imported
    assert (imported.lines, imported.parsed) == (36, 36)


def test_us_unparsed_general_rates_are_listed_with_row_and_left_out(fixtures: Path,
                                                                    tmp_path: Path) -> None:
    # the sample with one general rate text the parser cannot read (a jewel count "over 7",
    # as 9105.19.30 prints it)
    text = (fixtures / "hts_sample.csv").read_text(encoding="utf-8").replace(
        "44¢ each + 6% on the case + 14% on the strap",
        "43¢ each + 2.8¢/jewel over 7 + 3.7% on the case + 14% on the strap", 1)
    (tmp_path / "hts_sample.csv").write_text(text, encoding="utf-8")
    result = import_tariff("us-hts-csv", tmp_path / "hts_sample.csv",
                           effective=date(2026, 2, 1))
    (problem,) = [p for p in result.problems if p.column == "general"]
    assert str(problem).startswith(
        "hts_sample.csv:114: 91021110 general: unit not understood: jewel over 7: ")
    assert "91021110" not in _mfn(result)
    imported = result.table.imported
    assert (imported.lines, imported.parsed) == (23, 22)
    assert result.share == Decimal(22) / 23


def test_us_barrels_are_litres_and_keep_the_published_text(fixtures: Path) -> None:
    result = import_tariff("us-hts-json", fixtures / "hts_sample.json.gz",
                           effective=date(2026, 6, 8))
    crude = {e.hs: e for e in result.table.mfn}["27090010"]
    # 5.25 cents per barrel of 42 US gallons (158.987294928 litres), to 12 decimals
    assert crude.specific == (spec(D("0.000330215065"), "USD", "litre"),)
    assert crude.note == "as published: 5.25¢/bbl"


def test_us_preferences_map_programme_codes_to_agreements(fixtures: Path) -> None:
    result = import_tariff("us-hts-json", fixtures / "hts_sample.json.gz",
                           effective=date(2026, 6, 8))
    usmca = _prefs(result, "USMCA")
    assert usmca["84"] == terms(rate=D("0"))  # every 84 line of the excerpt: free
    origins = {p.agreement: p.origins for p in result.table.preferential}
    assert origins["USMCA"] == ("CA", "MX")
    assert origins["CAFTA-DR"] == ("CR", "DO", "GT", "HN", "NI", "SV")
    assert origins["KORUS"] == ("KR",)
    # AU's rate on 0201.10.50 is a chapter 98 provision, not read: no AUSFTA entry frees it
    # (the line is excluded from the agreement, so the curated layer's AUSFTA '*' cannot
    # free it either: a claim pays its MFN duty)
    aus = _prefs(result, "AUSFTA")
    assert "0201" not in aus and "02" not in aus
    assert _excluded(result)[("AUSFTA", "02011050")].startswith(
        "the HTS gives this line's AUSFTA rate in 9822.04")
    assert _mfn(result)["02011050"] == terms(rate=D("0.264"))
    assert aus["02011010"] == terms(rate=D("0"))
    # a specific preferential rate (JO on wine) is kept as published
    assert _prefs(result, "US-Jordan FTA")["22042120"] == terms(
        specific=spec(D("0.088"), "USD", "litre"))
    # GSP has lapsed: never written, counted in the summary
    assert "GSP" not in " ".join(origins)
    assert any(key.startswith("special A+ not written") for key in result.summary)


def test_a_line_a_free_trade_agreement_does_not_free_is_excluded_from_it(
        fixtures: Path) -> None:
    result = import_tariff("us-hts-json", fixtures / "hts_sample.json.gz",
                           effective=date(2026, 6, 8))
    excluded = _excluded(result)
    # 1701.12.50 (sugar): "Free (BH,CL,JO,KR,OM,SG) See 9822.05.20 (P+) ...": no USMCA
    assert "17011250" not in _prefs(result, "USMCA")
    assert "17011250" not in _prefs(result, "CAFTA-DR")
    assert excluded[("USMCA", "17011250")] == (
        "the HTS gives this line's USMCA rate in 9823.09.01-9823.09.09 (chapter 98, not "
        "read)")
    assert excluded[("CAFTA-DR", "17011250")].startswith(
        "the HTS gives this line's CAFTA-DR rate in 9822.05.20 (chapter 98, not read)")
    # 1701.12.10: AU neither granted nor referred elsewhere
    assert "17011210" not in _prefs(result, "AUSFTA")
    assert excluded[("AUSFTA", "17011210")] == "the HTS does not grant AUSFTA on this line"
    # a line it frees keeps its free entry, and a line free of duty needs none
    korus = _prefs(result, "KORUS")
    assert korus[max((k for k in korus if "17011250".startswith(k)), key=len)] == terms(
        rate=D("0"))
    # a partial programme names only the lines it grants (JP: 2.8 % on 8481.80.30)
    japan = _prefs(result, "US-Japan Trade Agreement")
    assert japan == {"84818030": terms(rate=D("0.028"))}
    # CBERA (unilateral) likewise: no entry where it is not given
    assert "17011250" not in _prefs(result, "CBERA")


def test_us_csv_reads_the_same_lines(fixtures: Path) -> None:
    result = import_tariff("us-hts-csv", fixtures / "hts_sample.csv",
                           effective=date(2026, 2, 1))
    mfn = _mfn(result)
    assert mfn["84818090"] == terms(rate=D("0.02"))
    assert mfn["02011010"] == terms(specific=spec(D("0.044"), "USD", "kg"))
    assert [p.row for p in result.problems if p.column == "general"] == []
    assert mfn["91021110"]["parts"] is not None


def test_an_unknown_revision_needs_an_effective_date(fixtures: Path) -> None:
    with pytest.raises(TariffFileError, match="--effective"):
        import_tariff("us-hts-csv", fixtures / "hts_sample.csv")


def test_ukgt_and_cet_columns(fixtures: Path) -> None:
    gb = import_tariff("uk-gt-csv", fixtures / "ukgt_sample.csv")
    eu = import_tariff("eu-cet", fixtures / "ukgt_sample.csv")
    assert (gb.table.tariff, eu.table.tariff) == ("GB", "EU")
    assert gb.table.imported.nomenclature == "CN2020"
    assert gb.table.as_of == date(2021, 1, 1)
    gb_mfn, eu_mfn = _mfn(gb), _mfn(eu)
    assert gb_mfn["09012100"] == terms(rate=D("0.06"))
    assert eu_mfn["09012100"] == terms(rate=D("0.075"))
    assert gb_mfn["02011000"] == terms(rate=D("0.12"),
                                            specific=spec(D("1.47"), "GBP", "kg"))
    assert eu_mfn["24011035"] == terms(rate=D("0.184"),
                                            min=spec(D("0.22"), "EUR", "kg"),
                                            max=spec(D("0.24"), "EUR", "kg"))
    assert eu_mfn["2204211110"] == terms(specific=spec(D("13.1"), "EUR", "hl"))
    assert gb_mfn["08039010"] == terms(specific=spec(D("95"), "GBP", "tonne"))
    assert eu.problems == ()
    # 9.00% + EA: the Meursing component the quote line declares; Entry Price: a term a
    # quote refuses for review (the bands are not in the file)
    assert eu_mfn["04052010"] == terms(rate=D("0.09"), agricultural=("EA",))
    assert eu_mfn["07020000"] == terms(entry_price=True)
    # an ad valorem maximum: 6.20% + 27.10 EUR / 100 kg MAX 17.90%
    assert eu_mfn["17041010"] == terms(rate=D("0.062"), specific=spec(D("0.271"), "EUR", "kg"),
                                       max_rate=D("0.179"))
    assert gb.problems == ()
    wine = _mfn(gb)["2204218595"]  # 1.40 GBP / % vol / hl: per litre of pure alcohol
    assert wine == terms(specific=spec(D("1.4"), "GBP", "litre_alcohol"))


def test_a_line_under_a_trade_remedy_review_keeps_the_cet_rate(fixtures: Path,
                                                               tmp_path: Path) -> None:
    # 3102 29 00 10 (ammonium nitrate fertilisers): CET 6.5 %, UKGT 6.0 %, flagged
    # cet_applies_until_trade_remedy_transition_reviews_concluded: the UK charged 6.5 %
    gb = import_tariff("uk-gt-csv", fixtures / "ukgt_sample.csv")
    fertiliser = next(e for e in gb.table.mfn if e.hs == "3102290010")
    assert fertiliser.rate == D("0.065")
    assert fertiliser.note is not None and "UKGT rate 6.0%" in fertiliser.note
    # flagged too, but the two columns agree (2.0 %): an ordinary line
    grease = next(e for e in gb.table.mfn if e.hs == "1518009510")
    assert (grease.rate, grease.note) == (D("0.02"), None)
    # unflagged lines keep the UKGT column; the CET table is not affected
    assert _mfn(gb)["09012100"] == terms(rate=D("0.06"))
    assert _mfn(import_tariff("eu-cet", fixtures / "ukgt_sample.csv"))["3102290010"] == terms(
        rate=D("0.065"))
    assert gb.summary["lines at the CET until a trade remedy transition review concludes"] == 2
    # a flagged line whose CET rate has an amount (EUR) cannot go into the GBP table:
    # an import error naming the row, never the UKGT figure in its place
    text = (fixtures / "ukgt_sample.csv").read_text(encoding="utf-8").splitlines()
    header, beef = text[0], next(line for line in text if line.startswith("02011000,"))
    flagged = beef.replace("Currency conversion,False,False,", "Currency conversion,True,True,")
    assert flagged != beef
    (tmp_path / "flagged.csv").write_text(f"{header}\n{flagged}\n", encoding="utf-8")
    result = import_tariff("uk-gt-csv", tmp_path / "flagged.csv")
    assert [(p.row, p.column) for p in result.problems] == [(2, "cet_duty_rate")]
    assert "EUR" in result.problems[0].reason
    assert not any(e.hs == "02011000" for e in result.table.mfn)
    # a flagged line is still checked like any other: a code that is not digits is an error
    fertiliser = next(line for line in text if line.startswith("3102290010,"))
    misread = fertiliser.replace("3102290010", "31O229OO10", 1)
    (tmp_path / "bad_code.csv").write_text(f"{header}\n{misread}\n", encoding="utf-8")
    bad = import_tariff("uk-gt-csv", tmp_path / "bad_code.csv")
    assert [(p.row, p.column) for p in bad.problems] == [(2, "commodity")]
    assert bad.table.mfn == ()


def test_a_seasonal_rate_is_written_as_dated_entries(fixtures: Path) -> None:
    eu = import_tariff("eu-cet", fixtures / "ukgt_sample.csv")
    herring = [(e.valid_from, e.valid_to, e.rate) for e in eu.table.mfn if e.hs == "03024100"]
    # 15.00% (01 JAN-14 FEB, 16 JUN-31 DEC), 0.00% (15 FEB-15 JUN): 16 JUN to 14 FEB is one
    # entry across the new year; ten years from the table's date, then no rate (MissingRule)
    assert herring[:3] == [(date(2021, 1, 1), date(2021, 2, 14), D("0.15")),
                           (date(2021, 2, 15), date(2021, 6, 15), D("0")),
                           (date(2021, 6, 16), date(2022, 2, 14), D("0.15"))]
    assert herring[-2] == (date(2030, 6, 16), date(2030, 12, 31), D("0.15"))
    # then the line is the table's with no rate (not covered), not a code it does not list
    assert herring[-1] == (date(2031, 1, 1), None, None)
    assert all(a[1] is not None and a[1] + timedelta(days=1) == b[0]
               for a, b in pairwise(herring))
    assert eu.summary["seasonal lines (written as dated entries)"] == 1
    gb = import_tariff("uk-gt-csv", fixtures / "ukgt_sample.csv")
    tomatoes = [(e.valid_from, e.rate) for e in gb.table.mfn if e.hs == "07020000"]
    # 8.00% (01 NOV - 14 MAY), 14.00% (15 MAY - 31 OCT)
    assert tomatoes[:3] == [(date(2021, 1, 1), D("0.08")), (date(2021, 5, 15), D("0.14")),
                            (date(2021, 11, 1), D("0.08"))]


def test_the_table_file_is_deterministic_and_one_entry_a_line(fixtures: Path,
                                                              tmp_path: Path) -> None:
    first = write_table(import_tariff("eu-cet", fixtures / "ukgt_sample.csv").table, tmp_path)
    once = first.read_bytes()
    write_table(import_tariff("eu-cet", fixtures / "ukgt_sample.csv").table, tmp_path)
    assert first.read_bytes() == once
    assert first == tmp_path / "tariffs" / "EU.yaml"
    text = once.decode()
    assert '  - {hs: "02011000", specific: {amount: "1.768", currency: EUR, per: kg}, ' \
           'rate: "0.128"}\n' in text
    hs = [line.split('"')[1] for line in text.splitlines() if line.startswith("  - {hs:")]
    assert hs == sorted(hs) and len(set(hs)) == 23 and hs.count("03024100") == 22


def test_the_table_reads_back_as_yaml_with_the_rule_format_keys(fixtures: Path) -> None:
    import yaml

    table = import_tariff("us-hts-json", fixtures / "hts_sample.json.gz",
                          effective=date(2026, 6, 8)).table
    data = yaml.safe_load(render_table(table))
    assert set(data) == {"tariff", "as_of", "sources", "imported", "confidence", "valid_from",
                         "mfn", "preferential"}
    assert data["imported"]["lines"] == 36 and data["imported"]["parsed"] == 36
    assert {"hs": "22042150",
            "specific": {"amount": "0.063", "currency": "USD", "per": "litre"}} in data["mfn"]
    # a preference needs proof of origin; a line excluded from an agreement grants nothing
    assert all(p["requires"] == "proof_of_origin" for p in data["preferential"]
               if "excluded" not in p)
    assert any("excluded" in p and "requires" not in p for p in data["preferential"])


def test_a_table_over_the_rule_file_limit_is_refused_not_written(
        fixtures: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    import pricing_engine.tariff.table as table
    from pricing_engine.cli.main import main

    result = import_tariff("eu-cet", fixtures / "ukgt_sample.csv")
    size = len(render_table(result.table).encode())
    monkeypatch.setattr(table, "RULE_FILE_LIMIT", size - 1)  # the loader would refuse it
    with pytest.raises(TariffFileError, match=rf"{size:,} bytes, over the {size - 1:,}-byte"):
        write_table(result.table, tmp_path)
    assert not (tmp_path / "tariffs" / "EU.yaml").exists()
    # through the CLI: exit 2 with the reason, nothing written
    with pytest.raises(SystemExit) as done:
        main(["tariff", "import", "eu-cet", str(fixtures / "ukgt_sample.csv"),
              "--out", str(tmp_path)])
    assert done.value.code == 2
    assert "over the" in capsys.readouterr().err
    assert not (tmp_path / "tariffs" / "EU.yaml").exists()
    monkeypatch.setattr(table, "RULE_FILE_LIMIT", size)  # at the limit: written
    assert write_table(result.table, tmp_path).stat().st_size == size


@pytest.mark.parametrize(("fmt", "name"), [("us-hts-json", "hts_sample.json.gz"),
                                           ("us-hts-csv", "hts_sample.csv")])
def test_us_column_2_is_a_table_of_withheld_lines(fixtures: Path, fmt: str, name: str) -> None:
    """Column 2 of each rate line (the rates of origins denied normal trade relations) is
    written beside the MFN table as ``US.column2.yaml``: its lines in the shape of MFN lines,
    a text not read as ``not_covered`` (listed with its row, never another line's rate), and
    not counted in the share of MFN texts parsed."""
    result = import_tariff(fmt, fixtures / name, effective=date(2026, 6, 8))
    ((part, table),) = result.more
    assert part == "column2" and table.tariff == "US" and not table.mfn
    lines = {e.hs: e for e in table.withheld}
    assert set(lines) == {e.hs for e in result.table.mfn} | {
        p.hs for p in result.problems if p.column == "general"}
    assert _terms(lines["01012900"]) == terms(rate=D("0.2"))
    assert _terms(lines["01013000"]) == terms(rate=D("0.15"))  # MFN 6.8 %
    assert _terms(lines["22042150"]) == terms(specific=spec(D("0.33"), "USD", "litre"))
    assert _terms(lines["22042120"]) == terms(specific=spec(D("1.59"), "USD", "litre"))
    assert table.imported is not None and result.table.imported is not None
    assert table.imported.parsed == table.imported.lines == len(lines)
    assert result.counts == (result.table.imported.parsed, result.table.imported.lines)
    text = render_table(table)
    assert "\nwithheld:\n" in text and '  - {hs: "01012900", rate: "0.2"}' in text


def test_a_column_2_text_not_read_is_not_covered_and_listed(tmp_path: Path) -> None:
    # rows as the 2026 Revision 10 export prints them (2522.10.00; 0101.21.00 with its
    # column 2 cell emptied: the export leaves 13 rate lines without one)
    rows = [{"htsno": "2522.10.00", "general": "Free", "special": "",
             "other": "0.2¢/kg, including weight of container"},
            {"htsno": "0101.21.00", "general": "Free", "special": "", "other": ""},
            {"htsno": "0101.29.00", "general": "Free", "special": "", "other": "20%"}]
    path = tmp_path / "hts.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    result = import_tariff("us-hts-json", path, effective=date(2026, 6, 8))
    lines = {e.hs: e for e in result.more[0][1].withheld}
    assert "including weight of container" in (lines["25221000"].not_covered or "")
    assert "no column 2 rate" in (lines["01012100"].not_covered or "")
    assert lines["01012900"].rate == D("0.2")
    assert {(p.row, p.hs, p.column) for p in result.problems} == {
        (1, "25221000", "other"), (2, "01012100", "other")}
    assert result.share == 1  # every MFN text read


def _models(cls: type[BaseModel], seen: set[type[BaseModel]]) -> set[type[BaseModel]]:
    """``cls`` and every model its fields hold, however nested in tuples or unions."""
    if cls in seen:
        return seen
    seen.add(cls)
    stack = [f.annotation for f in cls.model_fields.values()]
    while stack:
        kind = stack.pop()
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            _models(kind, seen)
        stack += typing.get_args(kind)
    return seen


def test_the_table_writer_knows_where_every_key_of_a_table_goes() -> None:
    # a key missing from the writer's order could not be written at all (KeyError): the
    # additional duties' ``not_priced`` was, until 2026-12-06
    missing = sorted((m.__name__, name) for m in _models(TariffFile, set())
                     for name in m.model_fields if name not in _ORDER)
    assert missing == []
    assert "not_priced" in _ORDER
