"""Open data: the whole catalogue as ``data/catalogue.json`` and ``data/catalogue.csv``.

The JSON keeps every field of every item (as the records hold them, dates as ISO
text) plus what aggregators need: its page URL, its Dublin Core elements and its
OAI-PMH header. The live OAI-PMH interface serves from this file alone. The CSV has
one row per item with the fields of `CSV_FIELDS`; lists are joined with `` | ``.
``data/README.txt`` documents both, from the tables below.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

from .. import __version__
from ..records.collection import Collection
from ..records.schema import Date
from ..site.facets import build_facets, title_order
from ..site.text import slugify
from ..site.urls import CATALOGUE_JSON, DATA_FOLDER, browse_path, record_path
from ..spreadsheet import defuse
from . import citations, common
from .tags import dc_elements

CATALOGUE_CSV = f"{DATA_FOLDER}/catalogue.csv"
CATALOGUE_BIB = f"{DATA_FOLDER}/catalogue.bib"
CATALOGUE_RIS = f"{DATA_FOLDER}/catalogue.ris"
CATALOGUE_CSL = f"{DATA_FOLDER}/catalogue.csl.json"
README = f"{DATA_FOLDER}/README.txt"
LIST_SEPARATOR = " | "

#: The CSV columns, documented (the JSON adds the fields marked there).
CSV_FIELDS: dict[str, str] = {
    "id": "Record id; the item's page is katalog/<id>.html",
    "type": "book, thesis, article, periodical, manuscript, map, photo, audio, video, dataset or other",
    "title": "Title (judul)",
    "subtitle": "Subtitle (anak judul)",
    "creators": "Creators as 'Name (role)', joined with ' | '",
    "contributors": "Contributors as 'Name (role)', joined with ' | '",
    "date": "Publication date as written: 1985, 1985-03, 1985-03-12, or a range 1980/1989",
    "year": "First year of the publication date",
    "language": "ISO 639 language codes, joined with ' | '",
    "subjects": "Subjects, joined with ' | '",
    "publisher": "Publisher",
    "place": "Place of publication",
    "edition": "Edition",
    "collation": "Physical description (kolasi)",
    "series": "Series",
    "institution": "Degree-granting institution (theses)",
    "degree": "Degree (theses): Skripsi (S1), Tesis (S2), Disertasi (S3)",
    "journal": "Journal title (articles)",
    "volume": "Journal volume (articles)",
    "issue": "Journal issue (articles)",
    "pages": "Pages in the journal (articles)",
    "isbn": "ISBN",
    "issn": "ISSN",
    "doi": "DOI",
    "call_number": "Call number (nomor panggil)",
    "handle": "Handle",
    "slims_id": "Record id in SLiMS",
    "rights": "Rights statement",
    "access": "public, on-site or restricted",
    "collections": "Named collections, joined with ' | '",
    "accessibility": "Accessible formats (braille, large-print, audio, easy-read, captions, sign-language)",
    "files": "Digital files as paths relative to the site root (berkas/…), joined with ' | '",
    "copies": "Number of physical copies",
    "copies_available": "Number of copies available at build time",
    "added": "Date the item was added to the catalogue (YYYY-MM-DD)",
    "url": "The item's page (absolute when the site has a site_url)",
    "description": "Description (Markdown)",
}
JSON_EXTRA: dict[str, str] = {
    "creators / contributors": "lists of {name, role, affiliation}",
    "journal": "{title, volume, issue, pages}",
    "identifiers": "{isbn, issn, doi, call_number, handle, slims_id, oclc, local}",
    "files": "lists of {path, url, label, alt, mime, captions, transcript}",
    "copies": "lists of {branch, call_number, barcode, status, note}",
    "related": "ids of related items",
    "dc": "Dublin Core elements as [element, value] pairs (what OAI-PMH oai_dc serves)",
    "oai": "the OAI-PMH header: {identifier, datestamp, sets}",
}


def repository_info(collection: Collection, *, site_url: str, site_name: str, admin_email: str | None,
                    today: dt.date) -> dict[str, Any]:
    host = site_url.split("://", 1)[-1].split("/", 1)[0].split(":")[0] if site_url else ""
    emails = [admin_email] if admin_email else []
    if not emails:
        # The central library's address first: it answers for the whole catalogue.
        branches = sorted(collection.branches.values(), key=lambda b: (b.get("kind") != "main", b.get("order", 1000)))
        emails = [b["contacts"]["email"] for b in branches if b.get("contacts", {}).get("email")][:1]
    ident = host if "." in host else "pustaka.invalid"
    return {"name": site_name, "admin_emails": emails, "repository_identifier": ident,
            "identifier_prefix": f"oai:{ident}:", "sample_identifier": f"oai:{ident}:{min(collection.items, default='item')}",
            "earliest_datestamp": min([_datestamp(collection, item_id, today) for item_id in collection.items]
                                      + list(_deleted_items(collection).values()), default=today).isoformat(),
            # Removed records are announced for as long as the history reaches (git, or the ledger).
            "deleted_record": "persistent" if collection.history is not None else "no"}


def _datestamp(collection: Collection, item_id: str, today: dt.date) -> dt.date:
    """The day the item last changed (its history), else the day it was added."""
    item = collection.items[item_id]
    fallback = item.get("added") or today
    history = collection.history
    return history.changed_on(f"items/{item_id}", fallback) if history is not None else fallback


def _deleted_items(collection: Collection) -> dict[str, dt.date]:
    history = collection.history
    if history is None:
        return {}
    return {key.split("/", 1)[1]: day for key, day in history.deleted.items() if key.startswith("items/")}


def _plain(value: Any) -> Any:
    if isinstance(value, Date):
        return value.text
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if not k.startswith("_")}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def item_record(item: dict, *, site_url: str, repository: dict[str, Any], today: dt.date) -> dict[str, Any]:
    data = _plain(item)
    page = common.item_page(item["id"])
    data["url"] = common.absolute(site_url, page) or page
    for file in data.get("files", []):
        file["url"] = common.absolute(site_url, common.media_url(file["path"])) or common.media_url(file["path"])
    data["dc"] = [list(pair) for pair in dc_elements(item, page_url=common.absolute(site_url, page))]
    sets = [f"type:{item['type']}"] + [f"collection:{slugify(c)}" for c in item.get("collections", [])]
    # ``today``: the item's datestamp (its last change), chosen by the caller.
    data["oai"] = {"identifier": repository["identifier_prefix"] + item["id"], "datestamp": today.isoformat(),
                   "sets": sets}
    return data


def oai_sets(collection: Collection) -> list[tuple[str, str]]:
    from .tags import SCHEMA_TYPES

    specs = {f"type:{t}": f"Type: {SCHEMA_TYPES[t]}" for t in sorted({i["type"] for i in collection.items.values()})}
    for name in sorted({c for i in collection.items.values() for c in i.get("collections", [])}):
        specs[f"collection:{slugify(name)}"] = name
    return sorted(specs.items())


def catalogue(collection: Collection, *, site_url: str, site_name: str, admin_email: str | None = None,
              today: dt.date, now: dt.datetime) -> dict[str, Any]:
    repository = repository_info(collection, site_url=site_url, site_name=site_name, admin_email=admin_email,
                                 today=today)
    repository["sets"] = [{"spec": spec, "name": name} for spec, name in oai_sets(collection)]
    return {
        "generator": f"Pustaka {__version__}",
        "generated": now.astimezone(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "site_name": site_name,
        "site_url": site_url,
        "repository": repository,
        "branches": {bid: {"name": common.text(b["name"]), "url": common.absolute(site_url, record_path("branches", bid))
                           or record_path("branches", bid)} for bid, b in collection.branches.items()},
        "items": [item_record(collection.items[i], site_url=site_url, repository=repository,
                              today=_datestamp(collection, i, today)) for i in title_order(collection)],
        "deleted": [{"id": item_id, "oai": {"identifier": repository["identifier_prefix"] + item_id,
                                            "datestamp": day.isoformat(), "sets": [], "deleted": True}}
                    for item_id, day in sorted(_deleted_items(collection).items())],
    }


def _people(people: list[dict]) -> str:
    return LIST_SEPARATOR.join(f"{p['name']} ({p.get('role', 'author')})" for p in people)


def csv_row(item: dict, *, site_url: str) -> dict[str, str]:
    ids = item.get("identifiers", {})
    journal = item.get("journal", {})
    copies = item.get("copies", [])
    date = item.get("date")
    page = common.item_page(item["id"])
    row = {
        "id": item["id"], "type": item["type"], "title": item["title"], "subtitle": item.get("subtitle", ""),
        "creators": _people(item.get("creators", [])), "contributors": _people(item.get("contributors", [])),
        "date": date.text if date else "", "year": str(date.year) if date else "",
        "language": LIST_SEPARATOR.join(item.get("language", [])),
        "subjects": LIST_SEPARATOR.join(item.get("subjects", [])),
        "journal": journal.get("title", ""), "volume": journal.get("volume", ""), "issue": journal.get("issue", ""),
        "pages": journal.get("pages", ""),
        "access": item.get("access", "public"), "collections": LIST_SEPARATOR.join(item.get("collections", [])),
        "accessibility": LIST_SEPARATOR.join(item.get("accessibility", [])),
        "files": LIST_SEPARATOR.join(common.media_url(f["path"]) for f in item.get("files", [])),
        "copies": str(len(copies)), "copies_available": str(sum(c.get("status") == "available" for c in copies)),
        "added": item["added"].isoformat() if item.get("added") else "",
        "url": common.absolute(site_url, page) or page, "description": item.get("description", ""),
    }
    for key in ("publisher", "place", "edition", "collation", "series", "institution", "degree", "rights"):
        row[key] = item.get(key, "")
    for key in ("isbn", "issn", "doi", "call_number", "handle", "slims_id"):
        row[key] = ids.get(key, "")
    assert set(row) == set(CSV_FIELDS), set(row) ^ set(CSV_FIELDS)
    return {key: row[key] for key in CSV_FIELDS}


def catalogue_csv(collection: Collection, *, site_url: str) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(CSV_FIELDS), lineterminator="\r\n")
    writer.writeheader()
    for item_id in title_order(collection):
        row = csv_row(collection.items[item_id], site_url=site_url)
        writer.writerow({key: defuse(value) for key, value in row.items()})
    return out.getvalue()


def readme(site_name: str) -> str:
    lines = [f"Open data of {site_name}", "=" * (13 + len(site_name)), "",
             "Files (UTF-8):",
             "  catalogue.json      every item with all its fields, its Dublin Core elements and OAI-PMH header",
             "  catalogue.csv       one row per item; lists joined with ' | ' (columns below)",
             "  catalogue.bib       every item as BibTeX",
             "  catalogue.ris       every item as RIS (EndNote, Zotero, Mendeley)",
             "  catalogue.csl.json  every item as CSL-JSON (citation processors, Zotero)",
             "Each item's page (katalog/<id>.html) makes its own BibTeX, RIS and CSL-JSON in the browser.",
             "", "CSV columns:"]
    width = max(len(k) for k in CSV_FIELDS)
    lines += [f"  {key.ljust(width)}  {doc}" for key, doc in CSV_FIELDS.items()]
    lines += ["", "catalogue.json: {generator, generated, site_name, site_url, repository, branches, items};",
              "each item has the CSV's fields in their structured form, and:"]
    width = max(len(k) for k in JSON_EXTRA)
    lines += [f"  {key.ljust(width)}  {doc}" for key, doc in JSON_EXTRA.items()]
    return "\n".join(lines) + "\n"


def write_opendata(collection: Collection, site_dir: Path, *, site_url: str, site_name: str,
                   admin_email: str | None, today: dt.date, now: dt.datetime) -> dict[str, Any]:
    folder = site_dir / DATA_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    data = catalogue(collection, site_url=site_url, site_name=site_name, admin_email=admin_email, today=today, now=now)
    (site_dir / CATALOGUE_JSON).write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    (site_dir / CATALOGUE_CSV).write_text(catalogue_csv(collection, site_url=site_url), encoding="utf-8-sig",
                                          newline="")
    order = title_order(collection)
    items = [collection.items[i] for i in order]
    # Each item's BibTeX and RIS, made once: for the whole catalogue and its collections.
    made = {item["id"]: {"bibtex": citations.bibtex(item, site_url=site_url), "ris": citations.ris(item, site_url=site_url)}
            for item in items}
    (site_dir / CATALOGUE_BIB).write_text("\n".join(made[i]["bibtex"] for i in order), encoding="utf-8")
    (site_dir / CATALOGUE_RIS).write_text("\n".join(made[i]["ris"] for i in order), encoding="utf-8")
    (site_dir / CATALOGUE_CSL).write_text(citations.csl_json_all(items, site_url=site_url), encoding="utf-8")
    (site_dir / README).write_text(readme(site_name), encoding="utf-8")
    # A named collection can be taken into a reference manager whole, from its browse page.
    for slug, ids in collection_lists(collection, order).items():
        for kind in ("bibtex", "ris"):
            target = site_dir / collection_citation_file(slug, kind)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("\n".join(made[i][kind] for i in ids), encoding="utf-8")
    return data


def collection_lists(collection: Collection, order: list[str]) -> dict[str, list[str]]:
    """The items of each named collection (``collections:``), by the slug of its browse page."""
    return {slug: ids for slug, ids in build_facets(collection, order, ("collection",))["collection"].values.values()}


def collection_citation_file(slug: str, kind: str) -> str:
    """Where a collection's citations are, beside its browse page (one file for both languages)."""
    return browse_path("collection", slug) + common.CITATION_SUFFIXES[kind]


def opendata_files(collection: Collection) -> list[str]:
    """Every file `write_opendata` writes, relative to the site root."""
    files = [CATALOGUE_JSON, CATALOGUE_CSV, CATALOGUE_BIB, CATALOGUE_RIS, CATALOGUE_CSL, README]
    for slug in collection_lists(collection, title_order(collection)):
        files += [collection_citation_file(slug, kind) for kind in ("bibtex", "ris")]
    return files
