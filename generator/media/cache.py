"""A content-addressed cache of media derivatives.

An entry is a folder named by the hash of the source file's content, its kind and the
settings that shape the derivatives; it holds the outputs and ``meta.json``. A rebuild
with nothing changed finds every entry and processes no image; a changed scan has a
new hash and is redone. Content hashes are remembered per (path, size, mtime), so an
unchanged 200 MB scan is not read again either.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

FORMAT = 1  # bump when the layout of the outputs changes


class MediaCache:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.entries = root / "entries"
        self.entries.mkdir(parents=True, exist_ok=True)
        self._index_path = root / "hashes.json"
        try:
            self._index: dict[str, list] = json.loads(self._index_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self._index = {}
        self._dirty = False

    def content_hash(self, path: Path) -> str:
        stat = path.stat()
        stamp = [stat.st_size, stat.st_mtime_ns]
        known = self._index.get(str(path))
        if known and known[:2] == stamp:
            return known[2]
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
        self._index[str(path)] = stamp + [digest.hexdigest()]
        self._dirty = True
        return digest.hexdigest()

    @staticmethod
    def key(content: str, kind: str, settings: Any) -> str:
        return hashlib.sha256(f"{FORMAT}|{content}|{kind}|{settings!r}".encode()).hexdigest()[:40]

    def path(self, key: str) -> Path:
        return self.entries / key[:2] / key

    def get(self, key: str) -> dict[str, Any] | None:
        try:
            return json.loads((self.path(key) / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def scratch(self, key: str) -> Path:
        """An empty folder to write an entry's outputs into before `commit`."""
        folder = self.root / "tmp" / f"{key}-{os.getpid()}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        return folder

    def commit(self, key: str, scratch: Path, meta: dict[str, Any]) -> None:
        (scratch / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(target, ignore_errors=True)
        os.replace(scratch, target)  # an entry appears whole or not at all

    def discard(self, scratch: Path) -> None:
        shutil.rmtree(scratch, ignore_errors=True)

    def save(self) -> None:
        if self._dirty:
            tmp = self._index_path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(self._index), encoding="utf-8")
            os.replace(tmp, self._index_path)
            self._dirty = False


def link_tree(source: Path, target: Path) -> int:
    """Hard-link every file of ``source`` (but meta.json) under ``target``; copy across devices."""
    count = 0
    for folder, _, names in os.walk(source):
        rel = Path(folder).relative_to(source)
        out = target / rel
        out.mkdir(parents=True, exist_ok=True)
        for name in names:
            if name == "meta.json" and rel == Path("."):
                continue
            src, dst = Path(folder) / name, out / name
            try:
                os.link(src, dst)
            except FileExistsError:
                dst.unlink()
                os.link(src, dst)
            except OSError:
                shutil.copy2(src, dst)
            count += 1
    return count
