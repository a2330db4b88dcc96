"""Moving in: importing a catalogue from SLiMS, MODS, MARC 21, OAI-PMH or a spreadsheet.

Each format module reads its source into `common.Draft` objects (Pustaka field names,
raw values, a source id and report notes); `common.clean` repairs the values and
`writer.write_drafts` writes one YAML file per work into ``collection/items/``,
updating on re-import only what no librarian has edited since.
"""

from __future__ import annotations

import csv
import xml.sax
from dataclasses import dataclass
from pathlib import Path

import pymarc
import yaml
from lxml import etree

from ..exceptions import PustakaError
from . import csvmap, marc, mods, oai, slims
from .common import Draft, Note
from .slims import BranchMap
from .writer import Options, Report, write_drafts

FORMATS = ("slims", "mods", "marc", "marcxml", "oai", "csv")

__all__ = ["FORMATS", "ImportSettings", "Report", "run_import"]


@dataclass
class ImportSettings:
    collection: Path
    name: str | None = None  # the state file's name; default: the format
    items_csv: tuple[Path, ...] = ()
    covers: Path | None = None
    mapping: Path | None = None
    branch_map: Path | None = None
    default_branch: str | None = None
    oai_set: str | None = None
    dry_run: bool = False


def _branches(settings: ImportSettings) -> BranchMap:
    mapping: dict[str, str] = {}
    if settings.branch_map:
        try:
            data = yaml.safe_load(settings.branch_map.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise PustakaError(f"{settings.branch_map}: cannot read the branch map: {exc}") from exc
        if not isinstance(data, dict):
            raise PustakaError(f"{settings.branch_map}: expected a mapping of location name: branch id")
        mapping = {str(k): str(v) for k, v in data.items()}
    known = {p.stem for p in (settings.collection / "branches").glob("*.yml")}
    for branch in list(mapping.values()) + ([settings.default_branch] if settings.default_branch else []):
        if branch not in known:
            raise PustakaError(f'no branch has the id "{branch}" (known: {", ".join(sorted(known)) or "none"})')
    return BranchMap(mapping, settings.default_branch)


def read_drafts(fmt: str, sources: list[str], settings: ImportSettings) -> tuple[list[Draft], list[Note]]:
    """Every work in the sources, and notes about the sources as a whole."""
    assert fmt in FORMATS, f"unknown format {fmt!r}"
    branches = _branches(settings)
    notes: list[Note] = []
    out: list[Draft] = []
    for source in sources:
        if fmt != "oai" and not Path(source).is_file():
            raise PustakaError(f"{source}: no such file")
    copies = slims.read_items(settings.items_csv) if fmt == "slims" else {}
    mapping = _mapping(settings) if fmt == "csv" else {}
    for source in sources:
        try:
            out.extend(_read_one(fmt, source, settings, branches, copies, mapping, notes))
        except PustakaError:
            raise
        except (OSError, ValueError, csv.Error, etree.XMLSyntaxError, xml.sax.SAXException,
                pymarc.exceptions.PymarcException) as exc:
            # lxml's and pymarc's messages name no file: say which source could not be read.
            raise PustakaError(f"{source}: cannot be read as {fmt}: {exc}") from exc
    if fmt == "slims":
        claimed = {code for d in out for code in d.item_codes}
        for code in sorted(set(copies) - claimed):
            notes.append(Note(", ".join(p.name for p in settings.items_csv), "skipped", "copies",
                              f"copy {code} belongs to no record of the bibliographic export"))
    return out, notes


def _mapping(settings: ImportSettings) -> dict:
    if not settings.mapping:
        raise PustakaError("importing a spreadsheet needs --mapping FILE (see `pustaka import --help`)")
    return csvmap.load_mapping(settings.mapping)


def _read_one(fmt: str, source: str, settings: ImportSettings, branches: BranchMap, copies: dict, mapping: dict,
              notes: list[Note]) -> list[Draft]:
    if fmt == "slims":
        return slims.biblio_drafts(Path(source), copies, branches=branches)
    if fmt == "mods":
        return mods.drafts(Path(source), branches=branches)
    if fmt in ("marc", "marcxml"):
        return marc.drafts(Path(source), xml=fmt == "marcxml" or source.endswith(".xml"), branches=branches,
                           notes=notes)[0]
    if fmt == "csv":
        return csvmap.drafts(Path(source), mapping, branches=branches)
    out = []
    for label, body in oai.read_source(source, set_spec=settings.oai_set):
        drafts, deleted = oai.drafts(label, body)
        out.extend(drafts)
        notes.extend(Note(label, "skipped", "", f"{identifier} is marked deleted by the repository")
                     for identifier in deleted)
    return out


def run_import(fmt: str, sources: list[str], settings: ImportSettings) -> Report:
    if not (settings.collection / "items").parent.is_dir():
        raise PustakaError(f"{settings.collection}: the collection folder does not exist")
    drafts, notes = read_drafts(fmt, sources, settings)
    name = settings.name or fmt
    report = Report(format=fmt, name=name, dry_run=settings.dry_run)
    report.notes.extend(notes)
    options = Options(collection=settings.collection, name=name, format=fmt, covers=settings.covers,
                      dry_run=settings.dry_run)
    return write_drafts(drafts, options, report)
