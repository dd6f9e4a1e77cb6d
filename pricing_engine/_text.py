"""Text as a reader sees it: the characters nobody sees taken out.

Names screened, product families matched against a policy: a zero-width space, a soft hyphen
or a bidirectional mark in them changes the string, not what a person reads, so comparing
them as given lets such a character split what is one word or make two keys of one.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

__all__ = ["visible"]

#: Categories of characters nobody sees: format, control, surrogate, private use, unassigned.
_INVISIBLE_CATEGORIES = frozenset({"Cf", "Cc", "Cs", "Co", "Cn"})
#: Default-ignorable code points outside those categories (Unicode DerivedCoreProperties):
#: the combining grapheme joiner, Hangul fillers, Khmer inherent vowels, Mongolian free
#: variation selectors, variation selectors.
_IGNORABLE_RANGES = (
    (0x034F, 0x034F), (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F),
    (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFFA0, 0xFFA0), (0xE0100, 0xE01EF),
)  # fmt: skip
_IGNORABLE = frozenset(chr(c) for lo, hi in _IGNORABLE_RANGES for c in range(lo, hi + 1))
#: Characters that show as a blank without being Unicode white space.
_BLANKS = frozenset("\u2800")


def visible(text: str) -> str:
    """Return ``text`` without the characters a reader cannot see, any space a plain space.

    >>> visible("T\u200bo\u00adr\u2060n\u200ed\ufe0fo\u00a0Cash\u3000")
    'Torndo Cash '
    """
    if text.isascii() and text.isprintable():
        return text
    return "".join(_visible_char(ch) for ch in text)


@lru_cache(maxsize=4096)
def _visible_char(ch: str) -> str:
    if ch.isspace() or ch in _BLANKS:
        return " "
    if ch in _IGNORABLE or unicodedata.category(ch) in _INVISIBLE_CATEGORIES:
        return ""
    return ch
