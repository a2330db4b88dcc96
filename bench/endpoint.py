"""Benchmark of the form endpoint: sustained accepted submissions and a kill -9 crash test.

    .venv/bin/python bench/endpoint.py                    # 30 s load + crash test, SQLite
    .venv/bin/python bench/endpoint.py --seconds 10 --database postgresql://…/db
    .venv/bin/python bench/endpoint.py --results bench/RESULTS.md   # append the figures

The server is the real command (`pustaka endpoint`, one uvicorn process) on 127.0.0.1;
the load comes from asyncio + httpx clients on the same machine, each posting the JSON
a page would post. A submission counts only when the endpoint answered 201 with a
ticket; latency is measured from send to that answer.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
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


async def load(url: str, seconds: float, concurrency: int) -> dict:
    """`concurrency` keep-alive connections posting back to back. Plain asyncio streams with
    a prepared request: an HTTP client library would spend more CPU than the server."""
    host, port = url.split("//")[1].split(":")
    payload = json.dumps(BODY).encode()
    request = (f"POST /api/requests HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
               f"Content-Length: {len(payload)}\r\n\r\n").encode() + payload
    latencies: list[float] = []
    tickets: list[str] = []
    errors: dict[str, int] = {}
    stop = time.monotonic() + seconds

    def failed(kind: str) -> None:
        errors[kind] = errors.get(kind, 0) + 1

    async def worker() -> None:
        writer = None
        while time.monotonic() < stop:
            try:
                if writer is None:
                    reader, writer = await asyncio.open_connection(host, int(port))
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

    began = time.monotonic()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.monotonic() - began
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else float("nan")

    return {"seconds": round(elapsed, 2), "accepted": len(tickets), "per_second": round(len(tickets) / elapsed, 1),
            "p50_ms": round(pct(0.50), 2), "p99_ms": round(pct(0.99), 2), "max_ms": round(pct(1.0), 2),
            "errors": errors, "tickets": tickets}


def stored_tickets(database: str) -> set[str]:
    from generator.endpoint.store import open_store

    store = open_store(database)
    try:
        return store.tickets()
    finally:
        store.close()


def crash_test(site: Path, database: str, seconds: float, concurrency: int) -> dict:
    """Load the server, kill -9 it mid-load, restart it: every acknowledged ticket must be there."""
    port = free_port()
    server = start_server(site, database, port)

    async def run() -> dict:
        task = asyncio.create_task(load(f"http://127.0.0.1:{port}", seconds, concurrency))
        await asyncio.sleep(seconds / 2)
        os.kill(server.pid, signal.SIGKILL)  # mid-load: requests in flight are lost, never acknowledged ones
        return await task

    result = asyncio.run(run())
    server.wait()
    restarted = start_server(site, database, port)  # the restart itself must work (WAL recovery)
    try:
        present = stored_tickets(database)
    finally:
        restarted.terminate()
        restarted.wait()
    acknowledged = set(result["tickets"])
    lost = acknowledged - present
    return {"acknowledged": len(acknowledged), "stored_after_restart": len(present), "lost": len(lost),
            "lost_examples": sorted(lost)[:5], "errors_after_kill": result["errors"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--database", help="a postgresql:// URL (default: a fresh SQLite file)")
    parser.add_argument("--results", type=Path, help="append a Markdown section to this file")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="pustaka-bench-"))
    site = write_forms(work)
    database = args.database or str(work / "bench.db")
    port = free_port()
    server = start_server(site, database, port)
    load_before = os.getloadavg()[0]
    try:
        sustained = asyncio.run(load(f"http://127.0.0.1:{port}", args.seconds, args.concurrency))
    finally:
        server.terminate()
        server.wait()
    crash_db = args.database or str(work / "crash.db")
    crash = crash_test(site, crash_db, 10, args.concurrency)
    kind = "PostgreSQL" if database.startswith("postgres") else "SQLite (WAL, synchronous=FULL)"
    summary = {"database": kind, "cpu_count": os.cpu_count(), "python": platform.python_version(),
               "sustained": {k: v for k, v in sustained.items() if k != "tickets"}, "crash": crash}
    print(json.dumps(summary, indent=2))
    out = ROOT / "bench/out/endpoint.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(summary, indent=2))
    if args.results:
        s = summary["sustained"]
        lines = [
            "", f"## Form endpoint ({kind})", "",
            f"`bench/endpoint.py --seconds {args.seconds:g} --concurrency {args.concurrency}` on this machine "
            f"({os.cpu_count()} CPUs, Python {platform.python_version()}; one uvicorn process, the load generator "
            f"on the same machine; 1-minute load average {load_before:.1f} when the load started, "
            f"{os.getloadavg()[0]:.1f} at the end: the machine is shared).", "",
            "| measure | result | target |", "|---|---|---|",
            f"| accepted submissions per second, sustained {s['seconds']} s | {s['per_second']} | ≥ 300 |",
            f"| latency p50 / p99 / max | {s['p50_ms']} / {s['p99_ms']} / {s['max_ms']} ms | p99 < 100 ms |",
            f"| errors during load | {s['errors'] or 'none'} | none |",
            f"| crash test: acknowledged before kill -9 / present after restart / lost | "
            f"{crash['acknowledged']} / {crash['stored_after_restart']} / **{crash['lost']}** | 0 lost |", "",
        ]
        with args.results.open("a", encoding="utf-8") as f:
            f.write("\n".join(lines))


if __name__ == "__main__":
    main()
