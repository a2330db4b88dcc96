"""The sample library in Chromium: every page type opens, is accessible, stays light and local."""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .conftest import assert_no_axe_violations

pytestmark = pytest.mark.browser

PAGE_TYPES = {
    "home": "index.html",
    "home-en": "en/index.html",
    "hand-written": "tentang.html",
    "catalogue": "katalog/index.html",
    "facet": "jelajah/subjek/index.html",
    "listing": "jelajah/semua.html",
    "creators": "jelajah/pengarang/index.html",
    "creator-letter": "jelajah/pengarang/p.html",
    "item-book": "katalog/siti-nurbaya.html",
    "item-map": "katalog/peta-tanjung-lestari-1920.html",
    "item-audio": "katalog/wawancara-nelayan-2019.html",
    "item-hostile": "katalog/mengamankan-situs-xss.html",
    "item-en": "en/katalog/babad-tanah-jawi.html",
    "services": "layanan/index.html",
    "service": "layanan/penelusuran-informasi.html",
    "branches": "lokasi/index.html",
    "branch-mobile": "lokasi/mobil-pustaka.html",
    "events": "kegiatan/index.html",
    "event": "kegiatan/bedah-buku-angin-selatan-januari-2027.html",
    "not-found": "404.html",
}


def test_page_type_list_names_real_pages(built_sample_site: Path) -> None:
    missing = [path for path in PAGE_TYPES.values() if not (built_sample_site / path).is_file()]
    assert not missing


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_page_type_is_accessible_over_http(name: str, built_sample_site: Path, http_server, page) -> None:
    base = http_server(built_sample_site)
    response = page.goto(base + PAGE_TYPES[name])
    assert response is not None and response.ok
    assert page.locator("h1").count() == 1
    assert_no_axe_violations(page)


@pytest.mark.parametrize("name", ["home", "item-map", "service", "branch-mobile", "listing"])
def test_page_type_works_from_a_usb_stick(name: str, built_sample_site: Path, page) -> None:
    page.goto((built_sample_site / PAGE_TYPES[name]).as_uri())
    # mkdocs-material's script ran (it marks <html> as "js"), styles applied, nothing reached the network
    assert "js" in (page.get_attribute("html", "class") or "").split()
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in ("sticky", "fixed")
    assert_no_axe_violations(page)


def test_walk_from_home_to_an_item_and_switch_language(built_sample_site: Path, page) -> None:
    page.goto((built_sample_site / "index.html").as_uri())
    page.get_by_role("link", name="Katalog", exact=True).first.click()
    page.get_by_role("link", name="Subjek", exact=True).first.click()
    page.get_by_role("link", name="Naskah kuno").first.click()
    page.get_by_role("link", name="Babad Tanah Jawi").first.click()
    assert page.url.endswith("/katalog/babad-tanah-jawi.html")
    assert page.locator("h1").inner_text().startswith("Babad Tanah Jawi")
    page.get_by_role("link", name="English").click()
    assert page.url.endswith("/en/katalog/babad-tanah-jawi.html")
    assert page.get_attribute("html", "lang") == "en"
    assert page.get_by_role("heading", name="Copies").is_visible()


def test_hostile_record_text_stays_text_in_the_browser(built_sample_site: Path, page) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in ["katalog/mengamankan-situs-xss.html", "katalog/artikel-sanitasi-masukan-katalog.html"]:
        page.goto((built_sample_site / path).as_uri())
        page.wait_for_timeout(200)
    assert dialogs == []
    page.goto((built_sample_site / "katalog/mengamankan-situs-xss.html").as_uri())
    assert "<script>" in page.locator("h1").inner_text()
    page.goto((built_sample_site / "katalog/artikel-sanitasi-masukan-katalog.html").as_uri())
    assert "<img src=x onerror=alert(1)>" in page.locator(".pustaka-item__description").inner_text()


def test_item_page_weighs_at_most_100_kb_gzip(built_sample_site: Path, http_server, page) -> None:
    """HTML, CSS, JS and fonts an item page loads, images aside, compressed as a server would."""
    base = http_server(built_sample_site)
    page.goto(base + PAGE_TYPES["item-book"])
    page.wait_for_load_state("networkidle")
    total = 0
    for url in set(page.pustaka_requests):
        if not url.startswith(base):
            continue  # the form endpoint's live availability (JSON) is not part of the page's weight
        path = urlsplit(url).path.lstrip("/")
        if path.endswith((".jpg", ".jpeg", ".png", ".webp", ".gif", ".svg", ".ico", ".tif")):
            continue
        file = built_sample_site / (path or "index.html")
        total += len(gzip.compress(file.read_bytes(), 9))
    assert 20_000 < total <= 100_000, total


def test_item_page_weight_does_not_grow_with_the_navigation(built_sample_site: Path) -> None:
    # The navigation lists sections, never records: no item page links to another item
    # except through its own related-items list.
    html = (built_sample_site / "katalog/siti-nurbaya.html").read_text()
    nav = html[html.index('md-nav--primary'):html.index('</nav>', html.index('md-nav--primary'))]
    links = set(re.findall(r'href="([^"]+)"', nav))
    assert links == {"../index.html", "../katalog/index.html", "../layanan/index.html", "../lokasi/index.html",
                     "../kegiatan/index.html", "../tentang.html", "../bantuan.html", "../panduan-pustakawan.html",
                     "../en/katalog/siti-nurbaya.html"}
