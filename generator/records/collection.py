"""Loading a whole collection: every record of every type, validated, cross-linked.

Three phases, as in a compiler: parse and check each file on its own (cached by the
file's size, mtime and content hash, so an unchanged collection is not parsed again),
then check what links records together (ids, branches, related items, media), then hand
the result to the renderers. Every problem of the run is collected; the caller raises
one `ValidationFailed` with all of them.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import pickle
import re
import stat as stat_kind
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from ..exceptions import Problem, ValidationFailed
from ..lifeline import pool_options
from . import branches, events, items, services
from .schema import RECORD_ID, RECORD_ID_EXPECTED, RECORD_ID_MAX, Context, Record, suggest_id
from .source import Key, Source, SourceError, dotted, load_quick, load_source, positions_of

log = logging.getLogger(__name__)

#: Record kinds in the order they are shown and linked: folder name → schema module.
KINDS = {"items": items, "services": services, "branches": branches, "events": events}
SINGULAR = {"items": "item", "services": "service", "branches": "branch", "events": "event"}
# Parsing 10,000 small files is dominated by process start-up below this many files.
_PARALLEL_FROM = 2000
_CACHE_VERSION = 5
#: A record file larger than this is refused unread (the largest real record is a few KB).
MAX_RECORD_BYTES = 1024 * 1024
_RECORD_ID = re.compile(RECORD_ID)


@dataclass
class Checked:
    """The outcome of checking one file on its own."""

    kind: str
    id: str
    display: str
    data: dict[str, Any] | None
    problems: list[Problem]
    refs: list[tuple[str, str, Key]]
    media: list[tuple[str, Key]]
    # Where each value stands; None when the record was read without them (it had no
    # problem): `located` reads the file again in the rare case they are needed.
    positions: dict[Key, tuple[int, int]] | None
    digest: str
    path: str = ""  # the file, as read

    def located(self, project_dir: Path) -> dict[Key, tuple[int, int]]:
        if self.positions is None:
            self.positions = positions_of(Path(self.path) if self.path else project_dir / self.display, self.display)
        return self.positions


@dataclass
class Collection:
    """Every valid record, by kind and id, in a stable order."""

    root: Path
    items: dict[str, dict] = field(default_factory=dict)
    services: dict[str, dict] = field(default_factory=dict)
    branches: dict[str, dict] = field(default_factory=dict)
    events: dict[str, dict] = field(default_factory=dict)
    # Content digest per record ("items/babad-tanah-jawi" → sha1), for render caches.
    digests: dict[str, str] = field(default_factory=dict)
    # When each record last changed and which were removed (`history.record_history`); set by
    # the build, None where nobody asked (validation alone).
    history: Any = None

    def of(self, kind: str) -> dict[str, dict]:
        return getattr(self, kind)

    def __len__(self) -> int:
        return sum(len(self.of(kind)) for kind in KINDS)


def check_file(kind: str, path: Path, display: str, content: bytes | None = None) -> Checked:
    """Parse and validate one record file, without looking at other records.

    A record is first read quickly, without the position of each value; only a record
    with a problem is read again the careful way, so that each message points at its line."""
    raw = content if content is not None else path.read_bytes()
    digest = hashlib.sha1(raw).hexdigest()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    quick = load_quick(text, path, display) if text is not None else None
    if quick is not None:
        checked = _check_source(kind, path, display, quick, digest)
        if not checked.problems:
            checked.positions = None  # found again if a link from this record fails (see `link`)
            return checked
    try:
        source = load_source(path, display, text)
    except SourceError as exc:
        return Checked(kind, path.stem, display, None, [exc.problem], [], [], {}, digest)
    return _check_source(kind, path, display, source, digest)


def _check_source(kind: str, path: Path, display: str, source: Source, digest: str) -> Checked:
    record_id = path.stem
    ctx = Context(source)
    schema: Record = KINDS[kind].SCHEMA
    if source.data is None:
        ctx.problems.append(Problem(display, 1, 1, "", f"the file is empty: expected the fields of a {SINGULAR[kind]}"))
        data = None
    else:
        try:
            data = schema.check(source.data, (), ctx)
        except Exception as exc:  # an Invalid on the whole document, e.g. a list at the top
            message = getattr(exc, "message", None)
            if message is None:
                raise
            ctx.problems.append(Problem(display, 1, 1, "", f"{message}: a record is a mapping of field: value"))
            data = None
    if data is not None and "id" not in data and not _usable_id(record_id):
        suggestion = suggest_id(record_id)
        hint = f'; rename the file "{suggestion}{path.suffix}"' if suggestion else ""
        ctx.problems.append(Problem(display, 1, 1, "id", f'the file name "{record_id}" is the record\'s id and web '
                                                         f'address: expected {RECORD_ID_EXPECTED}, at most '
                                                         f'{RECORD_ID_MAX} characters{hint} (or give an id: field)'))
        data = None
    if data is not None:
        record_id = data.get("id", record_id)
        data["id"] = record_id
        data["_source"] = display
    return Checked(kind, record_id, display, data, ctx.problems, ctx.refs, ctx.media, source.positions, digest,
                   str(path))


def _usable_id(name: str) -> bool:
    return len(name) <= RECORD_ID_MAX and _RECORD_ID.fullmatch(name) is not None


@functools.lru_cache(maxsize=64)
def _linked_folder(folder: Path) -> bool:
    return folder.resolve() != folder.absolute()


def unsafe_record_path(root: Path, path: Path, info: os.stat_result) -> str | None:
    """Why the record file ``path`` must not be read, or None. ``root`` is resolved.

    A link may point anywhere on the machine (a record linked to /etc/passwd would be
    published); a named pipe or a device would block or never end the read."""
    if path.is_symlink() or _linked_folder(path.parent):
        try:
            path.resolve(strict=True).relative_to(root)
        except (ValueError, OSError, RuntimeError):
            return "is a link to a file outside the collection folder; a record must be a file inside it"
    if not stat_kind.S_ISREG(info.st_mode):
        return "is not a regular file (a folder, pipe or device); a record must be a YAML file"
    if info.st_size > MAX_RECORD_BYTES:
        return (f"is {info.st_size:,} bytes; a record is at most {MAX_RECORD_BYTES:,} bytes "
                "(put long texts and scans in the collection's media files)")
    return None


def _check_many(batch: list[tuple[str, str, str]]) -> list[Checked]:
    return [check_file(kind, Path(path), display) for kind, path, display in batch]


class _Cache:
    """Per-file results keyed by path, size and mtime; trusted only when all three match."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.entries: dict[str, tuple[int, int, Checked]] = {}
        self.dirty = False
        if path and path.exists():
            try:
                with path.open("rb") as fh:
                    version, entries = pickle.load(fh)
                if version == _CACHE_VERSION:
                    self.entries = entries
            except Exception:  # a damaged cache is only a slower build
                log.debug("ignoring unreadable record cache %s", path)

    def get(self, path: Path, stat: os.stat_result) -> Checked | None:
        hit = self.entries.get(str(path))
        if hit and hit[0] == stat.st_size and hit[1] == stat.st_mtime_ns:
            return hit[2]
        return None

    def put(self, path: Path, stat: os.stat_result, checked: Checked) -> None:
        self.entries[str(path)] = (stat.st_size, stat.st_mtime_ns, checked)
        self.dirty = True

    def needs_saving(self, seen: set[str]) -> bool:
        return bool(self.path) and (self.dirty or not set(self.entries) <= seen)

    def save(self, seen: set[str]) -> None:
        if not self.path:
            return
        stale = set(self.entries) - seen
        for key in stale:
            del self.entries[key]
        if not (self.dirty or stale):
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        with tmp.open("wb") as fh:
            pickle.dump((_CACHE_VERSION, self.entries), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self.path)


def record_files(root: Path) -> Iterable[tuple[str, Path]]:
    for kind in KINDS:
        folder = root / kind
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.suffix in (".yml", ".yaml") and not path.name.startswith("."):
                yield kind, path


def load_collection(root: Path, *, project_dir: Path | None = None, cache_dir: Path | None = None,
                    progress: Callable[[int, int], None] | None = None,
                    save_later: Callable[[Callable[[], None]], Any] | None = None) -> Collection:
    """Load and check every record under ``root``; raise `ValidationFailed` with all problems.

    ``save_later``: given the function that updates the record cache in ``cache_dir``, runs
    it when it suits the caller (e.g. in another process); by default it runs at once."""
    root = root.resolve()
    project_dir = (project_dir or root.parent).resolve()
    if not root.is_dir():
        raise ValidationFailed([Problem(_display(root, project_dir), 1, 1, "",
                                        "the collection folder does not exist")])
    cache = _Cache(cache_dir / "records.pickle" if cache_dir else None)
    files = list(record_files(root))
    results: dict[str, Checked] = {}
    todo: list[tuple[str, str, str]] = []
    stats: dict[str, os.stat_result] = {}
    refused: list[Problem] = []
    kept: list[tuple[str, Path]] = []
    for kind, path in files:
        try:
            stat = path.stat()
        except OSError as exc:  # a dangling link, or one that loops
            refused.append(Problem(_display(path, project_dir), 1, 1, "", f"cannot be read ({exc.strerror})"))
            continue
        reason = unsafe_record_path(root, path, stat)
        if reason:
            refused.append(Problem(_display(path, project_dir), 1, 1, "", reason))
            continue
        kept.append((kind, path))
        stats[str(path)] = stat
        hit = cache.get(path, stat)
        if hit is not None:
            results[str(path)] = hit
        else:
            todo.append((kind, str(path), _display(path, project_dir)))
    if todo:
        for path_str, checked in zip((t[1] for t in todo), _run_checks(todo, progress)):
            results[path_str] = checked
            cache.put(Path(path_str), stats[path_str], checked)
    files = kept
    collection, problems = link([results[str(path)] for _, path in files], root, project_dir)
    problems = refused + problems
    seen = {str(path) for _, path in files}
    save = functools.partial(cache.save, seen)
    if save_later is not None and cache.needs_saving(seen):
        save_later(save)
    else:
        save()
    if problems:
        raise ValidationFailed(problems)
    return collection


def _run_checks(todo: list[tuple[str, str, str]], progress: Callable[[int, int], None] | None) -> list[Checked]:
    workers = min(os.cpu_count() or 1, 8)
    if len(todo) < _PARALLEL_FROM or workers < 2:
        out = []
        for index, (kind, path, display) in enumerate(todo):
            out.append(check_file(kind, Path(path), display))
            if progress and index % 500 == 499:
                progress(index + 1, len(todo))
        return out
    size = max(200, len(todo) // (workers * 4))
    batches = [todo[i:i + size] for i in range(0, len(todo), size)]
    out = []
    with ProcessPoolExecutor(**pool_options(max_workers=workers)) as pool:
        for batch in pool.map(_check_many, batches):
            out.extend(batch)
            if progress:
                progress(len(out), len(todo))
    return out


def _display(path: Path, project_dir: Path) -> str:
    # Record files come from the resolved collection folder: most are simply inside the
    # project, and resolving each (a system call per path component) is not needed.
    try:
        return path.relative_to(project_dir).as_posix()
    except ValueError:
        pass
    try:
        return path.resolve().relative_to(project_dir).as_posix()
    except ValueError:
        return path.as_posix()


def link(checked: list[Checked], root: Path, project_dir: Path) -> tuple[Collection, list[Problem]]:
    """Second phase: ids must be unique, links must land, media must exist inside the collection."""
    collection = Collection(root=root)
    problems: list[Problem] = []
    first_seen: dict[tuple[str, str], str] = {}
    for entry in checked:
        problems.extend(entry.problems)
        if entry.data is None:
            continue
        key = (entry.kind, entry.id)
        if entry.id == "index":
            line, column = entry.located(project_dir).get(("id",), (1, 1))
            problems.append(Problem(entry.display, line, column, "id",
                                    '"index" is reserved for the list page of each section; choose another id'))
            continue
        if key in first_seen:
            line, column = entry.located(project_dir).get(("id",), (1, 1))
            problems.append(Problem(entry.display, line, column, "id",
                                    f'"{entry.id}" is already the id of {first_seen[key]}; ids must be unique'))
            continue
        first_seen[key] = entry.display
        collection.of(entry.kind)[entry.id] = entry.data
        collection.digests[f"{entry.kind}/{entry.id}"] = entry.digest
    for entry in checked:
        if entry.data is None:
            continue

        def where(key: Key) -> tuple[int, int]:
            positions = entry.located(project_dir)
            while key not in positions and key:
                key = key[:-1]
            return positions.get(key, (1, 1))

        for kind, target, key in entry.refs:
            if target not in collection.of(kind):
                line, column = where(key)
                problems.append(Problem(entry.display, line, column, dotted(key),
                                        f'no {SINGULAR[kind]} has the id "{target}"{_suggest(target, collection.of(kind))}'))
        for media, key in entry.media:
            message = check_media_path(root, media)
            if message:
                line, column = where(key)
                problems.append(Problem(entry.display, line, column, dotted(key), message))
    return collection, problems


def _suggest(name: str, known: dict[str, Any]) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""


def check_media_path(root: Path, media: str) -> str | None:
    """Why ``media`` is not a usable file inside the collection, or None when it is."""
    if "\\" in media or media.startswith(("/", "~")) or ":" in media.split("/")[0]:
        return f'expected a path relative to the collection folder, got "{media}"'
    target = (root / media).resolve()
    try:
        target.relative_to(root)
    except ValueError:
        return f'"{media}" points outside the collection folder; media must stay inside it'
    if not target.is_file():
        return f'"{media}" does not exist in the collection folder'
    return None
