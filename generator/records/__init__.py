"""Records: loading, validating and linking the YAML files of a collection."""

from __future__ import annotations

import json
from pathlib import Path

from .collection import KINDS, SINGULAR, Collection, check_file, load_collection
from .schema import Date

__all__ = ["KINDS", "SINGULAR", "Collection", "Date", "check_file", "load_collection", "json_schema",
           "write_schemas"]

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"


def json_schema(kind: str) -> dict:
    """The JSON Schema (draft 2020-12) of one record kind, for editors and other tools."""
    module = KINDS[kind]
    schema = module.SCHEMA.json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://pustaka.invalid/schemas/{SINGULAR[kind]}.schema.json",
        "title": module.SCHEMA.title,
        **schema,
    }


def write_schemas(folder: Path = SCHEMA_DIR) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in KINDS:
        path = folder / f"{SINGULAR[kind]}.schema.json"
        path.write_text(json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    return written
