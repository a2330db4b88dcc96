"""Request forms of the built sample site in Chromium, posting to a real endpoint on 127.0.0.1."""

from __future__ import annotations

import re
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import CHROMIUM, assert_no_axe_violations, foreign_requests, watch_requests
from tests.endpoint_support import *  # noqa: F401,F403 - fixtures
from tests.endpoint_support import start_endpoint, stop_endpoint

pytestmark = pytest.mark.browser
DEFAULT_ENDPOINT = "http://127.0.0.1:8001"


@pytest.fixture
def site_and_endpoint(built_sample_site: Path, tmp_path: Path, http_server):
    """A copy of the sample site whose forms point at an endpoint on a free port, both served."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (scripts/test installs it)")
    site = tmp_path / "site"
    shutil.copytree(built_sample_site, site)
    site_url = http_server(site)
    running = start_endpoint(site / "assets/pustaka/forms.json", str(tmp_path / "e.db"),
                             origins=[site_url.rstrip("/")], rate_limit=1000)
    # What setting `endpoint:` in mkdocs.yml does, without a second build of the site.
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if DEFAULT_ENDPOINT in text:
            page.write_text(text.replace(DEFAULT_ENDPOINT, running.url), encoding="utf-8")
    yield site_url, running
    stop_endpoint(running)


def _context(browser, **options):
    context = browser.new_context(locale="id-ID", **options)
    requests = watch_requests(context)
    return context, requests


def _page(browser, **options):
    """A new context and its first tab: (context, requests, tab, JavaScript errors on the tab)."""
    context, requests = _context(browser, **options)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    return context, requests, tab, errors


def _fill_question(tab) -> None:
    tab.fill("#f-tanya-pustakawan-nama", "Siti Aminah")
    tab.fill("#f-tanya-pustakawan-telepon", "0812 3456 7890")
    tab.fill("#f-tanya-pustakawan-pertanyaan", "Di mana arsip foto pelabuhan tahun 1950-an?")


def test_form_posts_without_javascript_and_shows_the_ticket(browser, site_and_endpoint):
    site_url, running = site_and_endpoint
    context, requests, tab, _ = _page(browser, java_script_enabled=False)
    tab.goto(site_url + "layanan/tanya-pustakawan.html")
    _fill_question(tab)
    with tab.expect_navigation():
        tab.click("form[data-pustaka-form] button[type=submit]")
    assert tab.url.startswith(running.url + "/terima-kasih?")
    ticket = tab.inner_text("#tiket")
    stored = running.store.request(ticket)
    assert stored["service"] == "tanya-pustakawan" and stored["data"]["nama"] == "Siti Aminah"
    # The way back to the site's thank-you page carries the ticket (stored there when JS runs).
    back = tab.get_attribute("a[href*='terima-kasih.html']", "href")
    assert back.startswith(site_url + "terima-kasih.html?tiket=" + ticket)
    context.close()
    assert not foreign_requests(requests)


def test_browser_checks_required_fields_before_posting(browser, site_and_endpoint):
    site_url, running = site_and_endpoint
    for javascript in (False, True):
        context, _, tab, _ = _page(browser, java_script_enabled=javascript)
        tab.goto(site_url + "layanan/tanya-pustakawan.html")
        tab.click("form[data-pustaka-form] button[type=submit]")
        tab.wait_for_timeout(300)
        assert tab.evaluate("document.querySelector('#f-tanya-pustakawan-nama').validity.valueMissing")
        context.close()
    assert running.store.count_requests() == 0


def test_form_posts_json_with_javascript_and_lists_it_in_my_requests(browser, site_and_endpoint):
    site_url, running = site_and_endpoint
    context, requests, tab, errors = _page(browser)
    tab.goto(site_url + "layanan/tanya-pustakawan.html")
    _fill_question(tab)
    tab.click("form[data-pustaka-form] button[type=submit]")
    ticket = tab.locator(".pustaka-form__status .pustaka-ticket").inner_text(timeout=5000)
    assert tab.url == site_url + "layanan/tanya-pustakawan.html"  # shown inline, no navigation
    assert running.store.request(ticket)["data"]["nama"] == "Siti Aminah"
    assert tab.get_attribute(".pustaka-form__status", "role") == "status"
    tab.goto(site_url + "permintaan-saya.html")
    row = tab.locator(f"li[data-ticket='{ticket}']")
    row.wait_for(timeout=5000)
    tab.wait_for_function("t => !document.querySelector(`li[data-ticket='${t}']`).textContent.includes('…')",
                          arg=ticket, timeout=5000)
    assert "Diproses — Pertanyaan diterima" in row.inner_text()
    # The librarian moves it on: the reader's list follows.
    stored = running.store.request(ticket)
    running.store.update_request(stored["id"], actor="sari", kind="step", public=True, step=1)
    tab.reload()
    tab.wait_for_function("t => { const r = document.querySelector(`li[data-ticket='${t}']`);"
                          " return r && !r.textContent.includes('…'); }", arg=ticket, timeout=5000)
    assert "Pustakawan mencari jawaban" in tab.locator(f"li[data-ticket='{ticket}']").inner_text()
    context.close()
    assert not errors, errors
    assert not foreign_requests(requests)


def test_server_errors_are_shown_next_to_their_fields(browser, site_and_endpoint):
    site_url, running = site_and_endpoint
    context, _, tab, _ = _page(browser)
    tab.goto(site_url + "layanan/peminjaman.html?item=tidak-ada-di-katalog")
    assert tab.input_value("#f-peminjaman-item") == "tidak-ada-di-katalog"  # prefilled from the item page link
    tab.fill("#f-peminjaman-nomor_anggota", "TL-2024-01234")
    tab.fill("#f-peminjaman-nama", "Budi")
    tab.fill("#f-peminjaman-telepon", "0812 3456 7890")
    tab.select_option("#f-peminjaman-cabang_ambil", "pusat")
    tab.click("form[data-pustaka-form] button[type=submit]")
    error = tab.locator("#f-peminjaman-item-error")
    error.wait_for(state="visible", timeout=5000)
    tab.wait_for_function("document.querySelector('#f-peminjaman-item-error').textContent.length > 0")
    assert "tidak ada koleksi" in error.inner_text()
    assert tab.get_attribute("#f-peminjaman-item", "aria-invalid") == "true"
    assert running.store.count_requests() == 0
    context.close()


def test_offline_request_waits_in_the_outbox_and_is_sent_when_online(browser, site_and_endpoint):
    site_url, running = site_and_endpoint
    context, _, tab, _ = _page(browser)
    tab.goto(site_url + "layanan/tanya-pustakawan.html")
    context.set_offline(True)
    _fill_question(tab)
    tab.click("form[data-pustaka-form] button[type=submit]")
    tab.wait_for_function("document.querySelector('.pustaka-form__status').textContent.includes('luring')")
    assert running.store.count_requests() == 0
    assert tab.evaluate("JSON.parse(localStorage.getItem('pustaka.outbox')).length") == 1
    context.set_offline(False)
    tab.wait_for_function("JSON.parse(localStorage.getItem('pustaka.outbox') || '[]').length === 0", timeout=5000)
    assert running.store.count_requests() == 1
    assert tab.evaluate("JSON.parse(localStorage.getItem('pustaka.tickets')).length") == 1
    context.close()


def test_item_page_shows_live_availability_after_a_loan(browser, site_and_endpoint):
    site_url, running = site_and_endpoint
    import datetime as dt

    item = "angin-selatan-di-tanjung"
    copies = running.app.state.endpoint.definitions["items"][item]["copies"]
    barcode = next(c["barcode"] for c in copies if c["status"] == "available")
    made = running.store.create_request(service="peminjaman", data={"item": item}, item=item)
    running.store.lend(made["id"], item=item, barcode=barcode, branch="pusat",
                       due=dt.datetime(2026, 12, 31, tzinfo=dt.timezone.utc), actor="sari")
    context, _, tab, _ = _page(browser)
    tab.goto(site_url + f"katalog/{item}.html")
    status = tab.locator(f".pustaka-status[data-barcode='{barcode}']")
    tab.wait_for_function("document.querySelector('[data-pustaka-availability]').dataset.live === 'true'",
                          timeout=5000)
    assert status.inner_text().startswith("Dipinjam") and "2026-12-31" in status.inner_text()
    assert tab.inner_text("[data-pustaka-availability]").startswith("Status langsung dari perpustakaan, ")
    # The item page carries the loan form with the item chosen.
    assert tab.locator("#minta-peminjaman input[name=item]").get_attribute("value") == item
    context.close()
    # When the endpoint cannot be reached, the page keeps the state recorded at build time.
    context, _ = _context(browser)
    context.route(running.url + "/**", lambda route: route.abort("internetdisconnected"))
    tab = context.new_page()
    tab.goto(site_url + f"katalog/{item}.html")
    tab.wait_for_timeout(300)
    assert tab.locator(f".pustaka-status[data-barcode='{barcode}']").inner_text() == "Tersedia"
    # ... and says which day that state is from.
    note = tab.locator("[data-pustaka-availability]")
    assert re.fullmatch(r"Status per \d{1,2} [A-Z][a-z]+ \d{4}", note.inner_text()), note.inner_text()
    assert note.get_attribute("data-live") is None
    context.close()


@pytest.mark.parametrize("path", ["layanan/peminjaman.html", "umpan-balik.html", "terima-kasih.html",
                                  "permintaan-saya.html", "en/layanan/tanya-pustakawan.html"])
def test_form_pages_are_accessible(browser, site_and_endpoint, path):
    site_url, _ = site_and_endpoint
    context, _, tab, _ = _page(browser)
    tab.goto(site_url + path)
    assert_no_axe_violations(tab)
    context.close()


def _outbox(tab) -> list[dict]:
    return tab.evaluate("JSON.parse(localStorage.getItem('pustaka.outbox') || '[]')")


def test_a_kept_request_the_library_refuses_stays_visible_to_fix_or_delete(browser, site_and_endpoint):
    site_url, running = site_and_endpoint
    context, _, tab, errors = _page(browser)
    # Asked offline for an item the catalogue no longer has: the library refuses it once online.
    tab.goto(site_url + "layanan/peminjaman.html?item=tidak-ada-di-katalog")
    tab.fill("#f-peminjaman-nomor_anggota", "TL-2024-01234")
    tab.fill("#f-peminjaman-nama", "Budi Santoso")
    tab.fill("#f-peminjaman-telepon", "0812 3456 7890")
    tab.select_option("#f-peminjaman-cabang_ambil", "pusat")
    context.set_offline(True)
    tab.click("form[data-pustaka-form] button[type=submit]")
    tab.wait_for_function("document.querySelector('.pustaka-form__status').textContent.includes('luring')")
    context.set_offline(False)
    tab.wait_for_function("(JSON.parse(localStorage.getItem('pustaka.outbox') || '[]')[0] || {}).error",
                          timeout=5000)
    assert running.store.count_requests() == 0 and len(_outbox(tab)) == 1

    tab.goto(site_url + "permintaan-saya.html")
    row = tab.locator("li[data-outbox]")
    row.wait_for(timeout=5000)
    shown = row.inner_text()
    assert "Ditolak oleh perpustakaan, belum terkirim: periksa kembali isian berikut" in shown
    assert "tidak ada koleksi" in shown and "Kirim ulang" in shown and "Hapus" in shown
    tab.reload()  # another attempt to empty the outbox does not drop it either
    tab.locator("li[data-outbox]").wait_for(timeout=5000)
    assert len(_outbox(tab)) == 1
    assert_no_axe_violations(tab)

    # "Perbaiki" opens the form filled in again, the refused field marked with the library's message.
    with tab.expect_navigation():
        tab.click("li[data-outbox] a:has-text('Perbaiki')")
    tab.wait_for_function("document.querySelector('#f-peminjaman-item-error').textContent.length > 0")
    assert "tidak ada koleksi" in tab.inner_text("#f-peminjaman-item-error")
    assert tab.get_attribute("#f-peminjaman-item", "aria-invalid") == "true"
    assert tab.input_value("#f-peminjaman-nama") == "Budi Santoso"
    assert "ditolak oleh perpustakaan" in tab.inner_text(".pustaka-form__status")
    tab.fill("#f-peminjaman-item", "angin-selatan-di-tanjung")
    tab.click("form[data-pustaka-form] button[type=submit]")
    ticket = tab.locator(".pustaka-form__status .pustaka-ticket").inner_text(timeout=5000)
    assert running.store.request(ticket)["item"] == "angin-selatan-di-tanjung"
    assert _outbox(tab) == []  # the fixed request replaced the refused one

    # "Kirim ulang" tries a refused request again; "Hapus" forgets one.
    refused = {"endpoint": running.url, "name": "Tanya pustakawan", "queued": "2026-08-14T08:00:00.000Z",
               "error": {"status": 403, "message": "origin null is not allowed to post here", "errors": {}},
               "body": {"service": "tanya-pustakawan", "lang": "id", "website": "",
                        "fields": {"nama": "Siti", "email": "siti@example.id",
                                   "pertanyaan": "Kapan pelabuhan dibangun?"}}}
    tab.evaluate("entries => localStorage.setItem('pustaka.outbox', JSON.stringify(entries))",
                 [{**refused, "id": "a"}, {**refused, "id": "b", "queued": "2026-08-15T08:00:00.000Z"}])
    tab.goto(site_url + "permintaan-saya.html")
    tab.click("li[data-outbox='a'] button:has-text('Kirim ulang')")
    tab.wait_for_function("JSON.parse(localStorage.getItem('pustaka.outbox')).length === 1", timeout=5000)
    assert running.store.count_requests() == 2
    tab.click("li[data-outbox='b'] button:has-text('Hapus')")
    tab.wait_for_function("JSON.parse(localStorage.getItem('pustaka.outbox')).length === 0", timeout=5000)
    assert tab.locator("li[data-outbox]").count() == 0 and running.store.count_requests() == 2
    context.close()
    assert not errors, errors


@contextmanager
def usb_question_form(browser, built_sample_site: Path, tmp_path: Path, **endpoint_settings):
    """A copy of the site opened from file://, whose question form posts to a live endpoint
    started with ``endpoint_settings``; yields (tab with the filled form, endpoint)."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (scripts/test installs it)")
    site = tmp_path / "usb"
    shutil.copytree(built_sample_site, site)
    running = start_endpoint(site / "assets/pustaka/forms.json", str(tmp_path / "e.db"), rate_limit=1000,
                             **endpoint_settings)
    try:
        form_page = site / "layanan/tanya-pustakawan.html"
        form_page.write_text(form_page.read_text(encoding="utf-8").replace(DEFAULT_ENDPOINT, running.url),
                             encoding="utf-8")
        context, _, tab, _ = _page(browser)
        tab.goto(form_page.as_uri())
        _fill_question(tab)
        yield tab, running
        context.close()
    finally:
        stop_endpoint(running)


def test_a_page_opened_from_a_usb_copy_posts_when_file_origins_are_allowed(browser, built_sample_site, tmp_path):
    with usb_question_form(browser, built_sample_site, tmp_path, allow_file_origin=True) as (tab, running):
        tab.click("form[data-pustaka-form] button[type=submit]")
        ticket = tab.locator(".pustaka-form__status .pustaka-ticket").inner_text(timeout=5000)
        assert running.store.request(ticket)["data"]["nama"] == "Siti Aminah"


def test_an_online_reader_whose_request_cannot_get_through_is_not_told_they_are_offline(browser, built_sample_site,
                                                                                         tmp_path):
    # An endpoint that does not take file:// pages: the browser blocks the answer (CORS).
    with usb_question_form(browser, built_sample_site, tmp_path) as (tab, _):
        tab.click("form[data-pustaka-form] button[type=submit]")
        tab.wait_for_function("document.querySelector('.pustaka-form__status').textContent.includes('disimpan')")
        status = tab.locator(".pustaka-form__status").inner_text()
        assert "tidak dapat dihubungi" in status and "luring" not in status
        kept = tab.evaluate("JSON.parse(localStorage.getItem('pustaka.outbox') || '[]')")
        assert [entry["body"]["service"] for entry in kept] == ["tanya-pustakawan"]
