"""Hostile record files: alias bombs, links out of the collection, unusable ids, bad bytes.

Each is written by the test itself; each must end in one located problem per file, fast and
in little memory, and never in the file's content echoed or published."""

from __future__ import annotations

import csv
import io
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.exceptions import Problem, ValidationFailed
from generator.metadata.opendata import catalogue_csv
from generator.records import load_collection

from .projects import ROOT, make_project

ITEM = "type: book\ntitle: Buku Uji\n"


def problems(root: Path) -> list[str]:
    with pytest.raises(ValidationFailed) as info:
        load_collection(root / "collection", project_dir=root)
    return [str(p) for p in info.value.problems]


def alias_bomb(width: int, depth: int) -> str:
    lines = [ITEM, "notes: &a0 [" + ", ".join(["x"] * width) + "]"]
    for level in range(1, depth + 1):
        lines.append(f"n{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def _validate_bounded(project: Path, memory_mb: int = 700, seconds: int = 60) -> subprocess.CompletedProcess:
    """`pustaka validate` in a child whose address space is capped: a bomb that expands
    fails with MemoryError (or is killed) instead of taking the machine down."""
    def cap() -> None:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    return subprocess.run([sys.executable, "-m", "generator.cli", "validate"], cwd=project, capture_output=True,
                          text=True, timeout=seconds, preexec_fn=cap, env={**os.environ, "PYTHONPATH": str(ROOT)})


@pytest.mark.parametrize("depth", [7, 8])
def test_an_alias_bomb_is_one_located_problem_in_bounded_time_and_memory(tmp_path: Path, depth: int) -> None:
    make_project(tmp_path, {"collection/items/bom.yml": alias_bomb(9, depth)})
    assert len((tmp_path / "collection/items/bom.yml").read_bytes()) < 600
    started = time.monotonic()
    result = _validate_bounded(tmp_path)
    assert result.returncode == 1, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("collection/")]
    assert len(lines) == 1 and lines[0].startswith("collection/items/bom.yml:"), result.stderr
    assert "100,000 values" in lines[0] and "MemoryError" not in result.stderr
    # Not a timing target: only a bound far above the real figure (well under a second),
    # and far below the minutes the expansion took.
    assert time.monotonic() - started < 50


def test_an_alias_that_contains_itself_and_deep_nesting_are_refused(tmp_path: Path) -> None:
    make_project(tmp_path, {"collection/items/lingkar.yml": ITEM + "notes: &a [1, *a]\n",
                            "collection/items/dalam.yml": ITEM + "notes: " + "[" * 60 + "]" * 60 + "\n"})
    found = problems(tmp_path)
    assert any(p.startswith("collection/items/lingkar.yml:") and "refers to the value that contains it" in p
               for p in found), found
    assert any(p.startswith("collection/items/dalam.yml:") and "nested more than" in p for p in found), found


def test_aliases_within_bounds_still_work(tmp_path: Path) -> None:
    make_project(tmp_path, {"collection/items/alias.yml": ITEM + "subjects: &s [Sejarah, Pesisir]\n"
                                                                   "collections: *s\n"})
    collection = load_collection(tmp_path / "collection", project_dir=tmp_path)
    assert collection.items["alias"]["collections"] == ["Sejarah", "Pesisir"]


@pytest.mark.parametrize("folder", ["items", "services", "branches", "events"])
def test_a_record_linked_from_outside_the_collection_is_refused_unread(tmp_path: Path, folder: str) -> None:
    make_project(tmp_path)
    secret = tmp_path / "rahasia.yml"
    secret.write_text("type: book\ntitle: ROOT-SECRET-LINE\n")
    (tmp_path / f"collection/{folder}/tautan.yml").symlink_to(secret)
    (tmp_path / f"collection/{folder}/passwd.yml").symlink_to("/etc/passwd")
    found = problems(tmp_path)
    assert f"collection/{folder}/tautan.yml:1:1: is a link to a file outside the collection folder; a record " \
           "must be a file inside it" in found
    assert any(p.startswith(f"collection/{folder}/passwd.yml:1:1: is a link") for p in found)
    assert not any("ROOT-SECRET" in p or "root:" in p for p in found)


def test_a_linked_folder_outside_the_collection_is_refused(tmp_path: Path) -> None:
    make_project(tmp_path)
    outside = tmp_path / "luar"
    outside.mkdir()
    (outside / "buku.yml").write_text(ITEM)
    (tmp_path / "collection/items").rename(tmp_path / "items-lama")
    (tmp_path / "collection/items").symlink_to(outside)
    assert problems(tmp_path) == ["collection/items/buku.yml:1:1: is a link to a file outside the collection "
                                  "folder; a record must be a file inside it"]


def test_links_inside_the_collection_are_fine(tmp_path: Path) -> None:
    make_project(tmp_path, {"collection/items/asli.yml": ITEM})
    (tmp_path / "collection/items/salinan.yml").symlink_to("asli.yml")
    collection = load_collection(tmp_path / "collection", project_dir=tmp_path)
    assert {"asli", "salinan"} <= set(collection.items)


def test_a_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    make_project(tmp_path)
    os.mkfifo(tmp_path / "collection/items/pipa.yml")
    assert problems(tmp_path) == ["collection/items/pipa.yml:1:1: is not a regular file (a folder, pipe or "
                                  "device); a record must be a YAML file"]


@pytest.mark.parametrize("folder", ["items", "services", "branches", "events"])
@pytest.mark.parametrize("name,suggestion", [("Buku Baru", "buku-baru"), ("bük-ñ", "buk-n"), ("a..b", "a-b"),
                                             ("BUKU", "buku"), ("-x", "x"), ("_x", "x")])
def test_a_file_name_that_cannot_be_an_id_is_a_problem(tmp_path: Path, folder: str, name: str,
                                                       suggestion: str) -> None:
    make_project(tmp_path)
    good = next((tmp_path / f"collection/{folder}").glob("*.yml"))
    (tmp_path / f"collection/{folder}/{name}.yml").write_text(good.read_text())
    found = problems(tmp_path)
    assert len(found) == 1, found
    assert found[0].startswith(f"collection/{folder}/{name}.yml:1:1: id: the file name \"{name}\" ")
    assert f'rename the file "{suggestion}.yml"' in found[0]


def test_an_id_field_makes_any_file_name_usable(tmp_path: Path) -> None:
    make_project(tmp_path, {"collection/items/Buku Baru.yml": "id: buku-baru\n" + ITEM})
    assert "buku-baru" in load_collection(tmp_path / "collection", project_dir=tmp_path).items


def test_utf16_latin1_and_control_characters_are_located_with_their_field(tmp_path: Path) -> None:
    make_project(tmp_path)
    items = tmp_path / "collection/items"
    (items / "utf16.yml").write_bytes(ITEM.encode("utf-16"))
    (items / "latin.yml").write_bytes(ITEM.encode() + b"publisher: Penerbit Caf\xe9\n")
    (items / "kontrol.yml").write_text(ITEM + "subjects:\n  - Sejarah\n  - 'Pe\x07sisir'\n")
    found = problems(tmp_path)
    assert "collection/items/utf16.yml:1:1: the file is saved as UTF-16; save it again as UTF-8 (in Notepad: " \
           "Save as, Encoding: UTF-8)" in found
    assert "collection/items/latin.yml:3:24: publisher: byte 0xE9 is not UTF-8 text; save the file as UTF-8 " \
           "and retype the character here" in found
    assert "collection/items/kontrol.yml:5:8: subjects[1]: U+0007 is a control character, which a record " \
           "cannot hold; delete it or retype the text" in found


def test_a_value_with_line_breaks_stays_on_one_line_of_output(tmp_path: Path) -> None:
    make_project(tmp_path, {"collection/items/baris.yml": ITEM + 'date: "kemarin\\nlusa\\r\\u2028x"\n'})
    result = subprocess.run([sys.executable, "-m", "generator.cli", "validate"], cwd=tmp_path, capture_output=True,
                            text=True, env={**os.environ, "PYTHONPATH": str(ROOT), "GITHUB_ACTIONS": "true"})
    lines = result.stderr.splitlines()
    assert lines[0] == 'collection/items/baris.yml:3:7: date: expected a year, a date (YYYY-MM-DD) or a range, ' \
                       'got "kemarin\\nlusa\\r\\u2028x"'
    assert lines[1].startswith("::error file=collection/items/baris.yml,line=3,col=7::date: ")
    assert lines[2] == "1 problem found; nothing was built."


def test_problem_text_escapes_every_control_character() -> None:
    text = str(Problem("a\nb.yml", 1, 2, "f\x00", "x\ty\x1bz"))
    assert "\n" not in text and "\x1b" not in text and "\t" not in text
    assert text == "a\\nb.yml:1:2: f\\x00: x\\ty\\x1bz"


def test_open_data_csv_cells_are_never_formulas(tmp_path: Path) -> None:
    make_project(tmp_path, {"collection/items/rumus.yml": """\
        type: book
        title: "=HYPERLINK(\\"https://evil.example\\", \\"klik\\")"
        subtitle: "@SUM(1+1)"
        publisher: "+1+1"
        place: "-2+3"
        description: "=cmd|' /C calc'!A0"
        """})
    collection = load_collection(tmp_path / "collection", project_dir=tmp_path)
    rows = list(csv.DictReader(io.StringIO(catalogue_csv(collection, site_url="https://uji.example/"))))
    row = next(r for r in rows if r["id"] == "rumus")
    assert row["title"].startswith("'=HYPERLINK(")
    assert (row["subtitle"], row["publisher"], row["place"], row["description"]) == \
        ("'@SUM(1+1)", "'+1+1", "'-2+3", "'=cmd|' /C calc'!A0")
    plain = next(r for r in rows if r["id"] == "hikayat-uji")
    assert plain["title"] == "Hikayat Uji Coba" and plain["year"] == "1985"
