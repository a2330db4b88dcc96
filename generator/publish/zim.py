"""`pustaka export zim FILE`: the site as one ZIM file for Kiwix (Android, desktop) and
Internet-in-a-Box hotspots, with libzim's full-text and title search.

Every file of the built site goes in under its own path, so the site's relative links
keep working inside the reader; HTML pages are "front articles" (listed, searched and
suggested by title). libzim indexes the pages' text itself (Xapian, language "ind").
"""

from __future__ import annotations

import datetime as dt
import html
import io
import mimetypes
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..exceptions import PustakaError

# Types the stdlib does not know everywhere; Kiwix serves each entry with the type given here.
MIMETYPES = {
    ".html": "text/html", ".js": "application/javascript", ".mjs": "application/javascript", ".css": "text/css",
    ".json": "application/json", ".webp": "image/webp", ".woff2": "font/woff2", ".woff": "font/woff",
    ".svg": "image/svg+xml", ".vtt": "text/vtt", ".atom": "application/atom+xml", ".rss": "application/rss+xml",
    ".xml": "application/xml", ".gz": "application/gzip", ".ics": "text/calendar", ".csv": "text/csv",
    ".bib": "application/x-bibtex", ".ris": "application/x-research-info-systems", ".txt": "text/plain",
    ".mp3": "audio/mpeg", ".ogg": "audio/ogg", ".opus": "audio/ogg", ".mp4": "video/mp4", ".webm": "video/webm",
}
# Already compressed: zstd would spend time for nothing.
STORED = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".gz", ".woff2", ".woff", ".mp3", ".mp4", ".webm", ".ogg",
          ".opus", ".pdf", ".zip"}
TITLE = re.compile(r"<title>([^<]*)</title>", re.IGNORECASE)


class ZimError(PustakaError):
    """The ZIM file could not be written; no partial file is left behind."""


@dataclass
class ZimExport:
    path: Path
    entries: int
    pages: int
    bytes: int


def mimetype_of(path: Path) -> str:
    suffix = path.suffix.lower()
    return MIMETYPES.get(suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def page_title(text: str, site_name: str) -> str:
    """The page's <title> without the " - site name" MkDocs adds (Kiwix shows the book's name)."""
    match = TITLE.search(text)
    title = html.unescape(match.group(1)).strip() if match else ""
    suffix = f" - {site_name}"
    return title[: -len(suffix)] if title.endswith(suffix) and title != suffix else title


def _illustration(site: Path, site_name: str) -> bytes:
    """The 48×48 PNG Kiwix shows in its library: the site's favicon, or the initial of its name."""
    from PIL import Image, ImageDraw

    favicon = site / "assets/images/favicon.png"
    if favicon.is_file():
        with Image.open(favicon) as image:
            icon = image.convert("RGBA").resize((48, 48), Image.LANCZOS)
    else:
        icon = Image.new("RGBA", (48, 48), (0, 105, 92, 255))
        ImageDraw.Draw(icon).text((17, 14), (site_name[:1] or "P").upper(), fill="white")
    out = io.BytesIO()
    icon.save(out, format="PNG")
    return out.getvalue()


def _name(site_name: str) -> str:
    # Kiwix names books publisher_language_selection, lowercase with hyphens.
    slug = re.sub(r"[^a-z0-9]+", "-", site_name.lower()).strip("-") or "pustaka"
    return f"{slug}_id_all"


def _clip(text: str, limit: int) -> str:
    # Kiwix refuses longer Title (30) and Description (80) metadata.
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def write_zim(site: Path, out: Path, *, site_name: str, description: str | None = None,
              language: str = "ind", title: str | None = None) -> ZimExport:
    """Packs the built site in ``site`` into ``out`` (written beside it, then renamed)."""
    from libzim.writer import Creator, FileProvider, Hint, Item, StringProvider

    class SiteFile(Item):
        def __init__(self, path: str, title: str, mimetype: str, source: Path | None = None, content: bytes = b"",
                     front: bool = False, compress: bool = True) -> None:
            super().__init__()
            self.path, self.title, self.mimetype = path, title, mimetype
            self.source, self.content, self.front, self.compress = source, content, front, compress

        def get_path(self) -> str:
            return self.path

        def get_title(self) -> str:
            return self.title

        def get_mimetype(self) -> str:
            return self.mimetype

        def get_contentprovider(self):
            return StringProvider(self.content) if self.source is None else FileProvider(str(self.source))

        def get_hints(self) -> dict:
            return {Hint.FRONT_ARTICLE: self.front, Hint.COMPRESS: self.compress}

    site = site.resolve()
    if not (site / "index.html").is_file():
        raise ZimError(f"{site}: no index.html; build the site first")
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.writing-{os.getpid()}")
    partial.unlink(missing_ok=True)
    entries = pages = 0
    try:
        creator = Creator(str(partial)).config_indexing(True, language)
        with creator:
            creator.set_mainpath("index.html")
            creator.add_illustration(48, _illustration(site, site_name))
            metadata = {
                "Name": _name(site_name), "Title": _clip(title or site_name, 30),
                "Description": _clip(description or f"Katalog, layanan dan koleksi digital {site_name}", 80),
                "LongDescription": f"{site_name}: katalog, koleksi digital, layanan, lokasi dan kegiatan "
                                   "perpustakaan, dibuat dengan Pustaka.",
                "Language": language, "Creator": site_name, "Publisher": site_name,
                "Date": dt.date.today().isoformat(), "Tags": "_category:other;_pictures:yes;_videos:yes;_details:yes",
                "Source": "Pustaka",
            }
            for key, value in metadata.items():
                creator.add_metadata(key, value)
            for path in sorted(site.rglob("*")):
                if not path.is_file():
                    continue
                rel = path.relative_to(site).as_posix()
                mimetype = mimetype_of(path)
                if mimetype == "text/html":
                    text = path.read_text(encoding="utf-8", errors="replace")
                    # 404.html is for web servers; its root-relative links lead nowhere in a ZIM.
                    front = rel != "404.html"
                    creator.add_item(SiteFile(rel, page_title(text, site_name) or rel, mimetype,
                                              content=text.encode("utf-8"), front=front))
                    pages += front
                else:
                    creator.add_item(SiteFile(rel, "", mimetype, source=path,
                                              compress=path.suffix.lower() not in STORED))
                entries += 1
        os.replace(partial, out)
    except PustakaError:
        partial.unlink(missing_ok=True)
        raise
    except Exception as exc:
        partial.unlink(missing_ok=True)
        raise ZimError(f"{out}: the ZIM file could not be written: {exc}") from exc
    return ZimExport(path=out, entries=entries, pages=pages, bytes=out.stat().st_size)


def export_zim(config_file: Path, out: Path, *, from_site: Path | None = None,
               keep_going: bool | None = None, title: str | None = None) -> ZimExport:
    """Builds the site (or takes ``from_site``) and packs it into the ZIM file ``out``.
    ``title``: what Kiwix lists the file as (30 characters at most; default the site name)."""
    if title is not None and len(title) > 30:
        raise ZimError(f"--title: Kiwix shows at most 30 characters, got {len(title)}: {title!r}")
    from ..build import build_site, load_mkdocs_config

    if from_site is not None:
        from .usb import _site_name

        return write_zim(from_site, out, site_name=_site_name(from_site), title=title)
    config = load_mkdocs_config(config_file)
    with tempfile.TemporaryDirectory(prefix="pustaka-zim-") as tmp:
        site = Path(tmp) / "site"
        build_site(config_file, site, keep_going=keep_going)
        result = write_zim(site, out, site_name=config.site_name, description=config.site_description, title=title)
        shutil.rmtree(site, ignore_errors=True)
    return result
