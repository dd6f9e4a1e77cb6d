"""Screening accuracy: recall and false-positive rate on the dev set and on fresh variants.

    python bench/bench_screening_accuracy.py [--eval PATH] [--seed N ...] [--sample N]

1. ../shared/eval/sanctions_dev.jsonl against the bundled OFAC SDN list, scored as its README
   says (a positive is found when its expected ent_num is reported at review level or above; a
   negative is a false positive when anything is), overall and per variant, with the queries'
   country and date of birth, then names only.
2. Guard against tuning to that file: the same kinds of variation (typos, word order, dropped or
   added names, transliteration, legal suffixes, joined and hyphenated tokens, case) generated
   here from random SDN entries that the dev set does not use, and innocent names built from
   common given names, surnames and company words; recall and FPR on those.
3. Kinds of variation the dev set does not show (:func:`unseen_variants`): a dropped second
   surname, one or two extra given names, an initial for the given name, a title, apostrophes
   (ayn / hamza) added, removed or changed, digits for letters, a duplicated word, a slip inside
   the legal form, vessels named by their IMO number, a slip in a short syllable (Korean,
   Chinese names); innocent names with the same treatments
   as negatives; and names written in their original script (the UN list's Han and Arabic
   names) against every bundled list. Generated with a separate random stream, so the sets of
   part 2 stay the same.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from pricing_engine.screening.bundle import load_bundled
from pricing_engine.screening.index import NameIndex
from pricing_engine.screening.legal_forms import LEGAL_WORDS
from pricing_engine.screening.model import Entity
from pricing_engine.screening.normalize import LEGAL_FORM, normalize_name
from pricing_engine.screening.result import ScreeningConfig, ScreeningQuery, ScreeningResult
from pricing_engine.screening.screener import Screener

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
LEGAL = ["LLC", "Ltd", "Limited", "JSC", "OOO", "GmbH", "Inc.", "Co., Ltd.", "S.A.", "PJSC", "FZE",
         "Limited Liability Company", "Joint Stock Company", "Company", "Corp."]  # fmt: skip
LEGAL_RE = re.compile(
    r"\b(LLC|L\.L\.C\.|LTD\.?|LIMITED|JSC|OJSC|CJSC|PJSC|OOO|GMBH|INC\.?|CO\.,? LTD\.?|S\.A\.( DE "
    r"C\.V\.)?|FZE|LIMITED LIABILITY COMPANY|(PUBLIC |CLOSED |OPEN )?JOINT STOCK COMPANY|"
    r"COMPANY|CORP\.?|CORPORATION)\s*$",
    re.I,
)
#: Romanisation differences (Arabic, Persian, Cyrillic, Serbo-Croat, Spanish) as (pattern,
#: replacement), one applied per variant: the kinds of change the dev set shows, not its lines.
_V = "[aeiou]"
TRANSLIT = [(re.compile(old), new) for old, new in [
    ("mohammed", "muhammad"), ("muhammad", "mohamed"), ("mohammad", "mohamed"),
    ("ahmad", "ahmed"), ("ahmed", "ahmad"), (f"(?<={_V})y(?={_V})", "i"), (r"\by", "i"),
    ("kh", "h"), ("ou", "u"), ("(?<=[^aeiou ])u(?=[^aeiou ])", "ou"), ("iy", "y"), ("iy", "i"),
    ("(?<=[^ ])ya", "ia"), (r"\byu", "iu"), ("ei", "ey"), ("ey", "ei"), (r"iy\b", "ii"),
    (r"(?<=[^aeiou ])y\b", "i"), ("ks", "x"), (f"(?<={_V})x", "ks"), (f"\\bj(?={_V})", "dj"),
    ("q", "k"), ("ss", "s"), (f"(?<={_V})s(?={_V})", "ss"), ("ee", "i"),
    ("aleksandr", "alexander"), ("yusuf", "youssef"), ("abdul ", "abd al-"), (r"\bw", "v"),
    (r"\bali\b", "aly"), (r"ey\b", "uei"), (r"sh", "ch"),
]]  # fmt: skip


def words(text: str) -> list[str]:
    return text.split()


FIRST = words("""
    James Maria Wei Fatima Carlos Olga Hiroshi Amina Peter Laura Ivan Sofia Ahmed Chen Lucas Emma
    Raj Anna Kwame Elena Jose Yuki Omar Ingrid Pablo Mei Thomas Aisha Daniel Nadia Marco Priya
    Samuel Hana Victor Leila Andrew Grace Tariq Julia
""")
LAST = words("""
    Smith Garcia Wang Muller Rossi Kowalski Tanaka Okafor Johansson Silva Novak Nguyen Martin
    Dubois Schmidt Costa Hansen Jensen Moreau Lopez Fischer Weber Kim Park Singh Patel Brown
    Wilson Taylor Clark Lewis Walker Young Hall Allen King Wright Scott Green Baker Adams Nelson
    Hill Campbell Mitchell Roberts Carter Phillips Evans Turner
""")
WORDS = words("""
    Alpine Harbor Maple Summit Cedar Beacon Orchid Falcon Granite Meadow Atlas Horizon Willow
    Aurora Nimbus Quartz Sterling Lotus Vertex Harmony Juniper Cobalt Saffron Tundra Oasis Zephyr
    Ember Solace Verdant Polaris
""")
GENERIC = words("""
    International Group Global Services Enterprise Trade Import Export Technology Company
    General Development Construction Investment
""")
TRADES = words("""
    Trading Logistics Shipping Holdings Industries Energy Consulting Software Foods Textiles
    Mining Capital Pharma Engineering Marine Bank Insurance Petroleum
""")


def typo(rng: random.Random, text: str, edits: int = 1) -> str:
    """Apply ``edits`` random keyboard-style edits inside words of four letters or more."""
    words = text.split()
    for _ in range(edits):
        long = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
        if not long:
            break
        i = rng.choice(long)
        w = words[i]
        p = rng.randrange(1, len(w))
        op = rng.choice("dsitr")
        letter = rng.choice("aeioulnrst")
        if op == "r":  # a doubled letter, the first one included ("MMakarov")
            p = rng.randrange(len(w))
            w = w[:p] + w[p] + w[p:]
        elif op == "d":
            w = w[:p] + w[p + 1 :]
        elif op == "s":
            w = w[:p] + letter + w[p + 1 :]
        elif op == "i":
            w = w[:p] + letter + w[p:]
        else:
            w = w[: p - 1] + w[p] + w[p - 1] + w[p + 1 :]
        words[i] = w
    return " ".join(words)


def natural(name: str) -> str:
    last, comma, first = name.partition(", ")
    return f"{first} {last}" if comma and "," not in first else name


def variants(rng: random.Random, entity: Entity) -> Iterable[tuple[str, str]]:
    """Yield (variant kind, query) for one entity, the kinds that apply to it."""
    name = entity.name
    nat = natural(name) if entity.kind == "person" else name
    yield "exact_natural_order", nat
    yield "titlecase", nat.title()
    yield "typo_1edit", typo(rng, nat.title())
    yield "typo_2edit", typo(rng, nat.title(), 2)
    yield "case_punct", re.sub(r"[.,'-]", " ", nat).lower()
    words = nat.split()
    if entity.kind == "person" and len(words) >= 2:
        yield "reorder_last_first", " ".join(words[-1:] + words[:-1])
        surname, _, given = name.partition(", ")
        if len(given.split()) >= 2:
            yield "drop_middle_names", f"{given.split()[0]} {surname}"
        yield "add_middle_name", f"{words[0]} {rng.choice('ABDEFHJKMRS')}. {' '.join(words[1:])}"
    if "-" in nat:
        yield "hyphen_space_join", nat.replace("-", rng.choice([" ", ""])).title()
    if len(words) >= 2:
        i = rng.randrange(len(words) - 1)
        yield "token_join", " ".join([*words[:i], words[i] + words[i + 1], *words[i + 2 :]])
    translit = nat.lower()
    for old, new in rng.sample(TRANSLIT, len(TRANSLIT)):
        if old.search(translit):
            yield "transliteration", old.sub(new, translit, count=1)
            break
    if entity.kind != "person":
        base = LEGAL_RE.sub("", name).strip(" ,")
        if base != name.strip():
            yield "legal_suffix_change", f"{base} {rng.choice(LEGAL)}"
            if len(base.split()) >= 2:
                yield "legal_suffix_dropped", base.title()
        else:
            yield "legal_suffix_added", f"{name} {rng.choice(LEGAL)}"
    strong = [a.name for a in entity.aliases if a.strength == "strong"]
    if strong:
        alias = rng.choice(strong)
        yield "alias", natural(alias) if entity.kind == "person" else alias
        alias = rng.choice(strong)
        yield "alias_typo", typo(rng, natural(alias) if entity.kind == "person" else alias)


TITLES = ["Dr.", "Mr.", "Mrs.", "Presidente", "General", "Sheikh", "Senor", "Herr", "Prof.",
          "Colonel", "Haji", "Mullah", "Madame", "Ministro", "Sr."]  # fmt: skip
APOSTROPHES = ["'", "\u2019", "\u02bf", "\u02bc", "`"]
LEET = {"o": "0", "i": "1", "e": "3", "a": "4", "s": "5"}


def _apostrophe(rng: random.Random, text: str) -> str | None:
    """Change, drop or add an apostrophe the way Arabic romanisations write ayn and hamza."""
    if "'" in text:
        return text.replace("'", rng.choice(["", " ", *APOSTROPHES[1:]]))
    spots = [m.start() + 1 for m in re.finditer(r"(?i)[aeiou](?=[aeiou])", text)]
    if not spots:
        return None
    p = rng.choice(spots)
    return text[:p] + rng.choice(APOSTROPHES) + text[p:]


def _leet(rng: random.Random, text: str) -> str | None:
    words = text.split()
    spots = [(i, j) for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()
             for j, c in enumerate(w) if j > 0 and c.lower() in LEET]  # fmt: skip
    if not spots:
        return None
    i, j = rng.choice(spots)
    words[i] = words[i][:j] + LEET[words[i][j].lower()] + words[i][j + 1 :]
    return " ".join(words)


def unseen_variants(rng: random.Random, entity: Entity) -> Iterable[tuple[str, str]]:
    """Yield (variant kind, query) of kinds the dev set does not hold, those that apply."""
    name = entity.name
    nat = natural(name) if entity.kind == "person" else name
    words = nat.split()
    if entity.kind == "vessel":
        imo = [i.value for i in entity.identifiers if i.type == "imo"]
        if imo:
            yield "vessel_imo_only", f"IMO {imo[0]}"
            yield "vessel_name_and_imo", f"{name.title()} (IMO {imo[0]})"
        return
    if entity.kind == "person":
        surname, comma, given = name.partition(", ")
        given_words = given.split()
        if comma and given_words:
            parts = surname.split()
            if len(parts) >= 2 and len(parts[-1]) >= 3:
                yield "drop_second_surname", f"{given_words[0]} {' '.join(parts[:-1])}".title()
            yield "initial_given_name", f"{given_words[0][0]}. {surname.title()}"
            extra = rng.sample([f for f in FIRST if f.lower() not in nat.lower()], 2)
            yield "extra_given_name", f"{given} {extra[0]} {surname}".title()
            yield "two_extra_given_names", f"{given} {' '.join(extra)} {surname}".title()
        yield "title", f"{rng.choice(TITLES)} {nat.title()}"
    else:
        base = LEGAL_RE.sub("", name).strip(" ,")
        suffix = name[len(base):].strip(" ,") if name.startswith(base) else ""
        letters = [i for i, c in enumerate(suffix) if c.isalpha()]
        if base != name.strip() and letters:
            p = rng.choice(letters)
            yield "legal_form_typo", f"{base} {suffix[:p] + suffix[p] + suffix[p:]}"
    apostrophe = _apostrophe(rng, nat)
    if apostrophe:
        yield "apostrophe", apostrophe
    leet = _leet(rng, nat)
    if leet:
        yield "digits_for_letters", leet
    if len(words) >= 2:
        i = rng.randrange(len(words))
        yield "duplicated_word", " ".join([*words[: i + 1], words[i], *words[i + 1 :]])


def syllable_slip(rng: random.Random, entity: Entity) -> str | None:
    """A person named in short syllables (Korean, Chinese, Vietnamese) with one letter changed
    in a syllable of two or three letters ("KIM, Jong Un" -> "Kim Jong Um"), else None."""
    words = natural(entity.name).split() if entity.kind == "person" else []
    if len(words) < 3 or any(len(w) > 5 for w in words):
        return None
    spots = [i for i, w in enumerate(words) if 2 <= len(w) <= 3 and w.isalpha()]
    if not spots:
        return None
    i = rng.choice(spots)
    p = rng.randrange(1, len(words[i]))
    letter = rng.choice([c for c in "aeioungmh" if c != words[i][p].lower()])
    words[i] = words[i][:p] + letter + words[i][p + 1 :]
    return " ".join(words).title()


def syllables(
    screener: Screener, entities: list[Entity], rng: random.Random
) -> list[tuple[str, bool, bool]]:
    """Slips in short syllables of every person so named, and innocent names made of the same
    syllables recombined (a listed surname, two given syllables of other people)."""
    rows = []
    named = [e for e in entities if syllable_slip(random.Random(0), e)]
    for entity in named:
        text = syllable_slip(rng, entity)
        query = ScreeningQuery(name=str(text), kind="person")
        rows.append(("syllable_slip", True, found(screener.screen(query), {entity.entry_id})))
    parts = [natural(e.name).split() for e in named]
    listed = {frozenset(normalize_name(n).tokens) for e in named for n, _ in e.names()}
    for _ in range(len(named)):
        words = [rng.choice(parts)[-1], rng.choice(parts)[0], rng.choice(parts)[1]]
        text = " ".join(words).title()
        if frozenset(normalize_name(text).tokens) not in listed:
            result = screener.screen(ScreeningQuery(name=text, kind="person"))
            rows.append(("neg_recombined_syllables", False, not result.matches))
    return rows


def unseen_negatives(rng: random.Random, count: int) -> Iterable[tuple[str, str, str]]:
    """Yield (kind, variant, name) of innocent names given the same treatments."""
    for _ in range(count):
        kind, text = innocent(rng)
        if kind == "person":
            yield kind, "neg_unseen_title", f"{rng.choice(TITLES)} {text}"
            first, *rest = text.split()
            yield kind, "neg_unseen_extra_given_names", " ".join(
                [first, *rng.sample(FIRST, 2), *rest]
            )
            yield kind, "neg_unseen_initial", f"{first[0]}. {rest[-1]}"
        leet = _leet(rng, text)
        if leet:
            yield kind, f"neg_unseen_digits_{kind}", leet
        words = text.split()
        i = rng.randrange(len(words))
        yield kind, f"neg_unseen_duplicated_word_{kind}", " ".join(
            [*words[: i + 1], words[i], *words[i + 1 :]]
        )


def unseen(
    screener: Screener, entities: list[Entity], rng: random.Random, negatives: int
) -> list[tuple[str, bool, bool]]:
    rows = []
    for entity in entities:
        for variant, text in unseen_variants(rng, entity):
            kind = {"person": "person", "vessel": None}.get(entity.kind, "entity")
            query = ScreeningQuery(name=text, kind=kind)  # type: ignore[arg-type]
            rows.append((variant, True, found(screener.screen(query), {entity.entry_id})))
    for kind, variant, text in unseen_negatives(rng, negatives):
        result = screener.screen(ScreeningQuery(name=text, kind=kind))  # type: ignore[arg-type]
        rows.append((variant, False, not result.matches))
    return rows


_NATIVE = re.compile(r"[^\x00-\u024f]")


def native_script(screener: Screener, lists: list[Any]) -> list[tuple[str, bool, bool]]:
    """Screen each listed name written in a non-Latin script; expect its own entry back.

    A name with no Latin letter is screened whole (its brackets are part of it: "華信船務(香港)
    有限公司"); from a name with Latin letters, each bracketed or semicolon-separated piece in
    another script ("Jin Tiesan (金铁三)")."""
    rows = []
    for lst in lists:
        for entity in lst.entities:
            for name, _ in entity.names():
                pieces = [name] if not re.search("[A-Za-z]", name) else re.findall(r"[^();]+", name)
                for part in pieces:
                    part = part.strip()
                    if _NATIVE.search(part) and not re.search("[A-Za-z]", part):
                        result = screener.screen(part)
                        rows.append(("native_script_name", True,
                                     found(result, {entity.entry_id})))  # fmt: skip
    return rows


def packed_fields(screener: Screener, lists: list[Any],
                  rng: random.Random) -> list[tuple[str, bool, bool]]:
    """Each Latin name of a field that packs several (the UN list's "حسن غول (Hassan Ghul;
    Hassan Gul)", "Fazel Rahim; Fazil Rahim"), as written and with one slip; expect its entry."""
    rows = []
    for lst in lists:
        for entity in lst.entities:
            for name, _ in entity.names():
                pieces = [p.strip(" ,") for p in re.findall(r"[^();]+", name)]
                if ";" not in name and not _NATIVE.search(name):
                    continue
                for part in pieces:
                    if len(part.split()) < 2 or _NATIVE.search(part) or part == "original script":
                        continue
                    for kind, query in (("packed_field_name", part),
                                        ("packed_field_name_typo", typo(rng, part))):
                        rows.append((kind, True, found(screener.screen(query),
                                                       {entity.entry_id})))
    return rows


def bracketed(screener: Screener, lists: list[Any]) -> list[tuple[str, bool, bool]]:
    """Each listed Latin name with a bracket that qualifies it ("AFGHAN SUPPORT COMMITTEE
    (ASC)", "VTB BANK (AUSTRIA) AG"), screened without the bracket, as most people write it;
    names left with fewer than two words are skipped."""
    rows = []
    for lst in lists:
        for entity in lst.entities:
            for name, _ in entity.names():
                if ";" in name or _NATIVE.search(name) or not re.search(r"\([^()]+\)", name):
                    continue
                query = " ".join(re.sub(r"\([^()]*\)", " ", name).split())
                if len(re.findall(r"[A-Za-z]{2,}", query)) >= 2:
                    rows.append(("bracket_left_out", True,
                                 found(screener.screen(query), {entity.entry_id})))
    return rows


def joined(screener: Screener, entities: list[Entity], rng: random.Random,
           negatives: int) -> list[tuple[str, bool, bool]]:
    """One party's names in one field, as customer records write them ("Kim Jong Un / 김정은",
    "A; B"): a listed name with one of its aliases, a listed name beside an innocent one
    (the listed one must be found); and two innocent names together, a false positive only
    when neither alone is reported (the joining, not the names, made it)."""
    rows = []
    for entity in entities:
        aliases = [a.name for a in entity.aliases if a.strength == "strong"]
        sep = rng.choice([" / ", "; "])
        if aliases:
            query = f"{natural(entity.name)}{sep}{natural(rng.choice(aliases))}"
            rows.append(("two_names_one_field", True,
                         found(screener.screen(query), {entity.entry_id})))
        query = f"{innocent(rng)[1]}{sep}{natural(entity.name)}"
        rows.append(("listed_beside_innocent", True,
                     found(screener.screen(query), {entity.entry_id})))
    for _ in range(negatives):
        a, b = innocent(rng)[1], innocent(rng)[1]
        if screener.screen(a).matches or screener.screen(b).matches:
            continue
        sep = rng.choice([" / ", "; "])
        rows.append(("neg_two_innocent_names", False, not screener.screen(f"{a}{sep}{b}").matches))
    return rows


def innocent(rng: random.Random) -> tuple[str, str]:
    """Return (kind, name) of a made-up party that no list should flag."""
    if rng.random() < 0.5:
        middle = f" {rng.choice(FIRST)}" if rng.random() < 0.3 else ""
        return "person", f"{rng.choice(FIRST)}{middle} {rng.choice(LAST)}"
    words = [rng.choice(WORDS), rng.choice(TRADES)]
    if rng.random() < 0.5:
        words.append(rng.choice(TRADES))
    return "entity", f"{' '.join(words)} {rng.choice(LEGAL)}"


def found(result: ScreeningResult, expected: set[str]) -> bool:
    return any(m.entry_id in expected for m in result.matches)


def report(title: str, rows: list[tuple[str, bool, bool]]) -> tuple[float, float]:
    """Print recall / FPR per variant for (variant, is_positive, ok) rows; return the totals."""
    stats: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for variant, _, ok in rows:
        stats[variant][0] += ok
        stats[variant][1] += 1
    pos = [ok for _, positive, ok in rows if positive]
    neg = [not ok for _, positive, ok in rows if not positive]
    recall = sum(pos) / max(len(pos), 1)
    fpr = sum(neg) / max(len(neg), 1)
    print(f"\n{title}")
    print(f"  recall {recall:.3f} ({sum(pos)}/{len(pos)})   "
          f"false-positive rate {fpr:.3f} ({sum(neg)}/{len(neg)})")  # fmt: skip
    for variant in sorted(stats):
        good, total = stats[variant]
        positive = next(p for v, p, _ in rows if v == variant)
        label = "recall" if positive else "FPR   "
        value = good / total if positive else 1 - good / total
        print(f"    {variant:40} {label} {value:.3f}  (n={total})")
    return recall, fpr


def sweep(screener: Screener, path: Path, names_only: bool) -> None:
    """Print recall and FPR at other review thresholds (for choosing the policy's value)."""
    lax = Screener(screener.index, config=ScreeningConfig(review_threshold=0.5))
    scored = []  # (is positive, score of the expected entry or of the top match)
    for line in path.read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        result = lax.screen(_dev_query(case, names_only))
        expected = set(case["expected"])
        if expected:
            scored.append((True, max((m.score for m in result.matches
                                      if m.entry_id in expected), default=0.0)))  # fmt: skip
        else:
            scored.append((False, max((m.score for m in result.matches), default=0.0)))
    pos = [score for positive, score in scored if positive]
    neg = [score for positive, score in scored if not positive]
    cells = []
    for threshold in (0.75, 0.78, 0.8, 0.82, 0.85, 0.88, 0.9):
        recall = sum(x >= threshold for x in pos) / len(pos)
        fpr = sum(x >= threshold for x in neg) / len(neg)
        cells.append(f"{threshold:.2f}: {recall:.3f}/{fpr:.3f}")
    print("  review threshold -> recall/FPR   " + "   ".join(cells))


def _dev_query(case: dict[str, Any], names_only: bool) -> ScreeningQuery:
    return ScreeningQuery(
        name=case["query"],
        kind=case["kind"],
        country=None if names_only else case["country"],
        dob=None if names_only else case["dob"],
    )


def dev_set(screener: Screener, path: Path, names_only: bool) -> list[tuple[str, bool, bool]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        result = screener.screen(_dev_query(case, names_only))
        expected = set(case["expected"])
        ok = found(result, expected) if expected else not result.matches
        rows.append((case["variant"], bool(expected), ok))
    return rows


def generated(
    screener: Screener, entities: list[Entity], rng: random.Random, negatives: int
) -> list[tuple[str, bool, bool]]:
    rows = []
    for entity in entities:
        for variant, text in variants(rng, entity):
            query = ScreeningQuery(
                name=text, kind="person" if entity.kind == "person" else "entity"
            )
            rows.append((variant, True, found(screener.screen(query), {entity.entry_id})))
    for kind, variant, text in negative_names(screener.index, entities, rng, negatives):
        result = screener.screen(ScreeningQuery(name=text, kind=kind))  # type: ignore[arg-type]
        rows.append((variant, False, not result.matches))
    return rows


def _common_words(index: NameIndex) -> list[str]:
    """Return words of four letters or more found in the names of three or more listed companies.

    Such words (Delta, Crescent, Nile) alone identify no listed company.
    """
    entities = index.name_entity
    out = []
    for vid, word in enumerate(index.vocab):
        if len(word) >= 4 and word.isalpha() and word not in LEGAL_WORDS:
            owners = {entities[n] for n in index.postings[vid] if not index.name_person[n]}
            if len(owners) >= 3:
                out.append(word)
    return out


def negative_names(
    index: NameIndex, entities: list[Entity], rng: random.Random, negatives: int
) -> Iterable[tuple[str, str, str]]:
    """Yield (kind, variant, name) of parties that share words with listed names but are not.

    As in the dev set: made-up people and companies, a listed person's surname with another
    given name (natural order and "SURNAME, Given"), and a word of a listed company's name among
    generic company words. A name whose words (legal form aside) are exactly a listed name's is
    skipped: it would be a true match.
    """
    vocab = index.vocab
    listed = {frozenset(vocab[v] for v in tokens if vocab[v] != LEGAL_FORM)
              for tokens in index.name_tokens}  # fmt: skip

    def unlisted(text: str) -> bool:
        return frozenset(t for t in normalize_name(text).tokens if t != LEGAL_FORM) not in listed

    for _ in range(negatives):
        kind, text = innocent(rng)
        if unlisted(text):
            yield kind, f"neg_generated_{kind}", text
    people = [e for e in entities if e.kind == "person" and ", " in e.name]
    for _ in range(negatives // 2):
        surname = rng.choice(people).name.partition(", ")[0]
        given = rng.choice(FIRST)
        if rng.random() < 0.7:
            text, variant = f"{given} {surname.title()}", "neg_generated_shares_surname"
        else:
            text, variant = f"{surname}, {given}", "neg_generated_shares_surname_listformat"
        if unlisted(text):
            yield "person", variant, text
    brands = _common_words(index)
    for _ in range(negatives // 2):
        parts = [rng.choice(brands).title(), *rng.sample(TRADES + GENERIC, rng.randint(1, 2))]
        rng.shuffle(parts)
        text = " ".join(parts + ([rng.choice(LEGAL)] if rng.random() < 0.6 else []))
        if unlisted(text):
            yield "entity", "neg_generated_shared_generic_token", text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=SHARED / "eval" / "sanctions_dev.jsonl")
    parser.add_argument("--seed", type=int, nargs="+", default=[20260101, 20260202],
                        help="seeds of the generated sets (the second is a hold-out: not for "
                        "tuning)")  # fmt: skip
    parser.add_argument("--sample", type=int, default=300, help="SDN entries to vary")
    parser.add_argument("--negatives", type=int, default=1000)
    args = parser.parse_args(argv)
    if not args.eval.is_file():
        print(f"skipped: evaluation file {args.eval} not found", file=sys.stderr)
        return 0
    sdn = [lst for lst in load_bundled() if lst.info.list_id == "ofac_sdn"]
    screener = Screener.from_lists(sdn)
    config = screener.config
    names = len(screener.index.name_tokens)
    print(f"bundled OFAC SDN: {len(sdn[0].entities)} entries, {names} names; bands: hit >= "
          f"{config.hit_threshold}, review >= {config.review_threshold}")  # fmt: skip
    report(f"{args.eval.name}, with country and date of birth (target recall >= 0.98, FPR <= "
           "0.03)", dev_set(screener, args.eval, names_only=False))  # fmt: skip
    sweep(screener, args.eval, names_only=False)
    report(f"{args.eval.name}, names only (target recall >= 0.97, FPR <= 0.03)",
           dev_set(screener, args.eval, names_only=True))  # fmt: skip
    sweep(screener, args.eval, names_only=True)
    used = {e for line in args.eval.read_text().splitlines() for e in json.loads(line)["expected"]}
    pool = [e for e in sdn[0].entities if e.entry_id not in used and e.kind in ("person", "entity")]
    for seed in args.seed:
        rng = random.Random(seed)
        sample = rng.sample(pool, min(args.sample, len(pool)))
        report(f"generated variants of {len(sample)} other SDN entries (seed {seed}) and "
               f"about {2 * args.negatives} innocent names, names only",
               generated(screener, sample, rng, args.negatives))  # fmt: skip
    vessels = [e for e in sdn[0].entities if e.kind == "vessel" and e.entry_id not in used]
    for seed in args.seed:
        rng = random.Random(seed + 1)
        sample = rng.sample(pool, min(args.sample, len(pool)))
        sample += rng.sample(vessels, min(args.sample // 10, len(vessels)))
        report(f"kinds of variation the dev set does not show, {len(sample)} other SDN entries "
               f"(seed {seed + 1}) and innocent names so treated, names only",
               unseen(screener, sample, rng, args.negatives // 2))  # fmt: skip
    report("slips in short syllables (Korean, Chinese, Burmese names) of every other SDN person "
           "so named, and their syllables recombined, names only",
           syllables(screener, pool, random.Random(args.seed[-1] + 2)))  # fmt: skip
    rng = random.Random(args.seed[-1] + 4)
    report("two names of one party in one field (\" / \" or \"; \"), and two innocent names so "
           "joined, names only", joined(screener, rng.sample(pool, min(args.sample, len(pool))),
                                        rng, args.negatives // 2))  # fmt: skip
    everything = load_bundled()
    every_list = Screener.from_lists(everything)
    report("names in their original script (every bundled list)",
           native_script(every_list, everything))  # fmt: skip
    report("names packed several to a field, in Latin letters, as written and with one slip "
           "(every bundled list)", packed_fields(every_list, everything,
                                                 random.Random(args.seed[-1] + 3)))  # fmt: skip
    report("names with a bracket that qualifies them, screened without it (every bundled list)",
           bracketed(every_list, everything))
    return 0


Variant = Callable[[random.Random, Entity], Iterable[tuple[str, str]]]

if __name__ == "__main__":
    sys.exit(main())
