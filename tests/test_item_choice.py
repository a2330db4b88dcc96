"""Resolving what a reader typed into an item (generator/site/item_choice.py), the
picker's data file, and the request forms an item page carries (site/requests.py)."""

from __future__ import annotations

import json

import pytest

from generator.endpoint.validation import load_forms, validate
from generator.site.forms import html_attributes
from generator.site.item_choice import choices_script, compact, fold, label, resolve
from generator.site.i18n import Translator
from generator.site.requests import CHOSEN_PLACEHOLDER, FormOnce, item_actions
from tests.endpoint_support import ROOT, forms_file  # noqa: F401 - fixture


@pytest.fixture(scope="module")
def defs(forms_file):  # noqa: F811
    return load_forms(forms_file)


@pytest.fixture(scope="module")
def collection(tmp_path_factory):
    from generator.records import load_collection

    return load_collection(ROOT / "collection", project_dir=ROOT, cache_dir=tmp_path_factory.mktemp("cache"))


@pytest.mark.parametrize("typed, expected", [
    ("angin-selatan-di-tanjung", "angin-selatan-di-tanjung"),            # an id still works
    ("Angin Selatan di Tanjung", "angin-selatan-di-tanjung"),            # the title
    ("  angin selatan DI tanjung ", "angin-selatan-di-tanjung"),         # as typed on a phone
    ("Angin Selatan di Tanjung · 899.221 3 RON a", "angin-selatan-di-tanjung"),  # the picker's label
    ("899.2213 ron A", "angin-selatan-di-tanjung"),                      # call number, spaced differently
    ("NK-JAW 11", "babad-tanah-jawi"),
    ("TL0060011", "babad-tanah-jawi"),                                   # a copy's barcode
    ("Sitti", "siti-nurbaya"),                                           # one item has a word starting so
    ("marah rusli", "siti-nurbaya"),                                     # the author
])
def test_typed_text_resolves_to_one_item(defs, typed, expected):
    found = resolve(defs["items"], typed)
    assert (found.item, found.problem) == (expected, None)


def test_several_matches_name_the_candidates_and_what_to_do(defs):
    found = resolve(defs["items"], "Literasi Informasi")
    assert found.item is None
    assert set(found.candidates) == {"literasi-informasi-untuk-siswa", "tesis-literasi-informasi-siswa-pesisir"}
    assert "cocok dengan 2 koleksi" in found.problem
    assert "Literasi Informasi untuk Siswa · 028.7 SUM l" in found.problem
    assert "nomor panggil" in found.problem
    english = resolve(defs["items"], "Literasi Informasi", lang="en").problem
    assert "matches 2 items" in english and "call number" in english


def test_many_matches_are_cut_short_and_counted(defs):
    found = resolve(defs["items"], "Tanjung")
    assert len(found.candidates) > 5 and f"dan {len(found.candidates) - 5} lainnya" in found.problem


@pytest.mark.parametrize("typed", ["x", "tidak-ada-di-katalog", "Hikayat Negeri Antah Berantah", "???"])
def test_unknown_text_says_what_to_do(defs, typed):
    found = resolve(defs["items"], typed)
    assert found.item is None and not found.candidates
    assert found.problem.startswith("tidak ada koleksi dengan judul, nomor panggil, atau kode")
    assert "katalog" in found.problem


def test_label_and_folding():
    assert label("Judul", "001 ABC", 1999) == "Judul · 001 ABC"
    assert label("Judul", None, 1999) == "Judul · 1999"
    assert label("Judul", None, None) == "Judul"
    assert fold("Tjerita  Ṣitti, NURBAYA!") == "tjerita sitti nurbaya"
    assert compact("899.221 3 RON a") == "8992213rona"


def test_the_item_field_takes_free_text_in_the_browser_and_the_endpoint(defs):
    field = next(f for f in defs["forms"]["peminjaman"]["fields"] if f["type"] == "item")
    assert "pattern" not in html_attributes(field) and "pattern" not in field
    clean, errors = validate(defs, "peminjaman", {"nomor_anggota": "TL-1", "nama": "Budi", "telepon": "0812 3456 7890",
                                                  "item": "Salah Asuhan", "cabang_ambil": "pusat"})
    assert errors == {} and clean["item"] == "salah-asuhan"  # stored as the id


def test_the_endpoint_refuses_what_the_copies_do_not_allow(defs):
    base = {"nomor_anggota": "TL-1", "nama": "Budi", "telepon": "0812 3456 7890", "cabang_ambil": "pusat"}
    for item_id in ("babad-tanah-jawi", "skripsi-tpi-bahari-2022"):
        _, errors = validate(defs, "peminjaman", {**base, "item": item_id})
        assert "hanya untuk dibaca di tempat" in errors["item"], errors
        _, errors = validate(defs, "reservasi", {**base, "item": item_id})
        assert "hanya untuk dibaca di tempat" in errors["item"]
    _, errors = validate(defs, "perpanjangan", {"nomor_anggota": "TL-1", "nama": "Budi", "barkod": "TL0060011",
                                                "cabang": "pusat", "item": "Babad Tanah Jawi"})
    assert "Babad Tanah Jawi: Koleksi ini hanya untuk dibaca di tempat" in errors["item"]
    _, errors = validate(defs, "peminjaman", {**base, "item": "sureq-galigo"}, lang="en")
    assert "restricted" in errors["item"]
    # Reproduction is what a reference-only copy allows.
    _, errors = validate(defs, "reproduksi-koleksi", {"nama": "Budi", "telepon": "0812 3456 7890",
                                                      "item": "NK-JAW 11", "bagian": "hlm. 1-4"})
    assert errors == {}


def test_choices_script_is_small_rows_and_cannot_end_its_script_element(defs):
    text = choices_script(defs["items"])
    assert text.startswith("window.pustakaItemChoices=[") and "</script" not in text
    rows = json.loads(text[len("window.pustakaItemChoices="):].rstrip(";\n").replace("<\\/", "</"))
    assert ["Angin Selatan di Tanjung", "Meiske Rondonuwu", 2024, "899.221 3 RON a"] in rows
    assert len(rows) == len(defs["items"])
    assert any("</script>" in r[0] for r in rows)  # the XSS test record survives, escaped


def test_item_page_offers_only_what_the_copies_allow(collection):
    t = Translator("id")
    babad = item_actions(collection, collection.items["babad-tanah-jawi"], "id", t)
    assert [f["id"] for f in babad["forms"]] == ["reproduksi-koleksi"]
    assert babad["notes"][0].startswith("Koleksi ini hanya untuk dibaca di tempat")
    assert "Silakan baca di Gedung Pusat" in babad["notes"][1]
    assert babad["chosen"] == {"id": "babad-tanah-jawi", "title": "Babad Tanah Jawi",
                               "label": "Babad Tanah Jawi · NK-JAW 11"}
    angin = item_actions(collection, collection.items["angin-selatan-di-tanjung"], "id", t)
    assert {"peminjaman", "reservasi", "perpanjangan", "reproduksi-koleksi"} == {f["id"] for f in angin["forms"]}
    assert angin["notes"] == []
    sureq = item_actions(collection, collection.items["sureq-galigo"], "en", Translator("en"))
    assert sureq["forms"] == [] and sureq["notes"][0].startswith("This item is restricted")
    assert item_actions(collection, collection.items["foto-pelabuhan-1950an"], "id", t) is None  # no copies


def test_an_item_pages_form_is_rendered_once_and_given_each_pages_item():
    once, calls = FormOnce(), []

    def caller() -> str:
        calls.append(1)
        return f'<output>{CHOSEN_PLACEHOLDER["label"]}</output><input name=item value="{CHOSEN_PLACEHOLDER["id"]}">'

    first = once(("id", "peminjaman", 1), {"id": "a", "label": "A · 1"}, caller=caller)
    second = once(("id", "peminjaman", 1), {"id": "x-1", "label": 'Mengamankan <script>alert("x")</script>'},
                  caller=caller)
    assert len(calls) == 1
    assert first == '<output>A · 1</output><input name=item value="a">'
    assert second == ('<output>Mengamankan &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;</output>'
                      '<input name=item value="x-1">')
    once(("en", "peminjaman", 2), {"id": "a", "label": "A"}, caller=caller)
    assert len(calls) == 2  # another language or folder depth is another rendering
