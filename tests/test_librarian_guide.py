"""The librarian's guide (site_src/panduan-pustakawan.md and its English copy) quotes the
validator; these tests hold the quotes to what `pustaka validate` really says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import ROOT
from .projects import make_project
from .test_build import pustaka

GUIDES = [ROOT / "site_src/panduan-pustakawan.md", ROOT / "site_src/en/panduan-pustakawan.md"]
EXAMPLE = re.compile(r"<!-- contoh: (\S+) -->\n```yaml\n(.*?)```", re.S)
OUTPUT = re.compile(r"<!-- keluaran -->\n```text\n(.*?)```", re.S)


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.relative_to(ROOT / "site_src").as_posix())
def test_the_quoted_messages_are_what_validate_prints(guide: Path, tmp_path: Path) -> None:
    text = guide.read_text(encoding="utf-8")
    examples = dict(EXAMPLE.findall(text))
    (quoted,) = OUTPUT.findall(text)
    assert len(examples) >= 2, "the guide lost its example records"
    # The same small project the other CLI tests use: a branch with the id "pusat".
    project = make_project(tmp_path, examples)
    result = pustaka(project, "validate", check=False)
    assert result.returncode == 1
    assert result.stderr.splitlines() == quoted.splitlines(), (
        f"{guide.name} quotes messages validate no longer prints; update the guide:\n{result.stderr}")


def test_every_message_explained_in_the_table_is_quoted_above_it() -> None:
    text = GUIDES[0].read_text(encoding="utf-8")
    (match,) = OUTPUT.finditer(text)
    quoted = match.group(1)
    table = text[match.end():]  # the table of messages follows the example output
    phrases = re.findall(r"^\| `([^`]+)` \|", table, re.M)
    assert len(phrases) >= 5
    for phrase in phrases:
        parts = [part.strip() for part in re.split(r"…|\"", phrase) if part.strip()]
        assert all(part in quoted for part in parts), f"the table explains {phrase!r}, which no example shows"


def test_the_guides_are_in_the_navigation_and_both_languages() -> None:
    import yaml

    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python", "#"))
    assert {"Panduan pustakawan": "panduan-pustakawan.md"} in config["nav"]
    assert all(guide.exists() for guide in GUIDES)


def test_the_built_guide_links_to_its_english_copy(built_sample_site: Path) -> None:
    page = (built_sample_site / "panduan-pustakawan.html").read_text(encoding="utf-8")
    assert 'href="en/panduan-pustakawan.html"' in page and "<h1" in page and "Panduan pustakawan" in page
    english = (built_sample_site / "en/panduan-pustakawan.html").read_text(encoding="utf-8")
    assert "Librarian&#39;s guide" in english or "Librarian's guide" in english


# -- editor completion: the schema comment on every record ---------------------------------------

SCHEMA_LINE = re.compile(r"\A# yaml-language-server: \$schema=(\S+)\n")


def _records() -> list[Path]:
    from generator.records.collection import record_files

    return [path for _, path in record_files(ROOT / "collection")]


def test_every_sample_record_names_the_schema_of_its_kind() -> None:
    import json

    import jsonschema
    import yaml

    from generator.records import SINGULAR

    records = _records()
    assert len(records) > 50
    wrong = []
    for path in records:
        text = path.read_text(encoding="utf-8")
        match = SCHEMA_LINE.match(text)
        kind = SINGULAR[path.parent.name]
        target = (path.parent / match.group(1)).resolve() if match else None
        if target is None or target.name != f"{kind}.schema.json" or not target.is_file():
            wrong.append(f"{path.relative_to(ROOT)}: {text.splitlines()[0] if text else ''}")
            continue
        # What the editor would check: the record is valid against the schema it names.
        data = json.loads(json.dumps(yaml.safe_load(text), default=str))
        errors = sorted(jsonschema.Draft202012Validator(json.loads(target.read_text())).iter_errors(data), key=str)
        wrong += [f"{path.relative_to(ROOT)}: {'/'.join(map(str, e.path))}: {e.message}" for e in errors[:3]]
    assert not wrong, "\n".join(wrong)


def test_new_records_in_this_repository_point_at_its_own_schemas() -> None:
    from generator.records import SCHEMA_DIR, schema_comment, schema_folder

    collection = ROOT / "collection"
    assert schema_folder(collection) == SCHEMA_DIR  # nothing is copied into the sample's collection
    assert schema_comment(collection / "events/baru.yml", collection) == \
        "# yaml-language-server: $schema=../../generator/schemas/event.schema.json\n"
    assert not (collection / ".schemas").exists()


@pytest.mark.browser
def test_the_guide_reads_well_in_chromium(built_sample_site: Path, http_server, page) -> None:
    from .conftest import assert_no_axe_violations

    base = http_server(built_sample_site)
    for url, heading in (("panduan-pustakawan.html", "Panduan pustakawan"), ("en/panduan-pustakawan.html",
                                                                             "Librarian's guide")):
        page.goto(base + url)
        assert page.locator("h1").first.inner_text() == heading
        assert_no_axe_violations(page)
    # The in-page link to the preview section lands on it.
    page.get_by_role("link", name="Previewing", exact=True).click()
    assert page.url.endswith("#previewing-before-publishing")
    assert page.locator("#previewing-before-publishing").is_visible()
