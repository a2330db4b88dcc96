"""`pustaka export usb DIR`: the site as a folder that opens by double-clicking index.html.

The copy is built (or copied from a built site) into a staging folder beside DIR,
checked for anything that would not work from `file://`, given an Indonesian README and
a checksum manifest, and only then moved into place: a failed export leaves DIR as it was.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..build import replace_folder
from ..exceptions import PustakaError
from .manifest import MANIFEST, write_manifest
from .offline import relativize_root_page, scan_site

README = "BACA-SAYA.txt"
LOOPBACK = ("127.0.0.1", "localhost", "::1")


class ExportError(PustakaError):
    """The site cannot be exported as it is; DIR was left as it was."""


@dataclass
class UsbExport:
    target: Path
    files: int
    bytes: int
    pages: int
    warnings: list[str]


def _check_target(target: Path) -> None:
    if target.exists() and not target.is_dir():
        raise ExportError(f"{target}: exists and is not a folder")
    if target.is_dir() and os.path.ismount(target):
        # The copy is swapped in by renaming, which a mount point cannot be.
        raise ExportError(f"{target} is the stick itself; name a folder on it, e.g. {target / 'perpustakaan'}")
    if target.is_dir() and any(target.iterdir()) and not (target / MANIFEST).is_file():
        # Never delete what is not ours: only an earlier export (it has a manifest) is replaced.
        raise ExportError(f"{target}: the folder holds other files and no earlier Pustaka copy; "
                          "choose a new or empty folder")


def _readme(site_name: str, files: int, size: int, endpoints: set[str]) -> str:
    today = dt.date.today().isoformat()
    online = ", ".join(sorted(endpoints)) or "(tidak ada formulir)"
    return f"""{site_name}
Salinan luring (tanpa internet) — dibuat {today} dengan Pustaka
{'=' * 72}

MEMBUKA
  Klik dua kali berkas index.html di folder ini. Situs terbuka di peramban
  (Chrome, Firefox, Edge) tanpa internet. Jangan memindahkan berkas satu per
  satu: salin atau pindahkan seluruh folder.
  Di ponsel Android, buka index.html dari aplikasi pengelola berkas dengan
  peramban; lebih mudah lagi memakai berkas ZIM perpustakaan di aplikasi Kiwix.

YANG BERFUNGSI TANPA INTERNET
  - semua halaman: katalog, jelajah, layanan, lokasi, kegiatan;
  - pencarian katalog (kotak "Cari" di setiap halaman);
  - pindaian (perbesar dengan penampil), PDF halaman demi halaman, audio dan video;
  - huruf, ikon dan skrip ada di folder ini; tidak ada yang diambil dari internet.
  Status eksemplar (tersedia/dipinjam) dan kursi kegiatan adalah keadaan pada
  tanggal salinan ini dibuat.

FORMULIR PERMINTAAN (pinjam, pesan, tanya pustakawan, daftar kegiatan…)
  Isi formulir seperti biasa. Bila perangkat sedang luring, permintaan DISIMPAN
  di peramban ini dan terlihat di halaman "Permintaan saya"
  (permintaan-saya.html) sebagai "Menunggu dikirim". Permintaan itu dikirim
  otomatis ke perpustakaan ({online}) saat perangkat tersambung ke internet
  dan halaman situs ini dibuka lagi di peramban yang sama.
  Tidak ada internet dalam waktu dekat? Setelah mengirim, pilih
  - "Simpan sebagai berkas": permintaan diunduh sebagai berkas teks; serahkan
    berkas itu kepada petugas (mis. lewat flashdisk atau perpustakaan keliling);
  - "Kirim lewat e-mail": draf e-mail berisi permintaan terbuka di aplikasi
    e-mail Anda dan terkirim saat ada sinyal.

MEMERIKSA FLASHDISK
  Flashdisk bisa rusak. Daftar periksa ({MANIFEST}) mencatat sidik SHA-256
  setiap berkas ({files} berkas, {size / 1_000_000:.1f} MB). Periksa dengan
      pustaka verify-usb FOLDER-INI
  atau, di Linux tanpa Pustaka, dari dalam folder ini:
      sha256sum -c {MANIFEST}
  Bila ada berkas "berubah" atau "hilang", salin ulang seluruh folder dari
  perpustakaan.

(English) Open index.html. Everything works offline; requests filled in offline are
kept in this browser and sent when online, or saved as a file / e-mail draft to hand
in. Check the copy with `pustaka verify-usb DIR` or `sha256sum -c {MANIFEST}`.
"""


def _copy_site(source: Path, staging: Path) -> None:
    if not (source / "index.html").is_file():
        raise ExportError(f"{source}: no index.html; build the site first (pustaka build) or leave out --from-site")
    shutil.copytree(source, staging, symlinks=False)


def export_usb(config_file: Path, target: Path, *, from_site: Path | None = None,
               keep_going: bool | None = None) -> UsbExport:
    """Writes the USB copy into ``target`` (replacing an earlier export there)."""
    target = target.resolve()
    _check_target(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.parent / f".{target.name}.exporting-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        if from_site is not None:
            _copy_site(from_site.resolve(), staging)
            site_name = _site_name(staging)
        else:
            from ..build import build_site, load_mkdocs_config

            site_name = load_mkdocs_config(config_file).site_name
            build_site(config_file, staging, keep_going=keep_going)
        if (staging / "404.html").is_file():
            relativize_root_page(staging / "404.html")
        report = scan_site(staging)
        if report.problems:
            shown = report.problems[:50]
            more = len(report.problems) - len(shown)
            raise ExportError("the site would not work from a USB stick:\n" + "\n".join(shown)
                              + (f"\n… and {more} more" if more else ""))
        warnings = [f"request forms post to {url}, which a reader's device cannot reach; set the pustaka "
                    "plugin's endpoint in mkdocs.yml to the library's public form endpoint"
                    for url in sorted(report.endpoints) if urlsplit(url).hostname in LOOPBACK]
        size = sum(p.stat().st_size for p in staging.rglob("*") if p.is_file())
        files = sum(1 for p in staging.rglob("*") if p.is_file()) + 1  # + the README
        (staging / README).write_text(_readme(site_name, files, size, report.endpoints), encoding="utf-8")
        _, count, total = write_manifest(staging)
        _sync()
        replace_folder(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return UsbExport(target=target, files=count, bytes=total, pages=report.pages, warnings=warnings)


def _site_name(site: Path) -> str:
    import re

    # MkDocs titles pages "Page - Site name"; the home page's title ends with the site's name.
    match = re.search(r"<title>([^<]*)</title>", (site / "index.html").read_text("utf-8"))
    return html.unescape(match.group(1).rsplit(" - ", 1)[-1]) if match else "Perpustakaan"


def _sync() -> None:
    # A stick pulled out right after the command ends must still hold every byte.
    if hasattr(os, "sync"):
        os.sync()
