"""Atom and RSS 2.0 feeds: new acquisitions (by the date a record was added) and events.

Written with ElementTree, so every value is escaped by construction. Feeds need
absolute links; without ``site_url`` they are still written with links relative to the
feed's own folder, which feed readers resolve against the feed's address.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from ..records.collection import Collection
from ..site.facets import newest_order
from ..site.text import plain
from . import common
from .common import text

ATOM = "http://www.w3.org/2005/Atom"
#: Entries per feed: readers poll them often, so they stay small.
FEED_SIZE = 50


@dataclass(frozen=True)
class Feed:
    name: str
    titles: dict[str, str]

    def path(self, fmt: str) -> str:
        # At the site root: mkdocs-material fetches "sitemap.xml" beside every <link rel=alternate>.
        return f"{self.name}.{'atom' if fmt == 'atom' else 'rss'}"


FEEDS = {
    "new": Feed("koleksi-baru", {"id": "Koleksi terbaru", "en": "New in the catalogue"}),
    "events": Feed("kegiatan", {"id": "Kegiatan", "en": "Events"}),
}


@dataclass
class Entry:
    id: str
    title: str
    link: str  # relative to the site root
    updated: dt.datetime
    summary: str
    authors: list[str]
    categories: list[str]
    image: str | None = None


def _link(site_url: str, url: str, feed_path: str) -> str:
    """An absolute link when the site has a URL, else one relative to the feed's folder."""
    return common.absolute(site_url, url) if site_url else "../" * feed_path.count("/") + url


def item_entries(collection: Collection, zone: dt.tzinfo, *, limit: int = FEED_SIZE) -> list[Entry]:
    entries = []
    for item_id in newest_order(collection):
        item = collection.items[item_id]
        if not item.get("added"):
            continue  # not dated: it cannot be "new"
        cover = common.cover(item)
        entries.append(Entry(
            id=item_id, title=common.full_title(item), link=common.item_page(item_id),
            updated=dt.datetime.combine(item["added"], dt.time(0, 0), zone),
            summary=common.summary(item, 500), authors=[p["name"] for p in common.authors(item)],
            categories=list(item.get("subjects", [])),
            image=common.media_url(cover["path"]) if cover else None))
        if len(entries) == limit:
            break
    return entries


def event_entries(collection: Collection, zone: dt.tzinfo, *, limit: int = FEED_SIZE) -> list[Entry]:
    ordered = sorted(collection.events.items(), key=lambda kv: kv[1]["start"], reverse=True)[:limit]
    entries = []
    for event_id, event in ordered:
        branch = collection.branches.get(event.get("branch") or "")
        where = ", ".join(filter(None, [text(branch["name"]) if branch else "", text(event.get("location"))]))
        when = event["start"].strftime("%Y-%m-%d %H:%M")
        about = text(event.get("summary")) or plain(text(event.get("description")), 500)
        entries.append(Entry(
            id=event_id, title=text(event["title"]), link=common.event_page(event_id),
            updated=event["start"].replace(tzinfo=zone),
            summary=" — ".join(filter(None, [f"{when} {where}".strip(), about])),
            authors=[s["name"] for s in event.get("speakers", [])], categories=[event.get("kind", "other")]))
    return entries


def atom(feed: Feed, entries: list[Entry], *, site_url: str, site_name: str, updated: dt.datetime,
         lang: str = "id") -> bytes:
    path = feed.path("atom")
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": lang})
    a = lambda parent, tag, text_=None, **attrs: _sub(parent, f"{{{ATOM}}}{tag}", text_, attrs)  # noqa: E731
    base_id = site_url.rstrip("/") if site_url else f"tag:pustaka,2026:{site_name}"
    a(root, "id", common.absolute(site_url, path) if site_url else f"{base_id}:{feed.name}")
    a(root, "title", f"{feed.titles[lang]} — {site_name}")
    a(root, "updated", max([e.updated for e in entries], default=updated).isoformat())
    a(root, "link", rel="self", type="application/atom+xml", href=_link(site_url, path, path))
    a(root, "link", rel="alternate", type="text/html", href=_link(site_url, "index.html", path))
    author = a(root, "author")
    a(author, "name", site_name)
    a(root, "generator", "Pustaka")
    for entry in entries:
        node = a(root, "entry")
        a(node, "id", common.absolute(site_url, entry.link) if site_url else f"{base_id}:{feed.name}:{entry.id}")
        a(node, "title", entry.title)
        a(node, "updated", entry.updated.isoformat())
        a(node, "link", rel="alternate", type="text/html", href=_link(site_url, entry.link, path))
        if entry.image:
            a(node, "link", rel="enclosure", href=_link(site_url, entry.image, path))
        for name in entry.authors:
            person = a(node, "author")
            a(person, "name", name)
        for category in entry.categories:
            a(node, "category", term=category)
        if entry.summary:
            a(node, "summary", entry.summary)
    return _serialise(root)


def rss(feed: Feed, entries: list[Entry], *, site_url: str, site_name: str, updated: dt.datetime,
        lang: str = "id") -> bytes:
    path = feed.path("rss")
    ET.register_namespace("atom", ATOM)
    root = ET.Element("rss", {"version": "2.0"})
    channel = _sub(root, "channel")
    _sub(channel, "title", f"{feed.titles[lang]} — {site_name}")
    _sub(channel, "link", _link(site_url, "index.html", path))
    _sub(channel, "description", f"{feed.titles[lang]}: {site_name}")
    _sub(channel, "language", lang)
    _sub(channel, "lastBuildDate", email.utils.format_datetime(max([e.updated for e in entries], default=updated)))
    _sub(channel, "generator", "Pustaka")
    if site_url:
        _sub(channel, f"{{{ATOM}}}link", None, {"rel": "self", "type": "application/rss+xml",
                                                 "href": common.absolute(site_url, path)})
    for entry in entries:
        node = _sub(channel, "item")
        _sub(node, "title", entry.title)
        link = _link(site_url, entry.link, path)
        _sub(node, "link", link)
        _sub(node, "guid", link if site_url else f"{feed.name}:{entry.id}", {"isPermaLink": "true" if site_url else "false"})
        _sub(node, "pubDate", email.utils.format_datetime(entry.updated))
        if entry.summary:
            _sub(node, "description", entry.summary)
        for name in entry.authors:
            # RSS's <author> wants an e-mail address; Dublin Core's creator takes a name.
            _sub(node, "{http://purl.org/dc/elements/1.1/}creator", name)
        for category in entry.categories:
            _sub(node, "category", category)
    ET.register_namespace("dc", "http://purl.org/dc/elements/1.1/")
    return _serialise(root)


def _sub(parent: ET.Element, tag: str, text_: str | None = None, attrs: dict | None = None) -> ET.Element:
    node = ET.SubElement(parent, tag, attrs or {})
    if text_ is not None:
        node.text = text_
    return node


def _serialise(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def write_feeds(collection: Collection, site_dir: Path, *, site_url: str, site_name: str, timezone: str,
                now: dt.datetime) -> list[str]:
    zone = ZoneInfo(timezone)
    made = []
    for key, feed in FEEDS.items():
        entries = item_entries(collection, zone) if key == "new" else event_entries(collection, zone)
        for fmt, writer in (("atom", atom), ("rss", rss)):
            target = site_dir / feed.path(fmt)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(writer(feed, entries, site_url=site_url, site_name=site_name, updated=now))
            made.append(feed.path(fmt))
    return made
