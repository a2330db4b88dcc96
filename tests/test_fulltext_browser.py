"""Full-text search on the built sample library, in Chromium from file://, with the real
lunr.js: words found only inside digitized items (a PDF's text layer, a caption, a scan
read by OCR) find their item, show where, and open the reader or player there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import assert_no_axe_violations

pytestmark = pytest.mark.browser

SEARCH = "katalog/cari.html"
SHOTS = Path("/tmp/search-fulltext-shots")
DATA = "assets/pustaka/search/data"


def _catalogue_text(site: Path) -> str:
    """Everything the catalogue search indexes and shows (cards, descriptions, pages), lower case."""
    return "\n".join(p.read_text(encoding="utf-8") for p in (site / DATA).glob("*.js")
                     if not p.name.startswith("cite-")).lower()


def _search(page, site: Path, query: str) -> None:
    page.goto((site / SEARCH).as_uri())
    page.wait_for_selector("#pustaka-search[data-state=complete]", timeout=15000)
    page.fill("#pustaka-search-q", query)
    page.press("#pustaka-search-q", "Enter")
    page.wait_for_selector(".pustaka-result__fulltext", timeout=15000)


def _hit(page, item_id: str):
    result = page.locator(f"li[data-item='{item_id}']")
    return result.locator(".pustaka-result__fulltext")


def _shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_a_phrase_in_a_pdf_text_layer_opens_the_reader_at_its_page(built_sample_site: Path, page) -> None:
    phrase = "sistem pemesanan jam pemakaian"
    assert "pemesanan" not in _catalogue_text(built_sample_site)  # only the PDF holds it
    _search(page, built_sample_site, phrase)
    hit = _hit(page, "laporan-tahunan-2025")
    assert hit.locator("a").inner_text() == "hlm. 4"
    assert "pemesanan" in [m.lower() for m in hit.locator("mark").all_inner_texts()]
    _shoot(page, "pdf-hit-1280")
    page.set_viewport_size({"width": 360, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    box = hit.locator("a").bounding_box()
    assert box["height"] >= 44
    _shoot(page, "pdf-hit-360")
    assert_no_axe_violations(page)
    hit.locator("a").click()
    page.wait_for_selector(".pustaka-reader[data-page='4']")
    assert "Halaman 4 dari 5" in page.locator(".pustaka-reader__status").inner_text()
    assert page.locator(".pustaka-reader img").get_attribute("src").endswith("/0004.jpg")
    _shoot(page, "pdf-reader-page-4-360")


def test_a_word_in_captions_shows_the_time_and_starts_the_player_there(built_sample_site: Path, page) -> None:
    assert not re.search(r"\bpapa\b", _catalogue_text(built_sample_site))  # only the captions hold it
    _search(page, built_sample_site, "papa")
    hit = _hit(page, "wawancara-nelayan-2019")
    assert hit.locator("a").inner_text() == "menit 0:03"
    assert hit.locator("mark").all_inner_texts() == ["papa"]
    _shoot(page, "caption-hit-1280")
    hit.locator("a").click()
    page.wait_for_function("() => { const a = document.querySelector('#berkas-1 audio');"
                           " return a && a.getAttribute('data-start') === '3.2' && a.currentTime > 3; }")
    current = page.locator(".pustaka-transcript__current")
    assert "londe" in current.inner_text()
    _shoot(page, "caption-player-1280")


def test_a_word_on_a_scanned_page_is_found_through_ocr(built_sample_site: Path, page) -> None:
    # The typed gazette page is an image: only OCR can read "Walikotamadya" on it.
    assert "walikotamadya" not in _catalogue_text(built_sample_site)
    _search(page, built_sample_site, "walikotamadya")
    hit = _hit(page, "lembaran-daerah-kotamadya-1975-1979")
    assert "walikotamadya" in hit.inner_text().lower()
    href = hit.locator("a").get_attribute("href")
    assert re.search(r"katalog/lembaran-daerah-kotamadya-1975-1979\.html#berkas-1$", href)
    _shoot(page, "ocr-hit-1280")


def test_english_search_page_labels_pages_in_english(built_sample_site: Path, page) -> None:
    page.goto((built_sample_site / "en" / SEARCH).as_uri())
    page.wait_for_selector("#pustaka-search[data-state=complete]", timeout=15000)
    page.fill("#pustaka-search-q", "pemesanan")
    page.press("#pustaka-search-q", "Enter")
    page.wait_for_selector(".pustaka-result__fulltext", timeout=15000)
    assert _hit(page, "laporan-tahunan-2025").locator("a").inner_text() == "p. 4"


def test_first_results_do_not_wait_for_the_full_text(built_sample_site: Path, page) -> None:
    held = []
    page.route("**/search/teks/**", lambda route: held.append(route))  # not answered until the end
    page.goto((built_sample_site / SEARCH).as_uri())
    page.wait_for_selector("#pustaka-search[data-state=complete]", timeout=15000)
    page.fill("#pustaka-search-q", "nurbaya")
    with page.expect_request("**/search/teks/**"):  # asked for, with the descriptions
        page.press("#pustaka-search-q", "Enter")
    # … and the catalogue's results are shown while it is still unanswered.
    page.wait_for_function("document.querySelector('.pustaka-result__title')?.textContent === 'Sitti Nurbaya'")
    assert held
    page.unroute("**/search/teks/**")  # the held requests go on
    page.fill("#pustaka-search-q", "sistem pemesanan")
    page.press("#pustaka-search-q", "Enter")
    page.wait_for_selector("li[data-item='laporan-tahunan-2025'] .pustaka-result__fulltext", timeout=15000)


def test_a_word_in_a_transcript_finds_the_recording(built_sample_site: Path, page) -> None:
    assert "pendengar" not in _catalogue_text(built_sample_site)  # only the transcript holds it
    _search(page, built_sample_site, "pendengar")
    hit = _hit(page, "rekaman-masamper-1984")
    assert hit.locator("a").inner_text() == "transkrip"
    assert hit.locator("mark").all_inner_texts() == ["pendengar"]
    assert hit.locator("a").get_attribute("href").endswith("katalog/rekaman-masamper-1984.html")
