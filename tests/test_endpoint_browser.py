"""Request forms of the built sample site in Chromium, posting to a real endpoint on 127.0.0.1."""

from __future__ import annotations

import shutil
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


def _fill_question(tab) -> None:
    tab.fill("#f-tanya-pustakawan-nama", "Siti Aminah")
    tab.fill("#f-tanya-pustakawan-pertanyaan", "Di mana arsip foto pelabuhan tahun 1950-an?")


def test_form_posts_without_javascript_and_shows_the_ticket(browser, site_and_endpoint):
    site_url, running = site_and_endpoint
    context, requests = _context(browser, java_script_enabled=False)
    tab = context.new_page()
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
        context, _ = _context(browser, java_script_enabled=javascript)
        tab = context.new_page()
        tab.goto(site_url + "layanan/tanya-pustakawan.html")
        tab.click("form[data-pustaka-form] button[type=submit]")
        tab.wait_for_timeout(300)
        assert tab.evaluate("document.querySelector('#f-tanya-pustakawan-nama').validity.valueMissing")
        context.close()
    assert running.store.count_requests() == 0


def test_form_posts_json_with_javascript_and_lists_it_in_my_requests(browser, site_and_endpoint):
    site_url, running = site_and_endpoint
    context, requests = _context(browser)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.goto(site_url + "layanan/tanya-pustakawan.html")
    _fill_question(tab)
    tab.click("form[data-pustaka-form] button[type=submit]")
    ticket = tab.locator(".pustaka-form__status .pustaka-ticket").inner_text(timeout=5000)
    assert tab.url == site_url + "layanan/tanya-pustakawan.html"  # shown inline, no navigation
    assert running.store.request(ticket)["data"]["nama"] == "Siti Aminah"
    assert tab.get_attribute(".pustaka-form__status", "role") == "status"
    tab.goto(site_url + "permintaan-saya.html")
    row = tab.locator(f"tr[data-ticket='{ticket}']")
    row.wait_for(timeout=5000)
    tab.wait_for_function("t => !document.querySelector(`tr[data-ticket='${t}']`).textContent.includes('…')",
                          arg=ticket, timeout=5000)
    assert "Diproses — Pertanyaan diterima" in row.inner_text()
    # The librarian moves it on: the reader's list follows.
    stored = running.store.request(ticket)
    running.store.update_request(stored["id"], actor="sari", kind="step", public=True, step=1)
    tab.reload()
    tab.wait_for_function("t => { const r = document.querySelector(`tr[data-ticket='${t}']`);"
                          " return r && !r.textContent.includes('…'); }", arg=ticket, timeout=5000)
    assert "Pustakawan mencari jawaban" in tab.locator(f"tr[data-ticket='{ticket}']").inner_text()
    context.close()
    assert not errors, errors
    assert not foreign_requests(requests)


def test_server_errors_are_shown_next_to_their_fields(browser, site_and_endpoint):
    site_url, running = site_and_endpoint
    context, _ = _context(browser)
    tab = context.new_page()
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
    context, _ = _context(browser)
    tab = context.new_page()
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
    context, _ = _context(browser)
    tab = context.new_page()
    tab.goto(site_url + f"katalog/{item}.html")
    status = tab.locator(f".pustaka-status[data-barcode='{barcode}']")
    tab.wait_for_function("document.querySelector('[data-pustaka-availability]').dataset.live === 'true'",
                          timeout=5000)
    assert status.inner_text().startswith("Dipinjam") and "2026-12-31" in status.inner_text()
    # The item page links to the loan form with the item filled in.
    assert tab.locator(f"a[href$='layanan/peminjaman.html?item={item}']").count() == 1
    context.close()
    # When the endpoint cannot be reached, the page keeps the state recorded at build time.
    context, _ = _context(browser)
    context.route(running.url + "/**", lambda route: route.abort("internetdisconnected"))
    tab = context.new_page()
    tab.goto(site_url + f"katalog/{item}.html")
    tab.wait_for_timeout(300)
    assert tab.locator(f".pustaka-status[data-barcode='{barcode}']").inner_text() == "Tersedia"
    context.close()


@pytest.mark.parametrize("path", ["layanan/peminjaman.html", "umpan-balik.html", "terima-kasih.html",
                                  "permintaan-saya.html", "en/layanan/tanya-pustakawan.html"])
def test_form_pages_are_accessible(browser, site_and_endpoint, path):
    site_url, _ = site_and_endpoint
    context, _ = _context(browser)
    tab = context.new_page()
    tab.goto(site_url + path)
    assert_no_axe_violations(tab)
    context.close()
