"""iCalendar (RFC 5545) files: one per event, and one with every event.

Times in the records are the library's local time; they are written with their
``TZID`` and a VTIMEZONE, which Google Calendar and phone calendars both read.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from ..records.collection import Collection
from ..site.text import plain
from . import common
from .common import FEED_FOLDER, text

if TYPE_CHECKING:
    import icalendar  # imported where calendars are made: it takes ~0.1 s, and a no-change rebuild makes none

ALL_EVENTS = f"{FEED_FOLDER}/kegiatan.ics"
#: An event with no end is shown as lasting this long.
DEFAULT_LENGTH = dt.timedelta(hours=2)


def _uid(event_id: str, site_url: str) -> str:
    host = site_url.split("://", 1)[-1].split("/", 1)[0] if site_url else "pustaka.invalid"
    return f"{event_id}@{host}"


def vevent(event_id: str, event: dict, collection: Collection, *, site_url: str, zone: ZoneInfo,
           stamp: dt.datetime) -> "icalendar.Event":
    import icalendar

    node = icalendar.Event()
    node.add("uid", _uid(event_id, site_url))
    node.add("dtstamp", stamp.astimezone(dt.timezone.utc))
    start = event["start"].replace(tzinfo=zone)
    node.add("dtstart", start)
    node.add("dtend", event["end"].replace(tzinfo=zone) if event.get("end") else start + DEFAULT_LENGTH)
    node.add("summary", text(event["title"]))
    description = text(event.get("summary")) or plain(text(event.get("description")), 2000)
    url = common.absolute(site_url, common.event_page(event_id))
    if url:
        description = f"{description}\n\n{url}" if description else url
        node.add("url", url)
    if description:
        node.add("description", description)
    branch = collection.branches.get(event.get("branch") or "")
    where = [text(event.get("location"))]
    if branch:
        address = branch.get("address", {})
        where = [text(branch["name"]), text(event.get("location")),
                 ", ".join(address[k] for k in ("street", "city", "province") if address.get(k))]
        if branch.get("coordinates"):
            node.add("geo", (branch["coordinates"]["lat"], branch["coordinates"]["lon"]))
    location = ", ".join(w for w in where if w)
    if location:
        node.add("location", location)
    node.add("categories", [event.get("kind", "other")])
    node.add("status", "CONFIRMED")
    node.add("transp", "OPAQUE")
    return node


def calendar(events: list[tuple[str, dict]], collection: Collection, *, site_url: str, site_name: str,
             timezone: str, stamp: dt.datetime) -> bytes:
    import icalendar

    zone = ZoneInfo(timezone)
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Pustaka//Pustaka digital library//ID")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"Kegiatan — {site_name}")
    cal.add("x-wr-timezone", timezone)
    for event_id, event in events:
        cal.add_component(vevent(event_id, event, collection, site_url=site_url, zone=zone, stamp=stamp))
    cal.add_missing_timezones()
    return cal.to_ical()


def write_calendars(collection: Collection, site_dir: Path, *, site_url: str, site_name: str, timezone: str,
                    stamp: dt.datetime) -> list[str]:
    ordered = sorted(collection.events.items(), key=lambda kv: kv[1]["start"])
    made = []
    for event_id, event in ordered:
        target = site_dir / common.event_calendar(event_id)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(calendar([(event_id, event)], collection, site_url=site_url, site_name=site_name,
                                    timezone=timezone, stamp=stamp))
        made.append(common.event_calendar(event_id))
    target = site_dir / ALL_EVENTS
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(calendar(ordered, collection, site_url=site_url, site_name=site_name, timezone=timezone,
                                stamp=stamp))
    made.append(ALL_EVENTS)
    return made
