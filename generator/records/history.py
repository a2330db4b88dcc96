"""When each record last changed, and which records were removed: datestamps that follow edits.

Harvesters (OAI-PMH's ``from``), sitemaps and feeds ask "what changed since?". A record's
own ``added`` date never moves, so an edited title stays invisible to them and a removed
record is kept by them forever. The answer comes from the collection's git history when the
collection is in a git repository (one ``git log`` for the whole collection: the last commit
that touched each file, and the commit that deleted each removed one; a file edited but not
yet committed changed today), else from a ledger of content digests that the build keeps in
``collection/.ledger.json`` (commit it with the records).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

LEDGER = ".ledger.json"
KINDS = ("items", "services", "branches", "events")


@dataclass
class History:
    """``changed``: "items/siti-nurbaya" → the day it last changed; ``deleted``: the same for
    records no longer in the collection; ``source``: "git", "ledger" or "none"."""

    changed: dict[str, dt.date] = field(default_factory=dict)
    deleted: dict[str, dt.date] = field(default_factory=dict)
    source: str = "none"

    def changed_on(self, key: str, default: dt.date) -> dt.date:
        return self.changed.get(key, default)


def record_history(root: Path, digests: dict[str, str], *, today: dt.date, added: dict[str, dt.date] | None = None,
                   write_ledger: bool = True) -> History:
    """The history of the records now in ``root`` (``digests``: "kind/id" → content digest).

    ``added``: the day a record says it entered the catalogue, taken as its first datestamp
    when the ledger meets it for the first time (a ledger begun today knows nothing older)."""
    history = _from_git(root, set(digests), today=today)
    if history is not None:
        return history
    return _from_ledger(root, digests, today=today, added=added or {}, write=write_ledger)


def _key(path: str) -> str | None:
    parts = path.rsplit("/", 2)
    if len(parts) < 2 or parts[-2] not in KINDS or not parts[-1].endswith((".yml", ".yaml")):
        return None
    return f"{parts[-2]}/{parts[-1].rsplit('.', 1)[0]}"


def _git(root: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=120,
                                env={**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"})
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout if result.returncode == 0 else None


def _from_git(root: Path, present: set[str], *, today: dt.date) -> History | None:
    if _git(root, "rev-parse", "--is-inside-work-tree") is None:
        return None
    if (_git(root, "rev-parse", "--is-shallow-repository") or "").strip() == "true":
        # A shallow clone (GitHub Actions checks out one commit by default) dates every
        # record to that commit; the Pages workflow fetches the whole history.
        log.info("pustaka: the repository is a shallow clone: every record is dated to its last commit "
                    "(use fetch-depth: 0 in actions/checkout for true datestamps)")
    out = _git(root, "log", "--no-renames", "--name-status", "--format=%x01%cs", "--", ".")
    if out is None:
        return None
    history = History(source="git")
    seen: set[str] = set()
    day = today
    for line in out.splitlines():
        if line.startswith("\x01"):
            day = dt.date.fromisoformat(line[1:11])
            continue
        status, _, path = line.partition("\t")
        key = _key(path)
        if key is None or key in seen:
            continue
        seen.add(key)  # the newest commit that touched it comes first
        if key in present:
            history.changed[key] = day
        elif status.startswith("D"):
            history.deleted[key] = day
    # Edited, added or removed since the last commit: changed today.
    status_out = _git(root, "status", "--porcelain", "--no-renames", "--untracked-files=all", "--", ".") or ""
    for line in status_out.splitlines():
        key = _key(line[3:].strip().strip('"'))
        if key is None:
            continue
        if key in present:
            history.changed[key] = today
        else:
            history.deleted[key] = today
    for key in present - history.changed.keys():
        history.changed[key] = today
    for key in present:
        history.deleted.pop(key, None)
    return history


def _from_ledger(root: Path, digests: dict[str, str], *, today: dt.date, added: dict[str, dt.date],
                 write: bool) -> History:
    path = root / LEDGER
    try:
        ledger = json.loads(path.read_text(encoding="utf-8"))
        records, removed = ledger.get("records", {}), ledger.get("deleted", {})
    except (OSError, ValueError, AttributeError):
        records, removed = {}, {}
    new_records: dict[str, dict[str, str]] = {}
    history = History(source="ledger")
    for key, digest in sorted(digests.items()):
        known = records.get(key)
        if known and known.get("digest") == digest:
            new_records[key] = known
        else:
            first = min(added.get(key, today), today) if known is None else today
            new_records[key] = {"digest": digest, "changed": first.isoformat()}
        history.changed[key] = dt.date.fromisoformat(new_records[key]["changed"])
    new_removed = {key: day for key, day in removed.items() if key not in digests}
    for key in records.keys() - digests.keys():
        new_removed.setdefault(key, today.isoformat())
    history.deleted = {key: dt.date.fromisoformat(day) for key, day in new_removed.items()}
    content = {"about": "When each record last changed (Pustaka keeps this; commit it with the records).",
               "records": new_records, "deleted": dict(sorted(new_removed.items()))}
    if write and (new_records != records or new_removed != removed):
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(content, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        os.replace(tmp, path)
    return history
