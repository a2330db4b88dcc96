"""Durable storage of requests, their history, loans, librarians and sessions.

`SQLStore` holds every query, written once in the SQL that SQLite (3.35+) and
PostgreSQL share; `SQLiteStore` and `PostgresStore` supply a connection and the few
dialect differences (placeholders, auto-increment keys). Migrations are numbered and
recorded in ``schema_migrations``; each runs once, in order, in a transaction.

Every write commits before the method returns: a ticket is acknowledged only after
its request is on disk (SQLite: WAL with ``synchronous=FULL``).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from concurrent.futures import Future
from contextlib import contextmanager
from typing import Any, Iterator

from . import answers
from .committer import GroupCommitter
from .tickets import new_token, ticket_number

#: (version, statements); ``{pk}`` becomes the dialect's auto-increment primary key.
MIGRATIONS: list[tuple[int, list[str]]] = [
    (1, [
        """CREATE TABLE counters (year INTEGER PRIMARY KEY, value INTEGER NOT NULL)""",
        """CREATE TABLE requests (
            id {pk}, ticket TEXT NOT NULL UNIQUE, token TEXT NOT NULL, service TEXT NOT NULL,
            branch TEXT, item TEXT, event TEXT, data TEXT NOT NULL, lang TEXT NOT NULL DEFAULT 'id',
            status TEXT NOT NULL DEFAULT 'open', step INTEGER NOT NULL DEFAULT 0, assignee TEXT,
            reason TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, closed_at TEXT)""",
        """CREATE INDEX requests_queue ON requests (status, branch, service)""",
        """CREATE INDEX requests_event ON requests (event)""",
        """CREATE TABLE history (
            id {pk}, request_id INTEGER NOT NULL REFERENCES requests(id), at TEXT NOT NULL,
            actor TEXT, kind TEXT NOT NULL, detail TEXT, public INTEGER NOT NULL DEFAULT 0)""",
        """CREATE INDEX history_request ON history (request_id)""",
        """CREATE TABLE pauses (
            id {pk}, request_id INTEGER NOT NULL REFERENCES requests(id), started_at TEXT NOT NULL,
            ended_at TEXT)""",
        """CREATE INDEX pauses_request ON pauses (request_id)""",
        """CREATE TABLE loans (
            id {pk}, request_id INTEGER REFERENCES requests(id), item TEXT NOT NULL, barcode TEXT NOT NULL,
            branch TEXT, started_at TEXT NOT NULL, due TEXT NOT NULL, returned_at TEXT)""",
        """CREATE INDEX loans_item ON loans (item, returned_at)""",
        """CREATE TABLE users (
            username TEXT PRIMARY KEY, password TEXT NOT NULL, display_name TEXT, branches TEXT NOT NULL,
            failures INTEGER NOT NULL DEFAULT 0, locked_until TEXT)""",
        """CREATE TABLE sessions (
            token TEXT PRIMARY KEY, username TEXT NOT NULL REFERENCES users(username), csrf TEXT NOT NULL,
            created_at TEXT NOT NULL, expires_at TEXT NOT NULL)""",
    ]),
    (2, answers.MIGRATION),  # the librarian's answer and result files
    # Version 3: requests that carry the id their browser gave them (the offline outbox, a file
    # brought back from a village), so one request is one ticket however often it arrives; and
    # the satisfaction survey (SKM), whose answers are kept apart from the tickets (skm.py).
    # Independent of any version 2: each version only adds its own tables.
    (3, [
        """CREATE TABLE client_requests (
            client_id TEXT PRIMARY KEY, request_id INTEGER NOT NULL REFERENCES requests(id),
            received_at TEXT NOT NULL)""",
        """CREATE TABLE skm_done (request_id INTEGER PRIMARY KEY REFERENCES requests(id))""",
        """CREATE TABLE skm_responses (
            id {pk}, service TEXT NOT NULL, branch TEXT, answered_on TEXT NOT NULL,
            u1 INTEGER NOT NULL, u2 INTEGER NOT NULL, u3 INTEGER NOT NULL, u4 INTEGER NOT NULL,
            u5 INTEGER NOT NULL, u6 INTEGER NOT NULL, u7 INTEGER NOT NULL, u8 INTEGER NOT NULL,
            u9 INTEGER NOT NULL, gender TEXT, age INTEGER, education TEXT, occupation TEXT)""",
    ]),
]

#: History kinds that answer the reader: each is something the reader sees in the status
#: view (a step moved, a question back to them, a loan, the end). Taking a request and
#: internal notes are not answers: the reader cannot tell they happened.
ANSWER_KINDS = ("step", "paused", "lent", "closed", "refused", "answered", "attached")

REQUEST_COLUMNS = ("id", "ticket", "token", "service", "branch", "item", "event", "data", "lang", "status", "step",
                   "assignee", "reason", "created_at", "updated_at", "closed_at")


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _iso(moment: dt.datetime) -> str:
    assert moment.tzinfo is not None, "store times with their timezone"
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="microseconds")


def parse_time(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


class StoreError(Exception):
    pass


class StoreUnavailable(Exception):
    """The database cannot be reached now (a PostgreSQL restart, a network cut). Nothing of
    the failed transaction was kept; the next transaction connects again."""


class SQLStore(answers.AnswerQueries):
    """The queries. Subclasses provide `_connect`, `placeholder`, `pk` and `blob`."""

    placeholder = "?"
    pk = "INTEGER PRIMARY KEY AUTOINCREMENT"
    blob = "BLOB"

    #: Errors that mean the connection is gone, not that a query was wrong.
    disconnects: tuple[type[BaseException], ...] = ()
    #: Errors after which the database rolled the whole transaction back and asks for it
    #: again (a deadlock broken between two processes); the group committer retries.
    retryable: tuple[type[BaseException], ...] = ()

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._conn = self._connect()
        self.committer = GroupCommitter(self)

    # -- plumbing ---------------------------------------------------------------------
    def _connect(self) -> Any:
        raise NotImplementedError

    def _broken(self) -> bool:
        return False

    def _connection(self) -> Any:
        """The connection, made again when the last one broke (the server restarted)."""
        if self._conn is None or self._broken():
            try:
                if self._conn is not None:
                    self._conn.close()
            except Exception:  # closing a dead connection may fail; it is being replaced
                pass
            self._conn = None
            try:
                self._conn = self._connect()
            except self.disconnects as exc:
                raise StoreUnavailable(str(exc)) from exc
        return self._conn

    def _sql(self, sql: str) -> str:
        return sql if self.placeholder == "?" else sql.replace("?", self.placeholder)

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        with self._lock:
            conn = self._connection()
            try:
                cur = conn.cursor()
            except self.disconnects as exc:
                raise StoreUnavailable(str(exc)) from exc
            try:
                self._begin(cur)
                yield cur
                conn.commit()
            except self.retryable:
                conn.rollback()
                raise
            except self.disconnects as exc:
                # The connection died under this transaction: nothing of it was committed
                # (a commit that failed did not happen), and the next one reconnects.
                try:
                    conn.rollback()
                except Exception:  # noqa: BLE001 - the connection is already known dead
                    pass
                raise StoreUnavailable(str(exc)) from exc
            except BaseException:
                conn.rollback()
                raise
            finally:
                try:
                    cur.close()
                except Exception:  # noqa: BLE001 - a dead connection's cursor
                    pass

    def _begin(self, cur: Any) -> None:
        pass

    def _run(self, cur: Any, sql: str, params: tuple = ()) -> Any:
        cur.execute(self._sql(sql), params)
        return cur

    def script(self, cur: Any, statements: list[str]) -> None:
        """Statements without parameters (savepoints): one by one here, in one round trip on PostgreSQL."""
        for statement in statements:
            cur.execute(statement)

    def _log(self, cur: Any, request_id: int, now: dt.datetime, actor: str | None, kind: str,
             detail: str | None = None, *, public: bool = True) -> None:
        """One line of a request's history, in the transaction of the change it records."""
        self._run(cur, "INSERT INTO history (request_id, at, actor, kind, detail, public) VALUES (?, ?, ?, ?, ?, ?)",
                  (request_id, _iso(now), actor, kind, detail, 1 if public else 0))

    def _rows(self, sql: str, params: tuple = ()) -> list[dict[str, Any]]:
        with self.transaction() as cur:
            self._run(cur, sql, params)
            names = [d[0] for d in cur.description]
            return [dict(zip(names, row)) for row in cur.fetchall()]

    def close(self) -> None:
        self.committer.close()
        with self._lock:
            if self._conn is not None:
                self._conn.close()

    # -- schema ----------------------------------------------------------------------
    def migrate(self) -> int:
        """Apply the migrations this database has not seen; returns the schema version."""
        with self.transaction() as cur:
            self._run(cur, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                           "applied_at TEXT NOT NULL)")
        done = {row["version"] for row in self._rows("SELECT version FROM schema_migrations")}
        for version, statements in MIGRATIONS:
            if version in done:
                continue
            with self.transaction() as cur:
                for statement in statements:
                    self._run(cur, statement.replace("{pk}", self.pk).replace("{blob}", self.blob))
                self._run(cur, "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
                          (version, _iso(now_utc())))
        return max(v for v, _ in MIGRATIONS)

    def schema_version(self) -> int:
        rows = self._rows("SELECT MAX(version) AS v FROM schema_migrations")
        return rows[0]["v"] or 0

    # -- requests ----------------------------------------------------------------------
    def create_request(self, *, service: str, data: dict[str, Any], branch: str | None = None,
                       item: str | None = None, event: str | None = None, lang: str = "id",
                       now: dt.datetime | None = None, capacity: int | None = None,
                       client_id: str | None = None, received_at: dt.datetime | None = None,
                       actor: str | None = None) -> dict[str, Any]:
        """Store a request and return its ticket and token, after the commit.

        With `capacity`, the request is refused (StoreError) when the event already has
        that many registrations: counted and inserted in one transaction.

        With `client_id` (the id the reader's browser gave the request), a request already
        stored under that id is returned as it is, with ``"existing": True``: a request that
        comes twice (outbox and file) is one ticket. `received_at` later than `now` (the time
        the reader made it) means it was handed in then: see `village.py` for the SLA pause.

        The request is stored by the group committer (committer.py) with the others that
        arrive at the same moment; this call waits for that commit.
        """
        future = self.submit_request(service=service, data=data, branch=branch, item=item, event=event, lang=lang,
                                     now=now, capacity=capacity, client_id=client_id, received_at=received_at,
                                     actor=actor)
        try:
            return future.result()
        except Exception as exc:
            return self._after_failure(exc, client_id)

    async def create_request_async(self, **request: Any) -> dict[str, Any]:
        """`create_request` for the event loop: it waits for the commit without blocking the loop."""
        import asyncio

        try:
            return await asyncio.wrap_future(self.submit_request(**request))
        except Exception as exc:
            return await asyncio.to_thread(self._after_failure, exc, request.get("client_id"))

    def submit_request(self, *, service: str, data: dict[str, Any], branch: str | None = None,
                       item: str | None = None, event: str | None = None, lang: str = "id",
                       now: dt.datetime | None = None, capacity: int | None = None,
                       client_id: str | None = None, received_at: dt.datetime | None = None,
                       actor: str | None = None) -> Future[dict[str, Any]]:
        now = now or now_utc()
        token = new_token()
        text = json.dumps(data, ensure_ascii=False)

        def store(cur: Any) -> dict[str, Any]:
            return self._insert_request(cur, service=service, text=text, token=token, branch=branch, item=item,
                                        event=event, lang=lang, now=now, capacity=capacity, client_id=client_id,
                                        received_at=received_at, actor=actor)

        return self.committer.submit(store)

    def _after_failure(self, exc: Exception, client_id: str | None) -> dict[str, Any]:
        """The outcome of a request whose insert failed: the error, unless it was a copy.

        Two copies of one request stored at once (two endpoint processes on PostgreSQL: both
        saw no client id yet): the second one's insert fails on the key, and it gets the
        first one's ticket, now committed.
        """
        if isinstance(exc, (StoreError, StoreUnavailable)) or not client_id:
            raise exc
        found = self.client_request(client_id)
        if found is None:
            raise exc
        return found

    def _insert_request(self, cur: Any, *, service: str, text: str, token: str, branch: str | None,
                        item: str | None, event: str | None, lang: str, now: dt.datetime, capacity: int | None,
                        client_id: str | None, received_at: dt.datetime | None,
                        actor: str | None) -> dict[str, Any]:
        if client_id:
            found = self._client_request(cur, client_id)
            if found:
                return found
        if capacity is not None and event:
            self._lock_event(cur, event)
            self._run(cur, "SELECT COUNT(*) FROM requests WHERE event = ? AND status != 'refused'", (event,))
            if cur.fetchone()[0] >= capacity:
                raise StoreError("full")
        request_id, ticket = self._insert_new(cur, (token, service, branch, item, event, text, lang), now)
        if client_id:
            self._remember_client(cur, client_id, request_id, now=now, received_at=received_at, actor=actor)
        return {"id": request_id, "ticket": ticket, "token": token, "created_at": now, "existing": False}

    def _insert_new(self, cur: Any, values: tuple, now: dt.datetime) -> tuple[int, str]:
        """Number the request (the year's counter), insert it and its "created" line: (id, ticket).

        `values`: token, service, branch, item, event, data (JSON text), lang."""
        self._run(cur, "INSERT INTO counters (year, value) VALUES (?, 1) ON CONFLICT (year) "
                       "DO UPDATE SET value = counters.value + 1 RETURNING value", (now.year,))
        ticket = ticket_number(now.year, cur.fetchall()[0][0])
        self._run(cur, "INSERT INTO requests (ticket, token, service, branch, item, event, data, lang, "
                       "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                  (ticket, *values, _iso(now), _iso(now)))
        request_id = cur.fetchall()[0][0]
        self._log(cur, request_id, now, None, "created")
        return request_id, ticket

    def _lock_event(self, cur: Any, event: str) -> None:
        """Make the seat count and the insert one step for every process (see PostgresStore)."""

    # -- requests with a client id (village.py) ----------------------------------------------
    def _client_request(self, cur: Any, client_id: str) -> dict[str, Any] | None:
        self._run(cur, "SELECT r.id, r.ticket, r.token, r.created_at FROM client_requests c "
                       "JOIN requests r ON r.id = c.request_id WHERE c.client_id = ?", (client_id,))
        rows = cur.fetchall()
        if not rows:
            return None
        request_id, ticket, token, created = rows[0]
        return {"id": request_id, "ticket": ticket, "token": token, "created_at": parse_time(created),
                "existing": True}

    def _remember_client(self, cur: Any, client_id: str, request_id: int, *, now: dt.datetime,
                         received_at: dt.datetime | None, actor: str | None) -> None:
        received = max(received_at or now, now)
        self._run(cur, "INSERT INTO client_requests (client_id, request_id, received_at) VALUES (?, ?, ?)",
                  (client_id, request_id, _iso(received)))
        if received > now:
            # Made offline, handed in later: the service's clocks start when the library got it
            # (a closed pause over the time it travelled), while the ticket keeps the reader's time.
            self._run(cur, "INSERT INTO pauses (request_id, started_at, ended_at) VALUES (?, ?, ?)",
                      (request_id, _iso(now), _iso(received)))
            self._log(cur, request_id, received, actor, "imported", "berkas luring")

    def client_request(self, client_id: str) -> dict[str, Any] | None:
        with self.transaction() as cur:
            return self._client_request(cur, client_id)

    # -- satisfaction survey (skm.py) --------------------------------------------------------
    def skm_answered(self, request_id: int) -> bool:
        return bool(self._rows("SELECT request_id FROM skm_done WHERE request_id = ?", (request_id,)))

    def save_skm(self, request_id: int, response: dict[str, Any]) -> bool:
        """Keep one survey answer per ticket; False when this ticket already answered.

        The answer goes into its own table with no link to the ticket (only `skm_done`
        knows that the ticket answered), so reports cannot lead back to a reader.
        """
        columns = ("service", "branch", "answered_on", "u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9",
                   "gender", "age", "education", "occupation")
        with self.transaction() as cur:
            self._run(cur, "INSERT INTO skm_done (request_id) VALUES (?) ON CONFLICT (request_id) DO NOTHING",
                      (request_id,))
            if cur.rowcount != 1:
                return False
            self._run(cur, f"INSERT INTO skm_responses ({', '.join(columns)}) VALUES "
                           f"({', '.join('?' * len(columns))})", tuple(response.get(c) for c in columns))
        return True

    def skm_responses(self) -> list[dict[str, Any]]:
        return self._rows("SELECT service, branch, answered_on, u1, u2, u3, u4, u5, u6, u7, u8, u9, gender, age, "
                          "education, occupation FROM skm_responses ORDER BY id")

    def _decode(self, row: dict[str, Any]) -> dict[str, Any]:
        row = dict(row)
        row["data"] = json.loads(row["data"])
        for key in ("created_at", "updated_at", "closed_at"):
            row[key] = parse_time(row[key])
        return row

    def request(self, ticket: str) -> dict[str, Any] | None:
        rows = self._rows(f"SELECT {', '.join(REQUEST_COLUMNS)} FROM requests WHERE ticket = ?", (ticket,))
        return self._decode(rows[0]) if rows else None

    def requests(self, *, branches: list[str] | None = None, service: str | None = None,
                 status: str | None = None, limit: int = 1000) -> list[dict[str, Any]]:
        where, params = [], []
        if branches is not None:
            where.append("(branch IN (%s) OR branch IS NULL)" % ", ".join("?" * len(branches)) if branches
                         else "branch IS NULL")
            params.extend(branches)
        if service:
            where.append("service = ?")
            params.append(service)
        if status:
            where.append("status = ?")
            params.append(status)
        sql = f"SELECT {', '.join(REQUEST_COLUMNS)} FROM requests"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += f" ORDER BY id LIMIT {int(limit)}"
        return [self._decode(r) for r in self._rows(sql, tuple(params))]

    def count_requests(self) -> int:
        return self._rows("SELECT COUNT(*) AS n FROM requests")[0]["n"]

    def tickets(self) -> set[str]:
        return {r["ticket"] for r in self._rows("SELECT ticket FROM requests")}

    def update_request(self, request_id: int, *, actor: str, kind: str, detail: str | None = None,
                       public: bool = False, now: dt.datetime | None = None, **changes: Any) -> None:
        """Change a request and record why, in one transaction."""
        now = now or now_utc()
        allowed = {"status", "step", "assignee", "reason", "closed_at", "branch"}
        assert set(changes) <= allowed, f"cannot change {set(changes) - allowed}"
        values = {k: (_iso(v) if isinstance(v, dt.datetime) else v) for k, v in changes.items()}
        values["updated_at"] = _iso(now)
        with self.transaction() as cur:
            self._run(cur, "UPDATE requests SET " + ", ".join(f"{k} = ?" for k in values) + " WHERE id = ?",
                      (*values.values(), request_id))
            self._log(cur, request_id, now, actor, kind, detail, public=public)

    def history(self, request_id: int, *, public_only: bool = False) -> list[dict[str, Any]]:
        sql = "SELECT at, actor, kind, detail, public FROM history WHERE request_id = ?"
        if public_only:
            sql += " AND public = 1"
        rows = self._rows(sql + " ORDER BY id", (request_id,))
        for row in rows:
            row["at"] = parse_time(row["at"])
        return rows

    # -- first response ----------------------------------------------------------------
    def first_answers(self, request_id: int | None = None) -> dict[int, dt.datetime]:
        """When each request was first answered: its earliest `ANSWER_KINDS` entry by a librarian.

        Derived from the history rather than stored, so requests made before the response
        clock existed get theirs too, and no migration is needed.
        """
        kinds = ", ".join(f"'{k}'" for k in ANSWER_KINDS)
        sql = f"SELECT request_id, MIN(at) AS at FROM history WHERE kind IN ({kinds}) AND actor IS NOT NULL"
        params: tuple = ()
        if request_id is not None:
            sql += " AND request_id = ?"
            params = (request_id,)
        rows = self._rows(sql + " GROUP BY request_id", params)
        # Times are stored as UTC ISO text of one fixed width, so MIN() is the earliest.
        return {r["request_id"]: parse_time(r["at"]) for r in rows}

    # -- SLA pauses --------------------------------------------------------------------
    def pauses(self, request_id: int) -> list[tuple[dt.datetime, dt.datetime | None]]:
        rows = self._rows("SELECT started_at, ended_at FROM pauses WHERE request_id = ? ORDER BY id", (request_id,))
        return [(parse_time(r["started_at"]), parse_time(r["ended_at"])) for r in rows]

    def all_pauses(self) -> dict[int, list[tuple[dt.datetime, dt.datetime | None]]]:
        out: dict[int, list] = {}
        for r in self._rows("SELECT request_id, started_at, ended_at FROM pauses ORDER BY id"):
            out.setdefault(r["request_id"], []).append((parse_time(r["started_at"]), parse_time(r["ended_at"])))
        return out

    def pause(self, request_id: int, *, actor: str, now: dt.datetime | None = None) -> bool:
        now = now or now_utc()
        with self.transaction() as cur:
            self._run(cur, "SELECT COUNT(*) FROM pauses WHERE request_id = ? AND ended_at IS NULL", (request_id,))
            if cur.fetchone()[0]:
                return False
            self._run(cur, "INSERT INTO pauses (request_id, started_at) VALUES (?, ?)", (request_id, _iso(now)))
            self._log(cur, request_id, now, actor, "paused")
        return True

    def resume(self, request_id: int, *, actor: str, now: dt.datetime | None = None) -> bool:
        return bool(self._end_open(request_id, "pauses", "ended_at", "resumed", actor=actor, now=now))

    def _end_open(self, request_id: int, table: str, column: str, kind: str, *, actor: str,
                  now: dt.datetime | None) -> int:
        """Stamp ``column`` of the request's open rows in ``table`` (a pause, a loan) and, if
        there were any, log ``kind`` in the same transaction; return how many rows."""
        now = now or now_utc()
        with self.transaction() as cur:
            self._run(cur, f"UPDATE {table} SET {column} = ? WHERE request_id = ? AND {column} IS NULL",
                      (_iso(now), request_id))
            changed = cur.rowcount
            if changed:
                self._log(cur, request_id, now, actor, kind)
        return changed

    # -- loans --------------------------------------------------------------------------
    def active_loans(self, item: str | None = None) -> list[dict[str, Any]]:
        sql = "SELECT id, request_id, item, barcode, branch, started_at, due FROM loans WHERE returned_at IS NULL"
        rows = self._rows(sql + (" AND item = ?" if item else "") + " ORDER BY id", (item,) if item else ())
        for row in rows:
            row["started_at"], row["due"] = parse_time(row["started_at"]), parse_time(row["due"])
        return rows

    def lend(self, request_id: int, *, item: str, barcode: str, branch: str | None, due: dt.datetime,
             actor: str, now: dt.datetime | None = None) -> int:
        now = now or now_utc()
        with self.transaction() as cur:
            self._run(cur, "SELECT COUNT(*) FROM loans WHERE barcode = ? AND returned_at IS NULL", (barcode,))
            if cur.fetchone()[0]:
                raise StoreError(f"copy {barcode} is already on loan")
            self._run(cur, "INSERT INTO loans (request_id, item, barcode, branch, started_at, due) "
                           "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                      (request_id, item, barcode, branch, _iso(now), _iso(due)))
            loan_id = cur.fetchall()[0][0]
            self._log(cur, request_id, now, actor, "lent", f"{barcode} s.d. {due.date().isoformat()}")
        return loan_id

    def give_back(self, request_id: int, *, actor: str, now: dt.datetime | None = None) -> int:
        return self._end_open(request_id, "loans", "returned_at", "returned", actor=actor, now=now)

    def registrations(self, event: str) -> int:
        return self._rows("SELECT COUNT(*) AS n FROM requests WHERE event = ? AND status != 'refused'",
                          (event,))[0]["n"]

    # -- librarians and sessions -----------------------------------------------------------
    def put_user(self, username: str, password_hash: str, *, branches: list[str] | None = None,
                 display_name: str | None = None) -> None:
        with self.transaction() as cur:
            self._run(cur, "DELETE FROM sessions WHERE username = ?", (username,))
            self._run(cur, "DELETE FROM users WHERE username = ?", (username,))
            self._run(cur, "INSERT INTO users (username, password, display_name, branches) VALUES (?, ?, ?, ?)",
                      (username, password_hash, display_name or username, json.dumps(branches or [])))

    def user(self, username: str) -> dict[str, Any] | None:
        rows = self._rows("SELECT username, password, display_name, branches, failures, locked_until FROM users "
                          "WHERE username = ?", (username,))
        if not rows:
            return None
        row = rows[0]
        row["branches"] = json.loads(row["branches"])
        row["locked_until"] = parse_time(row["locked_until"])
        return row

    def usernames(self) -> list[str]:
        return [r["username"] for r in self._rows("SELECT username FROM users ORDER BY username")]

    def new_session(self, username: str, *, token: str, csrf: str, now: dt.datetime, lifetime: dt.timedelta) -> None:
        with self.transaction() as cur:
            self._run(cur, "INSERT INTO sessions (token, username, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                      (token, username, csrf, _iso(now), _iso(now + lifetime)))

    def session(self, token: str, *, now: dt.datetime) -> dict[str, Any] | None:
        rows = self._rows("SELECT token, username, csrf, expires_at FROM sessions WHERE token = ?", (token,))
        if not rows or parse_time(rows[0]["expires_at"]) < now:
            return None
        return rows[0]

    def end_session(self, token: str) -> None:
        with self.transaction() as cur:
            self._run(cur, "DELETE FROM sessions WHERE token = ?", (token,))


class SQLiteStore(SQLStore):
    def __init__(self, path: str) -> None:
        self.path = path
        super().__init__()

    def _connect(self) -> sqlite3.Connection:
        # isolation_level=None: transactions are begun explicitly (BEGIN IMMEDIATE takes
        # the write lock up front, so two writers never deadlock on an upgrade).
        conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, timeout=30)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")  # an acknowledged ticket survives a power cut
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA busy_timeout=30000")
        return conn

    def _begin(self, cur: Any) -> None:
        cur.execute("BEGIN IMMEDIATE")

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        with self._lock:
            cur = self._conn.cursor()
            try:
                self._begin(cur)
                yield cur
                cur.execute("COMMIT")
            except BaseException:
                if self._conn.in_transaction:
                    cur.execute("ROLLBACK")
                raise
            finally:
                cur.close()


class PostgresStore(SQLStore):
    placeholder = "%s"
    pk = "BIGSERIAL PRIMARY KEY"
    blob = "BYTEA"

    def __init__(self, url: str) -> None:
        import psycopg

        self.url = url
        self.disconnects = (psycopg.OperationalError, psycopg.InterfaceError)
        # Deadlocks and serialization failures: the server rolled the transaction back.
        self.retryable = (psycopg.errors.TransactionRollback,)
        super().__init__()

    def _connect(self) -> Any:
        import psycopg

        return psycopg.connect(self.url, autocommit=False, connect_timeout=5)

    def _broken(self) -> bool:
        return bool(self._conn.closed or self._conn.broken)

    def script(self, cur: Any, statements: list[str]) -> None:
        cur.execute("; ".join(statements))  # the simple query protocol takes several at once

    def _insert_new(self, cur: Any, values: tuple, now: dt.datetime) -> tuple[int, str]:
        # SQLStore's three steps in one statement: one round trip to the server instead of three,
        # and round trips are what the group committer's thread spends its time waiting for.
        # The ticket's text is formatted here as `ticket_number` formats it: the prefix with
        # the year, then the sequence padded to six digits (a test compares the two).
        year = now.year
        self._run(cur, """WITH numbered AS (
                INSERT INTO counters (year, value) VALUES (?, 1) ON CONFLICT (year)
                DO UPDATE SET value = counters.value + 1 RETURNING value),
            made AS (
                INSERT INTO requests (ticket, token, service, branch, item, event, data, lang, created_at, updated_at)
                SELECT ? || lpad(value::text, greatest(6, length(value::text)), '0'), ?, ?, ?, ?, ?, ?, ?, ?, ?
                FROM numbered RETURNING id, ticket, created_at),
            logged AS (
                INSERT INTO history (request_id, at, actor, kind, detail, public)
                SELECT id, created_at, NULL, 'created', NULL, 1 FROM made)
            SELECT id, ticket FROM made""",
                  (year, ticket_number(year, 1)[:-6], *values, _iso(now), _iso(now)))
        request_id, ticket = cur.fetchall()[0]
        return request_id, ticket

    def _lock_event(self, cur: Any, event: str) -> None:
        # READ COMMITTED lets two processes count the same seats at once and both take the
        # last one. A transaction lock per event (released by the commit) makes them count
        # in turn; SQLite needs none, BEGIN IMMEDIATE already lets one writer in at a time.
        self._run(cur, "SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", ("pustaka-event:" + event,))

    def _sql(self, sql: str) -> str:
        # "%" in literal SQL must be doubled for psycopg; our queries hold none besides ours.
        return sql.replace("?", "%s")


def open_store(database: str) -> SQLStore:
    """A store for a SQLite file path or a ``postgresql://`` URL, migrated to the latest schema."""
    if database.startswith(("postgresql://", "postgres://")):
        store: SQLStore = PostgresStore(database)
    else:
        from pathlib import Path

        Path(database).parent.mkdir(parents=True, exist_ok=True)
        store = SQLiteStore(database)
    store.migrate()
    return store
