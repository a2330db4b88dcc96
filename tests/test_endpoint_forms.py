"""Form definitions (generator/site/forms.py) and their validation by the endpoint (endpoint/validation.py)."""

from __future__ import annotations

import json
import re

import pytest

from generator.endpoint.validation import load_forms, route, validate
from generator.site.forms import EMAIL_RE, EVENT_REGISTRATION, FEEDBACK, ID_RE, TEL_RE, URL_RE, html_attributes
from tests.endpoint_support import forms_file  # noqa: F401 - fixture


@pytest.fixture(scope="module")
def defs(forms_file):  # noqa: F811
    return load_forms(forms_file)


def test_build_writes_every_service_form_with_steps_sla_and_copies(defs):
    forms = defs["forms"]
    assert {"peminjaman", "tanya-pustakawan", FEEDBACK, EVENT_REGISTRATION} <= set(forms)
    loan = forms["peminjaman"]
    assert loan["loan"] and loan["sla"]["completion"] == {"value": 1, "unit": "business_days"}
    assert [f["name"] for f in loan["fields"]][:2] == ["nomor_anggota", "nama"]
    assert loan["steps"][0]["name"]["en"] == "Request received"
    assert {"barcode", "branch", "status"} <= set(defs["items"]["angin-selatan-di-tanjung"]["copies"][0])
    # Services without a branch field get one so that a request reaches the right desk.
    assert any(f["name"] == "cabang" and f["type"] == "branch" for f in forms["tanya-pustakawan"]["fields"])
    json.dumps(defs)  # plain JSON all the way down


def test_valid_submission_is_cleaned_and_routed(defs):
    clean, errors = validate(defs, "peminjaman", {
        "nomor_anggota": " TL-2024-01234 ", "nama": "Budi", "telepon": "+62 812-3456-7890",
        "item": "angin-selatan-di-tanjung", "cabang_ambil": "pusat"})
    assert errors == {} and clean["nomor_anggota"] == "TL-2024-01234"
    assert route(defs, "peminjaman", clean) == "pusat"
    no_branch = {"nama": "A", "pertanyaan": "?"}
    assert route(defs, "tanya-pustakawan", validate(defs, "tanya-pustakawan", no_branch)[0]) is None


def test_every_problem_is_reported_at_once(defs):
    _, errors = validate(defs, "peminjaman", {"nama": 5, "telepon": "abc", "item": "x", "cabang_ambil": [],
                                              "ekstra": "1"})
    assert set(errors) == {"nomor_anggota", "telepon", "item", "cabang_ambil", "ekstra"}
    assert errors["telepon"] == "bukan nomor telepon yang benar"


@pytest.mark.parametrize("field, value, ok", [
    ("email", "siti@example.id", True), ("email", "siti@", False), ("email", "a b@c.id", False),
    ("pertanyaan", "x" * 2000, True), ("pertanyaan", "x" * 2001, False), ("pertanyaan", "a\x00b", False),
])
def test_field_rules(defs, field, value, ok):
    values = {"nama": "A", "pertanyaan": "?", field: value}
    assert (field not in validate(defs, "tanya-pustakawan", values)[1]) is ok


def test_feedback_rating_must_be_one_of_the_choices(defs):
    assert validate(defs, FEEDBACK, {"nilai": "5"})[1] == {}
    assert "nilai" in validate(defs, FEEDBACK, {"nilai": "6"})[1]


def test_html_attributes_carry_the_server_rules(defs):
    fields = {f["name"]: f for f in defs["forms"]["peminjaman"]["fields"]}
    assert html_attributes(fields["telepon"]) == {"required": True, "maxlength": 300, "pattern": TEL_RE}
    assert html_attributes(fields["catatan"]) == {"maxlength": 500}
    assert html_attributes(fields["cabang_ambil"]) == {"required": True}


SAMPLES = ["siti@example.id", "a@b", "+62 812-3456-7890", "(0431) 123.456", "abc", "https://x.id/a b",
           "http://x.id/", "babad-tanah-jawi", "Babad", "-x", "", "08123", "0812345678901234567890123456"]


@pytest.mark.browser
def test_browser_reads_each_pattern_as_the_server_does(page):
    """The page's `pattern` attribute is compiled with the "v" flag: the meaning must not change."""
    for pattern in (EMAIL_RE, TEL_RE, URL_RE, ID_RE):
        in_browser = page.evaluate("""([p, samples]) => samples.map(s => {
            const input = document.createElement('input'); input.pattern = p; input.value = s;
            return s === '' ? null : !input.validity.patternMismatch; })""", [pattern, SAMPLES])
        for sample, accepted in zip(SAMPLES, in_browser):
            if sample:
                assert accepted == bool(re.fullmatch(pattern, sample)), (pattern, sample)


@pytest.mark.parametrize(("site_url", "endpoint", "advised"), [
    ("https://perpustakaan.example/", "http://127.0.0.1:8001", True),
    ("https://org.github.io/library/", "http://localhost:8001/", True),
    ("https://perpustakaan.example/", "https://layanan.perpustakaan.example", False),
    ("http://127.0.0.1:8000/", "http://127.0.0.1:8001", False),  # the local preview
    ("", "http://127.0.0.1:8001", False),
])
def test_a_public_site_posting_to_the_loopback_endpoint_is_told_which_option_to_set(site_url, endpoint, advised):
    from generator.site.forms import endpoint_advice

    advice = endpoint_advice(site_url, endpoint)
    assert bool(advice) == advised
    if advised:
        assert "`endpoint:`" in advice and "mkdocs.yml" in advice and site_url in advice


def test_the_build_says_it_at_info_level_so_strict_builds_pass(caplog, tmp_path):
    import logging

    from mkdocs.config import load_config

    from tests.endpoint_support import ROOT

    config = load_config(str(ROOT / "mkdocs.yml"), site_url="https://org.github.io/library/",
                         site_dir=str(tmp_path / "site"))
    from generator.plugin import log

    with caplog.at_level(logging.INFO, logger=log.name):
        config.plugins["pustaka"].on_config(config)
    advice = [r for r in caplog.records if "`endpoint:`" in r.getMessage()]
    assert len(advice) == 1 and advice[0].levelno == logging.INFO


def test_the_site_time_zone_reaches_the_endpoint_clock(tmp_path, forms_file):  # noqa: F811
    from generator.endpoint import render
    from generator.endpoint.app import Endpoint, Settings

    data = json.loads(forms_file.read_text())
    assert data["timezone"] == "Asia/Jakarta"  # the plugin's default
    data["timezone"] = "Asia/Makassar"  # as `timezone:` in mkdocs.yml writes it
    makassar = tmp_path / "forms.json"
    makassar.write_text(json.dumps(data))
    endpoint = Endpoint(Settings(forms_path=makassar, database=str(tmp_path / "a.db")))
    assert str(endpoint.calendar.zone) == "Asia/Makassar" and render.zone == "Asia/Makassar"
    endpoint.store.close()
    chosen = Endpoint(Settings(forms_path=makassar, database=str(tmp_path / "b.db"), timezone="Asia/Jayapura"))
    assert str(chosen.calendar.zone) == "Asia/Jayapura"  # `pustaka endpoint --timezone` wins
    chosen.store.close()
    render.zone = "Asia/Jakarta"
