"""The public side of the endpoint: requests in, status and availability out.

`create_app(settings)` returns a Starlette app. Plain HTML form posts get a 303 to the
site's thank-you page; JSON posts get 201 with the ticket. Nothing is stored unless
every field is valid, and the ticket is sent only after the commit.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.middleware import Middleware
from starlette.routing import Mount, Route

from ..site import forms as F
from ..site.urls import CATALOGUE_JSON
from . import validation
from . import public
from .openapi import OPENAPI
from . import render as templates
from .sla import Calendar, load_holidays, parse_hours, HOLIDAY_DIR
from ..limits import BodyLimit, RateLimiter, read_bounded
from .skm_pages import absolute_link as skm_link_absolute, add_status_link as add_skm_link
from .store import SQLStore, StoreError, StoreUnavailable, now_utc, open_store
from .tickets import is_ticket, same_token
from .village import CLIENT_ID_RE

log = logging.getLogger(__name__)


#: Seconds between two looks at forms.json for a rebuild's new definitions.
FORMS_CHECK_EVERY = 1.0


@dataclass
class Settings:
    forms_path: Path
    database: str = "pustaka.db"
    origins: list[str] = field(default_factory=list)
    # Pages served on this computer (127.0.0.0/8, ::1, localhost) on any port: the local
    # preview, whatever `pustaka serve --dev-addr` it runs on. No other site can make a
    # browser send such an origin (see public.is_loopback_origin).
    local_preview: bool = True
    # Pages opened from file:// (a USB copy) post with `Origin: null`. So does any page that
    # sandboxes itself, so taking them lets every web page post here through its readers'
    # browsers: the library opts in when it hands out copies (see the README).
    allow_file_origin: bool = False
    rate_limit: int = 30  # posts per IP per minute that pass the origin check (spam too); 0: no limit
    max_body: int = 64 * 1024
    hours: str = "mon-fri 08:00-16:00"
    timezone: str | None = None  # None: the site's (forms.json), else Asia/Jakarta
    holidays_dir: Path = HOLIDAY_DIR
    collective_leave: bool = False
    loan_days: int = 14
    secure_cookies: bool = False
    smtp: Any = None  # a notify.SMTPSettings: e-mail notifications
    max_attachment: int = 20 * 1024 * 1024  # bytes of one result file a librarian attaches
    # A built site: its data/catalogue.json is served over OAI-PMH at /oai for harvesters.
    site_dir: Path | None = None
    oai_base_url: str | None = None


class Endpoint:
    """What every handler shares: settings, definitions, store, calendar."""

    def __init__(self, settings: Settings, store: SQLStore | None = None) -> None:
        self.settings = settings
        self.store = store or open_store(settings.database)
        # The time the request clocks read. Tests set it to walk a request through a weekend
        # and a holiday over real HTTP; sessions and lockouts keep the real time.
        self.now: Callable[[], dt.datetime] = now_utc
        self._forms_mtime = 0.0
        self._forms_checked = -1.0
        self._definitions: dict[str, Any] = {}
        self.definitions  # load now: a missing forms.json should stop the start, not the first post
        timezone = settings.timezone or self._definitions.get("timezone") or "Asia/Jakarta"
        self.calendar = Calendar(hours=parse_hours(settings.hours),
                                 holidays=load_holidays(settings.holidays_dir,
                                                        collective_leave=settings.collective_leave),
                                 timezone=timezone)
        templates.zone = timezone
        self.limiter = RateLimiter(settings.rate_limit)
        from .notify import Notifier

        self.notifier = Notifier(settings.smtp) if settings.smtp else None
        self.login_limiter = RateLimiter(max(20, settings.rate_limit))
        from .dashboard import LOCK_FOR, MAX_FAILURES

        self.login_failures = RateLimiter(MAX_FAILURES, LOCK_FOR.total_seconds())
        site = self._definitions.get("site_url") or ""
        self.origins = {_origin(o) if o != "null" else "null" for o in settings.origins if o}
        if settings.allow_file_origin:
            self.origins.add("null")
        if site:
            self.origins.add(_origin(site))

    @property
    def definitions(self) -> dict[str, Any]:
        # A rebuild of the site rewrites forms.json; pick it up without a restart, looking at
        # the file at most once a second (not on each of the reads a request makes).
        now = time.monotonic()
        if now - self._forms_checked < FORMS_CHECK_EVERY and self._definitions:
            return self._definitions
        self._forms_checked = now
        mtime = self.settings.forms_path.stat().st_mtime
        if mtime != self._forms_mtime:
            self._definitions = validation.load_forms(self.settings.forms_path)
            self._forms_mtime = mtime
        return self._definitions

    def origin_allowed(self, origin: str | None) -> bool:
        return origin is None or self.is_site_origin(origin)

    def is_site_origin(self, origin: str) -> bool:
        """One of the site's own origins: listed, or the local preview on any port."""
        return origin in self.origins or (self.settings.local_preview and public.is_loopback_origin(origin))


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _client(request: Request) -> str:
    return request.client.host if request.client else "?"


def _cors(response: Response, origin: str | None, ep: Endpoint) -> Response:
    if origin and ep.is_site_origin(origin):
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "Content-Type"
        response.headers["Access-Control-Max-Age"] = "600"
    response.headers["Vary"] = "Origin"
    return response


def _problem(status: int, message: str, errors: dict[str, str] | None = None) -> JSONResponse:
    body: dict[str, Any] = {"message": message}
    if errors:
        body["errors"] = errors
    return JSONResponse(body, status_code=status)


def _parse(body: bytes, content_type: str) -> tuple[str, dict[str, Any], bool] | str:
    """(service, values, is_json) or an error message."""
    kind = content_type.split(";")[0].strip().lower()
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return "the body is not UTF-8"
    if kind == "application/json":
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            return "the body is not valid JSON (or nests deeper than a form can)"
        problem = _unstorable(data)
        if problem:
            return problem
        if not isinstance(data, dict) or not isinstance(data.get("service"), str) \
                or not isinstance(data.get("fields", {}), dict):
            return 'expected {"service": "…", "fields": {…}}'
        values = dict(data.get("fields", {}))
        # The outbox's id for the request (village.py): the same request twice is one ticket.
        if "client_id" in data:
            values["_client_id"] = data["client_id"]
        for meta in ("lang", F.HONEYPOT):
            if meta in data:
                values[f"_{meta}" if meta == "lang" else meta] = data[meta]
        return data["service"], values, True
    if kind == "application/x-www-form-urlencoded":
        values: dict[str, Any] = {}
        try:
            pairs = parse_qsl(text, keep_blank_values=True, strict_parsing=False, max_num_fields=200)
        except ValueError:
            return "too many fields"
        for key, value in pairs:
            values.setdefault(key, value)  # a repeated name keeps its first value
        service = values.pop("_layanan", "")
        if "_bahasa" in values:
            values["_lang"] = values.pop("_bahasa")
        return str(service), values, False
    return "expected application/json or application/x-www-form-urlencoded"


def _refusal(request: Request, ep: Endpoint, status_code: int, message: str, key: str, *,
             lang: str | None = None, option: tuple[str, ...] = (), **values: Any) -> Response:
    """A refusal that is not about a field: JSON `message` for a script, or a page in the
    patron's language (`public.TEXT[key]`) for a person."""
    origin = request.headers.get("origin")
    if public.wants_html(request):
        lang = public.patron_lang(lang, request)
        return public.problem_page(status_code, public.Text(lang)(key, **values), lang=lang,
                                   definitions=ep.definitions, back=_form_page(request, ep), option=option)
    return _cors(_problem(status_code, message), origin if ep.origin_allowed(origin) else None, ep)


def _too_large(request: Request, limit: int) -> Response:
    """The body-limit middleware's answer: a page in the patron's language for a plain form
    post, JSON for a script."""
    return _refusal(request, request.app.state.endpoint, 413, f"the request is larger than {limit} bytes",
                    "too_large", n=limit)


def _form_page(request: Request, ep: Endpoint) -> str | None:
    """The page the form was on (the Referer), when it is one of the site's own pages."""
    referer = request.headers.get("referer") or ""
    if referer.startswith(("http://", "https://")) and ep.is_site_origin(_origin(referer)):
        return referer
    return None


#: A form is flat: its values are text, or lists of text (checkboxes).
MAX_JSON_DEPTH = 4


def _unstorable(data: Any) -> str | None:
    """Why a parsed JSON body cannot be taken as it is, or None: too deeply nested, or text
    with a lone surrogate (``"\\ud800"``), which is valid JSON but no UTF-8 text can store."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_JSON_DEPTH and isinstance(value, (dict, list)):
            return f"the body nests deeper than {MAX_JSON_DEPTH} levels; a form's values are text"
        texts = [value] if isinstance(value, str) else []
        if isinstance(value, dict):
            texts += [k for k in value if isinstance(k, str)]
            stack += [(v, depth + 1) for v in value.values()]
        elif isinstance(value, list):
            stack += [(v, depth + 1) for v in value]
        for text in texts:
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:
                return "the body holds text that is not Unicode (a lone surrogate such as \\ud800)"
    return None


async def post_request(request: Request) -> Response:
    ep: Endpoint = request.app.state.endpoint
    origin = request.headers.get("origin")
    if not ep.origin_allowed(origin):
        log.info("refused a post from origin %s", origin)
        by_file = origin == "null"
        return _refusal(request, ep, 403, public.origin_refusal(origin or ""), "origin_file" if by_file else "origin",
                        origin=origin, option=("--allow-file-origin",) if by_file else ("--origin", origin or ""))
    if not ep.limiter.allow(_client(request)):
        response = _refusal(request, ep, 429, "terlalu banyak permintaan; coba lagi sebentar lagi (too many requests)",
                            "too_many")
        response.headers["Retry-After"] = "60"
        return response
    body = await read_bounded(request, ep.settings.max_body)
    if body is None:
        return _refusal(request, ep, 413, f"the request is larger than {ep.settings.max_body} bytes", "too_large",
                        n=ep.settings.max_body)
    parsed = _parse(body, request.headers.get("content-type", ""))
    if isinstance(parsed, str):
        return _refusal(request, ep, 400, parsed, "malformed")
    service, values, is_json = parsed
    lang = values.pop("_lang", "id")
    lang = lang if lang in ("id", "en") else "id"
    back = values.pop("_kembali", None)
    client_id = values.pop("_client_id", None)
    if client_id is not None and not (isinstance(client_id, str) and CLIENT_ID_RE.fullmatch(client_id)):
        return _cors(_problem(400, "client_id must be 8 to 100 letters, digits or . _ : -"), origin, ep)
    if values.pop(F.HONEYPOT, ""):
        # Only robots fill the field no person can see; they learn nothing more than this.
        return _refusal(request, ep, 400, "permintaan ditolak (request refused)", "refused", lang=lang)
    definitions = ep.definitions
    clean, errors = validation.validate(definitions, service, values, lang=lang)
    if errors:
        if not public.wants_html(request):
            return _cors(_problem(422, "periksa kembali isian berikut" if lang == "id" else
                                  "please check these fields", errors), origin, ep)
        return public.errors_page(422, errors, definitions["forms"].get(service), service=service, lang=lang,
                                  definitions=definitions, back=_form_page(request, ep))
    form = definitions["forms"][service]
    item = next((clean[f["name"]] for f in form["fields"] if f["type"] == "item" and f["name"] in clean), None)
    event = next((clean[f["name"]] for f in form["fields"] if f["type"] == "event" and f["name"] in clean), None)
    capacity = definitions["events"][event].get("capacity") if event else None
    branch = validation.route(definitions, service, clean)
    try:
        # Stored with the other requests of this moment in one commit (committer.py); the
        # loop serves other readers meanwhile, and the ticket goes out only after the commit.
        made = await ep.store.create_request_async(service=service, data=clean, branch=branch, item=item,
                                                   event=event, lang=lang, capacity=capacity, now=ep.now(),
                                                   client_id=client_id)
    except StoreError:
        full = {"kegiatan": "kursi sudah penuh" if lang == "id" else "no seats are left"}
        if not public.wants_html(request):
            return _cors(_problem(409, full["kegiatan"], full), origin, ep)
        return public.errors_page(409, full, form, service=service, lang=lang, definitions=definitions,
                                  back=_form_page(request, ep))
    ticket, token = made["ticket"], made["token"]
    if ep.notifier and not made["existing"]:
        ep.notifier.new_request(ticket, form["name"]["id"],
                                ep.definitions["branches"].get(branch, {}).get("id", branch) if branch else None)
    # The status route's address from the base URL: `url_for` walks every route to find it,
    # a tenth of the loop's time per request under a crowd.
    status_url = f"{str(request.base_url).rstrip('/')}{STATUS_PATH}{ticket}?" + urlencode({"token": token})
    if is_json:
        return _cors(JSONResponse({"ticket": ticket, "token": token, "status_url": status_url, "service": service,
                                   "created_at": made["created_at"].isoformat(), "existing": made["existing"]},
                                  status_code=200 if made["existing"] else 201), origin, ep)
    # Without JavaScript a static page cannot print the ticket from its address, so the
    # endpoint shows it, and links back to the site's thank-you page (which stores it).
    query = {"tiket": ticket, "token": token, "layanan": service, "bahasa": lang}
    site_thanks = _site_thanks(request, ep, back)
    if site_thanks:
        query["kembali"] = site_thanks
    return RedirectResponse(str(request.url_for("thanks")) + "?" + urlencode(query), status_code=303)


def _site_thanks(request: Request, ep: Endpoint, back: str | None) -> str | None:
    """The site's thank-you page, if the form said where it is and the site is one of ours."""
    referer = request.headers.get("referer")
    if back and referer and not back.startswith(("//", "javascript:")):
        target = urljoin(referer, back).split("?")[0].split("#")[0]
        if target.startswith(("http://", "https://")) and ep.is_site_origin(_origin(target)):
            return target
    return None


async def preflight(request: Request) -> Response:
    ep: Endpoint = request.app.state.endpoint
    origin = request.headers.get("origin")
    if not ep.origin_allowed(origin):
        return Response(status_code=403)
    return _cors(Response(status_code=204), origin, ep)


def public_status(ep: Endpoint, row: dict[str, Any]) -> dict[str, Any]:
    """What anyone holding the token may see: never a field the reader typed."""
    form = ep.definitions["forms"].get(row["service"], {})
    steps = form.get("steps", [])
    done = row["status"] != "open"
    out_steps = []
    for index, step in enumerate(steps):
        state = "done" if done or index < row["step"] else "current" if index == row["step"] else "todo"
        out_steps.append({"name": step["name"], "state": state})
    pauses = ep.store.pauses(row["id"])
    history = [{"at": h["at"].isoformat(), "kind": h["kind"]} for h in ep.store.history(row["id"], public_only=True)]
    body = {"ticket": row["ticket"], "service": row["service"], "service_name": form.get("name"),
            "status": row["status"], "step": row["step"], "steps": out_steps,
            "paused": any(end is None for _, end in pauses),
            "created_at": row["created_at"].isoformat(), "updated_at": row["updated_at"].isoformat(),
            "closed_at": row["closed_at"].isoformat() if row["closed_at"] else None, "history": history}
    if row["status"] == "refused":
        body["reason"] = row["reason"]
    completion = form.get("sla", {}).get("completion")
    if completion and row["status"] == "open":
        from .sla import clock

        body["due"] = clock(ep.calendar, completion, row["created_at"], ep.now(), pauses).due.isoformat()
    from . import ticket_view

    # Each step's deadline, the branch and its local time, the answer and result files.
    body.update(ticket_view.as_json(ticket_view.view(ep, row)))
    add_skm_link(ep, row, body)
    return body


def status(request: Request) -> Response:
    ep: Endpoint = request.app.state.endpoint
    origin = request.headers.get("origin")
    ticket = request.path_params["ticket"]
    row = ep.store.request(ticket) if is_ticket(ticket) else None
    if row is None or not same_token(request.query_params.get("token"), row["token"]):
        return _cors(_problem(404, "tiket tidak ditemukan (no such ticket, or a wrong token)"), origin, ep)
    body = public_status(ep, row)
    skm_link_absolute(request, body)
    response = JSONResponse(body)
    response.headers["Cache-Control"] = "no-store"
    return _cors(response, origin, ep)


def availability_of(ep: Endpoint, item_id: str) -> dict[str, Any] | None:
    item = ep.definitions["items"].get(item_id)
    if item is None:
        return None
    loans = {loan["barcode"]: loan for loan in ep.store.active_loans(item_id)}
    copies = []
    for copy in item["copies"]:
        loan = loans.get(copy["barcode"])
        copies.append({"barcode": copy["barcode"], "branch": copy["branch"],
                       "status": "on-loan" if loan else copy["status"],
                       "due": loan["due"].date().isoformat() if loan else None})
    return {"item": item_id, "as_of": now_utc().isoformat(), "copies": copies}


def availability(request: Request) -> Response:
    ep: Endpoint = request.app.state.endpoint
    origin = request.headers.get("origin")
    item_id = request.query_params.get("item", "")
    body = availability_of(ep, item_id) if len(item_id) <= 200 else None
    if body is None:
        return _cors(_problem(404, "koleksi tidak ditemukan (no such item)"), origin, ep)
    response = JSONResponse(body)
    response.headers["Cache-Control"] = "no-store"
    return _cors(response, origin, ep)


def seats(request: Request) -> Response:
    ep: Endpoint = request.app.state.endpoint
    origin = request.headers.get("origin")
    event_id = request.query_params.get("event", "")
    event = ep.definitions["events"].get(event_id) if len(event_id) <= 200 else None
    if event is None:
        return _cors(_problem(404, "kegiatan tidak ditemukan (no such event)"), origin, ep)
    taken = ep.store.registrations(event_id)
    capacity = event.get("capacity")
    return _cors(JSONResponse({"event": event_id, "capacity": capacity, "taken": taken,
                               "left": None if capacity is None else max(0, capacity - taken),
                               "open": bool(event.get("open"))}), origin, ep)


def thanks(request: Request) -> Response:
    ep: Endpoint = request.app.state.endpoint
    ticket = request.query_params.get("tiket", "")
    token = request.query_params.get("token", "")
    row = ep.store.request(ticket) if is_ticket(ticket) else None
    ok = row is not None and same_token(token, row["token"])
    lang = "en" if request.query_params.get("bahasa") == "en" else "id"
    back = request.query_params.get("kembali", "")
    site = None
    if ok and back.startswith(("http://", "https://")) and ep.is_site_origin(_origin(back)):
        endpoint = f"{request.url.scheme}://{request.url.netloc}"
        site = back + "?" + urlencode({"tiket": ticket, "token": token, "layanan": row["service"],
                                       "endpoint": endpoint})
    return public.page("thanks.html", lang=lang, status_code=200 if ok else 404, definitions=ep.definitions,
                       home=public.site_home(ep.definitions, back) if site else None,
                       ticket=ticket if ok else None, token=token if ok else None,
                       status=public_status(ep, row) if ok else None, site=site)


async def openapi(request: Request) -> Response:
    return JSONResponse(OPENAPI)


def health(request: Request) -> Response:
    ep: Endpoint = request.app.state.endpoint
    return JSONResponse({"ok": True, "schema": ep.store.schema_version()})


async def _unavailable(request: Request, exc: Exception) -> Response:
    # Nothing was stored; the reader's page (or the outbox in its browser) tries again.
    log.warning("database unavailable: %s", exc)
    response = _problem(503, "layanan sedang tidak dapat menyimpan; coba lagi sebentar lagi "
                             "(the request could not be stored now; try again shortly)")
    response.headers["Retry-After"] = "5"
    return _cors(response, request.headers.get("origin"), request.app.state.endpoint)


#: Where a ticket's status is read (the JSON the site's status page fetches).
STATUS_PATH = "/api/status/"

#: The largest form a librarian's dashboard page sends (a note, an answer).
DASHBOARD_FORM_MAX = 64 * 1024


def body_limits(settings: Settings) -> list[tuple[str, int]]:
    """Path prefixes whose bodies may be larger than the default (uploads)."""
    from .librarian import ATTACH_PREFIX, upload_limit
    from .village import MAX_UPLOAD

    # Above each route's own bound, so that the route answers with its own page first.
    return [("/dasbor/impor", 2 * MAX_UPLOAD), (ATTACH_PREFIX, upload_limit(settings.max_attachment) + 4096)]


def create_app(settings: Settings, store: SQLStore | None = None) -> Starlette:
    from .dashboard import routes as dashboard_routes
    from .librarian import routes as answer_routes
    from .skm_pages import routes as skm_routes
    from .ticket_view import routes as ticket_routes
    from .village_pages import routes as village_routes

    endpoint = Endpoint(settings, store)
    # Every body is bounded before it is read; routes that take files name their own limit.
    bounded = Middleware(BodyLimit, default=max(settings.max_body, DASHBOARD_FORM_MAX), limits=body_limits(settings),
                         refusal=_too_large)
    app = Starlette(middleware=[bounded], exception_handlers={StoreUnavailable: _unavailable}, routes=[
        Route("/api/requests", post_request, methods=["POST"]),
        Route("/api/requests", preflight, methods=["OPTIONS"]),
        Route(STATUS_PATH + "{ticket}", status, methods=["GET"], name="status"),
        Route("/api/status/{ticket}", preflight, methods=["OPTIONS"]),
        Route("/api/availability", availability, methods=["GET"]),
        Route("/api/availability", preflight, methods=["OPTIONS"]),
        Route("/api/seats", seats, methods=["GET"]),
        Route("/api/openapi.json", openapi, methods=["GET"]),
        Route("/api/health", health, methods=["GET"]),
        Route("/terima-kasih", thanks, methods=["GET"], name="thanks"),
        *ticket_routes(),
        *answer_routes(),
        *dashboard_routes(),
        *village_routes(),
        *skm_routes(),
        *_oai_routes(settings),
    ])
    app.state.endpoint = endpoint
    return app


def _oai_routes(settings: Settings) -> list[Mount]:
    """OAI-PMH 2.0 at ``/oai`` over the built catalogue, when the site has one: harvesters
    such as Indonesia OneSearch need a live base URL, which a static site cannot give."""
    from ..oai.app import create_app as create_oai_app

    if settings.site_dir is None or not (settings.site_dir / CATALOGUE_JSON).is_file():
        return []
    return [Mount("/oai", app=create_oai_app(settings.site_dir, base_url=settings.oai_base_url))]
