"""Write rules/tariffs/JP.yaml from Japan's Customs Tariff Schedule of 2026-07-09 (実行関税率表).

Run from the repository root: ``python bench/regen_jp_tariff.py TARIFF_DIR [--earlier
DATE=DIR ...] [--out DIR]``; the shipped table: ``TARIFF_DIR`` the edition of 2026-07-09 and
``--earlier`` each edition of :data:`EDITIONS` (``git archive COMMIT src/tariffdata``).
``TARIFF_DIR`` holds ``j_01_tariff_data.json`` ... ``j_97_tariff_data.json`` of
github.com/qlitre/japan-tariff-mcp @ 715eff9 (src/tariffdata): the pages
``customs.go.jp/tariff/2026_07_09/data/j_NN.htm`` of Japan Customs' tariff schedule (the
Japanese edition in force on 2026-07-09, HS 2022, 9-digit statistical codes) read into a tree
of headings and lines, each with its rate columns. A rate printed once for a group of lines
(a merged cell) sits on the group's node and holds for every line under it.

Which rate is the MFN duty. The schedule gives the general rate (基本), the temporary rate
(暫定) where there is one, and the WTO rate (WTO協定). The national rate is the temporary rate,
else the general one; the WTO rate applies where it is lower, and the schedule prints it in
parentheses where it is not. So: the lower of the WTO rate (not in parentheses) and the
national rate (:func:`applied`, :func:`lower`); a WTO rate printed once for a group of lines
is not in parentheses for a line whose own rate is lower, and two rates neither of which is
always the lower (``29.8%＋396円/kg``, ``36%＋130円/kg``) charge the lesser, written as one
with the other as its maximum. Forms read (white space, line breaks within a cell included,
is dropped first): 無税 (free), ``N%``, ``N円/kg``, ``N円/MT`` (a metric ton), ``N円/l``,
``N円/kl``, ``N円/頭`` (a head, one unit of the line), ``N%＋N円/kg``, "``N%``又は``N円/kg`` (or
``/足`` a pair, ``/㎡`` a square metre, ``/本`` a piece)のうちいずれか高い税率" (the higher of
the two: an ad valorem rate with a specific minimum), "``N%``又は``N円/kg``のうちいずれか低い
税率" (the lower: a specific maximum), "``N%``又は``N%＋N円/㎡``のうちいずれか高い税率" (the
higher of an ad valorem rate and a compound one: the compound duty is the minimum, its two
parts adding up), and a WTO rate marked ``*`` (the dairy lines beyond their quota) as the
rate it marks. Everything else (the marks ``**``, ``●``, a national rate marked ``◎`` or
``※`` the WTO rate is not always below, ranges 〜, the pork and vegetable gate prices, a
marked WTO rate in parentheses (rice, wheat and barley beyond the state trade, whose
temporary rate, 49 yen/kg on rice beside the WTO 341 yen/kg, does not say what else their
import is charged), a rate in parentheses left as the one applied, a rate by the goods'
material) is written
``not_covered`` with its text. A code the schedule prints once per season of the year
(bananas, oranges, grapes: "毎年4月1日から同年9月30日までに輸入されるもの") is written as dated
entries season by season for ten years (:mod:`pricing_engine.tariff.seasons`), where every
row's rate reads as an ad valorem one and the seasons are alike in every edition read (one
entry where the seasons charge alike); otherwise it is ``not_covered``.

Written: every subheading but those a curated entry of rules/countries/JP.yaml whose
confidence is not low answers alike (``_regen.curated_where_lines_agree``: hand-checked
entries stay where the schedule's lines charge what they charge; a subheading with a line
that charges otherwise is written whole, so its lines answer a full code from the table's
first day, the curated entry the days before and the shorter codes). One six-digit entry where a
subheading's lines agree, else the 9-digit lines. Confidence medium: the tariff quotas, EPA
and GSP rates are not read, and the schedule changes each April.

Earlier editions (``--earlier DATE=DIR``, repeated: the same JSON files of an edition in force
from DATE; the copies read are the same repository's earlier commits, :data:`EDITIONS`).
Japan Customs publishes an edition of the schedule on each day it changes, so each line is
written for the days from the first edition that gives it its entry to the day before the
first later edition that gives it another entry or no longer has its code (statistical codes
are renumbered each 1 January); the table is in force from the oldest edition read. Days
between two editions read are taken to follow the earlier one: an edition in between that
this copy lacks would go unseen (none changed a line's MFN duty between those read, where
both give the line).
"""

from __future__ import annotations

import argparse
import calendar
import hashlib
import json
import re
import sys
import unicodedata
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _regen import curated_where_lines_agree, write_national_table  # noqa: E402

from pricing_engine.rules.fields import SourceModel, SpecificModel  # noqa: E402
from pricing_engine.rules.model import MfnEntry  # noqa: E402
from pricing_engine.tariff.seasons import Seasonal, parse_seasonal  # noqa: E402
from pricing_engine.tariff.seasons import entries as season_entries  # noqa: E402
from pricing_engine.tariff.table import date_by_editions, merge_dated_subheadings  # noqa: E402

AS_OF = date(2026, 7, 9)
COLUMNS = ("基本", "暫定", "WTO協定")
NUM = r"(\d[\d,]*(?:\.\d+)?)"
UNITS = {"kg": ("kg", 1), "MT": ("kg", 1000), "l": ("litre", 1), "kl": ("litre", 1000),
         "足": ("pair", 1), "m2": ("m2", 1), "本": ("unit", 1), "頭": ("unit", 1)}
SOURCE = SourceModel(
    id="jp-customs-tariff-2026-07-09",
    title="Japan Customs: Customs Tariff Schedule of Japan (実行関税率表), edition of "
          "2026-07-09, general, temporary and WTO rates (HS 2022, 9-digit codes)",
    url="https://www.customs.go.jp/tariff/2026_07_09/index.htm",
    accessed=date(2026, 12, 1),
    note="read from github.com/qlitre/japan-tariff-mcp @ 715eff9, src/tariffdata "
         "(the schedule's pages read into JSON); the MFN rate is the lower of the WTO rate "
         "(unless it is in parentheses) and the temporary rate, else the general rate")
NOTE = ("MFN duties of Japan's tariff schedule as in force on 2026-07-09 (the lower of the "
        "WTO rate and the temporary rate, else the general rate). Not contained: tariff-quota "
        "in-quota rates, EPA and GSP rates, the schedule's later editions (rates change "
        "each 1 April). Confidence medium.")

#: What the table's header says wrote it.
MADE_BY = "bench/regen_jp_tariff.py from Japan's Customs Tariff Schedule of 2026-07-09"

#: The earlier editions the shipped table reads: the edition's day and the commit of
#: github.com/qlitre/japan-tariff-mcp whose src/tariffdata holds it (the scraper's edition
#: URL, python-script/scrape.py, names the day).
EDITIONS = {date(2025, 4, 1): "4630b3b", date(2026, 1, 1): "5d5757f",
            date(2026, 4, 1): "acf5dd7"}


#: Why a rate text of a form the script does not read is not covered.
UNREAD = ("a form the rules do not price (a tariff quota, a range, a gate price or a compound "
          "alternative)")


def _dec(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _unpriced(code: str, text: str, why: str) -> MfnEntry:
    shown = " ".join(text.replace('"', "'").split())
    return MfnEntry(hs=code, not_covered=f"Japan's tariff gives '{shown}': {why}")


def entry(code: str, text: str) -> MfnEntry:
    """The MFN entry of a rate text of the column applied."""
    t = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))  # NFKC: ㎡ is m2
    if t == "無税":
        return MfnEntry(hs=code, rate=Decimal(0))
    found = re.fullmatch(NUM + "%", t)
    if found:
        return MfnEntry(hs=code, rate=_dec(found[1]) / 100)
    found = re.fullmatch(NUM + r"円/(kg|MT|l|kl|頭)", t)
    if found:
        per, scale = UNITS[found[2]]
        return MfnEntry(hs=code, specific=SpecificModel(
            amount=_dec(found[1]) / scale, currency="JPY", per=per))
    found = re.fullmatch(NUM + r"%\+" + NUM + r"円/kg", t)
    if found:
        return MfnEntry(hs=code, rate=_dec(found[1]) / 100, specific=SpecificModel(
            amount=_dec(found[2]), currency="JPY", per="kg"))
    found = re.fullmatch(NUM + r"%又は" + NUM + r"円/(kg|足|m2|本)のうちいずれか高い税率", t)
    if found:
        per, scale = UNITS[found[3]]
        return MfnEntry(hs=code, rate=_dec(found[1]) / 100, min=SpecificModel(
            amount=_dec(found[2]) / scale, currency="JPY", per=per))
    found = re.fullmatch(NUM + r"%又は" + NUM + r"円/(kg|l)のうちいずれか低い税率"
                         r"(?:ただしその税率が" + NUM + r"円/(?:kg|l)を下回る場合は\4円/\3)?", t)
    if found:  # the lower of the two (a specific maximum), "but not below" an amount (minimum)
        per, scale = UNITS[found[3]]
        return MfnEntry(
            hs=code, rate=_dec(found[1]) / 100,
            max=SpecificModel(amount=_dec(found[2]) / scale, currency="JPY", per=per),
            min=None if found[4] is None else SpecificModel(
                amount=_dec(found[4]) / scale, currency="JPY", per=per))
    found = re.fullmatch(NUM + r"%又は" + NUM + r"%\+" + NUM + r"円/m2のうちいずれか高い税率", t)
    if found:
        return MfnEntry(hs=code, rate=_dec(found[1]) / 100, min_rate=_dec(found[2]) / 100,
                        min=SpecificModel(amount=_dec(found[3]), currency="JPY", per="m2"))
    return _unpriced(code, text, UNREAD)


PAREN = ("(", "（")
#: The mark the WTO column puts before the rates of some agricultural lines (the dairy lines
#: beyond their tariff quota: ``*29.8%＋396円/kg``); read as the rate it marks. Not ``**`` (the
#: sugar lines), nor a marked rate in parentheses (the rice and wheat lines): not read.
WTO_MARK = "*"


def applied(code: str, rates: dict[str, str]) -> MfnEntry:
    """The MFN entry of a line from its inherited general, temporary and WTO rates.

    The national rate is the temporary rate where there is one, else the general rate; the
    WTO rate applies where it is lower, so the schedule prints it in parentheses where it is
    not. A WTO rate printed once for a group of lines is not put in parentheses for a line
    of the group whose own rate is lower (surimi 0304.94.010: WTO 6 % for the subheading,
    temporary 4.2 % for the line), and where the two rates are of forms neither of which is
    always the lower (``29.8%＋396円/kg`` and ``36%＋130円/kg``), neither is in parentheses and
    the lower applies: the schedule's own words for such lines in its CPTPP column,
    "29.8%＋396円/kg又は36%＋130円/kgのうちいずれか低い税率" (whichever is the lower). So the MFN
    duty is the lower of the WTO rate (not in parentheses) and the national rate
    (:func:`lower`)."""
    wto = rates.get("WTO協定", "")
    national = rates.get("暫定", "") or rates.get("基本", "")
    if wto and not wto.startswith(PAREN):
        marked = wto.startswith(WTO_MARK) and not wto.startswith(WTO_MARK * 2)
        line = entry(code, wto[1:] if marked else wto)
        if line.not_covered is not None:
            return _unpriced(code, wto, UNREAD)
        if not national or national.startswith(PAREN):
            return line
        return lower(code, line, national, wto)
    if not national:
        return _unpriced(code, wto, "no general or temporary rate")
    if national.startswith(PAREN):
        return _unpriced(code, national, "the rate applied is in parentheses")
    return entry(code, national)


#: Marks the schedule puts before a national rate (◎, ※) whose meaning the script does not
#: read: such a rate is read as the rate it marks only where the WTO rate is never above it
#: (then the WTO rate applies whatever the mark says of the national one).
NATIONAL_MARKS = ("◎", "※")


def lower(code: str, wto: MfnEntry, national_text: str, wto_text: str) -> MfnEntry:
    """The lower of the WTO rate ``wto`` and the national rate (``national_text``).

    Each rate is one alternative, or two where it is itself the lower of two ("11.7%又は
    72.90円/kgのうちいずれか低い税率"); an alternative never below another (each part, ad
    valorem, specific and minimum, no lower: "25% or 60 yen/kg, whichever is the greater"
    against "20% or 48 yen/kg") drops out. One left is the duty; two are written as the one
    with the other as its maximum (the engine charges the lesser: ``max_rate`` and ``max``
    add up), the WTO rate first. Not covered: a national rate of a form not read (a gate
    price; a marked rate the WTO rate is not always below), and more than two alternatives
    left, or two that both have a minimum."""
    mark = next((m for m in NATIONAL_MARKS if national_text.startswith(m)), "")
    national = entry(code, national_text[len(mark):])
    if national.not_covered is None and mark and not _never_above(wto, national):
        return _unpriced(code, f"{national_text}' beside the WTO rate '{wto_text}",
                         f"the lower of the two applies, and the national rate carries the "
                         f"schedule's mark {mark}, which the rules do not read")
    if national.not_covered is not None:
        return _unpriced(code, f"{national_text}' beside the WTO rate '{wto_text}",
                         "the lower of the two applies, and the national rate is of a form "
                         "the rules do not read")
    kept: list[MfnEntry] = []
    for one in (*_alternatives(wto), *_alternatives(national)):
        if any(_never_above(other, one) for other in kept):
            continue
        kept = [other for other in kept if not _never_above(one, other)] + [one]
    if len(kept) == 1:
        return kept[0]
    if len(kept) == 2:
        main, ceiling = kept if kept[1].min is None and kept[1].min_rate is None else kept[::-1]
        if ceiling.min is None and ceiling.min_rate is None \
                and (ceiling.specific is None or len(ceiling.specific) == 1):
            return main.model_copy(update={
                "max_rate": ceiling.rate,
                "max": None if ceiling.specific is None else ceiling.specific[0]})
    return _unpriced(code, f"{national_text}' or '{wto_text}",
                     "the lower of two rates of these forms is not encoded")


def _alternatives(line: MfnEntry) -> list[MfnEntry]:
    """The rates of which ``line`` charges the lower: itself, or its terms and its maximum."""
    if line.max is None and line.max_rate is None:
        return [line]
    return [line.model_copy(update={"max": None, "max_rate": None}),
            MfnEntry(hs=line.hs, rate=line.max_rate,
                     specific=None if line.max is None else (line.max,))]


def _never_above(one: MfnEntry, other: MfnEntry) -> bool:
    """Whether ``one`` charges no more than ``other`` on any goods: no maximum on either,
    and each part of ``one`` (ad valorem rate, minimum rate, specific amount, minimum
    amount) no higher than the same part of ``other`` (a missing ad valorem part is 0; a
    specific part only against one per the same unit and currency)."""
    if any(x is not None for x in (one.max, one.max_rate, other.max, other.max_rate)):
        return False
    if (one.rate or 0) > (other.rate or 0) or (one.min_rate or 0) > (other.min_rate or 0):
        return False
    pairs = [(one.min, other.min)]
    if one.specific is not None:
        if other.specific is None or len(one.specific) != 1 or len(other.specific) != 1:
            return False
        pairs.append((one.specific[0], other.specific[0]))
    return all(mine is None or (theirs is not None and mine.per == theirs.per
                                and mine.currency == theirs.currency
                                and mine.amount <= theirs.amount)
               for mine, theirs in pairs)


Row = tuple[str, dict[str, str], str]  # a line's code, the rates it carries, its description


def walk(node: Any, inherited: dict[str, str], out: list[Row]) -> None:
    """Each line (9-digit code) with the rates it carries or inherits and its description."""
    if isinstance(node, list):
        for child in node:
            walk(child, inherited, out)
        return
    own = {k: v.strip() for k, v in (node.get("rate") or {}).items()
           if k in COLUMNS and v and v.strip()}
    rates = {**inherited, **own}
    if node.get("hs_code"):
        out.append((re.sub(r"\D", "", node["stat_code"]) + node["hs_code"], rates,
                    node.get("desc") or ""))
    for child in node.get("children") or ():
        walk(child, rates, out)


#: A season's row: "毎年4月1日から同年9月30日までに輸入されるもの" (imported each year from
#: 1 April to 30 September of the same year; 翌年: of the next year; 末日: the month's last day)
SEASON = re.compile(r"毎年(\d{1,2})月(\d{1,2})日から(?:同年|翌年)(\d{1,2})月(\d{1,2}日|末日)までに"
                    r"輸入されるもの")
#: The start of a seasonal placeholder's reason; :func:`seasonal_entries` reads what follows.
SEASONAL = "Japan's tariff prints this code once per season: "


def seasonal(code: str, rows: list[Row]) -> MfnEntry:
    """The entry of a code printed once per season of the year: the rate of each row, which
    must be an ad valorem one applied as :func:`applied` reads it, with the season its
    description names. Where every season charges alike, that rate; else a placeholder
    ``not_covered`` entry holding the seasons in the form of
    :func:`pricing_engine.tariff.seasons.parse_seasonal` (``20% (01 APR-30 SEP), 25% (01
    OCT-31 MAR)``), which :func:`seasonal_entries` writes out as dated entries; a row that
    names no season, or a rate of another form, leaves the code not covered."""
    items, rates = [], set()
    for _, row_rates, desc in rows:
        found = SEASON.search(re.sub(r"\s+", "", unicodedata.normalize("NFKC", desc)))
        line = applied(code, row_rates)
        if found is None or line.rate is None or line.model_dump(
                exclude={"hs", "rate"}, exclude_defaults=True):
            return MfnEntry(hs=code, not_covered="Japan's tariff prints this code more than "
                            "once, with seasons or rates the rules do not read: not encoded")
        start_m, start_d, end_m, end_d = found.groups()
        last = "29" if end_m == "2" and end_d == "末日" else end_d.removesuffix("日")
        month = calendar.month_abbr
        items.append(f"{line.rate * 100:f}".rstrip("0").rstrip(".") + "% ("
                     f"{int(start_d):02d} {month[int(start_m)].upper()}-"
                     f"{int(last):02d} {month[int(end_m)].upper()})")
        rates.add(line.rate)
    if len(rates) == 1:
        return MfnEntry(hs=code, rate=rates.pop())
    return MfnEntry(hs=code, not_covered=SEASONAL + ", ".join(items))


def seasonal_entries(code: str, entries: list[MfnEntry], start: date) -> list[MfnEntry]:
    """A seasonal code's dated entries from ``start``, where its placeholder holds for every
    day of the table (one open entry from its first day); else its entries as they are (a
    season changed between editions: not covered)."""
    if len(entries) != 1 or entries[0].valid_from or entries[0].valid_to \
            or not (entries[0].not_covered or "").startswith(SEASONAL):
        return entries
    season = parse_seasonal(entries[0].not_covered.removeprefix(SEASONAL))  # type: ignore
    if not isinstance(season, Seasonal) or season.gaps:
        raise SystemExit(f"{code}: the seasons do not make a year: {entries[0].not_covered}")
    return season_entries(season, code, start)


def read_lines(folder: Path) -> tuple[dict[str, MfnEntry], str]:
    """Each 9-digit line with its MFN entry, and the sha256 of the files read."""
    found: list[Row] = []
    digest = hashlib.sha256()
    for path in sorted(folder.glob("j_*_tariff_data.json")):
        raw = path.read_bytes()
        digest.update(raw)
        data = json.loads(raw)
        walk(data, {}, found)
    rows: dict[str, list[Row]] = {}
    for row in found:
        rows.setdefault(row[0], []).append(row)
    out = {code: applied(code, same[0][1]) if len(same) == 1 else seasonal(code, same)
           for code, same in rows.items()}
    return out, digest.hexdigest()


def _edition(text: str) -> tuple[date, Path]:
    day, sep, folder = text.partition("=")
    if not sep:
        raise argparse.ArgumentTypeError(f"{text!r}: give DATE=DIR")
    try:
        return date.fromisoformat(day), Path(folder)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{day!r}: not a date (YYYY-MM-DD)") from None


def main() -> None:
    """Read the schedule, build the table, write it, print figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--earlier", type=_edition, action="append", default=[],
                        metavar="DATE=DIR", help="an earlier edition: its day and folder")
    parser.add_argument("--out", type=Path, default=ROOT / "rules")
    args = parser.parse_args()
    lines, sha = read_lines(args.folder)
    earlier = sorted(args.earlier)
    if any(day >= AS_OF for day, _ in earlier) or len({d for d, _ in earlier}) < len(earlier):
        raise SystemExit(f"the earlier editions must be distinct days before {AS_OF}")
    read = [(day, *read_lines(folder)) for day, folder in earlier]
    sources = [SourceModel(
        id=f"jp-customs-tariff-{day}",
        title=f"Japan Customs: Customs Tariff Schedule of Japan (実行関税率表), edition of {day}",
        url=f"https://www.customs.go.jp/tariff/{day:%Y_%m_%d}/index.htm",
        accessed=date(2026, 12, 6),
        note=f"read from github.com/qlitre/japan-tariff-mcp @ {EDITIONS.get(day, '?')}, "
             f"src/tariffdata (sha256 of the files read {digest}); a line's entry is dated "
             f"from this edition where it first gives it") for day, _, digest in read]
    table: dict[str, MfnEntry | list[MfnEntry]] = dict(lines)
    if read:
        table.update(merge_dated_subheadings(date_by_editions(
            [(day, found) for day, found, _ in read] + [(AS_OF, lines)])))
    start = earlier[0][0] if earlier else AS_OF
    for code, found in table.items():  # the seasonal codes, written out season by season
        table[code] = seasonal_entries(code, found if isinstance(found, list) else [found],
                                       start)
    kept_out = curated_where_lines_agree("JP", lines)
    out, mfn, unpriced = write_national_table(
        table, tariff="JP", as_of=AS_OF, source=SOURCE, import_format="jp-tariff-json",
        file="src/tariffdata/j_NN_tariff_data.json", sha256=sha, confidence="medium",
        note=NOTE + (f" Lines dated back to the editions of {', '.join(str(d) for d, _ in earlier)}"
                     " where they give them alike; a line an edition changes or drops is "
                     "written for its days." if read else ""),
        out=args.out, made_by=MADE_BY + (" and its earlier editions" if read else ""),
        leave=kept_out, more_sources=sources,
        valid_from=earlier[0][0] if earlier else None, total=len(lines),
        parsed=len(lines) - sum(1 for e in lines.values() if e.not_covered is not None
                                and not e.not_covered.startswith(SEASONAL)))
    print(f"written: {out}")
    print(f"{len(lines)} lines, {len(lines) - len(unpriced)} priced, {len(unpriced)} not")
    print("not priced:", Counter(lines[c].not_covered.rsplit(": ", 1)[-1][:40]  # type: ignore
                                 for c in lines if lines[c].not_covered is not None))
    for day, found, _ in read:
        print(f"edition {day}: {len(found)} lines")
    subheadings = len({e.hs[:6] for e in mfn})
    print(f"{subheadings} subheadings written ({len(kept_out)} codes left to curated entries), "
          f"{len(mfn)} entries:", dict(Counter(len(e.hs) for e in mfn)),
          f"dated: {sum(1 for e in mfn if e.valid_from or e.valid_to)}")


if __name__ == "__main__":
    main()
