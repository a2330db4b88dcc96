"""Indonesia's three time zones: which one a branch keeps, and how a time is labelled.

A deadline told to a reader in Sorong must read in WIT, one told in Medan in WIB. A
branch's zone is its record's ``timezone``, else the zone at its coordinates (tzfpy's
boundary data, offline), else its province's (provinces.yml), else the library's. Labels come from the UTC offset, not the zone name, so Asia/Pontianak
(Kalimantan Barat) reads WIB like Asia/Jakarta.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from pathlib import Path
from typing import Any, Mapping
from zoneinfo import ZoneInfo

import yaml

PROVINCES = Path(__file__).parent / "provinces.yml"
#: The Indonesian IANA zones a branch record may name.
INDONESIAN_ZONES = ("Asia/Jakarta", "Asia/Pontianak", "Asia/Makassar", "Asia/Jayapura")
LABELS = {7: "WIB", 8: "WITA", 9: "WIT"}
_NOISE = re.compile(r"\b(provinsi|province|daerah istimewa|daerah khusus ibukota|daerah khusus)\b")


def _key(name: str) -> str:
    text = re.sub(r"[^a-z ]", " ", name.lower())
    return " ".join(_NOISE.sub(" ", text).split())


@functools.lru_cache(maxsize=1)
def province_zones() -> dict[str, str]:
    """Province name (compared by `_key`) → IANA zone, with the aliases of provinces.yml."""
    data = yaml.safe_load(PROVINCES.read_text(encoding="utf-8"))
    aliases = data.pop("aliases", {}) or {}
    table = {_key(name): zone for zone, names in data.items() for name in names}
    for alias, name in aliases.items():
        table[_key(alias)] = table[_key(name)]
    return table


def province_zone(province: str | None) -> str | None:
    return province_zones().get(_key(province)) if province else None


def coordinates_zone(coordinates: Mapping[str, Any] | None) -> str | None:
    if not coordinates:
        return None
    import tzfpy

    zone = tzfpy.get_tz(float(coordinates["lon"]), float(coordinates["lat"]))
    return zone or None  # "" at sea, far from any shore


def branch_zone(branch: Mapping[str, Any], default: str) -> str:
    """The zone a branch keeps its hours in: its own, its place's, its province's, else the library's."""
    return (branch.get("timezone") or coordinates_zone(branch.get("coordinates"))
            or province_zone((branch.get("address") or {}).get("province")) or default)


def branch_zones(branches: Mapping[str, Mapping[str, Any]], default: str) -> dict[str, str]:
    return {bid: branch_zone(b, default) for bid, b in branches.items()}


def label(moment: dt.datetime) -> str:
    """``WIB``/``WITA``/``WIT`` for a time in an Indonesian zone, else ``UTC+h``."""
    offset = moment.utcoffset()
    assert offset is not None, "label an aware time"
    minutes = int(offset.total_seconds() // 60)
    # A named zone abroad at UTC+8 (Singapore) is not WITA; a bare offset is read as Indonesian.
    key = getattr(moment.tzinfo, "key", None)
    indonesian = key is None or key in INDONESIAN_ZONES
    if indonesian and minutes % 60 == 0 and minutes // 60 in LABELS:
        return LABELS[minutes // 60]
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def localise(moment: dt.datetime, zone: str) -> dt.datetime:
    return moment.astimezone(ZoneInfo(zone))


MONTHS = {"id": ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
                 "Oktober", "November", "Desember"),
          "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                 "October", "November", "December")}
DAYS = {"id": ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"),
        "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")}


def spoken(moment: dt.datetime, zone: str, lang: str = "id") -> str:
    """``Kamis, 3 Desember 2026, 10.00 WITA``: a time as the reader at that branch reads it."""
    local = localise(moment, zone)
    lang = "en" if lang == "en" else "id"
    clock = f"{local:%H}.{local:%M}" if lang == "id" else f"{local:%H}:{local:%M}"
    return (f"{DAYS[lang][local.weekday()]}, {local.day} {MONTHS[lang][local.month - 1]} {local.year}, "
            f"{clock} {label(local)}")
