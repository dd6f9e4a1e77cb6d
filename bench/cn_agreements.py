"""The agreement column of China's 2026 tariff, as preferential entries.

Used by bench/regen_cn_tariff.py. Each line of 中华人民共和国进出口税则（2026） gives, beside its
MFN rate, its agreement rates (协定税率): groups of a rate and the agreements that grant it,
each agreement by its Chinese short name and English code, e.g. ``0东盟AS,智CL,...,澳门MO
1.5巴PK 4塞RS`` (0 % under ACFTA, the China-Chile FTA, ... ; 1.5 % under the China-Pakistan
FTA; 4 % under the China-Serbia FTA). A duty per kilogram, square metre, tonne or litre, or
terms on a tariff quota, are a footnote mark in place of the rate, the footnote of the page
saying ``协定税率：0.2元/千克。`` (the tariff's rules and explanations, 一(三)2).
An agreement the cell does not name grants the line nothing: a claim pays the MFN duty.

The codes are the tariff's table of agreements (一(三)2(2), :data:`AGREEMENTS`), each with the
agreement a quote claims and the origins it is for: RCEP's rates differ by the RCEP origin
(ASR for the ASEAN members, AUR, JPR, KRR and NZR; the parse writes them ``RASR``, ``RAUR``,
... with the superscript R first). The rates are 2026's: an agreement's rate staged to fall
on a later 1 January stays at 2026's (never lower than the law's); the tariff applies the
lower of an agreement rate and the provisional MFN rate, as a quote does.

What a cell gives an agreement (:func:`texts_of`), as the texts
:func:`kcs_preferences.read_cell` reads: ``Free`` (0), ``N%``, empty (not named: no
preference), a footnote's specific duty as :func:`read_specific` reads it, or a text not
read (a footnote of another form, a rate with a footnote, any agreement on a tariff-quota
line, whose quota terms the table does not give: the MFN duty). The entries are made by
:func:`kcs_preferences.preferences`: for an agreement the column names on at least half of
the dutiable lines, an ``hs: "*"`` zero and an entry for each line it does not free (an
``excluded`` one where it is not named); for the others (APTA, the China-Singapore FTA,
the Honduras early harvest, ECFA), an entry for each line it names.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal

import kcs_preferences as prefs
from _regen import NotUnderstood

from pricing_engine.rules.fields import Per, SpecificModel
from pricing_engine.rules.model import MfnEntry, PreferentialEntry

ASEAN = prefs.ASEAN
#: The tariff's agreement codes: (code, the agreement a quote claims, its origins).
AGREEMENTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("AP", "APTA", ("BD", "IN", "KR", "LA", "LK", "MN")),
    ("AS", "ACFTA", ASEAN),
    ("CL", "China-Chile FTA", ("CL",)),
    ("PK", "China-Pakistan FTA", ("PK",)),
    ("NZ", "China-New Zealand FTA", ("NZ",)),
    ("SG", "China-Singapore FTA", ("SG",)),
    ("PE", "China-Peru FTA", ("PE",)),
    ("CR", "China-Costa Rica FTA", ("CR",)),
    ("CH", "China-Switzerland FTA", ("CH",)),
    ("IS", "China-Iceland FTA", ("IS",)),
    ("KR", "Korea-China FTA", ("KR",)),
    ("AU", "ChAFTA", ("AU",)),
    ("GE", "China-Georgia FTA", ("GE",)),
    ("MU", "China-Mauritius FTA", ("MU",)),
    ("RASR", "RCEP", ASEAN),
    ("RAUR", "RCEP", ("AU",)),
    ("RJPR", "RCEP", ("JP",)),
    ("RKRR", "RCEP", ("KR",)),
    ("RNZR", "RCEP", ("NZ",)),
    ("KH", "China-Cambodia FTA", ("KH",)),
    ("NI", "China-Nicaragua FTA", ("NI",)),
    ("EC", "China-Ecuador FTA", ("EC",)),
    ("RS", "China-Serbia FTA", ("RS",)),
    ("HN", "China-Honduras FTA early harvest", ("HN",)),
    ("MV", "China-Maldives FTA", ("MV",)),
    ("HK", "Mainland-Hong Kong CEPA", ("HK",)),
    ("MO", "Mainland-Macao CEPA", ("MO",)),
    ("TW", "ECFA", ("TW",)),
)
CODES = frozenset(code for code, _, _ in AGREEMENTS)
#: The tariff's Chinese short name of each code (RCEP's with the superscript R left off).
NAMES: dict[str, str] = {
    "AP": "亚太", "AS": "东盟", "CL": "智", "PK": "巴", "NZ": "新西兰", "SG": "新加坡", "PE": "秘",
    "CR": "哥", "CH": "瑞", "IS": "冰", "KR": "韩", "AU": "澳", "GE": "格", "MU": "毛",
    "RASR": "东盟", "RAUR": "澳", "RJPR": "日", "RKRR": "韩", "RNZR": "新西兰", "KH": "柬",
    "NI": "尼", "EC": "厄", "RS": "塞", "HN": "洪", "MV": "马", "HK": "港", "MO": "澳门",
    "TW": "台",
}
#: Where the parse lost part of a cell. It drops a line of the book's cell now and then (the
#: cells wrap over several): ``秘PE,哥 MV,港HK`` lost ``CR,瑞CH,...,马`` between the name of Costa
#: Rica's agreement and the code of the Maldives'; a lost line may hold the next group's rate,
#: so the items after it, up to the next rate, may not be the group's. Read as lost from there:
#: a name without its code (the code is lost; the name gives it where only one agreement has
#: it), a code without its name or with part of it (``盟RASR``), a code out of the tariff's
#: order. The items after the loss are not read (the agreement is not named: the MFN duty).
LOSS = "a line of the cell lost by the parse"
BY = "China's 2026 tariff"
NUM = r"\d+(?:\.\d+)?"
MARKS = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
#: the tokens of a cell: a rate, a footnote mark, an agreement's Chinese short name, its code,
#: a comma, white space (where the parse joins the lines the book's cell wraps over)
TOKEN = re.compile(rf"(?P<rate>{NUM})|(?P<mark>[{MARKS}])|(?P<name>[^\x00-\x7f{MARKS},\s]+)"
                   r"|(?P<code>[A-Z]+)|(?P<comma>,)|(?P<space>\s+)")
SPECIFIC = re.compile(rf"^协定税率：({NUM})元/(千克|平方米|吨|升)。$")
UNITS: dict[str, Per] = {"千克": "kg", "平方米": "m2", "吨": "tonne", "升": "litre"}
#: the share of dutiable lines an agreement must be named on to get an ``hs: "*"`` zero
BROAD = Decimal("0.5")
#: each code's place in the tariff's order (a cell lists a group's agreements in it)
ORDER = {code: i for i, (code, _, _) in enumerate(AGREEMENTS)}
FULL_NAMES = frozenset(NAMES.values())


def read_cell(cell: str) -> tuple[dict[str, tuple[str | None, str]], list[str]]:
    """An agreement cell's groups, per agreement code: (its rate, its footnote marks); and
    the items not read (:data:`LOSS`). A cell of another form, an unknown code or a code
    named twice raises :class:`NotUnderstood`."""
    text = " ".join(cell.split())
    out: dict[str, tuple[str | None, str]] = {}
    dropped: list[str] = []
    group: tuple[str | None, str] | None = None  # the rate and marks the next items get
    items = 0  # items of the group so far
    last = -1  # the order of the group's last code
    lost = False  # part of the group may be lost: its next items are not read
    name = code = ""

    def item() -> None:
        nonlocal name, code, items, last, lost
        if not (name or code):
            return
        if group is None:
            raise NotUnderstood(f"agreement {name}{code} before any rate: {cell!r}")
        if code and code not in CODES:
            raise NotUnderstood(f"agreement code {code!r} unknown: {cell!r}")
        items += 1
        if not code:  # a name whose code is lost: the code where only one has the name
            named = [c for c, n in NAMES.items() if n == name]
            found = named[0] if len(named) == 1 else None
            lost = True
        else:
            found = code
            if name != NAMES[code] or ORDER[code] < last:
                lost = True  # the name broken off, or out of the tariff's order
        if found is None or (lost and code):
            dropped.append(f"{name}{code}")
        elif found in out:
            raise NotUnderstood(f"agreement code {found!r} named twice: {cell!r}")
        else:
            out[found] = group
            last = ORDER[found]
        name = code = ""

    at = 0
    while at < len(text):
        token = TOKEN.match(text, at)
        if token is None:
            raise NotUnderstood(f"agreement cell not read at {text[at:at + 20]!r}: {cell!r}")
        kind, value = token.lastgroup, token[0]
        at = token.end()
        if kind in ("rate", "mark"):
            item()
            if kind == "mark" and group is not None and not items:
                group = (group[0], group[1] + value)  # another mark of the group's rate
            else:
                group = (value, "") if kind == "rate" else (None, value)
                items, last, lost = 0, -1, False
        elif kind == "name":
            if name and not code and name + value in FULL_NAMES:
                name += value  # a name the book breaks over two lines (东 盟, 澳 门)
                continue
            if name or code:
                item()
            name = value
        elif kind == "code":
            if code:
                item()
            code = value
        elif kind == "comma":
            item()
    item()
    return out, dropped


def read_specific(text: str) -> MfnEntry | None:
    """A footnote's agreement duty per unit (``协定税率：0.2元/千克。``) as the terms of an
    entry; None for another text."""
    found = SPECIFIC.match(text)
    if found is None:
        return None
    return MfnEntry(hs="*", specific=SpecificModel(amount=Decimal(found[1]), currency="CNY",
                                                    per=UNITS[found[2]]))


def texts_of(cell: str, notes: Sequence[str], quota: bool) -> tuple[str, ...]:
    """What a line's cell gives each agreement of :data:`AGREEMENTS`, as a text
    :func:`kcs_preferences.read_cell` reads (the module's docstring). ``notes``: the texts
    of the cell's footnote marks, in order; ``quota``: the line is a tariff-quota line."""
    groups, dropped = read_cell(cell)
    marks = re.findall(f"[{MARKS}]", cell)
    if len(marks) != len(notes):
        raise NotUnderstood(f"{len(marks)} footnote mark(s), {len(notes)} note(s): {cell!r}")
    said = dict(zip(marks, notes, strict=True))
    out = []
    for code, _, _ in AGREEMENTS:
        if code not in groups:  # not named; where part of the cell is lost, not known
            out.append(f"{prefs.UNKNOWN}{LOSS}" if dropped else "")
            continue
        rate, ms = groups[code]
        text = " ".join([*([rate] if rate else []), *(said[m] for m in ms)])
        if rate is not None and not ms:
            text = "Free" if Decimal(rate) == 0 else f"{rate}%"
        elif not rate and len(ms) == 1 and (duty := read_specific(said[ms])) is not None \
                and duty.specific and duty.specific[0].amount == 0:
            text = "Free"
        if quota:
            text = f"{prefs.UNKNOWN}its terms on a tariff-quota line ('{text}')"
        out.append(text)
    return tuple(out)


def columns(texts: Mapping[str, tuple[str, ...]], dutiable: set[str],
            ) -> tuple[prefs.Column, ...]:
    """The agreements as columns, each with an ``hs: "*"`` zero when it is named on at least
    :data:`BROAD` of the ``dutiable`` lines."""
    named: Counter[int] = Counter()
    for code in dutiable:
        for i, text in enumerate(texts.get(code, ())):
            named[i] += bool(text)
    total = max(len(dutiable), 1)
    return tuple(prefs.Column(code, agreement, origins,
                              free_default=Decimal(named[i]) / total >= BROAD, by=BY)
                 for i, (code, agreement, origins) in enumerate(AGREEMENTS))


def preferences(texts: Mapping[str, tuple[str, ...]], lines: Mapping[str, Sequence[MfnEntry]],
                six: Mapping[str, Sequence[MfnEntry]], as_of: date,
                curated: Sequence[prefs.Curated],
                ) -> tuple[list[PreferentialEntry], Counter[str], tuple[prefs.Column, ...]]:
    """The entries of every agreement, counts of what the cells gave, and the columns."""
    dutiable = {code for code, mfn in lines.items()
                if prefs.mfn_stages(mfn, as_of) != prefs.free(as_of)}
    table = columns(texts, dutiable)
    entries, counts = prefs.preferences(
        "CN", texts, lines, six, read_specific, as_of=as_of,
        curated=curated, table=table)
    return merged(entries), counts, table


def merged(entries: Sequence[PreferentialEntry]) -> list[PreferentialEntry]:
    """The entries with those of one agreement that say the same of a code for several
    origins (RCEP's columns, often alike) written as one, in the order first given."""
    out: dict[str, PreferentialEntry] = {}
    for e in entries:
        key = e.model_copy(update={"origins": ("XX",)}).model_dump_json(exclude_unset=True)
        found = out.get(key)
        out[key] = e if found is None else found.model_copy(
            update={"origins": tuple(sorted({*found.origins, *e.origins}))})
    return list(out.values())


def parts(entries: Sequence[PreferentialEntry], most: int) -> list[list[PreferentialEntry]]:
    """The entries in files of at most ``most`` entries each (a rule file's bounds), an
    agreement's all in one file, in the order of :data:`AGREEMENTS`."""
    by: dict[str, list[PreferentialEntry]] = {}
    for e in entries:
        by.setdefault(e.agreement, []).append(e)
    files: list[list[PreferentialEntry]] = [[]]
    for agreement in dict.fromkeys(name for _, name, _ in AGREEMENTS):
        mine = by.get(agreement, [])
        if files[-1] and len(files[-1]) + len(mine) > most:
            files.append([])
        files[-1] += mine
    return files
