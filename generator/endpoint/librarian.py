"""The dashboard's answer work: write the answer, attach result files, tell the reader.

Routes sit beside dashboard.py's actions with the same login, branch scope and CSRF
token. A result file is read up to the configured size and no further, checked
(files.py) and kept in the database; the reader gets it through the ticket's token.
"""

from __future__ import annotations

import logging
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from . import notices, ticket_view
from .files import FileRefused, check, size_text
from .phone import display
from .tickets import same_token

log = logging.getLogger(__name__)
ANSWER_MAX = 20000
#: Form overhead allowed on top of the file itself (boundaries, the CSRF field, headers).
MULTIPART_SLACK = 64 * 1024


#: Where result files are posted; the only dashboard path whose bodies may be this large.
ATTACH_PREFIX = "/dasbor/lampiran/"


def upload_limit(max_attachment: int) -> int:
    """The largest body the attach route reads: the file plus the form around it."""
    return max_attachment + MULTIPART_SLACK


class _TooLarge(Exception):
    pass


def _dash():
    from . import dashboard  # imported late: dashboard imports `context` from here

    return dashboard


def status_url(request: Request, row: dict[str, Any]) -> str:
    ep = request.app.state.endpoint
    return ticket_view.site_status_url(ep, row) or ticket_view.endpoint_status_url(str(request.base_url), row)


def notify(request: Request, ticket: str) -> None:
    """E-mail the reader the request's new state, when SMTP is set and they gave an address."""
    ep = request.app.state.endpoint
    row = ep.store.request(ticket)
    if not ep.notifier or row is None:
        return
    form = ep.definitions["forms"].get(row["service"], {})
    to = notices.contacts(form, row["data"])["email"]
    if not to:
        return
    paused = any(end is None for _, end in ep.store.pauses(row["id"]))
    subject, body = notices.compose(form, row, url=status_url(request, row), paused=paused,
                                    answered=ep.store.answer(row["id"]) is not None,
                                    files=bool(ep.store.attachments(row["id"])))
    ep.notifier.send(to, subject, body)


def context(request: Request, row: dict[str, Any]) -> dict[str, Any]:
    """What request.html's answer section shows: the answer, the files, and the WhatsApp link."""
    ep = request.app.state.endpoint
    form = ep.definitions["forms"].get(row["service"], {})
    answer = ep.store.answer(row["id"])
    files = [{**f, "size_text": size_text(f["size"]), "path": ticket_view.file_path(row, f["key"])}
             for f in ep.store.attachments(row["id"])]
    contact = notices.contacts(form, row["data"])
    url = status_url(request, row)
    paused = any(end is None for _, end in ep.store.pauses(row["id"]))
    subject, body = notices.compose(form, row, url=url, paused=paused, answered=answer is not None,
                                    files=bool(files))
    return {"answer": answer, "files": files, "status_link": url, "notice_text": body,
            "whatsapp_url": notices.whatsapp(contact["whatsapp"], body), "contact": contact,
            "whatsapp_number": display(contact["whatsapp"]) if contact["whatsapp"] else "",
            "max_attachment": size_text(ep.settings.max_attachment), "accepted": _accept(),
            "accepted_text": ", ".join(_accept().split(","))}


def _accept() -> str:
    from .files import ALLOWED

    return ",".join("." + ext for ext in sorted(ALLOWED))


async def answer(request: Request) -> Response:
    dash = _dash()
    session, row = dash._load(request)
    if session is None:
        return Response("Login required", status_code=401)
    form = await dash._form(request, limit=4 * ANSWER_MAX + 4096)
    if form is None or not same_token(form.get("csrf", ""), session["csrf"]):
        return Response("CSRF token missing or wrong", status_code=403)
    if row is None:
        return dash._page("message.html", 404, session=session, message="Permintaan tidak ditemukan.")
    text = (form.get("jawaban") or "").replace("\r\n", "\n").strip()
    if not text:
        return await dash.detail(request, "Jawaban kosong.", 422)
    if len(text) > ANSWER_MAX:
        return await dash.detail(request, f"Jawaban paling banyak {ANSWER_MAX} karakter.", 422)
    ep = request.app.state.endpoint
    ep.store.save_answer(row["id"], text, actor=session["username"], now=ep.now())
    notify(request, row["ticket"])
    return RedirectResponse(f"/dasbor/permintaan/{row['ticket']}#bagian-jawaban", status_code=303)


async def _limited_form(request: Request, limit: int) -> Any:
    """The multipart form, read no further than `limit` bytes (a spooled upload is on disk)."""
    declared = request.headers.get("content-length")
    if declared and (not declared.isdigit() or int(declared) > limit):
        raise _TooLarge
    seen = 0
    receive = request.receive

    async def counted() -> dict:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise _TooLarge
        return message

    return await Request(request.scope, counted).form(max_files=1, max_fields=10)


async def attach(request: Request) -> Response:
    dash = _dash()
    session, row = dash._load(request)
    if session is None:
        return Response("Login required", status_code=401)
    ep = request.app.state.endpoint
    limit = ep.settings.max_attachment
    try:
        form = await _limited_form(request, upload_limit(limit))
    except _TooLarge:
        if row is None:
            return Response("Too large", status_code=413)
        return await dash.detail(request, f"Berkas lebih besar dari {size_text(limit)}.", 413)
    except Exception:  # a malformed multipart body from a broken client
        log.info("pustaka: unreadable upload for %s", request.path_params.get("ticket"), exc_info=True)
        return Response("Malformed form", status_code=400)
    try:
        if not same_token(str(form.get("csrf", "")), session["csrf"]):
            return Response("CSRF token missing or wrong", status_code=403)
        if row is None:
            return dash._page("message.html", 404, session=session, message="Permintaan tidak ditemukan.")
        upload = form.get("berkas")
        if not isinstance(upload, UploadFile) or not upload.filename:
            return await dash.detail(request, "Pilih berkas yang akan dilampirkan.", 422)
        data = await upload.read(limit + 1)
        try:
            checked = check(upload.filename, data, max_bytes=limit)
        except FileRefused as refused:
            return await dash.detail(request, str(refused), 413 if len(data) > limit else 422)
    finally:
        await form.close()
    ep.store.attach(row["id"], filename=checked.filename, content_type=checked.content_type, data=checked.data,
                    actor=session["username"], now=ep.now())
    notify(request, row["ticket"])
    return RedirectResponse(f"/dasbor/permintaan/{row['ticket']}#bagian-jawaban", status_code=303)


async def detach(request: Request) -> Response:
    dash = _dash()
    session, row = dash._load(request)
    if session is None:
        return Response("Login required", status_code=401)
    form = await dash._form(request)
    if form is None or not same_token(form.get("csrf", ""), session["csrf"]):
        return Response("CSRF token missing or wrong", status_code=403)
    if row is None:
        return dash._page("message.html", 404, session=session, message="Permintaan tidak ditemukan.")
    ep = request.app.state.endpoint
    if not ep.store.remove_attachment(row["id"], form.get("berkas", ""), actor=session["username"], now=ep.now()):
        return await dash.detail(request, "Berkas itu tidak ada.", 404)
    return RedirectResponse(f"/dasbor/permintaan/{row['ticket']}#bagian-jawaban", status_code=303)


def routes() -> list[Route]:
    # Before dashboard.py's "/dasbor/permintaan/{ticket}/{action}", which would take these names.
    return [
        Route("/dasbor/permintaan/{ticket}/jawab", answer, methods=["POST"]),
        # Under its own prefix: the body limit (app.body_limits) is chosen by path prefix.
        Route(ATTACH_PREFIX + "{ticket}", attach, methods=["POST"]),
        Route("/dasbor/permintaan/{ticket}/hapus-lampiran", detach, methods=["POST"]),
    ]
