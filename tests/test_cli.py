"""The pustaka command: validate, new, schema, --help."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .projects import MKDOCS_YML, make_project
from .test_build import pustaka


def test_validate_passes_on_a_good_collection(tmp_path: Path) -> None:
    result = pustaka(make_project(tmp_path), "validate")
    assert result.stdout.strip() == "All records are valid: 1 items, 1 services, 1 branches, 1 events."


def test_validate_lists_every_problem_and_fails(tmp_path: Path) -> None:
    project = make_project(tmp_path, {
        "collection/items/a.yml": "type: book\ntitle: A\ndate: kemarin\n",
        "collection/events/b.yml": "title: B\nstart: besok\nbranch: tidak-ada\n",
    })
    result = pustaka(project, "validate", check=False)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        'collection/events/b.yml:2:8: start: expected a date and time (YYYY-MM-DD HH:MM), got "besok"',
        'collection/events/b.yml:3:9: branch: no branch has the id "tidak-ada"',
        'collection/items/a.yml:3:7: date: expected a year, a date (YYYY-MM-DD) or a range, got "kemarin"',
        "3 problems found; nothing was built.",
    ]


def test_validate_writes_github_annotations_in_actions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path, {"collection/items/a.yml": "type: book\ntitle: A\ndate: kemarin\n"})
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = pustaka(project, "validate", check=False)
    assert ("::error file=collection/items/a.yml,line=3,col=7::date: expected a year, a date (YYYY-MM-DD) or a "
            'range, got "kemarin"') in result.stderr.splitlines()


@pytest.mark.parametrize("kind", ["item", "service", "branch", "event"])
def test_new_writes_a_skeleton_that_validates(tmp_path: Path, kind: str) -> None:
    project = make_project(tmp_path)
    result = pustaka(project, "new", kind, "rekaman-baru", "--title", 'Judul "Baru"')
    folder = {"item": "items", "service": "services", "branch": "branches", "event": "events"}[kind]
    written = project / "collection" / folder / "rekaman-baru.yml"
    assert str(written) in result.stdout
    text = written.read_text()
    # Outside Pustaka's repository the schemas are copied into collection/.schemas/ for editors.
    assert text.startswith(f"# yaml-language-server: $schema=../.schemas/{kind}.schema.json\n")
    assert json.loads((project / f"collection/.schemas/{kind}.schema.json").read_text())["title"]
    assert 'Judul \\"Baru\\"' in text
    assert pustaka(project, "validate").returncode == 0


def test_new_refuses_to_overwrite_and_bad_ids(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    again = pustaka(project, "new", "item", "hikayat-uji", check=False)
    assert again.returncode == 1 and "already exists" in again.stderr
    bad = pustaka(project, "new", "item", "Judul Besar", check=False)
    assert bad.returncode == 1 and "cannot be an id" in bad.stderr
    assert (project / "collection/items/hikayat-uji.yml").read_text().startswith("type: book")


def test_missing_config_is_explained(tmp_path: Path) -> None:
    result = pustaka(tmp_path, "validate", check=False)
    assert result.returncode == 1
    assert "mkdocs.yml: no such file" in result.stderr


def test_unknown_time_zone_is_explained(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"mkdocs.yml": MKDOCS_YML + "      timezone: Asia/Manado\n"})
    result = pustaka(project, "build", check=False)
    assert result.returncode == 1
    assert "timezone: expected an IANA time zone such as Asia/Jakarta" in result.stderr and "'Asia/Manado'" in result.stderr
    assert not (project / "site").exists()


@pytest.mark.parametrize("command", [[], ["validate"], ["build"], ["serve"], ["new"], ["schema"], ["endpoint"],
                                     ["import"], ["oai"]])
def test_every_command_has_help(tmp_path: Path, command: list[str]) -> None:
    result = pustaka(tmp_path, *command, "--help")
    assert "Usage: pustaka" in result.stdout and len(result.stdout.splitlines()) > 4


def test_schema_command_writes_the_published_schemas(tmp_path: Path) -> None:
    pustaka(tmp_path, "schema", "--out", "skema")
    written = sorted(p.name for p in (tmp_path / "skema").iterdir())
    assert written == ["branch.schema.json", "event.schema.json", "item.schema.json", "service.schema.json"]
    assert json.loads((tmp_path / "skema/item.schema.json").read_text())["required"] == ["type", "title"]


def test_ask_a_librarian_link_follows_the_configured_service(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"mkdocs.yml": MKDOCS_YML + "      ask_service: peminjaman\n"})
    pustaka(project, "build", "--site-dir", "out")
    assert '<a href="../layanan/peminjaman.html">Tanya pustakawan</a>' in (project / "out/katalog/hikayat-uji.html").read_text()
    assert '<a href="../../en/layanan/peminjaman.html">Ask a librarian</a>' in (project / "out/en/katalog/hikayat-uji.html").read_text()
    (project / "mkdocs.yml").write_text(MKDOCS_YML + "      ask_service: tanya\n")
    result = pustaka(project, "build", "--site-dir", "out", check=False)
    assert result.returncode == 1 and "ask_service: expected the id of a service in collection/services, got 'tanya'" in result.stderr


def test_schema_command_refreshes_the_schemas_the_records_point_at(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    result = pustaka(project, "schema")
    assert (project / "collection/.schemas/item.schema.json").is_file()
    assert str(project / "collection/.schemas/item.schema.json") in result.stdout
