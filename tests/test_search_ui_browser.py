"""How search results are ranked and shown, on the sample library, in Chromium: kind
labels, snippets, the typo notice, suggestions, and the phone filter panel with chips."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from .conftest import ROOT, assert_no_axe_violations

pytestmark = pytest.mark.browser

SEARCH = "katalog/cari.html"
SHOTS = Path("/tmp/search-ui-shots")
PHONE = {"width": 360, "height": 740}


def _records(**wanted: str) -> dict[str, dict]:
    out = {}
    for path in (ROOT / "collection/items").glob("*.yml"):
        item = yaml.safe_load(path.read_text(encoding="utf-8"))
        if all(item.get(k) == v for k, v in wanted.items()):
            out[item["title"]] = item
    return out


def _service_title(word: str) -> str:
    for path in (ROOT / "collection/services").glob("*.yml"):
        name = yaml.safe_load(path.read_text(encoding="utf-8"))["name"]
        name = name["id"] if isinstance(name, dict) else name
        if word in name.lower():
            return name
    raise AssertionError(f"no service named with {word!r}")


def _open(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("#pustaka-search[data-state=complete]", timeout=15000)


def _after(page, action) -> None:
    """Do ``action``, then wait until the page shows a newer search whole."""
    before = int(page.get_attribute("#pustaka-search", "data-drawn") or 0)
    action()
    page.wait_for_function("n => Number(document.querySelector('#pustaka-search').getAttribute('data-drawn')) > n"
                           " && document.querySelector('#pustaka-search').getAttribute('data-state') === 'complete'",
                           arg=before, timeout=15000)


def _results(page) -> list[dict]:
    return page.locator(".pustaka-result").evaluate_all("""els => els.map(li => ({
        title: li.querySelector('.pustaka-result__title').textContent,
        kind: li.querySelector('.pustaka-result__kind').textContent,
        type: li.getAttribute('data-kind')}))""")


def _snippets_shown(page) -> None:
    page.wait_for_function("""() => { const l = document.querySelector('.pustaka-search__results');
        return l.getAttribute('data-snippets') === l.getAttribute('data-ready'); }""", timeout=15000)


def test_peta_puts_every_map_first(built_sample_site: Path, page) -> None:
    maps = _records(type="map")
    assert len(maps) >= 3
    _open(page, (built_sample_site / SEARCH).as_uri() + "?q=peta")
    results = _results(page)
    assert {r["title"] for r in results[:len(maps)]} == set(maps)
    assert {r["kind"] for r in results[:len(maps)]} == {"Peta"}
    # the service pages that mention maps come after every catalogue record
    kinds = [r["type"] for r in results]
    assert "service" in kinds
    first_page = min(i for i, k in enumerate(kinds) if k in ("service", "branch", "event", "page"))
    assert all(k in ("service", "branch", "event", "page") for k in kinds[first_page:])


def test_naskah_puts_manuscripts_before_the_proofreading_service(built_sample_site: Path, http_server, page) -> None:
    manuscripts = _records(type="manuscript")
    service = _service_title("naskah")
    _open(page, http_server(built_sample_site) + SEARCH + "?q=naskah")
    results = _results(page)
    titles = [r["title"] for r in results]
    assert service in titles
    assert set(titles[:len(manuscripts)]) == set(manuscripts)
    at = titles.index(service)
    assert results[at]["kind"] == "Layanan"
    assert all(r["type"] not in ("service", "branch", "event", "page") for r in results[:at])


def test_a_query_naming_the_page_kind_or_title_puts_those_pages_first(built_sample_site: Path, page) -> None:
    _open(page, (built_sample_site / SEARCH).as_uri() + "?q=jam+buka")
    branches = list((ROOT / "collection/branches").glob("*.yml"))
    results = _results(page)
    assert [r["kind"] for r in results[:len(branches)]] == ["Lokasi"] * len(branches)
    service = _service_title("naskah")
    _open(page, (built_sample_site / SEARCH).as_uri() + "?q=" + service.split(" (")[0].replace(" ", "+"))
    assert _results(page)[0]["title"] == service


def test_kind_labels_in_english(built_sample_site: Path, page) -> None:
    _open(page, (built_sample_site / "en" / SEARCH).as_uri() + "?q=map")
    results = _results(page)
    maps = _records(type="map")
    assert {r["title"] for r in results[:len(maps)]} == set(maps)
    assert {r["kind"] for r in results[:len(maps)]} == {"Map"}


def test_a_description_match_shows_a_snippet_with_the_word_marked(built_sample_site: Path, page) -> None:
    # "priyayi" is in one record's description only, not in its title or catalogue card
    holders = [t for t, item in _records().items() if "priyayi" in (item.get("description") or "").lower()]
    assert len(holders) == 1 and "priyayi" not in holders[0].lower()
    _open(page, (built_sample_site / SEARCH).as_uri() + "?q=priyayi")
    _snippets_shown(page)
    result = page.locator(".pustaka-result", has_text=holders[0])
    assert result.locator(".pustaka-result__snippet mark").all_inner_texts() == ["priyayi"]
    # marked by stem too: the affixed form in the text is marked for the root typed
    _open(page, (built_sample_site / SEARCH).as_uri() + "?q=baca")
    _snippets_shown(page)
    marked = {m.lower() for m in page.locator(".pustaka-result mark").all_inner_texts()}
    assert marked - {"baca"}, marked  # e.g. "membaca", "bacaan"


def test_a_typo_match_is_said_as_such(built_sample_site: Path, page) -> None:
    assert not [t for t, item in _records().items() if "batik" in yaml.safe_dump(item, allow_unicode=True).lower()]
    _open(page, (built_sample_site / SEARCH).as_uri() + "?q=batik")
    notice = page.locator(".pustaka-search__notice")
    assert notice.is_visible()
    assert notice.locator("em").inner_text() == "batik"
    assert notice.inner_text().startswith("Tidak ada hasil untuk batik; menampilkan yang mirip:")
    assert page.locator(".pustaka-result").count() > 0
    # each similar word is a link that searches for it, in place; that search is exact
    similar = notice.locator("a").first
    word = similar.inner_text()
    _after(page, similar.click)
    assert page.input_value("#pustaka-search-q") == word
    assert page.locator(".pustaka-search__notice").is_hidden()


def test_title_matches_come_first(built_sample_site: Path, page) -> None:
    # "perahu" is in some titles and in other records' subjects and descriptions
    _open(page, (built_sample_site / SEARCH).as_uri() + "?q=perahu")
    titles = [r["title"] for r in _results(page)]
    exact = [t for t, item in _records().items() if "perahu" in item["title"].lower()]
    assert set(titles[:len(exact)]) == set(exact)


def test_nothing_found_offers_spellings_and_browse_pages(built_sample_site: Path, page) -> None:
    _open(page, (built_sample_site / SEARCH).as_uri() + "?q=sejxrqh")  # two letters from "sejarah"
    assert page.locator(".pustaka-result").count() == 0
    empty = page.locator(".pustaka-search__empty")
    assert empty.is_visible()
    browse = empty.locator(".pustaka-search__browse a")
    assert browse.count() >= 3
    for href in browse.evaluate_all("els => els.map(a => a.href)"):
        assert Path(href.replace("file://", "")).is_file(), href
    suggestion = empty.locator("a.pustaka-search__suggestion").first
    assert suggestion.inner_text() == "sejarah"
    page.evaluate("window.notReloaded = true")
    suggestion.click()
    page.wait_for_function("document.querySelector('#pustaka-search-q').value === 'sejarah'")
    page.wait_for_selector(".pustaka-result")
    assert page.evaluate("window.notReloaded") is True  # the same page ran the query
    assert empty.is_hidden()


def test_phone_results_first_and_a_filter_panel(built_sample_site: Path, browser) -> None:
    SHOTS.mkdir(exist_ok=True)
    context = browser.new_context(locale="id-ID", viewport=PHONE)
    page = context.new_page()
    try:
        _open(page, (built_sample_site / SEARCH).as_uri())
        page.fill("#pustaka-search-q", "sejarah")
        page.press("#pustaka-search-q", "Enter")
        page.wait_for_function("location.search.includes('q=sejarah') || location.hash.includes('q=sejarah')")
        page.wait_for_selector("#pustaka-search[data-state=complete]")
        first = page.locator(".pustaka-result").first.bounding_box()
        assert first["y"] + 40 < PHONE["height"]  # the first result's title is on the first screen
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.screenshot(path=str(SHOTS / "test-sejarah-360.png"))
        panel = page.locator(".pustaka-search__panel")
        assert panel.is_hidden()
        toggle = page.locator(".pustaka-search__filter-toggle")
        assert toggle.get_attribute("aria-expanded") == "false"
        assert toggle.bounding_box()["height"] >= 44
        toggle.click()
        assert panel.is_visible() and toggle.get_attribute("aria-expanded") == "true"
        options = page.locator(".pustaka-facet__option")
        assert options.count() > 5
        for box in options.evaluate_all("els => els.map(e => e.getBoundingClientRect().toJSON())"):
            assert box["height"] >= 44 and box["width"] >= 0.8 * PHONE["width"], box  # the whole row is the target
        close = page.locator(".pustaka-search__panel-close")
        assert close.bounding_box()["height"] >= 44
        page.screenshot(path=str(SHOTS / "test-panel-360.png"))
        assert_no_axe_violations(page)
        # a checked filter: results follow at once, the panel stays open until closed
        _after(page, lambda: options.filter(has_text="Foto").first.click())
        assert "jenis=photo" in page.url
        photos = {t for t, item in _records(type="photo").items()}
        page.keyboard.press("Escape")
        assert panel.is_hidden()
        assert toggle.text_content().replace("\u00a0", " ") == "Saring (1)"
        assert set(page.locator(".pustaka-result__title").all_inner_texts()) <= photos
        chip = page.get_by_role("button", name="Hapus saringan: Foto")
        assert chip.bounding_box()["height"] >= 44
        page.screenshot(path=str(SHOTS / "test-chips-360.png"))
        assert_no_axe_violations(page)
        before = page.locator(".pustaka-result").count()
        _after(page, chip.click)
        assert "jenis=" not in page.url
        assert page.locator(".pustaka-search__chips").is_hidden()
        assert page.locator(".pustaka-result").count() > before
        assert toggle.text_content() == "Saring"
    finally:
        context.close()


def test_wide_screen_keeps_the_filters_as_a_sidebar(built_sample_site: Path, http_server, page) -> None:
    SHOTS.mkdir(exist_ok=True)
    _open(page, http_server(built_sample_site) + SEARCH + "?q=sejarah&jenis=photo")
    assert page.locator(".pustaka-search__filter-toggle").is_hidden()
    assert page.locator(".pustaka-search__facets").is_visible()
    assert page.get_by_role("button", name="Hapus saringan: Foto").is_visible()
    page.screenshot(path=str(SHOTS / "test-sejarah-1280.png"))
    assert_no_axe_violations(page)


@pytest.mark.parametrize("query", ["sejxrqh", "batik", "naskah"])
def test_search_states_are_accessible(query: str, built_sample_site: Path, http_server, page) -> None:
    _open(page, http_server(built_sample_site) + SEARCH + "?q=" + query)
    if query != "sejxrqh":
        _snippets_shown(page)
    page.screenshot(path=str(SHOTS / f"test-{query}-1280.png"))
    assert_no_axe_violations(page)


def test_ranking_rules_in_the_browser(built_sample_site: Path, page) -> None:
    """rank.js and results.js on their own, with matches made up to isolate each rule."""
    page.goto((built_sample_site / "index.html").as_uri())
    for name in ("rank.js", "results.js"):
        page.add_script_tag(path=str(built_sample_site / "assets/pustaka/search" / name))
    out = page.evaluate("""() => {
        const R = PustakaRank;
        const m = (score, exact, tier, fields) => ({score, exact, tier, fields: fields || {}});
        // two words; "a" matches both exactly but weakly, "b" one word only by prefix, strongly
        const perWord = [{a: m(1, true, 0), b: m(50, false, 3), c: m(9, true, 3)},
                         {a: m(1, true, 0), b: m(50, true, 3)}];
        const entries = R.combine(perWord, [0, 1]);
        entries.forEach(e => { e.n = e.ref.charCodeAt(0); });
        entries.sort(R.byRelevance);
        const order = entries.map(e => e.ref);
        // a title match outranks a description match of the same exactness, whatever the score
        const tiers = [{ref: 'd', n: 1, exact: 1, tier: 0, score: 99}, {ref: 't', n: 2, exact: 1, tier: 3, score: 1}]
            .sort(R.byRelevance).map(e => e.ref);
        const stem = w => w;
        const page = (fields) => ({exact: fields.length, fields});
        const set = w => { const s = {}; s[w] = true; return s; };
        const title = 'Penyuntingan Naskah Proofreading';
        const one = R.namesPage(page([{title: true}]), title, [set('naskah')], stem, {page_title_share: 0.5});
        const two = R.namesPage(page([{title: true}, {title: true}]), title, [set('penyuntingan'), set('naskah')], stem,
                                {page_title_share: 0.5});
        const kind = R.namesPage(page([{kind: true}]), 'Cabang Bukit Kelapa', [set('lokasi')], stem, {page_title_share: 0.5});
        const body = R.namesPage(page([{body: true}]), title, [set('naskah')], stem, {page_title_share: 0.5});
        const near = PustakaResults.nearest('sejxrqh', '', [{sejarah: 5, sejati: 1, kota: 9}], 3);
        return {order, tiers, one, two, kind, body, near, d: PustakaResults.distance('batik', 'batin', 2)};
    }""")
    assert out["order"] == ["a", "b"]  # both words exact beats one word by prefix, though it scores less
    assert out["tiers"] == ["t", "d"]
    assert (out["one"], out["two"], out["kind"], out["body"]) == (False, True, True, False)
    assert out["near"] == ["sejarah"] and out["d"] == 1
