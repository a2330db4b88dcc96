"""What the endpoint shows a patron: pages in the site's look and the patron's language.

A browser that posts a plain HTML form (no JavaScript), or asks for ``text/html``, is a
person: every answer it gets is a page from ``templates/public.html``, never JSON. A
script (forms.js, the outbox, a harvester) asks for JSON and keeps getting JSON. The
origin rules that decide who may post live here too, since their refusals are also
something a person reads.
"""

from __future__ import annotations

import ipaddress
from typing import Any, Mapping
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import HTMLResponse

from .render import render

LANGS = ("id", "en")

#: Interface text of the patron's pages, (Indonesian, English).
TEXT: dict[str, tuple[str, str]] = {
    "library": ("Perpustakaan", "Library"),
    "skip": ("Langsung ke isi", "Skip to content"),
    "site": ("Situs perpustakaan", "The library's site"),
    "check_title": ("Periksa kembali isian Anda", "Please check your answers"),
    "check_lead": ("Permintaan Anda ({service}) belum terkirim. Perbaiki isian berikut pada formulir, lalu kirim lagi:",
                   "Your request ({service}) was not sent. Fix these fields on the form, then send it again:"),
    "check_lead_plain": ("Permintaan belum terkirim. Perbaiki isian berikut pada formulir, lalu kirim lagi:",
                         "The request was not sent. Fix these fields on the form, then send it again:"),
    "back_to_form": ("Kembali ke formulir", "Back to the form"),
    "back_keeps": ("Tombol Kembali pada peramban Anda membuka formulir dengan isian yang sudah Anda ketik.",
                   "Your browser's Back button returns to the form with what you have typed."),
    "refused_title": ("Permintaan belum terkirim", "The request was not sent"),
    "thanks_title": ("Terima kasih", "Thank you"),
    "thanks_heading": ("Terima kasih — permintaan Anda kami terima", "Thank you — we have received your request"),
    "ticket": ("Nomor tiket", "Ticket number"),
    "keep": ("Simpan nomor ini dan sebutkan bila menghubungi kami.", "Keep this number and quote it when you contact us."),
    "service": ("Layanan", "Service"),
    "step": ("Tahap sekarang", "Current step"),
    "back_to_site": ("Kembali ke situs perpustakaan", "Back to the library's site"),
    "back_to_site_keeps": ("Halaman itu menyimpan tiket ini di daftar Permintaan saya.",
                           "That page keeps this ticket in your list of My requests."),
    "no_ticket_title": ("Tiket tidak ditemukan", "Ticket not found"),
    "no_ticket": ("Nomor tiket atau kodenya tidak cocok. Periksa alamat halaman ini, atau tanyakan kepada petugas.",
                  "The ticket number or its code does not match. Check this page's address, or ask a librarian."),
    # Refusals that are not about a field: (title key, message) by HTTP status.
    "origin": ("Server layanan perpustakaan tidak menerima formulir dari alamat {origin}. "
               "Beri tahu petugas perpustakaan: server menerimanya bila dijalankan dengan pilihan berikut.",
               "The library's service server does not take forms from {origin}. Please tell the library: "
               "the server takes them when started with this option."),
    "origin_file": ("Server layanan perpustakaan tidak menerima formulir dari salinan situs yang dibuka sebagai berkas "
                    "(file://). Permintaan Anda dapat diserahkan lewat e-mail atau berkas; petugas dapat mengizinkan "
                    "salinan dengan menjalankan server dengan pilihan berikut.",
                    "The library's service server does not take forms from a copy of the site opened as a file "
                    "(file://). Hand your request in by e-mail or as a file; the library can allow copies by "
                    "starting the server with this option."),
    "too_many": ("Terlalu banyak permintaan dari alamat Anda. Tunggu satu menit, lalu kirim lagi.",
                 "Too many requests from your address. Wait a minute, then send it again."),
    "too_large": ("Isian terlalu panjang untuk dikirim (paling banyak {n} bita). Persingkat teksnya, lalu kirim lagi.",
                  "What you typed is too long to send (at most {n} bytes). Shorten it, then send it again."),
    "malformed": ("Formulir tidak dapat dibaca oleh server layanan perpustakaan. Muat ulang halaman formulir, "
                  "lalu kirim lagi.", "The library's service server could not read the form. Reload the form's "
                  "page, then send it again."),
    "refused": ("Permintaan ditolak.", "The request was refused."),
}


class Text:
    """The patron pages' text in one language (``t('ticket')`` in templates)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LANGS else "id"
        self.index = LANGS.index(self.lang)

    def __call__(self, key: str, **values: Any) -> str:
        text = TEXT[key][self.index]
        return text.format(**values) if values else text


def patron_lang(declared: str | None, request: Request) -> str:
    """The form's own ``_bahasa`` when it sent one, else the browser's first id/en preference."""
    if declared in LANGS:
        return declared
    for part in request.headers.get("accept-language", "").split(","):
        code = part.split(";")[0].strip().lower().split("-")[0]
        if code in LANGS:
            return code
    return "id"


def _accepts(request: Request) -> dict[str, float]:
    out: dict[str, float] = {}
    for part in request.headers.get("accept", "").split(","):
        kind, *params = [p.strip() for p in part.split(";")]
        q = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        if kind:
            out[kind.lower()] = q
    return out


def wants_html(request: Request) -> bool:
    """A person in a browser rather than a script: an ``Accept`` that ranks HTML above JSON,
    or, when it names neither, a plain form post (what a browser sends without JavaScript)."""
    accepts = _accepts(request)
    html, json = accepts.get("text/html", 0.0), accepts.get("application/json", 0.0)
    if html or json:
        return html > json
    return request.headers.get("content-type", "").split(";")[0].strip().lower() == "application/x-www-form-urlencoded"


def is_loopback_origin(origin: str | None) -> bool:
    """``http(s)://127.x.x.x:PORT``, ``[::1]``, ``0.0.0.0`` or ``localhost``: a page served on the reader's
    own computer, on any port: the local preview (``pustaka serve --dev-addr …``). No other
    site can make a browser send such an origin, so taking it opens nothing to the web."""
    if not origin or origin == "null":
        return False
    parts = urlsplit(origin)
    if parts.scheme not in ("http", "https") or parts.path or parts.query or not parts.hostname:
        return False
    if parts.hostname == "localhost":
        return True
    try:
        address = ipaddress.ip_address(parts.hostname)
    except ValueError:
        return False
    # 0.0.0.0 is where `pustaka serve --dev-addr 0.0.0.0:PORT` says it serves: this computer too.
    return address.is_loopback or address.is_unspecified


def origin_refusal(origin: str) -> str:
    """The 403 message for a script or a log: which origin, and how to allow it."""
    if origin == "null":
        return ("origin null (a page opened from file://, e.g. a USB copy) is not allowed to post here; "
                "start the endpoint with --allow-file-origin to take requests from such pages")
    return (f"origin {origin} is not allowed to post here; start the endpoint with --origin {origin} "
            "to allow it")


def page(template: str, *, lang: str, status_code: int = 200, definitions: Mapping[str, Any] | None = None,
         home: str | None = None, **context: Any) -> HTMLResponse:
    """A patron's page from ``template`` (which extends ``public.html``); `definitions` is
    forms.json (the library's name and address), `home` the site's address when known."""
    definitions = definitions or {}
    t = Text(lang)
    response = HTMLResponse(render(template, lang=t.lang, t=t, site_name=definitions.get("site_name") or t("library"),
                                   home=home or site_home(definitions), **context),
                            status_code=status_code)
    response.headers["Cache-Control"] = "no-store"
    return response


def site_home(definitions: Mapping[str, Any], page_url: str | None = None) -> str | None:
    """The library's site: its ``site_url``, unless the form came from another copy of it
    (the local preview), whose origin is then the way home."""
    url = definitions.get("site_url") or ""
    if _is_web(page_url):
        parts = urlsplit(page_url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if not url.startswith(origin + "/"):
            return origin + "/"
    return url if _is_web(url) else None


def problem_page(status_code: int, message: str, *, lang: str, definitions: Mapping[str, Any] | None = None,
                 back: str | None = None, option: tuple[str, ...] = ()) -> HTMLResponse:
    """A refusal that is not about one field (origin, size, rate, an unreadable form);
    `option`: the endpoint's command-line option (and value) that would allow it."""
    back = back if _is_web(back) else None
    return page("problem.html", lang=lang, status_code=status_code, definitions=definitions,
                home=site_home(definitions or {}, back), message=message, back=back, option=option)


def errors_page(status_code: int, errors: Mapping[str, str], form: Mapping[str, Any] | None, *, service: str,
                lang: str, definitions: Mapping[str, Any] | None = None, back: str | None = None) -> HTMLResponse:
    """The fields a plain form post got wrong, each message beside its label, with a way back."""
    back = back.split("#")[0] if _is_web(back) else None
    fields = {f["name"]: f for f in (form or {}).get("fields", [])}
    rows = []
    for name, msg in errors.items():
        field = fields.get(name)
        label = field["label"] if field else name
        # The site renders each field with the id f-<service>-<name> (theme/pustaka/_form.html).
        anchor = f"{back}#f-{service}-{name}" if back and field and not field.get("hidden") else None
        rows.append({"name": name, "label": label, "message": msg, "href": anchor})
    return page("errors.html", lang=lang, status_code=status_code, definitions=definitions,
                home=site_home(definitions or {}, back), rows=rows, service_name=(form or {}).get("name"), back=back)


def _is_web(url: str | None) -> bool:
    return bool(url) and url.startswith(("http://", "https://"))
