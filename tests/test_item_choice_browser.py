"""Choosing the item in Chromium: request forms on an item's page (JavaScript on and off),
the title / call-number picker on a service's form, and a refusal for a reference-only
copy, each sent to a real endpoint on 127.0.0.1. Screenshots go to /tmp/item-choice-shots/."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import assert_no_axe_violations, foreign_requests
from tests.test_endpoint_browser import _page, site_and_endpoint  # noqa: F401 - fixture

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/item-choice-shots")
VIEWPORTS = [pytest.param({"width": 360, "height": 740}, id="phone"),
             pytest.param({"width": 1280, "height": 800}, id="desktop")]
MEMBER = (("nomor_anggota", "TL-2024-01234"), ("nama", "Budi Santoso"), ("telepon", "0812 3456 7890"))


def shot(tab, name: str, viewport: dict) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SHOTS / f"{name}-{viewport['width']}.png"), full_page=False)


def assert_fits(tab, selector: str, viewport: dict) -> None:
    """Each element matched is a touch target of at least 44 px inside the viewport, and
    the page does not scroll sideways because of it."""
    boxes = tab.eval_on_selector_all(selector, "els => els.map(e => { const r = e.getBoundingClientRect();"
                                               " return [r.left, r.right, r.height]; })")
    assert boxes, selector
    for left, right, height in boxes:
        assert height >= 44 and left >= 0 and right <= viewport["width"], (selector, left, right, height)


def fill_member(tab, service: str) -> None:
    for name, value in MEMBER:
        tab.fill(f"#f-{service}-{name}", value)
    tab.select_option(f"#f-{service}-cabang_ambil", "pusat")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_loan_from_an_item_page_with_javascript(browser, site_and_endpoint, viewport):  # noqa: F811
    site_url, running = site_and_endpoint
    context, requests, tab, errors = _page(browser, viewport=viewport)
    tab.goto(site_url + "katalog/angin-selatan-di-tanjung.html")
    assert_fits(tab, "details.pustaka-request > summary", viewport)
    tab.click("#minta-peminjaman > summary")
    # The item is chosen already, shown by its title; the reader never sees an id.
    chosen = tab.locator("#f-peminjaman-item")
    assert chosen.inner_text() == "Angin Selatan di Tanjung · 899.221 3 RON a"
    assert tab.locator("#minta-peminjaman label[for='f-peminjaman-item']").is_visible()
    fill_member(tab, "peminjaman")
    chosen.scroll_into_view_if_needed()
    shot(tab, "item-page-loan-js", viewport)
    tab.click("#minta-peminjaman button[type=submit]")
    ticket = tab.locator("#minta-peminjaman .pustaka-form__status .pustaka-ticket").inner_text(timeout=5000)
    stored = running.store.request(ticket)
    assert stored["service"] == "peminjaman" and stored["item"] == "angin-selatan-di-tanjung"
    context.close()
    assert not errors, errors
    assert not foreign_requests(requests)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_loan_from_an_item_page_without_javascript(browser, site_and_endpoint, viewport):  # noqa: F811
    site_url, running = site_and_endpoint
    context, _, tab, _ = _page(browser, viewport=viewport, java_script_enabled=False)
    tab.goto(site_url + "katalog/salah-asuhan.html")
    tab.click("#minta-peminjaman > summary")  # a native disclosure: no script needed
    assert tab.locator("#f-peminjaman-item").inner_text() == "Salah Asuhan · 899.221 3 MOE s"
    fill_member(tab, "peminjaman")
    shot(tab, "item-page-loan-nojs", viewport)
    with tab.expect_navigation():
        tab.click("#minta-peminjaman button[type=submit]")
    assert tab.url.startswith(running.url + "/terima-kasih?")
    stored = running.store.request(tab.inner_text("#tiket"))
    assert stored["item"] == "salah-asuhan" and stored["data"]["nama"] == "Budi Santoso"
    shot(tab, "item-page-loan-nojs-thanks", viewport)
    context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_picker_chooses_an_item_by_part_of_its_title(browser, site_and_endpoint, viewport):  # noqa: F811
    site_url, running = site_and_endpoint
    context, requests, tab, errors = _page(browser, viewport=viewport)
    tab.goto(site_url + "layanan/peminjaman.html")
    field = tab.locator("#f-peminjaman-item")
    # The item list is loaded on the field's first focus, not with the page.
    assert tab.evaluate("window.pustakaItemChoices === undefined")
    assert field.get_attribute("role") == "combobox" and field.get_attribute("aria-expanded") == "false"
    fill_member(tab, "peminjaman")
    field.click()
    field.press_sequentially("salah asu")
    listbox = tab.locator("#f-peminjaman-item-pilihan")
    listbox.wait_for(state="visible", timeout=5000)
    assert field.get_attribute("aria-expanded") == "true"
    assert listbox.get_attribute("role") == "listbox"
    assert tab.locator("#f-peminjaman-item-pilihan [role=option]").first.inner_text().startswith("Salah Asuhan")
    assert_fits(tab, "#f-peminjaman-item-pilihan [role=option]", viewport)
    field.press("ArrowDown")
    active = field.get_attribute("aria-activedescendant")
    assert active and tab.get_attribute(f"#{active}", "aria-selected") == "true"
    shot(tab, "picker-title", viewport)
    field.press("Enter")  # chooses; does not send the form
    assert field.input_value() == "Salah Asuhan · 899.221 3 MOE s"
    assert field.get_attribute("aria-expanded") == "false" and not listbox.is_visible()
    assert running.store.count_requests() == 0
    tab.click("form[data-pustaka-form] button[type=submit]")
    ticket = tab.locator(".pustaka-form__status .pustaka-ticket").inner_text(timeout=5000)
    assert running.store.request(ticket)["item"] == "salah-asuhan"
    context.close()
    assert not errors, errors
    assert not foreign_requests(requests)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_picker_chooses_an_item_by_call_number_with_a_tap(browser, site_and_endpoint, viewport):  # noqa: F811
    site_url, running = site_and_endpoint
    context, _, tab, errors = _page(browser, viewport=viewport, has_touch=True)
    tab.goto(site_url + "layanan/reservasi.html")
    field = tab.locator("#f-reservasi-item")
    field.click()
    field.press_sequentially("899.221 3 rus")
    option = tab.locator("#f-reservasi-item-pilihan [role=option]", has_text="Sitti Nurbaya")
    option.wait_for(timeout=5000)
    assert tab.locator("#f-reservasi-item-pilihan [role=option]").count() == 1
    shot(tab, "picker-call-number", viewport)
    option.tap()
    assert field.input_value() == "Sitti Nurbaya · 899.221 3 RUS s"
    assert "Dipilih: Sitti Nurbaya" in tab.inner_text("#f-reservasi-item ~ .pustaka-picker__status")
    context.close()
    assert not errors, errors


def test_picker_works_from_a_usb_stick(browser, built_sample_site):
    """file://: the list is a <script>, which a browser loads where fetch() would be refused."""
    context, requests, tab, errors = _page(browser)
    tab.goto((built_sample_site / "en/layanan/peminjaman.html").as_uri())
    tab.click("#f-peminjaman-item")
    tab.keyboard.type("babad")
    tab.locator("#f-peminjaman-item-pilihan [role=option]", has_text="Babad Tanah Jawi").wait_for(timeout=5000)
    tab.keyboard.press("ArrowDown")
    tab.keyboard.press("Enter")
    assert tab.input_value("#f-peminjaman-item") == "Babad Tanah Jawi · NK-JAW 11"
    tab.fill("#f-peminjaman-item", "zzzz")
    assert "No item matches" in tab.inner_text("#f-peminjaman-item ~ .pustaka-picker__status")
    context.close()
    assert not errors, errors
    assert not foreign_requests(requests)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_reference_only_copy_is_not_lent(browser, site_and_endpoint, viewport):  # noqa: F811
    site_url, running = site_and_endpoint
    context, _, tab, errors = _page(browser, viewport=viewport)
    # Its page offers no loan, says why, and offers what the copy allows.
    tab.goto(site_url + "katalog/babad-tanah-jawi.html")
    assert tab.locator("#minta-peminjaman, #minta-reservasi, #minta-perpanjangan").count() == 0
    assert tab.locator("#minta-reproduksi-koleksi").count() == 1
    note = tab.locator(".pustaka-actions__note").first
    assert note.inner_text().startswith("Koleksi ini hanya untuk dibaca di tempat")
    tab.locator("#h-request").scroll_into_view_if_needed()
    shot(tab, "reference-only-item", viewport)
    # A loan asked for anyway (a service page, or a page built before) is refused by the endpoint.
    tab.goto(site_url + "layanan/peminjaman.html")
    fill_member(tab, "peminjaman")
    tab.click("#f-peminjaman-item")
    tab.keyboard.type("babad tanah")
    tab.locator("#f-peminjaman-item-pilihan [role=option]").first.wait_for(timeout=5000)
    tab.keyboard.press("ArrowDown")
    tab.keyboard.press("Enter")
    tab.click("form[data-pustaka-form] button[type=submit]")
    tab.wait_for_function("document.querySelector('#f-peminjaman-item-error').textContent.length > 0", timeout=5000)
    assert "Babad Tanah Jawi: Koleksi ini hanya untuk dibaca di tempat" in tab.inner_text("#f-peminjaman-item-error")
    assert tab.get_attribute("#f-peminjaman-item", "aria-invalid") == "true"
    tab.locator("#f-peminjaman-item").scroll_into_view_if_needed()
    shot(tab, "reference-only-refused", viewport)
    assert running.store.count_requests() == 0
    context.close()
    assert not errors, errors


def test_item_page_and_picker_are_accessible(browser, site_and_endpoint):  # noqa: F811
    site_url, _ = site_and_endpoint
    context, _, tab, _ = _page(browser)
    tab.goto(site_url + "katalog/angin-selatan-di-tanjung.html")
    tab.click("#minta-peminjaman > summary")
    assert_no_axe_violations(tab)
    tab.goto(site_url + "katalog/babad-tanah-jawi.html")
    assert_no_axe_violations(tab)
    tab.goto(site_url + "layanan/peminjaman.html")
    tab.click("#f-peminjaman-item")
    tab.keyboard.type("sejarah")
    tab.locator("#f-peminjaman-item-pilihan [role=option]").first.wait_for(timeout=5000)
    tab.keyboard.press("ArrowDown")
    assert_no_axe_violations(tab)  # with the list open and an option active
    context.close()


def test_a_refused_request_kept_from_an_item_page_opens_its_form_to_fix(browser, site_and_endpoint):  # noqa: F811
    site_url, _ = site_and_endpoint
    context, _, tab, errors = _page(browser)
    page = site_url + "katalog/angin-selatan-di-tanjung.html"
    kept = {"id": "k1", "endpoint": "", "name": "Peminjaman Koleksi", "queued": "2026-08-14T08:00:00.000Z",
            "page": page, "error": {"status": 422, "message": "periksa kembali isian berikut",
                                    "errors": {"nomor_anggota": "wajib diisi"}},
            "body": {"service": "peminjaman", "lang": "id", "website": "",
                     "fields": {"nama": "Budi", "item": "angin-selatan-di-tanjung"}}}
    tab.goto(page)
    tab.evaluate("e => localStorage.setItem('pustaka.outbox', JSON.stringify([e]))", kept)
    tab.goto(site_url + "permintaan-saya.html")  # "Perbaiki" there links to the item page
    tab.goto(page + "#pustaka-perbaiki=k1")
    tab.wait_for_function("document.querySelector('#minta-peminjaman').open")
    assert tab.inner_text("#f-peminjaman-nomor_anggota-error") == "wajib diisi"
    assert tab.input_value("#f-peminjaman-nama") == "Budi"
    context.close()
    assert not errors, errors


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_without_javascript_a_typed_title_is_resolved_or_refused_by_the_endpoint(
        browser, site_and_endpoint, viewport):  # noqa: F811
    site_url, running = site_and_endpoint
    context, _, tab, _ = _page(browser, viewport=viewport, java_script_enabled=False)
    tab.goto(site_url + "layanan/peminjaman.html")
    assert tab.get_attribute("#f-peminjaman-item", "pattern") is None  # a title is a valid value
    fill_member(tab, "peminjaman")
    tab.fill("#f-peminjaman-item", "Babad Tanah Jawi")
    with tab.expect_navigation():
        tab.click("form[data-pustaka-form] button[type=submit]")
    assert "Koleksi ini hanya untuk dibaca di tempat" in tab.inner_text("body")
    shot(tab, "nojs-reference-only-refused", viewport)
    tab.go_back()
    fill_member(tab, "peminjaman")
    tab.fill("#f-peminjaman-item", "layar terkembang")
    with tab.expect_navigation():
        tab.click("form[data-pustaka-form] button[type=submit]")
    assert tab.url.startswith(running.url + "/terima-kasih?")
    assert running.store.request(tab.inner_text("#tiket"))["item"] == "layar-terkembang"
    context.close()
