"""The reference-question journey in Chromium, at a phone's and a desktop's size: a question
sent from the service page, answered in the dashboard with a file, read on the patron's
status page reached from "Permintaan saya". Screenshots go to /tmp/ticket-status-shots/."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import assert_no_axe_violations, foreign_requests
from tests.endpoint_support import *  # noqa: F401,F403 - fixtures
from tests.endpoint_support import add_librarian
from tests.test_endpoint_browser import _page, site_and_endpoint  # noqa: F401 - fixture

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/ticket-status-shots")
VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 800}}
PDF = b"%PDF-1.4\n% Daftar pustaka beranotasi\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
ANSWER = ("Arsip foto pelabuhan 1950-an ada di Ruang Naskah Gedung Pusat.\n"
          "Katalognya: https://arsip.example/pelabuhan <b>bukan tag</b>")


def shot(tab, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def assert_fits(tab, selector: str) -> None:
    """Every control matched is at least 44 px tall and inside the viewport; no sideways scroll."""
    boxes = tab.evaluate("""sel => Array.from(document.querySelectorAll(sel))
        .filter(el => el.offsetParent !== null)
        .map(el => { const r = el.getBoundingClientRect();
                     return {what: el.outerHTML.slice(0, 80), h: r.height, left: r.left, right: r.right}; })""",
                         selector)
    assert boxes, f"no control matched {selector}"
    width = tab.evaluate("window.innerWidth")
    for box in boxes:
        assert box["h"] >= 44, box
        assert box["left"] >= 0 and box["right"] <= width, box
    assert tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_a_reference_question_is_answered_and_read_on_the_status_page(browser, site_and_endpoint, size):
    site_url, running = site_and_endpoint
    viewport = VIEWPORTS[size]
    context, requests, tab, errors = _page(browser, viewport=viewport, accept_downloads=True)

    # The patron asks, first with no way to be answered: the page itself refuses.
    tab.goto(site_url + "layanan/tanya-pustakawan.html")
    tab.fill("#f-tanya-pustakawan-nama", "Siti Aminah")
    tab.fill("#f-tanya-pustakawan-pertanyaan", "Di mana arsip foto pelabuhan tahun 1950-an?")
    tab.click("form[data-pustaka-form] button[type=submit]")
    message = tab.evaluate("document.querySelector('#f-tanya-pustakawan-email').validationMessage")
    assert "surel atau nomor WhatsApp" in message
    assert running.store.count_requests() == 0
    tab.fill("#f-tanya-pustakawan-telepon", "0812-3456-7890")
    tab.click("form[data-pustaka-form] button[type=submit]")
    ticket = tab.locator(".pustaka-form__status .pustaka-ticket").inner_text(timeout=5000)
    # The inline thank-you links the status page, the token in the fragment only.
    link = tab.get_attribute(".pustaka-form__status a[href*='status-tiket.html']", "href")
    assert link.startswith("../status-tiket.html#" + ticket + "/") and "?" not in link
    stored = running.store.request(ticket)
    assert stored["data"]["telepon"] == "+6281234567890"  # normalised for WhatsApp

    # A librarian answers from the dashboard, at the same size, and attaches the result.
    add_librarian(running)
    # bypass_csp: only so that axe-core can be injected into the dashboard page.
    staff, _, desk, desk_errors = _page(browser, viewport=viewport, bypass_csp=True)
    desk.goto(running.url + "/dasbor/masuk")
    desk.fill("#username", "sari")
    desk.fill("#password", "rahasia-sekali")
    with desk.expect_navigation():
        desk.click("form button")
    desk.goto(f"{running.url}/dasbor/permintaan/{ticket}")
    desk.fill("#jawaban", ANSWER)
    with desk.expect_navigation():
        desk.click("form[action$='/jawab'] button")
    desk.set_input_files("#berkas-baru", files=[{"name": "daftar-pustaka.pdf", "mimeType": "application/pdf",
                                                 "buffer": PDF}])
    with desk.expect_navigation():
        desk.click("form[action^='/dasbor/lampiran/'] button")
    assert desk.locator("#berkas a").inner_text() == "daftar-pustaka.pdf"
    whatsapp = desk.get_attribute("#kirim-wa", "href")
    assert whatsapp.startswith("https://wa.me/6281234567890?text=") and ticket in whatsapp
    assert "status-tiket.html%23" + ticket in whatsapp  # the message links the status page
    with desk.expect_navigation():
        desk.click(f"form[action='/dasbor/permintaan/{ticket}/selesai'] button")
    shot(desk, f"dashboard-detail-{size}")
    assert_no_axe_violations(desk)
    staff.close()
    assert not desk_errors

    # The patron finds it in "Permintaan saya", a list of cards, and opens its status page.
    tab.goto(site_url + "permintaan-saya.html")
    card = tab.locator(f"li[data-ticket='{ticket}']")
    card.wait_for(timeout=5000)
    tab.wait_for_function("t => !document.querySelector(`li[data-ticket='${t}'] .pustaka-request__state`)"
                          ".textContent.includes('…')", arg=ticket, timeout=5000)
    assert "Selesai" in card.inner_text() and "Jawaban sudah tersedia" in card.inner_text()
    assert_fits(tab, ".md-content a.md-button")
    shot(tab, f"permintaan-saya-{size}")
    assert_no_axe_violations(tab)
    card.get_by_role("link", name=re.compile("Lihat status")).click()
    tab.wait_for_function("document.querySelector('[data-pustaka-status]').dataset.loaded === 'true'", timeout=5000)
    assert tab.url.startswith(site_url + "status-tiket.html#" + ticket + "/")
    assert tab.inner_text("#pustaka-service") == "Tanya Pustakawan"
    assert tab.inner_text("#pustaka-state") == "Selesai"
    answer = tab.locator("#pustaka-answer-text")
    assert answer.inner_text() == ANSWER  # as text: the markup in it is shown, not run
    assert tab.locator("#pustaka-answer-text b").count() == 0
    assert answer.locator("a").get_attribute("href") == "https://arsip.example/pelabuhan"
    steps = tab.locator("#pustaka-steps li")
    assert steps.count() == 3
    for index in range(3):
        assert re.search(r"Paling lambat \w+, \d{1,2} \w+ \d{4}, \d{2}\.\d{2} WITA", steps.nth(index).inner_text())
    assert "WITA" in tab.inner_text("#pustaka-due-completion")
    assert tab.inner_text("#pustaka-branch") == "Belum ditentukan"
    body = tab.inner_text("main")
    assert "Siti" not in body and "0812" not in body and "+62" not in body  # no personal data
    with tab.expect_download() as download:
        tab.click("#pustaka-files a")
    assert download.value.suggested_filename == "daftar-pustaka.pdf"
    assert Path(download.value.path()).read_bytes() == PDF
    assert_fits(tab, ".md-content a.md-button")
    shot(tab, f"status-tiket-{size}")
    assert_no_axe_violations(tab)
    context.close()
    assert not errors, errors
    # wa.me is only a link for the librarian to open: nothing left this machine.
    assert not foreign_requests(requests)


def test_the_status_page_takes_no_endpoint_from_its_address(browser, site_and_endpoint):
    site_url, running = site_and_endpoint
    made = running.store.create_request(service="tanya-pustakawan", data={"nama": "Siti", "email": "s@x.id",
                                                                          "pertanyaan": "?"})
    context, requests, tab, errors = _page(browser, viewport=VIEWPORTS["phone"])
    tab.goto(site_url + f"status-tiket.html?endpoint=http://127.0.0.9:1#{made['ticket']}/{made['token']}")
    tab.wait_for_function("document.querySelector('[data-pustaka-status]').dataset.loaded === 'true'", timeout=5000)
    assert not [u for u in requests if urlsplit(u).hostname == "127.0.0.9"]
    assert tab.inner_text("#pustaka-state") == "Diproses"
    tab.goto(site_url + f"en/status-tiket.html#{made['ticket']}/{made['token']}")
    tab.wait_for_function("document.querySelector('[data-pustaka-status]').dataset.loaded === 'true'", timeout=5000)
    assert tab.inner_text("#pustaka-state") == "In progress"
    assert re.search(r"Due by \w+day, \d{1,2} \w+ \d{4}, \d\d:\d\d WITA", tab.inner_text("#pustaka-steps"))
    assert "No answer yet" in tab.inner_text("main")
    # Opened from a message on a new phone: "Permintaan saya" lists it from now on.
    tab.goto(site_url + "permintaan-saya.html")
    tab.locator(f"li[data-ticket='{made['ticket']}']").wait_for(timeout=5000)
    # A wrong token shows a message, never another ticket.
    tab.goto(site_url + f"status-tiket.html#{made['ticket']}/{'x' * 32}")
    tab.wait_for_function("document.querySelector('[data-pustaka-status]').textContent.includes('tidak ditemukan')",
                          timeout=5000)
    context.close()
    assert not errors, errors


@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_the_endpoints_own_status_page_reads_without_javascript(browser, site_and_endpoint, size):
    site_url, running = site_and_endpoint
    made = running.store.create_request(service="tanya-pustakawan", data={"nama": "Siti", "email": "s@x.id",
                                                                          "pertanyaan": "?", "cabang": "pusat"},
                                        branch="pusat", lang="en")
    row = running.store.request(made["ticket"])
    running.store.save_answer(row["id"], "See the Manuscript Room.", actor="sari", now=row["created_at"])
    running.store.attach(row["id"], filename="list.pdf", content_type="application/pdf", data=b"%PDF-1.4",
                         actor="sari", now=row["created_at"])
    context, _, tab, _ = _page(browser, viewport=VIEWPORTS[size])
    tab.goto(f"{running.url}/tiket/{made['ticket']}?token={made['token']}")
    assert tab.locator("script").count() == 0  # a page without JavaScript (axe needs it on, to check)
    assert tab.inner_text("h1") == "Ask a librarian"  # the reader's language
    assert "Gedung Pusat" in tab.inner_text("#cabang") and "WITA" in tab.inner_text("#batas-completion")
    assert tab.locator("#tahapan li").count() == 3
    assert_fits(tab, "a.unduh")
    shot(tab, f"endpoint-tiket-{size}")
    assert_no_axe_violations(tab)
    context.close()


def test_the_sites_thank_you_page_links_the_status_page_and_keeps_its_own_endpoint(browser, site_and_endpoint):
    site_url, running = site_and_endpoint
    made = running.store.create_request(service="tanya-pustakawan", data={"nama": "Siti", "email": "s@x.id",
                                                                          "pertanyaan": "?"})
    context, requests, tab, errors = _page(browser, viewport=VIEWPORTS["phone"])
    tab.goto(site_url + f"terima-kasih.html?tiket={made['ticket']}&token={made['token']}"
             "&layanan=tanya-pustakawan&endpoint=http://127.0.0.9:1")
    link = tab.locator("[data-pustaka-thanks] a[href*='status-tiket.html']")
    assert link.get_attribute("href") == f"status-tiket.html#{made['ticket']}/{made['token']}"
    # The page keeps the ticket as it starts; wait for that rather than racing it on a busy machine.
    tab.wait_for_function("localStorage.getItem('pustaka.tickets') !== null", timeout=20000)
    kept = tab.evaluate("JSON.parse(localStorage.getItem('pustaka.tickets'))")
    assert [k["endpoint"] for k in kept] == [running.url]  # never the one named in the address
    link.click()
    tab.wait_for_function("document.querySelector('[data-pustaka-status]').dataset.loaded === 'true'", timeout=20000)
    assert not [u for u in requests if urlsplit(u).hostname == "127.0.0.9"]
    context.close()
    assert not errors, errors
