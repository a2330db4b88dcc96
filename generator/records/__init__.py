"""Records: loading, validating and linking the YAML files of a collection."""

from __future__ import annotations

import json
import os
from pathlib import Path

from .collection import KINDS, SINGULAR, Collection, check_file, load_collection
from .schema import Date

__all__ = ["KINDS", "SINGULAR", "Collection", "Date", "check_file", "load_collection", "json_schema",
           "schema_comment", "schema_folder", "write_schemas"]

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


def schema_folder(collection: Path) -> Path:
    """Where a library's records find their JSON Schemas.

    Beside Pustaka's own source (this repository's sample) that is ``generator/schemas``;
    a library that installed Pustaka from PyPI has no such folder at a path an editor can
    reach, so its schemas are written into ``collection/.schemas/`` (commit them).
    """
    source = collection.resolve().parent / "generator" / "schemas"
    return source if source.resolve() == SCHEMA_DIR else collection / ".schemas"


def schema_comment(record: Path, collection: Path) -> str:
    """The first line of a new record: the schema an editor (yaml-language-server) completes from.

    ``record`` is the file to be written, in ``collection/<kind>/``. The collection's own
    copy of the schemas is refreshed, so that it follows the installed Pustaka.
    """
    kind = SINGULAR[record.parent.name]
    folder = schema_folder(collection)
    if folder != SCHEMA_DIR:
        write_schemas(folder)
    relative = os.path.relpath((folder / f"{kind}.schema.json").resolve(), record.parent.resolve())
    return f"# yaml-language-server: $schema={Path(relative).as_posix()}\n"
