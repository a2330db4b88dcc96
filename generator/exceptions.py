"""The whole error hierarchy of Pustaka.

The core raises these; only `generator.cli` turns them into exit codes and text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

# Line breaks and other control characters in a message (a value quoted from a record)
# would split one problem over several lines of output and of GitHub's annotations.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    """``text`` with each control character written as an escape (``\\n``, ``\\x07``)."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one record, located as precisely as the YAML allows."""

    path: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{one_line(self.path)}:{self.line}:{self.column}"
        message = one_line(self.message)
        return f"{where}: {one_line(self.field)}: {message}" if self.field else f"{where}: {message}"


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
