"""Importers, format by format: realistic exports with their quirks become clean item fields."""

from __future__ import annotations

import http.server
import threading
from pathlib import Path

import pymarc
import pytest

from generator.importers import csvmap, marc, mods, oai, slims
from generator.importers.common import Draft, clean, clean_identifier_field, direct_name, fix_text, language_codes, \
    parse_year
from generator.importers.registry import BranchMap

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
BRANCHES = BranchMap({"Perpustakaan Pusat": "pusat", "Pojok Baca Kelurahan": "pojok"}, default="pusat")


def cleaned(drafts: list[Draft]) -> dict[str, tuple[dict, Draft]]:
    return {d.source_id: (clean(d), d) for d in drafts}


# --- cleaning ---------------------------------------------------------------------------

def test_mojibake_is_repaired() -> None:
    assert fix_text("Sejarah KebudayaÃ¡n") == "Sejarah Kebudayaán"
    assert fix_text("Pendidikan Karakter â€“ Sebuah Pengantar") == "Pendidikan Karakter – Sebuah Pengantar"
    assert fix_text("  Hikayat Hang Tuah ") == "Hikayat Hang Tuah"


@pytest.mark.parametrize("raw, year", [("1985", 1985), ("[1985?]", 1985), ("c1985", 1985), ("cet. 2, 1990", 1990),
                                       ("1920-1925", "1920/1925"), ("2020-08-14", "2020-08-14"), ("[19--]", None),
                                       ("s.a.", None)])
def test_years_as_catalogues_write_them(raw: str, year: object) -> None:
    assert parse_year(raw)[0] == year


@pytest.mark.parametrize("raw, name", [("Toer, Pramoedya Ananta", "Pramoedya Ananta Toer"), ("Hamka", "Hamka"),
                                       ("Mihardja, Achdiat K.,", "Achdiat K. Mihardja"),
                                       ("Soekarno, 1901-1970", "Soekarno"),
                                       ("Badan Informasi Geospasial", "Badan Informasi Geospasial")])
def test_names_are_shown_in_direct_order(raw: str, name: str) -> None:
    assert direct_name(raw) == name


def test_isbns_are_normalised_and_invalid_ones_kept_in_notes() -> None:
    draft = Draft("x", "row 1")
    clean_identifier_field(draft, "979 407 170 6")
    assert draft.fields["identifiers"] == {"isbn": "9794071706"}
    bad = Draft("y", "row 2")
    clean_identifier_field(bad, "978-602-8087-65-1")
    assert "isbn" not in bad.fields["identifiers"]
    assert bad.fields["notes"] == ["ISBN tidak valid: 978-602-8087-65-1"]
    assert [n.action for n in bad.notes] == ["skipped"] and bad.notes[0].where == "row 2"
    issn = Draft("z", "row 3")
    clean_identifier_field(issn, "ISSN 2301-7228")
    assert issn.fields["identifiers"] == {"issn": "2301-7228"}
    clean_identifier_field(issn, "1234-5678")
    assert issn.fields["notes"] == ["ISSN tidak valid: 1234-5678"]


def test_language_names_become_iso_codes() -> None:
    draft = Draft("x", "row 1")
    assert language_codes(draft, "Bahasa Indonesia") == ["id"]
    assert language_codes(draft, ["Inggris", "english", "Jawa", "ind"]) == ["en", "jv", "id"]
    assert language_codes(draft, "Klingon") == []
    assert draft.fields["notes"] == ["Bahasa: Klingon"]


def test_values_too_long_for_their_field_are_shortened_and_kept_whole() -> None:
    draft = Draft("x", "row 9", {"title": "Hikayat", "collation": "x" * 400})
    record = clean(draft)
    assert len(record["collation"]) == 300 and record["collation"].endswith("…")
    assert record["notes"] == ["collation (lengkap): " + "x" * 400]
    assert draft.notes[0].action == "repaired" and draft.notes[0].where == "row 9"


# --- SLiMS ------------------------------------------------------------------------------

def test_slims_csv_export_joined_with_items() -> None:
    copies = slims.read_items([FIXTURES / "slims-items.csv"])
    records = cleaned(slims.biblio_drafts(FIXTURES / "slims-biblio.csv", copies, branches=BRANCHES))
    assert len(records) == 8
    record, draft = records["item:B00101"]
    assert record["title"] == "Sejarah Minahasa" and record["subtitle"] == "dari masa prasejarah hingga kemerdekaan"
    assert record["creators"] == [{"name": "Wulan Rondonuwu"}, {"name": "Yohana Sumampouw"}]  # repeated once
    assert record["date"] == 1985 and record["language"] == "id"
    assert record["description"] == ("Buku ini membahas sejarah tanah Minahasa.\n"
                                     "Bab terakhir memuat daftar walak dan pemimpinnya.")
    assert record["identifiers"] == {"isbn": "9786020300122", "call_number": "959.841 RON s"}
    assert record["copies"] == [
        {"branch": "pusat", "call_number": "959.841 RON s", "barcode": "B00101", "status": "available",
         "note": "Tipe koleksi: Umum"},
        {"branch": "pojok", "call_number": "959.841 RON s", "barcode": "B00102", "status": "in-repair",
         "note": "Tipe koleksi: Umum"}]
    assert "Klasifikasi: 959.841" in record["notes"]
    assert draft.cover == "sejarah-minahasa.jpg"
    assert records["item:B00201"][0]["title"] == "Pendidikan Karakter – Sebuah Pengantar"
    assert records["item:B00201"][0]["copies"][0]["status"] == "reference-only"  # a reference collection
    dutch = records["item:B00301"][0]
    assert dutch["creators"] == [{"name": "Hans Müller"}] and dutch["date"] == "1920/1925" and dutch["language"] == "nl"
    thesis = records["item:B00401"][0]
    assert thesis["type"] == "thesis" and thesis["subjects"] == ["Literasi informasi"]
    assert "ISBN tidak valid: 978-602-8087-65-1" in thesis["notes"]
    artefact, artefact_draft = records["item:B00501"]
    assert artefact["type"] == "other" and "Jenis bahan (GMD): Artefak" in artefact["notes"]
    assert artefact["copies"][0]["branch"] == "pusat"
    assert "Lokasi asal: Gudang Arsip" in artefact["copies"][0]["note"]
    assert "Status asal: Dalam Karantina" in artefact["copies"][0]["note"]
    assert {n.field for n in artefact_draft.notes} >= {"type", "copies.branch", "copies.status"}
    assert records["item:B00601"][0]["type"] == "map" and records["item:B00601"][0]["copies"][0]["status"] == "lost"
    english = records["item:B00801"][0]
    assert english["language"] == "en" and english["creators"][1] == {"name": "Perpustakaan Nasional RI"}


def test_slims_export_without_header_with_commas_and_escaped_newlines(tmp_path: Path) -> None:
    export = tmp_path / "biblio.csv"
    export.write_text("'Babad Bitung','Naskah','','','','[1890?]','45 lembar','','','Jawa','Bitung','','Baris satu\\n"
                      "baris dua','','','<Anonim>','<Babad><Sejarah lokal>','<N001>'\n"
                      "'Hikayat Lain','Text','','','','1901','','','','Melayu','','','','','','','',''\n",
                      encoding="utf-8")
    records = cleaned(slims.biblio_drafts(export, {}, branches=BranchMap(default="pusat")))
    record = records["item:N001"][0]
    assert record["type"] == "manuscript" and record["date"] == 1890 and record["language"] == "jv"
    assert record["description"] == "Baris satu\nbaris dua"
    assert record["subjects"] == ["Babad", "Sejarah lokal"]
    assert record["copies"] == [{"branch": "pusat", "barcode": "N001", "status": "available"}]
    assert records["title:hikayat-lain:1901"][0]["language"] == "ms"


def test_copies_without_a_branch_are_kept_in_notes() -> None:
    records = cleaned(slims.biblio_drafts(FIXTURES / "slims-biblio.csv", {}, branches=None))
    record, draft = records["item:B00101"]
    assert "copies" not in record
    assert "Eksemplar tanpa cabang: B00101" in record["notes"]


# --- MODS -------------------------------------------------------------------------------

def test_slims_mods_xml() -> None:
    records = cleaned(mods.drafts(FIXTURES / "slims-mods.xml", branches=BRANCHES))
    record, draft = records["mods:412"]
    assert record["title"] == "Cerita Rakyat Sulawesi Utara"
    assert record["subtitle"] == "kumpulan dongeng Minahasa dan Sangihe"
    assert record["creators"] == [{"name": "Anita Walangitan"}]
    assert record["contributors"] == [{"name": "Yohana Sumampouw", "role": "editor"}]
    assert record["date"] == 2003 and record["series"] == "Seri Cerita Rakyat"
    assert record["identifiers"]["isbn"] == "9786028087650" and record["identifiers"]["slims_id"] == "412"
    assert [c["branch"] for c in record["copies"]] == ["pusat", "pojok"]
    assert draft.cover == "cerita-rakyat.jpg"
    video, video_draft = records["mods:415"]
    assert video["type"] == "video" and video["date"] == 2011
    assert video["copies"][0]["note"] == "Lokasi asal: Ruang Audio Visual"


# --- MARC -------------------------------------------------------------------------------

def _check_marc(records: dict[str, tuple[dict, Draft]]) -> None:
    atheis, draft = records["marc:INLIS000000000012345"]
    assert atheis["title"] == "Atheis" and atheis["subtitle"] == "roman"
    assert atheis["creators"] == [{"name": "Achdiat K. Mihardja"}]
    assert atheis["date"] == 1993 and atheis["publisher"] == "Balai Pustaka" and atheis["place"] == "Jakarta"
    assert atheis["identifiers"]["isbn"] == "9794071706"
    assert atheis["identifiers"]["call_number"] == "899.221 3 MIH a"
    assert atheis["subjects"] == ["Fiksi Indonesia", "Novel -- Sejarah dan kritik"]
    assert atheis["series"] == "Seri BP ; no. 1187"
    assert [(c["branch"], c["barcode"], c["status"]) for c in atheis["copies"]] == [
        ("pusat", "M000123", "available"), ("pojok", "M000124", "in-repair")]
    assert any(n.startswith("MARC 246:") for n in atheis["notes"])  # a field without a place is kept
    thesis = records["marc:SKR-2018-077"][0]
    assert thesis["type"] == "thesis" and thesis["degree"] == "Skripsi (S1)" and thesis["date"] == 2018
    assert thesis["contributors"] == [{"name": "Meiske Rondonuwu", "role": "supervisor"}]
    assert thesis["language"] == "id"
    assert "Tautan: https://repo.example.ac.id/handle/123/77" in thesis["notes"]
    peta, peta_draft = records["marc:PETA-0009"]
    assert peta["type"] == "map" and peta["language"] == ["id", "en"]
    assert "isbn" not in peta["identifiers"] and "ISBN tidak valid: ISBN 978 979 461 234 0" in peta["notes"]
    assert peta["copies"] == [{"branch": "pusat", "call_number": "912.598", "barcode": "P0009",
                               "status": "available", "note": "Lokasi asal: Gudang Peta"}]


def test_marcxml() -> None:
    drafts, _ = marc.drafts(FIXTURES / "catalogue.marcxml", xml=True, branches=BRANCHES)
    _check_marc(cleaned(drafts))


def marc_binary(path: Path) -> Path:
    """The MARCXML fixture written as ISO 2709, as library systems export it."""
    with path.open("wb") as fh:
        writer = pymarc.MARCWriter(fh)
        for record in pymarc.parse_xml_to_array(str(FIXTURES / "catalogue.marcxml")):
            record.leader = record.leader[:9] + "a" + record.leader[10:]  # UTF-8
            writer.write(record)
        writer.close(close_fh=False)
    return path


def test_binary_marc(tmp_path: Path) -> None:
    drafts, _ = marc.drafts(marc_binary(tmp_path / "katalog.mrc"), xml=False, branches=BRANCHES)
    _check_marc(cleaned(drafts))


# --- OAI-PMH ----------------------------------------------------------------------------

def _check_oai(records: dict[str, tuple[dict, Draft]]) -> None:
    thesis = records["oai:oai:repo.example.ac.id:123/45"][0]
    assert thesis["type"] == "thesis" and thesis["creators"] == [{"name": "Ruth Makagansa"}]
    assert thesis["subjects"] == ["Tradisi lisan", "Sangihe"] and thesis["date"] == "2020-08-14"
    assert thesis["identifiers"]["doi"] == "10.31227/osf.io/abcd1" and thesis["language"] == "id"
    assert "dc:format: application/pdf" in thesis["notes"]
    journal = records["oai:oai:repo.example.ac.id:123/46"][0]
    assert journal["type"] == "periodical" and journal["identifiers"]["issn"] == "2301-7228"
    assert journal["language"] == ["id", "en"] and journal["date"] == "2016/2024"
    photo = records["oai:oai:repo.example.ac.id:123/47"][0]
    assert photo["type"] == "photo" and "date" not in photo and "Tahun terbit: [195-?]" in photo["notes"]


def test_oai_dc_files() -> None:
    drafts, deleted = [], []
    for page in ("oai-page1.xml", "oai-page2.xml"):
        got, gone = oai.drafts(page, (FIXTURES / page).read_bytes())
        drafts += got
        deleted += gone
    assert deleted == ["oai:repo.example.ac.id:123/40"]
    _check_oai(cleaned(drafts))


class _OAIHandler(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802
        _OAIHandler.requests.append(self.path)
        page = "oai-page2.xml" if "resumptionToken=oai_dc" in self.path else "oai-page1.xml"
        body = (FIXTURES / page).read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "text/xml; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def oai_server() -> str:
    _OAIHandler.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _OAIHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/oai"
    server.shutdown()
    server.server_close()


def test_oai_harvest_follows_resumption_tokens(oai_server: str) -> None:
    pages = oai.harvest(oai_server)
    assert len(pages) == 2
    assert _OAIHandler.requests == ["/oai?verb=ListRecords&metadataPrefix=oai_dc",
                                    "/oai?verb=ListRecords&resumptionToken=oai_dc%2F%2F%2F%2F2"]
    drafts = [d for label, body in pages for d in oai.drafts(label, body)[0]]
    _check_oai(cleaned(drafts))


# --- spreadsheets -----------------------------------------------------------------------

def _check_sheet(records: dict[str, tuple[dict, Draft]]) -> None:
    first = records["row:SD-0001"][0]
    assert first["creators"] == [{"name": "Sari Dewi"}, {"name": "Budi Santoso"}]
    assert first["identifiers"] == {"isbn": "9786237361008", "call_number": "372.4 SAR a"}
    assert first["copies"] == [{"branch": "pusat", "barcode": "SD-0001", "status": "available",
                                "note": "Sampul sobek\nperlu dijilid"}]
    assert "Sumber: Hibah BOS 2018" in first["notes"]  # a column the mapping does not name
    second = records["row:SD-0002"][0]
    assert second["date"] == 2010 and second["copies"][0]["branch"] == "pojok"
    third = records["row:SD-0003"][0]
    assert third["type"] == "map" and third["date"] == 2005 and "ISBN tidak valid: 12345" in third["notes"]


def test_csv_with_a_mapping_file() -> None:
    mapping = csvmap.load_mapping(FIXTURES / "buku-sekolah.mapping.yml")
    _check_sheet(cleaned(csvmap.drafts(FIXTURES / "buku-sekolah.csv", mapping, branches=BRANCHES)))


def xlsx_copy(path: Path) -> Path:
    import csv

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    with (FIXTURES / "buku-sekolah.csv").open(encoding="utf-8") as fh:
        for row in csv.reader(fh):
            sheet.append(row)
    book.save(path)
    return path


def test_xlsx_with_a_mapping_file(tmp_path: Path) -> None:
    mapping = csvmap.load_mapping(FIXTURES / "buku-sekolah.mapping.yml")
    _check_sheet(cleaned(csvmap.drafts(xlsx_copy(tmp_path / "buku.xlsx"), mapping, branches=BRANCHES)))


def test_a_bad_mapping_is_explained(tmp_path: Path) -> None:
    from generator.exceptions import PustakaError

    bad = tmp_path / "m.yml"
    bad.write_text("id: No\nfields:\n  judul: Judul\n", encoding="utf-8")
    with pytest.raises(PustakaError, match='"judul" is not an item field'):
        csvmap.load_mapping(bad)
