"""What the reader is told when their request changes, in their language, and how.

One message serves both ways out: an e-mail when SMTP is set, and a WhatsApp
click-to-chat link the librarian opens from the dashboard with the text written. The
message says the ticket, the new status and the link to the status page; never what
the reader typed, so a forwarded message gives nothing away.
"""

from __future__ import annotations

from typing import Any, Mapping

from .phone import mobile_or_none, whatsapp_link

TEXT = {
    "id": {"open": "sedang diproses — tahap sekarang: {step}", "paused": " (menunggu tanggapan Anda)",
           "closed": "selesai", "refused": "ditolak: {reason}", "answer": "Jawaban pustakawan sudah tersedia.",
           "files": "Berkas hasil dapat diunduh.", "head": "Permintaan {ticket} ({service}): {status}.",
           "see": "Lihat status dan jawabannya: {url}", "subject": "Tiket {ticket}: {status}",
           "footer": "Pesan ini dari perpustakaan. Jangan bagikan tautan ini: siapa pun yang memilikinya "
                     "dapat melihat status permintaan Anda."},
    "en": {"open": "in progress — current step: {step}", "paused": " (waiting for your reply)",
           "closed": "done", "refused": "refused: {reason}", "answer": "The librarian's answer is ready.",
           "files": "The result file can be downloaded.", "head": "Request {ticket} ({service}): {status}.",
           "see": "See its status and answer: {url}", "subject": "Ticket {ticket}: {status}",
           "footer": "This message is from the library. Do not share this link: anyone who has it can see "
                     "your request's status."},
}


def _text(value: Any, lang: str) -> str:
    if isinstance(value, Mapping):
        return str(value.get(lang) or value.get("id") or "")
    return "" if value is None else str(value)


def status_phrase(form: Mapping[str, Any], row: Mapping[str, Any], *, paused: bool, lang: str) -> str:
    t = TEXT["en" if lang == "en" else "id"]
    if row["status"] == "open":
        steps = form.get("steps") or []
        step = _text(steps[row["step"]]["name"], lang) if row["step"] < len(steps) else ""
        return t["open"].format(step=step) + (t["paused"] if paused else "")
    if row["status"] == "refused":
        return t["refused"].format(reason=row.get("reason") or "—")
    return t["closed"]


def compose(form: Mapping[str, Any], row: Mapping[str, Any], *, url: str, paused: bool = False,
            answered: bool = False, files: bool = False) -> tuple[str, str]:
    """(subject, body) in the language the reader used for the request."""
    lang = "en" if row.get("lang") == "en" else "id"
    t = TEXT[lang]
    status = status_phrase(form, row, paused=paused, lang=lang)
    service = _text(form.get("name"), lang) or row["service"]
    lines = [t["head"].format(ticket=row["ticket"], service=service, status=status)]
    if answered:
        lines.append(t["answer"])
    if files:
        lines.append(t["files"])
    lines += ["", t["see"].format(url=url), "", t["footer"]]
    return t["subject"].format(ticket=row["ticket"], status=status), "\n".join(lines)


def contacts(form: Mapping[str, Any], data: Mapping[str, Any]) -> dict[str, str | None]:
    """The reader's e-mail and WhatsApp number, from the fields the form declares as such.

    WhatsApp: a field marked ``whatsapp``, else any phone field holding a mobile number
    (a "phone or WhatsApp" field may hold either; a landline gets no link).
    """
    fields = form.get("fields") or []
    email = next((data[f["name"]] for f in fields if f["type"] == "email" and isinstance(data.get(f["name"]), str)
                  and data[f["name"]]), None)
    ordered = sorted((f for f in fields if f["type"] == "tel"), key=lambda f: not f.get("whatsapp"))
    whatsapp = next((n for n in (mobile_or_none(data.get(f["name"])) for f in ordered) if n), None)
    return {"email": email, "whatsapp": whatsapp}


def whatsapp(number: str | None, body: str) -> str | None:
    return whatsapp_link(number, body) if number else None
