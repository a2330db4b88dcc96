"""E-mail notifications through a real (tiny) SMTP server on 127.0.0.1."""

from __future__ import annotations

import socketserver
import threading
import time

import httpx
import pytest

from generator.endpoint.notify import SMTPSettings
from tests.endpoint_support import forms_file  # noqa: F401 - fixture
from tests.endpoint_support import add_librarian, start_endpoint, stop_endpoint
from tests.test_endpoint_app import QUESTION, login, session_csrf


class _SMTP(socketserver.StreamRequestHandler):
    """Just enough SMTP for smtplib: every message lands in ``server.mails``."""

    def handle(self) -> None:
        self.wfile.write(b"220 test\r\n")
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb in (b"EHLO", b"HELO"):
                self.wfile.write(b"250 test\r\n")
            elif verb == b"DATA":
                self.wfile.write(b"354 go\r\n")
                data = b""
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data += chunk
                self.server.mails.append(data.decode("utf-8", "replace"))
                self.wfile.write(b"250 ok\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


@pytest.fixture
def smtp_server():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SMTP)
    server.mails = []
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def _wait(mails: list, count: int) -> None:
    deadline = time.monotonic() + 10
    while len(mails) < count:
        assert time.monotonic() < deadline, mails
        time.sleep(0.05)


def test_library_and_reader_are_told_by_mail(forms_file, tmp_path, smtp_server):  # noqa: F811
    smtp = SMTPSettings(host="127.0.0.1", port=smtp_server.server_address[1], sender="pustaka@tl.example",
                        library="layanan@tl.example")
    running = start_endpoint(forms_file, str(tmp_path / "m.db"), smtp=smtp)
    try:
        add_librarian(running)
        with httpx.Client(base_url=running.url) as http:
            made = http.post("/api/requests", json=QUESTION).json()
            _wait(smtp_server.mails, 1)
            first = smtp_server.mails[0]
            assert "To: layanan@tl.example" in first and made["ticket"] in first
            assert "Siti" not in first and "siti@example.id" not in first
            login(http)
            http.post(f"/dasbor/permintaan/{made['ticket']}/selesai", data={"csrf": session_csrf(http)})
            _wait(smtp_server.mails, 2)
            assert "To: siti@example.id" in smtp_server.mails[1] and "selesai" in smtp_server.mails[1]
    finally:
        stop_endpoint(running)
