"""`pustaka new`: well-commented YAML skeletons for each record kind."""

from __future__ import annotations

import re
from pathlib import Path

from ..exceptions import PustakaError
from ..records import KINDS, SINGULAR, schema_comment

HERE = Path(__file__).resolve().parent
PLURAL = {singular: plural for plural, singular in SINGULAR.items()}


def skeleton(kind: str) -> str:
    assert kind in PLURAL, f"unknown record kind {kind!r}"
    return (HERE / f"{kind}.yml").read_text(encoding="utf-8")


def new_record(collection: Path, kind: str, record_id: str, *, title: str | None = None) -> Path:
    """Write a skeleton for a new record; never overwrite an existing one."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", record_id):
        raise PustakaError(f'"{record_id}" cannot be an id: use lowercase letters, digits and hyphens, '
                           "e.g. babad-tanah-jawi")
    folder = collection / PLURAL[kind]
    target = folder / f"{record_id}.yml"
    if target.exists():
        raise PustakaError(f"{target} already exists; choose another id or edit that file")
    text = skeleton(kind)
    # The skeleton's first line names the schema relative to this repository's collection/<kind>/;
    # a library elsewhere gets the path to its own copy (see records.schema_folder).
    first, _, rest = text.partition("\n")
    assert first.startswith("# yaml-language-server: $schema="), f"{kind}.yml must start with the schema comment"
    text = schema_comment(target, collection) + rest
    if title:
        field = "name" if kind in ("service", "branch") else "title"
        quoted = title.replace("\\", "\\\\").replace('"', '\\"')
        text = re.sub(rf'^{field}: .*$', f'{field}: "{quoted}"', text, count=1, flags=re.M)
        if kind == "service":
            text = re.sub(r'^name:\n  id: .*\n  en: .*$', f'name: "{quoted}"', text, count=1, flags=re.M)
    folder.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


__all__ = ["KINDS", "new_record", "skeleton"]
