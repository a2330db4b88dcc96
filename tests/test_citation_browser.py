"""Item citations in Chromium: citeproc-js formats APA and Chicago on demand, in the page's
language, from file:// and over HTTP; the downloads are the record's BibTeX, RIS and CSL-JSON.
And the vendored citeproc-js and CSL files are what their packages ship."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import subprocess
import sys
from importlib.metadata import distribution, version
from pathlib import Path
from urllib.parse import urlsplit

import bibtexparser
import pytest
import rispy
from lxml import etree

from generator.metadata.citations import CSL_LOCALES, STYLES, bibtex, csl_json, ris
from generator.records import load_collection

from .conftest import ROOT, assert_no_axe_violations
from .projects import make_project

SITE_URL = "https://perpustakaan-tanjung-lestari.example"
ITEM = "serat-wedhatama"  # an editor and a translator: the locale's terms show
URL = f"{SITE_URL}/katalog/{ITEM}.html"
TITLE = "Serat Wedhatama: Teks Jawa, Alih Aksara, dan Terjemahan"
EXPECTED = {
    "id": {"apa": f"Mangkunegara IV. (2012). {TITLE} (S. H. Wiryodiningrat, Ed.; B. Sulistyo, Penerj.). "
                  f"Sasana Pustaka. {URL}",
           "chicago": f"Mangkunegara IV. 2012. {TITLE}. Disunting oleh Sri Handayani Wiryodiningrat. "
                      f"Diterjemahkan oleh Bambang Sulistyo. Sasana Pustaka. xvi, 188 hlm. ; 21 cm. {URL}."},
    "en": {"apa": f"Mangkunegara IV. (2012). {TITLE} (S. H. Wiryodiningrat, Ed.; B. Sulistyo, Trans.). "
                  f"Sasana Pustaka. {URL}",
           "chicago": f"Mangkunegara IV. 2012. {TITLE}. Edited by Sri Handayani Wiryodiningrat. "
                      f"Translated by Bambang Sulistyo. Sasana Pustaka. xvi, 188 hlm. ; 21 cm. {URL}."},
}
#: What the citation section loads when opened, beside the page's own files.
CITE_FILES = ("cite/vendor/citeproc/", "cite/csl/")
CITE = ROOT / "theme/assets/pustaka/cite"


@pytest.fixture(scope="module")
def item() -> dict:
    return load_collection(ROOT / "collection").items[ITEM]


def _cite_requests(urls: list[str]) -> list[str]:
    return [url for url in urls if any(part in url for part in CITE_FILES)]


def _open(page) -> None:
    page.click("button.pustaka-cite__show")
    page.wait_for_selector(".pustaka-cite[data-state=ready]", timeout=20000)


def _download(page, fmt: str) -> tuple[str, str]:
    with page.expect_download() as download:
        page.click(f".pustaka-cite__files button[data-format={fmt}]")
    return download.value.suggested_filename, Path(download.value.path()).read_text(encoding="utf-8")


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("over", ["file", "http"])
def test_opening_the_citation_section_formats_apa_and_chicago(lang: str, over: str, built_sample_site: Path,
                                                              http_server, page, item) -> None:
    path = f"katalog/{ITEM}.html" if lang == "id" else f"en/katalog/{ITEM}.html"
    # under a sub-path over HTTP, as GitHub Pages serves it: the scripts are found relative to the page
    url = (built_sample_site / path).as_uri() if over == "file" else http_server(built_sample_site, "/library/") + path
    page.goto(url)
    page.wait_for_load_state("networkidle")
    # nothing of the CSL processor loads with the page
    assert _cite_requests(page.pustaka_requests) == []
    assert page.evaluate("typeof CSL") == "undefined"
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    button = page.locator(".pustaka-cite__show")
    assert button.get_attribute("aria-expanded") == "false"
    _open(page)
    assert button.get_attribute("aria-expanded") == "true"
    texts = {key: " ".join(page.locator(f"#pustaka-cite-{key}").inner_text().split()) for key in ("apa", "chicago")}
    assert texts == EXPECTED[lang]
    assert page.locator("#pustaka-cite-apa i").inner_text() == TITLE  # the title in italics, as APA sets it
    locales = ["locales-id-ID.js", "locales-en-US.js"] if lang == "id" else ["locales-en-US.js"]
    loaded = sorted(url.rsplit("/", 1)[1] for url in _cite_requests(page.pustaka_requests))
    assert loaded == sorted(["citeproc_commonjs.js", "apa.js", "chicago-author-date.js", *locales])
    assert page.evaluate("typeof module") == "undefined"  # the CommonJS shim is gone again
    assert errors == []
    assert_no_axe_violations(page)

    # copying says so in the status region; over HTTP the test may read the clipboard back
    if over == "http":
        parts = urlsplit(url)
        page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=f"{parts.scheme}://{parts.netloc}")
    copy = "Salin sitasi APA (edisi ke-7)" if lang == "id" else "Copy the APA (7th ed.) citation"
    page.get_by_role("button", name=copy).click()
    page.wait_for_function("document.querySelector('.pustaka-cite__status').textContent.includes('APA')")
    assert page.locator(".pustaka-cite__status").inner_text() == (
        "Sitasi APA (edisi ke-7) sudah disalin." if lang == "id" else "The APA (7th ed.) citation has been copied.")
    if over == "http":
        assert " ".join(page.evaluate("navigator.clipboard.readText()").split()) == EXPECTED[lang]["apa"]

    # the downloads are the record's own BibTeX, RIS and CSL-JSON, made in the browser
    name, text = _download(page, "bibtex")
    assert name == f"{ITEM}.bib" and text == bibtex(item, site_url=SITE_URL)
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks and library.entries[0]["title"] == "{" + TITLE + "}"
    name, text = _download(page, "ris")
    assert name == f"{ITEM}.ris" and text == ris(item, site_url=SITE_URL)
    (entry,) = rispy.loads(text)
    assert entry["title"] == TITLE and entry["year"] == "2012"
    name, text = _download(page, "csl")
    assert name == f"{ITEM}.csl.json" and json.loads(text) == [csl_json(item, site_url=SITE_URL)]
    assert text == json.dumps([csl_json(item, site_url=SITE_URL)], ensure_ascii=False, indent=1) + "\n"


@pytest.mark.browser
def test_the_citation_section_closes_and_opens_again(built_sample_site: Path, page) -> None:
    page.goto((built_sample_site / f"katalog/{ITEM}.html").as_uri())
    _open(page)
    button = page.locator(".pustaka-cite__show")
    button.click()
    assert page.locator("#pustaka-cite-formatted").is_hidden() and button.get_attribute("aria-expanded") == "false"
    button.click()
    assert page.locator("#pustaka-cite-apa").inner_text().startswith("Mangkunegara IV. (2012).")
    assert sum("citeproc_commonjs.js" in url for url in page.pustaka_requests) == 1  # loaded once


@pytest.mark.browser
def test_without_javascript_the_bibtex_and_ris_are_on_the_page(built_sample_site: Path, browser, item) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto((built_sample_site / f"katalog/{ITEM}.html").as_uri())
        assert tab.locator(".pustaka-cite__show").is_hidden()  # nothing offered that cannot work
        for summary, kind, make in (("BibTeX", "bibtex", bibtex), ("RIS", "ris", ris)):
            tab.locator(".pustaka-cite__source summary", has_text=summary).click()
            shown = tab.locator(f".pustaka-cite__{kind}")
            assert shown.is_visible()
            assert shown.evaluate("pre => pre.textContent") == make(item, site_url=SITE_URL)
        assert not bibtexparser.parse_string(tab.locator(".pustaka-cite__bibtex").inner_text()).failed_blocks
    finally:
        context.close()


@pytest.mark.browser
def test_item_page_loads_little_until_the_reader_asks(built_sample_site: Path, http_server, page) -> None:
    """What opening the section adds: citeproc-js, two styles and the locales, gzip as a server sends them."""
    base = http_server(built_sample_site)
    page.goto(base + f"katalog/{ITEM}.html")
    page.wait_for_load_state("networkidle")
    assert any(url.endswith("/cite/cite.js") for url in page.pustaka_requests)
    before = set(page.pustaka_requests)
    _open(page)
    added = [urlsplit(url).path.lstrip("/") for url in set(page.pustaka_requests) - before if url.startswith(base)]
    size = sum(len(gzip.compress((built_sample_site / path).read_bytes(), 9)) for path in added)
    assert len(added) == 5 and size < 260_000, (added, size)


@pytest.mark.browser
def test_hostile_record_text_stays_text_in_the_citation(tmp_path: Path, browser) -> None:
    title = 'Akhir </script><script>alert("x")</script> <img src=x onerror=alert(1)>'
    project = make_project(tmp_path, {"collection/items/jahat.yml": f"""\
        type: book
        title: '{title}'
        creators: ['<img src=y onerror=alert(2)> Santoso']
        publisher: '<script>alert(3)</script>'
        """})
    subprocess.run([sys.executable, "-m", "generator.cli", "build", "--site-dir", "out"], cwd=project, check=True,
                   capture_output=True, timeout=300)
    context = browser.new_context()
    try:
        tab = context.new_page()
        dialogs: list[str] = []
        tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        tab.goto((project / "out/katalog/jahat.html").as_uri())
        record = json.loads(tab.locator("script.pustaka-cite__csl").evaluate("s => s.textContent"))
        assert record["title"] == title and record["publisher"] == "<script>alert(3)</script>"
        assert tab.locator("script.pustaka-cite__csl").count() == 1  # the title did not end the element
        _open(tab)
        formatted = tab.locator("#pustaka-cite-formatted")
        assert formatted.locator("script, img").count() == 0
        for key in ("apa", "chicago"):
            text = tab.locator(f"#pustaka-cite-{key}").inner_text()
            assert "</script><script>alert(" in text and "<img src=x onerror=alert(1)>" in text, text
            assert "<script>alert(3)</script>" in text, text
        # no date: the Indonesian locale's term
        assert "(t.t.)" in tab.locator("#pustaka-cite-apa").inner_text()
        tab.wait_for_timeout(200)
        assert dialogs == []
    finally:
        context.close()


_ROW = re.compile(r"^\| `(?P<file>[^`]+)` \| (?P<kind>style|locale) `(?P<name>[^`]+)` \| (?P<package>\S+) (?P<version>\S+) "
                  r"\| `(?P<path>[^`]+)` \| `(?P<sha256>[0-9a-f]{64})` \|$", re.M)
_SCRIPT = re.compile(r'/\*.*?\*/\nPustakaCite\.register\("(?P<kind>\w+)", "(?P<name>[\w-]+)", (?P<xml>".*")\);\n', re.S)


def test_vendored_csl_files_are_the_csl_projects_files_unchanged() -> None:
    folder = CITE / "csl"
    rows = [m.groupdict() for m in _ROW.finditer((folder / "README.md").read_text(encoding="utf-8"))]
    wanted = {f"{style}.js" for _, style in STYLES} | {f"locales-{code}.js" for code in [*CSL_LOCALES.values(), "en-US"]}
    assert {row["file"] for row in rows} == {path.name for path in folder.glob("*.js")} == wanted
    for row in rows:
        script = _SCRIPT.fullmatch((folder / row["file"]).read_text(encoding="utf-8"))
        assert script and (script["kind"], script["name"]) == (row["kind"], row["name"]), row["file"]
        xml = json.loads(script["xml"]).encode("utf-8")
        assert hashlib.sha256(xml).hexdigest() == row["sha256"], row["file"]
        rights = etree.fromstring(xml).find(".//{http://purl.org/net/xbiblio/csl}rights")
        assert rights.get("license") == "http://creativecommons.org/licenses/by-sa/3.0/", row["file"]
        if version(row["package"]) == row["version"]:  # the package it came from is installed: byte for byte
            assert Path(distribution(row["package"]).locate_file(row["path"])).read_bytes() == xml, row["file"]


def test_vendored_citeproc_js_is_the_npm_packages_file() -> None:
    readme = (CITE / "vendor/citeproc/README.md").read_text(encoding="utf-8")
    digest = re.search(r"`citeproc_commonjs.js` sha256: `([0-9a-f]{64})`", readme)[1]
    assert hashlib.sha256((CITE / "vendor/citeproc/citeproc_commonjs.js").read_bytes()).hexdigest() == digest
    assert "Affero General Public License" in (CITE / "vendor/citeproc/LICENSE").read_text(encoding="utf-8")
