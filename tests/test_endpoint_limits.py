"""Hostile clients over real HTTP: huge bodies anywhere, odd JSON, spoofed addresses, login probing."""

from __future__ import annotations

import re
import subprocess
import tracemalloc

import httpx
import pytest

from generator.limits import RateLimiter
from tests.endpoint_support import *  # noqa: F401,F403 - fixtures
from tests.endpoint_support import add_librarian, restart_postgres, start_endpoint, stop_endpoint

QUESTION = {"service": "tanya-pustakawan", "fields": {"nama": "Siti Aminah", "email": "siti@example.id",
                                                    "pertanyaan": "Kapan pelabuhan lama dibangun?"}}


@pytest.fixture
def sqlite_endpoint(forms_file, tmp_path):
    running = start_endpoint(forms_file, str(tmp_path / "e.db"), rate_limit=1000)
    yield running
    stop_endpoint(running)


def _chunks(total: int, size: int = 256 * 1024):
    sent = 0
    while sent < total:
        yield b"a" * size
        sent += size


@pytest.mark.parametrize("path", ["/dasbor/masuk", "/dasbor/keluar", "/api/requests", "/dasbor/permintaan/x/y"])
def test_every_route_refuses_a_huge_body_before_reading_it(sqlite_endpoint, path: str) -> None:
    with httpx.Client(base_url=sqlite_endpoint.url, timeout=20) as http:
        declared = http.post(path, content=b"a" * (2 * 1024 * 1024),
                             headers={"content-type": "application/x-www-form-urlencoded"})
        assert declared.status_code == 413, declared.text
        # No Content-Length (chunked): cut off once past the limit, not read to the end.
        try:
            streamed = http.post(path, content=_chunks(8 * 1024 * 1024),
                                 headers={"content-type": "application/x-www-form-urlencoded"})
        except (httpx.WriteError, httpx.RemoteProtocolError, httpx.ReadError):
            return  # the server answered and closed before the client finished sending
        # 413 once past the limit, or refused before the body was read at all (not logged in)
        assert streamed.status_code in (401, 403, 413)


@pytest.mark.parametrize("body", [
    '{"service": "tanya-pustakawan", "fields": {"nama": "\\ud800", "email": "a@b.id", "pertanyaan": "x"}}',
    '{"service": "tanya-pustakawan", "fields": {"\\udfff": "x"}}',
    '{"service": "tanya-pustakawan", "fields": ' + "[" * 60000 + "]" * 60000 + "}",
    '{"service": "tanya-pustakawan", "fields": {"nama": ' + "[" * 50 + "]" * 50 + "}}",
])
def test_json_that_cannot_be_stored_is_a_400_with_a_message(sqlite_endpoint, body: str) -> None:
    with httpx.Client(base_url=sqlite_endpoint.url, timeout=20) as http:
        response = http.post("/api/requests", content=body.encode(), headers={"content-type": "application/json"})
        assert response.status_code in (400, 413), response.text
        assert response.json()["message"]
        assert http.get("/api/health").status_code == 200


def test_forwarded_for_from_the_same_host_does_not_bypass_the_rate_limit(forms_file, tmp_path) -> None:
    running = start_endpoint(forms_file, str(tmp_path / "e.db"), rate_limit=3)
    try:
        with httpx.Client(base_url=running.url, timeout=10) as http:
            codes = [http.post("/api/requests", json=QUESTION, headers={"X-Forwarded-For": f"10.9.0.{n}"}).status_code
                     for n in range(5)]
        assert codes == [201, 201, 201, 429, 429]
    finally:
        stop_endpoint(running)


def test_a_named_proxy_is_believed(forms_file, tmp_path) -> None:
    running = start_endpoint(forms_file, str(tmp_path / "e.db"), rate_limit=3, trusted_proxies=("127.0.0.1",))
    add_librarian(running)
    try:
        with httpx.Client(base_url=running.url, timeout=10) as http:
            codes = [http.post("/api/requests", json=QUESTION, headers={"X-Forwarded-For": f"10.9.0.{n}"}).status_code
                     for n in range(5)]
            assert codes == [201] * 5  # five readers behind the proxy, one post each
            page = http.get("/dasbor/masuk", headers={"X-Forwarded-Proto": "https"})
            assert "secure" in page.headers["set-cookie"].lower()
            plain = http.get("/dasbor/masuk")
            assert "secure" not in plain.headers["set-cookie"].lower()
    finally:
        stop_endpoint(running)


def _login(http: httpx.Client, username: str, password: str) -> httpx.Response:
    http.cookies.clear()
    csrf = re.search(r'name="csrf" value="([^"]+)"', http.get("/dasbor/masuk").text).group(1)
    return http.post("/dasbor/masuk", data={"username": username, "password": password, "csrf": csrf})


def test_login_answers_never_tell_which_users_exist_and_nobody_can_lock_a_librarian_out(sqlite_endpoint) -> None:
    add_librarian(sqlite_endpoint)
    attacker = httpx.Client(base_url=sqlite_endpoint.url, timeout=10)
    desk = httpx.Client(base_url=sqlite_endpoint.url, timeout=10,
                        transport=httpx.HTTPTransport(local_address="127.0.0.2"))
    with attacker, desk:
        known = [_login(attacker, "sari", "salah") for _ in range(5)]
        unknown = [_login(attacker, "tidak-ada", "salah") for _ in range(5)]
        assert [r.status_code for r in known] == [r.status_code for r in unknown] == [401] * 5
        assert {r.text.count("salah") for r in known} == {r.text.count("salah") for r in unknown}
        blocked_known, blocked_unknown = _login(attacker, "sari", "rahasia-sekali"), _login(attacker, "tidak-ada", "x")
        assert blocked_known.status_code == blocked_unknown.status_code == 429
        # The librarian at another machine is not locked out.
        assert _login(desk, "sari", "rahasia-sekali").status_code == 303


def test_the_rate_limiter_stays_bounded_and_fast_under_a_crowd_of_addresses() -> None:
    now = [0.0]
    limiter = RateLimiter(2, 60.0, max_keys=10_000, clock=lambda: now[0])
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for n in range(200_000):
        now[0] += 0.0001  # 200,000 addresses within 20 seconds: none has expired yet
        assert limiter.allow(f"10.{n >> 16}.{(n >> 8) & 255}.{n & 255}")
    grown = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    assert len(limiter) == 10_000
    assert grown < 10 * 1024 * 1024  # ~10,000 small deques, not 200,000
    # A key within its window is still limited; expired keys are forgotten as time passes.
    assert limiter.allow("x") and limiter.allow("x") and not limiter.allow("x")
    now[0] += 61
    assert limiter.allow("y") and len(limiter) == 1 and limiter.allow("x")


def test_the_endpoint_comes_back_by_itself_after_postgresql_restarts(forms_file, postgres_server) -> None:
    import psycopg

    name = "restart_uji"
    with psycopg.connect(f"{postgres_server}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    running = start_endpoint(forms_file, f"{postgres_server}/{name}", rate_limit=1000)
    try:
        with httpx.Client(base_url=running.url, timeout=20) as http:
            first = http.post("/api/requests", json=QUESTION)
            assert first.status_code == 201
            restart_postgres(postgres_server)
            answers = [http.get("/api/health").status_code for _ in range(2)]
            assert 500 not in answers and answers[-1] == 200, answers
            second = http.post("/api/requests", json=QUESTION)
            assert second.status_code == 201, second.text
            status = http.get(first.json()["status_url"].replace(running.url, ""))
            assert status.status_code == 200
    finally:
        stop_endpoint(running)


def test_a_database_that_is_down_answers_503_not_500(forms_file, postgres_server) -> None:
    import psycopg

    from tests.endpoint_support import _PG_SERVERS

    name = "down_uji"
    with psycopg.connect(f"{postgres_server}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    running = start_endpoint(forms_file, f"{postgres_server}/{name}", rate_limit=1000)
    prefix, binary, data, _ = _PG_SERVERS[postgres_server]
    try:
        subprocess.run(prefix + [str(binary / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       check=True, capture_output=True)
        with httpx.Client(base_url=running.url, timeout=20) as http:
            down = http.post("/api/requests", json=QUESTION)
            assert down.status_code == 503 and down.headers["retry-after"] and down.json()["message"]
            assert http.get("/api/health").status_code == 503
    finally:
        restart_postgres(postgres_server)
        stop_endpoint(running)


def test_a_person_whose_form_is_too_large_gets_a_page_in_their_language(sqlite_endpoint) -> None:
    form = {"_layanan": "tanya-pustakawan", "_bahasa": "id", "nama": "Siti", "email": "siti@example.id",
            "pertanyaan": "x" * 200_000}
    with httpx.Client(base_url=sqlite_endpoint.url, timeout=20) as http:
        page = http.post("/api/requests", data=form, headers={"Accept": "text/html"})
        assert page.status_code == 413 and page.headers["content-type"].startswith("text/html")
        assert "Isian terlalu panjang" in page.text and '"message"' not in page.text
        script = http.post("/api/requests", json={"service": "tanya-pustakawan",
                                                  "fields": {"pertanyaan": "x" * 200_000}})
        assert script.status_code == 413 and script.json()["message"]
