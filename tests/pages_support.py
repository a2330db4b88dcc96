"""A server that answers like GitHub Pages, a sub-path build of the sample, and LinkChecker.

GitHub Pages serves a project site under ``/<repository>/`` and answers every missing
address, at any depth, with the site's ``404.html`` and status 404. The tests serve the
built site the same way on 127.0.0.1 and crawl it with the real LinkChecker.
"""

from __future__ import annotations

import csv
import functools
import http.server
import os
import re
import subprocess
import sys
import tempfile
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .conftest import QuietServer, _PrefixHandler

#: Where the sub-path build believes it is published (GitHub Pages for a repository "library").
PAGES_URL = "https://org.github.io/library/"
PREFIX = "/library/"
LINKCHECKER = Path(sys.executable).parent / "linkchecker"
ENDPOINT = "127.0.0.1:8001"  # the form endpoint the sample's forms post to: not part of the site


class PagesHandler(_PrefixHandler):
    """The folder under ``prefix``; 404.html (status 404) for anything missing, like Pages."""

    def end_headers(self) -> None:
        # LinkChecker throttles every host to ~3 requests a second unless the server
        # answers with this header; only then does its maxrequestspersecond apply.
        self.send_header("LinkChecker", "local test server")
        super().end_headers()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextmanager
def serve_like_pages(folder: Path, prefix: str = PREFIX) -> Iterator[str]:
    """Serve ``folder`` at ``http://127.0.0.1:PORT<prefix>``; yields that base URL."""
    handler = type("Handler", (PagesHandler,), {"prefix": prefix})
    server = QuietServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


@dataclass(frozen=True)
class Broken:
    url: str
    parent: str
    line: str
    result: str

    def __str__(self) -> str:
        return f"{self.url} (linked from {self.parent}, line {self.line}): {self.result}"


def check_links(starts: list[str], *, inside: str, recursion: int = -1, threads: int = 4) -> tuple[list[Broken], int]:
    """Crawl from ``starts`` with LinkChecker, following only URLs under ``inside``.

    Returns the broken links and the number of URLs under ``inside`` checked. External URLs (canonical
    links, feeds' absolute addresses, the theme's credit link), ``mailto:`` and the form
    endpoint are only syntax-checked: the test machine has no network, and the endpoint
    is another server.
    """
    assert LINKCHECKER.exists(), f"{LINKCHECKER} is missing: install the test extras (pip install '.[test]')"
    # The config is read before LinkChecker drops root privileges to "nobody"; a temp file will do.
    with tempfile.NamedTemporaryFile("w", suffix=".ini", delete=False) as config:
        config.write("[checking]\nmaxrequestspersecond=200\n")
    # --verbose lists every URL checked, not only the broken ones, so that the count proves a full crawl.
    command = [str(LINKCHECKER), "--config", config.name, "--no-status", "--no-warnings", "--verbose",
               "-o", "csv", "-t", str(threads), "-r", str(recursion), "--ignore-url", "^mailto:",
               "--ignore-url", rf"^https?://{re.escape(ENDPOINT)}", "--ignore-url", rf"^(?!{re.escape(inside)})",
               *starts]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=900,
                                env={**os.environ, "LC_ALL": "C.UTF-8"})
    finally:
        os.unlink(config.name)
    # Exit status: 0 all good, 1 broken links found, 2 LinkChecker itself failed.
    assert result.returncode in (0, 1), f"linkchecker failed ({result.returncode}):\n{result.stderr[-3000:]}"
    rows = [line for line in result.stdout.splitlines() if line and not line.startswith("#")]
    records = list(csv.DictReader(rows, delimiter=";"))
    broken = [Broken(r["url"] or r["urlname"], r["parentname"], r["line"], r["result"])
              for r in records if r["valid"] != "True"]
    checked = {r["url"] for r in records if r["url"].startswith(inside)}
    return broken, len(checked)
