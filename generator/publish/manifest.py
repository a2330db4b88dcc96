"""The check list written beside a USB copy: one `sha256sum` line per file.

The format is GNU coreutils' own (``<hex>  <path>``), so a volunteer with no Pustaka can
also run ``sha256sum -c pustaka-manifest.sha256`` on any Linux machine.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

MANIFEST = "pustaka-manifest.sha256"
# Files that operating systems drop into folders they open; they are not the library's.
OS_LITTER = {".DS_Store", "Thumbs.db", "desktop.ini", ".directory"}


def digest(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def is_litter(rel: str) -> bool:
    name = rel.rsplit("/", 1)[-1]
    return name in OS_LITTER or name.startswith("._") or rel.split("/", 1)[0] in (".Trashes", ".Spotlight-V100",
                                                                                 ".fseventsd")


def site_files(root: Path) -> list[str]:
    """Every file under ``root`` as a POSIX path, the manifest itself left out."""
    out = []
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink():
            rel = path.relative_to(root).as_posix()
            if rel != MANIFEST:
                out.append(rel)
    return sorted(out)


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
        entries[rel.lstrip("*")] = hexdigest
    return entries
