"""The first-response SLA clock over real HTTP, against SQLite and PostgreSQL.

The endpoint's request clock (``Endpoint.now``) is set to walk requests across the
weekend of 15-16 August 2026 and Independence Day (Monday 17 August); the librarian
acts through the dashboard as a browser would. "Tanya pustakawan" promises a first
response within 4 business hours (08:00-16:00 WIB, Monday to Friday).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

import httpx

from tests.endpoint_support import *  # noqa: F401,F403 - fixtures
from tests.endpoint_support import add_librarian

WIB = ZoneInfo("Asia/Jakarta")
QUESTION = {"service": "tanya-pustakawan", "fields": {"nama": "Siti Aminah", "email": "siti@example.id",
                                                    "pertanyaan": "Kapan pelabuhan dibangun?"}}


def wib(day: str, hour: float) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(tzinfo=WIB) + dt.timedelta(hours=hour)


def set_clock(endpoint, moment: dt.datetime) -> None:
    endpoint.app.state.endpoint.now = lambda: moment


def login(http: httpx.Client) -> str:
    """Log in as "sari"; returns the session's CSRF token."""
    page = http.get("/dasbor/masuk")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    assert http.post("/dasbor/masuk", data={"username": "sari", "password": "rahasia-sekali", "csrf": csrf}
                     ).status_code == 303
    return re.search(r'name="csrf" value="([^"]+)"', http.get("/dasbor").text).group(1)


def act(http: httpx.Client, csrf: str, ticket: str, action: str, **form: str) -> None:
    r = http.post(f"/dasbor/permintaan/{ticket}/{action}", data={"csrf": csrf, **form})
    assert r.status_code == 303, r.text


def queue_rows(http: httpx.Client) -> list[tuple[str, str, str]]:
    """(ticket, row class, SLA cell text) of each queue row, in the order shown."""
    html = http.get("/dasbor").text
    rows = re.findall(r'<tr class="([^"]*)" data-ticket="([^"]+)">(.*?)</tr>', html, re.S)
    return [(ticket, cls, re.sub(r"<[^>]+>", "", cells.split('class="sla"')[1])) for cls, ticket, cells in rows]


def post(http: httpx.Client, body: dict = QUESTION) -> str:
    r = http.post("/api/requests", json=body)
    assert r.status_code == 201, r.text
    return r.json()["ticket"]


def test_response_clock_skips_the_weekend_and_a_holiday(endpoint):
    add_librarian(endpoint)
    with httpx.Client(base_url=endpoint.url, timeout=10) as http:
        set_clock(endpoint, wib("2026-08-14", 15))  # Friday, one working hour before closing
        on_time, late, silent = post(http), post(http), post(http)
        csrf = login(http)

        # Tuesday 10:00: three working hours used (Fri 15-16, Tue 08-10); Monday is a holiday.
        set_clock(endpoint, wib("2026-08-18", 10))
        shown = {t: text for t, _, text in queue_rows(http)}
        assert "respon: tenggat 18-08-2026 11.00" in shown[on_time]
        act(http, csrf, on_time, "ambil")  # taking a request is not an answer: the reader cannot see it
        assert "respon: tenggat 18-08-2026 11.00" in {t: x for t, _, x in queue_rows(http)}[on_time]

        # Tuesday 11:00: the fourth working hour ends; a step moved now is just in time.
        set_clock(endpoint, wib("2026-08-18", 11))
        act(http, csrf, on_time, "lanjut")

        # Tuesday 11:30: the other two are late; an internal note does not answer the reader.
        set_clock(endpoint, wib("2026-08-18", 11.5))
        act(http, csrf, silent, "catat", catatan="Cari di arsip Syahbandar")
        fresh = post(http)
        act(http, csrf, late, "lanjut")
        rows = queue_rows(http)
        order = [t for t, _, _ in rows]
        classes = {t: cls for t, cls, _ in rows}
        texts = {t: text for t, _, text in rows}
        assert order[0] == silent and classes[silent] == "overdue"
        assert "RESPON TERLAMBAT — belum dijawab, 4 jam 30 menit dari 4 jam" in texts[silent]
        assert classes[on_time] == classes[late] == classes[fresh] == ""
        assert "respon: dijawab 18-08-2026 11.00 (tepat waktu)" in texts[on_time]
        assert "respon: dijawab 18-08-2026 11.30 (terlambat)" in texts[late]
        assert "respon: tenggat 18-08-2026 15.30" in texts[fresh]
        detail = http.get(f"/dasbor/permintaan/{on_time}").text
        assert re.search(r'id="sla-respon"[^>]*>dijawab 18-08-2026 11.00 — 4 jam dari 4 jam, tepat waktu', detail)

        exported = {r["tiket"]: r for r in csv.DictReader(io.StringIO(http.get("/dasbor/permintaan.csv").text))}
        assert exported[on_time]["dijawab"] == wib("2026-08-18", 11).astimezone(dt.timezone.utc).isoformat()
        assert [exported[t]["respon_tepat_waktu"] for t in (on_time, late, silent, fresh)] == \
            ["ya", "tidak", "tidak", "belum"]
        assert exported[silent]["dijawab"] == "" and exported[on_time]["selesai_tepat_waktu"] == "belum"

        # Closing answers too; the month's report counts the three answers given, one of them late.
        act(http, csrf, silent, "selesai")
        from generator.endpoint.dashboard import report_data

        report = report_data(endpoint.app.state.endpoint)
        assert dict(report["responses"]) == {"2026-08": [3, 1]}
        (month, completion, response), = report["compliance"]
        assert month == "2026-08" and completion == (1, 1) and response == (3, 1)
        page = http.get("/dasbor/laporan").text
        assert re.search(r"<td>2026-08</td><td>1</td><td>1</td><td>100.0</td><td>3</td><td>1</td><td>33.3</td>",
                         page)


def test_a_question_back_to_the_reader_answers_and_pauses_leave_both_clocks(endpoint):
    add_librarian(endpoint)
    with httpx.Client(base_url=endpoint.url, timeout=10) as http:
        set_clock(endpoint, wib("2026-08-18", 8))  # Tuesday opening
        asked = post(http)
        feedback = post(http, {"service": "umpan-balik", "fields": {"nilai": "4", "cabang": "pusat"}})
        csrf = login(http)
        set_clock(endpoint, wib("2026-08-18", 9))
        act(http, csrf, asked, "jeda")  # waiting on the reader: the librarian asked them something
        # Thursday: a long wait on the reader uses neither the response nor the completion time.
        set_clock(endpoint, wib("2026-08-20", 15))
        rows = {t: (cls, text) for t, cls, text in queue_rows(http)}
        assert rows[asked][0] == "" and "respon: dijawab 18-08-2026 09.00 (tepat waktu)" in rows[asked][1]
        assert "1 jam dari 2 hari kerja" in rows[asked][1] and "(dijeda)" in rows[asked][1]
        # Feedback promises no response time: no response clock, an empty CSV cell.
        assert "respon" not in rows[feedback][1]
        exported = {r["tiket"]: r for r in csv.DictReader(io.StringIO(http.get("/dasbor/permintaan.csv").text))}
        assert exported[feedback]["respon_tepat_waktu"] == "" and exported[asked]["respon_tepat_waktu"] == "ya"
