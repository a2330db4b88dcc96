"""Metadata in record pages, read back with a real HTML parser and checked against the records.

Every item page (both languages) of the sample library: Highwire ``citation_*`` tags,
Dublin Core, Open Graph/Twitter and schema.org JSON-LD; branch, event and service
pages: their schema.org types; and a site without ``site_url`` leaves out what needs
absolute URLs.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest

from generator.records import load_collection

from .projects import MKDOCS_YML, make_project

ROOT = Path(__file__).resolve().parent.parent
SITE_URL = "https://perpustakaan-tanjung-lestari.example"
SCHEMA_TYPES = {"book": "Book", "thesis": "Thesis", "article": "ScholarlyArticle", "periodical": "Periodical",
                "manuscript": "Manuscript", "map": "Map", "photo": "Photograph", "audio": "AudioObject",
                "video": "VideoObject", "dataset": "Dataset", "other": "CreativeWork"}
DAYS = {"mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday", "fri": "Friday",
        "sat": "Saturday", "sun": "Sunday"}


@pytest.fixture(scope="module")
def collection():
    return load_collection(ROOT / "collection")


class Head:
    """What a page's <head> says, parsed by lxml's HTML parser."""

    def __init__(self, path: Path) -> None:
        self.doc = lxml.html.parse(str(path)).getroot()
        self.meta: dict[str, list[str]] = {}
        for node in self.doc.iter("meta"):
            key = node.get("name") or node.get("property")
            if key:
                self.meta.setdefault(key, []).append(node.get("content"))
        scripts = self.doc.xpath('//script[@type="application/ld+json"]')
        self.graph = [node for script in scripts for node in json.loads(script.text)["@graph"]]
        self.links = [(n.get("rel"), n.get("type"), n.get("href")) for n in self.doc.iter("link")]

    def one(self, key: str) -> str | None:
        values = self.meta.get(key, [])
        assert len(values) <= 1, f"{key} appears {len(values)} times"
        return values[0] if values else None

    def node(self, type_: str) -> dict:
        found = [n for n in self.graph if n["@type"] == type_]
        assert len(found) == 1, f"expected one {type_} in the JSON-LD, got {[n['@type'] for n in self.graph]}"
        return found[0]


def _title(item: dict) -> str:
    return f"{item['title']}: {item['subtitle']}" if item.get("subtitle") else item["title"]


def _site_file(site: Path, url: str) -> Path:
    assert url.startswith(SITE_URL + "/"), url
    return site / url[len(SITE_URL) + 1:]


def test_every_item_page_carries_metadata_matching_its_record(built_sample_site: Path, collection) -> None:
    checked = 0
    for item_id, item in collection.items.items():
        for prefix in ("", "en/"):
            page = f"{prefix}katalog/{item_id}.html"
            head = Head(built_sample_site / page)
            people = [p["name"] for p in item.get("creators", [])]
            # Highwire Press, as Google Scholar reads it
            assert head.one("citation_title") == _title(item), page
            if people:
                assert head.meta["citation_author"] == people, page
            date = item.get("date")
            if date is not None:
                expected = str(date.year) if "/" in date.text else date.text.replace("-", "/")
                assert head.one("citation_publication_date") == expected, page
            assert head.meta["citation_language"] == item["language"], page
            ids = item.get("identifiers", {})
            assert head.one("citation_isbn") == ids.get("isbn"), page
            assert head.one("citation_issn") == ids.get("issn"), page
            if item["type"] == "thesis":
                assert head.one("citation_dissertation_institution") == item["institution"], page
            if item.get("journal"):
                assert head.one("citation_journal_title") == item["journal"]["title"], page
                assert head.one("citation_volume") == item["journal"].get("volume"), page
                assert head.one("citation_issue") == item["journal"].get("issue"), page
            pdfs = [f["path"] for f in item.get("files", []) if f["path"].endswith(".pdf")]
            assert head.meta.get("citation_pdf_url", []) == [f"{SITE_URL}/berkas/{p}" for p in pdfs], page
            for url in head.meta.get("citation_pdf_url", []):
                assert _site_file(built_sample_site, url).is_file(), url
            assert head.one("citation_abstract_html_url") == f"{SITE_URL}/{page}"
            # Dublin Core
            assert ("schema.DC", None, "http://purl.org/dc/elements/1.1/") in head.links, page
            assert head.one("DC.title") == _title(item)
            assert head.meta.get("DC.creator", []) == people
            assert head.meta["DC.language"] == item["language"]
            assert head.meta.get("DC.subject", []) == item.get("subjects", [])
            if date is not None:
                assert head.one("DC.date") == date.text
            # Open Graph / Twitter: a link shared on WhatsApp shows the title and a cover
            assert head.one("og:title") == item["title"]
            assert head.one("og:url") == f"{SITE_URL}/{page}"
            assert head.one("og:locale") == ("en_US" if prefix else "id_ID")
            assert head.one("twitter:title") == item["title"]
            image = head.one("og:image")
            has_picture = any(f["path"].rsplit(".", 1)[-1].lower() in ("jpg", "jpeg", "png", "webp", "gif", "pdf", "tif")
                              for f in item.get("files", []))
            if image:
                assert _site_file(built_sample_site, image).is_file(), image
                assert head.one("twitter:card") == "summary_large_image"
            else:
                assert not has_picture or item["files"][0]["path"].endswith((".pdf", ".tif", ".tiff")), page
                assert head.one("twitter:card") == "summary"
            # schema.org
            work = head.node(SCHEMA_TYPES[item["type"]])
            assert work["name"] == item["title"]
            assert work["url"] == f"{SITE_URL}/{page}"
            people_key = "author" if "author" in work else "creator"
            assert [p["name"] for p in work.get(people_key, [])] == people, page
            if date is not None:
                assert work["datePublished"] == date.text
            languages = item["language"]
            assert work["inLanguage"] == (languages[0] if len(languages) == 1 else languages)
            if item["type"] == "thesis":
                assert work["sourceOrganization"]["name"] == item["institution"]
            if item["type"] == "book" and ids.get("isbn"):
                assert work["isbn"] == ids["isbn"]
            crumbs = head.node("BreadcrumbList")["itemListElement"]
            assert [c["position"] for c in crumbs] == list(range(1, len(crumbs) + 1))
            assert crumbs[-1]["item"] == f"{SITE_URL}/{page}" and crumbs[-1]["name"] == item["title"]
            for crumb in crumbs:
                assert _site_file(built_sample_site, crumb["item"]).is_file(), crumb
            checked += 1
    assert checked == 2 * len(collection.items) > 80


def test_item_pages_carry_their_csl_json_bibtex_and_ris(built_sample_site: Path, collection) -> None:
    from generator.metadata.citations import bibtex, csl_json, ris

    for item_id, item in collection.items.items():
        for page, heading in ((f"katalog/{item_id}.html", "Sitasi"), (f"en/katalog/{item_id}.html", "Cite this item")):
            doc = lxml.html.parse(str(built_sample_site / page)).getroot()
            (section,) = doc.xpath('//section[@aria-labelledby="h-cite"]')
            assert section.xpath("string(h2)") == heading
            # the record for the browser's CSL processor, and the text readers without JavaScript see
            (data,) = section.xpath('script[@type="application/json"]')
            assert json.loads(data.text) == csl_json(item, site_url=SITE_URL), page
            assert section.xpath('string(.//pre[@class="pustaka-cite__bibtex"])') == bibtex(item, site_url=SITE_URL)
            assert section.xpath('string(.//pre[@class="pustaka-cite__ris"])') == ris(item, site_url=SITE_URL)
            assert section.get("data-locale") == ("id-ID" if heading == "Sitasi" else "en-US")
            formats = section.xpath(".//button/@data-format")
            assert formats == ["bibtex", "ris", "csl"]
            assert doc.xpath('//script[contains(@src, "assets/pustaka/cite/cite.js")]')
            # nothing of the CSL processor is on the page before the reader asks for it
            assert not doc.xpath('//script[contains(@src, "citeproc") or contains(@src, "/csl/")]')
        # an item is one file: no .bib, .ris or .csl.json beside its page
        assert [p.name for p in built_sample_site.glob(f"katalog/{item_id}.*")] == [f"{item_id}.html"]


def test_script_json_cannot_end_its_script_element() -> None:
    from generator.metadata.citations import script_json

    value = {"title": 'Akhir </script><script>alert("x")</script> & <!-- -->', "n": [1]}
    text = script_json(value)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == value


def test_branch_event_and_service_pages_have_their_schema_types(built_sample_site: Path, collection) -> None:
    for branch_id, branch in collection.branches.items():
        library = Head(built_sample_site / f"lokasi/{branch_id}.html").node("Library")
        assert library["name"] == branch["name"]["id"]
        hours = [(sorted(h["dayOfWeek"]), h["opens"], h["closes"]) for h in library.get("openingHoursSpecification", [])]
        assert hours == [(sorted(f"https://schema.org/{DAYS[d]}" for d in h["days"]), h["opens"], h["closes"])
                         for h in branch.get("hours", [])]
        if branch.get("coordinates"):
            assert library["geo"]["latitude"] == branch["coordinates"]["lat"]
    for event_id, event in collection.events.items():
        node = Head(built_sample_site / f"kegiatan/{event_id}.html").node("Event")
        assert node["name"] == event["title"]["id"]
        # Kota Tanjung Lestari keeps WITA time (mkdocs.yml: timezone: Asia/Makassar)
        assert node["startDate"] == event["start"].isoformat() + "+08:00"
        if event.get("branch"):
            assert node["location"]["name"].startswith(collection.branches[event["branch"]]["name"]["id"])
    for service_id, service in collection.services.items():
        node = Head(built_sample_site / f"layanan/{service_id}.html").node("Service")
        assert node["name"] == service["name"]["id"]
        completion = service["sla"]["completion"]
        unit = "H" if completion["unit"].endswith("hours") else "D"
        prefix = "PT" if unit == "H" else "P"
        assert node["availableChannel"]["processingTime"] == f"{prefix}{completion['value']}{unit}"


def test_pages_link_to_the_feeds(built_sample_site: Path) -> None:
    for page in ("katalog/siti-nurbaya.html", "index.html", "en/tentang.html", "kegiatan/index.html"):
        links = Head(built_sample_site / page).links
        feeds = [href for rel, type_, href in links if rel == "alternate" and type_ == "application/atom+xml"]
        assert len(feeds) == 2, (page, links)
        for href in feeds:
            assert (built_sample_site / page).parent.joinpath(href).resolve().is_file(), href


def _build(project: Path) -> Path:
    result = subprocess.run([sys.executable, "-m", "generator.cli", "build", "--site-dir", "out"], cwd=project,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return project / "out"


def test_hostile_text_stays_text_and_no_site_url_means_no_absolute_urls(tmp_path: Path) -> None:
    title = 'Akhir </script><script>alert("x")</script> & "kutip"'
    project = make_project(tmp_path, {
        "mkdocs.yml": MKDOCS_YML.replace("site_url: https://uji.example/perpustakaan/\n", ""),
        "collection/items/jahat.yml": f"""\
            type: thesis
            title: '{title}'
            creators: ['<b>Budi</b> Santoso']
            institution: 'Universitas "Uji" <Nusantara>'
            date: 2020
            """,
    })
    site = _build(project)
    head = Head(site / "katalog/jahat.html")
    assert head.one("citation_title") == title
    assert head.meta["citation_author"] == ["<b>Budi</b> Santoso"]
    assert head.one("citation_dissertation_institution") == 'Universitas "Uji" <Nusantara>'
    assert head.node("Thesis")["name"] == title
    html = (site / "katalog/jahat.html").read_text()
    assert "<script>alert" not in html
    doc = lxml.html.parse(str(site / "katalog/jahat.html")).getroot()
    # the citation's CSL-JSON and RIS hold the title as text
    (data,) = doc.xpath('//script[@class="pustaka-cite__csl"]')
    record = json.loads(data.text)
    assert record["title"] == title and record["author"] == [{"literal": "<b>Budi</b> Santoso"}]
    ris = doc.xpath('//pre[@class="pustaka-cite__ris"]')[0]
    assert f"TI  - {title}" in ris.text_content() and not ris.xpath(".//*")
    # nothing that needs an absolute URL without site_url
    for key in ("og:url", "og:image", "citation_pdf_url", "citation_abstract_html_url", "twitter:image"):
        assert head.one(key) is None, key
    assert all(n["@type"] != "BreadcrumbList" and "url" not in n for n in head.graph)
    assert not (site / "oai/static-repository.xml").exists()
    assert "<loc>" not in (site / "sitemap.xml").read_text() if (site / "sitemap.xml").exists() else True
