"""`pustaka import` end to end: import into a project, validate, build, import again, keep librarians' edits."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from PIL import Image

from .projects import BRANCH, make_project
from .test_build import pustaka
from .test_importers import FIXTURES, _OAIHandler, marc_binary, oai_server, xlsx_copy  # noqa: F401

POJOK = BRANCH.replace("Perpustakaan Pusat", "Pojok Baca Kelurahan").replace("kind: main", "kind: reading-corner")
SLIMS = ["import", "slims", str(FIXTURES / "slims-biblio.csv"), "--items-csv", str(FIXTURES / "slims-items.csv"),
         "--branch-map", str(FIXTURES / "branch-map.yml"), "--default-branch", "pusat"]


def new_project(root: Path) -> Path:
    return make_project(root, {"collection/branches/pojok.yml": POJOK})


def covers(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (60, 90), (30, 110, 60)).save(folder / "sejarah-minahasa.jpg", quality=80)
    return folder


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A project with every format imported, validated and built once."""
    project = new_project(tmp_path_factory.mktemp("impor"))
    outputs = {}
    outputs["slims"] = pustaka(project, *SLIMS, "--covers", str(covers(project.parent / "sampul")),
                               "--report", "laporan.json").stdout
    common = ["--branch-map", str(FIXTURES / "branch-map.yml"), "--default-branch", "pusat"]
    outputs["mods"] = pustaka(project, "import", "mods", str(FIXTURES / "slims-mods.xml"), *common).stdout
    outputs["marcxml"] = pustaka(project, "import", "marcxml", str(FIXTURES / "catalogue.marcxml"), *common).stdout
    outputs["oai"] = pustaka(project, "import", "oai", str(FIXTURES / "oai-page1.xml"),
                             str(FIXTURES / "oai-page2.xml")).stdout
    outputs["csv"] = pustaka(project, "import", "csv", str(FIXTURES / "buku-sekolah.csv"), "--mapping",
                             str(FIXTURES / "buku-sekolah.mapping.yml"), *common).stdout
    outputs["validate"] = pustaka(project, "validate").stdout
    pustaka(project, "build", "--site-dir", "out")
    return project, outputs


def test_every_format_imports_valid_records(imported: tuple[Path, dict[str, str]]) -> None:
    project, outputs = imported
    assert outputs["slims"].startswith("8 records read from slims: 8 created, 0 updated, 0 unchanged.")
    assert outputs["mods"].startswith("2 records read from mods: 2 created")
    assert outputs["marcxml"].startswith("3 records read from marcxml: 3 created")
    assert outputs["oai"].startswith("3 records read from oai: 3 created")
    assert outputs["csv"].startswith("3 records read from csv: 3 created")
    assert outputs["validate"].strip() == "All records are valid: 20 items, 1 services, 2 branches, 1 events."
    text = (project / "collection/items/sejarah-minahasa-1985.yml").read_text()
    # A library outside Pustaka's repository gets its own copy of the schemas, which the comment names.
    assert text.startswith("# yaml-language-server: $schema=../.schemas/item.schema.json\ntype: book\n")
    assert (project / "collection/.schemas/item.schema.json").is_file()
    assert (project / "collection/items/sejarah-minahasa-1985-2.yml").is_file()  # same title and year: de-duplicated
    record = yaml.safe_load(text)
    assert record["files"] == [{"path": "media/sampul/sejarah-minahasa-1985.jpg", "label": "Sampul",
                                "alt": "Sampul Sejarah Minahasa"}]
    assert (project / "collection/media/sampul/sejarah-minahasa-1985.jpg").is_file()
    state = json.loads((project / "collection/.imports/slims.json").read_text())
    assert state["records"]["item:B00101"]["id"] == "sejarah-minahasa-1985"


def test_the_report_names_each_repair_with_its_source_row(imported: tuple[Path, dict[str, str]]) -> None:
    project, outputs = imported
    lines = outputs["slims"].splitlines()
    assert ('  slims-biblio.csv:3 [pendidikan-karakter-sebuah-pengantar-1998]: title: repaired: '
            '"Pendidikan Karakter â€“ Sebuah Pengantar" → "Pendidikan Karakter – Sebuah Pengantar"') in lines
    assert ('  slims-biblio.csv:5 [pengaruh-literasi-informasi-terhadap-prestasi-belajar-siswa-2019]: '
            'identifiers.isbn: skipped: "978-602-8087-65-1" is not a valid ISBN (length or check digit); '
            'kept in notes') in lines
    assert '  slims-biblio.csv:2 [sejarah-minahasa-1985]: date: repaired: "[1985?]" read as 1985' in lines
    assert "  slims-items.csv: copies: skipped: copy B00999 belongs to no record of the bibliographic export" in lines
    assert any("guide.png" in line and "Sampul" in line for line in lines)  # a cover that was not exported
    report = json.loads((project / "laporan.json").read_text())
    assert report["read"] == 8 and len(report["created"]) == 8
    assert {"where": "slims-biblio.csv:6", "action": "noted", "field": "type",
            "message": 'material "Artefak" has no Pustaka type; the item is typed "other"',
            "id": "kain-tenun-bentenan"} in report["notes"]


def test_item_pages_show_imported_titles_authors_and_copies(imported: tuple[Path, dict[str, str]]) -> None:
    project, _ = imported
    site = project / "out"
    html = (site / "katalog/sejarah-minahasa-1985.html").read_text()
    assert "<h1>Sejarah Minahasa" in html and "Wulan Rondonuwu" in html and "Yohana Sumampouw" in html
    assert "B00101" in html and "B00102" in html and "Pojok Baca Kelurahan" in html
    atheis = (site / "katalog/atheis-1993.html").read_text()
    assert "Achdiat K. Mihardja" in atheis and "M000123" in atheis
    assert "Hans Müller" in (site / "katalog/de-minahassa-en-haar-bewoners-1920.html").read_text()
    assert "Ruth Makagansa" in (site / "katalog/tradisi-lisan-masyarakat-sangihe-2020.html").read_text()
    assert "SD-0001" in (site / "katalog/ayo-membaca-buku-siswa-kelas-1-2017.html").read_text()
    listing = re.sub(r"\s+", " ", (site / "jelajah/semua.html").read_text())
    for title in ("Sejarah Minahasa", "Pendidikan Karakter – Sebuah Pengantar", "Cerita Rakyat Sulawesi Utara",
                  "Atheis", "Tradisi Lisan Masyarakat Sangihe", "Ensiklopedia Satwa Nusantara"):
        assert title in listing, title


def test_a_second_import_changes_nothing(tmp_path: Path) -> None:
    project = new_project(tmp_path)
    pustaka(project, *SLIMS)
    before = {p.name: p.read_bytes() for p in (project / "collection/items").iterdir()}
    again = pustaka(project, *SLIMS).stdout
    assert again.startswith("8 records read from slims: 0 created, 0 updated, 8 unchanged.")
    assert {p.name: p.read_bytes() for p in (project / "collection/items").iterdir()} == before


def test_reimport_updates_what_it_wrote_and_keeps_librarians_edits(tmp_path: Path) -> None:
    project = new_project(tmp_path)
    pustaka(project, *SLIMS)
    record = project / "collection/items/sejarah-minahasa-1985.yml"
    edited = record.read_text().replace("title: Sejarah Minahasa", "title: Sejarah Tanah Minahasa")
    record.write_text(edited)
    # The library fixes the publisher and the title in SLiMS and exports again.
    source = tmp_path / "biblio-baru.csv"
    text = (FIXTURES / "slims-biblio.csv").read_text()
    text = text.replace('"Sejarah Minahasa : dari masa', '"Sejarah Minahasa Lama : dari masa')
    text = text.replace('"Gramedia Pustaka Utama"', '"PT Gramedia Pustaka Utama"')
    source.write_text(text)
    args = [source if a.endswith("slims-biblio.csv") else a for a in SLIMS]
    result = pustaka(project, *map(str, args)).stdout
    assert result.startswith("8 records read from slims: 0 created, 1 updated, 7 unchanged; 1 librarian edit kept.")
    assert ('slims-biblio-baru.csv' not in result and
            '  biblio-baru.csv:2 [sejarah-minahasa-1985]: title: kept: edited by a librarian since the last import; '
            'the source now says "Sejarah Minahasa Lama"') in result.splitlines()
    data = yaml.safe_load(record.read_text())
    assert data["title"] == "Sejarah Tanah Minahasa" and data["publisher"] == "PT Gramedia Pustaka Utama"
    # and the edit is still respected the time after
    third = pustaka(project, *map(str, args)).stdout
    assert third.startswith("8 records read from slims: 0 created, 0 updated, 8 unchanged; 1 librarian edit kept.")
    assert pustaka(project, "validate").returncode == 0


def test_deleted_records_are_not_brought_back(tmp_path: Path) -> None:
    project = new_project(tmp_path)
    pustaka(project, *SLIMS)
    (project / "collection/items/kain-tenun-bentenan.yml").unlink()
    result = pustaka(project, *SLIMS).stdout
    assert "0 created, 0 updated, 7 unchanged, 1 skipped" in result.splitlines()[0]
    assert not (project / "collection/items/kain-tenun-bentenan.yml").exists()


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    project = new_project(tmp_path)
    result = pustaka(project, *SLIMS, "--dry-run").stdout
    assert result.startswith("8 records read from slims: 8 would be created")
    assert sorted(p.name for p in (project / "collection/items").iterdir()) == ["hikayat-uji.yml"]
    assert not (project / "collection/.imports").exists()


def test_binary_marc_xlsx_and_harvest_second_runs_are_unchanged(tmp_path: Path, oai_server: str) -> None:
    project = new_project(tmp_path)
    mrc = marc_binary(tmp_path / "katalog.mrc")
    xlsx = xlsx_copy(tmp_path / "buku.xlsx")
    runs = [["import", "marc", str(mrc), "--default-branch", "pusat"],
            ["import", "csv", str(xlsx), "--mapping", str(FIXTURES / "buku-sekolah.mapping.yml"),
             "--default-branch", "pusat"],
            ["import", "oai", oai_server, "--name", "repositori"]]
    for args in runs:
        assert " created, 0 updated, 0 unchanged" in pustaka(project, *args).stdout
    assert pustaka(project, "validate").stdout.startswith("All records are valid: 10 items")
    for args in runs:
        assert ": 0 created, 0 updated, 3 unchanged." in pustaka(project, *args).stdout.splitlines()[0]
    assert (project / "collection/.imports/repositori.json").is_file()


def test_unknown_branches_and_missing_options_are_explained(tmp_path: Path) -> None:
    project = new_project(tmp_path)
    bad = pustaka(project, *SLIMS[:-1], "pusatt", check=False)
    assert bad.returncode == 1 and 'no branch has the id "pusatt"' in bad.stderr
    no_mapping = pustaka(project, "import", "csv", str(FIXTURES / "buku-sekolah.csv"), check=False)
    assert no_mapping.returncode == 1 and "needs --mapping FILE" in no_mapping.stderr
    assert "Usage: pustaka import" in pustaka(project, "import", "--help").stdout
    broken = tmp_path / "rusak.xml"
    broken.write_text("<collection><record><leader>", encoding="utf-8")
    failed = pustaka(project, "import", "marcxml", str(broken), check=False)
    assert failed.returncode == 1 and f"Error: {broken}: cannot be read as marcxml" in failed.stderr
    shutil.rmtree(project / "collection/items")
    assert pustaka(project, *SLIMS).returncode == 0  # items/ is made when missing
