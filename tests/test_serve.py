"""`pustaka serve`: serves the site on localhost and rebuilds when a record changes."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from .projects import ITEM, make_project


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode()
    except OSError:
        return None


def wait_for(url: str, needle: str, seconds: float = 90) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        body = fetch(url)
        if body and needle in body:
            return body
        time.sleep(0.3)
    raise AssertionError(f"{url} never showed {needle!r}")


def test_serve_rebuilds_when_a_record_changes(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "generator.cli", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        # mkdocs serve mounts the site at the path of site_url, as GitHub Pages would
        url = f"http://127.0.0.1:{port}/perpustakaan/katalog/hikayat-uji.html"
        page = wait_for(url, "Hikayat Uji Coba")
        assert "livereload" in page  # the page reloads itself after a rebuild
        (project / "collection/items/hikayat-uji.yml").write_text(ITEM.replace("Hikayat Uji Coba", "Hikayat Terbaru"))
        wait_for(url, "Hikayat Terbaru")
    finally:
        server.terminate()
        server.wait(timeout=30)
