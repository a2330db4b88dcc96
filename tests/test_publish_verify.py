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
    (stick / ".DS_Store").write_bytes(b"\0")  # left by a Mac: not the library's, not a problem
    result = _cli("verify-usb", str(stick))
    assert result.returncode == 1
    assert "missing: assets/pustaka/forms.js" in result.stdout
    assert "extra (not in the manifest): katalog/virus.html" in result.stdout
    assert ".DS_Store" not in result.stdout


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
