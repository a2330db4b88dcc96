"""Pure parts of the ticket status work: phone numbers, time zones, step deadlines, result
files, the answer's HTML and the reader's message."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from generator.endpoint import files, notices, phone, progress
from generator.site import zones
from generator.endpoint.ticket_view import rich
from generator.endpoint.sla import Calendar

MAKASSAR = ZoneInfo("Asia/Makassar")


@pytest.mark.parametrize("typed", ["081234567890", "0812-3456-7890", "0812 3456 7890", "6281234567890",
                                   "+62 812-3456-7890", "+62 (812) 3456.7890", "81234567890"])
def test_the_usual_ways_of_writing_a_mobile_number_become_one(typed):
    assert phone.normalise(typed) == "+6281234567890"


@pytest.mark.parametrize("typed", ["0211234567", "(0438) 555 0100", "+65 9123 4567", "08123", "0812345678901234",
                                   "halo", ""])
def test_what_cannot_be_an_indonesian_mobile_is_refused(typed):
    with pytest.raises(phone.NotAMobile):
        phone.normalise(typed)


def test_whatsapp_link_carries_the_written_message():
    link = phone.whatsapp_link("+6281234567890", "Tiket PST-2026-000001: selesai & siap")
    assert link == "https://wa.me/6281234567890?text=Tiket%20PST-2026-000001%3A%20selesai%20%26%20siap"


@pytest.mark.parametrize("zone, label", [("Asia/Jakarta", "WIB"), ("Asia/Pontianak", "WIB"),
                                         ("Asia/Makassar", "WITA"), ("Asia/Jayapura", "WIT"),
                                         ("Asia/Singapore", "UTC+8"), ("Asia/Kolkata", "UTC+5:30")])
def test_time_zone_labels_come_from_the_offset(zone, label):
    assert zones.label(dt.datetime(2026, 12, 3, 10, tzinfo=ZoneInfo(zone))) == label


@pytest.mark.parametrize("province, zone", [("Sulawesi Utara", "Asia/Makassar"), ("Provinsi Papua Barat Daya",
                                            "Asia/Jayapura"), ("DKI Jakarta", "Asia/Jakarta"),
                                            ("D.I. Yogyakarta", "Asia/Jakarta"), ("NTT", "Asia/Makassar"),
                                            ("kalimantan barat", "Asia/Jakarta"), ("Bali", "Asia/Makassar")])
def test_a_branch_keeps_its_provinces_time(province, zone):
    assert zones.branch_zone({"address": {"province": province}}, "Asia/Jakarta") == zone


@pytest.mark.parametrize("lat, lon, zone", [(1.44, 125.18, "Asia/Makassar"), (-0.03, 109.33, "Asia/Pontianak"),
                                            (-0.88, 131.25, "Asia/Jayapura"), (-8.65, 115.22, "Asia/Makassar"),
                                            (-8.22, 114.37, "Asia/Jakarta")])
def test_a_branch_with_coordinates_keeps_the_zone_of_its_place(lat, lon, zone):
    # Banyuwangi (WIB) and Denpasar (WITA) face each other across the Bali Strait.
    branch = {"coordinates": {"lat": lat, "lon": lon}, "address": {"province": "Papua"}}
    assert zones.branch_zone(branch, "Asia/Jakarta") == zone


def test_a_branchs_own_zone_wins_and_the_library_zone_is_the_fallback():
    assert zones.branch_zone({"timezone": "Asia/Jayapura", "address": {"province": "Bali"}}, "x") == "Asia/Jayapura"
    assert zones.branch_zone({"address": {"province": "Atlantis"}}, "Asia/Makassar") == "Asia/Makassar"
    assert len({z for z in zones.province_zones().values()}) == 3 and len(set(zones.province_zones())) >= 38


def test_spoken_times_name_the_day_and_the_zone():
    moment = dt.datetime(2026, 12, 3, 2, 0, tzinfo=dt.timezone.utc)
    assert zones.spoken(moment, "Asia/Makassar") == "Kamis, 3 Desember 2026, 10.00 WITA"
    assert zones.spoken(moment, "Asia/Jayapura", "en") == "Thursday, 3 December 2026, 11:00 WIT"


CAL = Calendar(hours={d: (dt.time(8), dt.time(16)) for d in range(5)}, holidays=frozenset({dt.date(2026, 12, 25)}),
               timezone="Asia/Makassar")
FORM = {"steps": [{"name": {"id": "Diterima"}, "time": {"value": 4, "unit": "business_hours"}},
                  {"name": {"id": "Dicari"}, "time": {"value": 1, "unit": "business_days"}},
                  {"name": {"id": "Dikirim"}, "time": {"value": 4, "unit": "business_hours"}}]}


def _row(created: dt.datetime, **extra) -> dict:
    return {"created_at": created, "status": "open", "step": 0, "closed_at": None, **extra}


def local(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=MAKASSAR)


def test_each_step_has_its_own_deadline_on_business_time():
    # Thursday 14:00 before Christmas (a Friday holiday): 4 working hours end Monday 10:00.
    created = local(2026, 12, 24, 14)
    steps = progress.steps(CAL, FORM, _row(created), [], [], now=local(2026, 12, 24, 15))
    assert [s.due for s in steps] == [local(2026, 12, 28, 10), local(2026, 12, 29, 10), local(2026, 12, 29, 14)]
    assert [s.state for s in steps] == ["current", "todo", "todo"] and not any(s.late for s in steps)


def test_a_step_finished_after_its_deadline_is_late_and_the_current_one_too():
    created = local(2026, 12, 1, 8)
    history = [{"kind": "step", "detail": "1", "at": local(2026, 12, 1, 13)}]
    row = _row(created, step=1)
    steps = progress.steps(CAL, FORM, row, history, [], now=local(2026, 12, 3, 9))
    assert steps[0].due == local(2026, 12, 1, 12) and steps[0].finished == local(2026, 12, 1, 13)
    assert steps[0].late and steps[0].state == "done"
    assert steps[1].due == local(2026, 12, 2, 12) and steps[1].late and steps[1].state == "current"
    assert steps[2].late is False and steps[2].state == "todo"


def test_time_waiting_on_the_reader_moves_the_deadlines():
    created = local(2026, 12, 1, 8)
    pauses = [(local(2026, 12, 1, 9), local(2026, 12, 1, 11))]  # two working hours waiting
    steps = progress.steps(CAL, FORM, _row(created), [], pauses, now=local(2026, 12, 1, 12))
    assert steps[0].due == local(2026, 12, 1, 14)
    due = progress.due_view(CAL, {"value": 2, "unit": "business_days"}, _row(created), pauses, None,
                            now=local(2026, 12, 1, 12))
    assert due["due"] == local(2026, 12, 3, 10) and due["late"] is False


def test_a_closed_request_was_late_only_if_it_closed_after_its_deadline():
    created = local(2026, 12, 1, 8)
    done = _row(created, status="closed", closed_at=local(2026, 12, 4, 9), step=2)
    view = progress.due_view(CAL, {"value": 2, "unit": "business_days"}, done, [], done["closed_at"],
                             now=local(2026, 12, 10, 9))
    assert view["due"] == local(2026, 12, 2, 16) and view["late"] is True  # the end of the second working day
    steps = progress.steps(CAL, FORM, done, [], [], now=local(2026, 12, 10, 9))
    assert all(s.state == "done" and s.finished == done["closed_at"] for s in steps)


@pytest.mark.parametrize("name, data, ok", [
    ("hasil.pdf", b"%PDF-1.7 ...", True), ("hasil.PDF", b"%PDF-1.7", True), ("hasil.pdf", b"<html>", False),
    ("daftar.ris", "TY  - BOOK\nTI  - Babad\n".encode(), True), ("daftar.ris", b"\xff\xfe\x00", False),
    ("skrip.html", b"<script>", False), ("tanpa-titik", b"x", False), ("kosong.txt", b"", False),
    ("tabel.xlsx", b"PK\x03\x04...", True), ("tabel.xlsx", b"MZ...", False),
])
def test_result_files_are_checked_by_name_and_first_bytes(name, data, ok):
    if ok:
        assert files.check(name, data).data == data
    else:
        with pytest.raises(files.FileRefused):
            files.check(name, data)


def test_result_files_have_a_size_limit_and_a_clean_name():
    with pytest.raises(files.FileRefused, match="dari 1 MB"):
        files.check("besar.pdf", b"%PDF-" + b"0" * (1024 * 1024), max_bytes=1024 * 1024)
    assert files.check("C:\\Users\\pustakawan\\..\\Hasil akhir.pdf", b"%PDF-1").filename == "Hasil akhir.pdf"
    assert files.check("../../etc/.hasil.pdf", b"%PDF-1").filename == "hasil.pdf"
    header = files.disposition("Daftar pustaka “Pelabuhan”.pdf")
    assert header.startswith('attachment; filename="Daftar pustaka _Pelabuhan_.pdf"; filename*=UTF-8\'\'')


def test_the_answer_is_escaped_and_its_web_addresses_linked():
    html = str(rich('Lihat https://arsip.example/a?b=1&c=2. <script>alert(1)</script>\n"javascript:x"'))
    assert '<a href="https://arsip.example/a?b=1&amp;c=2" rel="noopener noreferrer">' in html
    assert "<script>" not in html and "&lt;script&gt;" in html and "<br>" in html
    assert 'href="javascript' not in html


def test_the_readers_message_is_in_their_language_and_has_no_personal_data():
    form = {"name": {"id": "Tanya Pustakawan", "en": "Ask a librarian"}, "steps": FORM["steps"],
            "fields": [{"name": "email", "type": "email"}, {"name": "telepon", "type": "tel", "whatsapp": True}]}
    row = {"ticket": "PST-2026-000007", "service": "tanya-pustakawan", "status": "open", "step": 1, "lang": "en",
           "data": {"nama": "Siti", "email": "siti@example.id", "telepon": "+6281234567890"}}
    subject, body = notices.compose(form, row, url="https://x.example/en/status-tiket.html#T/k", answered=True)
    assert subject == "Ticket PST-2026-000007: in progress — current step: Dicari"
    assert "Ask a librarian" in body and "https://x.example/en/status-tiket.html#T/k" in body
    assert "answer is ready" in body and "Siti" not in body and "812" not in body
    assert notices.contacts(form, row["data"]) == {"email": "siti@example.id", "whatsapp": "+6281234567890"}
    # A "phone or WhatsApp" field holding a landline gets no WhatsApp link.
    landline = {"fields": [{"name": "telepon", "type": "tel"}]}
    assert notices.contacts(landline, {"telepon": "(0438) 555 0100"})["whatsapp"] is None
    refused = {**row, "lang": "id", "status": "refused", "reason": "di luar layanan"}
    assert notices.compose(form, refused, url="u")[0] == "Tiket PST-2026-000007: ditolak: di luar layanan"


def test_a_one_of_rule_must_name_fields_of_its_form(tmp_path):
    from generator.exceptions import ValidationFailed
    from generator.records import load_collection
    from tests.projects import SERVICE, make_project

    make_project(tmp_path, {"collection/services/peminjaman.yml": SERVICE + """\
    - {name: email, type: email, label: Surel}
    - {name: wa, type: tel, label: WhatsApp, whatsapp: true}
  one_of:
    - fields: [email, wa]
    - fields: [email, faks]
"""})
    with pytest.raises(ValidationFailed) as info:
        load_collection(tmp_path / "collection", project_dir=tmp_path)
    assert [str(p) for p in info.value.problems] == [
        'collection/services/peminjaman.yml:13:23: form.one_of[1].fields[1]: '
        'expected the name of a field of this form, got "faks"']
