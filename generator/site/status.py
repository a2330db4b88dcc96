"""The site's page for one ticket (``status-tiket.html#PST-…/token``): a static shell that
status.js fills from the endpoint's ``/api/status``. The ticket and its token travel in
the address's fragment, which browsers never send to a server or in a Referer."""

from __future__ import annotations

from .page import GeneratedPage
from .urls import STATUS_PAGE, page_url

UI: dict[str, tuple[str, str]] = {
    "status_title": ("Status permintaan", "Request status"),
    "status_lead": ("Tahapan, batas waktu, dan jawaban pustakawan untuk satu tiket.",
                    "Steps, deadlines and the librarian's answer for one ticket."),
    "status_noscript": ("Halaman ini memerlukan JavaScript. Tanpa JavaScript, buka tautan status dari halaman "
                        "terima kasih atau dari pesan perpustakaan.",
                        "This page needs JavaScript. Without it, open the status link from the thank-you page "
                        "or from the library's message."),
}


class StatusText:
    def __init__(self, lang: str) -> None:
        self.index = 0 if lang == "id" else 1

    def __call__(self, key: str) -> str:
        return UI[key][self.index]


def status_page(lang: str, *, crumbs: list[tuple[str, str]], my_url: str) -> GeneratedPage:
    st = StatusText(lang)
    return GeneratedPage(url=page_url(lang, STATUS_PAGE), template="ticket_status.html", title=st("status_title"),
                         section="services", lang=lang, data={"st": st, "my_url": my_url}, breadcrumbs=crumbs)
