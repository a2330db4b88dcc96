"""What the holder of a ticket's token sees: the steps and their deadlines in the branch's
local time, the librarian's answer and result files, as JSON (``/api/status``), as an
HTML page for readers without JavaScript (``/tiket/{ticket}``), and the files themselves.

Never a field the reader typed: the token is a bearer secret, and a forwarded link must
not carry a name or a phone number with it.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup, escape
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from ..site import zones
from ..site.i18n import LANGUAGES
from ..site.urls import STATUS_PAGE, page_url
from . import progress
from .files import disposition, size_text
from .render import render
from .tickets import is_ticket, same_token

log = logging.getLogger(__name__)

def zone_of(ep: Any, row: dict[str, Any]) -> str:
    """The zone of the branch handling the request, else the library's."""
    zones_by_branch = ep.definitions.get("zones") or {}
    return zones_by_branch.get(row["branch"] or "") or ep.calendar.timezone


def view(ep: Any, row: dict[str, Any]) -> dict[str, Any]:
    """The public picture of a request, with aware datetimes (see `as_json`)."""
    form = ep.definitions["forms"].get(row["service"], {})
    now = ep.now()
    pauses = ep.store.pauses(row["id"])
    history = ep.store.history(row["id"])
    answered = ep.store.first_answers(row["id"]).get(row["id"])
    sla = form.get("sla") or {}
    steps = progress.steps(ep.calendar, form, row, history, pauses, now) if form else []
    response = progress.due_view(ep.calendar, sla.get("response"), row, pauses, answered, now)
    completion = progress.due_view(ep.calendar, sla.get("completion"), row, pauses,
                                   row["closed_at"] if row["status"] == "closed" else None, now)
    if row["status"] == "refused" and completion:
        completion["late"] = False  # a refusal ends the clock; it is not a late completion
    answer = ep.store.answer(row["id"])
    files = [{"key": f["key"], "name": f["filename"], "size": f["size"], "content_type": f["content_type"],
              "at": f["at"], "path": file_path(row, f["key"])} for f in ep.store.attachments(row["id"])]
    branch = row["branch"]
    return {"zone": zone_of(ep, row), "created": row["created_at"], "steps": steps, "response": response, "completion": completion,
            "answer": answer, "files": files,
            "branch": {"id": branch, "name": ep.definitions["branches"].get(branch, {"id": branch, "en": branch})}
            if branch else None,
            "late": row["status"] == "open" and (any(v and v["late"] for v in (response, completion))
                                                 or any(s.late and s.state == "current" for s in steps))}


_URL = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]]")


def rich(text: str) -> Markup:
    """A librarian's answer as HTML: escaped, its lines kept, its web addresses made links."""
    parts, last = [], 0
    for match in _URL.finditer(text):
        parts.append(escape(text[last:match.start()]))
        url = match.group(0)
        parts.append(Markup('<a href="{0}" rel="noopener noreferrer">{0}</a>').format(url))
        last = match.end()
    parts.append(escape(text[last:]))
    html = Markup("").join(parts)
    return Markup("<br>\n").join(html.split("\n"))


def file_path(row: dict[str, Any], key: str) -> str:
    return f"/api/status/{row['ticket']}/berkas/{key}?" + urlencode({"token": row["token"]})


def as_json(picture: dict[str, Any]) -> dict[str, Any]:
    """The additions to ``/api/status``: times in ISO 8601 at the branch's UTC offset."""
    zone = picture["zone"]

    def iso(moment: dt.datetime | None) -> str | None:
        return zones.localise(moment, zone).isoformat(timespec="minutes") if moment else None

    def due(value: dict | None) -> dict | None:
        return None if value is None else {"due": iso(value["due"]), "met_at": iso(value["met_at"]),
                                           "late": value["late"]}

    sample = zones.localise(dt.datetime.now(dt.timezone.utc), zone)
    return {
        "timezone": {"zone": zone, "label": zones.label(sample)},
        "created_at_local": iso(picture["created"]),
        "branch": picture["branch"],
        "steps": [{"name": s.name, "state": s.state, "due": iso(s.due), "done_at": iso(s.finished),
                            "late": s.late, "waiting_on_reader": s.waiting_on_reader} for s in picture["steps"]],
        "response": due(picture["response"]), "completion": due(picture["completion"]), "late": picture["late"],
        "answer": {"text": picture["answer"]["text"], "at": iso(picture["answer"]["at"])}
        if picture["answer"] else None,
        "files": [{"name": f["name"], "size": f["size"], "content_type": f["content_type"], "at": iso(f["at"]),
                   "url": f["path"]} for f in picture["files"]],
    }


def site_status_url(ep: Any, row: dict[str, Any]) -> str | None:
    """The site's status page for this ticket (token in the fragment: it never reaches a server)."""
    site = (ep.definitions.get("site_url") or "").rstrip("/")
    if not site:
        return None
    lang = row.get("lang") if row.get("lang") in LANGUAGES else LANGUAGES[0]
    return f"{site}/{page_url(lang, STATUS_PAGE)}#{row['ticket']}/{row['token']}"


def endpoint_status_url(base: str, row: dict[str, Any]) -> str:
    """The endpoint's own status page, for readers without JavaScript."""
    return f"{base.rstrip('/')}/tiket/{row['ticket']}?" + urlencode({"token": row["token"]})


def _find(request: Request) -> dict[str, Any] | None:
    ep = request.app.state.endpoint
    ticket = request.path_params["ticket"]
    row = ep.store.request(ticket) if is_ticket(ticket) else None
    if row is None or not same_token(request.query_params.get("token"), row["token"]):
        return None
    return row


def _private(response: Response) -> Response:
    # The address holds the token: no cache may keep the page, no link may pass it on.
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def status_page(request: Request) -> Response:
    ep = request.app.state.endpoint
    row = _find(request)
    asked = request.query_params.get("bahasa")
    lang = asked if asked in ("id", "en") else (row["lang"] if row else "id")
    if row is None:
        return _private(HTMLResponse(render("ticket.html", lang=lang, row=None), status_code=404))
    from .app import public_status

    status = public_status(ep, row)
    return _private(HTMLResponse(render("ticket.html", lang=lang, row=row, status=status, picture=view(ep, row),
                                        size_text=size_text, spoken=zones.spoken, rich=rich)))


def download(request: Request) -> Response:
    ep = request.app.state.endpoint
    row = _find(request)
    found = ep.store.attachment(row["id"], request.path_params["key"]) if row else None
    if found is None:
        return _private(Response("berkas tidak ditemukan (no such file, or a wrong token)", status_code=404,
                                 media_type="text/plain; charset=utf-8"))
    response = Response(found["data"], media_type=found["content_type"])
    response.headers["Content-Disposition"] = disposition(found["filename"])
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return _private(response)


def routes() -> list[Route]:
    return [
        Route("/tiket/{ticket}", status_page, methods=["GET"], name="ticket_page"),
        Route("/api/status/{ticket}/berkas/{key}", download, methods=["GET"], name="ticket_file"),
    ]

