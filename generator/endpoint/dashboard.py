"""The librarians' dashboard: login, queues with SLA clocks, actions, reports.

Server-rendered, in Indonesian. Every POST needs the session's CSRF token; five
wrong passwords lock an account for 15 minutes.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import hashlib
import hmac
import io
import secrets
from collections import Counter, defaultdict
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from .librarian import context as answer_context
from ..limits import read_bounded
from .render import render
from .sla import clock, business_days_text
from .store import StoreError, now_utc
from .tickets import same_token

SESSION_COOKIE = "pustaka_sesi"
LOGIN_COOKIE = "pustaka_masuk"
# Wrong passwords are counted per user *and* address: five from one address hold that
# address back for 15 minutes for that user, while the librarian at the desk logs in as ever
# (a lock on the account itself would let anyone lock any librarian out). Unknown users are
# counted the same way, so the answers never tell which usernames exist.
MAX_FAILURES = 5
LOCK_FOR = dt.timedelta(minutes=15)
SESSION_LIFETIME = dt.timedelta(hours=10)
ACTIONS = ("ambil", "tugaskan", "lanjut", "catat", "jeda", "lanjutkan", "selesai", "tolak", "pinjamkan", "kembali")


# -- passwords ------------------------------------------------------------------------
def hash_password(password: str, *, n: int = 2 ** 14, r: int = 8, p: int = 1) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=n, r=r, p=p, dklen=32)
    return "scrypt${}${}${}${}${}".format(n, r, p, base64.b64encode(salt).decode(), base64.b64encode(digest).decode())


def check_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        assert scheme == "scrypt"
        actual = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                                dklen=32)
    except (ValueError, AssertionError):
        return False
    return hmac.compare_digest(actual, base64.b64decode(digest))


_DUMMY_HASH = hash_password("pustaka-dummy")  # unknown users cost as much time as known ones


# -- sessions -------------------------------------------------------------------------
def _session(request: Request) -> dict[str, Any] | None:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    ep = request.app.state.endpoint
    session = ep.store.session(token, now=now_utc())
    if session is None:
        return None
    user = ep.store.user(session["username"])
    return {**session, "user": user} if user else None


def secure_cookies(request: Request) -> bool:
    """Cookies only over HTTPS when the dashboard is reached over HTTPS (directly, or through
    a trusted proxy that says so), or when the library asks for it."""
    return request.url.scheme == "https" or request.app.state.endpoint.settings.secure_cookies


def _login_redirect() -> Response:
    return RedirectResponse("/dasbor/masuk", status_code=303)


async def _form(request: Request, limit: int = 32 * 1024) -> dict[str, str] | None:
    body = await read_bounded(request, limit)
    if body is None:
        return None
    try:
        return dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True, max_num_fields=50))
    except (UnicodeDecodeError, ValueError):
        return None


def _page(template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    response = HTMLResponse(render(template, **context), status_code=status_code)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Content-Security-Policy"] = "default-src 'self'; style-src 'self' 'unsafe-inline'"
    return response


def login_page(request: Request) -> Response:
    csrf = secrets.token_urlsafe(24)
    response = _page("login.html", csrf=csrf, error=None)
    response.set_cookie(LOGIN_COOKIE, csrf, httponly=True, samesite="strict", path="/dasbor",
                        secure=secure_cookies(request))
    return response


async def login(request: Request) -> Response:
    ep = request.app.state.endpoint
    form = await _form(request)
    cookie = request.cookies.get(LOGIN_COOKIE, "")
    if form is None or not cookie or not same_token(form.get("csrf", ""), cookie):
        return _page("login.html", 403, csrf=cookie or "", error="Formulir kedaluwarsa; muat ulang halaman ini.")
    if not ep.login_limiter.allow(f"login:{request.client.host if request.client else '?'}"):
        return _page("login.html", 429, csrf=cookie, error="Terlalu banyak percobaan; tunggu sebentar.")
    username, password = form.get("username", "")[:100], form.get("password", "")[:200]
    now = now_utc()
    attempt = f"{username}|{request.client.host if request.client else '?'}"
    if ep.login_failures.blocked(attempt):
        return _page("login.html", 429, csrf=cookie, error="Terlalu banyak kata sandi salah dari perangkat ini; "
                                                          "coba lagi 15 menit lagi.")
    user = ep.store.user(username)
    if not check_password(password, user["password"] if user else _DUMMY_HASH) or user is None:
        ep.login_failures.allow(attempt)
        return _page("login.html", 401, csrf=cookie, error="Nama pengguna atau kata sandi salah.")
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
    ep.store.new_session(username, token=token, csrf=csrf, now=now, lifetime=SESSION_LIFETIME)
    response = RedirectResponse("/dasbor", status_code=303)
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="strict", path="/",
                        max_age=int(SESSION_LIFETIME.total_seconds()), secure=secure_cookies(request))
    response.delete_cookie(LOGIN_COOKIE, path="/dasbor")
    return response


async def logout(request: Request) -> Response:
    session = _session(request)
    form = await _form(request)
    if session is None or form is None or not same_token(form.get("csrf", ""), session["csrf"]):
        return Response("CSRF token missing or wrong", status_code=403)
    request.app.state.endpoint.store.end_session(session["token"])
    response = _login_redirect()
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


# -- queue ------------------------------------------------------------------------------
def _scope(user: dict[str, Any]) -> list[str] | None:
    """The branches a librarian works for; None for every branch."""
    return user["branches"] or None


def _clock_view(ep: Any, duration: dict, start: dt.datetime, end: dt.datetime, pauses: list) -> dict[str, Any]:
    c = clock(ep.calendar, duration, start, end, pauses)
    return {"elapsed": business_days_text(ep.calendar, c.elapsed), "budget": business_days_text(ep.calendar, c.budget),
            "due": c.due, "overdue": c.overdue, "paused": c.paused, "percent": min(999, int(c.fraction * 100))}


def _clock(ep: Any, row: dict[str, Any], pauses: list, now: dt.datetime) -> dict[str, Any] | None:
    """The completion clock: from the post to the close."""
    form = ep.definitions["forms"].get(row["service"])
    if not form:
        return None
    return _clock_view(ep, form["sla"]["completion"], row["created_at"], row["closed_at"] or now, pauses)


def _response_clock(ep: Any, row: dict[str, Any], pauses: list, answered: dt.datetime | None,
                    now: dt.datetime) -> dict[str, Any] | None:
    """The first-response clock: from the post to the first answer (store.ANSWER_KINDS).

    None when the service promises no response time. `pending` means it still runs.
    """
    form = ep.definitions["forms"].get(row["service"])
    duration = form and form["sla"].get("response")
    if not duration:
        return None
    view = _clock_view(ep, duration, row["created_at"], answered or now, pauses)
    view["answered"] = answered
    view["pending"] = answered is None and row["status"] == "open"
    return view


def _urgency(entry: dict[str, Any], now: dt.datetime) -> tuple[bool, dt.datetime]:
    """Sort key of the queue: late first, then by the nearest deadline of a clock still running."""
    done, response = entry["clock"], entry["response"]
    late = bool(done and done["overdue"]) or bool(response and response["pending"] and response["overdue"])
    dues = [c["due"] for c in (done, response if response and response["pending"] else None) if c]
    return (not late, min(dues) if dues else now)


def queue(request: Request) -> Response:
    session = _session(request)
    if session is None:
        return _login_redirect()
    ep = request.app.state.endpoint
    branch = request.query_params.get("cabang") or None
    service = request.query_params.get("layanan") or None
    status = request.query_params.get("status", "open")
    scope = _scope(session["user"])
    branches = [branch] if branch and (scope is None or branch in scope) else scope
    rows = ep.store.requests(branches=branches, service=service, status=status if status != "semua" else None)
    now = ep.now()
    pauses, answers = ep.store.all_pauses(), ep.store.first_answers()
    entries = [{"row": r, "clock": _clock(ep, r, pauses.get(r["id"], []), now),
                "response": _response_clock(ep, r, pauses.get(r["id"], []), answers.get(r["id"]), now)}
               for r in rows]
    for entry in entries:
        entry["late"] = not _urgency(entry, now)[0] and entry["row"]["status"] == "open"
    entries.sort(key=lambda e: _urgency(e, now))
    defs = ep.definitions
    return _page("queue.html", session=session, entries=entries, forms=defs["forms"], branches=defs["branches"],
                 chosen={"cabang": branch or "", "layanan": service or "", "status": status})


def _load(request: Request) -> tuple[dict | None, dict | None]:
    session = _session(request)
    if session is None:
        return None, None
    ep = request.app.state.endpoint
    row = ep.store.request(request.path_params["ticket"])
    scope = _scope(session["user"])
    if row is not None and scope is not None and row["branch"] not in scope and row["branch"] is not None:
        row = None
    return session, row


async def detail(request: Request, message: str | None = None, status_code: int = 200) -> Response:
    session, row = _load(request)
    if session is None:
        return _login_redirect()
    if row is None:
        return _page("message.html", 404, session=session, message="Permintaan tidak ditemukan.")
    ep = request.app.state.endpoint
    defs = ep.definitions
    form = defs["forms"].get(row["service"], {"fields": [], "steps": [], "name": row["service"], "loan": False})
    pauses = ep.store.pauses(row["id"])
    loans = [loan for loan in ep.store.active_loans(row["item"]) if loan["request_id"] == row["id"]] if row["item"] else []
    available = []
    if form.get("loan") and row["item"] and not loans:
        live = {loan["barcode"] for loan in ep.store.active_loans(row["item"])}
        available = [c for c in defs["items"].get(row["item"], {}).get("copies", [])
                     if c["status"] == "available" and c["barcode"] not in live]
    now = ep.now()
    response = _response_clock(ep, row, pauses, ep.store.first_answers(row["id"]).get(row["id"]), now)
    return _page("request.html", status_code, session=session, row=row, form=form, message=message,
                 clock=_clock(ep, row, pauses, now), response=response, history=ep.store.history(row["id"]),
                 paused=any(end is None for _, end in pauses), loans=loans, available=available,
                 branches=defs["branches"], loan_days=ep.settings.loan_days, users=ep.store.usernames(),
                 **answer_context(request, row))


async def act(request: Request) -> Response:
    session, row = _load(request)
    if session is None:
        return Response("Login required", status_code=401)
    form = await _form(request)
    if form is None or not same_token(form.get("csrf", ""), session["csrf"]):
        return Response("CSRF token missing or wrong", status_code=403)
    if row is None:
        return _page("message.html", 404, session=session, message="Permintaan tidak ditemukan.")
    action = request.path_params["action"]
    if action not in ACTIONS:
        return Response("Unknown action", status_code=404)
    ep = request.app.state.endpoint
    store, me, now = ep.store, session["username"], ep.now()
    steps = ep.definitions["forms"].get(row["service"], {}).get("steps", [])
    note = (form.get("catatan") or form.get("alasan") or "").strip()[:2000]
    if row["status"] != "open" and action not in ("catat", "kembali"):
        return await detail(request, "Permintaan ini sudah ditutup.", 409)
    if action == "ambil":
        store.update_request(row["id"], actor=me, kind="assigned", detail=me, assignee=me, now=now)
    elif action == "tugaskan":
        who = form.get("petugas", "")
        if who not in store.usernames():
            return await detail(request, "Pilih petugas yang terdaftar.", 422)
        store.update_request(row["id"], actor=me, kind="assigned", detail=who, assignee=who, now=now)
    elif action == "lanjut":
        if row["step"] + 1 >= len(steps):
            return await detail(request, "Ini tahap terakhir; tutup permintaan bila sudah selesai.", 409)
        nxt = row["step"] + 1
        store.update_request(row["id"], actor=me, kind="step", detail=str(nxt), public=True, step=nxt, now=now)
        # The clock stops by itself in a step that waits on the reader, and runs again after it.
        if steps[nxt].get("waiting_on_reader"):
            store.pause(row["id"], actor=me, now=now)
        elif steps[row["step"]].get("waiting_on_reader"):
            store.resume(row["id"], actor=me, now=now)
    elif action == "catat":
        if not note:
            return await detail(request, "Catatan kosong.", 422)
        store.update_request(row["id"], actor=me, kind="note", detail=note, now=now)
    elif action == "jeda":
        store.pause(row["id"], actor=me, now=now)
    elif action == "lanjutkan":
        store.resume(row["id"], actor=me, now=now)
    elif action in ("selesai", "tolak"):
        if action == "tolak" and not note:
            return await detail(request, "Tuliskan alasan penolakan.", 422)
        store.resume(row["id"], actor=me, now=now)
        store.update_request(row["id"], actor=me, kind="closed" if action == "selesai" else "refused", detail=note,
                             public=True, status="closed" if action == "selesai" else "refused",
                             reason=note or None, closed_at=now, now=now)
    elif action == "pinjamkan":
        barcode = form.get("eksemplar", "")
        copies = {c["barcode"]: c for c in ep.definitions["items"].get(row["item"] or "", {}).get("copies", [])}
        if barcode not in copies:
            return await detail(request, "Pilih eksemplar yang dipinjamkan.", 422)
        due = now + dt.timedelta(days=ep.settings.loan_days)
        try:
            store.lend(row["id"], item=row["item"], barcode=barcode, branch=copies[barcode]["branch"], due=due,
                       actor=me, now=now)
        except StoreError:
            return await detail(request, "Eksemplar itu sedang dipinjam.", 409)
    elif action == "kembali":
        store.give_back(row["id"], actor=me, now=now)
    if action in ("lanjut", "selesai", "tolak", "pinjamkan", "jeda", "lanjutkan"):
        from .librarian import notify

        notify(request, row["ticket"])  # e-mail, in the reader's language, with the status page
    return RedirectResponse(f"/dasbor/permintaan/{row['ticket']}", status_code=303)


# -- reports ------------------------------------------------------------------------------
def _month(ep: Any, moment: dt.datetime) -> str:
    """The library's month of an instant: a close at 23:30 UTC on the 31st is the next day in WIB."""
    return moment.astimezone(ep.calendar.zone).strftime("%Y-%m")


def report_data(ep: Any) -> dict[str, Any]:
    rows = ep.store.requests(limit=1_000_000)
    pauses, answers = ep.store.all_pauses(), ep.store.first_answers()
    now = ep.now()
    per = Counter((r["service"], r["branch"] or "-") for r in rows)
    months: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    responses: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    ratings: dict[str, list[int]] = defaultdict(list)
    for r in rows:
        if r["status"] == "closed":
            c = _clock(ep, r, pauses.get(r["id"], []), now)
            month = _month(ep, r["closed_at"])
            months[month][0] += 1
            months[month][1] += 0 if (c and c["overdue"]) else 1
        # A response counts in the month it was given, as a completion counts when it closes;
        # one not yet given is not counted yet (the queue shows it as late).
        response = _response_clock(ep, r, pauses.get(r["id"], []), answers.get(r["id"]), now)
        if response and response["answered"]:
            month = _month(ep, response["answered"])
            responses[month][0] += 1
            responses[month][1] += 0 if response["overdue"] else 1
        if r["service"] == "umpan-balik" and str(r["data"].get("nilai", "")).isdigit():
            ratings[r["branch"] or "-"].append(int(r["data"]["nilai"]))
    empty = (0, 0)
    compliance = [(m, tuple(months.get(m, empty)), tuple(responses.get(m, empty)))
                  for m in sorted(set(months) | set(responses))]
    return {"per": sorted(per.items()), "months": sorted(months.items()), "responses": sorted(responses.items()),
            "compliance": compliance,
            "ratings": {b: (len(v), sum(v) / len(v)) for b, v in sorted(ratings.items())}}


def reports(request: Request) -> Response:
    session = _session(request)
    if session is None:
        return _login_redirect()
    ep = request.app.state.endpoint
    from .skm_pages import ikm_view

    return _page("reports.html", session=session, report=report_data(ep), forms=ep.definitions["forms"],
                 branches=ep.definitions["branches"], ikm=ikm_view(request))


def _verdict(view: dict[str, Any] | None, stopped: bool) -> str:
    """``ya``/``tidak`` for a clock that has stopped; ``belum`` (not yet) for one still in time; empty without SLA."""
    if view is None:
        return ""
    if view["overdue"]:
        return "tidak"
    return "ya" if stopped else "belum"


def export_csv(request: Request) -> Response:
    session = _session(request)
    if session is None:
        return _login_redirect()
    ep = request.app.state.endpoint
    rows = ep.store.requests(branches=_scope(session["user"]), limit=1_000_000)
    pauses, answers, now = ep.store.all_pauses(), ep.store.first_answers(), ep.now()
    out = io.StringIO()
    writer = csv.writer(out)
    # New columns go at the end, so spreadsheets built on the older export keep working.
    writer.writerow(["tiket", "layanan", "cabang", "koleksi", "kegiatan", "status", "tahap", "petugas",
                     "dibuat", "ditutup", "alasan", "dijawab", "respon_tepat_waktu", "selesai_tepat_waktu"])
    for r in rows:
        paused = pauses.get(r["id"], [])
        response = _response_clock(ep, r, paused, answers.get(r["id"]), now)
        answered = response["answered"] if response else answers.get(r["id"])
        cells = [r["ticket"], r["service"], r["branch"] or "", r["item"] or "", r["event"] or "", r["status"],
                 r["step"] + 1, r["assignee"] or "", r["created_at"].isoformat(),
                 r["closed_at"].isoformat() if r["closed_at"] else "", r["reason"] or "",
                 answered.isoformat() if answered else "", _verdict(response, answered is not None),
                 _verdict(_clock(ep, r, paused, now), r["status"] == "closed") if r["status"] != "refused" else ""]
        # A cell starting with = + - @ runs as a formula in spreadsheets: defuse it. (Not
        # `c[:1] in "=+-@"`: the empty string is in every string, and empty cells got a quote.)
        writer.writerow(["'" + c if isinstance(c, str) and c.startswith(("=", "+", "-", "@")) else c
                         for c in cells])
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="permintaan.csv"'})


def routes() -> list[Route]:
    return [
        Route("/dasbor/masuk", login_page, methods=["GET"]),
        Route("/dasbor/masuk", login, methods=["POST"]),
        Route("/dasbor/keluar", logout, methods=["POST"]),
        Route("/dasbor", queue, methods=["GET"]),
        Route("/dasbor/laporan", reports, methods=["GET"]),
        Route("/dasbor/permintaan.csv", export_csv, methods=["GET"]),
        Route("/dasbor/permintaan/{ticket}", detail, methods=["GET"]),
        Route("/dasbor/permintaan/{ticket}/{action}", act, methods=["POST"]),
    ]
