"""Processing every media file of a collection, in parallel, through the cache."""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import os
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from ..lifeline import forkserver_context, pool_options
from .cache import MediaCache, link_tree
from .errors import MediaError
from .settings import EXTENSIONS as IMAGE_EXTENSIONS, ImageSettings, PdfSettings

log = logging.getLogger(__name__)

#: Where originals and derivatives live in the site.
ORIGINALS = "berkas"
DERIVED = "berkas/turunan"
AUDIO = {"mp3": "audio/mpeg", "ogg": "audio/ogg", "oga": "audio/ogg", "opus": "audio/ogg", "wav": "audio/wav",
         "m4a": "audio/mp4", "flac": "audio/flac", "aac": "audio/aac"}
VIDEO = {"mp4": "video/mp4", "m4v": "video/mp4", "webm": "video/webm", "ogv": "video/ogg", "mov": "video/quicktime"}


def kind_of(path: str) -> str:
    ext = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    if ext in IMAGE_EXTENSIONS:
        return "image"
    if ext == "pdf":
        return "pdf"
    if ext in AUDIO:
        return "audio"
    if ext in VIDEO:
        return "video"
    return "other"


@dataclass(frozen=True)
class MediaSettings:
    images: ImageSettings = field(default_factory=ImageSettings)
    pdf: PdfSettings = field(default_factory=PdfSettings)

    def for_kind(self, kind: str) -> Any:
        return (self.images,) if kind == "image" else (self.images, self.pdf)


@dataclass
class MediaManifest:
    """What processing made of each media file (collection-relative path → info)."""

    files: dict[str, dict[str, Any]]
    errors: list[MediaError] = field(default_factory=list)
    processed: int = 0  # files processed in this run
    cached: int = 0  # files whose derivatives came from the cache

    def digest(self) -> str:
        """Changes when any page showing a media file could change."""
        return hashlib.sha1(json.dumps(self.files, sort_keys=True).encode()).hexdigest()


def process_media(paths: Iterable[str], root: Path, cache_dir: Path, *, settings: MediaSettings | None = None,
                  jobs: int | None = None, display: str | None = None) -> MediaManifest:
    """Make the derivatives of every image and PDF among ``paths`` (relative to ``root``).

    Problems are collected, never raised: the caller decides whether they stop the build.
    ``display`` is how error messages name ``root`` (e.g. ``collection``).
    """
    settings = settings or MediaSettings()
    cache = MediaCache(cache_dir / "media")
    files: dict[str, dict[str, Any]] = {}
    errors: list[MediaError] = []
    todo: list[tuple[str, str, Path, str, str]] = []  # (relative, kind, source, label, key)
    for relative in sorted(set(paths)):
        source = root / relative
        label = f"{display}/{relative}" if display else str(source)
        kind = kind_of(relative)
        try:
            size = source.stat().st_size
            content = cache.content_hash(source) if kind in ("image", "pdf") else None
        except OSError as exc:
            errors.append(MediaError(label, f"cannot read the file: {exc.strerror or exc}"))
            continue
        files[relative] = {"kind": kind, "bytes": size}
        if relative.lower().endswith(".vtt"):
            files[relative]["cues"] = read_cues(source)
        if content is None:
            continue
        key = MediaCache.key(content, kind, settings.for_kind(kind))
        meta = cache.get(key)
        if meta is not None:
            files[relative].update(meta, key=key)
        else:
            todo.append((relative, kind, source, label, key))
    cache.save()
    cached = sum(1 for info in files.values() if "key" in info)
    # Biggest first, so that one huge map does not start last and keep a core waiting.
    todo.sort(key=lambda task: -files[task[0]]["bytes"])
    tasks = [(kind, str(source), label, str(cache.scratch(key)), settings) for _, kind, source, label, key in todo]
    for (relative, _, _, _, key), task, result in zip(todo, tasks, _run(tasks, jobs)):
        scratch = Path(task[3])
        if isinstance(result, MediaError):
            cache.discard(scratch)
            errors.append(result)
            files[relative]["error"] = result.reason
            continue
        cache.commit(key, scratch, result)
        files[relative].update(result, key=key)
    if todo:
        log.info("pustaka: %d media files processed, %d from the cache", len(todo) - len(errors), cached)
    return MediaManifest(files, errors, processed=len(todo), cached=cached)


def caption_cues(source: Path, *, label: str) -> list[dict[str, Any]]:
    """The cues of a WebVTT file, read by webvtt-py: ``begin``/``end`` in seconds, the speaker
    (``<v Name>``) before the text, markup removed. MediaError when webvtt-py cannot read it."""
    import webvtt
    from webvtt.errors import MalformedFileError

    try:
        captions = webvtt.read(str(source))
    except (MalformedFileError, UnicodeDecodeError, ValueError, OSError) as exc:
        raise MediaError(label, f"not a WebVTT file webvtt-py can read ({exc})") from None
    cues = []
    for caption in captions:
        text = " ".join(caption.text.split())
        if caption.voice:
            text = f"{caption.voice}: {text}"
        if text:
            cues.append({"begin": _seconds(caption.start), "end": _seconds(caption.end), "text": text,
                         "start": caption.start.rsplit(".", 1)[0]})
    return cues


def _seconds(timestamp: str) -> float:
    seconds = 0.0
    for part in timestamp.split(":"):
        seconds = seconds * 60 + float(part)
    return round(seconds, 3)


def read_cues(path: Path) -> list[dict[str, Any]]:
    """The cues of a captions file for the page: a transcript the reader can read, and the
    captions themselves where the browser may not load the file (a page opened from file://)."""
    try:
        return caption_cues(path, label=path.name)
    except MediaError:
        return []  # the file is still linked as it is; the validator reports what it can


def _run(tasks: list[tuple], jobs: int | None) -> list[dict[str, Any] | MediaError]:
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(tasks)))
    if jobs == 1:
        return [_work(task) for task in tasks]
    # forkserver: the build may run inside `pustaka serve`, whose threads make fork() unsafe.
    context = forkserver_context() if os.name == "posix" else multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(**pool_options(max_workers=jobs, mp_context=context)) as pool:
        return list(pool.map(_work, tasks))


def _work(task: tuple) -> dict[str, Any] | MediaError:
    # Pillow and pdfium load here, where a file is made, not with this module: most builds
    # find every derivative in the cache.
    from .images import image_derivatives
    from .pdf import pdf_derivatives

    kind, source, label, scratch, settings = task
    try:
        if kind == "image":
            return image_derivatives(Path(source), Path(scratch), label=label, settings=settings.images)
        return pdf_derivatives(Path(source), Path(scratch), label=label, images=settings.images,
                               settings=settings.pdf)
    except MediaError as exc:
        return exc
    except MemoryError:
        return MediaError(label, "not enough memory to process this file")
    except Exception as exc:  # an unforeseen failure still names the file
        return MediaError(label, f"{type(exc).__name__}: {exc}")


def place(manifest: MediaManifest, cache_dir: Path, site_dir: Path) -> int:
    """Link every derivative from the cache into ``site_dir/berkas/turunan/<path>/``."""
    cache = MediaCache(cache_dir / "media")
    count = 0
    for relative, info in manifest.files.items():
        if "key" in info:
            count += link_tree(cache.path(info["key"]), site_dir / DERIVED / relative)
    return count
