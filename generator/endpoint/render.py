"""Server-rendered pages of the endpoint (Jinja2, autoescaped)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jinja2

_env = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
                          autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


#: The library's time zone for the dashboard's times; the endpoint sets it when it starts
#: (one library per endpoint process).
zone = "Asia/Jakarta"


def _local(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    return value.astimezone(ZoneInfo(zone)).strftime("%d-%m-%Y %H.%M")


def _text(value: Any, lang: str = "id") -> str:
    if isinstance(value, dict):
        return value.get(lang) or value.get("id") or ""
    return "" if value is None else str(value)


_env.filters["local"] = _local
_env.filters["tx"] = _text


def render(template: str, **context: Any) -> str:
    context.setdefault("lang", "id")
    return _env.get_template(template).render(**context)
