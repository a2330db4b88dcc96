"""What every metadata format reads from a record: people, dates, files, URLs.

Plain functions over the validated record dicts of `generator.records`; no MkDocs, no
HTML. Each format module (tags, citations, feeds, OAI) maps these to its own vocabulary.
"""

from __future__ import annotations

import datetime as dt
import functools
import mimetypes
import re
from typing import Any, Callable, TypeVar

from ..site.text import plain
from ..site.urls import MEDIA_FOLDER, item_url, record_path, record_url

T = TypeVar("T")

IMAGE_EXTENSIONS = ("jpg", "jpeg", "png", "webp", "gif")
#: File name endings of citation exports, by kind (a collection's exports, for reference managers).
CITATION_SUFFIXES = {"bibtex": ".bib", "ris": ".ris", "csl": ".csl.json"}
FEED_FOLDER = "feed"


def text(value: Any, lang: str = "id") -> str:
    """A record's text field (plain or ``{id: …, en: …}``) in one language."""
    if not value:
        return ""
    if isinstance(value, str):
        return value
    return value.get(lang) or value.get("id") or next(iter(value.values()), "")


def full_title(item: dict) -> str:
    return f"{item['title']}: {item['subtitle']}" if item.get("subtitle") else item["title"]


def authors(item: dict) -> list[dict]:
    """The people a citation names as authors (creators; editors stand in when no creator)."""
    return list(item.get("creators", []))


def contributors(item: dict) -> list[dict]:
    return list(item.get("contributors", []))


#: Words that mark a name as an organisation (printed whole, never inverted).
ORGANISATION_WORDS = frozenset("""
tim panitia dinas badan bagian kantor sekretariat pemerintah kementerian lembaga yayasan perpustakaan
universitas institut sekolah akademi politeknik balai pusat sanggar komunitas kelompok himpunan ikatan
persatuan perkumpulan koperasi museum arsip jemaat gereja masjid desa kelurahan kota kabupaten provinsi
dprd pt cv anonim committee department society association university library museum office team
""".split())
_PERSONAL = re.compile(r"[^\W\d_]+(?:[.'’ -]+[^\W\d_]+)*\.?")  # letters, dots, apostrophes, hyphens: a person's name
_ROMAN = frozenset("ii iii iv v vi vii viii ix x xi xii".split())


def is_organisation(name: str) -> bool:
    words = [w.strip(".,()").lower() for w in name.split()]
    return any(w in ORGANISATION_WORDS for w in words) or len(words) > 5


def split_name(name: str) -> dict[str, str]:
    """CSL name parts of a person or organisation as the record writes it.

    Many Indonesian names have no family name in the Western sense (Sukarno, Mangkunegara
    IV); librarians who want a name inverted write it "Family, Given" (as SLiMS does).
    Otherwise a name of two to four words is split at its last word, as Zotero does, unless
    it looks like an organisation or ends in a regnal number; anything else stays whole."""
    name = " ".join(name.split())
    if is_organisation(name):
        return {"literal": name}
    if name.count(",") == 1:
        family, _, given = name.partition(",")
        return {"family": family.strip(), "given": given.strip()}
    words = name.split()
    if (not 2 <= len(words) <= 4 or words[-1].lower().strip(".") in _ROMAN or "," in name
            or not _PERSONAL.fullmatch(name)):
        return {"literal": name}
    return {"family": words[-1], "given": " ".join(words[:-1])}


def date_parts(item: dict) -> list[list[int]] | None:
    """CSL date-parts: [[1985]], [[1985, 3, 12]], or [[1980], [1989]] for a range."""
    date = item.get("date")
    if date is None:
        return None
    if "/" in date.text:
        return [[date.year], [date.end_year]]
    return [[int(p) for p in date.text.lstrip("-").split("-")]]


def iso_date(item: dict) -> str | None:
    """The publication date as ISO 8601 (a range becomes ``1980/1989``)."""
    date = item.get("date")
    return date.text if date is not None else None


def highwire_date(item: dict) -> str | None:
    """Google Scholar wants ``YYYY/MM/DD`` or ``YYYY``; a range gives its first year."""
    date = item.get("date")
    if date is None:
        return None
    if "/" in date.text:
        return str(date.year)
    return date.text.replace("-", "/")


def file_mime(file: dict) -> str:
    return file.get("mime") or mimetypes.guess_type(file["path"])[0] or "application/octet-stream"


def is_image(file: dict) -> bool:
    return file["path"].rsplit(".", 1)[-1].lower() in IMAGE_EXTENSIONS


def cover(item: dict) -> dict | None:
    """The first image an item has (what shared links and feeds show)."""
    return next((f for f in item.get("files", []) if is_image(f)), None)


def pdfs(item: dict) -> list[dict]:
    return [f for f in item.get("files", []) if file_mime(f) == "application/pdf"]


def media_url(path: str) -> str:
    """A record file's URL relative to the site root."""
    return f"{MEDIA_FOLDER}/{path}"


def absolute(site_url: str, relative_url: str) -> str | None:
    """An absolute URL under ``site_url``; None when the site has no ``site_url``."""
    return f"{site_url.rstrip('/')}/{relative_url}" if site_url else None


def item_page(item_id: str, lang: str = "id") -> str:
    return item_url(lang, item_id)


def event_page(event_id: str, lang: str = "id") -> str:
    return record_url(lang, "events", event_id)


def event_calendar(event_id: str) -> str:
    return record_path("events", event_id, ".ics")


def for_last_record(make: Callable[..., T]) -> Callable[..., T]:
    """``make(record, **options)``, remembered for the last record (and options) asked for.

    A record's two language pages are rendered one after the other (render.writer.write_pages
    sorts them so): what the second needs that depends on the record alone was made for the
    first. The record object itself is the key, so an edited record is never confused with
    the one before."""
    last: list[Any] = [None, None, None]

    @functools.wraps(make)
    def remembered(record: dict, **options: Any) -> T:
        if last[0] is not record or last[1] != options:
            last[:] = [record, options, make(record, **options)]
        return last[2]

    return remembered


def summary(item: dict, length: int = 300) -> str:
    return plain(item.get("description"), length) if item.get("description") else ""


def identifiers(item: dict) -> dict[str, str]:
    return dict(item.get("identifiers", {}))


def added(item: dict) -> dt.date | None:
    return item.get("added")


def pages_range(pages: str | None) -> tuple[str | None, str | None]:
    """``"10-20"`` → (``"10"``, ``"20"``)."""
    if not pages:
        return None, None
    for dash in ("–", "—", "-"):
        if dash in pages:
            first, _, last = pages.partition(dash)
            return first.strip() or None, last.strip() or None
    return pages.strip(), None
