"""SLiMS's MODS XML, as its OPAC serves it (``index.php?resultXML=true`` or a record's
``inXML=true``), for libraries that can reach the OPAC but not the administration."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from .common import Draft, clean_identifier_field, gmd_type, split_title
from .registry import BranchMap, ImportFormat, ImportJob, register
from .slims import copy_of

_ROLES = {"primary author": None, "additional author": None, "author": None, "pengarang": None,
          "editor": "editor", "penyunting": "editor", "translator": "translator", "penerjemah": "translator",
          "illustrator": "illustrator", "ilustrator": "illustrator", "compiler": "compiler", "penyusun": "compiler"}
_HANDLED = {"titleInfo", "name", "typeOfResource", "genre", "originInfo", "language", "physicalDescription",
            "relatedItem", "note", "subject", "classification", "identifier", "location", "image", "recordInfo",
            "abstract", "tableOfContents"}


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in element if isinstance(child.tag, str) and _local(child) == name]


def _text(element: etree._Element | None) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def _first(element: etree._Element, *path: str) -> etree._Element | None:
    current = [element]
    for name in path:
        current = [child for parent in current for child in _children(parent, name)]
    return current[0] if current else None


def drafts(path: Path, *, branches: BranchMap | None = None) -> list[Draft]:
    tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True, recover=True))
    out = []
    for index, mods in enumerate(el for el in tree.iter() if isinstance(el.tag, str) and _local(el) == "mods"):
        out.append(_draft(mods, f"{path.name}#{index + 1} (line {mods.sourceline})", branches))
    return out


def _draft(mods: etree._Element, where: str, branches: BranchMap | None) -> Draft:
    record_id = _text(_first(mods, "recordInfo", "recordIdentifier")) or mods.get("ID") or mods.get("id") or ""
    draft = Draft(f"mods:{record_id}" if record_id else f"mods:{where}", where)
    f = draft.fields
    info = _first(mods, "titleInfo")
    if info is not None:
        title, subtitle = split_title(_text(_first(info, "title")))
        f["title"] = title
        f["subtitle"] = _text(_first(info, "subTitle")) or subtitle
    creators, contributors = [], []
    for name in _children(mods, "name"):
        text = _text(_first(name, "namePart"))
        role_text = _text(_first(name, "role", "roleTerm")).lower()
        role = _ROLES.get(role_text, "other" if role_text else None)
        if not text:
            continue
        if role in (None,):
            creators.append({"name": text})
        else:
            contributors.append({"name": text, "role": role})
            if role == "other":
                draft.note("noted", "contributors", f'role "{role_text}" of {text} has no Pustaka role; written as other')
    f["creators"], f["contributors"] = creators, contributors
    physical = _first(mods, "physicalDescription")
    gmd = next((_text(form) for form in _children(physical if physical is not None else mods, "form")
                if form.get("authority") == "gmd"), "")
    f["type"] = gmd_type(draft, gmd or _text(_first(mods, "typeOfResource")))
    f["collation"] = _text(_first(mods, "physicalDescription", "extent"))
    origin = _first(mods, "originInfo")
    if origin is not None:
        for element in origin.iter():
            if not isinstance(element.tag, str):
                continue
            name = _local(element)
            if name == "placeTerm" and element.get("type", "text") == "text" and not f.get("place"):
                f["place"] = _text(element)
            elif name == "publisher" and not f.get("publisher"):
                f["publisher"] = _text(element)
            elif name == "dateIssued" and not f.get("date"):
                f["date"] = _text(element)
            elif name == "edition":
                f["edition"] = _text(element)
    languages = []
    for term in mods.iter("{*}languageTerm"):
        if term.get("type") == "code" or not languages:
            languages.append(_text(term))
    f["language"] = [lang for lang in languages[:1] if lang]
    series = _first(mods, "relatedItem")
    if series is not None and series.get("type") == "series":
        f["series"] = _text(_first(series, "titleInfo", "title")) or _text(series)
    f["description"] = "\n\n".join(t for t in (_text(e) for e in _children(mods, "abstract") + _children(mods, "note")) if t)
    subjects = []
    for subject in _children(mods, "subject"):
        subjects.extend(_text(child) for child in subject if isinstance(child.tag, str) and _text(child))
    f["subjects"] = subjects
    for classification in _children(mods, "classification"):
        if _text(classification):
            f.setdefault("notes", []).append(f"Klasifikasi: {_text(classification)}")
    for identifier in _children(mods, "identifier"):
        kind, value = (identifier.get("type") or "").lower(), _text(identifier)
        if not value:
            continue
        if kind in ("isbn", "issn", "isbn/issn", ""):
            clean_identifier_field(draft, value)
        elif kind == "doi":
            f.setdefault("identifiers", {})["doi"] = value
        else:
            draft.keep_aside(f"Pengenal ({kind})", value, "identifiers")
    copies = []
    for location in _children(mods, "location"):
        shelf = _text(_first(location, "shelfLocator"))
        if shelf:
            f.setdefault("identifiers", {}).setdefault("call_number", shelf)
        physical = _text(_first(location, "physicalLocation"))
        for info_el in location.iter("{*}copyInformation"):
            item = {"item_code": _text(_first(info_el, "numerationAndChronology")),
                    "location_name": _text(_first(info_el, "sublocation")) or physical,
                    "call_number": _text(_first(info_el, "shelfLocator")),
                    "item_status_name": _text(_first(info_el, "note"))}
            if item["item_code"]:
                copy = copy_of(draft, item, branches)
                if copy:
                    copies.append(copy)
    f["copies"] = copies
    image = _first(mods, "image")
    if image is not None and _text(image):
        draft.cover = _text(image)
    if record_id:
        f.setdefault("identifiers", {})["slims_id"] = record_id
    for child in mods:
        if isinstance(child.tag, str) and _local(child) not in _HANDLED and _text(child):
            draft.keep_aside(f"MODS {_local(child)}", _text(child))
    return draft


def _read(sources: list[str], job: ImportJob) -> list[Draft]:
    return job.each(sources, lambda source: drafts(Path(source), branches=job.branches), (etree.XMLSyntaxError,))


register(ImportFormat("mods", "SLiMS OPAC XML (MODS)", _read))
