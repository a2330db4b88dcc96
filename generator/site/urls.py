"""The site's addresses: its sections, its page and index URLs, and the language of a URL.

Every URL is relative to the site root and names a file (``katalog/babad-tanah-jawi.html``,
``layanan/index.html``), so that the site works from a USB stick (``file://``), where a link
to a folder opens a file listing instead of the page. Record pages are files, not folders: a
catalogue of 10,000 items then costs 10,000 files rather than 10,000 folders more to write,
copy and delete. The first language's pages sit at the root, every other language's under
its code (``en/katalog/…``). The endpoint builds links back into the site from here too.
"""

from __future__ import annotations

#: The site's languages, the first at the root and each other under its code (and the
#: interface text's: `i18n` has one column per language, in this order).
LANGUAGES = ("id", "en")

#: URL folder of each section; the same in both languages (English lives under en/).
SECTIONS = {
    "home": "",
    "catalogue": "katalog",
    "browse": "jelajah",
    "services": "layanan",
    "branches": "lokasi",
    "events": "kegiatan",
}
#: The section that holds the pages of each kind of record (``collection.items`` → katalog/).
RECORD_SECTIONS = {"items": "catalogue", "services": "services", "branches": "branches", "events": "events"}
#: URL folder of each browse facet, under the browse section.
FACET_SLUGS = {"type": "jenis", "subject": "subjek", "creator": "pengarang", "decade": "dekade",
               "collection": "koleksi", "language": "bahasa"}
#: The catalogue search page (``katalog/cari.html``).
SEARCH_PATH = (SECTIONS["catalogue"], "cari")
#: The page that shows one ticket from ``#ticket/token`` (the endpoint links readers to it).
STATUS_PAGE = "status-tiket"
#: Where the record files (scans, PDFs, recordings) are copied.
MEDIA_FOLDER = "berkas"
#: The open data: the whole catalogue as files (``data/catalogue`` + .json, .csv, .bib, .ris…).
DATA_FOLDER = "data"
CATALOGUE_DATA = f"{DATA_FOLDER}/catalogue"
#: The catalogue as JSON, written by the build and served by the OAI-PMH server.
CATALOGUE_JSON = f"{CATALOGUE_DATA}.json"


def prefix(lang: str) -> str:
    return "" if lang == LANGUAGES[0] else f"{lang}/"


def index_url(lang: str, *folders: str) -> str:
    """The index page of a section or folder: ``layanan/index.html``."""
    path = "/".join(folders)
    return f"{prefix(lang)}{path}/index.html" if path else f"{prefix(lang)}index.html"


def page_url(lang: str, *parts: str, number: int = 1) -> str:
    """A page named by its last part: ``katalog/babad-tanah-jawi.html``; page 2 of a list
    is ``jelajah/subjek/sejarah.2.html`` (slugs hold no dots, so this never collides)."""
    suffix = f".{number}" if number > 1 else ""
    return f"{prefix(lang)}{'/'.join(parts)}{suffix}.html"


def section_url(lang: str, section: str) -> str:
    """The index page of a section named by its key in `SECTIONS` (``"services"``)."""
    return index_url(lang, SECTIONS[section])


def record_path(kind: str, record_id: str, suffix: str = ".html") -> str:
    """A record's page (or, with another ``suffix``, a file beside it) without the language
    prefix: ``record_path("events", "x", ".ics")`` is ``kegiatan/x.ics``."""
    return f"{SECTIONS[RECORD_SECTIONS[kind]]}/{record_id}{suffix}"


def record_url(lang: str, kind: str, record_id: str) -> str:
    """The page of a record: ``record_url("id", "branches", "pusat")`` is ``lokasi/pusat.html``."""
    return prefix(lang) + record_path(kind, record_id)


def item_url(lang: str, item_id: str) -> str:
    return record_url(lang, "items", item_id)


def browse_path(facet: str, *parts: str) -> str:
    """Where a facet's browse pages live, without language or suffix: ``jelajah/subjek/sejarah``."""
    return "/".join((SECTIONS["browse"], FACET_SLUGS[facet], *parts))


def browse_url(lang: str, facet: str, *parts: str, number: int = 1) -> str:
    """A browse page of a facet: ``jelajah/subjek/sejarah.html``; its index is `index_url`
    of `browse_path`."""
    return page_url(lang, browse_path(facet, *parts), number=number)


def split_language(url: str) -> tuple[str, str]:
    """A site URL's language and its path within that language:
    ``en/katalog/x.html`` → ("en", "katalog/x.html"); ``katalog/x.html`` → ("id", "katalog/x.html")."""
    for lang in LANGUAGES[1:]:
        if url.startswith(f"{lang}/"):
            return lang, url[len(lang) + 1:]
    return LANGUAGES[0], url


def language_of(url: str) -> str:
    return split_language(url)[0]


def other_language_url(url: str) -> tuple[str, str]:
    """The same page in the other interface language: (language, url)."""
    lang, path = split_language(url)
    other = LANGUAGES[1] if lang == LANGUAGES[0] else LANGUAGES[0]
    return other, prefix(other) + path


def relative(target: str, page_url: str) -> str:
    """A link from the page at ``page_url`` to ``target`` (both relative to the site root).

    Climbing to the root and back down is not the shortest path, but it is always right
    and costs one string join: pages hold hundreds of links.
    """
    return "../" * page_url.count("/") + target
