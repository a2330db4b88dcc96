"""Browse facets: which values an item shows under each facet, and the items of each value.

Read by the page plan (browse pages, item pages' links), the search page (its filters) and
the open data (a collection's citation files), so that they group items alike.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterable

from ..records import Collection
from .i18n import Translator
from .text import slugify

#: Browse facets, in the order pages list them (their URL folders: `urls.FACET_SLUGS`).
FACETS = ("type", "subject", "creator", "decade", "collection", "language")
#: The interface text key of each facet's name.
FACET_LABELS = {"type": "by_type", "subject": "by_subject", "creator": "by_creator", "decade": "by_decade",
                "collection": "by_collection", "language": "by_language"}


def item_year(item: dict) -> int | None:
    date = item.get("date")
    return date.year if date is not None else None


def facet_values(item: dict, facet: str) -> list[str]:
    """The values an item shows under a browse facet (as stored, before labelling)."""
    if facet == "type":
        return [item["type"]]
    if facet == "subject":
        return list(item.get("subjects", []))
    if facet == "creator":
        return [person["name"] for person in item.get("creators", [])]
    if facet == "decade":
        year = item_year(item)
        return [str(year - year % 10)] if year is not None else []
    if facet == "collection":
        return list(item.get("collections", []))
    if facet == "language":
        return list(item.get("language", []))
    raise AssertionError(f"unknown facet {facet!r}")


@dataclass
class Facet:
    name: str
    # value → (slug, item ids sorted for display)
    values: dict[str, tuple[str, list[str]]]


def build_facets(collection: Collection, order: list[str], names: Iterable[str] = FACETS) -> dict[str, Facet]:
    """Group item ids by every browse facet (or those ``names``), each group in catalogue order."""
    facets: dict[str, Facet] = {}
    for facet in names:
        groups: dict[str, list[str]] = defaultdict(list)
        for item_id in order:
            for value in facet_values(collection.items[item_id], facet):
                groups[value].append(item_id)
        slugs: dict[str, str] = {}
        used: Counter[str] = Counter()
        for value in sorted(groups, key=lambda v: v.casefold()):
            slug = slugify(value)
            used[slug] += 1
            slugs[value] = slug if used[slug] == 1 else f"{slug}-{used[slug]}"
        facets[facet] = Facet(facet, {value: (slugs[value], groups[value]) for value in groups})
    return facets


def title_order(collection: Collection) -> list[str]:
    return sorted(collection.items, key=lambda i: (collection.items[i]["title"].casefold(), i))


def newest_order(collection: Collection) -> list[str]:
    def key(item_id: str) -> tuple:
        item = collection.items[item_id]
        return (item.get("added") or dt.date.min, item_id)

    return sorted(collection.items, key=key, reverse=True)


def facet_label(facet: str, value: str, t: Translator) -> str:
    if facet == "type":
        return t.label("type", value)
    if facet == "language":
        return t.label("language", value)
    if facet == "decade":
        return f"{value}–{int(value) + 9}"
    return value
