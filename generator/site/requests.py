"""Pages and page data for requests: forms on service, item and event pages, the
thank-you page, "my requests" and the feedback page.

The form definitions come from `generator.site.forms`, the same data the endpoint
validates against, so the page's checks and the server's cannot drift apart.
"""

from __future__ import annotations

from typing import Any, Callable

from markupsafe import Markup, escape

from .forms import EVENT_REGISTRATION, FEEDBACK, html_attributes, one_of_message, service_form
from .item_choice import item_entry
from ..records import Collection
from ..records.copy_uses import COPY_STATUS_USES, ON_SITE, TAKE_HOME, item_uses, reason_text, refusal, service_use
from .i18n import Translator
from .page import GeneratedPage
from .status import status_page
from .urls import STATUS_PAGE, page_url

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
    "request_actions": ("Minta layanan untuk koleksi ini", "Request this item"),
    "request_actions_lead": ("Buka layanan yang Anda perlukan; formulirnya sudah berisi koleksi ini.",
                             "Open the service you need; its form already names this item."),
    "chosen_item": ("Koleksi ini sudah dipilih", "This item is already chosen"),
    "on_site_where": ("Silakan baca di {places} pada jam buka; bawa kartu anggota atau KTP.",
                      "Please read it at {places} during opening hours; bring your library card or ID."),
    "picker_hint": ("Ketik judul, pengarang, atau nomor panggil, lalu pilih dari daftar.",
                    "Type a title, an author or a call number, then pick from the list."),
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


#: Where a form rendered once (`FormOnce`) takes each page's item.
CHOSEN_PLACEHOLDER = {"id": "\x00pustaka-item-id\x00", "label": "\x00pustaka-item-label\x00"}


class FormOnce:
    """Request forms on item pages, rendered once per language, service and folder depth.

    A form is the same on every item page but for the chosen item, so it is rendered with
    `CHOSEN_PLACEHOLDER` the first time and the item is put in per page: at 10,000 items
    that is thousands of form renders saved. Used in a template as
    ``{% call form_once(key, chosen) %}…{% endcall %}``; one per build (a renderer global).
    """

    def __init__(self) -> None:
        self.rendered: dict[tuple, str] = {}

    def __call__(self, key: tuple, chosen: dict[str, str], caller: Callable[[], str]) -> Markup:
        if key not in self.rendered:
            self.rendered[key] = str(caller())
        html = self.rendered[key]
        for name, placeholder in CHOSEN_PLACEHOLDER.items():
            html = html.replace(placeholder, str(escape(chosen[name])))
        return Markup(html)


def item_actions(collection: Collection, item: dict, lang: str, t: Translator,
                 forms_cache: dict[tuple[str, str], dict[str, Any] | None] | None = None) -> dict[str, Any] | None:
    """The request forms an item's page carries, each with the item chosen: only the services
    its copies allow (records.copy_uses), and a line saying why the others are missing.

    ``forms_cache`` keeps each service's form data between the items of one build."""
    if not item.get("copies"):
        return None
    ft = FormText(lang)
    entry = item_entry(item["id"], item)
    chosen = {"id": item["id"], "title": item["title"], "label": entry["label"]}
    cache = forms_cache if forms_cache is not None else {}
    forms, refused = [], set()
    for service_id, service in sorted(collection.services.items(), key=lambda kv: (kv[1].get("order", 1000), kv[0])):
        fields = (service.get("form") or {}).get("fields", [])
        if not any(f.get("type") == "item" for f in fields):
            continue
        reason = refusal(entry, service_use(service))
        if reason:
            refused.add(reason)
            continue
        if (service_id, lang) not in cache:
            form = form_data(collection, service_id, lang)
            cache[service_id, lang] = form and dict(form, chosen_item=CHOSEN_PLACEHOLDER,
                                                    summary=t.text(service.get("summary", "")))
        if cache[service_id, lang] is not None:
            forms.append(cache[service_id, lang])
    notes = [reason_text(r, lang) + "." for r in sorted(refused)]
    uses = item_uses(entry["access"], [c["status"] for c in entry["copies"]])
    if TAKE_HOME not in uses and ON_SITE in uses:
        places = sorted({t.text(collection.branches[c["branch"]]["name"]) for c in item["copies"]
                         if ON_SITE in COPY_STATUS_USES.get(c.get("status", "available"), ())
                         and c["branch"] in collection.branches})
        if places:
            notes.append(ft("on_site_where", places=", ".join(places)))
    if not forms and not notes:
        return None
    return {"heading": ft("request_actions"), "lead": ft("request_actions_lead"), "forms": forms, "notes": notes,
            "chosen": chosen}


def request_pages(collection: Collection, lang: str, t: Translator, *, crumbs: list[tuple[str, str]]) -> list[GeneratedPage]:
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
