"""The village loop and the SKM in Chromium, at a phone's and a desktop's size: requests kept
offline are saved to a file, the file is imported in the dashboard (twice: one ticket each),
the outbox later sends them (still one ticket each); a closed ticket's SKM is answered and
counted in the IKM report. axe-core on the survey, import and report pages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.endpoint import skm, village
from tests.conftest import assert_no_axe_violations
from tests.endpoint_support import add_librarian
from tests.test_endpoint_browser import site_and_endpoint  # noqa: F401 - fixture

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/village-skm-shots")
VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 800}}


def _context(browser, size: str):
    # bypass_csp: axe-core is injected as a script into the endpoint's pages, whose CSP
    # (rightly) allows no inline script.
    context = browser.new_context(locale="id-ID", viewport=VIEWPORTS[size], accept_downloads=True, bypass_csp=True)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    return context, tab, errors


def shot(tab, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def assert_fits(tab, selector: str) -> None:
    """Every matching control is at least 44 px tall, inside the viewport; no horizontal scroll."""
    width = tab.viewport_size["width"]
    boxes = tab.eval_on_selector_all(selector, "els => els.map(e => { const r = e.getBoundingClientRect();"
                                               " return {h: r.height, l: r.left, r: r.right, t: e.outerHTML.slice(0, 80)}; })")
    assert boxes
    for box in boxes:
        assert box["h"] >= 44 and box["l"] >= 0 and box["r"] <= width, box
    assert tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def login(tab, base: str) -> None:
    tab.goto(base + "/dasbor/masuk")
    tab.fill("#username", "sari")
    tab.fill("#password", "rahasia-sekali")
    with tab.expect_navigation():
        tab.click("button[type=submit]")


def ask_while_unreachable(tab, site_url: str, name: str, question: str) -> None:
    tab.goto(site_url + "layanan/tanya-pustakawan.html")
    tab.fill("#f-tanya-pustakawan-nama", name)
    tab.fill("#f-tanya-pustakawan-pertanyaan", question)
    tab.fill("#f-tanya-pustakawan-email", "warga@desa.example")  # a question needs a way to answer it
    tab.click("form[data-pustaka-form] button[type=submit]")
    tab.locator(".pustaka-form__status .pustaka-handin").wait_for(timeout=5000)


@pytest.mark.parametrize("size", VIEWPORTS)
def test_requests_saved_offline_are_imported_twice_and_sent_later_as_one_ticket_each(
        browser, site_and_endpoint, tmp_path, size):  # noqa: F811 - fixture
    site_url, running = site_and_endpoint
    add_librarian(running)
    context, tab, errors = _context(browser, size)
    # The library's server cannot be reached from the village: requests wait in the outbox.
    context.route(running.url + "/**", lambda route: route.abort("internetdisconnected"))
    ask_while_unreachable(tab, site_url, "Siti Aminah", "Di mana arsip foto pelabuhan tahun 1950-an?")
    status = tab.inner_text(".pustaka-form__status")
    assert "tidak dapat dihubungi" in status and "Simpan sebagai berkas" in status
    with tab.expect_download() as one:
        tab.get_by_role("button", name="Simpan sebagai berkas").click()
    single = tmp_path / one.value.suggested_filename
    one.value.save_as(single)
    assert re.fullmatch(r"permintaan-tanya-pustakawan-\d{4}-\d{2}-\d{2}\.txt", single.name)
    (saved,) = village.parse(single.read_text(encoding="utf-8"))
    outbox = tab.evaluate("JSON.parse(localStorage.getItem('pustaka.outbox'))")
    assert saved.client_id == outbox[0]["id"] == outbox[0]["body"]["client_id"]
    assert saved.fields["nama"] == "Siti Aminah" and "Siti Aminah" in single.read_text(encoding="utf-8")
    # A second reader on the same device; "My requests" saves both in one file.
    ask_while_unreachable(tab, site_url, "Budi Santoso", "Apakah ada peta Tanjung Lestari lama?")
    tab.goto(site_url + "permintaan-saya.html")
    with tab.expect_download() as both:
        tab.locator("[data-save-all]").click()
    pair = tmp_path / ("semua-" + both.value.suggested_filename)
    both.value.save_as(pair)
    assert [r.fields["nama"] for r in village.parse(pair.read_text(encoding="utf-8"))] == ["Siti Aminah",
                                                                                           "Budi Santoso"]
    shot(tab, f"outbox-{size}")
    assert running.store.count_requests() == 0

    # Back at the library: the librarian imports the file, then the same file again.
    desk, librarian, desk_errors = _context(browser, size)  # the library's own computer
    login(librarian, running.url)
    for attempt, expected in ((1, "2 tiket baru, 0 sudah ada, 0 ditolak"), (2, "0 tiket baru, 2 sudah ada, 0 ditolak")):
        librarian.goto(running.url + "/dasbor/impor")
        librarian.set_input_files("#berkas", [str(pair), str(single)] if attempt == 2 else [str(pair)])
        with librarian.expect_navigation():
            librarian.click("form[enctype] button[type=submit]")
        summary = librarian.inner_text("#ringkasan-impor")
        assert summary.startswith(expected if attempt == 1 else "0 tiket baru, 3 sudah ada"), summary
        shot(librarian, f"import-{attempt}-{size}")
        assert_fits(librarian, "main button, main input[type=file]")
        assert_no_axe_violations(librarian)
    desk.close()
    assert not desk_errors, desk_errors
    assert running.store.count_requests() == 2
    tickets = {running.store.client_request(e["id"])["ticket"] for e in outbox} | {
        running.store.client_request(r.client_id)["ticket"] for r in village.parse(pair.read_text(encoding="utf-8"))}
    assert len(tickets) == 2

    # Later the device is online: the outbox sends both; the library answers with the same tickets.
    context.unroute(running.url + "/**")
    tab.goto(site_url + "permintaan-saya.html")
    tab.wait_for_function("JSON.parse(localStorage.getItem('pustaka.outbox') || '[]').length === 0", timeout=5000)
    kept = {t["ticket"] for t in tab.evaluate("JSON.parse(localStorage.getItem('pustaka.tickets'))")}
    assert kept == tickets and running.store.count_requests() == 2
    context.close()
    assert not errors, errors


@pytest.mark.parametrize("size", VIEWPORTS)
def test_an_skm_answered_on_a_phone_is_counted_in_the_ikm_report(browser, site_and_endpoint, size):  # noqa: F811
    _, running = site_and_endpoint
    add_librarian(running)
    made = running.store.create_request(service="tanya-pustakawan", data={"nama": "Siti", "pertanyaan": "?"})
    running.store.update_request(made["id"], actor="sari", kind="closed", public=True, status="closed",
                                 closed_at=running.store.request(made["ticket"])["created_at"])
    context, tab, errors = _context(browser, size)
    tab.goto(f"{running.url}/survei/{made['ticket']}?token={made['token']}")
    assert tab.locator("h1").inner_text() == "Survei Kepuasan Masyarakat"
    assert tab.locator("fieldset").count() == len(skm.ELEMENTS) + len(skm.PROFILE)
    assert_fits(tab, ".choice, button, input[type=number]")
    assert tab.evaluate("getComputedStyle(document.querySelector('#q-age')).fontSize") == "16px"
    assert_no_axe_violations(tab)
    shot(tab, f"survey-{size}")
    # Submitting with one element unanswered: the browser's own check stops it.
    for n, element in enumerate(skm.ELEMENTS):
        tab.check(f"#{element['code']}-{[4, 3, 4, 3, 4, 4, 3, 4, 3][n]}")
    tab.check("#education-6")
    with tab.expect_navigation():
        tab.click("button[type=submit]")
    assert "sudah tercatat" in tab.inner_text("main")
    assert_no_axe_violations(tab)
    login(tab, running.url)
    tab.goto(running.url + "/dasbor/laporan?periode=tahun")
    total = tab.locator("#tabel-ikm tr[data-service=''][data-branch='']").first
    # Six 4s and three… per element: the one answer is the average; 32/9 = 3.5556 → 88.89, A.
    assert total.locator(".ikm").inner_text() == "88.89" and total.locator(".mutu").inner_text() == "A"
    assert "Sangat Baik" in total.inner_text()
    shot(tab, f"ikm-report-{size}")
    assert_no_axe_violations(tab)
    context.close()
    assert not errors, errors
    assert json.loads(json.dumps(running.store.skm_responses()))[0]["education"] == "S1"
