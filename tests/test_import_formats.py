"""Import formats register themselves (generator/importers/registry.py): a new format is one
module, which the command line then offers, documents and runs with no other edit."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import generator.importers as importers
from generator.cli import cli
from generator.importers import registry

from .projects import make_project

ZINES = '''
from pathlib import Path

from generator.importers.common import Draft
from generator.importers.registry import ImportFormat, ImportJob, register


def _read(sources: list[str], job: ImportJob) -> list[Draft]:
    return job.each(sources, lambda source: [
        Draft(source_id=line, where=f"{source}:{n}", fields={"type": "periodical", "title": line})
        for n, line in enumerate(Path(source).read_text(encoding="utf-8").splitlines(), start=1) if line])


register(ImportFormat("zines", "one zine title per line", _read))
'''


@pytest.fixture
def zines_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A format module outside the source tree, on the package's path as if it were in it."""
    folder = tmp_path / "more-importers"
    folder.mkdir()
    (folder / "zines.py").write_text(ZINES, encoding="utf-8")
    monkeypatch.setattr(importers, "__path__", [*importers.__path__, str(folder)])
    monkeypatch.setattr(registry, "_FORMATS", dict(registry._FORMATS))
    yield
    sys.modules.pop("generator.importers.zines", None)


def test_each_built_in_format_is_registered_once_with_help():
    known = importers.formats()
    assert set(known) == {"csv", "marc", "marcxml", "mods", "oai", "slims"}
    assert all(fmt.help and fmt.name == name for name, fmt in known.items())
    with pytest.raises(AssertionError, match="two import formats"):
        registry.register(known["csv"])


def test_a_new_format_is_one_module(zines_module, tmp_path: Path):
    project = make_project(tmp_path / "project", {})
    source = tmp_path / "zines.txt"
    source.write_text("Buletin Pesisir\nWarta Nelayan\n", encoding="utf-8")
    runner = CliRunner()

    help_text = runner.invoke(cli, ["import", "--help"]).output
    assert "zines" in help_text and "one zine title per line" in help_text
    result = runner.invoke(cli, ["import", "zines", str(source), "-f", str(project / "mkdocs.yml")])
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (project / "collection" / "items").glob("*.yml"))
    assert "buletin-pesisir.yml" in written and "warta-nelayan.yml" in written


def test_an_unknown_format_is_refused_with_the_known_ones():
    result = CliRunner().invoke(cli, ["import", "zines", "x.txt"])
    assert result.exit_code == 2
    assert "'zines' is not one of 'csv', 'marc', 'marcxml', 'mods', 'oai', 'slims'" in result.output
