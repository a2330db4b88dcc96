"""The SKM survey page for readers (/survei/{ticket}) and the IKM report in the dashboard.

A reader holding a closed ticket's token answers once; the answer is stored apart from the
ticket (store.save_skm) so that no report can lead back to a person. The arithmetic and the
questionnaire live in skm.py.
"""

from __future__ import annotations

import csv
import io
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from ..spreadsheet import defuse
from . import skm
from .dashboard import _login_redirect, _session
from .render import render
from .tickets import is_ticket, same_token

MAX_BODY = 8 * 1024


def survey_url(request: Request, row: dict[str, Any]) -> str:
    return str(request.url_for("skm", ticket=row["ticket"])) + "?" + urlencode({"token": row["token"]})


def add_status_link(ep: Any, row: dict[str, Any], body: dict[str, Any]) -> None:
    """`skm_url` in a ticket's public status once it is closed (whether or not it was answered).

    Root-relative here (pages of the endpoint itself link to it as it is); the JSON API
    makes it absolute with `absolute_link`.
    """
    if row["status"] == "closed":
        body["skm_url"] = f"/survei/{quote(row['ticket'])}?" + urlencode({"token": row["token"]})
        body["skm_answered"] = ep.store.skm_answered(row["id"])


def absolute_link(request: Request, body: dict[str, Any]) -> None:
    if body.get("skm_url", "").startswith("/"):
        body["skm_url"] = str(request.base_url).rstrip("/") + body["skm_url"]


def _labels(lang: str) -> dict[str, str]:
    labels = {e["code"]: e["name"].get(lang, e["name"]["id"]) for e in skm.ELEMENTS}
    labels.update({p["name"]: p["label"].get(lang, p["label"]["id"]) for p in skm.PROFILE})
    labels["age"] = "Age" if lang == "en" else "Usia"
    return labels


def _page(status_code: int, **context: Any) -> HTMLResponse:
    context.setdefault("values", {})
    context.setdefault("errors", {})
    response = HTMLResponse(render("skm.html", elements=skm.ELEMENTS, profile=skm.PROFILE, age_range=skm.AGE_RANGE,
                                   labels=_labels(context["lang"]), **context), status_code=status_code)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "no-referrer"  # the token is in the address
    response.headers["Content-Security-Policy"] = "default-src 'self'; style-src 'self' 'unsafe-inline'"
    return response


def _ticket(request: Request, token: str | None) -> dict[str, Any] | None:
    ticket = request.path_params["ticket"]
    row = request.app.state.endpoint.store.request(ticket) if is_ticket(ticket) else None
    return row if row is not None and same_token(token, row["token"]) else None


def _lang(value: str | None, row: dict[str, Any] | None) -> str:
    if value in ("id", "en"):
        return value
    return row["lang"] if row and row["lang"] in ("id", "en") else "id"


def _state(ep: Any, row: dict[str, Any]) -> str:
    if row["status"] != "closed":
        return "open"
    return "done" if ep.store.skm_answered(row["id"]) else "ask"


def survey(request: Request) -> Response:
    ep = request.app.state.endpoint
    token = request.query_params.get("token")
    row = _ticket(request, token)
    lang = _lang(request.query_params.get("bahasa"), row)
    if row is None:
        return _page(404, lang=lang, state="missing", ticket="", token="", service="")
    form = ep.definitions["forms"].get(row["service"], {})
    return _page(200, lang=lang, ticket=row["ticket"], token=token, state=_state(ep, row),
                 service=form.get("name", row["service"]))


async def answer(request: Request) -> Response:
    ep = request.app.state.endpoint
    body = await request.body()
    if len(body) > MAX_BODY:
        return Response("the survey is larger than expected", status_code=413)
    try:
        values = dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True, max_num_fields=40))
    except (UnicodeDecodeError, ValueError):
        return Response("the survey could not be read", status_code=400)
    token = values.get("token")
    row = _ticket(request, token)
    lang = _lang(values.get("bahasa"), row)
    if row is None:
        return _page(404, lang=lang, state="missing", ticket="", token="", service="")
    state = _state(ep, row)
    form = ep.definitions["forms"].get(row["service"], {})
    context = {"lang": lang, "ticket": row["ticket"], "token": token, "service": form.get("name", row["service"])}
    if state != "ask":
        return _page(409, state=state, **context)
    clean, errors = skm.validate(values, lang=lang)
    if errors:
        return _page(422, state="ask", values=values, errors=errors, **context)
    clean.update(service=row["service"], branch=row["branch"],
                 answered_on=ep.now().astimezone(ep.calendar.zone).date().isoformat())
    if not ep.store.save_skm(row["id"], clean):
        return _page(409, state="done", **context)
    return RedirectResponse(survey_url(request, row) + ("&bahasa=en" if lang == "en" else ""), status_code=303)


# -- the dashboard's report -------------------------------------------------------------------
def ikm_view(request: Request) -> dict[str, Any]:
    period = request.query_params.get("periode")
    period = period if period in skm.PERIODS else "triwulan"
    responses = request.app.state.endpoint.store.skm_responses()
    return {"rows": skm.report(responses, granularity=period), "period": period, "periods": skm.PERIODS,
            "elements": skm.ELEMENTS, "profile": skm.profile_counts(responses) if responses else []}


def ikm_csv(request: Request) -> Response:
    if _session(request) is None:
        return _login_redirect()
    view = ikm_view(request)
    forms = request.app.state.endpoint.definitions["forms"]
    out = io.StringIO()
    writer = csv.writer(out)
    codes = [e["code"] for e in skm.ELEMENTS]
    writer.writerow(["periode", "layanan", "nama_layanan", "lokasi", "responden", *[f"nrr_{c}" for c in codes],
                     "ikm", "nilai_konversi", "mutu", "kinerja"])
    for r in view["rows"]:
        name = forms.get(r["service"], {}).get("name", {}).get("id", r["service"]) if r["service"] else "Semua layanan"
        writer.writerow([defuse(c) for c in (r["period"], r["service"], name, r["branch"] or "Semua lokasi", r["n"],
                                             *[f"{r[c]:.3f}" for c in codes], f"{r['index']:.4f}", f"{r['ikm']:.2f}",
                                             r["grade"], r["performance"]["id"])])
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="ikm-{view["period"]}.csv"',
                             "Cache-Control": "no-store"})


def routes() -> list[Route]:
    return [Route("/survei/{ticket}", survey, methods=["GET"], name="skm"),
            Route("/survei/{ticket}", answer, methods=["POST"]),
            Route("/dasbor/ikm.csv", ikm_csv, methods=["GET"])]
