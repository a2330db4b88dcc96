"""OAI-PMH: a real harvester (Sickle) over real HTTP harvests every record through
resumption tokens; the protocol's errors; and every response and the Static Repository
file validate against the OAI-PMH schemas (tests/fixtures/xsd, offline)."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Iterator

import httpx
import pytest
import uvicorn
from lxml import etree
from sickle import Sickle
from sickle import oaiexceptions

from generator.oai.app import create_app

from .projects import MKDOCS_YML, make_project

ROOT = Path(__file__).resolve().parent.parent
XSD = ROOT / "tests/fixtures/xsd"
OAI = "{http://www.openarchives.org/OAI/2.0/}"
DC = "{http://purl.org/dc/elements/1.1/}"
ITEMS = 23
PAGE_SIZE = 5


def _schema() -> etree.XMLSchema:
    """Every namespace the responses use, imported from the local schema files."""
    imports = {"http://www.openarchives.org/OAI/2.0/": "oai-record.xsd",
               "http://www.openarchives.org/OAI/2.0/static-repository": "static-repository.xsd",
               "http://www.openarchives.org/OAI/2.0/oai_dc/": "oai_dc.xsd",
               "http://www.openarchives.org/OAI/2.0/oai-identifier": "oai-identifier.xsd"}
    lines = ['<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">']
    lines += [f'<xs:import namespace="{ns}" schemaLocation="{(XSD / name).as_uri()}"/>' for ns, name in imports.items()]
    lines.append("</xs:schema>")
    return etree.XMLSchema(etree.fromstring("\n".join(lines).encode(), base_url=XSD.as_uri() + "/"))


SCHEMA = _schema()


def assert_valid(xml: bytes) -> etree._Element:
    doc = etree.fromstring(xml)
    if not SCHEMA.validate(doc):
        raise AssertionError("\n".join(str(e) for e in SCHEMA.error_log[:10]))
    return doc


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    files = {"mkdocs.yml": MKDOCS_YML + "      admin_email: pustakawan@uji.example\n"}
    for n in range(ITEMS):
        kind = ("book", "thesis", "article")[n % 3]
        extra = {"thesis": "institution: Universitas Uji\n", "article": "journal: {title: Jurnal Uji, volume: '3'}\n",
                 "book": "collections: [Koleksi Lokal]\n"}[kind]
        files[f"collection/items/karya-{n:02d}.yml"] = (
            f"type: {kind}\ntitle: 'Karya nomor {n} & <lainnya>'\ncreators: [Penulis {n}]\ndate: {1990 + n}\n"
            f"added: 2026-0{1 + n % 9}-15\nsubjects: [Uji, 'Subjek {n % 4}']\n{extra}")
    project = make_project(tmp_path_factory.mktemp("oai"), files)
    result = subprocess.run([sys.executable, "-m", "generator.cli", "build", "--site-dir", "out"], cwd=project,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return project / "out"


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    """The OAI app served by uvicorn on a free loopback port, in a thread."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(site, page_size=PAGE_SIZE), host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "the OAI server did not start"
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}/"
    server.should_exit = True
    thread.join(5)


def test_sickle_harvests_every_record_through_resumption_tokens(base_url: str) -> None:
    sickle = Sickle(base_url, max_retries=0)
    records = list(sickle.ListRecords(metadataPrefix="oai_dc"))
    identifiers = [r.header.identifier for r in records]
    assert len(identifiers) == len(set(identifiers)) == ITEMS + 1  # and the base project's item
    assert sorted(identifiers) == sorted([f"oai:uji.example:karya-{n:02d}" for n in range(ITEMS)]
                                         + ["oai:uji.example:hikayat-uji"])
    first = next(r for r in records if r.header.identifier.endswith("karya-04"))
    assert first.metadata["title"] == ["Karya nomor 4 & <lainnya>"]
    assert first.metadata["creator"] == ["Penulis 4"]
    assert first.metadata["date"] == ["1994"]
    assert "https://uji.example/perpustakaan/katalog/karya-04.html" in first.metadata["identifier"]
    assert first.header.datestamp == "2026-05-15"
    headers = list(sickle.ListIdentifiers(metadataPrefix="oai_dc"))
    assert sorted(h.identifier for h in headers) == sorted(identifiers)


def test_pages_really_use_resumption_tokens(base_url: str) -> None:
    first = assert_valid(httpx.get(base_url, params={"verb": "ListRecords", "metadataPrefix": "oai_dc"}).content)
    assert len(first.findall(f"{OAI}ListRecords/{OAI}record")) == PAGE_SIZE
    token = first.find(f"{OAI}ListRecords/{OAI}resumptionToken")
    assert token.get("completeListSize") == str(ITEMS + 1) and token.get("cursor") == "0" and token.text
    seen, pages = 0, 0
    while token is not None and token.text:
        page = assert_valid(httpx.get(base_url, params={"verb": "ListRecords", "resumptionToken": token.text}).content)
        seen += len(page.findall(f"{OAI}ListRecords/{OAI}record"))
        token = page.find(f"{OAI}ListRecords/{OAI}resumptionToken")
        pages += 1
    assert seen + PAGE_SIZE == ITEMS + 1 and pages == 4
    assert token is not None and not token.text  # the last page ends the list with an empty token


def test_every_verb_answers_valid_oai_pmh(base_url: str) -> None:
    sickle = Sickle(base_url, max_retries=0)
    identify = sickle.Identify()
    assert identify.repositoryName == "Perpustakaan Uji"
    assert identify.adminEmail == "pustakawan@uji.example"
    assert identify.granularity == "YYYY-MM-DD" and identify.protocolVersion == "2.0"
    formats = [f.metadataPrefix for f in sickle.ListMetadataFormats()]
    assert formats == ["oai_dc"]
    sets = {s.setSpec: s.setName for s in sickle.ListSets()}
    assert {"type:book", "type:thesis", "type:article", "collection:koleksi-lokal"} <= set(sets)
    in_set = list(sickle.ListIdentifiers(metadataPrefix="oai_dc", set="type:thesis"))
    assert sorted(h.identifier for h in in_set) == [f"oai:uji.example:karya-{n:02d}" for n in range(1, ITEMS, 3)]
    assert all("type:thesis" in h.setSpecs for h in in_set)
    dated = list(sickle.ListIdentifiers(**{"metadataPrefix": "oai_dc", "from": "2026-09-01", "until": "2026-09-30"}))
    assert sorted(h.identifier for h in dated) == [f"oai:uji.example:karya-{n:02d}" for n in range(ITEMS) if n % 9 == 8]
    record = sickle.GetRecord(identifier="oai:uji.example:karya-01", metadataPrefix="oai_dc")
    assert record.metadata["title"] == ["Karya nomor 1 & <lainnya>"]
    assert record.metadata["publisher"] == ["Universitas Uji"]
    for params in ({"verb": "Identify"}, {"verb": "ListMetadataFormats"}, {"verb": "ListSets"},
                   {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"},
                   {"verb": "GetRecord", "identifier": "oai:uji.example:karya-01", "metadataPrefix": "oai_dc"},
                   {"verb": "ListMetadataFormats", "identifier": "oai:uji.example:karya-01"}):
        assert_valid(httpx.get(base_url, params=params).content)
        assert_valid(httpx.post(base_url, data=params).content)  # OAI-PMH allows POST too


@pytest.mark.parametrize("params, code", [
    ({}, "badVerb"),
    ({"verb": "Ambil"}, "badVerb"),
    ({"verb": "ListRecords"}, "badArgument"),
    ({"verb": "Identify", "set": "x"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "kemarin"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2026-01-01T00:00:00Z"}, "badArgument"),
    ({"verb": "GetRecord", "identifier": "oai:uji.example:tidak-ada", "metadataPrefix": "oai_dc"}, "idDoesNotExist"),
    ({"verb": "GetRecord", "identifier": "oai:uji.example:karya-01", "metadataPrefix": "marc21"},
     "cannotDisseminateFormat"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2099-01-01"}, "noRecordsMatch"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "type:video"}, "noRecordsMatch"),
    ({"verb": "ListRecords", "resumptionToken": "bukan-token"}, "badResumptionToken"),
    ({"verb": "ListRecords", "resumptionToken": "x", "metadataPrefix": "oai_dc"}, "badArgument"),
    ({"verb": "ListMetadataFormats", "identifier": "oai:uji.example:tidak-ada"}, "idDoesNotExist"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2024-02-30"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "until": "2024-13-45"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2023-02-29"}, "badArgument"),
    ({"verb": "GetRecord", "identifier": "oai:uji\x00", "metadataPrefix": "oai_dc"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc\x01"}, "badArgument"),
    ({"verb": "Identify", "x\x00": "1"}, "badArgument"),
])
def test_errors_are_oai_errors(base_url: str, params: dict, code: str) -> None:
    response = httpx.get(base_url, params=params)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/xml")
    doc = assert_valid(response.content)
    assert [e.get("code") for e in doc.findall(f"{OAI}error")] == [code]


def test_a_leap_day_is_a_date(base_url: str) -> None:
    response = httpx.get(base_url, params={"verb": "ListIdentifiers", "metadataPrefix": "oai_dc",
                                           "from": "2024-02-29"})
    assert [e.get("code") for e in assert_valid(response.content).findall(f"{OAI}error")] in ([], ["noRecordsMatch"])


def test_raw_control_bytes_and_big_or_odd_posts_are_answered(base_url: str) -> None:
    for query in ("verb=GetRecord&metadataPrefix=oai_dc&identifier=%00", "verb=Identify&%01=x"):
        response = httpx.get(f"{base_url}?{query}")
        assert response.status_code == 200, query
        assert assert_valid(response.content).find(f"{OAI}error").get("code") == "badArgument"
    # An encoded lone surrogate arrives as U+FFFD: an unknown identifier, answered as such.
    response = httpx.get(f"{base_url}?verb=GetRecord&metadataPrefix=oai_dc&identifier=%ED%A0%80")
    assert assert_valid(response.content).find(f"{OAI}error").get("code") == "idDoesNotExist"
    big = httpx.post(base_url, content=b"verb=Identify&x=" + b"a" * 100_000,
                     headers={"content-type": "application/x-www-form-urlencoded"})
    assert big.status_code == 413
    odd = httpx.post(base_url, content=b"{}", headers={"content-type": "application/json"})
    assert odd.status_code == 415


def test_a_repeated_argument_is_bad(base_url: str) -> None:
    response = httpx.get(base_url + "?verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc")
    assert assert_valid(response.content).find(f"{OAI}error").get("code") == "badArgument"


def test_sickle_sees_errors_as_oai_exceptions(base_url: str) -> None:
    sickle = Sickle(base_url, max_retries=0)
    with pytest.raises(oaiexceptions.IdDoesNotExist):
        sickle.GetRecord(identifier="oai:uji.example:tidak-ada", metadataPrefix="oai_dc")
    with pytest.raises(oaiexceptions.CannotDisseminateFormat):
        sickle.ListRecords(metadataPrefix="mods")


def test_the_static_repository_validates(site: Path) -> None:
    doc = assert_valid((site / "oai/static-repository.xml").read_bytes())
    sr = "{http://www.openarchives.org/OAI/2.0/static-repository}"
    assert doc.tag == f"{sr}Repository"
    assert doc.findtext(f"{sr}Identify/{OAI}baseURL") == "https://uji.example/perpustakaan/oai/static-repository.xml"
    assert doc.findtext(f"{sr}Identify/{OAI}adminEmail") == "pustakawan@uji.example"
    records = doc.findall(f"{sr}ListRecords/{OAI}record")
    assert len(records) == ITEMS + 1
    assert not doc.findall(f".//{OAI}setSpec"), "static repositories have no sets"
    titles = {r.findtext(f"{OAI}metadata/*/{DC}title") for r in records}
    assert "Karya nomor 7 & <lainnya>" in titles


def test_the_sample_librarys_static_repository_validates(built_sample_site: Path) -> None:
    doc = assert_valid((built_sample_site / "oai/static-repository.xml").read_bytes())
    assert len(doc.findall(".//{http://www.openarchives.org/OAI/2.0/}record")) == len(
        list((ROOT / "collection/items").glob("*.yml")))


def test_schemas_reject_what_they_should(site: Path) -> None:
    # The local schemas are not a rubber stamp: a record without a datestamp fails.
    doc = etree.fromstring((site / "oai/static-repository.xml").read_bytes())
    stamp = doc.find(f".//{OAI}datestamp")
    stamp.getparent().remove(stamp)
    assert not SCHEMA.validate(doc)
    doc = etree.fromstring((site / "oai/static-repository.xml").read_bytes())
    doc.find(f".//{DC}title").tag = "{http://purl.org/dc/elements/1.1/}judul"
    assert not SCHEMA.validate(doc)


def test_pustaka_endpoint_serves_oai_pmh_at_oai(site: Path, tmp_path: Path) -> None:
    """`pustaka endpoint --site-dir site` is the harvesters' live base URL: …/oai/."""
    from .endpoint_support import start_endpoint, stop_endpoint

    running = start_endpoint(site / "assets/pustaka/forms.json", str(tmp_path / "requests.db"), site_dir=site)
    try:
        sickle = Sickle(f"{running.url}/oai/", max_retries=0)
        identifiers = [r.header.identifier for r in sickle.ListRecords(metadataPrefix="oai_dc")]
        assert len(identifiers) == ITEMS + 1
        identify = assert_valid(httpx.get(f"{running.url}/oai/", params={"verb": "Identify"}).content)
        assert identify.findtext(f"{OAI}Identify/{OAI}baseURL") == f"{running.url}/oai/"
    finally:
        stop_endpoint(running)
    # without a built catalogue there is no /oai, and the rest of the endpoint still works
    bare = start_endpoint(site / "assets/pustaka/forms.json", str(tmp_path / "other.db"), site_dir=tmp_path)
    try:
        assert httpx.get(f"{bare.url}/oai/", params={"verb": "Identify"}).status_code == 404
        assert httpx.get(f"{bare.url}/api/health").status_code == 200
    finally:
        stop_endpoint(bare)
