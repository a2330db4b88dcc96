"""Cells that a spreadsheet shows as text, never runs.

Excel, LibreOffice and Google Sheets run a cell that starts with ``=``, ``+``, ``-`` or
``@`` (and, after a tab or carriage return, the same) as a formula: a record or a request
whose text begins ``=HYPERLINK(...)`` would become a live link or a command in the
spreadsheet of whoever opens the export. A leading apostrophe makes the spreadsheet show
the text as written (OWASP's advice for CSV injection).
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defuse(value: Any) -> Any:
    """``value`` with an apostrophe before it when a spreadsheet would run it; other values as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
