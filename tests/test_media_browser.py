"""Digitized media in Chromium, from a USB stick (file://) and over HTTP: derivatives instead
of full-size scans, the deep-zoom viewer, the PDF reader and the audio player."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import assert_no_axe_violations

pytestmark = pytest.mark.browser

SCAN = "katalog/babad-tanah-jawi.html"
MAP = "katalog/peta-tanjung-lestari-1920.html"
PDF = "katalog/laporan-tahunan-2025.html"
AUDIO = "katalog/wawancara-nelayan-2019.html"


@pytest.fixture(params=["file", "http"])
def open_page(request, built_sample_site: Path, http_server, page):
    """``open_page(path)`` loads a page of the sample site from file:// or over HTTP."""
    base = built_sample_site.as_uri() + "/" if request.param == "file" else http_server(built_sample_site)

    def go(path: str):
        response = page.goto(base + path)
        assert response is None or response.ok
        page.wait_for_load_state("load")
        return page

    go.scheme = request.param
    return go


def originals(page) -> list[str]:
    """Requests for original media files (berkas/media/…), as opposed to derivatives."""
    return [url for url in page.pustaka_requests if "/berkas/media/" in url]


def test_scan_shows_a_derivative_never_the_original(open_page) -> None:
    page = open_page(SCAN)
    img = page.locator(".pustaka-media__image img")
    img.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=img.element_handle())
    current = img.evaluate("img => img.currentSrc")
    assert "/berkas/turunan/media/babad-tanah-jawi-hlm-001.jpg/" in current and current.endswith(".webp")
    assert img.get_attribute("alt").startswith("Halaman naskah beraksara Jawa")
    assert img.get_attribute("loading") == "lazy"
    assert (img.get_attribute("width"), img.get_attribute("height")) == ("1164", "1600")
    assert not originals(page), "the full-size scan was loaded"
    assert_no_axe_violations(page)


def test_further_pages_of_an_item_are_thumbnails(open_page) -> None:
    page = open_page("katalog/siti-nurbaya.html")
    second = page.locator("#berkas-2 img")
    second.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=second.element_handle())
    assert "/siti-nurbaya-1922-hlm-009.jpg/thumb.webp" in second.evaluate("img => img.currentSrc")
    assert page.locator("#berkas-2 a").first.get_attribute("href").endswith("hlm-009.jpg/read.jpg")
    assert not originals(page)


def test_map_opens_the_zoom_viewer_and_loads_tiles(open_page) -> None:
    page = open_page(MAP)
    assert_no_axe_violations(page)
    assert not [url for url in page.pustaka_requests if "openseadragon" not in url and "/tiles/" in url]
    page.get_by_role("button", name="Perbesar gambar: Pindaian lembar peta").click()
    dialog = page.locator("dialog.pustaka-zoom")
    assert dialog.is_visible()
    page.wait_for_function("""() => {
        const viewer = document.querySelector('dialog.pustaka-zoom').pustakaViewer;
        const image = viewer && viewer.world.getItemAt(0);
        return image && image.getFullyLoaded();
    }""", timeout=15000)
    first = [url for url in page.pustaka_requests if "/tiles/" in url]
    assert first and all(url.endswith("/0/default.jpg") for url in first)
    dialog.get_by_role("button", name="Perbesar").click()
    dialog.get_by_role("button", name="Perbesar").click()
    for _ in range(50):  # the zoom animates; finer tiles follow it
        page.wait_for_timeout(200)
        deeper = [url for url in page.pustaka_requests if "/tiles/" in url]
        if len(deeper) > len(first):
            break
    assert len(deeper) > len(first), "zooming in loads finer tiles"
    assert any("/512,/0/default.jpg" in url and not url.rsplit("/tiles/", 1)[1].startswith("full") for url in deeper)
    assert not originals(page), "the full-size map was loaded"
    assert_no_axe_violations(page)
    dialog.get_by_role("button", name="Tutup").click()
    assert not dialog.is_visible()


def test_pdf_shows_cover_page_count_and_a_reader(open_page) -> None:
    page = open_page(PDF)
    facts = page.locator(".pustaka-media__pdf .pustaka-media__facts").inner_text()
    assert "5 halaman" in facts and "PDF" in facts and "KB" in facts
    cover = page.locator(".pustaka-media__cover img")
    cover.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=cover.element_handle())
    reader = page.locator(".pustaka-reader")
    reader.scroll_into_view_if_needed()
    page_img = reader.locator("img")
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=page_img.element_handle())
    assert "pages/0001." in page_img.evaluate("img => img.currentSrc")
    assert reader.locator(".pustaka-reader__status").inner_text() == "Halaman 1 dari 5"
    reader.get_by_role("button", name="Halaman berikutnya").click()
    assert reader.locator(".pustaka-reader__status").inner_text() == "Halaman 2 dari 5"
    page.wait_for_function("img => img.complete && img.naturalWidth > 0 && img.currentSrc.includes('pages/0002.')",
                           arg=page_img.element_handle())
    assert page_img.get_attribute("alt") == "Halaman 2"
    assert reader.get_by_role("button", name="Halaman sebelumnya").is_enabled()
    assert page.locator("a[href$='berkas/media/laporan-tahunan-2025.pdf']").count() >= 1
    assert not originals(page), "the PDF itself was loaded before the reader asked for it"
    assert_no_axe_violations(page)


def test_pdf_reader_works_on_a_phone(browser, built_sample_site: Path) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto((built_sample_site / PDF).as_uri())
    reader = page.locator(".pustaka-reader")
    reader.scroll_into_view_if_needed()
    box = reader.locator("img").bounding_box()
    assert box and box["width"] <= 360
    reader.get_by_role("button", name="Halaman berikutnya").tap()
    assert reader.locator(".pustaka-reader__status").inner_text() == "Halaman 2 dari 5"
    context.close()


def test_audio_has_a_player_with_captions_and_a_transcript(open_page) -> None:
    page = open_page(AUDIO)
    audio = page.locator("audio[controls]")
    assert audio.count() == 1
    track = audio.locator("track")
    assert track.get_attribute("kind") == "captions" and track.get_attribute("srclang") == "id"
    assert track.get_attribute("src").endswith("berkas/media/wawancara-nelayan-2019.vtt")
    # Over HTTP the browser loads the captions file; from file:// (a USB copy) Chromium refuses
    # it, and the player takes the same cues from the page's transcript. Either way: 4 cues.
    page.wait_for_function("() => Array.from(document.querySelector('audio').textTracks)"
                           ".some(t => t.mode !== 'disabled' && t.cues && t.cues.length === 4)", timeout=10000)
    cues = page.evaluate("() => Array.from(Array.from(document.querySelector('audio').textTracks)"
                         ".find(t => t.mode !== 'disabled').cues).map(c => [c.startTime, c.endTime, c.text])")
    assert cues[2][:2] == [3.2, 4.5]
    # The file's cue keeps its voice tag (<v Narasumber>); the transcript's has the name before it.
    assert "Narasumber" in cues[2][2] and cues[2][2].endswith("Umur dua belas, ikut papa pakai perahu londe.")
    source = "transcript" if open_page.scheme == "file" else None
    assert page.locator("audio").get_attribute("data-captions") == source
    page.locator(".pustaka-transcript summary").click()
    assert "Narasumber: Umur dua belas" in page.locator(".pustaka-transcript").inner_text()
    assert_no_axe_violations(page)


def test_viewer_scripts_load_only_where_needed(built_sample_site: Path) -> None:
    assert "openseadragon.min.js" in (built_sample_site / MAP).read_text()
    for path in (SCAN, PDF, AUDIO, "katalog/index.html"):
        assert "openseadragon" not in (built_sample_site / path).read_text(), path
    assert "reader.js" in (built_sample_site / PDF).read_text()
    assert "reader.js" not in (built_sample_site / MAP).read_text()


def test_english_pages_label_media_in_english(built_sample_site: Path) -> None:
    html = (built_sample_site / "en" / PDF).read_text()
    assert "5 pages" in html and "Page 1 of 5" in html and "Read on this page" in html
    assert "Zoom into the image: Pindaian lembar peta" in (built_sample_site / "en" / MAP).read_text()
