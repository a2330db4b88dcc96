"""Catalogue search on the sample library, in Chromium, from file:// and over HTTP."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from .conftest import ROOT, assert_no_axe_violations

pytestmark = pytest.mark.browser

SEARCH = "katalog/cari.html"


def _wait(page, state: str = "complete") -> None:
    page.wait_for_selector(f"#pustaka-search[data-state={state}]", timeout=15000)


def _search(page, query: str) -> list[str]:
    page.fill("#pustaka-search-q", query)
    page.press("#pustaka-search-q", "Enter")
    page.wait_for_function("q => new URLSearchParams(location.search || location.hash.slice(1)).get('q') === q",
                           arg=query)
    _wait(page)
    page.wait_for_timeout(50)
    _wait(page)
    return page.locator(".pustaka-result__title").all_inner_texts()


def _items(field: str, value: str) -> set[str]:
    titles = set()
    for path in (ROOT / "collection/items").glob("*.yml"):
        item = yaml.safe_load(path.read_text(encoding="utf-8"))
        values = item.get(field)
        if value == values or (isinstance(values, list) and value in values):
            titles.add(item["title"])
    return titles


def test_typing_a_query_from_a_usb_stick(built_sample_site: Path, page) -> None:
    page.goto((built_sample_site / SEARCH).as_uri())
    _wait(page)
    titles = _search(page, "nurbaya")
    assert titles[0] == "Sitti Nurbaya"
    assert page.locator("mark", has_text="Nurbaya").count() >= 1  # the matching word is highlighted


def test_typing_a_query_over_http(built_sample_site: Path, http_server, page) -> None:
    page.goto(http_server(built_sample_site, "/library/") + SEARCH)
    _wait(page)
    page.type("#pustaka-search-q", "havelaar", delay=20)  # results follow the typing
    page.wait_for_function("document.querySelector('.pustaka-result__title')?.textContent === 'Max Havelaar'")


@pytest.mark.parametrize("form", ["membaca", "dibaca", "pembaca", "bacaan"])
def test_indonesian_word_forms_find_each_other(form: str, built_sample_site: Path, page) -> None:
    page.goto((built_sample_site / SEARCH).as_uri())
    _wait(page)
    assert "Ayo Gemar Membaca!" in _search(page, form)


def test_perpustakaan_and_pustaka(built_sample_site: Path, page) -> None:
    page.goto((built_sample_site / SEARCH).as_uri())
    _wait(page)
    assert "Laporan Tahunan 2025 Perpustakaan Umum Kota Tanjung Lestari" in _search(page, "pustaka")


@pytest.mark.parametrize("query", ["havelar", "nurbaua", "sastrra"])
def test_one_typo_still_finds(query: str, built_sample_site: Path, page) -> None:
    page.goto((built_sample_site / SEARCH).as_uri())
    _wait(page)
    assert _search(page, query)


def test_a_prefix_finds_completions(built_sample_site: Path, page) -> None:
    page.goto((built_sample_site / SEARCH).as_uri())
    _wait(page)
    assert "Sitti Nurbaya" in _search(page, "sitti nurb")


def test_call_number_is_an_exact_match(built_sample_site: Path, page) -> None:
    page.goto((built_sample_site / SEARCH).as_uri())
    _wait(page)
    assert _search(page, "899.221 3 RUS s") == ["Sitti Nurbaya"]


def test_facets_narrow_and_count(built_sample_site: Path, page) -> None:
    page.goto((built_sample_site / SEARCH).as_uri())
    _wait(page)
    books = _items("type", "book")
    label = page.locator("label[for^='f-jenis-']", has_text="Buku")
    assert label.locator(".pustaka-facet__count").inner_text() == f"({len(books)})"
    page.check("#" + label.get_attribute("for"))
    page.wait_for_function("location.search.includes('jenis=book') || location.hash.includes('jenis=book')")
    _wait(page)
    assert page.inner_text("[role=status]") == f"{len(books)} hasil"
    page.click(".pustaka-search__more") if page.locator(".pustaka-search__more").is_visible() else None
    assert set(page.locator(".pustaka-result__title").all_inner_texts()) == books
    # a second facet narrows further, and the counts follow the narrowed results
    classics = _items("collections", "Sastra Klasik Indonesia") & books
    box = page.locator("label[for^='f-koleksi-']", has_text="Sastra Klasik Indonesia")
    assert box.locator(".pustaka-facet__count").inner_text() == f"({len(classics)})"
    page.check("#" + box.get_attribute("for"))
    page.wait_for_function("decodeURIComponent(location.search + location.hash).includes('koleksi=Sastra')")
    _wait(page)
    assert set(page.locator(".pustaka-result__title").all_inner_texts()) == classics


def test_the_url_restores_a_search(built_sample_site: Path, page) -> None:
    page.goto((built_sample_site / SEARCH).as_uri())
    _wait(page)
    _search(page, "sastra")
    page.check("#" + page.locator("label[for^='f-jenis-']", has_text="Buku").get_attribute("for"))
    page.wait_for_function("location.search.includes('jenis=book')")
    _wait(page)
    before = page.locator(".pustaka-result__title").all_inner_texts()
    url = page.url
    assert parse_qs(urlsplit(url).query) == {"q": ["sastra"], "jenis": ["book"]}
    page.goto("about:blank")
    page.goto(url)
    _wait(page)
    assert page.input_value("#pustaka-search-q") == "sastra"
    assert page.is_checked("input[name=jenis][value=book]")
    assert page.locator(".pustaka-result__title").all_inner_texts() == before


def test_sorting_by_year(built_sample_site: Path, page) -> None:
    page.goto((built_sample_site / SEARCH).as_uri() + "?q=sastra&urut=tahun")
    _wait(page)
    years = [int(text.split(" · ")[-2]) for text in page.locator(".pustaka-result__meta").all_inner_texts()
             if text.count(" · ") >= 2 and text.split(" · ")[-2].isdigit()]
    assert years and years == sorted(years, reverse=True)


def test_quick_search_box_on_an_item_page(built_sample_site: Path, page) -> None:
    page.goto((built_sample_site / "katalog/babad-tanah-jawi.html").as_uri())
    assert page.locator("input[type=search]").count() == 1  # one search box
    page.fill("#pustaka-quicksearch-q", "layar terkembang")
    page.press("#pustaka-quicksearch-q", "Enter")
    page.wait_for_url("**/katalog/cari.html?q=layar+terkembang")
    _wait(page)
    assert page.locator(".pustaka-result__title").first.inner_text() == "Layar Terkembang"
    assert page.locator("input[type=search]:visible").count() == 1


def test_english_search_page(built_sample_site: Path, page) -> None:
    page.goto((built_sample_site / "en" / SEARCH).as_uri() + "?q=malay+archipelago")
    _wait(page)
    link = page.locator(".pustaka-result__title").first
    assert link.inner_text() == "The Malay Archipelago"
    assert link.get_attribute("href").startswith("../katalog/") or "/en/katalog/" in link.evaluate("a => a.href")


def test_search_page_is_accessible(built_sample_site: Path, http_server, page) -> None:
    page.goto(http_server(built_sample_site) + SEARCH + "?q=sejarah")
    _wait(page)
    assert_no_axe_violations(page)


def test_hand_written_pages_are_found_too(built_sample_site: Path, page) -> None:
    page.goto((built_sample_site / SEARCH).as_uri() + "?q=keliling")  # only in site_src/tentang.md's body
    _wait(page)
    pages = page.locator(".pustaka-result--page .pustaka-result__title")
    hrefs = [a.get_attribute("href") for a in pages.all()]
    assert "../tentang.html" in hrefs
    assert not [href for href in hrefs if "en/" in href]  # the English mirror stays on the English page
    link = pages.filter(has_text="Tentang perpustakaan")  # the page's own heading, not its menu title
    link.click()
    page.wait_for_url("**/tentang.html")


def test_english_search_finds_english_hand_written_pages(built_sample_site: Path, page) -> None:
    page.goto((built_sample_site / "en" / SEARCH).as_uri() + "?q=browse")
    _wait(page)
    links = page.locator(".pustaka-result--page .pustaka-result__title")
    hrefs = [a.evaluate("a => a.href") for a in links.all()]
    assert hrefs and all("/en/" in href for href in hrefs)  # English pages only
    assert links.filter(has_text="Help").first.evaluate("a => a.href").endswith("/en/bantuan.html")


def test_one_search_material_search_is_neither_shown_nor_shipped(built_sample_site: Path) -> None:
    for name in ("index.html", "tentang.html", "en/index.html", SEARCH):
        html = (built_sample_site / name).read_text(encoding="utf-8")
        assert 'data-md-component="search"' not in html and "md-search" not in html, name
    assert not (built_sample_site / "assets/javascripts/lunr").exists()
    assert not list(built_sample_site.glob("assets/javascripts/workers/search*"))
    assert not (built_sample_site / "search/search_index.json").exists()


def test_a_result_list_downloads_as_bibtex_and_ris(built_sample_site: Path, page) -> None:
    import bibtexparser
    import rispy

    page.goto((built_sample_site / SEARCH).as_uri())
    _wait(page)
    _search(page, "sejarah")
    for _ in range(5):  # every result on screen ("more" is hidden once they all are)
        if page.locator(".pustaka-search__more").is_hidden():
            break
        page.click(".pustaka-search__more")
        page.wait_for_timeout(200)
    assert page.locator(".pustaka-search__more").is_hidden()
    links = page.locator(".pustaka-result:not(.pustaka-result--page) .pustaka-result__title")
    shown = [href.rsplit("/", 1)[-1][:-5] for href in links.evaluate_all("els => els.map(e => e.href)")]
    assert len(shown) >= 3
    with page.expect_download() as bib:
        page.click(".pustaka-search__export button[data-format=bibtex]")
    assert bib.value.suggested_filename == "hasil-pencarian.bib"
    library = bibtexparser.parse_string(Path(bib.value.path()).read_text(encoding="utf-8"))
    assert not library.failed_blocks
    assert [e["url"].rsplit("/", 1)[-1][:-5] for e in library.entries] == shown  # the same records, same order
    with page.expect_download() as ris:
        page.click(".pustaka-search__export button[data-format=ris]")
    assert [e["id"] for e in rispy.loads(Path(ris.value.path()).read_text(encoding="utf-8"))] == shown


def test_hostile_titles_stay_text_in_results(built_sample_site: Path, page) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto((built_sample_site / SEARCH).as_uri())
    _wait(page)
    titles = _search(page, "mengamankan")
    assert any('<script>alert("x")</script>' in title for title in titles)
    assert page.locator(".pustaka-search__results script").count() == 0
    page.wait_for_timeout(200)
    assert dialogs == []
