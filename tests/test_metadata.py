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


def test_item_pages_offer_formatted_citations_and_files(built_sample_site: Path, collection) -> None:
    for item_id, item in collection.items.items():
        doc = lxml.html.parse(str(built_sample_site / f"katalog/{item_id}.html")).getroot()
        section = doc.xpath('//section[@aria-labelledby="h-cite"]')[0]
        assert section.xpath("string(h2)") == "Sitasi"
        styles = [" ".join(p.text_content().split()) for p in section.xpath('.//p[@class="pustaka-cite__text"]')]
        assert len(styles) == 2
        words = item["title"].split()[:3]
        assert all(" ".join(words).lower() in s.lower() for s in styles), (item_id, styles)
        links = {a.text: a.get("href") for a in section.iter("a")}
        assert set(links) == {"BibTeX", "RIS", "CSL-JSON"}
        for href in links.values():
            assert (built_sample_site / "katalog" / href.removeprefix("../katalog/")).is_file(), href
    english = lxml.html.parse(str(built_sample_site / "en/katalog/siti-nurbaya.html")).getroot()
    assert english.xpath('string(//h2[@id="h-cite"])') == "Cite this item"
    apa = english.xpath('//p[@class="pustaka-cite__text"]')[0].text_content()
    assert apa.startswith("Rusli, M. (1922).") and "Balai Pustaka" in apa


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
    apa = doc.xpath('//p[@class="pustaka-cite__text"]')[0]
    assert '</script><script>alert("x")</script>' in apa.text_content()  # shown as text by the citation too
    assert not apa.xpath(".//script")
    # nothing that needs an absolute URL without site_url
    for key in ("og:url", "og:image", "citation_pdf_url", "citation_abstract_html_url", "twitter:image"):
        assert head.one(key) is None, key
    assert all(n["@type"] != "BreadcrumbList" and "url" not in n for n in head.graph)
    assert not (site / "oai/static-repository.xml").exists()
    assert "<loc>" not in (site / "sitemap.xml").read_text() if (site / "sitemap.xml").exists() else True


_FORMAT_ALL = """
import json, sys
from pathlib import Path
from citeproc import model
if sys.argv[1] == "plain":
    model._pustaka_remembers = True  # citeproc-py exactly as published
from generator.metadata.citations import _for_citeproc, _format, csl_json
from generator.records import load_collection
collection = load_collection(Path("collection"), project_dir=Path("."), cache_dir=None)
out = {f"{i}/{lang}": _format(item, _for_citeproc(csl_json(item, site_url="https://x.example")), lang)
       for i, item in sorted(collection.items.items()) for lang in ("id", "en")}
print(json.dumps(out, sort_keys=True))
"""


def test_remembered_style_lookups_change_no_citation() -> None:
    """The speed-up in citations._remember_style_structure gives citeproc-py's own output."""
    root = Path(__file__).resolve().parent.parent
    runs = {mode: json.loads(subprocess.run([sys.executable, "-c", _FORMAT_ALL, mode], cwd=root, check=True,
                                            capture_output=True, text=True).stdout)
            for mode in ("plain", "remembered")}
    assert len(runs["plain"]) >= 80
    assert runs["plain"] == runs["remembered"]


def test_citations_are_kept_on_disk_by_what_they_are_made_of(tmp_path: Path) -> None:
    from generator.metadata.citations import formatted

    item = {"id": "buku", "type": "book", "title": "Hikayat Kota Pelabuhan", "creators": [{"name": "Rahmat, Sitti"}],
            "date": None, "publisher": "Balai Pustaka"}
    first = formatted(item, lang="id", cache_dir=tmp_path)
    kept = list(tmp_path.iterdir())
    assert len(kept) == 1 and first == formatted(item, lang="id", cache_dir=tmp_path)
    # a file that claims another text is what comes back: the cache is really read
    kept[0].write_text(json.dumps([{"key": "apa", "label": "APA", "html": "dari cache"}]), encoding="utf-8")
    assert formatted(item, lang="id", cache_dir=tmp_path)[0]["html"] == "dari cache"
    # another language or a changed record is formatted afresh
    assert formatted(item, lang="en", cache_dir=tmp_path)[0]["html"] != "dari cache"
    changed = formatted({**item, "title": "Hikayat Kota Baru"}, lang="id", cache_dir=tmp_path)
    assert "Hikayat Kota Baru" in changed[0]["html"] and len(list(tmp_path.iterdir())) == 3
