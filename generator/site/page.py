"""A page of the site as plain data: what the renderer needs to write it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class GeneratedPage:
    url: str  # relative to the site root, e.g. "katalog/babad-tanah-jawi.html"
    template: str
    title: str
    section: str
    lang: str
    data: dict[str, Any] = field(default_factory=dict)
    description: str = ""
    breadcrumbs: list[tuple[str, str]] = field(default_factory=list)
    # The record this page shows ("items/babad-tanah-jawi"), to key render caches.
    record: str | None = None
