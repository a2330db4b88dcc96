"""`pustaka serve`: serves the site on localhost and rebuilds when a record changes."""

from __future__ import annotations

import os
import re
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
    temporary = tmp_path / "tmp"  # where mkdocs serve puts its site
    temporary.mkdir()
    server = subprocess.Popen([sys.executable, "-m", "generator.cli", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              env={**os.environ, "TMPDIR": str(temporary)})
    try:
        # mkdocs serve mounts the site at the path of site_url, as GitHub Pages would
        url = f"http://127.0.0.1:{port}/perpustakaan/katalog/hikayat-uji.html"
        page = wait_for(url, "Hikayat Uji Coba")
        assert "livereload" in page  # the page reloads itself after a rebuild
        (project / "collection/items/hikayat-uji.yml").write_text(ITEM.replace("Hikayat Uji Coba", "Hikayat Terbaru"))
        wait_for(url, "Hikayat Terbaru")
        # the page of another record that lists the item follows too
        wait_for(f"http://127.0.0.1:{port}/perpustakaan/jelajah/semua.html", "Hikayat Terbaru")
        assert len(list(temporary.iterdir())) == 2  # the served site and the copy kept for the next rebuild
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    # The rebuild re-rendered the changed record's pages only and reused the rest.
    counts = [tuple(map(int, found)) for found in re.findall(r"(\d+) rendered, (\d+) unchanged", output)]
    assert len(counts) >= 2, output
    assert counts[0][1] == 0 and counts[-1][0] < counts[0][0] and counts[-1][1] > 0, counts
    assert server.returncode == 0 and "Shutting down" in output  # SIGTERM stops it as Ctrl+C does
    # and the temporary site, and the copy of it kept for the next rebuild, are gone with it
    assert list(temporary.iterdir()) == []
