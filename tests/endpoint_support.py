"""Fixtures for endpoint tests: the sample's form definitions, SQLite and a real
PostgreSQL server started for the test run, and the endpoint on 127.0.0.1.

Import the fixtures into a test module with ``from tests.endpoint_support import *``.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path
from typing import Callable, Iterator

import pytest

from generator.site.forms import write_forms

ROOT = Path(__file__).resolve().parent.parent
PG_BIN = Path("/usr/lib/postgresql")
SITE_URL = "http://127.0.0.1:8000/"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def forms_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """forms.json of the sample library, written by the same call the build makes."""
    from generator.records import load_collection

    out = tmp_path_factory.mktemp("forms")
    collection = load_collection(ROOT / "collection", project_dir=ROOT, cache_dir=out / "cache")
    return write_forms(out / "site", collection, site_url=SITE_URL)


def _pg_bin() -> Path | None:
    versions = sorted(PG_BIN.glob("*/bin/initdb")) if PG_BIN.is_dir() else []
    return versions[-1].parent if versions else None


def start_postgres() -> tuple[str, Callable[[], None]] | None:
    """Start a throwaway PostgreSQL server (Debian's postgresql package): (base URL, stop), or
    None when the package is not installed. Also used by bench/endpoint.py."""
    binary = _pg_bin()
    if binary is None:
        return None
    import tempfile

    # Outside pytest's private temp folder: the postgres user must be able to reach it.
    base = Path(tempfile.mkdtemp(prefix="pustaka-pg-"))
    os.chmod(base, 0o755)
    data = base / "data"
    data.mkdir()
    port = free_port()
    # PostgreSQL refuses to run as root: run it as the postgres user the package made.
    prefix: list[str] = []
    if os.geteuid() == 0:
        if shutil.which("runuser") is None:
            return None
        shutil.chown(data, "postgres")
        prefix = ["runuser", "-u", "postgres", "--"]
    subprocess.run(prefix + [str(binary / "initdb"), "-D", str(data), "-A", "trust", "-U", "pustaka",
                             "--no-sync", "-E", "UTF8"], check=True, capture_output=True)
    subprocess.run(prefix + [str(binary / "pg_ctl"), "-D", str(data), "-w", "-l", str(data / "log"), "-o",
                             f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=on", "start"],
                   check=True, capture_output=True)
    url = f"postgresql://pustaka@127.0.0.1:{port}"
    _PG_SERVERS[url] = (prefix, binary, data, port)

    def stop() -> None:
        _PG_SERVERS.pop(url, None)
        subprocess.run(prefix + [str(binary / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True)
        shutil.rmtree(base, ignore_errors=True)

    return url, stop


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A throwaway PostgreSQL server for the session; yields a base URL."""
    started = start_postgres()
    if started is None:
        pytest.skip("Debian's postgresql is not installed (apt-get install postgresql), or no runuser as root")
    url, stop = started
    try:
        yield url
    finally:
        stop()


_counter = [0]
_PG_SERVERS: dict[str, tuple] = {}


def restart_postgres(base_url: str, *, down_for: float = 0.0) -> None:
    """Stop the test server the hard way (every connection dropped), if it runs, and start it again."""
    prefix, binary, data, port = _PG_SERVERS[base_url]
    subprocess.run(prefix + [str(binary / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                   capture_output=True)
    time.sleep(down_for)
    subprocess.run(prefix + [str(binary / "pg_ctl"), "-D", str(data), "-w", "-l", str(data / "log"), "-o",
                             f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=on", "start"],
                   check=True, capture_output=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database: a SQLite file, or a new database on the PostgreSQL server."""
    if request.param == "sqlite":
        return str(tmp_path / "pustaka.db")
    base = request.getfixturevalue("postgres_server")
    import psycopg

    _counter[0] += 1
    name = f"t{os.getpid()}_{_counter[0]}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return f"{base}/{name}"


class Running:
    def __init__(self, url: str, app, server) -> None:
        self.url, self.app, self.server = url, app, server

    @property
    def store(self):
        return self.app.state.endpoint.store


def start_endpoint(forms: Path, database: str, *, trusted_proxies: tuple[str, ...] = (), **settings) -> Running:
    import uvicorn

    from generator.endpoint.app import Settings, create_app
    from generator.endpoint.proxies import uvicorn_options

    settings.setdefault("origins", [SITE_URL])
    app = create_app(Settings(forms_path=forms, database=database, **settings))
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off",
                                           **uvicorn_options(trusted_proxies)))
    threading.Thread(target=server.run, daemon=True).start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "the endpoint did not start"
        time.sleep(0.02)
    return Running(f"http://127.0.0.1:{port}", app, server)


def stop_endpoint(running: Running) -> None:
    running.server.should_exit = True
    time.sleep(0.05)
    running.store.close()


@pytest.fixture
def endpoint(forms_file: Path, database: str) -> Iterator[Running]:
    running = start_endpoint(forms_file, database, rate_limit=1000)
    yield running
    stop_endpoint(running)


def add_librarian(running: Running, username: str = "sari", password: str = "rahasia-sekali",
                  branches: list[str] | None = None) -> None:
    from generator.endpoint.dashboard import hash_password

    running.store.put_user(username, hash_password(password, n=2 ** 12), branches=branches)


__all__ = ["forms_file", "postgres_server", "start_postgres", "database", "endpoint", "start_endpoint",
           "stop_endpoint", "add_librarian", "free_port", "SITE_URL", "Running", "restart_postgres"]
