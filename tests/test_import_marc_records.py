"""MARC import that accounts for every record: unreadable ones listed, encodings decided from
the bytes (UTF-8 under a MARC-8 flag, MARC-8 under a UTF-8 flag, a Windows code page refused),
UNIMARC recognised and read with its own field map."""

from __future__ import annotations

from pathlib import Path

from generator.importers import ImportSettings, marc, run_import
from generator.importers.common import Note

from .projects import make_project


def raw_marc(fields: list[tuple[str, bytes]], *, flag: bytes = b" ", leader_length: int | None = None) -> bytes:
    """ISO 2709 bytes with a correct directory: [(tag, field bytes after the tag)]."""
    directory, body = b"", b""
    for tag, data in fields:
        field = data + b"\x1e"
        directory += tag.encode() + b"%04d%05d" % (len(field), len(body))
        body += field
    base = 24 + len(directory) + 1
    length = base + len(body) + 1
    leader = b"%05d" % (leader_length or length) + b"nam " + flag + b"22" + b"%05d" % base + b" a 4500"
    return leader + directory + b"\x1e" + body + b"\x1d"


def sub(indicators: bytes, *pairs: tuple[bytes, bytes]) -> bytes:
    return indicators + b"".join(b"\x1f" + code + value for code, value in pairs)


def marc21(control: str, title: bytes, *, flag: bytes = b" ", **kw) -> bytes:
    return raw_marc([("001", control.encode()), ("245", sub(b"10", (b"a", title))),
                     ("100", sub(b"1 ", (b"a", b"Rusli, Marah")))], flag=flag, **kw)


def _bad_base(record: bytes) -> bytes:
    return record[:12] + b"09999" + record[17:]


def unimarc(control: str) -> bytes:
    return raw_marc([("001", control.encode()),
                     ("100", sub(b"  ", (b"a", b"20240101d1922    u  y0indy50      ba"))),
                     ("101", sub(b"0 ", (b"a", b"ind"))),
                     ("200", sub(b"1 ", (b"a", b"Sitti Nurbaya"), (b"e", b"kasih tak sampai"),
                                 (b"f", b"Marah Rusli"))),
                     ("210", sub(b"  ", (b"a", b"Weltevreden"), (b"c", b"Balai Pustaka"), (b"d", b"1922"))),
                     ("215", sub(b"  ", (b"a", b"271 hlm."))),
                     ("606", sub(b"  ", (b"a", b"Novel Indonesia"))),
                     ("700", sub(b" 1", (b"a", b"Rusli"), (b"b", b"Marah"))),
                     ("712", sub(b"02", (b"a", b"Balai Pustaka")))], flag=b"a")


def test_every_record_of_a_damaged_file_is_imported_or_reported(tmp_path: Path) -> None:
    records = [
        marc21("M1", "Sejarah Minahasa".encode()),                                 # 1 plain ASCII, MARC-8 flag
        marc21("M2", "Histoire de la communauté".encode()),                        # 2 UTF-8 under a MARC-8 flag
        marc21("M3", b"Communaut\xe2e de Manado", flag=b"a"),                      # 3 MARC-8 under a UTF-8 flag
        marc21("M4", "Война и мир, роман в четырёх томах".encode("cp1251")),      # 4 Windows-1251
        b"0004" + b"x" * 40 + b"\x1d",                                             # 5 no leader
        _bad_base(marc21("M6", b"Rusak")),                                        # 6 base address past the end
        unimarc("U7"),                                                             # 7 UNIMARC
        marc21("M8", b"Terakhir"),                                                 # 8 readable again
    ]
    path = tmp_path / "campur.mrc"
    path.write_bytes(b"".join(records) + b"\x1a")
    notes: list[Note] = []
    drafts, _ = marc.drafts(path, xml=False, notes=notes)
    titles = {d.where: d.fields.get("title") for d in drafts}
    assert titles == {"campur.mrc#1": "Sejarah Minahasa", "campur.mrc#2": "Histoire de la communauté",
                      "campur.mrc#3": "Communauté de Manado", "campur.mrc#7": "Sitti Nurbaya",
                      "campur.mrc#8": "Terakhir"}
    skipped = {n.where: n.message for n in notes if n.action == "skipped"}
    assert set(skipped) == {"campur.mrc#4", "campur.mrc#5", "campur.mrc#6"}
    assert "cp1251" in skipped["campur.mrc#4"] and "byte" in skipped["campur.mrc#4"]
    assert "leader" in skipped["campur.mrc#5"]
    # Every record is either a draft or a skipped note: the report accounts for the whole file.
    assert len(drafts) + len(skipped) == len(records)
    repaired = {n.where: n.message for n in notes if n.action == "repaired"}
    assert "read as UTF-8" in repaired["campur.mrc#2"] and "read as MARC-8" in repaired["campur.mrc#3"]


def test_unimarc_is_read_with_its_own_field_map(tmp_path: Path) -> None:
    path = tmp_path / "unimarc.mrc"
    path.write_bytes(unimarc("U1"))
    drafts, _ = marc.drafts(path, xml=False, notes=[])
    fields = drafts[0].fields
    assert (fields["title"], fields["subtitle"]) == ("Sitti Nurbaya", "kasih tak sampai")
    assert fields["creators"] == [{"name": "Marah Rusli"}]
    assert fields["contributors"] == [{"name": "Balai Pustaka", "role": "other"}]
    assert (fields["place"], fields["publisher"], fields["date"]) == ("Weltevreden", "Balai Pustaka", "1922")
    assert fields["language"] == ["ind"] and fields["subjects"] == ["Novel Indonesia"]
    assert any("UNIMARC" in n.message for n in drafts[0].notes)


def test_the_import_report_lists_the_records_not_imported(tmp_path: Path) -> None:
    make_project(tmp_path)
    path = tmp_path / "katalog.mrc"
    path.write_bytes(marc21("A1", b"Buku Baik") + marc21("A2", "Книга".encode("cp1251") * 3))
    report = run_import("marc", [str(path)], ImportSettings(collection=tmp_path / "collection", dry_run=True))
    text = report.as_text()
    assert "katalog.mrc#2" in text and "cp1251" in text
