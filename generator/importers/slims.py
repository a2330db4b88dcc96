"""SLiMS: the bibliographic CSV export joined with the item (copy) CSV export.

SLiMS (Senayan Library Management System) exports bibliographic records from
*Sistem > Ekspor Data Bibliografi* with the columns below; the librarian chooses the
field separator, the quote character and whether a header row is written, so all three
are detected here. Multi-valued fields are packed as ``<A><B>`` and line breaks are
written as a literal ``\\n``. Copies come from *Ekspor Data Eksemplar*, joined on
``item_code``.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Iterable

from .common import (Draft, Note, clean_identifier_field, copy_status, gmd_type, slugify, split_title,
                     unescape_newlines)
from .registry import BranchMap, ImportFormat, ImportJob, register

#: Column order of SLiMS's bibliographic export when it is written without a header row.
BIBLIO_COLUMNS = ("title", "gmd_name", "edition", "isbn_issn", "publisher_name", "publish_year", "collation",
                  "series_title", "call_number", "language_name", "place_name", "classification", "notes",
                  "image", "sor", "authors", "topics", "item_code")
#: Column order of the item export without a header row.
ITEM_COLUMNS = ("item_code", "call_number", "coll_type_name", "inventory_code", "received_date", "supplier_name",
                "order_no", "location_name", "order_date", "item_status_name", "site", "source", "invoice",
                "price", "price_currency", "invoice_date", "input_date", "last_update", "title")
_ALIASES = {"location": "location_name", "location_id": "location_name", "item_status": "item_status_name",
            "item_status_id": "item_status_name", "status": "item_status_name", "coll_type": "coll_type_name",
            "collection_type": "coll_type_name", "gmd": "gmd_name", "publisher": "publisher_name",
            "language": "language_name", "place": "place_name", "year": "publish_year", "isbn": "isbn_issn"}


def read_text(path: Path) -> str:
    """Exports from old SLiMS installs on Windows are often CP1252 rather than UTF-8."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def read_table(path: Path, columns: tuple[str, ...]) -> tuple[list[dict[str, str]], list[int]]:
    """Rows as dicts by column name, and the source line of each row."""
    text = read_text(path)
    sample = text[:20000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    rows = []
    lines = []
    for row in reader:
        if any(cell.strip() for cell in row):
            rows.append(row)
            lines.append(reader.line_num)
    if not rows:
        return [], []
    first = [_column(c) for c in rows[0]]
    if "title" in first or "item_code" in first:
        header, rows, lines = first, rows[1:], lines[1:]
    else:
        header = list(columns)
    out = []
    for row in rows:
        record = {name: value for name, value in zip(header, row)}
        if len(row) > len(header):
            record["_extra"] = " | ".join(v for v in row[len(header):] if v.strip())
        out.append(record)
    return out, lines


def _column(name: str) -> str:
    key = name.strip().strip('"').lower().replace(" ", "_")
    return _ALIASES.get(key, key)


def unpack(value: str | None) -> list[str]:
    """``<Toer, Pramoedya Ananta><Hamka>`` → the two names; a plain value → a list of one."""
    if not value or not value.strip():
        return []
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        return [part.strip() for part in re.findall(r"<([^<>]*)>", value) if part.strip()]
    return [value]


def _text(value: str | None) -> str:
    return unescape_newlines(value or "").strip()


def biblio_drafts(path: Path, copies: dict[str, list[dict[str, str]]] | None = None, *,
                  branches: "BranchMap | None" = None) -> list[Draft]:
    rows, lines = read_table(path, BIBLIO_COLUMNS)
    drafts = []
    for row, line in zip(rows, lines):
        drafts.append(biblio_draft(row, f"{path.name}:{line}", copies or {}, branches))
    return drafts


def source_id_of(row: dict[str, str]) -> str:
    """SLiMS's export has no record number; a copy's item code is the most stable key it carries."""
    if row.get("biblio_id", "").strip():
        return f"biblio:{row['biblio_id'].strip()}"
    codes = unpack(row.get("item_code"))
    if codes:
        return f"item:{codes[0]}"
    return f"title:{slugify(row.get('title', ''))}:{row.get('publish_year', '').strip()}"


def biblio_draft(row: dict[str, str], where: str, copies: dict[str, list[dict[str, str]]],
                 branches: "BranchMap | None") -> Draft:
    draft = Draft(source_id_of(row), where)
    f = draft.fields
    title, subtitle = split_title(_text(row.get("title")))
    f["title"] = title
    if subtitle:
        f["subtitle"] = subtitle
    f["type"] = gmd_type(draft, _text(row.get("gmd_name")))
    f["edition"] = _text(row.get("edition"))
    for isbn in unpack(row.get("isbn_issn")):
        clean_identifier_field(draft, isbn)
    f["publisher"] = _text(row.get("publisher_name"))
    if _text(row.get("publish_year")):
        f["date"] = _text(row.get("publish_year"))
    f["collation"] = _text(row.get("collation"))
    f["series"] = _text(row.get("series_title"))
    if _text(row.get("call_number")):
        f.setdefault("identifiers", {})["call_number"] = _text(row.get("call_number"))
    languages = unpack(row.get("language_name"))
    if languages:
        f["language"] = languages
    f["place"] = _text(row.get("place_name"))
    if _text(row.get("classification")):
        f.setdefault("notes", []).append(f"Klasifikasi: {_text(row.get('classification'))}")
    f["description"] = _text(row.get("notes"))
    if _text(row.get("sor")):
        f.setdefault("notes", []).append(f"Pernyataan tanggung jawab: {_text(row.get('sor'))}")
    f["creators"] = [_text(name) for name in unpack(row.get("authors"))]
    f["subjects"] = [_text(topic) for topic in unpack(row.get("topics"))]
    if row.get("image", "").strip():
        draft.cover = row["image"].strip()
    if row.get("biblio_id", "").strip():
        f.setdefault("identifiers", {})["slims_id"] = row["biblio_id"].strip()
    for name, value in row.items():
        if name not in BIBLIO_COLUMNS and name not in ("biblio_id",) and value and value.strip():
            draft.keep_aside(f"Kolom {name.lstrip('_')}", _text(value))
    f["copies"] = []
    draft.item_codes = unpack(row.get("item_code"))
    for code in draft.item_codes:
        item_rows = copies.get(code)
        if item_rows is None:
            item_rows = [{"item_code": code}]
        for item in item_rows:
            copy = copy_of(draft, item, branches)
            if copy:
                f["copies"].append(copy)
    return draft


def copy_of(draft: Draft, item: dict[str, str], branches: BranchMap | None) -> dict | None:
    code = item.get("item_code", "").strip()
    location = _text(item.get("location_name"))
    branch = (branches or BranchMap()).branch(location) if location else (branches.default if branches else None)
    notes = []
    copy: dict = {}
    if location and (branches is None or location.strip().lower() not in branches.mapping):
        notes.append(f"Lokasi asal: {location}")
        draft.note("noted", "copies.branch", f'location "{location}" of copy {code} is not in the branch map'
                   + (f'; placed at "{branch}"' if branch else ""))
    if not branch:
        draft.keep_aside("Eksemplar tanpa cabang", f"{code}" + (f" ({location})" if location else ""), "copies")
        return None
    copy["branch"] = branch
    if _text(item.get("call_number")):
        copy["call_number"] = _text(item.get("call_number"))
    if code:
        copy["barcode"] = code
    raw_status = _text(item.get("item_status_name"))
    status = copy_status(raw_status)
    if status is None:
        status = "available"
        notes.append(f"Status asal: {raw_status}")
        draft.note("noted", "copies.status", f'status "{raw_status}" of copy {code} is unknown; kept in the copy note')
    coll_type = _text(item.get("coll_type_name"))
    if coll_type:
        notes.append(f"Tipe koleksi: {coll_type}")
        if coll_type.lower() in ("referensi", "reference", "tandon") and status == "available":
            status = "reference-only"
    copy["status"] = status
    if notes:
        copy["note"] = "; ".join(notes)
    return copy


def read_items(paths: Iterable[Path]) -> dict[str, list[dict[str, str]]]:
    by_code: dict[str, list[dict[str, str]]] = {}
    for path in paths:
        rows, _ = read_table(path, ITEM_COLUMNS)
        for row in rows:
            code = row.get("item_code", "").strip()
            if code:
                by_code.setdefault(code, []).append(row)
    return by_code


def _read(sources: list[str], job: ImportJob) -> list[Draft]:
    copies = read_items(job.settings.items_csv)
    out = job.each(sources, lambda source: biblio_drafts(Path(source), copies, branches=job.branches))
    claimed = {code for draft in out for code in draft.item_codes}
    for code in sorted(set(copies) - claimed):
        job.notes.append(Note(", ".join(p.name for p in job.settings.items_csv), "skipped", "copies",
                              f"copy {code} belongs to no record of the bibliographic export"))
    return out


register(ImportFormat("slims", "SLiMS bibliographic CSV export (copies from --items-csv)", _read))
