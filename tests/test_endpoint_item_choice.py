"""The endpoint resolves typed items and refuses what an item's copies do not allow, over
real HTTP on 127.0.0.1 (SQLite and PostgreSQL)."""

from __future__ import annotations

import httpx

from tests.endpoint_support import *  # noqa: F401,F403 - fixtures
from tests.endpoint_support import SITE_URL

ORIGIN = SITE_URL.rstrip("/")
MEMBER = {"nomor_anggota": "TL-2024-01234", "nama": "Budi Santoso", "telepon": "0812 3456 7890",
          "cabang_ambil": "pusat"}


def loan(item: str, lang: str = "id") -> dict:
    return {"service": "peminjaman", "lang": lang, "fields": {**MEMBER, "item": item}}


def test_a_loan_of_a_reference_only_copy_is_refused_with_the_reason(endpoint):
    with httpx.Client(base_url=endpoint.url, timeout=10) as http:
        for item in ("babad-tanah-jawi", "skripsi-tpi-bahari-2022"):
            r = http.post("/api/requests", json=loan(item), headers={"Origin": ORIGIN})
            assert r.status_code == 422, r.text
            assert "hanya untuk dibaca di tempat" in r.json()["errors"]["item"]
        r = http.post("/api/requests", json=loan("babad-tanah-jawi", "en"))
        assert "for reading on site only" in r.json()["errors"]["item"]
        # A plain form post (an old page, no JavaScript) gets the same refusal as a page.
        r = http.post("/api/requests", data={"_layanan": "reservasi", "_bahasa": "id", **MEMBER,
                                             "item": "babad-tanah-jawi"})
        assert r.status_code == 422 and "hanya untuk dibaca di tempat" in r.text
        assert endpoint.store.count_requests() == 0
        # What a reference-only copy does allow goes through.
        r = http.post("/api/requests", json={"service": "reproduksi-koleksi", "fields": {
            "nama": "Budi", "telepon": "0812 3456 7890", "item": "babad-tanah-jawi", "bagian": "hlm. 1-4"}})
        assert r.status_code == 201, r.text


def test_a_title_or_call_number_is_resolved_and_stored_as_the_item(endpoint):
    with httpx.Client(base_url=endpoint.url, timeout=10) as http:
        r = http.post("/api/requests", json=loan("salah asuhan"))
        assert r.status_code == 201, r.text
        assert endpoint.store.request(r.json()["ticket"])["item"] == "salah-asuhan"
        r = http.post("/api/requests", data={"_layanan": "peminjaman", "_bahasa": "id", **MEMBER,
                                             "item": "899.221 3 RON a"}, follow_redirects=False)
        assert r.status_code == 303
        ticket = r.headers["location"].split("tiket=")[1].split("&")[0]
        stored = endpoint.store.request(ticket)
        assert stored["item"] == "angin-selatan-di-tanjung" and stored["data"]["item"] == "angin-selatan-di-tanjung"


def test_an_ambiguous_or_unknown_title_is_refused_naming_the_candidates(endpoint):
    with httpx.Client(base_url=endpoint.url, timeout=10) as http:
        r = http.post("/api/requests", json=loan("Literasi Informasi"))
        assert r.status_code == 422
        message = r.json()["errors"]["item"]
        assert "Literasi Informasi untuk Siswa" in message and "Literasi Informasi Siswa SMA" in message
        r = http.post("/api/requests", data={"_layanan": "peminjaman", "_bahasa": "en", **MEMBER,
                                             "item": "Literasi Informasi"})
        assert r.status_code == 422 and "matches 2 items" in r.text and "call number" in r.text
        r = http.post("/api/requests", json=loan("Hikayat Negeri Antah Berantah"))
        assert r.status_code == 422 and "tidak ada koleksi dengan judul" in r.json()["errors"]["item"]
        assert endpoint.store.count_requests() == 0
