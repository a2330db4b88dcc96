"""`pustaka verify-usb DIR`: is the copy on a stick still the copy that was written?

USB sticks lose and flip bits, and readers' computers leave files behind; the check
compares every file with the manifest written at export time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..exceptions import PustakaError
from .manifest import MANIFEST, OS_FOLDERS, digest, is_litter, read_manifest, scan_tree


@dataclass
class VerifyReport:
    checked: int = 0
    missing: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    empty_folders: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.missing or self.changed or self.extra or self.links or self.empty_folders)

    def lines(self) -> list[str]:
        out = [f"changed (checksum differs): {p}" for p in self.changed]
        out += [f"missing: {p}" for p in self.missing]
        out += [f"extra (not in the manifest): {p}" for p in self.extra]
        out += [f"link (a copy holds no links; it may lead outside the stick): {p}" for p in self.links]
        out += [f"empty folder (not in the copy): {p}" for p in self.empty_folders]
        return out


def verify_copy(root: Path) -> VerifyReport:
    """Compares ``root`` with its manifest. Raises PustakaError when there is none to compare with."""
    manifest = root / MANIFEST
    if not root.is_dir():
        raise PustakaError(f"{root}: no such folder")
    if not manifest.is_file():
        raise PustakaError(f"{root}: no {MANIFEST} here; is this a folder written by `pustaka export usb`?")
    try:
        expected = read_manifest(manifest)
    except ValueError as exc:
        raise PustakaError(f"{root}/{exc} (the manifest itself is damaged; export the copy again)") from None
    report = VerifyReport()
    tree = scan_tree(root)
    present = set(tree.files)
    for rel, want in expected.items():
        path = root / rel
        if rel not in present:  # absent, or reached only through a link
            report.missing.append(rel)
            continue
        report.checked += 1
        try:
            if digest(path) != want:
                report.changed.append(rel)
        except OSError:
            # An unreadable sector is a damaged file too.
            report.changed.append(rel)
    report.extra = sorted(rel for rel in tree.files + tree.others if rel not in expected and not is_litter(root, rel))
    report.links = tree.links
    report.empty_folders = [rel for rel in tree.empty_folders if rel.split("/", 1)[0] not in OS_FOLDERS]
    return report
