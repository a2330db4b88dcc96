"""What the endpoint answers a patron, over real HTTP: pages (never JSON) for a person in
the patron's language, JSON for scripts, and the local preview accepted on any port."""

from __future__ import annotations

import re

import httpx
import pytest

from tests.endpoint_support import *  # noqa: F401,F403 - fixtures
from tests.endpoint_support import start_endpoint, stop_endpoint

SITE = "https://perpustakaan.example"
QUESTION = {"service": "tanya-pustakawan", "fields": {"nama": "Siti Aminah", "email": "siti@example.id",
                                                    "pertanyaan": "Kapan pelabuhan dibangun?"}}
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture
def running(forms_file, database):
    endpoint = start_endpoint(forms_file, database, origins=[SITE], rate_limit=1000)
    yield endpoint
    stop_endpoint(endpoint)


def client(endpoint) -> httpx.Client:
    return httpx.Client(base_url=endpoint.url, timeout=10)


def _form(lang: str, **fields: str) -> dict[str, str]:
    return {"_layanan": "tanya-pustakawan", "_bahasa": lang, "_kembali": "../terima-kasih.html", "website": "",
            "email": "siti@example.id", **fields}


@pytest.mark.parametrize("origin", ["http://127.0.0.1:8100", "http://localhost:8100", "http://[::1]:8100",
                                    "http://127.0.0.2:9000", "https://localhost:8443", "http://0.0.0.0:8100"])
def test_the_local_preview_posts_from_any_port(running, origin):
    with client(running) as http:
        pre = http.options("/api/requests", headers={"Origin": origin, "Access-Control-Request-Method": "POST"})
        assert pre.status_code == 204 and pre.headers["access-control-allow-origin"] == origin
        r = http.post("/api/requests", json=QUESTION, headers={"Origin": origin})
        assert r.status_code == 201, r.text
        assert r.headers["access-control-allow-origin"] == origin
    assert running.store.request(r.json()["ticket"]) is not None


@pytest.mark.parametrize("origin", ["http://192.168.1.5:8100", "http://127.0.0.1.evil.example:8100",
                                    "http://localhost.evil.example", "https://evil.example", "http://10.0.0.1"])
def test_other_origins_are_refused_with_the_way_to_allow_them(running, origin):
    with client(running) as http:
        r = http.post("/api/requests", json=QUESTION, headers={"Origin": origin})
        assert r.status_code == 403 and "access-control-allow-origin" not in r.headers
        message = r.json()["message"]
        assert origin in message and f"--origin {origin}" in message
        pre = http.options("/api/requests", headers={"Origin": origin, "Access-Control-Request-Method": "POST"})
        assert pre.status_code == 403
    assert running.store.count_requests() == 0


def test_a_page_from_a_file_is_told_about_allow_file_origin(running):
    with client(running) as http:
        r = http.post("/api/requests", json=QUESTION, headers={"Origin": "null"})
        assert r.status_code == 403 and "--allow-file-origin" in r.json()["message"]


def test_the_local_preview_can_be_refused(forms_file, database):
    endpoint = start_endpoint(forms_file, database, origins=[SITE], local_preview=False)
    try:
        with client(endpoint) as http:
            refused = http.post("/api/requests", json=QUESTION, headers={"Origin": "http://127.0.0.1:8100"})
            assert refused.status_code == 403 and "--origin http://127.0.0.1:8100" in refused.json()["message"]
            assert http.post("/api/requests", json=QUESTION, headers={"Origin": SITE}).status_code == 201
    finally:
        stop_endpoint(endpoint)


@pytest.mark.parametrize("lang, title, label, message", [
    ("id", "Periksa kembali isian Anda", "Pertanyaan Anda", "wajib diisi"),
    ("en", "Please check your answers", "Your question", "is required"),
])
def test_a_plain_form_post_with_errors_gets_a_page_in_the_patrons_language(running, lang, title, label, message):
    page_url = f"{SITE}/{'en/' if lang == 'en' else ''}layanan/tanya-pustakawan.html"
    with client(running) as http:
        r = http.post("/api/requests", data=_form(lang, nama="Siti", pertanyaan=""),
                      headers={"Origin": SITE, "Referer": page_url, "Accept": BROWSER_ACCEPT})
    assert r.status_code == 422 and r.headers["content-type"].startswith("text/html")
    html = r.text
    assert f'<html lang="{lang}">' in html and f"<title>{title} — " in html
    assert "dasbor" not in html.lower() and '"message"' not in html
    # Each message sits beside its field's label, which links to the field on the form's page.
    row = re.search(r"<dt><a href=\"([^\"]+)\">([^<]+)</a></dt>\s*<dd data-error-for=\"pertanyaan\">([^<]+)</dd>", html)
    assert row, html
    assert row.group(1) == f"{page_url}#f-tanya-pustakawan-pertanyaan"
    assert row.group(2) == label and row.group(3) == message
    assert f'href="{page_url}"' in html  # the way back to the form
    assert running.store.count_requests() == 0


def test_json_clients_keep_json_and_html_clients_get_html(running):
    bad = {"service": "tanya-pustakawan", "lang": "en", "fields": {"nama": "Siti"}}
    with client(running) as http:
        script = http.post("/api/requests", json=bad, headers={"Origin": SITE})
        person = http.post("/api/requests", json=bad, headers={"Origin": SITE, "Accept": BROWSER_ACCEPT})
        form_for_a_script = http.post("/api/requests", data=_form("id", nama="Siti"),
                                      headers={"Origin": SITE, "Accept": "application/json"})
    assert script.status_code == 422 and script.json()["errors"]["pertanyaan"] == "is required"
    assert person.status_code == 422 and person.headers["content-type"].startswith("text/html")
    assert '<html lang="en">' in person.text and "is required" in person.text
    assert form_for_a_script.status_code == 422 and form_for_a_script.json()["errors"]["pertanyaan"] == "wajib diisi"


def test_refusals_to_a_person_are_pages_in_their_language(forms_file, database):
    endpoint = start_endpoint(forms_file, database, origins=[SITE], rate_limit=2, max_body=2048)
    try:
        with client(endpoint) as http:
            english = {"Accept": BROWSER_ACCEPT, "Accept-Language": "en-GB,en;q=0.9,id;q=0.8"}
            origin = http.post("/api/requests", data=_form("en", nama="Siti", pertanyaan="?"),
                               headers={"Origin": "http://192.168.1.5:8100", **english})
            assert origin.status_code == 403 and '<html lang="en">' in origin.text
            assert "http://192.168.1.5:8100" in origin.text
            assert re.search(r"<span>--origin</span> <span>http://192.168.1.5:8100</span>", origin.text)
            large = http.post("/api/requests", data=_form("id", nama="Siti", pertanyaan="x" * 4000),
                              headers={"Origin": SITE, "Accept": BROWSER_ACCEPT, "Accept-Language": "id"})
            assert large.status_code == 413 and '<html lang="id">' in large.text and "2048" in large.text
            http.post("/api/requests", json=QUESTION, headers={"Origin": SITE})
            busy = http.post("/api/requests", data=_form("id", nama="Siti", pertanyaan="?"),
                             headers={"Origin": SITE, "Accept": BROWSER_ACCEPT})
            assert busy.status_code == 429 and busy.headers["retry-after"] == "60"
            assert busy.headers["content-type"].startswith("text/html") and "Tunggu satu menit" in busy.text
    finally:
        stop_endpoint(endpoint)


@pytest.mark.parametrize("lang, title", [("id", "Terima kasih"), ("en", "Thank you")])
def test_the_thank_you_page_is_the_patrons_and_links_to_no_json(running, lang, title):
    page_url = f"{SITE}/{'en/' if lang == 'en' else ''}layanan/tanya-pustakawan.html"
    with client(running) as http:
        r = http.post("/api/requests", data=_form(lang, nama="Siti", pertanyaan="Apa kabar?"),
                      headers={"Origin": SITE, "Referer": page_url})
        assert r.status_code == 303
        page = http.get(r.headers["location"].replace(running.url, ""))
        missing = http.get("/terima-kasih?tiket=PST-2026-999999&token=nope&bahasa=" + lang)
    assert page.status_code == 200 and f'<html lang="{lang}">' in page.text
    assert re.search(rf"<title>{title} — [^<]+</title>", page.text)
    assert "/api/" not in page.text and "JSON" not in page.text and "dasbor" not in page.text.lower()
    # The way back leads to the thank-you page in the form's own language.
    back = f"{SITE}/{'en/' if lang == 'en' else ''}terima-kasih.html?tiket="
    assert back in page.text.replace("&amp;", "&")
    assert missing.status_code == 404 and f'<html lang="{lang}">' in missing.text


def _run_endpoint_command(forms_file, tmp_path, *extra: str):
    """`pustaka endpoint` itself, as scripts/run-sample starts it beside `pustaka serve`."""
    import subprocess
    import sys
    import time

    from tests.endpoint_support import ROOT, free_port

    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "generator.cli", "endpoint", "--site-dir",
                                str(forms_file.parents[2]), "--database", str(tmp_path / f"{port}.db"),
                                "--port", str(port), *extra], cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(url + "/api/health", timeout=1).status_code == 200:
                return process, url
        except httpx.TransportError:
            pass
        assert process.poll() is None, process.stderr.read().decode()
        assert time.monotonic() < deadline, "pustaka endpoint did not start"
        time.sleep(0.1)


def test_the_endpoint_command_takes_the_preview_on_any_port(forms_file, tmp_path):
    process, url = _run_endpoint_command(forms_file, tmp_path)
    try:
        for port in (8000, 8100, 9000):
            r = httpx.post(url + "/api/requests", json=QUESTION, headers={"Origin": f"http://127.0.0.1:{port}"})
            assert r.status_code == 201, r.text
        lan = httpx.post(url + "/api/requests", json=QUESTION, headers={"Origin": "http://192.168.1.5:8100"})
        assert lan.status_code == 403 and "--origin http://192.168.1.5:8100" in lan.json()["message"]
    finally:
        process.terminate()
        process.wait(timeout=10)
    process, url = _run_endpoint_command(forms_file, tmp_path, "--no-local-preview",
                                         "--origin", "http://192.168.1.5:8100")
    try:
        refused = httpx.post(url + "/api/requests", json=QUESTION, headers={"Origin": "http://127.0.0.1:8100"})
        assert refused.status_code == 403
        lan = httpx.post(url + "/api/requests", json=QUESTION, headers={"Origin": "http://192.168.1.5:8100"})
        assert lan.status_code == 201, lan.text
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_a_page_extending_public_html_needs_only_its_language():
    """The contract for other patron pages (e.g. a ticket's status page): blocks `title` and
    `content`, variable `lang`; the site's look comes with it."""
    from generator.endpoint.render import _env

    html = _env.from_string('{% extends "public.html" %}{% block title %}Status{% endblock %}'
                            '{% block content %}<h1>Status</h1>{% endblock %}').render(lang="en")
    assert '<html lang="en">' in html and "<title>Status — Library</title>" in html
    assert "<h1>Status</h1>" in html and "--md-primary-fg-color:#00695c" in html and "Skip to content" in html
