"""The search page in the page model: ``katalog/cari.html`` in each language."""

from __future__ import annotations

import json

from ..render.i18n import TYPES, Translator

SEARCH_PATH = ("katalog", "cari")

TEXT = {
    "id": {"title": "Cari di katalog", "label": "Kata pencarian", "button": "Cari", "sort": "Urutkan",
           "relevance": "Paling cocok", "by_title": "Judul (A–Z)", "by_year": "Tahun (terbaru)",
           "more": "Tampilkan lebih banyak", "filters": "Saring hasil", "searching": "Mencari…",
           "found": "{n} hasil", "none": "Tidak ada hasil. Coba kata lain atau kurangi saringan.",
           "page": "Halaman", "hint": "Judul, pengarang, subjek, ISBN atau nomor panggil.",
           "export": "Unduh sitasi semua hasil:", "export_more": "(paling banyak {n} pertama)",
           "noscript": "Pencarian memerlukan JavaScript. Jelajahi katalog menurut subjek, pengarang atau jenis.",
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
           "facets": {"type": "Type", "subject": "Subject", "creator": "Author", "decade": "Decade",
                      "language": "Language", "branch": "Available at", "collection": "Collection",
                      "access": "Access", "accessibility": "Accessible formats"}},
}


def search_page_data(lang: str, url: str) -> dict:
    t = Translator(lang)
    text = dict(TEXT[lang])
    script_text = {key: text[key] for key in ("searching", "found", "none", "page", "facets", "export_more")}
    script_text["types"] = {code: t.label("type", code) for code in TYPES}
    return {"text": text, "script_text": json.dumps(script_text, ensure_ascii=False),
            "root": "../" * url.count("/")}
