"""Generational suffixes and post-nominal letters written after a person's name.

"Vladimir Putin Jr", "Igor Sechin, Jr.", "Kim Jong Un III", "Ali Hassan PhD, Esq." name the
person the list names without the suffix (or, for a generation, a relative a screener must
show an analyst): lists seldom write these words, so left in, a word no list uses weighs as
much as a rare name and the match falls to clear. :func:`without_suffixes` gives a query's
reading without them, which the screener compares with listed people only: in the name of a
vessel or a company a numeral is part of the identity ("DREAM II" is not the tanker "DREAM",
"RIM GROUP INVESTMENTS II" not "... III"), and an entity query keeps its words. Written after
normalisation: lower case, Latin letters, dots removed ("Jr." -> "jr").

Left out on purpose: words that are also names ("Junior" is a Brazilian given name, "Senior" a
surname), "md" (the usual abbreviation of Mohammed in South Asian names) and single letters
(initials).

>>> without_suffixes(("vladimir", "putin", "jr"))
('vladimir', 'putin')
>>> without_suffixes(("putin", "ii")) is None     # one word left: "ii" may be a name part
True
"""

from __future__ import annotations

__all__ = ["SUFFIXES", "is_suffix", "without_suffixes"]

_BY_KIND = {
    "generation": "jr jnr sr snr ii iii iv 2nd 3rd 4th",
    "degree": "phd dphil mba cpa llb llm",
    "bar and honours": "esq esquire qc kc obe mbe cbe kbe frs",
}

#: Every suffix, all kinds together.
SUFFIXES: frozenset[str] = frozenset(w for words in _BY_KIND.values() for w in words.split())


def is_suffix(word: str) -> bool:
    """Return whether ``word`` (normalised) is a generational suffix or post-nominal."""
    return word in SUFFIXES


def without_suffixes(tokens: tuple[str, ...]) -> tuple[str, ...] | None:
    """Return ``tokens`` without their suffix words, or None when there are none to drop.

    Also None when fewer than two words would remain, so that a name part that looks like a
    suffix ("Ii" in a Japanese name) is never all that is compared. The words may stand
    anywhere: "Sechin, Igor Jr." reads "igor jr sechin".
    """
    kept = tuple(t for t in tokens if t not in SUFFIXES)
    if len(kept) == len(tokens) or len(kept) < 2:
        return None
    return kept
