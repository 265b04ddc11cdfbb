"""Keeping Python's garbage collector out of bulk validation, and, for large data, out of the
records it makes.

Validated records form no reference cycles, yet the collector's passes over the millions of young
objects a large load creates cost as much as the parse itself (measured: reading a 60,000-spell
compiled form took 3.7 s with the collector running, 1.0 s without). So collection pauses while
records are validated. Once a large dataset is loaded, every full collection would walk it all
again (the first few hundred questions after such a load took 7.8 ms a call instead of 0.17 ms),
so :func:`settle` moves everything alive into the permanent generation (``gc.freeze()``), which
later collections skip; but only for data of at least :data:`FREEZE_AT` spells, where it pays:
freezing also keeps any cyclic garbage the caller has at that moment, so a program that loads the
bundled data is never touched.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

FREEZE_AT = 20_000  # spells: below this a full collection over the records costs little


@contextmanager
def paused_collection() -> Iterator[None]:
    """Pause the collector inside the block, and restore it afterwards, whatever happens."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def settle(spells: int) -> bool:
    """After a successful load of ``spells`` spells: freeze what is alive if the data is large.
    Returns whether it froze."""
    if spells < FREEZE_AT:
        return False
    gc.freeze()
    return True
