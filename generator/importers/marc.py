"""MARC 21 bibliographic records, binary (ISO 2709) or MARCXML, read with pymarc.

Holdings are read from 852 (standard) and 952 (Koha's items). Control fields and
fields Pustaka has no place for are counted in the report, never dropped silently.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pymarc

from .common import Draft, clean_identifier_field, direct_name, split_title
from .slims import BranchMap, copy_of

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


def read(path: Path, *, xml: bool) -> list[pymarc.Record]:
    if xml:
        return [r for r in pymarc.parse_xml_to_array(str(path)) if r is not None]
    with path.open("rb") as fh:
        reader = pymarc.MARCReader(fh, to_unicode=True, force_utf8=False, utf8_handling="replace")
        return [r for r in reader if r is not None]


def drafts(path: Path, *, xml: bool, branches: BranchMap | None = None) -> tuple[list[Draft], Counter]:
    ignored: Counter = Counter()
    out = [_draft(record, f"{path.name}#{index + 1}", branches, ignored)
           for index, record in enumerate(read(path, xml=xml))]
    return out, ignored


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
    for field in record.get_fields("020"):
        if field.get_subfields("a"):
            clean_identifier_field(draft, field.get_subfields("a")[0])
    for field in record.get_fields("022"):
        if field.get_subfields("a"):
            clean_identifier_field(draft, field.get_subfields("a")[0], "issn")
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
    subjects = []
    for field in record.get_fields("600", "610", "650", "651", "653", "655"):
        parts = [v.strip().rstrip(".") for v in field.get_subfields("a", "b", "x", "y", "z", "v")]
        if parts:
            subjects.append(" -- ".join(p for p in parts if p))
    f["subjects"] = subjects
    for field in record.get_fields("856"):
        for url in field.get_subfields("u"):
            f.setdefault("notes", []).append(f"Tautan: {url}")
    if control:
        f.setdefault("identifiers", {})["local"] = control.data.strip()
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
