"""An index by HS prefix whose chapters are decoded from the rule cache when first used.

A cached tariff holds tens of thousands of entries; a quote meets a few chapters of it. Each
chapter (the first two digits of a prefix; the general regime ``*`` on its own) is decoded on
first use and kept. Threads that decode one chapter at once build equal immutable entries, and
the first stored is the one every thread gets from then on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from types import MappingProxyType
from typing import Any

from pricing_engine.rules.fields import HS_ANY

__all__ = ["ChapterIndex", "chapter_of"]

Entries = tuple[Any, ...]
_EMPTY: Mapping[str, Entries] = MappingProxyType({})


def chapter_of(key: str) -> str:
    """The chapter an index key belongs to: ``"8413"`` -> ``"84"``; ``"*"`` is its own."""
    return key if key == HS_ANY else key[:2]


class ChapterIndex(Mapping[str, Entries]):
    """A read-only index by HS prefix, decoded a chapter at a time (``load(chapter)``).

    ``written(chapter)``, when given, returns a chapter's encoded form as the cache holds it
    (or None), so that a book written again copies it instead of decoding and encoding it.
    """

    __slots__ = ("_counts", "_decoded", "_load", "_written")

    def __init__(self, counts: Mapping[str, int],
                 load: Callable[[str], Mapping[str, Entries]],
                 written: Callable[[str], bytes | None] | None = None) -> None:
        self._counts = dict(counts)  # the chapters, in key order, and their number of keys
        self._load = load
        self._written = written
        self._decoded: dict[str, Mapping[str, Entries]] = {}

    def counts(self) -> Mapping[str, int]:
        """The chapters, in key order, and the number of keys of each."""
        return MappingProxyType(self._counts)

    def written(self, code: str) -> bytes | None:
        """Chapter ``code`` as the cache it came from holds it, if that is known and intact."""
        return None if self._written is None else self._written(code)

    def chapter(self, code: str) -> Mapping[str, Entries]:
        """The entries of the prefixes of chapter ``code`` (``"84"``, or ``"*"``)."""
        found = self._decoded.get(code)
        if found is None:
            if code not in self._counts:
                return _EMPTY
            found = self._decoded.setdefault(code, self._load(code))
        return found

    def __getitem__(self, key: str) -> Entries:
        return self.chapter(chapter_of(key))[key]

    def __iter__(self) -> Iterator[str]:
        for code in self._counts:
            yield from self.chapter(code)

    def __len__(self) -> int:
        return sum(self._counts.values())

    def __repr__(self) -> str:
        return (f"<ChapterIndex {len(self)} keys in {len(self._counts)} chapters, "
                f"{len(self._decoded)} decoded>")
