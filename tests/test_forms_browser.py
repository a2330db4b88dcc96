"""Request forms and the endpoint's own pages in Chromium, at a phone's and a desktop's size,
posting to a real endpoint on 127.0.0.1: every control's box, the error summary and its
focus with JavaScript, the endpoint's error and thank-you pages without it, and axe-core.

Screenshots go to /tmp/forms-look-shots/ (one per page and size) for a person to look at.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import CHROMIUM, assert_no_axe_violations, foreign_requests, watch_requests
from tests.endpoint_support import start_endpoint, stop_endpoint

pytestmark = pytest.mark.browser
DEFAULT_ENDPOINT = "http://127.0.0.1:8001"
SHOTS = Path("/tmp/forms-look-shots")
PHONE, DESKTOP = {"width": 360, "height": 740}, {"width": 1280, "height": 800}
SIZES = pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360x740", "1280x800"])

# Every visible control of the page's request forms, with what a reader touches to use it:
# a check box counts with its label (the whole label toggles it).
MEASURE = """() => {
  const out = [];
  for (const el of document.querySelectorAll('form[data-pustaka-form] :is(input, select, textarea, button)')) {
    if (el.type === 'hidden' || !el.getClientRects().length) continue;
    const box = el.getBoundingClientRect();
    let target = box;
    if (el.type === 'checkbox' || el.type === 'radio') {
      const label = el.labels[0].getBoundingClientRect();
      target = {top: Math.min(box.top, label.top), bottom: Math.max(box.bottom, label.bottom),
                left: Math.min(box.left, label.left), right: Math.max(box.right, label.right)};
    }
    out.push({name: el.name || el.type, type: el.type, height: target.bottom - target.top, box: box.height,
              left: target.left, right: target.right, font: parseFloat(getComputedStyle(el).fontSize)});
  }
  return {controls: out, scrollWidth: document.scrollingElement.scrollWidth, innerWidth: innerWidth};
}"""

# The contrast of a control's border against the page (WCAG 1.4.11 asks 3:1).
BORDER_CONTRAST = """el => {
  const rgba = s => s.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(c => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; })
    .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
  const [r, g, b, a = 1] = rgba(getComputedStyle(el).borderTopColor);
  const border = [r, g, b].map(c => c * a + 255 * (1 - a));  // over the white page
  const l1 = lum(border), l2 = lum([255, 255, 255]);
  return (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
}"""


@pytest.fixture(scope="module")
def served(built_sample_site: Path, tmp_path_factory: pytest.TempPathFactory):
    """A copy of the sample site whose forms post to an endpoint on a free port, both served."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (scripts/test installs it)")
    import functools
    import threading

    from tests.conftest import QuietServer, _QuietHandler

    base = tmp_path_factory.mktemp("forms-look")
    site = base / "site"
    shutil.copytree(built_sample_site, site)
    server = QuietServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    site_url = f"http://127.0.0.1:{server.server_port}/"
    # No --origin: the site is served on a loopback port, as the local preview is.
    running = start_endpoint(site / "assets/pustaka/forms.json", str(base / "e.db"), origins=[], rate_limit=1000)
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if DEFAULT_ENDPOINT in text:
            page.write_text(text.replace(DEFAULT_ENDPOINT, running.url), encoding="utf-8")
    SHOTS.mkdir(parents=True, exist_ok=True)
    yield site_url, running, site
    stop_endpoint(running)
    server.shutdown()
    server.server_close()


def _event_page(site: Path) -> str:
    """An event page that takes registrations (whichever the sample's dates leave open)."""
    for page in sorted((site / "kegiatan").glob("*.html")):
        if "data-pustaka-form" in page.read_text(encoding="utf-8"):
            return f"kegiatan/{page.name}"
    pytest.fail("no event page of the sample takes registrations")


@pytest.fixture
def tab_for(browser):
    contexts = []

    def open_tab(viewport: dict, *, javascript: bool = True, locale: str = "id-ID"):
        context = browser.new_context(viewport=viewport, locale=locale, java_script_enabled=javascript)
        tab = context.new_page()
        tab.pustaka_requests = watch_requests(context)  # type: ignore[attr-defined]
        tab.pustaka_errors = []  # type: ignore[attr-defined]
        tab.on("pageerror", lambda exc: tab.pustaka_errors.append(str(exc)))
        contexts.append((context, tab))
        return tab

    yield open_tab
    for context, tab in contexts:
        context.close()
        assert not foreign_requests(tab.pustaka_requests)
        assert not tab.pustaka_errors, tab.pustaka_errors


def _shot(tab, name: str, viewport: dict) -> None:
    tab.screenshot(path=str(SHOTS / f"{name}-{viewport['width']}x{viewport['height']}.png"), full_page=True)


def _axe_on_a_page_shown_without_javascript(tab_for, viewport: dict, tab) -> None:
    """axe-core needs a script: the same page again in a tab that runs one (a page that
    answered a POST is given its HTML, which holds its styles)."""
    other = tab_for(viewport)
    if tab.url.endswith("/api/requests"):
        other.set_content(tab.content())
    else:
        other.goto(tab.url)
    assert_no_axe_violations(other)


def _assert_fits(tab, where: str) -> list[dict]:
    measured = tab.evaluate(MEASURE)
    controls = measured["controls"]
    assert controls, f"{where}: no form controls"
    assert measured["scrollWidth"] <= measured["innerWidth"], f"{where}: scrolls sideways {measured}"
    for c in controls:
        assert c["height"] >= 44, f"{where}: {c['name']} is {c['height']:.1f} px tall"
        assert c["left"] >= 0 and c["right"] <= measured["innerWidth"], f"{where}: {c['name']} leaves the screen {c}"
        assert c["font"] >= 16, f"{where}: {c['name']} has {c['font']} px text"
        if c["type"] in ("checkbox", "radio"):
            assert c["box"] >= 24, f"{where}: the box of {c['name']} is {c['box']} px"
    return controls


FORM_PAGES = ["layanan/literasi-informasi.html", "umpan-balik.html", "EVENT", "en/layanan/peminjaman.html"]


@SIZES
@pytest.mark.parametrize("path", FORM_PAGES)
def test_every_form_control_fits_the_screen_and_a_finger(served, tab_for, viewport, path):
    site_url, _, site = served
    path = _event_page(site) if path == "EVENT" else path
    tab = tab_for(viewport)
    tab.goto(site_url + path)
    controls = _assert_fits(tab, f"{path} at {viewport['width']} px")
    names = {c["name"] for c in controls}
    assert any(c["type"] == "submit" for c in controls)
    # Text fields, dropdowns and text areas show their edge against the page (3:1 or more).
    for field in tab.locator("form[data-pustaka-form] :is(input:not([type=hidden]):not([type=checkbox]), select, "
                             "textarea)").all():
        if field.is_visible():
            assert field.evaluate(BORDER_CONTRAST) >= 3, f"{path}: {field.get_attribute('name')}"
    # A visible focus ring.
    first = tab.locator("form[data-pustaka-form] :is(input:not([type=hidden]), select, textarea) >> visible=true").first
    first.focus()
    ring = first.evaluate("el => [getComputedStyle(el).outlineStyle, parseFloat(getComputedStyle(el).outlineWidth)]")
    assert ring[0] != "none" and ring[1] >= 2, ring
    _shot(tab, re.sub(r"[/.]", "-", path.removesuffix(".html")), viewport)
    assert_no_axe_violations(tab)
    if path == "layanan/literasi-informasi.html":
        assert {"daring", "cabang", "materi"} <= names  # a check box, a dropdown and a text area were measured


@SIZES
def test_an_invalid_form_with_javascript_is_summarised_at_the_top_and_focused(served, tab_for, viewport):
    site_url, running, _ = served
    before = running.store.count_requests()
    tab = tab_for(viewport)
    tab.goto(site_url + "umpan-balik.html")
    tab.fill("#f-umpan-balik-email", "bukan-alamat")
    tab.click("form[data-pustaka-form] button[type=submit]")
    summary = tab.locator("[data-pustaka-summary]")
    summary.wait_for(state="visible")
    assert tab.evaluate("document.activeElement.matches('[data-pustaka-summary]')")
    assert summary.locator("a").evaluate_all("as => as.map(a => a.getAttribute('href'))") == [
        "#f-umpan-balik-nilai", "#f-umpan-balik-email"]
    assert "Seberapa puas Anda dengan layanan kami?: wajib diisi" in summary.inner_text()
    # Beside each field: the message, tied to it by aria-describedby, and aria-invalid.
    for name, message in (("nilai", "wajib diisi"), ("email", "bukan alamat surel yang benar")):
        field = tab.locator(f"#f-umpan-balik-{name}")
        assert field.get_attribute("aria-invalid") == "true"
        assert f"f-umpan-balik-{name}-error" in field.get_attribute("aria-describedby").split()
        assert tab.inner_text(f"#f-umpan-balik-{name}-error") == message
    assert tab.locator("#f-umpan-balik-pesan").get_attribute("aria-invalid") is None
    _assert_fits(tab, f"feedback with errors at {viewport['width']} px")
    _shot(tab, "umpan-balik-errors-js", viewport)
    assert_no_axe_violations(tab)
    # A link in the summary takes the reader into the field.
    summary.locator("a").first.click()
    assert tab.evaluate("document.activeElement.id") == "f-umpan-balik-nilai"
    # Fixed fields lose their marks on the next try; the endpoint's own refusal is shown the same way.
    tab.select_option("#f-umpan-balik-nilai", "4")
    tab.fill("#f-umpan-balik-email", "")
    tab.evaluate("""() => { const s = document.querySelector('#f-umpan-balik-cabang');
                            s.add(new Option('Cabang lama', 'cabang-yang-sudah-tutup')); s.value = 'cabang-yang-sudah-tutup'; }""")
    tab.click("form[data-pustaka-form] button[type=submit]")
    tab.wait_for_function("document.querySelector('#f-umpan-balik-cabang').getAttribute('aria-invalid') === 'true'")
    assert tab.locator("#f-umpan-balik-nilai").get_attribute("aria-invalid") is None
    assert tab.evaluate("document.activeElement.matches('[data-pustaka-summary]')")
    assert summary.locator("a").evaluate_all("as => as.map(a => a.getAttribute('href'))") == ["#f-umpan-balik-cabang"]
    assert running.store.count_requests() == before


def _site_look(tab) -> dict:
    return tab.evaluate("""() => { const h = document.querySelector('.md-header'), b = document.body;
      return {header: getComputedStyle(h).backgroundColor, headerText: getComputedStyle(h).color,
              // mkdocs-material puts "_" (its unset web font) before the system fonts.
              font: getComputedStyle(b).fontFamily.split(',').map(f => f.trim()).filter(f => f !== '_').join(','),
              size: getComputedStyle(document.documentElement).fontSize}; }""")


@SIZES
@pytest.mark.parametrize("lang", ["id", "en"])
def test_an_invalid_form_without_javascript_gets_the_endpoints_page_in_the_patrons_language(served, tab_for, viewport,
                                                                                             lang):
    site_url, running, _ = served
    before = running.store.count_requests()
    prefix = "" if lang == "id" else "en/"
    tab = tab_for(viewport, javascript=False, locale="id-ID" if lang == "id" else "en-GB")
    tab.goto(site_url + prefix + "umpan-balik.html")
    look = _site_look(tab)
    # A page from before a branch closed offers a choice the library no longer takes: the
    # browser's checks pass, the endpoint's do not.
    tab.evaluate("""() => { const s = document.querySelector('#f-umpan-balik-cabang');
                            s.add(new Option('Cabang lama', 'cabang-yang-sudah-tutup')); }""")
    tab.select_option("#f-umpan-balik-nilai", "5")
    tab.select_option("#f-umpan-balik-cabang", "cabang-yang-sudah-tutup")
    with tab.expect_navigation() as navigation:
        tab.click("form[data-pustaka-form] button[type=submit]")
    response = navigation.value
    assert response.status == 422 and response.headers["content-type"].startswith("text/html")
    assert tab.url == running.url + "/api/requests"
    assert tab.evaluate("document.documentElement.lang") == lang
    title, label, message = (("Periksa kembali isian Anda", "Lokasi yang Anda kunjungi", "lokasi ini tidak melayani")
                             if lang == "id" else
                             ("Please check your answers", "Location you visited", "this location does not offer"))
    assert tab.inner_text("h1") == title and tab.title().startswith(title)
    assert tab.inner_text("dl.pustaka-errors dt") == label
    assert tab.inner_text("dl.pustaka-errors dd").startswith(message)
    assert "{" not in tab.inner_text("body")  # no JSON for a person
    # It looks like the site: the same header colours, type and scale.
    assert _site_look(tab) == look
    widths = tab.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
    assert widths[0] <= widths[1]
    back = tab.locator("a.md-button")
    assert back.get_attribute("href") == site_url + prefix + "umpan-balik.html"
    assert back.bounding_box()["height"] >= 44
    _shot(tab, f"endpoint-errors-{lang}", viewport)
    _axe_on_a_page_shown_without_javascript(tab_for, viewport, tab)
    # The label links to the field on the form's page.
    with tab.expect_navigation():
        tab.click("dl.pustaka-errors dt a")
    assert tab.url == site_url + prefix + "umpan-balik.html#f-umpan-balik-cabang"
    assert running.store.count_requests() == before


@SIZES
def test_the_endpoints_thank_you_page_looks_like_the_site_and_leads_back_to_it(served, tab_for, viewport):
    site_url, running, site = served
    path = _event_page(site)
    tab = tab_for(viewport, javascript=False)
    tab.goto(site_url + path)
    look = _site_look(tab)
    tab.fill("form[data-pustaka-form] input[name=nama]", "Siti Aminah")
    tab.fill("form[data-pustaka-form] input[name=telepon]", "0812 3456 7890")
    with tab.expect_navigation():
        tab.click("form[data-pustaka-form] button[type=submit]")
    assert tab.url.startswith(running.url + "/terima-kasih?")
    assert tab.title().startswith("Terima kasih — Perpustakaan Umum Kota Tanjung Lestari")
    assert _site_look(tab) == look
    ticket = tab.inner_text("#tiket")
    assert running.store.request(ticket)["service"] == "pendaftaran-kegiatan"
    assert tab.locator("a[href*='/api/']").count() == 0 and "JSON" not in tab.inner_text("body")
    widths = tab.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
    assert widths[0] <= widths[1]
    _shot(tab, "endpoint-thanks", viewport)
    _axe_on_a_page_shown_without_javascript(tab_for, viewport, tab)
    with tab.expect_navigation():
        tab.click("a.md-button--primary")
    assert tab.url.startswith(site_url + "terima-kasih.html?tiket=" + ticket)
    assert tab.title().startswith("Terima kasih - ")
    assert tab.locator("a[href*='/api/']").count() == 0
    _shot(tab, "site-thanks", viewport)
    _axe_on_a_page_shown_without_javascript(tab_for, viewport, tab)


def test_the_sites_thank_you_pages_are_titled_in_their_language(served, tab_for):
    site_url, _, _ = served
    tab = tab_for(PHONE)
    for path, title in (("terima-kasih.html", "Terima kasih"), ("en/terima-kasih.html", "Thank you")):
        tab.goto(site_url + path + "?tiket=PST-2026-000001")
        assert tab.title().startswith(title + " - ") and tab.inner_text("h1") == title
        assert tab.locator("a[href*='/api/'], a[href$='.json']").count() == 0


@SIZES
def test_the_endpoints_refusal_page_fits_and_passes_axe(served, tab_for, viewport):
    """A form from an origin the endpoint does not know, posted without JavaScript: the
    403 page names the origin and the way to allow it, in the patron's language."""
    import httpx

    _, running, _ = served
    origin = "http://192.168.1.5:8100"
    r = httpx.post(running.url + "/api/requests", data={"_layanan": "umpan-balik", "_bahasa": "id", "nilai": "5"},
                   headers={"Origin": origin, "Accept": "text/html", "Referer": origin + "/umpan-balik.html"})
    assert r.status_code == 403 and r.headers["content-type"].startswith("text/html")
    tab = tab_for(viewport)
    tab.set_content(r.text)
    assert tab.inner_text("h1") == "Permintaan belum terkirim"
    assert origin in tab.inner_text("#pesan") and tab.inner_text("#pilihan") == f"--origin {origin}"
    widths = tab.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
    assert widths[0] <= widths[1]
    _shot(tab, "endpoint-refused", viewport)
    assert_no_axe_violations(tab)
