"""Putting a file in place in the built site or a cache, sharing its data where the disk allows."""

from __future__ import annotations

import os
import shutil


def link_or_copy(source: str, target: str) -> None:
    """A hard link where the file system allows it, else a copy (``copytree``'s copy_function)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
