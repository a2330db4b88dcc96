"""The page model: which pages the collection becomes, at which URLs, with which data.

Plain data only (no MkDocs): a `GeneratedPage` names its template, its URL relative
to the site root (see `urls`), its section (for the navigation) and the data its
template needs.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Iterable

from ..records import Collection
from .facets import FACET_LABELS, FACETS, Facet, build_facets, facet_label, newest_order, title_order
from .i18n import LANGUAGES, Translator
from .media import file_views, media_text
from .page import GeneratedPage
from .requests import form_data, item_actions, registration_form, request_pages
from .search_page import TEXT as SEARCH_TEXT, search_page_data
from .urls import (CATALOGUE_DATA, SEARCH_PATH, SECTIONS, browse_path, browse_url, index_url, item_url, page_url,
                   record_path, record_url, section_url, split_language)



@dataclass
class SitePlan:
    """Everything the renderers need: the pages, and shared lookups."""

    pages: list[GeneratedPage]
    facets: dict[str, Facet]
    home: dict[str, dict[str, Any]]  # per language: data for the home-page widgets
    media: set[str]  # collection-relative paths of every file a record points at


def plan_site(collection: Collection, *, page_size: int = 50, languages: Iterable[str] = LANGUAGES,
              today: dt.date | None = None, media_info: dict[str, dict[str, Any]] | None = None) -> SitePlan:
    """``media_info``: what media processing made of each file (see `generator.media`)."""
    today = today or dt.date.today()
    order = title_order(collection)
    facets = build_facets(collection, order)
    creators = CreatorIndex.build(facets["creator"], creators_per_page=page_size * 2)
    pages: list[GeneratedPage] = []
    home: dict[str, dict[str, Any]] = {}
    for lang in languages:
        t = Translator(lang)
        pages.extend(_item_pages(collection, facets, lang, t, creators, media_info or {}))
        pages.extend(_browse_pages(collection, facets, order, lang, t, page_size, creators))
        pages.extend(_service_pages(collection, lang, t))
        pages.extend(_branch_pages(collection, lang, t))
        pages.extend(_event_pages(collection, lang, t, today))
        pages.extend(request_pages(collection, lang, t, crumbs=_crumbs(lang, t)))
        pages.append(_search_page(lang, t))
        home[lang] = _home_data(collection, lang, t, today)
    media = {file["path"] for item in collection.items.values() for file in item.get("files", [])}
    media |= {file[key] for item in collection.items.values() for file in item.get("files", [])
              for key in ("captions", "transcript") if key in file}
    _summaries.pop(id(collection), None)
    # Both language versions of a page side by side: they share work (see text.markdown_html).
    pages.sort(key=lambda page: split_language(page.url)[1])
    return SitePlan(pages, facets, home, media)


def _crumbs(lang: str, t: Translator, *extra: tuple[str, str]) -> list[tuple[str, str]]:
    return [(t("home"), index_url(lang))] + list(extra)


_summaries: dict[int, dict[str, dict[str, Any]]] = {}


def _summary(collection: Collection, item_id: str) -> dict[str, Any]:
    """What a list entry shows of an item (the same dict is shared by every list)."""
    cache = _summaries.setdefault(id(collection), {})
    if item_id not in cache:
        cache[item_id] = _make_summary(collection, item_id)
    return cache[item_id]


def _make_summary(collection: Collection, item_id: str) -> dict[str, Any]:
    item = collection.items[item_id]
    return {"id": item_id, "title": item["title"], "subtitle": item.get("subtitle"), "type": item["type"],
            "creators": [p["name"] for p in item.get("creators", [])], "date": item.get("date"),
            "access": item.get("access")}


def _item_pages(collection: Collection, facets: dict[str, Facet], lang: str, t: Translator,
                creators: "CreatorIndex", media_info: dict[str, dict[str, Any]]) -> list[GeneratedPage]:
    mt = media_text(lang)
    pages = []
    branch_names = {bid: t.text(b["name"]) for bid, b in collection.branches.items()}
    slugs = {facet: {value: slug for value, (slug, _) in f.values.items()} for facet, f in facets.items()}
    forms_cache: dict = {}  # each service's request form data, shared by the items' pages
    for item_id, item in collection.items.items():
        related = [_summary(collection, rid) for rid in item.get("related", []) if rid in collection.items]
        copies_by_branch: dict[str, list[dict]] = defaultdict(list)
        for copy in item.get("copies", []):
            copies_by_branch[copy["branch"]].append(copy)
        data = {
            "item": item,
            "related": related,
            "copies": [(bid, branch_names.get(bid, bid), copies) for bid, copies in copies_by_branch.items()],
            "subject_links": [(s, browse_url(lang, "subject", slugs["subject"][s]))
                              for s in item.get("subjects", [])],
            "creator_links": [(p, creator_anchor(creators, lang, p["name"])) for p in item.get("creators", [])],
            "collection_links": [(c, browse_url(lang, "collection", slugs["collection"][c]))
                                 for c in item.get("collections", [])],
            "type_url": browse_url(lang, "type", slugs["type"][item["type"]]),
            "actions": item_actions(collection, item, lang, t, forms_cache),
            "files": file_views(item, media_info, t),
            "mt": mt,
        }
        pages.append(GeneratedPage(
            url=item_url(lang, item_id), template="item.html", title=item["title"], section="catalogue", lang=lang,
            data=data, description=_item_description(item, t), record=f"items/{item_id}",
            breadcrumbs=_crumbs(lang, t, (t("catalogue"), section_url(lang, "catalogue")),
                                (t.label("type", item["type"]), data["type_url"])),
        ))
    return pages


def _item_description(item: dict, t: Translator) -> str:
    from .text import plain

    parts = [t.label("type", item["type"])]
    if item.get("creators"):
        parts.append(", ".join(p["name"] for p in item["creators"][:3]))
    if item.get("date"):
        parts.append(str(item["date"]))
    head = " · ".join(parts)
    body = plain(item.get("description"), 150) if item.get("description") else ""
    return f"{head}. {body}" if body else head


def _paged(ids: list[str], page_size: int) -> list[list[str]]:
    count = max(1, math.ceil(len(ids) / page_size))
    return [ids[i * page_size:(i + 1) * page_size] for i in range(count)]


def _listing(collection: Collection, ids: list[str], lang: str, t: Translator, page_size: int, *, title: str,
             parts: tuple[str, ...], crumbs: list[tuple[str, str]], intro: str = "",
             exports: str | None = None) -> list[GeneratedPage]:
    """A paged list of items: page 1 at ``parts``, page n at ``parts/n``. ``exports``: the
    site path, without suffix, of the list's BibTeX and RIS files (written by the metadata)."""
    chunks = _paged(ids, page_size)
    urls = [page_url(lang, *parts, number=n) for n in range(1, len(chunks) + 1)]
    pages = []
    for number, chunk in enumerate(chunks, start=1):
        page_title = title if number == 1 else f"{title} ({t('page_of', page=number, pages=len(chunks))})"
        pages.append(GeneratedPage(
            url=urls[number - 1], template="listing.html", title=page_title, section="catalogue", lang=lang,
            data={"heading": title, "intro": intro, "entries": [_summary(collection, i) for i in chunk],
                  "total": len(ids), "page": number, "pages": len(chunks), "page_urls": urls,
                  "first": (number - 1) * page_size + 1, "exports": exports},
            description=f"{title}: {t('items_count', n=len(ids))}",
            breadcrumbs=crumbs,
        ))
    return pages


def _browse_pages(collection: Collection, facets: dict[str, Facet], order: list[str], lang: str, t: Translator,
                  page_size: int, creators: "CreatorIndex") -> list[GeneratedPage]:
    pages: list[GeneratedPage] = []
    browse_index = section_url(lang, "browse")
    hub_crumbs = _crumbs(lang, t, (t("catalogue"), section_url(lang, "catalogue")))
    summary = []
    for facet in FACETS:
        values = facets[facet].values
        facet_url = index_url(lang, browse_path(facet))
        if facet == "creator":
            summary.append({"facet": facet, "label": t(FACET_LABELS[facet]), "url": facet_url,
                            "count": len(values), "top": [
                                {"label": letter, "url": browse_url(lang, facet, letter.lower()),
                                 "count": count} for letter, count in creators.letter_counts()]})
            pages.extend(_creator_pages(collection, creators, lang, t, hub_crumbs + [(t("browse"), browse_index)]))
            continue
        entries = [{"label": facet_label(facet, v, t), "url": browse_url(lang, facet, slug),
                    "count": len(ids), "value": v} for v, (slug, ids) in values.items()]
        if facet == "decade":
            entries.sort(key=lambda e: int(e["value"]))
        elif facet in ("type", "language"):
            entries.sort(key=lambda e: (-e["count"], e["label"]))
        else:
            entries.sort(key=lambda e: e["label"].casefold())
        summary.append({"facet": facet, "label": t(FACET_LABELS[facet]), "url": facet_url, "count": len(entries),
                        "top": sorted(entries, key=lambda e: -e["count"])[:8]})
        pages.append(GeneratedPage(
            url=facet_url, template="facet.html", title=f"{t('browse_by')} {t(FACET_LABELS[facet]).lower()}",
            section="catalogue", lang=lang, data={"facet": facet, "entries": entries},
            breadcrumbs=hub_crumbs + [(t("browse"), browse_index)],
        ))
        for value, (slug, ids) in values.items():
            label = facet_label(facet, value, t)
            pages.extend(_listing(collection, ids, lang, t, page_size, title=f"{t(FACET_LABELS[facet])}: {label}",
                                  parts=(browse_path(facet, slug),),
                                  exports=browse_path(facet, slug) if facet == "collection" else None,
                                  crumbs=hub_crumbs + [(t("browse"), browse_index),
                                                       (t(FACET_LABELS[facet]), facet_url)]))
    pages.extend(_listing(collection, order, lang, t, page_size, title=t("all_items"), parts=(SECTIONS["browse"], "semua"),
                          exports=CATALOGUE_DATA,
                          crumbs=hub_crumbs + [(t("browse"), browse_index)]))
    newest = newest_order(collection)[:12]
    for url, template, title, crumbs in (
        (section_url(lang, "catalogue"), "catalogue.html", t("catalogue"), _crumbs(lang, t)),
        (browse_index, "catalogue.html", t("browse"), hub_crumbs),
    ):
        pages.append(GeneratedPage(
            url=url, template=template, title=title, section="catalogue", lang=lang,
            data={"facets": summary, "all_url": page_url(lang, SECTIONS["browse"], "semua"), "total": len(collection.items),
                  "newest": [_summary(collection, i) for i in newest]},
            breadcrumbs=crumbs,
        ))
    return pages


@dataclass
class CreatorIndex:
    """Creators grouped by initial letter and paged: one page per person would double a
    catalogue's page count (most creators have a single work)."""

    # letter → pages → [(name, anchor slug, item ids)]
    letters: dict[str, list[list[tuple[str, str, list[str]]]]]
    where: dict[str, tuple[str, int, str]]  # name → (letter, page number, anchor)

    @classmethod
    def build(cls, facet: Facet, *, creators_per_page: int) -> "CreatorIndex":
        grouped: dict[str, list[tuple[str, str, list[str]]]] = defaultdict(list)
        for name in sorted(facet.values, key=lambda n: n.casefold()):
            slug, ids = facet.values[name]
            initial = slug[0].upper() if slug[0].isalpha() else "0-9"
            grouped[initial].append((name, slug, ids))
        letters, where = {}, {}
        for letter, people in sorted(grouped.items()):
            chunks = [people[i:i + creators_per_page] for i in range(0, len(people), creators_per_page)]
            letters[letter] = chunks
            for number, chunk in enumerate(chunks, start=1):
                for name, slug, _ in chunk:
                    where[name] = (letter, number, slug)
        return cls(letters, where)

    def letter_counts(self) -> list[tuple[str, int]]:
        return [(letter, sum(len(chunk) for chunk in chunks)) for letter, chunks in self.letters.items()]


def _letter_url(lang: str, letter: str, number: int = 1) -> str:
    """Page ``number`` of the creators whose names start with ``letter``."""
    return browse_url(lang, "creator", letter.lower(), number=number)


def _letter_urls(lang: str, letter: str, count: int) -> list[str]:
    return [_letter_url(lang, letter, n) for n in range(1, count + 1)]


def creator_anchor(creators: CreatorIndex, lang: str, name: str) -> str:
    letter, number, slug = creators.where[name]
    return f"{_letter_url(lang, letter, number)}#{slug}"


def _creator_pages(collection: Collection, creators: CreatorIndex, lang: str, t: Translator,
                   crumbs: list[tuple[str, str]]) -> list[GeneratedPage]:
    pages = []
    facet_url = index_url(lang, browse_path("creator"))
    letters = [(letter, _letter_url(lang, letter)) for letter in creators.letters]
    pages.append(GeneratedPage(url=facet_url, template="creators.html", title=f"{t('browse_by')} {t('by_creator').lower()}",
                               section="catalogue", lang=lang, breadcrumbs=crumbs,
                               data={"letters": letters, "counts": dict(creators.letter_counts()), "people": None}))
    for letter, chunks in creators.letters.items():
        urls = _letter_urls(lang, letter, len(chunks))
        for number, chunk in enumerate(chunks, start=1):
            title = f"{t('by_creator')}: {letter}"
            pages.append(GeneratedPage(
                url=urls[number - 1], template="creators.html", section="catalogue", lang=lang,
                title=title if number == 1 else f"{title} ({t('page_of', page=number, pages=len(chunks))})",
                breadcrumbs=crumbs + [(t("by_creator"), facet_url)],
                data={"letters": letters, "letter": letter, "page": number, "pages": len(chunks), "page_urls": urls,
                      "people": [(name, slug, [_summary(collection, i) for i in ids]) for name, slug, ids in chunk]},
            ))
    return pages


def _service_order(collection: Collection) -> list[str]:
    return sorted(collection.services, key=lambda s: (collection.services[s].get("order", 1000),
                                                      collection.services[s]["name"].get("id", s)))


def _service_pages(collection: Collection, lang: str, t: Translator) -> list[GeneratedPage]:
    pages = []
    list_url = section_url(lang, "services")
    groups: dict[str, list[dict]] = defaultdict(list)
    for service_id in _service_order(collection):
        service = collection.services[service_id]
        groups[service.get("category", "other")].append(
            {"id": service_id, "name": t.text(service["name"]), "summary": t.text(service["summary"]),
             "completion": t.duration(service["sla"]["completion"]),
             "url": record_url(lang, "services", service_id)})
        offered = service.get("branches", "all")
        branch_ids = list(collection.branches) if offered == "all" else offered
        pages.append(GeneratedPage(
            url=record_url(lang, "services", service_id), template="service.html", title=t.text(service["name"]),
            section="services", lang=lang, record=f"services/{service_id}",
            data={"service": service, "all_branches": offered == "all",
                  "form": form_data(collection, service_id, lang),
                  "branches": [(b, t.text(collection.branches[b]["name"]), record_url(lang, "branches", b))
                               for b in branch_ids if b in collection.branches]},
            description=t.text(service["summary"]),
            breadcrumbs=_crumbs(lang, t, (t("services"), list_url)),
        ))
    categories = [(t.label("service_category", c), entries) for c, entries in groups.items()]
    pages.append(GeneratedPage(url=list_url, template="services.html", title=t("services"), section="services",
                               lang=lang, data={"categories": categories}, breadcrumbs=_crumbs(lang, t)))
    return pages


def _branch_pages(collection: Collection, lang: str, t: Translator) -> list[GeneratedPage]:
    pages = []
    list_url = section_url(lang, "branches")
    ordered = sorted(collection.branches, key=lambda b: (collection.branches[b].get("order", 1000),
                                                         ("main", "branch", "reading-corner", "mobile").index(
                                                             collection.branches[b].get("kind", "branch")), b))
    entries = []
    for branch_id in ordered:
        branch = collection.branches[branch_id]
        url = record_url(lang, "branches", branch_id)
        services = [(s, t.text(collection.services[s]["name"]), record_url(lang, "services", s))
                    for s in _services_at(collection, branch_id)]
        entries.append({"id": branch_id, "branch": branch, "url": url})
        pages.append(GeneratedPage(
            url=url, template="branch.html", title=t.text(branch["name"]), section="branches", lang=lang,
            record=f"branches/{branch_id}", data={"branch": branch, "services": services},
            description=t.label("branch_kind", branch.get("kind", "branch")),
            breadcrumbs=_crumbs(lang, t, (t("branches"), list_url)),
        ))
    pages.append(GeneratedPage(url=list_url, template="branches.html", title=t("branches"), section="branches",
                               lang=lang, data={"entries": entries}, breadcrumbs=_crumbs(lang, t)))
    return pages


def _services_at(collection: Collection, branch_id: str) -> list[str]:
    branch = collection.branches[branch_id]
    listed = set(branch.get("services", []))
    for service_id, service in collection.services.items():
        offered = service.get("branches", "all")
        if offered == "all" or branch_id in offered:
            listed.add(service_id)
    return [s for s in _service_order(collection) if s in listed]


def _event_pages(collection: Collection, lang: str, t: Translator, today: dt.date) -> list[GeneratedPage]:
    pages = []
    list_url = section_url(lang, "events")
    upcoming, past = [], []
    for event_id, event in sorted(collection.events.items(), key=lambda kv: kv[1]["start"]):
        end = event.get("end") or event["start"]
        is_past = end.date() < today
        branch = collection.branches.get(event.get("branch", ""))
        entry = {"id": event_id, "event": event, "url": record_url(lang, "events", event_id),
                 "branch_name": t.text(branch["name"]) if branch else ""}
        (past if is_past else upcoming).append(entry)
        registration = event.get("registration")
        deadline = registration.get("deadline") if registration else None
        open_now = bool(registration and registration.get("open") and not is_past
                        and (deadline is None or deadline >= today))
        pages.append(GeneratedPage(
            url=entry["url"], template="event.html", title=t.text(event["title"]), section="events", lang=lang,
            record=f"events/{event_id}",
            data={"event": event, "is_past": is_past, "registration_open": open_now,
                  # written by metadata.calendar beside the page, one file for both languages
                  "calendar": record_path("events", event_id, ".ics"),
                  "registration_form": registration_form(collection, lang) if open_now else None,
                  "branch": (event.get("branch"), entry["branch_name"], record_url(lang, "branches", event["branch"]))
                  if branch else None,
                  "related": [_summary(collection, r) for r in event.get("related", [])]},
            description=t.text(event.get("summary")) or t.label("event_kind", event.get("kind", "other")),
            breadcrumbs=_crumbs(lang, t, (t("events"), list_url)),
        ))
    past.reverse()
    pages.append(GeneratedPage(url=list_url, template="events.html", title=t("events"), section="events", lang=lang,
                               data={"upcoming": upcoming, "past": past}, breadcrumbs=_crumbs(lang, t)))
    return pages


def _home_data(collection: Collection, lang: str, t: Translator, today: dt.date) -> dict[str, Any]:
    featured = [i for i in title_order(collection) if collection.items[i].get("featured")][:6]
    upcoming = sorted((e for e in collection.events.items() if (e[1].get("end") or e[1]["start"]).date() >= today),
                      key=lambda kv: kv[1]["start"])[:3]
    return {
        "newest": [_summary(collection, i) for i in newest_order(collection)[:6]],
        "featured": [_summary(collection, i) for i in featured],
        "services": [{"name": t.text(collection.services[s]["name"]), "summary": t.text(collection.services[s]["summary"]),
                      "url": record_url(lang, "services", s)} for s in _service_order(collection)[:6]],
        "events": [{"title": t.text(e["title"]), "start": e["start"], "url": record_url(lang, "events", eid)}
                   for eid, e in upcoming],
        "counts": {"items": len(collection.items), "services": len(collection.services),
                   "branches": len(collection.branches)},
        "links": {"catalogue": section_url(lang, "catalogue"), "services": section_url(lang, "services"),
                  "events": section_url(lang, "events"), "branches": section_url(lang, "branches")},
    }


def _search_page(lang: str, t: Translator) -> GeneratedPage:
    """The catalogue search (``katalog/cari.html``); its data lives in `generator.site.search_page`."""
    url = page_url(lang, *SEARCH_PATH)
    return GeneratedPage(url=url, template="search.html", title=SEARCH_TEXT[lang]["title"], section="catalogue", lang=lang,
                         data=search_page_data(lang, url), description=SEARCH_TEXT[lang]["hint"],
                         breadcrumbs=_crumbs(lang, t, (t("catalogue"), section_url(lang, "catalogue"))))
