"""Keeping Python's garbage collector out of bulk validation, and out of the records it makes.

Validated records form no reference cycles, yet the collector's passes over the millions of young
objects a large load creates cost as much as the parse itself (measured: reading a 60,000-spell
compiled form took 3.7 s with the collector running, 1.0 s without); and once loaded, every full
collection would walk them all again (the first few hundred questions after such a load took
7.8 ms a call instead of 0.17 ms). So collection pauses while records are validated, and
``gc.freeze()`` then moves everything alive into the permanent generation, which later
collections skip. The cost: cyclic garbage that already exists at that moment is never
collected afterwards.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_collection() -> Iterator[None]:
    """Pause the collector inside the block; freeze what is alive when the block succeeds."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    except BaseException:  # a failed load: nothing of it is to be kept
        if was_enabled:
            gc.enable()
        raise
    if was_enabled:
        gc.freeze()
        gc.enable()
