"""Romanisation of Hangul (Korean) names: Revised Romanization and the lists' McCune-Reischauer.

A Hangul syllable block is decomposed arithmetically into its initial consonant, vowel and
final consonant (Unicode 15.0, section 3.12 "Conjoining Jamo Behavior": a syllable is
``0xAC00 + (initial * 21 + vowel) * 28 + final``, 19 initials, 21 vowels, 28 finals with 0 for
none). Each jamo is then written by one of two tables:

- ``"rr"``, the Revised Romanization of Korean (Ministry of Culture and Tourism notice
  2000-8, the South Korean standard): 김정은 -> "gim jeong eun";
- ``"mr"``, McCune-Reischauer without its breves and apostrophes, with the North Korean
  spellings the sanctions lists use for DPRK names (ㅈ as j, aspirated ㅌ ㅍ ㅋ as th ph kh,
  initial ㄹ kept: "KIM Jong Un", "JANG Song Thaek", "RI Pyong Chol"): 김정은 -> "kim jong un",
  and a few surnames in the spelling those lists give them (이 -> "ri").

Syllables are romanised one by one and written as separate words, as the lists write Korean
names. The Revised Romanization leaves sound changes between syllables unmarked in given names
(its rule 3.2, note), so a syllable-by-syllable reading is the standard one for names.

>>> romanize("김정은", "rr"), romanize("김정은", "mr")
(' gim  jeong  eun ', ' kim  jong  un ')
>>> romanize("장성택", "mr").split(), romanize("최룡해", "mr").split()
(['jang', 'song', 'thaek'], ['choe', 'ryong', 'hae'])
"""

from __future__ import annotations

from typing import Literal

__all__ = ["FIRST", "LAST", "KoreanSystem", "has_hangul", "romanize"]

#: First and last Hangul syllable blocks.
FIRST, LAST = 0xAC00, 0xD7A3
_VOWELS, _FINALS = 21, 28

#: Which romanisation: "rr" (Revised Romanization) or "mr" (McCune-Reischauer, list style).
KoreanSystem = Literal["rr", "mr"]


def _split(values: str, count: int) -> tuple[str, ...]:
    # one space-separated value per jamo, "_" for one written as nothing
    out = tuple("" if v == "_" else v for v in values.split())
    if len(out) != count:
        raise ValueError(f"jamo table has {len(out)} values, not {count}")
    return out


# initials in Unicode order: ㄱ ㄲ ㄴ ㄷ ㄸ ㄹ ㅁ ㅂ ㅃ ㅅ ㅆ ㅇ ㅈ ㅉ ㅊ ㅋ ㅌ ㅍ ㅎ
_INITIALS = {
    "rr": _split("g kk n d tt r m b pp s ss _ j jj ch k t p h", 19),
    "mr": _split("k kk n t tt r m p pp s ss _ j jj ch kh th ph h", 19),
}
# vowels: ㅏ ㅐ ㅑ ㅒ ㅓ ㅔ ㅕ ㅖ ㅗ ㅘ ㅙ ㅚ ㅛ ㅜ ㅝ ㅞ ㅟ ㅠ ㅡ ㅢ ㅣ
_MEDIALS = {
    "rr": _split("a ae ya yae eo e yeo ye o wa wae oe yo u wo we wi yu eu ui i", _VOWELS),
    "mr": _split("a ae ya yae o e yo ye o wa wae oe yo u wo we wi yu u ui i", _VOWELS),
}
# finals (after "none"): ㄱ ㄲ ㄳ ㄴ ㄵ ㄶ ㄷ ㄹ ㄺ ㄻ ㄼ ㄽ ㄾ ㄿ
# ㅀ ㅁ ㅂ ㅄ ㅅ ㅆ ㅇ ㅈ ㅊ ㅋ ㅌ ㅍ ㅎ;
# both systems write a final by the sound it has at the end of a syllable
_FINAL = _split("_ k k k n n n t l k m l l l p l m p p t t ng t t k t p t", _FINALS)
#: Surnames the lists spell otherwise than syllable by syllable (North Korean spelling keeps
#: the initial ㄹ that South Korean spelling drops: 리 / 이 Ri, 림 / 임 Rim, 로 / 노 Ro).
_MR_SURNAMES = {"이": "ri", "임": "rim", "노": "ro"}


def has_hangul(text: str) -> bool:
    """Return whether ``text`` holds a Hangul syllable block."""
    return not text.isascii() and any(FIRST <= ord(ch) <= LAST for ch in text)


def _syllable(code: int, system: KoreanSystem) -> str:
    offset = code - FIRST
    initial, rest = divmod(offset, _VOWELS * _FINALS)
    vowel, final = divmod(rest, _FINALS)
    return _INITIALS[system][initial] + _MEDIALS[system][vowel] + _FINAL[final]


def romanize(text: str, system: KoreanSystem = "rr") -> str:
    """Return ``text`` with each Hangul syllable romanised and set apart by spaces.

    Other characters are left as they are. In the "mr" reading the first syllable of a word is
    read as a surname where the lists spell it their own way.
    """
    out = []
    previous = " "
    for ch in text:
        code = ord(ch)
        if FIRST <= code <= LAST:
            surname = _MR_SURNAMES.get(ch) if system == "mr" and not _in_word(previous) else None
            out.append(f" {surname or _syllable(code, system)} ")
        else:
            out.append(ch)
        previous = ch
    return "".join(out)


def _in_word(previous: str) -> bool:
    return FIRST <= ord(previous) <= LAST or previous.isalnum()
