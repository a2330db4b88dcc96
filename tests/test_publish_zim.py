"""`pustaka export zim`: the sample library as a ZIM file, read back with libzim's own
reader and searched with its full-text and title (suggestion) search, as Kiwix does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from libzim.reader import Archive
from libzim.search import Query, Searcher
from libzim.suggestion import SuggestionSearcher

from generator.publish.zim import ZimError, page_title, write_zim

from .conftest import ROOT


@pytest.fixture(scope="module")
def zim_file(built_sample_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("zim") / "perpustakaan.zim"
    result = subprocess.run([sys.executable, "-m", "generator.cli", "export", "zim", str(out),
                             "--from-site", str(built_sample_site), "--title", "Perpustakaan Tanjung Lestari"],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "Wrote" in result.stdout
    return out


def test_archive_opens_with_its_main_page_and_metadata(zim_file: Path) -> None:
    archive = Archive(zim_file)
    assert archive.main_entry.get_item().path == "index.html"
    assert archive.has_fulltext_index and archive.has_title_index
    metadata = {key: archive.get_metadata(key).decode() for key in
                ("Name", "Title", "Description", "Language", "Creator", "Publisher", "Date")}
    assert metadata["Language"] == "ind"
    assert len(metadata["Title"]) <= 30 and len(metadata["Description"]) <= 80
    assert metadata["Title"] == "Perpustakaan Tanjung Lestari"  # --title, not the clipped site name
    assert metadata["Creator"] == "Perpustakaan Umum Kota Tanjung Lestari"
    illustration = archive.get_illustration_item(48).content.tobytes()
    assert illustration.startswith(b"\x89PNG")


def test_pages_and_assets_keep_their_paths(zim_file: Path, built_sample_site: Path) -> None:
    archive = Archive(zim_file)
    item = archive.get_entry_by_path("katalog/siti-nurbaya.html")
    assert item.title == "Sitti Nurbaya"
    content = item.get_item()
    assert content.mimetype == "text/html"
    assert bytes(content.content) == (built_sample_site / "katalog/siti-nurbaya.html").read_bytes()
    assert archive.get_entry_by_path("assets/pustaka/forms.js").get_item().mimetype == "application/javascript"
    files = sum(1 for p in built_sample_site.rglob("*") if p.is_file())
    assert archive.entry_count >= files
    # Scans are in: a page's derivative images resolve inside the archive.
    webp = next(p for p in built_sample_site.rglob("*.webp"))
    assert archive.has_entry_by_path(webp.relative_to(built_sample_site).as_posix())


def test_full_text_search_finds_a_sample_record(zim_file: Path) -> None:
    archive = Archive(zim_file)
    search = Searcher(archive).search(Query().set_query("Nurbaya"))
    paths = list(search.getResults(0, 10))
    assert "katalog/siti-nurbaya.html" in paths
    # Words from the record's description, not only its title.
    found = list(Searcher(archive).search(Query().set_query("Datuk Maringgih")).getResults(0, 20))
    assert "katalog/siti-nurbaya.html" in found


def test_title_suggestions_find_a_sample_record(zim_file: Path) -> None:
    archive = Archive(zim_file)
    suggested = list(SuggestionSearcher(archive).suggest("Sitti Nur").getResults(0, 10))
    assert "katalog/siti-nurbaya.html" in suggested


def test_page_titles_drop_the_site_name() -> None:
    assert page_title("<title>Sitti Nurbaya - Perpustakaan X</title>", "Perpustakaan X") == "Sitti Nurbaya"
    assert page_title("<title>A &amp; B</title>", "Perpustakaan X") == "A & B"


def test_no_site_no_file(tmp_path: Path) -> None:
    with pytest.raises(ZimError, match="no index.html"):
        write_zim(tmp_path, tmp_path / "x.zim", site_name="X")
    assert not list(tmp_path.glob("*.zim")) and not list(tmp_path.glob(".*"))


def test_a_title_kiwix_would_refuse_is_explained(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "generator.cli", "export", "zim", str(tmp_path / "x.zim"),
                             "--from-site", str(tmp_path), "--title", "Perpustakaan Umum Kota Tanjung Lestari"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "at most 30 characters, got 38" in result.stderr
