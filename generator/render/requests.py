"""Pages and page data for requests: forms on service, item and event pages, the
thank-you page, "my requests" and the feedback page.

The form definitions come from `generator.endpoint.forms`, the same data the endpoint
validates against, so the page's checks and the server's cannot drift apart.
"""

from __future__ import annotations

from typing import Any

from ..endpoint.forms import EVENT_REGISTRATION, FEEDBACK, html_attributes, service_form
from ..endpoint.rules import one_of_message
from ..endpoint.tickets import STATUS_PAGE
from ..records import Collection
from .i18n import Translator

THANKS = "terima-kasih"
MY_REQUESTS = "permintaan-saya"

UI: dict[str, tuple[str, str]] = {
    "send": ("Kirim permintaan", "Send request"),
    "required": ("wajib", "required"),
    "choose": ("— pilih —", "— choose —"),
    "honeypot": ("Jangan isi kolom ini", "Leave this field empty"),
    "thanks": ("Terima kasih", "Thank you"),
    "thanks_lead": ("Permintaan Anda sudah kami terima.", "We have received your request."),
    "ticket": ("Nomor tiket", "Ticket number"),
    "thanks_noscript": ("Nomor tiket Anda tertulis di alamat halaman ini sesudah “tiket=” (mis. PST-2026-000123). "
                        "Catat nomor itu dan sebutkan bila menghubungi kami.",
                        "Your ticket number is in this page's address after “tiket=” (e.g. PST-2026-000123). "
                        "Note it down and quote it when you contact us."),
    "my_requests": ("Permintaan saya", "My requests"),
    "my_requests_lead": ("Permintaan yang dikirim dari peramban ini. Statusnya diperbarui bila perangkat tersambung "
                         "ke internet.", "Requests sent from this browser. Their status is updated when the device "
                         "is online."),
    "my_requests_empty": ("Belum ada permintaan dari peramban ini.", "No requests from this browser yet."),
    "my_requests_noscript": ("Daftar ini memerlukan JavaScript. Simpan nomor tiket Anda dan tanyakan statusnya "
                             "kepada petugas.", "This list needs JavaScript. Keep your ticket number and ask a "
                             "librarian about its status."),
    "feedback": ("Saran dan pengaduan", "Feedback and complaints"),
    "feedback_lead": ("Ceritakan pengalaman Anda; setiap masukan dibaca petugas dan ditindaklanjuti.",
                      "Tell us how it went; every message is read and followed up by our staff."),
    "ask": ("Tanya pustakawan", "Ask a librarian"),
    "request_actions": ("Pinjam atau pesan", "Borrow or reserve"),
    "request_actions_lead": ("Kode koleksi ini: {id}. Pilih layanan; formulirnya sudah terisi kode ini.",
                             "This item's id: {id}. Pick a service; its form comes filled in with this id."),
    "register": ("Daftar kegiatan ini", "Register for this event"),
    "offline_note": ("Bila Anda sedang luring, permintaan disimpan di peramban ini dan dikirim otomatis begitu "
                     "tersambung.", "If you are offline, the request is kept in this browser and sent as soon as "
                     "you are online."),
}


class FormText:
    """The form strings in one language (used as ``ft('send')`` in templates)."""

    def __init__(self, lang: str) -> None:
        self.index = 0 if lang == "id" else 1

    def __call__(self, key: str, **values: Any) -> str:
        text = UI[key][self.index]
        return text.format(**values) if values else text


def form_emails(collection: Collection, admin_email: str | None = None) -> dict[str, str]:
    """Where a request kept offline can be e-mailed instead: each branch's address by its
    id, and the library's own (``admin_email``, else the main branch's) under ``""``."""
    emails = {bid: b["contacts"]["email"] for bid, b in collection.branches.items() if b.get("contacts", {}).get("email")}
    ordered = sorted(collection.branches.items(), key=lambda kv: (kv[1].get("kind") != "main", kv[1].get("order", 1000), kv[0]))
    library = admin_email or next((emails[bid] for bid, _ in ordered if bid in emails), "")
    return {"": library, **emails}


def form_data(collection: Collection, service_id: str, lang: str) -> dict[str, Any] | None:
    """A form ready for the `_form.html` macro: definition plus each field's HTML attributes."""
    definition = service_form(collection, service_id)
    if definition is None:
        return None
    fields = [dict(field, attrs=html_attributes(field)) for field in definition["fields"]]
    # "At least one of these" groups, with their message in the page's language (rules.js).
    one_of = [{"fields": g["fields"], "message": one_of_message(definition, g, lang)} for g in definition.get("one_of", [])]
    return {"id": service_id, "name": definition["name"], "fields": fields, "ft": FormText(lang), "one_of": one_of}


def item_actions(collection: Collection, item: dict, lang: str, t: Translator) -> list[dict[str, str]]:
    """Loan, reservation and renewal links for an item with copies."""
    if not item.get("copies"):
        return []
    actions = []
    for service_id, service in sorted(collection.services.items(), key=lambda kv: (kv[1].get("order", 1000), kv[0])):
        form = service.get("form") or {}
        if service.get("category") == "circulation" and any(f.get("type") == "item" for f in form.get("fields", [])):
            ft = FormText(lang)
            actions.append({"service": service_id, "name": t.text(service["name"]),
                            "url": f"{'' if lang == 'id' else lang + '/'}layanan/{service_id}.html",
                            "heading": ft("request_actions"), "lead": ft("request_actions_lead", id=item["id"])})
    return actions


def request_pages(collection: Collection, lang: str, t: Translator, *, crumbs: list[tuple[str, str]]) -> list:
    from .site import GeneratedPage, page_url
    from .status import status_page

    ft = FormText(lang)
    pages = [
        GeneratedPage(url=page_url(lang, THANKS), template="thanks.html", title=ft("thanks"), section="services",
                      lang=lang, data={"ft": ft, "my_url": page_url(lang, MY_REQUESTS),
                                       "status_url": page_url(lang, STATUS_PAGE)}, breadcrumbs=crumbs),
        GeneratedPage(url=page_url(lang, MY_REQUESTS), template="my_requests.html", title=ft("my_requests"),
                      section="services", lang=lang, data={"ft": ft, "status_url": page_url(lang, STATUS_PAGE)},
                      breadcrumbs=crumbs),
        status_page(lang, crumbs=crumbs, my_url=page_url(lang, MY_REQUESTS)),
    ]
    feedback = form_data(collection, FEEDBACK, lang)
    if feedback is not None:
        pages.append(GeneratedPage(url=page_url(lang, FEEDBACK), template="feedback.html", title=ft("feedback"),
                                   section="services", lang=lang, data={"ft": ft, "form": feedback},
                                   breadcrumbs=crumbs))
    return pages


def registration_form(collection: Collection, lang: str) -> dict[str, Any] | None:
    return form_data(collection, EVENT_REGISTRATION, lang)


def ask_librarian_service(collection, configured: str | None = None) -> str | None:
    """The service that takes reference questions, linked as "Tanya pustakawan" from every
    page: the ``ask_service`` option, else the service ``tanya-pustakawan``, else the first
    ``reference`` service with a form; None when there is none."""
    if configured:
        return configured
    if "tanya-pustakawan" in collection.services:
        return "tanya-pustakawan"
    candidates = sorted(service_id for service_id, service in collection.services.items()
                        if service.get("category") == "reference" and service.get("form"))
    return candidates[0] if candidates else None
