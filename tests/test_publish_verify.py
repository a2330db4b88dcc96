"""`pustaka export usb` writes a checked copy; `pustaka verify-usb` finds what a stick broke."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.exceptions import PustakaError
from generator.publish.manifest import MANIFEST
from generator.publish.offline import scan_site
from generator.publish.usb import ExportError, export_usb
from generator.publish.verify import verify_copy

from .conftest import ROOT


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)


@pytest.fixture(scope="module")
def exported(built_sample_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("export") / "usb"
    export_usb(ROOT / "mkdocs.yml", target, from_site=built_sample_site)
    return target


@pytest.fixture
def stick(exported: Path, copy_of) -> Path:
    """A private copy of the export, as if copied onto a stick."""
    return copy_of(exported)


def test_a_fresh_copy_verifies(stick: Path) -> None:
    result = _cli("verify-usb", str(stick))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "are as exported" in result.stdout


def test_a_flipped_byte_is_found(stick: Path) -> None:
    page = stick / "katalog/siti-nurbaya.html"
    data = bytearray(page.read_bytes())
    data[len(data) // 2] ^= 0x01  # one bit, as a failing flash cell does
    page.write_bytes(bytes(data))
    report = verify_copy(stick)
    assert report.changed == ["katalog/siti-nurbaya.html"] and not report.missing and not report.extra
    result = _cli("verify-usb", str(stick))
    assert result.returncode == 1
    assert "changed (checksum differs): katalog/siti-nurbaya.html" in result.stdout


def test_a_missing_and_an_extra_file_are_found(stick: Path) -> None:
    (stick / "assets/pustaka/forms.js").unlink()
    (stick / "katalog/virus.html").write_text("<script>alert(1)</script>")
    (stick / ".DS_Store").write_bytes(b"\0\0\0\x01Bud1\0\0")  # left by a Mac: not the library's, not a problem
    (stick / "katalog/._siti-nurbaya.html").write_bytes(b"\x00\x05\x16\x07\x00\x02")  # its resource fork
    result = _cli("verify-usb", str(stick))
    assert result.returncode == 1
    assert "missing: assets/pustaka/forms.js" in result.stdout
    assert "extra (not in the manifest): katalog/virus.html" in result.stdout
    assert ".DS_Store" not in result.stdout and "._siti" not in result.stdout


def test_files_that_only_look_like_os_litter_links_and_empty_folders_are_found(stick: Path, tmp_path: Path) -> None:
    (stick / "._index.html").write_text("<script>alert(1)</script>")  # an AppleDouble name, a page inside
    (stick / "katalog/desktop.ini").write_text("[.ShellClassInfo]\nIconResource=evil.dll,0\n")
    (stick / ".DS_Store").write_text("<h1>bukan berkas Mac</h1>")
    (stick / "tautan.html").symlink_to("/etc/passwd")
    (stick / "kosong/dalam").mkdir(parents=True)
    (stick / ".Trashes").mkdir()
    report = verify_copy(stick)
    assert sorted(report.extra) == [".DS_Store", "._index.html", "katalog/desktop.ini"]
    assert report.links == ["tautan.html"] and report.empty_folders == ["kosong/dalam"]
    result = _cli("verify-usb", str(stick))
    assert result.returncode == 1
    assert "link (a copy holds no links; it may lead outside the stick): tautan.html" in result.stdout
    assert "empty folder (not in the copy): kosong/dalam" in result.stdout


def test_a_page_replaced_by_a_link_is_missing_not_followed(stick: Path, tmp_path: Path) -> None:
    outside = tmp_path / "luar.html"
    outside.write_bytes((stick / "index.html").read_bytes())  # the same bytes, outside the stick
    (stick / "index.html").unlink()
    (stick / "index.html").symlink_to(outside)
    report = verify_copy(stick)
    assert report.missing == ["index.html"] and report.links == ["index.html"]


@pytest.mark.parametrize("path", ["../luar.html", "/etc/passwd", "a/../../luar.html", "a\\..\\b", "C:/x"])
def test_a_manifest_path_that_leaves_the_copy_is_a_damaged_manifest(stick: Path, path: str) -> None:
    manifest = stick / MANIFEST
    manifest.write_text(manifest.read_text() + "0" * 64 + "  " + path + "\n")
    with pytest.raises(PustakaError, match="leaves the copy's folder"):
        verify_copy(stick)


def test_a_folder_that_is_no_copy_is_a_clear_error(tmp_path: Path) -> None:
    result = _cli("verify-usb", str(tmp_path))
    assert result.returncode == 1
    assert f"no {MANIFEST} here" in result.stderr
    (tmp_path / MANIFEST).write_text("not a checksum\n")
    with pytest.raises(PustakaError, match=r"pustaka-manifest.sha256:1: not a checksum line"):
        verify_copy(tmp_path)


def test_export_refuses_a_folder_of_other_files(built_sample_site: Path, tmp_path: Path) -> None:
    (tmp_path / "skripsi-saya.docx").write_text("precious")
    with pytest.raises(ExportError, match="holds other files"):
        export_usb(ROOT / "mkdocs.yml", tmp_path, from_site=built_sample_site)
    assert (tmp_path / "skripsi-saya.docx").read_text() == "precious"


def test_export_replaces_an_earlier_copy_and_leaves_no_staging(exported: Path, built_sample_site: Path,
                                                               copy_of) -> None:
    earlier = copy_of(exported)
    (earlier / "katalog/usang.html").write_text("an item withdrawn since")
    export_usb(ROOT / "mkdocs.yml", earlier, from_site=built_sample_site)
    assert not (earlier / "katalog/usang.html").exists()
    assert verify_copy(earlier).ok
    assert [p.name for p in earlier.parent.iterdir()] == [earlier.name]


def test_a_page_that_loads_from_the_network_stops_the_export(built_sample_site: Path, copy_of,
                                                             tmp_path: Path) -> None:
    site = copy_of(built_sample_site)
    page = site / "tentang.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "</head>", '<script src="https://cdn.example/x.js"></script>\n<link rel="stylesheet" href="//fonts.example/f.css">'
                   "</head>", 1).replace("</body>", '<a href="katalog/">katalog</a></body>', 1), encoding="utf-8")
    problems = scan_site(site).problems
    assert any(p.startswith("tentang.html:") and "<script src> loads https://cdn.example/x.js" in p for p in problems)
    assert any("//fonts.example/f.css" in p for p in problems)
    assert any("ends in a folder" in p for p in problems)
    result = _cli("export", "usb", str(tmp_path / "usb"), "--from-site", str(site))
    assert result.returncode == 1
    assert "would not work from a USB stick" in result.stderr and "cdn.example" in result.stderr
    assert not (tmp_path / "usb").exists()


def test_the_sample_site_is_fit_for_a_stick(built_sample_site: Path) -> None:
    # Links to other sites (DOIs, the canonical address) are fine; only loading and folder links are not.
    report = scan_site(built_sample_site)
    assert report.pages > 300
    assert [p for p in report.problems if not p.startswith("404.html:")] == []


def test_export_builds_the_site_itself(tmp_path: Path) -> None:
    result = _cli("-q", "export", "usb", str(tmp_path / "usb"))
    assert result.returncode == 0, result.stderr
    # The sample's forms post to the local preview endpoint: the librarian is told.
    assert "Warning: request forms post to http://127.0.0.1:8001" in result.stderr
    assert (tmp_path / "usb/index.html").is_file() and verify_copy(tmp_path / "usb").ok
    assert [p.name for p in tmp_path.iterdir()] == ["usb"]  # no staging folder left behind


def test_commands_have_help() -> None:
    for args in (["export", "--help"], ["export", "usb", "--help"], ["export", "zim", "--help"],
                 ["verify-usb", "--help"]):
        result = _cli(*args)
        assert result.returncode == 0 and "Usage:" in result.stdout
