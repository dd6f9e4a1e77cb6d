"""Pause the cyclic garbage collector while a quote is computed and dressed up."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["gc_paused"]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Run the block with the cyclic garbage collector off (restored after, if it was on).

    A large quote makes hundreds of thousands of small acyclic objects (charges, amounts,
    results) that live until the result is returned: the collector would re-scan them many
    times (a third of the time of a 10,000-line quote) and could free nothing. Reference
    counting still frees every object as usual.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()
