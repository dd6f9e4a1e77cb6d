"""Names a list packs into one field: alternatives after ";" and original-script renderings.

The UN consolidated list (and the lists copied from it) often gives several names in one alias
field: the alias in Latin letters with its original script in brackets ("Jin Tiesan (金铁三)"),
the original script with its romanisations in brackets ("حسن غول (Hassan Ghul; Hassan Gul)"),
or alternatives joined by semicolons, sometimes lettered ("Fazel Rahim; Fazil Rahim",
"... Sabet b) M. Javad Kareemi Sabet"). Read as one name, such a field matches nothing anyone
would type: its tokens are the spellings of all its names together. :func:`name_parts` gives
each name on its own.

A bracket in the same script without a semicolon belongs to the name: an acronym, a place, a
variant letter ("AFGHAN SUPPORT COMMITTEE (ASC)", "VTB BANK (AUSTRIA) AG", "KANAAN, Maustaf
Fawzi (Faouzi)"). The name is given as written, and also without such brackets when two
words are left, since that is how most people write it; never the bracket alone ("ASC"), and
legal forms are not words here ("XYZ (HOLDINGS) LTD" stays whole).

>>> name_parts("Jin Tiesan (金铁三)")
('Jin Tiesan', '金铁三')
>>> name_parts("حسن غول (Hassan Ghul; Hassan Gul)")
('حسن غول', 'Hassan Ghul', 'Hassan Gul')
>>> name_parts("Tahrir al-Sham (HTS) (هيئة تحرير الشام (original script); Tahrir al Sham)")
('Tahrir al-Sham (HTS)', 'Tahrir al-Sham', 'هيئة تحرير الشام', 'Tahrir al Sham')
>>> name_parts("Mohammed Sabet; Mohammad Sabet b) M. Javad Sabet")
('Mohammed Sabet', 'Mohammad Sabet', 'M. Javad Sabet')
>>> name_parts("AFGHAN SUPPORT COMMITTEE (ASC)")
('AFGHAN SUPPORT COMMITTEE (ASC)', 'AFGHAN SUPPORT COMMITTEE')
>>> name_parts("EKT (KATRANGI BROS)")
('EKT (KATRANGI BROS)',)
"""

from __future__ import annotations

import re
import unicodedata

from pricing_engine.screening.legal_forms import AMBIGUOUS, LEGAL_WORDS, SINGLE

__all__ = ["name_parts", "query_parts"]

#: "b) " starting a second lettered group of names inside one field (the first "a) " too)
_LETTERED = re.compile(r"(?:^|(?<=\s))[a-h]\)\s+")
#: a bracket that notes the script of the name before it, or gives the name in it
#: ("(original script)", "(original script: Абу Мухаммад)")
_NOTE = re.compile(r"^\s*(?:in\s+)?original(?:\s+script)?\s*(?::\s*(?P<name>.*\S))?\s*$",
                   re.IGNORECASE)
#: a slash with a space on either side, between two names of one party in a customer record
_SLASH = re.compile(r"\s+/\s*|\s*/\s+")
#: the separators a split leaves at a part's ends, stripped
_TRIM = " \t,;:-–—"
#: brackets in brackets read as packed names at most this deep (a list file is input like
#: any other: a field of a thousand nested brackets is read, not followed down)
_DEPTH = 4


def name_parts(text: str) -> tuple[str, ...]:
    """Each name packed in ``text``, in the order given; ``(text,)`` when it holds one."""
    if ";" not in text and "(" not in text and ")" not in text:
        return (text,)  # the common case, at once
    parts: list[str] = []
    for group in _LETTERED.split(text):
        for alternative in _split_top(group, ";"):
            _unpack(alternative, parts)
    unique = tuple(dict.fromkeys(p for p in parts if any(c.isalpha() for c in p)))
    return unique or (text,)


def query_parts(text: str) -> tuple[str, ...]:
    """The names a screened party's name field holds: :func:`name_parts` of each piece
    between " / " (a slash with spaces: "Maersk A/S" is one name), or ``(text,)``.

    >>> query_parts("Kim Jong Un / 김정은"), query_parts("Maersk A/S")
    (('Kim Jong Un', '김정은'), ('Maersk A/S',))
    """
    pieces = _SLASH.split(text) if "/" in text else (text,)
    parts = tuple(dict.fromkeys(p for piece in pieces for p in name_parts(piece) if p.strip()))
    return parts or (text,)


def _unpack(text: str, out: list[str], depth: int = 0) -> None:
    """Append the names of ``text``: itself without its packed brackets (then also without
    the brackets that qualify it, if two words are left), then the packed names."""
    if depth > _DEPTH:
        out.append(text)
        return
    spans = _brackets(text)
    bare = _without(text, spans)  # every bracket out
    script = _script(bare)
    kept = text
    packed: list[str] = []
    qualified = False
    for start, end in reversed(spans):  # from the end: earlier spans stay put
        piece = text[start + 1:end - 1]
        note = _NOTE.match(piece)
        if note or ";" in piece or _script(piece) not in (None, script):
            if note is None or note["name"]:  # "(original script)" alone says nothing more
                packed.insert(0, piece if note is None else note["name"])
            kept = kept[:start] + " " + kept[end:]
        else:  # part of the name (an acronym, a place, a variant letter): kept as written
            qualified = True
    name = _tidy(kept) if kept is not text else text.strip(_TRIM)
    if name:
        out.append(name)
    if qualified:  # "AFGHAN SUPPORT COMMITTEE (ASC)" is also found as written without it
        shorter = _tidy(bare)
        if _words(shorter) >= 2:
            out.append(shorter)
    for piece in packed:
        for alternative in _split_top(piece, ";"):
            _unpack(alternative, out, depth + 1)


def _words(text: str) -> int:
    """How many words of two letters or more ``text`` has, legal forms not counted."""
    words = re.findall(r"\w{2,}", text.lower())
    return sum(not (w in SINGLE or w in AMBIGUOUS or w in LEGAL_WORDS) for w in words)


def _tidy(text: str) -> str:
    """``text`` with the gaps that taking out brackets leaves closed."""
    return re.sub(r"\s+(?=[,.)])", "", " ".join(text.split())).strip(_TRIM)


def _brackets(text: str) -> list[tuple[int, int]]:
    """The (start, end) spans of the outermost bracketed pieces of ``text``, brackets
    included; an unmatched bracket is a character like any other."""
    spans: list[tuple[int, int]] = []
    depth, start = 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            if depth == 0:
                start = i
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
    return spans


def _split_top(text: str, sep: str) -> list[str]:
    """``text`` split at ``sep`` outside brackets."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip(_TRIM) for p in parts if p.strip(_TRIM)]


def _without(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each of the bracketed ``spans`` replaced by a space."""
    for start, end in reversed(spans):
        text = text[:start] + " " + text[end:]
    return text


def _script(text: str) -> str | None:
    """"latin", "other" (no Latin letter), "mixed", or None for no letter at all."""
    latin = other = False
    for ch in text:
        if ch.isalpha():
            if ch <= "\u024f" or "\u1e00" <= ch <= "\u1eff" or _is_latin(ch):
                latin = True
            else:
                other = True
    if latin and other:
        return "mixed"
    return "latin" if latin else "other" if other else None


def _is_latin(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith("LATIN")
