"""What patrons type, on the built sample library in Chromium with the real lunr.js: old
spellings, years and ranges, call numbers, affixed Indonesian words."""

from __future__ import annotations

from pathlib import Path

import pytest

from .test_search_browser import SEARCH, _search, _wait

pytestmark = pytest.mark.browser


@pytest.fixture()
def search_page(built_sample_site: Path, page):
    page.goto((built_sample_site / SEARCH).as_uri())
    _wait(page)
    return page


@pytest.mark.parametrize("query, title", [
    ("Siti Nurbaya", "Sitti Nurbaya"),           # doubled consonant of an old name
    ("Sitti Nurbaya", "Sitti Nurbaya"),
    ("Marah Rusli", "Sitti Nurbaya"),
    ("Marah Roesli", "Sitti Nurbaya"),           # oe → u
    ("Soekarno", "Dari Sabang sampai Merauke"),  # the record writes Soekarno
    ("Sukarno", "Dari Sabang sampai Merauke"),
    ("Djakarta", "Dari Sabang sampai Merauke"),  # the record writes Djakarta
    ("Jakarta", "Dari Sabang sampai Merauke"),
    ("Tjerita", "Tjerita Rakjat dari Minahasa"),
    ("cerita rakyat", "Tjerita Rakjat dari Minahasa"),  # EYD query, Van Ophuijsen title
    ("Balai Poestaka", "Tjerita Rakjat dari Minahasa"),
    ("balai pustaka minahasa", "Tjerita Rakjat dari Minahasa"),
])
def test_old_and_new_spellings_meet(query: str, title: str, search_page) -> None:
    assert title in _search(search_page, query)[:3]


@pytest.mark.parametrize("query", ["1922", "tahun 1922", "buku 1922"])
def test_a_year_finds_its_records(query: str, search_page) -> None:
    titles = _search(search_page, query)
    assert titles[0] == "Sitti Nurbaya" or "Sitti Nurbaya" in titles
    assert "Salah Asuhan" not in titles  # 1928


def test_a_kind_beside_a_year_puts_that_record_first(search_page) -> None:
    assert _search(search_page, "peta 1920")[0] == "Residentie Menado: Blad Tandjong Lestari"


@pytest.mark.parametrize("query", ["1920-1930", "1920an", "tahun 1920-an", "1920–1930"])
def test_a_range_or_decade_finds_the_years_in_it(query: str, search_page) -> None:
    titles = _search(search_page, query)
    assert {"Sitti Nurbaya", "Salah Asuhan", "Tjerita Rakjat dari Minahasa"} <= set(titles)  # 1922, 1928, 1928
    assert "Max Havelaar" not in titles  # 1860


@pytest.mark.parametrize("query", ["abad 19", "abad ke-19", "abad XIX"])
def test_a_century_finds_its_records(query: str, search_page) -> None:
    titles = _search(search_page, query)
    assert {"Max Havelaar", "The Malay Archipelago"} <= set(titles)  # 1860, 1869
    assert "Sitti Nurbaya" not in titles


def test_a_call_number_and_its_beginning(search_page) -> None:
    assert _search(search_page, "899.221 3 RUS s") == ["Sitti Nurbaya"]
    titles = _search(search_page, "899.2")
    assert "Sitti Nurbaya" in titles and "Residentie Menado: Blad Tandjong Lestari" not in titles  # 912.598…


@pytest.mark.parametrize("query, title", [
    ("dibaca", "Ayo Gemar Membaca!"),
    ("pembacaan", "Ayo Gemar Membaca!"),
    ("pelayanan", "Panduan Layanan Perpustakaan Umum Kota Tanjung Lestari"),
    ("nelayannya", "Wawancara Sejarah Lisan dengan Frans Lumingkewas, Nelayan Kelurahan Bahari"),
    ("kepustakaan", "Laporan Tahunan 2025 Perpustakaan Umum Kota Tanjung Lestari"),
])
def test_affixed_words_find_their_root(query: str, title: str, search_page) -> None:
    assert title in _search(search_page, query)


def test_the_browser_says_which_variant_matched(search_page) -> None:
    found = search_page.evaluate("""() => [PustakaStemmer.matches("Rusli", "Roesli"),
        PustakaStemmer.matches("Siti", "Sitti"), PustakaStemmer.matches("menulis", "penulis", t => t === "tulis"),
        PustakaStemmer.matches("jalan", "djalan"), PustakaStemmer.matches("buku", "peta"),
        PustakaStemmer.variants("Soekarno")]""")
    assert found[:5] == ["Roesli", "Sitti", "penulis", "djalan", None]
    assert [v.lower() for v in found[5]] == ["soekarno", "sukarno"]


QUERY_JS = Path(__file__).resolve().parent.parent / "theme/assets/pustaka/search/query.js"


def test_the_query_parser_reads_dates_typed_every_common_way(page) -> None:
    page.goto("about:blank")
    page.add_script_tag(path=str(QUERY_JS))
    parse = lambda q: page.evaluate("q => PustakaQuery.parse(q)", q)  # noqa: E731
    assert parse("tahun 1922") == {"text": "", "dates": [["1922"]]}
    assert parse("buku 1922") == {"text": "buku", "dates": [["1922"]]}
    assert parse("1920-1922") == {"text": "", "dates": [["1920", "1921", "1922"]]}
    assert parse("peta tahun 1920-an") == {"text": "peta", "dates": [["1920an"]]}
    assert parse("1920s")["dates"] == [["1920an"]]
    for century in ("abad 19", "abad ke-19", "abad ke 19", "abad XIX", "Abad xix"):
        assert parse(century) == {"text": "", "dates": [["19abad"]]}, century
    assert parse("899.221 3 RUS s") == {"text": "899.221 3 rus s", "dates": []}  # a call number is no date
    assert parse("1930-1920")["dates"] == []  # a range backwards is not read as one
