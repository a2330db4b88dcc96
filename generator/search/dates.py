"""Dates as search terms: a record's date becomes tokens of its years, decades and
centuries, so that "1922", "1920an" and "abad 20" typed in the search box (parsed by
theme/assets/pustaka/search/query.js into the same tokens) find it.

- a year: ``1922``; every year of a span of at most `MAX_YEARS` years ("1910/1925");
- a decade: ``1920an`` for each decade the date touches;
- a century: ``20abad`` for each century (1901–2000 is the 20th; a year ending in 00
  closes its century, as Indonesian and most catalogues count).

Every token begins with a digit, so all of them sit in the index shards of digits, which
only a query with a number loads (writer.shard_key): a word query never pays for them.
"""

from __future__ import annotations

from typing import Any

MAX_YEARS = 60


def century(year: int) -> int:
    return (year - 1) // 100 + 1


def date_tokens(date: Any) -> str:
    """The tokens of a `records.schema.Date` (or anything with ``year``/``end_year``), space separated."""
    if date is None or getattr(date, "year", None) is None:
        return ""
    first = date.year
    last = getattr(date, "end_year", None) or first
    if last < first:
        first, last = last, first
    years = range(first, last + 1) if last - first < MAX_YEARS else (first, last)
    decades = range(first - first % 10, last + 1, 10)
    centuries = range(century(first), century(last) + 1)
    return " ".join([*(str(y) for y in years), *(f"{d}an" for d in decades), *(f"{c}abad" for c in centuries)])
