"""Loading and validating records: every problem located and worded for a librarian."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.exceptions import ValidationFailed
from generator.records import KINDS, SINGULAR, json_schema, load_collection
from generator.records.schema import Date

from .projects import make_project


def problems(root: Path) -> list[str]:
    with pytest.raises(ValidationFailed) as info:
        load_collection(root / "collection", project_dir=root)
    return [str(p) for p in info.value.problems]


def test_valid_collection_loads_every_kind(tmp_path: Path) -> None:
    make_project(tmp_path)
    collection = load_collection(tmp_path / "collection", project_dir=tmp_path)
    item = collection.items["hikayat-uji"]
    assert item["title"] == "Hikayat Uji Coba"
    assert item["creators"] == [{"name": "Siti Aminah", "role": "author"}]
    assert item["date"] == Date("1985", 1985, 1985)
    assert item["language"] == ["id"] and item["access"] == "public"
    assert collection.services["peminjaman"]["name"] == {"id": "Peminjaman", "en": "Loans"}
    assert collection.branches["pusat"]["hours"][0]["days"] == ("mon", "tue", "wed", "thu", "fri")
    assert collection.events["mendongeng"]["start"].hour == 9


def test_issue_example_message_for_a_bad_date(tmp_path: Path) -> None:
    make_project(tmp_path, {"collection/items/babad-tanah-jawi.yml": """\
        type: manuscript
        title: Babad Tanah Jawi
        creators:
          - name: Anonim
            role: author
        language: jv
        date: kemarin
        """})
    assert problems(tmp_path) == [
        'collection/items/babad-tanah-jawi.yml:7:7: date: expected a year, a date (YYYY-MM-DD) or a range, got "kemarin"'
    ]


def test_every_problem_of_a_run_is_reported_together(tmp_path: Path) -> None:
    make_project(tmp_path, {
        "collection/items/a.yml": """\
            type: bok
            title: Satu
            titel: salah ketik
            copies:
              - {branch: pusatt, status: gone}
            files:
              - path: ../../etc/passwd
              - path: media/tidak-ada.jpg
            related: [tidak-ada]
            identifiers: {isbn: "978-602-1234-56-8"}
            """,
        "collection/items/b.yml": "type: book\ntitle: [oops\n",
        "collection/services/x.yml": "name: X\nsummary: s\nsla: {completion: {value: 1}}\nsteps: [a]\nbranches: [gedung-lain]\n",
    })
    found = problems(tmp_path)
    assert found == [
        'collection/items/a.yml:1:7: type: expected one of: book, thesis, article, periodical, manuscript, map, '
        'photo, audio, video, dataset, other; got "bok" (did you mean "book"?)',
        'collection/items/a.yml:3:1: titel: unknown field; did you mean "title"?',
        'collection/items/a.yml:5:14: copies[0].branch: no branch has the id "pusatt" (did you mean "pusat"?)',
        'collection/items/a.yml:5:30: copies[0].status: expected one of: available, on-loan, reserved, in-repair, '
        'lost, reference-only; got "gone"',
        'collection/items/a.yml:7:11: files[0].path: "../../etc/passwd" points outside the collection folder; '
        'media must stay inside it',
        'collection/items/a.yml:8:11: files[1].path: "media/tidak-ada.jpg" does not exist in the collection folder',
        'collection/items/a.yml:9:11: related[0]: no item has the id "tidak-ada"',
        'collection/items/a.yml:10:21: identifiers.isbn: expected a valid ISBN (the check digit does not match), '
        'got "978-602-1234-56-8"',
        "collection/items/b.yml:3:1: YAML syntax: did not find expected ',' or ']'",
        'collection/services/x.yml:5:12: branches[0]: no branch has the id "gedung-lain"',
    ]


def test_required_fields_and_wrong_types(tmp_path: Path) -> None:
    make_project(tmp_path, {"collection/items/c.yml": "subjects: Sejarah\ncreators: {nama: X}\n"})
    assert problems(tmp_path) == [
        'collection/items/c.yml:1:1: title: is required: expected text',
        'collection/items/c.yml:1:1: type: is required: expected one of: book, thesis, article, periodical, '
        'manuscript, map, photo, audio, video, dataset, other',
        'collection/items/c.yml:2:11: creators.name: is required: expected text',
        'collection/items/c.yml:2:12: creators.nama: unknown field; did you mean "name"?',
    ]


def test_duplicate_ids_and_duplicate_keys(tmp_path: Path) -> None:
    make_project(tmp_path, {
        "collection/items/satu.yml": "id: sama\ntype: book\ntitle: A\n",
        "collection/items/dua.yml": "id: sama\ntype: book\ntitle: B\ntitle: C\n",
    })
    assert problems(tmp_path) == [
        'collection/items/dua.yml:4:1: title: is written twice in this mapping; the last one would win',
        'collection/items/satu.yml:1:5: id: "sama" is already the id of collection/items/dua.yml; ids must be unique',
    ]


def test_media_symlink_out_of_the_collection_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "rahasia.txt"
    secret.write_text("x")
    make_project(tmp_path, {"collection/items/d.yml": "type: photo\ntitle: D\nfiles: [media/tautan.jpg]\n"})
    (tmp_path / "collection/media").mkdir()
    (tmp_path / "collection/media/tautan.jpg").symlink_to(secret)
    assert problems(tmp_path) == [
        'collection/items/d.yml:3:9: files[0].path: "media/tautan.jpg" points outside the collection folder; '
        'media must stay inside it'
    ]


def test_not_utf8_and_empty_files(tmp_path: Path) -> None:
    make_project(tmp_path)
    (tmp_path / "collection/items/latin1.yml").write_bytes("title: Caf\xe9\n".encode("latin-1"))
    (tmp_path / "collection/items/kosong.yml").write_text("# hanya komentar\n")
    assert problems(tmp_path) == [
        "collection/items/kosong.yml:1:1: the file is empty: expected the fields of a item",
        "collection/items/latin1.yml:1:11: title: byte 0xE9 is not UTF-8 text; save the file as UTF-8 and retype the character here",
    ]


@pytest.mark.parametrize("value, text, year, end", [
    (1985, "1985", 1985, 1985), ("1985-03", "1985-03", 1985, 1985), ("1985-03-12", "1985-03-12", 1985, 1985),
    ("1880/1889", "1880/1889", 1880, 1889), ("1880 / 1889", "1880/1889", 1880, 1889),
])
def test_dates_as_librarians_write_them(tmp_path: Path, value, text, year, end) -> None:
    make_project(tmp_path, {"collection/items/hikayat-uji.yml": f"type: book\ntitle: T\ndate: {value}\n"})
    item = load_collection(tmp_path / "collection", project_dir=tmp_path).items["hikayat-uji"]
    assert item["date"] == Date(text, year, end)


@pytest.mark.parametrize("value, message", [
    ("1985-13", 'expected a real calendar date, got "1985-13"'),
    ("1985-02-30", 'expected a real calendar date, got "1985-02-30"'),
    ("1990/1980", 'expected a range from the earlier to the later year, got "1990/1980"'),
])
def test_impossible_dates(tmp_path: Path, value, message) -> None:
    make_project(tmp_path, {"collection/items/hikayat-uji.yml": f"type: book\ntitle: T\ndate: \"{value}\"\n"})
    assert problems(tmp_path) == [f"collection/items/hikayat-uji.yml:3:7: date: {message}"]


def test_opening_hours_must_close_after_they_open(tmp_path: Path) -> None:
    make_project(tmp_path, {"collection/branches/pusat.yml": """\
        name: Pusat
        hours:
          - {days: mon-fri, opens: "16:00", closes: "08:00"}
          - {days: fri-mon, opens: "08:00", closes: "09:00"}
        """})
    assert problems(tmp_path) == [
        'collection/branches/pusat.yml:3:45: hours[0].closes: expected a closing time after the opening time 16:00, '
        'got "08:00"',
        'collection/branches/pusat.yml:4:12: hours[1].days: expected days of the week (mon tue wed thu fri sat sun, '
        'or a range such as mon-fri), got "fri-mon"',
    ]


def test_reserved_id(tmp_path: Path) -> None:
    make_project(tmp_path, {"collection/items/index.yml": "type: book\ntitle: T\n"})
    assert problems(tmp_path) == [
        'collection/items/index.yml:1:1: id: "index" is reserved for the list page of each section; choose another id'
    ]


@pytest.mark.parametrize("kind", list(KINDS))
def test_published_json_schema_is_current_and_accepts_the_skeleton(kind: str) -> None:
    import jsonschema
    import yaml

    published = Path(__file__).resolve().parent.parent / "generator/schemas" / f"{SINGULAR[kind]}.schema.json"
    assert json.loads(published.read_text()) == json_schema(kind), "run: pustaka schema"
    skeleton = Path(__file__).resolve().parent.parent / "generator/scaffold" / f"{SINGULAR[kind]}.yml"
    data = yaml.safe_load(skeleton.read_text())
    jsonschema.Draft202012Validator(json_schema(kind)).validate(json.loads(json.dumps(data, default=str)))


# -- the quick reading (no positions) and the careful one agree ------------------------
QUICK_CASES = {
    "plain": "id: a\ntitle: Babad\ndate: 1985-03-02\ncopies:\n  - branch: pusat\n    barcode: 0012\n",
    "odd keys": "yes: 1\n2020: tahun\nnull: kosong\n3.5: x\nnested:\n  - {a: 1, b: [1, 2]}\n",
    "anchors": "base: &b {kota: Tanjung}\nlain: *b\nteks: |\n  baris satu\n  baris dua\n",
    "scalars": "a: ~\nb: true\nc: 0x1f\nd: 2026-11-30 10:00:00\ne: '007'\nf: 1e3\n",
}


@pytest.mark.parametrize("name", sorted(QUICK_CASES))
def test_quick_reading_gives_the_careful_values(tmp_path: Path, name: str) -> None:
    from generator.records.source import load_quick, load_source

    path = tmp_path / "r.yml"
    path.write_text(QUICK_CASES[name], encoding="utf-8")
    quick = load_quick(path.read_text(encoding="utf-8"), path, "r.yml")
    assert quick is not None
    assert quick.data == load_source(path, "r.yml").data


@pytest.mark.parametrize("text", ["a: 1\na: 2\n", "? [x, y]\n: z\n", "base: &b {x: 1}\nm:\n  <<: *b\n", "a: [\n"])
def test_quick_reading_leaves_what_it_cannot_place_to_the_careful_one(tmp_path: Path, text: str) -> None:
    from generator.records.source import load_quick

    path = tmp_path / "r.yml"
    path.write_text(text, encoding="utf-8")
    assert load_quick(text, path, "r.yml") is None


def test_every_sample_record_reads_the_same_both_ways() -> None:
    from generator.records.source import load_quick, load_source

    root = Path(__file__).resolve().parent.parent / "collection"
    files = [p for kind in KINDS for p in sorted((root / kind).glob("*.yml"))]
    assert len(files) > 60
    for path in files:
        quick = load_quick(path.read_text(encoding="utf-8"), path, path.name)
        assert quick is not None and quick.data == load_source(path, path.name).data, path
