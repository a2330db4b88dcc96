"""Pausing Python's cyclic garbage collector where a build makes many objects and no cycles."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector. Loading records, planning pages and
    building indexes make millions of small dicts, lists and tuples and no reference
    cycles; the collector would walk the growing heap again and again, for nothing (a
    third of the search build's time, half of the page plan's)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
