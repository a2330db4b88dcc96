"""Writing imported records: readable ids, readable YAML, and re-imports that respect librarians' edits.

Beside the records, ``collection/.imports/<name>.json`` (committed with them) remembers
for each source id the item id it became and a fingerprint of every field as last
imported. On the next import of the same source a field is updated only if the file
still holds what the import wrote; a field a librarian changed since is kept, and the
report names it. A record whose file was deleted is not brought back.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..records import schema_comment
from ..records.items import SCHEMA
from .common import Draft, Note, clean, slugify

HEADER = "# yaml-language-server: $schema=../../generator/schemas/item.schema.json\n"
STATE_DIR = ".imports"
_ORDER = list(SCHEMA.fields)
_STATE_VERSION = 1


@dataclass
class Report:
    """What an import did: counts and every note, each with its source row."""

    format: str
    name: str
    read: int = 0
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    dry_run: bool = False

    def summary(self) -> str:
        kept = sum(1 for n in self.notes if n.action == "kept")
        verb = "would be " if self.dry_run else ""
        text = (f"{self.read} records read from {self.format}: {len(self.created)} {verb}created, "
                f"{len(self.updated)} {verb}updated, {len(self.unchanged)} unchanged")
        if self.skipped:
            text += f", {len(self.skipped)} skipped"
        if kept:
            text += f"; {kept} librarian edit{'s' if kept != 1 else ''} kept"
        return text + "."

    def as_text(self) -> str:
        lines = [self.summary()]
        for title, ids in (("Created", self.created), ("Updated", self.updated)):
            if ids:
                lines.append(f"{title}: {', '.join(ids)}")
        if self.notes:
            lines.append(f"{len(self.notes)} notes:")
            lines.extend(f"  {note}" for note in self.notes)
        return "\n".join(lines)

    def as_markdown(self) -> str:
        lines = [f"# Import report: {self.name}", "", self.summary(), ""]
        for title, ids in (("Created", self.created), ("Updated", self.updated), ("Skipped", self.skipped)):
            if ids:
                lines += [f"## {title}", ""] + [f"- `{i}`" for i in ids] + [""]
        if self.notes:
            lines += ["## Notes", "", "| source row | record | field | action | detail |", "|---|---|---|---|---|"]
            for n in self.notes:
                cells = [n.where, n.id, n.field, n.action, n.message]
                lines.append("| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |")
        return "\n".join(lines) + "\n"

    def as_json(self) -> str:
        return json.dumps({
            "format": self.format, "name": self.name, "dry_run": self.dry_run, "read": self.read,
            "created": self.created, "updated": self.updated, "unchanged": self.unchanged, "skipped": self.skipped,
            "notes": [vars(n) for n in self.notes],
        }, ensure_ascii=False, indent=2) + "\n"


# --- YAML -------------------------------------------------------------------------------

class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Indent list entries under their key, as the scaffold and the sample records do.
        super().increase_indent(flow, False)


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump_item(record: dict[str, Any], header: str = HEADER) -> str:
    ordered = {k: record[k] for k in _ORDER if k in record and k != "id"}
    body = yaml.dump(ordered, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100,
                     default_flow_style=False, indent=2)
    # A blank line before each list or mapping field makes long records easier to read.
    body = re.sub(r"\n(?=[a-z_]+:\n)", "\n\n", body)
    body = re.sub(r"(\n [^\n]*)\n(?=[a-z_]+:)", "\\1\n\n", body)
    return header + body


def _fingerprint(value: Any) -> str:
    return hashlib.sha1(json.dumps(value, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()[:16]


# --- state ------------------------------------------------------------------------------

def _load_state(path: Path) -> dict[str, Any]:
    if path.exists():
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") == _STATE_VERSION:
            return data
    return {"version": _STATE_VERSION, "records": {}}


def _save_state(path: Path, state: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    state["records"] = dict(sorted(state["records"].items()))
    path.write_text(json.dumps(state, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def _read_record(path: Path) -> dict[str, Any] | None:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return None
    return data if isinstance(data, dict) else None


# --- the import -------------------------------------------------------------------------

@dataclass
class Options:
    collection: Path
    name: str
    format: str
    covers: Path | None = None
    dry_run: bool = False
    cover_files: dict[str, Path] | None = None


def _new_id(fields: dict[str, Any], taken: set[str]) -> str:
    base = slugify(fields.get("title", "karya"))
    date = fields.get("date")
    year = str(date)[:4] if date is not None and re.match(r"\d{4}", str(date)) else ""
    candidate = f"{base}-{year}" if year else base
    number = 2
    unique = candidate
    while unique in taken:
        unique = f"{candidate}-{number}"
        number += 1
    return unique


def _attach_cover(draft: Draft, record: dict[str, Any], item_id: str, options: Options) -> None:
    if not draft.cover:
        return
    if options.cover_files is None:
        # One walk of the folder: a SLiMS images/docs folder can hold tens of thousands of files.
        options.cover_files = {}
        if options.covers and options.covers.is_dir():
            for candidate in sorted(options.covers.rglob("*")):
                if candidate.is_file():
                    options.cover_files.setdefault(candidate.name.lower(), candidate)
    found = options.cover_files.get(Path(draft.cover).name.lower())
    if found is None:
        draft.keep_aside("Sampul (berkas tidak ditemukan)", draft.cover, "files")
        record.setdefault("notes", []).append(f"Sampul (berkas tidak ditemukan): {draft.cover}")
        return
    relative = f"media/sampul/{item_id}{found.suffix.lower()}"
    target = options.collection / relative
    if not options.dry_run and (not target.exists() or target.read_bytes() != found.read_bytes()):
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(found, target)
    record["files"] = [{"path": relative, "label": "Sampul", "alt": f"Sampul {record['title']}"}]


def write_drafts(drafts: list[Draft], options: Options, report: Report) -> Report:
    """Create or update one item file per draft; return the report."""
    items_dir = options.collection / "items"
    # Same first line for every new record; computing it refreshes the collection's schema copy.
    header = HEADER if options.dry_run else schema_comment(items_dir / "new.yml", options.collection)
    state_path = options.collection / STATE_DIR / f"{options.name}.json"
    state = _load_state(state_path)
    records_state: dict[str, Any] = state["records"]
    taken = {p.stem for p in items_dir.glob("*.yml")} | {r["id"] for r in records_state.values()}
    seen_sources: set[str] = set()
    for draft in drafts:
        report.read += 1
        if draft.source_id in seen_sources:
            draft.note("skipped", "source_id", f'"{draft.source_id}" appears twice in the source; the first was used')
            report.skipped.append(draft.source_id)
            report.notes.extend(draft.notes)
            continue
        seen_sources.add(draft.source_id)
        new = clean(draft)
        known = records_state.get(draft.source_id)
        item_id = known["id"] if known else _new_id(new, taken)
        taken.add(item_id)
        _attach_cover(draft, new, item_id, options)
        if "notes" in new:
            new["notes"] = list(dict.fromkeys(new["notes"]))
        for note in draft.notes:
            note.id = item_id
        report.notes.extend(draft.notes)
        path = items_dir / f"{item_id}.yml"
        fingerprints = {k: _fingerprint(v) for k, v in new.items()}
        if known is None:
            if not options.dry_run:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(dump_item(new, header), encoding="utf-8")
            records_state[draft.source_id] = {"id": item_id, "fields": fingerprints}
            report.created.append(item_id)
            continue
        current = _read_record(path)
        if current is None:
            report.notes.append(Note(draft.where, "deleted", "", "the file was deleted or cannot be read; "
                                     "not written again (remove its entry from "
                                     f"{STATE_DIR}/{options.name}.json to import it afresh)", item_id))
            report.skipped.append(item_id)
            continue
        merged = dict(current)
        last = known.get("fields", {})
        for name in sorted(set(new) | set(last)):
            source_value = new.get(name)
            on_file = current.get(name)
            untouched = (on_file is None and name not in last) or \
                (name in last and on_file is not None and _fingerprint(on_file) == last[name])
            if name in last and on_file is None and source_value is not None:
                untouched = False  # the librarian removed the field
            if untouched:
                if source_value is None:
                    merged.pop(name, None)
                else:
                    merged[name] = source_value
            elif source_value is not None and _fingerprint(on_file) != fingerprints[name]:
                report.notes.append(Note(draft.where, "kept", name, "edited by a librarian since the last import; "
                                         f"the source now says {json.dumps(source_value, ensure_ascii=False)[:200]}",
                                         item_id))
        records_state[draft.source_id] = {"id": item_id, "fields": fingerprints}
        if _fingerprint(merged) == _fingerprint(current):
            report.unchanged.append(item_id)
        else:
            if not options.dry_run:
                path.write_text(dump_item(merged), encoding="utf-8")
            report.updated.append(item_id)
    if not options.dry_run:
        _save_state(state_path, state)
    return report
