"""Requests saved offline and imported in the dashboard (village.py), and the SKM survey
and IKM report (skm_pages.py): over real HTTP on 127.0.0.1, against SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import httpx
import pytest

from generator.endpoint import skm, village
from tests.endpoint_support import *  # noqa: F401,F403 - fixtures
from tests.endpoint_support import add_librarian
from tests.test_endpoint_app import LOAN, QUESTION, client, login, session_csrf

MADE = "2026-03-02T01:30:00+00:00"  # a Monday, 08:30 in Jakarta


def record(client_id: str, request: dict, made: str = MADE) -> dict:
    return {"id": client_id, "made": made, "service": request["service"], "lang": "id", "fields": request["fields"]}


def hand_in_file(*records: dict) -> str:
    """A file as forms.js writes it: text for people, then the JSON line for the library."""
    data = {"format": village.FORMAT, "version": village.VERSION, "requests": list(records)}
    return ("Serahkan berkas ini ke perpustakaan.\n\nPermintaan layanan: Tanya Pustakawan\nDibuat: 2026-03-02 01:30 UTC"
            "\n\nNama: Siti Aminah\n\n-- Data untuk petugas (JSON) --\n" + json.dumps(data) + "\n")


# -- reading files (no endpoint) ------------------------------------------------------------------
def test_a_file_of_several_requests_is_read_with_ids_times_and_fields() -> None:
    text = hand_in_file(record("r-aaaaaaaaaaaa", QUESTION), record("r-bbbbbbbbbbbb", LOAN, "2026-03-03T02:00:00Z"))
    first, second = village.parse(text)
    assert (first.client_id, first.service, first.fields["nama"]) == ("r-aaaaaaaaaaaa", "tanya-pustakawan",
                                                                      "Siti Aminah")
    assert second.made == dt.datetime(2026, 3, 3, 2, tzinfo=dt.timezone.utc) and first.problem is None


def test_a_file_from_before_the_format_had_a_version_gets_a_stable_id_from_its_content() -> None:
    old = ("Permintaan layanan: Tanya Pustakawan\nDibuat: 2026-03-02 01:30 UTC\n\nNama: Siti\n\n"
           "-- Data untuk petugas (JSON) --\n" + json.dumps({**QUESTION, "lang": "id", "website": ""}) + "\n")
    (once,), (again,) = village.parse(old), village.parse(old)
    assert once.client_id == again.client_id and once.client_id.startswith("berkas-")
    assert once.made == dt.datetime(2026, 3, 2, 1, 30, tzinfo=dt.timezone.utc)
    (other,) = village.parse(old.replace("01:30", "01:31"))
    assert other.client_id != once.client_id  # the same words asked another time are another request


@pytest.mark.parametrize("text, message", [
    ("just a letter", "bukan berkas permintaan"),
    ('{"format": "pustaka-permintaan", "version": 9, "requests": []}', "versi berkas 9"),
    ('{"format": "pustaka-permintaan", "version": 1, "requests": []}', "tidak berisi permintaan"),
])
def test_files_that_hold_no_request_are_named_as_such(text: str, message: str) -> None:
    with pytest.raises(village.FileError, match=message):
        village.parse(text)


def test_requests_without_a_valid_id_or_time_are_refused_not_guessed() -> None:
    bad_id, bad_time = village.parse(hand_in_file(record("x", QUESTION), record("r-cccccccccccc", QUESTION, "kemarin")))
    assert "id" in bad_id.problem and "waktu" in bad_time.problem


# -- importing over HTTP --------------------------------------------------------------------------
def upload(http: httpx.Client, *files: tuple[str, str], csrf: str | None = None) -> httpx.Response:
    csrf = csrf or session_csrf(http, "/dasbor/impor")
    return http.post("/dasbor/impor", data={"csrf": csrf},
                     files=[("berkas", (name, text.encode(), "text/plain")) for name, text in files])


def outcomes(page: httpx.Response) -> list[tuple[str, str]]:
    return re.findall(r'<li data-kind="(\w+)"><span class="berkas">(.*?)</span>', page.text, re.S)


def test_importing_the_same_file_twice_makes_one_ticket_with_the_original_time(endpoint):
    add_librarian(endpoint)
    endpoint.app.state.endpoint.now = lambda: dt.datetime(2026, 3, 16, 2, tzinfo=dt.timezone.utc)
    bad = {"service": "peminjaman", "fields": {**LOAN["fields"], "item": "tidak-ada"}}
    text = hand_in_file(record("r-siti-0000001", QUESTION), record("r-budi-0000002", bad))
    with client(endpoint) as http:
        login(http)
        first = upload(http, ("desa-suka-maju.txt", text))
        assert first.status_code == 200, first.text
        assert [k for k, _ in outcomes(first)] == ["created", "refused"]
        assert "Koleksi" in first.text and "tidak ada koleksi" in first.text and "1 tiket baru, 0 sudah ada, 1 ditolak" in first.text
        ticket = re.search(r"Tiket baru <a [^>]+>(PST-\d{4}-\d+)</a>", first.text).group(1)
        again = upload(http, ("salinan.txt", text))
        assert [k for k, _ in outcomes(again)] == ["existing", "refused"]
        assert f"Sudah ada: tiket <a href=\"/dasbor/permintaan/{ticket}\">{ticket}</a>" in again.text
    store = endpoint.store
    assert store.count_requests() == 1
    row = store.request(ticket)
    assert ticket.startswith("PST-2026-") and row["data"]["nama"] == "Siti Aminah"
    assert row["created_at"] == dt.datetime(2026, 3, 2, 1, 30, tzinfo=dt.timezone.utc)
    # The clock runs from the hand-in: the two weeks on the road are one closed pause.
    assert store.pauses(row["id"]) == [(row["created_at"], dt.datetime(2026, 3, 16, 2, tzinfo=dt.timezone.utc))]
    assert [h["kind"] for h in store.history(row["id"])] == ["created", "imported"]
    status = httpx.get(f"{endpoint.url}/api/status/{ticket}", params={"token": row["token"]}).json()
    assert status["created_at"].startswith("2026-03-02T01:30") and not status["paused"]
    assert dt.datetime.fromisoformat(status["due"]) > dt.datetime(2026, 3, 16, 2, tzinfo=dt.timezone.utc)


def test_a_request_sent_by_the_outbox_and_also_imported_is_one_ticket(endpoint):
    add_librarian(endpoint)
    with client(endpoint) as http:
        online = http.post("/api/requests", json={**QUESTION, "client_id": "r-online-000001"})
        assert online.status_code == 201 and online.json()["existing"] is False
        login(http)
        page = upload(http, ("berkas.txt", hand_in_file(record("r-online-000001", QUESTION),
                                                        record("r-file-00000002", QUESTION))))
        assert [k for k, _ in outcomes(page)] == ["existing", "created"]
        assert online.json()["ticket"] in page.text
        # The other way round: imported first, then the reader's outbox sends it when online.
        later = http.post("/api/requests", json={**QUESTION, "client_id": "r-file-00000002"})
        assert later.status_code == 200 and later.json()["existing"] is True
        imported = endpoint.store.client_request("r-file-00000002")
        assert later.json()["ticket"] == imported["ticket"] and later.json()["token"] == imported["token"]
        assert http.post("/api/requests", json={**QUESTION, "client_id": "?"}).status_code == 400
    assert endpoint.store.count_requests() == 2


def test_the_import_page_needs_a_login_the_csrf_token_and_a_bounded_upload(endpoint):
    add_librarian(endpoint)
    text = hand_in_file(record("r-siti-0000001", QUESTION))
    with client(endpoint) as http:
        assert http.get("/dasbor/impor").status_code == 303
        assert http.post("/dasbor/impor", files=[("berkas", ("a.txt", b"x", "text/plain"))]).status_code == 401
        login(http)
        assert upload(http, ("a.txt", text), csrf="forged").status_code == 403
        huge = upload(http, ("besar.txt", "x" * (village.MAX_UPLOAD + 1)))
        assert huge.status_code == 413 and "MB" in huge.text
        one = upload(http, ("kosong.txt", "tidak ada apa-apa"), ("a.txt", text))
        assert [k for k, _ in outcomes(one)] == ["refused", "created"] and "bukan berkas permintaan" in one.text
    assert endpoint.store.count_requests() == 1


# -- the SKM survey and the IKM report ------------------------------------------------------------
def close(http: httpx.Client, ticket: str) -> None:
    csrf = session_csrf(http, f"/dasbor/permintaan/{ticket}")
    assert http.post(f"/dasbor/permintaan/{ticket}/selesai", data={"csrf": csrf}).status_code == 303


def answers(value: str = "4", **extra: str) -> dict[str, str]:
    return {**{code: value for code in skm.CODES}, **extra}


def test_the_survey_opens_when_the_ticket_closes_and_takes_one_answer(endpoint):
    add_librarian(endpoint)
    with client(endpoint) as http:
        made = http.post("/api/requests", json=QUESTION).json()
        ticket, token = made["ticket"], made["token"]
        status = http.get(f"/api/status/{ticket}", params={"token": token}).json()
        assert "skm_url" not in status
        page = http.get(f"/survei/{ticket}", params={"token": token})
        assert page.status_code == 200 and "setelah permintaan Anda selesai" in page.text and "<form" not in page.text
        login(http)
        close(http, ticket)
        status = http.get(f"/api/status/{ticket}", params={"token": token}).json()
        assert status["skm_url"] == f"{endpoint.url}/survei/{ticket}?token={token}" and not status["skm_answered"]
        form = http.get(status["skm_url"])
        assert form.status_code == 200 and form.text.count('type="radio"') >= 36 and "Sangat mahal" in form.text
        assert '<html lang="id">' in form.text
        english = http.get(status["skm_url"] + "&bahasa=en")
        assert '<html lang="en">' in english.text and "Customer satisfaction survey" in english.text
        assert http.get(f"/survei/{ticket}", params={"token": "salah"}).status_code == 404
        missing = http.post(f"/survei/{ticket}", data={"token": token, "u1": "4"})
        assert missing.status_code == 422 and 'href="#q-u9"' in missing.text
        assert http.post(f"/survei/{ticket}", data={**answers("3"), "token": "salah"}).status_code == 404
        sent = http.post(f"/survei/{ticket}", data={**answers("3"), "token": token, "gender": "P", "age": "41"})
        assert sent.status_code == 303
        assert "sudah tercatat" in http.get(sent.headers["location"]).text
        twice = http.post(f"/survei/{ticket}", data={**answers("1"), "token": token})
        assert twice.status_code == 409
        assert http.get(f"/api/status/{ticket}", params={"token": token}).json()["skm_answered"] is True
    (stored,) = endpoint.store.skm_responses()
    assert stored["u1"] == 3 and stored["gender"] == "P" and stored["age"] == 41
    # Kept apart from the ticket: nothing in the answer leads back to the request or the reader.
    assert not {"request_id", "ticket", "token", "data"} & set(stored)


def test_the_report_counts_answers_in_the_ikm_and_exports_them(endpoint):
    add_librarian(endpoint)
    with client(endpoint) as http:
        login(http)
        for value, gender in (("4", "P"), ("3", "")):
            made = http.post("/api/requests", json=QUESTION).json()
            close(http, made["ticket"])
            assert http.post(f"/survei/{made['ticket']}",
                             data={**answers(value), "token": made["token"], "gender": gender}).status_code == 303
        page = http.get("/dasbor/laporan", params={"periode": "tahun"})
        assert page.status_code == 200 and 'id="tabel-ikm"' in page.text
        # Two readers: every element averages 3.5 → IKM 3.5 → 87.50, grade B (Baik).
        total = re.search(r'<tr data-period="\d{4}" data-service="" data-branch="">(.*?)</tr>', page.text, re.S)
        assert "87.50" in total.group(1) and ">B<" in total.group(1) and "Baik" in total.group(1)
        assert re.search(r"Perempuan 1\b", page.text) and "Laki-laki 0" in page.text and "tidak diisi 1" in page.text
        # A service name that looks like a formula reaches the CSV defused.
        row = endpoint.store.request(made["ticket"])
        endpoint.store.save_skm(endpoint.store.create_request(service="tanya-pustakawan", data={})["id"],
                                {**{c: 1 for c in skm.CODES}, "service": "=HYPERLINK(1)", "branch": "@x",
                                 "answered_on": row["created_at"].date().isoformat()})
        exported = http.get("/dasbor/ikm.csv", params={"periode": "tahun"})
        assert exported.status_code == 200 and exported.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(exported.text)))
        assert rows[0]["responden"] == "3" and rows[0]["lokasi"] == "Semua lokasi"
        assert {r["layanan"] for r in rows} >= {"'=HYPERLINK(1)", "tanya-pustakawan"}
        assert "'@x" in {r["lokasi"] for r in rows}
        assert all(not v.startswith(("=", "+", "@")) for r in rows for v in r.values())
        http.cookies.clear()
        assert http.get("/dasbor/ikm.csv").status_code == 303


def test_the_same_request_arriving_at_once_from_several_places_is_one_ticket(endpoint):
    # The outbox of two tabs and an import, at the same moment: PostgreSQL lets two of them
    # find no ticket yet; the key on the client id makes the later one take the first's ticket.
    from concurrent.futures import ThreadPoolExecutor

    def send(_: int) -> tuple[int, str]:
        r = httpx.post(f"{endpoint.url}/api/requests", json={**QUESTION, "client_id": "r-together-0001"}, timeout=30)
        return r.status_code, r.json()["ticket"]

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(send, range(16)))
    assert {ticket for _, ticket in results} == {endpoint.store.client_request("r-together-0001")["ticket"]}
    assert sorted(code for code, _ in results).count(201) == 1 and endpoint.store.count_requests() == 1
