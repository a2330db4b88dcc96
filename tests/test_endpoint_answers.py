"""Answers, result files and the reader's status over real HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

import re

import httpx
import pytest

from tests.endpoint_support import *  # noqa: F401,F403 - fixtures
from tests.endpoint_support import add_librarian, start_endpoint, stop_endpoint
from tests.test_endpoint_app import QUESTION, login, session_csrf

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"
WHATSAPP_QUESTION = {"service": "tanya-pustakawan", "lang": "en",
                     "fields": {"nama": "Siti Aminah", "telepon": "0812 3456 7890", "pertanyaan": "Where?"}}


def client(running) -> httpx.Client:
    return httpx.Client(base_url=running.url, timeout=10)


def status_of(http: httpx.Client, made: dict) -> dict:
    return http.get(f"/api/status/{made['ticket']}", params={"token": made["token"]}).json()


def attach(http: httpx.Client, ticket: str, csrf: str, name: str = "hasil.pdf", data: bytes = PDF) -> httpx.Response:
    return http.post(f"/dasbor/lampiran/{ticket}", data={"csrf": csrf},
                     files={"berkas": (name, data, "application/octet-stream")})


def test_a_reference_question_needs_an_email_or_a_whatsapp_number(endpoint):
    with client(endpoint) as http:
        bare = {"service": "tanya-pustakawan", "fields": {"nama": "Siti", "pertanyaan": "?"}}
        refused = http.post("/api/requests", json=bare)
        assert refused.status_code == 422
        errors = refused.json()["errors"]
        assert set(errors) == {"email", "telepon"} and "surel atau nomor WhatsApp" in errors["email"]
        english = http.post("/api/requests", json={**bare, "lang": "en"}).json()["errors"]
        assert "e-mail address or a WhatsApp number" in english["telepon"]
        landline = {**bare, "fields": {**bare["fields"], "telepon": "0438 555 0100"}}
        assert "ponsel" in http.post("/api/requests", json=landline).json()["errors"]["telepon"]
        # Without JavaScript: the same rule, as the endpoint's own error page.
        plain = http.post("/api/requests", data={"_layanan": "tanya-pustakawan", "nama": "Siti", "pertanyaan": "?"})
        assert plain.status_code == 422 and "surel atau nomor WhatsApp" in plain.text
        assert endpoint.store.count_requests() == 0
        made = http.post("/api/requests", json=WHATSAPP_QUESTION)
        assert made.status_code == 201
        assert endpoint.store.request(made.json()["ticket"])["data"]["telepon"] == "+6281234567890"
        assert http.post("/api/requests", json=QUESTION).status_code == 201  # an e-mail alone is enough


def test_the_status_shows_step_deadlines_in_the_branchs_time_and_no_personal_data(endpoint):
    with client(endpoint) as http:
        question = {**QUESTION, "fields": {**QUESTION["fields"], "cabang": "cabang-pesisir-timur"}}
        made = http.post("/api/requests", json=question).json()
        status = status_of(http, made)
        assert status["branch"]["id"] == "cabang-pesisir-timur"
        assert status["timezone"] == {"zone": "Asia/Makassar", "label": "WITA"}  # Sulawesi Utara
        assert [s["state"] for s in status["steps"]] == ["current", "todo", "todo"]
        assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d\+08:00", s["due"]) for s in status["steps"])
        assert status["steps"][-1]["due"] == status["completion"]["due"]  # the steps add up to the standard
        assert status["response"]["late"] is False and status["answer"] is None and status["files"] == []
        assert status["due"]  # the older field stays
        text = http.get(f"/api/status/{made['ticket']}", params={"token": made["token"]}).text
        assert "Siti" not in text and "siti@example.id" not in text


def test_a_librarian_answers_and_attaches_and_the_reader_downloads_with_the_token(endpoint):
    add_librarian(endpoint)
    with client(endpoint) as http, client(endpoint) as reader:
        made = http.post("/api/requests", json=WHATSAPP_QUESTION).json()
        ticket = made["ticket"]
        login(http)
        csrf = session_csrf(http, f"/dasbor/permintaan/{ticket}")
        # Login and the session's CSRF token, as for every other action.
        assert reader.post(f"/dasbor/permintaan/{ticket}/jawab", data={"jawaban": "x", "csrf": csrf}
                           ).status_code == 401
        assert http.post(f"/dasbor/permintaan/{ticket}/jawab", data={"jawaban": "x", "csrf": "forged"}
                         ).status_code == 403
        assert attach(http, ticket, "forged").status_code == 403
        assert reader.post(f"/dasbor/lampiran/{ticket}", data={"csrf": csrf},
                           files={"berkas": ("a.pdf", PDF)}).status_code == 401
        assert status_of(reader, made)["answer"] is None
        assert http.post(f"/dasbor/permintaan/{ticket}/jawab", data={"jawaban": "  ", "csrf": csrf}
                         ).status_code == 422
        answer = "It is in the Manuscript Room.\n<i>not markup</i> https://arsip.example/p"
        assert http.post(f"/dasbor/permintaan/{ticket}/jawab", data={"jawaban": answer, "csrf": csrf}
                         ).status_code == 303
        assert attach(http, ticket, csrf, "laporan.html", b"<html>").status_code == 422
        assert attach(http, ticket, csrf, "palsu.pdf", b"<html>").status_code == 422
        assert attach(http, ticket, csrf, "Daftar pustaka.pdf").status_code == 303
        status = status_of(reader, made)
        assert status["answer"]["text"] == answer
        [file] = status["files"]
        assert file["name"] == "Daftar pustaka.pdf" and file["size"] == len(PDF)
        key = re.search(r"/berkas/([^?]+)\?", file["url"]).group(1)
        assert len(key) >= 32  # never guessable
        got = reader.get(file["url"])
        assert got.status_code == 200 and got.content == PDF
        assert got.headers["content-type"] == "application/pdf"
        assert got.headers["content-disposition"].startswith('attachment; filename="Daftar pustaka.pdf"')
        assert got.headers["x-content-type-options"] == "nosniff" and got.headers["cache-control"] == "no-store"
        path = f"/api/status/{ticket}/berkas/{key}"
        assert reader.get(path).status_code == 404
        assert reader.get(path, params={"token": "x" * 32}).status_code == 404
        other = http.post("/api/requests", json=QUESTION).json()
        assert reader.get(f"/api/status/{other['ticket']}/berkas/{key}", params={"token": other["token"]}
                          ).status_code == 404  # another ticket's token opens nothing here
        # The no-JavaScript status page: the answer escaped, the file linked, in the reader's language.
        page = reader.get(f"/tiket/{ticket}", params={"token": made["token"]})
        assert page.status_code == 200 and page.headers["referrer-policy"] == "no-referrer"
        assert "&lt;i&gt;not markup&lt;/i&gt;" in page.text and '<a href="https://arsip.example/p"' in page.text
        assert "Download Daftar pustaka.pdf" in page.text
        assert " WIB" in page.text  # no branch chosen: the library's zone (these forms: Asia/Jakarta)
        assert "Siti" not in page.text and "812" not in page.text
        assert reader.get(f"/tiket/{ticket}", params={"token": "nope"}).status_code == 404
        # The dashboard offers WhatsApp with the message written, in the reader's language.
        detail = http.get(f"/dasbor/permintaan/{ticket}").text
        link = re.search(r'id="kirim-wa" href="([^"]+)"', detail).group(1).replace("&amp;", "&")
        assert link.startswith("https://wa.me/6281234567890?text=")
        assert "answer%20is%20ready" in link and "status-tiket.html%23" + ticket in link
        # A file sent by mistake is withdrawn: gone for the reader.
        assert http.post(f"/dasbor/permintaan/{ticket}/hapus-lampiran", data={"csrf": csrf, "berkas": key}
                         ).status_code == 303
        assert status_of(reader, made)["files"] == [] and reader.get(file["url"]).status_code == 404
        # Writing the answer counts as the first response.
        assert status_of(reader, made)["response"]["met_at"] is not None


def test_result_files_above_the_limit_are_refused_before_they_are_read(forms_file, database):
    running = start_endpoint(forms_file, database, rate_limit=1000, max_attachment=1024)
    try:
        add_librarian(running)
        with client(running) as http:
            made = http.post("/api/requests", json=QUESTION).json()
            login(http)
            csrf = session_csrf(http, f"/dasbor/permintaan/{made['ticket']}")
            big = attach(http, made["ticket"], csrf, data=PDF + b"0" * 4096)
            assert big.status_code == 413 and "lebih besar dari 1 KB" in big.text
            small = attach(http, made["ticket"], csrf, data=PDF + b"0" * 2000)  # over 1 KB, inside the slack
            assert small.status_code == 413
            assert attach(http, made["ticket"], csrf).status_code == 303
            assert len(running.store.attachments(running.store.request(made["ticket"])["id"])) == 1
    finally:
        stop_endpoint(running)


def test_the_endpoints_thank_you_page_links_the_status_page(endpoint):
    with client(endpoint) as http:
        form = {"_layanan": "tanya-pustakawan", "_bahasa": "id", "nama": "Siti", "email": "s@example.id",
                "pertanyaan": "?"}
        r = http.post("/api/requests", data=form)
        page = http.get(r.headers["location"].replace(endpoint.url, ""))
        link = re.search(r'id="status-tiket"[^>]*href="([^"]+)"', page.text).group(1).replace("&amp;", "&")
        assert link.startswith("/tiket/PST-") and "JSON" not in page.text
        assert http.get(link).status_code == 200


def test_openapi_describes_the_new_status_fields_and_the_file_route(endpoint):
    with client(endpoint) as http:
        spec = http.get("/api/openapi.json").json()
    status = spec["paths"]["/api/status/{ticket}"]["get"]["responses"]["200"]["content"]["application/json"]
    fields = status["schema"]["properties"]
    assert {"branch", "timezone", "response", "completion", "answer", "files", "late"} <= set(fields)
    assert "due" in fields["steps"]["items"]["properties"]
    assert "/api/status/{ticket}/berkas/{key}" in spec["paths"]


@pytest.mark.parametrize("lang, words", [("id", "selesai"), ("en", "done")])
def test_the_reader_is_emailed_in_their_language_with_the_status_link(forms_file, tmp_path, lang, words):
    from generator.endpoint.notify import SMTPSettings
    from tests.test_endpoint_notify import _SMTP, _wait  # the tiny SMTP server
    import socketserver
    import threading

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SMTP)
    server.mails, server.daemon_threads = [], True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    running = start_endpoint(forms_file, str(tmp_path / "m.db"),
                             smtp=SMTPSettings(host="127.0.0.1", port=server.server_address[1]))
    try:
        add_librarian(running)
        with client(running) as http:
            made = http.post("/api/requests", json={**QUESTION, "lang": lang}).json()
            login(http)
            http.post(f"/dasbor/permintaan/{made['ticket']}/selesai", data={"csrf": session_csrf(http)})
            _wait(server.mails, 1)
            mail = server.mails[0]
            assert "To: siti@example.id" in mail and words in mail
            prefix = "en/" if lang == "en" else ""
            assert f"{prefix}status-tiket.html#{made['ticket']}/{made['token']}" in mail.replace("=\r\n", "")
    finally:
        stop_endpoint(running)
        server.shutdown()
        server.server_close()
