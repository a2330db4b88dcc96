"""Benchmark of the form endpoint under a crowd: accepted submissions, latency, flushes, kill -9.

    .venv/bin/python bench/endpoint.py                         # SQLite and PostgreSQL, 4/50/200 clients
    .venv/bin/python bench/endpoint.py --databases sqlite --clients 50 --seconds 10
    .venv/bin/python bench/endpoint.py --postgres-url postgresql://u@127.0.0.1:5432   # an existing server
    .venv/bin/python bench/endpoint.py --results bench/RESULTS.md   # append the table

For each database and each number of concurrent clients:

- **sustained**: the real command (`pustaka endpoint`, one uvicorn process, rate limit off) on
  127.0.0.1 and a fresh database; `clients` keep-alive connections post the JSON a page posts,
  back to back, for `--seconds`. A submission counts only when answered 201 with a ticket;
  latency is from send to that answer. The load generator runs on the same machine (one
  process, uvloop when installed), so it takes CPU from the server: the figures are for both.
- **flushes**: the disk flushes (fsync/fdatasync) made per acknowledged request: for SQLite,
  the endpoint process's own calls counted by `perf stat` (Debian's linux-perf; "n/a" without
  it); for PostgreSQL, `pg_stat_wal.wal_sync` of the server (WAL flushes of every process).
- **crash**: the same load on a fresh database, the server killed with SIGKILL halfway, started
  again (SQLite's WAL recovery runs): every acknowledged ticket must be in the database.

PostgreSQL is started from Debian's postgresql package (as the test suite does) unless
`--postgres-url` names a server; each run gets a database of its own.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BODY = {"service": "tanya-pustakawan", "lang": "id",
        "fields": {"nama": "Pemustaka Uji", "email": "uji@example.id",
                   "pertanyaan": "Apakah perpustakaan menyimpan arsip foto pelabuhan tahun 1950-an?"}}

#: (database, clients): (accepted per second at least, p99 below ms), from the issue.
TARGETS = {("sqlite", 50): (1500, 100), ("postgresql", 50): (800, 150)}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_forms(folder: Path) -> Path:
    from generator.site.forms import write_forms as write
    from generator.records import load_collection

    collection = load_collection(ROOT / "collection", project_dir=ROOT, cache_dir=folder / "cache")
    write(folder / "site", collection)
    return folder / "site"


def start_server(site: Path, database: str, port: int) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-m", "generator.cli", "endpoint", "--site-dir", str(site),
                                "--database", database, "--port", str(port), "--rate-limit", "0"],
                               cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("the endpoint did not start: " + process.stderr.read().decode()[-2000:])


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


async def load(port: int, seconds: float, clients: int, *, kill_at: float | None = None,
               pid: int | None = None) -> dict:
    """`clients` keep-alive connections posting back to back for `seconds`. Plain asyncio streams
    with a prepared request: an HTTP client library would spend more CPU than the server.
    With `kill_at`, the server `pid` gets SIGKILL that many seconds in."""
    payload = json.dumps(BODY).encode()
    request = (f"POST /api/requests HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
               f"Content-Length: {len(payload)}\r\n\r\n").encode() + payload
    latencies: list[float] = []
    tickets: list[str] = []
    errors: dict[str, int] = {}
    stop = time.monotonic() + seconds

    def failed(kind: str) -> None:
        errors[kind] = errors.get(kind, 0) + 1

    async def client() -> None:
        writer = None
        while time.monotonic() < stop:
            try:
                if writer is None:
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
                started = time.perf_counter()
                writer.write(request)
                head = await reader.readuntil(b"\r\n\r\n")
                status = int(head.split(b" ", 2)[1])
                length = int(re.search(rb"(?i)content-length: *(\d+)", head).group(1))
                body = await reader.readexactly(length)
            except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, AttributeError) as exc:
                failed(type(exc).__name__)
                writer = None
                await asyncio.sleep(0.05)
                continue
            if status == 201:
                latencies.append(time.perf_counter() - started)
                tickets.append(json.loads(body)["ticket"])
            else:
                failed(str(status))
        if writer is not None:
            writer.close()

    async def killer() -> None:
        await asyncio.sleep(kill_at)
        os.kill(pid, signal.SIGKILL)  # mid-load: requests in flight are lost, never acknowledged ones

    began = time.monotonic()
    tasks = [client() for _ in range(clients)] + ([killer()] if kill_at is not None else [])
    await asyncio.gather(*tasks)
    elapsed = time.monotonic() - began
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else float("nan")

    return {"seconds": round(elapsed, 2), "accepted": len(tickets), "per_second": round(len(tickets) / elapsed, 1),
            "p50_ms": round(pct(0.50), 2), "p99_ms": round(pct(0.99), 2), "max_ms": round(pct(1.0), 2),
            "errors": errors, "tickets": tickets}


def run_load(*args, **kwargs) -> dict:
    try:
        import uvloop
    except ImportError:
        return asyncio.run(load(*args, **kwargs))
    return uvloop.run(load(*args, **kwargs))


class Flushes:
    """Disk flushes during a measurement: perf for a process's own calls, or PostgreSQL's count."""

    def __init__(self, *, pid: int | None = None, postgres: str | None = None) -> None:
        self.pid, self.postgres = pid, postgres
        self._perf: subprocess.Popen | None = None
        self._before = 0

    def __enter__(self) -> "Flushes":
        if self.postgres:
            self._before = self._wal_syncs()
        elif self.pid and shutil.which("perf"):
            self._perf = subprocess.Popen(["perf", "stat", "-x", ",", "-e", "syscalls:sys_enter_fsync",
                                           "-e", "syscalls:sys_enter_fdatasync", "-p", str(self.pid)],
                                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            time.sleep(0.3)  # perf attaches to the process's threads
        return self

    def __exit__(self, *exc: object) -> None:
        self.count: int | None = None
        if self.postgres:
            self.count = self._wal_syncs() - self._before
        elif self._perf is not None:
            self._perf.send_signal(signal.SIGINT)
            _, err = self._perf.communicate(timeout=30)
            counts = [int(line.split(",")[0]) for line in err.splitlines() if line.split(",")[0].isdigit()]
            self.count = sum(counts) if counts else None

    def _wal_syncs(self) -> int:
        import psycopg

        with psycopg.connect(self.postgres, autocommit=True) as conn:
            return conn.execute("SELECT wal_sync FROM pg_stat_wal").fetchone()[0]


class Databases:
    """A fresh database per run: a SQLite file, or a new database on the PostgreSQL server."""

    def __init__(self, work: Path, postgres_url: str | None) -> None:
        self.work, self.postgres_url, self._stop = work, postgres_url, None
        self._n = 0

    def new(self, kind: str) -> str:
        self._n += 1
        if kind == "sqlite":
            return str(self.work / f"bench-{self._n}.db")
        if self.postgres_url is None:
            from tests.endpoint_support import start_postgres

            started = start_postgres()
            if started is None:
                raise SystemExit("no PostgreSQL: install Debian's postgresql or give --postgres-url")
            self.postgres_url, self._stop = started
        import psycopg

        name = f"bench_{os.getpid()}_{self._n}"
        with psycopg.connect(f"{self.postgres_url}/postgres", autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return f"{self.postgres_url}/{name}"

    def close(self) -> None:
        if self._stop:
            self._stop()


def stored_tickets(database: str) -> set[str]:
    from generator.endpoint.store import open_store

    store = open_store(database)
    try:
        return store.tickets()
    finally:
        store.close()


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its threads so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def sustained(site: Path, database: str, kind: str, clients: int, seconds: float) -> dict:
    port = free_port()
    server = start_server(site, database, port)
    try:
        run_load(port, 1.0, clients)  # warm up: connections, the writer thread, the database's caches
        load_before = os.getloadavg()[0]
        cpu_before, own_before = cpu_seconds(server.pid), time.process_time()
        with Flushes(pid=server.pid if kind == "sqlite" else None,
                     postgres=database.rsplit("/", 1)[0] + "/postgres" if kind == "postgresql" else None) as flushes:
            result = run_load(port, seconds, clients)
        result["load_before"], result["load_after"] = load_before, os.getloadavg()[0]
        # CPU per request: what a shared machine's load changes least (the endpoint's own
        # process; the load generator's beside it).
        accepted = max(1, result["accepted"])
        result["server_cpu_ms"] = round((cpu_seconds(server.pid) - cpu_before) * 1000 / accepted, 3)
        result["client_cpu_ms"] = round((time.process_time() - own_before) * 1000 / accepted, 3)
    finally:
        stop_server(server)
    result["flushes"] = flushes.count
    result["flushes_per_ack"] = round(flushes.count / result["accepted"], 3) if flushes.count is not None \
        and result["accepted"] else None
    result.pop("tickets")
    return result


def crash(site: Path, database: str, clients: int, seconds: float) -> dict:
    """Load the server, kill -9 it halfway, restart it: every acknowledged ticket must be there."""
    port = free_port()
    server = start_server(site, database, port)
    result = run_load(port, seconds, clients, kill_at=seconds / 2, pid=server.pid)
    server.wait()
    restarted = start_server(site, database, port)  # the restart itself must work (WAL recovery)
    try:
        present = stored_tickets(database)
    finally:
        stop_server(restarted)
    acknowledged = set(result["tickets"])
    lost = acknowledged - present
    return {"acknowledged": len(acknowledged), "stored_after_restart": len(present), "lost": len(lost),
            "lost_examples": sorted(lost)[:5]}


def verdict(kind: str, clients: int, row: dict) -> str:
    target = TARGETS.get((kind, clients))
    if target is None:
        return ""
    per_second, p99 = target
    ok = row["per_second"] >= per_second and row["p99_ms"] < p99 and row["crash"]["lost"] == 0
    return f"≥ {per_second}/s, p99 < {p99} ms: {'met' if ok else 'NOT met'}"


def table(kind: str, rows: list[dict]) -> list[str]:
    name = {"sqlite": "SQLite (WAL, synchronous=FULL)", "postgresql": "PostgreSQL (fsync=on, synchronous_commit=on)"}
    lines = [f"**{name[kind]}**", "",
             "| clients | accepted/s | p50 ms | p99 ms | max ms | errors | flushes per ack | endpoint CPU ms per ack | "
             "kill -9: acknowledged / lost | load avg before → after | target |",
             "|---:|---:|---:|---:|---:|---|---:|---:|---|---|---|"]
    for row in rows:
        flushes = "n/a" if row["flushes_per_ack"] is None else f"{row['flushes_per_ack']:.3f}"
        lines.append(f"| {row['clients']} | {row['per_second']:,.0f} | {row['p50_ms']:.1f} | {row['p99_ms']:.1f} | "
                     f"{row['max_ms']:.1f} | {row['errors'] or 'none'} | {flushes} | {row['server_cpu_ms']:.2f} | "
                     f"{row['crash']['acknowledged']:,} / **{row['crash']['lost']}** | "
                     f"{row['load_before']:.1f} → {row['load_after']:.1f} | {verdict(kind, row['clients'], row)} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=20, help="length of each sustained run")
    parser.add_argument("--crash-seconds", type=float, default=6, help="length of each crash run (killed halfway)")
    parser.add_argument("--clients", default="4,50,200", help="numbers of concurrent clients, comma-separated")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--postgres-url", help="an existing server's base URL (default: start one)")
    parser.add_argument("--results", type=Path, help="append a Markdown section to this file")
    args = parser.parse_args()
    levels = [int(n) for n in args.clients.split(",")]
    kinds = [k.strip() for k in args.databases.split(",")]
    work = Path(tempfile.mkdtemp(prefix="pustaka-bench-"))
    site = write_forms(work)
    databases = Databases(work, args.postgres_url)
    report: dict[str, list[dict]] = {}
    try:
        for kind in kinds:
            for clients in levels:
                row = {"clients": clients, **sustained(site, databases.new(kind), kind, clients, args.seconds)}
                row["crash"] = crash(site, databases.new(kind), clients, args.crash_seconds)
                report.setdefault(kind, []).append(row)
                print(json.dumps({"database": kind, **row}), flush=True)
    finally:
        databases.close()
    lines = ["", f"## Form endpoint — {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}", "",
             f"`bench/endpoint.py --seconds {args.seconds:g} --clients {args.clients}` on {platform.node() or 'this machine'} "
             f"({os.cpu_count()} CPUs, Python {platform.python_version()}, Linux {platform.release()}); one uvicorn "
             "process, the load generator (one asyncio process) on the same machine; crash runs of "
             f"{args.crash_seconds:g} s killed halfway.", ""]
    for kind, rows in report.items():
        lines += table(kind, rows) + [""]
    print("\n".join(lines))
    out = ROOT / "bench/out/endpoint.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2))
    if args.results:
        with args.results.open("a", encoding="utf-8") as f:
            f.write("\n".join(lines))


if __name__ == "__main__":
    main()
