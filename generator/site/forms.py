"""Form definitions: written by the build, read by the endpoint and the browser.

`form_definitions(collection)` turns the service records (plus two built-in forms,
feedback and event registration) into plain JSON; `write_forms` saves it as
``assets/pustaka/forms.json``. The endpoint checks a submission against one form
(`generator.endpoint.validation`); the browser's checks come from the same definition (HTML
attributes made by `html_attributes`, and `one_of_message`), so a value the page accepts is
a value the server accepts.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, Mapping

from ..records.copy_uses import service_use
from .item_choice import item_entry

FORMS_PATH = "assets/pustaka/forms.json"
FEEDBACK = "umpan-balik"
EVENT_REGISTRATION = "pendaftaran-kegiatan"
HONEYPOT = "website"
#: Default and hard limits of text lengths, so a form without max_length is still bounded.
# An item field holds a picker label: a title (up to 1,000 characters) and a call number.
DEFAULT_MAX = {"textarea": 5000, "item": 1200}
TEXT_MAX = 300
EMAIL_RE = r"[^@\s]+@[^@\s]+\.[^@\s]+"
# Patterns must mean the same in Python and in the browser, which compiles a pattern
# attribute with the "v" flag: inside [...] the punctuation has to be escaped.
TEL_RE = r"\+?[0-9][0-9 \(\)\.\-]{5,24}"
URL_RE = r"https?://\S+"
ID_RE = r"[a-z0-9][a-z0-9\-]*"
# No pattern for "item": a reader types a title, an author or a call number and the
# endpoint resolves it (item_choice.resolve); an id is only one of the accepted forms.
PATTERNS = {"email": EMAIL_RE, "tel": TEL_RE, "url": URL_RE}
ONE_OF_DEFAULT = ("isi salah satu: {fields}", "fill in at least one of: {fields}")

def _text(value: Any) -> dict[str, str]:
    """Record text as {id, en} (a plain string is the same in both languages)."""
    if isinstance(value, dict):
        first = value.get("id") or next(iter(value.values()), "")
        return {"id": value.get("id") or first, "en": value.get("en") or first}
    return {"id": str(value or ""), "en": str(value or "")}


def _duration(value: dict | None) -> dict | None:
    return {"value": value["value"], "unit": value.get("unit", "business_days")} if value else None


def _field(spec: dict, *, branches: list[str], branch_names: dict[str, dict]) -> dict[str, Any]:
    kind = spec.get("type", "text")
    field: dict[str, Any] = {"name": spec["name"], "type": kind, "label": _text(spec["label"]),
                             "required": bool(spec.get("required", False))}
    if spec.get("hint"):
        field["hint"] = _text(spec["hint"])
    if kind in ("text", "textarea", "email", "tel", "url", "item"):
        field["max_length"] = min(spec.get("max_length") or DEFAULT_MAX.get(kind, TEXT_MAX), 20000)
    if spec.get("pattern"):
        field["pattern"] = spec["pattern"]
    elif kind in PATTERNS:
        field["pattern"] = PATTERNS[kind]
    if kind == "select":
        field["options"] = [{"value": o["value"], "label": _text(o.get("label") or o["value"])}
                            for o in spec.get("options", [])]
    if kind == "branch":
        field["options"] = [{"value": b, "label": branch_names.get(b, _text(b))} for b in branches]
    if kind == "tel" and spec.get("whatsapp"):
        field["whatsapp"] = True  # an Indonesian mobile, stored +62…: rules.py
    # Names, phone numbers and e-mail addresses are personal data under UU 27/2022.
    field["personal"] = bool(spec.get("personal", kind in ("email", "tel") or spec["name"] in (
        "nama", "name", "nomor_anggota", "alamat", "nik")))
    return field


def _branches(collection: Any) -> tuple[list[str], dict[str, dict]]:
    names = {bid: _text(b["name"]) for bid, b in collection.branches.items()}
    ordered = sorted(collection.branches, key=lambda b: (collection.branches[b].get("order", 1000), b))
    return ordered, names


def service_form(collection: Any, service_id: str) -> dict[str, Any] | None:
    """The form definition of one service (None when the service takes no requests)."""
    if service_id == FEEDBACK and service_id not in collection.services:
        return _feedback_form(*_branches(collection))
    if service_id == EVENT_REGISTRATION and service_id not in collection.services:
        return _registration_form(*_branches(collection))
    service = collection.services.get(service_id)
    if not service or not service.get("form"):
        return None
    all_branches, branch_names = _branches(collection)
    offered = service.get("branches", "all")
    branches = all_branches if offered == "all" else [b for b in all_branches if b in offered]
    fields = [_field(f, branches=branches, branch_names=branch_names) for f in service["form"]["fields"]]
    if not any(f["type"] == "branch" for f in fields) and len(branches) > 1:
        # Routing: the reader picks the branch that should answer.
        fields.append(_field({"name": "cabang", "type": "branch", "required": False,
                              "label": {"id": "Lokasi yang melayani", "en": "Location to answer"},
                              "hint": {"id": "Kosongkan bila tidak ada pilihan",
                                       "en": "Leave empty if you have no preference"}},
                             branches=branches, branch_names=branch_names))
    return {
        "kind": "service", "name": _text(service["name"]),
        "category": service.get("category", "other"),
        "fields": fields, "branches": branches,
        "steps": [{"name": _text(s["name"]), "time": _duration(s.get("time")),
                   "waiting_on_reader": bool(s.get("waiting_on_reader"))} for s in service["steps"]],
        "sla": {"response": _duration(service["sla"].get("response")),
                "completion": _duration(service["sla"]["completion"]),
                "calendar": service["sla"].get("calendar", "national")},
        "loan": service.get("category") == "circulation" and any(f["type"] == "item" for f in fields),
        # What the request does with the item's copies (records.copy_uses): checked per item.
        "copy_use": service_use(service),
        # "At least one of these fields" (e.g. an e-mail or a WhatsApp number): rules.py.
        "one_of": [{"fields": list(g["fields"]), **({"message": _text(g["message"])} if g.get("message") else {})}
                   for g in service["form"].get("one_of") or []],
    }


def form_definitions(collection: Any, *, site_url: str = "", site_name: str = "", build_date: dt.date | None = None,
                     timezone: str = "Asia/Jakarta") -> dict[str, Any]:
    """Everything the endpoint needs to know about the site's forms, as plain JSON data."""
    all_branches, branch_names = _branches(collection)
    forms: dict[str, Any] = {}
    for service_id in collection.services:
        form = service_form(collection, service_id)
        if form is not None:
            forms[service_id] = form
    forms.setdefault(FEEDBACK, _feedback_form(all_branches, branch_names))
    forms.setdefault(EVENT_REGISTRATION, _registration_form(all_branches, branch_names))
    events = {}
    for event_id, event in collection.events.items():
        registration = event.get("registration") or {}
        deadline = registration.get("deadline")
        events[event_id] = {"title": _text(event["title"]), "capacity": event.get("capacity"),
                            "branch": event.get("branch"), "start": event["start"].isoformat(),
                            "open": bool(registration.get("open")) if registration else False,
                            "deadline": deadline.isoformat() if deadline else None}
    items = {item_id: item_entry(item_id, item) for item_id, item in collection.items.items()}
    from .zones import branch_zones

    return {"version": 1, "site_url": site_url, "site_name": site_name, "timezone": timezone,
            "generated": (build_date or dt.date.today()).isoformat(),
            "branches": branch_names, "zones": branch_zones(collection.branches, timezone),
            "forms": forms, "items": items, "events": events}


def _feedback_form(branches: list[str], names: dict[str, dict]) -> dict[str, Any]:
    ratings = [{"value": str(n), "label": {"id": label_id, "en": label_en}} for n, label_id, label_en in (
        (5, "5 — sangat puas", "5 — very satisfied"), (4, "4 — puas", "4 — satisfied"),
        (3, "3 — cukup", "3 — fair"), (2, "2 — kurang puas", "2 — unsatisfied"),
        (1, "1 — tidak puas", "1 — very unsatisfied"))]
    fields = [
        {"name": "nilai", "type": "select", "required": True, "options": ratings,
         "label": {"id": "Seberapa puas Anda dengan layanan kami?", "en": "How satisfied are you with our service?"}},
        {"name": "pesan", "type": "textarea", "required": False, "max_length": 2000,
         "label": {"id": "Saran atau keluhan", "en": "Suggestions or complaints"}},
        {"name": "email", "type": "email", "required": False, "max_length": 300, "pattern": EMAIL_RE,
         "label": {"id": "Surel (bila ingin dibalas)", "en": "E-mail (if you want a reply)"}, "personal": True},
        {"name": "halaman", "type": "text", "required": False, "max_length": 500, "hidden": True,
         "label": {"id": "Halaman", "en": "Page"}},
    ]
    fields.append(_field({"name": "cabang", "type": "branch", "required": False,
                          "label": {"id": "Lokasi yang Anda kunjungi", "en": "Location you visited"}},
                         branches=branches, branch_names=names))
    return {"kind": "feedback", "name": {"id": "Saran dan pengaduan", "en": "Feedback and complaints"},
            "category": "other", "fields": fields, "branches": branches,
            "steps": [{"name": {"id": "Diterima", "en": "Received"}, "time": None, "waiting_on_reader": False},
                      {"name": {"id": "Ditindaklanjuti", "en": "Followed up"}, "time": None,
                       "waiting_on_reader": False}],
            "sla": {"response": None, "completion": {"value": 5, "unit": "business_days"}, "calendar": "national"},
            "loan": False}


def _registration_form(branches: list[str], names: dict[str, dict]) -> dict[str, Any]:
    fields = [
        {"name": "kegiatan", "type": "event", "required": True, "hidden": True, "max_length": 100,
         "pattern": ID_RE, "label": {"id": "Kegiatan", "en": "Event"}},
        {"name": "nama", "type": "text", "required": True, "max_length": 300, "personal": True,
         "label": {"id": "Nama lengkap", "en": "Full name"}},
        {"name": "telepon", "type": "tel", "required": True, "max_length": 30, "pattern": TEL_RE, "personal": True,
         "label": {"id": "Nomor telepon atau WhatsApp", "en": "Phone or WhatsApp number"}},
        {"name": "email", "type": "email", "required": False, "max_length": 300, "pattern": EMAIL_RE,
         "personal": True, "label": {"id": "Surel", "en": "E-mail"}},
    ]
    return {"kind": "registration", "name": {"id": "Pendaftaran kegiatan", "en": "Event registration"},
            "category": "other", "fields": fields, "branches": branches,
            "steps": [{"name": {"id": "Pendaftaran diterima", "en": "Registration received"}, "time": None,
                       "waiting_on_reader": False},
                      {"name": {"id": "Kursi dikonfirmasi", "en": "Seat confirmed"}, "time": None,
                       "waiting_on_reader": False}],
            "sla": {"response": None, "completion": {"value": 1, "unit": "business_days"}, "calendar": "national"},
            "loan": False}


def write_forms(site_dir: Path, collection: Any, *, site_url: str = "", site_name: str = "",
                build_date: dt.date | None = None, timezone: str = "Asia/Jakarta") -> Path:
    """Write ``assets/pustaka/forms.json``: what the endpoint validates against (and the
    library's name, which the endpoint's own pages carry)."""
    data = form_definitions(collection, site_url=site_url, site_name=site_name, build_date=build_date,
                            timezone=timezone)
    target = Path(site_dir) / FORMS_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    target.write_text(text, encoding="utf-8")
    return target


LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def endpoint_advice(site_url: str, endpoint: str) -> str | None:
    """What to tell a librarian whose public site still posts its forms to this computer.

    Not an error: a library without an endpoint yet still gets forms whose requests wait
    in the reader's browser and can be handed in as a file or by e-mail.
    """
    from urllib.parse import urlsplit

    site, target = urlsplit(site_url or ""), urlsplit(endpoint or "")
    if site.scheme != "https" or (site.hostname or "") in LOOPBACK_HOSTS:
        return None
    if (target.hostname or "") not in LOOPBACK_HOSTS:
        return None
    return (f"pustaka: site_url is {site_url} but request forms post to {endpoint}, the reader's own computer; "
            "set `endpoint:` under `plugins: - pustaka:` in mkdocs.yml to the public address of "
            "`pustaka endpoint` (HTTPS). Until then requests wait in readers' browsers and can only be handed in "
            "as a file or by e-mail.")


def html_attributes(field: Mapping[str, Any]) -> dict[str, Any]:
    """The HTML validation attributes of a field: the browser's half of `validate`."""
    attrs: dict[str, Any] = {}
    if field.get("required"):
        attrs["required"] = True
    if field.get("max_length") and field["type"] not in ("select", "branch", "checkbox", "number", "date"):
        attrs["maxlength"] = field["max_length"]
    # type=email/url carry the browser's own stricter check; the pattern keeps both sides equal.
    if field.get("pattern") and field["type"] not in ("textarea", "select", "branch", "checkbox"):
        attrs["pattern"] = field["pattern"]
    return attrs


def _text_in(value: Any, lang: str) -> str:
    if isinstance(value, Mapping):
        return str(value.get(lang) or value.get("id") or "")
    return str(value or "")


def one_of_message(form: Mapping[str, Any], group: Mapping[str, Any], lang: str) -> str:
    """What a reader reads when none of a ``one_of`` group's fields is filled in (page and endpoint)."""
    if group.get("message"):
        return _text_in(group["message"], lang)
    labels = {f["name"]: _text_in(f["label"], lang) for f in form["fields"]}
    names = " / ".join(labels.get(n, n) for n in group["fields"])
    return ONE_OF_DEFAULT[1 if lang == "en" else 0].format(fields=names)
