"""The import formats, each registered by its own module (as Pelican's readers are).

A format module calls `register` with its name, one line for ``pustaka import --help`` and
the function that reads an import's sources into drafts; `formats()` loads every module of
this package once, so a new format is one new module and no edit anywhere else. Loading is
left until an import runs or its help is shown: the readers' libraries (lxml, pymarc, ftfy)
take half a second, which every other command would otherwise pay on start.
"""

from __future__ import annotations

import csv
import importlib
import pkgutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from ..exceptions import PustakaError
from .common import Draft, Note


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


class BranchMap:
    """Location names (or codes) in the source → Pustaka branch ids, with a default for the rest."""

    def __init__(self, mapping: dict[str, str] | None = None, default: str | None = None) -> None:
        self.mapping = {k.strip().lower(): v for k, v in (mapping or {}).items()}
        self.default = default

    def branch(self, location: str) -> str | None:
        key = location.strip().lower()
        if key in self.mapping:
            return self.mapping[key]
        if self.mapping and key in self.mapping.values():
            return key
        return self.default


@dataclass
class ImportJob:
    """What a format's reader is given: the settings, the branch map, and a list to which
    it adds notes about the sources as a whole."""

    format: str
    settings: ImportSettings
    branches: BranchMap
    notes: list[Note] = field(default_factory=list)

    def each(self, sources: Iterable[str], read_one: Callable[[str], list[Draft]],
             errors: tuple[type[Exception], ...] = ()) -> list[Draft]:
        """The drafts of every source, naming the source that could not be read (the
        libraries' messages name no file). ``errors``: the format's own parse errors."""
        out: list[Draft] = []
        for source in sources:
            try:
                out.extend(read_one(source))
            except PustakaError:
                raise
            except (OSError, ValueError, csv.Error, *errors) as exc:
                raise PustakaError(f"{source}: cannot be read as {self.format}: {exc}") from exc
        return out


@dataclass(frozen=True)
class ImportFormat:
    name: str
    #: What ``pustaka import --help`` says of it: "slims (bibliographic CSV export)".
    help: str
    read: Callable[[list[str], ImportJob], list[Draft]]
    #: Whether every source must be a file (an OAI-PMH harvest also takes a base URL).
    files: bool = True


_FORMATS: dict[str, ImportFormat] = {}


def register(fmt: ImportFormat) -> ImportFormat:
    assert fmt.name not in _FORMATS, f"two import formats are named {fmt.name!r}"
    _FORMATS[fmt.name] = fmt
    return fmt


def formats() -> dict[str, ImportFormat]:
    """Every import format, by name."""
    for module in pkgutil.iter_modules(importlib.import_module(__package__).__path__):
        importlib.import_module(f"{__package__}.{module.name}")
    return dict(sorted(_FORMATS.items()))
