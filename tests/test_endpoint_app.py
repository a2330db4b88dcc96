"""The form endpoint over real HTTP on 127.0.0.1, against SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import re
import time

import httpx
import pytest

from tests.endpoint_support import *  # noqa: F401,F403 - fixtures
from tests.endpoint_support import SITE_URL, add_librarian, start_endpoint, stop_endpoint

ORIGIN = SITE_URL.rstrip("/")
QUESTION = {"service": "tanya-pustakawan", "fields": {"nama": "Siti Aminah", "email": "siti@example.id",
                                                    "pertanyaan": "Kapan pelabuhan lama dibangun?"}}
LOAN = {"service": "peminjaman", "fields": {"nomor_anggota": "TL-2024-01234", "nama": "Budi Santoso",
                                            "telepon": "0812 3456 7890", "item": "angin-selatan-di-tanjung",
                                            "cabang_ambil": "cabang-bukit-kelapa"}}


def client(endpoint) -> httpx.Client:
    return httpx.Client(base_url=endpoint.url, timeout=10)


def test_json_post_is_stored_and_acknowledged(endpoint):
    with client(endpoint) as http:
        r = http.post("/api/requests", json=QUESTION, headers={"Origin": ORIGIN})
        assert r.status_code == 201, r.text
        body = r.json()
        assert re.fullmatch(r"PST-\d{4}-000001", body["ticket"]) and len(body["token"]) >= 32
        assert r.headers["access-control-allow-origin"] == ORIGIN
        stored = endpoint.store.request(body["ticket"])
        assert stored["data"]["nama"] == "Siti Aminah" and stored["status"] == "open"
        second = http.post("/api/requests", json=QUESTION).json()
        assert second["ticket"].endswith("000002")


def test_status_view_shows_steps_but_no_personal_data(endpoint):
    with client(endpoint) as http:
        made = http.post("/api/requests", json=QUESTION).json()
        status = http.get(made["status_url"].replace(endpoint.url, ""))
        assert status.status_code == 200
        text = status.text
        assert "Siti" not in text and "siti@example.id" not in text and "pelabuhan lama" not in text
        data = status.json()
        assert data["service"] == "tanya-pustakawan" and data["steps"][0]["state"] == "current"
        assert http.get(f"/api/status/{made['ticket']}", params={"token": "wrong"}).status_code == 404
        assert http.get(f"/api/status/{made['ticket']}").status_code == 404
        assert http.get("/api/status/PST-2026-999999", params={"token": made["token"]}).status_code == 404


def test_invalid_post_gets_a_message_per_field_and_stores_nothing(endpoint):
    with client(endpoint) as http:
        bad = {"service": "peminjaman", "fields": {"nama": "x" * 301, "telepon": "call me", "item": "tidak-ada",
                                                   "cabang_ambil": "atlantis", "extra": "?"}}
        r = http.post("/api/requests", json=bad)
        assert r.status_code == 422
        errors = r.json()["errors"]
        assert set(errors) == {"nomor_anggota", "nama", "telepon", "item", "cabang_ambil", "extra"}
        assert errors["nomor_anggota"] == "wajib diisi"
        english = http.post("/api/requests", json={**bad, "lang": "en"}).json()["errors"]
        assert english["nomor_anggota"] == "is required"
        assert http.post("/api/requests", json={"service": "tidak-ada", "fields": {}}).status_code == 422
        assert http.post("/api/requests", content=b"{not json", headers={"Content-Type": "application/json"}
                         ).status_code == 400
        assert http.post("/api/requests", content=b"x", headers={"Content-Type": "text/plain"}).status_code == 400
        assert endpoint.store.count_requests() == 0


def test_oversize_body_is_refused(endpoint):
    with client(endpoint) as http:
        big = {"service": "tanya-pustakawan", "fields": {"nama": "A", "pertanyaan": "x" * 70_000}}
        assert http.post("/api/requests", json=big).status_code == 413
        assert endpoint.store.count_requests() == 0


def test_honeypot_is_refused_and_not_stored(endpoint):
    with client(endpoint) as http:
        assert http.post("/api/requests", json={**QUESTION, "website": "http://spam.example"}).status_code == 400
        form = {"_layanan": "tanya-pustakawan", "nama": "Bot", "pertanyaan": "buy", "website": "x"}
        assert http.post("/api/requests", data=form).status_code == 400
        assert endpoint.store.count_requests() == 0


def test_cross_origin_post_from_an_unlisted_origin_is_refused(endpoint):
    with client(endpoint) as http:
        r = http.post("/api/requests", json=QUESTION, headers={"Origin": "https://evil.example"})
        assert r.status_code == 403 and "access-control-allow-origin" not in r.headers
        pre = http.options("/api/requests", headers={"Origin": "https://evil.example",
                                                     "Access-Control-Request-Method": "POST"})
        assert pre.status_code == 403
        ok = http.options("/api/requests", headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST"})
        assert ok.status_code == 204 and ok.headers["access-control-allow-origin"] == ORIGIN
        assert endpoint.store.count_requests() == 0


def test_plain_form_post_redirects_to_a_thank_you_page_with_the_ticket(endpoint):
    with client(endpoint) as http:
        form = {"_layanan": "tanya-pustakawan", "_bahasa": "id", "_kembali": "../terima-kasih.html",
                "nama": "Siti", "telepon": "0812 3456 7890", "pertanyaan": "Apa kabar?", "website": ""}
        r = http.post("/api/requests", data=form, headers={"Origin": ORIGIN,
                                                            "Referer": f"{ORIGIN}/layanan/tanya-pustakawan.html"})
        assert r.status_code == 303
        location = r.headers["location"]
        assert "/terima-kasih?" in location and "tiket=PST-" in location
        assert "kembali=http%3A%2F%2F127.0.0.1%3A8000%2Fterima-kasih.html" in location
        page = http.get(location.replace(endpoint.url, ""))
        ticket = re.search(r'id="tiket"[^>]*>(PST-\d{4}-\d{6})<', page.text).group(1)
        assert endpoint.store.request(ticket) is not None
        assert f"{ORIGIN}/terima-kasih.html?tiket={ticket}" in page.text.replace("&amp;", "&")
        # A form page with errors gets them back as HTML, each with its field's label.
        bad = http.post("/api/requests", data={"_layanan": "tanya-pustakawan", "nama": ""})
        assert bad.status_code == 422 and "Pertanyaan Anda" in bad.text and "wajib diisi" in bad.text


def test_rate_limit_per_address(forms_file, database):
    running = start_endpoint(forms_file, database, rate_limit=3)
    try:
        with client(running) as http:
            codes = [http.post("/api/requests", json=QUESTION).status_code for _ in range(5)]
        assert codes == [201, 201, 201, 429, 429]
        assert running.store.count_requests() == 3
    finally:
        stop_endpoint(running)


def test_openapi_and_health(endpoint):
    with client(endpoint) as http:
        spec = http.get("/api/openapi.json").json()
        assert spec["openapi"].startswith("3.") and "/api/requests" in spec["paths"]
        from generator.endpoint.store import MIGRATIONS

        assert http.get("/api/health").json() == {"ok": True, "schema": max(v for v, _ in MIGRATIONS)}


def test_event_registration_stops_when_seats_are_gone(endpoint, forms_file):
    definitions = json.loads(forms_file.read_text())
    event_id, event = next((k, v) for k, v in definitions["events"].items() if v["open"] and v["capacity"])
    with client(endpoint) as http:
        seats = http.get("/api/seats", params={"event": event_id}).json()
        assert seats["left"] == event["capacity"]
        registration = {"service": "pendaftaran-kegiatan", "fields": {"kegiatan": event_id, "nama": "Rina",
                                                                      "telepon": "081234567890"}}
        for _ in range(event["capacity"]):
            assert http.post("/api/requests", json=registration).status_code == 201
        full = http.post("/api/requests", json=registration)
        assert full.status_code == 409 and "kegiatan" in full.json()["errors"]
        assert http.get("/api/seats", params={"event": event_id}).json()["left"] == 0


# -- dashboard ---------------------------------------------------------------------------------
def login(http: httpx.Client, username: str = "sari", password: str = "rahasia-sekali") -> httpx.Response:
    page = http.get("/dasbor/masuk")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    return http.post("/dasbor/masuk", data={"username": username, "password": password, "csrf": csrf})


def session_csrf(http: httpx.Client, path: str = "/dasbor") -> str:
    return re.search(r'name="csrf" value="([^"]+)"', http.get(path).text).group(1)


def test_dashboard_needs_login(endpoint):
    with client(endpoint) as http:
        made = http.post("/api/requests", json=QUESTION).json()
        assert http.get("/dasbor").status_code == 303
        assert http.get(f"/dasbor/permintaan/{made['ticket']}").status_code == 303
        assert http.get("/dasbor/permintaan.csv").status_code == 303
        r = http.post(f"/dasbor/permintaan/{made['ticket']}/lanjut", data={"csrf": "x"})
        assert r.status_code == 401
        assert endpoint.store.request(made["ticket"])["step"] == 0


def test_dashboard_actions_need_the_csrf_token(endpoint):
    add_librarian(endpoint)
    with client(endpoint) as http:
        made = http.post("/api/requests", json=QUESTION).json()
        assert login(http).status_code == 303
        url = f"/dasbor/permintaan/{made['ticket']}/lanjut"
        assert http.post(url).status_code == 403
        assert http.post(url, data={"csrf": "forged"}).status_code == 403
        assert endpoint.store.request(made["ticket"])["step"] == 0
        assert http.post(url, data={"csrf": session_csrf(http)}).status_code == 303
        assert endpoint.store.request(made["ticket"])["step"] == 1
        # The login form itself is protected too (double-submit cookie).
        with httpx.Client(base_url=endpoint.url) as other:
            r = other.post("/dasbor/masuk", data={"username": "sari", "password": "rahasia-sekali", "csrf": "x"})
            assert r.status_code == 403


def test_five_wrong_passwords_hold_that_address_back(endpoint):
    add_librarian(endpoint)
    with client(endpoint) as http:
        for _ in range(5):
            assert login(http, password="salah").status_code == 401
        held = login(http)  # the right password, too late from this address
        assert held.status_code == 429 and "15 menit" in held.text
        assert http.get("/dasbor").status_code == 303


def test_librarian_moves_a_request_through_its_steps_and_the_status_follows(endpoint):
    add_librarian(endpoint)
    with client(endpoint) as http:
        made = http.post("/api/requests", json=QUESTION).json()
        status_path = made["status_url"].replace(endpoint.url, "")
        login(http)
        queue = http.get("/dasbor")
        assert made["ticket"] in queue.text
        csrf = session_csrf(http)
        base = f"/dasbor/permintaan/{made['ticket']}"
        http.post(f"{base}/ambil", data={"csrf": csrf})
        assert endpoint.store.request(made["ticket"])["assignee"] == "sari"
        add_librarian(endpoint, "budi")
        assert http.post(f"{base}/tugaskan", data={"csrf": csrf, "petugas": "nobody"}).status_code == 422
        http.post(f"{base}/tugaskan", data={"csrf": csrf, "petugas": "budi"})
        assert endpoint.store.request(made["ticket"])["assignee"] == "budi"
        http.post(f"{base}/lanjut", data={"csrf": csrf})
        seen = http.get(status_path).json()
        assert [s["state"] for s in seen["steps"]] == ["done", "current", "todo"]
        http.post(f"{base}/jeda", data={"csrf": csrf})
        assert http.get(status_path).json()["paused"] is True
        http.post(f"{base}/lanjutkan", data={"csrf": csrf})
        http.post(f"{base}/catat", data={"csrf": csrf, "catatan": "Sumber: arsip Syahbandar"})
        http.post(f"{base}/lanjut", data={"csrf": csrf})
        assert http.post(f"{base}/lanjut", data={"csrf": csrf}).status_code == 409  # no step after the last
        http.post(f"{base}/selesai", data={"csrf": csrf})
        final = http.get(status_path).json()
        assert final["status"] == "closed" and all(s["state"] == "done" for s in final["steps"])
        assert "Syahbandar" not in http.get(status_path).text  # internal notes stay internal
        detail = http.get(base).text
        assert "Sumber: arsip Syahbandar" in detail and "Selesai" in detail
        export = http.get("/dasbor/permintaan.csv")
        assert export.headers["content-type"].startswith("text/csv") and made["ticket"] in export.text
        assert "Siti" not in export.text  # the export is of requests, not of people
        assert http.get("/dasbor/laporan").status_code == 200


def test_refusal_needs_a_reason_and_is_shown_to_the_reader(endpoint):
    add_librarian(endpoint)
    with client(endpoint) as http:
        made = http.post("/api/requests", json=QUESTION).json()
        login(http)
        csrf = session_csrf(http)
        base = f"/dasbor/permintaan/{made['ticket']}"
        assert http.post(f"{base}/tolak", data={"csrf": csrf, "alasan": ""}).status_code == 422
        http.post(f"{base}/tolak", data={"csrf": csrf, "alasan": "Di luar cakupan layanan"})
        status = http.get(made["status_url"].replace(endpoint.url, "")).json()
        assert status["status"] == "refused" and status["reason"] == "Di luar cakupan layanan"


def test_librarian_sees_only_the_branches_they_work_for(endpoint):
    add_librarian(endpoint, "pesisir", branches=["cabang-pesisir-timur"])
    with client(endpoint) as http:
        made = http.post("/api/requests", json=LOAN).json()  # picked up at Bukit Kelapa
        login(http, "pesisir")
        assert made["ticket"] not in http.get("/dasbor").text
        assert http.get(f"/dasbor/permintaan/{made['ticket']}").status_code == 404


def test_loan_approval_changes_live_availability(endpoint):
    add_librarian(endpoint)
    with client(endpoint) as http:
        before = http.get("/api/availability", params={"item": LOAN["fields"]["item"]}).json()
        free = [c for c in before["copies"] if c["status"] == "available"]
        assert free, "the sample item has an available copy"
        made = http.post("/api/requests", json=LOAN).json()
        assert endpoint.store.request(made["ticket"])["branch"] == "cabang-bukit-kelapa"
        login(http)
        csrf = session_csrf(http)
        base = f"/dasbor/permintaan/{made['ticket']}"
        assert free[0]["barcode"] in http.get(base).text
        assert http.post(f"{base}/pinjamkan", data={"csrf": csrf, "eksemplar": free[0]["barcode"]}).status_code == 303
        during = {c["barcode"]: c for c in http.get("/api/availability", params={"item": LOAN["fields"]["item"]}
                                                   ).json()["copies"]}
        assert during[free[0]["barcode"]]["status"] == "on-loan" and during[free[0]["barcode"]]["due"]
        # The same copy cannot be lent twice.
        again = http.post("/api/requests", json=LOAN).json()
        r = http.post(f"/dasbor/permintaan/{again['ticket']}/pinjamkan",
                      data={"csrf": csrf, "eksemplar": free[0]["barcode"]})
        assert r.status_code == 409
        http.post(f"{base}/kembali", data={"csrf": csrf})
        after = {c["barcode"]: c for c in http.get("/api/availability", params={"item": LOAN["fields"]["item"]}
                                                  ).json()["copies"]}
        assert after[free[0]["barcode"]]["status"] == "available"
        assert http.get("/api/availability", params={"item": "tidak-ada"}).status_code == 404


def test_acknowledged_requests_survive_a_restart(forms_file, database):
    running = start_endpoint(forms_file, database)
    with client(running) as http:
        tickets = [http.post("/api/requests", json=QUESTION).json()["ticket"] for _ in range(3)]
    stop_endpoint(running)
    running = start_endpoint(forms_file, database)
    try:
        assert running.store.tickets() == set(tickets)
        from generator.endpoint.store import MIGRATIONS

        assert running.store.schema_version() == max(v for v, _ in MIGRATIONS)
    finally:
        stop_endpoint(running)


def test_reports_count_requests_sla_compliance_and_ratings(endpoint):
    add_librarian(endpoint)
    with client(endpoint) as http:
        for rating in ("5", "3"):
            assert http.post("/api/requests", json={"service": "umpan-balik", "fields": {
                "nilai": rating, "cabang": "pusat"}}).status_code == 201
        made = http.post("/api/requests", json=QUESTION).json()
        login(http)
        http.post(f"/dasbor/permintaan/{made['ticket']}/selesai", data={"csrf": session_csrf(http)})
        from generator.endpoint.dashboard import report_data

        report = report_data(endpoint.app.state.endpoint)
        assert dict(report["per"])[("umpan-balik", "pusat")] == 2
        assert report["ratings"]["pusat"] == (2, 4.0)
        (month, (closed, on_time)), = report["months"]
        assert closed == 1 and on_time == 1
        page = http.get("/dasbor/laporan").text
        assert "Saran dan pengaduan" in page and "4.0" in page


def test_cli_adds_a_librarian_who_can_log_in(tmp_path, forms_file):
    import subprocess
    import sys

    db = tmp_path / "cli.db"
    result = subprocess.run([sys.executable, "-m", "generator.cli", "endpoint", "--database", str(db), "adduser",
                             "sari", "--password-stdin"], input="rahasia-sekali\n", capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    running = start_endpoint(forms_file, str(db))
    try:
        with client(running) as http:
            assert login(http).status_code == 303 and "Antrean" in http.get("/dasbor").text
    finally:
        stop_endpoint(running)


def test_pages_from_a_usb_copy_post_only_when_the_library_allows_file_origins(forms_file, database):
    null = {"Origin": "null"}
    running = start_endpoint(forms_file, database, rate_limit=3)
    try:
        with client(running) as http:
            refused = http.post("/api/requests", json=QUESTION, headers=null)
            assert refused.status_code == 403 and "access-control-allow-origin" not in refused.headers
            assert http.options("/api/requests", headers={**null, "Access-Control-Request-Method": "POST"}
                                ).status_code == 403
            assert running.store.count_requests() == 0
    finally:
        stop_endpoint(running)
    # Four posts a minute: the honeypot's counts too (every post that passes the origin check does).
    running = start_endpoint(forms_file, database, rate_limit=4, allow_file_origin=True)
    try:
        with client(running) as http:
            pre = http.options("/api/requests", headers={**null, "Access-Control-Request-Method": "POST"})
            assert pre.status_code == 204 and pre.headers["access-control-allow-origin"] == "null"
            taken = http.post("/api/requests", json=QUESTION, headers=null)
            assert taken.status_code == 201 and taken.headers["access-control-allow-origin"] == "null"
            # A plain form from file:// sends no Referer: the endpoint's own page shows the ticket.
            form = {"_layanan": "tanya-pustakawan", "_kembali": "../terima-kasih.html", "nama": "Siti",
                    "telepon": "0812 3456 7890", "pertanyaan": "Apa kabar?", "website": ""}
            plain = http.post("/api/requests", data=form, headers=null)
            assert plain.status_code == 303 and "kembali=" not in plain.headers["location"]
            # The other guards still hold for these pages: honeypot, unlisted origins, rate limit.
            assert http.post("/api/requests", json={**QUESTION, "website": "x"}, headers=null).status_code == 400
            assert http.post("/api/requests", json=QUESTION, headers={"Origin": "https://evil.example"}
                             ).status_code == 403
            assert http.post("/api/requests", json=QUESTION, headers=null).status_code == 201
            assert http.post("/api/requests", json=QUESTION, headers=null).status_code == 429
            assert running.store.count_requests() == 3
    finally:
        stop_endpoint(running)


def test_a_rebuilt_sites_form_definitions_are_taken_without_a_restart(forms_file, tmp_path):
    from generator.endpoint import app as endpoint_app

    forms = tmp_path / "forms.json"
    data = json.loads(forms_file.read_text())
    forms.write_text(json.dumps(data))
    ep = endpoint_app.Endpoint(endpoint_app.Settings(forms_path=forms, database=str(tmp_path / "p.db")))
    try:
        assert "tanya-pustakawan" in ep.definitions["forms"]
        del data["forms"]["tanya-pustakawan"]
        forms.write_text(json.dumps(data))
        os.utime(forms, (time.time() + 5, time.time() + 5))  # a new mtime even on a coarse clock
        time.sleep(endpoint_app.FORMS_CHECK_EVERY + 0.1)
        assert "tanya-pustakawan" not in ep.definitions["forms"]
    finally:
        ep.store.close()
