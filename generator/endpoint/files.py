"""What a librarian may attach to a request as its result, and how it is served.

A result file is a literature list, a bibliometric report, a scan: documents, tables,
images, archives. The type is decided by the file name's extension from an allow-list
(never by what the browser claims), and checked against the file's first bytes where
the format has a signature, so an HTML page cannot pass as a PDF. Files are always
served as downloads (``Content-Disposition: attachment``, ``nosniff``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath
from urllib.parse import quote

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

_ZIP = (b"PK\x03\x04",)
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
#: extension → (content type, accepted first bytes, or None when the format has no signature)
ALLOWED: dict[str, tuple[str, tuple[bytes, ...] | None]] = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "txt": ("text/plain; charset=utf-8", None),
    "csv": ("text/csv; charset=utf-8", None),
    "ris": ("application/x-research-info-systems", None),
    "bib": ("application/x-bibtex", None),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "tif": ("image/tiff", (b"II*\x00", b"MM\x00*")),
    "tiff": ("image/tiff", (b"II*\x00", b"MM\x00*")),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", _ZIP),
    "odt": ("application/vnd.oasis.opendocument.text", _ZIP),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", _ZIP),
    "doc": ("application/msword", _OLE),
    "xls": ("application/vnd.ms-excel", _OLE),
    "zip": ("application/zip", _ZIP),
}


class FileRefused(ValueError):
    """An upload that cannot be kept; the message is for the librarian (Indonesian)."""


@dataclass(frozen=True)
class Upload:
    filename: str
    content_type: str
    data: bytes


def clean_name(name: str) -> str:
    """The file's own name without any folder, control characters or leading dots."""
    base = PureWindowsPath(PurePosixPath(name or "").name).name
    base = unicodedata.normalize("NFC", base)
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip().lstrip(".")
    return base[-150:] or "berkas"


def check(filename: str, data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Upload:
    name = clean_name(filename)
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED:
        kinds = ", ".join(sorted(ALLOWED))
        raise FileRefused(f"Jenis berkas .{extension or '?'} tidak diterima. Yang diterima: {kinds}.")
    if not data:
        raise FileRefused("Berkasnya kosong.")
    if len(data) > max_bytes:
        raise FileRefused(f"Berkas lebih besar dari {size_text(max_bytes)}.")
    content_type, signatures = ALLOWED[extension]
    if signatures and not data.startswith(signatures):
        raise FileRefused(f"Isi berkas bukan .{extension} seperti namanya.")
    if signatures is None:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            raise FileRefused(f"Berkas .{extension} harus berupa teks UTF-8.") from None
    return Upload(filename=name, content_type=content_type, data=data)


def disposition(filename: str) -> str:
    """``attachment`` with an ASCII fallback name and the UTF-8 one (RFC 6266 / 5987)."""
    ascii_name = re.sub(r'[^A-Za-z0-9._ -]', "_", unicodedata.normalize("NFKD", filename)) or "berkas"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")
    return f"{max(1, round(size / 1024))} KB"
