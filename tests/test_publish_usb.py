"""The USB stick copy (`pustaka export usb`) in Chromium over file://, on a device with no
network: every page type, search, the scan viewer, the PDF reader and a request form kept
offline, while the browser asks for nothing but file: URLs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from .conftest import ROOT, assert_no_axe_violations

pytestmark = pytest.mark.browser

PAGE_TYPES = {
    "home": "index.html",
    "item": "katalog/siti-nurbaya.html",
    "browse": "jelajah/subjek/index.html",
    "listing": "jelajah/semua.html",
    "services": "layanan/index.html",
    "service": "layanan/penelusuran-informasi.html",
    "branches": "lokasi/index.html",
    "branch": "lokasi/mobil-pustaka.html",
    "events": "kegiatan/index.html",
    "event": "kegiatan/bedah-buku-angin-selatan-januari-2027.html",
    "search": "katalog/cari.html",
    "my-requests": "permintaan-saya.html",
    "item-en": "en/katalog/babad-tanah-jawi.html",
}


@pytest.fixture(scope="module")
def usb_copy(built_sample_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample exported with the real command, from the session's built site."""
    target = tmp_path_factory.mktemp("stick") / "perpustakaan"
    result = subprocess.run([sys.executable, "-m", "generator.cli", "export", "usb", str(target),
                             "--from-site", str(built_sample_site)], cwd=ROOT, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    assert "verify-usb" in result.stdout
    return target


@pytest.fixture
def offline_tab(browser):
    """A tab on a device with no network at all, recording every request any page makes."""
    context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.set_offline(True)
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.requests = requests  # type: ignore[attr-defined]
    yield tab
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


def _not_file(requests: list[str]) -> list[str]:
    return [url for url in requests if urlsplit(url).scheme != "file"]


def test_the_copy_has_a_readme_and_a_manifest(usb_copy: Path) -> None:
    readme = (usb_copy / "BACA-SAYA.txt").read_text(encoding="utf-8")
    assert "index.html" in readme and "verify-usb" in readme and "Simpan sebagai berkas" in readme
    listed = {line.split("  ", 1)[1] for line in (usb_copy / "pustaka-manifest.sha256").read_text().splitlines()}
    on_disk = {p.relative_to(usb_copy).as_posix() for p in usb_copy.rglob("*") if p.is_file()}
    assert listed == on_disk - {"pustaka-manifest.sha256"}
    # MkDocs' 404 page uses root-relative URLs for web servers; on the stick they are relative.
    assert 'href="/' not in (usb_copy / "404.html").read_text(encoding="utf-8")


def test_the_copy_works_offline_and_asks_only_for_files(usb_copy: Path, offline_tab) -> None:
    tab = offline_tab
    for name, path in PAGE_TYPES.items():
        tab.goto((usb_copy / path).as_uri())
        tab.wait_for_load_state("load")
        assert tab.evaluate("navigator.onLine") is False
        assert tab.locator("h1").count() == 1, name
        # mkdocs-material's script ran and its stylesheet applied, from the stick
        assert "js" in (tab.get_attribute("html", "class") or "").split(), name
        assert tab.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in ("sticky", "fixed")

    # Relative links lead from page to page: home → services → a service.
    tab.goto((usb_copy / "index.html").as_uri())
    tab.locator("a[href$='layanan/index.html']").first.click()
    tab.wait_for_url("**/layanan/index.html")
    tab.locator("a[href$='penelusuran-informasi.html']").first.click()
    tab.wait_for_url("**/layanan/penelusuran-informasi.html")

    # Search, through the small search box every page has.
    tab.goto((usb_copy / "katalog/siti-nurbaya.html").as_uri())
    box = tab.locator("form.pustaka-quicksearch input[name=q]")
    box.fill("nurbaya")
    box.press("Enter")
    tab.wait_for_url("**/katalog/cari.html*")
    tab.wait_for_selector("#pustaka-search[data-state=complete]", timeout=15000)
    assert "Sitti Nurbaya" in tab.locator(".pustaka-result__title").all_inner_texts()

    # A large scan in the deep-zoom viewer, its tiles read from the stick.
    tab.goto((usb_copy / "katalog/peta-tanjung-lestari-1920.html").as_uri())
    tab.get_by_role("button", name="Perbesar gambar: Pindaian lembar peta").click()
    tab.wait_for_function("""() => {
        const viewer = document.querySelector('dialog.pustaka-zoom').pustakaViewer;
        const image = viewer && viewer.world.getItemAt(0);
        return image && image.getFullyLoaded();
    }""", timeout=15000)
    assert any("/tiles/" in url for url in tab.requests)

    # A PDF, page by page.
    tab.goto((usb_copy / "katalog/laporan-tahunan-2025.html").as_uri())
    reader = tab.locator(".pustaka-reader")
    reader.get_by_role("button", name="Halaman berikutnya").click()
    assert reader.locator(".pustaka-reader__status").inner_text() == "Halaman 2 dari 5"
    tab.wait_for_function("() => [...document.querySelectorAll('.pustaka-reader img')].some("
                          "img => img.complete && img.naturalWidth > 0 && img.currentSrc.includes('pages/0002.'))")

    # A request filled in offline is kept in the browser, with ways to hand it in.
    tab.goto((usb_copy / "layanan/tanya-pustakawan.html").as_uri())
    tab.fill("#f-tanya-pustakawan-nama", "Siti Aminah")
    tab.fill("#f-tanya-pustakawan-telepon", "0812 3456 7890")
    tab.fill("#f-tanya-pustakawan-pertanyaan", "Di mana arsip foto pelabuhan tahun 1950-an?")
    tab.select_option("#f-tanya-pustakawan-cabang", "cabang-pesisir-timur")
    tab.click("form[data-pustaka-form] button[type=submit]")
    status = tab.locator(".pustaka-form__status")
    status.get_by_role("button", name="Simpan sebagai berkas").wait_for()
    assert "disimpan di peramban ini" in status.inner_text()
    mail = status.get_by_role("link", name="Kirim lewat e-mail").get_attribute("href")
    address, _, query = mail.removeprefix("mailto:").partition("?")
    assert address == "pesisirtimur@perpustakaan-tanjunglestari.example"  # the branch the reader chose
    body = parse_qs(query)["body"][0]
    assert "Siti Aminah" in body and "arsip foto pelabuhan" in body and '"service":"tanya-pustakawan"' in body
    with tab.expect_download() as download:
        status.get_by_role("button", name="Simpan sebagai berkas").click()
    saved = Path(download.value.path()).read_text(encoding="utf-8")
    assert download.value.suggested_filename.startswith("permintaan-tanya-pustakawan-")
    assert "Siti Aminah" in saved and "Cabang Pesisir Timur" in saved
    assert_no_axe_violations(tab)

    # Still kept after a reload, listed as waiting on "My requests".
    tab.goto((usb_copy / "permintaan-saya.html").as_uri())
    tab.reload()
    row = tab.locator("[data-pustaka-my-requests] li[data-outbox]")  # one card per request
    assert row.count() == 1
    assert "Menunggu dikirim" in row.inner_text() and "Tanya Pustakawan" in row.inner_text()
    assert row.get_by_role("button", name="Simpan sebagai berkas").count() == 1
    assert tab.evaluate("JSON.parse(localStorage.getItem('pustaka.outbox')).length") == 1
    assert_no_axe_violations(tab)

    assert len(tab.requests) > 100
    assert not _not_file(tab.requests), f"requests beyond file: URLs: {_not_file(tab.requests)}"


def test_a_kept_request_is_sent_once_the_stick_reader_is_online(usb_copy: Path, copy_of, tmp_path: Path,
                                                                offline_tab) -> None:
    """Later, online: the outbox goes to the endpoint (which accepts file:// pages' origin, "null")."""
    from .endpoint_support import start_endpoint, stop_endpoint

    stick = copy_of(usb_copy)
    running = start_endpoint(stick / "assets/pustaka/forms.json", str(tmp_path / "e.db"), origins=["null"],
                             rate_limit=1000)
    try:
        # What setting `endpoint:` in mkdocs.yml does, without a second build.
        page = stick / "layanan/tanya-pustakawan.html"
        page.write_text(page.read_text(encoding="utf-8").replace("http://127.0.0.1:8001", running.url), "utf-8")
        tab = offline_tab
        tab.goto(page.as_uri())
        tab.fill("#f-tanya-pustakawan-nama", "Siti Aminah")
        tab.fill("#f-tanya-pustakawan-telepon", "0812 3456 7890")
        tab.fill("#f-tanya-pustakawan-pertanyaan", "Di mana arsip foto pelabuhan tahun 1950-an?")
        tab.click("form[data-pustaka-form] button[type=submit]")
        tab.locator(".pustaka-form__status").get_by_role("button", name="Simpan sebagai berkas").wait_for()
        assert running.store.count_requests() == 0
        assert not _not_file(tab.requests), "an offline device tried the network"
        tab.context.set_offline(False)
        tab.wait_for_function("JSON.parse(localStorage.getItem('pustaka.outbox') || '[]').length === 0",
                              timeout=10000)
        assert running.store.count_requests() == 1
        assert tab.evaluate("JSON.parse(localStorage.getItem('pustaka.tickets')).length") == 1
    finally:
        stop_endpoint(running)
