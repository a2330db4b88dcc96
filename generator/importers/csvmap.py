"""A spreadsheet (CSV or .xlsx) of a library without a system, read through a mapping file.

The mapping file (YAML) names the column for each Pustaka field::

    id: No. Induk            # the column that identifies a row across imports (required)
    fields:
      title: Judul
      creators: Pengarang    # several values in one cell are split on `split`
      date: Tahun
      publisher: Penerbit
      subjects: Subjek
      identifiers.isbn: ISBN
      identifiers.call_number: No. Panggil
      type: Jenis            # values are read like SLiMS GMD names (Buku, Skripsi, Peta…)
      copies.barcode: No. Induk
      copies.branch: Lokasi  # location names go through --branch-map / --default-branch
      copies.status: Status
    split: ";"               # separator of several values in one cell (default ";")
    delimiter: ";"           # CSV separator; detected when left out
    sheet: Buku              # .xlsx: the sheet to read (default: the first)
    defaults: {type: book, language: id}

Columns not named in the mapping are kept in the record's notes.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import yaml

from ..exceptions import PustakaError
from .common import Draft, clean_identifier_field, gmd_type, unescape_newlines
from .registry import BranchMap, ImportFormat, ImportJob, register
from .slims import copy_of, read_text

_LISTS = {"creators", "contributors", "subjects", "collections", "language", "notes"}
_SCALARS = {"title", "subtitle", "date", "description", "publisher", "place", "edition", "collation", "series",
            "institution", "degree", "rights", "access", "type"}
_IDS = {"isbn", "issn", "call_number", "doi", "handle", "slims_id", "oclc", "local"}


def load_mapping(path: Path) -> dict[str, Any]:
    try:
        # Every value is a column name or a literal: read all as text, so a column "No" is not false.
        mapping = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    except (OSError, yaml.YAMLError) as exc:
        raise PustakaError(f"{path}: cannot read the mapping file: {exc}") from exc
    if not isinstance(mapping, dict) or not isinstance(mapping.get("fields"), dict) or not mapping.get("id"):
        raise PustakaError(f"{path}: a mapping file needs `id: COLUMN` and `fields: {{field: COLUMN}}`")
    for target in mapping["fields"]:
        head, _, tail = str(target).partition(".")
        ok = (head in _LISTS | _SCALARS and not tail) or (head == "identifiers" and tail in _IDS) or \
            (head == "copies" and tail in ("barcode", "branch", "status", "call_number", "note"))
        if not ok:
            raise PustakaError(f'{path}: fields: "{target}" is not an item field Pustaka can fill from a column')
    return mapping


def read_rows(path: Path, mapping: dict[str, Any]) -> list[tuple[int, dict[str, str]]]:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        import openpyxl

        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        sheet = book[mapping["sheet"]] if mapping.get("sheet") else book.worksheets[0]
        rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        numbered = list(enumerate(rows, start=1))
    else:
        text = read_text(path)
        if mapping.get("delimiter"):
            reader = csv.reader(io.StringIO(text), delimiter=mapping["delimiter"])
        else:
            try:
                dialect = csv.Sniffer().sniff(text[:20000], delimiters=",;\t|")
            except csv.Error:
                dialect = csv.excel
            reader = csv.reader(io.StringIO(text), dialect)
        numbered = [(reader.line_num, row) for row in reader]
    numbered = [(n, row) for n, row in numbered if any(c.strip() for c in row)]
    if not numbered:
        return []
    header = [c.strip() for c in numbered[0][1]]
    return [(n, dict(zip(header, row))) for n, row in numbered[1:]]


def drafts(path: Path, mapping: dict[str, Any], *, branches: BranchMap | None = None) -> list[Draft]:
    split = mapping.get("split", ";")
    out = []
    for line, row in read_rows(path, mapping):
        where = f"{path.name}:{line}"
        key = (row.get(mapping["id"]) or "").strip()
        draft = Draft(f"row:{key}" if key else f"row:{where}", where)
        if not key:
            draft.note("noted", "id", f'the column "{mapping["id"]}" is empty; the row is matched by its position')
        f = draft.fields
        for name, value in (mapping.get("defaults") or {}).items():
            f[name] = list(value) if isinstance(value, list) else value
        copy: dict[str, str] = {}
        used = set()
        for target, column in mapping["fields"].items():
            used.add(column)
            value = unescape_newlines(row.get(column) or "").strip()
            if not value:
                continue
            head, _, tail = target.partition(".")
            if head in _LISTS:
                f[head] = [v.strip() for v in value.split(split) if v.strip()]
            elif head == "type":
                f["type"] = gmd_type(draft, value)
            elif head == "identifiers" and tail in ("isbn", "issn"):
                for part in value.split(split):
                    clean_identifier_field(draft, part, tail)
            elif head == "identifiers":
                f.setdefault("identifiers", {})[tail] = value
            elif head == "copies":
                copy[{"barcode": "item_code", "branch": "location_name", "status": "item_status_name",
                      "call_number": "call_number", "note": "note"}[tail]] = value
            else:
                f[head] = value
        if copy:
            made = copy_of(draft, {"item_code": copy.get("item_code", key), **copy}, branches)
            if made and copy.get("note"):
                made["note"] = "; ".join(filter(None, [made.get("note"), copy["note"]]))
            f["copies"] = [made] if made else []
        for column, value in row.items():
            if column and column not in used and column != mapping["id"] and value and value.strip():
                draft.keep_aside(column, unescape_newlines(value).strip())
        out.append(draft)
    return out


def _read(sources: list[str], job: ImportJob) -> list[Draft]:
    if not job.settings.mapping:
        raise PustakaError("importing a spreadsheet needs --mapping FILE (see `pustaka import --help`)")
    mapping = load_mapping(job.settings.mapping)
    return job.each(sources, lambda source: drafts(Path(source), mapping, branches=job.branches))


register(ImportFormat("csv", "a spreadsheet (CSV or .xlsx) with --mapping naming the column of each field", _read))
