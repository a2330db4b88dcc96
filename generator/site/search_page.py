"""The search page in the page model: ``katalog/cari.html`` in each language."""

from __future__ import annotations

import json

from .facets import FACET_LABELS, FACETS
from .i18n import PAGE_KINDS, TYPES, Translator
from .urls import browse_path, index_url, section_url

TEXT = {
    "id": {"title": "Cari di katalog", "label": "Kata pencarian", "button": "Cari", "sort": "Urutkan",
           "relevance": "Paling cocok", "by_title": "Judul (A–Z)", "by_year": "Tahun (terbaru)",
           "more": "Tampilkan lebih banyak", "filters": "Saring hasil", "searching": "Mencari…",
           "found": "{n} hasil", "none": "Tidak ada hasil. Coba kata lain atau kurangi saringan.",
           "page": "Halaman", "hint": "Judul, pengarang, subjek, ISBN atau nomor panggil.",
           "export": "Unduh sitasi semua hasil:", "export_more": "(paling banyak {n} pertama)",
           "noscript": "Pencarian memerlukan JavaScript. Jelajahi katalog menurut subjek, pengarang atau jenis.",
           "fuzzy": "Tidak ada hasil untuk {word}; menampilkan yang mirip: {similar}.",
           "suggest": "Mungkin maksud Anda:", "browse": "Atau jelajahi katalog:",
           "filter_button": "Saring", "filter_close": "Tampilkan hasil", "filters_applied": "Saringan aktif",
           "chip": "Hapus saringan: {label}", "clear_filters": "Hapus semua saringan",
           "facets": {"type": "Jenis", "subject": "Subjek", "creator": "Pengarang", "decade": "Dekade",
                      "language": "Bahasa", "branch": "Tersedia di", "collection": "Koleksi",
                      "access": "Akses", "accessibility": "Format aksesibel"}},
    "en": {"title": "Search the catalogue", "label": "Search terms", "button": "Search", "sort": "Sort by",
           "relevance": "Best match", "by_title": "Title (A–Z)", "by_year": "Year (newest)",
           "more": "Show more", "filters": "Narrow the results", "searching": "Searching…",
           "found": "{n} results", "none": "No results. Try other words or fewer filters.",
           "page": "Page", "hint": "Title, author, subject, ISBN or call number.",
           "export": "Download the citations of every result:", "export_more": "(the first {n} at most)",
           "noscript": "Search needs JavaScript. Browse the catalogue by subject, author or type.",
           "fuzzy": "No results for {word}; showing similar words: {similar}.",
           "suggest": "Did you mean:", "browse": "Or browse the catalogue:",
           "filter_button": "Filter", "filter_close": "Show results", "filters_applied": "Active filters",
           "chip": "Remove filter: {label}", "clear_filters": "Clear all filters",
           "facets": {"type": "Type", "subject": "Subject", "creator": "Author", "decade": "Decade",
                      "language": "Language", "branch": "Available at", "collection": "Collection",
                      "access": "Access", "accessibility": "Accessible formats"}},
}


def search_page_data(lang: str, url: str) -> dict:
    t = Translator(lang)
    text = dict(TEXT[lang])
    script_text = {key: text[key] for key in ("searching", "found", "none", "page", "facets", "export_more", "fuzzy",
                                               "filter_button", "chip", "clear_filters")}
    script_text["types"] = {code: t.label("type", code) for code in TYPES}
    # Both languages' type labels: a query word naming a type matches its records ("peta", "map").
    script_text["type_words"] = {code: " ".join(tr.label("type", code) for tr in (Translator("id"), Translator("en")))
                                 for code in TYPES}
    script_text["kinds"] = {code: t.label("page_kind", code) for code in PAGE_KINDS}
    script_text["fields"] = {field: t(field) for field in ("subtitle", "subjects", "series", "description")}
    root = "../" * url.count("/")
    # Where a search that found nothing can go on: the browse pages (plain links, no script needed).
    browse = [{"label": t("browse"), "url": root + section_url(lang, "browse")}]
    browse += [{"label": t(FACET_LABELS[facet]), "url": root + index_url(lang, browse_path(facet))}
               for facet in FACETS]
    return {"text": text, "script_text": json.dumps(script_text, ensure_ascii=False), "root": root,
            "browse": browse}
