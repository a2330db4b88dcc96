"""What an item page shows of each of its files: derivatives, viewer, reader, player.

URLs are relative to the site root, like every URL of the page model; templates make
them relative to the page.
"""

from __future__ import annotations

from typing import Any

from ..media.process import AUDIO, DERIVED, ORIGINALS, VIDEO, kind_of
from .i18n import Translator


def _pair(folder: str, name: str, size: dict[str, int]) -> dict[str, Any]:
    return {"webp": f"{folder}/{name}.webp", "jpg": f"{folder}/{name}.jpg",
            "width": size["width"], "height": size["height"]}


#: The media interface, (Indonesian, English); kept here rather than in i18n.UI so the
#: viewer's strings travel with it.
TEXT = {
    "media": ("Berkas digital", "Digital files"),
    "zoom": ("Perbesar", "Zoom"),
    "zoom_open": ("Perbesar gambar: {label}", "Zoom into the image: {label}"),
    "zoom_in": ("Perbesar", "Zoom in"),
    "zoom_out": ("Perkecil", "Zoom out"),
    "zoom_home": ("Ukuran semula", "Fit to screen"),
    "close": ("Tutup", "Close"),
    "viewer_help": ("Seret untuk menggeser, cubit atau gulir untuk memperbesar; tombol + dan − juga bisa.",
                    "Drag to pan, pinch or scroll to zoom; the + and − keys work too."),
    "pages": ("{n} halaman", "{n} pages"),
    "page": ("Halaman {n}", "Page {n}"),
    "page_of": ("Halaman {page} dari {pages}", "Page {page} of {pages}"),
    "previous_page": ("Halaman sebelumnya", "Previous page"),
    "next_page": ("Halaman berikutnya", "Next page"),
    "go_to_page": ("Ke halaman", "Go to page"),
    "reader": ("Baca di halaman ini", "Read on this page"),
    "download": ("Unduh", "Download"),
    "download_original": ("Unduh berkas asli", "Download the original"),
    "cover_of": ("Sampul {label}", "Cover of {label}"),
    "transcript": ("Transkrip", "Transcript"),
    "captions": ("Teks", "Captions"),
    "no_player": ("Peramban ini tidak dapat memutar berkas ini; silakan unduh.",
                  "This browser cannot play the file; please download it."),
}


def media_text(lang: str) -> dict[str, str]:
    index = 0 if lang == "id" else 1
    return {key: pair[index] for key, pair in TEXT.items()}


def file_views(item: dict, media_info: dict[str, dict[str, Any]], t: Translator) -> list[dict[str, Any]]:
    views = []
    for number, file in enumerate(item.get("files", [])):
        path = file["path"]
        info = media_info.get(path, {})
        kind = info.get("kind") or kind_of(path)
        folder = f"{DERIVED}/{path}"
        ext = path.rsplit(".", 1)[-1].lower()
        view: dict[str, Any] = {
            "id": f"berkas-{number + 1}", "kind": kind, "path": path, "url": f"{ORIGINALS}/{path}",
            "name": path.rsplit("/", 1)[-1], "label": t.text(file.get("label")), "alt": t.text(file.get("alt")),
            "mime": file.get("mime") or AUDIO.get(ext) or VIDEO.get(ext) or ("application/pdf" if kind == "pdf" else ""),
            "bytes": info.get("bytes"), "size": human_size(info.get("bytes"), t.lang), "failed": "error" in info,
            "captions": f"{ORIGINALS}/{file['captions']}" if file.get("captions") else None,
            "transcript": f"{ORIGINALS}/{file['transcript']}" if file.get("transcript") else None,
            "thumb": None, "read": None, "tiles": None, "pages": None, "page_images": [],
        }
        if file.get("captions"):
            view["cues"] = media_info.get(file["captions"], {}).get("cues", [])
        if "key" in info and "thumb" in info:
            view["thumb"] = _pair(folder, "thumb", info["thumb"])
        if kind == "image" and "read" in info:
            view["read"] = _pair(folder, "read", info["read"])
            view["width"], view["height"] = info["width"], info["height"]
            if info.get("tiles"):
                # The viewer's tile source, with its id made relative to the page by the template.
                view["tiles"] = {"base": f"{folder}/tiles", "info": info["tiles"]["info"]}
        if kind == "pdf" and "pages" in info:
            view["pages"] = info["pages"]
            view["page_images"] = [_pair(f"{folder}/pages", f"{n + 1:04d}", size)
                                   for n, size in enumerate(info.get("page_images", []))]
            # The reader script builds page n's URL from the folder: pages/0001.webp …
            view["pages_base"] = f"{folder}/pages"
            view["page_sizes"] = [[size["width"], size["height"]] for size in info.get("page_images", [])]
        views.append(view)
    return views


def human_size(size: int | float | None, lang: str) -> str:
    """``418,2 KB`` in Indonesian, ``418.2 KB`` in English."""
    if size is None:
        return ""
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            break
        size /= 1024
    text = f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
    return text.replace(".", ",") if lang == "id" else text
