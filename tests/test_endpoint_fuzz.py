"""Fuzzing the public JSON API over real HTTP: no input may cause a 5xx (hypothesis)."""

from __future__ import annotations

import json
from urllib.parse import quote, urlencode

import httpx
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from tests.endpoint_support import *  # noqa: F401,F403 - fixtures
from tests.endpoint_support import start_endpoint, stop_endpoint

SERVICES = ["peminjaman", "tanya-pustakawan", "reservasi", "umpan-balik", "pendaftaran-kegiatan", "", "../x",
            "tidak-ada"]
FIELD_NAMES = ["nama", "email", "telepon", "item", "cabang_ambil", "pertanyaan", "nilai", "kegiatan", "catatan",
               "nomor_anggota", "website", "__proto__", "x" * 300]
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
                    st.text(max_size=400), st.sampled_from(["angin-selatan-di-tanjung", "pusat", "5", "a@b.id",
                                                             "2026-13-45", "\x00", "０８１２３４５６７"]))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5),
                                                                                              inner, max_size=3),
                      max_leaves=6)
bodies = st.fixed_dictionaries(
    {"service": st.one_of(st.sampled_from(SERVICES), st.text(max_size=30), st.integers(), st.none())},
    optional={"fields": st.one_of(st.dictionaries(st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=20)),
                                                  values, max_size=8), values),
              "lang": st.one_of(st.sampled_from(["id", "en"]), values),
              "website": st.one_of(st.just(""), values)})


@pytest.fixture(scope="module")
def fuzz_endpoint(forms_file, tmp_path_factory):
    running = start_endpoint(forms_file, str(tmp_path_factory.mktemp("fuzz") / "f.db"), rate_limit=0)
    yield running
    stop_endpoint(running)


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(body=bodies)
def test_json_posts_never_cause_a_server_error(fuzz_endpoint, body):
    r = httpx.post(f"{fuzz_endpoint.url}/api/requests", content=json.dumps(body, allow_nan=True),
                   headers={"Content-Type": "application/json"}, timeout=10)
    assert r.status_code < 500, (body, r.text)
    if r.status_code == 201:
        assert fuzz_endpoint.store.request(r.json()["ticket"]) is not None


@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
@given(raw=st.binary(max_size=2000), content_type=st.sampled_from(
    ["application/json", "application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x",
     "application/json; charset=latin-1", ""]))
def test_raw_bodies_never_cause_a_server_error(fuzz_endpoint, raw, content_type):
    r = httpx.post(f"{fuzz_endpoint.url}/api/requests", content=raw, headers={"Content-Type": content_type},
                   timeout=10)
    assert r.status_code < 500, (raw, r.text)


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(ticket=st.text(max_size=40), token=st.text(max_size=60), item=st.text(max_size=300))
def test_status_and_availability_never_cause_a_server_error(fuzz_endpoint, ticket, token, item):
    with httpx.Client(base_url=fuzz_endpoint.url, timeout=10) as http:
        for r in (http.get("/api/status/" + (quote(ticket, safe="") or "x"), params={"token": token}),
                  http.get("/api/availability", params={"item": item}),
                  http.get("/api/seats", params={"event": item})):
            assert r.status_code < 500, r.text


form_values = st.one_of(st.text(max_size=200), st.sampled_from(["", "angin-selatan-di-tanjung", "pusat", "a@b.id",
                                                              "Sitti Nurbaya", "\x00", "０８１２"]))


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(service=st.one_of(st.sampled_from(SERVICES), st.text(max_size=20)),
       lang=st.sampled_from(["id", "en", "", "xx"]),
       fields=st.dictionaries(st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=20)), form_values, max_size=10),
       repeated=st.booleans())
def test_plain_form_posts_never_cause_a_server_error(fuzz_endpoint, service, lang, fields, repeated):
    """The no-JavaScript path: fields the form does not define (a page built before the form
    changed), repeated names, any text; the answer is a page or a redirect, never a 5xx."""
    pairs = [("_layanan", service), ("_bahasa", lang)] + list(fields.items())
    if repeated:
        pairs += list(fields.items())
    r = httpx.post(f"{fuzz_endpoint.url}/api/requests", content=urlencode(pairs).encode(), timeout=10,
                   headers={"Content-Type": "application/x-www-form-urlencoded"}, follow_redirects=False)
    assert r.status_code < 500, (pairs, r.text[:500])
    if r.status_code in (400, 413, 422):
        assert "text/html" in r.headers["content-type"] or r.json()["message"]
