"""The test machinery itself: the HTTP server, the network guard and the axe-core check.

These need no generator: they prove on tiny hand-written pages that the fixtures the
site's tests lean on can pass, and can fail.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .conftest import AXE, assert_no_axe_violations, axe_violations, foreign_requests, watch_requests

GOOD = """<!doctype html>
<html lang="id">
<head><meta charset="utf-8"><title>Halaman uji</title><link rel="stylesheet" href="gaya.css"></head>
<body>
<header><a href="#isi">Langsung ke isi</a></header>
<main id="isi">
  <h1>Perpustakaan Uji</h1>
  <p>Koleksi <a href="lain.html">lainnya</a>.</p>
  <img src="sampul.svg" alt="Sampul buku Hikayat Uji Coba" width="40" height="60">
  <form>
    <label for="cari">Cari koleksi</label>
    <input id="cari" name="q" type="search">
    <button type="submit">Cari</button>
  </form>
</main>
</body>
</html>
"""

BAD = """<!doctype html>
<html lang="id">
<head><meta charset="utf-8"><title>Halaman buruk</title></head>
<body><main>
  <h1>Perpustakaan Uji</h1>
  <img src="sampul.svg">
  <button type="button"></button>
</main></body>
</html>
"""

SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="60">'
       '<rect width="40" height="60" fill="#1a4d80"/></svg>')


def write_site(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(GOOD, encoding="utf-8")
    (folder / "buruk.html").write_text(BAD, encoding="utf-8")
    (folder / "lain.html").write_text(GOOD.replace("Halaman uji", "Halaman lain"), encoding="utf-8")
    (folder / "gaya.css").write_text("body { color: #1b1b1b; background: #fff; }\n", encoding="utf-8")
    (folder / "sampul.svg").write_text(SVG, encoding="utf-8")
    return folder


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


# --- the HTTP server -------------------------------------------------------------------

def test_http_server_serves_a_folder_on_loopback(tmp_path: Path, http_server) -> None:
    base = http_server(write_site(tmp_path / "site"))
    assert base.startswith("http://127.0.0.1:") and base.endswith("/")
    assert int(base.split(":")[2].rstrip("/")) > 0
    status, body = get(base)
    assert status == 200 and "<h1>Perpustakaan Uji</h1>" in body
    assert get(base + "gaya.css") == (200, "body { color: #1b1b1b; background: #fff; }\n")
    assert get(base + "tidak-ada.html")[0] == 404


def test_http_server_serves_under_a_sub_path_like_github_pages(tmp_path: Path, http_server) -> None:
    base = http_server(write_site(tmp_path / "site"), prefix="/library/")
    root = base[: -len("library/")]
    assert base.endswith("/library/")
    assert get(base)[0] == 200
    assert "<h1>Perpustakaan Uji</h1>" in get(base + "index.html")[1]
    # outside the prefix nothing is served, so a link that climbs out of it shows up as a 404
    assert get(root + "index.html")[0] == 404
    assert get(root + "gaya.css")[0] == 404
    # "/library" without the slash is redirected to the folder, as GitHub Pages does
    with urllib.request.urlopen(root + "library", timeout=10) as response:
        assert response.url == base
        assert "<h1>Perpustakaan Uji</h1>" in response.read().decode()


def test_two_servers_get_their_own_ports(tmp_path: Path, http_server) -> None:
    first = http_server(write_site(tmp_path / "a"))
    second = http_server(write_site(tmp_path / "b"))
    assert first != second


# --- the network guard -----------------------------------------------------------------

def test_guard_lets_local_urls_through_and_flags_everything_else() -> None:
    local = [
        "http://127.0.0.1:8000/index.html",
        "http://localhost:8000/library/assets/app.js",
        "http://[::1]:8000/",
        "ws://127.0.0.1:8000/livereload",
        "file:///media/usb/perpustakaan/index.html",
        "data:image/gif;base64,R0lGODlhAQABAAAAACw=",
        "blob:http://127.0.0.1:8000/0b7c1b43-6f6f-4a3b-9d5e-1f2a3b4c5d6e",
        "about:blank",
    ]
    foreign = [
        "http://example.invalid/x.js",
        "https://unpkg.com/iframe-worker/shim",
        "https://fonts.googleapis.com/css?family=Roboto",
        "http://10.0.0.1/",
        "http://192.168.1.10:8000/",
        "http://localhost.example.com/",
        "http://127.0.0.1.nip.io/",
        "wss://example.invalid/socket",
        "ftp://127.0.0.2.example/x",
    ]
    assert foreign_requests(local) == []
    assert foreign_requests(local + foreign) == foreign


@pytest.mark.browser
def test_guard_sees_a_page_reaching_for_the_network(tmp_path: Path, http_server, browser) -> None:
    # A page of its own (not the `page` fixture, whose teardown would rightly fail on it).
    site = write_site(tmp_path / "site")
    (site / "bocor.html").write_text(GOOD.replace(
        "</head>", '<script src="http://example.invalid/x.js"></script></head>'), encoding="utf-8")
    base = http_server(site)
    context = browser.new_context()
    try:
        requested = watch_requests(context)
        # answer the foreign request inside the browser, so not even a DNS query leaves
        context.route("http://example.invalid/**", lambda route: route.abort())
        tab = context.new_page()
        tab.goto(base + "bocor.html")
        tab.wait_for_load_state("load")
    finally:
        context.close()
    assert base + "bocor.html" in requested
    assert base + "gaya.css" in requested
    assert foreign_requests(requested) == ["http://example.invalid/x.js"]


@pytest.mark.browser
def test_page_fixture_records_the_requests_of_a_local_page(tmp_path: Path, http_server, page) -> None:
    base = http_server(write_site(tmp_path / "site"), prefix="/library/")
    page.goto(base + "index.html")
    page.get_by_role("link", name="lainnya").click()
    page.wait_for_url(base + "lain.html")
    assert page.title() == "Halaman lain"
    for name in ("index.html", "gaya.css", "sampul.svg", "lain.html"):
        assert base + name in page.pustaka_requests
    assert foreign_requests(page.pustaka_requests) == []


# --- axe-core --------------------------------------------------------------------------

def test_vendored_axe_core_is_the_real_library() -> None:
    head = AXE.read_text(encoding="utf-8")[:200]
    assert head.startswith("/*! axe v4."), head
    assert AXE.stat().st_size > 300_000
    assert (AXE.parent / "LICENSE").read_text(encoding="utf-8").startswith("Mozilla Public License, version 2.0")


@pytest.mark.browser
def test_axe_passes_an_accessible_page(tmp_path: Path, http_server, page) -> None:
    base = http_server(write_site(tmp_path / "site"))
    page.goto(base + "index.html")
    assert axe_violations(page) == []
    assert_no_axe_violations(page)
    assert page.evaluate("typeof axe.run") == "function"


@pytest.mark.browser
def test_axe_names_the_rules_an_inaccessible_page_breaks(tmp_path: Path, http_server, page) -> None:
    base = http_server(write_site(tmp_path / "site"))
    page.goto(base + "buruk.html")
    violations = {v["id"]: v for v in axe_violations(page)}
    assert {"image-alt", "button-name"} <= set(violations)
    assert violations["image-alt"]["impact"] == "critical"
    assert violations["image-alt"]["nodes"][0]["html"] == '<img src="sampul.svg">'
    assert violations["button-name"]["nodes"][0]["target"] == "button"

    with pytest.raises(pytest.fail.Exception) as failure:
        assert_no_axe_violations(page)
    message = str(failure.value)
    assert message.startswith(base + "buruk.html: ")
    assert "- image-alt (critical): Images must have alternative text" in message
    assert '<img src="sampul.svg">' in message
    assert "- button-name (critical)" in message


@pytest.mark.browser
def test_axe_works_on_a_page_opened_from_a_usb_stick(tmp_path: Path, page) -> None:
    site = write_site(tmp_path / "site")
    page.goto((site / "buruk.html").as_uri())
    assert {"image-alt", "button-name"} <= {v["id"] for v in axe_violations(page)}
    page.goto((site / "index.html").as_uri())
    assert_no_axe_violations(page)
