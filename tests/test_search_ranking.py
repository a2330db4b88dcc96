"""The ranking constants and the data the result list is drawn from (kinds, snippet text)."""

from __future__ import annotations

from types import SimpleNamespace

from generator.site.i18n import PAGE_KINDS, TYPES
from generator.search import record_pages
from generator.search.index import SNIPPET_SOURCE, SearchDocs, _clip, page_documents
from generator.search.ranking import BROWSER, CORE_FIELDS, FIELD_TIERS, FULL_FIELDS, PAGE_FIELDS
from generator.search.writer import item_kinds


def test_every_indexed_field_has_a_tier() -> None:
    for fields in (CORE_FIELDS, FULL_FIELDS, PAGE_FIELDS):
        assert set(fields) <= set(FIELD_TIERS)
    # a title outranks the catalogue card, which outranks the description
    assert FIELD_TIERS["title"] > FIELD_TIERS["subjects"] > FIELD_TIERS["description"]
    assert BROWSER["field_tiers"] is FIELD_TIERS


def test_item_kinds_one_character_per_record() -> None:
    docs = SearchDocs(items=[["a", "A", "", None, "map", None, {}], ["b", "B", "", None, "book", None, {}],
                             ["c", "C", "", None, "map", None, {}]])
    kinds = item_kinds(docs)
    assert [kinds["types"][int(c, 36)] for c in kinds["typeOf"]] == ["map", "book", "map"]
    assert set(kinds["types"]) <= set(TYPES)


def test_record_pages_carry_their_kind_and_the_words_that_name_it() -> None:
    collection = SimpleNamespace(services={"pinjam": {"name": {"id": "Peminjaman", "en": "Loans"}}},
                                 branches={"pusat": {"name": "Gedung Pusat"}}, events={})
    pages = {page["url"]: page for page in record_pages(collection)}
    assert pages["layanan/pinjam.html"]["kind"] == "service"
    assert {"Layanan", "Service"} <= set(pages["layanan/pinjam.html"]["kind_words"].split())
    assert {"Lokasi", "Jam", "Buka"} <= set(pages["lokasi/pusat.html"]["kind_words"].split())
    assert "&" not in pages["lokasi/pusat.html"]["kind_words"]
    page_list, documents = page_documents([*pages.values(), {"url": "tentang.html", "title": "Tentang", "body": ""}])
    assert [row[3] for row in page_list] == ["service", "branch", "page"]
    assert set(row[3] for row in page_list) <= set(PAGE_KINDS)
    assert documents[-1]["kind"] == ""


def test_snippet_text_is_clipped_at_a_space() -> None:
    text = "kata " * (SNIPPET_SOURCE // 4)
    clipped = _clip(text.strip(), SNIPPET_SOURCE)
    assert len(clipped) <= SNIPPET_SOURCE + 2 and clipped.endswith(" …")
    assert _clip("pendek", SNIPPET_SOURCE) == "pendek"
