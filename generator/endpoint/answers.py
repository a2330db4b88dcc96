"""The librarian's answer to a request and the result files attached to it: their tables
(schema migration 2) and queries, mixed into `store.SQLStore`.

Files live in the database beside the request (BLOB in SQLite, BYTEA in PostgreSQL):
one backup holds everything, a PostgreSQL library with several endpoint instances
needs no shared folder, and a file is never on disk without its ticket. Each file has
a random key; it is served only to a holder of the ticket's token (see public.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

#: Migration 2. ``{pk}``/``{blob}`` become the dialect's auto-increment key and binary type.
MIGRATION = [
    """CREATE TABLE answers (
        id {pk}, request_id INTEGER NOT NULL REFERENCES requests(id), at TEXT NOT NULL, actor TEXT,
        text TEXT NOT NULL)""",
    """CREATE INDEX answers_request ON answers (request_id)""",
    """CREATE TABLE attachments (
        id {pk}, request_id INTEGER NOT NULL REFERENCES requests(id), key TEXT NOT NULL UNIQUE,
        filename TEXT NOT NULL, content_type TEXT NOT NULL, size INTEGER NOT NULL, sha256 TEXT NOT NULL,
        data {blob} NOT NULL, at TEXT NOT NULL, actor TEXT, removed_at TEXT)""",
    """CREATE INDEX attachments_request ON attachments (request_id)""",
]


def _iso(moment: dt.datetime) -> str:
    assert moment.tzinfo is not None, "store times with their timezone"
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="microseconds")


def _time(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


class AnswerQueries:
    """Queries on answers and attachments; needs SQLStore's `transaction`, `_run`, `_rows`, `_log`."""

    def save_answer(self, request_id: int, text: str, *, actor: str, now: dt.datetime) -> None:
        """Keep every version (the history of what the reader was told); the latest is shown."""
        with self.transaction() as cur:  # type: ignore[attr-defined]
            self._run(cur, "INSERT INTO answers (request_id, at, actor, text) VALUES (?, ?, ?, ?)",  # type: ignore
                      (request_id, _iso(now), actor, text))
            self._run(cur, "UPDATE requests SET updated_at = ? WHERE id = ?", (_iso(now), request_id))  # type: ignore
            self._log(cur, request_id, now, actor, "answered")  # type: ignore[attr-defined]

    def answer(self, request_id: int) -> dict[str, Any] | None:
        rows = self._rows("SELECT at, actor, text FROM answers WHERE request_id = ? ORDER BY id DESC LIMIT 1",  # type: ignore
                          (request_id,))
        if not rows:
            return None
        return {**rows[0], "at": _time(rows[0]["at"])}

    def attach(self, request_id: int, *, filename: str, content_type: str, data: bytes, actor: str,
               now: dt.datetime) -> str:
        key = secrets.token_urlsafe(24)  # the file's address: as unguessable as a ticket's token
        with self.transaction() as cur:  # type: ignore[attr-defined]
            self._run(cur, "INSERT INTO attachments (request_id, key, filename, content_type, size, sha256, data, "  # type: ignore
                           "at, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      (request_id, key, filename, content_type, len(data), hashlib.sha256(data).hexdigest(), data,
                       _iso(now), actor))
            self._run(cur, "UPDATE requests SET updated_at = ? WHERE id = ?", (_iso(now), request_id))  # type: ignore
            self._log(cur, request_id, now, actor, "attached", filename)  # type: ignore[attr-defined]
        return key

    def attachments(self, request_id: int) -> list[dict[str, Any]]:
        """The request's files still offered, oldest first, without their bytes."""
        rows = self._rows("SELECT key, filename, content_type, size, sha256, at FROM attachments "  # type: ignore
                          "WHERE request_id = ? AND removed_at IS NULL ORDER BY id", (request_id,))
        return [{**r, "at": _time(r["at"])} for r in rows]

    def attachment(self, request_id: int, key: str) -> dict[str, Any] | None:
        rows = self._rows("SELECT key, filename, content_type, size, data FROM attachments "  # type: ignore
                          "WHERE request_id = ? AND key = ? AND removed_at IS NULL", (request_id, key))
        if not rows:
            return None
        row = rows[0]
        row["data"] = bytes(row["data"])  # psycopg may hand back a memoryview
        return row

    def remove_attachment(self, request_id: int, key: str, *, actor: str, now: dt.datetime) -> bool:
        """Withdraw a file sent by mistake; its bytes are dropped, the record of it stays."""
        with self.transaction() as cur:  # type: ignore[attr-defined]
            self._run(cur, "UPDATE attachments SET removed_at = ?, data = ? WHERE request_id = ? AND key = ? "  # type: ignore
                           "AND removed_at IS NULL", (_iso(now), b"", request_id, key))
            if not cur.rowcount:
                return False
            self._log(cur, request_id, now, actor, "detached", key, public=False)  # type: ignore[attr-defined]
        return True
