"""The dashboard's import page (/dasbor/impor): files of requests saved offline (village.py)."""

from __future__ import annotations

from collections import Counter
from typing import Any, AsyncGenerator

from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..limits import read_bounded
from .dashboard import _login_redirect, _page, _session
from .tickets import same_token
from .village import MAX_FILE, MAX_FILES, MAX_UPLOAD, import_files


def _view(request: Request, session: dict[str, Any], status_code: int = 200, **context: Any) -> Response:
    context.setdefault("outcomes", [])
    context.setdefault("message", None)
    counts = Counter(o.kind for o in context["outcomes"])
    return _page("import.html", status_code, session=session, forms=request.app.state.endpoint.definitions["forms"],
                 counts={k: counts.get(k, 0) for k in ("created", "existing", "refused")}, **context)


def import_page(request: Request) -> Response:
    session = _session(request)
    if session is None:
        return _login_redirect()
    return _view(request, session)


async def import_post(request: Request) -> Response:
    session = _session(request)
    if session is None:
        return Response("Login required", status_code=401)
    body = await read_bounded(request, MAX_UPLOAD)
    if body is None:
        return _view(request, session, 413, message=f"Unggahan lebih besar dari {MAX_UPLOAD // (1024 * 1024)} MB; "
                                                    "impor berkas sedikit demi sedikit.")

    async def stream() -> AsyncGenerator[bytes, None]:
        yield body

    try:
        form = await MultiPartParser(request.headers, stream(), max_files=MAX_FILES, max_fields=10).parse()
    except (MultiPartException, KeyError, ValueError):
        return _view(request, session, 400, message=f"Unggahan tidak terbaca (paling banyak {MAX_FILES} berkas).")
    csrf = form.get("csrf")
    if not isinstance(csrf, str) or not same_token(csrf, session["csrf"]):
        return Response("CSRF token missing or wrong", status_code=403)
    files = []
    for upload in form.getlist("berkas"):
        if isinstance(upload, str):
            continue
        files.append((upload.filename or "berkas", await upload.read(MAX_FILE + 1)))
        await upload.close()
    if not files:
        return _view(request, session, 422, message="Pilih satu berkas atau lebih.")
    ep = request.app.state.endpoint
    outcomes = import_files(ep, files, actor=session["username"], now=ep.now())
    return _view(request, session, outcomes=outcomes)


def routes() -> list[Route]:
    return [Route("/dasbor/impor", import_page, methods=["GET"]),
            Route("/dasbor/impor", import_post, methods=["POST"])]
