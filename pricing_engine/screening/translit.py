"""Transliteration of non-Latin scripts to plain lower-case ASCII Latin.

The tables follow the simple, widely used romanisations (BGN/PCGN-style for Cyrillic, Greek,
Georgian and Armenian, a consonantal scheme for Arabic, Persian and Hebrew, which write few
vowels); sanctions lists romanise the same way, and the matcher's consonant skeleton absorbs
the remaining differences.
Latin letters with accents are decomposed by Unicode NFKD and lose their marks; styled letters
(mathematical bold, full-width, circled) decompose to plain ones.

Hangul is read by :mod:`.hangul` (the Revised Romanization by default; the normaliser adds
the McCune-Reischauer reading the lists use for North Korean names), one word per syllable.
Scripts without a table here (Han, Kana, Thai, Devanagari, ...) fall back to
`anyascii <https://github.com/anyascii/anyascii>`_, a maintained per-character table: Han
characters read as one syllable each, written as separate words ("习近平"
-> "xi jin ping"), as lists write such names ("XI Jinping"). The hand tables stay
first where they exist: they follow the romanisations the lists use. :func:`has_table` tells
which letters only the fallback reads (the screener still treats such names as not fully read).

>>> to_latin("Юрий Ковальчук")
'yuriy kovalchuk'
>>> to_latin("Ρένος Σάββας")
'renos savvas'
>>> to_latin("Ñandú Çelik Straße")
'nandu celik strasse'
>>> to_latin("𝐓𝐨𝐫𝐧𝐚𝐝𝐨 Ｃａｓｈ Ⓓⓐⓞ")
'tornado cash dao'
>>> to_latin("习近平").split(), to_latin("김정은").split()
(['xi', 'jin', 'ping'], ['gim', 'jeong', 'eun'])
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

from pricing_engine.screening.hangul import FIRST, LAST, KoreanSystem, has_hangul, romanize

__all__ = ["has_table", "to_latin"]

#: Blocks whose characters are each a syllable, read as a word of its own.
_SYLLABLE_BLOCKS = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xAC00, 0xD7A3),
                    (0x20000, 0x2FA1F))  # fmt: skip


def _table(letters: str, romanised: str) -> dict[str, str]:
    # romanised: one space-separated value per letter, "_" for a letter written as nothing
    values = romanised.split()
    if len(values) != len(letters):
        raise ValueError(f"table of {letters[:3]}... has {len(values)} values")
    return {k: "" if v == "_" else v for k, v in zip(letters, values, strict=True)}


_CYRILLIC = _table(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґўђјљњћџ",
    "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya i yi ye g u "
    "dj j lj nj c dz",
)
_GREEK = _table("αβγδεζηθικλμνξοπρσςτυφχψω", "a v g d e z i th i k l m n x o p r s s t y f ch ps o")
_ARABIC = _table(
    "اأإآبتثجحخدذرزسشصضطظعغفقكلمنهويىةءئؤپچژگکیٱ",
    "a a i a b t th j h kh d dh r z s sh s d t z _ gh f q k l m n h w y a a _ _ _ p ch zh g k y a",
)
_HEBREW = _table(
    "אבגדהוזחטיכךלמםנןסעפףצץקרשת", "_ b g d h v z kh t y k k l m m n n s _ p f ts ts k r sh t"
)
_GEORGIAN = _table(
    "აბგდევზთიკლმნოპჟრსტუფქღყშჩცძწჭხჯჰ",
    "a b g d e v z t i k l m n o p zh r s t u p k gh q sh ch ts dz ts ch kh j h",
)
_ARMENIAN = _table(
    "աբգդեզէըթժիլխծկհձղճմյնշոչպջռսվտրցւփքօֆ",
    "a b g d e z e y t zh i l kh ts k h dz gh ch m y n sh o ch p j r s v t r ts v p k o f",
)
# Latin letters that NFKD does not decompose into a base letter and a mark.
_LATIN_EXTRA = {
    "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "ł": "l", "þ": "th",
    "ı": "i", "ħ": "h", "ŋ": "ng", "ĸ": "k",
    # apostrophe-like letters used in romanised Arabic ('ayn, hamza) carry no sound we match on
    "ʻ": "", "ʼ": "", "ʿ": "", "ʾ": "", "`": "", "´": "", "‘": "", "’": "",
}  # fmt: skip

_TABLE: dict[str, str] = {
    **_CYRILLIC, **_GREEK, **_ARABIC, **_HEBREW, **_GEORGIAN, **_ARMENIAN, "և": "ev",
    "\u0640": "",  # tatweel: a stroke that lengthens a word's joins, no letter
}  # fmt: skip
_TABLE.update(_LATIN_EXTRA)


@lru_cache(maxsize=4096)
def _by_table(ch: str) -> str:
    mapped = _TABLE.get(ch)
    if mapped is not None:
        return mapped
    out = []
    for part in unicodedata.normalize("NFKD", ch):
        if unicodedata.combining(part):
            continue
        part = part.lower()  # styled capitals ("𝐓", "Ｔ") decompose to capitals
        out.append(_TABLE.get(part, part))
    return "".join(out)


def has_table(ch: str) -> bool:
    """Return whether the hand tables (or Unicode decomposition) read ``ch`` as Latin.

    >>> has_table("ж"), has_table("é"), has_table("习"), has_table("김")
    (True, True, False, True)
    """
    return FIRST <= ord(ch) <= LAST or _by_table(ch).isascii()


@lru_cache(maxsize=8192)
def _char(ch: str) -> str:
    mapped = _by_table(ch)
    if mapped.isascii() or not unicodedata.category(ch).startswith(("L", "M")):
        return mapped
    fallback = anyascii(ch).lower()
    code = ord(ch)
    if any(lo <= code <= hi for lo, hi in _SYLLABLE_BLOCKS):
        return f" {fallback} "
    return fallback


def to_latin(text: str, *, korean: KoreanSystem = "rr") -> str:
    """Return ``text`` in lower case with every letter romanised and accents removed.

    Hangul is read in the ``korean`` system (:mod:`.hangul`). Characters with no romanisation
    (punctuation) pass through unchanged.
    """
    lowered = text.lower()
    if lowered.isascii():
        return lowered
    if has_hangul(lowered):
        lowered = romanize(lowered, korean)
    lowered = _ARABIC_WORD.sub(lambda m: _arabic_word(m.group(0)), lowered)
    return "".join(_char(ch) for ch in lowered)


#: A word in Arabic script (Arabic, Persian, Urdu letters; vowel marks and tatweel inside).
_ARABIC_WORD = re.compile("[\u0620-\u064a\u064b-\u065f\u0670-\u06d3\u0640]+")
#: Letters that begin a word with a vowel sound: alef and its hamza forms, and 'ayn, which
#: romanisations write as the vowel that follows it ("Ali", "Izzat", "Umar").
_ONSETS = frozenset("اأإآٱع")
#: Letters inside a word that write no consonant a romanisation spells: alef (a long a), alef
#: maqsura, ta marbuta (a final a), 'ayn and the hamza seats.
_SILENT_INSIDE = frozenset("اأإآٱىةعءئؤ")


#: Words of names that romanisations write one conventional way (son of, daughter of, father
#: of, the family of).
_ARABIC_PARTICLES = {"بن": "bin", "ابن": "ibn", "بنت": "bint", "ابو": "abu", "أبو": "abu",
                     "ابي": "abi", "أبي": "abi", "آل": "al", "ولد": "ould"}  # fmt: skip
#: Romanised letters that form a digraph with a following h ("th", "sh"...): a heh after one
#: is written "hh", which the skeleton reads as h after the letter ("Taha", "Tahir").
_BEFORE_DIGRAPH_H = frozenset("tskdgzcp")


def _arabic_word(word: str) -> str:
    """Read an Arabic-script word consonantally, as its romanisations agree on it.

    The script writes consonants and long vowels, and a romanisation adds the short vowels the
    reader supplies, each in its own way ("Husayn", "Hussein", "Hosein"). So the word is
    written with its consonants only, the long vowel letters inside it dropped (yeh and waw
    kept as y and w: they are consonants as often as vowels), and an onset vowel as "a"; the
    matcher compares such a word with a romanised one by consonant skeleton
    (:mod:`.similarity`). The article al-, written joined to its noun, is its own token.

    >>> to_latin("صدام حسين التكريتي"), to_latin("عزت ابراهيم"), to_latin("صالح")
    ('sdm hsyn al-tkryty', 'azt abrhym', 'slh')
    >>> to_latin("بلال بن مروان"), to_latin("طه")
    ('bll bin mrwn', 'thh')
    """
    letters = [ch for ch in word if ch != "\u0640" and not unicodedata.combining(ch)]
    particle = _ARABIC_PARTICLES.get("".join(letters))
    if particle is not None:
        return particle
    head = ""
    if len(letters) > 3 and letters[0] == "ا" and letters[1] == "ل":
        head, letters = "al-", letters[2:]
    out = [head]
    for i, ch in enumerate(letters):
        if i == 0 and ch in _ONSETS:
            out.append("a")
        elif ch == "ه" and out[-1][-1:] in _BEFORE_DIGRAPH_H:
            out.append("hh")
        elif i == 0 or ch not in _SILENT_INSIDE:
            out.append(_by_table(ch))
    return "".join(out)
