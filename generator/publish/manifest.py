"""The check list written beside a USB copy: one `sha256sum` line per file.

The format is GNU coreutils' own (``<hex>  <path>``), so a volunteer with no Pustaka can
also run ``sha256sum -c pustaka-manifest.sha256`` on any Linux machine.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

MANIFEST = "pustaka-manifest.sha256"
# Files that operating systems drop into folders they open, known by their first bytes: a
# file that only has such a name (``._index.html`` holding a page) is an added file like any
# other. desktop.ini is not among them: it can point Windows at a program to run.
OS_LITTER_MAGIC = {".DS_Store": b"\x00\x00\x00\x01Bud1", "Thumbs.db": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"}
APPLE_DOUBLE_MAGIC = b"\x00\x05\x16\x07"  # "._name": a Mac's resource fork of "name"
# Folders a Mac writes at the top of every stick it mounts (its trash and indexes).
OS_FOLDERS = (".Trashes", ".Spotlight-V100", ".fseventsd", ".TemporaryItems")


def digest(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def is_litter(root: Path, rel: str) -> bool:
    """Whether ``rel`` is a file an operating system left, by its place, name and first bytes."""
    if rel.split("/", 1)[0] in OS_FOLDERS:
        return True
    name = rel.rsplit("/", 1)[-1]
    magic = APPLE_DOUBLE_MAGIC if name.startswith("._") else OS_LITTER_MAGIC.get(name)
    if magic is None:
        return False
    try:
        with (root / rel).open("rb") as handle:
            return handle.read(len(magic)) == magic
    except OSError:
        return False


@dataclass
class Tree:
    """What a folder holds, found without following links."""

    files: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    empty_folders: list[str] = field(default_factory=list)
    others: list[str] = field(default_factory=list)  # pipes, sockets, devices


def scan_tree(root: Path) -> Tree:
    tree = Tree()
    for folder, dirs, files in os.walk(root, followlinks=False):
        base = Path(folder)
        rel_folder = base.relative_to(root).as_posix()
        prefix = "" if rel_folder == "." else rel_folder + "/"
        if not dirs and not files and prefix:
            tree.empty_folders.append(rel_folder)
        for name in dirs + files:
            path = base / name
            rel = prefix + name
            if path.is_symlink():
                tree.links.append(rel)
            elif name in files:
                (tree.files if path.is_file() else tree.others).append(rel)
    tree.files = sorted(rel for rel in tree.files if rel != MANIFEST)
    for part in (tree.links, tree.empty_folders, tree.others):
        part.sort()
    return tree


def site_files(root: Path) -> list[str]:
    """Every regular file under ``root`` as a POSIX path, the manifest itself left out."""
    return scan_tree(root).files


def safe_relative(rel: str) -> bool:
    """Whether a manifest's path stays inside the copy: relative, no "..", no backslash."""
    if not rel or "\\" in rel or "\x00" in rel or rel.startswith("/") or ":" in rel.split("/", 1)[0]:
        return False
    parts = PurePosixPath(rel).parts
    return all(part not in ("", ".", "..") for part in parts) and "//" not in rel


def write_manifest(root: Path) -> tuple[Path, int, int]:
    """Writes the manifest of ``root``; returns its path, the file count and the bytes listed."""
    lines = []
    total = 0
    for rel in site_files(root):
        # sha256sum escapes such names; a site never has them, so refuse rather than guess.
        assert "\n" not in rel and "\\" not in rel, f"unexpected file name {rel!r}"
        path = root / rel
        total += path.stat().st_size
        lines.append(f"{digest(path)}  {rel}\n")
    target = root / MANIFEST
    target.write_text("".join(lines), encoding="utf-8")
    return target, len(lines), total


def read_manifest(path: Path) -> dict[str, str]:
    """{relative path: sha256} from a manifest; a damaged line raises ValueError naming it."""
    entries: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        if not line.strip():
            continue
        hexdigest, sep, rel = line.partition("  ")
        if not sep or len(hexdigest) != 64 or any(c not in "0123456789abcdef" for c in hexdigest) or not rel:
            raise ValueError(f"{path.name}:{number}: not a checksum line: {line[:80]!r}")
        rel = rel.lstrip("*")
        if not safe_relative(rel):
            raise ValueError(f"{path.name}:{number}: the path {rel[:80]!r} leaves the copy's folder")
        entries[rel] = hexdigest
    return entries
