"""The whole error hierarchy of Pustaka.

The core raises these; only `generator.cli` turns them into exit codes and text.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one record, located as precisely as the YAML allows."""

    path: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class PustakaError(Exception):
    """Base of every error Pustaka raises on purpose."""


class ConfigError(PustakaError):
    """The site or plugin configuration cannot be used."""


class ValidationFailed(PustakaError):
    """One or more records are invalid; carries every problem of the run."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = "\n".join(str(p) for p in self.problems)
        super().__init__(f"{count} {noun} in the collection:\n{lines}")


class BuildError(PustakaError):
    """The site could not be built; the previous site was left in place."""

    def __init__(self, message: str, *, site_dir: Path | None = None) -> None:
        self.site_dir = site_dir
        suffix = f" (the site in {site_dir} was left as it was)" if site_dir else ""
        super().__init__(message + suffix)
