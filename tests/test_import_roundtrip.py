"""Import → build → read: a SLiMS export becomes item pages and search results a reader can use.

The round trip the importers issue asks for: `pustaka import slims` into a fresh project,
`pustaka build`, then the item pages and the catalogue search (in Chromium, from file://)
show the imported titles, authors and copies.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from .test_build import pustaka
from .test_import_cli import SLIMS, new_project

SEARCH = "katalog/cari.html"


@pytest.fixture(scope="module")
def roundtrip(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(project, built site) after importing the SLiMS fixture into a new project."""
    project = new_project(tmp_path_factory.mktemp("roundtrip"))
    out = pustaka(project, *SLIMS).stdout
    assert out.startswith("8 records read from slims: 8 created"), out
    pustaka(project, "build", "--site-dir", "out")
    return project, project / "out"


def _record(project: Path, record_id: str) -> dict:
    return yaml.safe_load((project / "collection/items" / f"{record_id}.yml").read_text(encoding="utf-8"))


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_item_pages_show_imported_titles_authors_and_copies(roundtrip: tuple[Path, Path]) -> None:
    project, site = roundtrip
    record = _record(project, "sejarah-minahasa-1985")
    page = _text((site / "katalog/sejarah-minahasa-1985.html").read_text(encoding="utf-8"))
    assert record["title"] in page and "Wulan Rondonuwu" in page
    # both copies, each at the branch the SLiMS location maps to, with its barcode
    assert [c["barcode"] for c in record["copies"]] == ["B00101", "B00102"]
    assert re.search(r"Perpustakaan Pusat \S.* B00101", page)
    assert re.search(r"Pojok Baca Kelurahan \S.* B00102", page)
    english = _text((site / "en/katalog/sejarah-minahasa-1985.html").read_text(encoding="utf-8"))
    assert record["title"] in english and "B00102" in english


def _records(project: Path) -> dict[str, dict]:
    return {path.stem: _record(project, path.stem) for path in (project / "collection/items").glob("*.yml")}


def _name(creator: str | dict) -> str:
    return creator if isinstance(creator, str) else creator["name"]  # the short form is a plain name


#: Record results only (hand-written pages such as the home page, which lists new items, may match too).
RECORD_TITLES = ".pustaka-result:not(.pustaka-result--page) .pustaka-result__title"


@pytest.mark.browser
def test_search_finds_imported_records(roundtrip: tuple[Path, Path], page) -> None:
    project, site = roundtrip
    records = _records(project)
    by_author = {k: r for k, r in records.items() if any("Rondonuwu" in _name(c) for c in r.get("creators", []))}
    assert "sejarah-minahasa-1985" in by_author
    page.goto((site / SEARCH).as_uri() + "?q=rondonuwu")  # an imported author
    page.wait_for_selector("#pustaka-search[data-state=complete]", timeout=15000)
    assert sorted(page.locator(RECORD_TITLES).all_inner_texts()) == sorted(r["title"] for r in by_author.values())
    assert "Wulan Rondonuwu" in page.locator(".pustaka-result__meta").first.inner_text()
    # the copy at the reading corner shows in the branch facet, counted once per record
    at_pojok = [r for r in by_author.values() if any(c["branch"] == "pojok" for c in r.get("copies", []))]
    label = page.locator("label[for^='f-cabang-']", has_text="Pojok Baca Kelurahan")
    assert at_pojok and label.locator(".pustaka-facet__count").inner_text() == f"({len(at_pojok)})"
    # and the result leads to the item page with its copies
    page.click("a.pustaka-result__title[href$='katalog/sejarah-minahasa-1985.html']")
    page.wait_for_url("**/katalog/sejarah-minahasa-1985.html")
    assert page.locator("td", has_text="B00102").count() == 1


@pytest.mark.browser
def test_search_by_imported_isbn_and_subject(roundtrip: tuple[Path, Path], page) -> None:
    project, site = roundtrip
    records = _records(project)
    record = records["sejarah-minahasa-1985"]
    page.goto((site / SEARCH).as_uri() + "?q=" + record["identifiers"]["isbn"])
    page.wait_for_selector("#pustaka-search[data-state=complete]", timeout=15000)
    assert page.locator(RECORD_TITLES).all_inner_texts() == [record["title"]]
    page.goto((site / SEARCH).as_uri() + "?q=minahasa&jenis=book")
    page.wait_for_selector("#pustaka-search[data-state=complete]", timeout=15000)
    titles = sorted(page.locator(RECORD_TITLES).all_inner_texts())
    expected = sorted(r["title"] for r in records.values() if r["type"] == "book" and "minahasa" in
                      " ".join([r["title"], *r.get("subjects", [])]).lower())
    assert len(expected) >= 2 and titles == expected
