"""An opt-in pause of the cyclic garbage collector, for programs that own their process.

The library never switches the collector itself: ``gc.disable()`` acts on the whole process,
so inside a library call it would also stop collection for every other thread of a host (a web
server) for as long as the call runs. A batch program that owns its process may still want it:
a 10,000-line quote or a screening index makes hundreds of thousands of small objects that are
never cyclic garbage, and the collector's passes over them cost time without freeing anything.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["gc_paused"]


@contextmanager
def gc_paused(*, freeze: bool = False) -> Iterator[None]:
    """Run the block with the cyclic garbage collector off, process-wide; restore it after.

    For callers that own their process (the CLI, a batch job), never for a library call in a
    threaded host: every thread of the process is affected while the block runs. Reference
    counting still frees every object as usual; a collector that was off stays off.

    With ``freeze``, every object alive when the block ends is moved out of the collector's
    reach (``gc.freeze``) before it is turned on again: what the block built to keep (a
    loaded rule book, hundreds of thousands of objects) is never passed over again, by the
    collections that later allocations start nor by the one at the process's exit. Such
    objects are never collected as cyclic garbage: for a process that keeps them to its end.

    >>> import gc
    >>> with gc_paused():
    ...     gc.isenabled()
    False
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if enabled:
            gc.enable()
