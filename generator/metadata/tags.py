"""Metadata in the ``<head>`` of record pages, for aggregators and link previews.

- Highwire Press ``citation_*`` tags, as Google Scholar's inclusion guidelines ask;
- Dublin Core ``DC.*`` tags with their ``<link rel="schema.DC">``;
- Open Graph and Twitter card tags, so that a link shared on WhatsApp or Facebook
  shows the title and the cover;
- schema.org JSON-LD with the type of each record (Book, Thesis, Library, Event,
  Service…) and a BreadcrumbList.

Every value is escaped. Absolute URLs are made only from ``site_url``; without it the
tags that need one (og:url, og:image, citation_pdf_url, JSON-LD urls) are left out.
"""

from __future__ import annotations

import datetime as dt
import json
from html import escape
from typing import Any, Iterable
from zoneinfo import ZoneInfo

from ..records.collection import Collection
from ..site.page import GeneratedPage
from ..site.text import plain
from ..site.urls import record_path, relative
from . import common
from .common import absolute, text

SCHEMA_TYPES = {"book": "Book", "thesis": "Thesis", "article": "ScholarlyArticle", "periodical": "Periodical",
                "manuscript": "Manuscript", "map": "Map", "photo": "Photograph", "audio": "AudioObject",
                "video": "VideoObject", "dataset": "Dataset", "other": "CreativeWork"}
DC_TYPES = {"book": "Text", "thesis": "Text", "article": "Text", "periodical": "Text", "manuscript": "Text",
            "map": "Image", "photo": "StillImage", "audio": "Sound", "video": "MovingImage", "dataset": "Dataset",
            "other": "Text"}
OG_LOCALES = {"id": "id_ID", "en": "en_US"}
DAY_NAMES = {"mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday", "fri": "Friday",
             "sat": "Saturday", "sun": "Sunday"}
DC_SCHEMA = "http://purl.org/dc/elements/1.1/"


def meta(name: str, content: Any, *, attr: str = "name") -> str:
    """A ``<meta>`` tag; ``name`` is one of the names written in this module (never record
    text, so not escaped: a page carries ~17 of these), ``content`` is escaped."""
    return f'<meta {attr}="{name}" content="{escape(str(content))}">'


def json_ld(data: Any) -> str:
    """A JSON-LD script whose text can never close the script element."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # < > & can never close the script or open markup; "=" is escaped too so that record text
    # such as "<img src=x onerror=…>" cannot even look like an attribute to a scanner.
    payload = (payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
               .replace("=", "\\u003d"))
    return f'<script type="application/ld+json">{payload}</script>'


def page_head(page: GeneratedPage, collection: Collection, *, site_url: str, site_name: str,
              timezone: str = "Asia/Jakarta") -> str:
    """Every metadata tag for one generated page, as HTML for its ``<head>``."""
    site_url = site_url.rstrip("/")
    url = absolute(site_url, page.url)
    kind, _, record_id = (page.record or "").partition("/")
    out: list[str] = []
    graph: list[dict] = []
    image = None
    og_type = "website"
    if kind == "items" and record_id in collection.items:
        item = collection.items[record_id]
        record_tags = _record_tags(item)
        out += record_tags[0] + _highwire_page(item, page, site_url)
        out += record_tags[1]
        graph.append(item_schema(item, page, site_url, collection))
        shared = share_image(item, page.data.get("files"))
        image = absolute(site_url, shared) if shared else None
        og_type = "book" if item["type"] == "book" else "article"
    elif kind == "branches" and record_id in collection.branches:
        graph.append(branch_schema(collection.branches[record_id], page, site_url, site_name))
    elif kind == "events" and record_id in collection.events:
        event = collection.events[record_id]
        graph.append(event_schema(event, page, site_url, site_name, collection, ZoneInfo(timezone)))
    elif kind == "services" and record_id in collection.services:
        graph.append(service_schema(collection.services[record_id], page, site_url, site_name))
    out += open_graph(page, url=url, image=image, og_type=og_type, site_name=site_name)
    crumbs = breadcrumbs(page, site_url)
    if crumbs:
        graph.append(crumbs)
    if graph:
        out.append(json_ld({"@context": "https://schema.org", "@graph": graph}))
    return "\n".join(out)


@common.for_last_record  # made once for both language pages of an item
def _record_tags(item: dict) -> tuple[list[str], list[str]]:
    """(Highwire, Dublin Core) tags of the record alone."""
    return _highwire_record(item), dublin_core(item, None)


def share_image(item: dict, views: list[dict] | None) -> str | None:
    """The picture a shared link shows: a JPEG derivative of the first scan or PDF page when
    media processing made one (full-size originals can weigh megabytes), else the first image."""
    for view in views or []:
        for size in ("read", "thumb"):
            if isinstance(view.get(size), dict) and view[size].get("jpg"):
                return view[size]["jpg"]
    first = common.cover(item)
    return common.media_url(first["path"]) if first else None


# -- Highwire Press (Google Scholar) -------------------------------------------------
def highwire(item: dict, page: GeneratedPage, site_url: str) -> list[str]:
    return _highwire_record(item) + _highwire_page(item, page, site_url)


def _highwire_page(item: dict, page: GeneratedPage, site_url: str) -> list[str]:
    out = []
    if site_url:
        out.append(meta("citation_abstract_html_url", absolute(site_url, page.url)))
        for pdf in common.pdfs(item):
            out.append(meta("citation_pdf_url", absolute(site_url, common.media_url(pdf["path"]))))
    return out


def _highwire_record(item: dict) -> list[str]:
    """The Highwire tags that depend on the record alone (the same on both language pages)."""
    out = [meta("citation_title", common.full_title(item))]
    people = common.authors(item) or [p for p in common.contributors(item) if p.get("role") == "editor"]
    out += [meta("citation_author", p["name"]) for p in people]
    date = common.highwire_date(item)
    if date:
        out.append(meta("citation_publication_date", date))
    if item.get("added"):
        out.append(meta("citation_online_date", item["added"].strftime("%Y/%m/%d")))
    for code in item.get("language", []):
        out.append(meta("citation_language", code))
    if item.get("publisher"):
        out.append(meta("citation_publisher", item["publisher"]))
    ids = common.identifiers(item)
    if ids.get("isbn"):
        out.append(meta("citation_isbn", ids["isbn"]))
    if ids.get("issn"):
        out.append(meta("citation_issn", ids["issn"]))
    if ids.get("doi"):
        out.append(meta("citation_doi", ids["doi"]))
    if item["type"] == "thesis" and item.get("institution"):
        out.append(meta("citation_dissertation_institution", item["institution"]))
        if item.get("degree"):
            out.append(meta("citation_dissertation_name", item["degree"]))
    journal = item.get("journal")
    if journal:
        out.append(meta("citation_journal_title", journal["title"]))
        if journal.get("volume"):
            out.append(meta("citation_volume", journal["volume"]))
        if journal.get("issue"):
            out.append(meta("citation_issue", journal["issue"]))
        first, last = common.pages_range(journal.get("pages"))
        if first:
            out.append(meta("citation_firstpage", first))
        if last:
            out.append(meta("citation_lastpage", last))
    if item.get("subjects"):
        out.append(meta("citation_keywords", "; ".join(item["subjects"])))
    return out


# -- Dublin Core -----------------------------------------------------------------------
def dc_elements(item: dict, *, page_url: str | None = None) -> list[tuple[str, str]]:
    """The item as (Dublin Core element, value) pairs: shared by meta tags and oai_dc."""
    out = [("title", common.full_title(item))]
    out += [("creator", p["name"]) for p in common.authors(item)]
    out += [("contributor", p["name"]) for p in common.contributors(item)]
    out += [("subject", s) for s in item.get("subjects", [])]
    description = common.summary(item, 2000)
    if description:
        out.append(("description", description))
    if item.get("publisher"):
        out.append(("publisher", item["publisher"]))
    elif item["type"] == "thesis" and item.get("institution"):
        out.append(("publisher", item["institution"]))
    if common.iso_date(item):
        out.append(("date", common.iso_date(item)))
    out.append(("type", DC_TYPES[item["type"]]))
    formats = sorted({common.file_mime(f) for f in item.get("files", [])})
    out += [("format", f) for f in formats]
    if item.get("collation"):
        out.append(("format", item["collation"]))
    if page_url:
        out.append(("identifier", page_url))
    for key, value in common.identifiers(item).items():
        prefix = {"isbn": "ISBN:", "issn": "ISSN:", "doi": "https://doi.org/"}.get(key)
        if prefix:
            out.append(("identifier", f"{prefix}{value}"))
    if item.get("journal"):
        out.append(("source", item["journal"]["title"]))
    out += [("language", code) for code in item.get("language", [])]
    if item.get("series"):
        out.append(("relation", item["series"]))
    if item.get("place"):
        out.append(("coverage", item["place"]))
    if item.get("rights"):
        out.append(("rights", item["rights"]))
    return out


def dublin_core(item: dict, page: GeneratedPage | None = None) -> list[str]:
    out = [f'<link rel="schema.DC" href="{DC_SCHEMA}">']
    out += [meta(f"DC.{element}", value) for element, value in dc_elements(item)]
    return out


# -- Open Graph / Twitter ------------------------------------------------------------
def open_graph(page: GeneratedPage, *, url: str | None, image: str | None, og_type: str, site_name: str) -> list[str]:
    out = [meta("og:title", page.title, attr="property"), meta("og:type", og_type, attr="property"),
           meta("og:site_name", site_name, attr="property"),
           meta("og:locale", OG_LOCALES.get(page.lang, page.lang), attr="property")]
    if page.description:
        out.append(meta("og:description", page.description, attr="property"))
    if url:
        out.append(meta("og:url", url, attr="property"))
    if image:
        out.append(meta("og:image", image, attr="property"))
    out.append(meta("twitter:card", "summary_large_image" if image else "summary"))
    out.append(meta("twitter:title", page.title))
    if page.description:
        out.append(meta("twitter:description", page.description))
    if image:
        out.append(meta("twitter:image", image))
    return out


# -- schema.org ----------------------------------------------------------------------
def _people(people: Iterable[dict]) -> list[dict]:
    out = []
    for person in people:
        entry: dict[str, Any] = {"@type": "Person", "name": person["name"]}
        if person.get("affiliation"):
            entry["affiliation"] = {"@type": "Organization", "name": person["affiliation"]}
        out.append(entry)
    return out


def _url(data: dict, key: str, site_url: str, relative_url: str) -> None:
    value = absolute(site_url, relative_url)
    if value:
        data[key] = value


def item_schema(item: dict, page: GeneratedPage, site_url: str, collection: Collection | None = None) -> dict:
    kind = item["type"]
    data: dict[str, Any] = {"@type": SCHEMA_TYPES[kind], "name": item["title"]}
    _url(data, "@id", site_url, common.item_page(item["id"]) + "#item")
    _url(data, "url", site_url, page.url)
    if item.get("subtitle"):
        data["alternativeHeadline"] = item["subtitle"]
    if kind == "article":
        data["headline"] = common.full_title(item)[:110]
    if item.get("creators"):
        data["author" if kind not in ("photo", "map", "audio", "video", "dataset") else "creator"] = \
            _people(item["creators"])
    editors = [p for p in common.contributors(item) if p.get("role") == "editor"]
    if editors:
        data["editor"] = _people(editors)
    others = [p for p in common.contributors(item) if p.get("role") != "editor"]
    if others:
        data["contributor"] = _people(others)
    if common.iso_date(item):
        data["datePublished"] = common.iso_date(item)
    languages = item.get("language", [])
    if languages:
        data["inLanguage"] = languages[0] if len(languages) == 1 else languages
    if item.get("subjects"):
        data["keywords"] = list(item["subjects"])
        data["about"] = [{"@type": "Thing", "name": s} for s in item["subjects"]]
    if item.get("description"):
        data["description"] = common.summary(item, 5000)
    if item.get("publisher"):
        data["publisher"] = {"@type": "Organization", "name": item["publisher"]}
    if item.get("place"):
        data["locationCreated"] = {"@type": "Place", "name": item["place"]}
    if item.get("edition") and kind == "book":
        data["bookEdition"] = item["edition"]
    if item.get("collation"):
        data["materialExtent"] = item["collation"]
    ids = common.identifiers(item)
    if ids.get("isbn") and kind == "book":
        data["isbn"] = ids["isbn"]
    if ids.get("issn") and kind == "periodical":
        data["issn"] = ids["issn"]
    identifiers = [{"@type": "PropertyValue", "propertyID": key, "value": value} for key, value in ids.items()]
    if identifiers:
        data["identifier"] = identifiers
    if ids.get("doi"):
        data["sameAs"] = f"https://doi.org/{ids['doi']}"
    if item.get("series"):
        data["isPartOf"] = {"@type": "CreativeWorkSeries", "name": item["series"]}
    if kind == "thesis":
        if item.get("institution"):
            data["sourceOrganization"] = {"@type": "CollegeOrUniversity", "name": item["institution"]}
        if item.get("degree"):
            data["inSupportOf"] = item["degree"]
    journal = item.get("journal")
    if journal:
        container: dict[str, Any] = {"@type": "Periodical", "name": journal["title"]}
        if ids.get("issn"):
            container["issn"] = ids["issn"]
        if journal.get("volume"):
            container = {"@type": "PublicationVolume", "volumeNumber": journal["volume"], "isPartOf": container}
        if journal.get("issue"):
            container = {"@type": "PublicationIssue", "issueNumber": journal["issue"], "isPartOf": container}
        data["isPartOf"] = container
        if journal.get("pages"):
            data["pagination"] = journal["pages"]
            first, last = common.pages_range(journal["pages"])
            if first:
                data["pageStart"] = first
            if last:
                data["pageEnd"] = last
    if item.get("rights"):
        data["copyrightNotice"] = item["rights"]
    access = item.get("access", "public")
    data["isAccessibleForFree"] = True
    data["conditionsOfAccess"] = {"public": "Open access", "on-site": "Read on site in the library",
                                  "restricted": "Restricted"}[access]
    if item.get("added"):
        data["dateCreated" if kind in ("photo",) else "sdDatePublished"] = item["added"].isoformat()
    if item.get("accessibility"):
        data["accessibilityFeature"] = list(item["accessibility"])
    first = common.cover(item)
    if first:
        _url(data, "image", site_url, common.media_url(first["path"]))
    if site_url and item.get("files"):
        media = []
        for file in item["files"]:
            entry = {"@type": "DataDownload" if kind == "dataset" else "MediaObject",
                     "contentUrl": absolute(site_url, common.media_url(file["path"])),
                     "encodingFormat": common.file_mime(file)}
            label = text(file.get("label"), page.lang)
            if label:
                entry["name"] = label
            media.append(entry)
        if kind == "dataset":
            data["distribution"] = media
        elif kind in ("audio", "video", "photo"):
            data["contentUrl"] = media[0]["contentUrl"]
            data["encodingFormat"] = media[0]["encodingFormat"]
            if len(media) > 1:
                data["associatedMedia"] = media[1:]
        else:
            data["associatedMedia"] = media
    copies = item.get("copies", [])
    if collection is not None and copies:
        holders = []
        for branch_id in dict.fromkeys(c["branch"] for c in copies):
            branch = collection.branches.get(branch_id)
            if branch:
                holder: dict[str, Any] = {"@type": "Library", "name": text(branch["name"], page.lang)}
                _url(holder, "@id", site_url, record_path("branches", branch_id, ".html#library"))
                holders.append(holder)
        if holders:
            data["holdingArchive"] = holders if len(holders) > 1 else holders[0]
    return data


def _address(address: dict | None) -> dict | None:
    if not address:
        return None
    out = {"@type": "PostalAddress", "addressCountry": "ID"}
    street = ", ".join(address[k] for k in ("street", "village", "district") if address.get(k))
    if street:
        out["streetAddress"] = street
    for key, prop in (("city", "addressLocality"), ("province", "addressRegion"), ("postal_code", "postalCode")):
        if address.get(key):
            out[prop] = address[key]
    return out


def _hours(spans: Iterable[dict]) -> list[dict]:
    return [{"@type": "OpeningHoursSpecification", "dayOfWeek": [f"https://schema.org/{DAY_NAMES[d]}" for d in s["days"]],
             "opens": s["opens"], "closes": s["closes"]} for s in spans]


def _locate(data: dict, branch: dict) -> None:
    """A branch's postal address and coordinates, on the branch or on an event held there."""
    address = _address(branch.get("address"))
    if address:
        data["address"] = address
    if branch.get("coordinates"):
        data["geo"] = {"@type": "GeoCoordinates", "latitude": branch["coordinates"]["lat"],
                       "longitude": branch["coordinates"]["lon"]}


def branch_schema(branch: dict, page: GeneratedPage, site_url: str, site_name: str) -> dict:
    data: dict[str, Any] = {"@type": "Library", "name": text(branch["name"], page.lang)}
    _url(data, "@id", site_url, record_path("branches", branch["id"], ".html#library"))
    _url(data, "url", site_url, page.url)
    if branch.get("description"):
        data["description"] = plain(text(branch["description"], page.lang), 1000)
    _locate(data, branch)
    if branch.get("hours"):
        data["openingHoursSpecification"] = _hours(branch["hours"])
    contacts = branch.get("contacts", {})
    if contacts.get("phone"):
        data["telephone"] = contacts["phone"]
    if contacts.get("email"):
        data["email"] = contacts["email"]
    if contacts.get("website"):
        data["sameAs"] = contacts["website"]
    if branch.get("facilities"):
        data["amenityFeature"] = [{"@type": "LocationFeatureSpecification", "name": f, "value": True}
                                  for f in branch["facilities"]]
    if branch.get("stops"):
        # schema.org has no "stops": each stop is a place the library visits on its days.
        data["containsPlace"] = [{"@type": "Place", "name": stop["place"], "openingHoursSpecification": _hours([stop])}
                                 for stop in branch["stops"]]
    data["parentOrganization"] = {"@type": "Library", "name": site_name}
    return data


def event_schema(event: dict, page: GeneratedPage, site_url: str, site_name: str, collection: Collection,
                 zone: dt.tzinfo) -> dict:
    data: dict[str, Any] = {"@type": "Event", "name": text(event["title"], page.lang),
                            "startDate": event["start"].replace(tzinfo=zone).isoformat(),
                            "eventStatus": "https://schema.org/EventScheduled",
                            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
                            "organizer": {"@type": "Library", "name": site_name}}
    _url(data, "url", site_url, page.url)
    if event.get("end"):
        data["endDate"] = event["end"].replace(tzinfo=zone).isoformat()
    description = text(event.get("summary"), page.lang) or text(event.get("description"), page.lang)
    if description:
        data["description"] = plain(description, 1000)
    branch = collection.branches.get(event.get("branch") or "")
    place: dict[str, Any] = {"@type": "Place"}
    if branch:
        place["name"] = text(branch["name"], page.lang)
        _locate(place, branch)
    if event.get("location"):
        place["name"] = ", ".join(filter(None, [place.get("name"), text(event["location"], page.lang)]))
    if len(place) > 1:
        data["location"] = place
    if event.get("speakers"):
        data["performer"] = _people(event["speakers"])
    if event.get("capacity"):
        data["maximumAttendeeCapacity"] = event["capacity"]
    if event.get("audience"):
        data["audience"] = [{"@type": "Audience", "audienceType": text(a, page.lang)} for a in event["audience"]]
    fee = text(event.get("fee"), page.lang)
    if fee and fee.strip().lower() in ("gratis", "free", "tidak dipungut biaya"):
        data["isAccessibleForFree"] = True
    return data


def iso_duration(duration: dict | None) -> str | None:
    """A service level duration as ISO 8601 (working days are counted as days)."""
    if not duration:
        return None
    value, unit = duration["value"], duration["unit"]
    return f"PT{value}H" if unit.endswith("hours") else f"P{value}D"


def service_schema(service: dict, page: GeneratedPage, site_url: str, site_name: str) -> dict:
    data: dict[str, Any] = {"@type": "Service", "name": text(service["name"], page.lang),
                            "description": text(service["summary"], page.lang),
                            "serviceType": service.get("category", "other"),
                            "provider": {"@type": "Library", "name": site_name}}
    _url(data, "url", site_url, page.url)
    channel: dict[str, Any] = {"@type": "ServiceChannel", "name": text(service["name"], page.lang),
                               "processingTime": iso_duration(service["sla"]["completion"])}
    _url(channel, "serviceUrl", site_url, page.url)
    data["availableChannel"] = channel
    if service.get("audience"):
        data["audience"] = [{"@type": "Audience", "audienceType": text(a, page.lang)} for a in service["audience"]]
    fee = text(service.get("fee"), page.lang)
    if fee:
        data["offers"] = {"@type": "Offer", "description": fee}
        if fee.strip().lower() in ("gratis", "free"):
            data["offers"]["price"] = 0
            data["offers"]["priceCurrency"] = "IDR"
    return data


def breadcrumbs(page: GeneratedPage, site_url: str) -> dict | None:
    """A BreadcrumbList; it needs absolute URLs, so none without ``site_url``."""
    if not site_url or not page.breadcrumbs:
        return None
    trail = list(page.breadcrumbs) + [(page.title, page.url)]
    return {"@type": "BreadcrumbList", "itemListElement": [
        {"@type": "ListItem", "position": n, "name": name, "item": absolute(site_url, url)}
        for n, (name, url) in enumerate(trail, start=1)]}


def feed_links(page_url: str, *, lang: str = "id") -> str:
    """Autodiscovery links for the site's feeds (relative: valid in HTML, and host-independent)."""
    key = (page_url.count("/"), lang)  # the links are the same for every page of a language at one depth
    if key not in _feed_links:
        _feed_links[key] = _make_feed_links(page_url, lang)
    return _feed_links[key]


_feed_links: dict[tuple[int, str], str] = {}


def _make_feed_links(page_url: str, lang: str) -> str:
    from .feeds import FEEDS

    out = []
    for feed in FEEDS.values():
        for fmt, mime in (("atom", "application/atom+xml"), ("rss", "application/rss+xml")):
            href = relative(feed.path(fmt), page_url)
            out.append(f'<link rel="alternate" type="{mime}" title="{escape(feed.titles[lang])}" href="{escape(href)}">')
    return "\n".join(out)
