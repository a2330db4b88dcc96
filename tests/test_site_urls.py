"""The site's addresses (generator/site/urls.py): one table of sections, one language parser."""

from __future__ import annotations

import pytest

from generator.site.i18n import LANGUAGES
from generator.site.urls import (RECORD_SECTIONS, SECTIONS, browse_path, browse_url, index_url, language_of,
                                 other_language_url, page_url, record_path, record_url, relative, section_url,
                                 split_language)


@pytest.mark.parametrize("url, lang, path", [
    ("katalog/babad-tanah-jawi.html", "id", "katalog/babad-tanah-jawi.html"),
    ("en/katalog/babad-tanah-jawi.html", "en", "katalog/babad-tanah-jawi.html"),
    ("index.html", "id", "index.html"),
    ("en/index.html", "en", "index.html"),
    # a folder whose name starts like a language code is not that language
    ("english/index.html", "id", "english/index.html"),
    ("enam.html", "id", "enam.html"),
])
def test_split_language(url, lang, path):
    assert split_language(url) == (lang, path)
    assert language_of(url) == lang


@pytest.mark.parametrize("lang", LANGUAGES)
def test_other_language_url_goes_there_and_back(lang):
    url = record_url(lang, "services", "tanya-pustakawan")
    other, there = other_language_url(url)
    assert other != lang and language_of(there) == other
    assert other_language_url(there) == (lang, url)


def test_every_record_kind_has_a_section_folder():
    assert set(RECORD_SECTIONS.values()) <= set(SECTIONS)
    assert record_path("events", "x", ".ics") == "kegiatan/x.ics"
    assert record_url("en", "branches", "pusat") == "en/lokasi/pusat.html"
    assert section_url("id", "services") == index_url("id", "layanan") == "layanan/index.html"


def test_browse_urls_and_pages():
    assert browse_path("subject", "sejarah") == "jelajah/subjek/sejarah"
    assert browse_url("en", "subject", "sejarah", number=2) == "en/jelajah/subjek/sejarah.2.html"
    assert index_url("id", browse_path("creator")) == "jelajah/pengarang/index.html"
    assert page_url("id", "jelajah", "semua") == "jelajah/semua.html"


def test_relative_climbs_to_the_root():
    assert relative("katalog/x.html", "en/jelajah/subjek/a.html") == "../../../katalog/x.html"
    assert relative("index.html", "index.html") == "index.html"
