"""Optional e-mail notifications, when SMTP is configured.

The library's address hears of each new request; a reader who left an e-mail address
hears when their request moves on or is closed. Mails go out from a background
thread: a slow mail server never delays a ticket, and a failing one is only logged.
Subjects and bodies carry the ticket and the service, never what the reader typed.
"""

from __future__ import annotations

import logging
import queue
import smtplib
import threading
from dataclasses import dataclass
from email.message import EmailMessage

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SMTPSettings:
    host: str
    port: int = 25
    sender: str = "pustaka@localhost"
    library: str | None = None  # who hears of new requests
    username: str | None = None
    password: str | None = None
    starttls: bool = False
    dashboard_url: str = ""


class Notifier:
    def __init__(self, settings: SMTPSettings) -> None:
        self.settings = settings
        self.outbox: queue.Queue[EmailMessage | None] = queue.Queue(maxsize=10_000)
        self.thread = threading.Thread(target=self._run, name="pustaka-mail", daemon=True)
        self.thread.start()

    def new_request(self, ticket: str, service_name: str, branch: str | None) -> None:
        if self.settings.library:
            body = (f"Permintaan baru {ticket}: {service_name}" + (f" ({branch})" if branch else "") + ".\n"
                    f"Buka dasbor: {self.settings.dashboard_url}/dasbor/permintaan/{ticket}\n")
            self._queue(self.settings.library, f"[Pustaka] Permintaan baru {ticket} — {service_name}", body)

    def status_changed(self, to: str | None, ticket: str, service_name: str, what: str) -> None:
        if to:
            body = (f"Permintaan Anda {ticket} ({service_name}): {what}.\n\n"
                    "Pesan ini dikirim otomatis oleh perpustakaan; simpan nomor tiket Anda.\n")
            self._queue(to, f"Tiket {ticket}: {what}", body)

    def send(self, to: str, subject: str, body: str) -> None:
        """A message to a reader, composed by the caller (notices.compose)."""
        self._queue(to, subject, body)

    def _queue(self, to: str, subject: str, body: str) -> None:
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = self.settings.sender, to, subject
        message.set_content(body)
        try:
            self.outbox.put_nowait(message)
        except queue.Full:
            log.warning("pustaka: mail queue full; %s not sent", subject)

    def _run(self) -> None:
        while True:
            message = self.outbox.get()
            if message is None:
                return
            try:
                with smtplib.SMTP(self.settings.host, self.settings.port, timeout=30) as smtp:
                    if self.settings.starttls:
                        smtp.starttls()
                    if self.settings.username:
                        smtp.login(self.settings.username, self.settings.password or "")
                    smtp.send_message(message)
            except (OSError, smtplib.SMTPException) as exc:
                log.warning("pustaka: could not send mail %r: %s", message["Subject"], exc)
            finally:
                self.outbox.task_done()

    def close(self) -> None:
        self.outbox.put(None)
