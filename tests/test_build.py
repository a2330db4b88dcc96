"""Building sites: pages for every record, safe text, atomic replacement, reuse of unchanged pages."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .projects import ITEM, make_project


def pustaka(project: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=project, capture_output=True,
                            text=True, timeout=300)
    if check and result.returncode != 0:
        raise AssertionError(f"pustaka {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("proyek"), {
        "collection/items/xss.yml": """\
            type: article
            title: 'Mengamankan Situs: <script>alert("judul")</script>'
            creators: ['<img src=x onerror=alert(1)>']
            subjects: ['<b>tebal</b>']
            description: |
              Contoh serangan: <img src=x onerror=alert(2)> dan <script>alert(3)</script>.
              [tautan jahat](javascript:alert(4)) dan ![gambar luar](https://example.com/x.png)
            notes: ['Impor SLiMS: kolom "gmd_name" <Peta?> tidak dikenal', 'Sampul robek']
            """,
    })
    pustaka(project, "build", "--site-dir", "out")
    return project / "out"


def test_every_kind_of_page_is_written(site: Path) -> None:
    for page in ["index.html", "katalog/index.html", "katalog/hikayat-uji.html", "jelajah/index.html",
                 "jelajah/subjek/sejarah-lokal.html", "jelajah/pengarang/s.html", "jelajah/jenis/book.html",
                 "jelajah/dekade/1980.html", "jelajah/bahasa/id.html", "jelajah/semua.html", "layanan/index.html",
                 "layanan/peminjaman.html", "lokasi/index.html", "lokasi/pusat.html", "kegiatan/index.html",
                 "kegiatan/mendongeng.html", "en/index.html", "en/katalog/hikayat-uji.html", "404.html"]:
        assert (site / page).is_file(), page


def test_item_page_shows_its_record(site: Path) -> None:
    html = (site / "katalog/hikayat-uji.html").read_text()
    assert "<title>Hikayat Uji Coba - Perpustakaan Uji</title>" in html
    assert '<h1>Hikayat Uji Coba' in html
    assert 'href="../jelajah/pengarang/s.html#siti-aminah">Siti Aminah</a>' in html
    assert 'href="../jelajah/subjek/sejarah-lokal.html">Sejarah lokal</a>' in html
    assert re.search(r'<a href="../lokasi/pusat.html">Perpustakaan Pusat</a></td>\s*<td></td>\s*<td>B1</td>', html)
    assert ">Tersedia</span>" in html
    assert '<html lang="id"' in html


def test_notes_are_shown_as_text(site: Path) -> None:
    html = (site / "katalog/xss.html").read_text()
    assert "<dt>Catatan</dt>" in html
    assert '<li>Impor SLiMS: kolom &#34;gmd_name&#34; &lt;Peta?&gt; tidak dikenal</li><li>Sampul robek</li>' in html
    assert "<dt>Notes</dt>" in (site / "en/katalog/xss.html").read_text()


def test_english_page_has_english_interface(site: Path) -> None:
    html = (site / "en/katalog/hikayat-uji.html").read_text()
    assert '<html lang="en"' in html
    assert ">Copies</h2>" in html and ">Available</span>" in html
    # the language switch leads back to the same record in Indonesian
    assert 'href="../../katalog/hikayat-uji.html" class="md-nav__link" hreflang="id"' in html


def test_record_text_is_never_markup(site: Path) -> None:
    html = (site / "katalog/xss.html").read_text()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert not re.search(r'href="\s*javascript:', html, re.I)
    assert 'src="https://example.com/x.png"' not in html
    assert "&lt;script&gt;alert(&#34;judul&#34;)&lt;/script&gt;" in html  # the title, shown as text
    assert "&lt;img src=x onerror=alert(2)&gt;" in html  # the description, shown as text
    for page in site.rglob("*.html"):
        # only as text: escaped in HTML, or in the citation's JSON (\u003c for "<")
        text = page.read_text().replace("&lt;img src=x onerror=alert", "").replace("\\u003cimg src=x onerror=alert", "")
        assert "onerror=alert" not in text, page


def test_pages_reach_no_other_host(site: Path) -> None:
    for page in site.rglob("*.html"):
        html = page.read_text()
        for url in re.findall(r'(?:src|href)="(https?:[^"]*)"', html):
            # links a reader may follow are fine; nothing may be *loaded* from elsewhere
            loads = rf'<(?:script|img|iframe|audio|video|source)[^>]+src="{re.escape(url)}"|<link[^>]+rel="(?:stylesheet|preconnect|preload|icon)"[^>]+href="{re.escape(url)}"'
            assert not re.search(loads, html), (page, url)
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html, page


def test_item_pages_are_not_in_the_navigation(site: Path) -> None:
    nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>', (site / "index.html").read_text(), re.S)
    assert nav and "katalog/hikayat-uji" not in nav.group(0) and "katalog/index.html" in nav.group(0)


def test_failed_build_leaves_the_previous_site(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    pustaka(project, "build", "--site-dir", "out")
    before = {p.relative_to(project / "out"): p.read_bytes() for p in (project / "out").rglob("*") if p.is_file()}
    (project / "collection/items/rusak.yml").write_text("type: book\ntitle: Rusak\ndate: kemarin\n")
    result = pustaka(project, "build", "--site-dir", "out", check=False)
    assert result.returncode == 1
    assert 'collection/items/rusak.yml:3:7: date: expected a year, a date (YYYY-MM-DD) or a range, got "kemarin"' \
        in result.stderr
    after = {p.relative_to(project / "out"): p.read_bytes() for p in (project / "out").rglob("*") if p.is_file()}
    assert after == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.")], "no staging folder left behind"


def test_rebuild_reuses_unchanged_pages_and_redoes_changed_ones(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    old_citations = project / ".pustaka-cache/citations"  # formatted by an older Pustaka, now in the browser
    old_citations.mkdir(parents=True)
    (old_citations / "0123abcd.json").write_text("[]")
    first = pustaka(project, "build", "--site-dir", "out")
    assert "0 unchanged" in first.stderr
    assert not old_citations.exists()
    catalogue = project / "out/data/catalogue.json"
    meta = project / "out/assets/pustaka/search/data/meta.js"
    inodes = catalogue.stat().st_ino, meta.stat().st_ino
    second = pustaka(project, "build", "--site-dir", "out")
    # site-wide files and the search data carried over, not written again
    assert (catalogue.stat().st_ino, meta.stat().st_ino) == inodes
    pages = re.search(r"(\d+) record pages \(", first.stderr).group(1)
    assert f"(0 rendered, {pages} unchanged)" in second.stderr
    # an item is one file: its citations are made in the browser from the page
    assert [path.name for path in (project / "out/katalog").glob("hikayat-uji.*")] == ["hikayat-uji.html"]
    (project / "collection/items/hikayat-uji.yml").write_text(ITEM.replace("Hikayat Uji Coba", "Hikayat Baru"))
    third = pustaka(project, "build", "--site-dir", "out")
    assert "(0 rendered" not in third.stderr
    assert "<h1>Hikayat Baru" in (project / "out/katalog/hikayat-uji.html").read_text()
    assert "Hikayat Baru" in catalogue.read_text() and "Hikayat Baru" in (project / "out/data/catalogue.bib").read_text()
    # the page's own BibTeX, RIS and CSL-JSON follow the record
    page = (project / "out/katalog/hikayat-uji.html").read_text()
    assert "title = {{Hikayat Baru}}" in page and "TI  - Hikayat Baru" in page and '"title": "Hikayat Baru"' in page
    # a page of another record that lists the item shows the new title too
    assert "Hikayat Baru" in (project / "out/jelajah/semua.html").read_text()


def test_settings_and_navigation_changes_reach_record_pages(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    pustaka(project, "build", "--site-dir", "out")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("Perpustakaan Uji", "Perpustakaan Baru"))
    pustaka(project, "build", "--site-dir", "out")
    assert "<title>Hikayat Uji Coba - Perpustakaan Baru</title>" in (project / "out/katalog/hikayat-uji.html").read_text()
    search = project / "out/assets/pustaka/search/data"
    records_search = (search / "docs-0.js").stat().st_ino
    # a new hand-written page changes the navigation of every record page
    (project / "site_src/jadwal.md").write_text("# Jadwal Layanan\n")
    result = pustaka(project, "build", "--site-dir", "out")
    assert "(0 rendered" not in result.stderr
    assert ">Jadwal Layanan</span>" in (project / "out/katalog/hikayat-uji.html").read_text()
    # and the search finds it, while the records' search data is carried over as it was
    assert '["jadwal.html","Jadwal Layanan","id","page"]' in (search / "meta.js").read_text()
    assert (search / "docs-0.js").stat().st_ino == records_search


def test_plain_mkdocs_build_works_too(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", "plain"], cwd=project,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert (project / "plain/katalog/hikayat-uji.html").is_file()


def test_plain_mkdocs_build_reports_bad_records(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"collection/items/rusak.yml": "type: buku\ntitle: R\n"})
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", "plain"], cwd=project,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert 'collection/items/rusak.yml:1:7: type: expected one of:' in result.stderr


@pytest.mark.parametrize("command", ["pustaka build", "mkdocs build"])
def test_a_build_that_fails_midway_stops_the_work_beside_the_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   command: str) -> None:
    # Feeds, open data and search data are written by another process from the moment the
    # site folder is emptied; a failure after that (here: planning the pages) must stop it.
    from mkdocs.commands.build import build as mkdocs_build

    from generator import plugin
    from generator.build import build_site, load_mkdocs_config

    project = make_project(tmp_path / "p")
    started = tmp_path / "beside.pid"

    def slow_record_files(*args, **kwargs):
        started.write_text(str(os.getpid()))
        time.sleep(120)
        return []

    def failing_plan(*args, **kwargs):
        deadline = time.monotonic() + 30
        while not started.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        raise RuntimeError("the plan broke")

    monkeypatch.setattr(plugin, "write_record_files", slow_record_files)
    monkeypatch.setattr(plugin, "plan_site", failing_plan)
    clock = time.monotonic()
    with pytest.raises(RuntimeError, match="the plan broke"):
        if command == "pustaka build":
            build_site(project / "mkdocs.yml", tmp_path / "site")
        else:
            mkdocs_build(load_mkdocs_config(project / "mkdocs.yml", site_dir=str(tmp_path / "site")))
    assert time.monotonic() - clock < 60, "the failed build waited for the work beside it"
    pid = int(started.read_text())
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # stopped and reaped
    if command == "pustaka build":  # the site is only ever replaced whole
        assert not (tmp_path / "site").exists() and not [p for p in tmp_path.iterdir() if p.name.startswith(".site.")]
