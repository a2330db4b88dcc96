"""Every route of the endpoint, fuzzed from its own OpenAPI document (Schemathesis) over real
HTTP, anonymous and logged in: no input may cause a 5xx. A route missing from the document
fails `test_every_route_is_described`, so nothing escapes the fuzzing."""

from __future__ import annotations

import re

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from starlette.routing import Mount, Route

from generator.endpoint.openapi import OPENAPI
from tests.endpoint_support import *  # noqa: F401,F403 - fixtures
from tests.endpoint_support import add_librarian, start_endpoint, stop_endpoint


@pytest.fixture(scope="module")
def fuzzed(forms_file, tmp_path_factory):
    running = start_endpoint(forms_file, str(tmp_path_factory.mktemp("schemathesis") / "s.db"), rate_limit=0)
    add_librarian(running)
    with httpx.Client(base_url=running.url) as http:  # a request to find, and a session to fuzz with
        http.post("/api/requests", json={"service": "tanya-pustakawan", "fields": {
            "nama": "Uji", "email": "uji@example.id", "pertanyaan": "Apa kabar?"}})
        page = http.get("/dasbor/masuk")
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
        http.post("/dasbor/masuk", data={"username": "sari", "password": "rahasia-sekali", "csrf": csrf})
        running.session = dict(http.cookies)
    yield running
    stop_endpoint(running)


# Loaded from the same document the endpoint serves (checked below), without a server at
# collection time. Schemathesis' own pytest plugin does not run under pytest 9 yet, so each
# operation's Hypothesis strategy is driven here.
SCHEMA = schemathesis.openapi.from_dict(OPENAPI)
OPERATIONS = {result.ok().label: result.ok() for result in SCHEMA.get_all_operations()}


def test_the_served_document_is_the_one_fuzzed(fuzzed) -> None:
    assert httpx.get(f"{fuzzed.url}/api/openapi.json").json() == OPENAPI


@pytest.mark.parametrize("label", sorted(OPERATIONS))
def test_no_route_answers_a_server_error(label: str, fuzzed) -> None:
    operation = OPERATIONS[label]

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(case=operation.as_strategy())
    def run(case) -> None:
        case.call_and_validate(base_url=fuzzed.url, checks=[not_a_server_error])
        case.call_and_validate(base_url=fuzzed.url, checks=[not_a_server_error], cookies=fuzzed.session)

    run()


def test_every_route_is_described(forms_file, tmp_path) -> None:
    from generator.endpoint.app import Settings, create_app

    app = create_app(Settings(forms_path=forms_file, database=str(tmp_path / "d.db"),
                              site_dir=None))
    described = {path: set(ops) for path, ops in OPENAPI["paths"].items()}
    missing = []
    for route in app.routes:
        if isinstance(route, Mount):
            continue  # /oai, present only with a built site: described as /oai/
        assert isinstance(route, Route)
        for method in route.methods or ():
            if method in ("HEAD", "OPTIONS"):
                continue
            if method.lower() not in described.get(route.path, set()):
                missing.append(f"{method} {route.path}")
    assert not missing, f"routes missing from generator/endpoint/openapi.py: {missing}"
