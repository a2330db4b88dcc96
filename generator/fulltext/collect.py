"""The full text of every digitized item of a collection, through the media cache.

Each text source (a PDF, a scanned image, a caption or transcript file) is read once per
content: its segments are kept in the media cache (generator/media/cache.py) under the
hash of the file's content, its kind, this module's `VERSION` and the OCR tool's version
and models, so an unchanged file is never read again, and OCR never redone for it.
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..media.cache import MediaCache
from ..media.errors import MediaError
from ..media.process import kind_of
from .extract import extractor, text_kind
from .ocr import Ocr, find_ocr

log = logging.getLogger(__name__)

#: Bump when what an extractor makes of a file changes: every entry is then made again.
VERSION = 1


@dataclass
class Source:
    """One file to read, and where in its item a reader opens it."""

    item: str
    file: int  # 1-based number of the entry in the item's ``files`` (the page's ``berkas-N``)
    path: str  # collection-relative
    kind: str  # pdf, vtt, transcript, image
    languages: str | None = None  # Tesseract models, for OCR


@dataclass
class FullText:
    """Per item id: ``[file number, kind, [[where, text], …]]`` for each source with text."""

    items: dict[str, list[list[Any]]] = field(default_factory=dict)
    errors: list[MediaError] = field(default_factory=list)
    read: int = 0  # sources read in this build
    cached: int = 0  # sources whose text came from the cache
    ocr_pages: int = 0  # images and PDF pages given to OCR in this build
    ocr: bool = False  # whether OCR was available
    seconds: float = 0.0
    keys: list[str] = field(default_factory=list)  # cache keys of the sources with text: what the index is made of


def sources(collection) -> list[Source]:
    """Every text source of the collection's items, in item and file order."""
    found = []
    for item_id, item in collection.items.items():
        languages = item.get("language") or []
        for number, file in enumerate(item.get("files", []), 1):
            seen = set()
            for key in ("path", "captions", "transcript"):
                path = file.get(key)
                if not path or path in seen:
                    continue
                seen.add(path)
                kind = text_kind(path, kind_of(path))
                if kind is not None:
                    found.append(Source(item_id, number, path, kind, ",".join(languages)))
    return found


def extract_fulltext(collection, root: Path, cache_dir: Path, *, jobs: int | None = None,
                     ocr: Ocr | None | bool = True, display: str | None = None) -> FullText:
    """Read the text of every digitized file of ``collection`` (files under ``root``).

    ``ocr``: True finds Tesseract (warning once when it is missing), False reads no image,
    or an `Ocr` to use. Problems are collected per file, never raised."""
    started = time.perf_counter()
    engine = find_ocr() if ocr is True else (ocr or None)
    calls_before = engine.calls if engine else 0
    cache = MediaCache(cache_dir / "media")
    result = FullText(ocr=engine is not None)
    todo: list[tuple[Source, str, str]] = []
    texts: dict[int, list] = {}
    keys: dict[int, str] = {}
    listed = sources(collection)
    for number, source in enumerate(listed):
        label = f"{display}/{source.path}" if display else source.path
        if source.kind == "image" and engine is None:
            continue
        models = engine.models_for(source.languages.split(",") if source.languages else []) if engine else None
        try:
            content = cache.content_hash(root / source.path)
        except OSError as exc:
            result.errors.append(MediaError(label, f"cannot read the file: {exc.strerror or exc}"))
            continue
        tool = (engine.version, models) if engine and source.kind in ("pdf", "image") else None
        key = keys[number] = MediaCache.key(content, f"text-{source.kind}", (VERSION, tool))
        meta = cache.get(key)
        if meta is not None:
            texts[number] = meta["segments"]
            result.cached += 1
        else:
            todo.append((source, label, key))
            source.languages = models
    cache.save()

    def read(task: tuple[Source, str, str]) -> list | MediaError:
        source, label, key = task
        try:
            segments = extractor(source.kind)(root / source.path, label=label, ocr=engine, languages=source.languages)
        except MediaError as exc:
            return exc
        except Exception as exc:  # an unforeseen failure still names the file
            return MediaError(label, f"text not read: {type(exc).__name__}: {exc}")
        scratch = cache.scratch(key)
        try:
            cache.commit(key, scratch, {"segments": segments})
        except OSError:  # another build (a parallel test run) committed the same entry first: it holds the same text
            cache.discard(scratch)
        return segments

    workers = max(1, min(jobs or 2, 4, len(todo) or 1))
    # Threads: OCR runs as Tesseract processes, PDFium under a lock (extract.PDFIUM).
    with ThreadPoolExecutor(max_workers=workers) as pool:
        done = list(pool.map(read, todo))
    index = {id(source): n for n, source in enumerate(listed)}
    for (source, _, _), segments in zip(todo, done):
        if isinstance(segments, MediaError):
            result.errors.append(segments)
        else:
            texts[index[id(source)]] = segments
            result.read += 1
    for number, source in enumerate(listed):
        if texts.get(number):
            result.items.setdefault(source.item, []).append([source.file, source.kind, texts[number]])
            result.keys.append(f"{source.item}|{source.file}|{keys[number]}")
    result.ocr_pages = (engine.calls - calls_before) if engine else 0
    result.seconds = time.perf_counter() - started
    if todo:
        log.info("pustaka: full text read from %d files (%d pages by OCR) in %.1f s, %d from the cache",
                 result.read, result.ocr_pages, result.seconds, result.cached)
    return result
