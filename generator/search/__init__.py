"""Catalogue search: documents, the Indonesian stemmer and the prebuilt Lunr indexes.

Plain modules that know nothing of MkDocs. The plugin calls `build_record_search` while the
pages are written and `finish_site_search` once they are (or `build_site_search`, both in turn).
"""

from __future__ import annotations

import hashlib
import re
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from .. import __version__
from ..media.process import DERIVED
from ..metadata.citations import bibtex, ris
from ..site.i18n import LANGUAGES, Translator
from ..collector import collector_paused
from ..files import link_or_copy
from ..site.urls import record_path
from .index import SearchDocs, page_documents, search_documents
from .ranking import BROWSER as RANKING
from .stemmer import stem_id
from .writer import FOLDER, write_meta, write_record_search

__all__ = ["RecordSearch", "build_record_search", "build_site_search", "finish_site_search", "stem_id"]


#: The record pages in search: records, title field, page kind (site/i18n.py
#: ``PAGE_KINDS``) and the interface labels whose words name that kind in a query.
RECORD_PAGES = (("services", "name", "service", ("services",)),
                ("branches", "name", "branch", ("branches", "branch")),
                ("events", "title", "event", ("events",)))


def record_pages(collection) -> list[dict[str, str]]:
    """Service, branch and event pages as search documents (Indonesian URLs; the browser
    adds ``en/`` on the English search page), each with its kind and the words that name it."""
    translators = [Translator(lang) for lang in LANGUAGES]
    t, en = translators[0], translators[-1]
    pages = []
    for attribute, title_key, kind, labels in RECORD_PAGES:
        names = [tr.label("page_kind", kind) for tr in translators] + [tr(label) for tr in translators for label in labels]
        kind_words = " ".join(dict.fromkeys(word for name in names for word in re.findall(r"\w+", name)))
        for record_id, record in getattr(collection, attribute).items():
            body = " ".join(str(x) for x in (t.text(record.get("summary")), en.text(record.get("summary")),
                                             t.text(record.get("description")), en.text(record.get(title_key))) if x)
            pages.append({"url": record_path(attribute, record_id), "title": t.text(record.get(title_key)) or record_id,
                          "body": body, "lang": "*", "kind": kind, "kind_words": kind_words})
    return pages


@dataclass
class RecordSearch:
    """What `build_record_search` wrote: file sizes, and what ``meta.js`` must say of them."""

    written: dict[str, int]
    meta: dict[str, Any]


def build_site_search(site_dir: Path, collection, *, media_files: dict[str, dict[str, Any]] | None = None,
                      hand_written: Iterable[dict[str, str]] = (), jobs: int | None = None,
                      cache_dir: Path | None = None, site_url: str = "") -> dict[str, int]:
    """Write the search data of a site; ``hand_written``: {"url", "title", "body" (HTML), "lang"}.
    ``site_url`` goes into the citations a reader can download for a result list.
    `build_record_search` then `finish_site_search`: see them."""
    records = build_record_search(site_dir, collection, media_files=media_files, jobs=jobs, cache_dir=cache_dir,
                                  site_url=site_url)
    return finish_site_search(site_dir, records, collection, hand_written=hand_written, cache_dir=cache_dir)


def build_record_search(site_dir: Path, collection, *, media_files: dict[str, dict[str, Any]] | None = None,
                        jobs: int | None = None, cache_dir: Path | None = None, site_url: str = "") -> RecordSearch:
    """Write the search data made from the records: every file but ``meta.js`` (the records
    alone make them, so they can be written before the site's pages are known).

    With ``cache_dir``, data built from the same inputs is hard-linked from the last build
    instead of rebuilt (a no-change rebuild must stay cheap)."""
    thumbnails = {}
    for item_id, item in collection.items.items():
        for file in item.get("files", []):
            info = (media_files or {}).get(file["path"], {})
            if "key" in info and "thumb" in info:
                thumbnails[item_id] = f"{DERIVED}/{file['path']}/thumb.jpg"
                break
    target = Path(site_dir) / FOLDER
    key = _inputs_key(collection, thumbnails, site_url)
    cached = Path(cache_dir) / "search" / key if cache_dir else None
    meta = _cached_meta(cached) if cached is not None else None
    if meta is not None:
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(cached, target, copy_function=link_or_copy)
        return RecordSearch({path.stem: path.stat().st_size for path in target.glob("*.js")}, meta)

    def cite(item_id: str) -> list[str]:
        item = collection.items[item_id]
        return [bibtex(item, site_url=site_url), ris(item, site_url=site_url)]

    with collector_paused():  # many small objects, no cycles
        docs = search_documents(collection, thumbnails=thumbnails)
        written, meta = write_record_search(site_dir, docs, jobs=jobs, cite=cite)
    if cached is not None:
        shutil.rmtree(cached.parent, ignore_errors=True)  # only the latest inputs are kept
        shutil.copytree(target, cached, copy_function=link_or_copy)
        cached.with_suffix(".json").write_text(json.dumps(meta), encoding="utf-8")
    return RecordSearch(written, meta)


def finish_site_search(site_dir: Path, records: RecordSearch, collection, *,
                       hand_written: Iterable[dict[str, str]] = (), cache_dir: Path | None = None) -> dict[str, int]:
    """Write ``meta.js``: the record data's shards and the pages index (``hand_written``
    pages, and the service, branch and event pages); return the sizes of every search file.
    With ``cache_dir``, a ``meta.js`` made from the same inputs is reused."""
    pages = [*hand_written, *record_pages(collection)]
    written = dict(records.written)
    target = Path(site_dir) / FOLDER / "meta.js"
    key = hashlib.sha1(json.dumps([records.meta, pages, RANKING], sort_keys=True).encode()).hexdigest()[:16]
    cached = Path(cache_dir) / "search" / f"meta-{key}.js" if cache_dir else None
    if cached is not None and cached.is_file():
        link_or_copy(str(cached), str(target))
        written["meta"] = target.stat().st_size
        return written
    docs = SearchDocs()
    docs.page_list, docs.pages = page_documents(pages)
    written["meta"] = write_meta(site_dir, records.meta, docs)
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        for old in cached.parent.glob("meta-*.js"):  # only the latest is kept
            old.unlink()
        link_or_copy(str(target), str(cached))
    return written


def _cached_meta(cached: Path) -> dict[str, Any] | None:
    """What ``meta.js`` says of the cached record data, or None when there is none (or it is damaged)."""
    try:
        return json.loads(cached.with_suffix(".json").read_text(encoding="utf-8")) if cached.is_dir() else None
    except (OSError, ValueError):
        return None


def _inputs_key(collection, thumbnails: dict[str, str], site_url: str) -> str:
    # The search code and the citation writers (cite-N.js) make the data.
    sources = [*Path(__file__).parent.glob("*.py"), Path(__file__).parent.parent / "metadata" / "citations.py"]
    code = max(path.stat().st_mtime_ns for path in sources)
    digest = hashlib.sha1(f"{__version__}:{code}".encode())
    for name in sorted(collection.digests):
        digest.update(f"{name}={collection.digests[name]}\n".encode())
    digest.update(json.dumps([thumbnails, site_url], sort_keys=True).encode())
    return digest.hexdigest()[:16]
