"""MARC 21 and UNIMARC bibliographic records, binary (ISO 2709) or MARCXML, read with pymarc.

Holdings are read from 852 (standard) and 952 (Koha's items). Control fields and
fields Pustaka has no place for are counted in the report, never dropped silently; a
record that cannot be read or decoded is listed in the report with its position and why
(`marcread`). UNIMARC records (title in 200, no 245: what many Indonesian and European
systems export) are recognised and read with their own field map.
"""

from __future__ import annotations

import xml.sax
from collections import Counter
from pathlib import Path
from typing import Callable

import pymarc

from .common import Draft, Note, clean_identifier_field, direct_name, split_title
from .registry import BranchMap, ImportFormat, ImportJob, register
from .marcread import read_binary
from .slims import copy_of

_RELATORS = {"edt": "editor", "ed.": "editor", "editor": "editor", "penyunting": "editor", "trl": "translator",
             "tr.": "translator", "translator": "translator", "penerjemah": "translator", "ill": "illustrator",
             "illustrator": "illustrator", "com": "compiler", "compiler": "compiler", "penyusun": "compiler",
             "ths": "supervisor", "pembimbing": "supervisor", "aut": None, "author": None, "pengarang": None,
             "pht": "photographer", "ctg": "cartographer", "nrt": "narrator"}
_LEADER_TYPES = {"a": "book", "t": "manuscript", "c": "other", "d": "manuscript", "e": "map", "f": "map",
                 "g": "video", "i": "audio", "j": "audio", "k": "photo", "m": "dataset", "o": "other",
                 "p": "other", "r": "other"}
_MAPPED = {"001", "020", "022", "024", "041", "082", "084", "090", "092", "100", "110", "111", "245", "250",
           "260", "264", "300", "490", "440", "830", "500", "502", "504", "520", "600", "610", "650", "651",
           "653", "655", "700", "710", "852", "856", "952", "008"}
_SYSTEM = {"003", "005", "006", "007", "040", "035", "942", "999"}


def read(path: Path, *, xml: bool, notes: list[Note] | None = None) -> list[tuple[int, pymarc.Record]]:
    """The records of a file with their numbers in it; each record not read is a note."""
    if xml:
        records = pymarc.parse_xml_to_array(str(path))
        for number, record in enumerate(records, 1):
            if record is None and notes is not None:
                notes.append(Note(f"{path.name}#{number}", "skipped", "", "the record cannot be read"))
        return [(number, r) for number, r in enumerate(records, 1) if r is not None]
    reading = read_binary(path)
    if notes is not None:
        notes.extend(Note(f"{path.name}#{number}", "skipped", "", f"not imported (byte {offset}): {why}")
                     for number, offset, why in reading.problems)
        notes.extend(Note(f"{path.name}#{number}", "repaired", "encoding", what) for number, what in reading.repairs)
    return reading.records


def drafts(path: Path, *, xml: bool, branches: BranchMap | None = None,
           notes: list[Note] | None = None) -> tuple[list[Draft], Counter]:
    """A draft per readable record; ``notes`` receives a line for every record that is not
    one (and every encoding repaired), so the report accounts for the whole file."""
    ignored: Counter = Counter()
    out = []
    for number, record in read(path, xml=xml, notes=notes):
        where = f"{path.name}#{number}"
        if is_unimarc(record):
            draft = _unimarc_draft(record, where, ignored)
            draft.note("noted", "", "read as UNIMARC (title in 200, no 245)")
        else:
            draft = _draft(record, where, branches, ignored)
        out.append(draft)
    return out, ignored


def is_unimarc(record: pymarc.Record) -> bool:
    """UNIMARC keeps the title in 200 and has no 245; MARC 21 always has 245."""
    title = record.get("200")
    return record.get("245") is None and title is not None and bool(title.get_subfields("a"))


# UNIMARC's field map (IFLA UNIMARC Bibliographic, 3rd ed.): what Pustaka has a place for.
_UNIMARC_TYPES = {"a": "book", "b": "manuscript", "c": "other", "d": "manuscript", "e": "map", "f": "map",
                  "g": "video", "i": "audio", "j": "audio", "k": "photo", "l": "dataset", "m": "other", "r": "other"}
_UNIMARC_MAPPED = {"001", "010", "011", "100", "101", "200", "205", "210", "214", "215", "225", "300", "320", "328",
                   "330", "600", "601", "606", "607", "610", "676", "686", "700", "701", "702", "710", "711", "712",
                   "856", "995"}
_UNIMARC_SYSTEM = {"003", "005", "035", "099", "801", "999"}


def _unimarc_name(field: pymarc.Field) -> str:
    # 700/701/702: $a entry element (surname), $b the rest of the name; 710-712: $a, $b subdivisions
    surname, rest = _sub(field, "a"), _sub(field, "b")
    if field.tag.startswith("71"):
        return ". ".join(part for part in (surname, rest) if part)
    return f"{rest} {surname}".strip() if rest else surname


def _unimarc_draft(record: pymarc.Record, where: str, ignored: Counter) -> Draft:
    control = record.get("001")
    draft = Draft(f"marc:{control.data.strip()}" if control else f"marc:{where}", where)
    f = draft.fields
    leader = str(record.leader)
    f["type"] = "periodical" if leader[7:8] == "s" else _UNIMARC_TYPES.get(leader[6:7], "other")
    title = record["200"]
    f["title"] = _sub(title, "a")
    f["subtitle"] = _sub(title, "e") or None
    if _sub(title, "f"):
        f.setdefault("notes", []).append(f"Pernyataan tanggung jawab: {_sub(title, 'f')}")
    creators, contributors = [], []
    for tag in ("700", "710", "701", "711", "702", "712"):
        for field in record.get_fields(tag):
            name = _unimarc_name(field)
            # 70X/71X: 0 main, 1 alternative (co-authors), 2 secondary responsibility
            if name and tag[2] in "01":
                creators.append({"name": name})
            elif name:
                contributors.append({"name": name, "role": "other"})
    f["creators"], f["contributors"] = creators, contributors
    _standard_numbers(draft, record, isbn="010", issn="011")
    f["language"] = [code.strip() for field in record.get_fields("101") for code in field.get_subfields("a")
                     if code.strip()]
    if record.get("205"):
        f["edition"] = _sub(record["205"], "a")
    publication = record.get("214") or record.get("210")
    if publication:
        f["place"] = _sub(publication, "a").strip("[]")
        f["publisher"] = _sub(publication, "c")
        f["date"] = _sub(publication, "d")
    coded = record.get("100")
    if not f.get("date") and coded and coded.get_subfields("a") and coded.get_subfields("a")[0][9:13].isdigit():
        f["date"] = coded.get_subfields("a")[0][9:13]  # 100$a/09-12: date 1
    if record.get("215"):
        f["collation"] = " ".join(v.strip() for v in record["215"].get_subfields("a", "c", "d", "e"))
    if record.get("225"):
        f["series"] = " ".join(v.strip() for v in record["225"].get_subfields("a", "v")).strip(" ;")
    f["description"] = "\n\n".join(v.strip() for field in record.get_fields("330") for v in field.get_subfields("a"))
    for field in record.get_fields("300", "320", "328"):
        f.setdefault("notes", []).extend(v.strip() for v in field.get_subfields("a"))
    f["subjects"] = _subjects(record, ("600", "601", "606", "607", "610"), ("a", "b", "x", "y", "z", "j"))
    for field in record.get_fields("676"):
        f.setdefault("notes", []).append(f"Klasifikasi (DDC): {_sub(field, 'a')}")
    for field in record.get_fields("686"):
        if _sub(field, "a"):
            f.setdefault("identifiers", {}).setdefault("call_number", _sub(field, "a"))
    _links_and_control(f, record)
    f["copies"] = []
    for field in record.get_fields():
        if field.tag in _UNIMARC_SYSTEM or field.tag in _UNIMARC_MAPPED:
            continue
        ignored[field.tag] += 1
        draft.keep_aside(f"UNIMARC {field.tag}", field.value() if hasattr(field, "value") else str(field))
    return draft


def _standard_numbers(draft: Draft, record: pymarc.Record, *, isbn: str, issn: str) -> None:
    """ISBN and ISSN, each format's own tags (MARC 21 020/022, UNIMARC 010/011), repaired alike."""
    for tag, kind in ((isbn, "isbn"), (issn, "issn")):
        for field in record.get_fields(tag):
            if field.get_subfields("a"):
                clean_identifier_field(draft, field.get_subfields("a")[0], kind)


def _subjects(record: pymarc.Record, tags: tuple[str, ...], codes: tuple[str, ...]) -> list[str]:
    """Each subject field as one heading, its subdivisions joined by " -- "."""
    subjects = []
    for field in record.get_fields(*tags):
        parts = [v.strip().rstrip(".") for v in field.get_subfields(*codes)]
        if parts:
            subjects.append(" -- ".join(p for p in parts if p))
    return subjects


def _links_and_control(fields: dict, record: pymarc.Record) -> None:
    """856 links (the same tag in MARC 21 and UNIMARC) kept in the notes, 001 as the local id."""
    for field in record.get_fields("856"):
        for url in field.get_subfields("u"):
            fields.setdefault("notes", []).append(f"Tautan: {url}")
    control = record.get("001")
    if control:
        fields.setdefault("identifiers", {})["local"] = control.data.strip()


def _sub(field: pymarc.Field, code: str) -> str:
    values = field.get_subfields(code)
    return values[0].strip().rstrip(" /:;,=").strip() if values else ""


def _draft(record: pymarc.Record, where: str, branches: BranchMap | None, ignored: Counter) -> Draft:
    control = record.get("001")
    draft = Draft(f"marc:{control.data.strip()}" if control else f"marc:{where}", where)
    f = draft.fields
    leader = str(record.leader)
    f["type"] = "periodical" if leader[7:8] == "s" else _LEADER_TYPES.get(leader[6:7], "other")
    if record.get("502"):
        f["type"] = "thesis"
        f["degree"] = _sub(record["502"], "b") or None
        f["institution"] = _sub(record["502"], "c") or None
        if not f["degree"] and record["502"].get_subfields("a"):
            f.setdefault("notes", []).append(f"Catatan disertasi: {record['502'].get_subfields('a')[0]}")
    if record.get("245"):
        title_field = record["245"]
        title, subtitle = split_title(_sub(title_field, "a"))
        f["title"] = title
        f["subtitle"] = _sub(title_field, "b") or subtitle
        if _sub(title_field, "c"):
            f.setdefault("notes", []).append(f"Pernyataan tanggung jawab: {_sub(title_field, 'c')}")
    creators, contributors = [], []
    for tag in ("100", "110", "111", "700", "710"):
        for field in record.get_fields(tag):
            name = _sub(field, "a")
            if not name:
                continue
            relator = (_sub(field, "e") or _sub(field, "4")).lower().rstrip(".")
            role = _RELATORS.get(relator, "other" if relator else None)
            if role is None:
                creators.append({"name": direct_name(name)})
            else:
                contributors.append({"name": direct_name(name), "role": role})
    f["creators"], f["contributors"] = creators, contributors
    _standard_numbers(draft, record, isbn="020", issn="022")
    for field in record.get_fields("024"):
        if _sub(field, "2").lower() == "doi" and _sub(field, "a"):
            f.setdefault("identifiers", {})["doi"] = _sub(field, "a")
    languages = [code for field in record.get_fields("041") for code in field.get_subfields("a")]
    if not languages and record.get("008") and len(record["008"].data) >= 38:
        languages = [record["008"].data[35:38]]
    f["language"] = [code.strip() for code in languages if code.strip()]
    for tag in ("082",):
        for field in record.get_fields(tag):
            f.setdefault("notes", []).append(f"Klasifikasi (DDC): {_sub(field, 'a')}")
    for tag in ("090", "092", "084"):
        field = record.get(tag)
        if field and field.get_subfields("a"):
            call = " ".join(v.strip() for v in field.get_subfields("a", "b"))
            f.setdefault("identifiers", {}).setdefault("call_number", call)
    if record.get("250"):
        f["edition"] = _sub(record["250"], "a")
    publication = record.get("264") or record.get("260")
    if publication:
        f["place"] = _sub(publication, "a").strip("[]")
        f["publisher"] = _sub(publication, "b")
        f["date"] = _sub(publication, "c")
    if not f.get("date") and record.get("008") and record["008"].data[7:11].strip().isdigit():
        f["date"] = record["008"].data[7:11]
    if record.get("300"):
        f["collation"] = " ".join(v.strip() for v in record["300"].get_subfields("a", "b", "c", "e"))
    series = record.get("490") or record.get("440") or record.get("830")
    if series:
        f["series"] = " ".join(v.strip() for v in series.get_subfields("a", "v")).strip(" ;")
    f["description"] = "\n\n".join(v.strip() for field in record.get_fields("520") for v in field.get_subfields("a"))
    for field in record.get_fields("500", "504"):
        f.setdefault("notes", []).extend(v.strip() for v in field.get_subfields("a"))
    f["subjects"] = _subjects(record, ("600", "610", "650", "651", "653", "655"), ("a", "b", "x", "y", "z", "v"))
    _links_and_control(f, record)
    copies = []
    for field in record.get_fields("852"):
        item = {"item_code": _sub(field, "p"), "location_name": _sub(field, "b") or _sub(field, "a"),
                "call_number": " ".join(v for v in field.get_subfields("h", "i")).strip()}
        if item["item_code"] or item["location_name"]:
            copy = copy_of(draft, item, branches)
            if copy:
                copies.append(copy)
    for field in record.get_fields("952"):  # Koha: a home branch, o call number, p barcode, 1/4/7 status
        status = "MIS" if _sub(field, "1") not in ("", "0") else "R" if _sub(field, "4") not in ("", "0") \
            else "NL" if _sub(field, "7") not in ("", "0") else ""
        item = {"item_code": _sub(field, "p"), "location_name": _sub(field, "a"), "call_number": _sub(field, "o"),
                "item_status_name": status}
        copy = copy_of(draft, item, branches)
        if copy:
            copies.append(copy)
    f["copies"] = copies
    for field in record.get_fields():
        if field.tag in _SYSTEM:
            continue
        if field.tag not in _MAPPED:
            ignored[field.tag] += 1
            draft.keep_aside(f"MARC {field.tag}", field.value() if hasattr(field, "value") else str(field))
    return draft


def _reader(as_xml: bool) -> Callable[[list[str], ImportJob], list[Draft]]:
    def read_all(sources: list[str], job: ImportJob) -> list[Draft]:
        return job.each(sources, lambda source: drafts(Path(source), xml=as_xml or source.endswith(".xml"),
                                                       branches=job.branches, notes=job.notes)[0],
                        (pymarc.exceptions.PymarcException, xml.sax.SAXException))
    return read_all


register(ImportFormat("marc", "MARC 21 or UNIMARC, ISO 2709 (a .xml file is read as MARCXML)", _reader(False)))
register(ImportFormat("marcxml", "MARC 21 or UNIMARC as MARCXML", _reader(True)))
