"""Group commit: requests share flushes, none is acknowledged before its flush, none is lost.

The store is driven directly for what a batch does (one commit for many requests, one failing
request rolled back alone, a failed commit acknowledging nobody); the real `pustaka endpoint`
process, over HTTP, for what a crowd does to it: kill -9 under load, and two processes selling
the seats of one event on PostgreSQL.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from generator.endpoint.store import SQLiteStore, StoreError, open_store
from tests.endpoint_support import *  # noqa: F403 - fixtures

ROOT = Path(__file__).resolve().parent.parent
QUESTION = {"nama": "Pemustaka", "email": "uji@example.id", "pertanyaan": "Adakah peta Teluk tahun 1920?"}


def _submit_while_locked(store, count: int, **request):
    """Submit `count` requests while the store's lock is held, so that they queue up behind the
    first one as they would behind a slow flush; returns their futures once all are done."""
    with store._lock:
        futures = [store.submit_request(service="tanya-pustakawan", data=QUESTION, **request) for _ in range(count)]
        time.sleep(0.1)  # the writer thread has taken the first request and waits for the lock
    for future in futures:
        future.exception(timeout=30)
    return futures


def test_requests_that_arrive_together_share_one_commit_and_each_gets_its_own_ticket(database):
    store = open_store(database)
    try:
        futures = _submit_while_locked(store, 60)
        tickets = [f.result()["ticket"] for f in futures]
        assert len(set(tickets)) == 60
        assert store.tickets() == set(tickets)
        # The first request went alone (the writer took it at once); the others waited for it
        # and were committed together: at most a few commits for 60 requests.
        assert store.committer.committed == 60
        assert store.committer.commits <= 3, store.committer.commits
    finally:
        store.close()


def test_a_request_refused_inside_a_batch_is_rolled_back_alone(database):
    store = open_store(database)
    try:
        with store._lock:
            seats = [store.submit_request(service="pendaftaran-kegiatan", data={"nama": "R"}, event="lokakarya",
                                          capacity=2) for _ in range(5)]
            questions = [store.submit_request(service="tanya-pustakawan", data=QUESTION) for _ in range(5)]
            time.sleep(0.1)
        outcomes = [f.exception(timeout=30) for f in seats]
        assert sum(isinstance(e, StoreError) for e in outcomes) == 3
        assert sum(e is None for e in outcomes) == 2
        assert all(f.result(timeout=30)["ticket"] for f in questions)
        assert store.registrations("lokakarya") == 2
        assert store.count_requests() == 7
        # The refused requests took no ticket number: the numbers have no gaps.
        numbers = sorted(int(t.rsplit("-", 1)[1]) for t in store.tickets())
        assert numbers == list(range(numbers[0], numbers[0] + 7))
    finally:
        store.close()


class _FailingCommit(SQLiteStore):
    """A store whose disk fails at the moment of the commit."""

    fail = False

    @contextmanager
    def transaction(self):
        with super().transaction() as cur:
            yield cur
            if self.fail:
                raise OSError("disk I/O error at COMMIT")


def test_no_request_is_acknowledged_when_its_batch_cannot_be_committed(tmp_path):
    store = _FailingCommit(str(tmp_path / "p.db"))
    store.migrate()
    try:
        store.fail = True
        futures = _submit_while_locked(store, 20)
        assert all(isinstance(f.exception(), OSError) for f in futures)
        with pytest.raises(OSError):
            store.create_request(service="tanya-pustakawan", data=QUESTION)
        store.fail = False
        assert store.count_requests() == 0  # rolled back: nothing half-stored
        made = store.create_request(service="tanya-pustakawan", data=QUESTION)
        assert store.request(made["ticket"])["token"] == made["token"]
    finally:
        store.close()


def test_close_stores_what_was_submitted_before_it(tmp_path):
    path = str(tmp_path / "p.db")
    store = open_store(path)
    futures = [store.submit_request(service="tanya-pustakawan", data=QUESTION) for _ in range(30)]
    store.close()
    assert all(f.done() for f in futures)
    again = open_store(path)
    try:
        assert again.tickets() == {f.result()["ticket"] for f in futures}
    finally:
        again.close()


# -- the real process under a crowd ------------------------------------------------------------
def _start(site: Path, database: str, port: int) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-m", "generator.cli", "endpoint", "--site-dir", str(site),
                                "--database", database, "--port", str(port), "--rate-limit", "0"],
                               cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read().decode()[-2000:]
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise AssertionError("the endpoint did not start")


async def _crowd(port: int, bodies: list[dict], clients: int, until: threading.Event | None = None,
                 tickets: list[str] | None = None) -> dict:
    """`clients` keep-alive connections posting `bodies` in turn; returns statuses and tickets
    (appended to `tickets` as they come). With `until`, each client posts the first body until
    the event is set (or its connection dies)."""
    statuses: dict[int, int] = {}
    tickets = [] if tickets is None else tickets
    queue = list(enumerate(bodies))

    async def client() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while (until is not None and not until.is_set()) or (until is None and queue):
                _, body = queue.pop() if until is None else (0, bodies[0])
                payload = json.dumps(body).encode()
                writer.write(f"POST /api/requests HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                             f"Content-Length: {len(payload)}\r\n\r\n".encode() + payload)
                head = await reader.readuntil(b"\r\n\r\n")
                status = int(head.split(b" ", 2)[1])
                length = int(next(line.split(b":")[1] for line in head.split(b"\r\n")
                                  if line.lower().startswith(b"content-length")))
                answer = await reader.readexactly(length)
                statuses[status] = statuses.get(status, 0) + 1
                if status == 201:
                    tickets.append(json.loads(answer)["ticket"])
        except (OSError, asyncio.IncompleteReadError):
            pass  # the server was killed: what was in flight was never acknowledged
        finally:
            writer.close()

    await asyncio.gather(*(client() for _ in range(clients)))
    return {"statuses": statuses, "tickets": tickets}


def _run(coroutine_function, *args):
    """asyncio.run in a thread of its own: Playwright's sync API (the browser tests in the same
    worker) keeps an event loop running in the main thread, where asyncio.run refuses to start."""
    outcome: dict = {}

    def run() -> None:
        try:
            outcome["value"] = asyncio.run(coroutine_function(*args))
        except BaseException as exc:  # noqa: BLE001 - raised again in the test's thread
            outcome["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


@pytest.mark.parametrize("clients", [4, 50])
def test_kill_9_under_load_loses_no_acknowledged_request(forms_file, database, clients):
    site = forms_file.parents[2]
    port = free_port()  # noqa: F405
    server = _start(site, database, port)
    stop = threading.Event()
    acknowledged_so_far: list[str] = []

    def kill_under_load() -> None:
        # Mid-load whatever the machine's speed: once a good number of tickets went out.
        deadline = time.monotonic() + 60
        while len(acknowledged_so_far) < 200 and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(server.pid, signal.SIGKILL)
        stop.set()

    body = {"service": "tanya-pustakawan", "lang": "id", "fields": QUESTION}
    threading.Thread(target=kill_under_load).start()
    result = _run(_crowd, port, [body], clients, stop, acknowledged_so_far)
    server.wait()
    acknowledged = set(result["tickets"])
    assert len(acknowledged) >= 200, result["statuses"]
    assert set(result["statuses"]) == {201}
    store = open_store(database)  # reopening runs SQLite's WAL recovery
    try:
        assert acknowledged <= store.tickets()
    finally:
        store.close()


def test_two_endpoint_processes_never_sell_more_seats_than_there_are(forms_file, postgres_server):
    import psycopg

    name = f"seats_{os.getpid()}"
    with psycopg.connect(f"{postgres_server}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    database = f"{postgres_server}/{name}"
    definitions = json.loads(forms_file.read_text())
    event_id, event = next((k, v) for k, v in definitions["events"].items() if v["open"] and v["capacity"])
    site = forms_file.parents[2]
    ports = [free_port(), free_port()]  # noqa: F405
    servers = [_start(site, database, port) for port in ports]
    body = {"service": "pendaftaran-kegiatan", "lang": "id",
            "fields": {"kegiatan": event_id, "nama": "Rina", "telepon": "081234567890"}}
    try:
        async def both() -> list[dict]:
            return await asyncio.gather(*(_crowd(port, [body] * 100, 50) for port in ports))

        results = _run(both)
    finally:
        for server in servers:
            server.terminate()
            server.wait()
    accepted = sum(r["statuses"].get(201, 0) for r in results)
    refused = sum(r["statuses"].get(409, 0) for r in results)
    assert (accepted, refused) == (event["capacity"], 200 - event["capacity"]), results[0]["statuses"]
    store = open_store(database)
    try:
        assert store.registrations(event_id) == event["capacity"]
    finally:
        store.close()


def test_tickets_are_numbered_alike_on_both_databases_past_six_digits(database):
    from generator.endpoint.store import now_utc
    from generator.endpoint.tickets import is_ticket, ticket_number

    store = open_store(database)
    try:
        year = now_utc().year
        first = store.create_request(service="tanya-pustakawan", data=QUESTION)
        assert first["ticket"] == ticket_number(year, 1)
        with store.transaction() as cur:
            store._run(cur, "UPDATE counters SET value = 999998 WHERE year = ?", (year,))
        made = [store.create_request(service="tanya-pustakawan", data=QUESTION)["ticket"] for _ in range(2)]
        assert made == [ticket_number(year, 999999), ticket_number(year, 1000000)]
        assert all(is_ticket(t) for t in made)
        history = store.history(store.request(made[1])["id"])
        assert [h["kind"] for h in history] == ["created"]
    finally:
        store.close()
