"""Moving in: importing a catalogue from SLiMS, MODS, MARC 21, OAI-PMH or a spreadsheet.

Each format module reads its source into `common.Draft` objects (Pustaka field names,
raw values, a source id and report notes) and registers itself in `registry`; `common.clean`
repairs the values and `writer.write_drafts` writes one YAML file per work into
``collection/items/``, updating on re-import only what no librarian has edited since.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from ..exceptions import PustakaError
from .common import Draft, Note
from .registry import BranchMap, ImportJob, ImportSettings, formats
from .writer import Options, Report, write_drafts

__all__ = ["ImportSettings", "Report", "formats", "run_import"]


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
    known = formats()
    assert fmt in known, f"unknown format {fmt!r}"
    job = ImportJob(fmt, settings, _branches(settings))
    if known[fmt].files:
        for source in sources:
            if not Path(source).is_file():
                raise PustakaError(f"{source}: no such file")
    return known[fmt].read(sources, job), job.notes


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
